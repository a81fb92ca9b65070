"""A plain search answers within a second whatever other clients do: slow readers of exports,
hostile trends and phrase requests, through a real gunicorn (gunicorn.conf.py) on loopback."""
from __future__ import annotations

import json
import random
import socket
import threading
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import pytest

from fixtures import WORDS, build_index
from searchapp.records import Article
from searchapp.search.parsing import MAX_PHRASE_WORDS
from searchapp.web.worker import STREAM_BUFFER
from test_gunicorn import gunicorn
from test_server_faults import status_of

PLAIN_SECONDS = 1.0


def long_articles(count: int) -> list[Article]:
    """Articles of ~20 KB each, so an export is megabytes: more than the socket buffers hold (on
    loopback the kernel lets a sender's buffer grow to megabytes)."""
    rnd = random.Random(3)
    return [Article(doc_id=f"long-{i:03d}", source="Reuters", url=f"https://example.com/long/{i}",
                    title=f"{rnd.choice(WORDS).capitalize()} report {i}",
                    body=" ".join(rnd.choice(WORDS + ["the", "of", "and", "to"]) for _ in range(3000)),
                    published=date(2020, 1 + i % 12, 1 + i % 28), date_source="metadata")
            for i in range(count)]


class SlowReader(threading.Thread):
    """A client asking for ``path`` and reading its answer at about ``rate`` bytes a second (a
    small receive buffer, so the server's writes block at once), until stopped."""

    def __init__(self, port: int, path: str, rate: int = 2048):
        super().__init__(daemon=True)
        self.port, self.path, self.rate = port, path, rate
        self.stop = threading.Event()
        self.head = b""
        self.received = 0
        self.ended = ""

    def run(self) -> None:
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.connect(("127.0.0.1", self.port))
            sock.sendall(f"GET {self.path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
            sock.settimeout(20)
            while not self.stop.is_set():
                try:
                    chunk = sock.recv(self.rate // 4)
                except OSError as error:
                    self.ended = repr(error)
                    return
                if not chunk:
                    self.ended = "closed by the server"
                    return
                if len(self.head) < 64:
                    self.head += chunk[:64]
                self.received += len(chunk)
                time.sleep(0.25)

    @property
    def status(self) -> int | None:
        parts = self.head.split(b" ", 2)
        return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


def _phrase(rnd: random.Random, words: int) -> str:
    return '"' + " ".join(rnd.choice(WORDS + ["the", "of"]) for _ in range(words)) + '"'


def hostile_paths(rnd: random.Random) -> list[str]:
    """Requests that once held a thread for seconds, each answered within bounds now: a trend of
    1,000 searches (a 7 KB URL), a 199-word phrase of "the" (a 400), the longest phrase allowed
    made of "the", six long phrases compared in one trend (allowed), a search of two phrases of the
    longest length allowed."""
    return [
        "/trends?" + urlencode([("q", f"w{i}") for i in range(1000)]),
        "/api/search?" + urlencode({"q": '"' + " ".join(["the"] * 199) + '"'}),
        "/api/search?" + urlencode({"q": '"' + " ".join(["the"] * MAX_PHRASE_WORDS) + '"'}),
        "/trends?" + urlencode([("q", _phrase(rnd, 30)) for _ in range(6)]),
        "/api/trends?" + urlencode([("q", _phrase(rnd, 30)) for _ in range(6)] + [("interval", "month")]),
        "/api/search?" + urlencode({"q": _phrase(rnd, 60) + " " + _phrase(rnd, 60)}),
    ]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("load-index")
    build_index(index_dir, long_articles(200))
    return index_dir


@pytest.fixture(scope="module")
def server(index_dir, tmp_path_factory):
    log = tmp_path_factory.mktemp("load-log") / "gunicorn.log"
    # Slots for all six readers whichever worker accepts them (the 503 past them: the last test).
    with gunicorn(index_dir, log, workers=2, SEARCHAPP_EXPORTS="6") as running:
        running["port"] = int(running["base"].rsplit(":", 1)[1])
        yield running


def test_a_plain_search_answers_within_a_second_beside_slow_readers_and_hostile_requests(server):
    base, stop = server["base"], threading.Event()
    readers = [SlowReader(server["port"], "/api/export.jsonl?q=oil") for _ in range(6)]
    for reader in readers:
        reader.start()

    def hostile(seed: int) -> None:
        rnd = random.Random(seed)
        while not stop.is_set():
            for path in hostile_paths(rnd):
                status_of(base + path, timeout=30)

    attackers = [threading.Thread(target=hostile, args=(seed,), daemon=True) for seed in range(6)]
    for attacker in attackers:
        attacker.start()
    try:
        time.sleep(2)   # the readers' buffers are full, the hostile requests under way
        timings = []
        for text in ["oil", "gas prices", "bank", "election", "wheat", "talks", "market", "energy"]:
            started = time.monotonic()
            status, _, body = status_of(f"{base}/api/search?" + urlencode({"q": text}), timeout=30)
            timings.append(time.monotonic() - started)
            assert status == 200 and json.loads(body)["total"] > 0
            time.sleep(0.2)
        assert max(timings) < PLAIN_SECONDS, [round(t, 3) for t in timings]
        assert all(reader.is_alive() for reader in readers), [(r.received, r.ended) for r in readers]
        assert [reader.status for reader in readers].count(200) == 6
    finally:
        stop.set()
        for reader in readers:
            reader.stop.set()
        for thread in attackers + readers:
            thread.join(timeout=30)


def test_the_hostile_requests_are_refused_or_answered_quickly(server):
    rnd = random.Random(1)
    statuses = []
    for path in hostile_paths(rnd):
        started = time.monotonic()
        status, headers, body = status_of(server["base"] + path, timeout=30)
        assert time.monotonic() - started < 5
        statuses.append(status)
        if status == 400 and headers["Content-Type"].startswith("application/json"):
            error = json.loads(body)["error"]
            assert error["param"] == "q" and "at most" in error["message"]
    assert statuses == [400, 400, 200, 200, 200, 200]


def queued_for_clients(port: int) -> list[int]:
    """Bytes the kernel holds unsent or unacknowledged on each connection the server on ``port``
    accepted (tx_queue of /proc/net/tcp)."""
    queued = []
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, state, queues = fields[1], fields[3], fields[4]
        if int(local.split(":")[1], 16) == port and state == "01":   # established
            queued.append(int(queues.split(":")[0], 16))
    return queued


def test_a_slow_reader_is_not_served_megabytes_ahead(index_dir, tmp_path):
    """The rows of an export (snippets included) are made as its client reads them: the kernel
    holds a bounded buffer for it (it grew a loopback one to 2.8 MB, ~0.4 s of CPU per reader)."""
    with gunicorn(index_dir, tmp_path / "gunicorn.log", workers=1) as running:
        port = int(running["base"].rsplit(":", 1)[1])
        reader = SlowReader(port, "/api/export.jsonl?q=oil")   # 4 MB
        reader.start()
        try:
            time.sleep(1.5)
            assert reader.status == 200
            queued = queued_for_clients(port)
            assert queued and 0 < max(queued) <= 2 * STREAM_BUFFER + 64 * 1024, queued
        finally:
            reader.stop.set()
            reader.join(timeout=10)


def test_exports_beyond_the_slots_are_503_with_retry_after(index_dir, tmp_path):
    with gunicorn(index_dir, tmp_path / "gunicorn.log", workers=1, SEARCHAPP_EXPORTS="1") as running:
        port = int(running["base"].rsplit(":", 1)[1])
        reader = SlowReader(port, "/api/export.jsonl")   # 4 MB: more than the buffers hold
        reader.start()
        try:
            deadline = time.monotonic() + 10
            while reader.status is None and time.monotonic() < deadline:
                time.sleep(0.1)
            assert reader.status == 200
            status, headers, body = status_of(running["base"] + "/api/export.csv")
            assert status == 503 and int(headers["Retry-After"]) > 0
            assert json.loads(body)["error"]["code"] == "busy"
            assert status_of(running["base"] + "/api/search?q=oil")[0] == 200
        finally:
            reader.stop.set()
            reader.join(timeout=10)
        # the reader hung up: its slot is given back once the sender thread notices
        status = None
        deadline = time.monotonic() + 15
        while status != 200 and time.monotonic() < deadline:
            status, _, _ = status_of(running["base"] + "/api/export.csv?q=oil")
            time.sleep(0.3)
        assert status == 200
