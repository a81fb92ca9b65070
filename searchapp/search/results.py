"""The one search call: a Query over a snapshot -> SearchResult (page of hits, facets, histogram,
did-you-mean). The page, the JSON API and the CLI all go through ``search``."""
from __future__ import annotations

import logging
import time

import numpy as np
from whoosh.idsets import DocIdSet

from ..facets import FACETS
from ..records import Hit, Query, SearchResult
from .articles import make_hit
from .counting import date_histogram, restored_counts, top_values, undated_count
from .filters import facet_masks, intersect, resolve_values
from .matching import Unsupported, matching_mask, rank
from .snippets import highlight_terms
from .spelling import suggestion

log = logging.getLogger(__name__)

FACET_LIMIT = 10          # values listed per facet in a search result


def search(snapshot, query: Query) -> SearchResult:
    started = time.perf_counter()
    arrays = snapshot.arrays
    query = resolve_values(query, arrays)
    parsed = snapshot.queries.parse(query.text, snapshot.searcher.reader()) if query.text else None
    text_mask = matching_mask(parsed, snapshot.searcher, arrays) if parsed is not None else arrays.live
    date_mask = arrays.date_mask(query.date_from, query.date_to, query.undated)
    base = intersect(text_mask, date_mask)
    by_facet = facet_masks(query, arrays)
    final = intersect(base, *by_facet.values())
    total = int(final.sum())
    facets = _facet_counts(arrays, query, base, by_facet, final)
    interval, buckets = date_histogram(arrays, final)
    # Beside the histogram: undated articles the date filters aside, so the count is what its link gives.
    undated = undated_count(arrays, intersect(text_mask, *by_facet.values()))
    hits = _page(snapshot, query, parsed, final, total, text_mask)
    corrected = None
    if parsed is not None:
        corrected = suggestion(snapshot, query.text, intersect(arrays.live, date_mask, *by_facet.values()))
    took_ms = (time.perf_counter() - started) * 1000
    return SearchResult(query, total, hits, facets, interval, buckets, corrected, round(took_ms, 1),
                        undated)


def _facet_counts(arrays, query: Query, base: np.ndarray, by_facet: dict, final: np.ndarray) -> dict:
    """Each facet's values counted over the current results: a value's count is the total its
    link (one more AND filter) gives. Excluded values carry what re-including them adds back."""
    facets = {}
    for facet in FACETS:
        kind = facet.kind
        restores = None
        if query.exclude[kind]:
            others = intersect(base, *(mask for other, mask in by_facet.items() if other != kind))
            restores = restored_counts(arrays, kind, others, query.include[kind], query.exclude[kind])
        column = arrays.facets[kind]
        facets[kind] = top_values(column, column.counts(final), FACET_LIMIT,
                                  query.include[kind], query.exclude[kind], restores)
    return facets


def _page(snapshot, query: Query, parsed, final: np.ndarray, total: int, text_mask: np.ndarray) -> tuple[Hit, ...]:
    start = (query.page - 1) * query.per_page
    if start >= total:
        return ()
    end = start + query.per_page
    if query.sort == "relevance" and parsed is not None:
        ranked = _ranked(snapshot, parsed, final, text_mask, end)[start:end]
    else:
        ordered = snapshot.arrays.order_by_date(final, newest_first=query.sort != "oldest")
        ranked = [(int(doc), 0.0) for doc in ordered[start:end]]
    words = snapshot.queries.vocabulary.word_terms(snapshot.searcher.schema["body"].analyzer)
    terms = highlight_terms(parsed, words) if parsed is not None else frozenset()
    return tuple(make_hit(snapshot.searcher, doc, score, terms, snapshot.arrays.value_map) for doc, score in ranked)


def _ranked(snapshot, parsed, final: np.ndarray, text_mask: np.ndarray, end: int) -> list[tuple[int, float]]:
    """The ``end`` best (docnum, score) by BM25F: numpy when it knows every part of the query."""
    try:
        return rank(parsed, snapshot.searcher, snapshot.arrays, final, end)
    except Unsupported as why:
        log.debug("ranking with Whoosh: %s", why)
    restricted = not np.array_equal(final, text_mask)
    results = snapshot.searcher.search(parsed, limit=end, filter=MaskDocSet(final) if restricted else None)
    return [(hit.docnum, hit.score) for hit in results]


class MaskDocSet(DocIdSet):
    """A numpy mask as the `filter=` of Whoosh's search (it only asks `docnum in filter`)."""

    def __init__(self, mask: np.ndarray):
        self.mask = mask

    def __contains__(self, docnum) -> bool:
        return 0 <= docnum < len(self.mask) and bool(self.mask[docnum])

    def __iter__(self):
        return iter(np.flatnonzero(self.mask).tolist())

    def __len__(self) -> int:
        return int(self.mask.sum())

    def __bool__(self) -> bool:
        return True   # an empty filter must still filter everything out
