"""The per-article rules after NER against NER itself, one run, on a CoNLL-2003 file.

    .venv/bin/python bench/bench_rules.py [--file PATH] [--limit N]

Builds the articles as bench/extraction_eval.py does, runs spaCy NER over their texts once
(timed: the model's forward pass, one process), then the rules alone (normalise.resolve: tables
and line-ups, boundaries, patterns, the gazetteer, the per-article vote) over those spans, best
of 3. Prints ms an article for each and the rules' share of NER time.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import extraction_eval  # noqa: E402
from searchapp.enrich import normalise  # noqa: E402
from searchapp.enrich.entities import find_spans, load_nlp  # noqa: E402
from searchapp.enrich.pipeline import ner_text  # noqa: E402

DEFAULT_FILE = extraction_eval.CORPORA / "conll2003" / "eng.train"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--limit", type=int, default=0, help="first N articles only")
    args = parser.parse_args(argv)
    sentences = extraction_eval.read_conll(args.file)
    if args.limit:
        sentences = sentences[:args.limit]
    texts = [ner_text(extraction_eval.build(s, i).raw)[0] for i, s in enumerate(sentences)]
    load_nlp()
    started = time.perf_counter()
    spans = list(find_spans(texts))
    ner = time.perf_counter() - started
    rules = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for text, found in zip(texts, spans):
            normalise.resolve(text, found)
        rules = min(rules, time.perf_counter() - started)
    n = len(texts)
    print(f"{args.file.name}: {n} articles")
    print(f"NER (spaCy, one process)   {1000 * ner / n:8.2f} ms/article")
    print(f"rules (normalise.resolve)  {1000 * rules / n:8.2f} ms/article, best of 3")
    print(f"rules / NER                {100 * rules / ner:8.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
