"""Every URL the app writes: a search as URL parameters, and the links that change one part of it.

Every link on the page (a facet value, a chip's remove button, a histogram bar, a page number)
is the current state with one change, so any search can be bookmarked and shared. Filters come
from the validated Query (canonical values: a chip for `place=Kiev` removes "Kyiv"); `from`/`to`
keep the words the reader typed ("last week" stays relative), and `sort`/`per_page` appear only
when the reader chose them, so typing a query after browsing still sorts by relevance.
The JSON twin of a search (its Link header) is the Query itself, dates resolved.

Absolute URLs (feeds, exports) are made by ``absolute`` alone: on the configured public base
URL (SEARCHAPP_PUBLIC_URL), else on the host a request named if SEARCHAPP_TRUSTED_HOSTS lists
it (others are refused with a 400), else on the address the server listens on; never on a Host
header nobody vouched for (a feed's self link once echoed `http://evil.example.com/`).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from urllib.parse import quote, urlencode

from flask import current_app, request

from ..facets import FACETS
from ..records import Query, default_sort
from ..search.request import DEFAULT_PER_PAGE

# URL parameter -> (facet kind, "include" | "exclude"), in the order links are written.
FILTER_PARAMS = {
    **{facet.kind: (facet.kind, "include") for facet in FACETS},
    **{facet.exclude_param: (facet.kind, "exclude") for facet in FACETS},
}
STATE_PARAMS = ("q", *FILTER_PARAMS, "from", "to", "undated", "sort", "per_page", "collapse")

Pairs = tuple[tuple[str, str], ...]


def filter_pairs(query: Query) -> list[tuple[str, str]]:
    """The query's facet filters as URL parameters."""
    return [(param, value) for param, (kind, side) in FILTER_PARAMS.items()
            for value in getattr(query, side)[kind]]


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
    if query.undated:
        args.append(("undated", query.undated))
    if query.sort != default_sort(query.text):
        args.append(("sort", query.sort))
    if query.page != 1:
        args.append(("page", str(query.page)))
    if query.per_page != DEFAULT_PER_PAGE:
        args.append(("per_page", str(query.per_page)))
    if not query.collapse:
        args.append(("collapse", "false"))
    return args


def api_url_for_search(query: Query, **changes) -> str:
    """The JSON twin of a search page, for the page's Link header."""
    return _url("/api/search", query_to_args(query, **changes))


def state_from_args(args) -> Pairs:
    """The state as the request gave it (used when it did not validate): non-empty values, no page."""
    pairs = []
    for name in STATE_PARAMS:
        for value in args.getlist(name):
            if value.strip():
                pairs.append((name, value))
    return tuple(pairs)


def state_from_query(query: Query, args) -> Pairs:
    """The state of a validated search: canonical filters, the reader's own dates, explicit choices."""
    pairs: list[tuple[str, str]] = []
    if query.text:
        pairs.append(("q", query.text))
    pairs.extend(filter_pairs(query))
    for name in ("from", "to", "undated", "sort", "per_page"):
        value = query.undated if name == "undated" else args.get(name, "").strip()
        if value:
            pairs.append((name, value))
    if not query.collapse:
        pairs.append(("collapse", "false"))
    return tuple(pairs)


def opened_search(args) -> Pairs:
    """The search an article was opened from, as its link carried it (state and page): what the
    article page marks and links back to."""
    page = args.get("page", "").strip()
    return state_from_args(args) + ((("page", page),) if page.isdigit() and page != "1" else ())


def search_url(pairs: Iterable[tuple[str, str]]) -> str:
    return _url("/", pairs)


def api_search_url(pairs: Iterable[tuple[str, str]]) -> str:
    """The JSON twin of a search that did not validate (it answers with the same 400)."""
    return _url("/api/search", pairs)


def feed_pairs(state: Pairs) -> Pairs:
    """A search's state as its feed follows it: always the newest articles (by publication date,
    else first indexed), no pages."""
    return tuple((n, v) for n, v in state if n not in ("sort", "page", "per_page"))


def feed_url(pairs: Iterable[tuple[str, str]]) -> str:
    return _url("/feeds/search.atom", pairs)


def export_url(pairs: Iterable[tuple[str, str]], fmt: str) -> str:
    """Every article of the search in ``fmt`` (csv, jsonl), in its sort: no pages."""
    return _url(f"/api/export.{fmt}", [(n, v) for n, v in pairs if n not in ("page", "per_page")])


def trends_url(pairs: Iterable[tuple[str, str]], path: str = "/trends") -> str:
    """A trend over the search's state (each q a series, the filters shared; no sort, no pages):
    the page, or ``path`` (its JSON or CSV twin)."""
    return _url(path, [(n, v) for n, v in pairs if n not in ("sort", "page", "per_page")])


def quotes_url(pairs: Iterable[tuple[str, str]], path: str = "/quotes") -> str:
    """The quotes a search's parameters find (``path``: /api/quotes, /api/quotes.csv …; an
    export has no pages)."""
    dropped = ("page", "per_page") if "." in path else ()
    return _url(path, [(n, v) for n, v in pairs if n in STATE_PARAMS + ("page",) and n not in dropped])


def facet_page_url(kind: str, args, page: int) -> str:
    """/api/facets/<kind> with the same parameters (``args``: a MultiDict), at ``page``."""
    pairs = [(name, value) for name, values in args.lists() if name != "page" for value in values]
    return _url(f"/api/facets/{quote(kind, safe='')}", [*pairs, ("page", str(page))])


def encode_args(pairs: Iterable[tuple[str, str]]) -> str:
    return urlencode(list(pairs))


def entity_url(kind: str, value: str, pairs: Iterable[tuple[str, str]] = (), path: str = "/entities") -> str:
    """An entity's page (``path`` "/api/entities": its JSON), within a search's text, filters and
    dates (``pairs``; its sort and pages do not apply)."""
    kept = [(n, v) for n, v in pairs
            if n in FILTER_PARAMS or n in ("q", "from", "to", "undated", "interval", "collapse")]
    return _url(f"{path}/{quote(kind, safe='')}/{quote(value, safe='')}", kept)


class SearchLinks:
    """URLs for the current search with one change each; templates call these. ``path``: the
    page they lead to (the search; /quotes reads the same parameters)."""

    def __init__(self, state: Pairs, page: int = 1, more_page: int = 1, path: str = "/"):
        self.state = state
        self.current_page = page
        self.more_page = more_page   # which hundred of values a facet's "more" lists
        self.path = path

    @property
    def here_pairs(self) -> Pairs:
        """This very results page: what a result's link carries to its article page."""
        return self.state + ((("page", str(self.current_page)),) if self.current_page > 1 else ())

    def more(self, kind: str, page: int = 1) -> str:
        """This page with 100 values of one facet (the others unchanged; the ``page``-th
        hundred), at that facet."""
        extra = (("more_page", str(page)),) if page > 1 else ()
        return _url("/", self.here_pairs + (("more", kind),) + extra) + f"#facet-{kind}"

    def fewer(self, kind: str) -> str:
        """This page with the facet back to its first values, at that facet."""
        return _url("/", self.here_pairs) + f"#facet-{kind}"

    def get(self, name: str) -> str:
        return next((v for n, v in self.state if n == name), "")

    @property
    def filters(self) -> Pairs:
        return tuple((n, v) for n, v in self.state if n in FILTER_PARAMS)

    @property
    def filter_chips(self) -> tuple[tuple[str, str, str, bool], ...]:
        """(param, value, facet kind, excluded) of each facet filter in force."""
        return tuple((n, v, FILTER_PARAMS[n][0], FILTER_PARAMS[n][1] == "exclude") for n, v in self.filters)

    def replace(self, **changes: str | None) -> str:
        """Set single-valued params (``from_`` for "from"); None drops one. Any change restarts at page 1."""
        changes = {name.rstrip("_"): value for name, value in changes.items()}
        pairs = [(n, v) for n, v in self.state if n not in changes]
        pairs.extend((n, str(v)) for n, v in changes.items() if v not in (None, ""))
        return _url(self.path, _ordered(pairs))

    def add(self, param: str, value: str) -> str:
        """Add a filter (person=..., not_place=...); a value cannot be both included and excluded."""
        opposite = _opposite(param)
        pairs = [(n, v) for n, v in self.state if not (n in (param, opposite) and v == value)]
        pairs.append((param, value))
        return _url(self.path, _ordered(pairs))

    def remove(self, param: str, value: str) -> str:
        return _url(self.path, [(n, v) for n, v in self.state if not (n == param and v == value)])

    def swap(self, param: str, value: str, other: str) -> str:
        """``other`` in place of the filter ``param=value`` (a value the archive does not have)."""
        pairs, seen = [], set()
        for pair in self.state:
            pair = (param, other) if pair == (param, value) else pair
            if pair not in seen:
                seen.add(pair)
                pairs.append(pair)
        return _url(self.path, pairs)

    def clear_filters(self) -> str:
        """Keep the text and the sort; drop every facet and date filter."""
        return _url(self.path, [(n, v) for n, v in self.state if n in ("q", "sort", "per_page", "collapse")])

    def dates(self, start: date, end: date) -> str:
        """Narrow to one period (a histogram bar): a range holds no undated article."""
        return self.replace(from_=start.isoformat(), to=end.isoformat(), undated=None)

    def undated(self, mode: str | None) -> str:
        """Only the undated articles ("only", no date range then), none of them ("exclude"), or
        both again (None)."""
        if mode == "only":
            return self.replace(from_=None, to=None, undated=mode)
        return self.replace(undated=mode)

    def page(self, number: int) -> str:
        pairs = list(self.state)
        if number > 1:
            pairs.append(("page", str(number)))
        return _url(self.path, pairs)

    def with_text(self, text: str) -> str:
        return self.replace(q=text)

    def feed(self) -> str:
        return feed_url(feed_pairs(self.state))

    def export(self, fmt: str) -> str:
        return export_url(self.state, fmt)

    def trends(self) -> str:
        """This search's text over time, as the first series of a trend."""
        return trends_url(self.state)

    def quotes(self) -> str:
        """The quotes saying this search's words, by its people and organisations, in articles of its
        places and dates."""
        return quotes_url(self.state)

    def entity(self, kind: str, value: str) -> str:
        """The page of one facet value, within this search's text, other filters and dates (an excluded
        value's page is not within its own exclusion)."""
        own = {(param, value) for param, (param_kind, _) in FILTER_PARAMS.items() if param_kind == kind}
        return entity_url(kind, value, [pair for pair in self.state if pair not in own])


def absolute(path: str) -> str:
    """``path`` (from the functions above) as an absolute URL on the public base (see the module
    docstring); call it while answering a request."""
    return public_base().rstrip("/") + path


def public_base() -> str:
    configured = current_app.config.get("PUBLIC_URL")
    if configured:
        return configured
    if current_app.config.get("TRUSTED_HOSTS"):
        return request.host_url   # Flask refused the request unless its host is listed
    environ = request.environ
    scheme, host, port = environ["wsgi.url_scheme"], environ["SERVER_NAME"], environ["SERVER_PORT"]
    if ":" in host:
        host = f"[{host}]"   # an IPv6 address
    default = {"http": "80", "https": "443"}.get(scheme)
    return f"{scheme}://{host}" + ("" if port in ("", default) else f":{port}")


def _url(path: str, pairs: Iterable[tuple[str, str]]) -> str:
    query_string = urlencode(list(pairs))
    return f"{path}?{query_string}" if query_string else path


def _opposite(param: str) -> str:
    kind, side = FILTER_PARAMS[param]
    return next(p for p, (k, s) in FILTER_PARAMS.items() if k == kind and s != side)


def _ordered(pairs: Iterable[tuple[str, str]]) -> Pairs:
    rank = {name: i for i, name in enumerate(STATE_PARAMS)}
    return tuple(sorted(pairs, key=lambda pair: rank.get(pair[0], len(rank))))
