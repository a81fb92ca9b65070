"""Snippets and fuzzy terms, before and after: Whoosh's highlight() vs the memoised word analysis,
Whoosh's terms_within vs rapidfuzz, on a real index (bench_query.py's base index by default).

    .venv/bin/python bench/bench_snippets.py [--index-dir DIR] [--rounds N]

Per text query of bench_query.py's mix: ms to make the snippets of its first page (10 hits), each
way, and whether the snippets are identical; then ms to expand `econmy~` (and a few more fuzzy
words) each way, and whether the terms are the same.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from whoosh import highlight  # noqa: E402
from whoosh.reading import IndexReader  # noqa: E402

from searchapp.records import Query  # noqa: E402
from searchapp.search import fuzzy, snippets  # noqa: E402
from searchapp.search.service import SearchService  # noqa: E402

TEXTS = ["said", "oil", "bank", "minister", "sorghum", '"interest rates"', '"prime minister"',
         "oil OR gas -coffee", "wor*", "econmy~", "title:shares", "trade", "exports", "oil prices", "market"]
FUZZY = ["econmi", "govermn", "petrolum", "interst", "sharess"]


def whoosh_snippet(body: str, terms: frozenset, analyzer) -> str:
    text = body[:snippets.MAX_HIGHLIGHT_CHARS]
    return highlight.highlight(text, terms, analyzer, snippets._FRAGMENTER, snippets._MarkFormatter(),
                               top=snippets.TOP_PASSAGES) or snippets.make_snippet(body, snippets.Marks(frozenset()), analyzer)


def best_of(run, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return float(np.median(times))


def bench_snippets(service: SearchService, rounds: int) -> None:
    snap = service.snapshot()
    analyzer = snap.searcher.schema["body"].analyzer
    words = snap.queries.vocabulary.word_terms(analyzer)
    print(f"  {'snippets of the first page (ms, median)':<40}{'Whoosh':>9}{'memo':>9}{'ratio':>8}  same")
    totals = [0.0, 0.0]
    for text in TEXTS:
        hits = service.search(Query(text=text, sort="relevance")).hits
        bodies = [snap.searcher.document(id=hit.doc_id)["body"] for hit in hits]
        terms = snippets.highlight_terms(snap.queries.parse(text, snap.searcher.reader()), words)
        before = best_of(lambda: [whoosh_snippet(b, terms.terms, analyzer) for b in bodies], rounds)
        after = best_of(lambda: [snippets.make_snippet(b, terms, analyzer) for b in bodies], rounds)
        same = all(whoosh_snippet(b, terms.terms, analyzer) == snippets.make_snippet(b, terms, analyzer)
                   for b in bodies)
        totals[0] += before
        totals[1] += after
        print(f"  {text:<40}{before:9.2f}{after:9.2f}{before / max(after, 1e-6):7.1f}x  {same}")
    print(f"  {'all':<40}{totals[0]:9.2f}{totals[1]:9.2f}{totals[0] / totals[1]:7.1f}x")


def bench_fuzzy(service: SearchService, rounds: int) -> None:
    snap = service.snapshot()
    reader = snap.searcher.reader()
    buckets = snap.queries.vocabulary.term_buckets()
    print(f"  {'fuzzy terms, title + body (ms, median)':<40}{'Whoosh':>9}{'1st use':>9}{'rapidfuzz':>10}{'ratio':>8}  same")
    for word in FUZZY:
        def old():
            return [set(IndexReader.terms_within(reader, f, word, 1, prefix=1)) for f in ("title", "body")]

        def new():
            return [set(fuzzy.terms_within(reader, buckets, f, word, 1, 1)) for f in ("title", "body")]

        first = best_of(new, 1)   # reads the terms with the word's first letter, once per index version
        before, after = best_of(old, rounds), best_of(new, rounds)
        print(f"  {word + '~':<40}{before:9.2f}{first:9.2f}{after:10.2f}{before / max(after, 1e-6):7.1f}x  {old() == new()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, default=Path("/tmp/bench-query/base"))
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    service = SearchService(args.index_dir)
    print(f"{args.index_dir}: {service.snapshot().searcher.doc_count():,} articles")
    for text in TEXTS:                  # warm: the memo fills as a serving process's would
        service.search(Query(text=text, sort="relevance"))
    bench_snippets(service, args.rounds)
    bench_fuzzy(service, args.rounds)
    service.close()


if __name__ == "__main__":
    main()
