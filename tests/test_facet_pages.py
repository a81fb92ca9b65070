"""Every value of a facet, page by page: /api/facets/<kind>?page= (with `next`), the page's "more"
beyond a hundred, and `searchapp stats --top all`, with the counts and order of the facet list,
on a written index with many tied values and on the real seed + Reuters index."""
from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlencode

import pytest

from fixtures import build_index, make_article, search_total
from searchapp.cli import main
from searchapp.web import create_app

N_PERSONS = 260   # more than two pages of the page's "more"


N_ARTICLES = 100


def _articles():
    """Person i is named in (i % 7) + 1 of the articles: many values share each count (ties by
    name); "Ann Lee" in the odd articles, "Bo Yang" in the others."""
    named: list[list[str]] = [[] for _ in range(N_ARTICLES)]
    for i in range(N_PERSONS):
        for k in range(i % 7 + 1):
            named[(i + k * 37) % N_ARTICLES].append(f"Person {i:03d}")
    return [make_article(f"d{n}", f"Story {n}", "Oil news." if n % 2 else "Gas news.", date(2020, 1, 1 + n % 28),
                         persons=(*persons, "Ann Lee" if n % 2 else "Bo Yang"))
            for n, persons in enumerate(named)]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("facet-pages")
    build_index(index_dir, _articles())
    return index_dir


@pytest.fixture(scope="module")
def client(index_dir):
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()


def _all_pages(client, kind: str, params: dict, limit: int) -> tuple[list[tuple[str, int]], int]:
    url = f"/api/facets/{kind}?" + urlencode({**params, "limit": limit}, doseq=True)
    found, pages = [], 0
    while url:
        body = client.get(url).get_json()
        found.extend((v["value"], v["count"]) for v in body["values"])
        assert body["total_values"] >= len(found)
        url, pages = body["next"], pages + 1
    return found, pages


@pytest.mark.parametrize("params", [{}, {"q": "oil"}, {"person": "Ann Lee"}, {"q": "gas", "not_person": "Person 006"}])
def test_paging_gives_every_value_once_in_one_order(client, params):
    whole = client.get(f"/api/facets/person?" + urlencode({**params, "limit": 1000})).get_json()
    assert whole["next"] is None and len(whole["values"]) == whole["total_values"]
    everything = [(v["value"], v["count"]) for v in whole["values"]]
    assert everything == sorted(everything, key=lambda pair: (-pair[1], pair[0]))   # most first, ties by name
    paged, pages = _all_pages(client, "person", params, 7)
    assert paged == everything and pages == -(-len(everything) // 7)
    for value, count in everything[::37]:   # each count is what the value's filter gives
        assert search_total(client, [*params.items(), ("person", value)]) == count


def test_counts_are_the_facet_lists(client):
    for params in ({}, {"q": "oil"}):
        sidebar = client.get("/api/search?" + urlencode(params)).get_json()["facets"]["persons"]
        page = client.get("/api/facets/person?" + urlencode({**params, "limit": 10})).get_json()["values"]
        assert [(v["value"], v["count"]) for v in page] == [(v["value"], v["count"]) for v in sidebar]


def test_limits_and_bad_pages(client):
    assert client.get("/api/facets/org?limit=1000").status_code == 200        # was a 400
    for url, param in (("/api/facets/person?limit=1001", "limit"), ("/api/facets/person?page=0", "page"),
                       ("/api/facets/person?page=x", "page"), ("/api/facets/person?from=March", "from")):
        response = client.get(url)
        assert response.status_code == 400 and response.get_json()["error"]["param"] == param
    past = client.get("/api/facets/person?page=999").get_json()
    assert past["values"] == [] and past["next"] is None and past["total_values"] == N_PERSONS + 2


def _page_values(client, url: str) -> list[tuple[str, int]]:
    html = client.get(url).get_data(as_text=True)
    section = html[html.index('data-facet="person"'):html.index('data-facet="place"')]
    names = re.findall(r'<span class="facet__name" title="[^"]*">([^<]*)</span>', section)
    counts = re.findall(r'<span class="facet__count" aria-hidden="true">([\d,]+)</span>', section)
    return [(name, int(count.replace(",", ""))) for name, count in zip(names, counts)]


def test_the_pages_more_goes_past_a_hundred(client):
    whole = [(v["value"], v["count"]) for v in
             client.get("/api/facets/person?q=oil&limit=1000").get_json()["values"]]
    assert len(whole) > 200
    seen, page = [], 1
    while True:
        url = "/?q=oil&more=person" + (f"&more_page={page}" if page > 1 else "")
        html = client.get(url).get_data(as_text=True)
        values = _page_values(client, url)
        if not values:
            break
        first = (page - 1) * 100 + 1
        assert f"{first}–{first + len(values) - 1} of {len(whole)}" in html
        assert ("Next 100" in html) == (first + 99 < len(whole))
        seen.extend(values)
        page += 1
    assert seen == whole


def test_cli_stats_lists_every_value(index_dir, client, runner, monkeypatch):
    from searchapp import cli

    monkeypatch.setattr(cli, "STATS_PAGE", 50)    # several pages, written as they are read
    printed = runner.invoke(main, ["stats", "--top", "all", "--index-dir", str(index_dir)])
    assert printed.exit_code == 0, printed.output
    section = printed.output.split("all persons:\n")[1].split("all places:")[0]
    listed = [(line.split(None, 1)[1], int(line.split(None, 1)[0].replace(",", ""))) for line in section.splitlines()]
    whole = [(v["value"], v["count"]) for v in client.get("/api/facets/person?limit=1000").get_json()["values"]]
    assert listed == whole and len(listed) == N_PERSONS + 2
    three = runner.invoke(main, ["stats", "--top", "3", "--index-dir", str(index_dir)]).output
    assert three.split("top persons:\n")[1].split("top places:")[0].count("\n") == 3
    assert runner.invoke(main, ["stats", "--top", "0", "--index-dir", str(index_dir)]).output == printed.output
    bad = runner.invoke(main, ["stats", "--top", "-1", "--index-dir", str(index_dir)])
    assert bad.exit_code == 2 and "below 0" in bad.output


def test_every_organisation_of_the_real_index(corpus_index_dir):
    client = create_app({"TESTING": True, "INDEX_DIR": str(corpus_index_dir)}).test_client()
    first = client.get("/api/facets/org?limit=1000").get_json()
    paged, pages = _all_pages(client, "org", {}, 100)
    assert paged[:1000] == [(v["value"], v["count"]) for v in first["values"]]
    assert len(paged) == len(set(paged)) == first["total_values"] > 100 and pages == -(-len(paged) // 100)
    sidebar = client.get("/api/search?q=oil").get_json()["facets"]["orgs"]
    top = client.get("/api/facets/org?q=oil&limit=10").get_json()["values"]
    assert [(v["value"], v["count"]) for v in top] == [(v["value"], v["count"]) for v in sidebar]
