"""The quote pass after NER against NER itself, one run: what finding who said what costs.

    .venv/bin/python bench/bench_quotes.py [--source DIR] [--limit N]

Reads the articles of a corpus folder (default ../shared/corpora/bbc) with searchapp's readers,
runs spaCy NER over their texts once (timed: the model's forward pass, one process), then every
step after it (entity rules, dates) untimed, then the quote pass alone (enrich/quotes.py over
each body and its mentions), best of 3. Prints ms an article for each, the pass's share of NER
time, and how many quotes it found.
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from searchapp.enrich import quotes  # noqa: E402
from searchapp.enrich.entities import find_spans, load_nlp  # noqa: E402
from searchapp.enrich.pipeline import analyse_spans, ner_text  # noqa: E402
from searchapp.readers import read_any  # noqa: E402
from searchapp.records import RawDoc  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared" / "corpora" / "bbc"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--limit", type=int, default=0, help="first N articles only")
    args = parser.parse_args(argv)
    raws = [doc for path in sorted(args.source.rglob("*")) if path.is_file()
            for doc in read_any(path) if isinstance(doc, RawDoc)]
    if args.limit:
        raws = raws[:args.limit]
    texts = [ner_text(raw)[0] for raw in raws]
    load_nlp()
    started = time.perf_counter()
    spans = list(find_spans(texts))
    ner = time.perf_counter() - started
    today = date.today()
    articles = [analyse_spans(raw, found, today).article for raw, found in zip(raws, spans)]
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        found = [quotes.find_quotes(article.body, article.mentions) for article in articles]
        best = min(best, time.perf_counter() - started)
    n = len(articles)
    words = sum(len(text.split()) for text in texts)
    attributed = sum(1 for article in found for quote in article if quote.speaker)
    print(f"{args.source.name}: {n} articles, {words:,} words")
    print(f"NER (spaCy, one process)   {1000 * ner / n:8.2f} ms/article")
    print(f"quotes (enrich/quotes.py)  {1000 * best / n:8.2f} ms/article, best of 3")
    print(f"quotes / NER               {100 * best / ner:8.1f} %")
    print(f"quotes found               {sum(len(a) for a in found):8,} ({attributed:,} with a speaker)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
