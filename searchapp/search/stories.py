"""Stories: the copies of one story (store/copies.py) as numpy arrays of one index version, and
counting over a match mask by story instead of by article.

A story is a group of copies the indexing pass found, or an article that has none. Collapsing
keeps one document per story, the best-ranked one in the search's sort; counting by story counts
a story once however many of its copies match. So the total, a facet value's count, a date
bucket and the undated count are each the number of stories the same search with that filter (or
period) gives: a story whose copies name different people counts under each, once.

Counting by story is counting by article less the repeats: the copies of a story (or of a story
and a value, or a story in a period) matched beyond the first. Only the documents in stories of
two or more copies (a few percent of an archive) can repeat; they are laid out once per index
version in story order (and per facet kind, their values in (story, value) order), so a search
finds its repeats as equal neighbours of that order: gathers and compares, no sort per search.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

NO_DATE = -1     # as segment_arrays.NO_DATE (not imported: this module knows only arrays)
_LAST = np.iinfo(np.int64).max


@dataclass
class StoryValues:
    """The (doc, value) pairs of one facet kind among the copies, by story, value, doc."""

    docs: np.ndarray     # int64 doc of each pair
    keys: np.ndarray     # int64 story number * n_values + value id: equal for one story and value
    values: np.ndarray   # int64 value id
    n_values: int


@dataclass
class Stories:
    group: np.ndarray            # int32 per doc: its story (copies share one; others their own)
    multi: np.ndarray            # bool per doc: live and in a story with another live copy
    versions: np.ndarray         # int32 per doc: live copies of its story (1: none but itself)
    representative: np.ndarray   # bool per doc: its story's representative (live)
    pubdays: np.ndarray          # int32 per doc: its date ordinal, NO_DATE when undated
    stamp: tuple | None = None   # of the copies files it was built from (copies.stamp)
    by_kind: dict = field(default_factory=dict)   # facet kind -> StoryValues (add_values)

    def __post_init__(self):
        self.any = bool(self.multi.any())    # some story has two live copies
        docs = np.flatnonzero(self.multi)
        self.copies = docs[np.argsort(self.group[docs], kind="stable")]   # by story, then doc
        # story numbers 0.. in that order; the copies again by (story, day, doc), for periods
        groups = self.group[self.copies]
        self.story_of = np.cumsum(np.r_[False, groups[1:] != groups[:-1]])[:len(groups)]
        by_day = np.lexsort((self.copies, self.pubdays[self.copies], self.story_of))
        self._by_day = self.copies[by_day], self.story_of[by_day], self.pubdays[self.copies[by_day]]

    def add_values(self, kind: str, docs: np.ndarray, values: np.ndarray, n_values: int) -> None:
        """Lay out one facet kind's (doc, value) pairs of ``copies`` (as pairs_of gives them)."""
        number = np.empty(len(self.multi), dtype=np.int64)
        number[self.copies] = self.story_of
        keys = number[docs] * n_values + values
        order = np.lexsort((docs, keys))
        self.by_kind[kind] = StoryValues(docs[order], keys[order], values[order].astype(np.int64), n_values)

    def members(self, doc: int) -> np.ndarray:
        """The live documents of ``doc``'s story (``doc`` alone when it has no copy)."""
        if not self.multi[doc]:
            return np.array([doc], dtype=np.int64)
        return np.flatnonzero(self.multi & (self.group == self.group[doc]))

    def collapse(self, mask: np.ndarray, key: np.ndarray) -> np.ndarray:
        """``mask`` keeping one document per story: the one with the smallest ``key`` (ties: the
        smallest document number), i.e. the first of its story in an order by ``key``."""
        hit = mask[self.copies]
        docs = self.copies[hit]
        if not len(docs):
            return mask
        stories, keys = self.story_of[hit], key[docs]
        starts = np.flatnonzero(np.r_[True, stories[1:] != stories[:-1]])
        best = np.minimum.reduceat(keys, starts)
        at_best = np.flatnonzero(keys == np.repeat(best, np.diff(np.r_[starts, len(keys)])))
        first_best = at_best[np.r_[True, stories[at_best][1:] != stories[at_best][:-1]]]   # smallest doc
        kept = mask.copy()
        kept[docs] = False
        kept[docs[first_best]] = True
        return kept

    def total(self, mask: np.ndarray) -> int:
        return int(np.count_nonzero(mask)) - _repeats(self.story_of[mask[self.copies]])

    def value_repeats(self, kind: str, mask: np.ndarray) -> np.ndarray:
        """Per value id of ``kind``, its copies in ``mask`` beyond the first of each story."""
        pairs = self.by_kind[kind]
        hit = mask[pairs.docs]
        keys, values = pairs.keys[hit], pairs.values[hit]
        again = keys[1:] == keys[:-1]
        return np.bincount(values[1:][again], minlength=pairs.n_values)

    def period_repeats(self, mask: np.ndarray, slots_of, size: int) -> np.ndarray:
        """Per period (0..size-1; ``slots_of(days)`` places days, -1 outside), its dated copies
        in ``mask`` beyond the first of each story. A story's days are in order, so are its
        periods: the copies of one story in one period are neighbours."""
        docs, stories, days = self._by_day
        hit = mask[docs]
        stories, days = stories[hit], days[hit]
        slots = slots_of(days)
        again = (stories[1:] == stories[:-1]) & (slots[1:] == slots[:-1]) & (slots[1:] >= 0) & (days[1:] != NO_DATE)
        return np.bincount(slots[1:][again], minlength=size)


def _repeats(stories: np.ndarray) -> int:
    """How many of ``stories`` (sorted story numbers) repeat the one before."""
    return int(np.count_nonzero(stories[1:] == stories[:-1]))


def distinct_values(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted: np.unique by a sort (numpy 2's hash-based unique costs
    ~0.3 ms even for a few hundred values)."""
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
        return Stories(group, multi, versions, representative, pubdays, stamp)
    found_at = np.minimum(np.searchsorted(groups.keys, idkeys), len(groups.keys) - 1)
    found = live & (groups.keys[found_at] == idkeys)
    number = groups.groups[found_at].astype(np.int32)
    sizes = np.bincount(number[found], minlength=int(groups.groups.max()) + 1)
    multi = found & (sizes[number] >= 2)
    group[multi] = number[multi] - np.int32(len(sizes))      # negative: apart from every doc number
    versions[multi] = sizes[number[multi]]
    representative = multi & groups.representative[found_at]
    _replace_missing_representatives(group, multi, representative, pubdays)
    return Stories(group, multi, versions, representative, pubdays, stamp)


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
