"""from/to in ISO or words -> an inclusive day range."""
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
    ("February 2024", date(2024, 2, 1), date(2024, 2, 29)),
    ("3 March 2022", date(2022, 3, 3), date(2022, 3, 3)),
    ("March 3, 2022", date(2022, 3, 3), date(2022, 3, 3)),
    ("yesterday", date(2024, 5, 14), date(2024, 5, 14)),
    ("today", TODAY, TODAY),
    ("last week", date(2024, 5, 6), date(2024, 5, 12)),
    ("last month", date(2024, 4, 1), date(2024, 4, 30)),
    ("last year", date(2023, 1, 1), date(2023, 12, 31)),
])
def test_from_takes_the_start_and_to_the_end_of_the_period(text, first, last):
    assert parse_range(text, None, today=TODAY) == (first, None)
    assert parse_range(None, text, today=TODAY) == (None, last)


def test_empty_means_open():
    assert parse_range("", "  ", today=TODAY) == (None, None)


@pytest.mark.parametrize("text", ["not a date", "2022-13-01", "2021-02-30", "x" * 500, "2022-00"])
def test_unparsable_text_is_a_bad_query_naming_the_parameter(text):
    with pytest.raises(BadQuery) as raised:
        parse_range(text, None, today=TODAY)
    assert raised.value.param == "from"


def test_to_before_from_is_rejected():
    with pytest.raises(BadQuery) as raised:
        parse_range("March 2022", "February 2022", today=TODAY)
    assert raised.value.param == "to"
    assert parse_range("March 2022", "March 2022", today=TODAY) == (date(2022, 3, 1), date(2022, 3, 31))
