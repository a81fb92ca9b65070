"""Query latency of the search service on Reuters-21578 + BBC and on a 10x date-shifted copy.

    .venv/bin/python bench/bench_query.py [--index-dir-base DIR] [--index-dir-x10 DIR] [--skip-x10]
                                          [--rounds N] [--no-gunicorn] [--base-written-from DIR]

Builds (once; reused on later runs) the base index with the real pipeline (readers, spaCy NER,
dates; several minutes on 2 cores) and the x10 index by writing date-shifted copies of the base
articles straight to Whoosh (no second NER pass; --base-written-from reads the enriched articles of
earlier indexes instead, finding their quotes again from their text and mentions). For each size
it prints, one line per figure: p50/p95 of SearchService.search() for a mixed query set with every
facet and the date histogram (as /api/search computes them), with the term cache warm and cleared;
2-series monthly trends (as /api/trends computes them), entity pages (as /api/entities computes
them, their quotes included) and quote searches (as /api/quotes computes them; the first one opens
the quotes index) against the same p95 budget, then the search mix again with the quotes open; the
same mix with the
searcher reopened per request, and the reuse ratio; then the resident memory of one real gunicorn
worker serving the index after a warm-up over HTTP (it is stopped afterwards).
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from whoosh.filedb.filestore import FileStorage

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from searchapp.enrich.quotes import find_quotes  # noqa: E402
from searchapp.records import Query  # noqa: E402
from searchapp.search import results  # noqa: E402
from searchapp.search.parsing import QueryBuilder  # noqa: E402
from searchapp.search.request import build_entity_query, build_trend_query  # noqa: E402
from searchapp.search.service import SearchService, Snapshot  # noqa: E402
from searchapp.store import copies, generations, segment_arrays  # noqa: E402
from searchapp.store.mapped import PreadStorage  # noqa: E402
from searchapp.store.schema import fields_to_article  # noqa: E402
from searchapp.store.vocabulary import FILENAME as VOCABULARY_FILE  # noqa: E402
from searchapp.store.writer import write_articles  # noqa: E402
from searchapp.web.links import api_url_for_search  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
SOURCES = [CORPORA / "reuters21578", CORPORA / "bbc"]
COPIES = 10
SHIFT_DAYS = 730            # each copy moves two years later
P95_TARGET_MS = 100         # at 240,000 articles, in-process
REUSE_TARGET = 5            # reopening the searcher per request vs reusing it
OPEN_TARGET_MS = 500        # opening the index and its arrays, at 240,000 articles
PRIVATE_TARGET_MIB = {False: 120, True: 200}   # a warm gunicorn worker's private memory, per size
NAMED = ("said", '"interest rates"', "wor*", "econmy~")   # printed one by one


def reusable(index_dir: Path) -> bool:
    """An index built by an earlier run in today's format (word table and saved arrays included)."""
    live = generations.current_path(index_dir)
    return (live is not None and generations.format_of(live) == generations.FORMAT_VERSION
            and (live / VOCABULARY_FILE).exists() and (live / segment_arrays.FOLDER).is_dir())


def stored_articles(index_dir: Path) -> list:
    """The enriched articles of an index, their quotes found again (the articles' stored fields do
    not hold them; the quote pass needs only the text and the mentions). Read whatever format wrote
    it: only the stored fields are used."""
    live = generations.current_path(index_dir)
    with PreadStorage(str(live)).open_index().searcher() as searcher:
        return [replace(article, quotes=find_quotes(article.body, article.mentions))
                for article in map(fields_to_article, searcher.all_stored_fields())]


def build_base(index_dir: Path, written_from: Path | None) -> None:
    if reusable(index_dir):
        print(f"base index: reusing {index_dir}")
        return
    if written_from:
        started = time.perf_counter()
        articles = [article for source in written_from for article in stored_articles(source)]
        write_articles(index_dir, articles)
        print(f"base index: {len(articles):,} articles of {', '.join(map(str, written_from))} written in "
              f"{time.perf_counter() - started:.0f} s -> {index_dir}")
        return
    from searchapp.store.indexer import reindex

    started = time.perf_counter()
    summary = reindex(SOURCES, index_dir, full=True, workers=2)
    print(f"base index: {summary.indexed:,} articles built in {time.perf_counter() - started:.0f} s -> {index_dir}")


def build_copies(base_dir: Path, index_dir: Path) -> None:
    if reusable(index_dir):
        print(f"x{COPIES} index: reusing {index_dir}")
        return
    started = time.perf_counter()
    articles = stored_articles(base_dir)

    def copies():
        for copy in range(COPIES):
            shift = timedelta(days=SHIFT_DAYS * copy)
            for article in articles:
                if copy:
                    article = replace(
                        article,
                        doc_id=f"{article.doc_id}#copy{copy}",
                        published=article.published + shift if article.published else None,
                    )
                yield article

    # One writer process: Whoosh's procs=2 would merge its two segments at the end, in the parent.
    write_articles(index_dir, copies())
    print(f"x{COPIES} index: {len(articles) * COPIES:,} articles written in "
          f"{time.perf_counter() - started:.0f} s -> {index_dir}")


def query_mix(service: SearchService) -> list[Query]:
    """Single words (common and rare), phrases, boolean, prefix, fuzzy, misspelled (did-you-mean),
    facet filters alone and with text, exclusions, date ranges, all three sorts and a deep page."""

    def value(kind: str, prefix: str, rank: int = 0) -> str:
        # A named value when the corpus has it (Reuters + BBC do), else the rank-th most frequent.
        found = service.facet_values(kind, prefix=prefix, limit=1) or service.facet_values(kind, limit=rank + 1)
        return found[-1].value if found else prefix

    reagan, blair = value("person", "Reagan"), value("person", "Tony Blair", 5)
    baker = value("person", "James Baker", 30)
    japan, brazil, london = value("place", "Japan"), value("place", "Brazil", 1), value("place", "London", 25)
    opec, labour = value("org", "OPEC"), value("org", "Labour", 20)
    everything = service.search(Query(sort="newest"))
    busiest = max(everything.date_buckets, key=lambda bucket: bucket.count)   # a year on the whole index
    year = busiest.start, busiest.end
    month = date(year[0].year, 3, 1), date(year[0].year, 3, 31)
    return [
        Query(sort="newest"),
        Query(text="said", sort="relevance"),
        Query(text="oil", sort="relevance"),
        Query(text="bank", sort="newest"),
        Query(text="minister", sort="relevance", page=3),
        Query(text="sorghum", sort="relevance"),
        Query(text="platinum", sort="oldest"),
        Query(text='"interest rates"', sort="relevance"),
        Query(text='"prime minister"', sort="relevance"),
        Query(text="oil OR gas -coffee", sort="relevance"),
        Query(text="wor*", sort="relevance"),
        Query(text="econmy~", sort="relevance"),
        Query(text="governmnet", sort="relevance"),
        Query(text="title:shares", sort="relevance"),
        Query(text="trade", include={"person": (reagan,)}, sort="relevance"),
        Query(include={"person": (baker,)}, date_from=year[0], sort="oldest"),
        Query(include={"person": (blair,)}, sort="newest"),
        Query(include={"place": (japan,)}, sort="newest"),
        Query(text="exports", include={"place": (japan, brazil)}, exclude={"org": (opec,)}, sort="relevance"),
        Query(include={"place": (london,)}, exclude={"place": (japan,)}, sort="newest"),
        Query(text="oil prices", include={"org": (opec,)}, date_from=year[0], date_to=year[1], sort="relevance"),
        Query(include={"org": (labour,)}, sort="newest"),
        Query(text="market", date_from=month[0], date_to=month[1], sort="relevance"),
        Query(date_from=year[0], date_to=year[1], sort="newest"),
    ]


def timed(run, queries, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            run(query)
            times.append((time.perf_counter() - started) * 1000)
    return times


def percentiles(times: list[float]) -> tuple[float, float]:
    return float(np.percentile(times, 50)), float(np.percentile(times, 95))


def report(label: str, times: list[float], target: float | None = None) -> tuple[float, float]:
    p50, p95 = percentiles(times)
    verdict = ""
    if target is not None:
        verdict = f"   target p95 <= {target} ms: {'MET' if p95 <= target else 'MISSED'}"
    print(f"  {label:<44} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  max {max(times):7.1f} ms  "
          f"n={len(times)}{verdict}")
    return p50, p95


def bench_service(index_dir: Path, rounds: int, is_target_size: bool) -> list[Query]:
    service = SearchService(index_dir)
    started = time.perf_counter()
    snap = service.snapshot()
    opened_ms = (time.perf_counter() - started) * 1000
    articles = snap.searcher.doc_count()
    segments = len(snap.searcher.reader().leaf_readers())
    verdict = f"   target <= {OPEN_TARGET_MS} ms: {'MET' if opened_ms <= OPEN_TARGET_MS else 'MISSED'}" if is_target_size else ""
    print(f"{index_dir} ({articles:,} articles, {segments} segment(s)): open + facet arrays "
          f"{opened_ms:.0f} ms{verdict}")
    queries = query_mix(service)
    for query in queries:
        service.search(query)          # warm, as a running server would be
    target = P95_TARGET_MS if is_target_size else None
    reused_p50, _ = report("reused searcher, term cache warm", timed(service.search, queries, rounds), target)

    def cold(query: Query):
        snap.arrays.clear_term_cache()
        service.search(query)

    cold_p50, _ = report("reused searcher, term cache cleared", timed(cold, queries, rounds), target)
    collapse_timings(service, snap, queries, rounds)
    trend_timings(service, snap, rounds, target)
    quote_timings(service, snap, rounds, target)
    entity_timings(service, snap, rounds, target)
    for query in queries:
        service.search(query)          # warm again: the cold timings above emptied the term cache
    report("search mix again, quotes open, warm", timed(service.search, queries, rounds), target)
    named_queries(service, snap, queries, rounds)

    def reopened(query: Query):
        # A new Whoosh searcher per request. The numpy arrays are kept (a service that rebuilt
        # them per request would be far slower still) but their term cache is cleared, so this
        # isolates what opening the index and its searcher costs.
        searcher = generations.open_generation(snap.path).searcher()
        fresh = replace(snap, searcher=searcher, queries=QueryBuilder(searcher.schema, snap.queries.vocabulary, snap.arrays))
        try:
            snap.arrays.clear_term_cache()
            results.search(fresh, query)
        finally:
            searcher.close()

    reopen_p50, _ = report("searcher reopened per request", timed(reopened, queries, max(1, rounds // 2)))
    ratio = reopen_p50 / reused_p50
    verdict = f"   target >= {REUSE_TARGET}x: {'MET' if ratio >= REUSE_TARGET else 'MISSED'}" if is_target_size else ""
    print(f"  {'reopened / reused (p50 vs warm p50)':<44} {ratio:5.1f}x{verdict}")
    print(f"  {'reopened / reused (p50 vs cache-cleared p50)':<44} {reopen_p50 / cold_p50:5.1f}x")
    service.close()
    return queries


def collapse_timings(service: SearchService, snap: Snapshot, queries: list[Query], rounds: int) -> None:
    """The mix with the copies of one story collapsed (the default) and with every copy, warm,
    alternating query by query and which side goes first (the machine's noise hits both alike):
    what collapsing costs. Both sides are warmed first: the term cache was just cleared, and the
    first search of each query after that reads its postings (10-20 ms for `said`), which the
    side timed first would be charged with."""
    found = copies.summary_of(snap.path) or {}
    print(f"  copies: {found.get('grouped', 0):,} articles in {found.get('groups', 0):,} stories of two or more "
          f"(threshold {found.get('threshold')})")
    for query in queries:
        for collapse in (True, False):
            service.search(replace(query, collapse=collapse))
    on, off = [[] for _ in queries], [[] for _ in queries]
    for round_ in range(max(rounds, 5)):
        sides = ((on, True), (off, False))
        for i, query in enumerate(queries):
            for times, collapse in sides[::-1] if (round_ + i) % 2 else sides:
                started = time.process_time()   # CPU: a shared machine's waits hit neither side
                service.search(replace(query, collapse=collapse))
                times[i].append((time.process_time() - started) * 1000)
    report("collapse=false (every copy), warm, CPU", [t for times in off for t in times])
    _, p95_on = report("collapse=true (one per story), warm, CPU", [t for times in on for t in times])
    ratio = p95_on / percentiles([t for times in off for t in times])[1]
    medians = percentiles([float(np.median(t)) for t in on])[1] / percentiles([float(np.median(t)) for t in off])[1]
    print(f"  {'collapse on / off (p95)':<44} {ratio:5.2f}x   target <= 1.10x: {'MET' if ratio <= 1.10 else 'MISSED'}")
    label = "on / off, p95 of each query's median CPU"
    print(f"  {label:<44} {medians:5.2f}x")


def trend_timings(service: SearchService, snap: Snapshot, rounds: int, target: float | None) -> None:
    """2-series monthly trends over the whole index, one unfiltered and one sharing a place filter,
    with the term cache warm and cleared: one search mask per series and one for the filters."""
    japan = (service.facet_values("place", prefix="Japan", limit=1) or service.facet_values("place", limit=1))[0].value
    trends = [build_trend_query(["oil", "gas"], interval="month"),
              build_trend_query(['person:"Reagan"', "trade"], interval="month"),
              build_trend_query(["exports", '"interest rates"'], include={"place": (japan,)}, interval="month")]
    for trend in trends:
        service.trends(trend)
    buckets = max(len(service.trends(trend).periods) for trend in trends)
    report(f"2-series monthly trend ({buckets} months), warm", timed(service.trends, trends, rounds * 8), target)

    def cold(trend):
        snap.arrays.clear_term_cache()
        service.trends(trend)

    report("2-series monthly trend, term cache cleared", timed(cold, trends, rounds * 8), target)


def entity_timings(service: SearchService, snap: Snapshot, rounds: int, target: float | None) -> None:
    """Entity pages (/api/entities computes them) of the most named person, place and org and of
    ones of middle rank, on the whole archive and within a year: the filter's mask, the timeline,
    the related values of three kinds, the newest 10 articles' stored fields, the written forms."""
    pages = []
    for kind in ("person", "place", "org"):
        values = [v.value for v in service.facet_values(kind, limit=200)]
        for value in (values[0], values[len(values) // 10], values[-1]):
            pages.append(build_entity_query(kind, value))
        pages.append(build_entity_query(kind, values[1], date_from="1987-03", date_to="1987-06", interval="week"))
    for page in pages:
        service.entity(page)
    largest = max(service.entity(page).articles for page in pages)
    report(f"entity page (up to {largest:,} articles), warm", timed(service.entity, pages, rounds * 4), target)

    def cold(page):
        snap.arrays.clear_term_cache()
        service.entity(page)

    report("entity page, term cache cleared", timed(cold, pages, rounds * 4), target)


def quote_timings(service: SearchService, snap: Snapshot, rounds: int, target: float | None) -> None:
    """Quote searches as /api/quotes computes them: words, a speaker, a speaker and words, a place
    (through the articles), a year, all newest first, a deep page; the first opens the quotes index
    and maps each quote to its article."""
    def first(kind: str) -> str:
        return service.facet_values(kind, limit=1)[0].value

    person, org, place = first("person"), first("org"), first("place")
    year = service.search(Query(sort="newest")).date_buckets[0]
    quotes = [Query(text="oil", sort="relevance"), Query(text='"interest rates"', sort="relevance"),
              Query(include={"person": (person,)}, sort="newest"),
              Query(text="growth", include={"org": (org,)}, sort="relevance"),
              Query(include={"place": (place,)}, sort="newest"), Query(date_from=year.start, date_to=year.end),
              Query(sort="newest", page=5), Query(text="wor*", sort="relevance")]
    started = time.perf_counter()
    answer = service.quotes(quotes[0])
    opened = (time.perf_counter() - started) * 1000
    total = service.quotes(Query(sort="newest")).total
    print(f"  {'first quote search (opens the quotes index)':<44} {opened:7.1f} ms   ({total:,} quotes, "
          f"{answer.total:,} saying oil)")
    report("quote search, warm", timed(service.quotes, quotes, rounds * 2), target)

    def cold(query: Query):
        with snap.quotes.reading() as (_, arrays):
            arrays.clear_term_cache()
        service.quotes(query)

    report("quote search, term cache cleared", timed(cold, quotes, rounds * 2), target)


def named_queries(service: SearchService, snap: Snapshot, queries: list[Query], rounds: int) -> None:
    """A few queries one by one: warm, term cache cleared, and term cache cleared with the same
    files read through Whoosh's own FileStorage (buffered reads, no map), interleaved."""
    buffered = FileStorage(str(snap.path)).open_index().searcher()
    plain = replace(snap, searcher=buffered, queries=QueryBuilder(buffered.schema, snap.queries.vocabulary, snap.arrays))
    for query in [q for q in queries if q.text in NAMED]:
        warm, mapped, unmapped = [], [], []
        for _ in range(max(3, rounds)):
            for times, run in ((warm, lambda: service.search(query)),
                               (mapped, lambda: (snap.arrays.clear_term_cache(), service.search(query))),
                               (unmapped, lambda: (snap.arrays.clear_term_cache(), results.search(plain, query)))):
                started = time.perf_counter()
                run()
                times.append((time.perf_counter() - started) * 1000)
        print(f"  {query.text:<20} median warm {np.median(warm):6.1f} ms, cache cleared {np.median(mapped):6.1f} ms "
              f"(pread reads) vs {np.median(unmapped):6.1f} ms (Whoosh FileStorage, buffered reads)")
    buffered.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_worker(index_dir: Path, queries: list[Query], rounds: int, target_mib: int) -> None:
    """One real worker (gunicorn.conf.py, 1 worker) on loopback; warm it, time it, read its RSS."""
    port = free_port()
    env = dict(os.environ, SEARCHAPP_INDEX_DIR=str(index_dir), SEARCHAPP_WORKERS="1",
               SEARCHAPP_BIND=f"127.0.0.1:{port}", SEARCHAPP_LOG_LEVEL="warning")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen([str(gunicorn), "-c", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(base + "/api/search?q=oil", timeout=120).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not answer on {base}")
                time.sleep(0.2)
        urls = [base + api_url_for_search(query) for query in queries]
        timed(lambda url: urllib.request.urlopen(url, timeout=120).read(), urls, 1)   # warm-up
        report("/api/search over HTTP (1 worker)", timed(
            lambda url: urllib.request.urlopen(url, timeout=120).read(), urls, max(1, rounds // 2)))
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        for pid in children:
            mib = _worker_memory(pid)
            verdict = f"target private <= {target_mib} MiB: {'MET' if mib['Private_Dirty'] <= target_mib else 'MISSED'}"
            print(f"  {'gunicorn worker RSS after warm-up':<44} {mib['Rss']:7.0f} MiB  (pid {pid}: "
                  f"{mib['Private_Dirty']:.0f} MiB private (Private_Dirty), RssAnon {mib['RssAnon']:.0f} MiB "
                  f"of which {mib['Shared_Dirty']:.0f} shared with the master, RssFile {mib['RssFile']:.0f} MiB "
                  f"mapped files (page cache))   {verdict}")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _worker_memory(pid: str) -> dict[str, float]:
    """A worker's memory in MiB. Private_Dirty is what it alone holds and cannot give back: its
    own heap. RssAnon also counts the pages it still shares copy-on-write with the gunicorn master
    (the gazetteer, loaded before the fork), and RssFile the memory-mapped index files, which are
    page cache that every worker shares."""
    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    rollup = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:])
    mib = {key: int(status[key].split()[0]) / 1024 for key in ("RssAnon", "RssFile")}
    mib.update({key: int(rollup[key].split()[0]) / 1024 for key in ("Rss", "Private_Dirty", "Shared_Dirty")})
    return mib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir-base", type=Path, default=Path("/tmp/bench-query/base"))
    parser.add_argument("--index-dir-x10", type=Path, default=Path("/tmp/bench-query/x10"))
    parser.add_argument("--skip-x10", action="store_true", help="only the base index")
    parser.add_argument("--base-written-from", type=Path, nargs="+", default=None,
                        help="build the base index from the enriched articles of these indexes (no NER pass)")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the query mix")
    parser.add_argument("--no-gunicorn", action="store_true")
    args = parser.parse_args()
    build_base(args.index_dir_base, args.base_written_from)
    sizes = [(args.index_dir_base, False)]
    if not args.skip_x10:
        build_copies(args.index_dir_base, args.index_dir_x10)
        sizes.append((args.index_dir_x10, True))
    for index_dir, is_target_size in sizes:
        queries = bench_service(index_dir, args.rounds, is_target_size)
        if not args.no_gunicorn:
            gunicorn_worker(index_dir, queries, args.rounds, PRIVATE_TARGET_MIB[is_target_size])


if __name__ == "__main__":
    main()
