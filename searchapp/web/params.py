"""URL parameters -> validated requests: the search's Query (shared by the page and the JSON API,
through search/request.py as the CLI), a trend's TrendQuery, an entity page's EntityQuery and the
facet-values lookup. Every bad value is a
BadQuery naming its parameter."""
from __future__ import annotations

from datetime import date

from ..errors import BadQuery
from ..facets import FACETS, facet_of
from ..records import EntityQuery, Query, TrendQuery
from ..search.dateranges import parse_range
from ..search.request import MAX_PAGE, build_entity_query, build_query, build_trend_query, whole_number

MAX_FACET_LIMIT = 1000     # values per page of /api/facets (page through the rest)
DEFAULT_FACET_LIMIT = 20
MAX_PREFIX_CHARS = 200


def parse_search_args(args, today: date | None = None) -> Query:
    """Validate request args (a werkzeug MultiDict or a plain dict) into a Query; BadQuery if bad."""
    return build_query(
        text=_one(args, "q"),
        include={facet.kind: _many(args, facet.kind) for facet in FACETS},
        exclude={facet.kind: _many(args, facet.exclude_param) for facet in FACETS},
        date_from=_one(args, "from"), date_to=_one(args, "to"), sort=_one(args, "sort"),
        page=_one(args, "page"), per_page=_one(args, "per_page"), today=today,
        undated=_one(args, "undated"),
    )


def parse_trend_args(args, today: date | None = None) -> TrendQuery:
    """A trend's args: one series per 'q', the search's filters (same checks, same errors)."""
    return build_trend_query(
        _many(args, "q"),
        include={facet.kind: _many(args, facet.kind) for facet in FACETS},
        exclude={facet.kind: _many(args, facet.exclude_param) for facet in FACETS},
        date_from=_one(args, "from"), date_to=_one(args, "to"), undated=_one(args, "undated"),
        interval=_one(args, "interval"), today=today,
    )


def parse_entity_args(kind: str, value: str, args, today: date | None = None) -> EntityQuery:
    """An entity page's request: its kind and value (from the path), the search's text and
    filters, an interval."""
    return build_entity_query(
        kind, value,
        include={facet.kind: _many(args, facet.kind) for facet in FACETS},
        exclude={facet.kind: _many(args, facet.exclude_param) for facet in FACETS},
        date_from=_one(args, "from"), date_to=_one(args, "to"), undated=_one(args, "undated"),
        interval=_one(args, "interval"), today=today, text=_one(args, "q"),
    )


def parse_facet_args(args) -> tuple[str, int, int]:
    """(prefix, limit, page) of a facet-values request."""
    prefix = _one(args, "prefix")
    if len(prefix) > MAX_PREFIX_CHARS:
        raise BadQuery(f"'prefix' is longer than {MAX_PREFIX_CHARS} characters", param="prefix")
    return (prefix, whole_number(_one(args, "limit"), "limit", DEFAULT_FACET_LIMIT, 1, MAX_FACET_LIMIT),
            whole_number(_one(args, "page"), "page", 1, 1, MAX_PAGE))


def parse_more_page(args) -> int:
    """Which hundred of a facet's values a page's "more" lists (`more_page`, from 1)."""
    return whole_number(_one(args, "more_page"), "more_page", 1, 1, MAX_PAGE)


def parse_bom(args) -> bool:
    """An export's `bom` (default true): whether a CSV starts with a UTF-8 byte order mark."""
    return yes_or_no(_one(args, "bom"), "bom", default=True)


def yes_or_no(value: str, param: str, default: bool) -> bool:
    text = value.strip().lower()
    if not text:
        return default
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off"):
        return False
    raise BadQuery(f"'{param}' must be true or false, not {value!r}", param=param)


def parse_dates_args(args, today: date | None = None) -> tuple[date | None, date | None]:
    """The inclusive range of a `from`/`to` pair, as a search resolves it (/api/dates)."""
    return parse_range(_one(args, "from"), _one(args, "to"), today=today)


def parse_more(args) -> tuple[str, ...]:
    """The facet kinds a search page lists more values of (`more=person`); BadQuery naming
    "more" for a kind that does not exist."""
    kinds = []
    for value in _many(args, "more"):
        try:
            kind = facet_of(str(value).strip()).kind
        except BadQuery as error:
            raise BadQuery(error.message, param="more") from None
        if kind not in kinds:
            kinds.append(kind)
    return tuple(kinds)


def _one(args, name: str) -> str:
    value = args.get(name)
    return "" if value is None else str(value)


def _many(args, name: str) -> list:
    if hasattr(args, "getlist"):
        return args.getlist(name)
    value = args.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]
