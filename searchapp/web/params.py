"""URL parameters <-> Query: one parser and one link builder shared by the page and the JSON API."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from urllib.parse import urlencode

from ..search.dateranges import parse_range
from ..errors import BadQuery
from ..facets import FACETS
from ..records import SORTS, Query, default_sort

MAX_QUERY_CHARS = 1000
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10
MAX_PAGE = 1_000_000_000  # past the last page is an empty page; this only bounds the arithmetic
MAX_FILTER_VALUES = 20  # per parameter; more is a malformed URL, not a search
MAX_FILTER_CHARS = 200

# URL parameter -> (facet kind, "include" | "exclude"), in the order links are written.
FILTER_PARAMS = {
    **{facet.kind: (facet.kind, "include") for facet in FACETS},
    **{facet.exclude_param: (facet.kind, "exclude") for facet in FACETS},
}


def parse_search_args(args, today: date | None = None) -> Query:
    """Validate request args (a werkzeug MultiDict or a plain dict) into a Query; BadQuery if bad."""
    text = _one(args, "q").strip()
    if len(text) > MAX_QUERY_CHARS:
        raise BadQuery(f"'q' is longer than {MAX_QUERY_CHARS} characters", param="q")
    include = {facet.kind: _values(args, facet.kind) for facet in FACETS}
    exclude = {facet.kind: _values(args, facet.exclude_param) for facet in FACETS}
    date_from, date_to = parse_range(_one(args, "from"), _one(args, "to"), today=today)
    sort = _one(args, "sort").strip() or default_sort(text)
    if sort not in SORTS:
        raise BadQuery(f"'sort' must be one of {', '.join(SORTS)}, not {sort!r}", param="sort")
    page = _int(args, "page", 1, 1, MAX_PAGE)
    per_page = _int(args, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    return Query(text=text, include=include, exclude=exclude, date_from=date_from, date_to=date_to,
                 sort=sort, page=page, per_page=per_page)


def query_to_args(query: Query, **changes) -> list[tuple[str, str]]:
    """The URL parameters that reproduce ``query`` (after ``replace(query, **changes)``).

    Defaults are left out so links stay short: sort only when it differs from the default for
    the text, page only past 1, per_page only when not 10. Dates are written as resolved ISO days.
    """
    if changes:
        query = replace(query, **changes)
    args: list[tuple[str, str]] = []
    if query.text:
        args.append(("q", query.text))
    args.extend(filter_pairs(query))
    if query.date_from:
        args.append(("from", query.date_from.isoformat()))
    if query.date_to:
        args.append(("to", query.date_to.isoformat()))
    if query.sort != default_sort(query.text):
        args.append(("sort", query.sort))
    if query.page != 1:
        args.append(("page", str(query.page)))
    if query.per_page != DEFAULT_PER_PAGE:
        args.append(("per_page", str(query.per_page)))
    return args


def filter_pairs(query: Query) -> list[tuple[str, str]]:
    """The query's facet filters as URL parameters."""
    return [(param, value) for param, (kind, side) in FILTER_PARAMS.items()
            for value in getattr(query, side)[kind]]


def query_string(query: Query, **changes) -> str:
    """``query_to_args`` urlencoded, without the leading '?'."""
    return urlencode(query_to_args(query, **changes))


def api_url_for_search(query: Query, **changes) -> str:
    """The JSON twin of a search page, for the page's Link header."""
    qs = query_string(query, **changes)
    return "/api/search" + (f"?{qs}" if qs else "")


def _one(args, name: str) -> str:
    value = args.get(name)
    return "" if value is None else str(value)


def _values(args, name: str) -> tuple[str, ...]:
    raw = args.getlist(name) if hasattr(args, "getlist") else _as_list(args.get(name))
    values: list[str] = []
    for value in raw:
        value = " ".join(str(value).split())
        if not value:
            continue
        if len(value) > MAX_FILTER_CHARS:
            raise BadQuery(f"'{name}' value is longer than {MAX_FILTER_CHARS} characters", param=name)
        if value not in values:
            values.append(value)
    if len(values) > MAX_FILTER_VALUES:
        raise BadQuery(f"at most {MAX_FILTER_VALUES} '{name}' values", param=name)
    return tuple(values)


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _int(args, name: str, default: int, low: int, high: int) -> int:
    text = _one(args, name).strip()
    if not text:
        return default
    try:
        number = int(text)
    except ValueError:
        raise BadQuery(f"'{name}' must be a whole number, not {text!r}", param=name) from None
    if not low <= number <= high:
        raise BadQuery(f"'{name}' must be between {low} and {high}, not {number}", param=name)
    return number
