"""A search request as loose values (URL parameters, CLI options) -> a validated Query.

The page, the JSON API and `searchapp search` all build their Query here, so the same input
gets the same answer or the same error: a BadQuery naming the parameter at fault.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from ..errors import BadQuery, NotFound
from ..facets import BY_KIND, FACETS, KINDS
from ..records import INTERVALS, SORTS, UNDATED, EntityQuery, Query, TrendQuery, default_sort
from .dateranges import parse_range

MAX_QUERY_CHARS = 1000
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10
MAX_PAGE = 1_000_000_000  # past the last page is an empty page; this only bounds the arithmetic
MAX_FILTER_VALUES = 20  # per search (all facet filters together); more is a malformed URL, not a search
MAX_FILTER_CHARS = 200
MAX_SERIES = 6         # compared in one trend
MEASURES = ("stories", "articles")   # what a trend counts: stories (copies once) or every article

Values = Mapping[str, Iterable[str]]   # facet kind -> values as given
ALL_FILTER_PARAMS = tuple(param for facet in FACETS for param in (facet.kind, facet.exclude_param))


def build_query(text: str = "", include: Values | None = None, exclude: Values | None = None,
                date_from: str = "", date_to: str = "", sort: str = "", page: str | int = "",
                per_page: str | int = "", today: date | None = None, undated: str = "",
                collapse: str | bool = "") -> Query:
    """Validate one search's values; empty ones take their defaults. Dates are ISO days or words
    (relative ones against ``today``, default the real day); ``undated`` is one of UNDATED;
    ``collapse`` true (the default) or false."""
    text = (text or "").strip()
    if len(text) > MAX_QUERY_CHARS:
        raise BadQuery(f"'q' is longer than {MAX_QUERY_CHARS} characters", param="q")
    include, exclude = include or {}, exclude or {}
    included = {facet.kind: filter_values(include.get(facet.kind, ()), facet.kind) for facet in FACETS}
    excluded = {facet.kind: filter_values(exclude.get(facet.kind, ()), facet.exclude_param) for facet in FACETS}
    _check_filter_count(included, excluded)
    start, end = parse_range(date_from, date_to, today=today)
    undated = undated_filter(undated, bool(start or end))
    sort = (sort or "").strip() or default_sort(text)
    if sort not in SORTS:
        raise BadQuery(f"'sort' must be one of {', '.join(SORTS)}, not {sort!r}", param="sort")
    return Query(text=text, include=included, exclude=excluded, date_from=start, date_to=end,
                 undated=undated, sort=sort,
                 page=whole_number(page, "page", 1, 1, MAX_PAGE),
                 per_page=whole_number(per_page, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
                 collapse=yes_or_no(collapse, "collapse", True))


def build_trend_query(texts: Iterable[str], include: Values | None = None, exclude: Values | None = None,
                      date_from: str = "", date_to: str = "", undated: str = "", interval: str = "",
                      today: date | None = None, measure: str = "") -> TrendQuery:
    """Validate a trend: up to MAX_SERIES texts (each checked as a search's 'q'; blanks and
    repeats dropped), the search's filters shared by all, one of INTERVALS (or "") and one of
    MEASURES (stories, the default: the copies of one story count once, as a search's total)."""
    measure = (measure or "").strip().lower() or "stories"
    if measure not in MEASURES:
        raise BadQuery(f"'measure' must be one of {', '.join(MEASURES)}, not {measure!r}", param="measure")
    filters = build_query(include=include, exclude=exclude, date_from=date_from, date_to=date_to,
                          undated=undated, today=today, collapse=measure == "stories")
    series: list[str] = []
    for text in texts:
        text = build_query(text=text).text
        if text and text not in series:
            series.append(text)
    if not series:
        raise BadQuery("give at least one 'q' to compare (e.g. q=oil&q=gas)", param="q")
    if len(series) > MAX_SERIES:
        raise BadQuery(f"at most {MAX_SERIES} series ('q' values) in one trend, not {len(series)}", param="q")
    return TrendQuery(series=tuple(series), filters=filters, interval=checked_interval(interval))


def build_entity_query(kind: str, value: str, include: Values | None = None, exclude: Values | None = None,
                       date_from: str = "", date_to: str = "", undated: str = "", interval: str = "",
                       today: date | None = None, text: str = "", collapse: str | bool = "") -> EntityQuery:
    """Validate an entity page's request: a facet kind and value, and the search (its text,
    filters, dates, collapsing) and a trend's interval to see it within."""
    facet = BY_KIND.get(kind)
    if facet is None:
        raise NotFound(f"no entity kind {kind!r}: use {', '.join(KINDS[:-1])} or {KINDS[-1]}", param="kind")
    value = " ".join((value or "").split())
    if not value:
        raise BadQuery("give the entity's value (e.g. /entities/person/Ronald Reagan)", param="value")
    if len(value) > MAX_FILTER_CHARS:
        raise BadQuery(f"the entity's value is longer than {MAX_FILTER_CHARS} characters", param="value")
    filters = build_query(text=text, include=include, exclude=exclude, date_from=date_from, date_to=date_to,
                          undated=undated, today=today, collapse=collapse)
    return EntityQuery(kind=facet.kind, value=value, filters=filters, interval=checked_interval(interval))


def checked_interval(interval: str) -> str:
    """One of INTERVALS, or "" (chosen by the span)."""
    interval = (interval or "").strip().lower()
    if interval and interval not in INTERVALS:
        raise BadQuery(f"'interval' must be one of {', '.join(INTERVALS)}, not {interval!r}", param="interval")
    return interval


def undated_filter(value: str, has_range: bool) -> str:
    """The `undated` filter: "" (undated articles are in unless a date range leaves them out),
    "only" or "exclude"."""
    value = (value or "").strip().lower()
    if value and value not in UNDATED:
        raise BadQuery(f"'undated' must be one of {', '.join(UNDATED)}, not {value!r} "
                       "(e.g. undated=only)", param="undated")
    if value == "only" and has_range:
        raise BadQuery("'undated=only' finds articles without a publication date, so it cannot be "
                       "combined with 'from' or 'to'; drop one of them", param="undated")
    return value


def filter_values(raw: Iterable[str], param: str) -> tuple[str, ...]:
    """The values of one filter parameter: spaces collapsed, blanks and repeats dropped, bounded."""
    values: list[str] = []
    for value in raw:
        value = " ".join(str(value).split())
        if not value:
            continue
        if len(value) > MAX_FILTER_CHARS:
            raise BadQuery(f"'{param}' value is longer than {MAX_FILTER_CHARS} characters", param=param)
        if value not in values:
            values.append(value)
    if len(values) > MAX_FILTER_VALUES:
        raise BadQuery(f"at most {MAX_FILTER_VALUES} '{param}' values", param=param)
    return tuple(values)


def _check_filter_count(included: dict, excluded: dict) -> None:
    """At most MAX_FILTER_VALUES filters in all: a page draws a chip per filter, each with a
    link holding all the others, so the page grows with their square."""
    total = 0
    for facet in FACETS:
        for param, values in ((facet.kind, included[facet.kind]), (facet.exclude_param, excluded[facet.kind])):
            total += len(values)
            if total > MAX_FILTER_VALUES:
                raise BadQuery(f"at most {MAX_FILTER_VALUES} filters in one search ({', '.join(ALL_FILTER_PARAMS)} "
                               "together)", param=param)


TRUE_WORDS = ("true", "1", "yes", "on")
FALSE_WORDS = ("false", "0", "no", "off")


def yes_or_no(value: str | bool, param: str, default: bool) -> bool:
    """``value`` as a bool (true/false, 1/0, yes/no, on/off); ``default`` when empty."""
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if not text:
        return default
    if text in TRUE_WORDS or text in FALSE_WORDS:
        return text in TRUE_WORDS
    raise BadQuery(f"'{param}' must be true or false, not {str(value).strip()!r}", param=param)


def whole_number(value: str | int, param: str, default: int, low: int, high: int) -> int:
    """``value`` as an int in [low, high]; ``default`` when empty."""
    text = str(value).strip()
    if not text:
        return default
    try:
        number = int(text)
    except ValueError:
        raise BadQuery(f"'{param}' must be a whole number, not {text!r}", param=param) from None
    if not low <= number <= high:
        raise BadQuery(f"'{param}' must be between {low} and {high}, not {number}", param=param)
    return number
