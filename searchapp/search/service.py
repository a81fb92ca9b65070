"""The search service: one opened index per process, answering both the page and the JSON API.

A request takes a snapshot (searcher + numpy arrays of the same index version); the snapshot is
replaced when the `current` symlink points at a new generation (a full rebuild)
or when the live generation got new commits (an incremental reindex), so no restart is needed.
"""
from __future__ import annotations

import html
import logging
import os
import threading
import time
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import numpy as np
from flask import current_app
from whoosh import highlight
from whoosh.idsets import DocIdSet

from ..errors import IndexMissing, NotFound
from ..facets import FACETS, facet_of
from .arrays import NO_DATE, ArrayCache, IndexArrays, date_histogram, top_values
from ..store.generations import CURRENT, current_path, open_generation
from .parsing import QueryBuilder, correct_text, highlight_terms, matching_mask
from .scoring import Unsupported, rank
from ..records import Article, FacetCount, Hit, Query, SearchResult
from ..store.schema import fields_to_article, stored_entities
from ..store.vocabulary import Vocabulary

log = logging.getLogger(__name__)

FACET_LIMIT = 10          # values listed per facet in a search result
SNIPPET_CHARS = 240
MAX_HIGHLIGHT_CHARS = 50_000   # analysing a huge body for a snippet is not worth its time
EXTENSION = "searchapp"


@dataclass(frozen=True)
class Snapshot:
    """One index version: never changes, safe to use from any thread until retired."""

    path: Path
    searcher: object
    arrays: IndexArrays
    queries: QueryBuilder


class SearchService:
    def __init__(self, index_dir):
        self.index_dir = Path(index_dir)
        self._lock = threading.RLock()
        self._link: str | None = None        # the `current` symlink's target when last opened
        self._index = None
        self._snapshot: Snapshot | None = None
        self._retired: list = []             # searchers replaced recently; other threads may still read
        self._arrays = ArrayCache()

    # Opening and refreshing

    def snapshot(self) -> Snapshot:
        with self._lock:
            try:
                link = os.readlink(self.index_dir / CURRENT)
            except OSError:
                link = None
            if link != self._link or self._index is None:
                self._open(link)
            elif not self._snapshot.searcher.up_to_date():
                self._replace(self._index.searcher())
            return self._snapshot

    def _open(self, link: str | None) -> None:
        path = current_path(self.index_dir) if link else None
        if path is None:
            raise IndexMissing(f"no index in {self.index_dir}: run `searchapp reindex SOURCE` first")
        self._index = open_generation(path)
        self._link = link
        log.info("opened index %s", path)
        self._replace(self._index.searcher(), path)

    def _replace(self, searcher, path: Path | None = None) -> None:
        path = path or self._snapshot.path
        reader = searcher.reader()
        leaves = reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]
        key = (str(path), reader.generation(), tuple(leaf.segment().segment_id() for leaf, _ in leaves))
        arrays = self._arrays.build(reader, key)
        old = self._snapshot
        # The word table is read on first use: the indexer rewrites it before each commit.
        queries = QueryBuilder(searcher.schema, Vocabulary(path))
        self._snapshot = Snapshot(path, searcher, arrays, queries)
        if old is not None:
            # Close searchers two versions old: a request still running on the previous one
            # keeps working; none lasts as long as two index swaps.
            self._retired.append(old.searcher)
            while len(self._retired) > 1:
                self._retired.pop(0).close()

    def close(self) -> None:
        with self._lock:
            for searcher in self._retired + ([self._snapshot.searcher] if self._snapshot else []):
                searcher.close()
            self._retired, self._snapshot, self._index, self._link = [], None, None, None

    # Searching

    def search(self, query: Query) -> SearchResult:
        with self._lock:
            return self._search(query)

    def _search(self, query: Query) -> SearchResult:
        started = time.perf_counter()
        snap = self.snapshot()
        arrays = snap.arrays
        query = resolve_values(query, arrays)
        parsed = snap.queries.parse(query.text, snap.searcher.reader()) if query.text else None
        text_mask = matching_mask(parsed, snap.searcher, arrays) if parsed is not None else arrays.live
        date_mask = arrays.date_mask(query.date_from, query.date_to)
        base = text_mask & date_mask if date_mask is not None else text_mask
        facet_masks = {
            facet.kind: arrays.facet_mask(facet.kind, query.include[facet.kind], query.exclude[facet.kind])
            for facet in FACETS
        }
        filters_only = _and(arrays.live, date_mask, *facet_masks.values())
        final = _and(base, *facet_masks.values())
        total = int(final.sum())
        facets = {}
        for facet in FACETS:
            # Multi-select: a facet's counts ignore its own filters (Elasticsearch's post_filter).
            others = _and(base, *(m for k, m in facet_masks.items() if k != facet.kind))
            column = arrays.facets[facet.kind]
            facets[facet.kind] = top_values(column, column.counts(others), FACET_LIMIT,
                                            query.include[facet.kind], query.exclude[facet.kind])
        interval, buckets = date_histogram(arrays, final)
        hits = self._page(snap, query, parsed, final, total, text_mask)
        suggestion = self._suggestion(snap, query.text, filters_only) if parsed is not None else None
        took_ms = (time.perf_counter() - started) * 1000
        return SearchResult(query, total, hits, facets, interval, buckets, suggestion, round(took_ms, 1))

    def _suggestion(self, snap: Snapshot, text: str, filters_only: np.ndarray) -> str | None:
        """A corrected query, offered only when it finds something under the same filters."""
        reader = snap.searcher.reader()
        corrected = correct_text(text, reader, snap.queries.vocabulary)
        if corrected is None:
            return None
        parsed = snap.queries.parse(corrected, reader)
        if (matching_mask(parsed, snap.searcher, snap.arrays) & filters_only).any():
            return corrected
        return None

    def _page(self, snap: Snapshot, query: Query, parsed, final, total: int, text_mask) -> tuple[Hit, ...]:
        start = (query.page - 1) * query.per_page
        if start >= total:
            return ()
        end = start + query.per_page
        if query.sort == "relevance" and parsed is not None:
            ranked = self._ranked(snap, parsed, final, text_mask, end)[start:end]
        else:
            ordered = snap.arrays.order_by_date(final, newest_first=query.sort != "oldest")
            ranked = [(int(doc), 0.0) for doc in ordered[start:end]]
        terms = highlight_terms(parsed) if parsed is not None else frozenset()
        return tuple(self._hit(snap.searcher, doc, score, terms) for doc, score in ranked)

    def _ranked(self, snap: Snapshot, parsed, final, text_mask, end: int) -> list[tuple[int, float]]:
        """The ``end`` best (docnum, score) by BM25F: numpy when it knows every part of the query."""
        try:
            return rank(parsed, snap.searcher, snap.arrays, final, end)
        except Unsupported as why:
            log.debug("ranking with Whoosh: %s", why)
        restricted = not np.array_equal(final, text_mask)
        results = snap.searcher.search(parsed, limit=end, filter=MaskDocSet(final) if restricted else None)
        return [(hit.docnum, hit.score) for hit in results]

    def _hit(self, searcher, docnum: int, score: float, terms: frozenset) -> Hit:
        stored = searcher.stored_fields(docnum)
        pub = stored.get("pubdate")
        return Hit(
            doc_id=stored["id"],
            title=stored.get("title", ""),
            url=stored.get("url", ""),
            published=pub.date() if pub else None,
            source=stored.get("source", ""),
            snippet=make_snippet(stored.get("body", ""), terms, searcher.schema["body"].analyzer),
            score=float(score),
            entities=stored_entities(stored),
        )

    # Articles and facet values

    def article(self, doc_id: str) -> Article:
        with self._lock:
            return self._article(doc_id)

    def _article(self, doc_id: str) -> Article:
        snap = self.snapshot()
        stored = snap.searcher.document(id=doc_id)
        if stored is None:
            raise NotFound(f"no article with id {doc_id!r}", param="id")
        return fields_to_article(stored)

    def related(self, doc_id: str, limit: int = 5) -> list[Hit]:
        with self._lock:
            return self._related(doc_id, limit)

    def _related(self, doc_id: str, limit: int = 5) -> list[Hit]:
        snap = self.snapshot()
        searcher = snap.searcher
        docnum = searcher.document_number(id=doc_id)
        if docnum is None:
            raise NotFound(f"no article with id {doc_id!r}", param="id")
        body = searcher.stored_fields(docnum).get("body", "")
        if not body.strip():
            return []
        results = searcher.more_like(docnum, "body", text=body, top=limit, numterms=12)
        return [self._hit(searcher, hit.docnum, hit.score, frozenset()) for hit in results]

    def facet_values(self, kind: str, prefix: str = "", limit: int = 20) -> list[FacetCount]:
        """Values of one facet kind over the whole index, most frequent first; ``prefix`` matches
        the start of the value or of any word in it, ignoring case."""
        kind = facet_of(kind).kind
        arrays = self.snapshot().arrays
        column = arrays.facets[kind]
        counts = arrays.all_counts(kind)
        wanted = " ".join(prefix.split()).casefold()
        if wanted:
            candidates = [i for i, folded in enumerate(arrays.folded_values(kind))
                          if folded.startswith(wanted) or (" " + wanted) in folded]
        else:
            candidates = np.flatnonzero(counts).tolist()
        candidates = [i for i in candidates if counts[i] > 0]
        candidates.sort(key=lambda i: (-int(counts[i]), column.values[i]))
        return [FacetCount(column.values[i], int(counts[i])) for i in candidates[:limit]]

    def stats(self) -> dict:
        with self._lock:
            return self._stats()

    def _stats(self) -> dict:
        snap = self.snapshot()
        arrays = snap.arrays
        days = arrays.pubdays[arrays.live & (arrays.pubdays != NO_DATE)]
        return {
            "articles": int(arrays.live.sum()),
            "date_from": date.fromordinal(int(days.min())).isoformat() if len(days) else None,
            "date_to": date.fromordinal(int(days.max())).isoformat() if len(days) else None,
            "generation": snap.path.name,
        }


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


def _and(first: np.ndarray, *others) -> np.ndarray:
    result = first
    for mask in others:
        if mask is not None:
            result = result & mask
    return result


def resolve_values(query: Query, arrays: IndexArrays) -> Query:
    """Filter values as the index spells them: the facet's own variants (Kiev -> Kyiv), then case."""
    include = {facet.kind: _resolved(facet, query.include[facet.kind], arrays) for facet in FACETS}
    exclude = {facet.kind: _resolved(facet, query.exclude[facet.kind], arrays) for facet in FACETS}
    if include == query.include and exclude == query.exclude:
        return query
    return replace(query, include=include, exclude=exclude)


def _resolved(facet, values: tuple[str, ...], arrays: IndexArrays) -> tuple[str, ...]:
    column = arrays.facets[facet.kind]
    resolved: list[str] = []
    for value in values:
        if facet.canonical and column.value_id(value) is None:
            value = _canonical(facet, value) or value
        value_id = column.value_id(value)
        spelled = column.values[value_id] if value_id is not None else value
        if spelled not in resolved:
            resolved.append(spelled)
    return tuple(resolved)


def _canonical(facet, value: str) -> str | None:
    try:
        return facet.canonical(value)
    except Exception:   # a variant table failing must not fail the search: match as written
        log.warning("%s variant lookup failed for %r", facet.kind, value, exc_info=True)
        return None


class _MarkFormatter(highlight.Formatter):
    """Matches in <mark>, every other character HTML-escaped."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(text)

    def format_token(self, text, token, replace=False):
        return "<mark>" + html.escape(highlight.get_text(text, token, replace)) + "</mark>"


_FRAGMENTER = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=70)


def make_snippet(body: str, terms: frozenset, analyzer) -> str:
    """The best passages of ``body`` with ``terms`` marked; the opening when nothing matches."""
    text = body[:MAX_HIGHLIGHT_CHARS]
    if terms:
        try:
            snippet = highlight.highlight(text, terms, analyzer, _FRAGMENTER, _MarkFormatter(), top=2)
        except Exception:
            log.warning("highlighting failed", exc_info=True)
            snippet = ""
        if snippet:
            return snippet
    return html.escape(_opening(text))


def _opening(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= SNIPPET_CHARS:
        return text
    cut = text[:SNIPPET_CHARS]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut
    return cut + " …"


def get_service() -> SearchService:
    """The app's service (created by create_app; it opens the index on first use)."""
    return current_app.extensions[EXTENSION]
