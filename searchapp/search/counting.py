"""Counting over a match mask: each facet's top values, the publication date histogram (and the
periods it and the trends bucket dates into), and a facet's values over the whole index (autocomplete)."""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from ..records import DateBucket, FacetCount
from ..store.analysis import fold
from . import typed_values
from .arrays import NO_DATE, FacetColumn, IndexArrays


def top_values(column: FacetColumn, counts: np.ndarray, limit: int, include: tuple[str, ...] = (),
               exclude: tuple[str, ...] = (), restores: dict[str, int] | None = None,
               ranks: np.ndarray | None = None, offset: int = 0) -> tuple[FacetCount, ...]:
    """The selected values, the ``limit`` other values with most documents (ties by name) from
    the ``offset``-th on, then the excluded values (their ``restores``: what dropping the
    exclusion adds back); past the first page (``offset``), the other values alone.

    ``counts`` are over the current results, so every count is the total the value's link gives
    (a selected value's is the current total, an excluded value's 0). ``ranks``: value_ranks().
    """
    chosen_in = _canonical_all(column, include)
    chosen_out = [name for name in _canonical_all(column, exclude) if name not in chosen_in]
    candidates = counts.copy()
    for name in chosen_in + chosen_out:
        value_id = column.ids.get(name)
        if value_id is not None:
            candidates[value_id] = 0
    ranks = ranks if ranks is not None else name_ranks(column.values)
    ranked = ranked_ids(candidates, ranks, offset + limit)[offset:]
    restores = restores or {}
    if offset:
        return tuple(FacetCount(column.values[v], int(counts[v])) for v in ranked)
    return (
        *(FacetCount(name, _count(column, counts, name), selected=True) for name in chosen_in),
        *(FacetCount(column.values[v], int(counts[v])) for v in ranked),
        *(FacetCount(name, _count(column, counts, name), excluded=True, restores=restores.get(name, 0))
          for name in chosen_out),
    )


def ranked_ids(counts: np.ndarray, ranks: np.ndarray, first: int | None = None) -> np.ndarray:
    """The ids of the values with a count, most first, ties by name (``ranks``); only the
    ``first`` of them when given. Exact: every value tied with the last one kept is ordered by
    name before the cut, so pages of one order never skip or repeat a value."""
    found = np.flatnonzero(counts)
    if first is not None and len(found) > first:
        if first <= 0:
            return found[:0]
        threshold = np.partition(counts[found], len(found) - first)[len(found) - first]
        found = found[counts[found] >= threshold]
    order = np.lexsort((ranks[found], -counts[found]))
    return found[order][:first] if first is not None else found[order]


def name_ranks(values: list[str]) -> np.ndarray:
    """Each value id's place among the values sorted by name (as Python compares strings)."""
    ranks = np.empty(len(values), dtype=np.int64)
    ranks[sorted(range(len(values)), key=values.__getitem__)] = np.arange(len(values))
    return ranks


def value_ranks(arrays: IndexArrays, kind: str) -> np.ndarray:
    """name_ranks of one facet kind's values, once per index version."""
    return arrays.derived(f"value_ranks:{kind}", lambda found: name_ranks(found.facets[kind].values))


def restored_counts(tally: Tally, kind: str, others: np.ndarray,
                    include: tuple[str, ...], exclude: tuple[str, ...]) -> dict[str, int]:
    """Excluded value -> the articles (or stories) that dropping just that exclusion adds to the
    results; ``others`` is the rest of the query (text, dates, the other facets' filters)."""
    arrays = tally.arrays
    column = arrays.facets[kind]
    restored = {}
    for value in exclude:
        value_id = column.value_id(value)
        if value_id is None:
            restored[value] = 0
            continue
        own = arrays.facet_mask(kind, include, tuple(v for v in exclude if v != value))
        passing = others if own is None else others & own
        restored[column.values[value_id]] = tally.restores(passing, column.docs_with(value_id))
    return restored


def _canonical_all(column: FacetColumn, values: tuple[str, ...]) -> list[str]:
    names: list[str] = []
    for value in values:
        name = _canonical(column, value)
        if name not in names:
            names.append(name)
    return names


def _count(column: FacetColumn, counts: np.ndarray, name: str) -> int:
    value_id = column.ids.get(name)
    return int(counts[value_id]) if value_id is not None else 0


def _canonical(column: FacetColumn, value: str) -> str:
    value_id = column.value_id(value)
    return column.values[value_id] if value_id is not None else value


class Tally:
    """Counting over match masks of one index version: articles, or stories (``by_story``: the
    copies of one story count once, search/stories.py). Every count is the total of the search
    that the counted filter or period narrows to, in the same measure."""

    def __init__(self, arrays: IndexArrays, by_story: bool):
        self.arrays = arrays
        self.measure = "stories" if by_story else "articles"
        self.stories = arrays.stories if by_story and arrays.stories.any else None

    def total(self, mask: np.ndarray) -> int:
        return self.stories.total(mask) if self.stories else int(np.count_nonzero(mask))

    def values(self, kind: str, mask: np.ndarray) -> np.ndarray:
        """Per value id of ``kind``, the articles or stories of ``mask`` naming it."""
        counts = self.arrays.facets[kind].counts(mask)
        return counts - self.stories.value_repeats(kind, mask) if self.stories else counts

    def all_values(self, kind: str) -> np.ndarray:
        """Per value id of ``kind``, the live articles or stories of the whole index naming it
        (once per index version)."""
        if not self.stories:
            return self.arrays.all_counts(kind)
        return self.arrays.derived(f"story_counts:{kind}",
                                   lambda arrays: Tally(arrays, True).values(kind, arrays.live))

    def periods(self, mask: np.ndarray, starts: list[date], interval: str) -> np.ndarray:
        """Per period beginning at ``starts``, the dated articles or stories of ``mask`` in it."""
        days = self.arrays.pubdays[mask]
        counts = period_counts(days[days != NO_DATE], starts, interval)
        if not self.stories:
            return counts
        return counts - self.stories.period_repeats(mask, lambda days: period_slots(days, starts, interval),
                                                    len(starts))

    def undated(self, mask: np.ndarray) -> int:
        """Articles or stories of ``mask`` without a publication date (a story: any copy)."""
        return self.total(mask & (self.arrays.pubdays == NO_DATE))

    def restores(self, passing: np.ndarray, having: np.ndarray) -> int:
        """What the documents ``having`` (docs) add to ``passing`` less them: the articles or
        stories that dropping an exclusion adds back."""
        without = passing.copy()
        without[having] = False
        return self.total(passing) - self.total(without)


def auto_interval(first: date, last: date) -> str:
    """Year, month or day, whichever gives a readable number of bars for the span."""
    span = (last - first).days
    if span > 3 * 365:
        return "year"
    if span > 62:
        return "month"
    return "day"


def date_histogram(tally: "Tally", mask: np.ndarray) -> tuple[str, tuple[DateBucket, ...]]:
    """Buckets by year, month or day, whichever gives a readable number of bars for the span
    (days only where there are articles), counted by ``tally`` (articles or stories)."""
    days = tally.arrays.pubdays[mask]
    days = days[days != NO_DATE]
    if len(days) == 0:
        return "year", ()
    first, last = date.fromordinal(int(days.min())), date.fromordinal(int(days.max()))
    interval = auto_interval(first, last)
    if interval == "day":
        starts = [date.fromordinal(int(day)) for day in np.unique(days)]
        return interval, tuple(DateBucket(d.isoformat(), d, d, int(c))
                               for d, c in zip(starts, tally.periods(mask, starts, interval)))
    starts = period_starts(first, last, interval)
    counts = tally.periods(mask, starts, interval)
    return interval, tuple(DateBucket(period_label(start, interval), start, period_end(start, interval), int(count))
                           for start, count in zip(starts, counts))


def period_starts(first: date, last: date, interval: str) -> list[date]:
    """The first day of every period of ``interval`` from the one holding ``first`` to the one
    holding ``last``."""
    if interval == "year":
        start = date(first.year, 1, 1)
    elif interval == "month":
        start = date(first.year, first.month, 1)
    elif interval == "week":
        start = first - timedelta(days=first.weekday())
    else:
        start = first
    starts = []
    while start <= last:
        starts.append(start)
        start = _next_period(start, interval)
    return starts


def period_count(first: date, last: date, interval: str) -> int:
    """len(period_starts(first, last, interval)), without making them."""
    if interval == "year":
        return last.year - first.year + 1
    if interval == "month":
        return (last.year - first.year) * 12 + last.month - first.month + 1
    if interval == "week":
        return ((last - timedelta(days=last.weekday())) - (first - timedelta(days=first.weekday()))).days // 7 + 1
    return (last - first).days + 1


def period_counts(days: np.ndarray, starts: list[date], interval: str) -> np.ndarray:
    """How many of ``days`` (date ordinals, NO_DATE dropped) fall in each period beginning at
    ``starts``; days outside them are not counted. ``starts`` may skip periods that hold none
    of ``days`` (the histogram's days with articles)."""
    slots = period_slots(days, starts, interval)
    return np.bincount(slots[slots >= 0], minlength=len(starts))


def period_slots(days: np.ndarray, starts: list[date], interval: str) -> np.ndarray:
    """The period (index into ``starts``) of each of ``days``; -1 outside them."""
    if not starts:
        return np.full(len(days), -1, dtype=np.int64)
    edges = np.array([s.toordinal() for s in starts] + [_next_period(starts[-1], interval).toordinal()],
                     dtype=np.int64)
    slots = np.searchsorted(edges, days, side="right") - 1
    slots[(days < edges[0]) | (days >= edges[-1])] = -1
    return slots


def period_end(start: date, interval: str) -> date:
    """The last day (inclusive) of the period beginning at ``start``."""
    return _next_period(start, interval) - timedelta(days=1)


def period_label(start: date, interval: str) -> str:
    """A period's value: "2022", "2022-03", "2022-W09" (ISO week) or "2022-03-03"."""
    if interval == "year":
        return str(start.year)
    if interval == "month":
        return f"{start.year}-{start.month:02d}"
    if interval == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return start.isoformat()


def _next_period(start: date, interval: str) -> date:
    if interval == "year":
        return date(start.year + 1, 1, 1)
    if interval == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start + timedelta(days=7 if interval == "week" else 1)


def facet_values(tally: Tally, kind: str, prefix: str = "", limit: int = 20,
                 mask: np.ndarray | None = None, offset: int = 0) -> tuple[list[FacetCount], int]:
    """One page of a facet kind's values (``limit`` from the ``offset``-th) and how many there
    are, counted by ``tally`` (articles, or stories when the search collapses copies): over
    ``mask`` (a search's results: the counts its facet list shows), else over the whole index;
    most first, ties by name. ``prefix`` keeps the values whose name or a word of it starts with
    it, or another name of which does, ignoring case and accents ("gdan": Gdańsk, "uk": United
    Kingdom first, the value a filter on "uk" means)."""
    arrays = tally.arrays
    column = arrays.facets[kind]
    counts = tally.all_values(kind) if mask is None else tally.values(kind, mask)
    if fold(prefix):
        found = typed_values.suggestions(arrays, kind, prefix, counts)
        return found[offset:offset + limit], len(found)
    ranked = ranked_ids(counts, value_ranks(arrays, kind), offset + limit)[offset:]
    return [FacetCount(column.values[v], int(counts[v])) for v in ranked], int(np.count_nonzero(counts))
