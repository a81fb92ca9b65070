"""What a generation's segment files should hold, written at commit and checked while serving.

A segment never changes once committed, so after each commit the writer seals every new segment:
``sums/<segment id>.json`` names each of its files (Whoosh's and the saved arrays) with its size
and CRC-32. A server then checks, by cost:

- when it opens an index version: every sealed file is there with its size (stat, microseconds);
  a missing or truncated file is a 503 naming it, before any of it is read;
- on every request: the files' size, mtime and inode are what they were (stat, ~2 us a file); a
  file changed under the server (zeroed in place, truncated, copied over) is read through
  its checksum at once, and a mismatch is a 503 naming it;
- in the background after opening, and whenever reading the index raises: every file's
  checksum (a 42 MB postings file takes ~40 ms), so damage done before the server started is
  found too, and an error caused by damage is a 503, not a 500.

The word table (vocabulary.tsv) is rewritten beside the segments and carries its own checksum
(store/vocabulary.py). A segment committed but not yet sealed (the moment between an incremental
commit and its seal) is only checked for presence.
"""
from __future__ import annotations

import json
import logging
import os
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import IndexDamaged
from . import segment_arrays
from . import vocabulary
from .vocabulary import FILENAME as VOCABULARY

log = logging.getLogger(__name__)

FOLDER = "sums"
CHUNK = 1 << 20


def crc32_of(path: Path) -> int:
    """The CRC-32 of a file, read in 1 MB chunks (zlib releases the GIL on each)."""
    crc = 0
    with open(path, "rb", buffering=0) as data:
        while chunk := data.read(CHUNK):
            crc = zlib.crc32(chunk, crc)
    return crc


def segment_files(generation: Path, segment_id: str) -> list[str]:
    """The files of one committed segment (its id is "MAIN_<segid>"), relative to the generation:
    Whoosh's and its arrays'."""
    prefix = f"{segment_id}."
    names = [name for name in os.listdir(generation) if name.startswith(prefix)]
    arrays = Path(generation) / segment_arrays.FOLDER
    if arrays.is_dir():
        names += [f"{segment_arrays.FOLDER}/{name}" for name in os.listdir(arrays)
                  if name.startswith(f"{segment_id}.")]
    return sorted(names)


def seal(ix, generation: Path) -> None:
    """After a commit (and its arrays): write the sums of every segment of the index that has
    none, and drop those of segments merged away. Atomic per segment."""
    generation = Path(generation)
    folder = generation / FOLDER
    folder.mkdir(exist_ok=True)
    live = set()
    for segment in ix._segments():
        segment_id = segment.segment_id()
        live.add(segment_id)
        target = folder / f"{segment_id}.json"
        if target.exists():
            continue
        files = {name: [(generation / name).stat().st_size, crc32_of(generation / name)]
                 for name in segment_files(generation, segment_id)}
        partial = folder / f".{segment_id}.json.{os.getpid()}"
        partial.write_text(json.dumps({"files": files}), encoding="utf-8")
        os.replace(partial, target)
    for path in folder.iterdir():
        if path.name.endswith(".json") and not path.name.startswith(".") and path.stem not in live:
            path.unlink(missing_ok=True)


@dataclass(frozen=True)
class FileState:
    size: int
    mtime_ns: int
    inode: int


def _state(path: Path) -> FileState:
    found = os.stat(path)
    return FileState(found.st_size, found.st_mtime_ns, found.st_ino)


class GenerationCheck:
    """The sealed files one index version reads, as found when it was opened; see the module
    docstring for what is checked when. Thread-safe."""

    def __init__(self, generation: Path, segment_ids: list[str], with_vocabulary: bool = True):
        """``with_vocabulary``: the folder has a word table to check (a generation's quotes index,
        its quotes/ folder, has none)."""
        self.generation = Path(generation)
        self._with_vocabulary = with_vocabulary
        self._lock = threading.Lock()
        self._expected: dict[str, tuple[int, int]] = {}   # file -> (size, crc32)
        for segment_id in segment_ids:
            sums = self.generation / FOLDER / f"{segment_id}.json"
            try:
                files = json.loads(sums.read_text(encoding="utf-8"))["files"]
            except FileNotFoundError:
                log.info("segment %s of %s is not sealed yet: only its presence is checked", segment_id,
                         self.generation)
                files = {name: None for name in segment_files(self.generation, segment_id)}
            except (OSError, ValueError, KeyError, TypeError) as error:
                raise self._damaged(f"{FOLDER}/{sums.name} cannot be read ({error})") from None
            self._expected.update({name: tuple(value) if value else None for name, value in files.items()})
        self._states: dict[str, FileState] = {}
        self.damage: IndexDamaged | None = None
        self._verified = False
        for name, expected in self._expected.items():
            self._states[name] = self._present(name, expected)
        self._vocabulary = self._vocabulary_state() if with_vocabulary else None

    # At open and per request

    def _present(self, name: str, expected) -> FileState:
        try:
            state = _state(self.generation / name)
        except FileNotFoundError:
            raise self._damaged(f"{name} is missing") from None
        if expected is not None and state.size != expected[0]:
            raise self._damaged(f"{name} is {state.size:,} bytes, {expected[0]:,} when it was written")
        return state

    def _vocabulary_state(self, whole: bool = False) -> FileState:
        path = self.generation / VOCABULARY
        try:
            state = _state(path)
            vocabulary.check_file(path, whole)
        except FileNotFoundError:
            raise self._damaged(f"{VOCABULARY} is missing") from None
        except (OSError, ValueError) as error:
            raise self._damaged(f"{VOCABULARY} cannot be read ({error})") from None
        return state

    def check(self) -> None:
        """Per request: IndexDamaged if damage was found, or if a file changed since it was
        opened and no longer matches its checksum (the vocabulary: if it changed at all, the
        version is reopened by the caller, which sees ``vocabulary_changed``)."""
        if self.damage is not None:
            raise self.damage
        for name, state in self._states.items():
            try:
                now = _state(self.generation / name)
            except FileNotFoundError:
                self._fail(self._damaged(f"{name} is missing"))
            if now != state:
                self._verify(name)
                with self._lock:
                    self._states[name] = now

    def vocabulary_changed(self) -> bool:
        try:
            return _state(self.generation / VOCABULARY) != self._vocabulary
        except FileNotFoundError:
            return True

    # Checksums

    def verify_all(self) -> None:
        """Every sealed file through its checksum (in the background after opening, or when
        reading the index raised); IndexDamaged naming the first that does not match."""
        self.check()   # what changed since it was opened, or since the last full pass
        if self._verified:
            return
        for name in list(self._expected):
            self._verify(name)
        try:
            if self._with_vocabulary:
                self._vocabulary_state(whole=True)
        except IndexDamaged as damage:
            self._fail(damage)
        self._verified = True

    def verify_in_background(self) -> threading.Thread:
        def run() -> None:
            try:
                self.verify_all()
            except IndexDamaged:
                pass   # recorded in self.damage and logged by the service when it is answered
            except Exception:   # noqa: BLE001 - a background check must not kill the worker
                log.exception("checking %s failed", self.generation)

        thread = threading.Thread(target=run, name="index-check", daemon=True)
        thread.start()
        return thread

    def _verify(self, name: str) -> None:
        expected = self._expected.get(name)
        if self.damage is not None:
            raise self.damage
        path = self.generation / name
        try:
            size = os.stat(path).st_size
        except FileNotFoundError:
            self._fail(self._damaged(f"{name} is missing"))
        if expected is None:
            return
        if size != expected[0]:
            self._fail(self._damaged(f"{name} is {size:,} bytes, {expected[0]:,} when it was written"))
        if crc32_of(path) != expected[1]:
            self._fail(self._damaged(f"{name} does not hold what was written (its checksum differs)"))

    def _fail(self, error: IndexDamaged):
        with self._lock:
            if self.damage is None:
                self.damage = error
        raise self.damage

    def _damaged(self, what: str) -> IndexDamaged:
        return IndexDamaged(f"the index in {self.generation.parent} is damaged: {self.generation.name}/{what}; "
                            "restore it or run `searchapp reindex --full SOURCE...`")
