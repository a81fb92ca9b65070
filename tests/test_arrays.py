"""The numpy facet arrays agree with the articles, across segments and deletions."""
from __future__ import annotations

from collections import Counter
from datetime import date

import numpy as np
from whoosh import query as wq

from searchapp.search.arrays import ArrayCache, FacetColumn
from searchapp.search.counting import Tally, date_histogram
from searchapp.search.matching import matching_mask
from searchapp.search.parsing import QueryBuilder
from searchapp.store import generations
from searchapp.store.schema import article_to_fields
from searchapp.store.vocabulary import Vocabulary

from fixtures import build_index, make_articles


def _arrays(index_dir):
    searcher = generations.open_current(index_dir).searcher()
    return searcher, ArrayCache().build(searcher.reader())


def test_counts_and_dates_across_segments_and_deletions(tmp_path):
    articles = make_articles(40)
    build_index(tmp_path, articles[:25])
    writer = generations.open_current(tmp_path).writer()
    for article in articles[25:]:
        writer.add_document(**article_to_fields(article))
    writer.delete_by_term("id", articles[3].doc_id)
    writer.commit(merge=False)
    searcher, arrays = _arrays(tmp_path)
    assert len(searcher.reader().leaf_readers()) == 2
    live = [a for a in articles if a.doc_id != articles[3].doc_id]
    for kind in ("person", "place", "org"):
        column: FacetColumn = arrays.facets[kind]
        counts = column.counts(arrays.live)
        expected = Counter(v for a in live for v in a.entities[kind])
        assert {column.values[i]: int(c) for i, c in enumerate(counts) if c} == dict(expected)
        sparse = np.zeros(arrays.n_docs, dtype=bool)
        sparse[:3] = True   # the sparse path gives the same counts as the dense one
        dense_counts = np.bincount(column.doc_vals[sparse[column.doc_of_pair]], minlength=len(column.values))
        assert (column.counts(sparse) == dense_counts).all()
    stored_days = sorted(a.published.toordinal() for a in live if a.published)
    assert sorted(arrays.pubdays[arrays.live & (arrays.pubdays > 0)].tolist()) == stored_days
    searcher.close()


def test_matching_mask_agrees_with_whoosh(tmp_path):
    generation = build_index(tmp_path, make_articles(60))
    searcher, arrays = _arrays(tmp_path)
    builder = QueryBuilder(searcher.schema, Vocabulary(generation), arrays)
    for text in ["oil", "oil gas", "oil OR wheat", "oil -gas", '"spoke about" NOT energy', "pipe*", "title:oil"]:
        parsed = builder.parse(text, searcher.reader())
        whoosh_docs = set(searcher.docs_for_query(parsed))
        assert set(np.flatnonzero(matching_mask(parsed, searcher, arrays)).tolist()) == whoosh_docs, text
    assert matching_mask(wq.NullQuery, searcher, arrays).sum() == 0
    searcher.close()


def test_histogram_buckets_cover_the_span_without_gaps(tmp_path):
    build_index(tmp_path, make_articles(60))
    searcher, arrays = _arrays(tmp_path)
    interval, buckets = date_histogram(Tally(arrays, by_story=False), arrays.live)
    assert interval == "year"
    assert [b.value for b in buckets] == [str(y) for y in range(buckets[0].start.year, buckets[-1].end.year + 1)]
    assert buckets[0].start == date(buckets[0].start.year, 1, 1) and buckets[-1].end.month == 12
    assert sum(b.count for b in buckets) == int((arrays.live & (arrays.pubdays > 0)).sum())
    searcher.close()
