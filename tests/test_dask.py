"""reindex --dask: enrichment on a real Dask cluster on loopback (a scheduler and worker processes
started here, or a LocalCluster), the same index as --workers 2, and its faults: a worker killed
mid-run (the same index still, whichever process's hash seed), the scheduler gone mid-run, an
address where nothing answers."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from searchapp.cli import main
from searchapp.enrich import pipeline
from searchapp.search import resolved
from searchapp.store import generations
from searchapp.store.indexer import reindex
from searchapp.store.schema import fields_to_article

from conftest import CORPORA, ROOT
from fixtures import FEED_ARTICLES, write_jsonl

TASK_PREFIX = "searchapp-enrich-"


@pytest.fixture(scope="module")
def archive(corpora, tmp_path_factory) -> Path:
    """40 BBC articles, 20 of business and 20 of sport (one of them an exact duplicate)."""
    folder = tmp_path_factory.mktemp("dask-archive") / "bbc"
    for topic in ("business", "sport"):
        (folder / topic).mkdir(parents=True)
        for path in sorted((CORPORA / "bbc" / topic).glob("*.txt"))[:20]:
            shutil.copy(path, folder / topic / path.name)
    return folder


def indexed(index_dir: Path) -> dict[str, tuple[dict, dict]]:
    """id -> (stored fields, facet values as searches show them: after the archive-wide pass)."""
    value_map = resolved.load(index_dir, generations.current_path(index_dir))
    with generations.open_current(index_dir).searcher() as searcher:
        assert searcher.doc_count() == searcher.doc_count_all()   # nothing written twice, then deleted
        documents = list(searcher.all_stored_fields())
    for fields in documents:   # when the run wrote it: the same index otherwise
        assert fields.pop("first_indexed")
    found = {fields["id"]: (fields, resolved.article(value_map, fields_to_article(fields)).entities)
             for fields in documents}
    assert len(found) == len(documents), "an article indexed twice"
    return found


def as_searched(index_dir: Path) -> tuple[dict, dict]:
    """(id -> what a search shows of the article: its stored fields, its facet values and its
    mentions' values after the archive-wide pass; the pass's map, entities.json)."""
    value_map = resolved.load(index_dir, generations.current_path(index_dir))
    found = {}
    for doc_id, (fields, _) in indexed(index_dir).items():
        article = resolved.article(value_map, fields_to_article(fields))
        found[doc_id] = {**{k: v for k, v in fields.items() if k != "path"}, "entities": article.entities,
                         "mentions": [(m.start, m.end, m.type, m.value) for m in article.mentions]}
    return found, json.loads((generations.current_path(index_dir) / "entities.json").read_text())


def assert_same_index(found: tuple[dict, dict], expected: tuple[dict, dict]) -> None:
    """Article by article, field by field, then the pass's map: a difference is named."""
    (articles, value_map), (wanted, wanted_map) = found, expected
    assert sorted(articles) == sorted(wanted)
    for doc_id, fields in wanted.items():
        for name, value in fields.items():
            assert articles[doc_id].get(name) == value, (doc_id, name)
    assert value_map == wanted_map


def cli_reindex(source: Path, index_dir: Path, *options: str, hash_seed: int) -> subprocess.CompletedProcess:
    """`searchapp reindex` in a process of its own, with the hash seed given (a set's order, and
    anything that follows it, changes with it: two runs never share one)."""
    env = dict(os.environ, PYTHONHASHSEED=str(hash_seed))
    done = subprocess.run([sys.executable, "-m", "searchapp.cli", "reindex", str(source), *options,
                           "--index-dir", str(index_dir), "--no-progress"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def reference(archive, tmp_path_factory) -> dict:
    """The index `--workers 2` builds of the archive."""
    index_dir = tmp_path_factory.mktemp("workers-2")
    reindex([archive], index_dir, workers=2)
    return indexed(index_dir)


class Cluster:
    """`dask scheduler` and `dask worker` processes on loopback, in a process group of their own
    each, as a user starts them on other machines."""

    def __init__(self, folder: Path, workers: int):
        folder.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        scheduler_file = folder / "scheduler.json"
        self.log = open(folder / "cluster.log", "w")
        self.scheduler = self._start(["distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
                                      "--no-dashboard", "--scheduler-file", str(scheduler_file)], env)
        self.address = self._scheduler_address(scheduler_file)
        self.workers = self._start(["distributed.cli.dask_worker", self.address, "--host", "127.0.0.1",
                                    "--nworkers", str(workers), "--nthreads", "1", "--no-dashboard"], env)
        self._wait_for_workers(workers)

    @staticmethod
    def _scheduler_address(scheduler_file: Path) -> str:
        """The address the scheduler writes, once the file holds it whole: the file exists a
        moment before its JSON is written (a clean clone's CI read it empty once)."""
        deadline = time.monotonic() + 60
        while True:
            try:
                return json.loads(scheduler_file.read_text())["address"]
            except (FileNotFoundError, json.JSONDecodeError, KeyError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def _wait_for_workers(self, count: int) -> None:
        """Until the workers have joined: a loaded machine takes more than a run's 2 s to start one,
        and a test about a scheduler lost mid-run must not fail on one that never had a worker."""
        from distributed import Client

        with Client(self.address, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(count, timeout=60)

    def _start(self, argv: list[str], env: dict) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", *argv], cwd=ROOT, env=env, stdout=self.log,
                                stderr=subprocess.STDOUT, start_new_session=True)

    def stop(self) -> None:
        for proc in (self.workers, self.scheduler):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
        self.log.close()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    started = Cluster(tmp_path_factory.mktemp("dask-cluster"), workers=2)
    yield started
    started.stop()


def when_enriching(address: str, act, from_batch: int = 0) -> threading.Thread:
    """Watch the scheduler at ``address`` from a thread; the first time a worker is running one
    of reindex's batches (numbered ``from_batch`` or later), call ``act(client, worker address)``
    and record it in thread.acted."""
    from distributed import Client

    def batch_number(key) -> int:
        key = str(key)
        return int(key.rsplit("-", 1)[1]) if key.startswith(TASK_PREFIX) else -1

    def watch() -> None:
        with Client(address, timeout=30, set_as_default=False) as client:
            deadline = time.monotonic() + 1200
            while time.monotonic() < deadline:
                busy = [worker for worker, keys in client.processing().items()
                        if any(batch_number(key) >= from_batch for key in keys)]
                if busy:
                    act(client, busy[0])
                    thread.acted.append(busy[0])
                    return
                time.sleep(0.01)

    thread = threading.Thread(target=watch, daemon=True)
    thread.acted = []
    thread.start()
    return thread


def kill_worker(client, worker) -> None:
    os.kill(client.run(os.getpid, workers=[worker])[worker], signal.SIGKILL)


def test_local_cluster_builds_the_same_index_as_workers_2(runner, archive, reference, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 8)   # five batches: both workers get some
    index_dir = tmp_path / "index"
    result = runner.invoke(main, ["reindex", str(archive), "--dask", "local:2", "--index-dir", str(index_dir),
                                  "--no-progress"])
    assert result.exit_code == 0, result.output
    assert f"indexed (new)      {len(reference):>9,}" in result.output
    assert "enrichment         Dask cluster local:2 (tcp://127.0.0.1:" in result.output
    assert "workers used               2" in result.output
    assert indexed(index_dir) == reference


def test_a_worker_killed_mid_run_loses_nothing_and_writes_nothing_twice(cluster, archive, reference, tmp_path,
                                                                        monkeypatch):
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 2)   # twenty batches, four in flight at a time
    killer = when_enriching(cluster.address, kill_worker)
    summary = reindex([archive], tmp_path / "index", dask=cluster.address)
    killer.join(timeout=30)
    assert killer.acted, "no worker was killed while enriching"
    assert summary.indexed == len(reference)
    assert indexed(tmp_path / "index") == reference


@pytest.fixture(scope="module")
def sections(corpora, tmp_path_factory) -> Path:
    """The first 30 articles of each BBC section: enough names for the archive-wide pass to meet
    ties (two forms of one name in as many articles), which it used to break by set order."""
    folder = tmp_path_factory.mktemp("dask-sections") / "bbc"
    for section in sorted(p for p in (CORPORA / "bbc").iterdir() if p.is_dir()):
        (folder / section.name).mkdir(parents=True)
        for path in sorted(section.glob("*.txt"))[:30]:
            shutil.copy(path, folder / section.name / path.name)
    return folder


def test_a_killed_worker_gives_what_workers_2_gives_article_by_article_and_in_the_pass(cluster, sections,
                                                                                       tmp_path):
    """Through the CLI, each run in its own process (as a user runs them, each with its own hash
    seed): ids, dates, stored entities and mentions, the facet values searches show and the
    archive-wide pass's map are those of `--workers 2`."""
    cli_reindex(sections, tmp_path / "workers", "--workers", "2", hash_seed=0)
    killer = when_enriching(cluster.address, kill_worker)
    done = cli_reindex(sections, tmp_path / "dask", "--dask", cluster.address, hash_seed=1)
    killer.join(timeout=30)
    assert killer.acted, "no worker was killed while enriching"
    assert "indexed (new)" in done.stdout
    assert_same_index(as_searched(tmp_path / "dask"), as_searched(tmp_path / "workers"))


@pytest.mark.slow
def test_the_bbc_with_a_worker_killed_a_third_of_the_way_in_is_the_index_workers_2_builds(corpora, tmp_path):
    """The whole BBC folder: `--workers 2`, then `--dask` on a scheduler and two worker processes,
    one killed when the run reaches a third of its batches (it restarts: three workers used)."""
    bbc = CORPORA / "bbc"
    batches = len(list(bbc.rglob("*.txt"))) // pipeline.BATCH_SIZE
    cli_reindex(bbc, tmp_path / "workers", "--workers", "2", hash_seed=0)
    own = Cluster(tmp_path / "cluster", workers=2)
    try:
        killer = when_enriching(own.address, kill_worker, from_batch=batches // 3)
        cli_reindex(bbc, tmp_path / "dask", "--dask", own.address, hash_seed=1)
        killer.join(timeout=30)
    finally:
        own.stop()
    assert killer.acted, "no worker was killed while enriching"
    assert_same_index(as_searched(tmp_path / "dask"), as_searched(tmp_path / "workers"))


def test_scheduler_gone_mid_run_is_one_error_and_the_live_index_is_untouched(runner, archive, tmp_path,
                                                                             monkeypatch):
    index_dir = tmp_path / "index"
    reindex([write_jsonl(tmp_path / "feed.jsonl", FEED_ARTICLES)], index_dir)
    live = generations.current_path(index_dir)
    own = Cluster(tmp_path / "cluster", workers=1)
    try:
        monkeypatch.setattr(pipeline, "BATCH_SIZE", 2)
        killer = when_enriching(own.address, lambda client, worker: os.killpg(own.scheduler.pid, signal.SIGKILL))
        started = time.monotonic()
        result = runner.invoke(main, ["reindex", str(archive), "--full", "--dask", own.address, "--dask-timeout",
                                      "2", "--index-dir", str(index_dir), "--no-progress"])
        elapsed = time.monotonic() - started
        killer.join(timeout=30)
    finally:
        own.stop()
    assert killer.acted, ("the scheduler was not killed while enriching", result.exit_code, result.output, elapsed)
    assert result.exit_code == 1, result.output
    assert (f"Error: lost the Dask scheduler at {own.address} mid-run; the live index is unchanged"
            in result.output), result.output
    assert elapsed < 60
    assert generations.current_path(index_dir) == live
    assert [p.name for p in index_dir.glob("gen-*")] == [live.name]
    with generations.open_current(index_dir).searcher() as searcher:
        assert searcher.doc_count() == len(FEED_ARTICLES)


def test_an_address_where_nothing_answers_fails_fast_naming_it(runner, archive, tmp_path):
    with socket.socket() as probe:   # a port just free: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    result = runner.invoke(main, ["reindex", str(archive), "--dask", f"tcp://127.0.0.1:{port}", "--dask-timeout",
                                  "1.5", "--index-dir", str(tmp_path / "index"), "--no-progress"])
    assert result.exit_code == 1, result.output
    assert f"Error: cannot reach the Dask scheduler at tcp://127.0.0.1:{port} within 1.5 s" in result.output
    assert time.monotonic() - started < 15
    assert generations.current_path(tmp_path / "index") is None


@pytest.mark.parametrize("args, message", [
    (["--dask", "local:2", "--workers", "2"], "--dask and --workers exclude each other"),
    (["--dask", "local:0"], "--dask local:0: expected local:N with N from 1 to 64"),
])
def test_bad_dask_options_are_one_clear_error(runner, archive, tmp_path, args, message):
    result = runner.invoke(main, ["reindex", str(archive), *args, "--index-dir", str(tmp_path / "index"),
                                  "--no-progress"])
    assert result.exit_code != 0 and message in result.output, result.output
    assert generations.current_path(tmp_path / "index") is None
