"""Publication dates (metadata, dateline, text) and mentioned dates resolved against them."""
from datetime import date

import pytest

from searchapp.enrich.dates import mentioned_dates, parse_metadata_date, publication_date

TODAY = date(2024, 1, 1)


@pytest.mark.parametrize("text, expected", [
    ("2022-03-03", date(2022, 3, 3)),
    ("2022-03-03T10:15:00+01:00", date(2022, 3, 3)),
    ("26-FEB-1987 15:01:01.79", date(1987, 2, 26)),
    ("Thu, 03 Mar 2022 10:15:00 +0000", date(2022, 3, 3)),
    ("March 3, 2022", date(2022, 3, 3)),
    ("3rd of March 2022", date(2022, 3, 3)),      # no fast path: dateparser fallback
])
def test_metadata_dates(text, expected):
    assert parse_metadata_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["", "soon", "$15", "[CORRECTED 14:06 GMT]", "2031-01-01"])
def test_metadata_without_a_plausible_date(text):
    assert parse_metadata_date(text, TODAY) is None


def test_metadata_wins_over_dateline():
    assert publication_date("26-FEB-1987 15:01:01.79", "LONDON, March 2 1987", "", TODAY) == (
        date(1987, 2, 26), "metadata")


def test_explicit_dateline_date():
    assert publication_date("", "Kiev/Moscow, 3 March 2022 (dpa/MIA)", "On 1 May 2021 ...", TODAY) == (
        date(2022, 3, 3), "dateline")
    assert publication_date("", "LONDON 1996-08-30", "", TODAY) == (date(1996, 8, 30), "dateline")


def test_yearless_dateline_takes_the_year_from_metadata_or_gives_none():
    assert publication_date("Feb 1987, morning", "SALVADOR, Feb 26 -", "", TODAY) == (
        date(1987, 2, 26), "dateline")
    assert publication_date("", "SALVADOR, Feb 26 -", "Prices rose $15 today.", TODAY) == (None, "none")


def test_date_near_the_top_of_the_text():
    body = "[CORRECTED 14:06 GMT] Shares cost $15.\nPublished 5 March 2020. More text."
    assert publication_date("", "", body, TODAY) == (date(2020, 3, 5), "text")


def test_never_a_future_date_and_never_the_run_date():
    assert publication_date("", "", "The plan runs until 5 March 2099.", TODAY) == (None, "none")
    assert publication_date("", "", "Nothing dated here, today or tomorrow.", TODAY) == (None, "none")


def test_bare_weekday_is_the_most_recent_such_day_on_or_before_publication():
    published = date(2022, 3, 3)                  # a Thursday
    found = mentioned_dates("The first negotiations on Monday brought nothing; talks on Thursday.",
                            published, TODAY)
    assert found == (date(2022, 2, 28), date(2022, 3, 3))


def test_relative_and_explicit_mentions():
    published = date(2022, 3, 3)
    found = mentioned_dates("It began last week. Yesterday was calm. A vote on March 5 and on "
                            "10 April; the 1,612 objects.", published, TODAY)
    assert found == (date(2022, 2, 24), date(2022, 3, 2), date(2022, 3, 5), date(2022, 4, 10))


def test_without_publication_date_only_dates_with_a_year():
    assert mentioned_dates("On Monday, March 5, and on 7 June 1995.", None, TODAY) == (date(1995, 6, 7),)


def test_mentioned_dates_after_today_are_dropped():
    assert mentioned_dates("A summit on 5 March 2099.", date(2022, 3, 3), TODAY) == ()


@pytest.mark.parametrize("body", [
    "Wales first played Scotland at rugby on 14 May 1870, and the rivalry endures.",
    "Amnesty said abuses had grown since 11 September 2001 across the region.",
    "Firms have until 15 July 2006 to comply with the new rules.",
])
def test_a_date_in_the_body_is_not_the_publication_date(body):
    assert publication_date("", "", body, TODAY) == (None, "none")


@pytest.mark.parametrize("body, expected", [
    ("Published: 3 March 2022\nTalks resumed.", date(2022, 3, 3)),
    ("Updated 10:32 GMT, Monday 4 April 2005\n\nThe Pope's funeral ...", date(2005, 4, 4)),
    ("Rail strike called off\nLast updated on Tuesday, 11 May 2021\nUnions ...", date(2021, 5, 11)),
])
def test_a_publication_line_near_the_top_dates_the_article(body, expected):
    assert publication_date("", "", body, TODAY) == (expected, "text")


def test_a_publication_word_inside_a_sentence_is_not_a_publication_line():
    body = "The report, first published in 1995 and updated on 3 March 2003, is cited."
    assert publication_date("", "", body, TODAY) == (None, "none")


TUESDAY = date(2021, 5, 11)


@pytest.mark.parametrize("text, expected", [
    ("Talks will resume on Thursday.", date(2021, 5, 13)),
    ("The strike began on Monday.", date(2021, 5, 10)),
    ("The strike, which began on Monday, goes on.", date(2021, 5, 10)),
    ("On Thursday, the unions say, talks will resume.", date(2021, 5, 13)),
    ("He said talks would resume next Tuesday.", date(2021, 5, 18)),
    ("They'll vote on Friday.", date(2021, 5, 14)),
    ("Ministers met last Tuesday.", date(2021, 5, 4)),
    ("Shares fell on Tuesday.", TUESDAY),
    ("Prices jumped due to the strike on Monday.", date(2021, 5, 10)),    # a cause, not a time ahead
    ("The vote is due to take place on Friday.", date(2021, 5, 14)),
    ("Critics spoke at a meeting on the plan on Monday.", date(2021, 5, 10)),
])
def test_a_weekday_follows_the_tense_of_its_sentence(text, expected):
    assert mentioned_dates(text, TUESDAY, TODAY) == (expected,)


def test_each_weekday_takes_its_own_sentence_tense():
    text = "The strike began on Monday. Talks will resume on Thursday."
    assert mentioned_dates(text, TUESDAY, TODAY) == (date(2021, 5, 10), date(2021, 5, 13))


@pytest.mark.parametrize("text, published, expected", [
    ("The new rules will take effect on 1 January.", date(2024, 7, 30), date(2025, 1, 1)),
    ("The strike began on 28 December.", date(2024, 1, 5), date(2023, 12, 28)),
    ("The vote is due on March 5.", date(2022, 3, 3), date(2022, 3, 5)),
    ("Prices on 1 January were lower.", date(2024, 7, 30), date(2024, 1, 1)),
    ("Figures for 28 December.", date(2024, 1, 5), date(2023, 12, 28)),    # no cue: the nearest
    ("Figures for 3 January.", date(2023, 12, 28), date(2024, 1, 3)),
])
def test_a_date_without_a_year_follows_the_tense(text, published, expected):
    assert mentioned_dates(text, published, date(2026, 1, 1)) == (expected,)


def test_until_a_weekday_without_a_tense_is_left_out():
    assert mentioned_dates("Roadworks until Friday.", TUESDAY, TODAY) == ()
