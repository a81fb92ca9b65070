"""Extraction quality against CoNLL-2003 gold: raw spaCy next to our enrichment, in one run.

    python bench/extraction_eval.py [--file PATH] [--limit N] [--workers N] [--errors] [--classes]
    python bench/extraction_eval.py --gold bench/gold/entities.jsonl [--archive files|folders] ...
    python bench/extraction_eval.py --bbc-index DIR [--top 100]

Three measures, one a run: CoNLL-2003 (below; the default), the hand-checked gold of held-out
BBC and newspaper4k articles (--gold: bench/entity_gold.py says how it is matched and scored), and
the top values of each kind of an index of BBC sections, checked for wrong kinds, dangling
boundaries and pairs that are one thing (--bbc-index: bench/section_report.py).

Articles are split on -DOCSTART-. Each becomes a RawDoc the way a plain-text reader would build it:
the first sentence is the title; the `PLACE YYYY-MM-DD` line is the dateline (its places become
dateline_places, its date is *not* given as metadata: date_text stays empty, so our date must come
from the dateline, date_source "dateline"); every other sentence (bylines included) is the body,
one sentence a line. Gold: the PER and LOC chunks (IOB1), per article the distinct strings as
written; a one-word person string is folded into a longer person string of the same article that
it ends (both for gold and predictions). Date accuracy counts articles whose dateline carries a date.

`--dates-as-read` measures the publication date the way an archive of these articles would give
it, with no help from this harness: each article is written as a text file (the title line, a
blank line, then its sentences one a line: byline, dateline and text, as the copy has them),
read back by the readers (read_any) and dated by enrich/dates.py alone (no NER: seconds).
Run it with PYTHONPATH pointing at another checkout to compare two versions of the rules.

Raw spaCy reads the whole article (title, dateline, body) and its first DATE entity is parsed with
dateparser; ours is searchapp.enrich; "+ archive" is ours after the archive-wide resolution pass
(searchapp/entities/archive.py) run over the file's articles as one archive (a value it hides or
moves to another kind leaves that kind's set). Rules were tuned on eng.train; report eng.testa.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from searchapp.enrich import analyse_many  # noqa: E402
from searchapp.entities import archive  # noqa: E402
from searchapp.enrich.entities import load_nlp  # noqa: E402
from searchapp.enrich.pipeline import analyse_spans, ner_text  # noqa: E402
from searchapp.records import RawDoc  # noqa: E402
import entity_gold  # noqa: E402
import section_report  # noqa: E402
from eval_common import Score, model_spans, raw_entities  # noqa: E402

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
DEFAULT_FILE = CORPORA / "conll2003" / "eng.testa"
NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'", "n't", "'re", "'ve",
                   "'ll", "'d", "'m", "'S"}
NO_SPACE_AFTER = {"(", "[", "{", "$"}
KINDS = ("person", "place", "org")
SCORED = ("persons", "places", "orgs")
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
DATELINE = re.compile(r"^(?P<places>.*?)\s*(?P<date>\d{4}-\d{2}-\d{2})$")


@dataclass
class GoldArticle:
    raw: RawDoc
    full_text: str                  # title, dateline and body as one text (what raw spaCy reads)
    as_text: str                    # the article as a text file would hold it: title, blank line, sentences
    persons: set[str]
    places: set[str]
    orgs: set[str]
    misc: set[str]
    date: date | None

    def gold(self, kind: str) -> set[str]:
        return {"persons": fold_persons(self.persons), "places": self.places, "orgs": self.orgs}[kind]


@dataclass
class Prediction:
    persons: set[str]
    places: set[str]
    orgs: set[str]
    date: date | None

    def of(self, kind: str) -> set[str]:
        return {"persons": fold_persons(self.persons), "places": self.places, "orgs": self.orgs}[kind]


def detokenise(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Text and each token's (start, end) in it."""
    text, offsets = "", []
    for i, token in enumerate(tokens):
        if i and token not in NO_SPACE_BEFORE and tokens[i - 1] not in NO_SPACE_AFTER:
            text += " "
        offsets.append((len(text), len(text) + len(token)))
        text += token
    return text, offsets


def chunks(tags: list[str], kind: str) -> list[tuple[int, int]]:
    """Token ranges of IOB1 chunks of one kind (B- only separates two adjacent chunks)."""
    found, start = [], None
    for i, tag in enumerate(tags + ["O"]):
        inside = tag.endswith("-" + kind)
        if start is not None and (not inside or tag.startswith("B-")):
            found.append((start, i))
            start = None
        if inside and start is None:
            start = i
    return found


def read_conll(path: Path) -> list[list[list[tuple[str, str]]]]:
    """Articles -> sentences -> (token, NER tag)."""
    articles = []
    for block in path.read_text(encoding="utf-8").split("-DOCSTART- -X- -X- O")[1:]:
        sentences = []
        for sentence in block.strip().split("\n\n"):
            rows = [line.split() for line in sentence.splitlines() if line.strip()]
            if rows:
                sentences.append([(row[0], row[-1]) for row in rows])
        if sentences:
            articles.append(sentences)
    return articles


def build(sentences: list[list[tuple[str, str]]], number: int) -> GoldArticle:
    texts = []
    gold: dict[str, list[str]] = {"PER": [], "LOC": [], "ORG": [], "MISC": []}
    for sentence in sentences:
        tokens = [token for token, _ in sentence]
        tags = [tag for _, tag in sentence]
        text, offsets = detokenise(tokens)
        texts.append(text)
        for kind in gold:
            for a, b in chunks(tags, kind):
                gold[kind].append(text[offsets[a][0]:offsets[b - 1][1]])
    title, rest = texts[0], texts[1:]
    dateline, places, gold_date, body_lines = "", (), None, list(rest)
    for i, line in enumerate(rest[:3]):
        match = DATELINE.match(line)
        if not match:
            continue
        place_text = match.group("places")
        used = [i]
        if not place_text and i > 0:        # "FARMINGTON HILLS , Mich ." then "1996-08-30"
            place_text, used = rest[i - 1], [i - 1, i]
        dateline = (place_text + " " + match.group("date")).strip()
        places = tuple(p.strip().rstrip(".").strip() for p in place_text.split(",") if p.strip())
        gold_date = date.fromisoformat(match.group("date"))
        body_lines = [line for j, line in enumerate(rest) if j not in used]
        break
    body = "\n".join(body_lines)
    raw = RawDoc(doc_id=f"conll-{number}", source="Reuters", url="", title=title, body=body,
                 dateline=dateline, dateline_places=places)
    full_text = "\n".join(part for part in (title, dateline, body) if part)
    as_text = title + "\n\n" + "\n".join(rest) + "\n"
    return GoldArticle(raw, full_text, as_text, set(gold["PER"]), set(gold["LOC"]), set(gold["ORG"]),
                       set(gold["MISC"]), gold_date)


def dates_as_read(articles: list[GoldArticle]) -> tuple[Counter, list[str]]:
    """How the articles written as text files are dated by the readers and the date step alone:
    counts of right, wrong and undated among the articles whose dateline has a date (and any
    date given to one without), and the ids of those not dated right."""
    from searchapp.enrich.dates import publication_date
    from searchapp.readers import read_any

    outcome, misses = Counter(), []
    with tempfile.TemporaryDirectory() as folder:
        for article in articles:
            path = Path(folder) / f"{article.raw.doc_id}.txt"
            path.write_text(article.as_text, encoding="utf-8")
            docs = [doc for doc in read_any(path) if isinstance(doc, RawDoc)]
            found = publication_date(docs[0].date_text, docs[0].dateline, docs[0].body)[0] if docs else None
            key = ("right" if found == article.date else "wrong" if found else "undated") if article.date \
                else ("dated without a dateline date" if found else "rightly undated")
            outcome[key] += 1
            if key not in ("right", "rightly undated"):
                misses.append(f"{article.raw.doc_id}: {key} ({found} for {article.date})")
    return outcome, misses


def fold_persons(names: set[str]) -> set[str]:
    """Drop a one-word name when a longer name of the same set ends with it."""
    folded = set()
    for name in names:
        if " " not in name and any(other != name and other.casefold().endswith(" " + name.casefold())
                                   for other in names):
            continue
        folded.add(name)
    return folded


def raw_spacy(articles: list[GoldArticle], cache: Path | None) -> list[Prediction]:
    import dateparser

    results = []
    for found in model_spans([a.full_text for a in articles], cache):
        persons, places, orgs = raw_entities(found).values()
        first_date = next((e.text for e in found if e.label == "DATE"), None)
        parsed = dateparser.parse(first_date) if first_date else None
        results.append(Prediction(persons, places, orgs, parsed.date() if parsed else None))
    return results


def ours(articles: list[GoldArticle], workers: int, cache: Path | None) -> tuple[list, list]:
    """Predictions of the pipeline, and of the pipeline followed by the archive-wide pass."""
    analyses = _analyses([a.raw for a in articles], workers, cache)
    value_map = archive.resolve_archive(archive.values_of(
        (a.article.entities, a.article.body, None, [(m.text, m.start, m.end, m.type, m.value) for m in a.article.mentions],
         a.article.dateline) for a in analyses))
    results, resolved = [], []
    for analysis in analyses:
        found = {kind: {r.text for r in analysis.resolved if r.type == kind} for kind in KINDS}
        results.append(Prediction(found["person"], found["place"], found["org"],
                                  analysis.article.published))
        kinds = [(r.text, value_map.resolve(r.type, r.value)) for r in analysis.resolved]
        moved = {kind: {text for text, to in kinds if to and to[0] == kind} for kind in KINDS}
        resolved.append(Prediction(moved["person"], moved["place"], moved["org"],
                                   analysis.article.published))
    return results, resolved


def _analyses(raws: list[RawDoc], workers: int, cache: Path | None) -> list:
    if cache is None:
        return list(analyse_many(raws, workers=workers))
    today = date.today()
    found = model_spans([ner_text(raw)[0] for raw in raws], cache)
    return [analyse_spans(raw, spans, today) for raw, spans in zip(raws, found)]


def evaluate(articles, predictions, errors: bool = False, label: str = "") -> dict[str, float]:
    scores = {kind: Score() for kind in SCORED}
    dated = right = 0
    for article, predicted in zip(articles, predictions):
        for kind, score in scores.items():
            score.add(predicted.of(kind), article.gold(kind))
        if article.date:
            dated += 1
            right += predicted.date == article.date
        if errors:
            for kind in SCORED:
                pred, gold = predicted.of(kind), article.gold(kind)
                if pred != gold:
                    print(f"[{label}] {article.raw.doc_id} {kind} missed={sorted(gold - pred)} "
                          f"extra={sorted(pred - gold)}")
    figures = {}
    for name, score in scores.items():
        p, r, f = score.figures()
        figures.update({f"{name} P": p, f"{name} R": r, f"{name} F1": f})
    figures["date accuracy"] = right / dated if dated else 0.0
    figures["dated articles"] = dated
    return figures


def error_classes(articles, predictions) -> dict[tuple[str, str], int]:
    """How many document-level errors of each class remain, per kind: (kind, class) -> count."""
    counts: dict[tuple[str, str], int] = {}
    for article, predicted in zip(articles, predictions):
        lines = article.full_text.split("\n")
        for kind in SCORED:
            pred, gold = predicted.of(kind), article.gold(kind)
            for missed in gold - pred:
                key = (kind, "missed: " + _missed_class(missed, kind, pred - gold, article, predicted, lines))
                counts[key] = counts.get(key, 0) + 1
            for extra in pred - gold:
                key = (kind, "extra: " + _extra_class(extra, kind, gold - pred, article, lines))
                counts[key] = counts.get(key, 0) + 1
    return counts


def _missed_class(name: str, kind: str, extras: set[str], article, predicted, lines) -> str:
    other = next((k for k in SCORED if k != kind and name in predicted.of(k)), None)
    if other:
        return f"as {other[:-1]}"
    boundary = _boundary_class(name, extras)
    if boundary:
        return boundary
    return _where(name, article, lines)


def _extra_class(name: str, kind: str, missed: set[str], article, lines) -> str:
    other = next((k for k in SCORED if k != kind and name in article.gold(k)), None)
    if other:
        return f"is {other[:-1]}"
    if name in article.misc:
        return "is misc"
    boundary = _boundary_class(name, missed)
    if boundary:
        return boundary
    if not any(name in g or g in name for k in SCORED for g in article.gold(k) | article.misc):
        return "not an entity " + _where(name, article, lines)
    return "part of another " + _where(name, article, lines)


def _boundary_class(name: str, others: set[str]) -> str | None:
    for other in others:
        if not (other in name or name in other):
            continue
        longer = other if len(other) > len(name) else name
        short = name if longer is other else other
        tail = longer[len(short):].strip() if longer.startswith(short) else ""
        if tail.split(" ")[0].casefold() in WEEKDAYS:
            return "weekday glued"
        if longer.startswith(short + " ") and " " not in short:
            return "cut to first word"
        return "span boundary"
    return None


def _where(name: str, article, lines) -> str:
    line = next((line for line in lines if name in line), "")
    if name.isupper() or line.isupper():
        return "(capitals)"
    if len(re.findall(r"(?<![\w.])\d+(?![\w.])", line)) >= 2:
        return "(table line)"
    return "(prose)"


def print_classes(label: str, counts: dict[tuple[str, str], int]) -> None:
    print(f"error classes, {label} (document-level errors left, per kind):")
    for kind in SCORED:
        row = sorted(((n, c) for (k, c), n in counts.items() if k == kind), reverse=True)
        print(f"  {kind:<8}" + "; ".join(f"{c} {n}" for n, c in row))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--limit", type=int, default=0, help="first N articles only")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--errors", action="store_true", help="print per-article differences")
    parser.add_argument("--classes", action="store_true", help="count the errors left by class")
    parser.add_argument("--spans-cache", type=Path, default=None,
                        help="a file keeping the model's spans: later runs need no NER")
    parser.add_argument("--bbc-index", type=Path, default=None,
                        help="an index of BBC sections: its top values of each kind, checked")
    parser.add_argument("--top", type=int, default=100, help="with --bbc-index: how many values of each kind")
    parser.add_argument("--gold", type=Path, default=None,
                        help="score the hand-checked gold (bench/gold/entities.jsonl) instead of CoNLL")
    parser.add_argument("--archive", choices=("files", "folders"), default="files",
                        help="with --gold: index the gold files alone, or every file of their folders")
    parser.add_argument("--work-dir", type=Path, default=None,
                        help="with --gold: build the index there and keep it (a rerun analyses nothing again)")
    parser.add_argument("--gold-index", type=Path, default=None,
                        help="with --gold: look the articles up in this index as it stands (read only)")
    parser.add_argument("--dates-as-read", action="store_true",
                        help="only the publication dates of the articles as text files, through the readers")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.gold:
        return entity_gold.run(args.gold, args.archive, args.work_dir, args.gold_index, args.workers,
                               args.limit, args.errors, args.spans_cache)
    if args.bbc_index:
        return section_report.run(args.bbc_index, args.top)
    return conll(args)


def conll(args) -> int:
    sentences = read_conll(args.file)
    if args.limit:
        sentences = sentences[:args.limit]
    articles = [build(s, i) for i, s in enumerate(sentences)]
    if args.dates_as_read:
        outcome, misses = dates_as_read(articles)
        dated = sum(outcome[key] for key in ("right", "wrong", "undated"))
        print(f"{args.file.name}: {len(articles)} articles as text files, {dated} with a dated dateline")
        for key, count in outcome.most_common():
            print(f"  {key:<32}{count:>6}")
        print(f"publication date, exact day: {outcome['right'] / max(dated, 1):.3f}")
        if args.errors:
            print("\n".join(misses))
        return 0
    load_nlp()
    started = time.perf_counter()
    raw_figures = evaluate(articles, raw_spacy(articles, args.spans_cache), args.errors, "raw")
    raw_seconds = time.perf_counter() - started
    started = time.perf_counter()
    predicted, resolved = ours(articles, args.workers, args.spans_cache)
    our_figures = evaluate(articles, predicted, args.errors, "ours")
    resolved_figures = evaluate(articles, resolved, args.errors, "+ archive")
    our_seconds = time.perf_counter() - started

    print(f"{args.file.name}: {len(articles)} articles, "
          f"{int(raw_figures['dated articles'])} with a dated dateline, workers={args.workers}")
    print(f"{'metric':<16}{'raw spaCy':>10}{'ours':>10}{'+ archive':>11}")
    for key in [f"{kind} {m}" for kind in SCORED for m in ("P", "R", "F1")] + ["date accuracy"]:
        print(f"{key:<16}{raw_figures[key]:>10.3f}{our_figures[key]:>10.3f}{resolved_figures[key]:>11.3f}")
    print(f"{'seconds':<16}{raw_seconds:>10.1f}{our_seconds:>10.1f}")
    if args.classes:
        print_classes("+ archive", error_classes(articles, resolved))
    return 0


if __name__ == "__main__":
    sys.exit(main())
