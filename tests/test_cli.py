"""The `searchapp` command line: summaries, exit codes, stats, and the flask twin."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from searchapp.cli import main

from conftest import ROOT


def write_feed(path):
    rows = [
        {"id": "n1", "title": "Ferry service resumes in Helsinki", "date": "2024-01-09",
         "text": "The ferry link between Helsinki and Tallinn reopened on Tuesday, operator Maria Lind said."},
        {"id": "n2", "title": "Budget vote set for March", "date": "2023-02-14",
         "text": "Lawmakers in Ottawa will vote on the budget in March, Finance Minister Paul Tremblay said."},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + "{broken\n", encoding="utf-8")
    return path


def test_reindex_prints_summary_and_reports_bad_records(runner, tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl")
    result = runner.invoke(main, ["reindex", str(feed), "--index-dir", str(tmp_path / "ix"), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "indexed (new)              2" in result.output
    assert "skipped                    1" in result.output
    assert "feed.jsonl:line 3" in result.output  # file, record and reason are named

    assert "in the index       2 articles, all dated" in result.output
    assert "articles/s" in result.output

    again = runner.invoke(main, ["reindex", str(feed), "--index-dir", str(tmp_path / "ix"), "--no-progress"])
    assert "unchanged                  2" in again.output
    assert "nothing changed" in again.output and "articles/s" not in again.output


def test_reindex_of_an_undated_archive_says_so(runner, tmp_path):
    folder = tmp_path / "bbc-like"
    folder.mkdir()
    for n, (title, body) in enumerate([
            ("Ferry link reopens", "The ferry link between Helsinki and Tallinn reopened, Maria Lind said."),
            ("Budget vote delayed", "Lawmakers in Ottawa delayed the budget vote, Paul Tremblay said.")]):
        (folder / f"{n:03d}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    result = runner.invoke(main, ["reindex", str(folder), "--index-dir", str(tmp_path / "ix"), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "in the index       2 articles, none dated:" in result.output
    feed = write_feed(tmp_path / "feed.jsonl")
    mixed = runner.invoke(main, ["reindex", str(feed), "--index-dir", str(tmp_path / "ix"), "--no-progress"])
    assert "in the index       4 articles, 2 dated, 2 undated" in mixed.output


def test_reindex_missing_source_exits_non_zero_naming_it(runner, tmp_path):
    result = runner.invoke(main, ["reindex", str(tmp_path / "nope"), "--index-dir", str(tmp_path / "ix")])
    assert result.exit_code == 1
    assert "nope: no such file or folder" in result.output


def test_reindex_nothing_readable_exits_non_zero(runner, tmp_path):
    (tmp_path / "junk.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = runner.invoke(main, ["reindex", str(tmp_path / "junk.txt"), "--index-dir", str(tmp_path / "ix")])
    assert result.exit_code == 1
    assert "junk.txt" in result.output


def test_stats_lists_counts_and_top_values(runner, tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl")
    runner.invoke(main, ["reindex", str(feed), "--index-dir", str(tmp_path / "ix"), "--no-progress"])
    result = runner.invoke(main, ["stats", "--index-dir", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.output
    assert "articles   2" in result.output
    assert "2023-02-14 to 2024-01-09" in result.output
    assert "Helsinki" in result.output


def test_stats_without_index_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(main, ["stats", "--index-dir", str(tmp_path / "empty")])
    assert result.exit_code == 1
    assert "no index" in result.output


def test_index_dir_from_environment(runner, tmp_path, monkeypatch):
    feed = write_feed(tmp_path / "feed.jsonl")
    monkeypatch.setenv("SEARCHAPP_INDEX_DIR", str(tmp_path / "from-env"))
    assert runner.invoke(main, ["reindex", str(feed), "--no-progress"]).exit_code == 0
    assert (tmp_path / "from-env" / "current").is_symlink()


def test_flask_cli_reindex_is_the_same_command(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl")
    env = {"SEARCHAPP_INDEX_DIR": str(tmp_path / "ix"), "PATH": "/usr/bin:/bin"}
    flask = Path(sys.executable).with_name("flask")
    done = subprocess.run([str(flask), "--app", "wsgi", "reindex", str(feed),
                           "--no-progress"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "indexed (new)              2" in done.stdout


def test_search_command(runner, tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl")
    runner.invoke(main, ["reindex", str(feed), "--index-dir", str(tmp_path / "ix"), "--no-progress"])
    result = runner.invoke(main, ["search", "ferry", "--index-dir", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.output
    assert "Ferry service resumes in Helsinki" in result.output
    assert "Budget" not in result.output
    bad = runner.invoke(main, ["search", "ferry", "--from", "not a date at all", "--index-dir", str(tmp_path / "ix")])
    assert bad.exit_code == 1


def test_search_json_is_the_api_shape(runner, tmp_path):
    from searchapp.web import create_app

    feed = write_feed(tmp_path / "feed.jsonl")
    runner.invoke(main, ["reindex", str(feed), "--index-dir", str(tmp_path / "ix"), "--no-progress"])
    printed = runner.invoke(main, ["search", "vote", "--place", "Ottawa", "--from", "2023", "--json",
                                   "--index-dir", str(tmp_path / "ix")])
    assert printed.exit_code == 0, printed.output
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "ix")}).test_client()
    served = client.get("/api/search?q=vote&place=Ottawa&from=2023").get_json()
    from_cli = json.loads(printed.output)
    assert from_cli["total"] == served["total"] == 1
    for body in (from_cli, served):
        body.pop("took_ms")
    assert from_cli == served


def test_search_options_are_validated_like_url_parameters(runner, tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl")
    runner.invoke(main, ["reindex", str(feed), "--index-dir", str(tmp_path / "ix"), "--no-progress"])
    spaced = runner.invoke(main, ["search", "ferry", "--place", "  helsinki ", "--place", "",
                                  "--index-dir", str(tmp_path / "ix")])
    assert spaced.exit_code == 0 and spaced.output.startswith("1 articles"), spaced.output
    too_long = runner.invoke(main, ["search", "x" * 1001, "--index-dir", str(tmp_path / "ix")])
    assert too_long.exit_code == 1 and "'q' is longer than 1000 characters" in too_long.output


def mixed_archive(folder: Path) -> Path:
    """A folder as a user may keep one: an SGML file, the seed page and BBC articles beside it,
    the collection's README and a notes file."""
    from conftest import CORPORA, SEED

    data = ROOT / "tests" / "data"
    folder.mkdir()
    (folder / "reuters.sgm").write_bytes((data / "reuters_sample.sgm").read_bytes())
    (folder / SEED.name).write_bytes(SEED.read_bytes())
    for name in ("001.txt", "002.txt"):
        (folder / f"bbc-{name}").write_bytes((CORPORA / "bbc" / "business" / name).read_bytes())
    (folder / "README.txt").write_text("About this archive.\n")
    (folder / "notes.txt").write_text("".join(f"code{n}   category {n}\n" for n in range(300)))
    return folder


def test_text_beside_sgml_is_read_and_every_other_file_named(runner, tmp_path):
    archive = mixed_archive(tmp_path / "archive")
    result = runner.invoke(main, ["reindex", str(archive), "--index-dir", str(tmp_path / "ix"), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "files read                 5" in result.output           # sgm, seed, 2 BBC, notes
    assert "indexed (new)              6" in result.output           # 3 Reuters records + 3 pages
    assert f"{archive / 'README.txt'}: documentation" in result.output
    assert f"{archive / 'notes.txt'}: not an article" in result.output
    found = runner.invoke(main, ["search", "--limit", "20", "--json", "--index-dir", str(tmp_path / "ix")])
    ids = {hit["id"] for hit in json.loads(found.output)["results"]}
    assert {"archive/bbc-001.txt", "archive/bbc-002.txt"} <= ids


def test_incremental_reindex_removes_what_left_the_source_and_only_that(runner, tmp_path):
    archive = mixed_archive(tmp_path / "archive")
    other = write_feed(tmp_path / "other.jsonl")
    index_dir = str(tmp_path / "ix")
    for source in (archive, other):
        assert runner.invoke(main, ["reindex", str(source), "--index-dir", index_dir, "--no-progress"]).exit_code == 0

    (archive / "bbc-002.txt").unlink()                       # a file gone
    sgml = archive / "reuters.sgm"                           # a file that no longer yields an id
    text = sgml.read_bytes()
    third = text.index(b"<REUTERS", text.index(b"<REUTERS", text.index(b"<REUTERS") + 1) + 1)
    sgml.write_bytes(text[:third])                           # records 3-6 gone, record 3 was indexed
    result = runner.invoke(main, ["reindex", str(archive), "--index-dir", index_dir, "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "removed                    2" in result.output
    found = runner.invoke(main, ["search", "--limit", "20", "--json", "--index-dir", index_dir])
    ids = {hit["id"] for hit in json.loads(found.output)["results"]}
    assert "archive/bbc-002.txt" not in ids and "archive/bbc-001.txt" in ids
    assert len(ids) == 6 - 2 + 2 and {"n1", "n2"} <= ids     # the other source's articles stay

    again = runner.invoke(main, ["reindex", str(archive), "--index-dir", index_dir, "--no-progress"])
    assert "removed                    0" in again.output


def test_progress_counts_articles_and_logs_an_eta(tmp_path, caplog, monkeypatch):
    import logging

    from searchapp import cli
    from searchapp.store.indexer import reindex

    archive = mixed_archive(tmp_path / "archive")
    seen = []
    display = cli._ProgressDisplay(interactive=False)
    monkeypatch.setattr(cli._ProgressDisplay, "LOG_EVERY", 0.0)

    def record(state):
        seen.append((state.articles_done, state.articles_total, state.articles_written))
        display(state)

    with caplog.at_level(logging.INFO, logger="searchapp.reindex"):
        summary = reindex([archive], tmp_path / "ix", progress=record)
    # Counted before the run: 6 <REUTERS> records, one article a text file (the notes included).
    assert seen[0][1] == 6 + 4
    # Dealt with in the end: 6 indexed, 3 bad Reuters records and the notes file.
    assert seen[-1][0] == seen[-1][1] == 10
    # The count follows what is written: it never runs ahead of the articles dealt with.
    assert all(done >= written for done, _, written in seen) and seen[-1][2] == summary.indexed
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("progress:")]
    assert lines and all("articles/s, ETA" in line for line in lines)
    assert " of ~10 articles" in lines[0]
