"""A count beside a facet value is the total that clicking it gives: the sidebar's links are
walked through the Flask test client over the real index of the seed article and 1,000 Reuters
articles, and every total found is compared with the count that was shown."""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest


@dataclass
class SidebarValue:
    kind: str
    value: str
    href: str
    shown: str          # the count as displayed: "1,234", or "+12" for an excluded value
    state: str          # "plain" | "selected" | "excluded"


class Sidebar(HTMLParser):
    """The facet values of a search page, and the total in its heading."""

    def __init__(self, html: str):
        super().__init__()
        self.values: list[SidebarValue] = []
        self.total_text = ""
        self._kind = ""
        self._item: dict | None = None
        self._in = ""            # "name" | "count" | "total" while inside one of those
        self.feed(html)
        self.total = _total(self.total_text)

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        classes = attrs.get("class", "").split()
        if tag == "section" and "facet" in classes:
            self._kind = next(c for c in classes if c.startswith("facet--")).removeprefix("facet--")
        elif tag == "li" and "facet__item" in classes:
            state = "selected" if "is-selected" in classes else "excluded" if "is-excluded" in classes else "plain"
            self._item = {"kind": self._kind, "value": "", "href": "", "shown": "", "state": state}
        elif self._item is not None and tag == "a" and "facet__value" in classes:
            self._item["href"] = attrs["href"]
        elif self._item is not None and "facet__name" in classes:
            self._in = "name"
        elif self._item is not None and "facet__count" in classes:
            self._in = "count"
        elif tag == "h1" and "results__count" in classes:
            self._in = "total"

    def handle_endtag(self, tag):
        if tag == "li" and self._item is not None:
            self.values.append(SidebarValue(**self._item))
            self._item = None
        if tag in ("span", "h1"):
            self._in = ""

    def handle_data(self, data):
        if self._in == "total":
            self.total_text += data
        elif self._in == "name":
            self._item["value"] += data.strip()
        elif self._in == "count":
            self._item["shown"] += data.strip()


def _total(heading: str) -> int:
    found = re.match(r"\s*([\d,]+) (articles?|stories|story)\b", heading)
    if found:
        return int(found.group(1).replace(",", ""))
    assert "No articles" in heading, heading
    return 0


def sidebar(client, url: str) -> Sidebar:
    response = client.get(url)
    assert response.status_code == 200, (url, response.text[:300])
    return Sidebar(response.text)


def shown_count(entry: SidebarValue) -> int:
    return int(entry.shown.lstrip("+").replace(",", ""))


def most_common(articles, kind: str, n: int) -> list[str]:
    return [v for v, _ in Counter(v for a in articles for v in a.entities[kind]).most_common(n)]


def assert_every_link_gives_its_count(client, url: str) -> Sidebar:
    start = sidebar(client, url)
    assert start.total > 0 and len(start.values) > 10, url
    for entry in start.values:
        landed = sidebar(client, entry.href)
        if entry.state == "plain":
            assert landed.total == shown_count(entry), (url, entry)
        elif entry.state == "selected":
            assert shown_count(entry) == start.total, (url, entry)
        else:
            assert entry.shown.startswith("+") and landed.total == start.total + shown_count(entry), (url, entry)
    return start


@pytest.mark.parametrize("kind", ["place", "person", "org"])
def test_under_a_filter_every_facet_link_gives_the_count_shown(client, corpus_articles, kind):
    value = most_common(corpus_articles, kind, 1)[0]
    # every copy: the expectations below count articles
    page = assert_every_link_gives_its_count(client, f"/?{kind}={value}&collapse=false")
    selected = [e for e in page.values if e.state == "selected"]
    assert [(e.kind, e.value) for e in selected] == [(kind, value)]
    # the selected facet lists who/what appears with the value, not what replacing it would give
    with_value = [a for a in corpus_articles if value in a.entities[kind]]
    together = Counter(v for a in with_value for v in a.entities[kind] if v != value)
    listed = [e for e in page.values if e.kind == kind and e.state == "plain"]
    assert listed and all(shown_count(e) == together[e.value] for e in listed)


def test_counting_stories_every_facet_link_gives_the_count_shown(client, corpus_articles):
    """The default page counts stories (reut2-000 has copies): the same walk holds."""
    value = most_common(corpus_articles, "place", 1)[0]
    page = assert_every_link_gives_its_count(client, f"/?place={value}")
    every = sidebar(client, f"/?place={value}&collapse=false")
    assert page.total < every.total   # copies counted once


def test_under_text_and_two_values_of_one_facet(client, corpus_articles):
    first, second = most_common(corpus_articles, "place", 2)
    assert_every_link_gives_its_count(client, f"/?q=said&place={first}&place={second}")


def test_an_excluded_value_stays_listed_with_what_re_including_it_adds_back(client, corpus_articles):
    first, second = most_common(corpus_articles, "place", 2)
    page = assert_every_link_gives_its_count(client, f"/?q=said&not_place={first}&not_place={second}")
    excluded = [e.value for e in page.values if e.state == "excluded"]
    assert excluded == [first, second]


def test_the_json_api_and_the_cli_count_over_the_current_results(client, runner, corpus_index_dir, corpus_articles):
    from searchapp.cli import main

    place = most_common(corpus_articles, "place", 1)[0]
    params = {"q": "said", "place": place}
    body = client.get("/api/search", query_string=params).get_json()
    entries = body["facets"]["places"]
    assert entries[0] == {"value": place, "count": body["total"], "selected": True}
    for entry in entries[1:]:
        narrowed = client.get("/api/search", query_string=[*params.items(), ("place", entry["value"])]).get_json()
        assert narrowed["total"] == entry["count"], entry
    cli = runner.invoke(main, ["search", "said", "--place", place, "--index-dir", str(corpus_index_dir), "--json"])
    assert cli.exit_code == 0, cli.output
    assert json.loads(cli.output)["facets"]["places"] == entries
