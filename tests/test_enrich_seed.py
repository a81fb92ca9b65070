"""The seed article end to end through the real model, and the batch/worker contract of enrich_many."""
from datetime import date
from pathlib import Path

import pytest

from searchapp.enrich import enrich, enrich_many
from searchapp.records import RawDoc

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
SEED = CORPORA / "seed" / "000_21fa7b930a6c326f.txt"
DATELINE = "Kiev/Moscow, 3 March 2022 (dpa/MIA)"


def seed_rawdoc() -> RawDoc:
    """Built by hand the way the scraped-page reader does: no breadcrumb, title, dateline prefix or footer."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    title, first, rest = lines[1], lines[2], lines[3:]
    assert first.startswith(DATELINE)
    body_lines = [first[len(DATELINE):].lstrip(" –-")] + [l for l in rest if l != "Back to top button"]
    return RawDoc(doc_id="seed", source="dpa/MIA", url="", title=title, body="\n\n".join(body_lines),
                  dateline=DATELINE, dateline_places=("Kiev", "Moscow"))


@pytest.fixture(scope="module")
def seed_article():
    return enrich(seed_rawdoc())


def test_seed_persons(seed_article):
    expected = {"Vladimir Putin", "Emmanuel Macron", "Vladimir Medinsky", "Volodymyr Zelensky",
                "Igor Konashenkov", "Sergei Lavrov"}
    persons = set(seed_article.entities["person"])
    assert expected <= persons
    assert persons - expected <= {"David Arachamija"}
    assert not {"Putin", "Macron", "Konashenkov", "Lavrov", "Kiev", "Kyiv"} & persons


def test_seed_places(seed_article):
    assert {"Kyiv", "Moscow", "Mariupol", "Kharkiv", "Belarus", "Ukraine"} <= set(seed_article.entities["place"])
    assert "Kiev" not in seed_article.entities["place"]
    assert "Mariupol" not in seed_article.entities["org"]
    kiev = [m for m in seed_article.mentions if m.text == "Kiev"]
    assert kiev and all(m.type == "place" and m.value == "Kyiv" for m in kiev)


def test_seed_mentions_index_the_body(seed_article):
    for mention in seed_article.mentions:
        assert seed_article.body[mention.start:mention.end] == mention.text


def test_seed_dates(seed_article):
    assert seed_article.published == date(2022, 3, 3)
    assert seed_article.date_source == "dateline"
    assert date(2022, 2, 28) in seed_article.mentioned_dates      # "on Monday"


def test_seed_record_fields_carried_over(seed_article):
    raw = seed_rawdoc()
    assert (seed_article.title, seed_article.source, seed_article.dateline) == (raw.title, "dpa/MIA", DATELINE)
    assert seed_article.content_hash == raw.content_hash


def _rawdocs(n: int, pulled: list):
    for i in range(n):
        pulled.append(i)
        yield RawDoc(doc_id=f"d{i}", source="", url="", title=f"Story {i}",
                     body=f"Angela Merkel met Emmanuel Macron in Paris. Item {i}.")


def test_enrich_many_keeps_order_and_reads_lazily():
    pulled: list = []
    articles = enrich_many(_rawdocs(1000, pulled), batch_size=4)
    first = next(articles)
    assert first.doc_id == "d0" and "Angela Merkel" in first.entities["person"]
    assert len(pulled) < 20
    assert [a.doc_id for a in (next(articles) for _ in range(5))] == [f"d{i}" for i in range(1, 6)]


def test_enrich_many_with_workers_matches_in_process():
    raws = [seed_rawdoc()] + list(_rawdocs(9, []))
    alone = list(enrich_many(raws, workers=1, batch_size=3))
    pooled = list(enrich_many(iter(raws), workers=2, batch_size=3))
    assert [a.doc_id for a in pooled] == [r.doc_id for r in raws]
    assert pooled == alone
