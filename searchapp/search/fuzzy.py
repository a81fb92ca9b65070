"""Fuzzy terms (`econmy~`): the terms of a field within a few edits of a word.

Whoosh's ``IndexReader.terms_within`` reads every term sharing the word's first letter from the
term file and computes a Python edit-distance table for each: 81 of 120 ms of `econmy~` over
~2,000 terms. Here the terms of a field sharing a prefix are read once per index version and kept
by length (store/vocabulary.py's ``TermBuckets``, one per index version, whichever searcher asks), and rapidfuzz's C++ edit distance
compares the word with those of about its length only.
"""
from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import OSA

from ..store.vocabulary import TermBuckets

# Whoosh's "damerau_levenshtein" is the optimal string alignment distance (a transposition of two
# adjacent letters is one edit, and no letter is edited twice), which rapidfuzz calls OSA.
_DISTANCE = OSA.distance


def terms_within(reader, terms: TermBuckets, field: str, text: str, maxdist: float, prefix: int) -> list[str]:
    """The terms of ``field`` within ``maxdist`` edits of ``text`` that share its first ``prefix``
    letters (those of Whoosh's ``IndexReader.terms_within``), most frequent first, then
    alphabetical: the same order whatever the process's hash seed."""
    limit = int(maxdist)
    buckets = terms.by_length(reader, field, text[:prefix])
    # An edit changes the length by at most one.
    candidates = [term for length in range(len(text) - limit, len(text) + limit + 1)
                  for term in buckets.get(length, ())]
    found = process.extract(text, candidates, scorer=_DISTANCE, score_cutoff=limit, limit=None)
    frequency = {term: reader.doc_frequency(field, term) for term, _, _ in found}
    return sorted(frequency, key=lambda term: (-frequency[term], term))
