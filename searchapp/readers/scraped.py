"""Scraped text pages: a web page saved as text, with menu and footer junk around the article.

Shape (``seed/000_*.txt``): breadcrumb/menu line(s), the title, the article opening with a
dateline (``Kiev/Moscow, 3 March 2022 (dpa/MIA) – ...``), paragraphs, then footer lines ("Back to
top button", "Share").  Junk is recognised by the shape of a line, not by its words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from searchapp.readers.cleaning import clean_line, load_text, make_doc, path_id
from searchapp.readers.datelines import DATE_PATTERN, parse_dateline, split_dateline
from searchapp.records import RawDoc, Skipped

_SENTENCE_END = re.compile(r"[.!?…\"”’'»:;]$")
_GLUED_UNDERSCORE = re.compile(r"[^\W_]_[^\W_]")             # "0_Web_Top": ids and slugs, not prose
_GLUED_CAMEL = re.compile(r"[a-z]{2}[A-Z][a-z]")               # "storiesEurope": menu items run together
_GLUED_DOT = re.compile(r"[a-z]\.[A-Z][a-z]")                  # "Svet.Slajder"
_BREADCRUMB = re.compile(r"\s[>»›|/·•]\s")                     # "Home > World > Europe"
_BYLINE = re.compile(r"^(?:By|BY|Von|Par|Por)\s+(?P<author>[A-Z][^\n]{1,80})$")
_DATE_LINE = re.compile(                                       # "Published: Friday, March 4, 2022 10:15"
    rf"^(?:(?:Published|Updated|Posted)(?: on)?:?\s*)?(?:\w+day,?\s+)?{DATE_PATTERN}[\d:, apmAPMGUTC.]*$",
    re.IGNORECASE,
)
_SHORT_WORDS = 6                                               # footer lines are a few words at most
_PROSE_WORDS = 15


@dataclass(frozen=True)
class Page:
    title: str
    body: str
    dateline: str = ""
    dateline_places: tuple[str, ...] = ()
    date_text: str = ""            # only a date line apart from the article text, not the dateline's
    source: str = ""
    author: str = ""


def read(path: str | Path, root: str | Path | None = None) -> Iterator[RawDoc | Skipped]:
    text = load_text(Path(path))
    if isinstance(text, Skipped):
        yield text
        return
    page = parse_page(text)
    doc = make_doc(
        doc_id=path_id(Path(path), Path(root) if root else None),
        source=page.source,
        url="",
        title=page.title,
        body=page.body,
        date_text=page.date_text,
        dateline=page.dateline,
        dateline_places=page.dateline_places,
        author=page.author,
        path=str(path),
    )
    yield doc if doc else Skipped(str(path), "", "empty article")


def parse_page(text: str) -> Page:
    """Title, body and dateline of a scraped page, junk lines dropped."""
    lines = [line for line in (clean_line(raw) for raw in text.splitlines()) if line]
    while lines and is_menu_junk(lines[0]):
        lines.pop(0)
    while lines and is_footer_junk(lines[-1]):
        lines.pop()
    start = _first_prose_line(lines)
    title, author, date_text, lead = "", "", "", []
    for line in lines[:start]:
        byline = _BYLINE.match(line)
        if is_menu_junk(line):
            continue
        if byline and not author:
            author = byline["author"]
        elif _DATE_LINE.match(line) and not date_text:
            date_text = line
        elif not title:
            title = line
        else:
            lead.append(line)          # a standfirst between title and article: article text
    # The dateline on the first line of the text, or below a byline or a slug there.
    dateline, text = split_dateline("\n".join(line for line in lines[start:] if not is_menu_junk(line)))
    return Page(
        title=title,
        body="\n\n".join(lead + [line for line in text.split("\n") if line.strip()]),
        dateline=dateline.text if dateline else "",
        dateline_places=dateline.places if dateline else (),
        date_text=date_text,  # a date printed apart from the text; the dateline stays in `dateline`
        source=dateline.source if dateline else "",
        author=author,
    )


def is_menu_junk(line: str) -> bool:
    """Navigation text: words glued by underscores or run together, breadcrumb separators."""
    if _SENTENCE_END.search(line):
        return False
    if _GLUED_UNDERSCORE.search(line) or _GLUED_DOT.search(line) or _BREADCRUMB.search(line):
        return True
    return len(_GLUED_CAMEL.findall(line)) >= 2


def is_footer_junk(line: str) -> bool:
    """A trailing widget label ("Back to top button", "Share", "Related articles")."""
    if is_menu_junk(line):
        return True
    return len(line.split()) <= _SHORT_WORDS and not _SENTENCE_END.search(line)


def looks_scraped(text: str) -> bool:
    """True when a text file has a scraped page's shape rather than plain "title, blank, body"."""
    lines = [line for line in (clean_line(raw) for raw in text.splitlines()[:40]) if line]
    if not lines:
        return False
    if is_menu_junk(lines[0]):
        return True
    # A title line followed by an article opening with a credited dateline.
    return any(
        (d := parse_dateline(line)) is not None and bool(d.source or d.date_text)
        for line in lines[1:4]
    )


def _first_prose_line(lines: list[str]) -> int:
    """Index of the line the article text starts at: a dateline, or the first long sentence-y line."""
    for i, line in enumerate(lines):
        if parse_dateline(line) and i > 0:
            return i
        if len(line.split()) >= _PROSE_WORDS and (_SENTENCE_END.search(line) or ". " in line):
            return i
    return min(1, len(lines))
