"""Datelines inside the text the model reads: a line opening "TROMSO, Norway (AP) _" or
"MONTE CARLO, Monaco (AP) _" (copy whose reader kept the dateline in the body, or a corpus one
sentence a line). The model tags such capitals as anything or nothing; the places of a dateline
are places, valued as the gazetteer writes them ("Monte-Carlo"), else title-cased ("Tromso").

A line counts when it carries an agency credit or a date, or when its places are known to the
gazetteer: a headline "SOCCER - SHARPE HITS WINNER" has the same shape as "WASHINGTON -".

Two more lines name where, by their shape: a results line's venue ("At Portsmouth: Middlesex 199
..."), and a wire desk at the foot of a story written in lower case ("-- Budapest newsroom (36 1)
266 2410": the city; "Sydney Newsroom" is the desk itself, an organisation, see layout.py).
"""
from __future__ import annotations

import re

from searchapp import gazetteer
from searchapp.readers.datelines import parse_dateline

_NAME = r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}"
VENUE = re.compile(rf"^(?:In|At) (?P<place>{_NAME}): (?=[A-Z][^\n]*\d)", re.MULTILINE)
DESK_CITY = re.compile(rf"^--? (?:[^,\n]{{2,40}}, )?(?P<place>{_NAME}) (?:newsroom|newsdesk|desk|bureau)\b",
                       re.MULTILINE)


def dateline_places(text: str) -> list[tuple[str, int]]:
    """(place as written, offset) of every place of a dateline that opens a line of ``text``, of a
    results line's venue and of a wire desk's city."""
    found: list[tuple[str, int]] = []
    position = 0
    for line in text.split("\n"):
        dateline = parse_dateline(line) if line[:1].isupper() else None
        if dateline and (dateline.source or dateline.date_text
                         or all(gazetteer.is_place(place) for place in dateline.places)):
            cursor = 0
            for place in dateline.places:
                at = line.find(place, cursor)
                if at >= 0:
                    found.append((place, position + at))
                    cursor = at + len(place)
        position += len(line) + 1
    for pattern in (VENUE, DESK_CITY):
        found += [(m.group("place"), m.start("place")) for m in pattern.finditer(text)]
    return sorted(found, key=lambda place: place[1])
