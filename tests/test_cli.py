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

    again = runner.invoke(main, ["reindex", str(feed), "--index-dir", str(tmp_path / "ix"), "--no-progress"])
    assert "unchanged                  2" in again.output


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
