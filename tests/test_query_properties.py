"""Properties of the query language over generated queries, on real indexes (BBC politics + the
sample archive, and Reuters' first file): a field prefix and its filter give the same total for
every top value of each kind, however it is typed and whatever it is combined with; a hyphenated
word's total is its quoted phrase's; any run of words copied from a headline finds it; a
dangling operator changes nothing. Examples are derandomised: the suite gives one answer."""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from searchapp.facets import KINDS
from searchapp.records import Query
from searchapp.search.service import SearchService
from searchapp.store.analysis import fold

PROPERTY = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
TOP = 25                     # values of each kind checked one by one
WORDS = ["said", "government", "election", "oil", "tax", "minister", "party", "market"]


@pytest.fixture(scope="module", params=["politics", "reuters"])
def service(request):
    index_dir = request.getfixturevalue("politics_index_dir" if request.param == "politics" else "corpus_index_dir")
    service = SearchService(index_dir)
    yield service
    service.close()


@pytest.fixture(scope="module")
def top_values(service) -> list[tuple[str, str]]:
    return [(kind, found.value) for kind in KINDS for found in service.facet_values(kind, limit=TOP)]


@pytest.fixture(scope="module")
def hyphenated(service) -> list[str]:
    """Words the archive writes with a hyphen ("Kilroy-Silk", "e-mail", "farmer-owned")."""
    with service.reading() as snapshot:
        texts = [fields.get("title", "") + " " + fields.get("body", "")[:3000]
                 for fields in snapshot.searcher.all_stored_fields()]
    return sorted({m.group(0) for text in texts for m in re.finditer(r"\b[^\W\d_]+(?:-[^\W\d_]+)+\b", text)})


@pytest.fixture(scope="module")
def titles(service) -> list[tuple[str, str]]:
    with service.reading() as snapshot:
        return sorted((fields["id"], fields["title"]) for fields in snapshot.searcher.all_stored_fields()
                      if len(fields.get("title", "").split()) >= 3 and '"' not in fields["title"])


def total(service: SearchService, text: str = "", include=None, exclude=None) -> int:
    return service.search(Query(text=text, include=include or {}, exclude=exclude or {})).total


def quoted(value: str) -> str:
    return f'"{value}"'


def test_every_top_value_prefix_equals_filter(service, top_values):
    assert len(top_values) >= 3 * 10
    for kind, value in top_values:
        assert total(service, f"{kind}:{quoted(value)}") == total(service, include={kind: (value,)}), (kind, value)


@PROPERTY
@given(data=st.data())
def test_a_typed_prefix_equals_its_typed_filter(service, top_values, data):
    """Any case, accents folded or not, quoted or (one word) not, beside a word or excluded."""
    kind, value = data.draw(st.sampled_from(top_values))
    typed = data.draw(st.sampled_from([value, value.lower(), value.upper(), fold(value)]))
    prefix = f"{kind}:{typed}" if " " not in typed and data.draw(st.booleans()) else f"{kind}:{quoted(typed)}"
    word = data.draw(st.sampled_from(WORDS))
    shape = data.draw(st.sampled_from(["alone", "with", "without"]))
    if shape == "alone":
        assert total(service, prefix) == total(service, include={kind: (typed,)})
    elif shape == "with":
        assert total(service, f"{word} {prefix}") == total(service, word, include={kind: (typed,)})
    else:
        assert total(service, f"{word} -{prefix}") == total(service, word, exclude={kind: (typed,)})


@PROPERTY
@given(data=st.data())
def test_a_hyphenated_word_totals_its_quoted_phrase(service, hyphenated, data):
    word = data.draw(st.sampled_from(hyphenated))
    word = data.draw(st.sampled_from([word, word.lower(), word.upper()]))
    field = data.draw(st.sampled_from(["", "title:", "body:", "text:"]))
    found = total(service, f"{field}{word}")
    assert found == total(service, f"{field}{quoted(word)}") == total(service, f"{field}{quoted(word.replace('-', ' '))}")
    if not field:
        assert found > 0


@PROPERTY
@given(data=st.data())
def test_any_run_of_a_headline_finds_it(service, titles, data):
    doc_id, title = data.draw(st.sampled_from(titles))
    words = title.split()
    start = data.draw(st.integers(0, len(words) - 2))
    end = data.draw(st.integers(start + 2, len(words)))
    run = " ".join(words[start:end])
    field = data.draw(st.sampled_from(["title:", ""]))
    hits = service.search(Query(text=f"{field}{quoted(run)}", per_page=100, collapse=False))   # every copy
    assert doc_id in {hit.doc_id for hit in hits.hits} or hits.total > 100, run


@PROPERTY
@given(data=st.data())
def test_a_dangling_operator_changes_nothing(service, data):
    words = data.draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3, unique=True))
    operators = [data.draw(st.sampled_from([" ", " AND ", " OR ", " NOT ", " -"])) for _ in words[1:]]
    text = words[0] + "".join(op + word for op, word in zip(operators, words[1:]))
    dangling = data.draw(st.sampled_from(["AND", "OR", "NOT", "-", "(", '"', "ANDNOT", "AND OR", "title:"]))
    before = data.draw(st.sampled_from(["AND", "OR", "AND OR", "ANDMAYBE"]))
    expected = total(service, text)
    assert total(service, f"{text} {dangling}") == expected
    assert total(service, f"{before} {text}") == expected
