"""Datelines: the "PLACE, DATE (AGENCY) -" prefix wire copy opens with.

Handles e.g. ``Kiev/Moscow, 3 March 2022 (dpa/MIA) –``, ``HARARE, Jan 5 (Reuters) -``,
``WASHINGTON (AP) —``, ``LONDON, 3/3/2022 -``, ``SAN FRANCISCO, Calif., Jan 5 -``, Reuters-21578's
``SALVADOR, Feb 26 -`` and AP's ``TROMSO, Norway (AP) _``.  Values are kept as written (a region
after the place is a place too); parsing the date is enrichment's job.
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


@dataclass(frozen=True)
class Dateline:
    text: str                        # "Kiev/Moscow, 3 March 2022 (dpa/MIA)", without the dash
    places: tuple[str, ...]          # ("Kiev", "Moscow")
    date_text: str                   # "3 March 2022"; "" if the dateline has no date
    source: str                      # "dpa/MIA"; "" if none
    end: int                         # offset in the text where the article proper starts


def parse_dateline(text: str) -> Dateline | None:
    """The dateline opening ``text``, or None.

    Without a date or an agency credit, only an all-capitals place counts ("WASHINGTON -"), so that
    ordinary sentences ("Moscow and Kiev - ...") are not mistaken for datelines.
    """
    match = _DATELINE.match(text[:200])
    if not match:
        return None
    places_text = match["places"]
    if not places_text[0].isupper() or not _each_word_capitalised(places_text):
        return None
    if not (match["date"] or match["source"]) and not places_text.isupper():
        return None
    places = tuple(p.strip() for p in places_text.split("/") if p.strip())
    if match["region"]:
        places += (match["region"].strip(),)
    raw = text[match.start("places"):match.end()].strip()
    raw = re.sub(r"\s*(?:-{1,2}|–|—|_)$", "", raw)
    return Dateline(
        text=raw,
        places=places,
        date_text=(match["date"] or "").strip(),
        source=(match["source"] or "").strip(),
        end=match.end(),
    )


def _each_word_capitalised(text: str) -> bool:
    # IGNORECASE (needed for "FEB"/"Feb") also loosens _PLACE; re-check capitals here.
    return all(word[0].isupper() for word in re.split(r"[\s/]+", text) if word)


def split_dateline(body: str) -> tuple[Dateline | None, str]:
    """The dateline opening ``body`` (if any) and the body after its dash."""
    dateline = parse_dateline(body)
    if dateline is None:
        return None, body
    return dateline, body[dateline.end:].lstrip()
