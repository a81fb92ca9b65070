import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from searchapp.readers import warc
from searchapp.records import RawDoc, Skipped

DATA = Path(__file__).resolve().parent / "data"


def _page(title: str) -> bytes:
    return (DATA / "article.html").read_bytes().replace(b"Orchard town picks new mayor", title.encode())


def _write_warc(path: Path, gzip: bool = True) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        records = [
            ("https://valley-courier.example/a", "200 OK", "text/html; charset=utf-8", _page("First story")),
            ("https://valley-courier.example/logo.png", "200 OK", "image/png", b"\x89PNG...."),
            ("https://valley-courier.example/old", "301 Moved Permanently", "text/html", b""),
            ("https://valley-courier.example/b", "200 OK", "text/html", _page("Second story")),
        ]
        for uri, status, content_type, payload in records:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                uri, "response", payload=io.BytesIO(payload), http_headers=headers))
        writer.write_record(writer.create_warc_record(
            "https://valley-courier.example/a", "request", payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n")))


@pytest.mark.parametrize("name, gzip", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_html_responses_become_articles(tmp_path, name, gzip):
    path = tmp_path / name
    _write_warc(path, gzip=gzip)
    items = list(warc.read(path))
    assert all(isinstance(item, RawDoc) for item in items)
    assert [(d.doc_id, d.title) for d in items] == [
        ("https://valley-courier.example/a", "First story"), ("https://valley-courier.example/b", "Second story")]
    assert items[0].date_text == "2020-11-03" and items[0].body.startswith("Voters in Appledore")


def test_truncated_warc_keeps_what_was_read(tmp_path):
    whole = tmp_path / "whole.warc.gz"
    _write_warc(whole)
    data = whole.read_bytes()
    for cut in (len(data) - 300, len(data) // 2):
        path = tmp_path / f"cut{cut}.warc.gz"
        path.write_bytes(data[:cut])
        items = list(warc.read(path))
        assert isinstance(items[0], RawDoc) and items[0].title == "First story"
        assert isinstance(items[-1], Skipped)
        assert items[-1].location.startswith("offset ") and "truncated" in items[-1].reason


def test_not_a_warc(tmp_path):
    (tmp_path / "a.warc").write_text("hello, not a crawl\n" * 20)
    (tmp_path / "b.warc.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"\x00garbage" * 10)
    (tmp_path / "c.warc").write_bytes(b"")
    reasons = [next(iter(warc.read(tmp_path / n))).reason for n in ("a.warc", "b.warc.gz", "c.warc")]
    assert reasons[0].startswith("not a WARC file") and reasons[1].startswith("not a WARC file")
    assert reasons[2] == "empty file"
