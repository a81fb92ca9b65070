"""When each article was first indexed: kept across incremental reindexes (unchanged and updated
articles), carried over by full rebuilds, and the order of undated articles in sorts and feeds;
controls that cannot act on undated results are not offered. Through `reindex` (readers, spaCy,
Whoosh) on a few BBC files (the BBC archive is undated) and the app over that index."""
from __future__ import annotations

import shutil
import time
from datetime import datetime, timezone
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from searchapp.store import generations
from searchapp.store.indexed_times import first_indexed
from searchapp.store.indexer import reindex
from searchapp.web import create_app

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
BBC = ("politics/001", "politics/002", "politics/003", "politics/004", "business/001", "business/002")
A = "{http://www.w3.org/2005/Atom}"


def _copy_bbc(folder: Path) -> None:
    for name in BBC:
        section, number = name.split("/")
        shutil.copy(CORPORA / "bbc" / section / f"{number}.txt", folder / f"{section}-{number}.txt")


def _times(client) -> dict[str, str]:
    hits = client.get("/api/search?per_page=100").get_json()["results"]
    return {hit["id"]: hit["first_indexed"] for hit in hits}


@pytest.fixture(scope="module")
def archive(tmp_path_factory, corpora):
    folder = tmp_path_factory.mktemp("undated")
    _copy_bbc(folder)
    index_dir = tmp_path_factory.mktemp("undated-index")
    reindex([folder], index_dir)
    return folder, index_dir


def _client(index_dir):
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()


def test_every_article_has_its_time_and_the_date_sorts_differ(archive):
    client = _client(archive[1])
    times = _times(client)
    assert len(times) == len(BBC) and all(times.values()) and len(set(times.values())) == len(BBC)
    newest = [h["id"] for h in client.get("/api/search?sort=newest").get_json()["results"]]
    oldest = [h["id"] for h in client.get("/api/search?sort=oldest").get_json()["results"]]
    assert newest == oldest[::-1]                       # not one order for both, as before
    assert newest == sorted(times, key=times.get, reverse=True)
    article = client.get(f"/api/articles/{newest[0]}").get_json()
    assert article["first_indexed"] == times[newest[0]] and article["date"] is None


def test_the_feed_of_an_undated_archive_follows_indexing(archive):
    client = _client(archive[1])
    response = client.get("/feeds/search.atom?q=the")
    feed = ET.fromstring(response.data)
    entries = feed.findall(f"{A}entry")
    total = client.get("/api/search?q=the").get_json()["total"]
    assert total > 0 and len(entries) == total        # it used to be valid and empty
    newest = [h["id"] for h in client.get("/api/search?q=the&sort=newest").get_json()["results"]]
    assert [e.find(f"{A}id").text.rsplit(":", 1)[1].replace("%2F", "/") for e in entries] == newest
    times = _times(client)
    for entry, doc_id in zip(entries, newest):
        assert entry.find(f"{A}updated").text == times[doc_id] and entry.find(f"{A}published") is None


def test_page_offers_no_control_that_cannot_act_on_undated_results(archive):
    client = _client(archive[1])
    html = client.get("/?q=the").get_data(as_text=True)
    assert "Compare over time" not in html                     # nothing dated to compare
    assert "leave them out" not in html                        # leaving them out would leave nothing
    assert "a publication date." in html                       # says so instead
    assert "or by when first indexed" in html                  # the feed link says what it does
    newest = client.get("/?q=the&sort=newest").get_data(as_text=True)
    assert "they are in the order they were first indexed, latest first" in newest
    assert "first indexed" in newest
    person = client.get("/api/facets/person").get_json()["values"][0]["value"]
    entity = client.get(f"/entities/person/{person}").get_data(as_text=True)
    assert "entity__intervals" not in entity and "No timeline" in entity   # no Day/Week/Month with nothing in it
    assert "Attention over time" not in entity


def test_times_survive_reindexes_updates_and_full_rebuilds(tmp_path, corpora):
    folder, index_dir = tmp_path / "archive", tmp_path / "index"
    folder.mkdir()
    _copy_bbc(folder)
    reindex([folder], index_dir)
    client = _client(index_dir)
    before = _times(client)
    time.sleep(0.05)
    reindex([folder], index_dir)                                        # unchanged: nothing rewritten
    assert _times(client) == before
    changed = folder / "politics-001.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA late paragraph.\n", encoding="utf-8")
    shutil.copy(CORPORA / "bbc" / "tech" / "001.txt", folder / "tech-001.txt")
    summary = reindex([folder], index_dir)
    assert (summary.updated, summary.indexed) == (1, 1)
    after = _times(client)
    new_id = next(doc_id for doc_id in after if doc_id not in before)
    assert {doc_id: after[doc_id] for doc_id in before} == before       # the update kept its time
    assert after[new_id] > max(before.values())
    assert client.get("/api/search?sort=newest").get_json()["results"][0]["id"] == new_id
    reindex([folder], index_dir, full=True)                              # a new generation, same times
    assert _times(_client(index_dir)) == after


def test_a_full_rebuild_carries_the_times_of_an_index_of_the_previous_format(tmp_path, corpora):
    folder, index_dir = tmp_path / "archive", tmp_path / "index"
    folder.mkdir()
    _copy_bbc(folder)
    reindex([folder], index_dir)
    before = _times(_client(index_dir))
    live = generations.current_path(index_dir)
    (live / generations.FORMAT_FILE).write_text(f"{generations.FORMAT_VERSION - 1}\n")
    refused = _client(index_dir).get("/api/search")
    assert refused.status_code == 503 and "reindex --full" in refused.get_json()["error"]["message"]
    reindex([folder], index_dir, full=True)
    assert _times(_client(index_dir)) == before


def test_an_index_without_the_times_gives_its_creation_time(tmp_path):
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, Schema

    old = tmp_path / "gen-20200102-030405-000000000"
    old.mkdir()
    ix = whoosh_index.create_in(str(old), Schema(id=ID(stored=True, unique=True, sortable=True)))
    with ix.writer() as writer:
        writer.add_document(id="a")
        writer.add_document(id="b")
    made = datetime.fromtimestamp(time.mktime((2020, 1, 2, 3, 4, 5, 0, 0, -1)), timezone.utc)
    assert first_indexed(old) == {"a": made, "b": made}
    assert first_indexed(tmp_path / "missing") == {} and first_indexed(None) == {}
