"""Facet values, publication days and deletions as numpy arrays, built once per index version.

Whoosh's own faceting (`groupedby`) walks every matched document in Python per query (~460 ms on
a big index); here a search turns into a boolean mask over document numbers, and filters,
counts and the date histogram are array operations on it (a few ms).

Arrays are built per segment (segments never change once written) and stitched together per
reader, so an incremental reindex only reads the new segments; the writer saves each segment's
part beside the index, which workers memory-map (store/segment_arrays.py).
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from ..facets import FACETS
from ..store import copies, segment_arrays
from ..store.analysis import fold
from ..store.segment_arrays import LENGTH_FIELDS, NO_DATE, NO_TIME, SegmentArrays, SortedColumn
from . import resolved, stories

log = logging.getLogger(__name__)

POSTINGS_CACHE_BYTES = 48 * 2**20   # per index version: "said" in body is 1.4 MB at 234,000 articles


@dataclass
class FacetColumn:
    """One facet kind over all documents of a reader: CSR both ways."""

    values: list[str]                  # value id -> value
    ids: dict[str, int]                # value -> value id
    folded: dict[str, int]             # folded value (case, accents) -> value id (first seen wins)
    doc_indptr: np.ndarray             # doc -> value ids: doc_vals[doc_indptr[d]:doc_indptr[d+1]]
    doc_vals: np.ndarray
    val_indptr: np.ndarray             # value id -> docs: val_docs[val_indptr[v]:val_indptr[v+1]]
    val_docs: np.ndarray
    doc_of_pair: np.ndarray            # doc of each doc_vals entry

    def value_id(self, value: str) -> int | None:
        found = self.ids.get(value)
        return found if found is not None else self.folded.get(fold(value))

    def docs_with(self, value_id: int) -> np.ndarray:
        return self.val_docs[self.val_indptr[value_id]: self.val_indptr[value_id + 1]]

    def counts(self, mask: np.ndarray) -> np.ndarray:
        """Documents in ``mask`` per value id."""
        n_values = len(self.values)
        selected = np.flatnonzero(mask)
        if len(selected) * 4 > len(mask):
            # Dense: one pass over every (doc, value) pair is cheaper than gathering ranges.
            return np.bincount(self.doc_vals[mask[self.doc_of_pair]], minlength=n_values)
        _, vals = self.pairs_of(selected)
        return np.bincount(vals, minlength=n_values)

    def pairs_of(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(doc, value id) of every value of ``docs`` (doc numbers), without a Python loop."""
        starts = self.doc_indptr[docs]
        lengths = self.doc_indptr[docs + 1] - starts
        total = int(lengths.sum())
        if total == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        run_starts = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
        return np.repeat(docs, lengths), self.doc_vals[run_starts + np.arange(total)]


class IndexArrays:
    """Everything numpy knows about one reader (one index version)."""

    def __init__(self, n_docs: int, live: np.ndarray, pubdays: np.ndarray, facets: dict,
                 field_lengths: dict | None = None, indexed: np.ndarray | None = None,
                 idkeys: np.ndarray | None = None, groups=None, groups_stamp=None):
        """``groups``: the generation's copies (store/copies.py) with ``idkeys`` placing them."""
        self.n_docs = n_docs
        self.live = live                   # bool: not deleted
        self.pubdays = pubdays             # int32 date ordinals; NO_DATE when unknown
        # int64 first-indexed times (microseconds since 0001-01-01 UTC); NO_TIME when unknown
        self.indexed = indexed if indexed is not None else np.full(n_docs, NO_TIME, dtype=np.int64)
        self.facets: dict[str, FacetColumn] = facets   # facet kind -> its column
        # LENGTH_FIELDS -> int32 terms per doc, as Whoosh's scorer sees them (byte-quantised)
        self.field_lengths: dict[str, np.ndarray] = field_lengths or {}
        self._term_docs: dict = {}         # term or query -> packed mask, an LRU (cached_mask)
        self._postings: dict = {}          # (field, btext) -> (docs, weights), an LRU (cached_postings)
        self._postings_bytes = 0
        self._lock = threading.Lock()
        self._all_counts: dict[str, np.ndarray] = {}
        self._folded: dict[str, list[str]] = {}
        self._date_orders: dict = {}       # (sort, newest_first) -> all docs in that order; ("ranks", …) inverse
        self._derived: dict[str, object] = {}              # see derived()
        self.value_map = None              # the ValueMap the columns were built with (resolved.py)
        idkeys = idkeys if idkeys is not None else np.zeros(n_docs, dtype=np.uint64)
        self.stories = stories.build(idkeys, live, pubdays, groups, groups_stamp)   # copies of one story
        for kind, column in facets.items():   # laid out now: no search pays for it
            self.stories.add_values(kind, *column.pairs_of(self.stories.copies), len(column.values))

    def all_counts(self, kind: str) -> np.ndarray:
        """Live documents per value of one facet kind (for autocomplete)."""
        if kind not in self._all_counts:
            self._all_counts[kind] = self.facets[kind].counts(self.live)
        return self._all_counts[kind]

    def derived(self, key: str, build):
        """What ``build(self)`` gives, built once per index version (did-you-mean's names)."""
        found = self._derived.get(key)
        if found is None:
            found = build(self)   # outside the lock: two first requests may both build it
            with self._lock:
                found = self._derived.setdefault(key, found)
        return found

    def folded_values(self, kind: str) -> list[str]:
        if kind not in self._folded:
            self._folded[kind] = [fold(v) for v in self.facets[kind].values]
        return self._folded[kind]

    def cached_mask(self, key, compute, limit: int = 512) -> np.ndarray:
        """The mask ``compute()`` gives for ``key`` (a term or a whole query), from an LRU.

        Masks are kept as packed bits (n_docs / 8 bytes each: 30 KB at 240,000 documents), so
        the cache stays small in every worker; unpacking costs well under a millisecond.
        """
        with self._lock:
            found = self._term_docs.pop(key, None)
            if found is not None:
                self._term_docs[key] = found      # most recently used last
        if found is not None:
            return np.unpackbits(found, count=self.n_docs).view(bool)
        mask = compute()
        with self._lock:
            self._term_docs[key] = np.packbits(mask)
            while len(self._term_docs) > limit:
                self._term_docs.pop(next(iter(self._term_docs)))
        return mask

    def cached_postings(self, key, compute, budget: int = POSTINGS_CACHE_BYTES) -> tuple:
        """The (docnums, weights) arrays ``compute()`` gives for ``key`` (field, term), from an
        LRU bounded by total bytes (a common word's postings are 1000x a rare one's)."""
        with self._lock:
            found = self._postings.pop(key, None)
            if found is not None:
                self._postings[key] = found
                return found
        found = compute()
        size = sum(part.nbytes for part in found)
        with self._lock:
            if key not in self._postings:
                self._postings[key] = found
                self._postings_bytes += size
            while self._postings_bytes > budget and len(self._postings) > 1:
                oldest = self._postings.pop(next(iter(self._postings)))
                self._postings_bytes -= sum(part.nbytes for part in oldest)
        return found

    def clear_term_cache(self) -> None:
        with self._lock:
            self._term_docs.clear()
            self._postings.clear()
            self._postings_bytes = 0

    def date_mask(self, start: date | None, end: date | None, undated: str = "") -> np.ndarray | None:
        """Docs published in [start, end]; ``undated`` "only": docs without a date (no range then),
        "exclude": only dated docs. None = no filter."""
        if undated == "only":
            return self.pubdays == NO_DATE
        if start is None and end is None and undated != "exclude":
            return None
        mask = self.pubdays != NO_DATE
        if start is not None:
            mask &= self.pubdays >= start.toordinal()
        if end is not None:
            mask &= self.pubdays <= end.toordinal()
        return mask

    def facet_mask(self, kind: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> np.ndarray | None:
        """Docs having every ``include`` value and none of the ``exclude`` ones; None = no filter."""
        if not include and not exclude:
            return None
        column = self.facets[kind]
        mask = np.ones(self.n_docs, dtype=bool)
        for value in include:
            value_id = column.value_id(value)
            if value_id is None:
                return np.zeros(self.n_docs, dtype=bool)
            having = np.zeros(self.n_docs, dtype=bool)
            having[column.docs_with(value_id)] = True
            mask &= having
        for value in exclude:
            value_id = column.value_id(value)
            if value_id is not None:
                mask[column.docs_with(value_id)] = False
        return mask

    def order_by_date(self, mask: np.ndarray, newest_first: bool) -> np.ndarray:
        """Doc numbers in ``mask`` by publication day, ties by when first indexed; undated ones
        after the dated, by when first indexed (so an undated archive still has an order, and
        newest first is the reverse of oldest first); then by doc number."""
        return self.in_date_order(mask, "date", newest_first)

    def order_by_latest(self, mask: np.ndarray) -> np.ndarray:
        """Doc numbers in ``mask``, newest first on one time line: the publication day (its
        midnight, UTC) of a dated article, the first-indexed time of an undated one (a feed);
        articles of one day as newest first orders them (the last indexed first)."""
        return self.in_date_order(mask, "latest", True)

    def in_date_order(self, mask: np.ndarray, sort: str, newest_first: bool) -> np.ndarray:
        """order_by_date (``sort`` "date") or order_by_latest ("latest", newest first only)."""
        order = self._order(sort, newest_first)
        return order[mask[order]]

    def date_ranks(self, sort: str, newest_first: bool) -> np.ndarray:
        """Per doc, its place in the order in_date_order gives: the key collapsing a story keeps
        the first copy by, so the copy kept is the one that order puts first."""
        key = ("ranks", sort, newest_first)
        with self._lock:
            found = self._date_orders.get(key)
        if found is None:
            order = self._order(sort, newest_first)
            found = np.empty(len(order), dtype=np.int64)
            found[order] = np.arange(len(order))
            with self._lock:
                found = self._date_orders.setdefault(key, found)
        return found

    def _order(self, sort: str, newest_first: bool) -> np.ndarray:
        # Sorted once per index version: a request then only filters it (O(n), no argsort).
        with self._lock:
            key = (sort, newest_first)
            if key not in self._date_orders:
                self._date_orders[key] = (_latest_order(self.pubdays, self.indexed) if sort == "latest"
                                          else _date_order(self.pubdays, self.indexed, newest_first))
            return self._date_orders[key]


_USECS_PER_DAY = 86_400 * 1_000_000


def _date_order(pubdays: np.ndarray, indexed: np.ndarray, newest_first: bool) -> np.ndarray:
    days = pubdays.astype(np.int64)
    undated = days == NO_DATE
    sign = -1 if newest_first else 1
    day_key = np.where(undated, 0, sign * days)
    # lexsort: the last key first; equal keys keep doc order (it is stable)
    return np.lexsort((sign * indexed.astype(np.int64), day_key, undated)).astype(np.int32)


def _latest_order(pubdays: np.ndarray, indexed: np.ndarray) -> np.ndarray:
    days = pubdays.astype(np.int64)
    at = np.where(days == NO_DATE, indexed.astype(np.int64), (days - 1) * _USECS_PER_DAY)
    # articles of one day as in the newest-first date sort: the last indexed first
    return np.lexsort((-indexed.astype(np.int64), -at)).astype(np.int32)


# Building


class ArrayCache:
    """Per-segment parts kept between index versions, so a new version only reads new segments.

    A segment's part is memory-mapped from the files the writer saved beside the generation
    (store/segment_arrays.py), or read from the index when they are missing or stale.
    """

    def __init__(self):
        self._segments: dict[str, SegmentArrays] = {}
        self._lock = threading.Lock()

    def build(self, reader, generation: Path | None = None, value_map=None) -> IndexArrays:
        """The arrays of ``reader``; ``generation``: its folder, where saved parts are looked for;
        ``value_map``: the entity resolution and corrections its facet columns show (resolved.py)."""
        started = time.perf_counter()
        leaves = reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]
        leaves = [(leaf, offset) for leaf, offset in leaves if leaf.segment() is not None]
        n_docs = reader.doc_count_all()
        live = np.ones(n_docs, dtype=bool)
        pubdays = np.full(n_docs, NO_DATE, dtype=np.int32)
        indexed = np.full(n_docs, NO_TIME, dtype=np.int64)
        lengths = {field: np.zeros(n_docs, dtype=np.int32) for field in LENGTH_FIELDS}
        idkeys = np.zeros(n_docs, dtype=np.uint64)
        parts, placed, loaded = {}, [], 0
        for leaf, offset in leaves:
            segment_id = leaf.segment().segment_id()
            part = self._part(segment_id, leaf, generation)
            loaded += part is not None
            part = part or segment_arrays.read(leaf)
            parts[segment_id] = part
            placed.append((part, offset))
            pubdays[offset: offset + part.n_docs] = part.pubdays
            indexed[offset: offset + part.n_docs] = part.indexed
            idkeys[offset: offset + part.n_docs] = part.idkeys
            for field, values in part.lengths.items():
                lengths[field][offset: offset + part.n_docs] = values
            deleted = leaf.deleted_docs_set if leaf.has_deletions() else ()
            if deleted:
                live[offset + np.fromiter(deleted, dtype=np.int64)] = False
        with self._lock:
            self._segments = parts   # segments no longer in the index are dropped
        if value_map:
            facets = _resolved_columns(placed, n_docs, value_map)
        else:
            facets = {facet.kind: _merge_column([(part.facets[facet.kind], offset) for part, offset in placed], n_docs)
                      for facet in FACETS}
        log.info("facet arrays for %d docs (%d of %d segments from saved files) built in %.0f ms",
                 n_docs, loaded, len(leaves), (time.perf_counter() - started) * 1000)
        groups = copies.load(generation) if generation is not None else None
        arrays = IndexArrays(n_docs, live, pubdays, facets, lengths, indexed, idkeys, groups,
                             copies.stamp(generation) if generation is not None else None)
        arrays.value_map = value_map
        return arrays

    def _part(self, segment_id: str, leaf, generation: Path | None) -> SegmentArrays | None:
        """The part kept from an earlier version, or the one saved beside the generation."""
        with self._lock:
            part = self._segments.get(segment_id)
        if part is None and generation is not None:
            part = segment_arrays.load(generation, segment_id, leaf.doc_count_all())
        return part


def _resolved_columns(placed: list, n_docs: int, value_map) -> dict[str, FacetColumn]:
    """Every kind's column with the value map applied: values merged, moved or hidden."""
    pairs = {facet.kind: [(part.facets[facet.kind].values, part.facets[facet.kind].doc_of_pair + np.int32(offset),
                           np.asarray(part.facets[facet.kind].doc_vals)) for part, offset in placed]
             for facet in FACETS}
    return {kind: _facet_column(segment_arrays.sorted_column(values, docs, vals, n_docs))
            for kind, [(values, docs, vals)] in resolved.apply_to_pairs(pairs, value_map).items()}


def _merge_column(parts: list[tuple[SortedColumn, int]], n_docs: int) -> FacetColumn:
    """One reader's column from its segments' (column, doc offset) pairs."""
    if len(parts) == 1 and parts[0][1] == 0 and len(parts[0][0].doc_indptr) == n_docs + 1:
        return _facet_column(parts[0][0])   # one segment: its (memory-mapped) arrays as they are
    values: list[str] = []
    ids: dict[str, int] = {}
    all_docs, all_vals = [], []
    for column, offset in parts:
        remap = np.empty(len(column.values), dtype=np.int32)
        for local_id, value in enumerate(column.values):
            global_id = ids.get(value)
            if global_id is None:
                global_id = ids[value] = len(values)
                values.append(value)
            remap[local_id] = global_id
        all_docs.append(column.doc_of_pair + np.int32(offset))
        all_vals.append(remap[column.doc_vals] if len(column.doc_vals) else np.asarray(column.doc_vals))
    docs = np.concatenate(all_docs) if all_docs else np.zeros(0, np.int32)
    vals = np.concatenate(all_vals) if all_vals else np.zeros(0, np.int32)
    return _facet_column(segment_arrays.sorted_column(values, docs, vals, n_docs))


def _facet_column(column: SortedColumn) -> FacetColumn:
    ids = {value: value_id for value_id, value in enumerate(column.values)}
    folded: dict[str, int] = {}
    for value_id, value in enumerate(column.values):
        folded.setdefault(fold(value), value_id)
    return FacetColumn(
        values=column.values, ids=ids, folded=folded,
        doc_indptr=column.doc_indptr, doc_vals=column.doc_vals,
        val_indptr=column.val_indptr, val_docs=column.val_docs, doc_of_pair=column.doc_of_pair,
    )
