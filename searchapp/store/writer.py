"""Writing Article records into an index generation: the one writer loop.

``write`` adds (or updates) articles and keeps the generation's word table in step with what it
commits; ``write_articles`` builds a whole new generation from records and swaps it in (tests,
benchmarks). The indexer (indexer.py) drives ``write`` for a reindex.
"""
from __future__ import annotations

import fcntl
import logging
import os
import shutil
from collections.abc import Callable, Container, Iterable, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from ..entities import archive
from ..errors import ReindexError
from ..records import Article
from . import copies, generations, integrity, segment_arrays
from .quotes import QuoteWriter
from .schema import article_to_fields
from .vocabulary import VocabularyCounter, rebuild

log = logging.getLogger(__name__)

WRITER_LIMIT_MB = 256
# Into a live generation (an incremental reindex), commit every so many articles: they become
# searchable as the run goes, and an interrupted run keeps what it committed (re-running
# resumes by content hash). A new generation is written in one commit (see write()).
COMMIT_EVERY = 2000

OnWrite = Callable[[Article, bool], None]   # (article, True when it replaced an indexed one)


@contextmanager
def exclusive(index_dir: Path):
    """One writer at a time per index folder (searches are never blocked)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".reindex.lock", "w") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReindexError(f"another reindex is running on {index_dir}") from None
        yield


def write(generation: Path, articles: Iterable[Article], replace_ids: Container[str] = (),
          live: bool = False, on_write: OnWrite | None = None,
          commit_every: int | None = None, procs: int = 1,
          first_indexed: Mapping[str, datetime] | None = None) -> None:
    """Write ``articles`` into ``generation``: an article whose id is in ``replace_ids`` updates
    the indexed one, the others are added. Each keeps the time ``first_indexed`` holds for its id
    (an update, a full rebuild), else its own, else gets the time it is written. ``live``: searchers may be reading this generation,
    so the word table is saved before every commit (never behind what they can see), and a
    commit every ``commit_every`` articles (default COMMIT_EVERY; 0: one at the end) makes the
    new articles searchable as it goes. A new generation (not live) is written in one commit
    into one segment: a query then looks each term up once instead of once per segment (a
    full reindex of 23,000 articles used to leave 12; one segment cut `wor*` from 19 to 12 ms),
    and it costs the least CPU (4,000 articles: 7.6 s in one commit, 10.1 s committing every
    500, 15.5 s merging those segments at the end), which the NER workers need.
    """
    if commit_every is None:
        commit_every = COMMIT_EVERY if live else 0
    ix = generations.open_generation(generation)
    vocabulary = _vocabulary_of(ix, generation)

    def new_writer():
        if procs > 1:   # Whoosh's multiprocessing writer: one segment per process, merged when new
            return ix.writer(limitmb=WRITER_LIMIT_MB, procs=procs, multisegment=live,
                             **generations.WRITER_OPTIONS)
        return ix.writer(limitmb=WRITER_LIMIT_MB, **generations.WRITER_OPTIONS)

    existing = set(os.listdir(generation))
    quotes = QuoteWriter(generation)
    writer = new_writer()
    written = 0
    try:
        for article in articles:
            article = _first_indexed(article, first_indexed or {})
            fields = article_to_fields(article)
            vocabulary.add(article.title, article.body)
            quotes.add(article)
            replaced = article.doc_id in replace_ids
            if replaced:
                writer.update_document(**fields)
            else:
                writer.add_document(**fields)
            written += 1
            if on_write:
                on_write(article, replaced)
            if commit_every and written % commit_every == 0:
                if live:
                    vocabulary.save(generation)
                quotes.commit()   # before the articles: a searcher seeing one sees its quotes
                writer.commit()
                if live:   # a new generation's segments are merged at the end: arrays then
                    _seal(ix, generation)
                writer = new_writer()
        # Saved before the commit, so a searcher never sees words missing from its vocabulary.
        vocabulary.save(generation)
        quotes.commit(optimize=not live, again=False)
        writer.commit(optimize=not live)
    except BaseException:
        quotes.cancel()
        _cancel(writer, generation, existing)
        raise
    _seal(ix, generation)


def _seal(ix, generation: Path) -> None:
    """After a commit: the arrays of its new segments, then their checksums (integrity.py)."""
    segment_arrays.save_missing(ix, generation)
    integrity.seal(ix, generation)


def _first_indexed(article: Article, carried: Mapping[str, datetime]) -> Article:
    when = carried.get(article.doc_id) or article.first_indexed or datetime.now(timezone.utc)
    return article if when == article.first_indexed else replace(article, first_indexed=when)


def delete(generation: Path, doc_ids: Iterable[str]) -> None:
    """Remove the articles ``doc_ids`` from a (live) generation in one commit, written like any
    other: uncompounded, with the arrays of any segment the commit merged saved beside it."""
    ix = generations.open_generation(generation)
    existing = set(os.listdir(generation))
    doc_ids = list(doc_ids)
    quotes = QuoteWriter(generation)
    writer = ix.writer(**generations.WRITER_OPTIONS)
    try:
        quotes.delete(doc_ids)
        for doc_id in doc_ids:
            writer.delete_by_term("id", doc_id)
        quotes.commit(again=False)
        writer.commit()
    except BaseException:
        quotes.cancel()
        _cancel(writer, generation, existing)
        raise
    _seal(ix, generation)


def _cancel(writer, generation: Path, existing: set[str]) -> None:
    """A failed write (a full disk, an interrupt) leaves the generation as its last commit left
    it: no temporary pool, no half-written segment."""
    try:
        writer.cancel()
    except Exception:  # noqa: BLE001 - the original error is the one to report
        log.debug("cancelling the writer of %s failed", generation, exc_info=True)
    try:
        generations.remove_uncommitted(generation, existing)
    except Exception:  # noqa: BLE001
        log.warning("cleaning up %s after a failed write failed", generation, exc_info=True)


def write_articles(index_dir: str | os.PathLike, articles: Iterable[Article], procs: int = 1) -> Path:
    """Already-enriched articles as a new generation, swapped in when complete (one commit)."""
    index_dir = Path(index_dir)
    with exclusive(index_dir):
        generation = generations.create_generation(index_dir)
        try:
            write(generation, articles, commit_every=0, procs=procs)
            archive.run(generation)
            copies.run(generation)
        except BaseException:
            shutil.rmtree(generation, ignore_errors=True)
            raise
        generations.swap_in(index_dir, generation)
    return generation


def _vocabulary_of(ix, generation: Path) -> VocabularyCounter:
    """The saved vocabulary; rebuilt from the stored text if the index predates it."""
    saved = VocabularyCounter.load(generation)
    if saved is not None:
        return saved
    with ix.searcher() as searcher:
        if searcher.doc_count() == 0:
            return VocabularyCounter()
        log.info("rebuilding the vocabulary of %s from %d stored articles", generation, searcher.doc_count())
        return rebuild(searcher.documents())
