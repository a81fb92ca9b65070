"""Geometry of the trends page's line chart (an inline SVG drawn by templates/trends.html):
one line per series, share or count per period, axes with readable ticks, every point a link.

The numbers are the TrendResult's; only positions and labels are made here, so the table under
the chart and the CSV say exactly what the lines show.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..records import TrendPeriod, TrendResult, share

WIDTH, HEIGHT = 760, 360
LEFT, RIGHT, TOP, BOTTOM = 80, 24, 16, 56      # room for the axes' labels
MAX_X_LABELS = 7
MAX_POINTS = 400        # periods beyond which a line has no point marks (the table links each count)


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    href: str                  # the search for this series and period
    label: str                 # "oil, Mar 1987: 7.7 % (76 of 988 articles)"


@dataclass(frozen=True)
class ChartLine:
    text: str
    number: int                # 1..6: its colour and dash in trends.css (series-N)
    path: str                  # SVG path data; a period without articles breaks a share line
    points: tuple[ChartPoint, ...]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot: tuple[int, int, int, int]              # left, top, right, bottom
    y_ticks: tuple[tuple[float, str], ...]       # (y, label)
    x_ticks: tuple[tuple[float, str], ...]
    lines: tuple[ChartLine, ...]
    measure: str                                 # "share" | "count"
    y_title: str
    x_title: str
    pointed: bool                                # points drawn (and linked): up to MAX_POINTS periods


def line_chart(result: TrendResult, measure: str, search_href: Callable[[str, TrendPeriod], str]) -> Chart | None:
    """The chart of ``result`` in ``measure``; None without periods. ``search_href(text, period)``
    links a point to its search."""
    periods = result.periods
    if not periods:
        return None
    values = [[_value(count, period.total, measure) for count, period in zip(series.counts, periods)]
              for series in result.series]
    peak = max((v for line in values for v in line if v is not None), default=0)
    step, top = nice_scale(peak, measure)
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM
    slot = (right - LEFT) / len(periods)
    xs = [LEFT + slot * (i + 0.5) for i in range(len(periods))]

    def y_of(value: float) -> float:
        return round(bottom - (bottom - TOP) * value / top, 2)

    lines = []
    for i, (series, line) in enumerate(zip(result.series, values)):
        points = tuple(
            ChartPoint(round(x, 2), y_of(v), search_href(series.text, period),
                       point_label(series.text, period, result.interval, count))
            for x, v, period, count in zip(xs, line, periods, series.counts)
            if v is not None and len(periods) <= MAX_POINTS)
        path = _path([(round(x, 2), None if v is None else y_of(v)) for x, v in zip(xs, line)])
        lines.append(ChartLine(series.text, i + 1, path, points))
    ticks = int(round(top / step))
    y_ticks = tuple((y_of(step * k), tick_label(step * k, step, measure)) for k in range(ticks + 1))
    every = max(1, math.ceil(len(periods) / MAX_X_LABELS))
    x_ticks = tuple((round(xs[i], 2), period_name(periods[i].start, result.interval))
                    for i in range(0, len(periods), every))
    y_title = "Share of all articles matching the filters" if measure == "share" else "Articles matching each search"
    return Chart(WIDTH, HEIGHT, (LEFT, TOP, right, bottom), y_ticks, x_ticks, tuple(lines), measure,
                 y_title, f"{result.interval.capitalize()}s", len(periods) <= MAX_POINTS)


def _value(count: int, total: int, measure: str) -> float | None:
    return share(count, total) if measure == "share" else count


def _path(points: list[tuple[float, float | None]]) -> str:
    parts, pen_down = [], False
    for x, y in points:
        if y is None:
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{x} {y}")
        pen_down = True
    return " ".join(parts)


def nice_scale(peak: float, measure: str) -> tuple[float, float]:
    """(tick step, axis top): 1, 2, 2.5 or 5 times a power of ten, 3 to 5 ticks above zero;
    whole articles for counts."""
    if peak <= 0:
        return (0.25, 1.0) if measure == "share" else (1, 4)
    rough = peak / 4
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
    if measure == "count":
        step = max(1, math.ceil(step))
    return step, step * math.ceil(peak / step - 1e-9)


def tick_label(value: float, step: float, measure: str) -> str:
    if measure == "count":
        return f"{int(round(value)):,}"
    return percent(value, max(0, -math.floor(math.log10(step * 100) + 1e-9)) if step < 0.01 else 0)


def percent(fraction: float | None, decimals: int = 1) -> str:
    """0.0769 -> "7.7 %"; None (no articles in the period) -> "–"."""
    if fraction is None:
        return "–"
    return f"{fraction * 100:.{decimals}f} %"


def period_name(start: date, interval: str) -> str:
    """How a period is named on the axis and in the table: "1987", "Mar 1987", "2 Mar 1987"
    (a week by its Monday)."""
    if interval == "year":
        return str(start.year)
    if interval == "month":
        return start.strftime("%b %Y")
    return f"{start.day} {start.strftime('%b %Y')}"


def point_label(text: str, period: TrendPeriod, interval: str, count: int) -> str:
    noun = "article" if period.total == 1 else "articles"
    name = period_name(period.start, interval)
    if interval == "week":
        name = f"week of {name}"
    return f"{text}, {name}: {percent(share(count, period.total))} ({count:,} of {period.total:,} {noun})"
