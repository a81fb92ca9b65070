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
from ..search.request import (MAX_FILTER_VALUES, MAX_PAGE, build_entity_query, build_query, build_trend_query,
                              whole_number, yes_or_no)

MAX_FACET_LIMIT = 1000     # values per page of /api/facets (page through the rest)
DEFAULT_FACET_LIMIT = 20
MAX_PREFIX_CHARS = 200
# What any request may carry, whatever its path: the request line is at most 8,190 bytes, room
# for 4,000 one-letter parameters, and every value a page echoes becomes a form input or a link
# holding the others (2,000 `q`s once rendered a 33 MB page).
MAX_PARAMS = 200
MAX_VALUES_PER_PARAM = MAX_FILTER_VALUES   # non-blank values of one parameter name


def check_request_args(args) -> None:
    """BadQuery naming the parameter when a request carries more parameters, or more values of
    one, than any page or API call uses."""
    pairs = list(args.items(multi=True)) if hasattr(args, "items") else []
    if len(pairs) > MAX_PARAMS:
        raise BadQuery(f"the request has {len(pairs):,} parameters; at most {MAX_PARAMS} are read",
                       param=pairs[MAX_PARAMS][0])
    counts: dict[str, int] = {}
    for name, value in pairs:
        if str(value).strip():
            counts[name] = counts.get(name, 0) + 1
            if counts[name] > MAX_VALUES_PER_PARAM:
                raise BadQuery(f"'{name}' is given more than {MAX_VALUES_PER_PARAM} times; at most "
                               f"{MAX_VALUES_PER_PARAM} values of one parameter are read", param=name)


def parse_search_args(args, today: date | None = None) -> Query:
    """Validate request args (a werkzeug MultiDict or a plain dict) into a Query; BadQuery if bad."""
    return build_query(
        text=_one(args, "q"),
        include={facet.kind: _many(args, facet.kind) for facet in FACETS},
        exclude={facet.kind: _many(args, facet.exclude_param) for facet in FACETS},
        date_from=_one(args, "from"), date_to=_one(args, "to"), sort=_one(args, "sort"),
        page=_one(args, "page"), per_page=_one(args, "per_page"), today=today,
        undated=_one(args, "undated"), collapse=_one(args, "collapse"),
    )


def parse_trend_args(args, today: date | None = None, measure: str | None = None) -> TrendQuery:
    """A trend's args: one series per 'q', the search's filters (same checks, same errors);
    ``measure``: what to count, when not the args' (the /trends page's `measure` is its chart's)."""
    return build_trend_query(
        _many(args, "q"),
        include={facet.kind: _many(args, facet.kind) for facet in FACETS},
        exclude={facet.kind: _many(args, facet.exclude_param) for facet in FACETS},
        date_from=_one(args, "from"), date_to=_one(args, "to"), undated=_one(args, "undated"),
        interval=_one(args, "interval"), today=today, measure=_one(args, "measure") if measure is None else measure,
    )


def parse_entity_args(kind: str, value: str, args, today: date | None = None) -> EntityQuery:
    """An entity page's request: its kind and value (from the path), the search's text and
    filters, an interval."""
    return build_entity_query(
        kind, value,
        include={facet.kind: _many(args, facet.kind) for facet in FACETS},
        exclude={facet.kind: _many(args, facet.exclude_param) for facet in FACETS},
        date_from=_one(args, "from"), date_to=_one(args, "to"), undated=_one(args, "undated"),
        interval=_one(args, "interval"), today=today, text=_one(args, "q"), collapse=_one(args, "collapse"),
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


def parse_dates_args(args, today: date | None = None) -> tuple[date | None, date | None]:
    """The inclusive range of a `from`/`to` pair, as a search resolves it (/api/dates)."""
    return parse_range(_one(args, "from"), _one(args, "to"), today=today)


def parse_more(args) -> tuple[str, ...]:
    """The facet kind a search page lists more values of (`more=person`), as a tuple; BadQuery
    naming "more" for a kind that does not exist, or for more than one."""
    kinds = []
    for value in _many(args, "more"):
        try:
            kind = facet_of(str(value).strip()).kind
        except BadQuery as error:
            raise BadQuery(error.message, param="more") from None
        if kind not in kinds:
            kinds.append(kind)
    if len(kinds) > 1:   # each listed value carries links holding the whole search: one facet at a time
        raise BadQuery(f"'more' lists the values of one facet at a time, not {len(kinds)}", param="more")
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
