"""Build and update the index from archive files: readers -> enrich -> writer.

Incremental by default: articles whose content hash is already indexed under the same id are
skipped before enrichment (so a re-run costs reading and hashing only), changed ones are updated,
and the articles of a source's files that are gone (or no longer yield that id) are removed.
``full=True`` writes a new generation beside the live one and swaps it in only when complete, so
a crash, a kill, a full disk or a source with nothing readable leaves the previous index whole.
Enrichment runs where an ``Enrichment`` says (this process, a pool of ``workers`` processes, or a
Dask cluster named by ``dask``); batching, writing in input order, progress and the summary are
the same whichever runs it.
"""
from __future__ import annotations

import logging
import os
import shutil
import time
from collections import Counter
from contextlib import closing, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..enrich import enrich_many
from ..enrich.pipeline import Enrichment, enriched_length, local
from ..errors import ClusterError, IndexOutdated, ReindexError
from ..readers import count_articles, missing_reason, read_any, survey
from ..readers.cleaning import cap_fields
from ..records import Article, RawDoc, Skipped
from ..entities import archive
from . import copies, generations
from .indexed_times import column_text, first_indexed
from .stats import article_counts
from .writer import delete, exclusive, write

log = logging.getLogger(__name__)

# A full rebuild finding fewer than this share of the live index's articles is warned about
# (a source missing or not mounted?), never refused: a smaller archive may be deliberate.
SHRINK_WARNING = 0.5
# Reasons for which a file's articles stay indexed although it yielded none this time: the file
# is there but could not be read now (permissions, I/O), which says nothing about its articles.
_TRANSIENT = ("cannot open", "reader failed")


@dataclass
class ReindexSummary:
    files_read: int = 0
    articles_read: int = 0
    indexed: int = 0          # new articles
    updated: int = 0          # ids already indexed whose text changed
    unchanged: int = 0
    duplicates: int = 0       # same normalised text as another article, indexed once
    removed: int = 0          # indexed from a source's files that are gone or no longer yield them
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    words: int = 0            # words enriched (title + body), for throughput figures
    full: bool = False
    generation: str = ""
    enrichment: str = ""      # where enrichment ran ("2 worker processes", "Dask cluster tcp://…")
    workers: int = 0          # workers that enriched at least one batch
    in_index: int = 0         # articles in the index after the run
    undated_in_index: int = 0 # of them, without a publication date

    @property
    def changed(self) -> bool:
        return bool(self.indexed or self.updated or self.removed)
    copy_groups: copies.Summary | None = None   # the near-duplicate groups after the run

    @property
    def articles_per_s(self) -> float:
        return (self.indexed + self.updated) / self.elapsed if self.elapsed else 0.0

    def skip_reasons(self) -> Counter:
        return Counter(s.reason for s in self.skipped)


@dataclass
class Progress:
    """What the progress display is told; cli.py turns it into a tqdm bar or log lines.
    ``articles_total`` is counted before the run (count_articles: an estimate for some formats);
    ``articles_done`` counts every article dealt with: written, unchanged, duplicate or skipped."""

    articles_total: int
    articles_done: int = 0
    articles_written: int = 0


ProgressCallback = Callable[[Progress], None]


@dataclass
class _Seen:
    """What one run found, for removing what the archive no longer holds."""

    ids: set[str] = field(default_factory=set)
    articles_by_source: Counter = field(default_factory=Counter)
    unreadable: set[Path] = field(default_factory=set)     # files there but not readable now


def _indexed_hashes(ix) -> dict[str, str]:
    """id -> content hash of every live document, read from the columns (no stored fields)."""
    with ix.reader() as reader:
        if reader.doc_count_all() == 0:
            return {}
        ids = reader.column_reader("id")
        hashes = reader.column_reader("content_hash")
        return {
            column_text(ids[n]): column_text(hashes[n])
            for n in range(reader.doc_count_all())
            if not reader.is_deleted(n)
        }


def check_sources(sources: Iterable[str | os.PathLike]) -> list[Path]:
    paths = [Path(s) for s in sources]
    if not paths:
        raise ReindexError("no SOURCE given: name files or folders of archived articles")
    for p in paths:
        missing = missing_reason(p)
        if missing:
            raise ReindexError(f"{p}: {missing}", param=str(p))
    return [p.absolute() for p in paths]


def reindex(
    sources: Iterable[str | os.PathLike],
    index_dir: str | os.PathLike,
    full: bool = False,
    workers: int = 1,
    progress: ProgressCallback | None = None,
    dask: str | None = None,
    dask_timeout: float | None = None,
) -> ReindexSummary:
    """``dask``: enrich on the Dask scheduler at this address (tcp://host:8786), or on a
    LocalCluster of N worker processes for "local:N", instead of ``workers`` local processes;
    ``dask_timeout``: seconds to reach it (cluster.CONNECT_TIMEOUT by default)."""
    started = time.perf_counter()
    index_dir = Path(index_dir)
    paths = check_sources(sources)
    if dask and workers > 1:
        raise ReindexError("--dask and --workers exclude each other: the cluster's workers enrich",
                           param="workers")
    pass_processes = 1 if dask else max(workers, 1)     # a cluster's cores are not this machine's
    with _enrichment(workers, dask, dask_timeout) as enrichment, _disk_errors(index_dir), \
            exclusive(index_dir):
        for name in generations.remove_unfinished(index_dir):
            log.info("removed %s, left half-built by an interrupted rebuild", name)
        live = generations.current_path(index_dir)
        summary = ReindexSummary(full=full or live is None, enrichment=enrichment.describe())
        if summary.full:
            _rebuild(index_dir, live, paths, summary, enrichment, progress, pass_processes)
        else:
            _update(live, paths, summary, enrichment, progress, pass_processes)
        summary.in_index, summary.undated_in_index = article_counts(index_dir)
    summary.elapsed = time.perf_counter() - started
    log.info(
        "reindex done: %d files, %d indexed, %d updated, %d unchanged, %d duplicates, %d removed, "
        "%d skipped in %.1fs", summary.files_read, summary.indexed, summary.updated, summary.unchanged,
        summary.duplicates, summary.removed, len(summary.skipped), summary.elapsed,
    )
    return summary


def _enrichment(workers: int, dask: str | None, timeout: float | None):
    """A context manager giving the Enrichment to run (a Dask client and cluster are opened
    before the index is touched, so an unreachable one fails before anything is written)."""
    if not dask:
        return nullcontext(local(workers))
    from ..enrich import cluster   # imports distributed: only for --dask

    return cluster.connect(dask, cluster.CONNECT_TIMEOUT if timeout is None else timeout)


@contextmanager
def _disk_errors(index_dir: Path):
    """An OSError while writing (a full disk, a read-only folder) becomes one line naming the
    index folder and the cause; the writer has already removed what the failed run wrote."""
    try:
        yield
    except OSError as exc:
        if exc.errno is None:   # not from the file system (spaCy's "model not found" is one)
            raise
        cause = exc.strerror or str(exc)
        raise ReindexError(f"cannot write the index in {index_dir}: {cause} (errno {exc.errno}); "
                           "the live index is unchanged") from None


def _rebuild(index_dir: Path, live: Path | None, paths: list[Path], summary: ReindexSummary,
             enrichment: Enrichment, progress: ProgressCallback | None, pass_processes: int = 1) -> None:
    target = generations.create_generation(index_dir)
    summary.generation = target.name
    try:
        seen = _index_into(target, paths, {}, summary, enrichment, progress, live=False,
                           carried=first_indexed(live))
        _refuse_unreadable(paths, seen, summary)
    except ClusterError as error:
        shutil.rmtree(target, ignore_errors=True)
        raise ClusterError(f"{error.message}; the live index is unchanged", param=error.param) from None
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    before = _doc_count(live) if live else 0
    written = summary.indexed + summary.updated
    if before and written < SHRINK_WARNING * before:
        summary.warnings.append(
            f"the new index holds {written:,} articles, the one it replaces {before:,}: "
            "was every source given (and mounted)?")
    _resolve_entities(target, summary, pass_processes)
    _group_copies(target, summary)
    generations.swap_in(index_dir, target)


def _update(live: Path, paths: list[Path], summary: ReindexSummary, enrichment: Enrichment,
            progress: ProgressCallback | None, pass_processes: int = 1) -> None:
    summary.generation = live.name
    ix = generations.open_generation(live)
    known = _indexed_hashes(ix)
    try:
        seen = _index_into(live, paths, known, summary, enrichment, progress, live=True,
                           carried=first_indexed(live))
    except ClusterError as error:   # the writer cancelled what it had not committed
        raise ClusterError(f"{error.message}; the index keeps what this run committed before "
                           "(re-run to finish: unchanged articles are skipped)", param=error.param) from None
    readable = [p for p in paths if seen.articles_by_source[p]]
    gone = _gone_ids(ix, set(known) - seen.ids, readable, seen.unreadable)
    if gone:
        delete(live, gone)
        summary.removed = len(gone)
    _refuse_unreadable(paths, seen, summary)
    _resolve_entities(live, summary, pass_processes)
    _group_copies(live, summary)


def _group_copies(generation: Path, summary: ReindexSummary) -> None:
    """Near-duplicate groups over what is now indexed (a new copy joins its story's group)."""
    try:
        summary.copy_groups = copies.run(generation)
    except Exception as error:   # noqa: BLE001 - the articles are indexed: searches show every copy
        log.exception("grouping the copies of %s failed", generation)
        summary.warnings.append(f"grouping copies of one story failed ({type(error).__name__}: {error}); "
                                "searches list every copy")


def _resolve_entities(generation: Path, summary: ReindexSummary, processes: int) -> None:
    """The archive-wide pass over what is now indexed (a new article can change a vote), reading
    the texts with as many processes as enriched them here."""
    try:
        archive.run(generation, processes)
    except Exception as error:   # noqa: BLE001 - the articles are indexed: searches show them as written
        log.exception("entity resolution of %s failed", generation)
        summary.warnings.append(f"entity resolution failed ({type(error).__name__}: {error}); "
                                "facet values are shown as each article's analysis gave them")


def _gone_ids(ix, candidates: set[str], sources: list[Path], unreadable: set[Path]) -> list[str]:
    """The ids among ``candidates`` (indexed, not found this run) whose file, as stored in their
    ``path`` field, is one of ``sources`` or lies under one (and was not merely unreadable now)."""
    roots = [source.resolve() for source in sources]
    gone = []
    with ix.searcher() as searcher:
        for doc_id in sorted(candidates):
            stored = searcher.document(id=doc_id) or {}
            path = Path(stored.get("path") or "/").resolve()
            if path not in unreadable and any(path == root or root in path.parents for root in roots):
                gone.append(doc_id)
    return gone


def _refuse_unreadable(paths: list[Path], seen: _Seen, summary: ReindexSummary) -> None:
    """A source that gave no article at all (an empty folder, an archive not mounted, only
    binary files) is an error, never an empty index."""
    for path in paths:
        if seen.articles_by_source[path]:
            continue
        under = [s for s in summary.skipped if Path(s.path) == path or path in Path(s.path).parents]
        detail = "; ".join(str(s) for s in under[:3]) + (f"; … {len(under) - 3} more" if len(under) > 3 else "")
        what = f"every file was skipped: {detail}" if under else "no files in it"
        raise ReindexError(f"nothing readable in {path} ({what})", param=str(path))


def _doc_count(generation: Path) -> int:
    """Articles in a live generation (0 when it is of another format: it is being replaced)."""
    try:
        ix = generations.open_generation(generation)
    except IndexOutdated:
        return 0
    with ix.reader() as reader:
        return reader.doc_count()


def _index_into(target: Path, paths, known, summary, enrichment: Enrichment, progress, live: bool,
                carried: dict | None = None) -> _Seen:
    """``carried``: id -> when first indexed, kept for the articles written again."""
    # Path-based ids are relative to the folder given (bbc/business/001.txt), so they stay the
    # same when the archive is moved or indexed from elsewhere.
    files = []
    for src in paths:
        for item in survey([src]):
            if isinstance(item, Skipped):
                summary.skipped.append(item)
            else:
                files.append((item, src, src if src.is_dir() else src.parent))
    state = Progress(articles_total=sum(count_articles(f) for f, _, _ in files))
    seen = _Seen()
    to_enrich = _new_or_changed(files, known, summary, seen, _reporter(state, progress))

    def count(article: Article, replaced: bool) -> None:
        if replaced:
            summary.updated += 1
        else:
            summary.indexed += 1
        summary.words += len(article.title.split()) + len(article.body.split())
        state.articles_written += 1
        state.articles_done += 1
        if progress:
            progress(state)

    with closing(enrich_many(to_enrich, enrichment=enrichment)) as articles:   # a failed write stops the workers
        write(target, articles, replace_ids=known, live=live, on_write=count, first_indexed=carried)
    summary.workers = enrichment.workers_used()
    state.articles_total = state.articles_done
    if progress:
        progress(state)
    return seen


def _reporter(state: Progress, progress: ProgressCallback | None) -> Callable[[], None]:
    """Counts one article dealt with before enrichment (unchanged, duplicate, skipped)."""
    def done() -> None:
        state.articles_done += 1
        if progress:
            progress(state)
    return done


def _new_or_changed(files: list[tuple[Path, Path, Path]], known: dict[str, str], summary: ReindexSummary,
                    seen: _Seen, done: Callable[[], None]) -> Iterator[RawDoc]:
    """The RawDocs that need enrichment; counts the rest (unchanged, duplicates, skipped)."""
    seen_hashes = set(known.values())
    for path, source, root in files:
        summary.files_read += 1
        for record in read_any(path, root=root):
            if isinstance(record, Skipped):
                log.warning("skipped %s", record)
                summary.skipped.append(record)
                if not record.location and record.reason.startswith(_TRANSIENT):
                    seen.unreadable.add(path.resolve())
                done()
                continue
            record = _capped(record, summary)
            summary.articles_read += 1
            seen.articles_by_source[source] += 1
            digest = record.content_hash
            if record.doc_id in seen.ids:
                summary.duplicates += 1
            elif known.get(record.doc_id) == digest:
                summary.unchanged += 1
            elif digest in seen_hashes:
                summary.duplicates += 1
            else:
                seen_hashes.add(digest)
                seen.ids.add(record.doc_id)
                yield record
                continue
            seen.ids.add(record.doc_id)
            done()


def _capped(record: RawDoc, summary: ReindexSummary) -> RawDoc:
    record, notes = cap_fields(record)
    enriched, whole = enriched_length(record)
    if enriched < whole:
        notes.append(f"text of {whole:,} characters, longer than any news article: its people, places, "
                     f"organisations and dates are taken from its first {enriched:,} (all of it is searchable)")
    for note in notes:
        summary.warnings.append(f"{record.path}: {record.doc_id}: {note}")
    return record
