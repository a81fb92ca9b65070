"""Reuters-21578 SGML (``reut2-*.sgm``): 1,000 ``<REUTERS>`` records a file.

The files are not well-formed XML (unescaped ``>`` and ``&``, control characters as ``&#N;``,
latin-1 bytes), so records are cut out with regular expressions, not parsed.  See the collection's
README.txt, section VI, for the tags.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Iterator

from searchapp.readers.cleaning import clean_line, load_bytes, make_doc, strip_controls
from searchapp.readers.datelines import parse_dateline
from searchapp.records import RawDoc, Skipped

log = logging.getLogger(__name__)

SOURCE = "Reuters"
# BRIEF stories carry their one line in <TITLE> and this filler as their text.
_PLACEHOLDER_BODY = "Blah blah blah."

_RECORD_START = re.compile(r"<REUTERS\b([^>]*)>")
_RECORD_END = "</REUTERS>"
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
_TEXT = re.compile(r"<TEXT\b[^>]*>(.*?)</TEXT>", re.S)
_INNER = {tag: re.compile(rf"<{tag}>(.*?)</{tag}>", re.S)
          for tag in ("DATE", "TITLE", "AUTHOR", "DATELINE", "BODY")}
_CATEGORY_SETS = {tag: re.compile(rf"<{tag}>(.*?)</{tag}>", re.S)
                  for tag in ("TOPICS", "PLACES", "PEOPLE", "ORGS", "EXCHANGES")}
_CATEGORY = re.compile(r"<D>(.*?)</D>")
_TEXT_ELEMENTS = re.compile(r"<(TITLE|AUTHOR|DATELINE)>.*?</\1>", re.S)
# An escaped terminal control sequence ("&#27;[B"): line noise from the wire, dropped whole.
_ESCAPE_SEQUENCE = re.compile(r"&#27;\[[0-9;]*[A-Za-z]?")
_ENTITY = re.compile(r"&(#\d+|lt|gt|amp|quot|apos);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_TIMESTAMP = re.compile(r"(\d{1,2}-[A-Za-z]{3}-\d{4})\s+(\d{1,3}):(\d\d):(\d\d)(\.\d+)?")
_NEW_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=[ \t])")   # a blank line, or an indented line
_SIGN_OFF = "reuter"                 # every story ends with this word on a line of its own
_MONTH_START = re.compile(r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I)


def _decoded(data: bytes) -> str:
    """Reuters' bytes are latin-1 (decoding never fails); UTF-8 is taken when the bytes are that,
    which load_bytes makes of a UTF-16 file and which latin-1 bytes with accents never are."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read(path: str | Path, root: str | Path | None = None) -> Iterator[RawDoc | Skipped]:
    data = load_bytes(Path(path), "SGML")
    if isinstance(data, Skipped):
        yield data
        return
    text = _decoded(data)
    starts = list(_RECORD_START.finditer(text))
    if not starts:
        yield Skipped(str(path), "", "no <REUTERS> records")
        return
    log.debug("%s: %d records", path, len(starts))
    for number, start in enumerate(starts, 1):
        end = starts[number].start() if number < len(starts) else len(text)
        chunk = text[start.end():end]
        yield parse_record(chunk, dict(_ATTRIBUTE.findall(start[1])), str(path), number)


def parse_record(chunk: str, attributes: dict, path: str, number: int) -> RawDoc | Skipped:
    location = f"record {number}"
    if attributes.get("NEWID"):
        location += f" (NEWID {attributes['NEWID']})"
    if _RECORD_END not in chunk:
        return Skipped(path, location, "unterminated <REUTERS> record")
    chunk = chunk[:chunk.index(_RECORD_END)]
    text_match = _TEXT.search(chunk)
    if not text_match:
        return Skipped(path, location, "no <TEXT> element")
    text = text_match[1]
    title = _unescape(_inner("TITLE", text))
    body_match = _INNER["BODY"].search(text)
    body = body_match[1] if body_match else _TEXT_ELEMENTS.sub("", text)   # BRIEF/UNPROC: no <BODY>
    body = _paragraphs(_unescape(body))
    if body == _PLACEHOLDER_BODY:
        body = ""
    if not title and body:             # UNPROC tables: their first line is the headline
        title, _, body = body.partition("\n\n")
    newid = attributes.get("NEWID", "")
    places, dateline = _dateline(_unescape(_inner("DATELINE", text)))
    doc = make_doc(
        doc_id=f"reuters-{newid}" if newid else f"reuters-{Path(path).name}-{number}",
        source=SOURCE,
        url="",
        title=title,
        body=body,
        date_text=_date_text(_unescape(_inner("DATE", chunk))),
        dateline=dateline,
        dateline_places=places,
        author=_author(_unescape(_inner("AUTHOR", text))),
        path=path,
        extra={
            "type": _attribute_of(text_match[0]) or "NORM",
            "lewissplit": attributes.get("LEWISSPLIT", ""),
            "oldid": attributes.get("OLDID", ""),
            **{tag.lower(): _categories(tag, chunk) for tag in _CATEGORY_SETS},
        },
    )
    return doc if doc else Skipped(path, location, "empty article")


def _inner(tag: str, text: str) -> str:
    match = _INNER[tag].search(text)
    return match[1] if match else ""


def _unescape(text: str) -> str:
    return _ENTITY.sub(_entity_value, _ESCAPE_SEQUENCE.sub("", text))


def _entity_value(match: re.Match) -> str:
    name = match[1]
    if name.startswith("#"):
        code = int(name[1:])
        # &#2; &#3; &#5; ... are wire control codes, not text.
        return chr(code) if code >= 32 and code != 127 and code < 0x110000 else ""
    return _NAMED[name]


def _paragraphs(text: str) -> str:
    text = strip_controls(text).strip().lstrip("* \n")    # BRIEFs open with "******"
    if text[-len(_SIGN_OFF):].lower() == _SIGN_OFF and not text[-len(_SIGN_OFF) - 1:-len(_SIGN_OFF)].isalpha():
        text = text[:-len(_SIGN_OFF)]
    return "\n\n".join(p for p in (" ".join(part.split()) for part in _NEW_PARAGRAPH.split(text)) if p)


def _date_text(raw: str) -> str:
    """"26-FEB-1987 15:01:01.79" as written, minus the trailing noise some <DATE>s carry; the time
    is dropped when it is not a clock time (one record says "605:12:19.12")."""
    match = _TIMESTAMP.search(raw)
    if not match:
        return clean_line(raw)
    day, hours, minutes, seconds, fraction = match.groups()
    if int(hours) > 23 or int(minutes) > 59 or int(seconds) > 59:
        return day
    return f"{day} {hours}:{minutes}:{seconds}{fraction or ''}"


def _dateline(raw: str) -> tuple[tuple[str, ...], str]:
    raw = clean_line(raw)
    parsed = parse_dateline(raw if raw.endswith("-") else raw + " -")
    if parsed:
        return parsed.places, parsed.text
    # Hand-typed datelines vary ("omaha, april 7 -", "****LONDON, March 5 -"): the part before the
    # first comma is the place, unless it is a date.
    text = re.sub(r"[\s-]+$", "", raw).strip("* ")
    first = text.split(",")[0].strip("* ")
    if first and not _MONTH_START.match(first) and re.search(r"[A-Za-z]{2}", first):
        return (first,), text
    return (), text


def _author(raw: str) -> str:
    """"by Janie Gabbett, Reuters" -> "Janie Gabbett"."""
    author = re.sub(r"^by\s+", "", clean_line(raw), flags=re.I)
    return re.sub(r",?\s*Reuters?$", "", author, flags=re.I).strip(" ,")


def _categories(tag: str, chunk: str) -> list[str]:
    match = _CATEGORY_SETS[tag].search(chunk)
    return _CATEGORY.findall(match[1]) if match else []


def _attribute_of(tag: str) -> str:
    match = re.search(r'TYPE="([^"]*)"', tag)
    return match[1] if match else ""
