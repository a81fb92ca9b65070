import json
from pathlib import Path

from searchapp.readers import jsonl
from searchapp.records import RawDoc, Skipped

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
DATA = Path(__file__).resolve().parent / "data"


def test_sample_lines():
    items = list(jsonl.read(DATA / "articles.jsonl", root=DATA))
    first, second = items[0], items[1]
    assert first.doc_id == "ledger-0001" and first.source == "Northport Ledger" and first.author == "Mei Tanaka"
    assert first.date_text == "2021-05-04" and first.url == "https://example.org/news/bridge-toll"
    assert first.extra["section"] == "Local"                               # unknown fields kept
    assert (first.dateline_places, first.body) == (("NORTHPORT",), "The Northport bridge toll will be scrapped in June, the transport board said.")
    assert second.doc_id == "https://example.org/news/library-sundays"    # no id: the url
    assert second.body == "The central library will open on Sundays from next month."
    assert second.date_text == "2021-06-01T08:00:00Z" and second.author == "Ola Berg; Sam Ortiz"
    assert [(s.location, s.reason.split(" (")[0]) for s in items if isinstance(s, Skipped)] == [
        ("line 3", "invalid JSON"), ("line 4", "expected a JSON object, got list"), ("line 7", "empty article")]
    untitled = items[4]
    assert isinstance(untitled, RawDoc) and untitled.title == ""
    assert untitled.doc_id == "data/articles.jsonl#6"                      # no id or url: path + line


def test_pretty_printed_json_file():
    path = CORPORA / "newspaper4k_fixtures" / "metadata" / "cnn_001.json"
    [doc] = list(jsonl.read(path))
    meta = json.loads(path.read_text())
    assert doc.title == meta["title"] and doc.date_text == meta["publish_date"]
    assert doc.doc_id == meta["url"] and doc.source == "CNN"


def test_broken_document_and_empty_file(tmp_path):
    (tmp_path / "broken.json").write_text('{\n  "title": "x",\n')
    (tmp_path / "empty.jsonl").write_text("\n\n")
    [broken] = list(jsonl.read(tmp_path / "broken.json"))
    [empty] = list(jsonl.read(tmp_path / "empty.jsonl"))
    assert broken.location == "" and "invalid JSON document" in broken.reason
    assert empty.reason == "empty file"


def test_bad_encoding_is_decoded_not_fatal(tmp_path):
    path = tmp_path / "latin.jsonl"
    path.write_bytes('{"title": "Caf\xe9 reopens", "text": "It did."}\n'.encode("latin-1"))
    [doc] = list(jsonl.read(path))
    assert doc.title == "Café reopens"
