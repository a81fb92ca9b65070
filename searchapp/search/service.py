"""The search service: one opened index per process, answering the page, the JSON API and the CLI.

A request takes a snapshot (searchers + numpy arrays + query parser of one index version); the
snapshot is replaced when the `current` symlink points at a new generation (a full rebuild) or
when the live generation got new commits (an incremental reindex), so no restart is needed.

Whoosh's segment readers seek and read file objects shared by all their users (two threads
searching one searcher failed with IndexError inside Whoosh's posting reader), so no searcher is
ever shared: each request borrows one from its snapshot's pool (opened over the same commit,
sharing the numpy arrays) and gives it back. No lock is held across a search: the service's
guards the refresh and the bookkeeping only, so a cheap query never waits behind an expensive
one. A replaced snapshot's searchers are closed once no request is reading it any more.

An index that cannot be opened (damaged, unreadable, of another format, missing) is answered
with a 503 naming the cause, logged once per cause, and opened again a moment later, so the
server mends itself when the index is fixed or swapped; while a newer version of the live index
fails to open, the version already open keeps answering. Damage to the version open (a file
truncated, zeroed or replaced under the server, found by store/integrity.py on a request, in the
background, or when reading the index raised) closes it: 503s naming the file until it opens
whole again.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from whoosh.index import TOC, FileIndex
from whoosh.searching import Searcher

from ..errors import IndexDamaged, IndexMissing, SearchAppError
from ..facets import facet_of
from ..records import (Article, EntityProfile, EntityQuery, FacetCount, Hit, Query, QuoteResult, SearchResult,
                       TrendQuery, TrendResult, Version)
from ..store import copies, generations, integrity
from ..store.vocabulary import Vocabulary
from . import articles, counting, entity, quotes, resolved, results, trends
from .export import Export
from .arrays import ArrayCache, IndexArrays
from .parsing import QueryBuilder

log = logging.getLogger(__name__)

RETRY_SECONDS = 2.0   # how soon an index that failed to open is tried again
OPEN_ATTEMPTS = 5     # a commit whose files vanish while it is opened (see _open_commit)


class SearcherPool:
    """Searchers over one commit of the index, lent to one request at a time."""

    def __init__(self, first: Searcher, open_another: Callable[[], Searcher]):
        self._open_another = open_another
        self._idle = [first]
        self._all = [first]
        self._lock = threading.Lock()

    def borrow(self) -> Searcher:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        searcher = self._open_another()   # outside the lock: opening reads the segments' headers
        with self._lock:
            self._all.append(searcher)
        return searcher

    def give_back(self, searcher: Searcher) -> None:
        with self._lock:
            self._idle.append(searcher)

    def __len__(self) -> int:
        return len(self._all)

    def close(self) -> None:
        with self._lock:
            for searcher in self._all:
                searcher.close()
            self._idle, self._all = [], []


@dataclass(frozen=True)
class Snapshot:
    """One index version: never changes. ``searcher`` is the first of the pool: outside
    ``reading()`` use it only for what reads no file (the schema, up_to_date())."""

    path: Path
    searcher: Searcher
    arrays: IndexArrays
    queries: QueryBuilder
    pool: SearcherPool = field(compare=False, repr=False)
    check: integrity.GenerationCheck = field(compare=False, repr=False)
    quotes: quotes.QuoteIndex | None = field(default=None, compare=False, repr=False)   # opened on first use

    def close(self) -> None:
        self.pool.close()
        if self.quotes is not None:
            self.quotes.close()


@dataclass
class _Failure:
    """Why the index last failed to open, and when: retried after RETRY_SECONDS."""

    link: str | None
    error: SearchAppError
    at: float


class SearchService:
    def __init__(self, index_dir):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._link: str | None = None        # the `current` symlink's target when last opened
        self._index = None
        self._snapshot: Snapshot | None = None
        self._failure: _Failure | None = None
        self._retired: list[Snapshot] = []   # replaced, still open: requests may be reading them
        self._readers: dict[int, int] = {}   # id(snapshot) -> requests reading it now
        self._arrays = ArrayCache()
        self._quote_arrays = ArrayCache()

    # Opening and refreshing

    def snapshot(self) -> Snapshot:
        """The newest index version (opened or refreshed first if the index changed). Its arrays
        are safe to use at any time; its searchers only inside ``reading()``."""
        with self._lock:
            return self._refreshed()

    @contextmanager
    def reading(self) -> Iterator[Snapshot]:
        """The newest snapshot with a searcher of its own, held for one request: never closed
        under it, never used by another request at the same time."""
        with self._lock:
            snapshot = self._refreshed()
            self._readers[id(snapshot)] = self._readers.get(id(snapshot), 0) + 1
        searcher = None
        try:
            searcher = snapshot.pool.borrow()
            yield replace(snapshot, searcher=searcher)
        except SearchAppError:
            raise
        except Exception as error:
            self._blame_damage(snapshot, error)
            raise
        finally:
            if searcher is not None:
                snapshot.pool.give_back(searcher)
            with self._lock:
                left = self._readers.pop(id(snapshot)) - 1
                if left:
                    self._readers[id(snapshot)] = left
                self._close_idle()

    def _blame_damage(self, snapshot: Snapshot, error: Exception) -> None:
        """Reading the index raised: if its files are damaged (their checksums say), that is the
        answer (IndexDamaged, a 503), and the version is closed; otherwise the error stands."""
        try:
            snapshot.check.verify_all()
        except IndexDamaged as damage:
            with self._lock:
                if self._snapshot is snapshot:
                    self._close_damaged()
                    self._record_failure(self._link, damage)
            raise damage from error

    def _close_damaged(self) -> None:
        """Stop answering from the damaged current version (the lock is held): it is opened
        again after RETRY_SECONDS, whole or not."""
        self._retired.append(self._snapshot)
        self._snapshot, self._index = None, None
        self._close_idle()

    def _checked(self) -> Snapshot:
        """The current snapshot after the per-request check of its files (the lock is held)."""
        snapshot = self._snapshot
        try:
            snapshot.check.check()
            if snapshot.check.vocabulary_changed():
                self._replace(snapshot.path)   # rewritten by a reindex, or damaged: opened anew
                self._snapshot.check.check()
        except IndexDamaged:
            if self._snapshot is snapshot and not snapshot.searcher.up_to_date():
                self._replace(snapshot.path)   # a commit merged files away: not damage
                return self._checked()
            self._close_damaged()
            raise
        return self._snapshot

    def _refreshed(self) -> Snapshot:
        try:
            link = os.readlink(self.index_dir / generations.CURRENT)
        except OSError:
            link = None
        failed = self._failure
        if failed and failed.link == link and time.monotonic() - failed.at < RETRY_SECONDS:
            if self._snapshot is None or link != self._link:
                raise failed.error
            return self._snapshot
        try:
            if link != self._link or self._index is None:
                self._open(link)
            elif not self._snapshot.searcher.up_to_date() or self._corrected() or self._regrouped():
                self._replace(self._snapshot.path)
            snapshot = self._checked()
        except Exception as error:   # noqa: BLE001 - whatever Whoosh raises on a damaged file
            return self._failed(link, error)
        if self._failure is not None:
            log.warning("index %s opens again", snapshot.path)
            self._failure = None
        return snapshot

    def _failed(self, link: str | None, error: Exception) -> Snapshot:
        """Remember why the index did not open (logging each new cause once); keep answering
        from the version already open if it is still the live generation, else raise a 503."""
        if not isinstance(error, SearchAppError):
            error = IndexDamaged(f"the index in {self.index_dir} cannot be read ({_describe(error)}): "
                                 "restore it or run `searchapp reindex --full SOURCE...`")
        error = self._record_failure(link, error)
        if self._snapshot is None or link != self._link:
            raise error
        return self._snapshot

    def _record_failure(self, link: str | None, error: SearchAppError) -> SearchAppError:
        previous = self._failure
        if previous is None or previous.error.message != error.message:
            log.error("%s: %s", error.code, error.message)
        self._failure = _Failure(link, error, time.monotonic())
        return error

    def _open(self, link: str | None) -> None:
        path = generations.current_path(self.index_dir) if link else None
        if path is None:
            raise IndexMissing(f"no index in {self.index_dir}: run `searchapp reindex SOURCE` first")
        index = generations.open_generation(path)
        self._index, self._link = index, link
        try:
            self._replace(path)
        except Exception:
            self._index = self._link = None   # the next request opens it again
            raise
        log.info("opened index %s", path)

    def _replace(self, path: Path) -> None:
        index = self._index
        toc, searcher = _open_commit(index)

        def open_searcher() -> Searcher:   # every searcher of the pool reads the same commit
            return _searcher_over(index, toc)

        try:
            # Sizes first: nothing of a truncated or missing file is read (a mapped array would
            # raise SIGBUS); the checksums are read in the background.
            check = integrity.GenerationCheck(path, [segment.segment_id() for segment in toc.segments])
            value_map = resolved.load(self.index_dir, path)
            arrays = self._arrays.build(searcher.reader(), path, value_map)
            # The word table is read on first use: the indexer rewrites it before each commit.
            queries = QueryBuilder(searcher.schema, Vocabulary(path), arrays)
        except Exception:
            searcher.close()
            raise
        check.verify_in_background()
        old = self._snapshot
        self._snapshot = Snapshot(path, searcher, arrays, queries, SearcherPool(searcher, open_searcher), check,
                                  quotes.QuoteIndex(lambda: self._open_quotes(path, value_map)))
        if old is not None:
            self._retired.append(old)
            self._close_idle()

    def _open_quotes(self, path: Path, value_map) -> quotes.OpenedQuotes:
        """The generation's quotes index: a pool of searchers over its latest commit, its arrays,
        the parser of its queries (`person:` resolves against the speakers), the check of its
        files (sizes now, checksums in the background, as the articles')."""
        index = generations.open_quotes(path)
        toc, searcher = _open_commit(index)
        try:
            check = integrity.GenerationCheck(path / generations.QUOTES,
                                              [segment.segment_id() for segment in toc.segments],
                                              with_vocabulary=False)
            arrays = self._quote_arrays.build(searcher.reader(), path / generations.QUOTES, value_map)
        except Exception:
            searcher.close()
            raise
        check.verify_in_background()
        queries = QueryBuilder(searcher.schema, Vocabulary(path), arrays)
        return quotes.OpenedQuotes(SearcherPool(searcher, lambda: _searcher_over(index, toc)), arrays, queries,
                                   check)

    def _corrected(self) -> bool:
        """Whether the entity value maps changed since the snapshot's columns were built."""
        snapshot = self._snapshot
        built = snapshot.arrays.value_map
        return resolved.stamp(self.index_dir, snapshot.path) != (built.stamp if built is not None else None)

    def _regrouped(self) -> bool:
        """Whether the copies' groups were written since the snapshot was built (the grouping
        pass runs after a reindex's last commit)."""
        snapshot = self._snapshot
        return copies.stamp(snapshot.path) != snapshot.arrays.stories.stamp

    def _close_idle(self) -> None:
        """Close the replaced snapshots that no request is reading (the lock is held)."""
        for snapshot in [s for s in self._retired if id(s) not in self._readers]:
            self._retired.remove(snapshot)
            snapshot.close()

    def close(self) -> None:
        with self._lock:
            for snapshot in self._retired + ([self._snapshot] if self._snapshot else []):
                snapshot.close()
            self._retired, self._snapshot, self._index, self._link = [], None, None, None

    # Answers, each on the snapshot current when asked

    def search(self, query: Query, more: tuple[str, ...] = (), more_page: int = 1) -> SearchResult:
        """``more``: facet kinds to list results.MORE_FACET_LIMIT values of (the ``more_page``-th
        hundred)."""
        with self.reading() as snapshot:
            return results.search(snapshot, query, more, more_page)

    def trends(self, request: TrendQuery) -> TrendResult:
        with self.reading() as snapshot:
            return trends.trends(snapshot, request)

    def entity(self, request: EntityQuery) -> EntityProfile:
        """One entity's page; NotFound when the archive does not name it."""
        with self.reading() as snapshot:
            return entity.entity(snapshot, request)

    def quotes(self, query: Query) -> QuoteResult:
        """A page of the quotes ``query`` finds (search/quotes.py says how it reads a Query)."""
        with self.reading() as snapshot:
            return quotes.search(snapshot, query)

    def export(self, query: Query, fmt: str, link=None, bom: bool = True) -> Export:
        """Every match of ``query`` as lines of ``fmt`` (csv, jsonl), read as they are written;
        it holds a searcher until closed. ``link``: article id -> the URL of its page; ``bom``:
        a CSV starts with a UTF-8 byte order mark."""
        return Export(self.reading, query, fmt, link=link, bom=bom)

    def export_quotes(self, query: Query, fmt: str, link=None, bom: bool = True) -> Export:
        """Every quote ``query`` finds as lines of ``fmt``, read as they are written (``link``,
        ``bom``: as export's)."""
        return Export(self.reading, query, fmt, link=link, bom=bom, rows=quotes.export_lines)

    def article(self, doc_id: str) -> Article:
        with self.reading() as snapshot:
            return articles.article(snapshot, doc_id)

    def query_matches(self, text: str, pieces: tuple[str, ...]) -> list[list[tuple[int, int]]]:
        """Where a search for ``text`` marks each of ``pieces`` (an article's title and body)."""
        with self.reading() as snapshot:
            return articles.query_matches(snapshot, text, pieces)

    def versions(self, doc_id: str) -> tuple[Version, ...]:
        """The copies of the article's story, the representative first (itself alone: none)."""
        with self.reading() as snapshot:
            return articles.versions(snapshot, doc_id)

    def related(self, doc_id: str, limit: int = 5) -> list[Hit]:
        with self.reading() as snapshot:
            return articles.related(snapshot, doc_id, limit)

    def facet_values(self, kind: str, prefix: str = "", limit: int = 20) -> list[FacetCount]:
        """Values of one facet kind over the whole index, most frequent first (autocomplete)."""
        return self.facet_page(kind, prefix, limit)[0]

    def facet_page(self, kind: str, prefix: str = "", limit: int = 20, query: Query | None = None,
                   page: int = 1) -> tuple[list[FacetCount], int]:
        """One page of a facet kind's values, most frequent first, and how many there are: over
        the whole index, or over ``query``'s results (the counts of its facet list: stories when
        it collapses copies). Without ``query``, articles over the whole index."""
        facet = facet_of(kind)
        offset = (page - 1) * limit
        by_story = query is not None and query.collapse
        if query is None or not narrows(query):
            # numpy arrays only: no Whoosh read, so no searcher is borrowed
            tally = counting.Tally(self.snapshot().arrays, by_story)
            return counting.facet_values(tally, facet.kind, prefix, limit, offset=offset)
        with self.reading() as snapshot:
            mask = results.matches(snapshot, query)
            return counting.facet_values(counting.Tally(snapshot.arrays, by_story), facet.kind, prefix, limit,
                                         mask, offset)


def narrows(query: Query) -> bool:
    """Whether ``query`` finds less than the whole archive could (text, filters, dates)."""
    return bool(query.text or query.date_from or query.date_to or query.undated
                or any(query.include.values()) or any(query.exclude.values()))


def _open_commit(index) -> tuple[TOC, Searcher]:
    """The latest commit of ``index`` and a searcher over it. A writer merging segments deletes
    the old ones after its commit, so a file may vanish just as it is opened: like Whoosh's own
    reader(), try again a few times before calling that damage."""
    attempts = 1
    while True:
        try:
            toc = TOC.read(index.storage, index.indexname)
            return toc, _searcher_over(index, toc)
        except FileNotFoundError:
            if attempts == OPEN_ATTEMPTS:
                raise
            attempts += 1
            time.sleep(0.05)


def _searcher_over(index, toc: TOC) -> Searcher:
    reader = FileIndex._reader(index.storage, toc.schema, list(toc.segments), toc.generation)
    return Searcher(reader, fromindex=index)


def _describe(error: Exception) -> str:
    text = str(error).strip()
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
