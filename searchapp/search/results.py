"""The one search call: a Query over a snapshot -> SearchResult (page of hits, facets, histogram,
did-you-mean). The page, the JSON API and the CLI all go through ``search``.

With ``query.collapse`` (the default) the copies of one story (search/stories.py) are one
result: the hits keep the best-ranked copy of each story in the query's sort, and the total,
facet counts, histogram and undated count count stories."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import numpy as np
from whoosh.idsets import DocIdSet

from ..facets import FACETS
from ..records import LATEST_SORT, Hit, Query, SearchResult
from .articles import make_hit, query_marks
from .counting import Tally, date_histogram, restored_counts, top_values, value_ranks
from .filters import facet_masks, intersect, resolve_values, unmatched
from .matching import Unsupported, matching_mask, score_query
from .scoring import top_docs
from .snippets import Marks
from .spelling import suggestion

log = logging.getLogger(__name__)

FACET_LIMIT = 10          # values listed per facet in a search result
MORE_FACET_LIMIT = 100    # values of a facet the reader asked to see more of, per page


def search(snapshot, query: Query, more: tuple[str, ...] = (), more_page: int = 1) -> SearchResult:
    """One page of ``query``'s results; the facet kinds in ``more`` list MORE_FACET_LIMIT values
    instead of FACET_LIMIT, the ``more_page``-th hundred of them (counted the same way, over the
    current results; how many there are in ``value_totals``)."""
    started = time.perf_counter()
    arrays = snapshot.arrays
    matched = _match(snapshot, query)
    query, parsed, text_mask, by_facet, final = (matched.query, matched.parsed, matched.text_mask,
                                                 matched.by_facet, matched.final)
    tally = Tally(arrays, query.collapse)
    total = tally.total(final)
    facets, value_totals = _facet_counts(tally, query, matched.base, by_facet, final, more, more_page)
    interval, buckets = date_histogram(tally, final)
    # Beside the histogram: undated articles the date filters aside, so the count is what its link gives.
    undated = tally.undated(intersect(text_mask, *by_facet.values()))
    hits = _page(snapshot, query, parsed, final, total, text_mask)
    corrected = None
    if parsed is not None:
        corrected = suggestion(snapshot, query.text, intersect(arrays.live, matched.date_mask, *by_facet.values()))
    missing = unmatched(query, tally, matched.base, by_facet)
    took_ms = (time.perf_counter() - started) * 1000
    return SearchResult(query, total, hits, facets, interval, buckets, corrected, round(took_ms, 1),
                        undated, missing, value_totals, tally.measure, int(np.count_nonzero(final)))


def matching_docs(snapshot, query: Query) -> np.ndarray:
    """Every doc number the search finds, in its sort order (the page's order, without pages):
    what an export writes (one copy per story when the query collapses them)."""
    matched = _match(snapshot, query)
    total = int(matched.final.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int32)
    ordered = _ordered(snapshot, matched.query, matched.parsed, matched.final, matched.text_mask, total)
    if isinstance(ordered, np.ndarray):
        return ordered
    return np.fromiter((doc for doc, _ in ordered), dtype=np.int32, count=len(ordered))


def matches(snapshot, query: Query) -> np.ndarray:
    """The mask of every doc the search finds (what its total counts): what a trend buckets."""
    return _match(snapshot, query).final


@dataclass(frozen=True)
class _Matched:
    """The masks of one query: text, dates, each facet's filters, and all of them together."""

    query: Query           # filter values as the index spells them
    parsed: object         # the parsed text query, None without text
    text_mask: np.ndarray
    date_mask: np.ndarray
    by_facet: dict
    base: np.ndarray       # text and dates
    final: np.ndarray      # everything


def _match(snapshot, query: Query) -> _Matched:
    arrays = snapshot.arrays
    query = resolve_values(query, arrays)
    parsed = snapshot.queries.parse(query.text, snapshot.searcher.reader()) if query.text else None
    text_mask = matching_mask(parsed, snapshot.searcher, arrays) if parsed is not None else arrays.live
    date_mask = arrays.date_mask(query.date_from, query.date_to, query.undated)
    base = intersect(text_mask, date_mask)
    by_facet = facet_masks(query, arrays)
    return _Matched(query, parsed, text_mask, date_mask, by_facet, base, intersect(base, *by_facet.values()))


def _facet_counts(tally: Tally, query: Query, base: np.ndarray, by_facet: dict, final: np.ndarray,
                  more: tuple[str, ...] = (), more_page: int = 1) -> tuple[dict, dict]:
    """Each facet's values counted over the current results: a value's count is the total its
    link (one more AND filter) gives. Excluded values carry what re-including them adds back.
    Also, per kind in ``more``, how many values the results name besides those chosen."""
    arrays = tally.arrays
    facets, totals = {}, {}
    for facet in FACETS:
        kind = facet.kind
        restores = None
        if query.exclude[kind]:
            others = intersect(base, *(mask for other, mask in by_facet.items() if other != kind))
            restores = restored_counts(tally, kind, others, query.include[kind], query.exclude[kind])
        column = arrays.facets[kind]
        counts = tally.values(kind, final)
        limit, offset = FACET_LIMIT, 0
        if kind in more:
            limit, offset = MORE_FACET_LIMIT, (more_page - 1) * MORE_FACET_LIMIT
            chosen = {column.ids.get(v) for v in (*query.include[kind], *query.exclude[kind])} - {None}
            totals[kind] = int(np.count_nonzero(counts)) - sum(1 for v in chosen if counts[v])
        facets[kind] = top_values(column, counts, limit, query.include[kind], query.exclude[kind], restores,
                                  value_ranks(arrays, kind), offset)
    return facets, totals


def _page(snapshot, query: Query, parsed, final: np.ndarray, total: int, text_mask: np.ndarray) -> tuple[Hit, ...]:
    start = (query.page - 1) * query.per_page
    if start >= total:
        return ()
    end = start + query.per_page
    ordered = _ordered(snapshot, query, parsed, final, text_mask, end)
    if isinstance(ordered, np.ndarray):
        ranked = [(int(doc), 0.0) for doc in ordered[start:end]]
    else:
        ranked = ordered[start:end]
    terms = query_marks(snapshot, parsed) if parsed is not None else Marks(frozenset())
    versions = snapshot.arrays.stories.versions
    return tuple(make_hit(snapshot.searcher, doc, score, terms, snapshot.arrays.value_map, int(versions[doc]))
                 for doc, score in ranked)


def _ordered(snapshot, query: Query, parsed, final: np.ndarray, text_mask: np.ndarray, end: int):
    """The first ``end`` matches in the query's sort: (docnum, score) pairs by relevance, else
    every match's doc number by date (an array; the date order costs nothing more in full).
    Collapsing keeps the first copy of each story in that order."""
    stories = snapshot.arrays.stories if query.collapse and snapshot.arrays.stories.any else None
    if query.sort == "relevance" and parsed is not None:
        return _ranked(snapshot, parsed, final, text_mask, end, stories)
    sort, newest_first = ("latest", True) if query.sort == LATEST_SORT else ("date", query.sort != "oldest")
    if stories is not None:
        final = stories.collapse(final, snapshot.arrays.date_ranks(sort, newest_first))
    return snapshot.arrays.in_date_order(final, sort, newest_first)


def _ranked(snapshot, parsed, final: np.ndarray, text_mask: np.ndarray, end: int,
            stories=None) -> list[tuple[int, float]]:
    """The ``end`` best (docnum, score) by BM25F: numpy when it knows every part of the query;
    with ``stories``, the best copy of each story only."""
    try:
        scores = score_query(parsed, snapshot.searcher, snapshot.arrays).scores
        kept = stories.collapse(final, -scores) if stories is not None else final
        return top_docs(scores, kept, end)
    except Unsupported as why:
        log.debug("ranking with Whoosh: %s", why)
    restricted = not np.array_equal(final, text_mask)
    # enough hits to fill ``end`` stories after dropping the copies ranked below their story's best
    limit = end + (int(np.count_nonzero(final & stories.multi)) if stories is not None else 0)
    results = snapshot.searcher.search(parsed, limit=limit, filter=MaskDocSet(final) if restricted else None)
    ranked, seen = [], set()
    for hit in results:
        story = int(stories.group[hit.docnum]) if stories is not None else hit.docnum
        if story not in seen:
            seen.add(story)
            ranked.append((hit.docnum, hit.score))
    return ranked[:end]


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
