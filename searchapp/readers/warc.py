"""WARC / WARC.gz crawls: each HTML response (or resource) record goes through the HTML reader."""
from __future__ import annotations

import zlib
from pathlib import Path
from typing import Iterator

from warcio.archiveiterator import ArchiveIterator

from searchapp.readers.html import from_html
from searchapp.records import RawDoc, Skipped

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read(path: str | Path, root: str | Path | None = None) -> Iterator[RawDoc | Skipped]:
    path = Path(path)
    try:
        stream = path.open("rb")
        size = path.stat().st_size
    except OSError as exc:
        yield Skipped(str(path), "", f"cannot open: {exc.strerror or exc}")
        return
    if size == 0:
        stream.close()
        yield Skipped(str(path), "", "empty file")
        return
    with stream:
        if not looks_like_warc(stream.read(1024)):
            yield Skipped(str(path), "", "not a WARC file (no WARC/1.x header)")
            return
        stream.seek(0)
        records = ArchiveIterator(stream)
        end_of_last = 0
        try:
            for record in records:
                result = _from_record(record, str(path), records)
                end_of_last = records.get_record_offset() + records.get_record_length()
                if result is not None:
                    yield result
        except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on corrupt input
            reason = "not a WARC file" if end_of_last == 0 else "corrupt WARC"
            yield Skipped(str(path), f"offset {end_of_last}", f"{reason}: {exc.__class__.__name__}: {str(exc)[:200]}")
            return
        # warcio stops quietly at a record cut short; what was read before it is kept.
        stream.seek(end_of_last)
        rest = stream.read(16)
        if rest.strip(b"\r\n"):          # past the last record's closing blank lines: a cut record
            yield Skipped(str(path), f"offset {end_of_last}",
                          f"truncated WARC: {size - end_of_last} bytes after the last whole record")


def looks_like_warc(head: bytes) -> bool:
    """True for the first bytes of a WARC file, plain or gzipped (each record its own gzip member)."""
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
        except zlib.error:
            return False
    return head.startswith(b"WARC/")


def _from_record(record, path: str, records: ArchiveIterator) -> RawDoc | Skipped | None:
    """The article in one record; None for records that are not HTML pages (requests, images...)."""
    if record.rec_type not in ("response", "resource"):
        return None
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return None                # redirects and errors are not articles
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    if not content_type.lower().startswith(_HTML_TYPES):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    payload = record.content_stream().read()
    # Only after the payload is read: asking warcio for the offset first empties the record.
    location = f"offset {records.get_record_offset()}"
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        return Skipped(path, location, f"truncated record ({uri}): {missing} bytes missing")
    try:
        doc = from_html(_decoded(payload, content_type), path, url=uri, fallback_id=f"{path}#{location}")
    except Exception as exc:  # noqa: BLE001 - see html.read
        return Skipped(path, location, f"HTML extraction failed: {exc.__class__.__name__}: {exc}")
    return doc if doc else Skipped(path, location, f"no article text found ({uri})")


def _decoded(payload: bytes, content_type: str) -> str | bytes:
    """Text in the charset the HTTP header names; raw bytes (trafilatura sniffs) otherwise."""
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            try:
                return payload.decode(value.strip("\"' "))
            except (LookupError, UnicodeDecodeError):
                break
    return payload
