"""Undated articles: never dated from a date in their body, counted beside the histogram and
filterable (undated=only|exclude) in the JSON API, the page and the CLI; the date source shown
in the results list; date words echoed as resolved."""
from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest

from searchapp.cli import main
from searchapp.web import create_app

from fixtures import build_index, make_articles, write_jsonl

TENSE_FEED = [
    {"id": "rugby", "title": "Wales beat Scotland",
     "text": "Wales first played Scotland at rugby on 14 May 1870. On Saturday Wales won again."},
    {"id": "amnesty", "title": "Amnesty report on detentions",
     "text": "Amnesty said detentions had grown since 11 September 2001 across the region."},
    {"id": "deadline", "title": "Firms face data deadline",
     "text": "Firms have until 15 July 2006 to comply with the new data rules."},
    {"id": "published", "title": "Rail strike called off",
     "text": "Published: 3 March 2022\n\nUnions called off the rail strike after talks in London."},
    {"id": "talks", "title": "Rail talks to resume", "date": "2021-05-11",
     "text": "The strike began on Monday. Talks will resume on Thursday, the union said."},
    {"id": "rules", "title": "New rules announced", "date": "2024-07-30",
     "text": "The new rules will take effect on 1 January, the ministry said."},
]


@pytest.fixture(scope="module")
def tense_index(tmp_path_factory):
    """A real reindex (readers, spaCy, dates) of a tiny JSON Lines archive."""
    from searchapp.store.indexer import reindex

    root = tmp_path_factory.mktemp("tense")
    feed = write_jsonl(root / "feed.jsonl", TENSE_FEED)
    reindex([feed], root / "ix")
    return root / "ix"


@pytest.fixture(scope="module")
def tense_client(tense_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(tense_index)}).test_client()


def test_a_date_in_the_body_never_dates_an_article(tense_client):
    for doc_id in ("rugby", "amnesty", "deadline"):
        article = tense_client.get(f"/api/articles/{doc_id}").get_json()
        assert (article["date"], article["date_source"]) == (None, "none"), doc_id
    body = tense_client.get("/api/search?per_page=100").get_json()
    assert body["facets"]["dates"]["undated"] == 3
    assert [b["value"] for b in body["facets"]["dates"]["buckets"]] == ["2021", "2022", "2023", "2024"]
    assert body["results"][0]["id"] == "rules"      # newest first is a dated article, undated last
    assert [r["id"] for r in body["results"][-3:]] and all(r["date"] is None for r in body["results"][-3:])


def test_a_publication_line_dates_an_article_and_the_results_list_says_so(tense_client):
    article = tense_client.get("/api/articles/published").get_json()
    assert (article["date"], article["date_source"]) == ("2022-03-03", "text")
    hit = tense_client.get("/api/search?q=strike+unions").get_json()["results"][0]
    assert (hit["id"], hit["date_source"]) == ("published", "text")
    html = tense_client.get("/?q=rail").get_data(as_text=True)
    hits = re.findall(r'<li class="hit">.*?</li>\s*(?=<li class="hit">|</ol>)', html, re.S)
    by_title = {re.search(r'hit-link[^>]*>([^<]+)', h).group(1): h for h in hits}
    assert "date from a publication line in the text" in by_title["Rail strike called off"]
    assert "date from" not in by_title["Rail talks to resume"]          # metadata: no note


def test_the_cli_says_where_a_date_from_the_text_came_from(runner, tense_index):
    result = runner.invoke(main, ["search", "rail", "--index-dir", str(tense_index)])
    assert result.exit_code == 0, result.output
    lines = {line.split("  ")[1]: line for line in result.output.splitlines() if line[:1].isdigit() and "[" in line}
    assert lines["Rail strike called off"].endswith("(date from a publication line in the text)")
    assert "date from" not in lines["Rail talks to resume"]


def test_mentioned_weekdays_and_dates_follow_the_tense(tense_client):
    talks = tense_client.get("/api/articles/talks").get_json()
    assert {"2021-05-10", "2021-05-13"} <= set(talks["mentioned_dates"])
    assert "2021-05-06" not in talks["mentioned_dates"]
    rules = tense_client.get("/api/articles/rules").get_json()
    assert "2025-01-01" in rules["mentioned_dates"] and "2024-01-01" not in rules["mentioned_dates"]


@pytest.fixture(scope="module")
def articles():
    return make_articles()


@pytest.fixture(scope="module")
def client(tmp_path_factory, articles):
    index_dir = tmp_path_factory.mktemp("undated-index")
    build_index(index_dir, articles)
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()


def _ids(client, query: str) -> set[str]:
    body = client.get(f"/api/search?per_page=100&{query}").get_json()
    assert body["total"] == len(body["results"]) <= 100
    return {r["id"] for r in body["results"]}


def test_the_undated_count_is_what_its_filter_gives(client, articles):
    undated = {a.doc_id for a in articles if a.published is None}
    assert undated
    body = client.get("/api/search").get_json()
    assert body["facets"]["dates"]["undated"] == len(undated)
    assert body["query"]["undated"] is None
    assert _ids(client, "undated=only") == undated
    assert _ids(client, "undated=exclude") == {a.doc_id for a in articles} - undated
    # Under a date range the count still says how many undated articles the range leaves out.
    in_2020 = client.get("/api/search?from=2020&to=2020").get_json()
    assert in_2020["facets"]["dates"]["undated"] == len(undated)
    assert all(r["date"] and r["date"].startswith("2020") for r in in_2020["results"])


def test_the_undated_count_follows_text_and_facet_filters(client, articles):
    person = next(p for a in articles if a.published is None for p in a.entities["person"])
    expected = {a.doc_id for a in articles if a.published is None and person in a.entities["person"]}
    body = client.get("/api/search", query_string={"person": person}).get_json()
    assert body["facets"]["dates"]["undated"] == len(expected)
    only = client.get("/api/search", query_string={"person": person, "undated": "only", "per_page": 100})
    assert {r["id"] for r in only.get_json()["results"]} == expected


@pytest.mark.parametrize("query", ["undated=sometimes", "undated=only&from=2020", "undated=only&to=last year"])
def test_a_bad_undated_filter_is_a_400_naming_it(client, query):
    response = client.get(f"/api/search?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["param"] == "undated" and "undated" in error["message"]


def test_the_page_counts_undated_articles_beside_the_histogram_and_links_to_them(client, articles):
    undated = sum(1 for a in articles if a.published is None)
    html = client.get("/?from=2020&to=2021").get_data(as_text=True)
    link = re.search(r'class="histogram__undated-link" href="([^"]+)">([\d,]+) undated articles', html)
    assert link and int(link.group(2)) == undated
    href = unescape(link.group(1))
    assert "undated=only" in href and "from=" not in href and "to=" not in href
    only = client.get(href).get_data(as_text=True)
    assert f"{undated} articles" in only and "undated only" in only
    assert 'name="undated" value="only"' in only                      # the form keeps the filter
    assert client.get("/api/search?" + href.split("?", 1)[1]).get_json()["total"] == undated
    dated = client.get("/?undated=exclude").get_data(as_text=True)
    assert "dated only" in dated and "left out" in dated


def test_a_span_in_words_is_echoed_resolved_in_json_and_page(client):
    body = client.get("/api/search?from=Q1 2022").get_json()
    assert (body["query"]["from"], body["query"]["to"]) == ("2022-01-01", "2022-03-31")
    html = client.get("/?from=first+quarter+of+2022").get_data(as_text=True)
    assert '<time datetime="2022-01-01">1 January 2022</time> – <time datetime="2022-03-31">' in html
    last_year = date.today().year - 1
    body = client.get("/api/search?from=last year").get_json()
    assert (body["query"]["from"], body["query"]["to"]) == (f"{last_year}-01-01", f"{last_year}-12-31")


@pytest.mark.parametrize("param, text, example", [
    ("from", "March", "March 2022"), ("to", "Q1", "Q1 2022"), ("from", "spring 2022", "Q1 2022"),
])
def test_a_date_that_does_not_read_exactly_is_a_400_with_an_example(client, param, text, example):
    response = client.get("/api/search", query_string={param: text})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["param"] == param and example in error["message"]
    page = client.get("/", query_string={param: text})
    assert page.status_code == 400 and example in page.get_data(as_text=True)


def test_the_cli_filters_undated_and_echoes_the_range(runner, tmp_path, articles):
    index_dir = tmp_path / "ix"
    build_index(index_dir, articles)
    undated = sum(1 for a in articles if a.published is None)
    result = runner.invoke(main, ["search", "--index-dir", str(index_dir), "--undated", "only", "--limit", "100"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{undated} articles") and "dates: undated articles only" in result.output
    assert result.output.count("undated   ") == undated
    result = runner.invoke(main, ["search", "--index-dir", str(index_dir), "--from", "Q1 2022"])
    assert result.exit_code == 0 and f"dates: 2022-01-01 to 2022-03-31; {undated} undated left out" in result.output
    result = runner.invoke(main, ["search", "--index-dir", str(index_dir), "--to", "March"])
    assert result.exit_code != 0 and "'to'" in result.output and "March 2022" in result.output


def test_links_carry_the_undated_filter_and_a_histogram_bar_drops_it():
    from searchapp.records import Query
    from searchapp.web.links import SearchLinks, query_to_args

    links = SearchLinks((("q", "oil"), ("from", "2020"), ("undated", "exclude")))
    assert links.dates(date(2022, 1, 1), date(2022, 12, 31)) == "/?q=oil&from=2022-01-01&to=2022-12-31"
    assert links.undated("only") == "/?q=oil&undated=only"
    assert links.undated(None) == "/?q=oil&from=2020"
    assert "undated=exclude" in links.page(2)
    assert query_to_args(Query(undated="only", sort="newest")) == [("undated", "only")]
