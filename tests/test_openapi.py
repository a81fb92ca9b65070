"""The OpenAPI document is valid and real answers match its response schemas."""
from __future__ import annotations

import json
from dataclasses import replace

import jsonschema
import pytest
from openapi_spec_validator import validate

from searchapp.web import create_app

from fixtures import QUOTE_ARTICLES, build_index, make_articles


@pytest.fixture(scope="module")
def search_index_dir(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("openapi-index")
    articles = make_articles(30)
    build_index(index_dir, [*articles, replace(articles[1], doc_id="doc-001-copy"),   # a story told twice
                            *QUOTE_ARTICLES])
    return index_dir


@pytest.fixture(scope="module")
def client(search_index_dir):
    return create_app({"TESTING": True, "INDEX_DIR": str(search_index_dir)}).test_client()


@pytest.fixture(scope="module")
def document(client):
    return client.get("/api/openapi.json").get_json()


def test_document_is_valid_openapi(document):
    validate(document)


def _check(document, path: str, status: int, response) -> None:
    assert response.status_code == status
    schema = document["paths"][path]["get"]["responses"][str(status)]["content"]["application/json"]["schema"]
    jsonschema.validate(response.get_json(), {**schema, "components": document["components"]})


@pytest.mark.parametrize("path, url, status", [
    ("/api/search", "/api/search?q=oil&person=Vladimir Putin&from=2020", 200),
    ("/api/search", "/api/search", 200),
    ("/api/search", "/api/search?person=Vladimir Putin&not_place=Moscow", 200),
    ("/api/search", "/api/search?sort=nope", 400),
    ("/api/search", "/api/search?q=oil&collapse=false", 200),
    ("/api/search", "/api/search?collapse=sometimes", 400),
    ("/api/articles/{id}", "/api/articles/doc-001", 200),
    ("/api/articles/{id}", "/api/articles/missing", 404),
    ("/api/facets/{kind}", "/api/facets/org?prefix=n", 200),
    ("/api/facets/{kind}", "/api/facets/place?prefix=uk", 200),                       # found by another name
    ("/api/facets/{kind}", "/api/facets/person?limit=3&page=2&q=oil&not_place=Moscow", 200),   # a page, next
    ("/api/facets/{kind}", "/api/facets/person?limit=1001", 400),
    ("/api/search", "/api/search?place=Atlantis&not_person=Vladimir Putn", 200),      # unmatched, closest
    ("/api/facets/{kind}", "/api/facets/planet", 400),
    ("/api/trends", '/api/trends?q=oil&q=person:"Vladimir Putin"&not_place=Moscow&from=2020&interval=week', 200),
    ("/api/trends", "/api/trends?q=oil&q=gas", 200),
    ("/api/trends", "/api/trends?q=oil&measure=articles", 200),
    ("/api/trends", "/api/trends?q=oil&measure=copies", 400),
    ("/api/trends", "/api/trends?q=oil&interval=hour", 400),
    ("/api/entities/{kind}/{value}", "/api/entities/person/vladimir putin", 200),
    ("/api/entities/{kind}/{value}", "/api/entities/place/Kiev?from=2020&interval=month&not_person=Nobody", 200),
    ("/api/entities/{kind}/{value}", "/api/entities/person/Nobody At All", 404),
    ("/api/entities/{kind}/{value}", "/api/entities/planet/Mars", 404),
    ("/api/entities/{kind}/{value}", "/api/entities/person/Vladimir Putin?interval=hour", 400),
    ("/api/dates", "/api/dates?from=March 2022&to=last year", 200),
    ("/api/dates", "/api/dates?to=2022", 200),
    ("/api/dates", "/api/dates?from=someday", 400),
    ("/api/quotes", "/api/quotes?q=nuclear", 200),
    ("/api/quotes", "/api/quotes?person=Sergei Lavrov&place=Moscow&from=2020&sort=oldest", 200),
    ("/api/quotes", "/api/quotes?undated=only", 200),
    ("/api/quotes", "/api/quotes?sort=loudest", 400),
    ("/api/entities/{kind}/{value}", "/api/entities/person/Sergei Lavrov", 200),
    ("/api/entities/{kind}/{value}", "/api/entities/org/Kremlin?interval=month", 200),
])
def test_responses_match_their_schemas(document, client, path, url, status):
    _check(document, path, status, client.get(url))


def test_every_search_parameter_is_documented(document):
    names = {p["name"] for p in document["paths"]["/api/search"]["get"]["parameters"]}
    assert names == {"q", "person", "place", "org", "not_person", "not_place", "not_org",
                     "from", "to", "undated", "sort", "page", "per_page", "collapse"}


def test_every_trend_parameter_is_documented(document):
    for path in ("/api/trends", "/api/trends.csv"):
        names = {p["name"] for p in document["paths"][path]["get"]["parameters"]}
        assert names == {"q", "person", "place", "org", "not_person", "not_place", "not_org",
                         "from", "to", "undated", "interval", "measure"}


def test_every_quotes_parameter_is_documented(document):
    names = {p["name"] for p in document["paths"]["/api/quotes"]["get"]["parameters"]}
    assert names == {"q", "person", "place", "org", "not_person", "not_place", "not_org",
                     "from", "to", "undated", "sort", "page", "per_page"}
    for path in ("/api/quotes.csv", "/api/quotes.jsonl"):
        names = {p["name"] for p in document["paths"][path]["get"]["parameters"]}
        assert "page" not in names and "person" in names


def test_a_quotes_jsonl_line_matches_its_schema(client, document):
    schema = document["paths"]["/api/quotes.jsonl"]["get"]["responses"]["200"]["content"]["application/x-ndjson"]
    lines = client.get("/api/quotes.jsonl?q=nuclear").get_data(as_text=True).splitlines()
    assert len(lines) == 3
    for line in lines:
        jsonschema.validate(json.loads(line), {**schema["schema"]["items"], "components": document["components"]})


def test_every_entity_parameter_is_documented(document):
    names = {p["name"] for p in document["paths"]["/api/entities/{kind}/{value}"]["get"]["parameters"]}
    assert names == {"kind", "value", "q", "person", "place", "org", "not_person", "not_place", "not_org",
                     "from", "to", "undated", "interval", "collapse"}


def test_a_trend_without_articles_in_a_period_has_a_null_share(client, document):
    found = client.get("/api/trends?q=oil&from=2020&interval=week").get_json()
    shares = [b["share"] for s in found["series"] for b in s["buckets"]]
    assert None in shares
    assert "null" in document["components"]["schemas"]["TrendBucket"]["properties"]["share"]["description"]
