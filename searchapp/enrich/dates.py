"""Dates: the publication date (metadata, else dateline, else the top of the text) and the dates
an article mentions ("on Monday", "last week", "March 5"), resolved against the publication date.

Candidates are found with regular expressions and parsed by hand; dateparser is only the fallback
for metadata strings no fast path knows (it costs milliseconds per call, so never over whole texts).
No date is ever taken from the run date, and none lies in the future of the run.
"""
from __future__ import annotations

import logging
import re
from datetime import date, timedelta
from email.utils import parsedate_to_datetime

logger = logging.getLogger(__name__)

EARLIEST = date(1800, 1, 1)
TEXT_DATE_WINDOW = 400          # characters at the top of the body searched for a publication date

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
            "sunday": 6}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
# "2022-03-03", "3 March 2022", "March 3, 2022", "26-FEB-1987": each with or without a year where
# the name says so; all case-insensitive, so datelines in capitals ("FEB 26") match.
ISO_DATE = re.compile(r"\b(?P<year>(?:1[89]|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
DAY_MONTH = re.compile(rf"\b{_DAY}[ -]{_MONTH}(?:,?[ -]{_YEAR})?\b", re.IGNORECASE)
MONTH_DAY = re.compile(rf"\b{_MONTH} {_DAY}(?!\d)(?:,? {_YEAR})?\b", re.IGNORECASE)
RELATIVE = re.compile(
    r"\b(?P<word>yesterday|today|last week|last month|"
    r"(?:(?:on|last|since|from|until|by|early|late|next) )?"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b",
    re.IGNORECASE,
)


def parse_metadata_date(text: str, today: date | None = None) -> date | None:
    """A date from a metadata string: ISO, Reuters `26-FEB-1987 15:01:01.79`, RFC 2822, else dateparser."""
    text = text.strip()
    if not text:
        return None
    today = today or date.today()
    found = _first_full_date(text)
    if found is None:
        try:
            found = parsedate_to_datetime(text).date()
        except (TypeError, ValueError, IndexError):
            found = _dateparser_date(text)
    return found if found and _plausible(found, today) else None


def _dateparser_date(text: str) -> date | None:
    import dateparser

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"}
    try:
        parsed = dateparser.parse(text[:200], settings=settings)
    except Exception:  # dateparser raises a zoo of types on odd input; the date is then unknown
        logger.debug("dateparser failed on %r", text[:80])
        return None
    return parsed.date() if parsed else None


def _plausible(day: date, today: date) -> bool:
    return EARLIEST <= day <= today


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_number(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")] if not token.isdigit() else int(token)


def _dates_in(text: str, default_year: int | None = None) -> list[tuple[int, date]]:
    """(position, date) of every explicit date in text; a date without a year takes default_year."""
    found = []
    for pattern in (ISO_DATE, DAY_MONTH, MONTH_DAY):
        for match in pattern.finditer(text):
            year = match.group("year")
            if year is None and default_year is None:
                continue
            made = _make(int(year) if year else default_year, _month_number(match.group("month")),
                         int(match.group("day")))
            if made:
                found.append((match.start(), made))
    found.sort(key=lambda item: item[0])
    return found


def _first_full_date(text: str) -> date | None:
    found = _dates_in(text)
    return found[0][1] if found else None


def _year_hint(text: str) -> int | None:
    match = re.search(r"\b(?:1[89]|20)\d\d\b", text)
    return int(match.group()) if match else None


def publication_date(date_text: str, dateline: str, body: str,
                     today: date | None = None) -> tuple[date | None, str]:
    """(date, source): metadata, else an explicit date in the dateline, else a date near the top."""
    today = today or date.today()
    published = parse_metadata_date(date_text, today)
    if published:
        return published, "metadata"
    if dateline:
        # A year-less dateline ("SALVADOR, Feb 26 -") borrows the year of unparseable metadata.
        for _, found in _dates_in(dateline, default_year=_year_hint(date_text)):
            if _plausible(found, today):
                return found, "dateline"
    for _, found in _dates_in(body[:TEXT_DATE_WINDOW]):
        if _plausible(found, today):
            return found, "text"
    return None, "none"


def mentioned_dates(text: str, published: date | None, today: date | None = None) -> tuple[date, ...]:
    """Distinct sorted dates the text mentions, relative ones resolved against the publication date.

    News convention: a bare weekday is the most recent such day on or before publication; "last
    week" is seven days before. Explicit dates may lie after publication (scheduled events) but
    never after today. Without a publication date only dates with a year are kept.
    """
    today = today or date.today()
    found: set[date] = set()
    default_year = published.year if published else None
    for _, day in _dates_in(text, default_year=default_year):
        if _plausible(day, today):
            found.add(day)
    if published:
        for match in RELATIVE.finditer(text):
            day = _resolve_relative(match.group("word").lower(), published)
            if day and _plausible(day, today):
                found.add(day)
    return tuple(sorted(found))


def _resolve_relative(phrase: str, published: date) -> date | None:
    words = phrase.split()
    last = words[-1]
    if phrase == "yesterday":
        return published - timedelta(days=1)
    if phrase == "today":
        return published
    if phrase == "last week":
        return published - timedelta(days=7)
    if phrase == "last month":
        return published - timedelta(days=30)
    if last in WEEKDAYS:
        if words[0] in ("next", "until", "by"):
            return None         # forward-looking: which week is meant is a guess
        back = (published.weekday() - WEEKDAYS[last]) % 7
        if words[0] == "last" and back == 0:
            back = 7
        return published - timedelta(days=back)
    return None

