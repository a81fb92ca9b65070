"""The enrichment pipeline: RawDoc in, Article out (entities, publication date, mentioned dates).

The NER forward pass runs in batches (``nlp.pipe``); then each article goes through STEPS in order,
each step filling part of a ``Draft``. The model reads the title and the body as one text
(title, blank line, body) so that title entities count toward the facets; ``Article.mentions``
keeps only the body's mentions, with offsets into ``raw.body``. Dateline places count as places
but have no mention (the dateline is not part of the body).

Where the batches are enriched is an ``Enrichment``: this process (InProcess), a pool of forked
processes (ProcessPool) or a Dask cluster (cluster.DaskEnrichment). Each worker does everything
for a batch (NER, normalisation, dates), loading the model once; the parent never loads spaCy and
keeps at most a few batches in flight, so a generator over a whole archive is consumed lazily.
"""
from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
from collections import deque
from contextlib import closing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Callable, Iterable, Iterator, Protocol

from searchapp.enrich import dates, entities, normalise, quotes
from searchapp.enrich.entities import Span
from searchapp.enrich.normalise import Resolved
from searchapp.errors import ClusterError
from searchapp.facets import FACETS
from searchapp.records import Article, Mention, Quote, RawDoc
from searchapp.store import minhash

logger = logging.getLogger(__name__)

TITLE_SEPARATOR = "\n\n"
# RawDocs per batch sent to a worker (and per nlp.pipe batch there); read at call time.
BATCH_SIZE = 64
# Enough batches queued per worker (~10 s of NER) to keep the workers busy while the indexer
# commits to Whoosh; still a bounded number of articles in memory.
BATCHES_IN_FLIGHT_PER_WORKER = 8


@dataclass
class Draft:
    """An article on its way through STEPS."""

    raw: RawDoc
    text: str                                   # what the model read: title, separator, body
    body_offset: int                            # where the body starts in text
    spans: list[Span]
    today: date
    resolved: list[Resolved] = field(default_factory=list)   # title, dateline and body entities
    published: date | None = None
    date_source: str = "none"
    mentioned_dates: tuple[date, ...] = ()
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class Analysis:
    """The Article plus every kept entity as written (title and dateline included), for evaluation."""

    article: Article
    resolved: tuple[Resolved, ...]


def ner_text(raw: RawDoc) -> tuple[str, int]:
    """(text the model reads, offset of the body in it): the title, a blank line and the body, as
    much of them as entities.readable_part reads."""
    if not raw.title:
        return entities.readable_part(raw.body), 0
    return entities.readable_part(raw.title + TITLE_SEPARATOR + raw.body), len(raw.title) + len(TITLE_SEPARATOR)


def enriched_length(raw: RawDoc) -> tuple[int, int]:
    """(characters enrichment reads, characters of the whole text): fewer past entities.ENRICHED_CHARS."""
    whole = len(raw.title) + len(TITLE_SEPARATOR) + len(raw.body) if raw.title else len(raw.body)
    return (whole if whole <= entities.ENRICHED_CHARS else len(ner_text(raw)[0])), whole


def resolve_entities(draft: Draft) -> None:
    found = normalise.resolve(draft.text, draft.spans)
    title = [r for r in found if r.start < draft.body_offset]
    body = [r for r in found if r.start >= draft.body_offset]
    datelined = [normalise.dateline_place(p) for p in draft.raw.dateline_places]
    draft.resolved = title + [r for r in datelined if r] + body


def add_dates(draft: Draft) -> None:
    raw = draft.raw
    draft.published, draft.date_source = dates.publication_date(
        raw.date_text, raw.dateline, raw.body, draft.today)
    draft.mentioned_dates = dates.mentioned_dates(draft.text, draft.published, draft.today)


def add_quotes(draft: Draft) -> None:
    """Who said what in the body, as far as the model read it (quotes.py)."""
    draft.quotes = quotes.find_quotes(draft.text[draft.body_offset:], body_mentions(draft))


STEPS: list[Callable[[Draft], None]] = [resolve_entities, add_dates, add_quotes]


def _facet(resolved: list[Resolved], type_: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_spaced(r.value) for r in resolved if r.type == type_))


def _spaced(value: str) -> str:
    """One space between words: a name across a line break ("Goldman\n Sachs") is the value a
    filter (whose spaces are collapsed) finds."""
    return " ".join(value.split())


def body_mentions(draft: Draft) -> tuple[Mention, ...]:
    """The body's entity mentions, offsets into the body."""
    raw, offset = draft.raw, draft.body_offset
    return tuple(
        Mention(raw.body[r.start - offset:r.end - offset], r.start - offset, r.end - offset,
                r.type, _spaced(r.value))
        for r in draft.resolved if r.start >= offset
    )


def _article(draft: Draft) -> Article:
    raw = draft.raw
    return Article(
        doc_id=raw.doc_id, source=raw.source, url=raw.url, title=raw.title, body=raw.body,
        published=draft.published, date_source=draft.date_source,
        mentioned_dates=draft.mentioned_dates,
        entities={facet.kind: _facet(draft.resolved, facet.kind) for facet in FACETS},
        mentions=body_mentions(draft), dateline=raw.dateline,
        author=raw.author, path=raw.path, content_hash=raw.content_hash, extra=raw.extra,
        quotes=draft.quotes,
        signature=minhash.signature(raw.title, raw.body),   # in the worker: it scales with them
    )


def analyse_batch(raws: list[RawDoc], batch_size: int = BATCH_SIZE, nlp=None) -> list[Analysis]:
    today = date.today()
    texts = [ner_text(raw) for raw in raws]
    spans = entities.find_spans((text for text, _ in texts), batch_size=batch_size, nlp=nlp)
    return [analyse_spans(raw, found, today) for raw, found in zip(raws, spans)]


def analyse_spans(raw: RawDoc, spans: list[Span], today: date) -> Analysis:
    """Every step after NER, given the model's spans of ``ner_text(raw)`` (bench/extraction_eval.py
    keeps them in a cache, so the rules can be tried again without the model)."""
    text, offset = ner_text(raw)
    draft = Draft(raw, text, offset, spans, today)
    for step in STEPS:
        step(draft)
    return Analysis(_article(draft), tuple(draft.resolved))


def enrich(raw: RawDoc) -> Article:
    """One article, in this process."""
    return analyse_batch([raw])[0].article


class Enrichment(Protocol):
    """Where batches of RawDocs are enriched. ``run`` yields each batch's analyses in input order
    and pulls ``batches`` lazily, holding a bounded number in flight."""

    def run(self, batches: Iterator[list[RawDoc]], batch_size: int) -> Iterator[list[Analysis]]: ...

    def workers_used(self) -> int:
        """How many workers enriched at least one batch (so far)."""

    def describe(self) -> str:
        """Where enrichment ran, for the summary ("2 worker processes")."""


class InProcess:
    def __init__(self) -> None:
        self._used = 0

    def run(self, batches: Iterator[list[RawDoc]], batch_size: int) -> Iterator[list[Analysis]]:
        for batch in batches:
            self._used = 1
            yield analyse_batch(batch, batch_size)

    def workers_used(self) -> int:
        return self._used

    def describe(self) -> str:
        return "in this process"


class ProcessPool:
    """Forked worker processes, each loading the model once (_init_worker). A worker that dies
    (the system's out-of-memory killer, a signal) takes its batch with it: the run ends with one
    error instead of waiting for that batch for ever, and a run that ends early (a full disk)
    stops the workers at once instead of letting them finish what they hold."""

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def run(self, batches: Iterator[list[RawDoc]], batch_size: int) -> Iterator[list[Analysis]]:
        pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_init_worker, initargs=(os.getpid(),))
        done = False
        try:
            pending: deque = deque()
            for batch in batches:
                pending.append((pool.submit(analyse_batch, batch, batch_size), batch[0].path or batch[0].doc_id))
                if len(pending) >= self.workers * BATCHES_IN_FLIGHT_PER_WORKER:
                    yield _pool_result(*pending.popleft())
            while pending:
                yield _pool_result(*pending.popleft())
            done = True
        finally:
            _stop(pool, done)

    def workers_used(self) -> int:
        return self.workers

    def describe(self) -> str:
        return f"{self.workers} worker processes"


def _pool_result(future, first: str) -> list[Analysis]:
    try:
        return future.result()
    except BrokenProcessPool:
        raise ClusterError(f"a worker process died while enriching (killed by the system: out of memory?); "
                           f"the batches in flight began at {first}", param="workers") from None


def _stop(pool: ProcessPoolExecutor, done: bool) -> None:
    if done:
        pool.shutdown(wait=True)
        return
    pool.shutdown(wait=False, cancel_futures=True)
    # A busy worker would finish its batch first (minutes for a long text): stop it now. The
    # executor has no public way to; _processes is CPython's own (3.8 to 3.13).
    workers = list((getattr(pool, "_processes", None) or {}).values())
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.join(timeout=5)


def local(workers: int = 1) -> Enrichment:
    """Enrichment on this machine: in this process, or a pool of ``workers`` processes."""
    return InProcess() if workers <= 1 else ProcessPool(workers)


def enrich_many(raws: Iterable[RawDoc], workers: int = 1, batch_size: int | None = None,
                enrichment: Enrichment | None = None) -> Iterator[Article]:
    """Articles in input order; ``raws`` is consumed lazily. Closing it (as a failed write does)
    stops the enrichment at once: its worker processes end, whatever they were doing."""
    with closing(analyse_many(raws, workers=workers, batch_size=batch_size, enrichment=enrichment)) as found:
        for analysis in found:
            yield analysis.article


def analyse_many(raws: Iterable[RawDoc], workers: int = 1, batch_size: int | None = None,
                 enrichment: Enrichment | None = None) -> Iterator[Analysis]:
    """Like enrich_many, with every kept entity as written (used by bench/extraction_eval.py).
    ``enrichment`` says where (default: ``local(workers)``)."""
    batch_size = batch_size or BATCH_SIZE
    with closing((enrichment or local(workers)).run(_batches(raws, batch_size), batch_size)) as results:
        for analyses in results:
            yield from analyses


def _init_worker(parent: int) -> None:
    _die_with_parent(parent)
    entities.load_nlp()


_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this worker when its parent dies. A SIGKILLed reindex cannot stop its
    pool, and orphaned workers would hold the reindex lock (inherited with the fork) for seconds."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):   # not Linux: workers end when the pool's queue closes
        logger.debug("prctl(PR_SET_PDEATHSIG) unavailable")
    if os.getppid() != parent:          # the parent died before the request was made
        os._exit(1)


def _batches(raws: Iterable[RawDoc], size: int) -> Iterator[list[RawDoc]]:
    iterator = iter(raws)
    while batch := list(islice(iterator, size)):
        yield batch
