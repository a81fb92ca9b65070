"""The word table beside the index: what did-you-mean and `word*` read instead of Whoosh's
spelling postings (real spaCy, Whoosh and search service)."""
from __future__ import annotations

from pathlib import Path

import pytest

from searchapp.store import generations
from searchapp.store.indexer import reindex
from searchapp.records import Query
from searchapp.search.service import SearchService
from searchapp.errors import IndexDamaged
from searchapp.store.vocabulary import FILENAME, HEADER, Vocabulary, VocabularyCounter, check_file

from fixtures import FEED_ARTICLES as ARTICLES, write_jsonl


def saved_table(folder: Path) -> dict[str, int]:
    head, *lines = (folder / FILENAME).read_text(encoding="utf-8").splitlines()
    assert head.startswith(HEADER + "\t")   # its checksum and length
    return {word: int(count) for word, count in (line.split("\t") for line in lines)}


def test_counts_articles_not_occurrences_and_saves_sorted(tmp_path):
    counter = VocabularyCounter()
    counter.add("Oil, oil and more OIL", "Crude oil 12.5 dlrs a barrel")
    counter.add("Pipeline", "The oil pipeline x " + "z" * 41)
    counter.save(tmp_path)
    table = saved_table(tmp_path)
    assert table["oil"] == 2 and table["pipeline"] == 1 and table["12.5"] == 1
    assert "x" not in table and "z" * 41 not in table   # the analyzer's 1-letter words, junk
    assert list(table) == sorted(table)
    assert [p.name for p in tmp_path.iterdir()] == [FILENAME]   # no temporary file left
    assert VocabularyCounter.load(tmp_path).counts == table


def test_prefixes_and_near_spellings(tmp_path):
    counter = VocabularyCounter()
    for title, body in [("Pipeline", "pipelines pipe"), ("Pipeline", "pipeline"), ("Pipes", "ripeline")]:
        counter.add(title, body)
    counter.save(tmp_path)
    words = Vocabulary(tmp_path)
    assert words.with_prefix("pipe") == ["pipe", "pipeline", "pipelines", "pipes"]
    assert words.with_prefix("pipz") == [] and len(words.with_prefix("")) == 5
    # Closest first, then most used; the first letter is kept ("ripeline" is not offered).
    assert words.within("pipelnie", 2) == ["pipeline", "pipelines"]
    assert words.within("pipes", 1) == ["pipes", "pipe"]
    assert words.count("pipeline") == 2 and "pipe" in words and "nothing" not in words


def test_a_missing_or_damaged_table_is_refused_whole(tmp_path):
    """A table read as fewer words gave wrong answers (`gro*` found nothing): it is damage (a
    503 while serving), and the writer counts the words again."""
    with pytest.raises(IndexDamaged, match="vocabulary.tsv"):
        len(Vocabulary(tmp_path))
    counter = VocabularyCounter()
    counter.add("Pipeline", "pipelines pipe oil")
    counter.save(tmp_path)
    check_file(tmp_path / FILENAME, whole=True)
    data = (tmp_path / FILENAME).read_bytes()
    for damaged in (data[:-5], data.replace(b"oil", b"oll"), b"garbage\n" * 20, data[:30]):
        (tmp_path / FILENAME).write_bytes(damaged)
        with pytest.raises(IndexDamaged, match="vocabulary.tsv"):
            Vocabulary(tmp_path).with_prefix("pi")
        assert VocabularyCounter.load(tmp_path) is None


def test_reindex_keeps_the_table_of_each_generation(tmp_path):
    source = tmp_path / "archive"
    source.mkdir()
    write_jsonl(source / "a.jsonl", ARTICLES[:2])
    index_dir = tmp_path / "index"
    reindex([source], index_dir)
    live = generations.current_path(index_dir)
    assert {"rotterdam", "rationing", "drought"} <= set(saved_table(live))
    assert "nairobi" not in saved_table(live)

    write_jsonl(source / "b.jsonl", ARTICLES[2:])      # incremental: words are added
    reindex([source], index_dir)
    assert saved_table(live)["nairobi"] == 1 and saved_table(live)["rotterdam"] == 1

    reindex([source], index_dir, full=True)             # a rebuild writes its own table
    rebuilt = generations.current_path(index_dir)
    assert rebuilt != live and saved_table(rebuilt) == saved_table(live)


def test_an_index_without_a_table_gets_it_rebuilt_from_stored_text(tmp_path):
    source = tmp_path / "archive"
    source.mkdir()
    write_jsonl(source / "a.jsonl", ARTICLES[:2])
    index_dir = tmp_path / "index"
    reindex([source], index_dir)
    live = generations.current_path(index_dir)
    expected = saved_table(live)
    (live / FILENAME).unlink()                          # as an index written before the table
    reindex([source], index_dir)                        # nothing changed, yet the table is back
    assert saved_table(live) == expected


def test_a_running_service_suggests_and_expands_words_of_new_commits(tmp_path):
    source = tmp_path / "archive"
    source.mkdir()
    write_jsonl(source / "a.jsonl", ARTICLES[:1])
    index_dir = tmp_path / "index"
    reindex([source], index_dir)
    service = SearchService(index_dir)
    try:
        assert service.search(Query(text="nairob*")).total == 0
        assert service.search(Query(text="nairobbi")).suggestion is None

        write_jsonl(source / "b.jsonl", ARTICLES[2:])
        reindex([source], index_dir)
        assert service.search(Query(text="nairob*")).total == 1
        assert service.search(Query(text="nairobbi")).suggestion == "nairobi"
        # "Rationing" is stemmed to "ration": its prefix "rationi" is found through the table.
        write_jsonl(source / "c.jsonl", ARTICLES[1:2])
        reindex([source], index_dir)
        assert service.search(Query(text="rationi*")).total == 1
    finally:
        service.close()
