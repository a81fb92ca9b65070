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
               exclude: tuple[str, ...] = (), restores: dict[str, int] | None = None) -> tuple[FacetCount, ...]:
    """The selected values, the ``limit`` other values with most documents (ties by name), then
    the excluded values (their ``restores``: what dropping the exclusion adds back).

    ``counts`` are over the current results, so every count is the total the value's link gives
    (a selected value's is the current total, an excluded value's 0).
    """
    chosen_in = _canonical_all(column, include)
    chosen_out = [name for name in _canonical_all(column, exclude) if name not in chosen_in]
    candidates = counts.copy()
    for name in chosen_in + chosen_out:
        value_id = column.ids.get(name)
        if value_id is not None:
            candidates[value_id] = 0
    nonzero = np.flatnonzero(candidates)
    if len(nonzero) > limit * 4:
        cut = np.argpartition(-candidates[nonzero], limit * 4 - 1)[: limit * 4]
        nonzero = nonzero[cut]
    ranked = sorted(nonzero.tolist(), key=lambda v: (-int(counts[v]), column.values[v]))[:limit]
    restores = restores or {}
    return (
        *(FacetCount(name, _count(column, counts, name), selected=True) for name in chosen_in),
        *(FacetCount(column.values[v], int(counts[v])) for v in ranked),
        *(FacetCount(name, _count(column, counts, name), excluded=True, restores=restores.get(name, 0))
          for name in chosen_out),
    )


def restored_counts(arrays: IndexArrays, kind: str, others: np.ndarray,
                    include: tuple[str, ...], exclude: tuple[str, ...]) -> dict[str, int]:
    """Excluded value -> the articles that dropping just that exclusion adds to the results;
    ``others`` is the rest of the query (text, dates, the other facets' filters)."""
    column = arrays.facets[kind]
    restored = {}
    for value in exclude:
        value_id = column.value_id(value)
        if value_id is None:
            restored[value] = 0
            continue
        own = arrays.facet_mask(kind, include, tuple(v for v in exclude if v != value))
        passing = others if own is None else others & own
        restored[column.values[value_id]] = int(passing[column.docs_with(value_id)].sum())
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


def undated_count(arrays: IndexArrays, mask: np.ndarray) -> int:
    """Documents in ``mask`` without a publication date."""
    return int(np.count_nonzero(mask & (arrays.pubdays == NO_DATE)))


def auto_interval(first: date, last: date) -> str:
    """Year, month or day, whichever gives a readable number of bars for the span."""
    span = (last - first).days
    if span > 3 * 365:
        return "year"
    if span > 62:
        return "month"
    return "day"


def date_histogram(arrays: IndexArrays, mask: np.ndarray) -> tuple[str, tuple[DateBucket, ...]]:
    """Buckets by year, month or day, whichever gives a readable number of bars for the span
    (days only where there are articles)."""
    days = arrays.pubdays[mask]
    days = days[days != NO_DATE]
    if len(days) == 0:
        return "year", ()
    first, last = date.fromordinal(int(days.min())), date.fromordinal(int(days.max()))
    interval = auto_interval(first, last)
    if interval == "day":
        values, counts = np.unique(days, return_counts=True)
        return interval, tuple(
            DateBucket(d.isoformat(), d, d, int(c))
            for d, c in ((date.fromordinal(int(v)), c) for v, c in zip(values, counts))
        )
    starts = period_starts(first, last, interval)
    counts = period_counts(days, starts, interval)
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
    ``starts``; days outside them are not counted."""
    if not starts:
        return np.zeros(0, dtype=np.int64)
    edges = np.array([s.toordinal() for s in starts] + [_next_period(starts[-1], interval).toordinal()],
                     dtype=np.int64)
    days = days[(days >= edges[0]) & (days < edges[-1])]
    slot = np.searchsorted(edges, days, side="right") - 1
    return np.bincount(slot, minlength=len(starts))


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


def facet_values(arrays: IndexArrays, kind: str, prefix: str = "", limit: int = 20) -> list[FacetCount]:
    """Values of one facet kind over the whole index, most frequent first; ``prefix`` matches
    the start of the value or of any word in it, or another name of it, ignoring case and
    accents ("gdan": Gdańsk, "uk": United Kingdom first, the value a filter on "uk" means)."""
    column = arrays.facets[kind]
    counts = arrays.all_counts(kind)
    if fold(prefix):
        return typed_values.suggestions(arrays, kind, prefix, counts)[:limit]
    candidates = np.flatnonzero(counts).tolist()
    candidates.sort(key=lambda i: (-int(counts[i]), column.values[i]))
    return [FacetCount(column.values[i], int(counts[i])) for i in candidates[:limit]]
