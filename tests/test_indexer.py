"""reindex(): incremental updates, dedup, bad files, atomic full rebuilds (real spaCy and Whoosh)."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

from searchapp.store import generations
from searchapp.errors import ReindexError
from searchapp.store.indexer import reindex
from searchapp.readers import read_any, walk
from searchapp.records import RawDoc

from conftest import CORPORA, REUTERS, ROOT
from fixtures import FEED_ARTICLES as ARTICLES, write_jsonl


def doc_count(index_dir: Path) -> int:
    with generations.open_current(index_dir).searcher() as searcher:
        return searcher.doc_count()


def test_reindex_twice_keeps_count_and_updates_changed(tmp_path):
    source = write_jsonl(tmp_path / "feed.jsonl", ARTICLES)
    index_dir = tmp_path / "index"

    first = reindex([source], index_dir)
    assert (first.indexed, first.updated, first.unchanged) == (3, 0, 0)
    assert first.full  # the first run creates the index

    again = reindex([source], index_dir)
    assert (again.indexed, again.updated, again.unchanged) == (0, 0, 3)
    assert doc_count(index_dir) == 3

    changed = [dict(ARTICLES[0], text=ARTICLES[0]["text"] + " Talks resume in Brussels."), *ARTICLES[1:]]
    write_jsonl(source, changed)
    third = reindex([source], index_dir)
    assert (third.indexed, third.updated, third.unchanged) == (0, 1, 2)
    assert doc_count(index_dir) == 3
    with generations.open_current(index_dir).searcher() as searcher:
        assert searcher.document(id="a1")["body"].endswith("Talks resume in Brussels.")


def test_exact_duplicates_are_indexed_once(tmp_path):
    twin = dict(ARTICLES[1], id="copy-of-a2", text="  " + ARTICLES[1]["text"].upper() + "\n")
    source = write_jsonl(tmp_path / "feed.jsonl", [*ARTICLES, twin])
    summary = reindex([source], tmp_path / "index")
    assert summary.indexed == 3 and summary.duplicates == 1
    assert doc_count(tmp_path / "index") == 3


def test_bbc_exact_duplicates_indexed_once(tmp_path, corpora):
    by_hash = defaultdict(list)
    for path in walk([CORPORA / "bbc"]):
        for record in read_any(path):
            if isinstance(record, RawDoc):
                by_hash[record.content_hash].append(path)
    groups = [paths for paths in by_hash.values() if len(paths) > 1][:4]
    assert len(groups) == 4, "the BBC corpus has exact duplicates"
    folder = tmp_path / "bbc"
    for paths in groups:
        for path in paths:
            dest = folder / path.relative_to(CORPORA / "bbc")
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, dest)
    files = sum(len(paths) for paths in groups)
    summary = reindex([folder], tmp_path / "index")
    assert summary.files_read == files
    assert summary.indexed == len(groups)
    assert summary.duplicates == files - len(groups)
    assert doc_count(tmp_path / "index") == len(groups)


def test_bad_files_are_reported_and_skipped_without_losing_the_index(tmp_path):
    index_dir = tmp_path / "index"
    good = tmp_path / "good"
    good.mkdir()
    write_jsonl(good / "feed.jsonl", ARTICLES[:2])
    reindex([good], index_dir)

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (bad / "empty.jsonl").write_bytes(b"")
    (bad / "mixed.jsonl").write_text(
        json.dumps(ARTICLES[2]) + "\n{not json\n", encoding="utf-8")
    summary = reindex([bad], index_dir)

    reasons = {Path(s.path).name: s for s in summary.skipped}
    assert set(reasons) == {"binary.txt", "empty.jsonl", "mixed.jsonl"}
    assert reasons["mixed.jsonl"].location  # names the record/line
    assert summary.indexed == 1
    assert doc_count(index_dir) == 3  # what was indexed before is still there


def test_missing_source_is_fatal_and_touches_nothing(tmp_path):
    with pytest.raises(ReindexError, match="no-such-folder"):
        reindex([tmp_path / "no-such-folder"], tmp_path / "index")
    assert generations.current_path(tmp_path / "index") is None


def test_full_rebuild_swaps_in_a_new_generation(tmp_path):
    source = write_jsonl(tmp_path / "feed.jsonl", ARTICLES)
    index_dir = tmp_path / "index"
    reindex([source], index_dir)
    before = generations.current_path(index_dir)

    write_jsonl(source, ARTICLES[:2])
    summary = reindex([source], index_dir, full=True)
    after = generations.current_path(index_dir)
    assert after != before and summary.indexed == 2
    assert doc_count(index_dir) == 2  # a full rebuild drops articles no longer in the sources


def test_killed_full_rebuild_leaves_previous_index_searchable(tmp_path, corpora):
    index_dir = tmp_path / "index"
    source = write_jsonl(tmp_path / "feed.jsonl", ARTICLES)
    reindex([source], index_dir)
    live = generations.current_path(index_dir)

    big = tmp_path / "big"
    big.mkdir()
    shutil.copy(REUTERS / "reut2-000.sgm", big)
    proc = subprocess.Popen(
        [sys.executable, "-m", "searchapp.cli", "reindex", str(big), "--full",
         "--index-dir", str(index_dir), "--no-progress"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(list(index_dir.glob("gen-*"))) < 2:
            time.sleep(0.2)
        assert len(list(index_dir.glob("gen-*"))) == 2, "the rebuild never started"
        time.sleep(3)  # let it get well into enrichment and writing
        assert proc.poll() is None, "the rebuild finished before it could be killed"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    assert generations.current_path(index_dir) == live
    assert doc_count(index_dir) == 3
    with generations.open_current(index_dir).searcher() as searcher:
        assert searcher.document(id="a2")["title"].startswith("Drought")

    # The next run recovers: its lock is free and the half-built generation is cleaned up.
    reindex([source], index_dir, full=True)
    assert len(list(index_dir.glob("gen-*"))) == 2  # the new one and the one it replaced


def test_commits_as_it_goes_without_losing_or_duplicating(tmp_path, monkeypatch):
    from searchapp.store import writer

    monkeypatch.setattr(writer, "COMMIT_EVERY", 2)
    source = write_jsonl(tmp_path / "feed.jsonl", ARTICLES)
    index_dir = tmp_path / "index"
    assert reindex([source], index_dir, full=True).indexed == 3
    changed = [dict(a, text=a["text"] + " Updated.") for a in ARTICLES]
    write_jsonl(source, changed)
    assert reindex([source], index_dir).updated == 3
    assert doc_count(index_dir) == 3
    with generations.open_current(index_dir).searcher() as searcher:
        assert all(searcher.document(id=a["id"])["body"].endswith("Updated.") for a in ARTICLES)


def test_index_of_another_format_is_refused_until_a_full_reindex(tmp_path):
    from searchapp.errors import IndexOutdated
    from searchapp.search.service import SearchService
    from searchapp.records import Query

    source = write_jsonl(tmp_path / "feed.jsonl", ARTICLES)
    index_dir = tmp_path / "index"
    reindex([source], index_dir)
    live = generations.current_path(index_dir)
    (live / generations.FORMAT_FILE).write_text("1\n")

    with pytest.raises(IndexOutdated, match=r"reindex --full"):
        reindex([source], index_dir)          # an incremental run never writes into it
    with pytest.raises(IndexOutdated) as refused:
        SearchService(index_dir).search(Query(text="oil"))
    assert refused.value.status == 503

    assert reindex([source], index_dir, full=True).indexed == 3
    assert generations.format_of(generations.current_path(index_dir)) == generations.FORMAT_VERSION


def test_incremental_run_over_an_emptied_source_removes_nothing_and_fails(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    feed = write_jsonl(archive / "feed.jsonl", ARTICLES)
    index_dir = tmp_path / "index"
    reindex([archive], index_dir)
    feed.rename(tmp_path / "elsewhere.jsonl")        # the archive's disk not mounted: an empty folder
    with pytest.raises(ReindexError, match=f"nothing readable in {archive}"):
        reindex([archive], index_dir)
    assert doc_count(index_dir) == 3

    (tmp_path / "elsewhere.jsonl").rename(feed)      # mounted again, one record gone
    write_jsonl(feed, ARTICLES[1:])
    summary = reindex([archive], index_dir)
    assert (summary.removed, summary.unchanged) == (1, 2) and doc_count(index_dir) == 2


def test_removing_gone_articles_writes_like_any_commit(tmp_path):
    """After incremental runs and one that removes a file's articles, every segment is
    uncompounded and has its arrays saved (a removal commit may merge segments, as any commit)."""
    from searchapp.store import segment_arrays

    source = tmp_path / "feeds"
    source.mkdir()
    index_dir = tmp_path / "index"
    for n in range(6):
        write_jsonl(source / f"feed{n}.jsonl", [dict(a, id=f"{a['id']}-{n}", text=f"{a['text']} Run {n}.")
                                                   for a in ARTICLES])
        reindex([source], index_dir)
    (source / "feed0.jsonl").unlink()
    assert reindex([source], index_dir).removed == 3

    live = generations.current_path(index_dir)
    assert not list(live.glob("*.seg"))      # no compound segment
    with generations.open_generation(live).reader() as reader:
        assert reader.doc_count() == 15
        for leaf, _ in reader.leaf_readers():
            segment = leaf.segment()
            assert segment_arrays.load(live, segment.segment_id(), segment.doc_count_all()) is not None
