"""URL parameters -> validated requests: the search's Query (shared by the page and the JSON API)
and the facet-values lookup. Every bad value is a BadQuery naming its parameter."""
from __future__ import annotations

from datetime import date

from ..errors import BadQuery
from ..facets import FACETS
from ..records import SORTS, Query, default_sort
from ..search.dateranges import parse_range

MAX_QUERY_CHARS = 1000
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10
MAX_PAGE = 1_000_000_000  # past the last page is an empty page; this only bounds the arithmetic
MAX_FILTER_VALUES = 20  # per parameter; more is a malformed URL, not a search
MAX_FILTER_CHARS = 200
MAX_FACET_LIMIT = 100
DEFAULT_FACET_LIMIT = 20
MAX_PREFIX_CHARS = 200


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


def parse_facet_args(args) -> tuple[str, int]:
    """(prefix, limit) of a facet-values request."""
    prefix = _one(args, "prefix")
    if len(prefix) > MAX_PREFIX_CHARS:
        raise BadQuery(f"'prefix' is longer than {MAX_PREFIX_CHARS} characters", param="prefix")
    return prefix, _int(args, "limit", DEFAULT_FACET_LIMIT, 1, MAX_FACET_LIMIT)


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
