"""HTML pages: main text and metadata (title, date, author, canonical URL, site name) by trafilatura."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterator

import trafilatura

from searchapp.readers.cleaning import clean_line, load_bytes, make_doc, path_id
from searchapp.readers.datelines import split_dateline
from searchapp.records import RawDoc, Skipped

log = logging.getLogger(__name__)


def read(path: str | Path, root: str | Path | None = None) -> Iterator[RawDoc | Skipped]:
    data = load_bytes(Path(path), "HTML")
    if isinstance(data, Skipped):
        yield data
        return
    try:
        doc = from_html(data, str(path), fallback_id=path_id(Path(path), Path(root) if root else None))
    except Exception as exc:  # noqa: BLE001 - the extractor's failures are many and undocumented
        log.debug("trafilatura failed on %s", path, exc_info=True)
        yield Skipped(str(path), "", f"HTML extraction failed: {exc.__class__.__name__}: {exc}")
        return
    yield doc if doc else Skipped(str(path), "", "no article text found in the page")


def from_html(html: str | bytes, path: str, url: str = "", fallback_id: str = "") -> RawDoc | None:
    """The article in one HTML page, or None when the page has no main text or title.

    ``url`` is where the page came from (a WARC's target URI); the page's own canonical link wins
    for ``RawDoc.url``.  The id is ``url``, else the canonical link, else ``fallback_id``/``path``.
    """
    extracted = trafilatura.bare_extraction(
        html, url=url or None, with_metadata=True, include_comments=False, include_tables=False,
    )
    if extracted is None:
        return None
    title = extracted.title or ""
    lines = (extracted.text or "").strip().split("\n")
    if lines and title and clean_line(lines[0]) == clean_line(title):
        lines = lines[1:]              # the page's <h1>, already the title
    # trafilatura puts one paragraph (or list item, heading) a line.
    dateline, body = split_dateline("\n\n".join(lines).strip())
    page_url = clean_line(extracted.url or url or "")
    date_text = clean_line(extracted.date or "")
    extra = {
        key: value
        for key, value in (
            ("hostname", extracted.hostname),
            ("description", extracted.description),
            ("categories", extracted.categories),
            ("tags", extracted.tags),
            ("language", getattr(extracted, "language", None)),
        )
        if value
    }
    return make_doc(
        doc_id=url or page_url or fallback_id or path,
        source=clean_line(extracted.sitename or "") or (dateline.source if dateline else ""),
        url=page_url,
        title=title,
        body=body,
        date_text=date_text,
        dateline=dateline.text if dateline else "",
        dateline_places=dateline.places if dateline else (),
        author=clean_line(extracted.author or ""),
        path=path,
        extra=extra,
    )
