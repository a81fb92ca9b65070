"""Reading Whoosh postings into numpy arrays, through the public matcher API."""
from __future__ import annotations

from array import array

import numpy as np
from whoosh.reading import TermNotFound


def term_postings(reader, arrays, field: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Global doc numbers (int32, deleted included) and posting weights (float32, the field
    boost included, as Whoosh stores them) of one term, cached per index version."""

    def compute() -> tuple[np.ndarray, np.ndarray]:
        leaves = reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]
        docs, weights = [], []
        for leaf, offset in leaves:
            try:
                matcher = leaf.postings(field, btext)
            except TermNotFound:
                continue
            # The public matcher calls, bound once: 220 ms for the 169,000 postings of "said" on
            # 234,000 articles; items_as("weight") decodes every posting's positions (320 ms).
            ids, found = array("i"), array("f")
            add_id, add_weight = ids.append, found.append
            is_active, doc, weight, advance = matcher.is_active, matcher.id, matcher.weight, matcher.next
            while is_active():
                add_id(doc())
                add_weight(weight())
                advance()
            docs.append(np.frombuffer(ids, dtype=np.int32) + np.int32(offset))
            weights.append(np.frombuffer(found, dtype=np.float32))
        if not docs:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        return np.concatenate(docs), np.concatenate(weights)

    return arrays.cached_postings((field, btext), compute)

