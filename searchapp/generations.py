"""Where the index lives on disk: ``<index_dir>/gen-<stamp>/`` folders and a ``current`` symlink.

A full rebuild writes a new generation beside the live one and swaps the symlink with an atomic
rename, so readers always see a whole index. Web code opens indexes through here only.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from whoosh import index as whoosh_index

from .errors import IndexMissing
from .schema import build_schema

CURRENT = "current"
KEEP_OLD = 1  # generations kept besides the current one, for searchers still reading them


def current_path(index_dir: Path) -> Path | None:
    """The live generation's folder, or None when nothing has been indexed yet."""
    link = Path(index_dir) / CURRENT
    if not link.is_symlink():
        return None
    target = Path(index_dir) / os.readlink(link)
    return target if whoosh_index.exists_in(str(target)) else None


def open_current(index_dir: Path):
    path = current_path(index_dir)
    if path is None:
        raise IndexMissing(f"no index in {index_dir}: run `searchapp reindex SOURCE` first")
    return whoosh_index.open_dir(str(path))


def create_generation(index_dir: Path) -> Path:
    """A new, empty generation folder with the schema; not live until swap_in()."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S") + f"-{time.time_ns() % 1_000_000_000:09d}"
    path = index_dir / f"gen-{stamp}"
    path.mkdir()
    whoosh_index.create_in(str(path), build_schema())
    return path


def swap_in(index_dir: Path, generation: Path) -> None:
    """Make ``generation`` the live index atomically, then drop generations nobody should read."""
    index_dir = Path(index_dir)
    tmp_link = index_dir / f".{CURRENT}.{os.getpid()}"
    if tmp_link.is_symlink():
        tmp_link.unlink()
    os.symlink(generation.name, tmp_link)
    os.replace(tmp_link, index_dir / CURRENT)
    prune(index_dir)


def prune(index_dir: Path) -> None:
    """Remove old generations and leftovers of killed rebuilds, keeping the live one and KEEP_OLD more."""
    index_dir = Path(index_dir)
    live = current_path(index_dir)
    gens = sorted(p for p in index_dir.glob("gen-*") if p.is_dir())
    if live is None:
        return
    older = [p for p in gens if p.name < live.name]
    newer_unfinished = [p for p in gens if p.name > live.name]
    for path in older[: max(0, len(older) - KEEP_OLD)] + newer_unfinished:
        shutil.rmtree(path, ignore_errors=True)
