"""A parsed query evaluated over all document numbers at once: which documents match, and how well.

One walk of the query tree serves both needs: filters, facet counts and the date histogram take
the match mask; relevance ranking also takes BM25F scores, equal to Whoosh's own (scoring.py).
A facet value (`person:"Tony Blair"`, valuequery.py) is its filter's mask, scoring its boost.
Boolean structure is numpy over each term's postings (cached per index version); exact phrases
are matched with numpy too (phrases.py; a phrase with slop by Whoosh), their masks cached.

Whoosh scores one matching document at a time in Python (`body:said`, 170,000 postings, took
~1 s on 234,000 articles); here each term's postings are scored in one array operation and the
tree combines the arrays the way Whoosh's matchers combine scores. A part whose score is not
reproduced here (a Not, an Or with minmatch or scale, a name-field term, any other query type)
raises Unsupported when scores are asked for, and the caller ranks with Whoosh. Masks are always
known: a part numpy does not evaluate is matched by Whoosh.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
from whoosh import query

from .arrays import LENGTH_FIELDS, IndexArrays
from .parsing import ExpandedOr
from .phrases import phrase_docs
from .postings import term_postings
from .scoring import bm25, boosted, top_docs
from .valuequery import FacetValue


class Unsupported(Exception):
    """The query holds a part whose score numpy does not reproduce."""


@dataclass
class Matched:
    mask: np.ndarray                 # bool per doc number (deleted docs may be set below the top)
    scores: np.ndarray | None        # float64 per doc number, 0 where not matched; None: not asked


def matching_mask(q: query.Query, searcher, arrays: IndexArrays) -> np.ndarray:
    """The live documents ``q`` matches."""
    return QueryEvaluator(searcher, arrays, with_scores=False).evaluate(q).mask & arrays.live


def score_query(q: query.Query, searcher, arrays: IndexArrays) -> Matched:
    """Mask and BM25F scores of ``q``; Unsupported when a part cannot be scored here."""
    return QueryEvaluator(searcher, arrays, with_scores=True).evaluate(q)


def rank(q: query.Query, searcher, arrays: IndexArrays, mask: np.ndarray, limit: int) -> list[tuple[int, float]]:
    """The ``limit`` best (docnum, score) in ``mask``, best first, ties by doc number."""
    return top_docs(score_query(q, searcher, arrays).scores, mask, limit)


class QueryEvaluator:
    """Evaluates query trees for one searcher and its arrays; ``with_scores`` adds scores."""

    def __init__(self, searcher, arrays: IndexArrays, with_scores: bool):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.arrays = arrays
        self.n_docs = arrays.n_docs
        self.with_scores = with_scores

    def evaluate(self, node: query.Query) -> Matched:
        kind = type(node)
        if node is query.NullQuery:
            return self._matched(np.zeros(self.n_docs, dtype=bool))
        if kind is query.Every:
            return self._matched(np.ones(self.n_docs, dtype=bool), float(node.boost))
        if kind is query.Term:
            return self._term(node)
        if kind is FacetValue:
            return self._matched(node.mask.copy(), float(node.boost))
        if kind is query.And:
            return self._and(node)
        if (kind is query.Or or kind is ExpandedOr) and not node.minmatch:
            return self._or(node)
        if kind is query.AndNot or kind is query.Require:
            # Whoosh scores both as their first part; the second only narrows (AndNot: leaves out).
            first, second = self.evaluate(node.a), self._mask_only(node.b)
            mask = first.mask & (~second if kind is query.AndNot else second)
            return self._narrowed(mask, first.scores, node.boost)
        if kind is query.AndMaybe:
            # The optional part only adds to scores: its mask is never needed.
            first = self.evaluate(node.a)
            scores = first.scores + self.evaluate(node.b).scores if self.with_scores else None
            return self._narrowed(first.mask, scores, node.boost)
        if kind is query.Not:
            self._refuse_scores(node)
            return Matched(~self.evaluate(node.query).mask, None)
        if kind is query.Phrase:
            return self._phrase(node)
        self._refuse_scores(node)
        return Matched(self._whoosh_mask(node), None)

    # Parts

    def _term(self, node: query.Term) -> Matched:
        field = node.fieldname
        if field not in self.reader.schema:
            return self._matched(np.zeros(self.n_docs, dtype=bool))
        btext = self._btext(field, node.text)

        def compute() -> np.ndarray:
            mask = np.zeros(self.n_docs, dtype=bool)
            mask[term_postings(self.reader, self.arrays, field, btext)[0]] = True
            return mask

        mask = self.arrays.cached_mask((field, btext), compute)
        if not self.with_scores:
            return Matched(mask, None)
        docs, found = self._term_scores(node)
        scores = np.zeros(self.n_docs)
        scores[docs] = found
        return Matched(mask, scores)

    def _and(self, node: query.And) -> Matched:
        children = [self.evaluate(child) for child in node.children()]
        mask = np.logical_and.reduce([child.mask for child in children]) if children else \
            np.ones(self.n_docs, dtype=bool)
        if not self.with_scores:
            return Matched(mask, None)
        scores = np.zeros(self.n_docs)
        for child in children:
            scores += child.scores
        return self._narrowed(mask, scores, node.boost)

    def _or(self, node: query.Or) -> Matched:
        if self.with_scores and node.scale:
            raise Unsupported("cannot rank a scaled Or with numpy")
        mask = np.zeros(self.n_docs, dtype=bool)
        scores = np.zeros(self.n_docs) if self.with_scores else None
        for child in node.children():
            if self.with_scores and type(child) is query.Term:
                # Straight from the postings (a doc appears once per posting list): `wor*` is 52
                # terms, and a dense array per term cost ~1 ms each on 234,000 articles.
                docs, found = self._term_scores(child)
                mask[docs] = True
                scores[docs] += found
                continue
            matched = self.evaluate(child)
            mask |= matched.mask
            if scores is not None:
                scores += matched.scores
        return Matched(mask, boosted(scores, node.boost) if scores is not None else None)

    def _phrase(self, node: query.Phrase) -> Matched:
        mask = self._phrase_mask(node)
        if not self.with_scores:
            return Matched(mask, None)
        # Whoosh scores a phrase as the sum of its words' scores in the documents where the
        # words are in sequence (its span matcher wraps an intersection of the word terms); a
        # repeated word counts once per repetition.
        scores = np.zeros(self.n_docs)
        for word, times in Counter(node.words).items():
            docs, found = self._term_scores(query.Term(node.fieldname, word))
            scores[docs] += found * times
        return self._narrowed(mask, scores, node.boost)

    def _phrase_mask(self, node: query.Phrase) -> np.ndarray:
        field = self.reader.schema[node.fieldname] if node.fieldname in self.reader.schema else None
        if node.slop != 1 or field is None or not field.format or not field.format.supports("positions"):
            return self._whoosh_mask(node)   # Whoosh's answer (or its error) for the rest

        def compute() -> np.ndarray:
            mask = np.zeros(self.n_docs, dtype=bool)
            mask[phrase_docs(self.reader, self.arrays, node)] = True
            return mask

        return self.arrays.cached_mask(("query", node), compute)

    # Helpers

    def _mask_only(self, node: query.Query) -> np.ndarray:
        if not self.with_scores:
            return self.evaluate(node).mask
        return QueryEvaluator(self.searcher, self.arrays, with_scores=False).evaluate(node).mask

    def _matched(self, mask: np.ndarray, score: float = 0.0) -> Matched:
        """A mask whose matches all score ``score`` (Every: its boost; nothing: 0)."""
        return Matched(mask, np.where(mask, score, 0.0) if self.with_scores else None)

    def _narrowed(self, mask: np.ndarray, scores: np.ndarray | None, boost: float) -> Matched:
        if scores is None:
            return Matched(mask, None)
        return Matched(mask, boosted(np.where(mask, scores, 0.0), boost))

    def _refuse_scores(self, node: query.Query) -> None:
        if self.with_scores:
            raise Unsupported(f"cannot rank {type(node).__name__} with numpy")

    def _btext(self, field: str, text) -> bytes:
        return text if isinstance(text, bytes) else self.reader.schema[field].to_bytes(text)

    def _term_scores(self, node: query.Term) -> tuple[np.ndarray, np.ndarray]:
        """(docs, scores) of one term's postings."""
        field = node.fieldname
        if field not in self.reader.schema:
            return np.zeros(0, dtype=np.int32), np.zeros(0)
        fieldobj = self.reader.schema[field]
        if fieldobj.scorable and field not in LENGTH_FIELDS:
            raise Unsupported(f"no field lengths kept for {field}")
        btext = self._btext(field, node.text)
        docs, weights = term_postings(self.reader, self.arrays, field, btext)
        if fieldobj.scorable and len(docs):
            scores = bm25(self.searcher, self.arrays, field, btext, docs, weights)
        else:
            scores = weights.astype(np.float64)   # Whoosh's WeightScorer for unscorable fields
        return docs, boosted(scores, node.boost)

    def _whoosh_mask(self, node: query.Query) -> np.ndarray:
        def compute() -> np.ndarray:
            mask = np.zeros(self.n_docs, dtype=bool)
            mask[np.fromiter(self.searcher.docs_for_query(node), dtype=np.int64)] = True
            return mask

        # Phrases are matched position by position in Python: worth keeping, like terms.
        return self.arrays.cached_mask(("query", node), compute)
