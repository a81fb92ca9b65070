"""Where indexing's CPU goes besides NER: each step timed alone on a sample, in one process.

    .venv/bin/python bench/index_steps.py [--limit 1000]

Reads the first LIMIT Reuters-21578 articles, then times with ``time.process_time`` (so a busy
machine counts less than in wall time): reading (read_any), spaCy NER, entity normalisation,
dates, building the Article, and the Whoosh writer (postings, vocabulary, saved arrays, one
commit, the archive-wide pass). Prints CPU ms per article and the non-NER total as a fraction of
NER's CPU; then the bounds on a text's enrichment (what the model and the pass read of a text,
the reindex's check for a text past them) and the archive pass's share, each against NER.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "reuters21578"

from searchapp.enrich import entities, pipeline  # noqa: E402
from searchapp.entities import archive  # noqa: E402
from searchapp.readers import read_any, walk  # noqa: E402
from searchapp.records import RawDoc  # noqa: E402
from searchapp.store.writer import write_articles  # noqa: E402


def read_sample(limit: int) -> list[RawDoc]:
    raws: list[RawDoc] = []
    for path in walk([CORPUS]):
        raws += [r for r in read_any(path, root=CORPUS) if isinstance(r, RawDoc)]
        if len(raws) >= limit:
            break
    return raws


def cpu_of(step) -> tuple[float, object]:
    started = time.process_time()
    result = step()
    return time.process_time() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=1000, help="about this many articles (whole files)")
    args = parser.parse_args()

    seconds = {}
    seconds["reading (read_any)"], raws = cpu_of(lambda: read_sample(args.limit))
    entities.load_nlp()
    texts = [pipeline.ner_text(raw) for raw in raws]
    seconds["spaCy NER"], spans = cpu_of(lambda: list(entities.find_spans(text for text, _ in texts)))
    today = date.today()
    drafts = [pipeline.Draft(raw, text, offset, found, today)
              for raw, (text, offset), found in zip(raws, texts, spans)]
    seconds["entity normalisation"], _ = cpu_of(lambda: [pipeline.resolve_entities(d) for d in drafts])
    seconds["dates"], _ = cpu_of(lambda: [pipeline.add_dates(d) for d in drafts])
    seconds["Article build"], articles = cpu_of(lambda: [pipeline._article(d) for d in drafts])
    with tempfile.TemporaryDirectory(prefix="index-steps-") as tmp:
        seconds["Whoosh writer (write_articles)"], _ = cpu_of(lambda: write_articles(tmp, articles))

    print(f"{len(raws):,} Reuters articles, CPU ms per article (process_time, one process):")
    for name, spent in seconds.items():
        print(f"  {name:<34}{1000 * spent / len(raws):8.2f}")
    rest = sum(spent for name, spent in seconds.items() if name != "spaCy NER")
    print(f"  not NER: {1000 * rest / len(raws):.2f} ms per article = {rest / seconds['spaCy NER']:.2f} of NER's CPU")
    bounds(raws, articles, seconds["spaCy NER"])


def bounds(raws: list[RawDoc], articles: list, ner: float) -> None:
    """The work that bounds a text's enrichment, each step as a share of NER's CPU."""
    whole = [raw.title + pipeline.TITLE_SEPARATOR + raw.body if raw.title else raw.body for raw in raws]
    steps = {
        "what enrichment reads (readable_part)": lambda: [entities.readable_part(text) for text in whole],
        "the reindex's length check (enriched_length)": lambda: [pipeline.enriched_length(raw) for raw in raws],
        "archive pass: its text bound (readable_part)": lambda: [entities.readable_part(a.body) for a in articles],
        "archive pass: acronym definitions": lambda: [archive.acronym_definitions(a.body) for a in articles],
        "archive pass: sorting its counts (_sorted)": lambda: _sort_counts(values),
    }
    values = archive.values_of((a.entities, a.body, a.published) for a in articles)
    print("bounds and determinism, CPU ms per article and share of NER:")
    for name, step in steps.items():
        spent = min(cpu_of(step)[0] for _ in range(3))
        print(f"  {name:<46}{1000 * spent / len(raws):8.3f} ms  {spent / ner:7.2%}")


def _sort_counts(values) -> None:
    [archive._sorted(found) for found in values.counts.values()]
    archive._sorted(values.definitions)
    [archive._sorted(found) for found in values.contexts.values()]
    [archive._sorted(found) for found in values.years.values()]


if __name__ == "__main__":
    main()
