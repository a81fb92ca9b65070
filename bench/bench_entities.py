"""Entity resolution cost, one run: the archive-wide pass and a user's merge against NER and reindex.

    .venv/bin/python bench/bench_entities.py                        # BBC, fresh index, raw NER too
    .venv/bin/python bench/bench_entities.py --index-dir /tmp/bbc   # reuse an index of --source

Prints (1) a full `reindex` of the source (NER, dates, normalisation, Whoosh write, the pass
included) unless --index-dir names an existing index; (2) raw spaCy NER over the same texts
(bench_index.raw_ner) unless --no-ner; (3) the resolution pass alone (read values, with --workers
processes as `reindex --workers` reads them; resolve; write entities.json), best of 3; (4)
`searchapp entities merge` as a shell command (a new process: Python start, checks against the
index, the file written), then the first search of an already open service that shows it (its
facet columns built again). Ratios are of this run.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
CORPORA = ROOT.parent / "shared" / "corpora"

from searchapp.entities import archive  # noqa: E402
from searchapp.entities.corrections import path_of  # noqa: E402
from searchapp.facets import FACETS  # noqa: E402
from searchapp.records import Query  # noqa: E402
from searchapp.search.service import SearchService  # noqa: E402
from searchapp.store import generations  # noqa: E402
from searchapp.store.indexer import reindex  # noqa: E402


def best_of(runs: int, call) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return min(times)


def merge_round_trip(index_dir: Path) -> tuple[float, float, str]:
    """Seconds for the CLI merge, then for the open service's next search; what was merged."""
    service = SearchService(index_dir)
    people = next(f for f in FACETS if f.fold_surnames)
    top = [c.value for c in service.facet_values(people.kind, limit=2)]
    saved = path_of(index_dir).read_bytes() if path_of(index_dir).exists() else None
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "searchapp.cli", "entities", "merge", people.kind, top[0], top[1],
                    "--index-dir", str(index_dir)], check=True, cwd=ROOT, capture_output=True)
    cli = time.perf_counter() - started
    started = time.perf_counter()
    result = service.search(Query())
    shown = time.perf_counter() - started
    assert top[1] not in [c.value for c in result.facets[people.kind]], "the merge was not applied"
    if saved is None:
        path_of(index_dir).unlink()
    else:
        path_of(index_dir).write_bytes(saved)
    return cli, shown, f"{people.kind} {top[1]!r} -> {top[0]!r}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=CORPORA / "bbc")
    parser.add_argument("--index-dir", type=Path, default=None,
                        help="an index of --source: reused, or built there (and kept) when it has none")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-ner", action="store_true", help="skip the raw NER measurement")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-entities-"))
    try:
        index_dir, reindex_s = args.index_dir, None
        if index_dir is None or generations.current_path(index_dir) is None:
            index_dir = index_dir or tmp / "index"
            summary = reindex([args.source], index_dir, full=True, workers=args.workers)
            reindex_s = summary.elapsed
            print(f"reindex --full     {summary.indexed:>7,} articles {reindex_s:8.1f} s")
        ner_s = None
        if not args.no_ner:
            from bench_index import raw_ner

            n, _, ner_s = raw_ner([args.source], args.workers)
            print(f"raw spaCy NER      {n:>7,} articles {ner_s:8.1f} s")
        live = generations.current_path(index_dir)
        pass_s = best_of(3, lambda: archive.run(live, args.workers))   # on the cores NER had, as reindex runs it
        print(f"resolution pass                    {pass_s:8.2f} s"
              + (f"  = {pass_s / ner_s:.1%} of raw NER" if ner_s else "")
              + (f", {pass_s / reindex_s:.1%} of the reindex" if reindex_s else ""))
        cli_s, shown_s, what = merge_round_trip(index_dir)
        print(f"entities merge     (CLI process)   {cli_s:8.2f} s   {what}")
        print(f"  first search showing it          {shown_s:8.2f} s"
              + (f"  merge total = {(cli_s + shown_s) / reindex_s:.2%} of the reindex" if reindex_s else ""))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
