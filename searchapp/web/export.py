"""/api/export.csv and /api/export.jsonl: every article of a search, streamed as it is read.

The parameters are the search's (web/params.py), so a bad one is the same JSON 400 as for
/api/search; page and per_page are ignored: an export has no pages. `bom=false` leaves out the
CSV's byte order mark. Each row links back to its article's page on this site (links.public_root).
"""
from __future__ import annotations

import re
import unicodedata

from flask import Blueprint, Response, request

from ..facets import FACETS
from ..records import Query
from ..search.export import MEDIA_TYPES, article_link
from .links import public_root
from .params import parse_bom, parse_search_args
from .service import get_service

bp = Blueprint("export", __name__, url_prefix="/api")

MAX_NAME_CHARS = 120


@bp.get("/export.<any(csv, jsonl):fmt>")
def export(fmt: str):
    query = parse_search_args(request.args)
    bom, root = parse_bom(request.args), public_root()
    # searches now: errors are answered before any row
    lines = get_service().export(query, fmt, link=lambda doc_id: article_link(root, doc_id), bom=bom)
    response = Response(lines, content_type=MEDIA_TYPES[fmt])   # closing it closes the export
    response.headers["Content-Disposition"] = f'attachment; filename="{download_name(query, fmt)}"'
    response.headers["X-Total-Count"] = str(lines.total)
    return response


def download_name(query: Query, fmt: str) -> str:
    """A file name that says what was searched: 'searchapp-oil-person-vladimir-putin-from-2020-01-01.csv'."""
    return named_file(([query.text] if query.text else []) + search_words(query), fmt, "all-articles")


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
