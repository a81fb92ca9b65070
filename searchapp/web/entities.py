"""Entity pages: /entities/<kind>/<value> (HTML) and /api/entities/<kind>/<value> (its JSON twin).

The value is resolved like a filter (variants, case, accents, a correction), so every link to a
facet value can point here. The search's filters and dates may be given too: the page then
shows the entity within them, and every count links to the search that gives it.
"""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, jsonify, make_response, render_template, request

from ..facets import BY_KIND
from ..records import EntityProfile
from . import links
from .pages import histogram_bars
from .params import parse_entity_args
from .service import get_service

bp = Blueprint("entities", __name__)


@bp.get("/api/entities/<kind>/<path:value>")
def api_entity(kind: str, value: str):
    return jsonify(get_service().entity(parse_entity_args(kind, value, request.args)).to_dict())


@bp.get("/entities/<kind>/<path:value>")
def page(kind: str, value: str):
    profile = get_service().entity(parse_entity_args(kind, value, request.args))
    view = EntityView(profile, links.state_from_args(request.args))
    api_url = links.entity_url(profile.kind, profile.value, view.context, path="/api/entities")
    html = render_template(
        "entity.html", profile=profile, facet=BY_KIND[profile.kind], view=view,
        histogram=histogram_bars(profile.timeline, profile.interval, view.search_links),
        quote_histogram=_quote_histogram(profile, view),
        alternate_url=api_url,
    )
    response = make_response(html)
    response.headers["Link"] = f'<{api_url}>; rel="alternate"; type="application/json"'
    return response


def _quote_histogram(profile: EntityProfile, view: "EntityView") -> dict | None:
    """The entity's quotes per period of its timeline, each bar its quotes of that period."""
    if profile.quotes is None or not profile.quotes.total:
        return None
    buckets = tuple(replace(bucket, count=count) for bucket, count in zip(profile.timeline, profile.quotes.counts))
    return histogram_bars(buckets, profile.interval, view.quote_links, noun="quote")


class EntityView:
    """The page's links: its searches (the entity's filter, the reader's filters and dates) and
    the pages of the entities named with it (the reader's filters kept, this one's not)."""

    def __init__(self, profile: EntityProfile, given: links.Pairs):
        self.profile = profile
        filters = links.filter_pairs(profile.query.filters)   # as the index spells them, the entity's included
        text = [("q", profile.query.filters.text)] if profile.query.filters.text else []
        dates = [(n, v) for n, v in given if n in ("from", "to", "undated", "collapse")]   # the reader's words
        # the reader's search, without the entity's own filter
        self.context = tuple(text + [pair for pair in filters if pair != (profile.kind, profile.value)] + dates)
        self.search_links = links.SearchLinks(tuple(text + filters + dates))
        # its quotes: of its speaker, within the reader's dates (what the page counts)
        self.quote_links = links.SearchLinks(((profile.kind, profile.value), *dates), path="/quotes")
        self.interval = next((v for n, v in given if n == "interval"), "")

    @property
    def text(self) -> str:
        """The search text this page is within ("" for none)."""
        return self.profile.query.filters.text

    @property
    def within(self) -> tuple[tuple[str, str, str, bool], ...]:
        """The reader's filters besides the entity: (param, value, kind, excluded)."""
        return tuple(chip for chip in self.search_links.filter_chips
                     if (chip[0], chip[1]) != (self.profile.kind, self.profile.value))

    def search(self) -> str:
        """Every article naming the entity (within the reader's filters)."""
        return links.search_url(self.search_links.state)

    def quotes(self) -> str:
        """Every quote of the entity (within the reader's dates), newest first."""
        return links.quotes_url(self.quote_links.state + (("sort", "newest"),))

    def latest(self) -> str:
        """The same search, newest first (the order of the page's latest articles)."""
        return self.search_links.replace(sort="newest") if self.text else self.search()

    def with_value(self, kind: str, value: str) -> str:
        """The articles naming both: the count a related value shows."""
        return self.search_links.add(kind, value)

    def entity(self, kind: str, value: str) -> str:
        return links.entity_url(kind, value, self.context)

    def without(self, param: str, value: str) -> str:
        """This page without one of the reader's filters."""
        kept = [(n, v) for n, v in self.context if (n, v) != (param, value)]
        return links.entity_url(self.profile.kind, self.profile.value, kept + self._interval())

    def whole_archive(self) -> str:
        return links.entity_url(self.profile.kind, self.profile.value, self._interval())

    def with_interval(self, interval: str) -> str:
        return links.entity_url(self.profile.kind, self.profile.value,
                                list(self.context) + ([("interval", interval)] if interval else []))

    def trend(self) -> str:
        """The entity's attention over time, as a trend series; "" for a value the query language
        cannot quote (it holds a double quote)."""
        if '"' in self.profile.value:
            return ""
        series = f'{self.profile.kind}:"{self.profile.value}"'
        if self.text:
            series = f"({self.text}) {series}"
        return links.trends_url([("q", series), *(pair for pair in self.context if pair[0] != "q")])

    def _interval(self) -> list[tuple[str, str]]:
        return [("interval", self.interval)] if self.interval else []


@bp.app_template_global()
def entity_url(kind: str, value: str) -> str:
    """A facet value's page (templates link every name here)."""
    return links.entity_url(kind, value)

