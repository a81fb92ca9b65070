"""The JSON API through the Flask test client: shapes, filters, and every 400/404 case."""
from __future__ import annotations

from collections import Counter

import pytest

from searchapp.web import create_app

from fixtures import build_index, make_articles


@pytest.fixture(scope="module")
def search_index_dir(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("json-index")
    build_index(index_dir, make_articles())
    return index_dir


@pytest.fixture(scope="module")
def client(search_index_dir):
    return create_app({"TESTING": True, "INDEX_DIR": str(search_index_dir)}).test_client()


def test_search_answers_the_documented_shape(client):
    body = client.get("/api/search?q=oil&place=Kiev&from=2020&to=March 2022&per_page=5").get_json()
    assert set(body) == {"query", "measure", "total", "articles", "results", "facets", "suggestion", "unmatched",
                         "took_ms"}
    assert body["query"] == {
        "q": "oil", "person": [], "place": ["Kyiv"], "org": [], "not_person": [], "not_place": [],
        "not_org": [], "from": "2020-01-01", "to": "2022-03-31", "undated": None, "sort": "relevance", "page": 1,
        "per_page": 5, "collapse": True,
    }
    assert body["measure"] == "stories" and body["articles"] >= body["total"]
    assert body["total"] > 0 and len(body["results"]) == min(5, body["total"])
    hit = body["results"][0]
    assert set(hit) == {"id", "title", "date", "date_source", "first_indexed", "source", "url", "snippet",
                        "persons", "places", "orgs", "versions"}
    assert "Kyiv" in hit["places"] and "2020-01-01" <= hit["date"] <= "2022-03-31"
    assert set(body["facets"]) == {"persons", "places", "orgs", "dates"}
    assert body["facets"]["dates"]["interval"] in ("year", "month", "day")
    assert sum(b["count"] for b in body["facets"]["dates"]["buckets"]) == body["total"]
    assert isinstance(body["took_ms"], (int, float))


def test_repeated_filters_and_exclusions(client):
    articles = make_articles()
    first, second = [p for p, _ in Counter(p for a in articles for p in a.entities["person"]).most_common(2)]
    body = client.get("/api/search", query_string=[("person", first), ("person", second),
                                                   ("not_org", "NATO"), ("per_page", "100")]).get_json()
    expected = {a.doc_id for a in articles if first in a.entities["person"] and second in a.entities["person"] and "NATO" not in a.entities["org"]}
    assert {r["id"] for r in body["results"]} == expected


def test_default_sort_is_newest_without_a_query(client):
    body = client.get("/api/search").get_json()
    assert body["query"]["sort"] == "newest"
    dates = [r["date"] for r in body["results"] if r["date"]]
    assert dates == sorted(dates, reverse=True)


def test_past_the_last_page_is_empty_not_an_error(client):
    response = client.get("/api/search?page=500")
    assert response.status_code == 200 and response.get_json()["results"] == []


@pytest.mark.parametrize("query, param", [
    ("sort=best", "sort"),
    ("page=0", "page"),
    ("page=x", "page"),
    ("per_page=1000", "per_page"),
    ("per_page=0", "per_page"),
    ("from=not a date at all", "from"),
    ("to=2021-02-30", "to"),
    ("from=2022&to=2021", "to"),
    ("from=Q1 0000", "from"),
    ("to=last 9999 years", "to"),
    ("q=" + "a" * 1001, "q"),
    ("q=%22" + "+".join(["the"] * 161) + "%22", "q"),                  # one phrase past 160 words
    ("q=" + "+".join("%22" + "+".join([w] * 110) + "%22" for w in ("b", "c", "d")), "q"),   # 330 together
])
def test_bad_parameters_answer_400(client, query, param):
    response = client.get("/api/search?" + query)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "bad_request" and error["param"] == param and error["message"]


def test_unknown_facet_kind_is_400(client):
    response = client.get("/api/facets/colour")
    assert response.status_code == 400 and response.get_json()["error"]["param"] == "kind"


def test_unknown_article_is_404_in_the_error_shape(client):
    response = client.get("/api/articles/no-such-thing")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_article_has_text_and_mentions_with_offsets(client):
    article = client.get("/api/search?person=Vladimir Putin").get_json()["results"][0]
    body = client.get(f"/api/articles/{article['id']}").get_json()
    assert body["id"] == article["id"] and "Vladimir Putin" in body["persons"]
    for mention in body["mentions"]:
        assert body["text"][mention["start"]:mention["end"]] == mention["text"]
        assert mention["type"] in ("person", "place", "org")


def test_facet_values_endpoint(client):
    body = client.get("/api/facets/place?prefix=ky&limit=5").get_json()
    assert [v["value"] for v in body["values"]] == ["Kyiv"]
    assert client.get("/api/facets/place?limit=0").status_code == 400


@pytest.mark.parametrize("url", [
    "/api/search?q=%22", "/api/search?q=(((", "/api/search?q=title:", "/api/search?from=%00",
    "/api/search?person=%EF%BF%BD", "/api/search?q=*", "/api/search?q=~", "/api/search?per_page=-1",
    "/api/search?page=99999999999999999999", "/api/articles/%2F..%2F", "/api/facets/person?prefix=%25",
    "/api/search?from=yesterday&to=today", "/api/search?q=" + "x~" * 400,
])
def test_no_input_gives_a_500(client, url):
    assert client.get(url).status_code < 500


def test_missing_index_is_503_json(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client()
    response = client.get("/api/search")
    assert response.status_code == 503 and response.get_json()["error"]["code"] == "index_missing"


@pytest.mark.parametrize("url", ["/api/search?q=oil", "/?q=oil", "/api/articles/missing", "/static/app.js",
                                 "/api/nowhere", "/articles/doc-001"])
def test_every_answer_carries_the_security_headers(client, url):
    headers = client.get(url).headers
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "http" not in policy, "only this host"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", ["/api/search", "/"])
def test_a_405_names_the_allowed_methods(client, url):
    answer = client.post(url)
    assert answer.status_code == 405
    assert set(answer.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "HEAD"}
    if url.startswith("/api"):
        assert answer.get_json()["error"]["code"] == "method_not_allowed"


def _without_timing(body: dict) -> dict:
    return {key: value for key, value in body.items() if key != "took_ms"}


def _number_params(document) -> list[tuple[str, dict]]:
    return [(path, param) for path, item in document["paths"].items()
            for param in item["get"].get("parameters", []) if param.get("schema", {}).get("type") == "integer"]


def test_an_empty_number_parameter_does_what_the_openapi_document_says(client):
    document = client.get("/api/openapi.json").get_json()
    found = _number_params(document)
    assert {param["name"] for _, param in found} == {"page", "per_page", "limit"}
    for path, param in found:
        url = path.replace("{kind}", "person")
        empty = client.get(f"{url}?{param['name']}=")
        default = client.get(url)
        if param.get("allowEmptyValue"):
            assert empty.status_code == 200
            assert _without_timing(empty.get_json()) == _without_timing(default.get_json())
            assert "default" in param["description"].lower()
        else:
            assert empty.status_code == 400 and empty.get_json()["error"]["param"] == param["name"]
