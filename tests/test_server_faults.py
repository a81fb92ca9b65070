"""The server under a damaged index and hostile queries: a real gunicorn on loopback (one
worker, so what one process logs and answers is what the test sees), bounded in time."""
from __future__ import annotations

import json
import shutil
import threading
import time
import urllib.error
from concurrent.futures import ThreadPoolExecutor
from itertools import product
from pathlib import Path
from urllib.parse import quote

import psutil
import pytest

from fixtures import build_index, make_articles
from searchapp.records import Query
from searchapp.search.parsing import MAX_EXPANDING_WORDS
from searchapp.search.service import RETRY_SECONDS, SearchService
from searchapp.store import generations
from searchapp.store.vocabulary import FILENAME as VOCABULARY
from test_gunicorn import get, gunicorn

RECOVERY_SECONDS = RETRY_SECONDS + 10


def status_of(url: str, timeout: float = 10.0) -> tuple[int, dict, str]:
    """(status, headers, body) of a GET, errors included."""
    try:
        return get(url, timeout=timeout)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8")


def wait_for(url: str, status: int, seconds: float) -> tuple[int, dict, str]:
    deadline = time.monotonic() + seconds
    while True:
        answer = status_of(url)
        if answer[0] == status or time.monotonic() > deadline:
            return answer
        time.sleep(0.3)


def segment_files(generation: Path) -> list[Path]:
    """The files of the generation's segments (compound `.seg` or one file per part)."""
    return sorted(p for p in generation.glob("MAIN_*") if p.name != "MAIN_WRITELOCK")


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _truncate_toc(generation: Path) -> None:
    truncate(next(generation.glob("_MAIN_*.toc")))


def _truncate_segment(generation: Path) -> None:
    for path in segment_files(generation):
        truncate(path)


def _delete_segment(generation: Path) -> None:
    for path in segment_files(generation):
        path.unlink()


@pytest.fixture()
def index_dir(tmp_path) -> Path:
    index_dir = tmp_path / "index"
    build_index(index_dir, make_articles(30))
    return index_dir


@pytest.mark.parametrize("damage", [_truncate_toc, _truncate_segment, _delete_segment])
def test_a_damaged_index_answers_503_and_the_server_recovers_when_it_is_restored(index_dir, tmp_path, damage):
    live = generations.current_path(index_dir)
    saved = tmp_path / "saved"
    shutil.copytree(live, saved)
    damage(live)
    with gunicorn(index_dir, tmp_path / "gunicorn.log", workers=1) as server:
        for _ in range(4):
            status, headers, body = status_of(server["base"] + "/api/search?q=oil")
            assert status == 503 and headers["Content-Type"].startswith("application/json")
            assert json.loads(body)["error"]["code"] == "index_damaged"
        status, headers, body = status_of(server["base"] + "/?q=oil")
        assert status == 503 and headers["Content-Type"].startswith("text/html")
        assert "cannot be read" in body
        master = psutil.Process(server["proc"].pid)
        assert master.is_running() and len(master.children()) == 1
        assert server["log"].read_text().count("index_damaged:") == 1, "the cause is logged once"

        shutil.rmtree(live)
        shutil.copytree(saved, live)   # the index is restored: no restart needed
        status, _, body = wait_for(server["base"] + "/api/search?q=oil", 200, RECOVERY_SECONDS)
        assert status == 200 and json.loads(body)["total"] > 0


def test_a_new_generation_swapped_in_mends_a_damaged_one(index_dir, tmp_path):
    _delete_segment(generations.current_path(index_dir))
    with gunicorn(index_dir, tmp_path / "gunicorn.log", workers=1) as server:
        assert status_of(server["base"] + "/api/search")[0] == 503
        build_index(index_dir, make_articles(12, seed=9))
        status, _, body = wait_for(server["base"] + "/api/search", 200, RECOVERY_SECONDS)
        assert status == 200 and json.loads(body)["total"] == 12


def test_a_damaged_word_table_costs_did_you_mean_and_prefixes_only(index_dir, tmp_path):
    table = generations.current_path(index_dir) / VOCABULARY
    lines = table.read_bytes().splitlines(keepends=True)
    table.write_bytes(b"".join(lines[:3]) + b"oi\xffl\t3\n" + b"".join(lines[3:]))
    with gunicorn(index_dir, tmp_path / "gunicorn.log", workers=1) as server:
        status, _, body = status_of(server["base"] + "/api/search?q=prices")
        assert status == 200 and json.loads(body)["total"] > 0
        status, _, body = status_of(server["base"] + "/api/search?q=pric*")
        assert status == 200 and json.loads(body)["total"] > 0, "the other words still expand"


# Hostile queries

def _prefixes(count: int) -> str:
    """``count`` two-letter prefixes OR-ed together: "ba* OR be* OR ..."."""
    pairs = list(product("bcdfghjklmnprstvw", "aeiouyrhl"))[:count]
    return " OR ".join(f"{a}{b}*" for a, b in pairs)


def search_url(base: str, text: str) -> str:
    return f"{base}/api/search?q={quote(text)}"


@pytest.fixture(scope="module")
def query_server(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("hostile-index")
    build_index(index_dir, make_articles(80))
    with gunicorn(index_dir, tmp_path_factory.mktemp("hostile-log") / "gunicorn.log", workers=1) as server:
        yield server


def test_a_query_beyond_the_expansion_budget_is_a_400_naming_q(query_server):
    base = query_server["base"]
    started = time.monotonic()
    status, headers, body = status_of(search_url(base, _prefixes(130)))
    assert status == 400 and headers["Content-Type"].startswith("application/json")
    error = json.loads(body)["error"]
    assert error["param"] == "q" and "wildcard" in error["message"]
    fuzzy = " ".join(f"{word}~" for word in "oil gas bank vote grain wheat talks rates market".split())
    assert status_of(search_url(base, fuzzy))[0] == 400
    assert status_of(search_url(base, _prefixes(MAX_EXPANDING_WORDS)))[0] == 200
    assert time.monotonic() - started < 10


def test_a_cheap_query_does_not_wait_behind_expensive_ones(query_server):
    base = query_server["base"]
    hostile = search_url(base, _prefixes(130))
    with ThreadPoolExecutor(max_workers=7) as pool:
        expensive = [pool.submit(status_of, hostile) for _ in range(6)]
        started = time.monotonic()
        cheap = status_of(f"{base}/api/search?q=oil")
        cheap_seconds = time.monotonic() - started
        assert [f.result(timeout=30)[0] for f in expensive] == [400] * 6
    assert cheap[0] == 200 and cheap_seconds < 5


def test_a_search_runs_while_another_request_holds_a_searcher(index_dir):
    """Nothing serialises searches: a request busy reading (here: paused inside its reading())
    does not hold up another one, and the two never share a Whoosh searcher."""
    service = SearchService(index_dir)
    held, release = threading.Event(), threading.Event()

    def slow_request():
        with service.reading() as snapshot:
            held.set()
            release.wait(10)
            snapshot.searcher.stored_fields(0)   # its searcher is still its own, still open

    thread = threading.Thread(target=slow_request)
    thread.start()
    try:
        assert held.wait(10)
        answer: list = []
        other = threading.Thread(target=lambda: answer.append(service.search(Query(text="oil"))))
        other.start()
        other.join(timeout=5)
        assert answer and answer[0].total > 0, "the second search waited for the first"
        assert len(service.snapshot().pool) == 2
    finally:
        release.set()
        thread.join(timeout=10)
        service.close()
