"""Load on a real gunicorn (gunicorn.conf.py, wsgi:app) on loopback: N clients for T seconds.

    .venv/bin/python bench/load.py --index-dir DIR [--clients 8] [--seconds 30] [--workers 2]
                                   [--threads 2] [--swap SOURCE... [--swap-at SECONDS]]

Starts gunicorn on a free 127.0.0.1 port over DIR (only loopback: it never takes a URL), then
runs N client threads, each sending GETs back to back for T seconds, drawn from a mixed set:
cheap searches (a word, a phrase, a filter, a page of the newest), expensive ones (eight
two-letter prefixes, fuzzy words, a long OR, a 130-prefix query the server must refuse with a
400), an article page and facet autocomplete. With --swap, `searchapp reindex --full SOURCE...
--index-dir DIR` starts --swap-at seconds in (default T/4) and swaps a new generation in while
the clients run: DIR is rebuilt from SOURCE, so point it at a copy (the article page is left
out of the mix then: its article may not survive the swap). It prints requests/s,
p50/p95/p99 overall and per class, and the answers that were not 200 (the refused query's 400s
counted apart, as expected).

With --slow-readers N and --hostile M it then measures what other clients cannot take from a
plain search: N clients download /api/export.jsonl at ~1 KB/s (a small receive buffer, read
slowly) and M clients loop over hostile requests (a trend of 1,000 series, a 199-word phrase,
six long phrases in one trend, two 32-word phrases) while cheap searches are timed one after
another for --seconds; it prints their p50/p95/max and how many took over a second.
--app-dir runs gunicorn from another checkout (its gunicorn.conf.py and code), to measure the
code before a change with the same script.

With --contention it first measures, in-process, what the searcher pool buys: the latency of
cheap searches while two threads run expensive ones, with every search behind one lock (how the
service worked before: one searcher per index version, serialised) and without (each request
borrows a searcher of its own), and what opening one more searcher over the same commit costs.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from urllib.parse import quote

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from searchapp.records import Query  # noqa: E402
from searchapp.search.request import build_query  # noqa: E402
from searchapp.search.service import SearchService  # noqa: E402

BIN = Path(sys.executable).parent
STARTUP_SECONDS = 120       # a worker builds the facet arrays before it answers
TIMEOUT_SECONDS = 60.0      # per request


def _prefixes(count: int) -> str:
    return " OR ".join(f"{a}{b}*" for a, b in list(product("bcdfghjklmnprstvw", "aeiouyrhl"))[:count])


# (class, path, expected status); the classes are reported apart
QUERIES = [
    ("cheap", "/api/search?q=oil", 200),
    ("cheap", "/api/search?q=" + quote('"crude oil"'), 200),
    ("cheap", "/api/search?q=bank&page=2", 200),
    ("cheap", "/api/search?q=election&sort=newest", 200),
    ("cheap", "/api/search", 200),
    ("cheap", "/api/search?q=" + quote("talks -iran"), 200),
    ("cheap", "/?q=wheat", 200),
    ("cheap", "/api/facets/person?prefix=re", 200),
    ("expensive", "/api/search?q=" + quote(_prefixes(8)), 200),
    ("expensive", "/api/search?q=" + quote("econmy~ goverment~ pirce~ markte~"), 200),
    ("expensive", "/api/search?q=" + quote(" OR ".join(
        "said year market trade price bank government company share rate oil growth sales "
        "minister world profit".split())), 200),
    ("expensive", "/api/search?q=" + quote("gov* AND (tra* OR mar*)") + "&per_page=100", 200),
    ("refused", "/api/search?q=" + quote(_prefixes(130)), 400),
]


@dataclass
class Tally:
    latencies: dict = field(default_factory=lambda: {"cheap": [], "expensive": [], "refused": []})
    statuses: Counter = field(default_factory=Counter)   # (class, status)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            self.statuses[(kind, status)] += 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as answer:
            answer.read()
            return answer.status
    except urllib.error.HTTPError as error:
        error.read()
        return error.code
    except OSError:
        return 0   # no answer at all (refused, reset, timed out)


def start_server(args, log_path: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(os.environ, SEARCHAPP_BIND=f"127.0.0.1:{port}", SEARCHAPP_WORKERS=str(args.workers),
               SEARCHAPP_INDEX_DIR=str(args.index_dir), **({"SEARCHAPP_THREADS": str(args.threads)} if args.threads else {}),
               SEARCHAPP_LOG_LEVEL="warning")
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "--access-logfile", "/dev/null",
                                 "wsgi:app"], cwd=args.app_dir, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_SECONDS
    while fetch(base + "/api/search?q=oil") != 200:
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            sys.exit(f"gunicorn did not come up; see {log_path}")
        time.sleep(0.5)
    for _ in range(args.workers * 3):   # reach every worker once before timing
        fetch(base + "/api/search?q=oil")
    return proc, base


def article_path(base: str) -> str:
    with urllib.request.urlopen(base + "/api/search?q=oil&per_page=1", timeout=TIMEOUT_SECONDS) as answer:
        doc_id = json.load(answer)["results"][0]["id"]
    return "/api/articles/" + quote(doc_id)


def client(base: str, queries: list, until: float, tally: Tally, seed: int) -> None:
    rnd = random.Random(seed)
    while time.monotonic() < until:
        kind, path, _ = rnd.choice(queries)
        started = time.perf_counter()
        status = fetch(base + path)
        tally.add(kind, status, time.perf_counter() - started)


def swap(args, log_path: Path, started: float) -> dict:
    """Rebuild DIR from the --swap sources after --swap-at seconds; when the new generation went
    live (the `current` symlink changed) and how the rebuild ended."""
    time.sleep(args.swap_at)
    command = [str(BIN / "searchapp"), "reindex", "--full", *map(str, args.swap), "--index-dir", str(args.index_dir),
               "--workers", "1"]
    link = args.index_dir / "current"
    before = os.readlink(link)
    found = {"began": time.monotonic() - started}
    with open(log_path, "wb") as log:
        rebuild = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        give_up = started + args.seconds + 120
        while rebuild.poll() is None and time.monotonic() < give_up:
            if "live" not in found and os.readlink(link) != before:
                found["live"] = time.monotonic() - started
            time.sleep(0.1)
        if rebuild.poll() is None:
            rebuild.kill()
        found["exit"] = rebuild.wait()
    if "live" not in found and os.readlink(link) != before:
        found["live"] = time.monotonic() - started
    return found


def contention(index_dir: Path, seconds: float) -> None:
    """Cheap searches timed while two threads run expensive ones: serialised vs pooled."""
    from urllib.parse import parse_qs, urlsplit

    def as_query(path: str) -> Query:
        args = {k: v[0] for k, v in parse_qs(urlsplit(path).query).items()}
        return build_query(text=args.get("q", ""), page=args.get("page", ""), sort=args.get("sort", ""),
                           per_page=args.get("per_page", ""))

    cheap = [as_query(p) for kind, p, _ in QUERIES if kind == "cheap" and p.startswith("/api/search")]
    expensive = [as_query(p) for kind, p, _ in QUERIES if kind == "expensive"]
    service = SearchService(index_dir)
    started = time.perf_counter()
    service.snapshot()
    print(f"in-process: open index + arrays {time.perf_counter() - started:.1f} s")
    with service.reading() as first, service.reading() as second:   # two at once: the second is opened
        assert first.searcher is not second.searcher
    started = time.perf_counter()
    for _ in range(5):
        service.snapshot().pool._open_another().close()
    print(f"  one more searcher over the same commit: {(time.perf_counter() - started) / 5 * 1000:.1f} ms to open")
    for query in cheap + expensive:
        service.search(query)   # warm the term caches, as a running worker would be
    results = {}
    for mode in ("serialised", "pooled"):
        lock = threading.Lock() if mode == "serialised" else None
        stop = time.monotonic() + seconds

        def search(query: Query) -> None:
            if lock is None:
                service.search(query)
            else:
                with lock:
                    service.search(query)

        def busy(offset: int) -> None:
            i = offset
            while time.monotonic() < stop:
                search(expensive[i % len(expensive)])
                i += 1

        threads = [threading.Thread(target=busy, args=(k,)) for k in range(2)]
        for thread in threads:
            thread.start()
        timed, i = [], 0
        while time.monotonic() < stop:
            begun = time.perf_counter()
            search(cheap[i % len(cheap)])
            timed.append(time.perf_counter() - begun)
            i += 1
        for thread in threads:
            thread.join()
        results[mode] = np.percentile(np.array(timed) * 1000, [50, 95])
        print(f"  cheap searches beside 2 expensive threads, {mode:<10}: n={len(timed):<5} "
              f"p50 {results[mode][0]:7.1f} ms   p95 {results[mode][1]:7.1f} ms")
    ratio = results["serialised"] / results["pooled"]
    print(f"  serialised / pooled: p50 {ratio[0]:.1f}x, p95 {ratio[1]:.1f}x")
    service.close()


HOSTILE = [
    ("trend of 1,000 series", "/trends?" + "&".join(f"q=w{i}" for i in range(1000))),
    ("199-word phrase", "/api/search?q=" + quote('"' + " ".join(["the"] * 199) + '"')),
    ("six 30-word phrases in a trend", "/trends?" + "&".join(
        "q=" + quote('"' + " ".join(("the of and to in a said it for on " * 3).split()[k:k + 30]) + '"')
        for k in range(6))),
    ("two 32-word phrases", "/api/search?q=" + quote(" ".join(
        '"' + " ".join(("the of and to in a said it for on that " * 3).split()[k:k + 32]) + '"' for k in (0, 1)))),
]


def slow_reader(port: int, path: str, stop: threading.Event, received: list) -> None:
    """Ask for ``path`` and read the answer at about 1 KB/s until stopped."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(("127.0.0.1", port))
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
        sock.settimeout(30)
        while not stop.is_set():
            try:
                chunk = sock.recv(256)
            except OSError:
                return
            if not chunk:
                return
            received.append(len(chunk))
            time.sleep(0.25)


def under_attack(args, base: str) -> None:
    """Cheap searches timed beside slow export readers and hostile clients."""
    port = int(base.rsplit(":", 1)[1])
    stop, received = threading.Event(), []
    statuses: Counter = Counter()
    threads = [threading.Thread(target=slow_reader, args=(port, "/api/export.jsonl", stop, received), daemon=True)
               for _ in range(args.slow_readers)]

    def hostile(offset: int) -> None:
        i = offset
        while not stop.is_set():
            name, path = HOSTILE[i % len(HOSTILE)]
            started = time.perf_counter()
            status = fetch(base + path)
            statuses[(name, status)] += 1
            statuses[(name, "seconds")] += time.perf_counter() - started
            i += 1

    threads += [threading.Thread(target=hostile, args=(k,), daemon=True) for k in range(args.hostile)]
    for thread in threads:
        thread.start()
    time.sleep(3)   # the readers' buffers full, the hostile requests under way
    cheap = [path for kind, path, _ in QUERIES if kind == "cheap"]
    timed, failed, until = [], 0, time.monotonic() + args.seconds
    while time.monotonic() < until:
        started = time.perf_counter()
        status = fetch(base + cheap[len(timed) % len(cheap)])
        timed.append(time.perf_counter() - started)
        failed += status != 200
    stop.set()
    values = np.array(timed) * 1000
    p50, p95 = np.percentile(values, [50, 95])
    print(f"beside {args.slow_readers} slow export readers and {args.hostile} hostile clients: {len(timed)} cheap "
          f"searches, p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {values.max():.1f} ms, over 1 s: "
          f"{int((values > 1000).sum())}, not 200: {failed}; slow readers received {sum(received):,} bytes")
    for name, _ in HOSTILE:
        answers = {status: n for (kind, status), n in statuses.items() if kind == name and status != "seconds"}
        count = sum(answers.values())
        if count:
            print(f"  {name:<32} {count:>4} answers {dict(sorted(answers.items()))}, "
                  f"mean {statuses[(name, 'seconds')] / count * 1000:.0f} ms")


def report(tally: Tally, seconds: float) -> None:
    every = [s for values in tally.latencies.values() for s in values]
    print(f"requests: {len(every)} in {seconds:.1f} s = {len(every) / seconds:.1f} requests/s")
    for kind, values in [("all", every), *tally.latencies.items()]:
        if values:
            p50, p95, p99 = np.percentile(np.array(values) * 1000, [50, 95, 99])
            print(f"  {kind:<10} n={len(values):<6} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   p99 {p99:8.1f} ms")
    expected = {kind: status for kind, _, status in QUERIES}
    unexpected = {key: n for key, n in tally.statuses.items() if key[1] != expected.get(key[0], 200)}
    refused = tally.statuses[("refused", 400)]
    print(f"non-200 answers: {sum(n for (_, status), n in tally.statuses.items() if status != 200)} "
          f"({refused} of them the expected 400 for the over-budget query); unexpected: "
          f"{sum(unexpected.values())} {dict(unexpected) if unexpected else ''}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=None, help="default: gunicorn.conf.py's")
    parser.add_argument("--swap", type=Path, nargs="+", help="rebuild the index from these sources mid-way")
    parser.add_argument("--swap-at", type=float, default=None, help="seconds in (default: a quarter of the run)")
    parser.add_argument("--log-dir", type=Path, default=Path("/tmp") / "searchapp-load")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--slow-readers", type=int, default=0, help="then: clients reading exports at ~1 KB/s")
    parser.add_argument("--hostile", type=int, default=0, help="then: clients looping over hostile requests")
    parser.add_argument("--app-dir", type=Path, default=ROOT, help="the checkout gunicorn runs (default: this one)")
    parser.add_argument("--contention", type=float, default=0, metavar="SECONDS",
                        help="first measure in-process, for SECONDS per mode, serialised vs pooled searchers")
    args = parser.parse_args()
    if not 1 <= args.clients <= 64 or not 1 <= args.seconds <= 3600:
        sys.exit("--clients must be 1..64 and --seconds 1..3600")
    args.swap_at = args.seconds / 4 if args.swap_at is None else args.swap_at
    args.log_dir.mkdir(parents=True, exist_ok=True)
    if args.contention:
        contention(args.index_dir, args.contention)
    proc, base = start_server(args, args.log_dir / "gunicorn.log")
    try:
        # an article page, unless the swap replaces the articles (it would be a 404 afterwards)
        queries = QUERIES + ([] if args.swap else [("cheap", article_path(base), 200)])
        print(f"gunicorn ({args.app_dir}): {args.workers} workers x {args.threads or 'default'} threads on {base}; {args.clients} clients "
              f"for {args.seconds:.0f} s; {len(queries)} queries ({sum(k == 'cheap' for k, _, _ in queries)} cheap)")
        tally, started = Tally(), time.monotonic()
        until = started + args.seconds
        clients = [threading.Thread(target=client, args=(base, queries, until, tally, args.seed + i))
                   for i in range(args.clients)]
        swapped: dict = {}
        if args.swap:
            swapper = threading.Thread(target=lambda: swapped.update(swap(args, args.log_dir / "reindex.log", started)))
            swapper.start()
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join()
        elapsed = time.monotonic() - started
        report(tally, elapsed)
        if args.slow_readers or args.hostile:
            under_attack(args, base)
        if args.swap:
            swapper.join()
            live = f"{swapped['live']:.1f} s" if "live" in swapped else "never (within the run)"
            print(f"swap: reindex --full began at {swapped.get('began', 0):.1f} s, new generation live at "
                  f"{live}, exit {swapped.get('exit')}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
