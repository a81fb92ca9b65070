"""A real gunicorn (gunicorn.conf.py, wsgi:app) on loopback, answering the JSON API and the page."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import psutil
import pytest

from fixtures import ARTICLES, TALKS, build_index

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")
STARTUP_SECONDS = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, timeout: float = 5.0):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, dict(response.headers), response.read().decode("utf-8")


@contextmanager
def gunicorn(index_dir: Path, log_path: Path, workers: int = 2, **env):
    """A gunicorn (gunicorn.conf.py, wsgi:app) over ``index_dir`` on a free loopback port, up and
    answering; always stopped afterwards. Yields {"base", "proc", "log"}."""
    port = free_port()
    env = dict(os.environ, SEARCHAPP_BIND=f"127.0.0.1:{port}", SEARCHAPP_WORKERS=str(workers),
               SEARCHAPP_INDEX_DIR=str(index_dir), **env)
    base = f"http://127.0.0.1:{port}"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(proc, base, log_path)
        yield {"base": base, "proc": proc, "log": log_path}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Start gunicorn with two workers over a hand-made index; always stop it afterwards."""
    index_dir = tmp_path_factory.mktemp("gunicorn-index")
    build_index(index_dir, ARTICLES)
    log_path = tmp_path_factory.mktemp("gunicorn-log") / "gunicorn.log"
    with gunicorn(index_dir, log_path) as running:
        yield running


def _wait_until_up(proc: subprocess.Popen, base: str, log_path: Path) -> None:
    """Until gunicorn answers at all (any status: a broken index answers 503)."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"gunicorn exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            get(base + "/api/search", timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer within {STARTUP_SECONDS}s:\n{log_path.read_text()[-3000:]}")


def test_api_search_answers_with_the_documented_shape(server):
    status, headers, body = get(server["base"] + "/api/search?q=talks&per_page=3")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    data = json.loads(body)
    assert set(data) >= {"query", "total", "results", "facets", "suggestion", "took_ms"}
    assert data["total"] == len(TALKS)
    assert len(data["results"]) == 3
    assert {r["id"] for r in data["results"]} <= TALKS
    assert set(data["results"][0]) >= {
        "id", "title", "date", "source", "url", "snippet", "persons", "places", "orgs"}
    assert set(data["facets"]) >= {"persons", "places", "orgs", "dates"}
    assert data["query"]["q"] == "talks" and data["query"]["per_page"] == 3


def test_search_page_and_bad_request(server):
    status, headers, body = get(server["base"] + "/?q=talks&person=Vladimir+Putin")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    putin_talks = {a.doc_id for a in ARTICLES if a.doc_id in TALKS and "Vladimir Putin" in a.entities["person"]}
    assert all(f'href="/articles/{doc_id}?' in body for doc_id in putin_talks)   # carrying the search
    assert headers["Link"].startswith("</api/search?")
    with pytest.raises(urllib.error.HTTPError) as bad:
        get(server["base"] + "/api/search?sort=sideways")
    assert bad.value.code == 400
    assert json.loads(bad.value.read())["error"]["param"] == "sort"


def test_workers_serve_without_loading_spacy_and_log_access(server):
    workers = psutil.Process(server["proc"].pid).children()
    assert len(workers) == 2
    for worker in workers:
        mapped = [m.path for m in worker.memory_maps()]
        assert mapped, "could not read the worker's memory maps"
        assert not [p for p in mapped if "/spacy/" in p or "/thinc/" in p]
    get(server["base"] + "/api/search?q=oil")
    time.sleep(0.3)  # the access log line is written after the response
    assert '"GET /api/search?q=oil HTTP/1.1" 200' in server["log"].read_text()


def test_searchapp_serve_starts_the_same_server(tmp_path):
    """`searchapp serve` execs gunicorn with gunicorn.conf.py, honouring --index-dir and --bind."""
    index_dir = tmp_path / "index"
    build_index(index_dir, ARTICLES)
    port = free_port()
    log_path = tmp_path / "serve.log"
    serve = Path(sys.executable).with_name("searchapp")
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([str(serve), "serve", "--index-dir", str(index_dir),
                                 "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                                stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(proc, base, log_path)
        status, _, body = get(base + "/api/search?q=talks")
        assert status == 200 and json.loads(body)["total"] > 0
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_long_request_lines_get_json_answers(server):
    accented = "é" * 900   # 5,400 bytes percent-encoded: past gunicorn's default 4,094-byte line
    status, headers, body = get(server["base"] + "/api/search?q=" + urllib.parse.quote(accented))
    assert status == 200 and json.loads(body)["query"]["q"] == accented
    with pytest.raises(urllib.error.HTTPError) as too_long_q:
        get(server["base"] + "/api/search?q=" + "w" * 1001)
    assert too_long_q.value.code == 400
    assert json.loads(too_long_q.value.read())["error"]["param"] == "q"
    with pytest.raises(urllib.error.HTTPError) as too_long_line:
        get(server["base"] + "/api/search?q=oil&person=" + "x" * 9000)
    assert too_long_line.value.code == 414
    assert too_long_line.value.headers["Content-Type"] == "application/json"
    assert json.loads(too_long_line.value.read())["error"]["code"] == "uri_too_long"
    status, _, _ = get(server["base"] + "/api/search?q=oil")
    assert status == 200, "the server answers on after refusing a line"


def test_security_headers_come_through_gunicorn(server):
    for url in ("/", "/api/search?q=oil", "/static/style.css"):
        _, headers, _ = get(server["base"] + url)
        assert headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"


def test_the_last_lines_say_where_to_open_the_page_and_how_to_index(server):
    """`make run` ends with the URL to open and the command for one's own archive."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while "searchapp is ready" not in server["log"].read_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    log = server["log"].read_text()
    assert f"open {server['base']}/ in a browser" in log
    assert "searchapp reindex /path/to/archive" in log


def test_feed_links_name_the_servers_address_not_the_host_header(server):
    request = urllib.request.Request(server["base"] + "/feeds/search.atom?q=talks",
                                     headers={"Host": "evil.example.com"})
    with urllib.request.urlopen(request, timeout=5) as response:
        body = response.read().decode("utf-8")
    assert "evil.example.com" not in body
    assert f'href="{server["base"]}/feeds/search.atom?q=talks"' in body
