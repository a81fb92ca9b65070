"""What an export costs per row, and the share of it its plain-text snippets take, in one run.

    .venv/bin/python bench/bench_export.py --index-dir DIR [--rounds 3] [--query said --query ""]

For each query: the whole CSV export (search, then every row made and written to nowhere),
best of ``--rounds``; then, over the same rows, the snippet step alone (search/snippets.py
plain_snippet with the query's marks, or the opening of the text without a query). Both are
timed in this process on the same index, so their ratio holds on a noisy machine.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from searchapp.search.articles import query_marks  # noqa: E402
from searchapp.search.export import article_link  # noqa: E402
from searchapp.search.request import build_query  # noqa: E402
from searchapp.search.results import matching_docs  # noqa: E402
from searchapp.search.service import SearchService  # noqa: E402
from searchapp.search.snippets import Marks, plain_snippet  # noqa: E402

DEFAULT_QUERIES = ("", "said", "blair", "oil prices", '"prime minister"')


def export_seconds(service: SearchService, text: str) -> tuple[int, float]:
    started = time.perf_counter()
    with service.export(build_query(text), "csv", link=lambda doc_id: article_link("http://x", doc_id)) as lines:
        rows = sum(1 for _ in lines) - 1
    return rows, time.perf_counter() - started


def snippet_seconds(service: SearchService, text: str) -> float:
    with service.reading() as snapshot:
        query = build_query(text)
        docs = matching_docs(snapshot, query)
        parsed = snapshot.queries.parse(text, snapshot.searcher.reader()) if text else None
        marks = query_marks(snapshot, parsed) if parsed is not None else Marks(frozenset())
        analyzer = snapshot.searcher.schema["body"].analyzer
        bodies = [snapshot.searcher.stored_fields(int(doc)).get("body", "") for doc in docs]
        started = time.perf_counter()
        for body in bodies:
            plain_snippet(body, marks, analyzer)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", required=True, type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--query", action="append", default=None)
    args = parser.parse_args()
    service = SearchService(args.index_dir)
    print(f"{'query':<20}{'rows':>8}{'export s':>10}{'ms/row':>9}{'snippets s':>12}{'share':>8}")
    for text in args.query if args.query is not None else DEFAULT_QUERIES:
        export_seconds(service, text)   # warm: postings, the word memo
        rows, best = min((export_seconds(service, text) for _ in range(args.rounds)), key=lambda found: found[1])
        snippets = min(snippet_seconds(service, text) for _ in range(args.rounds))
        per_row = best / rows * 1000 if rows else 0.0
        print(f"{text or '(none)':<20}{rows:>8,}{best:>10.2f}{per_row:>9.2f}{snippets:>12.2f}"
              f"{snippets / best if best else 0:>8.0%}")


if __name__ == "__main__":
    main()
