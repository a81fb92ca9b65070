"""Relevance ranking with numpy: Whoosh's BM25F scores, computed over whole posting arrays.

Whoosh scores one matching document at a time in Python (`body:said`, 170,000 postings, took
~1 s on 234,000 articles). Here each term's postings (cached per index version) are scored in
one array operation, the query tree combines the arrays the way Whoosh's matchers combine
scores, and the top hits come from np.argpartition. Scores equal Whoosh's (tests/test_ranking.py
compares them): same idf and average length (asked from the searcher), same byte-quantised field
lengths, same formula in float64, ties broken by doc number as Whoosh's collector does.

A query part this module does not know raises Unsupported; the caller then ranks with Whoosh.
"""
from __future__ import annotations

import numpy as np
from whoosh import query

from .arrays import LENGTH_FIELDS
from .parsing import ExpandedOr, matching_mask, term_postings

B = 0.75    # whoosh.scoring.BM25F defaults, the searcher's default weighting
K1 = 1.2


class Unsupported(Exception):
    """The query holds a part numpy ranking does not reproduce."""


def rank(q: query.Query, searcher, arrays, mask: np.ndarray, limit: int) -> list[tuple[int, float]]:
    """The ``limit`` best (docnum, score) in ``mask``, best first, ties by doc number."""
    _, scores = score_query(q, searcher, arrays)
    return top_docs(scores, mask, limit)


def top_docs(scores: np.ndarray, mask: np.ndarray, limit: int) -> list[tuple[int, float]]:
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


def score_query(q: query.Query, searcher, arrays) -> tuple[np.ndarray, np.ndarray]:
    """(match mask, float64 scores, 0 where not matched) of ``q`` over all doc numbers."""
    reader = searcher.reader()
    n_docs = arrays.n_docs

    def term_scores(node: query.Term) -> tuple[np.ndarray, np.ndarray]:
        """(docs, scores) of one term's postings."""
        field = node.fieldname
        if field not in reader.schema:
            return np.zeros(0, dtype=np.int32), np.zeros(0)
        fieldobj = reader.schema[field]
        if fieldobj.scorable and field not in LENGTH_FIELDS:
            raise Unsupported(f"no field lengths kept for {field}")
        btext = node.text if isinstance(node.text, bytes) else fieldobj.to_bytes(node.text)
        docs, weights = term_postings(reader, arrays, field, btext)
        if fieldobj.scorable and len(docs):
            scores = bm25(searcher, arrays, field, btext, docs, weights)
        else:
            scores = weights.astype(np.float64)   # Whoosh's WeightScorer for unscorable fields
        return docs, boosted(scores, node.boost)

    def term(node: query.Term):
        docs, found = term_scores(node)
        mask = np.zeros(n_docs, dtype=bool)
        mask[docs] = True
        scores = np.zeros(n_docs)
        scores[docs] = found
        return mask, scores

    def union(node):
        # Terms are added straight from their postings (a doc appears once per posting list):
        # `wor*` is 52 terms, and a dense array per term cost ~1 ms each on 234,000 articles.
        mask = np.zeros(n_docs, dtype=bool)
        scores = np.zeros(n_docs)
        for child in node.children():
            if type(child) is query.Term:
                docs, found = term_scores(child)
                mask[docs] = True
                scores[docs] += found
            else:
                child_mask, child_scores = evaluate(child)
                mask |= child_mask
                scores += child_scores
        return mask, boosted(scores, node.boost)

    def intersection(node):
        results = [evaluate(child) for child in node.children()]
        if not results:
            return np.zeros(n_docs, dtype=bool), np.zeros(n_docs)
        mask = np.logical_and.reduce([m for m, _ in results])
        scores = np.zeros(n_docs)
        for _, child_scores in results:
            scores += child_scores
        scores[~mask] = 0.0
        return mask, boosted(scores, node.boost)

    def evaluate(node):
        kind = type(node)
        if node is query.NullQuery:
            return np.zeros(n_docs, dtype=bool), np.zeros(n_docs)
        if kind is query.Term:
            return term(node)
        if kind is query.Every:
            return arrays.live.copy(), np.full(n_docs, float(node.boost))
        if kind is query.And and not any(isinstance(c, query.Not) for c in node.children()):
            return intersection(node)
        if (kind is query.Or or kind is ExpandedOr) and not node.minmatch and not node.scale:
            return union(node)
        if kind is query.AndNot:
            mask, scores = evaluate(node.a)
            mask = mask & ~evaluate(node.b)[0]
            return mask, boosted(np.where(mask, scores, 0.0), node.boost)
        if kind is query.Require:
            mask, scores = evaluate(node.a)
            mask = mask & evaluate(node.b)[0]
            return mask, boosted(np.where(mask, scores, 0.0), node.boost)
        if kind is query.AndMaybe:
            mask, scores = evaluate(node.a)
            _, maybe = evaluate(node.b)
            return mask, boosted(np.where(mask, scores + maybe, 0.0), node.boost)
        if kind is query.Phrase:
            return phrase(node)
        raise Unsupported(f"cannot rank {kind.__name__} with numpy")

    def phrase(node: query.Phrase):
        # Whoosh scores a phrase as the sum of its words' scores in the documents where the
        # words are in sequence (its span matcher wraps an intersection of the word terms).
        mask = matching_mask(node, searcher, arrays)
        scores = np.zeros(n_docs)
        for word in node.words:
            docs, found = term_scores(query.Term(node.fieldname, word))
            scores[docs] += found
        return mask, boosted(np.where(mask, scores, 0.0), node.boost)

    return evaluate(q)


def boosted(scores: np.ndarray, boost: float) -> np.ndarray:
    if boost != 1.0:
        scores *= boost
    return scores


def bm25(searcher, arrays, field: str, btext: bytes, docs: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """whoosh.scoring.bm25 for every posting of one term, in the same float64 operation order."""
    idf = searcher.idf(field, btext)
    avgfl = searcher.avg_field_length(field) or 1
    tf = weights.astype(np.float64)
    lengths = arrays.field_lengths[field][docs].astype(np.float64)
    return idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * lengths / avgfl)))
