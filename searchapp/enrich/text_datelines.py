"""Datelines inside the text the model reads: a line opening "TROMSO, Norway (AP) _" or
"MONTE CARLO, Monaco (AP) _" (copy whose reader kept the dateline in the body, or a corpus one
sentence a line). The model tags such capitals as anything or nothing; the places of a dateline
are places, valued as the gazetteer writes them ("Monte-Carlo"), else title-cased ("Tromso").

A line counts when it carries an agency credit or a date, or when its places are known to the
gazetteer: a headline "SOCCER - SHARPE HITS WINNER" has the same shape as "WASHINGTON -".
"""
from __future__ import annotations

from searchapp import gazetteer
from searchapp.readers.datelines import parse_dateline


def dateline_places(text: str) -> list[tuple[str, int]]:
    """(place as written, offset) of every place of a dateline that opens a line of ``text``."""
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
    return found
