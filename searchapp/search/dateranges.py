"""The `from`/`to` date filters: ISO dates or words ("March 2022", "Q1 2022", "last year") -> an
inclusive range.

A text names a period. A calendar date (`2022`, `March 2022`, `3 March 2022`, ISO) is a point the
range starts or ends at: `from` takes the first day of that period and `to` the last, so
`from=2022&to=2022` is the whole of 2022, `from=March 2022` alone "since 1 March 2022" and
`to=March 2022` includes 31 March. A span in words (`last year`, `last week`, `Q1 2022`,
`first half of 2022`, `2021 to 2022`, `March–May 2022`, `last 30 days`) is the whole span when the
other box is empty. Only what reads exactly is accepted (English month names, no guessed year):
anything else is a BadQuery naming the parameter, with an example of what works.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..errors import BadQuery

MAX_DATE_TEXT = 100  # no date needs more

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
EXAMPLES = "2022-03-03, 3 March 2022, March 2022, 2022, Q1 2022, March–May 2022 or last year"

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_CALENDAR = [   # each may leave out the parts a range's other end supplies ("March" in March–May 2022)
    re.compile(rf"^(?:the )?{_DAY}(?: of)? {_MONTH}(?:,? {_YEAR})?$", re.IGNORECASE),
    re.compile(rf"^{_MONTH} {_DAY}(?:,? {_YEAR})?$", re.IGNORECASE),
    re.compile(rf"^{_MONTH}(?:,? {_YEAR})?$", re.IGNORECASE),
    re.compile(rf"^{_DAY}$", re.IGNORECASE),
    re.compile(rf"^{_YEAR}$", re.IGNORECASE),
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?$", re.IGNORECASE),
]
_PART = r"(?P<part>first|second|third|fourth|1st|2nd|3rd|4th)"
_SPANS_OF_YEAR = [   # (pattern, months per span): quarters and halves
    (re.compile(r"^q(?P<n>[1-4])(?:[ -]?(?P<year>\d{4}))?$", re.IGNORECASE), 3),
    (re.compile(r"^(?P<year>\d{4})[ -]?q(?P<n>[1-4])$", re.IGNORECASE), 3),
    (re.compile(rf"^(?:the )?{_PART} quarter(?: of)?(?: (?P<year>\d{{4}}))?$", re.IGNORECASE), 3),
    (re.compile(r"^h(?P<n>[12])(?:[ -]?(?P<year>\d{4}))?$", re.IGNORECASE), 6),
    (re.compile(r"^(?P<year>\d{4})[ -]?h(?P<n>[12])$", re.IGNORECASE), 6),
    (re.compile(r"^(?:the )?(?P<part>first|second|1st|2nd) half(?: of)?(?: (?P<year>\d{4}))?$",
                re.IGNORECASE), 6),
]
_RELATIVE = re.compile(r"^(?P<which>this|last|past) (?:(?P<count>\d{1,4}) )?(?P<unit>day|week|month|year)s?$",
                       re.IGNORECASE)
_AGO = re.compile(r"^(?P<count>\d{1,4}) (?P<unit>day|week|month|year)s? ago$", re.IGNORECASE)
# Where a range splits: "2021 to 2022", "March–May 2022", "1 - 15 March 2022", "from A until B".
_RANGE_SEPARATOR = re.compile(r"\s+(?:to|until|till|through|thru|and)\s+|\s*[–—]\s*|\s*-\s*|\s*/\s*",
                              re.IGNORECASE)
_RANGE_OPENING = re.compile(r"^(?:from|between)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    span: bool = False    # a span in words: it fills both ends when the other box is empty


@dataclass(frozen=True)
class _Parts:
    """A calendar date as written, each part None where the text left it out."""

    year: int | None
    month: int | None
    day: int | None


def parse_range(
    from_text: str | None, to_text: str | None, today: date | None = None
) -> tuple[date | None, date | None]:
    """Resolve both ends; BadQuery (param "from"/"to") when one does not read or to < from."""
    today = today or date.today()
    start = _period(from_text, today, "from")
    end = _period(to_text, today, "to")
    if start and end:
        first, last = start.first, end.last
    elif start:
        first, last = start.first, start.last if start.span else None
    elif end:
        first, last = end.first if end.span else None, end.last
    else:
        return None, None
    if first and last and last < first:
        raise BadQuery(f"'to' ({last.isoformat()}) is before 'from' ({first.isoformat()})", param="to")
    return first, last


def _period(text: str | None, today: date, param: str) -> Period | None:
    text = (text or "").strip()
    return parse_period(text, today, param) if text else None


def parse_period(text: str, today: date, param: str = "date") -> Period:
    """The period ``text`` names; BadQuery naming ``param`` when it does not read exactly."""
    if len(text) > MAX_DATE_TEXT:
        raise BadQuery(f"'{param}' is too long to be a date; try {EXAMPLES}", param=param)
    words = " ".join(text.replace(",", ", ").split()).replace(" ,", ",")
    try:
        period = _single(words, today, param) or _range(words, today, param)
    except (ValueError, OverflowError):   # a year or a shift outside the calendar ("Q1 0000")
        period = None
    if period is None:
        raise BadQuery(f"'{param}': cannot read {text!r} as a date; try {EXAMPLES}", param=param)
    return period


def _single(words: str, today: date, param: str) -> Period | None:
    parts = _calendar_parts(words)
    if parts is not None:
        return _calendar_period(parts, words, param)
    return _span_of_year(words, param) or _relative(words, today)


def _calendar_parts(words: str) -> _Parts | None:
    for pattern in _CALENDAR:
        match = pattern.match(words)
        if match:
            found = match.groupdict()
            month = found.get("month")
            return _Parts(
                int(found["year"]) if found.get("year") else None,
                (int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]) if month else None,
                int(found["day"]) if found.get("day") else None,
            )
    return None


def _calendar_period(parts: _Parts, words: str, param: str) -> Period:
    if parts.year is None:
        example = "3 March 2022" if parts.day else "March 2022"
        raise BadQuery(f"'{param}': {words!r} has no year; write it with one, e.g. {example!r}", param=param)
    try:
        if parts.month is None:
            return Period(date(parts.year, 1, 1), date(parts.year, 12, 31))
        first, last = _months(parts.year, parts.month, 1)
        if parts.day is None:
            return Period(first, last)
        day = date(parts.year, parts.month, parts.day)
    except ValueError:
        raise BadQuery(f"'{param}': {words!r} is not a date of the calendar; e.g. 2022-03-03",
                       param=param) from None
    return Period(day, day)


def _span_of_year(words: str, param: str) -> Period | None:
    for pattern, length in _SPANS_OF_YEAR:
        match = pattern.match(words)
        if not match:
            continue
        found = match.groupdict()
        number = int(found["n"]) if found.get("n") else ORDINALS[found["part"].lower()]
        if not found.get("year"):
            example = "Q1 2022" if length == 3 else "H1 2022"
            raise BadQuery(f"'{param}': {words!r} has no year; write it with one, e.g. {example!r}",
                           param=param)
        first, last = _months(int(found["year"]), (number - 1) * length + 1, length)
        return Period(first, last, span=True)
    return None


def _relative(words: str, today: date) -> Period | None:
    """today, yesterday, this/last week|month|year, last/past N days…, N weeks ago."""
    if words.lower() in ("today", "yesterday"):
        day = today - timedelta(days=0 if words.lower() == "today" else 1)
        return Period(day, day, span=True)
    match = _RELATIVE.match(words)
    which = match["which"].lower() if match else ""
    if match and (match["count"] is None or which != "this"):
        count = match["count"] or ("1" if which == "past" else None)
        if count is not None:       # "last 30 days", "past week": the days up to today
            return Period(_shift(today, match["unit"].lower(), -int(count)) + timedelta(days=1), today, span=True)
        unit = match["unit"].lower()
        return _unit_around(_shift(today, unit, 0 if which == "this" else -1), unit)
    match = _AGO.match(words)
    if match:
        unit = match["unit"].lower()
        return _unit_around(_shift(today, unit, -int(match["count"])), unit)
    return None


def _unit_around(day: date, unit: str) -> Period:
    """The whole day, week (Monday to Sunday), month or year holding ``day``."""
    if unit == "week":
        monday = day - timedelta(days=day.weekday())
        return Period(monday, monday + timedelta(days=6), span=True)
    if unit == "month":
        return Period(*_months(day.year, day.month, 1), span=True)
    if unit == "year":
        return Period(date(day.year, 1, 1), date(day.year, 12, 31), span=True)
    return Period(day, day, span=True)


def _shift(day: date, unit: str, count: int) -> date:
    if unit == "day":
        return day + timedelta(days=count)
    if unit == "week":
        return day + timedelta(weeks=count)
    months = day.month - 1 + count * (12 if unit == "year" else 1)
    year, month = day.year + months // 12, months % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _range(words: str, today: date, param: str) -> Period | None:
    """"A to B": from the first day of A to the last of B; A may leave out what B says
    ("March–May 2022", "1-15 March 2022")."""
    words = _RANGE_OPENING.sub("", words)
    for separator in _RANGE_SEPARATOR.finditer(words):
        left, right = words[:separator.start()], words[separator.end():]
        if not left or not right:
            continue
        try:
            end = _single(right, today, param)
        except BadQuery:
            continue
        start = _range_start(left, right, today, param)
        if end is None or start is None:
            continue
        if end.last < start.first:
            raise BadQuery(f"'{param}': {words!r} ends before it starts", param=param)
        return Period(start.first, end.last, span=True)
    return None


def _range_start(left: str, right: str, today: date, param: str) -> Period | None:
    parts = _calendar_parts(left)
    borrowed = _calendar_parts(right)
    if parts is not None and parts.year is None and borrowed is not None and borrowed.year:
        month = parts.month or (borrowed.month if parts.day else None)
        parts = _Parts(borrowed.year, month, parts.day if month else None)
        if parts.day is not None and parts.month is None:
            return None
        return _calendar_period(parts, left, param)
    try:
        return _single(left, today, param)
    except BadQuery:
        return None


def _months(year: int, first_month: int, count: int) -> tuple[date, date]:
    """First and last day of ``count`` months from ``first_month``; ValueError for month 13."""
    last_month = first_month + count - 1
    last_day = calendar.monthrange(year, last_month)[1]
    return date(year, first_month, 1), date(year, last_month, last_day)
