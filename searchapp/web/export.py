"""/api/export.csv and /api/export.jsonl: every article of a search, streamed as it is read (and
the quotes' exports of web/quotes.py, the same way).

The parameters are the search's (web/params.py), so a bad one is the same JSON 400 as for
/api/search; page and per_page are ignored: an export has no pages. `bom=false` leaves out the
CSV's byte order mark. Each row links back to its article's page as an absolute URL made by
links.absolute (the configured public base, never an unvouched Host header). A server process
streams at most EXPORT_SLOTS exports at once (each holds a searcher and its client may read
slowly, on one of the worker's sender threads); one more is a 503 with Retry-After.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable

from flask import Blueprint, Flask, Response, current_app, request, url_for

from ..errors import Busy
from ..facets import FACETS
from ..records import Query
from ..search.export import MEDIA_TYPES, Export, article_link
from .links import absolute
from .params import parse_bom, parse_search_args
from .service import get_service

bp = Blueprint("export", __name__, url_prefix="/api")

MAX_NAME_CHARS = 120
RETRY_AFTER_SECONDS = 30
SLOTS = "searchapp.export_slots"


@bp.record_once
def _init_slots(state) -> None:
    app: Flask = state.app
    app.extensions[SLOTS] = threading.BoundedSemaphore(app.config["EXPORT_SLOTS"])


@bp.get("/export.<any(csv, jsonl):fmt>")
def export(fmt: str):
    return streamed(fmt, get_service().export)


def streamed(fmt: str, exporting: Callable[..., Export], what: str = "") -> Response:
    """The export ``exporting`` (a SearchService method: query, fmt, link, bom) makes of this
    request's search, streamed in one of the export slots; ``what`` names what it holds when
    not articles ("quotes"), in the file name."""
    query = parse_search_args(request.args)
    # the rows are written after this view returns, outside the request: the base is taken now
    bom, base = parse_bom(request.args), absolute(url_for("pages.search"))
    slot = ExportSlot(current_app.extensions[SLOTS])
    if not slot.taken:
        raise Busy(f"{current_app.config['EXPORT_SLOTS']} exports are being sent already; try again in "
                   f"{RETRY_AFTER_SECONDS} s", retry_after=RETRY_AFTER_SECONDS)
    try:
        # searches now: errors are answered before any row
        lines = exporting(query, fmt, link=lambda doc_id: article_link(base, doc_id), bom=bom)
    except BaseException:
        slot.release()
        raise
    response = Response(slot.streaming(lines), content_type=MEDIA_TYPES[fmt])   # closing it closes the export
    response.call_on_close(slot.release)
    response.headers["Content-Disposition"] = f'attachment; filename="{download_name(query, fmt, what)}"'
    response.headers["X-Total-Count"] = str(lines.total)
    return response


class ExportSlot:
    """One of a process's export slots, taken if one is free; given back once, when the export
    is read to its end or closed (whichever comes first)."""

    def __init__(self, slots: threading.BoundedSemaphore):
        self._slots = slots
        self.taken = slots.acquire(blocking=False)

    def release(self) -> None:
        if self.taken:
            self.taken = False
            self._slots.release()

    def streaming(self, lines):
        try:
            yield from lines
        finally:
            lines.close()
            self.release()


def download_name(query: Query, fmt: str, what: str = "") -> str:
    """A file name that says what was searched: 'searchapp-oil-person-vladimir-putin-from-2020-01-01.csv'
    (``what``: what it holds when not articles, 'searchapp-quotes-nuclear.csv')."""
    return named_file(([what] if what else []) + ([query.text] if query.text else []) + search_words(query),
                      fmt, "all-" + (what or "articles"))


def search_words(query: Query) -> list[str]:
    """A search's filters in words ("person Vladimir Putin", "from 2020-01-01"), for a file name."""
    parts = []
    for facet in FACETS:
        parts.extend(f"{facet.kind} {value}" for value in query.include[facet.kind])
        parts.extend(f"not {facet.kind} {value}" for value in query.exclude[facet.kind])
    if query.date_from:
        parts.append(f"from {query.date_from.isoformat()}")
    if query.date_to:
        parts.append(f"to {query.date_to.isoformat()}")
    if query.undated:
        parts.append(f"undated {query.undated}")
    return parts


def named_file(parts: list[str], fmt: str, default: str) -> str:
    """'searchapp-<the parts as one slug, bounded>.<fmt>'."""
    slug = _slug(" ".join(parts))[:MAX_NAME_CHARS].strip("-") or default
    return f"searchapp-{slug}.{fmt}"


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
