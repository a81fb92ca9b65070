"""The JSON API over a real index of the seed article and 1,000 Reuters articles, built by the
real pipeline. Every expectation is derived from the indexed articles' own facet values."""
from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

SEED_ID_PART = "000_21fa7b930a6c326f"


def ids(body) -> set[str]:
    return {r["id"] for r in body["results"]}


def all_ids(client, params) -> tuple[int, set[str]]:
    """Every matching article's id (every copy: the expectations are per article), paging
    through the results 100 at a time."""
    found, page = set(), 1
    while True:
        body = client.get("/api/search", query_string=[*params, ("per_page", "100"), ("page", str(page)),
                                                       ("collapse", "false")]).get_json()
        found |= ids(body)
        if len(body["results"]) < 100:
            return body["total"], found
        page += 1


def most_common(articles, kind, n):
    return [value for value, _ in Counter(v for a in articles for v in a.entities[kind]).most_common(n)]


@pytest.mark.parametrize("kind", ["person", "place", "org"])
def test_each_facet_filter_returns_exactly_the_articles_naming_the_value(client, corpus_articles, kind):
    for value in most_common(corpus_articles, kind, 3):
        expected = {a.doc_id for a in corpus_articles if value in a.entities[kind]}
        total, found = all_ids(client, [(kind, value)])
        assert total == len(expected) and found == expected, value


def test_two_values_of_one_facet_combine_with_and(client, corpus_articles):
    first, second = most_common(corpus_articles, "place", 2)
    expected = {a.doc_id for a in corpus_articles if first in a.entities["place"] and second in a.entities["place"]}
    assert expected, "the two most common places co-occur somewhere"
    total, found = all_ids(client, [("place", first), ("place", second)])
    assert found == expected and total == len(expected)


def test_exclusion_removes_exactly_the_articles_naming_the_value(client, corpus_articles):
    place = most_common(corpus_articles, "place", 1)[0]
    expected = {a.doc_id for a in corpus_articles if place not in a.entities["place"]}
    total, found = all_ids(client, [("not_place", place)])
    assert found == expected and total == len(expected)


def test_facet_counts_agree_with_filtered_totals(client):
    body = client.get("/api/search?q=oil").get_json()
    for facet, kind in (("persons", "person"), ("places", "place"), ("orgs", "org")):
        for entry in body["facets"][facet][:4]:
            filtered = client.get("/api/search", query_string={"q": "oil", kind: entry["value"]}).get_json()
            assert filtered["total"] == entry["count"], (kind, entry)


def test_date_range_in_words(client, corpus_articles):
    expected = {a.doc_id for a in corpus_articles if a.published and date(1987, 3, 1) <= a.published <= date(1987, 3, 31)}
    body = client.get("/api/search", query_string={"from": "March 1987", "to": "March 1987",
                                                    "collapse": "false"}).get_json()
    assert body["query"]["from"] == "1987-03-01" and body["query"]["to"] == "1987-03-31"
    assert body["total"] == len(expected) > 0
    assert body["facets"]["dates"]["interval"] == "day"


def test_reuters_dates_come_from_metadata(corpus_articles):
    reuters = [a for a in corpus_articles if a.source == "Reuters"]
    assert len(reuters) > 900
    assert all(a.date_source == "metadata" and a.published.year == 1987 for a in reuters)


def test_the_seed_article_through_the_api(client, corpus_articles):
    seed = next(a for a in corpus_articles if SEED_ID_PART in a.doc_id)
    assert seed.published == date(2022, 3, 3) and seed.date_source == "dateline"
    assert seed.title == "Moscow, Kiev in second round of talks as battles rage in key cities"

    assert seed.doc_id in ids(client.get("/api/search", query_string={"person": "Vladimir Putin"}).get_json())
    via_variant = client.get("/api/search", query_string={"place": "Kiev", "q": "Mariupol"}).get_json()
    assert via_variant["query"]["place"] == ["Kyiv"] and seed.doc_id in ids(via_variant)

    article = client.get(f"/api/articles/{seed.doc_id}").get_json()
    assert article["date"] == "2022-03-03" and article["date_source"] == "dateline"
    for mention in article["mentions"]:
        assert article["text"][mention["start"]:mention["end"]] == mention["text"]
        assert mention["value"] in article[mention["type"] + "s"]
    assert any(m["text"] == "Kiev" and m["value"] == "Kyiv" for m in article["mentions"])


def test_sort_orders_over_the_corpus(client):
    newest = client.get("/api/search?q=bank&sort=newest&per_page=50").get_json()
    dates = [r["date"] for r in newest["results"]]
    assert dates == sorted(dates, reverse=True)
    oldest = client.get("/api/search?q=bank&sort=oldest&per_page=50").get_json()
    assert [r["date"] for r in oldest["results"]] == sorted(r["date"] for r in oldest["results"])


def test_pagination_covers_every_hit_once(client):
    total, found = all_ids(client, [("q", "coffee")])
    assert total == len(found) > 10
