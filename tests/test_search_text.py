"""Text search a user can trust: no word dropped (stopwords, US, AT&T, M&S, G7), accents folded
in text, filters, field queries and autocomplete, field queries that agree with filters, and
prefix expansion that gives one answer whatever the hash seed."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from searchapp.records import Query
from searchapp.search.service import SearchService
from searchapp.store.analysis import fold
from searchapp.store.indexer import reindex

from fixtures import build_index, make_article, write_jsonl

ROOT = Path(__file__).resolve().parents[1]
DAY = date(2024, 5, 2)

ARTICLES = [
    make_article("us-sense", "US sanctions hit AT&T",
                 "The US government fined AT&T on Monday. Officials said the U.S. would act again.",
                 DAY, orgs=("AT&T",)),
    make_article("pronoun", "Fans come to talk with us",
                 "Come and talk with us about music, she told us before the show.", DAY),
    make_article("m-and-s", "M&S profits rise",
                 "Marks and Spencer, known as M&S, said sales rose in spring.", DAY),
    make_article("gdansk", "G7 leaders meet by the sea",
                 "The G7 summit opened in Gdańsk, where Zoë Brandão met Ana Ramírez.", DAY,
                 persons=("Zoë Brandão", "Ana Ramírez"), places=("Gdańsk",)),
    make_article("kyiv", "Talks resume", "Officials in Kyiv said talks would resume soon.", DAY,
                 places=("Kyiv",)),
    make_article("hamlet", "To be or not to be", "Hamlet asks whether to be, or not.", DAY),
    make_article("of-france", "Election results", "The president of France spoke after the vote.", DAY),
    make_article("no-of", "Minister travels", "The president visited France and Spain.", DAY),
    make_article("nestle", "Chocolate maker grows", "Nestlé shares rose sharply.", DAY, orgs=("Nestlé",)),
    make_article("shouting", "MINISTER SAYS IT WILL TALK WITH US", "Wire copy from a capitalised feed.", DAY),
]
HAS_THE = {a.doc_id for a in ARTICLES if "the" in f"{a.title} {a.body}".lower().split()}


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> SearchService:
    index_dir = tmp_path_factory.mktemp("text-index")
    build_index(index_dir, ARTICLES)
    service = SearchService(index_dir)
    yield service
    service.close()


def found(service, text: str = "", **include) -> set[str]:
    result = service.search(Query(text=text, include=include, per_page=100, sort="relevance"))
    assert result.total == len(result.hits)
    return {hit.doc_id for hit in result.hits}


@pytest.mark.parametrize("text, expected", [
    ("US", {"us-sense"}),              # the United States, as written ...
    ("U.S.", {"us-sense"}),            # ... dotted or not
    ("us", {"pronoun", "shouting"}),   # the pronoun is another word
    ("AT&T", {"us-sense"}),
    ("M&S", {"m-and-s"}),
    ("G7", {"gdansk"}),
    ('"talk with us"', {"pronoun", "shouting"}),   # in a capitalised headline case says nothing
    ('"to be"', {"hamlet"}),
    ("the", HAS_THE),
    ("IT", set()),                     # the shouting headline's "IT" is the pronoun
])
def test_no_word_is_dropped(service, text, expected):
    assert found(service, text) == expected


@pytest.mark.parametrize("text", ["xyzzy", "***", "&", "-", "xyzzy plugh"])
def test_a_query_of_unknown_words_finds_nothing(service, text):
    assert found(service, text) == set()


def test_stopwords_beside_other_words_only_add_to_the_score(service):
    plain = service.search(Query(text="president france", per_page=100))
    with_of = service.search(Query(text="president of france", per_page=100))
    assert {h.doc_id for h in with_of.hits} == {h.doc_id for h in plain.hits} == {"of-france", "no-of"}
    assert with_of.hits[0].doc_id == "of-france"
    snippet = with_of.hits[0].snippet   # the words that matter are marked, not every "of"
    assert "<mark>president</mark>" in snippet and "<mark>of</mark>" not in snippet


@pytest.mark.parametrize("text", ["zoe", "Gdansk", "Ramirez", "Brandao", "gdan*", "nestle", "ZOË"])
def test_accents_are_folded_in_full_text(service, text):
    assert found(service, text) == ({"nestle"} if text == "nestle" else {"gdansk"})


@pytest.mark.parametrize("written, folded", [
    ("Łódź", "lodz"), ("Straße", "strasse"), ("Ærø", "aero"), ("Brandão", "brandao"),
    ("한국어", "한국어"),   # decomposed for its marks, put back together
])
def test_fold(written, folded):
    assert fold(written) == folded


def test_snippets_mark_the_words_as_written(service):
    [hit] = service.search(Query(text="zoe ramirez")).hits
    assert "<mark>Zoë</mark>" in hit.snippet and "<mark>Ramírez</mark>" in hit.snippet


@pytest.mark.parametrize("kind, value, expected", [
    ("person", "Zoe Brandao", "gdansk"),
    ("person", "ana ramirez", "gdansk"),
    ("place", "Gdansk", "gdansk"),
    ("org", "Nestle", "nestle"),
])
def test_accents_are_folded_in_filters_and_field_queries(service, kind, value, expected):
    assert found(service, **{kind: (value,)}) == {expected}
    assert found(service, f'{kind}:"{value}"') == {expected}


def test_field_queries_agree_with_filters(service):
    for typed in ("kiev", "Kiev", "KYIV", "kyiv"):
        assert found(service, f"place:{typed}") == found(service, place=("Kiev",)) == {"kyiv"}
    assert found(service, "person:zoe") == {"gdansk"}
    assert found(service, "org:at&t") == found(service, org=("at&t",)) == {"us-sense"}


@pytest.mark.parametrize("kind, prefix, expected", [
    ("place", "gdan", ["Gdańsk"]),
    ("person", "zoe", ["Zoë Brandão"]),
    ("person", "brandao", ["Zoë Brandão"]),
    ("person", "RAMIR", ["Ana Ramírez"]),
    ("org", "nestle", ["Nestlé"]),
])
def test_autocomplete_folds_accents_and_shows_values_as_written(service, kind, prefix, expected):
    assert [fc.value for fc in service.facet_values(kind, prefix)] == expected


def test_the_jsonl_pipeline_indexes_names_as_written(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    write_jsonl(archive / "feed.jsonl", [
        {"id": f"j{i}", "title": a.title, "text": a.body, "date": "2024-05-02"} for i, a in enumerate(ARTICLES)])
    reindex([archive], tmp_path / "index")
    service = SearchService(tmp_path / "index")
    try:
        assert found(service, "US") == {"j0"} and found(service, "AT&T") == {"j0"}
        assert found(service, "zoe brandao") == {"j3"}
        assert found(service, "brand*") == {"j3"}   # the vocabulary holds the accented word
    finally:
        service.close()


# Deterministic expansion: more words of one prefix than an expansion takes, all equally frequent,
# so only the tie-break by text decides which are searched.

EXPANDABLE = [f"wor{a}{b}k" for a in "bcdfgh" for b in "bcdfghjklm"]   # 60 words, stems of themselves


@pytest.fixture(scope="module")
def expansion_index(tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("expansion-index")
    build_index(index_dir, [make_article(f"w{i:02d}", f"Note {i}", f"A note about {word}.", DAY)
                            for i, word in enumerate(EXPANDABLE)])
    return index_dir


_SEARCH_SCRIPT = """
import json, sys
from searchapp.records import Query
from searchapp.search.service import SearchService
from searchapp.store.analysis import fold
result = SearchService(sys.argv[1]).search(Query(text="wor*", per_page=100))
print(json.dumps([result.total, [hit.doc_id for hit in result.hits]]))
"""


def test_prefix_expansion_is_the_same_under_any_hash_seed(expansion_index):
    answers = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        run = subprocess.run([sys.executable, "-c", _SEARCH_SCRIPT, str(expansion_index)], env=env,
                             capture_output=True, text=True, timeout=120, check=True)
        answers.append(json.loads(run.stdout))
    assert answers[0] == answers[1]
    from searchapp.search.parsing import MAX_EXPANSIONS
    expected = {f"w{i:02d}" for i in range(MAX_EXPANSIONS)}   # the first words by text
    assert answers[0][0] == MAX_EXPANSIONS and set(answers[0][1]) == expected
