"""One entity's page: how many articles name it, when, how they write it, who and what appears
with it, and its newest articles.

Everything is counted over the mask of the search with the entity's filter (results.matches), so
each number is what a search gives: the articles are the filtered search's total, a timeline
bucket that search within the bucket's dates, a related value's count the search with both
filters. Only the numpy arrays are read, but for the newest articles' stored fields.
"""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace
from datetime import date

import numpy as np

from ..entities import forms
from ..errors import NotFound
from ..facets import BY_KIND, FACETS
from ..records import DateBucket, EntityForm, EntityProfile, EntityQuery, FacetCount
from .arrays import NO_DATE, IndexArrays
from . import quotes
from .articles import make_hit
from .counting import Tally, auto_interval, period_label, top_values, value_ranks
from .filters import resolve_values
from .results import matches
from .snippets import Marks
from .trends import bounded_period_starts, cut_period

RELATED_LIMIT = 10    # values of each kind named with the entity
LATEST_LIMIT = 10     # newest articles listed
FORMS_LIMIT = 20      # written forms listed


def entity(snapshot, request: EntityQuery) -> EntityProfile:
    started = time.perf_counter()
    arrays = snapshot.arrays
    request = resolved_request(request, arrays)
    kind, value = request.kind, request.value
    column = arrays.facets[kind]
    value_id = column.ids.get(value)
    if value_id is None or not arrays.all_counts(kind)[value_id]:
        raise NotFound(f"no {BY_KIND[kind].noun} {value!r} in this archive", param="value")
    mask = matches(snapshot, request.filters)
    tally = Tally(arrays, request.filters.collapse)
    pubdays = arrays.pubdays[mask]
    dated = pubdays[pubdays != NO_DATE]
    first = date.fromordinal(int(dated.min())) if len(dated) else None
    last = date.fromordinal(int(dated.max())) if len(dated) else None
    interval, timeline = _timeline(request, tally, mask, first, last)
    hits = tuple(make_hit(snapshot.searcher, int(doc), 0.0, Marks(frozenset()), arrays.value_map,
                          int(arrays.stories.versions[doc])) for doc in _latest(arrays, mask, tally))
    quoted = quotes.for_entity(snapshot, kind, value, request.filters, timeline)
    took_ms = round((time.perf_counter() - started) * 1000, 1)
    return EntityProfile(
        query=request, articles=tally.total(mask), first_seen=first, last_seen=last,
        forms=written_forms(snapshot.path, arrays, kind, value), interval=interval, timeline=timeline,
        undated=tally.undated(mask), related=_related(tally, request.filters, mask), latest=hits,
        took_ms=took_ms, measure=tally.measure, quotes=quoted,
    )


def _latest(arrays: IndexArrays, mask: np.ndarray, tally: Tally) -> np.ndarray:
    """The newest articles (the newest copy of each story when counting stories)."""
    if tally.stories is not None:
        mask = tally.stories.collapse(mask, arrays.date_ranks("date", True))
    return arrays.order_by_date(mask, newest_first=True)[:LATEST_LIMIT]


def resolved_request(request: EntityQuery, arrays: IndexArrays) -> EntityQuery:
    """The request with the entity as the index spells it (a filter's resolution: variants, case,
    accents, a value moved to another kind) and its filter among the request's."""
    chosen = resolve_values(replace(request.filters, include={request.kind: (request.value,)}, exclude={}), arrays)
    kind = next(facet.kind for facet in FACETS if chosen.include[facet.kind])
    value = chosen.include[kind][0]
    filters = resolve_values(request.filters, arrays)
    if value not in filters.include[kind]:
        filters = replace(filters, include={**filters.include, kind: (*filters.include[kind], value)})
    return replace(request, kind=kind, value=value, filters=filters)


def _timeline(request: EntityQuery, tally: Tally, mask: np.ndarray, first: date | None, last: date | None):
    """Every period from the first dated article to the last, the empty ones too (a gap in the
    attention is part of the story), each cut to the request's dates so that its from/to
    searched give its count (as a trend's periods)."""
    if first is None:
        return request.interval or "year", ()
    interval = request.interval or auto_interval(first, last)
    starts = bounded_period_starts(first, last, interval)
    counts = tally.periods(mask, starts, interval)
    return interval, tuple(DateBucket(period_label(start, interval), *cut_period(start, interval, request.filters),
                                      int(n))
                           for start, n in zip(starts, counts))


def _related(tally: Tally, filters, mask: np.ndarray) -> dict[str, tuple[FacetCount, ...]]:
    """Per facet kind, the values most of the entity's articles also name; the entity itself and
    the request's other filters are left out (every article names them)."""
    related = {}
    for facet in FACETS:
        column = tally.arrays.facets[facet.kind]
        counts = tally.values(facet.kind, mask)
        for chosen in filters.include[facet.kind]:
            if chosen in column.ids:
                counts[column.ids[chosen]] = 0
        related[facet.kind] = top_values(column, counts, RELATED_LIMIT, ranks=value_ranks(tally.arrays, facet.kind))
    return related


def written_forms(generation, arrays: IndexArrays, kind: str, value: str) -> tuple[EntityForm, ...]:
    """How the archive writes the entity: the forms of every value the pipeline gave that the
    resolution and the corrections make this one ("Blair" and "Mr Blair" for Tony Blair)."""
    found: Counter = Counter()
    for source_kind, source_value in sources(arrays, kind, value):
        found.update(forms.lookup(generation, source_kind, source_value))
    ranked = sorted(found.items(), key=lambda item: (-item[1], item[0]))[:FORMS_LIMIT]
    return tuple(EntityForm(text, n) for text, n in ranked)


def sources(arrays: IndexArrays, kind: str, value: str) -> list[tuple[str, str]]:
    """The (kind, value) pairs as indexed that show as ``value`` of ``kind``: itself, unless the
    maps move it away, and every merged variant and moved value that ends there."""
    value_map = arrays.value_map
    if not value_map:
        return [(kind, value)]
    inverse = arrays.derived("entity_sources", _inverse_map)
    found = [] if value_map.resolve(kind, value) != (kind, value) else [(kind, value)]
    return found + inverse.get((kind, value), [])


def _inverse_map(arrays: IndexArrays) -> dict[tuple[str, str], list[tuple[str, str]]]:
    value_map = arrays.value_map
    inverse: dict[tuple[str, str], list[tuple[str, str]]] = {}
    named = {(kind, value) for table in (value_map.merge, value_map.retype) for kind, values in table.items()
             for value in values}
    for kind, value in sorted(named):
        target = value_map.resolve(kind, value)
        if target is not None and target != (kind, value):
            inverse.setdefault(target, []).append((kind, value))
    return inverse
