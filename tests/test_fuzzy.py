"""Fuzzy terms from rapidfuzz are the terms Whoosh's own terms_within finds, on a real index
(seed + reut2-000 through the real pipeline), in an order that does not depend on the hash seed."""
from __future__ import annotations

import fnmatch
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from whoosh.reading import IndexReader

from searchapp.records import Query
from searchapp.search import fuzzy
from searchapp.search.parsing import MAX_EXPANSIONS
from searchapp.search.service import SearchService

ROOT = Path(__file__).resolve().parents[1]


def misspelled(word: str, rnd: random.Random) -> str:
    """One or two random edits of ``word`` past its first letter (what users type)."""
    letters = list(word)
    for _ in range(rnd.choice((1, 2))):
        i = rnd.randrange(1, max(2, len(letters)))
        edit = rnd.choice(("delete", "insert", "swap", "replace"))
        if edit == "delete" and len(letters) > 2:
            del letters[i:i + 1]
        elif edit == "swap" and i + 1 < len(letters):
            letters[i], letters[i + 1] = letters[i + 1], letters[i]
        elif edit == "insert":
            letters.insert(i, rnd.choice("aeiourstln"))
        else:
            letters[min(i, len(letters) - 1)] = rnd.choice("aeiourstln")
    return "".join(letters)


@pytest.fixture(scope="module")
def service(corpus_index_dir):
    service = SearchService(corpus_index_dir)
    yield service
    service.close()


@pytest.mark.parametrize("field", ["body", "title", "person_names", "place_names"])
def test_the_same_terms_as_whooshs_terms_within(service, field):
    snap = service.snapshot()
    reader = snap.searcher.reader()
    buckets = snap.queries.vocabulary.term_buckets()
    terms = sorted(reader.field_terms(field))
    rnd = random.Random(field)
    words = [misspelled(rnd.choice(terms), rnd) for _ in range(60)] + rnd.sample(terms, 20)
    words += ["econmi", "ca", "abc"]   # OSA and true Damerau-Levenshtein differ on ca/abc
    compared = 0
    for word in words:
        for maxdist, prefix in [(1, 1), (2, 1), (2, 2), (1, 0), (0, 1)]:
            expected = set(IndexReader.terms_within(reader, field, word, maxdist, prefix=prefix))
            found = fuzzy.terms_within(reader, buckets, field, word, maxdist, prefix)
            assert set(found) == expected, (field, word, maxdist, prefix)
            assert len(found) == len(expected)
            compared += len(expected)
    assert compared > 50   # the words did find terms, not only empty sets


def test_most_frequent_first_then_alphabetical(service):
    snap = service.snapshot()
    reader = snap.searcher.reader()
    found = fuzzy.terms_within(reader, snap.queries.vocabulary.term_buckets(), "body", "prics", 2, 1)
    assert "price" in found and len(found) > 3
    keys = [(-reader.doc_frequency("body", term), term) for term in found]
    assert keys == sorted(keys)


def test_fuzzy_totals_are_those_of_whooshs_terms(service):
    """The total of a fuzzy query is the number of articles holding any of Whoosh's terms."""
    snap = service.snapshot()
    reader = snap.searcher.reader()
    analyzer = snap.searcher.schema["body"].analyzer
    for word, maxdist in [("econmy", 1), ("prics", 1), ("petrolem", 1), ("tarde", 1)]:
        stem = next(iter(analyzer(word))).text   # the parser hands FuzzyTerm the stemmed text
        docs = set()
        for field in ("title", "body"):
            terms = list(IndexReader.terms_within(reader, field, stem, maxdist, prefix=1))
            assert len(terms) <= MAX_EXPANSIONS   # else only the most frequent are searched
            for term in terms:
                docs.update(reader.postings(field, term).all_ids())
        result = service.search(Query(text=f"{word}~{maxdist}", sort="relevance", collapse=False))
        assert result.total == len(docs) > 0, word


SCRIPT = """
import json, sys
from searchapp.search.service import SearchService
snap = SearchService(sys.argv[1]).snapshot()
reader = snap.searcher.reader()
print(json.dumps([repr(snap.queries.parse(text, reader)) for text in sys.argv[2:]]))
"""


def test_expansions_do_not_depend_on_the_hash_seed(corpus_index_dir):
    queries = ["econmy~2", "prics~2", "stok~2", "oil~2"]
    parsed = []
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
        out = subprocess.run([sys.executable, "-c", SCRIPT, str(corpus_index_dir), *queries], env=env,
                             capture_output=True, text=True, check=True, timeout=120).stdout
        parsed.append(json.loads(out.splitlines()[-1]))
    assert parsed[0] == parsed[1] == parsed[2]
    assert all(text.count("Term(") > 3 for text in parsed[0])


@pytest.mark.parametrize("text", ["wor*", "expor*", "govern*", "pri?e*", "happ*", "the*"])
def test_prefix_expansions_are_those_of_stemming_each_word(service, text):
    """`word*` through the memo finds the terms that stemming every matching word finds."""
    from whoosh import query

    from searchapp.search.parsing import ExpansionBudget, _index_terms

    snap = service.snapshot()
    reader, vocabulary = snap.searcher.reader(), snap.queries.vocabulary
    for field in ("title", "body"):
        node = query.Wildcard(field, text) if "?" in text else query.Prefix(field, text.rstrip("*"))
        fieldobj = reader.schema[field]
        literal = text.split("*")[0].split("?")[0]
        pattern = re.compile(fnmatch.translate(text))
        expected = {term for word in vocabulary.with_prefix(literal) if pattern.match(word)
                    for term in fieldobj.process_text(word, mode="query") if (field, term) in reader}
        found = _index_terms(node, reader, vocabulary, ExpansionBudget.of(node))
        assert list(found) == sorted(expected) and (expected or field == "title"), (field, text)
