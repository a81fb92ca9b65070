"""Copies of one story: what grouping costs beside NER, how many groups BBC and Reuters hold, and
the precision and recall of the grouping against hand-checked pairs, threshold by threshold.

    .venv/bin/python bench/bench_copies.py [--ner-sample N] [--index-dir DIR]
    .venv/bin/python bench/bench_copies.py --write-sample FILE [--per-stratum N]

Reads each corpus as reindex does (readers, capped fields, exact duplicates by content hash left
out: those are merged at indexing), then, in one process and one run:

- the signatures (store/minhash.py) of every article, CPU time, beside spaCy NER over the first
  N articles of the same corpus (NER is the cost of indexing; its time for the corpus is its
  per-word time over those N, times the corpus' words): the signatures' share of NER time;
- the grouping pass (store/copies.group) over those signatures, at each threshold: CPU time,
  groups of two or more, articles in them, stories;
- with ``--index-dir``, copies.run on that index (what a reindex adds at its end: reading the
  signature column, grouping, writing copies/);
- precision and recall against bench/copies_labels.tsv: pairs drawn at random from every band of
  similarity (the estimated Jaccard of pairs LSH proposes at 0.2), each read by hand and labelled
  a copy (the same report of the same event: a re-send, an update, another paper's run of it) or
  not (another story, even from the same template: two weeks' Treasury bill auctions). A band's
  labels stand for all its pairs (weighted by the band's size); pairs below 0.2 are taken as
  not copies (LSH at 0.2 cannot see them; the title-twins line checks that: pairs of identical
  titles, how many a threshold groups).

``--write-sample`` draws the pairs to label (seeded) with both texts side by side.
"""
from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from searchapp.readers import read_any, survey  # noqa: E402
from searchapp.readers.cleaning import cap_fields  # noqa: E402
from searchapp.records import RawDoc, Skipped  # noqa: E402
from searchapp.store import copies, minhash  # noqa: E402
from searchapp.store.segment_arrays import NO_DATE, id_keys  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
SOURCES = {"bbc": [CORPORA / "bbc"], "reuters": [CORPORA / "reuters21578"]}
LABELS = ROOT / "bench" / "copies_labels.tsv"
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9)
STRATA = (0.2, 0.35, 0.5, 0.65, 0.8, 1.01)     # bands of estimated similarity the sample is drawn from


def read_corpus(sources: list[Path]) -> list[RawDoc]:
    docs, hashes = [], set()
    for source in sources:
        root = source if source.is_dir() else source.parent
        for path in survey([source]):
            if isinstance(path, Skipped):
                continue
            for record in read_any(path, root=root):
                if isinstance(record, Skipped):
                    continue
                record, _ = cap_fields(record)
                if record.content_hash in hashes:
                    continue
                hashes.add(record.content_hash)
                docs.append(record)
    return docs


def signatures(docs: list[RawDoc]) -> tuple[np.ndarray, np.ndarray, float]:
    started = time.process_time()
    values = [minhash.signature(doc.title, doc.body) for doc in docs]
    spent = time.process_time() - started
    words, matrix = minhash.unpack(values)
    return words, matrix, spent


def ner_seconds_per_word(docs: list[RawDoc], sample: int) -> float:
    from searchapp.enrich.entities import find_spans, load_nlp
    from searchapp.enrich.pipeline import ner_text

    load_nlp()
    texts = [ner_text(doc)[0] for doc in docs[:sample]]
    started = time.process_time()
    for _ in find_spans(texts):
        pass
    return (time.process_time() - started) / sum(len(text.split()) for text in texts)


def pool_of(docs: list[RawDoc], words: np.ndarray, matrix: np.ndarray) -> copies.Pool:
    # Publication days as the readers give them (metadata dates), enough to pick representatives.
    from searchapp.enrich.dates import parse_metadata_date

    days = []
    for doc in docs:
        found = parse_metadata_date(doc.date_text) if doc.date_text else None
        days.append(found.toordinal() if found else NO_DATE)
    ids = [doc.doc_id for doc in docs]
    return copies.Pool(ids, id_keys(ids), np.array(days, dtype=np.int32), words, matrix)


def grouping_table(pool: copies.Pool) -> dict[float, tuple]:
    found = {}
    for threshold in THRESHOLDS:
        bands, rows = copies.bands_for(threshold)
        started = time.process_time()
        groups, candidates = copies.group(pool, threshold, bands, rows)
        spent = time.process_time() - started
        n_groups = int(groups.groups.max()) + 1 if len(groups.groups) else 0
        found[threshold] = (groups, n_groups, len(groups.keys), candidates, spent)
    return found


def candidate_similarities(pool: copies.Pool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair LSH proposes at 0.2 (indices into the pool), with its estimated similarity."""
    bands, rows = copies.bands_for(0.2)
    order = np.arange(len(pool.ids))
    first, second = copies.candidate_pairs(pool.signatures, pool.words >= minhash.SHINGLE_WORDS, bands, rows)
    estimate = (pool.signatures[first] == pool.signatures[second]).mean(axis=1) if len(first) else np.zeros(0)
    keep = estimate >= STRATA[0]
    return order[first[keep]], order[second[keep]], estimate[keep]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ner-sample", type=int, default=300, help="articles of each corpus NER is timed on")
    parser.add_argument("--index-dir", type=Path, default=None, help="also time copies.run on this index")
    parser.add_argument("--write-sample", type=Path, default=None, help="write pairs to label by hand")
    parser.add_argument("--per-stratum", type=int, default=8)
    parser.add_argument("--seed", type=int, default=24, help="of --write-sample's draw")
    parser.add_argument("--corpus", choices=sorted(SOURCES), action="append", default=None)
    args = parser.parse_args(argv)
    labels = read_labels(LABELS)
    for name in args.corpus or sorted(SOURCES):
        docs = read_corpus(SOURCES[name])
        words, matrix, spent = signatures(docs)
        pool = pool_of(docs, words, matrix)
        first, second, estimate = candidate_similarities(pool)
        if args.write_sample:
            write_sample(args.write_sample, name, docs, first, second, estimate, args.per_stratum, args.seed)
            continue
        print(f"\n== {name}: {len(docs):,} articles (exact duplicates left out), {int(words.sum()):,} words")
        per_word = ner_seconds_per_word(docs, args.ner_sample)
        ner_total = per_word * int(words.sum())
        print(f"signatures        {spent:8.2f} s CPU, {1000 * spent / len(docs):.3f} ms/article")
        print(f"NER (estimated)   {ner_total:8.1f} s CPU ({1e6 * per_word:.1f} µs/word over the first "
              f"{args.ner_sample} articles)")
        table = grouping_table(pool)
        print(f"signatures / NER  {100 * spent / ner_total:8.2f} %   grouping pass at "
              f"{copies.THRESHOLD}: {100 * table[copies.THRESHOLD][4] / ner_total:.3f} % of NER")
        print_table(name, pool, table, first, second, estimate, labels, title_twins(docs))
    if args.index_dir:
        from searchapp.store import generations

        started = time.perf_counter()
        summary = copies.run(generations.current_path(args.index_dir))
        print(f"\ncopies.run on {args.index_dir}: {summary.articles:,} articles, {summary.groups:,} groups, "
              f"{summary.grouped:,} copies, {time.perf_counter() - started:.2f} s")
    return 0


def print_table(name, pool, table, first, second, estimate, labels, twins) -> None:
    labelled = {(a, b): copy for corpus, a, b, copy in labels if corpus == name}
    index = {doc_id: i for i, doc_id in enumerate(pool.ids)}
    pairs = [(index[a], index[b], copy) for (a, b), copy in labelled.items() if a in index and b in index]
    strata = np.digitize(estimate, STRATA) - 1
    sizes = Counter(strata.tolist())
    print(f"pairs LSH proposes at 0.2 by estimated similarity: "
          + ", ".join(f"[{STRATA[s]:.2f}, {min(STRATA[s + 1], 1):.2f}): {sizes[s]:,}" for s in range(len(STRATA) - 1)))
    print(f"hand-checked pairs: {len(pairs)} ({sum(c for *_, c in pairs)} copies); "
          f"pairs of identical titles: {len(twins)}")
    print("threshold  groups  in groups  stories   candidates  CPU s   precision  recall  title twins grouped")
    for threshold, (groups, n_groups, grouped, candidates, spent) in table.items():
        precision, recall = estimate_pr(pool, groups, pairs, first, second, strata, sizes)
        grouped_twins = sum(same_group(pool, groups, a, b) for a, b in twins)
        print(f"  {threshold:.2f}    {n_groups:6,}  {grouped:8,}  {len(pool.ids) - grouped + n_groups:8,}  "
              f"{candidates:10,}  {spent:6.2f}   {precision:8.3f}  {recall:6.3f}  {grouped_twins}/{len(twins)}")


def estimate_pr(pool, groups, pairs, first, second, strata, sizes) -> tuple[float, float]:
    """Pairwise precision and recall of "in one group", each hand-checked pair standing for its
    band of similarity (weighted by the band's number of pairs)."""
    if not pairs:
        return float("nan"), float("nan")
    by_stratum: dict[int, list] = {}
    similarity = dict(zip(zip(first.tolist(), second.tolist()), strata.tolist()))
    for a, b, copy in pairs:
        key = (min(a, b), max(a, b))
        stratum = similarity.get(key)
        if stratum is None:
            continue
        by_stratum.setdefault(stratum, []).append((copy, same_group(pool, groups, a, b)))
    true_pos = false_pos = false_neg = 0.0
    for stratum, found in by_stratum.items():
        weight = sizes[stratum] / len(found)
        true_pos += weight * sum(1 for copy, grouped in found if copy and grouped)
        false_pos += weight * sum(1 for copy, grouped in found if not copy and grouped)
        false_neg += weight * sum(1 for copy, grouped in found if copy and not grouped)
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else float("nan")
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else float("nan")
    return precision, recall


def same_group(pool, groups, a: int, b: int) -> bool:
    found = []
    for i in (a, b):
        at = np.searchsorted(groups.keys, pool.keys[i])
        if at >= len(groups.keys) or groups.keys[at] != pool.keys[i]:
            return False
        found.append(int(groups.groups[at]))
    return found[0] == found[1]


def title_twins(docs: list[RawDoc]) -> list[tuple[int, int]]:
    """Pairs of articles whose titles fold to the same text of three words or more (the first of
    each title paired with every other): copies under one headline, or one template's stories."""
    by_title: dict[str, list[int]] = {}
    for i, doc in enumerate(docs):
        title = " ".join(minhash.words(doc.title, ""))
        if len(title.split()) >= 3:
            by_title.setdefault(title, []).append(i)
    return [(found[0], other) for found in by_title.values() for other in found[1:]]


def read_labels(path: Path) -> list[tuple[str, str, str, bool]]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as handle:
        rows = [row for row in csv.reader(handle, delimiter="\t") if row and not row[0].startswith("#")]
    return [(corpus, a, b, label == "copy") for corpus, a, b, label, *_ in rows[1:]]


def write_sample(path: Path, name: str, docs, first, second, estimate, per_stratum: int, seed: int) -> None:
    """Pairs drawn at random from every band of similarity, both texts, to label by hand."""
    rnd = random.Random(seed)
    strata = np.digitize(estimate, STRATA) - 1
    with open(path, "a", encoding="utf-8") as out:
        for stratum in range(len(STRATA) - 1):
            members = np.flatnonzero(strata == stratum).tolist()
            for i in sorted(rnd.sample(members, min(per_stratum, len(members)))):
                a, b = docs[first[i]], docs[second[i]]
                out.write(f"\n##### {name}\t{a.doc_id}\t{b.doc_id}\testimate {estimate[i]:.2f}\n")
                for doc in (a, b):
                    out.write(f"--- {doc.doc_id} | {doc.date_text} | {doc.title}\n{' '.join(doc.body.split())[:900]}\n")


if __name__ == "__main__":
    sys.exit(main())
