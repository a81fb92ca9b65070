"""Who said what: searching the quotes of a generation (store/quotes.py), and an entity's quotes.

A snapshot opens its generation's quotes index on the first quote request (QuoteIndex: searchers
of its own, numpy columns built as the articles' are, with the entity resolution and the user's
corrections, so a merged, hidden or retyped speaker filters and shows as that value does
everywhere). A quote request is the search's Query, read for quotes:

- ``q``: the quote's words, in the search's query language (``person:lavrov``: its speaker);
- ``person``, ``org`` and their exclusions: the speaker, resolved as the search resolves a filter;
- ``place`` (and ``not_place``): the quote's article names the place, as the search filters it;
- ``from``, ``to``, ``undated``: the article's publication date (each quote holds its article's).

A place filter reads each quote's article through the snapshot's articles (the map of quotes to
articles is worked out on the first such request of an index version: 0.1 s at 23,000 articles);
the rest reads the quotes index alone.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..errors import SearchAppError
from ..facets import FACETS, SPEAKERS
from ..records import DateBucket, Query, QuoteHit, QuoteResult, QuoteTimeline
from ..store.schema import stored_entities
from . import resolved
from .arrays import NO_DATE, IndexArrays
from ..store.integrity import GenerationCheck
from .articles import query_marks
from .counting import top_values
from .export import csv_line, jsonl_line
from .filters import facet_masks, intersect, resolve_values
from .matching import Unsupported, matching_mask, rank
from .parsing import QueryBuilder
from .snippets import Marks, marked_text

SPEAKER_LIMIT = 10     # speakers listed beside a page of quotes
# An export's columns: a quote's JSON fields but the HTML snippet, in this order.
COLUMNS = ("text", "speaker", "speaker_kind", "direct", "article_id", "title", "date", "start", "end", "link")
ENTITY_QUOTES = 5      # newest quotes on an entity page
SPEAKING = {facet.kind for facet in SPEAKERS}


@dataclass(frozen=True)
class OpenedQuotes:
    """A generation's quotes index as the service opened it."""

    pool: Any                        # search/service.SearcherPool over its latest commit
    arrays: IndexArrays
    queries: QueryBuilder            # `person:` resolves against the speakers
    check: GenerationCheck           # its files' sizes and checksums


class QuoteIndex:
    """One snapshot's quotes, opened on first use by ``open_`` (the service's); the article each
    quote belongs to, as a doc number of the snapshot's articles, worked out once too."""

    def __init__(self, open_: Callable[[], OpenedQuotes]):
        self._open = open_
        self._lock = threading.Lock()
        self._opened: OpenedQuotes | None = None
        self._articles: np.ndarray | None = None

    def _opened_now(self) -> OpenedQuotes:
        with self._lock:
            if self._opened is None:
                self._opened = self._open()
            return self._opened

    @contextmanager
    def reading(self) -> Iterator[tuple]:
        """(a searcher of the quotes, their arrays), the searcher lent to this request alone. A
        file damaged under the server is a 503 (IndexDamaged), as for the articles."""
        opened = self._opened_now()
        opened.check.check()
        searcher = opened.pool.borrow()
        try:
            yield searcher, opened.arrays
        except SearchAppError:
            raise
        except Exception as error:
            opened.check.verify_all()   # raises IndexDamaged when the files say why
            raise error
        finally:
            opened.pool.give_back(searcher)

    def parse(self, text: str, reader):
        """``text`` as a query of the quotes (its field prefixes resolved against the speakers)."""
        return self._opened_now().queries.parse(text, reader)

    def articles(self, snapshot, searcher) -> np.ndarray:
        """Quote doc number -> the doc number of its article in ``snapshot`` (-1: not there)."""
        with self._lock:
            found = self._articles
        if found is None:
            found = _article_docs(snapshot, searcher)
            with self._lock:
                self._articles = found
        return found

    def close(self) -> None:
        with self._lock:
            if self._opened is not None:
                self._opened.pool.close()


def _article_docs(snapshot, searcher) -> np.ndarray:
    if searcher.reader().doc_count_all() == 0:   # an archive without quotes: Whoosh's empty reader has no columns
        return np.zeros(0, dtype=np.int64)
    live = snapshot.arrays.live
    ids = snapshot.searcher.reader().column_reader("id")
    where = {doc_id: docnum for docnum, doc_id in enumerate(ids) if live[docnum]}
    articles = searcher.reader().column_reader("article")
    return np.fromiter((where.get(doc_id, -1) for doc_id in articles), dtype=np.int64,
                       count=searcher.reader().doc_count_all())


def search(snapshot, query: Query) -> QuoteResult:
    """One page of the quotes ``query`` finds, by relevance with words, else newest first."""
    started = time.perf_counter()
    with snapshot.quotes.reading() as (searcher, arrays):
        query, parsed, final = _match(snapshot, searcher, arrays, query)
        total = int(final.sum())
        hits = _page(snapshot, searcher, arrays, query, parsed, final, total)
        speakers = {facet.kind: top_values(arrays.facets[facet.kind], arrays.facets[facet.kind].counts(final),
                                           SPEAKER_LIMIT, query.include[facet.kind], query.exclude[facet.kind])
                    for facet in SPEAKERS}
    took_ms = round((time.perf_counter() - started) * 1000, 1)
    return QuoteResult(query, total, hits, speakers, took_ms)


def export_lines(snapshot, export) -> Iterator:
    """Every quote ``export``'s query finds, in its order, as CSV or JSON Lines (search/export.py's
    Export streams them): their number, then one line each, with a link to the quote's article."""
    with snapshot.quotes.reading() as (searcher, arrays):
        query, parsed, final = _match(snapshot, searcher, arrays, export.query)
        docs = _ordered(searcher, arrays, query, parsed, final, int(final.sum()))
        yield len(docs)
        if export.format == "csv":
            yield export.header(COLUMNS)
        for doc in docs:
            record = quote_hit(searcher, int(doc), Marks(frozenset()), arrays.value_map).to_dict()
            record["link"] = export.link(record["article_id"])
            if export.format == "csv":
                yield csv_line(_cell(record[column]) for column in COLUMNS)
            else:
                yield jsonl_line({column: record[column] for column in COLUMNS})


def _cell(value):
    if value is None:
        return ""
    return str(value).lower() if isinstance(value, bool) else value


def _match(snapshot, searcher, arrays: IndexArrays, query: Query):
    """(the query as the indexes spell its values, its parsed text, the mask of its quotes)."""
    speaker = resolve_values(_only(query, speaking=True), arrays)
    article = resolve_values(_only(query, speaking=False), snapshot.arrays)
    parsed = snapshot.quotes.parse(query.text, searcher.reader()) if query.text else None
    text_mask = matching_mask(parsed, searcher, arrays) if parsed is not None else arrays.live
    final = intersect(text_mask & arrays.live, arrays.date_mask(query.date_from, query.date_to, query.undated),
                      _in_articles(snapshot, searcher, article), *facet_masks(speaker, arrays).values())
    echoed = replace(query, include={kind: speaker.include[kind] + article.include[kind] for kind in query.include},
                     exclude={kind: speaker.exclude[kind] + article.exclude[kind] for kind in query.exclude})
    return echoed, parsed, final


def _in_articles(snapshot, searcher, article: Query) -> np.ndarray | None:
    """The quotes whose article passes the query's article filters (None: it has none)."""
    masks = [mask for mask in facet_masks(article, snapshot.arrays).values() if mask is not None]
    if not masks:
        return None
    return _on_quotes(intersect(snapshot.arrays.live, *masks), snapshot.quotes.articles(snapshot, searcher))


def _only(query: Query, speaking: bool) -> Query:
    """The query's filters of the speaking kinds (who said it), or of the others (its article)."""
    def chosen(values):
        return {facet.kind: values[facet.kind] if (facet.kind in SPEAKING) == speaking else () for facet in FACETS}
    return replace(query, include=chosen(query.include), exclude=chosen(query.exclude))


def _on_quotes(article_mask: np.ndarray, articles: np.ndarray) -> np.ndarray:
    """An article mask read per quote: the quote's article passes (and is there at all)."""
    known = articles >= 0
    found = np.zeros(len(articles), dtype=bool)
    found[known] = article_mask[articles[known]]
    return found


def _page(snapshot, searcher, arrays, query: Query, parsed, final: np.ndarray, total: int) -> tuple[QuoteHit, ...]:
    start = (query.page - 1) * query.per_page
    if start >= total:
        return ()
    ordered = _ordered(searcher, arrays, query, parsed, final, start + query.per_page)
    marks = query_marks(snapshot, parsed) if parsed is not None else Marks(frozenset())
    return tuple(quote_hit(searcher, int(doc), marks, arrays.value_map)
                 for doc in ordered[start:start + query.per_page])


def _ordered(searcher, arrays, query: Query, parsed, final: np.ndarray, end: int) -> np.ndarray:
    if query.sort == "relevance" and parsed is not None:
        try:
            return np.array([doc for doc, _ in rank(parsed, searcher, arrays, final, end)], dtype=np.int64)
        except Unsupported:   # the rare query numpy cannot rank: its quotes by date
            pass
    return arrays.order_by_date(final, newest_first=query.sort != "oldest")


def quote_hit(searcher, docnum: int, marks: Marks, value_map=None) -> QuoteHit:
    """One quote from its stored fields, its speaker as the search shows that value."""
    stored = searcher.stored_fields(docnum)
    start, end, direct, title = stored.get("quote") or (0, 0, True, "")
    entities = resolved.entities(value_map, stored_entities(stored))
    kind, value = next(((facet.kind, entities[facet.kind][0]) for facet in SPEAKERS if entities.get(facet.kind)),
                       ("", ""))
    pub = stored.get("pubdate")
    text = stored.get("body", "")
    return QuoteHit(text=text, speaker=value, speaker_kind=kind, direct=bool(direct), article_id=stored["article"],
                    title=title, published=pub.date() if pub else None, start=start, end=end,
                    snippet=marked_text(text, marks, searcher.schema["body"].analyzer))


def for_entity(snapshot, kind: str, value: str, filters: Query,
               timeline: tuple[DateBucket, ...]) -> QuoteTimeline | None:
    """What the entity (``kind``, ``value`` as the index has it) is quoted saying within the
    dates of ``filters`` (its page's): how often per bucket of its timeline, and the newest. Each
    count is what /quotes gives for that speaker and the bucket's dates."""
    if kind not in SPEAKING or snapshot.quotes is None:
        return None
    with snapshot.quotes.reading() as (searcher, arrays):
        column = arrays.facets[kind]
        value_id = column.ids.get(value)
        mine = np.zeros(arrays.n_docs, dtype=bool)
        if value_id is not None:
            mine[column.docs_with(value_id)] = True
        mine = intersect(mine & arrays.live, arrays.date_mask(filters.date_from, filters.date_to, filters.undated))
        days = arrays.pubdays[mine]
        dated = np.sort(days[days != NO_DATE])
        counts = tuple(int(np.searchsorted(dated, b.end.toordinal(), side="right")
                           - np.searchsorted(dated, b.start.toordinal(), side="left")) for b in timeline)
        newest = arrays.order_by_date(mine, newest_first=True)[:ENTITY_QUOTES]
        latest = tuple(quote_hit(searcher, int(doc), Marks(frozenset()), arrays.value_map) for doc in newest)
    return QuoteTimeline(total=int(mine.sum()), counts=counts, undated=len(days) - len(dated), latest=latest)
