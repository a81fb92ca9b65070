"""Text clean-up shared by the readers: decoding bytes, control characters, whitespace, ids."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from searchapp.records import RawDoc, Skipped

# Everything below U+0020 except tab/newline, DEL, and the C1 block: never article text.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Terminal escape sequences (ESC [ ... letter) survive in old wire copy, e.g. Reuters "&#27;[B".
_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]?")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def utf16_codec(data: bytes) -> str | None:
    """The codec of UTF-16 text (with a BOM, or without one when every other byte is NUL, as in
    Latin-script text), else None."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:8192]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    for codec, zeros, letters in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) > 0.6 * len(zeros) and letters.count(0) < 0.02 * len(letters):
            try:
                text = sample[:len(sample) // 2 * 2].decode(codec)
            except UnicodeDecodeError:
                continue
            # Text has spaces between its words and few control characters; binary data does not.
            spaces = sum(1 for c in text if c in " \t\n\r")
            controls = sum(1 for c in text if c < " " and c not in "\t\n\r\x0c")
            if spaces >= 0.05 * len(text) and controls <= 0.01 * len(text):
                return codec
    return None


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding we read (NUL bytes, many control bytes)."""
    sample = data[:8192]
    if not sample or utf16_codec(sample):
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(sample) > 0.05


def decode(data: bytes) -> str:
    """UTF-16 when it is that, else UTF-8 (with or without BOM), else cp1252, else latin-1 (which
    never fails)."""
    codec = utf16_codec(data)
    if codec:
        return data.decode(codec, errors="replace").lstrip("\ufeff")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def strip_controls(text: str) -> str:
    """Control characters become spaces; newlines stay."""
    if "\x1b" in text:
        text = _ANSI_ESCAPE.sub("", text)
    return _CONTROL_CHARS.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_line(text: str) -> str:
    """One line of text: no control characters, single spaces, trimmed."""
    return " ".join(strip_controls(text).split())


def paragraphs(text: str) -> list[str]:
    """Split text on blank lines; each paragraph's own line breaks become spaces."""
    blocks = _PARAGRAPH_BREAK.split(strip_controls(text))
    return [p for p in (" ".join(block.split()) for block in blocks) if p]


def clean_text(text: str) -> str:
    """Article text: paragraphs kept as "\\n\\n", everything else single-spaced."""
    return "\n\n".join(paragraphs(text))


def path_id(path: Path, root: Path | None = None) -> str:
    """A stable id for a file: its path relative to the folder that was walked, that folder's name
    included ("bbc/business/001.txt"); without a root, the absolute path."""
    path = Path(path)
    if root is not None:
        root = Path(root).resolve()
        base = root.parent if root.is_dir() else root.parent.parent
        try:
            return path.resolve().relative_to(base).as_posix()
        except ValueError:
            pass
    return path.resolve().as_posix()


def load_text(path: Path) -> str | Skipped:
    """The decoded text of a file, or the Skipped that says why it cannot be read."""
    data = load_bytes(path, "text")
    return data if isinstance(data, Skipped) else decode(data)


def load_bytes(path: Path, expected: str) -> bytes | Skipped:
    """The bytes of a text-based file (``expected`` names its format), or why it cannot be read."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return Skipped(str(path), "", f"cannot open: {exc.strerror or exc}")
    if not data.strip():
        return Skipped(str(path), "", "empty file")
    if looks_binary(data):
        return Skipped(str(path), "", f"binary file, not {expected}")
    if utf16_codec(data):   # every reader takes UTF-8 from here on
        return decode(data).encode("utf-8")
    return data


def make_doc(*, title: str, body: str, **fields) -> RawDoc | None:
    """A RawDoc with cleaned title and body, or None when both are empty."""
    title = clean_line(title)
    body = clean_text(body)
    if not title and not body:
        return None
    return RawDoc(title=title, body=body, **fields)


# Longer than any headline or credit: what results lists show is cut here (the text is kept).
FIELD_LIMITS = {"title": 300, "source": 200, "author": 200, "dateline": 200, "url": 2000}


def cap_fields(doc: RawDoc) -> tuple[RawDoc, list[str]]:
    """``doc`` with its shown fields cut to FIELD_LIMITS, and a note for each one cut. A cut
    title is kept whole at the start of the body, so no word of the article is lost."""
    changes: dict[str, str] = {}
    notes = []
    for name, limit in FIELD_LIMITS.items():
        value = getattr(doc, name)
        if len(value) > limit:
            changes[name] = value[:limit - 1].rsplit(" ", 1)[0].rstrip() + "…"
            notes.append(f"{name} of {len(value):,} characters cut to {limit}")
    if not changes:
        return doc, []
    if "title" in changes:
        changes["body"] = doc.title + ("\n\n" + doc.body if doc.body else "")
        notes[0] += " (kept whole in the text)"
    return replace(doc, **changes), notes


_PROSE_LINE = re.compile(r"\b[A-Za-z][a-z']+\b[,.;:!?]?")


def looks_like_notes(text: str) -> bool:
    """True for the long lists and data files that come with a collection (Reuters-21578's
    category descriptions, its CIA factbook in Prolog): hundreds of lines, few of them prose.
    A news article has a few dozen lines (BBC: 74 at most), most of them sentences."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 200:
        return False
    prose = sum(1 for line in lines
                if len(_PROSE_LINE.findall(line)) >= max(6, 0.7 * len(line.split())))
    return prose < 0.4 * len(lines)
