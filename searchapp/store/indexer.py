"""Build and update the Whoosh index from archive files: readers -> enrich -> index.

Incremental by default: articles whose content hash is already indexed under the same id are
skipped before enrichment (so a re-run costs reading and hashing only), changed ones are updated.
``full=True`` writes a new generation beside the live one and swaps it in only when complete, so
a crash or kill leaves the previous index whole and searchable.
"""
from __future__ import annotations

import fcntl
import logging
import os
import shutil
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from whoosh import index as whoosh_index

from . import generations
from ..enrich import enrich_many
from ..errors import SearchAppError
from ..readers import read_any, walk
from ..records import Article, RawDoc, Skipped
from .schema import article_to_fields
from .vocabulary import VocabularyCounter, rebuild

log = logging.getLogger(__name__)

WRITER_LIMIT_MB = 256
# Commit every so many articles: a Whoosh commit writes all pooled postings in one go, and one
# commit at the end took ~15% of a run with the NER workers idle. Committing as we go lets the
# workers keep enriching the batches in flight meanwhile (and an interrupted incremental run
# keeps what it committed; re-running resumes by content hash).
COMMIT_EVERY = 2000


class ReindexError(SearchAppError):
    """A fatal problem: nothing readable, a source that does not exist, a busy index."""

    status = 400
    code = "reindex_failed"


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


@contextmanager
def _exclusive(index_dir: Path):
    """One reindex at a time per index folder (searches are never blocked)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".reindex.lock", "w") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReindexError(f"another reindex is running on {index_dir}") from None
        yield


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
    with _exclusive(index_dir):
        live = generations.current_path(index_dir)
        full = full or live is None
        summary = ReindexSummary(full=full)
        if full:
            target = generations.create_generation(index_dir)
            known: dict[str, str] = {}
        else:
            target = live
            known = _indexed_hashes(whoosh_index.open_dir(str(target)))
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
    ix = whoosh_index.open_dir(str(target))
    vocabulary = _vocabulary_of(ix, target)
    # Path-based ids are relative to the folder given (bbc/business/001.txt), so they stay the
    # same when the archive is moved or indexed from elsewhere.
    files = [(f, src if src.is_dir() else src.parent) for src in paths for f in walk([src])]
    state = Progress(bytes_total=sum(_size(f) for f, _ in files))
    to_enrich = _new_or_changed(files, known, summary, state)
    writer = ix.writer(limitmb=WRITER_LIMIT_MB)
    try:
        for article in enrich_many(to_enrich, workers=workers):
            fields = article_to_fields(article)
            vocabulary.add(article.title, article.body)
            if article.doc_id in known:
                writer.update_document(**fields)
                summary.updated += 1
            else:
                writer.add_document(**fields)
                summary.indexed += 1
            summary.words += len(article.title.split()) + len(article.body.split())
            state.articles = summary.indexed + summary.updated
            if progress:
                progress(state)
            if state.articles % COMMIT_EVERY == 0:
                if live:   # searchers pick up each commit: their vocabulary must cover it
                    vocabulary.save(target)
                writer.commit()
                writer = ix.writer(limitmb=WRITER_LIMIT_MB)
    except BaseException:
        writer.cancel()
        raise
    # Saved before the commit, so a searcher never sees words missing from its vocabulary.
    vocabulary.save(target)
    writer.commit()


def _vocabulary_of(ix, target: Path) -> VocabularyCounter:
    """The saved vocabulary; rebuilt from the stored text if the index predates it."""
    saved = VocabularyCounter.load(target)
    if saved is not None:
        return saved
    with ix.searcher() as searcher:
        if searcher.doc_count() == 0:
            return VocabularyCounter()
        log.info("rebuilding the vocabulary of %s from %d stored articles", target, searcher.doc_count())
        return rebuild(searcher.documents())


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


def write_articles(index_dir: str | os.PathLike, articles: Iterable[Article]) -> Path:
    """Write already-enriched articles as a new generation and swap it in (tests, benchmarks)."""
    index_dir = Path(index_dir)
    with _exclusive(index_dir):
        target = generations.create_generation(index_dir)
        ix = whoosh_index.open_dir(str(target))
        vocabulary = VocabularyCounter()
        with ix.writer(limitmb=WRITER_LIMIT_MB) as writer:
            for article in articles:
                writer.add_document(**article_to_fields(article))
                vocabulary.add(article.title, article.body)
            vocabulary.save(target)
        generations.swap_in(index_dir, target)
    return target
