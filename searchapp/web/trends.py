"""Attention over time: /trends (the page), /api/trends (its JSON twin) and /api/trends.csv.

The parameters are the search's (each `q` a series, every other one a filter shared by all),
validated by the same code (web/params.py), so a bad one is the same JSON 400 as for /api/search.
The page adds `measure` (share, the default, or count), so the toggle works without JavaScript.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from flask import Blueprint, Response, jsonify, make_response, render_template, request

from ..errors import BadQuery
from ..records import TrendPeriod, TrendQuery, TrendResult, share
from ..search.export import csv_line
from ..search.request import FALSE_WORDS, MAX_SERIES, yes_or_no
from . import links, trendchart
from .export import named_file, search_words
from .params import parse_trend_args
from .service import get_service

bp = Blueprint("trends", __name__)

MEASURES = ("share", "count")
FORM_FIELDS = ("q", "from", "to", "interval", "measure")   # an error beside its input


@bp.get("/api/trends")
def api_trends():
    return jsonify(get_service().trends(parse_trend_args(request.args)).to_dict())


@bp.get("/api/trends.csv")
def trends_csv():
    result = get_service().trends(parse_trend_args(request.args))
    response = Response("".join(csv_line(row) for row in csv_rows(result)), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{download_name(result.query)}"'
    return response


def csv_rows(result: TrendResult):
    """A header, one row per period (its value, from, to, the filters' total, then each series'
    count and share), and last the undated articles (in no period; no share)."""
    yield ("period", "from", "to", "total",
           *(cell for series in result.series for cell in (f"{series.text} count", f"{series.text} share")))
    for i, period in enumerate(result.periods):
        counts = [series.counts[i] for series in result.series]
        yield (period.value, period.start.isoformat(), period.end.isoformat(), period.total,
               *(cell for count in counts for cell in (count, _share_cell(count, period.total))))
    yield ("undated", "", "", result.undated, *(cell for series in result.series for cell in (series.undated, "")))


def _share_cell(count: int, total: int):
    found = share(count, total)
    return "" if found is None else repr(found)   # repr: the same float as the JSON's


def download_name(trend: TrendQuery) -> str:
    """'searchapp-trends-oil-vs-gas-person-ronald-reagan-month.csv'."""
    parts = ["trends", " vs ".join(trend.series), *search_words(trend.filters)]
    if trend.interval:
        parts.append(trend.interval)
    return named_file(parts, "csv", "trends")


@dataclass(frozen=True)
class TrendForm:
    """The page's state as the reader gave it (their words for dates); every URL is made here."""

    series: tuple[str, ...]
    filters: links.Pairs          # facet filters, (param, value)
    rest: links.Pairs             # from, to, undated, interval
    measure: str

    @classmethod
    def from_args(cls, args) -> "TrendForm":
        state = links.state_from_args(args)
        # The form shows the series a trend can compare; more is the 400 the page explains.
        series = tuple(dict.fromkeys(" ".join(v.split()) for v in args.getlist("q") if v.strip()))[:MAX_SERIES]
        rest = tuple((n, v) for n, v in state if n in ("from", "to", "undated", "collapse"))
        interval = args.get("interval", "").strip()
        measure = args.get("measure", "").strip() or "share"
        return cls(series, tuple((n, v) for n, v in state if n in links.FILTER_PARAMS),
                   rest + ((("interval", interval),) if interval else ()), measure)

    def get(self, name: str) -> str:
        return next((v for n, v in self.rest if n == name), "")

    @property
    def filter_chips(self) -> tuple[tuple[str, str, str, bool], ...]:
        """(param, value, facet kind, excluded) of each shared filter."""
        return links.SearchLinks(self.filters).filter_chips

    def pairs(self, series=None, filters=None, measure=None) -> list[tuple[str, str]]:
        pairs = [("q", text) for text in (self.series if series is None else series)]
        pairs += list(self.filters if filters is None else filters) + list(self.rest)
        measure = measure or self.measure
        return pairs + ([("measure", measure)] if measure != "share" else [])

    def url(self, **changes) -> str:
        return links.trends_url(self.pairs(**changes))

    def counting(self, measure: str) -> str:
        """This trend counting "stories" (copies of one story once) or "articles" (every copy)."""
        rest = tuple(p for p in self.rest if p[0] != "collapse")
        return replace(self, rest=rest + ((("collapse", "false"),) if measure == "articles" else ())).url()

    def without_series(self, index: int) -> str:
        return self.url(series=self.series[:index] + self.series[index + 1:])

    def without_filter(self, name: str, value: str) -> str:
        return self.url(filters=tuple(p for p in self.filters if p != (name, value)))

    def data_url(self, path: str) -> str:
        """The JSON or CSV twin: its `measure` says what is counted (the page's `collapse`)."""
        pairs = [(n, v) for n, v in self.pairs(measure="share") if n != "collapse"]
        every_copy = self.get("collapse").strip().lower() in FALSE_WORDS
        return links.trends_url(pairs + ([("measure", "articles")] if every_copy else []), path)


@bp.get("/trends")
def page():
    form = TrendForm.from_args(request.args)
    if not form.series:
        return _render(form, None, None, None, 200)
    try:
        if form.measure not in MEASURES:
            raise BadQuery(f"'measure' must be one of {', '.join(MEASURES)}, not {form.measure!r}", param="measure")
        counted = "stories" if yes_or_no(form.get("collapse"), "collapse", True) else "articles"
        trend = parse_trend_args(request.args, measure=counted)
    except BadQuery as error:
        return _render(form, None, None, error, error.status)
    result = get_service().trends(trend)
    chart = trendchart.line_chart(result, form.measure, _search_href(result.query))
    return _render(form, result, chart, None, 200)


def _search_href(trend: TrendQuery):
    """``href(text, period)``: the search for one series in one period (a chart point), or over
    the whole trend (its legend) without a period."""
    shared = links.filter_pairs(trend.filters)
    whole = links.query_to_args(trend.filters)
    whole = [(n, v) for n, v in whole if n in ("from", "to", "undated")]
    counted = [("collapse", "false")] if not trend.filters.collapse else []

    def href(text: str, period: TrendPeriod | None = None) -> str:
        dates = whole if period is None else [("from", period.start.isoformat()), ("to", period.end.isoformat())]
        return links.search_url([("q", text), *shared, *dates, *counted])
    return href


def _render(form: TrendForm, result, chart, error, status: int):
    api_url = form.data_url("/api/trends") if form.series else "/api/trends"
    html = render_template(
        "trends.html", form=form, result=result, chart=chart, error=error,
        field_error=error.param if error is not None and error.param in FORM_FIELDS else None,
        max_series=MAX_SERIES, alternate_url=api_url, percent=trendchart.percent,
        period_name=trendchart.period_name, share=share, search_href=_search_href(result.query) if result else None,
    )
    response = make_response(html, status)
    response.headers["Link"] = f'<{api_url}>; rel="alternate"; type="application/json"'
    return response
