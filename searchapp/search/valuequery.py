"""A facet value as a leaf of a query tree: `person:"Tony Blair"` matches exactly the articles the
filter `person=Tony Blair` finds (its mask from the facet columns, arrays.facet_mask), each
scoring the leaf's boost. matching.py evaluates it with numpy; its Whoosh matcher serves the
queries Whoosh ranks (the same documents, the same constant score)."""
from __future__ import annotations

import numpy as np
from whoosh import matching, query


class FacetValue(query.Query):
    def __init__(self, kind: str, value: str, mask: np.ndarray, boost: float = 1.0):
        self.kind = kind      # the facet kind and value as the index spells them (after resolution)
        self.value = value
        self.mask = mask      # bool per doc number of one index version: live docs naming the value
        self.boost = boost

    def __eq__(self, other) -> bool:
        return (type(other) is FacetValue and self.kind == other.kind and self.value == other.value
                and self.boost == other.boost)

    def __hash__(self) -> int:
        return hash((FacetValue, self.kind, self.value, self.boost))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.kind!r}, {self.value!r}, boost={self.boost!r})"

    def __str__(self) -> str:
        return f"{self.kind}={self.value}"

    def field(self):
        return None

    def estimate_size(self, ixreader) -> int:
        return int(self.mask.sum())

    def matcher(self, searcher, context=None):
        # Whoosh asks per segment, with the segment's own doc numbers.
        offset = 0
        if searcher.has_parent():
            offset = searcher.get_parent()._offset_for_subsearcher(searcher)
        docs = np.flatnonzero(self.mask[offset: offset + searcher.doc_count_all()])
        if not len(docs):
            return matching.NullMatcher()
        return matching.ListMatcher(docs.tolist(), all_weights=float(self.boost))
