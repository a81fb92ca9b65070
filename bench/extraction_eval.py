"""Extraction quality against CoNLL-2003 gold: raw spaCy next to our enrichment, in one run.

    python bench/extraction_eval.py [--file PATH] [--limit N] [--workers N] [--errors] [--bbc-index DIR]

Articles are split on -DOCSTART-. Each becomes a RawDoc the way a plain-text reader would build it:
the first sentence is the title; the `PLACE YYYY-MM-DD` line is the dateline (its places become
dateline_places, its date is *not* given as metadata: date_text stays empty, so our date must come
from the dateline, date_source "dateline"); every other sentence (bylines included) is the body,
one sentence a line. Gold: the PER and LOC chunks (IOB1), per article the distinct strings as
written; a one-word person string is folded into a longer person string of the same article that
it ends (both for gold and predictions). Date accuracy counts articles whose dateline carries a date.

Raw spaCy reads the whole article (title, dateline, body) and its first DATE entity is parsed with
dateparser; ours is searchapp.enrich; "+ archive" is ours after the archive-wide resolution pass
(searchapp/entities/archive.py) run over the file's articles as one archive (a value it hides or
moves to another kind leaves that kind's set). Rules were tuned on eng.train; report eng.testa.

--bbc-index DIR (an index of ../shared/corpora/bbc) also lists the top 30 people and
organisations as indexed and as searches show them (after the pass and the corrections), each
flagged when it looks like junk: a word of a class that is never that kind (the data tables),
a bare name that a longer value of the kind starts or ends with, an organisation shaped like a
person's name, or two top values that are one thing (an alias, an acronym, a surname).
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from searchapp.enrich import analyse_many  # noqa: E402
from searchapp.enrich.patterns import GIVEN_NAMES  # noqa: E402
from searchapp.entities import archive, tables  # noqa: E402
from searchapp.enrich.entities import load_nlp  # noqa: E402
from searchapp.records import RawDoc  # noqa: E402

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
DEFAULT_FILE = CORPORA / "conll2003" / "eng.testa"
NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'", "n't", "'re", "'ve",
                   "'ll", "'d", "'m", "'S"}
NO_SPACE_AFTER = {"(", "[", "{", "$"}
DATELINE = re.compile(r"^(?P<places>.*?)\s*(?P<date>\d{4}-\d{2}-\d{2})$")


@dataclass
class GoldArticle:
    raw: RawDoc
    full_text: str                  # title, dateline and body as one text (what raw spaCy reads)
    persons: set[str]
    places: set[str]
    date: date | None


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
    gold: dict[str, list[str]] = {"PER": [], "LOC": []}
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
    return GoldArticle(raw, full_text, set(gold["PER"]), set(gold["LOC"]), gold_date)


def fold_persons(names: set[str]) -> set[str]:
    """Drop a one-word name when a longer name of the same set ends with it."""
    folded = set()
    for name in names:
        if " " not in name and any(other != name and other.casefold().endswith(" " + name.casefold())
                                   for other in names):
            continue
        folded.add(name)
    return folded


class Score:
    def __init__(self):
        self.true_positive = self.predicted = self.gold = 0

    def add(self, predicted: set[str], gold: set[str]) -> None:
        self.true_positive += len(predicted & gold)
        self.predicted += len(predicted)
        self.gold += len(gold)

    def figures(self) -> tuple[float, float, float]:
        precision = self.true_positive / self.predicted if self.predicted else 0.0
        recall = self.true_positive / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def raw_spacy(articles: list[GoldArticle]) -> list[tuple[set[str], set[str], date | None]]:
    import dateparser

    results = []
    for doc in load_nlp().pipe((a.full_text for a in articles), batch_size=64):
        persons = {e.text for e in doc.ents if e.label_ == "PERSON"}
        places = {e.text for e in doc.ents if e.label_ in ("GPE", "LOC")}
        first_date = next((e.text for e in doc.ents if e.label_ == "DATE"), None)
        parsed = dateparser.parse(first_date) if first_date else None
        results.append((persons, places, parsed.date() if parsed else None))
    return results


def ours(articles: list[GoldArticle], workers: int) -> tuple[list, list]:
    """Predictions of the pipeline, and of the pipeline followed by the archive-wide pass."""
    analyses = list(analyse_many((a.raw for a in articles), workers=workers))
    value_map = archive.resolve_archive(archive.values_of(
        (analysis.article.entities, analysis.article.body) for analysis in analyses))
    results, resolved = [], []
    for analysis in analyses:
        persons = {r.text for r in analysis.resolved if r.type == "person"}
        places = {r.text for r in analysis.resolved if r.type == "place"}
        results.append((persons, places, analysis.article.published))
        kinds = [(r.text, value_map.resolve(r.type, r.value)) for r in analysis.resolved]
        resolved.append(({text for text, to in kinds if to and to[0] == "person"},
                         {text for text, to in kinds if to and to[0] == "place"}, analysis.article.published))
    return results, resolved


def junk(kind: str, values: list[str], column: set[str]) -> list[str]:
    """Why each of ``values`` (a kind's top values) looks wrong; ``column``: all values of the kind."""
    classes = tables.word_classes()
    curated = tables.aliases()
    found = []
    for value in values:
        word_class = next((c for c in classes if c.patterns.matches(value) and c.excludes(kind)), None)
        if word_class:
            found.append(f"{value} ({word_class.name})")
        elif kind == "person" and " " not in value and any(other != value and (other.endswith(" " + value) or other.startswith(value + " "))
                                      for other in column):
            found.append(f"{value} (a bare name)")
        elif kind == "org" and " " in value and value.split()[0].casefold() in GIVEN_NAMES:
            found.append(f"{value} (a person's name)")
    for i, value in enumerate(values):
        for other in values[i + 1:]:
            if _one_thing(value, other, curated, kind == "person"):
                found.append(f"{value} = {other}")
    return found


def _one_thing(a: str, b: str, curated, names: bool) -> bool:
    def canonical(v):
        return next((alias.canonical for alias in curated if alias.variants.matches(v)), v)

    def initials(v):
        return "".join(w[0] for w in v.split() if w[0].isupper())

    short, long = sorted((a, b), key=len)
    return (canonical(a) == canonical(b) or (len(short) > 1 and short.isupper() and initials(long) == short)
            or (names and (long.endswith(" " + short) or long.startswith(short + " "))))


def bbc_top_values(index_dir: Path, top: int = 30) -> None:
    from searchapp.search.service import SearchService
    from searchapp.store import generations

    ix = generations.open_current(index_dir)
    service = SearchService(index_dir)
    with ix.reader() as reader:
        for kind, field in (("person", "persons"), ("org", "orgs")):
            indexed = [t.decode() for _, t in reader.most_frequent_terms(field, number=top)]
            column = {t.decode() for t in reader.lexicon(field)}
            shown = [c.value for c in service.facet_values(kind, limit=top)]
            all_shown = {c.value for c in service.facet_values(kind, limit=100_000)}
            for label, values, pool in (("as indexed", indexed, column), ("as searched", shown, all_shown)):
                flagged = junk(kind, values, pool)
                print(f"BBC top {top} {kind} values {label}: {len(flagged)} flagged"
                      + (": " + "; ".join(flagged) if flagged else ""))


def evaluate(articles, predictions, errors: bool = False, label: str = "") -> dict[str, float]:
    persons, places = Score(), Score()
    dated = right = 0
    for article, (p_persons, p_places, p_date) in zip(articles, predictions):
        gold_persons = fold_persons(article.persons)
        p_persons = fold_persons(p_persons)
        persons.add(p_persons, gold_persons)
        places.add(p_places, article.places)
        if article.date:
            dated += 1
            right += p_date == article.date
        if errors:
            for kind, pred, gold in (("PER", p_persons, gold_persons), ("LOC", p_places, article.places)):
                if pred != gold:
                    print(f"[{label}] {article.raw.doc_id} {kind} missed={sorted(gold - pred)} "
                          f"extra={sorted(pred - gold)}")
    figures = {}
    for name, score in (("persons", persons), ("places", places)):
        p, r, f = score.figures()
        figures.update({f"{name} P": p, f"{name} R": r, f"{name} F1": f})
    figures["date accuracy"] = right / dated if dated else 0.0
    figures["dated articles"] = dated
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--limit", type=int, default=0, help="first N articles only")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--errors", action="store_true", help="print per-article differences")
    parser.add_argument("--bbc-index", type=Path, default=None, help="an index of the BBC corpus to score")
    args = parser.parse_args(argv)
    if args.bbc_index:
        bbc_top_values(args.bbc_index)

    sentences = read_conll(args.file)
    if args.limit:
        sentences = sentences[:args.limit]
    articles = [build(s, i) for i, s in enumerate(sentences)]
    load_nlp()
    started = time.perf_counter()
    raw_figures = evaluate(articles, raw_spacy(articles), args.errors, "raw")
    raw_seconds = time.perf_counter() - started
    started = time.perf_counter()
    predicted, resolved = ours(articles, args.workers)
    our_figures = evaluate(articles, predicted, args.errors, "ours")
    resolved_figures = evaluate(articles, resolved, args.errors, "+ archive")
    our_seconds = time.perf_counter() - started

    print(f"{args.file.name}: {len(articles)} articles, "
          f"{int(raw_figures['dated articles'])} with a dated dateline, workers={args.workers}")
    print(f"{'metric':<16}{'raw spaCy':>10}{'ours':>10}{'+ archive':>11}")
    for key in ("persons P", "persons R", "persons F1", "places P", "places R", "places F1",
                "date accuracy"):
        print(f"{key:<16}{raw_figures[key]:>10.3f}{our_figures[key]:>10.3f}{resolved_figures[key]:>11.3f}")
    print(f"{'seconds':<16}{raw_seconds:>10.1f}{our_seconds:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
