"""Readers: archive files in, RawDoc records out (a Skipped for whatever cannot be read).

``walk`` lists the article files under the given paths, ``detect_format`` picks a reader by
extension and then by the file's first bytes, and ``read_any`` runs it without ever raising.
"""
from __future__ import annotations

import errno
import logging
import os
from pathlib import Path
from typing import Iterable, Iterator

from searchapp.readers import html, jsonl, plain, scraped, sgml, warc
from searchapp.readers.cleaning import decode, looks_binary
from searchapp.records import RawDoc, Skipped

log = logging.getLogger(__name__)

READERS = {
    "sgml": sgml,
    "jsonl": jsonl,
    "html": html,
    "warc": warc,
    "scraped": scraped,
    "plain": plain,
}

_EXTENSIONS = {
    ".sgm": "sgml", ".sgml": "sgml",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl", ".json": "jsonl",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".warc": "warc",
}
_SNIFF_BYTES = 65536
# Names (before the first dot) and endings of files that come with an archive but are not articles.
_DOC_NAMES = {"README", "PROVENANCE", "LICENSE", "LICENCE", "COPYING", "CHANGELOG", "NOTICE", "AUTHORS",
              "CONTRIBUTING", "SHA256SUMS", "SHA1SUMS", "MD5SUMS", "CHECKSUMS", "MANIFEST"}
_DOC_SUFFIXES = (".dtd", ".lc.txt", ".md5", ".sha1", ".sha256", ".sig", ".asc", ".py", ".sh",
                 ".cfg", ".ini", ".toml", ".yaml", ".yml", ".db", ".pyc")


def detect_format(path: str | Path) -> str | None:
    """The READERS key for a file, or None when it is none of our formats."""
    path = Path(path)
    name = path.name.lower()
    if name.endswith((".warc", ".warc.gz")):
        return "warc"
    by_extension = _EXTENSIONS.get(path.suffix.lower())
    if by_extension:
        return by_extension
    try:
        with path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
    except OSError:
        return None
    return sniff_format(head)


def sniff_format(head: bytes) -> str | None:
    """The format the first bytes of a file show; text files: scraped page or plain article."""
    if head.startswith(b"\x1f\x8b"):
        return "warc" if warc.looks_like_warc(head) else None
    if head.startswith(b"WARC/"):
        return "warc"
    if not head.strip() or looks_binary(head):
        return None
    text = decode(head).lstrip("\ufeff \t\r\n")
    start = text[:2000].lower()
    if "<reuters" in text[:5000].lower() or start.startswith("<!doctype lewis"):
        return "sgml"
    if start.startswith(("<!doctype html", "<html", "<?xml")) or (start.startswith("<") and "<html" in start):
        return "html"
    if start.startswith(("{", "[")):
        return "jsonl"
    return "scraped" if scraped.looks_scraped(text) else "plain"


def walk(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files to read under ``paths`` (survey() without what it reports as not read)."""
    return (item for item in survey(paths) if isinstance(item, Path))


def survey(paths: Iterable[str | Path]) -> Iterator[Path | Skipped]:
    """Every file under ``paths``: a Path to read, or a Skipped naming why it is not read, so that
    nothing is left out silently. Files given are yielded as they are (a missing one too, so that
    read_any reports it); folders are walked recursively in sorted order. Not read: hidden files
    and folders, symlinks to folders (not followed, so a loop cannot trap the walk), and the
    documentation that comes with an archive (READMEs, licences, checksums, DTDs)."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from _walk_folder(path)
        else:
            yield path


def _walk_folder(root: Path) -> Iterator[Path | Skipped]:
    found: list[Path | Skipped] = []
    for folder, subfolders, names in os.walk(root):
        here = Path(folder)
        for name in subfolders:
            if name.startswith("."):
                found.append(Skipped(str(here / name), "", "hidden folder, not walked"))
            elif (here / name).is_symlink():
                found.append(Skipped(str(here / name), "", "symlink to a folder, not followed"))
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and not (here / d).is_symlink())
        found.extend(_not_read_reason(here / name) or here / name for name in names)
    return iter(sorted(found, key=lambda item: item if isinstance(item, Path) else Path(item.path)))


def _not_read_reason(path: Path) -> Skipped | None:
    if path.name.startswith("."):
        return Skipped(str(path), "", "hidden file, not read")
    if is_documentation(path.name):
        return Skipped(str(path), "", "documentation that comes with the archive, not an article")
    return None


def is_documentation(name: str) -> bool:
    """True for the files that come with an archive and are not articles."""
    return name.split(".")[0].upper() in _DOC_NAMES or name.lower().endswith(_DOC_SUFFIXES)


def read_any(path: str | Path, fmt: str | None = None,
             root: str | Path | None = None) -> Iterator[RawDoc | Skipped]:
    """Every article in one file, in the file's order, and a Skipped for each part that cannot be
    read.  Never raises for bad input.  ``root``: the folder that was walked, for path-based ids."""
    path = Path(path)
    missing = missing_reason(path)
    if missing:
        yield Skipped(str(path), "", missing)
        return
    if not path.is_file():
        yield Skipped(str(path), "", "not a regular file")
        return
    fmt = fmt or detect_format(path)
    reader = READERS.get(fmt or "")
    if reader is None:
        yield Skipped(str(path), "", _unknown_reason(path, fmt))
        return
    read = 0
    try:
        for item in reader.read(path, root=root):
            read += 1
            yield item
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a reindex
        log.exception("%s reader failed on %s", fmt, path)
        yield Skipped(str(path), f"after item {read}" if read else "",
                      f"{fmt} reader failed: {exc.__class__.__name__}: {exc}")


def missing_reason(path: Path) -> str | None:
    """Why ``path`` cannot be opened at all (no such file, a symlink loop or a broken symlink),
    or None when it exists."""
    try:
        os.stat(path)
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop (the symlink leads back to itself), not read"
        if exc.errno == errno.ENOENT and path.is_symlink():
            return f"broken symlink (points to {os.readlink(path)}, which does not exist)"
        if exc.errno == errno.ENOENT:
            return "no such file or folder"
        return f"cannot open: {exc.strerror or exc}"


def _unknown_reason(path: Path, fmt: str | None) -> str:
    if fmt:
        return f"unknown format {fmt!r} (known: {', '.join(READERS)})"
    try:
        with path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
    except OSError as exc:
        return f"cannot open: {exc.strerror or exc}"
    if not head.strip():
        return "empty file"
    if looks_binary(head) or head.startswith(b"\x1f\x8b"):
        return "binary file, not a known archive format"
    return "unknown format"


def count_articles(path: Path) -> int:
    """A cheap estimate of the articles in one file, for progress: <REUTERS> tags in SGML, lines
    in JSON Lines, response records in an uncompressed WARC, else one a file."""
    fmt = detect_format(path)
    needle = {"sgml": b"<REUTERS", "jsonl": b"\n", "warc": b"WARC-Type: response"}.get(fmt or "")
    if needle is None or Path(path).name.lower().endswith(".gz"):
        return 1
    try:
        with open(path, "rb") as stream:
            found = sum(chunk.count(needle) for chunk in iter(lambda: stream.read(1 << 20), b""))
    except OSError:
        return 1
    return max(found, 1)
