"""Copies of one story: near-duplicate groups of a generation, found by MinHash LSH at indexing.

Every article carries its MinHash signature in the ``copies`` column (minhash.py). At the end of
every reindex (incremental too: a new copy joins its group, a removed one leaves it) ``run``
reads the signatures of the live articles and groups them:

1. LSH banding: the NUM_PERM minima are cut into ``bands`` bands of ``rows`` (datasketch's
   MinHashLSH picks them for THRESHOLD, weighing false positives and negatives equally); two
   articles whose minima agree on a whole band are candidates. In numpy: each band hashed to a
   uint64, sorted, equal runs paired (every pair of a run, a star past RUN_PAIRS members).
2. Each candidate pair is kept when its estimated Jaccard similarity (the share of equal
   minima) reaches THRESHOLD.
3. Groups are joined along the kept pairs, most similar first: an agency's first take, its
   updates and the papers that ran it are one story even where the first and the last differ
   more, as long as the dated copies of a group span at most WINDOW_DAYS. A story is told within
   a day or so; the same words weeks apart are a recurring report (the Fed's daily repurchases,
   a weekly rate decision: "Fed adds reserves via customer repurchases" is near word for word the
   same on eleven days of Reuters-21578), not a copy, and joining along a chain of them would
   make one group of a month of reports. Undated articles are joined by their words alone.
4. A group's representative is its earliest article (publication day), else the longest (words),
   else the smallest id: the same whatever the order articles were indexed in.

Articles are taken in the order of their id keys, never of document numbers, so the groups are
the same whatever --workers, --dask or the order batches come back in. Only the signatures are
kept (with each article, through merges and updates), so a run costs reading them and one numpy
pass; no article is read or hashed again. The groups are written beside the generation,
``copies/`` (only articles in a group of two or more; the rest are stories of one article),
keyed by each id's 64-bit key (id_key), which the search side finds per document number in the
segment arrays (segment_arrays.py) without reading stored fields.
"""
from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from . import minhash, segment_arrays
from .segment_arrays import NO_DATE, id_keys

log = logging.getLogger(__name__)

FOLDER = "copies"
LAYOUT = 1
# Estimated Jaccard similarity of word 5-shingles from which two articles are copies of one
# story: README "Copies of one story" gives the hand-checked precision and recall behind it.
THRESHOLD = 0.35
WINDOW_DAYS = 1         # the dated copies of one story lie within this many days of each other
RUN_PAIRS = 64          # a band's run of more members is paired as a star, not every pair
_ARRAYS = ("keys", "groups", "representative")
_BAND_SEED = 20240524   # constants of the band hash: fixed, so every run hashes alike


@dataclass
class Pool:
    """The live articles of a generation, as the grouping needs them."""

    ids: list[str]
    keys: np.ndarray         # uint64 id keys
    pubdays: np.ndarray      # int32 date ordinals, NO_DATE when undated
    words: np.ndarray        # uint32 words of title + body
    signatures: np.ndarray   # (n, NUM_PERM) uint32; all zero: too short to have one


@dataclass
class Groups:
    """Articles in groups of two or more, by id key (sorted)."""

    keys: np.ndarray              # uint64, sorted
    groups: np.ndarray            # int32 group number per key
    representative: np.ndarray    # bool per key: the group's representative


@dataclass
class Summary:
    articles: int
    groups: int                   # of two or more articles
    grouped: int                  # articles in them
    candidates: int               # pairs LSH proposed
    seconds: float
    threshold: float = THRESHOLD
    bands: int = 0
    rows: int = 0

    @property
    def stories(self) -> int:
        return self.articles - self.grouped + self.groups


def bands_for(threshold: float = THRESHOLD) -> tuple[int, int]:
    """(bands, rows) datasketch's MinHashLSH chooses for ``threshold`` and NUM_PERM."""
    from datasketch import MinHashLSH   # indexing only: it imports scipy

    lsh = MinHashLSH(threshold=threshold, num_perm=minhash.NUM_PERM)
    return lsh.b, lsh.r


def run(generation: Path, threshold: float = THRESHOLD) -> Summary:
    """Group the live articles of ``generation`` and write the groups beside it."""
    started = time.perf_counter()
    pool = read_pool(generation)
    bands, rows = bands_for(threshold)
    groups, candidates = group(pool, threshold, bands, rows)
    summary = Summary(len(pool.ids), int(groups.groups.max()) + 1 if len(groups.groups) else 0,
                      len(groups.keys), candidates, 0.0, threshold, bands, rows)
    summary.seconds = round(time.perf_counter() - started, 3)
    save(generation, groups, summary)
    log.info("copies of %s: %d articles in %d groups of two or more (%d candidate pairs) in %.2f s",
             Path(generation).name, summary.grouped, summary.groups, candidates, summary.seconds)
    return summary


def read_pool(generation: Path) -> Pool:
    """Ids, dates, word counts and signatures of the generation's live articles (columns only)."""
    from . import generations   # generations imports the schema, which imports this module

    ids, pubdays, values = [], [], []
    with generations.open_generation(generation).reader() as reader:
        leaves = reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]
        for leaf, _ in leaves:
            if leaf.segment() is None or not leaf.has_column("copies"):
                continue
            live = [n for n in range(leaf.doc_count_all()) if not leaf.is_deleted(n)]
            days = segment_arrays.pubdays_of(leaf)
            column, id_column = leaf.column_reader("copies"), leaf.column_reader("id")
            for n in live:
                doc_id = id_column[n]
                ids.append(doc_id.decode("utf-8") if isinstance(doc_id, bytes) else doc_id)
                values.append(column[n])
            pubdays.append(days[live])
    words, signatures = minhash.unpack(values)
    return Pool(ids, id_keys(ids), np.concatenate(pubdays) if pubdays else np.zeros(0, np.int32),
                words, signatures)


def group(pool: Pool, threshold: float, bands: int, rows: int) -> tuple[Groups, int]:
    """The groups of ``pool`` (and how many candidate pairs LSH proposed)."""
    order = np.argsort(pool.keys, kind="stable")     # node i is the article with the i-th key
    signatures = pool.signatures[order]
    eligible = pool.words[order] >= minhash.SHINGLE_WORDS
    first, second = candidate_pairs(signatures, eligible, bands, rows)
    similarity = similarities(signatures, first, second)
    kept = similarity >= threshold
    labels = join(pool.pubdays[order], first[kept], second[kept], similarity[kept])
    return _groups(pool, order, labels), len(first)


def candidate_pairs(signatures: np.ndarray, eligible: np.ndarray, bands: int, rows: int):
    """Distinct (i, j), i < j, of rows of ``signatures`` sharing a whole band (LSH)."""
    nodes = np.flatnonzero(eligible)
    constants = np.random.default_rng(_BAND_SEED).integers(1, 2**63, size=rows, dtype=np.uint64) * 2 + 1
    codes = []
    n = len(signatures)
    for band in range(bands):
        part = signatures[nodes, band * rows:(band + 1) * rows].astype(np.uint64)
        hashed = (part * constants).sum(axis=1, dtype=np.uint64)
        by_hash = np.argsort(hashed, kind="stable")
        sorted_hashes = hashed[by_hash]
        starts = np.flatnonzero(np.r_[True, sorted_hashes[1:] != sorted_hashes[:-1]])
        ends = np.r_[starts[1:], len(sorted_hashes)]
        for start, end in zip(starts[ends - starts > 1], ends[ends - starts > 1]):
            members = nodes[by_hash[start:end]]
            codes.append(_run_pairs(np.sort(members), n))
    if not codes:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    unique = np.unique(np.concatenate(codes))
    return unique // n, unique % n


def _run_pairs(members: np.ndarray, n: int) -> np.ndarray:
    """Pair codes (i * n + j) of one run of a band: every pair, or a star past RUN_PAIRS."""
    if len(members) > RUN_PAIRS:
        return members[0] * n + members[1:]
    i, j = np.triu_indices(len(members), k=1)
    return members[i] * n + members[j]


def similarities(signatures: np.ndarray, first: np.ndarray, second: np.ndarray, chunk: int = 65536) -> np.ndarray:
    """Each pair's estimated Jaccard similarity: the share of equal minima."""
    found = np.zeros(len(first))
    for start in range(0, len(first), chunk):
        a, b = first[start:start + chunk], second[start:start + chunk]
        found[start:start + chunk] = (signatures[a] == signatures[b]).mean(axis=1)
    return found


def join(pubdays: np.ndarray, first: np.ndarray, second: np.ndarray, similarity: np.ndarray) -> np.ndarray:
    """Group label of each node: pairs joined most similar first (ties by node numbers), unless
    the joined group's dated nodes would span more than WINDOW_DAYS (union-find)."""
    parent = np.arange(len(pubdays))
    dated = pubdays != NO_DATE
    low = np.where(dated, pubdays, np.iinfo(np.int32).max).astype(np.int64)
    high = np.where(dated, pubdays, np.iinfo(np.int32).min).astype(np.int64)

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for edge in np.lexsort((second, first, -similarity)):
        a, b = root(int(first[edge])), root(int(second[edge]))
        if a == b:
            continue
        lowest, highest = min(low[a], low[b]), max(high[a], high[b])
        if highest >= lowest and highest - lowest > WINDOW_DAYS:
            continue
        a, b = min(a, b), max(a, b)
        parent[b] = a
        low[a], high[a] = lowest, highest
    labels = np.arange(len(parent), dtype=np.int64)
    for node in np.unique(np.concatenate([first, second])).tolist():
        labels[node] = root(node)
    return labels


def _groups(pool: Pool, order: np.ndarray, labels: np.ndarray) -> Groups:
    """Components of two or more articles, numbered by their representatives' keys."""
    sizes = np.bincount(labels, minlength=len(labels)) if len(labels) else np.zeros(0, np.int64)
    nodes = np.flatnonzero(sizes[labels] >= 2)
    if not len(nodes):
        empty = np.zeros(0, dtype=np.uint64)
        return Groups(empty, np.zeros(0, np.int32), np.zeros(0, bool))
    articles = order[nodes]
    days = pool.pubdays[articles].astype(np.int64)
    undated_last = np.where(days == NO_DATE, np.iinfo(np.int64).max, days)
    id_rank = np.argsort(np.argsort(np.array([pool.ids[a] for a in articles], dtype=object), kind="stable"))
    # earliest, else longest, else the smallest id, per component
    by_choice = np.lexsort((id_rank, -pool.words[articles].astype(np.int64), undated_last, labels[nodes]))
    chosen = by_choice[np.r_[True, labels[nodes][by_choice][1:] != labels[nodes][by_choice][:-1]]]
    representative = np.zeros(len(nodes), dtype=bool)
    representative[chosen] = True
    # group numbers in the order of the representatives' keys (nodes are in key order)
    number = np.full(len(labels), -1, dtype=np.int64)
    number[labels[nodes][np.sort(chosen)]] = np.arange(len(chosen))
    keys = pool.keys[articles]
    return Groups(keys, number[labels[nodes]].astype(np.int32), representative)


# The files beside the generation


def save(generation: Path, groups: Groups, summary: Summary) -> None:
    folder = Path(generation) / FOLDER
    folder.mkdir(exist_ok=True)
    for name in _ARRAYS:
        partial = folder / f".{name}.npy"
        np.save(partial, np.ascontiguousarray(getattr(groups, name)))
        os.replace(partial, folder / f"{name}.npy")
    meta = {"layout": LAYOUT, "count": len(groups.keys), **asdict(summary)}
    partial = folder / ".copies.json"
    partial.write_text(json.dumps(meta))
    os.replace(partial, folder / "copies.json")   # last: the set is complete


def load(generation: Path) -> Groups | None:
    """The groups written beside ``generation``; None when missing, partial or of another layout."""
    folder = Path(generation) / FOLDER
    try:
        meta = json.loads((folder / "copies.json").read_text())
        if meta.get("layout") != LAYOUT:
            return None
        groups = Groups(*(np.load(folder / f"{name}.npy") for name in _ARRAYS))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if any(len(getattr(groups, name)) != meta["count"] for name in _ARRAYS):
        return None
    return groups


def summary_of(generation: Path) -> dict | None:
    """What the last grouping pass of ``generation`` found (its copies.json), or None."""
    try:
        return json.loads((Path(generation) / FOLDER / "copies.json").read_text())
    except (OSError, ValueError):
        return None


def stamp(generation: Path) -> tuple | None:
    """Changes whenever the groups are written again: a searcher then regroups its documents."""
    try:
        found = os.stat(Path(generation) / FOLDER / "copies.json")
    except OSError:
        return None
    return (found.st_mtime_ns, found.st_size, found.st_ino)
