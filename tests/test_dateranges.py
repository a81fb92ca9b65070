"""from/to in ISO or words -> an inclusive day range; spans in words fill both ends; no guesses."""
from __future__ import annotations

from datetime import date

import pytest

from searchapp.search.dateranges import parse_range
from searchapp.errors import BadQuery

TODAY = date(2024, 5, 15)   # a Wednesday


@pytest.mark.parametrize("text, first, last", [
    ("2022-03-03", date(2022, 3, 3), date(2022, 3, 3)),
    ("2022", date(2022, 1, 1), date(2022, 12, 31)),
    ("2022-02", date(2022, 2, 1), date(2022, 2, 28)),
    ("March 2022", date(2022, 3, 1), date(2022, 3, 31)),
    ("february 2024", date(2024, 2, 1), date(2024, 2, 29)),
    ("3 March 2022", date(2022, 3, 3), date(2022, 3, 3)),
    ("March 3, 2022", date(2022, 3, 3), date(2022, 3, 3)),
    ("the 3rd of March 2022", date(2022, 3, 3), date(2022, 3, 3)),
])
def test_a_calendar_date_starts_or_ends_the_range(text, first, last):
    assert parse_range(text, None, today=TODAY) == (first, None)
    assert parse_range(None, text, today=TODAY) == (None, last)
    assert parse_range(text, text, today=TODAY) == (first, last)


@pytest.mark.parametrize("text, first, last", [
    ("yesterday", date(2024, 5, 14), date(2024, 5, 14)),
    ("today", TODAY, TODAY),
    ("last week", date(2024, 5, 6), date(2024, 5, 12)),
    ("this week", date(2024, 5, 13), date(2024, 5, 19)),
    ("last month", date(2024, 4, 1), date(2024, 4, 30)),
    ("last year", date(2023, 1, 1), date(2023, 12, 31)),
    ("Last Year", date(2023, 1, 1), date(2023, 12, 31)),
    ("last 30 days", date(2024, 4, 16), TODAY),
    ("past week", date(2024, 5, 9), TODAY),
    ("2 months ago", date(2024, 3, 1), date(2024, 3, 31)),
    ("Q1 2022", date(2022, 1, 1), date(2022, 3, 31)),
    ("2022-Q4", date(2022, 10, 1), date(2022, 12, 31)),
    ("first quarter of 2022", date(2022, 1, 1), date(2022, 3, 31)),
    ("third quarter 2021", date(2021, 7, 1), date(2021, 9, 30)),
    ("H2 2021", date(2021, 7, 1), date(2021, 12, 31)),
    ("first half of 2022", date(2022, 1, 1), date(2022, 6, 30)),
    ("2021 to 2022", date(2021, 1, 1), date(2022, 12, 31)),
    ("2021-2022", date(2021, 1, 1), date(2022, 12, 31)),
    ("March–May 2022", date(2022, 3, 1), date(2022, 5, 31)),
    ("Jan-Mar 2022", date(2022, 1, 1), date(2022, 3, 31)),
    ("1-15 March 2022", date(2022, 3, 1), date(2022, 3, 15)),
    ("from March 2022 until June 2022", date(2022, 3, 1), date(2022, 6, 30)),
    ("between 2020 and 2021", date(2020, 1, 1), date(2021, 12, 31)),
    ("2022-03-01 to 2022-03-15", date(2022, 3, 1), date(2022, 3, 15)),
])
def test_a_span_in_words_fills_both_ends_when_the_other_box_is_empty(text, first, last):
    assert parse_range(text, None, today=TODAY) == (first, last)
    assert parse_range(None, text, today=TODAY) == (first, last)


def test_a_span_beside_another_date_gives_only_its_own_end():
    assert parse_range("last year", "2024", today=TODAY) == (date(2023, 1, 1), date(2024, 12, 31))
    assert parse_range("2020", "Q1 2022", today=TODAY) == (date(2020, 1, 1), date(2022, 3, 31))


def test_relative_words_follow_the_injected_today():
    assert parse_range("last year", None, today=date(2031, 2, 1)) == (date(2030, 1, 1), date(2030, 12, 31))


def test_empty_means_open():
    assert parse_range("", "  ", today=TODAY) == (None, None)


@pytest.mark.parametrize("text, example", [
    ("not a date", "Q1 2022"),
    ("2022-13-01", "2022-03-03"),
    ("2021-02-30", "2022-03-03"),
    ("2022-00", "2022-03-03"),
    ("x" * 500, "Q1 2022"),
    ("March", "March 2022"),          # which year? never the current one by guess
    ("3 March", "3 March 2022"),
    ("Q1", "Q1 2022"),
    ("first quarter", "Q1 2022"),
    ("spring 2022", "Q1 2022"),
    ("Monday", "Q1 2022"),
    ("3/3/2022", "2022-03-03"),       # day and month order unknown
    ("2022 to 2021", "2022"),
])
def test_what_does_not_read_exactly_is_a_bad_query_naming_the_parameter_with_an_example(text, example):
    for from_text, to_text, param in ((text, None, "from"), (None, text, "to")):
        with pytest.raises(BadQuery) as raised:
            parse_range(from_text, to_text, today=TODAY)
        assert raised.value.param == param
        assert example in raised.value.message


def test_to_before_from_is_rejected():
    with pytest.raises(BadQuery) as raised:
        parse_range("March 2022", "February 2022", today=TODAY)
    assert raised.value.param == "to"
    assert parse_range("March 2022", "March 2022", today=TODAY) == (date(2022, 3, 1), date(2022, 3, 31))


@pytest.mark.parametrize("text", ["Q1 0000", "H1 0000", "first half of 0000", "last 9999 years", "9999 years ago"])
def test_periods_outside_the_calendar_are_a_bad_query_not_a_crash(text):
    with pytest.raises(BadQuery) as refused:
        parse_range(text, None, today=TODAY)
    assert refused.value.param == "from"
