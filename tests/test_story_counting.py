"""Counting and collapsing by story (search/stories.py) against the plain definition, on random
archives: a story counts once per total, facet value and period however many of its copies match,
and collapsing keeps each story's first copy in the sort. The layouts are built when the index
version is opened, so a search only gathers and compares; these check that shortcut."""
from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from searchapp.search.arrays import _facet_column
from searchapp.search.counting import period_slots
from searchapp.search.stories import NO_DATE, build
from searchapp.store.copies import Groups
from searchapp.store.segment_arrays import sorted_column

N_DOCS = 300
N_VALUES = 12
STARTS = [date(2023, 1, 1), date(2023, 1, 8), date(2023, 1, 15), date(2023, 1, 29)]   # a week skipped


def random_archive(seed: int):
    """Documents in stories of one to six copies (some deleted, some undated), values per doc."""
    rng = np.random.default_rng(seed)
    idkeys = rng.permutation(np.unique(rng.integers(1, 2**62, 2 * N_DOCS, dtype=np.uint64))[:N_DOCS])
    live = rng.random(N_DOCS) > 0.1
    pubdays = np.where(rng.random(N_DOCS) < 0.15, NO_DATE,
                       date(2022, 12, 28).toordinal() + rng.integers(0, 40, N_DOCS)).astype(np.int32)
    grouped = rng.choice(N_DOCS, 120, replace=False)
    numbers = rng.integers(0, 30, len(grouped)).astype(np.int32)
    order = np.argsort(idkeys[grouped])
    firsts = np.unique(numbers[order], return_index=True)[1]
    representative = np.zeros(len(grouped), dtype=bool)
    representative[firsts] = rng.random(len(firsts)) > 0.2            # some stories lost theirs
    groups = Groups(idkeys[grouped][order], numbers[order], representative)
    stories = build(idkeys, live, pubdays, groups)
    docs, vals = [], []
    for doc in range(N_DOCS):
        for value in rng.choice(N_VALUES, rng.integers(0, 4), replace=False):
            docs.append(doc)
            vals.append(value)
    column = _facet_column(sorted_column([f"v{i}" for i in range(N_VALUES)], np.array(docs, dtype=np.int32),
                                         np.array(vals, dtype=np.int32), N_DOCS))
    stories.add_values("person", *column.pairs_of(stories.copies), N_VALUES)
    return rng, live, pubdays, stories, column


def story_key(stories, doc) -> int:
    return int(stories.group[doc])


@pytest.mark.parametrize("seed", range(8))
def test_counts_by_story_are_the_distinct_stories(seed):
    rng, live, pubdays, stories, column = random_archive(seed)
    assert stories.any
    for density in (0.05, 0.4, 0.9, 1.0):
        mask = live & (rng.random(N_DOCS) < density)
        docs = np.flatnonzero(mask)
        assert stories.total(mask) == len({story_key(stories, d) for d in docs})
        counts = column.counts(mask) - stories.value_repeats("person", mask)
        for value in range(N_VALUES):
            naming = [d for d in docs if value in column.doc_vals[column.doc_indptr[d]:column.doc_indptr[d + 1]]]
            assert counts[value] == len({story_key(stories, d) for d in naming})
        slots = period_slots(pubdays.astype(np.int64), STARTS, "week")
        dated = docs[(pubdays[docs] != NO_DATE) & (slots[docs] >= 0)]
        plain = np.bincount(slots[dated], minlength=len(STARTS))
        by_story = plain - stories.period_repeats(mask, lambda days: period_slots(days, STARTS, "week"), len(STARTS))
        for slot in range(len(STARTS)):
            assert by_story[slot] == len({story_key(stories, d) for d in dated if slots[d] == slot})


@pytest.mark.parametrize("seed", range(8))
def test_collapse_keeps_each_storys_first_copy_in_the_sort(seed):
    rng, live, _, stories, _ = random_archive(seed)
    for ties in (False, True):
        key = rng.integers(0, 4, N_DOCS) if ties else rng.random(N_DOCS)   # few keys: ties by doc number
        mask = live & (rng.random(N_DOCS) < 0.7)
        kept = stories.collapse(mask, key)
        first = {}
        for doc in sorted(np.flatnonzero(mask), key=lambda d: (key[d], d)):
            first.setdefault(story_key(stories, doc), doc)
        assert sorted(np.flatnonzero(kept)) == sorted(first.values())


def test_an_archive_without_copies_counts_articles():
    _, live, pubdays, grouped, column = random_archive(0)
    stories = build(np.arange(1, N_DOCS + 1, dtype=np.uint64), live, pubdays, None)
    stories.add_values("person", *column.pairs_of(stories.copies), N_VALUES)
    assert not stories.any and len(stories.copies) == len(stories.story_of) == 0
    assert stories.total(live) == np.count_nonzero(live)
    assert not stories.value_repeats("person", live).any()
    assert not stories.period_repeats(live, lambda days: period_slots(days, STARTS, "week"), len(STARTS)).any()
    assert (stories.collapse(live, np.zeros(N_DOCS)) == live).all()
