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
