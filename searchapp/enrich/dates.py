"""Dates: the publication date (metadata, else dateline, else a publication line at the top of
the text) and the dates an article mentions ("on Monday", "last week", "March 5"), resolved
against the publication date in the direction the sentence's tense points.

Candidates are found with regular expressions and parsed by hand; dateparser is only the fallback
for metadata strings no fast path knows (it costs milliseconds per call, so never over whole texts).
No date is ever taken from the run date, and none lies in the future of the run.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta
from email.utils import parsedate_to_datetime

logger = logging.getLogger(__name__)

EARLIEST = date(1800, 1, 1)
TEXT_DATE_WINDOW = 400          # characters at the top of the body searched for a publication line

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
# "Published: 3 March 2022", "Updated 10:32 GMT, Monday 4 April 2005": a line of its own near the
# top saying when the article was published; the date must follow the word (and a time, a weekday).
PUBLICATION_LINE = re.compile(
    r"^[ \t]*(?:(?:first|last)[ \t]+)?(?:published|updated|posted|modified)(?:[ \t]+on)?[ \t]*[:–—-]?[ \t]*"
    r"(?:\d{1,2}[:.]\d\d(?:[ \t]*[ap]m)?(?:[ \t]+[A-Z]{2,4})?[ \t]*,?[ \t]*)?"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day[ \t]*,?[ \t]*)?"
    r"(?P<date>[^\n]{1,40})",
    re.IGNORECASE | re.MULTILINE,
)
RELATIVE = re.compile(
    r"\b(?P<word>yesterday|today|last week|last month|"
    r"(?:(?:on|last|since|from|until|by|early|late|next) )?"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b",
    re.IGNORECASE,
)

# Tense cues (tense_at): the nearest one in the sentence says whether "on Thursday" or "on
# 1 January" is ahead of or behind the publication date.
FUTURE_CUES = frozenset({
    "will", "shall", "would", "won't", "wont", "due", "expected", "scheduled", "planned", "set",
    "next", "coming", "upcoming", "tomorrow", "intends", "aims", "going",
})
# "due to the strike" gives a cause, not a time ahead.
_CAUSE_AFTER_DUE_TO = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that", "these",
                                 "those", "lower", "higher", "weak", "weaker", "strong", "stronger", "poor"})
PAST_CUES = frozenset({
    "was", "were", "had", "did", "said", "began", "begun", "came", "went", "met", "held",
    "took", "made", "gave", "told", "saw", "rose", "fell", "won", "lost", "struck", "left", "sent",
    "spoke", "broke", "ran", "got", "found", "paid", "sold", "kept", "led", "brought", "fought",
    "caught", "knew", "wrote", "became", "chose", "drew", "flew", "grew", "ago", "last", "yesterday",
})
# Words ending in "ed" that are not past tenses.
NOT_PAST = frozenset({"need", "needed", "indeed", "hundred", "united", "limited", "based", "speed",
                      "proceed", "exceed", "succeed", "seed", "breed", "feed", "shed", "bed"})
_SENTENCE_ENDS = (". ", "! ", "? ", "; ", "\n")
# Characters either side of a date within which its sentence's ends are looked for. Every sentence
# of the corpora is shorter (the longest 1,860 characters; 99.9% under 351); without a bound, a
# text with no sentence end made each date read all the text before it (80,000 characters: 56 s).
SENTENCE_WINDOW = 2_000
_WORD = re.compile(r"[\w'’]+")


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


@dataclass(frozen=True)
class _Found:
    """An explicit date as written: where it is, and whether it gave its year."""

    start: int
    end: int
    year: int | None
    month: int
    day: int


def _explicit_dates(text: str) -> list[_Found]:
    found = []
    for pattern in (ISO_DATE, DAY_MONTH, MONTH_DAY):
        for match in pattern.finditer(text):
            year = match.group("year")
            found.append(_Found(match.start(), match.end(), int(year) if year else None,
                                _month_number(match.group("month")), int(match.group("day"))))
    found.sort(key=lambda item: item.start)
    return found


def _dates_in(text: str, default_year: int | None = None) -> list[tuple[int, date]]:
    """(position, date) of every explicit date in text; a date without a year takes default_year."""
    found = []
    for item in _explicit_dates(text):
        year = item.year if item.year is not None else default_year
        made = _make(year, item.month, item.day) if year is not None else None
        if made:
            found.append((item.start, made))
    return found


def _first_full_date(text: str) -> date | None:
    found = _dates_in(text)
    return found[0][1] if found else None


def _year_hint(text: str) -> int | None:
    match = re.search(r"\b(?:1[89]|20)\d\d\b", text)
    return int(match.group()) if match else None


def publication_date(date_text: str, dateline: str, body: str,
                     today: date | None = None) -> tuple[date | None, str]:
    """(date, source): metadata, else an explicit date in the dateline, else a publication line
    ("Published: 3 March 2022") at the top of the body; else (None, "none").

    Any other date in the text is a date the article mentions, not when it was published
    (a rugby report naming 1870, a deadline in 2006), so it never becomes the publication date.
    """
    today = today or date.today()
    published = parse_metadata_date(date_text, today)
    if published:
        return published, "metadata"
    if dateline:
        # A year-less dateline ("SALVADOR, Feb 26 -") borrows the year of unparseable metadata.
        for _, found in _dates_in(dateline, default_year=_year_hint(date_text)):
            if _plausible(found, today):
                return found, "dateline"
    for line in PUBLICATION_LINE.finditer(body[:TEXT_DATE_WINDOW]):
        found = _dates_in(line.group("date"))
        if found and found[0][0] == 0 and _plausible(found[0][1], today):
            return found[0][1], "text"
    return None, "none"


def mentioned_dates(text: str, published: date | None, today: date | None = None) -> tuple[date, ...]:
    """Distinct sorted dates the text mentions, relative ones resolved against the publication date.

    The sentence's tense decides which way a weekday or a date without a year points: "talks will
    resume on Thursday" is the next Thursday, "the strike began on Monday" the last Monday (news
    convention: a weekday without a tense cue is the most recent one, the publication day
    included); "will take effect on 1 January" in July is next year's, and a date without a
    year or a cue is the nearest such day. "last week" is seven days
    before publication. Dates may lie after publication (scheduled events) but never after today.
    Without a publication date only dates with a year are kept.
    """
    today = today or date.today()
    found: set[date] = set()
    for item in _explicit_dates(text):
        day = _explicit_day(item, text, published)
        if day and _plausible(day, today):
            found.add(day)
    if published:
        for match in RELATIVE.finditer(text):
            tense = tense_at(text, match.start(), match.end())
            day = _resolve_relative(match.group("word").lower(), published, tense)
            if day and _plausible(day, today):
                found.add(day)
    return tuple(sorted(found))


def _explicit_day(item: _Found, text: str, published: date | None) -> date | None:
    if item.year is not None:
        return _make(item.year, item.month, item.day)
    if published is None:
        return None
    day = _make(published.year, item.month, item.day)
    if day is None:
        return None
    tense = tense_at(text, item.start, item.end)
    if tense == "future" and day < published:
        return _make(published.year + 1, item.month, item.day)
    if tense == "past" and day > published:
        return _make(published.year - 1, item.month, item.day)
    if tense is None:   # no cue: the nearest such day ("figures for 28 December" in early January)
        around = (_make(published.year + step, item.month, item.day) for step in (-1, 1))
        return min((d for d in (day, *around) if d), key=lambda d: abs((d - published).days))
    return day


def _resolve_relative(phrase: str, published: date, tense: str | None = None) -> date | None:
    words = phrase.split()
    first, last = words[0], words[-1]
    if phrase == "yesterday":
        return published - timedelta(days=1)
    if phrase == "today":
        return published
    if phrase == "last week":
        return published - timedelta(days=7)
    if phrase == "last month":
        return published - timedelta(days=30)
    if last not in WEEKDAYS:
        return None
    if first == "next" or (first not in ("last", "since") and tense == "future"):
        ahead = (WEEKDAYS[last] - published.weekday()) % 7
        if first == "next" and ahead == 0:
            ahead = 7
        return published + timedelta(days=ahead)
    if first in ("until", "by") and tense is None:
        return None             # "until Friday" without a verb to say which Friday is a guess
    back = (published.weekday() - WEEKDAYS[last]) % 7
    if first == "last" and back == 0:
        back = 7
    return published - timedelta(days=back)


def tense_at(text: str, start: int, end: int) -> str | None:
    """"future", "past" or None: the tense cue nearest to text[start:end] in its sentence,
    looking back first ("talks will resume on Thursday"), then ahead ("On Monday the strike began")."""
    floor, ceiling = max(0, start - SENTENCE_WINDOW), min(len(text), end + SENTENCE_WINDOW)
    left = max(floor, max(text.rfind(mark, floor, start) for mark in _SENTENCE_ENDS) + 1)
    rights = [found for mark in _SENTENCE_ENDS if (found := text.find(mark, end, ceiling)) != -1]
    right = min(rights) if rights else ceiling
    before = [word.lower() for word in _WORD.findall(text, left, start)]
    after = [word.lower() for word in _WORD.findall(text, end, right)]
    nearest_first = [(words, i) for words, order in ((before, range(len(before) - 1, -1, -1)),
                                                     (after, range(len(after))))
                     for i in order]
    for words, i in nearest_first:
        tense = _tense_of(words, i)
        if tense:
            return tense
    return None


def _tense_of(words: list[str], i: int) -> str | None:
    word, following = words[i], words[i + 1:i + 3]
    if word == "due" and len(following) == 2 and following[0] == "to" and following[1] in _CAUSE_AFTER_DUE_TO:
        return None
    if word in FUTURE_CUES or word.endswith(("'ll", "’ll")):
        return "future"
    if word in PAST_CUES or (word.endswith("ed") and len(word) > 4 and word not in NOT_PAST):
        return "past"
    return None
