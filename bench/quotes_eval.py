"""Quote extraction against the hand-checked gold of bench/quotes_gold.tsv, in one run.

    .venv/bin/python bench/quotes_eval.py [--errors] [--spans-cache FILE]

Each gold article is read by searchapp's readers and enriched by the pipeline (NER, entity
rules, quotes); the articles marked "held out" are scored apart too. A system quote matches a gold quote of its article when their spans overlap by
half their union at least (one to one, the largest overlap first). A (quote, speaker) pair is
right when the matched gold quote has that speaker (any of its "|" forms; case and accents
aside); a second line also accepts the right person under a name the model cut short ("Jan
Vetham" for Ard Jan Vetham: an entity error, not an attribution error). Precision: right pairs / system quotes with a speaker; recall: right pairs / gold quotes
with a named speaker. A speaker given to a quote whose gold speaker is "-", or to words no gold
quote holds, counts against precision. Quote spans are scored apart, speakers aside.
--spans-cache keeps the model's entity spans, so trying a rule takes seconds.
"""
from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from searchapp.enrich.entities import find_spans  # noqa: E402
from searchapp.enrich.pipeline import analyse_spans, ner_text  # noqa: E402
from searchapp.readers import read_any  # noqa: E402
from searchapp.records import Quote, RawDoc  # noqa: E402

GOLD = ROOT / "bench" / "quotes_gold.tsv"
CORPORA = ROOT.parent / "shared" / "corpora"
MIN_OVERLAP = 0.5


@dataclass(frozen=True)
class GoldQuote:
    start: int
    end: int
    kind: str                 # "D" or "R"
    speakers: tuple[str, ...]  # folded; () for "-"
    prefix: str


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


HELD_OUT: set[str] = set()   # articles annotated after the rules were final (read_gold fills it)


def read_gold(path: Path) -> dict[str, list[GoldQuote]]:
    gold: dict[str, list[GoldQuote]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# article\t"):
            gold.setdefault(line.split("\t")[1], [])
        elif line.startswith("# held-out\t"):
            HELD_OUT.add(line.split("\t")[1])
        elif line and not line.startswith("#"):
            key, start, end, kind, speaker, prefix = line.split("\t")
            speakers = () if speaker == "-" else tuple(fold(s) for s in speaker.split("|"))
            gold.setdefault(key, []).append(GoldQuote(int(start), int(end), kind, speakers, prefix))
    return gold


def read_article(key: str) -> RawDoc:
    path, _, doc_id = key.partition("#")
    full = ROOT / path if path.startswith("samples/") else CORPORA / path
    docs = [doc for doc in read_any(full) if isinstance(doc, RawDoc) and (not doc_id or doc.doc_id == doc_id)]
    if not docs:
        raise SystemExit(f"{key}: no such article (is ../shared/corpora there?)")
    return docs[0]


def system_quotes(raws: dict[str, RawDoc], cache: Path | None) -> dict[str, tuple[Quote, ...]]:
    texts = {key: ner_text(raw)[0] for key, raw in raws.items()}
    stamp = hashlib.blake2b("\0".join(texts.values()).encode(), digest_size=8).hexdigest()
    spans = None
    if cache and cache.exists():
        stored = pickle.loads(cache.read_bytes())
        spans = stored["spans"] if stored.get("stamp") == stamp else None
    if spans is None:
        spans = dict(zip(texts, find_spans(texts.values())))
        if cache:
            cache.write_bytes(pickle.dumps({"stamp": stamp, "spans": spans}))
    today = date.today()
    return {key: analyse_spans(raw, spans[key], today).article.quotes for key, raw in raws.items()}


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> float:
    inter = min(a_end, b_end) - max(a_start, b_start)
    union = max(a_end, b_end) - min(a_start, b_start)
    return inter / union if inter > 0 and union else 0.0


def match(gold: list[GoldQuote], found: tuple[Quote, ...]) -> dict[int, int]:
    """System quote index -> gold quote index, one to one, largest overlap first."""
    pairs = sorted(((overlap(g.start, g.end, q.start, q.end), gi, qi)
                    for gi, g in enumerate(gold) for qi, q in enumerate(found)), reverse=True)
    matched: dict[int, int] = {}
    used: set[int] = set()
    for score, gi, qi in pairs:
        if score < MIN_OVERLAP:
            break
        if qi not in matched and gi not in used:
            matched[qi] = gi
            used.add(gi)
    return matched


class Tally:
    def __init__(self):
        self.counts: dict[str, int] = defaultdict(int)

    def figures(self, right: str, found: str, wanted: str) -> str:
        p = self.counts[right] / self.counts[found] if self.counts[found] else 0.0
        r = self.counts[right] / self.counts[wanted] if self.counts[wanted] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return (f"P {p:.3f} ({self.counts[right]}/{self.counts[found]})  "
                f"R {r:.3f} ({self.counts[right]}/{self.counts[wanted]})  F1 {f:.3f}")


def _cut_name(speaker: str, wanted: tuple[str, ...]) -> bool:
    """The gold speaker, named as the model cut the name ("Jan Vetham" for Ard Jan Vetham)."""
    words = set(fold(speaker).split())
    return any(words < set(name.split()) for name in wanted)


def score(key: str, gold: list[GoldQuote], found: tuple[Quote, ...], tallies: dict, errors: list) -> None:
    matched = match(gold, found)
    group = "bbc" if key.startswith("bbc/") else "newspaper4k" if key.startswith("newspaper4k") else "samples+seed"
    for name in ("all", group, *(["held out"] if key in HELD_OUT else [])):
        tally = tallies.setdefault(name, Tally()).counts
        tally["gold spans"] += len(gold)
        tally["found spans"] += len(found)
        tally["right spans"] += len(matched)
        tally["gold pairs"] += sum(1 for g in gold if g.speakers)
        tally["found pairs"] += sum(1 for q in found if q.speaker)
        for qi, gi in matched.items():
            if found[qi].speaker and fold(found[qi].speaker) in gold[gi].speakers:
                tally["right pairs"] += 1
                tally[f"right {gold[gi].kind}"] += 1
                tally["right person"] += 1
            elif found[qi].speaker and _cut_name(found[qi].speaker, gold[gi].speakers):
                tally["right person"] += 1
        for g in gold:
            tally[f"gold {g.kind}"] += bool(g.speakers)
        for q in found:
            tally[f"found {'D' if q.direct else 'R'}"] += bool(q.speaker)
    for qi, q in enumerate(found):
        gi = matched.get(qi)
        if q.speaker and (gi is None or fold(q.speaker) not in gold[gi].speakers):
            wanted = "no gold quote" if gi is None else (" | ".join(gold[gi].speakers) or "-")
            errors.append(f"WRONG {key} [{q.start}] {q.speaker!r} (gold: {wanted}): {q.text[:90]}")
    for gi, g in enumerate(gold):
        got = next((found[qi] for qi, i in matched.items() if i == gi), None)
        if g.speakers and (got is None or not got.speaker):
            why = "not found" if got is None else "no speaker"
            errors.append(f"MISSED {key} [{g.start}] {g.kind} {g.speakers[0]!r} ({why}): {g.prefix}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--errors", action="store_true", help="print every wrong and missed pair")
    parser.add_argument("--spans-cache", type=Path, help="keep the model's spans in this file")
    args = parser.parse_args(argv)
    gold = read_gold(args.gold)
    raws = {key: read_article(key) for key in gold}
    for key, quotes in gold.items():
        body = raws[key].body
        stale = [q for q in quotes
                 if body[q.start:q.start + len(q.prefix)].replace("\n", " ").replace("\t", " ") != q.prefix]
        if stale:
            raise SystemExit(f"{key}: the text is not the one annotated at {stale[0].start} ({stale[0].prefix!r})")
    found = system_quotes(raws, args.spans_cache)
    tallies: dict[str, Tally] = {}
    errors: list[str] = []
    for key in gold:
        score(key, gold[key], found[key], tallies, errors)
    n_quotes = sum(len(q) for q in gold.values())
    print(f"{len(gold)} articles, {n_quotes} gold quotes")
    for name, tally in tallies.items():
        print(f"{name:13} (quote, speaker) pairs  {tally.figures('right pairs', 'found pairs', 'gold pairs')}")
        print(f"{'':13} … a cut name accepted   {tally.figures('right person', 'found pairs', 'gold pairs')}")
        print(f"{'':13} quotations             {tally.figures('right D', 'found D', 'gold D')}")
        print(f"{'':13} reported speech        {tally.figures('right R', 'found R', 'gold R')}")
        print(f"{'':13} quote spans            {tally.figures('right spans', 'found spans', 'gold spans')}")
    if args.errors:
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
