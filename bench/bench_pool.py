"""`--workers N`'s pool: concurrent.futures' executor (which reports a worker that dies) against the
multiprocessing.Pool it replaced (which waited for a dead worker's batch for ever), on the same
batches, rounds alternating; prints articles/s of each and their ratio.

    .venv/bin/python bench/bench_pool.py [--limit 600] [--workers 2] [--rounds 2]
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from searchapp.enrich import pipeline  # noqa: E402
from searchapp.enrich.pipeline import BATCHES_IN_FLIGHT_PER_WORKER, ProcessPool, analyse_batch  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from index_steps import read_sample  # noqa: E402


def former_pool(batches, batch_size: int, workers: int):
    """The multiprocessing.Pool loop ProcessPool.run had."""
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=pipeline._init_worker, initargs=(os.getpid(),)) as pool:
        pending: deque = deque()
        for batch in batches:
            pending.append(pool.apply_async(analyse_batch, (batch, batch_size)))
            if len(pending) >= workers * BATCHES_IN_FLIGHT_PER_WORKER:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def timed(run, raws) -> float:
    size = pipeline.BATCH_SIZE
    batches = (raws[i:i + size] for i in range(0, len(raws), size))
    started = time.perf_counter()
    done = sum(len(analyses) for analyses in run(batches, size))
    assert done == len(raws)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=600)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    raws = read_sample(args.limit)
    runs = {"executor (now)": lambda b, s: ProcessPool(args.workers).run(b, s),
            "multiprocessing.Pool (before)": lambda b, s: former_pool(b, s, args.workers)}
    best = {name: float("inf") for name in runs}
    for _ in range(args.rounds):
        for name, run in runs.items():
            best[name] = min(best[name], timed(run, raws))
    print(f"{len(raws):,} Reuters articles, {args.workers} workers, best of {args.rounds} rounds (wall, model loads included):")
    for name, seconds in best.items():
        print(f"  {name:<32}{seconds:7.1f} s  {len(raws) / seconds:6.1f} articles/s")
    print(f"  executor / Pool, articles/s: {best['multiprocessing.Pool (before)'] / best['executor (now)']:.2f}")


if __name__ == "__main__":
    main()
