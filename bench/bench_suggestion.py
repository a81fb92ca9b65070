"""What did-you-mean's preference for the archive's names costs, on an existing index.

    .venv/bin/python bench/bench_suggestion.py --index-dir DIR [--rounds N]

Prints, one line per figure: the time to build the name index once per index version and its
size; p50/p95 of suggestion() for misspelt queries, with the names and with the closest words
alone (correct_text without names, then the same check that the correction finds something),
and their ratio, measured in this run; and p50/p95 of a whole search() under facet filters and
exclusions (facets counted over the current results, with what each exclusion adds back).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from searchapp.facets import FACETS  # noqa: E402
from searchapp.records import Query  # noqa: E402
from searchapp.search import results  # noqa: E402
from searchapp.search.matching import matching_mask  # noqa: E402
from searchapp.search.names import ArchiveNames  # noqa: E402
from searchapp.search.service import SearchService  # noqa: E402
from searchapp.search.spelling import correct_text, suggestion  # noqa: E402

MISSPELT = ["Tony Blare", "Gordon Browne", "Micheal Howard", "Charles Kenedy", "goverment plans",
            "Tony Blare election", "econmy growth", "Wall Stret", "Manchster United", "Chelsae fans"]


def closest_words_only(snapshot, text: str, filters_only: np.ndarray) -> str | None:
    """suggestion() as it was before names: the closest words, kept when they find something."""
    reader = snapshot.searcher.reader()
    corrected = correct_text(text, reader, snapshot.queries.vocabulary)
    if corrected is None:
        return None
    parsed = snapshot.queries.parse(corrected, reader)
    found = (matching_mask(parsed, snapshot.searcher, snapshot.arrays) & filters_only).any()
    return corrected if found else None


def timed(call, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def p50_p95(times: list[float]) -> tuple[float, float]:
    return statistics.median(times), float(np.percentile(times, 95))


def filtered_queries(snapshot) -> list[Query]:
    """The most named value of each kind as a filter, and as an exclusion under another filter."""
    top = {facet.kind: results.search(snapshot, Query()).facets[facet.kind][:2] for facet in FACETS}
    queries = []
    for facet in FACETS:
        first, second = (entry.value for entry in top[facet.kind])
        queries.append(Query(include={facet.kind: (first,)}))
        queries.append(Query(text="said", include={facet.kind: (first,)}, exclude={facet.kind: (second,)}))
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    service = SearchService(args.index_dir)
    with service.reading() as snapshot:
        arrays = snapshot.arrays
        build = timed(lambda: ArchiveNames.of(arrays), 5)
        names = ArchiveNames.of(arrays)
        print(f"articles: {int(arrays.live.sum()):,}; names of 2-4 words: {len(names):,}")
        print(f"name index build (once per index version): p50 {statistics.median(build):.1f} ms")
        everything = arrays.live
        with_names, without = [], []
        for text in MISSPELT:
            with_names += timed(lambda: suggestion(snapshot, text, everything), args.rounds)
            without += timed(lambda: closest_words_only(snapshot, text, everything), args.rounds)
            print(f"  {text!r}: {closest_words_only(snapshot, text, everything)!r} -> "
                  f"{suggestion(snapshot, text, everything)!r}")
        (a50, a95), (b50, b95) = p50_p95(with_names), p50_p95(without)
        print(f"suggestion() with names: p50 {a50:.2f} ms, p95 {a95:.2f} ms")
        print(f"suggestion() closest words only: p50 {b50:.2f} ms, p95 {b95:.2f} ms")
        print(f"ratio with/without names: p50 {a50 / b50:.2f}x, p95 {a95 / b95:.2f}x")
        searches = []
        for query in filtered_queries(snapshot):
            searches += timed(lambda: results.search(snapshot, query), args.rounds)
        s50, s95 = p50_p95(searches)
        print(f"search() under facet filters and exclusions: p50 {s50:.1f} ms, p95 {s95:.1f} ms")
    service.close()


if __name__ == "__main__":
    main()
