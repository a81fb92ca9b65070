"""The query evaluator's numpy BM25F ranking against Whoosh's own search on a small real index (two segments, a deletion).

Whoosh is asked for its full ranking (limit=None, every match scored and sorted) and cut to the
top N: with a limit, its top-N collector on a two-segment index sometimes returns a lower-scored
order (here "oil prices" with limit=8 put the best-scoring document 7th).
"""
from __future__ import annotations

import random
import time
from datetime import date

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh import query

from searchapp.records import Article, Query
from searchapp.search.arrays import ArrayCache
from searchapp.search.matching import Unsupported, matching_mask, rank
from searchapp.search.parsing import QueryBuilder
from searchapp.search.phrases import phrase_docs
from searchapp.search.scoring import top_docs
from searchapp.search.service import SearchService
from searchapp.store import generations
from searchapp.store.schema import article_to_fields
from searchapp.store.vocabulary import Vocabulary
from searchapp.store.writer import write_articles

WORDS = ("oil prices crude barrel market shares bank interest rates inflation grain harvest wheat "
         "election vote parliament minister summit talks sanctions gas pipeline energy exports "
         "price priced pricing").split()

QUERIES = [
    "oil",                      # single word: title OR body, title boosted by the schema
    "body:oil",
    "oil prices",               # two words: And of two Ors
    "oil OR gas",
    "oil gas OR wheat vote",
    "oil -gas",                 # AndNot
    "oil -(gas NOT wheat)",     # AndNot whose excluded part holds a Not: only its mask counts
    "-oil",                     # everything but: Every scores 1.0
    '"interest rates"',         # phrase
    '"interest rates" bank',
    '"rates of interest"',      # a phrase with a stopword, matched by numpy position by position
    '"rates rates"',            # a repeated word: its positions read once, its score counted twice
    '"interest rates rose" OR "rates of"',
    '"interest rates"~3',       # a phrase with slop: matched by Whoosh
    "title:oil^3",              # query boost on top of the field boost
    "(oil gas)^2 wheat",
    "pric*",                    # prefix expansion (ExpandedOr)
    "oil ANDMAYBE gas",
    "oil AND wheat AND vote",
]


def make_article(i: int, rnd: random.Random) -> Article:
    # Varied lengths and repeated words, so term frequency and length normalisation both matter.
    body = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(3, 120)))
    if i % 7 == 0:
        body += " interest rates rose. rates of interest"
    title = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 6))) if i != 3 else ""   # no title length
    return Article(doc_id=f"doc-{i:03d}", source="Reuters", url=f"https://example.com/{i}", title=title,
                   body=body, published=date(2020, 1, 1 + i % 28), date_source="metadata")


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    rnd = random.Random(11)
    index_dir = tmp_path_factory.mktemp("ranking-index")
    generation = write_articles(index_dir, [make_article(i, rnd) for i in range(120)])
    # A second segment and a deletion: doc numbers get offsets and idf counts deleted docs.
    writer = whoosh_index.open_dir(str(generation)).writer()
    for i in range(120, 170):
        writer.add_document(**article_to_fields(make_article(i, rnd)))
    writer.delete_by_term("id", "doc-005")
    writer.commit(merge=False)
    return index_dir


@pytest.fixture(scope="module")
def searcher(index_dir):
    with generations.open_current(index_dir).searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 2
        yield searcher


@pytest.fixture(scope="module")
def arrays(searcher):
    return ArrayCache().build(searcher.reader())


def whoosh_top(searcher, parsed, limit: int, **kwargs) -> list[tuple[int, float]]:
    return [(hit.docnum, hit.score) for hit in searcher.search(parsed, limit=None, **kwargs)[:limit]]


@pytest.mark.parametrize("text", QUERIES)
def test_numpy_top10_equals_whoosh(text, index_dir, searcher, arrays):
    parsed = QueryBuilder(searcher.schema, Vocabulary(generations.current_path(index_dir)), arrays).parse(text, searcher.reader())
    expected = whoosh_top(searcher, parsed, 10)
    mask = matching_mask(parsed, searcher, arrays)
    got = rank(parsed, searcher, arrays, mask, 10)
    assert len(expected) >= 3, "the query should find something to rank"
    assert [doc for doc, _ in got] == [doc for doc, _ in expected]
    for (_, score), (_, whoosh_score) in zip(got, expected):
        assert score == pytest.approx(whoosh_score, rel=1e-4)


PHRASES = ["interest rates", "rates rates", "rates of interest", "of interest rates rose", "oil",
           "rates rates rates", "interest of", "wheat harvest wheat", "nonexistent rates"]


@pytest.mark.parametrize("words", PHRASES)
@pytest.mark.parametrize("field", ["title", "body"])
def test_numpy_phrases_match_whooshs(words, field, searcher, arrays):
    node = query.Phrase(field, words.split())
    expected = sorted(searcher.docs_for_query(node))
    assert phrase_docs(searcher.reader(), arrays, node).tolist() == expected


def test_long_phrases_of_common_words_cost_one_pass_per_distinct_word(index_dir, searcher, arrays):
    """A phrase repeating one word 32 times is matched in about the time of a phrase of two
    (its positions are read once), where Whoosh walked the word's postings once per word."""
    arrays.clear_term_cache()
    timings = {}
    for count in (2, 32):
        node = query.Phrase("body", ["rates"] * count)
        started = time.perf_counter()
        for _ in range(5):
            phrase_docs(searcher.reader(), arrays, node)
        timings[count] = time.perf_counter() - started
    assert timings[32] < timings[2] * 4


def test_filtered_ranking_equals_whoosh_filter(index_dir, searcher, arrays):
    parsed = QueryBuilder(searcher.schema, Vocabulary(generations.current_path(index_dir)), arrays).parse("oil OR gas", searcher.reader())
    mask = matching_mask(parsed, searcher, arrays)
    subset = mask & (np.arange(arrays.n_docs) % 3 == 0)
    allowed = set(np.flatnonzero(subset).tolist())
    expected = whoosh_top(searcher, parsed, 15, filter=allowed)
    got = rank(parsed, searcher, arrays, subset, 15)
    assert [doc for doc, _ in got] == [doc for doc, _ in expected]


def test_unknown_query_parts_are_refused(index_dir, searcher, arrays):
    parsed = QueryBuilder(searcher.schema, Vocabulary(generations.current_path(index_dir)), arrays).parse("oil NOT gas", searcher.reader())
    with pytest.raises(Unsupported):
        rank(parsed, searcher, arrays, matching_mask(parsed, searcher, arrays), 10)


def test_ties_are_broken_by_doc_number_across_the_cut():
    scores = np.array([1.0, 3.0, 2.0, 3.0, 2.0, 2.0, 0.5])
    mask = np.array([True, True, True, True, True, True, False])
    assert top_docs(scores, mask, 4) == [(1, 3.0), (3, 3.0), (2, 2.0), (4, 2.0)]
    assert top_docs(scores, mask, 10) == [(1, 3.0), (3, 3.0), (2, 2.0), (4, 2.0), (5, 2.0), (0, 1.0)]


@pytest.mark.parametrize("text", ["oil prices", "oil NOT gas"])
def test_service_pages_follow_whoosh_order(text, index_dir, searcher, arrays):
    """Numpy-ranked and Whoosh-ranked (fallback) queries give the same pages as Whoosh."""
    parsed = QueryBuilder(searcher.schema, Vocabulary(generations.current_path(index_dir)), arrays).parse(text, searcher.reader())
    expected = [searcher.stored_fields(doc)["id"] for doc, _ in whoosh_top(searcher, parsed, 8)]
    service = SearchService(index_dir)
    try:
        first = service.search(Query(text=text, sort="relevance", per_page=4))
        second = service.search(Query(text=text, sort="relevance", per_page=4, page=2))
    finally:
        service.close()
    assert [hit.doc_id for hit in first.hits + second.hits] == expected
    assert all(hit.score > 0 for hit in first.hits)
