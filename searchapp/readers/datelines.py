"""Datelines: the "PLACE, DATE (AGENCY) -" prefix wire copy opens with.

Handles e.g. ``Kiev/Moscow, 3 March 2022 (dpa/MIA) –``, ``HARARE, Jan 5 (Reuters) -``,
``WASHINGTON (AP) —``, ``LONDON, 3/3/2022 -``, ``SAN FRANCISCO, Calif., Jan 5 -``, Reuters-21578's
``SALVADOR, Feb 26 -`` and AP's ``TROMSO, Norway (AP) _``; and a dateline alone on its line,
without a dash, as Reuters copy prints it under the byline (``AL-AIN, United Arab Emirates
1996-12-06``, ``BRUSSELS 1996-08-22``).  Values are kept as written (a region after the place is a
place too); parsing the date is enrichment's job.

Wire copy often opens with a byline or a slug before its dateline (``Nadim Ladki`` /
``AL-AIN, United Arab Emirates 1996-12-06``): ``split_dateline`` takes a dateline on the first
line or after up to MAX_LEAD_LINES such short lines, and nowhere deeper (a date in the text is
never a dateline).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DATE_PATTERN = (  # a date as datelines write it
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    r"|\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{2,4})?"
    r"|\d{1,2}\.?\s+[^\W\d_]{3,12}\.?\s+\d{4})"   # other languages' months: "12 juin 2022"
)
# A place: capitalised words ("Kiev", "SAN FRANCISCO", "St. Louis", "Port-au-Prince"), at most five.
_PLACE = r"[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,4}"
_DATELINE = re.compile(
    rf"""^\s*
    (?P<places>{_PLACE}(?:\s?/\s?{_PLACE})*)
    # "Calif." in "SAN FRANCISCO, Calif., Jan 5", "Norway" in "TROMSO, Norway (AP) _"
    (?:,\s*(?P<region>[A-Z][\w.]*\.?(?:\s[A-Z][\w.]*)?)(?=,|\s*\())?
    (?:,\s*(?P<date>{DATE_PATTERN}))?
    \s*(?:\((?P<source>[^()\n]{{1,40}})\))?
    \s*(?:-{{1,2}}|–|—|_)(?:\s+|$)""",   # "_": old AP wire copy
    re.VERBOSE | re.IGNORECASE,
)


# A calendar date as a dateline alone on its line writes it: with a month name or three numbers
# (a score line "CHELSEA 2-1" has the shape of a place and two numbers).
_LINE_DATE = (
    rf"(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)"
)
# "AL-AIN, United Arab Emirates 1996-12-06", "BRUSSELS 1996-08-22": the whole line, no dash.
_DATELINE_LINE = re.compile(
    rf"""^\s*
    (?P<places>{_PLACE}(?:\s?/\s?{_PLACE})*?)
    (?:\s*,\s*(?P<region>[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){{0,3}}))?
    \s*,?\s+(?P<date>{_LINE_DATE})
    \s*(?:\((?P<source>[^()\n]{{1,40}})\))?
    \s*(?:-{{1,2}}|–|—|_)?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)
_DATE_ALONE = re.compile(rf"^\s*{_LINE_DATE}\s*$", re.IGNORECASE)
# Not places, though capitalised before a date: "MONDAY, 3 March 2022", "March 3, 2022".
_NOT_PLACES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december jan feb mar apr jun jul aug sep sept oct nov dec "
    "published updated posted".split())
MAX_LEAD_LINES = 3        # a byline, a slug, a credit line: what may stand above a dateline
_LEAD_WORDS = 10          # a line longer than this is the article's text


@dataclass(frozen=True)
class Dateline:
    text: str                        # "Kiev/Moscow, 3 March 2022 (dpa/MIA)", without the dash
    places: tuple[str, ...]          # ("Kiev", "Moscow")
    date_text: str                   # "3 March 2022"; "" if the dateline has no date
    source: str                      # "dpa/MIA"; "" if none
    end: int                         # offset in the text where the article proper starts


def parse_dateline(text: str) -> Dateline | None:
    """The dateline opening ``text``, or None: "PLACE, DATE (AGENCY) -" and its shorter forms, or
    a line holding only "PLACE[, REGION] DATE [(AGENCY)]".

    Without a date or an agency credit, only an all-capitals place counts ("WASHINGTON -"), so that
    ordinary sentences ("Moscow and Kiev - ...") are not mistaken for datelines; a line without a
    dash needs a date, and a place in capitals or an agency credit.
    """
    line = text.split("\n", 1)[0][:200]   # a dateline never runs over a line break
    match = _DATELINE.match(line)
    dashed = match is not None
    if match is None:
        match = _DATELINE_LINE.match(line)
        if match is None or not (match["source"] or _letters(match["places"]).isupper()):
            return None
    places_text = match["places"]
    if not places_text[0].isupper() or not _each_word_capitalised(places_text):
        return None
    if match["region"] and not _each_word_capitalised(match["region"]):
        return None
    if dashed and not (match["date"] or match["source"]) and not places_text.isupper():
        return None
    places = tuple(p.strip() for p in places_text.split("/") if p.strip())
    if match["region"]:
        places += (match["region"].strip(),)
    if any(place.casefold().rstrip(".") in _NOT_PLACES for place in places):
        return None
    raw = text[match.start("places"):match.end()].strip()
    raw = re.sub(r"\s*(?:-{1,2}|–|—|_)$", "", raw)
    return Dateline(
        text=raw,
        places=places,
        date_text=(match["date"] or "").strip(),
        source=(match["source"] or "").strip(),
        end=match.end(),
    )


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalpha())


def _each_word_capitalised(text: str) -> bool:
    # IGNORECASE (needed for "FEB"/"Feb") also loosens _PLACE; re-check capitals here.
    return all(word[0].isupper() for word in re.split(r"[\s/]+", text) if word)


def split_dateline(body: str) -> tuple[Dateline | None, str]:
    """The dateline at the top of ``body`` (if any) and the body without it: on the first line,
    or on a line below up to MAX_LEAD_LINES short lines that are not the article's text (a
    byline "Nadim Ladki", "By Anna Lee and Tom Fox", "Anna Lee, Reuters", a slug), which stay in
    the body. A date anywhere deeper is never taken for a dateline."""
    first = parse_dateline(body)
    if first is not None and (first.date_text or first.source):
        return first, body[first.end:].lstrip()
    # An undated "SOCCER - ENGLISH LEAGUE" has a dateline's shape: a slug, if a dated one follows.
    lines = body.split("\n")
    lead = 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        found = _dateline_on(lines, index) if index or first is None else None
        if found is not None and (found[0].date_text or first is None):
            dateline, rest = found
            return dateline, "\n".join(lines[:index] + rest).strip()
        if lead == MAX_LEAD_LINES or not (is_lead_line(line) or (first is not None and not index)):
            break
        lead += 1
    return (first, body[first.end:].lstrip()) if first is not None else (None, body)


def _dateline_on(lines: list[str], index: int) -> tuple[Dateline, list[str]] | None:
    """The dateline on ``lines[index]`` (or split over it and a next line holding only the date,
    as "MONTGOMERY, Ala." / "1996-08-22"), and the lines after it, the article's text."""
    line = lines[index]
    dateline = parse_dateline(line)
    if dateline is not None:
        rest = line[dateline.end:].strip()
        return dateline, ([rest] if rest else []) + lines[index + 1:]
    following = next((i for i in range(index + 1, len(lines)) if lines[i].strip()), None)
    if following is not None and _DATE_ALONE.match(lines[following]):
        dateline = parse_dateline(line.strip() + " " + lines[following].strip())
        if dateline is not None:
            return dateline, lines[following + 1:]
    return None


def is_lead_line(line: str) -> bool:
    """A short line above the article's text: a byline, a slug, a credit (no sentence)."""
    words = line.split()
    if not words or len(words) > _LEAD_WORDS:
        return False
    return words[0] in ("By", "BY") or not re.search(r"[.!?…\"”]$", line.strip())
