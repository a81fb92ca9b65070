"""A query's filters as the index spells them, and as masks over document numbers."""
from __future__ import annotations

import logging
from dataclasses import replace

import numpy as np

from ..facets import FACETS, Facet
from ..records import Query
from .resolved import filter_value
from .arrays import IndexArrays

log = logging.getLogger(__name__)


def resolve_values(query: Query, arrays: IndexArrays) -> Query:
    """Filter values as the index spells them: the facet's own variants (Kiev -> Kyiv), then case."""
    include = {facet.kind: _resolved(facet, query.include[facet.kind], arrays) for facet in FACETS}
    exclude = {facet.kind: _resolved(facet, query.exclude[facet.kind], arrays) for facet in FACETS}
    if include == query.include and exclude == query.exclude:
        return query
    return replace(query, include=include, exclude=exclude)


def _resolved(facet: Facet, values: tuple[str, ...], arrays: IndexArrays) -> tuple[str, ...]:
    column = arrays.facets[facet.kind]
    resolved: list[str] = []
    for value in values:
        if column.value_id(value) is None:
            value = filter_value(arrays.value_map, facet.kind, value)
        if facet.canonical and column.value_id(value) is None:
            value = canonical_value(facet, value) or value
        value_id = column.value_id(value)
        spelled = column.values[value_id] if value_id is not None else value
        if spelled not in resolved:
            resolved.append(spelled)
    return tuple(resolved)


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
