"""Stories: the copies of one story (store/copies.py) as numpy arrays of one index version, and
counting over a match mask by story instead of by article.

A story is a group of copies the indexing pass found, or an article that has none. Collapsing
keeps one document per story, the best-ranked one in the search's sort; counting by story counts
a story once however many of its copies match. So the total, a facet value's count, a date
bucket and the undated count are each the number of stories the same search with that filter (or
period) gives: a story whose copies name different people counts under each, once.

Every operation is a mask or array pass over document numbers; only the documents in stories
of two or more copies (a few percent of an archive) take the slower path of ``np.unique``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NO_DATE = -1     # as segment_arrays.NO_DATE (not imported: this module knows only arrays)
_LAST = np.iinfo(np.int64).max


@dataclass
class Stories:
    group: np.ndarray            # int32 per doc: its story (copies share one; others their own)
    multi: np.ndarray            # bool per doc: live and in a story with another live copy
    versions: np.ndarray         # int32 per doc: live copies of its story (1: none but itself)
    representative: np.ndarray   # bool per doc: its story's representative (live)
    stamp: tuple | None = None   # of the copies files it was built from (copies.stamp)

    def __post_init__(self):
        self.any = bool(self.multi.any())    # some story has two live copies

    def members(self, doc: int) -> np.ndarray:
        """The live documents of ``doc``'s story (``doc`` alone when it has no copy)."""
        if not self.multi[doc]:
            return np.array([doc], dtype=np.int64)
        return np.flatnonzero(self.multi & (self.group == self.group[doc]))

    def collapse(self, mask: np.ndarray, key: np.ndarray) -> np.ndarray:
        """``mask`` keeping one document per story: the one with the smallest ``key`` (ties: the
        smallest document number), i.e. the first of its story in an order by ``key``."""
        docs = np.flatnonzero(mask & self.multi)
        if not len(docs):
            return mask
        order = np.lexsort((docs, key[docs], self.group[docs]))
        ranked = docs[order]
        stories = self.group[ranked]
        later = np.r_[False, stories[1:] == stories[:-1]]
        kept = mask.copy()
        kept[ranked[later]] = False
        return kept

    def total(self, mask: np.ndarray) -> int:
        docs = np.flatnonzero(mask & self.multi)
        alone = int(np.count_nonzero(mask)) - len(docs)
        return alone + len(distinct_values(self.group[docs]))

    def split(self, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(documents of ``mask`` without a copy, as a mask; those with copies, as numbers)."""
        with_copies = mask & self.multi
        return mask & ~with_copies, np.flatnonzero(with_copies)

    def distinct(self, docs: np.ndarray, slots: np.ndarray, size: int) -> np.ndarray:
        """Per slot (0..size-1), the stories among ``docs`` (one slot each, same length) in it."""
        if not len(docs):
            return np.zeros(size, dtype=np.int64)
        codes = distinct_values(self.group[docs].astype(np.int64) * size + slots.astype(np.int64))
        return np.bincount(codes % size, minlength=size)


def distinct_values(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted: np.unique by a sort (numpy 2's hash-based unique costs
    ~0.3 ms even for a few hundred values, six times per search)."""
    found = np.sort(values)
    return found[np.r_[True, found[1:] != found[:-1]]] if len(found) else found


def sort_key(pubdays: np.ndarray, newest_first: bool) -> np.ndarray:
    """Per doc, its publication day as a rank key, undated last (a story's versions and its
    representative; a search's date sort is IndexArrays.date_ranks, ties by first indexed)."""
    days = pubdays.astype(np.int64)
    return np.where(days == NO_DATE, _LAST, -days if newest_first else days)


def build(idkeys: np.ndarray, live: np.ndarray, pubdays: np.ndarray, groups, stamp=None) -> Stories:
    """The stories of one index version: ``groups`` (copies.Groups, by id key; None: no copies
    known) placed on the documents by their id keys. A copy indexed after the last grouping pass
    is a story of its own until the next one; a representative removed since, replaced by its
    story's earliest live copy."""
    n_docs = len(idkeys)
    group = np.arange(n_docs, dtype=np.int32)
    versions = np.ones(n_docs, dtype=np.int32)
    multi = np.zeros(n_docs, dtype=bool)
    representative = np.zeros(n_docs, dtype=bool)
    if groups is None or not len(groups.keys) or not n_docs:
        return Stories(group, multi, versions, representative, stamp)
    found_at = np.minimum(np.searchsorted(groups.keys, idkeys), len(groups.keys) - 1)
    found = live & (groups.keys[found_at] == idkeys)
    number = groups.groups[found_at].astype(np.int32)
    sizes = np.bincount(number[found], minlength=int(groups.groups.max()) + 1)
    multi = found & (sizes[number] >= 2)
    group[multi] = number[multi] - np.int32(len(sizes))      # negative: apart from every doc number
    versions[multi] = sizes[number[multi]]
    representative = multi & groups.representative[found_at]
    _replace_missing_representatives(group, multi, representative, pubdays)
    return Stories(group, multi, versions, representative, stamp)


def _replace_missing_representatives(group, multi, representative, pubdays) -> None:
    docs = np.flatnonzero(multi)
    having = distinct_values(group[representative])
    orphans = docs[~np.isin(group[docs], having)]
    if not len(orphans):
        return
    order = np.lexsort((orphans, sort_key(pubdays[orphans], newest_first=False), group[orphans]))
    ranked = orphans[order]
    first = np.r_[True, group[ranked][1:] != group[ranked][:-1]]
    representative[ranked[first]] = True
