"""Writing the quotes index of a generation (``<generation>/quotes/``) beside its articles.

The one writer loop (writer.py) hands every article it writes to a QuoteWriter, which replaces
that article's quotes (deleted by article id, then added: a re-run after a failed commit never
doubles them) and commits just before the articles do, so a searcher that sees an article sees
its quotes. Each commit's segments get their numpy columns and their checksums (integrity.py)
saved beside them, as the articles'.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path

from ..records import Article
from . import generations, integrity, segment_arrays
from .schema import quote_documents

log = logging.getLogger(__name__)


class QuoteWriter:
    def __init__(self, generation: Path, limit_mb: int = 64):
        self.path = Path(generation) / generations.QUOTES
        self._ix = generations.open_quotes(generation)
        self._existing = set(os.listdir(self.path))
        self._limit_mb = limit_mb
        self._writer = self._new()

    def _new(self):
        return self._ix.writer(limitmb=self._limit_mb, **generations.WRITER_OPTIONS)

    def add(self, article: Article) -> None:
        """The article's quotes, in place of any it had."""
        self._writer.delete_by_term("article", article.doc_id)
        for fields in quote_documents(article):
            self._writer.add_document(**fields)

    def delete(self, doc_ids: Iterable[str]) -> None:
        for doc_id in doc_ids:
            self._writer.delete_by_term("article", doc_id)

    def commit(self, optimize: bool = False, again: bool = True) -> None:
        """Commit (``optimize``: into one segment), save the new segments' arrays; ``again``:
        open a writer for what follows."""
        self._writer.commit(optimize=optimize)
        segment_arrays.save_missing(self._ix, self.path)
        integrity.seal(self._ix, self.path)
        if again:
            self._writer = self._new()

    def cancel(self) -> None:
        """Drop what was written since the last commit, files included."""
        try:
            self._writer.cancel()
        except Exception:  # noqa: BLE001 - the caller reports the error that got us here
            log.debug("cancelling the quote writer of %s failed", self.path, exc_info=True)
        try:
            generations.remove_uncommitted(self.path, self._existing)
        except Exception:  # noqa: BLE001
            log.warning("cleaning up %s after a failed write failed", self.path, exc_info=True)
