import re
import time
from pathlib import Path

import pytest

from searchapp.readers import sgml
from searchapp.records import RawDoc, Skipped

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def sample():
    return list(sgml.read(DATA / "reuters_sample.sgm"))


def test_normal_story(sample):
    doc = sample[0]
    assert doc.doc_id == "reuters-9001" and doc.source == "Reuters"
    assert doc.title == "NORTHGRAIN <NGR> SEES WHEAT EXPORTS UP"          # &lt; unescaped
    assert doc.date_text == "2-MAR-1987 09:15:30.12"
    assert (doc.dateline, doc.dateline_places) == ("WINNIPEG, March 2", ("WINNIPEG",))
    assert doc.author == "Pia Jansen"
    assert doc.body.startswith("Northgrain Co <NGR> said wheat exports would rise 5 pct")
    assert "prices > 100 dlrs" in doc.body                                # unescaped > kept
    assert "port of Churchill & Thunder Bay" in doc.body                  # &#27;[B dropped
    assert "\n\n" in doc.body and not doc.body.endswith("Reuter")         # paragraphs, no sign-off
    assert not re.search(r"[\x00-\x08\x0b-\x1f]", doc.body + doc.title)   # &#3; &#2; dropped
    assert doc.extra["topics"] == ["grain", "wheat"] and doc.extra["people"] == ["jansen"]
    assert doc.extra["places"] == ["canada"] and doc.extra["orgs"] == []


def test_brief_story_counts_with_its_title(sample):
    doc = sample[1]
    assert isinstance(doc, RawDoc) and doc.extra["type"] == "BRIEF"
    assert doc.title == "NORTHGRAIN SETS TWO-FOR-ONE STOCK SPLIT"
    assert doc.body == ""                                                 # "Blah blah blah." filler
    assert doc.date_text == "2-MAR-1987 09:20:01.00"                      # trailing noise dropped


def test_unprocessed_story_takes_its_first_line_as_title(sample):
    doc = sample[2]
    assert doc.extra["type"] == "UNPROC"
    assert doc.title == "PRAIRIE GRAIN STOCKS - MARCH 31"
    assert doc.body.startswith("Wheat.............12.1")
    assert doc.date_text == "31-MAR-1987"                                 # "605:12:19" is no time


def test_malformed_records_are_skipped_and_reading_goes_on(sample):
    skipped = [item for item in sample if isinstance(item, Skipped)]
    assert [(s.location, s.reason) for s in skipped] == [
        ("record 4 (NEWID 9004)", "no <TEXT> element"),
        ("record 5 (NEWID 9005)", "empty article"),
        ("record 6 (NEWID 9006)", "unterminated <REUTERS> record"),
    ]


def test_not_sgml(tmp_path):
    (tmp_path / "a.sgm").write_text("just some text, no records\n")
    (tmp_path / "b.sgm").write_bytes(b"\x00" * 100)
    [a] = list(sgml.read(tmp_path / "a.sgm"))
    [b] = list(sgml.read(tmp_path / "b.sgm"))
    assert "no <REUTERS> records" in a.reason and "binary" in b.reason


@pytest.mark.slow
def test_whole_reuters_collection():
    files = sorted((CORPORA / "reuters21578").glob("reut2-*.sgm"))
    assert len(files) == 22
    started = time.perf_counter()
    items = [item for path in files for item in sgml.read(path)]
    elapsed = time.perf_counter() - started
    docs = [item for item in items if isinstance(item, RawDoc)]
    skipped = [item for item in items if isinstance(item, Skipped)]
    # One record (NEWID 12793) is an UNPROC story with no text at all: reported, not an article.
    assert len(items) == 21578
    assert len(docs) == 21577
    assert [(Path(s.path).name, s.location, s.reason) for s in skipped] == [
        ("reut2-012.sgm", "record 793 (NEWID 12793)", "empty article")]
    assert len({d.doc_id for d in docs}) == len(docs)
    dates = {}
    for path in files:
        text = path.read_bytes().decode("latin-1")
        for newid, date in re.findall(r'NEWID="(\d+)">\s*<DATE>\s*(\d{1,2}-[A-Z]{3}-\d{4})', text):
            dates[f"reuters-{newid}"] = date
    assert len(dates) == 21578
    for doc in docs:
        assert doc.date_text.split()[0] == dates[doc.doc_id]
        assert doc.title or doc.body
    print(f"read {len(items)} Reuters records in {elapsed:.2f}s")
    assert elapsed < 20
