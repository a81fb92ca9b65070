"""Attention over time: for each series (a search's text), its matching articles per period
beside all the articles the shared filters match in that period.

Each series is one search's match mask (results.matches, so a count is exactly what the search
for that text, the filters and that period's dates totals); the filters-only mask is bucketed
once. Buckets come from counting's periods (the search histogram's), so every series and the
total share one axis: from the period of the first dated article the filters match to that of
the last, each period cut to the request's date range.
"""
from __future__ import annotations

import time
from dataclasses import replace
from datetime import date

import numpy as np

from ..errors import BadQuery
from ..records import TrendPeriod, TrendQuery, TrendResult, TrendSeries
from .arrays import NO_DATE
from .counting import Tally, auto_interval, period_count, period_end, period_label, period_starts
from .filters import resolve_values
from .results import matches

MAX_PERIODS = 2500   # buckets of one trend: months over 200 years, weeks over 48


def trends(snapshot, request: TrendQuery) -> TrendResult:
    started = time.perf_counter()
    # filter values as the index spells them ("Kiev" -> "Kyiv"), as the search echoes them
    request = replace(request, filters=resolve_values(request.filters, snapshot.arrays))
    pubdays = snapshot.arrays.pubdays
    tally = Tally(snapshot.arrays, request.filters.collapse)
    filtered = matches(snapshot, request.filters)
    days = pubdays[filtered]
    interval, starts = _periods(request, days[days != NO_DATE])
    totals = tally.periods(filtered, starts, interval)
    periods = tuple(_period(request, start, interval, int(total)) for start, total in zip(starts, totals))
    series = []
    for text in request.series:
        mask = matches(snapshot, request.series_query(text))
        counts = tally.periods(mask, starts, interval)
        series.append(TrendSeries(text, tuple(int(c) for c in counts), tally.total(mask), tally.undated(mask)))
    took_ms = round((time.perf_counter() - started) * 1000, 1)
    return TrendResult(request, interval, periods, tuple(series), tally.total(filtered), tally.undated(filtered),
                       took_ms)


def _periods(request: TrendQuery, dated: np.ndarray):
    """The interval (the request's, else chosen by the span) and the first day of each period."""
    if len(dated) == 0:
        return request.interval or "year", []
    first, last = date.fromordinal(int(dated.min())), date.fromordinal(int(dated.max()))
    interval = request.interval or auto_interval(first, last)
    return interval, bounded_period_starts(first, last, interval)


def bounded_period_starts(first: date, last: date, interval: str) -> list[date]:
    """counting.period_starts, or BadQuery (naming "interval") beyond MAX_PERIODS of them."""
    count = period_count(first, last, interval)
    if count > MAX_PERIODS:
        raise BadQuery(f"'interval={interval}' gives {count:,} buckets from {first.isoformat()} to "
                       f"{last.isoformat()}; at most {MAX_PERIODS:,}: choose a longer interval or narrow "
                       "'from' and 'to'", param="interval")
    return period_starts(first, last, interval)


def cut_period(start: date, interval: str, filters) -> tuple[date, date]:
    """The period beginning at ``start``, cut to the dates of ``filters`` (a Query), so its from/to
    searched give its counts."""
    end = period_end(start, interval)
    low, high = filters.date_from, filters.date_to
    return max(start, low) if low else start, min(end, high) if high else end


def _period(request: TrendQuery, start: date, interval: str, total: int) -> TrendPeriod:
    return TrendPeriod(period_label(start, interval), *cut_period(start, interval, request.filters), total)
