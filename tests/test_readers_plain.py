from pathlib import Path

from searchapp.readers import plain
from searchapp.records import RawDoc, Skipped

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
DATA = Path(__file__).resolve().parent / "data"


def test_title_line_then_body():
    [doc] = list(plain.read(DATA / "plain_article.txt"))
    assert doc.title == "Lakeside ferry returns after repairs"
    assert doc.body == ("The lakeside ferry between Northport and Elm Island returned to service on Monday "
                        "after a month in dry dock.\n\nCaptain Rosa Ibarra said bookings for the summer were already strong.")
    assert doc.dateline == "" and doc.source == ""


def test_cp1252_fallback():
    [doc] = list(plain.read(DATA / "plain_cp1252.txt"))
    assert doc.title == "Café owners welcome new licence rules"
    assert "council’s rules" in doc.body


def test_bbc_article_and_stable_id():
    path = CORPORA / "bbc" / "business" / "001.txt"
    [doc] = list(plain.read(path, root=CORPORA / "bbc"))
    [again] = list(plain.read(path, root=CORPORA / "bbc"))
    assert doc.title == "Ad sales boost Time Warner profit"
    assert doc.body.startswith("Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m)")
    assert doc.doc_id == again.doc_id == "bbc/business/001.txt"


def test_leading_dateline_is_split_off(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Council votes\n\nLONDON, 3/3/2022 - The council voted.\n")
    [doc] = list(plain.read(path))
    assert (doc.dateline, doc.dateline_places, doc.body) == ("LONDON, 3/3/2022", ("LONDON",), "The council voted.")


def test_control_characters_and_whitespace(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"  Title\x07 with   bell \r\n\r\nLine one\r\ncontinues.\r\n\r\n\r\n\x1b[BSecond\tparagraph.\r\n")
    [doc] = list(plain.read(path))
    assert doc.title == "Title with bell"
    assert doc.body == "Line one continues.\n\nSecond paragraph."


def test_empty_binary_and_missing_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02PNG" * 50)
    for name, reason in (("empty.txt", "empty file"), ("bin.txt", "binary"), ("missing.txt", "cannot open")):
        [item] = list(plain.read(tmp_path / name))
        assert isinstance(item, Skipped) and item.location == "" and reason in item.reason
    assert not any(isinstance(i, RawDoc) for i in plain.read(tmp_path / "empty.txt"))
