"""Query latency of the search service on Reuters-21578 + BBC and on a 10x date-shifted copy.

    python bench/bench_query.py --index-dir /tmp/bench-index [--copies 10] [--rounds 5] [--no-gunicorn]

Builds (or reuses) <index-dir>/base with the real pipeline and <index-dir>/x<copies> by writing
date-shifted copies of the enriched articles straight to Whoosh (no second NER pass), then prints
p50/p95 ms of SearchService.search() for a query mix with all facets and the histogram, the same
mix with a searcher reopened per request, and the memory of a gunicorn worker serving the big index.
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from whoosh import index as whoosh_index

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from searchapp import generations  # noqa: E402
from searchapp.querying import QueryBuilder  # noqa: E402
from searchapp.records import Query  # noqa: E402
from searchapp.schema import article_to_fields, fields_to_article  # noqa: E402
from searchapp.service import SearchService, Snapshot  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
SOURCES = [CORPORA / "reuters21578", CORPORA / "bbc"]
SHIFT_DAYS = 730   # each copy moves two years later


def build_base(index_dir: Path) -> None:
    if generations.current_path(index_dir):
        return
    from searchapp.indexer import reindex

    started = time.perf_counter()
    summary = reindex(SOURCES, index_dir, full=True, workers=2)
    print(f"base index: {summary.indexed:,} articles in {time.perf_counter() - started:.0f} s")


def build_copies(base_dir: Path, index_dir: Path, copies: int) -> None:
    if generations.current_path(index_dir):
        return
    started = time.perf_counter()
    with generations.open_current(base_dir).searcher() as searcher:
        articles = [fields_to_article(fields) for fields in searcher.all_stored_fields()]
    generation = generations.create_generation(index_dir)
    writer = whoosh_index.open_dir(str(generation)).writer(procs=2, multisegment=True, limitmb=256)
    for copy in range(copies):
        shift = timedelta(days=SHIFT_DAYS * copy)
        for article in articles:
            if copy:
                article = replace(
                    article,
                    doc_id=f"{article.doc_id}#copy{copy}",
                    published=article.published + shift if article.published else None,
                )
            writer.add_document(**article_to_fields(article))
    writer.commit()
    generations.swap_in(index_dir, generation)
    print(f"{copies}x index: {len(articles) * copies:,} articles written in {time.perf_counter() - started:.0f} s")


def query_mix(service: SearchService) -> list[Query]:
    persons = [v.value for v in service.facet_values("person", limit=3)]
    places = [v.value for v in service.facet_values("place", limit=3)]
    orgs = [v.value for v in service.facet_values("org", limit=2)]
    stats = service.stats()
    first_year = int(stats["date_from"][:4])
    from datetime import date

    year = date(first_year, 1, 1), date(first_year, 12, 31)
    return [
        Query(sort="newest"),
        Query(text="oil", sort="relevance"),
        Query(text="said", sort="relevance"),
        Query(text="bank", sort="newest"),
        Query(text="minister", sort="relevance", page=3),
        Query(text='"interest rates"', sort="relevance"),
        Query(text='"prime minister"', sort="relevance"),
        Query(text="oil OR gas -coffee", sort="relevance"),
        Query(text="lo*", sort="relevance"),
        Query(text="governmnet", sort="relevance"),
        Query(text="trade", persons=(persons[0],), sort="relevance"),
        Query(places=(places[0],), sort="newest"),
        Query(places=(places[0], places[1]), not_orgs=(orgs[0],), sort="newest"),
        Query(text="shares", orgs=(orgs[1],), date_from=year[0], date_to=year[1], sort="relevance"),
        Query(persons=(persons[1],), date_from=year[0], sort="oldest"),
        Query(text="football", sort="relevance"),
    ]


def timed(run, queries, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            run(query)
            times.append((time.perf_counter() - started) * 1000)
    return times


def report(label: str, times: list[float]) -> float:
    p50 = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[18]
    print(f"  {label:<34} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   max {max(times):7.1f} ms   n={len(times)}")
    return p50


def bench_service(index_dir: Path, rounds: int) -> None:
    service = SearchService(index_dir)
    started = time.perf_counter()
    snap = service.snapshot()
    print(f"{index_dir.name}: {service.stats()['articles']:,} articles; "
          f"open + facet arrays {(time.perf_counter() - started) * 1000:.0f} ms")
    queries = query_mix(service)
    for query in queries:
        service.search(query)          # warm the term cache, as a running server would be
    reused = report("reused searcher", timed(service.search, queries, rounds))
    cold = report("reused, term cache cleared", timed(
        lambda q: (snap.arrays._term_docs.clear(), service.search(q)), queries, rounds))

    def reopened(query: Query):
        # A new Whoosh searcher per request; the numpy arrays are kept (same index version),
        # so this isolates the cost of not reusing the searcher.
        searcher = whoosh_index.open_dir(str(snap.path)).searcher()
        fresh = Snapshot(snap.path, searcher, snap.arrays, QueryBuilder(searcher.schema))
        service.snapshot = lambda: fresh
        try:
            service.search(query)
        finally:
            searcher.close()
            del service.snapshot

    reopen = report("searcher reopened per request", timed(reopened, queries, max(1, rounds // 2)))
    print(f"  reopening / reusing (p50): {reopen / reused:.1f}x   (term cache cleared: {cold:.1f} ms p50)")
    service.close()


def gunicorn_rss(index_dir: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, SEARCHAPP_INDEX_DIR=str(index_dir))
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen([str(gunicorn), "-w", "1", "-b", f"127.0.0.1:{port}", "--chdir", str(ROOT),
                               "wsgi:app"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/api/search?q=oil"
        for _ in range(300):
            try:
                urllib.request.urlopen(url, timeout=120).read()
                break
            except OSError:
                time.sleep(0.2)
        for path in ("/api/search", "/api/search?q=bank&sort=newest", "/api/search?q=%22prime+minister%22"):
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=120).read()
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        for pid in children:
            status = Path(f"/proc/{pid}/status").read_text()
            rss = next(line for line in status.splitlines() if line.startswith("VmRSS"))
            print(f"  gunicorn worker {pid}: {rss.split(':')[1].strip()} resident")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, default=ROOT / "bench-index")
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-gunicorn", action="store_true")
    args = parser.parse_args()
    base, big = args.index_dir / "base", args.index_dir / f"x{args.copies}"
    build_base(base)
    build_copies(base, big, args.copies)
    for index_dir in (base, big):
        bench_service(index_dir, args.rounds)
    if not args.no_gunicorn:
        gunicorn_rss(big)


if __name__ == "__main__":
    main()
