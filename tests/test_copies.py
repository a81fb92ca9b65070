"""Copies of one story at indexing (store/copies.py): MinHash signatures, LSH groups, the
representative, incremental runs, and the same groups whatever the order or the workers."""
from __future__ import annotations

import random
import shutil
from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from searchapp.records import Article
from searchapp.store import copies, generations, minhash
from searchapp.store.indexer import reindex
from searchapp.store.segment_arrays import id_key

from conftest import CORPORA
from fixtures import build_index, make_articles

BBC = CORPORA / "bbc"
PAIR = ("business/267.txt", "business/365.txt")   # "Nasdaq planning $100m share sale" / "$100m-share sale"
OTHERS = ("business/001.txt", "business/002.txt", "politics/001.txt", "sport/001.txt", "tech/001.txt",
          "entertainment/001.txt")


def story_of(index_dir) -> dict[str, tuple[int, bool]]:
    """id -> (group number, representative) of every article in a group, from the files written."""
    live = generations.current_path(index_dir)
    groups = copies.load(live)
    with generations.open_generation(live).searcher() as searcher:
        ids = [fields["id"] for fields in searcher.all_stored_fields()]
    by_key = {int(key): (int(group), bool(rep))
              for key, group, rep in zip(groups.keys, groups.groups, groups.representative)}
    return {doc_id: by_key[id_key(doc_id)] for doc_id in ids if id_key(doc_id) in by_key}


def partition(stories: dict[str, tuple[int, bool]]) -> set[frozenset[str]]:
    found: dict[int, set[str]] = {}
    for doc_id, (group, _) in stories.items():
        found.setdefault(group, set()).add(doc_id)
    return {frozenset(ids) for ids in found.values()}


def wire_copies(seed: int = 7) -> list[Article]:
    """Unrelated articles, and stories told several times: an update with a paragraph more, a
    re-send with one word corrected, another paper's copy under its own title."""
    rnd = random.Random(seed)
    vocabulary = ("markets rallied after the central bank held rates steady while traders weighed fresh data "
                  "on inflation jobs output exports housing credit growth and the outlook for the economy "
                  "ministers met union leaders to discuss pay pensions and working hours across the sector").split()

    def text(words: int) -> str:
        return " ".join(rnd.choice(vocabulary) for _ in range(words)) + "."

    articles = []
    for i in range(30):
        articles.append(Article(doc_id=f"story-{i:02d}", source="Wire", url="", title=f"Story {i}",
                                body=text(120), published=date(2005, 1, 1 + i % 28), date_source="metadata"))
    first = articles[3]
    articles.append(replace(first, doc_id="story-03-update", title="Story 3 (update)",
                            body=first.body + " " + text(25), published=date(2005, 1, 5)))
    words = first.body.split()
    words[40] = "corrected"
    articles.append(replace(first, doc_id="story-03-resend", body=" ".join(words), published=None,
                            date_source="none"))
    other = articles[11]
    articles.append(replace(other, doc_id="paper-11", source="Paper", title="The paper's own headline"))
    return articles


def test_signature_is_the_text_alone():
    a = minhash.signature("Nasdaq planning $100m share sale", "The owner of the Nasdaq stock market " * 5)
    b = minhash.signature("Nasdaq planning $100m-share sale", "The owner of the Nasdaq stock market " * 5)
    assert a == b and len(a) == minhash.SIGNATURE_BYTES   # punctuation and case are not words
    assert minhash.signature("Short", "too few words") == minhash.NO_SIGNATURE
    words, signatures = minhash.unpack([a])
    assert words[0] == 5 + 7 * 5 and signatures.shape == (1, minhash.NUM_PERM)


def test_near_copies_are_one_group_with_the_earliest_as_representative(tmp_path):
    build_index(tmp_path, wire_copies())
    stories = story_of(tmp_path)
    assert partition(stories) == {frozenset({"story-03", "story-03-update", "story-03-resend"}),
                                  frozenset({"story-11", "paper-11"})}
    assert stories["story-03"][1] and not stories["story-03-update"][1]   # 4 January before the 5th
    summary = copies.summary_of(generations.current_path(tmp_path))
    assert (summary["articles"], summary["groups"], summary["grouped"]) == (33, 2, 5)


def test_undated_copies_take_the_longest_as_representative(tmp_path):
    articles = [replace(a, published=None, date_source="none") for a in wire_copies()]
    build_index(tmp_path, articles)
    stories = story_of(tmp_path)
    assert stories["story-03-update"][1]            # the most words
    assert stories["paper-11"][1] and not stories["story-11"][1]   # its headline has more words


def test_copies_alike_in_date_and_length_take_the_smallest_id(tmp_path):
    first = wire_copies()[5]
    build_index(tmp_path, [first, replace(first, doc_id="a-copy"), *make_articles(5)])
    assert story_of(tmp_path) == {"a-copy": (0, True), first.doc_id: (0, False)}


def test_the_same_words_days_apart_are_two_stories_but_a_day_apart_one(tmp_path):
    """A recurring report (the Fed's daily repurchases) is not a copy of yesterday's; and no chain
    of day-apart copies makes a group spanning more than WINDOW_DAYS."""
    report = wire_copies()[7]
    days = [date(2005, 3, day) for day in (1, 2, 3, 10)]
    build_index(tmp_path, [replace(report, doc_id=f"fed-{d.day:02d}", published=d) for d in days]
                + make_articles(5))
    # equally similar: which two adjacent days join depends only on their ids (the same every run)
    assert partition(story_of(tmp_path)) in ({frozenset({"fed-01", "fed-02"})}, {frozenset({"fed-02", "fed-03"})})
    assert copies.WINDOW_DAYS == 1


def test_groups_do_not_depend_on_the_order_articles_were_written(tmp_path):
    articles = wire_copies() + make_articles(40)
    build_index(tmp_path / "a", articles)
    shuffled = articles[:]
    random.Random(3).shuffle(shuffled)
    build_index(tmp_path / "b", shuffled)
    assert story_of(tmp_path / "a") == story_of(tmp_path / "b")


def test_unrelated_articles_form_no_group(tmp_path):
    build_index(tmp_path, make_articles(80))
    assert story_of(tmp_path) == {}


@pytest.fixture
def bbc_archive(tmp_path):
    archive = tmp_path / "archive"
    for name in PAIR + OTHERS:
        target = archive / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(BBC / name, target)
    return archive


def test_a_new_copy_joins_its_story_in_an_incremental_run_and_a_removed_one_leaves(bbc_archive, tmp_path):
    index_dir = tmp_path / "index"
    summary = reindex([bbc_archive], index_dir)
    pair = {f"archive/{name}" for name in PAIR}
    assert partition(story_of(index_dir)) == {frozenset(pair)}
    assert (summary.copy_groups.groups, summary.copy_groups.grouped) == (1, 2)
    # The agency's update: the story with a paragraph more, filed later as a file of its own.
    original = (BBC / PAIR[0]).read_text(encoding="latin-1")
    update = bbc_archive / "business" / "900.txt"
    update.write_text(original + "\nShares in Nasdaq rose 2% in early trading after the filing.\n",
                      encoding="latin-1")
    summary = reindex([bbc_archive], index_dir)
    assert summary.indexed == 1 and summary.unchanged == len(PAIR + OTHERS)
    assert partition(story_of(index_dir)) == {frozenset(pair | {"archive/business/900.txt"})}
    (bbc_archive / PAIR[1]).unlink()
    reindex([bbc_archive], index_dir)
    assert partition(story_of(index_dir)) == {frozenset({"archive/business/267.txt", "archive/business/900.txt"})}


def test_a_full_rebuild_and_two_workers_find_the_same_groups(bbc_archive, tmp_path):
    reindex([bbc_archive], tmp_path / "one")
    reindex([bbc_archive], tmp_path / "two", full=True, workers=2)
    assert story_of(tmp_path / "one") == story_of(tmp_path / "two") != {}


def test_the_groups_are_kept_by_id_key_only_for_copies(tmp_path):
    generation = build_index(tmp_path, wire_copies())
    groups = copies.load(generation)
    assert len(groups.keys) == 5 and np.all(np.diff(groups.keys.astype(np.float64)) > 0)
    assert groups.representative.sum() == 2
    (generation / copies.FOLDER / "copies.json").unlink()   # a pass that did not finish
    assert copies.load(generation) is None
