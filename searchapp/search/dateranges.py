"""The `from`/`to` date filters: ISO dates or words ("March 2022", "last week") -> an inclusive range.

A text names a period (a day, week, month or year); `from` takes the first day of that period and
`to` the last, so `from=2022&to=2022` is the whole of 2022 and `to=March 2022` includes 31 March.
"""
from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from ..errors import BadQuery

MAX_DATE_TEXT = 100  # dateparser can take long on long junk; no date needs more

_YEAR = re.compile(r"^\d{4}$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")

_parsers: dict = {}


def parse_range(
    from_text: str | None, to_text: str | None, today: date | None = None
) -> tuple[date | None, date | None]:
    """Resolve both ends; BadQuery (param "from"/"to") when one does not parse or to < from."""
    today = today or date.today()
    start = _resolve(from_text, today, "from")
    end = _resolve(to_text, today, "to")
    if start and end and end < start:
        raise BadQuery(
            f"'to' ({end.isoformat()}) is before 'from' ({start.isoformat()})", param="to"
        )
    return start, end


def _resolve(text: str | None, today: date, param: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    first, last = parse_period(text, today, param)
    return first if param == "from" else last


def parse_period(text: str, today: date, param: str = "date") -> tuple[date, date]:
    """The first and last day of the period ``text`` names."""
    if len(text) > MAX_DATE_TEXT:
        raise BadQuery(f"'{param}' is too long to be a date", param=param)
    try:
        period = _parse_numeric(text)
    except ValueError:
        raise BadQuery(f"'{param}': {text!r} is not a valid date", param=param) from None
    if period is None:
        period = _parse_words(text, today)
    if period is None:
        raise BadQuery(
            f"'{param}': cannot read {text!r} as a date "
            "(try 2022-03-03, 3 March 2022, March 2022, 2022 or last week)",
            param=param,
        )
    return period


def _parse_numeric(text: str) -> tuple[date, date] | None:
    """ISO forms, parsed strictly (dateparser would read 2022-13-01 as 13 January)."""
    if _YEAR.match(text):
        year = int(text)
        return date(year, 1, 1), date(year, 12, 31)
    m = _YEAR_MONTH.match(text)
    if m:
        return _month(int(m[1]), int(m[2]))
    m = _ISO_DAY.match(text)
    if m:
        day = date(int(m[1]), int(m[2]), int(m[3]))
        return day, day
    return None


def _parse_words(text: str, today: date) -> tuple[date, date] | None:
    data = _parser(today).get_date_data(text)
    if data.date_obj is None:
        return None
    found = data.date_obj.date()
    if data.period == "year":
        return date(found.year, 1, 1), date(found.year, 12, 31)
    if data.period == "month":
        return _month(found.year, found.month)
    if data.period == "week":
        monday = found - timedelta(days=found.weekday())
        return monday, monday + timedelta(days=6)
    return found, found


def _month(year: int, month: int) -> tuple[date, date]:
    last_day = calendar.monthrange(year, month)[1]  # ValueError for month 13
    return date(year, month, 1), date(year, month, last_day)


def _parser(today: date):
    # dateparser is imported lazily: its first use loads language data (~150 ms), and a
    # DateDataParser per `today` keeps relative words ("yesterday") anchored to the request's day.
    from dateparser.date import DateDataParser

    parser = _parsers.get(today)
    if parser is None:
        _parsers.clear()
        parser = DateDataParser(
            languages=["en"],
            settings={
                "RELATIVE_BASE": datetime(today.year, today.month, today.day),
                "PREFER_DATES_FROM": "past",
                "PREFER_DAY_OF_MONTH": "first",
            },
        )
        _parsers[today] = parser
    return parser
