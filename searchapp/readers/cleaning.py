"""Text clean-up shared by the readers: decoding bytes, control characters, whitespace, ids."""
from __future__ import annotations

import re
from pathlib import Path

from searchapp.records import RawDoc, Skipped

# Everything below U+0020 except tab/newline, DEL, and the C1 block: never article text.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Terminal escape sequences (ESC [ ... letter) survive in old wire copy, e.g. Reuters "&#27;[B".
_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]?")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding we read (NUL bytes, many control bytes)."""
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(sample) > 0.05


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else cp1252, else latin-1 (which never fails)."""
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
    return data


def make_doc(*, title: str, body: str, **fields) -> RawDoc | None:
    """A RawDoc with cleaned title and body, or None when both are empty."""
    title = clean_line(title)
    body = clean_text(body)
    if not title and not body:
        return None
    return RawDoc(title=title, body=body, **fields)
