import json
from pathlib import Path

import pytest

from searchapp.readers import html
from searchapp.records import RawDoc, Skipped

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
DATA = Path(__file__).resolve().parent / "data"
FIXTURES = CORPORA / "newspaper4k_fixtures"


def test_sample_page():
    [doc] = list(html.read(DATA / "article.html"))
    assert doc.title == "Orchard town picks new mayor"
    assert doc.url == doc.doc_id == "https://valley-courier.example/2020/11/03/orchard-mayor"
    assert (doc.date_text, doc.author, doc.source) == ("2020-11-03", "Lena Okafor", "The Valley Courier")
    assert (doc.dateline, doc.dateline_places) == ("APPLEDORE, Nov 3 (Valley Courier)", ("APPLEDORE",))
    assert doc.body.startswith("Voters in Appledore elected Marta Quince")
    assert "\n\n" in doc.body
    assert "All rights reserved" not in doc.body and "Sport" not in doc.body


@pytest.mark.parametrize("name", ["cnn_001", "time_001", "fox13now_001", "japanese_article", "yna_co_kr"])
def test_newspaper4k_fixture_dates_match_their_metadata(name):
    [doc] = list(html.read(FIXTURES / "html" / f"{name}.html"))
    meta = json.loads((FIXTURES / "metadata" / f"{name}.json").read_text())
    assert isinstance(doc, RawDoc)
    assert doc.date_text == meta["publish_date"][:10]
    assert doc.url and doc.doc_id == doc.url
    assert len(doc.body) > 300


def test_page_without_an_article_is_skipped():
    [item] = list(html.read(FIXTURES / "html" / "google_meta_refresh.html"))
    assert isinstance(item, Skipped) and "no article text" in item.reason


def test_from_html_takes_the_given_url_as_id():
    page = (DATA / "article.html").read_bytes()
    doc = html.from_html(page, "crawl.warc.gz", url="https://valley-courier.example/?p=17")
    assert doc.doc_id == "https://valley-courier.example/?p=17"
    assert doc.url == "https://valley-courier.example/2020/11/03/orchard-mayor"
    assert html.from_html("<html><body></body></html>", "x.html") is None


def test_binary_and_empty(tmp_path):
    (tmp_path / "a.html").write_bytes(b"\x00\xff" * 100)
    (tmp_path / "b.html").write_bytes(b"")
    [a] = list(html.read(tmp_path / "a.html"))
    [b] = list(html.read(tmp_path / "b.html"))
    assert "binary" in a.reason and b.reason == "empty file"
