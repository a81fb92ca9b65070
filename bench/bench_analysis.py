"""What indexing every word costs: the same articles written with the previous analysers (Whoosh's
StemmingAnalyzer: stopwords and 1-letter words dropped, no accent folding) and with today's
(store/analysis.py), in one run: index size on disk and Whoosh writer time.

    .venv/bin/python bench/bench_analysis.py INDEX_DIR     # e.g. an index of ../shared/corpora/bbc

The articles are read back from INDEX_DIR's live generation (no spaCy: enrichment is not what
changed), then each variant is written into a fresh folder, one commit, optimised to one segment
so the sizes compare postings, not segment counts. Each variant is written --rounds times,
alternating; the best time is printed.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from whoosh import index as whoosh_index  # noqa: E402
from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer  # noqa: E402

from searchapp.facets import FACETS  # noqa: E402
from searchapp.store import generations  # noqa: E402
from searchapp.store.schema import article_to_fields, build_schema, fields_to_article  # noqa: E402


def previous_schema():
    """Today's schema with the analysers it had before every word was indexed."""
    schema = build_schema()
    for field in ("title", "body"):
        schema[field].analyzer = StemmingAnalyzer()
    for facet in FACETS:
        field = schema[facet.names_field]
        field.analyzer = StandardAnalyzer(stoplist=None)
    return schema


def write(folder: Path, schema, articles) -> float:
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), schema)
    started = time.perf_counter()
    writer = ix.writer(limitmb=256)
    for article in articles:
        writer.add_document(**article_to_fields(article))
    writer.commit(optimize=True)
    return time.perf_counter() - started


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


def terms(folder: Path) -> dict[str, int]:
    ix = whoosh_index.open_dir(str(folder))
    with ix.reader() as reader:
        return {field: sum(1 for _ in reader.lexicon(field)) for field in ("title", "body")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index_dir", type=Path)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    ix = generations.open_current(args.index_dir)
    with ix.searcher() as searcher:
        articles = [fields_to_article(stored) for stored in searcher.all_stored_fields()]
    words = sum(len(f"{a.title} {a.body}".split()) for a in articles)
    print(f"{len(articles):,} articles, {words:,} words, from {args.index_dir}")
    variants = {"previous (stopwords dropped)": previous_schema, "every word, folded": build_schema}
    times: dict[str, list[float]] = {name: [] for name in variants}
    sizes, lexicons = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(args.rounds):
            for i, (name, schema) in enumerate(variants.items()):
                folder = Path(tmp) / f"{i}-{round_}"
                times[name].append(write(folder, schema(), articles))
                sizes[name], lexicons[name] = size(folder), terms(folder)
                shutil.rmtree(folder)
    print(f"{'':30} {'on disk':>10} {'title+body terms':>17} {'write (best)':>13} {'ms/article':>10}")
    for name in variants:
        best = min(times[name])
        print(f"{name:30} {sizes[name] / 2**20:8.1f} MiB {sum(lexicons[name].values()):>17,} "
              f"{best:11.2f} s {best * 1000 / len(articles):10.2f}")
    old, new = variants
    print(f"ratio new/previous: size {sizes[new] / sizes[old]:.2f}, write time "
          f"{min(times[new]) / min(times[old]):.2f}")


if __name__ == "__main__":
    main()
