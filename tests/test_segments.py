"""Segments on disk: uncompounded, read with pread, sealed with checksums, merged after a full reindex, their numpy arrays
saved beside them; and none of it changes what a search answers (on a real index)."""
from __future__ import annotations

import json
import shutil
from datetime import date

import numpy as np
import pytest

from searchapp.facets import FACETS
from searchapp.records import Query
from searchapp.search.arrays import ArrayCache, IndexArrays
from searchapp.search.service import SearchService
from searchapp.store import copies, generations, integrity, segment_arrays
from searchapp.store.mapped import PreadFile
from searchapp.store.writer import write

QUERIES = [
    Query(sort="newest"),
    Query(text="said", sort="relevance"),
    Query(text="oil", sort="oldest"),
    Query(text='"interest rates"', sort="relevance"),
    Query(text="oil OR gas -coffee", sort="relevance"),
    Query(text="wor*", sort="relevance"),
    Query(text="title:shares", sort="relevance"),
    Query(text="trade", date_from=date(1987, 3, 1), date_to=date(1987, 3, 31), sort="relevance"),
]


def _segment_ids(generation):
    with generations.open_generation(generation).reader() as reader:
        return [leaf.segment().segment_id() for leaf, _ in reader.leaf_readers()]


def _assert_same_arrays(found: IndexArrays, expected: IndexArrays) -> None:
    assert found.n_docs == expected.n_docs
    assert (found.live == expected.live).all()
    assert (found.pubdays == expected.pubdays).all()
    for field, lengths in expected.field_lengths.items():
        assert (found.field_lengths[field] == lengths).all(), field
    for facet in FACETS:
        got, want = found.facets[facet.kind], expected.facets[facet.kind]
        assert got.values == want.values and got.ids == want.ids and got.folded == want.folded
        for name in ("doc_indptr", "doc_vals", "val_indptr", "val_docs", "doc_of_pair"):
            assert np.array_equal(getattr(got, name), getattr(want, name)), (facet.kind, name)


def _answers(index_dir) -> list:
    """What each query answers, in a form independent of document numbers and of the order
    of equal counts: total, histogram, facet counts, top scores / dates."""
    service = SearchService(index_dir)
    answers = []
    for query in QUERIES:
        result = service.search(query)
        facets = {}
        for kind, counts in result.facets.items():
            floor = min((c.count for c in counts), default=0)   # ties at the cut may differ
            facets[kind] = sorted((c.value, c.count) for c in counts if c.count > floor)
        top = [round(h.score, 4) for h in result.hits] if query.sort == "relevance" else [h.published for h in result.hits]
        answers.append((result.total, [(b.value, b.count) for b in result.date_buckets], facets, top))
    service.close()
    return answers


def test_a_full_reindex_leaves_one_uncompounded_sealed_segment_with_its_arrays(corpus_index_dir):
    generation = generations.current_path(corpus_index_dir)
    (segment_id,) = _segment_ids(generation)
    assert not list(generation.glob("*.seg"))   # no compound file: nothing copied per worker
    assert (generation / segment_arrays.FOLDER / f"{segment_id}.json").exists()
    ix = generations.open_generation(generation)
    postings = next(generation.glob("*.pst")).name
    assert isinstance(ix.storage.open_file(postings), PreadFile)   # a truncated file: short reads, no SIGBUS
    sums = json.loads((generation / integrity.FOLDER / f"{segment_id}.json").read_text())["files"]
    assert postings in sums and f"{segment_arrays.FOLDER}/{segment_id}.pubdays.npy" in sums


def test_saved_arrays_are_mapped_and_equal_those_read_from_the_index(corpus_index_dir):
    generation = generations.current_path(corpus_index_dir)
    with generations.open_generation(generation).searcher() as searcher:
        loaded = ArrayCache().build(searcher.reader(), generation)
        rebuilt = ArrayCache().build(searcher.reader())
    _assert_same_arrays(loaded, rebuilt)
    column = loaded.facets[FACETS[0].kind]
    assert not column.val_docs.flags.owndata and not column.val_docs.flags.writeable   # a read-only map


def test_merged_and_unmerged_indexes_answer_the_same(corpus_index_dir, corpus_articles, tmp_path):
    # An incremental-style index: a commit every 150 articles leaves several segments, each with
    # its saved arrays, stitched at open.
    unmerged = tmp_path / "unmerged"
    generation = generations.create_generation(unmerged)
    write(generation, corpus_articles, live=True, commit_every=150)
    copies.run(generation)   # as every reindex ends: the same copies, found in other segments
    generations.swap_in(unmerged, generation)
    assert len(_segment_ids(generation)) > 1
    assert _answers(unmerged) == _answers(corpus_index_dir)


def test_missing_or_stale_saved_arrays_are_read_from_the_index(corpus_articles, tmp_path):
    generation = generations.create_generation(tmp_path)
    write(generation, corpus_articles[:600], live=True, commit_every=200)
    generations.swap_in(tmp_path, generation)
    first, second, *_ = _segment_ids(generation)
    folder = generation / segment_arrays.FOLDER
    next(folder.glob(f"{first}.*.npy")).unlink()             # a segment without one of its files
    meta = json.loads((folder / f"{second}.json").read_text())
    meta["n_docs"] += 1                                        # one saved for another segment
    (folder / f"{second}.json").write_text(json.dumps(meta))
    with generations.open_generation(generation).searcher() as searcher:
        leaves = {leaf.segment().segment_id(): leaf for leaf, _ in searcher.reader().leaf_readers()}
        assert segment_arrays.load(generation, first, leaves[first].doc_count_all()) is None
        assert segment_arrays.load(generation, second, leaves[second].doc_count_all()) is None
        _assert_same_arrays(ArrayCache().build(searcher.reader(), generation),
                            ArrayCache().build(searcher.reader()))


def test_an_incremental_commit_saves_only_the_new_segments_arrays(corpus_articles, tmp_path):
    generation = generations.create_generation(tmp_path)
    write(generation, corpus_articles[:300])
    (old,) = _segment_ids(generation)
    saved = (generation / segment_arrays.FOLDER / f"{old}.json").stat().st_mtime_ns
    write(generation, corpus_articles[300:400], live=True)
    ids = _segment_ids(generation)
    assert old in ids and len(ids) == 2
    assert (generation / segment_arrays.FOLDER / f"{old}.json").stat().st_mtime_ns == saved
    for segment_id in ids:
        assert (generation / segment_arrays.FOLDER / f"{segment_id}.json").exists()


@pytest.fixture()
def copied_index(corpus_index_dir, tmp_path):
    target = tmp_path / "copy"
    shutil.copytree(corpus_index_dir, target, symlinks=True)
    return target


def test_an_index_without_saved_arrays_answers_the_same(corpus_index_dir, copied_index):
    # Unsealed too: the arrays of a sealed segment are checked like its other files (missing: 503).
    shutil.rmtree(generations.current_path(copied_index) / segment_arrays.FOLDER)
    shutil.rmtree(generations.current_path(copied_index) / integrity.FOLDER)
    assert _answers(copied_index) == _answers(corpus_index_dir)
