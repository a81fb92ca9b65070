"""The hand-checked entity gold (bench/gold/entities.jsonl, made as bench/gold/README.md says)
scored through the real pipeline: readers -> enrichment -> the Whoosh index -> the archive-wide
resolution as search applies it (search/resolved.py, with the index's corrections).

    python bench/extraction_eval.py --gold bench/gold/entities.jsonl [--archive files|folders]
        [--work-dir DIR | --gold-index DIR] [--workers N] [--limit N] [--errors]

The archive the pipeline sees: `--archive files` (default) indexes the gold articles alone;
`--archive folders` indexes every file of the folders they are in (BBC entertainment, politics,
tech and the newspaper4k pages), so the archive-wide pass has the evidence a user's archive
gives. The index is built by `searchapp.store.indexer.reindex` in a temporary folder, or in
--work-dir (kept: a second run analyses nothing again); --gold-index DIR looks the articles up
in an index that exists (read only). An article is found by the hash of its text as its reader
gives it, so a file the index kept once as a duplicate of another is still found.

Per article and kind, the distinct values are compared with the gold's entities, document level:
- a value counts as an entity when it folds to the entity's name or to one of its aliases (the
  article's own, and bench/gold/aliases.tsv's for every article); folding takes case, accents,
  full stops, curly quotes and one leading "the" away ("The Hague" = "Hague", "U.S." = "US"),
  nothing else: "Blair" is not "Tony Blair", "Dame Muriel Spark" is not "Muriel Spark";
- one value per entity: a second value for the same entity ("UKIP" beside "UK Independence
  Party" in one article) is a false positive, counted apart as "one thing twice";
- kinds count: a gold organisation given as a place is a miss (organisations) and a false
  positive (places);
- the gold's optional entities (names a reader may take either way, listed per article) are
  neither missed nor false when predicted.
Columns: raw spaCy (the model's PERSON, GPE/LOC and ORG spans over title, dateline and body), the
values as the index holds them (each article's analysis alone), and as searches show them (after
the archive-wide pass and the corrections).
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval_common import Score, model_spans, raw_entities  # noqa: E402

GOLD_DIR = Path(__file__).resolve().parent / "gold"
DEFAULT_GOLD = GOLD_DIR / "entities.jsonl"
ALIASES = GOLD_DIR / "aliases.tsv"
CORPORA = ROOT.parent / "shared" / "corpora"
SCORED = ("persons", "places", "orgs")
KIND_OF = {"persons": "person", "places": "place", "orgs": "org"}
QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "`": "'"})


class GoldError(ValueError):
    """The gold file or the alias table is not what this module reads: the message says where."""


def fold(name: str) -> str:
    """The form two names are compared in: case, accents, full stops, curly quotes and one leading
    "the" taken away, spaces collapsed."""
    text = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    text = " ".join(text.translate(QUOTES).casefold().replace(".", "").split())
    return text[4:] if text.startswith("the ") and len(text) > 4 else text


@dataclass(frozen=True)
class Entity:
    name: str                       # as the gold writes it
    keys: frozenset[str]            # folded forms that count as it: the name and its aliases


@dataclass
class GoldArticle:
    path: str                                       # relative to ../shared/corpora
    entities: dict[str, list[Entity]]               # scored kind -> entities the article names
    optional: dict[str, list[Entity]]               # scored kind -> names either way
    note: str = ""

    @property
    def file(self) -> Path:
        return CORPORA / self.path

    @property
    def source(self) -> str:
        """The part of the corpora it comes from: "bbc/politics", "newspaper4k_fixtures"."""
        parts = self.path.split("/")
        return "/".join(parts[:2]) if parts[0] == "bbc" else parts[0]


def read_aliases(path: Path = ALIASES) -> dict[str, list[frozenset[str]]]:
    """Scored kind -> groups of folded names of one thing."""
    groups: dict[str, list[frozenset[str]]] = {kind: [] for kind in SCORED}
    plural = {kind: name for name, kind in KIND_OF.items()}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, *names = line.split("\t")
        if kind not in plural or len(names) < 2:
            raise GoldError(f"{path}:{number}: want KIND<TAB>NAME<TAB>NAME..., KIND one of {sorted(plural)}")
        groups[plural[kind]].append(frozenset(fold(name) for name in names))
    return groups


def read_gold(path: Path = DEFAULT_GOLD, aliases: Path = ALIASES) -> list[GoldArticle]:
    groups = read_aliases(aliases)
    articles, seen = [], set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            article = _article(record, groups)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise GoldError(f"{path}:{number}: {error}") from error
        if article.path in seen:
            raise GoldError(f"{path}:{number}: {article.path} is there twice")
        seen.add(article.path)
        articles.append(article)
    return articles


def _article(record: dict, groups: dict[str, list[frozenset[str]]]) -> GoldArticle:
    own = record.get("aliases", {})
    optional = record.get("optional", {})
    unknown = set(record) - {"path", "aliases", "optional", "note", *SCORED} | set(optional) - set(SCORED)
    if unknown:
        raise ValueError(f"unknown keys {sorted(unknown)}")
    entities, maybe = {}, {}
    for kind in SCORED:
        names = record[kind]
        if len(set(names)) != len(names):
            raise ValueError(f"a name twice among {kind}")
        entities[kind] = [_entity(name, own.get(name, ()), groups[kind]) for name in names]
        maybe[kind] = [_entity(name, own.get(name, ()), groups[kind]) for name in optional.get(kind, ())]
    known = {name for kind in SCORED for name in record[kind] + optional.get(kind, [])}
    if set(own) - known:
        raise ValueError(f"aliases of names the article does not list: {sorted(set(own) - known)}")
    return GoldArticle(record["path"], entities, maybe, record.get("note", ""))


def _entity(name: str, aliases, groups: list[frozenset[str]]) -> Entity:
    keys = {fold(name), *(fold(alias) for alias in aliases)}
    for group in groups:
        if keys & group:
            keys |= group
    return Entity(name, frozenset(keys))


@dataclass
class Outcome:
    """One article and kind: the predicted values matched, missed entities, and the false ones."""

    matched: list[str] = field(default_factory=list)     # predicted values that are an entity
    missed: list[str] = field(default_factory=list)      # entities (gold names) no value gives
    extra: list[str] = field(default_factory=list)       # values that are no entity of the kind
    twice: list[str] = field(default_factory=list)       # values of an entity another value gave
    ignored: list[str] = field(default_factory=list)     # values that are an optional entity

    @property
    def predicted(self) -> int:
        return len(self.matched) + len(self.extra) + len(self.twice)


def match(predicted, gold: list[Entity], optional: list[Entity]) -> Outcome:
    """One-to-one matching of distinct predicted values to entities (exact names first)."""
    outcome, claimed = Outcome(), set()
    values = sorted(set(predicted), key=lambda v: (not any(fold(v) == fold(e.name) for e in gold), v))
    for value in values:
        key = fold(value)
        candidates = [e for e in gold if key in e.keys]
        free = [e for e in candidates if e.name not in claimed]
        if free:
            claimed.add(free[0].name)
            outcome.matched.append(value)
        elif candidates:
            outcome.twice.append(value)
        elif any(key in e.keys for e in optional):
            outcome.ignored.append(value)
        else:
            outcome.extra.append(value)
    outcome.missed = [e.name for e in gold if e.name not in claimed]
    return outcome


def score(articles: list[GoldArticle], predictions: list[dict[str, set[str]] | None]):
    """Per scored kind a Score, and every (article, kind, outcome); articles without a
    prediction (not in the index) are left out."""
    scores = {kind: Score() for kind in SCORED}
    outcomes = []
    for article, predicted in zip(articles, predictions):
        if predicted is None:
            continue
        for kind in SCORED:
            outcome = match(predicted[kind], article.entities[kind], article.optional[kind])
            scores[kind].add_counts(len(outcome.matched), outcome.predicted, len(article.entities[kind]))
            outcomes.append((article, kind, outcome))
    return scores, outcomes


def archive_sources(articles: list[GoldArticle], archive: str) -> list[Path]:
    """What to index: the gold files, or every file of the folders they are in."""
    if archive == "files":
        return [a.file for a in articles]
    return sorted({a.file.parent for a in articles})


def build_index(sources: list[Path], index_dir: Path, workers: int) -> str:
    """Index ``sources`` into ``index_dir`` (incrementally: what is there is not analysed again)."""
    from searchapp.store.indexer import reindex

    summary = reindex(sources, index_dir, workers=workers)
    return (f"{summary.files_read} files, {summary.indexed + summary.updated} analysed, "
            f"{summary.unchanged} unchanged, {summary.duplicates} duplicates, {summary.elapsed:.1f} s")


def read_raw(article: GoldArticle):
    """The article as its reader gives it (the first record of the file)."""
    from searchapp.readers import read_any
    from searchapp.records import RawDoc

    found = next((r for r in read_any(article.file) if isinstance(r, RawDoc)), None)
    if found is None:
        raise GoldError(f"{article.file}: no article read from it")
    return found


def indexed_predictions(raws: list, index_dir: Path) -> tuple[list, list]:
    """Per article its values as the index holds them and as searches show them; None for an
    article the index does not hold."""
    from searchapp.search.service import SearchService
    from searchapp.store import generations
    from searchapp.store.schema import stored_entities

    ix = generations.open_current(index_dir)
    service = SearchService(index_dir)
    as_indexed, as_searched = [], []
    try:
        with ix.searcher() as searcher:
            for raw in raws:
                stored = searcher.document(content_hash=raw.content_hash)
                if stored is None:
                    as_indexed.append(None)
                    as_searched.append(None)
                    continue
                as_indexed.append(_by_scored_kind(stored_entities(stored)))
                as_searched.append(_by_scored_kind(service.article(stored["id"]).entities))
    finally:
        service.close()
    return as_indexed, as_searched


def _by_scored_kind(entities) -> dict[str, set[str]]:
    return {kind: set(entities[KIND_OF[kind]]) for kind in SCORED}


def raw_predictions(raws: list, cache: Path | None) -> list[dict[str, set[str]]]:
    texts = ["\n\n".join(p for p in (raw.title, raw.dateline, raw.body) if p) for raw in raws]
    return [raw_entities(found) for found in model_spans(texts, cache)]


def run(gold: Path, archive: str = "files", work_dir: Path | None = None, gold_index: Path | None = None,
        workers: int = 1, limit: int = 0, errors: bool = False, spans_cache: Path | None = None) -> int:
    articles = read_gold(gold)
    if limit:
        articles = articles[:limit]
    raws = [read_raw(a) for a in articles]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="entity-gold-") as scratch:
        index_dir = gold_index or work_dir or Path(scratch)
        built = "" if gold_index else build_index(archive_sources(articles, archive), index_dir, workers)
        as_indexed, as_searched = indexed_predictions(raws, index_dir)
    pipeline_seconds = time.perf_counter() - started
    started = time.perf_counter()
    raw = [found if indexed is not None else None      # every column scores the same articles
           for found, indexed in zip(raw_predictions(raws, spans_cache), as_searched)]
    raw_seconds = time.perf_counter() - started
    columns = {"raw spaCy": raw, "as indexed": as_indexed, "as searched": as_searched}
    results = {name: score(articles, predictions) for name, predictions in columns.items()}
    _print_header(articles, as_searched, archive, gold_index, built)
    _print_table(results)
    _print_details(articles, results["as searched"][1], errors)
    print(f"seconds: pipeline {pipeline_seconds:.1f} (index and look-up), raw spaCy {raw_seconds:.1f}")
    return 0


def _print_header(articles, as_searched, archive, gold_index, built) -> None:
    sources = Counter(a.source for a in articles)
    print(f"gold: {len(articles)} articles ({', '.join(f'{s} {n}' for s, n in sorted(sources.items()))})")
    if gold_index:
        print(f"archive: the index {gold_index} as it stands")
    else:
        what = "the gold articles alone" if archive == "files" else "every file of the gold articles' folders"
        print(f"archive: {what} ({built})")
    missing = [a.path for a, found in zip(articles, as_searched) if found is None]
    if missing:
        print(f"not in the index, left out: {len(missing)} ({', '.join(missing[:10])}{' ...' if len(missing) > 10 else ''})")
    scored = [a for a, found in zip(articles, as_searched) if found is not None]
    counts = ", ".join(f"{kind} {sum(len(a.entities[kind]) for a in scored)} "
                       f"(+{sum(len(a.optional[kind]) for a in scored)} optional)" for kind in SCORED)
    print(f"gold entities scored: {counts}")


def _print_table(results) -> None:
    print(f"{'metric':<16}" + "".join(f"{name:>13}" for name in results))
    for kind in SCORED:
        figures = [dict(zip("PRF", scores[kind].figures())) for scores, _ in results.values()]
        for metric, label in (("P", "P"), ("R", "R"), ("F", "F1")):
            print(f"{kind + ' ' + label:<16}" + "".join(f"{f[metric]:>13.3f}" for f in figures))
    twice = {name: Counter() for name in results}
    for name, (_, outcomes) in results.items():
        for _, kind, outcome in outcomes:
            twice[name][kind] += len(outcome.twice)
    print(f"{'one thing twice':<16}" + "".join(
        f"{'/'.join(str(twice[name][k]) for k in SCORED):>13}" for name in results)
        + "   (values of an entity another value of the article gave: persons/places/orgs)")


def _print_details(articles, outcomes, errors: bool) -> None:
    by_source: dict[str, dict[str, Score]] = {}
    for article, kind, outcome in outcomes:
        scores = by_source.setdefault(article.source, {k: Score() for k in SCORED})
        scores[kind].add_counts(len(outcome.matched), outcome.predicted, len(article.entities[kind]))
        if errors and (outcome.missed or outcome.extra or outcome.twice):
            print(f"[as searched] {article.path} {kind} missed={outcome.missed} extra={outcome.extra}"
                  + (f" twice={outcome.twice}" if outcome.twice else ""))
    for source, scores in sorted(by_source.items()):
        print(f"as searched F1, {source}: " + ", ".join(f"{kind} {scores[kind].figures()[2]:.3f}" for kind in SCORED))

