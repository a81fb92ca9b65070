"""Exact phrases matched with numpy: the documents where a phrase's words stand in sequence.

Whoosh matches a phrase with a tree of span matchers, one per word of the phrase, stepping
document by document in Python: each word costs a walk over every document holding it, so a
phrase of common words cost ~50 ms a word on 23,000 articles (`"the the … the"`, 199 words:
10 s), and a repeated word is walked once per repetition. Here the candidates are the
documents holding every distinct word (an intersection of the cached postings), the positions
of each *distinct* word are decoded for those candidates only, and the sequence test is one
array operation per word of the phrase over (document, position) keys.
"""
from __future__ import annotations

import numpy as np
from whoosh import formats, query
from whoosh.compat import loads
from whoosh.system import _INT_SIZE
from whoosh.reading import TermNotFound

from .postings import term_postings

_DOC_SHIFT = np.int64(32)   # a key is (candidate index << 32) + position (positions are < 2**31)


def phrase_docs(reader, arrays, node: query.Phrase) -> np.ndarray:
    """The global document numbers (deleted ones included) where ``node``'s words follow each
    other exactly (slop 1), ascending."""
    field = node.fieldname
    fieldobj = reader.schema[field]
    words = [fieldobj.to_bytes(word) for word in node.words]
    postings = {word: term_postings(reader, arrays, field, word)[0] for word in dict.fromkeys(words)}
    # The rarest word first: it gives the fewest phrase starts, and every later word is decoded
    # only in the documents where the starts found so far still stand.
    order = sorted(range(len(words)), key=lambda i: (len(postings[words[i]]), i))
    candidates = postings[words[order[0]]].astype(np.int64)
    for word in postings:
        candidates = np.intersect1d(candidates, postings[word], assume_unique=True)
        if not len(candidates):
            return candidates
    if len(words) == 1:
        return candidates
    decoded: dict[bytes, np.ndarray] = {}   # a repeated word is decoded once
    starts = None
    for offset in order:
        word = words[offset]
        if word not in decoded:
            alive = np.arange(len(candidates)) if starts is None else np.unique(starts >> _DOC_SHIFT)
            decoded[word] = _position_keys(reader, fieldobj, field, word, candidates, alive)
        keys = decoded[word]
        if starts is None:
            starts = keys - offset   # where the phrase would start (a negative one never matches)
            continue
        wanted = starts + offset
        found = np.searchsorted(keys, wanted)
        found[found == len(keys)] = 0   # past the end: compared with the first key, never equal
        starts = starts[keys[found] == wanted] if len(keys) else starts[:0]
        if not len(starts):
            break
    return candidates[np.unique(starts >> _DOC_SHIFT)] if len(starts) else candidates[:0]


def _position_keys(reader, fieldobj, field: str, btext: bytes, candidates: np.ndarray,
                   indices: np.ndarray) -> np.ndarray:
    """Sorted keys ((candidate index << 32) + position) of every position of one term in the
    candidate documents at ``indices`` (ascending; each document holds the term)."""
    deltas = type(fieldobj.format) is formats.Positions   # the format whose values we can read
    decode = _position_deltas if deltas else fieldobj.format.decode_positions
    found: list[int] = []
    counts: list[int] = []
    leaves = reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]
    bounds = [offset for _, offset in leaves] + [np.iinfo(np.int64).max]
    docs = candidates[indices]
    for number, (leaf, offset) in enumerate(leaves):
        low, high = np.searchsorted(docs, [bounds[number], bounds[number + 1]])
        if low == high:
            continue
        try:
            matcher = leaf.postings(field, btext)
        except TermNotFound:
            counts.extend([0] * int(high - low))
            continue
        skip_to, value, add, count = matcher.skip_to, matcher.value, found.extend, counts.append
        for doc in (docs[low:high] - offset).tolist():
            skip_to(doc)
            positions = decode(value())
            add(positions)
            count(len(positions))
    counts_array = np.array(counts, dtype=np.int64)
    positions = np.array(found, dtype=np.int64)
    if deltas and len(positions):   # each document's deltas summed from its first position
        ends = np.cumsum(counts_array)
        running = np.cumsum(positions)
        before = np.concatenate(([0], running[ends[:-1] - 1]))
        positions = running - np.repeat(before, counts_array)
    owners = np.repeat(indices.astype(np.int64), counts_array)
    return (owners << _DOC_SHIFT) + positions


def _position_deltas(value: bytes) -> list[int]:
    """The position deltas Whoosh's Positions format stores after a posting's frequency (its
    decode_positions sums them in a Python loop; numpy sums them for every document at once)."""
    return loads(value[_INT_SIZE:] + b".")
