"""Build and update the index from archive files: readers -> enrich -> writer.

Incremental by default: articles whose content hash is already indexed under the same id are
skipped before enrichment (so a re-run costs reading and hashing only), changed ones are updated.
``full=True`` writes a new generation beside the live one and swaps it in only when complete, so
a crash or kill leaves the previous index whole and searchable.
"""
from __future__ import annotations

import logging
import os
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..enrich import enrich_many
from ..errors import ReindexError
from ..readers import read_any, walk
from ..records import Article, RawDoc, Skipped
from . import generations
from .writer import exclusive, write

log = logging.getLogger(__name__)


@dataclass
class ReindexSummary:
    files_read: int = 0
    articles_read: int = 0
    indexed: int = 0          # new articles
    updated: int = 0          # ids already indexed whose text changed
    unchanged: int = 0
    duplicates: int = 0       # same normalised text as another article, indexed once
    skipped: list[Skipped] = field(default_factory=list)
    elapsed: float = 0.0
    words: int = 0            # words enriched (title + body), for throughput figures
    full: bool = False
    generation: str = ""

    @property
    def articles_per_s(self) -> float:
        return (self.indexed + self.updated) / self.elapsed if self.elapsed else 0.0

    def skip_reasons(self) -> Counter:
        return Counter(s.reason for s in self.skipped)


@dataclass
class Progress:
    """What the progress display is told; cli.py turns it into a tqdm bar or log lines."""

    bytes_total: int
    bytes_done: int = 0
    articles: int = 0


ProgressCallback = Callable[[Progress], None]


def _indexed_hashes(ix) -> dict[str, str]:
    """id -> content hash of every live document, read from the columns (no stored fields)."""
    with ix.reader() as reader:
        if reader.doc_count_all() == 0:
            return {}
        ids = reader.column_reader("id")
        hashes = reader.column_reader("content_hash")
        return {
            _text(ids[n]): _text(hashes[n])
            for n in range(reader.doc_count_all())
            if not reader.is_deleted(n)
        }


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def check_sources(sources: Iterable[str | os.PathLike]) -> list[Path]:
    paths = [Path(s) for s in sources]
    if not paths:
        raise ReindexError("no SOURCE given: name files or folders of archived articles")
    for p in paths:
        if not p.exists():
            raise ReindexError(f"{p}: no such file or folder", param=str(p))
    return paths


def reindex(
    sources: Iterable[str | os.PathLike],
    index_dir: str | os.PathLike,
    full: bool = False,
    workers: int = 1,
    progress: ProgressCallback | None = None,
) -> ReindexSummary:
    started = time.perf_counter()
    index_dir = Path(index_dir)
    paths = check_sources(sources)
    with exclusive(index_dir):
        live = generations.current_path(index_dir)
        full = full or live is None
        summary = ReindexSummary(full=full)
        if full:
            target = generations.create_generation(index_dir)
            known: dict[str, str] = {}
        else:
            target = live
            known = _indexed_hashes(generations.open_generation(target))
        summary.generation = target.name
        try:
            _index_into(target, paths, known, summary, workers, progress, live=not full)
        except BaseException:
            if full:
                shutil.rmtree(target, ignore_errors=True)
            raise
        if full:
            generations.swap_in(index_dir, target)
    summary.elapsed = time.perf_counter() - started
    log.info(
        "reindex done: %d files, %d indexed, %d updated, %d unchanged, %d duplicates, %d skipped in %.1fs",
        summary.files_read, summary.indexed, summary.updated, summary.unchanged,
        summary.duplicates, len(summary.skipped), summary.elapsed,
    )
    return summary


def _index_into(target: Path, paths, known, summary, workers, progress, live: bool) -> None:
    # Path-based ids are relative to the folder given (bbc/business/001.txt), so they stay the
    # same when the archive is moved or indexed from elsewhere.
    files = [(f, src if src.is_dir() else src.parent) for src in paths for f in walk([src])]
    state = Progress(bytes_total=sum(_size(f) for f, _ in files))
    to_enrich = _new_or_changed(files, known, summary, state)

    def count(article: Article, replaced: bool) -> None:
        if replaced:
            summary.updated += 1
        else:
            summary.indexed += 1
        summary.words += len(article.title.split()) + len(article.body.split())
        state.articles = summary.indexed + summary.updated
        if progress:
            progress(state)

    write(target, enrich_many(to_enrich, workers=workers), replace_ids=known, live=live, on_write=count)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _new_or_changed(files: list[tuple[Path, Path]], known: dict[str, str], summary: ReindexSummary,
                    state: Progress) -> Iterator[RawDoc]:
    """The RawDocs that need enrichment; counts the rest (unchanged, duplicates, skipped)."""
    seen_ids: set[str] = set()
    seen_hashes = set(known.values())
    for path, root in files:
        summary.files_read += 1
        for record in read_any(path, root=root):
            if isinstance(record, Skipped):
                log.warning("skipped %s", record)
                summary.skipped.append(record)
                continue
            summary.articles_read += 1
            digest = record.content_hash
            if record.doc_id in seen_ids:
                summary.duplicates += 1
                continue
            seen_ids.add(record.doc_id)
            if known.get(record.doc_id) == digest:
                summary.unchanged += 1
                continue
            if digest in seen_hashes:
                summary.duplicates += 1
                continue
            seen_hashes.add(digest)
            yield record
        state.bytes_done += _size(path)
