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
from searchapp.errors import IndexDamaged
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


# Damage under a running server: each kind is answered 503 naming the file, by the same workers
# (a mapped page that vanished used to kill them with SIGBUS, and again after every restart),
# and the server answers again once the file is restored.

def _truncate_postings(generation: Path) -> str:
    return _cut(next(generation.glob("MAIN_*.pst")))


def _zero_postings(generation: Path) -> str:
    path = next(generation.glob("MAIN_*.pst"))
    path.write_bytes(bytes(path.stat().st_size))
    return path.name


def _truncate_stored(generation: Path) -> str:
    return _cut(next(generation.glob("MAIN_*._stored.col")))


def _zero_terms(generation: Path) -> str:
    path = next(generation.glob("MAIN_*.trm"))
    with open(path, "r+b") as terms:
        terms.write(bytes(min(4096, path.stat().st_size)))
    return path.name


def _truncate_mapped_array(generation: Path) -> str:
    """A facet array the workers memory-map: touching a vanished page would be SIGBUS."""
    return _cut(next(generation.glob("arrays/*.person.val_docs.npy")))


def _remove_vocabulary(generation: Path) -> str:
    (generation / VOCABULARY).unlink()
    return VOCABULARY


def _garbage_vocabulary(generation: Path) -> str:
    (generation / VOCABULARY).write_bytes(b"gro\t0\n" * 500)
    return VOCABULARY


def _cut(path: Path) -> str:
    with open(path, "r+b") as data:
        data.truncate(path.stat().st_size // 3)
    return path.name


LIVE_DAMAGE = [_truncate_postings, _zero_postings, _truncate_stored, _zero_terms, _truncate_mapped_array,
               _remove_vocabulary, _garbage_vocabulary]


@pytest.mark.parametrize("damage", LIVE_DAMAGE)
def test_damage_under_a_running_server_is_a_503_naming_the_file_and_mends_when_restored(index_dir, tmp_path, damage):
    live = generations.current_path(index_dir)
    saved = tmp_path / "saved"
    shutil.copytree(live, saved)
    with gunicorn(index_dir, tmp_path / "gunicorn.log", workers=1) as server:
        base = server["base"]
        status, _, body = status_of(base + "/api/search?q=oil")
        assert status == 200
        doc_id = json.loads(body)["results"][0]["id"]
        expected = json.loads(status_of(base + "/api/search?q=pri*")[2])["total"]
        workers = [p.pid for p in psutil.Process(server["proc"].pid).children()]
        time.sleep(0.5)   # the background checksum pass of the opened version is done

        name = damage(live)
        for path in ["/api/search?q=oil", "/api/search?q=pri*", f"/api/articles/{quote(doc_id)}",
                     "/api/export.csv?q=oil", "/api/export.jsonl", "/api/search?q=gas+prices"]:
            status, headers, body = status_of(base + path)
            assert status == 503, (path, status, body[:300])
            error = json.loads(body)["error"]
            assert error["code"] == "index_damaged" and name in error["message"], error
        status, _, body = status_of(base + "/?q=oil")
        assert status == 503 and "damaged" in body
        assert [p.pid for p in psutil.Process(server["proc"].pid).children()] == workers, "no worker died"

        for path in saved.rglob("*"):   # the files restored in place, as a backup would be
            if path.is_file():
                target = live / path.relative_to(saved)
                target.write_bytes(path.read_bytes())
        status, _, body = wait_for(base + "/api/search?q=pri*", 200, RECOVERY_SECONDS)
        assert status == 200 and json.loads(body)["total"] == expected
        assert status_of(base + f"/api/articles/{quote(doc_id)}")[0] == 200


def test_an_export_cut_short_by_damage_says_so_in_its_last_line(index_dir):
    """The rows already sent stay, the last line says the export is incomplete, and the stream
    raises (the server then ends the HTTP answer without its last chunk)."""
    service = SearchService(index_dir)
    try:
        for fmt, marker in (("jsonl", '"index_damaged"'), ("csv", "this export is incomplete")):
            export = service.export(Query(), fmt)
            lines = [next(iter(export)) for _ in range(3)]
            stored = next(generations.current_path(index_dir).glob("MAIN_*._stored.col"))
            original = stored.read_bytes()
            _cut(stored)
            try:
                with pytest.raises(IndexDamaged, match="_stored.col"):
                    for line in export:
                        lines.append(line)
            finally:
                stored.write_bytes(original)
            assert marker in lines[-1] and len(lines) < export.total + 1
            export.close()
            time.sleep(RETRY_SECONDS + 0.1)   # the damaged version was closed: opened again whole
    finally:
        service.close()


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
