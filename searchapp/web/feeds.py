"""/feeds/search.atom: an Atom 1.0 feed of a search's 50 newest articles ("Follow this search").

The parameters are the search's; the feed lists the newest first on one time line: a dated
article by its publication date, an undated one by when it was first indexed (kept across
reindexes, so it comes back as new only when it is new to the archive). Each entry says which
(a category of scheme urn:searchapp:time, and for an undated one a line atop its summary); only a
dated entry has a `published`. The one search call gives the entries, snippet included.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timezone
from urllib.parse import quote
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, request, url_for

from ..facets import FACETS
from ..records import DATE_SOURCES, LATEST_SORT, Hit, SearchResult, utc_stamp
from . import links
from .params import parse_search_args
from .service import get_service

bp = Blueprint("feeds", __name__, url_prefix="/feeds")

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
# Characters XML 1.0 cannot hold at all, even escaped (C0 controls but tab/newline/CR, surrogates, FFFE/FFFF).
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@bp.get("/search.atom")
def search_feed():
    query = parse_search_args(request.args)
    result = get_service().search(replace(query, sort=LATEST_SORT, page=1, per_page=FEED_SIZE))
    state = links.feed_pairs(links.state_from_query(result.query, request.args))
    xml = ET.tostring(atom_feed(result, state), encoding="unicode")
    return Response('<?xml version="1.0" encoding="utf-8"?>\n' + xml, content_type=MEDIA_TYPE)


def article_urn(doc_id: str) -> str:
    """The entry id: stable for the article whatever the host or the search that found it."""
    return "urn:searchapp:article:" + quote(doc_id, safe="")


def atom_feed(result: SearchResult, state: links.Pairs) -> ET.Element:
    """The feed of ``result``; ``state`` is its search as URL parameters (for its id and links)."""
    feed = ET.Element("feed", xmlns=ATOM)
    _text(feed, "id", "urn:searchapp:search:" + quote(links.encode_args(state), safe=""))
    _text(feed, "title", f"searchapp: {_describe(result.query)}")
    _text(feed, "subtitle", "Newest first: by publication date, or by when first indexed for an article "
                            "without one.")
    _text(feed, "updated", max((entry_time(hit)[0] for hit in result.hits), default=None) or _now())
    ET.SubElement(feed, "link", rel="self", type="application/atom+xml",
                  href=links.absolute(links.feed_url(state)))
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=links.absolute(links.search_url(state)))
    _text(feed, "generator", "searchapp")
    for hit in result.hits:
        feed.append(atom_entry(hit))
    return feed


def entry_time(hit: Hit) -> tuple[str | None, str]:
    """(the entry's time, what it is): "published" (the publication date's midnight, UTC), else
    "first-indexed" (when the archive first held it)."""
    if hit.published:
        return _timestamp(hit.published), "published"
    return utc_stamp(hit.first_indexed), "first-indexed"


TIME_LABELS = {"published": "Placed by its publication date",
               "first-indexed": "No publication date: placed by when it was first indexed"}


def atom_entry(hit: Hit) -> ET.Element:
    entry = ET.Element("entry")
    _text(entry, "id", article_urn(hit.doc_id))
    _text(entry, "title", hit.title or hit.doc_id)
    stamp, kind = entry_time(hit)
    if hit.published:
        _text(entry, "published", stamp)
    _text(entry, "updated", stamp or _now())
    ET.SubElement(entry, "link", rel="alternate", type="text/html",
                  href=links.absolute(url_for("pages.article", doc_id=hit.doc_id)))
    if hit.source:
        author = ET.SubElement(entry, "author")
        _text(author, "name", hit.source)
    summary = hit.snippet   # HTML: escaped text, <mark>s
    if kind == "first-indexed" and hit.first_indexed:
        when = hit.first_indexed
        summary = f"<p>No publication date; first indexed {when.day} {when:%B %Y, %H:%M} UTC.</p>{summary}"
    _text(entry, "summary", summary, type="html")
    label = TIME_LABELS[kind] + (f" ({DATE_SOURCES[hit.date_source]})" if hit.date_source in DATE_SOURCES
                                 and kind == "published" else "")
    ET.SubElement(entry, "category", term=kind, label=label, scheme="urn:searchapp:time")
    for facet in FACETS:
        for value in hit.entities[facet.kind]:
            ET.SubElement(entry, "category", term=_clean(value), label=_clean(value),
                          scheme=f"urn:searchapp:{facet.kind}")
    return entry


def _text(parent: ET.Element, tag: str, text: str, **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag, **attributes)
    element.text = _clean(text)
    return element


def _clean(text: str) -> str:
    """``text`` without what XML cannot hold; ElementTree escapes the rest (<, &, quotes)."""
    return _NOT_XML.sub("", text)


def _describe(query) -> str:
    words = [f"“{query.text}”"] if query.text else []
    for facet in FACETS:
        words.extend(query.include[facet.kind])
        words.extend(f"not {value}" for value in query.exclude[facet.kind])
    if query.date_from or query.date_to:
        words.append(f"{query.date_from or '…'} to {query.date_to or '…'}")
    return ", ".join(words) or "all articles"


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")

