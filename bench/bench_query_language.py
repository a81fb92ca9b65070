"""Latency of the query language's shapes: hyphenated words, facet prefixes, copied capitalised
headlines, dangling operators, words did-you-mean corrects (each a whole search with every facet,
the histogram and the suggestion, as /api/search computes them).

    .venv/bin/python bench/bench_query_language.py --index-dir DIR [--rounds N]

Prints each shape's total and median, then p50/p95 over all, warm (after one warm-up pass) and
with the term caches cleared before every query. Run it beside bench_query.py's mix on the same
index (Reuters-21578 + BBC) with two checkouts to compare code.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from searchapp.records import Query  # noqa: E402
from searchapp.search.service import SearchService  # noqa: E402

SHAPES = [
    "Kilroy-Silk", "e-mail", "U.S.-Japan", "farmer-owned", "O'Neill", "e-mail*",
    'person:"Tony Blair"', 'org:"Lib Dems" election', 'place:"New York" -person:"Ronald Reagan"',
    "person:blair", "person:putin", "oil person:reagan",
    'title:"STANDARD OIL <SRD> TO FORM FINANCIAL UNIT"', 'title:"NATIONAL AVERAGE PRICES FOR FARMER-OWNED RESERVE"',
    "blair AND", "oil OR gas AND", "goverment", "ONeill",
]


def timed(service: SearchService, rounds: int, before=None) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {text: [] for text in SHAPES}
    for _ in range(rounds):
        for text in SHAPES:
            if before is not None:
                before()
            started = time.perf_counter()
            service.search(Query(text=text, sort="relevance"))
            times[text].append((time.perf_counter() - started) * 1000)
    return times


def report(label: str, times: dict[str, list[float]]) -> None:
    every = [t for found in times.values() for t in found]
    print(f"  {label:<36} p50 {np.percentile(every, 50):7.1f} ms  p95 {np.percentile(every, 95):7.1f} ms  "
          f"max {max(every):7.1f} ms  n={len(every)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    service = SearchService(args.index_dir)
    snapshot = service.snapshot()
    print(f"{args.index_dir} ({snapshot.searcher.doc_count():,} articles), code {ROOT}")
    for text in SHAPES:
        result = service.search(Query(text=text, sort="relevance"))   # warm-up, and the totals
        print(f"  {text:<58} total {result.total:6,}  suggestion {result.suggestion!r}")
    warm = timed(service, args.rounds)
    for text, found in warm.items():
        print(f"  {text:<58} median {np.median(found):6.1f} ms")
    report("query-language shapes, warm", warm)
    report("query-language shapes, caches cleared", timed(service, args.rounds, snapshot.arrays.clear_term_cache))
    service.close()


if __name__ == "__main__":
    main()
