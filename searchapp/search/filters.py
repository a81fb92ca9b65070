"""A query's filters as the index spells them, and as masks over document numbers."""
from __future__ import annotations

import logging
from dataclasses import replace

import numpy as np

from ..facets import BY_KIND, FACETS, Facet
from ..records import Query
from .resolved import filter_target
from .arrays import IndexArrays

log = logging.getLogger(__name__)


def resolve_values(query: Query, arrays: IndexArrays) -> Query:
    """Filter values as the index spells them: the facet's own variants (Kiev -> Kyiv), then case;
    a value the archive pass or a correction moved to another kind filters on that kind."""
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
    if arrays.facets[facet.kind].value_id(value) is None:
        kind, value = filter_target(arrays.value_map, facet.kind, value)
        facet = BY_KIND.get(kind, facet)
    column = arrays.facets[facet.kind]
    if facet.canonical and column.value_id(value) is None:
        value = canonical_value(facet, value) or value
    value_id = column.value_id(value)
    return facet.kind, column.values[value_id] if value_id is not None else value


def canonical_value(facet: Facet, value: str) -> str | None:
    """The value ``facet``'s variant table gives for ``value`` (Kiev -> Kyiv); None: none."""
    if facet.canonical is None:
        return None
    try:
        return facet.canonical(value)
    except Exception:   # a variant table failing must not fail the search: match as written
        log.warning("%s variant lookup failed for %r", facet.kind, value, exc_info=True)
        return None


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
