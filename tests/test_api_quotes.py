"""/api/quotes, its exports and an entity's quotes, over a real index of articles whose quotes are
known (tests/fixtures.py), and the seed article through the real pipeline: q searches what was
said, person/org who said it, place and dates the article; values resolve as search filters do,
corrections included."""
from __future__ import annotations

import csv
import io
import json
from urllib.parse import urlencode

import pytest

from searchapp.cli import main
from searchapp.store import generations
from searchapp.web import create_app

from fixtures import QUOTE_ARTICLES, build_index


@pytest.fixture()
def index_dir(tmp_path):
    build_index(tmp_path, QUOTE_ARTICLES)
    return tmp_path


@pytest.fixture()
def quotes_client(index_dir):
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()


def found(client, **params) -> dict:
    response = client.get("/api/quotes?" + urlencode(params, doseq=True))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def words(answer: dict) -> list[str]:
    return [quote["text"] for quote in answer["quotes"]]


def test_the_seed_article_says_who_said_what(client):   # the real pipeline, through reindex
    answer = found(client, q="nuclear")
    lavrov = [q for q in answer["quotes"] if q["text"].startswith("Everyone knows that a third World War")]
    assert [(q["speaker"], q["speaker_kind"]) for q in lavrov] == [("Sergei Lavrov", "person")]
    assert lavrov[0]["title"].startswith("Moscow, Kiev in second round of talks")
    assert lavrov[0]["date"] == "2022-03-03"
    article = client.get(f"/api/articles/{lavrov[0]['article_id']}").get_json()
    assert article["text"][lavrov[0]["start"]:lavrov[0]["end"]].startswith("Everyone knows that a third World War")
    konashenkov = found(client, q='"security of civilians"')["quotes"]
    assert [q["speaker"] for q in konashenkov] == ["Igor Konashenkov"]
    kremlin = found(client, org="Kremlin", q="negotiations")["quotes"]
    assert [q["text"][:40] for q in kremlin] == ["Attempts to gain time by dragging out th"]


def test_q_searches_the_words_said_not_the_article(quotes_client):
    assert found(quotes_client, q="grain")["total"] == 0          # in the article, not in its quote
    assert words(found(quotes_client, q="ships")) == ["We expect ships within weeks"]
    nuclear = found(quotes_client, q="nuclear")
    assert nuclear["total"] == 3 and nuclear["query"]["sort"] == "relevance"
    assert "<mark>nuclear</mark>" in nuclear["quotes"][0]["snippet"]
    assert found(quotes_client, q='person:"Sergei Lavrov" nuclear')["total"] == 2   # person: is the speaker


def test_person_and_org_are_the_speaker_place_and_dates_the_article(quotes_client):
    assert found(quotes_client, person="Sergei Lavrov")["total"] == 2
    assert found(quotes_client, person="sergei lavrov")["query"]["person"] == ["Sergei Lavrov"]   # as resolved
    assert found(quotes_client, org="Kremlin")["total"] == 2
    assert found(quotes_client, person="Sergei Lavrov", org="Kremlin")["total"] == 0   # one speaker a quote
    moscow = found(quotes_client, place="Moscow")
    assert sorted(q["speaker"] for q in moscow["quotes"]) == ["Kremlin", "Sergei Lavrov"]
    assert found(quotes_client, place="Kiev")["total"] == 2        # the place's variants resolve (Kyiv)
    assert found(quotes_client, place="Moscow", person="Sergei Lavrov")["total"] == 1
    assert found(quotes_client, not_person="Sergei Lavrov")["total"] == 5
    assert found(quotes_client, **{"from": "2022", "to": "2022"})["total"] == 4
    undated = found(quotes_client, undated="only")["quotes"]
    assert [(q["speaker"], q["direct"], q["date"]) for q in undated] == [("Kremlin", False, None)]


def test_speaker_counts_are_the_totals_their_links_give(quotes_client):
    answer = found(quotes_client, q="nuclear")
    for kind, plural in (("person", "persons"), ("org", "orgs")):
        for value in answer["speakers"][plural]:
            assert found(quotes_client, q="nuclear", **{kind: value["value"]})["total"] == value["count"]


def test_pages_and_sorts(quotes_client):
    newest = found(quotes_client, per_page=2)
    assert newest["total"] == 7 and len(newest["quotes"]) == 2
    assert [q["date"] for q in newest["quotes"]] == ["2023-01-02", "2022-08-01"]
    oldest = found(quotes_client, sort="oldest", per_page=1)
    assert oldest["quotes"][0]["date"] == "2021-11-10"
    assert found(quotes_client, page=99)["quotes"] == []


@pytest.mark.parametrize("params, param", [
    ({"page": "x"}, "page"), ({"sort": "loudest"}, "sort"), ({"from": "someday"}, "from"),
    ({"q": "x" * 1001}, "q"), ({"undated": "only", "from": "2022"}, "undated"),
])
def test_bad_parameters_are_a_400_naming_them(quotes_client, params, param):
    response = quotes_client.get("/api/quotes?" + urlencode(params))
    assert response.status_code == 400
    assert response.get_json()["error"]["param"] == param
    assert quotes_client.get("/api/quotes.csv?" + urlencode(params)).status_code == 400


def test_corrections_apply_to_speakers(runner, index_dir, quotes_client):
    def entities(*args):
        result = runner.invoke(main, ["entities", *args, "--index-dir", str(index_dir)])
        assert result.exit_code == 0, result.output

    entities("merge", "person", "Igor Konashenkov", "Oksana Melnychuk")   # a wrong merge, to see it applied
    assert found(quotes_client, person="Oksana Melnychuk")["total"] == 2     # the variant finds the target
    assert {q["speaker"] for q in found(quotes_client, person="Igor Konashenkov")["quotes"]} == {"Igor Konashenkov"}
    entities("hide", "person", "Igor Konashenkov")
    hidden = found(quotes_client, q="ships")["quotes"]
    assert [(q["speaker"], q["speaker_kind"]) for q in hidden] == [(None, None)]
    assert found(quotes_client, person="Igor Konashenkov")["total"] == 0
    entities("retype", "org", "person", "Kremlin")
    assert [q["speaker_kind"] for q in found(quotes_client, q="demands")["quotes"]] == ["person"]
    assert found(quotes_client, org="Kremlin")["total"] == 2     # a filter naming the old kind follows the value


def test_csv_and_jsonl_exports_stream_every_quote(quotes_client):
    response = quotes_client.get("/api/quotes.csv?q=money")
    assert response.headers["X-Total-Count"] == "1"
    assert 'filename="searchapp-quotes-money.csv"' in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")   # a byte order mark, for Excel's accents, as the articles' export
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == ["text", "speaker", "speaker_kind", "direct", "article_id", "title", "date", "start", "end",
                       "link"]
    assert rows[1][0] == "'=HYPERLINK(1) is where the money went"      # no formula in a spreadsheet
    assert rows[1][-1] == f"http://localhost/articles/{rows[1][4]}"   # back to the quote's article
    assert not quotes_client.get("/api/quotes.csv?q=money&bom=false").get_data(as_text=True).startswith("\ufeff")
    lines = quotes_client.get("/api/quotes.jsonl?org=Kremlin&sort=oldest").get_data(as_text=True).splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["date"] for r in records] == ["2022-03-03", None]
    assert records[1] == {**records[1], "speaker": "Kremlin", "direct": False, "article_id": "q6",
                          "link": "http://localhost/articles/q6"}
    assert "snippet" not in records[0]


def test_an_entity_page_counts_its_quotes_per_period(quotes_client):
    answer = quotes_client.get("/api/entities/person/Sergei Lavrov?interval=month").get_json()
    quotes = answer["quotes"]
    assert quotes["total"] == 2 and [q["date"] for q in quotes["latest"]] == ["2022-03-03", "2021-11-10"]
    assert sum(bucket["count"] for bucket in quotes["timeline"]) == 2
    for bucket in quotes["timeline"]:
        period = {"person": "Sergei Lavrov", "from": bucket["from"], "to": bucket["to"]}
        assert found(quotes_client, **period)["total"] == bucket["count"]
    assert quotes_client.get("/api/entities/place/Moscow").get_json()["quotes"] is None
    within = quotes_client.get("/api/entities/org/Kremlin?from=2022").get_json()["quotes"]
    assert (within["total"], within["undated"]) == (1, 0)


def test_the_cli_prints_and_exports_quotes(runner, index_dir, tmp_path):
    result = runner.invoke(main, ["quotes", "nuclear", "--person", "Sergei Lavrov", "--index-dir", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("2 quotes")
    assert "Sergei Lavrov: “Everyone knows that a third World War can only be a nuclear one”" in result.output
    as_json = runner.invoke(main, ["quotes", "ships", "--json", "--index-dir", str(index_dir)])
    assert json.loads(as_json.output)["quotes"][0]["speaker"] == "Oksana Melnychuk"
    out = tmp_path / "kremlin.jsonl"
    exported = runner.invoke(main, ["quotes", "--org", "Kremlin", "--format", "jsonl", "-o", str(out),
                                    "--base-url", "http://example.org/news", "--index-dir", str(index_dir)])
    assert exported.exit_code == 0 and len(out.read_text().splitlines()) == 2
    assert json.loads(out.read_text().splitlines()[0])["link"].startswith("http://example.org/news/articles/")
    assert "--collapse" not in runner.invoke(main, ["quotes", "--help"]).output   # a copy's quotes are its own
    bad = runner.invoke(main, ["quotes", "--from", "someday", "--index-dir", str(index_dir)])
    assert bad.exit_code == 1 and "'from'" in bad.output
    shown = runner.invoke(main, ["entities", "show", "person", "sergei lavrov", "--index-dir", str(index_dir)])
    assert "quoted 2 times (0 undated)" in shown.output and "“Everyone knows that" in shown.output


def test_a_quotes_file_damaged_under_the_server_is_a_503_naming_it(index_dir, quotes_client):
    """The quotes index is checked as the articles' is: its files' sizes when opened and on every
    request, their checksums in the background; the article search is not held by it."""
    assert found(quotes_client, q="nuclear")["total"] == 3   # opened
    quotes_folder = generations.current_path(index_dir) / generations.QUOTES
    assert list((quotes_folder / "sums").glob("*.json")), "every commit of the quotes is sealed"
    postings = next(quotes_folder.glob("MAIN_*.pst"))
    with open(postings, "r+b") as data:
        data.truncate(postings.stat().st_size // 3)
    for url in ("/api/quotes?q=nuclear", "/api/quotes.csv", "/api/entities/person/Sergei Lavrov"):
        response = quotes_client.get(url)
        assert response.status_code == 503, (url, response.status_code)
        error = response.get_json()["error"]
        assert error["code"] == "index_damaged" and postings.name in error["message"]
    assert quotes_client.get("/api/search?q=nuclear").status_code == 200
