"""Every article a search finds, as CSV or JSON Lines: the web's /api/export.* and `searchapp export`.

The search runs once (results.matching_docs: every match, in the search's sort); then each row
is made from one document's stored fields as it is written, so memory holds the doc numbers and
one row, however many articles match. An export cut short (a file of the index damaged under
the server) ends with a line saying so, then raises, so the HTTP stream ends unfinished.

For a spreadsheet, each row carries the article's own URL (`url`), a link back to its page here
(`link`, absolute: the web app's public base, or the one configured for the CLI) and a plain
text `snippet` (the search's snippet for a query, as the results page shows it without its
marks, else the opening of the text); a CSV starts with a UTF-8 byte order mark unless asked
not to, so that Excel reads its accents.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from urllib.parse import quote

from ..errors import BadQuery, SearchAppError
from ..facets import FACETS
from ..records import EXPORT_FORMATS as FORMATS
from ..records import Mention, Query, utc_stamp
from ..store.schema import stored_entities, stored_first_indexed
from . import resolved
from .articles import query_marks
from .results import matching_docs
from .snippets import Marks, plain_snippet

MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}
COLUMNS = ("id", "title", "date", "date_source", "first_indexed", "source", "url", "link",
           *(facet.plural for facet in FACETS), "snippet")
BOM = "\ufeff"   # starts a CSV (unless bom=False): Excel then reads it as UTF-8
Link = Callable[[str], str]   # article id -> the absolute URL of its page
MENTION_KEYS = tuple(field.name for field in dataclasses.fields(Mention))   # the stored tuple's order
VALUE_SEPARATOR = "; "   # between a CSV cell's entity values (values never hold ";": see _cell)


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise BadQuery(f"the export format must be one of {', '.join(FORMATS)}, not {fmt!r}", param="format")
    return fmt


class Export:
    """The lines of one export, produced while they are read. Building it runs the search (so a
    missing index raises here, before anything is written) and holds one searcher of the index
    version it searched until ``close()``: use it as a context manager, or close it. ``rows``:
    what is exported, given a snapshot and this export (its query, format, link and BOM): the
    number of rows, then the lines (default: the articles; search/quotes.py has the quotes')."""

    def __init__(self, reading: Callable[[], AbstractContextManager], query: Query, fmt: str,
                 link: Link | None = None, bom: bool = True, rows: Callable | None = None):
        self.query = query
        self.format = check_format(fmt)
        self.link = link or (lambda doc_id: "")
        self.bom = bom and self.format == "csv"
        self._lines = self._generate(reading, rows or article_lines)
        self.total: int = next(self._lines)

    def __iter__(self) -> Iterator[str]:
        return self._lines

    def close(self) -> None:
        self._lines.close()

    def __enter__(self) -> "Export":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _generate(self, reading, rows: Callable):
        started = False
        try:
            with reading() as snapshot:   # checks the index's files before the first byte
                lines = rows(snapshot, self)
                yield next(lines)
                started = True
                yield from lines
        except Exception as error:
            if not started:
                raise
            # Cut short (a file damaged under the server): the last line says so, and the
            # error goes on so the server ends the stream unfinished (no last chunk).
            yield self._error_line(error)
            raise

    def header(self, columns) -> str:
        """A CSV's first line: its column names, after the byte order mark unless asked not to."""
        return (BOM if self.bom else "") + csv_line(columns)

    def _error_line(self, error: Exception) -> str:
        if not isinstance(error, SearchAppError):
            error = SearchAppError("the server failed while reading the index")
        if self.format == "csv":
            return csv_line([f"ERROR: this export is incomplete: {error.message}"])
        return json.dumps(error.to_dict(), ensure_ascii=False) + "\n"


def article_lines(snapshot, export: Export) -> Iterator:
    """Every article ``export``'s query finds: their number, then one line each."""
    docs = matching_docs(snapshot, export.query)
    yield len(docs)
    rows = _Rows(snapshot, export.query, export.link)
    if export.format == "csv":
        yield export.header(COLUMNS)
        for doc in docs:
            yield csv_line(csv_row(rows.fields(rows.searcher.stored_fields(int(doc)))))
    else:
        for doc in docs:
            stored = rows.searcher.stored_fields(int(doc))
            yield jsonl_line(jsonl_record(rows.fields(stored), stored, rows.value_map))


def jsonl_line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


class _Rows:
    """One export's rows from stored fields: what marks its snippets, where its links point."""

    def __init__(self, snapshot, query: Query, link: Link):
        self.searcher, self.value_map, self.link = snapshot.searcher, snapshot.arrays.value_map, link
        parsed = snapshot.queries.parse(query.text, self.searcher.reader()) if query.text else None
        self.marks = query_marks(snapshot, parsed) if parsed is not None else Marks(frozenset())
        self.analyzer = self.searcher.schema["body"].analyzer

    def fields(self, stored: dict) -> dict:
        """article_fields of one document's stored fields, with its link and snippet."""
        snippet = plain_snippet(stored.get("body", ""), self.marks, self.analyzer)
        return article_fields(stored, self.value_map, self.link(stored["id"]), snippet)


def article_link(base_url: str, doc_id: str) -> str:
    """The absolute URL of an article's page: ``base_url`` (the app's root) and /articles/<id>,
    the id quoted as the web app's URL map quotes a path (werkzeug's path converter)."""
    return base_url.rstrip("/") + "/articles/" + quote(doc_id, safe="!$&'()*+,/:;=@")


def article_fields(stored: dict, value_map=None, link: str = "", snippet: str = "") -> dict:
    """The fields every export has (COLUMNS), as JSON values, from one document's stored fields;
    entity values as the search shows them (``value_map``: the index's entity resolution)."""
    pub = stored.get("pubdate")
    entities = resolved.entities(value_map, stored_entities(stored))
    return {
        "id": stored["id"], "title": stored.get("title", ""), "date": pub.date().isoformat() if pub else None,
        "date_source": stored.get("date_source", "none"), "first_indexed": utc_stamp(stored_first_indexed(stored)),
        "source": stored.get("source", ""), "url": stored.get("url", ""), "link": link,
        **{facet.plural: list(entities[facet.kind]) for facet in FACETS}, "snippet": snippet,
    }


def csv_row(fields: dict) -> tuple[str, ...]:
    """One article's CSV cells (its article_fields), in COLUMNS order; entity values joined by
    VALUE_SEPARATOR."""
    return tuple(VALUE_SEPARATOR.join(_cell(v) for v in value) if isinstance(value, list) else value or ""
                 for value in (fields[name] for name in COLUMNS))


def _cell(value: str) -> str:
    # A value holding the separator would read back as two values.
    return value.replace(";", ",")


def jsonl_record(fields: dict, stored: dict, value_map=None) -> dict:
    """One article as a JSON Lines record: the CSV's fields (its article_fields), then its text
    and mentions (as /api/articles gives them; built from ``stored``'s tuples, not through
    Mention.to_dict, which costs most of a row)."""
    return {**fields, "text": stored.get("body", ""), "mentions": _mentions(stored.get("mentions", ()), value_map)}


def _mentions(stored: list, value_map) -> list[dict]:
    """The mentions pointing at the resolved values, a hidden value's left out (as resolved.article)."""
    if not value_map:
        return [dict(zip(MENTION_KEYS, mention)) for mention in stored]
    found = []
    for text, start, end, kind, value in stored:
        target = value_map.resolve(kind, value)
        if target is not None:
            found.append(dict(zip(MENTION_KEYS, (text, start, end, *target))))
    return found


# A spreadsheet reads a cell starting with one of these as a formula (=HYPERLINK(...) in a title
# would run on opening): OWASP's rule is to make such a text cell start with a quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell):
    """A text cell that no spreadsheet runs as a formula; numbers are left as they are."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def csv_line(cells) -> str:
    """One CSV record (RFC 4180, CRLF), every text cell made spreadsheet_safe."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([spreadsheet_safe(cell) for cell in cells])
    return buffer.getvalue()
