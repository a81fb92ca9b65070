"""Snippets from the memoised word analysis are Whoosh's highlighter's snippets, character for
character: on every hit of a real index (seed + reut2-000 through the real pipeline) and on bodies
made to catch the fragmenter's corner cases."""
from __future__ import annotations

import re

import pytest
from whoosh import highlight

from searchapp.records import Query
from searchapp.search import snippets
from searchapp.search.service import SearchService
from searchapp.store.schema import build_schema
from searchapp.store.vocabulary import Vocabulary, WordTerms

QUERIES = ["said", "oil", "prices", "rates", '"interest rates"', '"prime minister"', "oil OR gas -coffee",
           "expor*", "wor*", "econmy~", "title:shares", "the", "u.s. trade", "shares AND dlrs",
           "person:reagan", "place:japan exports", "corn wheat sorghum", "mln", "12.5"]
MARK = re.compile(r"<mark>(.*?)</mark>")


def whoosh_snippet(body: str, terms: frozenset, analyzer) -> str:
    """What snippets.py made before the memo: Whoosh's highlight() over the whole body."""
    text = body[:snippets.MAX_HIGHLIGHT_CHARS]
    found = highlight.highlight(text, terms, analyzer, snippets._FRAGMENTER, snippets._MarkFormatter(), top=2)
    return found or snippets.make_snippet(body, snippets.Marks(frozenset()), analyzer)


@pytest.fixture(scope="module")
def service(corpus_index_dir):
    service = SearchService(corpus_index_dir)
    yield service
    service.close()


@pytest.mark.parametrize("text", QUERIES)
def test_hit_snippets_are_whooshs_on_a_real_index(service, text):
    snap = service.snapshot()
    analyzer = snap.searcher.schema["body"].analyzer
    result = service.search(Query(text=text, sort="relevance", per_page=100))
    assert result.total > 0, text
    parsed = snap.queries.parse(text, snap.searcher.reader())
    terms = snippets.highlight_terms(parsed).terms
    marked = 0
    for hit in result.hits:
        body = snap.searcher.document(id=hit.doc_id)["body"]
        assert hit.snippet == whoosh_snippet(body, terms, analyzer), (text, hit.doc_id)
        marked += len(MARK.findall(hit.snippet))
    if text != "the":   # a stop word is in no query's terms: nothing to mark
        assert marked > 0, text
    # The fast path was taken: the memo now knows the words of those bodies.
    words = snap.queries.vocabulary.word_terms(analyzer)
    assert words is not None and len(words._memo) > 100


BODIES = [
    "Oil oil OIL. Oil-prices rose; the oil minister said oil " * 30,
    "A b c d e f oil g h i j k " * 40,                       # one-letter words between matches
    "U.S. trade with the U.S.S.R. rose 12.5 pct, U.S. officials said. " * 12,
    "x" * 90 + " oil " + "y" * 300 + " oil prices " + "z" * 75 + " end",   # tokens longer than the window
    "Crude *oil* and **gas** prices; oil's rise, oils, oiled. " * 20,
    "Ünïcödé café naïve résumé oil İstanbul straße ǅemal oil " * 15,
    "rates " + "word " * 8000 + "rates interest rates",     # past the fragmenter's 32,768-char limit
    "interest rates " * 400,
    "",
]


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("terms", [{"oil"}, {"oil", "price"}, {"rate", "interest"}, {"u.s", "trade", "12.5"},
                                   {"a", "b"}, {"the"}, {"caf", "istanbul", "oil"}, {"nothing"}])
def test_corner_cases_match_whoosh(tmp_path, body, terms):
    analyzer = build_schema()["body"].analyzer
    words = Vocabulary(tmp_path).word_terms(analyzer)
    assert words is not None
    marks = snippets.Marks(frozenset(terms), words)
    assert snippets.make_snippet(body, marks, analyzer) == whoosh_snippet(body, frozenset(terms), analyzer)
    assert snippets.make_snippet(body, marks, analyzer) == whoosh_snippet(body, frozenset(terms), analyzer)   # memo warm


def test_an_analyzer_that_splits_words_is_not_memoised():
    from whoosh.analysis import IntraWordFilter, LowercaseFilter, RegexTokenizer, StandardAnalyzer

    assert WordTerms.for_analyzer(RegexTokenizer() | IntraWordFilter()) is None
    assert WordTerms.for_analyzer(RegexTokenizer(expression=r"\s+", gaps=True) | LowercaseFilter()) is None
    assert WordTerms.for_analyzer(StandardAnalyzer()) is not None
