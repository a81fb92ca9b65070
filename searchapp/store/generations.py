"""Where the index lives on disk: ``<index_dir>/gen-<stamp>/`` folders and a ``current`` symlink.

A full rebuild writes a new generation beside the live one and swaps the symlink with an atomic
rename, so readers always see a whole index. Every index is opened through here, and each
generation carries the format version it was written with (FORMAT_FILE): one written by another
version of the schema is refused with IndexOutdated, never half-read.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from whoosh import index as whoosh_index

from ..errors import IndexMissing, IndexOutdated
from .mapped import PreadStorage
from .schema import build_quote_schema, build_schema

CURRENT = "current"
FORMAT_FILE = "FORMAT"
# Raise on any change to what a generation holds (schema, analysers, files beside the index).
FORMAT_VERSION = 7   # 3: a capital possessive (BLAIR'S) is one token, indexed as "blair";
                     # 4: pread storage, per-segment checksums (sums/), a checksummed vocabulary.tsv;
                     # 5: the copies column, copies/ and id keys in the segment arrays;
                     # 6: first_indexed (stored, sortable) and its saved array;
                     # 7: the quotes index in QUOTES
QUOTES = "quotes"   # a second Whoosh index in each generation: one document per quote
# Segments are written as separate files (not one compound .seg) and read through PreadStorage,
# so every worker reads the same page-cache pages instead of a private copy of each segment.
WRITER_OPTIONS = {"compound": False}


def current_path(index_dir: Path) -> Path | None:
    """The live generation's folder, or None when nothing has been indexed yet."""
    link = Path(index_dir) / CURRENT
    if not link.is_symlink():
        return None
    target = Path(index_dir) / os.readlink(link)
    return target if whoosh_index.exists_in(str(target)) else None


def open_current(index_dir: Path):
    """The live generation's Whoosh index; IndexMissing when nothing has been indexed yet."""
    path = current_path(index_dir)
    if path is None:
        raise IndexMissing(f"no index in {index_dir}: run `searchapp reindex SOURCE` first")
    return open_generation(path)


def open_generation(path: Path):
    """The Whoosh index of one generation folder; IndexOutdated if another format wrote it."""
    check_format(Path(path))
    return PreadStorage(str(path)).open_index()


def open_quotes(path: Path):
    """The quotes index of one generation folder (checked with it: open_generation)."""
    return PreadStorage(str(Path(path) / QUOTES)).open_index()


def format_of(path: Path) -> int | None:
    """The format version a generation was written with (None: before versions were kept)."""
    try:
        return int((Path(path) / FORMAT_FILE).read_text().strip())
    except (OSError, ValueError):
        return None


def check_format(path: Path) -> None:
    found = format_of(path)
    if found != FORMAT_VERSION:
        written = f"format {found}" if found is not None else "an older format"
        raise IndexOutdated(
            f"the index in {path.parent} was written by {written} and this searchapp reads format "
            f"{FORMAT_VERSION}: run `searchapp reindex --full SOURCE...` to rebuild it"
        )


def stamp(ns: int) -> str:
    """A generation's name from one reading of the clock (nanoseconds since the epoch), so that
    names sort by creation time: the second and its fraction read apart could name a folder made
    at 12:00:01.0007 "120000-000700000", before one made at 12:00:00.5 (remove_unfinished
    relies on the order)."""
    seconds, fraction = divmod(ns, 1_000_000_000)
    return time.strftime("%Y%m%d-%H%M%S", time.localtime(seconds)) + f"-{fraction:09d}"


def create_generation(index_dir: Path) -> Path:
    """A new, empty generation folder with the schema; not live until swap_in()."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    path = index_dir / f"gen-{stamp(time.time_ns())}"
    path.mkdir()
    try:
        PreadStorage(str(path)).create_index(build_schema())
        (path / QUOTES).mkdir()
        PreadStorage(str(path / QUOTES)).create_index(build_quote_schema())
        (path / FORMAT_FILE).write_text(f"{FORMAT_VERSION}\n")
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    return path


def remove_unfinished(index_dir: Path) -> list[str]:
    """Drop the half-built generations of killed rebuilds: every gen-* folder newer than the
    live one (names sort by creation time), or all of them when none is live. Older ones stay
    (searchers opened before the last swap may still read the one it replaced). The caller holds
    the reindex lock, so no rebuild is under way. Returns the names removed."""
    index_dir = Path(index_dir)
    live = current_path(index_dir)
    removed = []
    for path in sorted(index_dir.glob("gen-*")):
        if path.is_dir() and (live is None or path.name > live.name):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed


def remove_uncommitted(path: Path, existing: set[str]) -> None:
    """After a failed write into generation ``path``: remove what the failed run left there and
    no commit refers to (segment files, the writer's MAIN.tmp/ pool, temporary files). Entries
    in ``existing`` (there before the run) and the files of committed segments stay."""
    path = Path(path)
    ix = whoosh_index.open_dir(str(path))
    committed = [f"{ix.indexname}_{segment.segment_id()}" for segment in ix._segments()]
    toc = f"_{ix.indexname}_{ix.latest_generation()}.toc"
    for name in set(os.listdir(path)) - existing:
        if name == toc or any(name.startswith(prefix) for prefix in committed):
            continue
        target = path / name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target, ignore_errors=True)
        else:
            target.unlink(missing_ok=True)


def swap_in(index_dir: Path, generation: Path) -> None:
    """Make ``generation`` the live index atomically, then drop all other generations but the
    one it replaces (searchers opened before the swap may still be reading that one)."""
    index_dir = Path(index_dir)
    previous = current_path(index_dir)
    tmp_link = index_dir / f".{CURRENT}.{os.getpid()}"
    if tmp_link.is_symlink():
        tmp_link.unlink()
    os.symlink(generation.name, tmp_link)
    os.replace(tmp_link, index_dir / CURRENT)
    keep = {generation.name} | ({previous.name} if previous else set())
    for path in index_dir.glob("gen-*"):
        if path.is_dir() and path.name not in keep:
            # Half-built generations of killed rebuilds go too; callers hold the reindex lock.
            shutil.rmtree(path, ignore_errors=True)
