"""reindex --dask: enrichment on a real Dask cluster on loopback (a scheduler and worker processes
started here, or a LocalCluster), the same index as --workers 2, and its faults: a worker killed
mid-run, the scheduler gone mid-run, an address where nothing answers."""
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
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not scheduler_file.exists():
            time.sleep(0.1)
        self.address = json.loads(scheduler_file.read_text())["address"]
        self.workers = self._start(["distributed.cli.dask_worker", self.address, "--host", "127.0.0.1",
                                    "--nworkers", str(workers), "--nthreads", "1", "--no-dashboard"], env)
        self._wait_for_workers(workers)

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


def when_enriching(address: str, act) -> threading.Thread:
    """Watch the scheduler at ``address`` from a thread; the first time a worker is running one
    of reindex's batches, call ``act(client, worker address)`` and record it in thread.acted."""
    from distributed import Client

    def watch() -> None:
        with Client(address, timeout=30, set_as_default=False) as client:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                busy = [worker for worker, keys in client.processing().items()
                        if any(str(key).startswith(TASK_PREFIX) for key in keys)]
                if busy:
                    act(client, busy[0])
                    thread.acted.append(busy[0])
                    return
                time.sleep(0.01)

    thread = threading.Thread(target=watch, daemon=True)
    thread.acted = []
    thread.start()
    return thread


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

    def kill(client, worker):
        os.kill(client.run(os.getpid, workers=[worker])[worker], signal.SIGKILL)

    killer = when_enriching(cluster.address, kill)
    summary = reindex([archive], tmp_path / "index", dask=cluster.address)
    killer.join(timeout=30)
    assert killer.acted, "no worker was killed while enriching"
    assert summary.indexed == len(reference)
    assert indexed(tmp_path / "index") == reference


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
