"""BM25F as Whoosh computes it, over whole posting arrays, and the top hits of a score array.

Scores equal Whoosh's (tests/test_matching.py compares them): same idf and average length (asked
from the searcher), same byte-quantised field lengths, same formula in float64, ties broken by
doc number as Whoosh's collector does.
"""
from __future__ import annotations

import numpy as np

B = 0.75    # whoosh.scoring.BM25F defaults, the searcher's default weighting
K1 = 1.2


def bm25(searcher, arrays, field: str, btext: bytes, docs: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """whoosh.scoring.bm25 for every posting of one term, in the same float64 operation order."""
    idf = searcher.idf(field, btext)
    avgfl = searcher.avg_field_length(field) or 1
    tf = weights.astype(np.float64)
    lengths = arrays.field_lengths[field][docs].astype(np.float64)
    return idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * lengths / avgfl)))


def boosted(scores: np.ndarray, boost: float) -> np.ndarray:
    if boost != 1.0:
        scores *= boost
    return scores


def top_docs(scores: np.ndarray, mask: np.ndarray, limit: int) -> list[tuple[int, float]]:
    """The ``limit`` best (docnum, score) among the docs in ``mask``, ties by doc number."""
    docs = np.flatnonzero(mask)
    found = scores[docs]
    if len(docs) > limit:
        # Keep every doc scoring at least the limit-th best score, so ties at the cut are all
        # there for the doc-number tie-break below (argpartition would pick among them at random).
        threshold = found[np.argpartition(-found, limit - 1)[limit - 1]]
        keep = found >= threshold
        docs, found = docs[keep], found[keep]
    order = np.lexsort((docs, -found))[:limit]
    return [(int(docs[i]), float(found[i])) for i in order]
