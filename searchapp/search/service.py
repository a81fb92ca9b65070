"""The search service: one opened index per process, answering the page, the JSON API and the CLI.

A request takes a snapshot (searcher + numpy arrays + query parser of one index version); the
snapshot is replaced when the `current` symlink points at a new generation (a full rebuild) or
when the live generation got new commits (an incremental reindex), so no restart is needed.

Two locks: the service's guards the refresh only, so opening a new version never waits for a
search; each snapshot's serialises the requests reading it, because Whoosh's segment readers
seek and read file objects shared by all their users (two threads searching one searcher
failed with IndexError inside Whoosh's posting reader). A replaced snapshot's searcher is
closed once no request is reading it any more.
"""
from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import IndexMissing
from ..facets import facet_of
from ..records import Article, FacetCount, Hit, Query, SearchResult
from ..store import generations
from ..store.vocabulary import Vocabulary
from . import articles, counting, results
from .arrays import ArrayCache, IndexArrays
from .parsing import QueryBuilder

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    """One index version: never changes; read it under ``reading`` (see the module's docstring)."""

    path: Path
    searcher: object
    arrays: IndexArrays
    queries: QueryBuilder
    reading: threading.Lock = field(default_factory=threading.Lock, compare=False)


class SearchService:
    def __init__(self, index_dir):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._link: str | None = None        # the `current` symlink's target when last opened
        self._index = None
        self._snapshot: Snapshot | None = None
        self._retired: list[Snapshot] = []   # replaced, still open: requests may be reading them
        self._readers: dict[int, int] = {}   # id(snapshot) -> requests reading it now
        self._arrays = ArrayCache()

    # Opening and refreshing

    def snapshot(self) -> Snapshot:
        """The newest index version (opened or refreshed first if the index changed). Its arrays
        are safe to use at any time; its searcher only inside ``reading()``."""
        with self._lock:
            return self._refreshed()

    @contextmanager
    def reading(self) -> Iterator[Snapshot]:
        """The newest snapshot, held for one request: read by it alone, never closed under it."""
        with self._lock:
            snapshot = self._refreshed()
            self._readers[id(snapshot)] = self._readers.get(id(snapshot), 0) + 1
        try:
            with snapshot.reading:
                yield snapshot
        finally:
            with self._lock:
                left = self._readers.pop(id(snapshot)) - 1
                if left:
                    self._readers[id(snapshot)] = left
                self._close_idle()

    def _refreshed(self) -> Snapshot:
        try:
            link = os.readlink(self.index_dir / generations.CURRENT)
        except OSError:
            link = None
        if link != self._link or self._index is None:
            self._open(link)
        elif not self._snapshot.searcher.up_to_date():
            self._replace(self._index.searcher(), self._snapshot.path)
        return self._snapshot

    def _open(self, link: str | None) -> None:
        path = generations.current_path(self.index_dir) if link else None
        if path is None:
            raise IndexMissing(f"no index in {self.index_dir}: run `searchapp reindex SOURCE` first")
        self._index = generations.open_generation(path)
        self._link = link
        log.info("opened index %s", path)
        self._replace(self._index.searcher(), path)

    def _replace(self, searcher, path: Path) -> None:
        arrays = self._arrays.build(searcher.reader())
        old = self._snapshot
        # The word table is read on first use: the indexer rewrites it before each commit.
        queries = QueryBuilder(searcher.schema, Vocabulary(path))
        self._snapshot = Snapshot(path, searcher, arrays, queries)
        if old is not None:
            self._retired.append(old)
            self._close_idle()

    def _close_idle(self) -> None:
        """Close the replaced snapshots that no request is reading (the lock is held)."""
        for snapshot in [s for s in self._retired if id(s) not in self._readers]:
            self._retired.remove(snapshot)
            snapshot.searcher.close()

    def close(self) -> None:
        with self._lock:
            for snapshot in self._retired + ([self._snapshot] if self._snapshot else []):
                snapshot.searcher.close()
            self._retired, self._snapshot, self._index, self._link = [], None, None, None

    # Answers, each on the snapshot current when asked

    def search(self, query: Query) -> SearchResult:
        with self.reading() as snapshot:
            return results.search(snapshot, query)

    def article(self, doc_id: str) -> Article:
        with self.reading() as snapshot:
            return articles.article(snapshot, doc_id)

    def related(self, doc_id: str, limit: int = 5) -> list[Hit]:
        with self.reading() as snapshot:
            return articles.related(snapshot, doc_id, limit)

    def facet_values(self, kind: str, prefix: str = "", limit: int = 20) -> list[FacetCount]:
        """Values of one facet kind over the whole index, most frequent first (autocomplete)."""
        facet = facet_of(kind)
        # numpy arrays only: no Whoosh read, so no need to wait for one
        return counting.facet_values(self.snapshot().arrays, facet.kind, prefix, limit)
