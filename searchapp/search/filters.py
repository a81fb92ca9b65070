"""A query's filters as the index spells them, and as masks over document numbers."""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..facets import BY_KIND, FACETS, Facet
from ..records import Query, Unmatched
from . import typed_values
from .arrays import IndexArrays


def resolve_values(query: Query, arrays: IndexArrays) -> Query:
    """Filter values as the index spells them (typed_values.resolve: variants, abbreviations,
    case); a value the archive pass or a correction moved to another kind filters on that kind.
    A value the index does not have stays as typed: it matches nothing (see unmatched())."""
    include = _resolved(query.include, arrays)
    exclude = _resolved(query.exclude, arrays)
    if include == query.include and exclude == query.exclude:
        return query
    return replace(query, include=include, exclude=exclude)


def _resolved(chosen: dict[str, tuple[str, ...]], arrays: IndexArrays) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {facet.kind: [] for facet in FACETS}
    for facet in FACETS:
        for value in chosen[facet.kind]:
            kind, spelled = _spelled(facet, value, arrays)
            if spelled not in found[kind]:
                found[kind].append(spelled)
    return {kind: tuple(values) for kind, values in found.items()}


def filter_value(kind: str, value: str, arrays: IndexArrays) -> tuple[str, str] | None:
    """What a filter on ``value`` of ``kind`` filters on, as (kind, value as the index spells it);
    None when that names no value of the archive (the filter finds nothing). A field prefix
    (`person:"Tony Blair"`) resolves its value here too, so both find the same articles."""
    kind, spelled = _spelled(BY_KIND[kind], value, arrays)
    return (kind, spelled) if arrays.facets[kind].value_id(spelled) is not None else None


def _spelled(facet: Facet, value: str, arrays: IndexArrays) -> tuple[str, str]:
    """(kind, value) a filter on ``value`` of ``facet`` means: typed_values.resolve, the one
    resolution of filters, field prefixes and entity pages."""
    kind, spelled, _ = typed_values.resolve(facet, value, arrays)
    return kind, spelled


def facet_masks(query: Query, arrays: IndexArrays) -> dict[str, np.ndarray | None]:
    """Facet kind -> documents passing that facet's filters (None: no filter on it)."""
    return {facet.kind: arrays.facet_mask(facet.kind, query.include[facet.kind], query.exclude[facet.kind])
            for facet in FACETS}


def intersect(first: np.ndarray, *others: np.ndarray | None) -> np.ndarray:
    """``first`` and every mask of ``others`` that is not None."""
    result = first
    for mask in others:
        if mask is not None:
            result = result & mask
    return result


def unmatched(query: Query, tally, base: np.ndarray, by_facet: dict) -> tuple[Unmatched, ...]:
    """The filter values of ``query`` (resolved) that the index does not have, each with the
    closest values it does, counted (by ``tally``: articles or stories) over the search with that
    filter aside: a closest value's count is what its link (it in the unmatched value's place) gives."""
    arrays = tally.arrays
    found = []
    for facet in FACETS:
        column = arrays.facets[facet.kind]
        for excluded, values in ((False, query.include[facet.kind]), (True, query.exclude[facet.kind])):
            for value in values:
                if value in column.ids:
                    continue
                include = tuple(v for v in query.include[facet.kind] if v != value)
                own = arrays.facet_mask(facet.kind, include, query.exclude[facet.kind])
                others = [mask for kind, mask in by_facet.items() if kind != facet.kind]
                counts = tally.values(facet.kind, intersect(base, own, *others))
                found.append(Unmatched(facet.kind, value, excluded,
                                       typed_values.closest(arrays, facet.kind, value, counts)))
    return tuple(found)
