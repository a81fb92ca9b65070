"""JSON Lines: one article an object a line.  A ``.json`` file holding one object or a list of
objects is read the same way (record numbers instead of line numbers)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from searchapp.readers.cleaning import clean_line, decode, load_bytes, make_doc, path_id
from searchapp.readers.datelines import split_dateline
from searchapp.records import RawDoc, Skipped

# Each field of RawDoc, and the keys that may hold it, first match wins.
FIELD_KEYS = {
    "title": ("title", "headline", "name"),
    "body": ("text", "body", "content", "article", "maintext", "description"),
    "date_text": ("date", "published", "pubdate", "pub_date", "publish_date", "published_at",
                  "date_published", "datetime", "timestamp", "created_at"),
    "url": ("url", "link", "canonical_link", "canonical_url"),
    "source": ("source", "publisher", "agency", "site", "sitename", "site_name", "meta_site_name"),
    "doc_id": ("id", "doc_id", "guid", "uuid"),
    "author": ("author", "authors", "byline"),
    "dateline": ("dateline",),
}


def read(path: str | Path, root: str | Path | None = None) -> Iterator[RawDoc | Skipped]:
    data = load_bytes(Path(path), "JSON")
    if isinstance(data, Skipped):
        yield data
        return
    text = decode(data)
    base_id = path_id(Path(path), Path(root) if root else None)
    try:
        whole = _whole_file_value(text)
    except ValueError as exc:
        yield Skipped(str(path), "", f"invalid JSON document: {exc}")
        return
    if whole is not None:
        records = whole if isinstance(whole, list) else [whole]
        for number, record in enumerate(records, 1):
            yield from_record(record, str(path), f"record {number}", f"{base_id}#{number}")
        return
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        location = f"line {number}"
        try:
            record = json.loads(line)
        except ValueError as exc:
            yield Skipped(str(path), location, f"invalid JSON ({exc.msg}, column {exc.colno})")
            continue
        yield from_record(record, str(path), location, f"{base_id}#{number}")


def from_record(record: object, path: str, location: str, fallback_id: str) -> RawDoc | Skipped:
    """A RawDoc from one decoded JSON object; unknown keys go to ``extra``."""
    if not isinstance(record, dict):
        return Skipped(path, location, f"expected a JSON object, got {type(record).__name__}")
    values, used = {}, set()
    for field, keys in FIELD_KEYS.items():
        for key in keys:
            value = _as_text(record.get(key))
            if value:
                values[field] = value
                used.add(key)
                break
    body = values.get("body", "")
    dateline_text = values.get("dateline", "")
    places: tuple[str, ...] = ()
    parsed, body = split_dateline(body)
    if parsed:
        dateline_text, places = dateline_text or parsed.text, parsed.places
    extra = {key: value for key, value in record.items() if key not in used}
    doc = make_doc(
        doc_id=clean_line(values.get("doc_id") or values.get("url") or fallback_id),
        source=values.get("source") or (parsed.source if parsed else ""),
        url=clean_line(values.get("url", "")),
        title=values.get("title", ""),
        body=body,
        date_text=clean_line(values.get("date_text", "")),
        dateline=clean_line(dateline_text),
        dateline_places=places,
        author=clean_line(values.get("author", "")),
        path=path,
        extra=extra,
    )
    return doc if doc else Skipped(path, location, "empty article (no title or text)")


def _as_text(value: object) -> str:
    """Strings as they are, numbers as text (ids), lists of strings joined ("authors")."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "; ".join(item.strip() for item in value if item.strip())
    return ""


def _whole_file_value(text: str) -> object | None:
    """The file's value when the whole file is one JSON document spanning several lines
    (pretty-printed ``.json``); None for JSON Lines.  Raises ValueError for a broken document."""
    stripped = text.strip()
    first_line = stripped.splitlines()[0].strip() if stripped else ""
    if first_line[:1] not in ("[", "{") or "\n" not in stripped:
        return None
    try:
        json.loads(first_line)
        return None                    # the first line is a whole value: JSON Lines
    except ValueError:
        pass
    try:
        return json.loads(stripped)
    except ValueError:
        if first_line in ("{", "[", "[{"):
            raise                      # clearly one document, and a broken one
        return None                    # JSON Lines with a bad first line: reported line by line
