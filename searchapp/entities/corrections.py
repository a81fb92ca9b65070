"""The user's corrections to facet values: a plain text file in the index folder, outside the
generations (so every rebuild keeps it), one change a line in the words of the CLI:

    merge person "Tony Blair" Blair "Mr Blair"
    hide org GMT
    retype place org Newcastle

Searchers notice the file changed and build their facet columns again (search/resolved.py):
a correction is live within seconds, with no NER and no reindex.
"""
from __future__ import annotations

import fcntl
import os
import shlex
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from ..errors import SearchAppError
from ..facets import FACETS, KINDS
from ..store import generations
from ..store.analysis import fold
from . import valuemap
from .valuemap import ValueMap

FILE = "entity-corrections.txt"
HEADER = """\
# Corrections to facet values, applied over the archive-wide resolution of every index version.
# One a line, as `searchapp entities ...` takes them (values with spaces in quotes):
#   merge KIND TARGET VARIANT...    hide KIND VALUE...    retype FROM_KIND TO_KIND VALUE...
# Edit freely; searchers pick the change up on their next request.
"""
ACTIONS = ("merge", "hide", "retype")
# Held by a command while it reads, changes and writes the file (readers never take it: the file
# is replaced whole, atomically). Beside the file, never replaced, so every command locks one inode.
LOCK_FILE = ".entity-corrections.lock"
LOCK_WAIT = 30.0   # seconds a command waits for another one's change before giving up


class CorrectionError(SearchAppError):
    code = "bad_correction"
    status = 400


@dataclass(frozen=True)
class Change:
    action: str                 # merge | hide | retype
    kind: str
    values: tuple[str, ...]     # variants (merge), values (hide, retype)
    target: str = ""            # merge: the value they become; retype: the kind they move to

    def to_line(self) -> str:
        words = [self.action, self.kind] + ([self.target] if self.target else []) + list(self.values)
        return shlex.join(words)

    def describe(self) -> str:
        values = ", ".join(repr(v) for v in self.values)
        if self.action == "merge":
            return f"merge {self.kind} {values} into {self.target!r}"
        if self.action == "retype":
            return f"retype {values} from {self.kind} to {self.target}"
        return f"hide {self.kind} {values}"


def path_of(index_dir) -> Path:
    return Path(index_dir) / FILE


def parse_line(words: list[str], where: str = "") -> Change:
    """A Change from its words (the CLI's arguments, or one line of the file)."""
    prefix = f"{where}: " if where else ""
    if not words or words[0] not in ACTIONS:
        raise CorrectionError(f"{prefix}a change starts with {', '.join(ACTIONS)}, not {' '.join(words)!r}")
    action, rest = words[0], words[1:]
    if len(rest) < (3 if action in ("merge", "retype") else 2):
        raise CorrectionError(f"{prefix}{action} needs {' '.join(_usage(action))}")
    kind = _kind(rest[0], prefix)
    if action == "hide":
        return Change(action, kind, tuple(rest[1:]))
    if action == "retype":
        return Change(action, kind, tuple(rest[2:]), _kind(rest[1], prefix))
    return Change(action, kind, tuple(rest[2:]), rest[1])


def _usage(action: str) -> list[str]:
    return {"merge": ["KIND", "TARGET", "VARIANT..."], "hide": ["KIND", "VALUE..."],
            "retype": ["FROM_KIND", "TO_KIND", "VALUE..."]}[action]


def _kind(word: str, prefix: str) -> str:
    if word not in KINDS:
        raise CorrectionError(f"{prefix}unknown kind {word!r}: use {', '.join(KINDS)}")
    return word


@dataclass
class Corrections:
    changes: list[Change]

    def value_map(self) -> ValueMap:
        """Later changes win over earlier ones for the values they name."""
        found = ValueMap()
        for change in self.changes:
            step = ValueMap()
            for value in change.values:
                if change.action == "merge":
                    step.merge[change.kind][value] = change.target
                elif change.action == "retype":
                    step.retype[change.kind][value] = change.target
                else:
                    step.hide[change.kind].add(value)
            found = found.combined(step)
        return found


def load(index_dir) -> Corrections:
    """The corrections in force; CorrectionError naming the file and line when one is wrong."""
    path = path_of(index_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Corrections([])
    return parse(text, path)


def parse(text: str, path: Path) -> Corrections:
    changes = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            words = shlex.split(line)
        except ValueError as error:
            raise CorrectionError(f"{path}, line {number}: {error}") from None
        changes.append(parse_line(words, f"{path}, line {number}"))
    return Corrections(changes)


def save(index_dir, corrections: Corrections) -> None:
    """Replace the file atomically and durably: a searcher reading it sees the old file or the
    new one, never half of one, and a crash right after leaves the new one on disk. Call it
    within ``locked``, or a change another command makes at the same time is lost."""
    path = path_of(index_dir)
    text = HEADER + "".join(change.to_line() + "\n" for change in corrections.changes)
    if not _round_trips(text, path, corrections):
        raise CorrectionError("a value cannot be written as one line of the file: nothing changed")
    tmp = path.with_name(f".{FILE}.{os.getpid()}")
    try:
        with open(tmp, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise CorrectionError(f"cannot write {path}: {error.strerror or error}; nothing changed") from None
    with suppress(OSError):   # the rename on disk too; where a folder cannot be synced, it is in force already
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def _round_trips(text: str, path: Path, corrections: Corrections) -> bool:
    try:
        return parse(text, path).changes == corrections.changes
    except CorrectionError:
        return False


@contextmanager
def locked(index_dir):
    """One correcting command at a time per index folder, so each reads the file, changes it and
    writes it with no other change in between (two `entities hide` at once both stay)."""
    try:
        lock = open(Path(index_dir) / LOCK_FILE, "a")
    except FileNotFoundError:
        raise CorrectionError(f"no index in {index_dir}: run `searchapp reindex SOURCE` first") from None
    except OSError as error:
        raise CorrectionError(f"cannot lock {Path(index_dir) / LOCK_FILE}: {error.strerror or error}") from None
    with lock:
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise CorrectionError(f"another command has been changing {path_of(index_dir)} for "
                                          f"{LOCK_WAIT:g} s: nothing changed, try again") from None
                time.sleep(0.01)
        yield   # closing the file releases the lock


def _verified(index_dir, expected: Corrections) -> None:
    """Read the file back: a command says a change is in force only when the file says so."""
    found = load(index_dir)
    if found.changes != expected.changes:
        raise CorrectionError(f"{path_of(index_dir)} does not hold what was written (changed by hand meanwhile, "
                              "or the disk?): see `searchapp entities changes`")


def index_values(index_dir) -> dict[str, set[str]]:
    """Facet kind -> every value the live index holds for it, as written and as resolved."""
    live = generations.current_path(Path(index_dir))
    if live is None:
        raise CorrectionError(f"no index in {index_dir}: run `searchapp reindex SOURCE` first")
    ix = generations.open_generation(live)
    found: dict[str, set[str]] = {facet.kind: set() for facet in FACETS}
    with ix.reader() as reader:
        for facet in FACETS:
            found[facet.kind].update(b.decode("utf-8") for b in reader.lexicon(facet.field))
    resolution = valuemap.load(live).combined(load(index_dir).value_map())
    for kind, values in list(found.items()):
        for value in list(values):
            resolved = resolution.resolve(kind, value)
            if resolved is not None:
                found[resolved[0]].add(resolved[1])
    return found


def add(index_dir, change: Change) -> Change:
    """Check ``change`` against the index and the corrections in force, then store it (values
    spelled as the index spells them). Nothing is written when it is wrong."""
    with locked(index_dir):
        return _add(index_dir, change)


def _add(index_dir, change: Change) -> Change:
    corrections = load(index_dir)
    known = index_values(index_dir)
    spelled = _spelled(known[change.kind], change.kind, change.values)
    target = change.target
    if change.action == "merge":
        target = _spelled(known[change.kind], change.kind, (target,))[0]
        if fold(target) in {fold(v) for v in spelled}:
            raise CorrectionError(f"cannot merge {target!r} into itself", param="variant")
    if change.action == "retype" and change.target == change.kind:
        raise CorrectionError(f"{spelled[0]!r} is already a value of {change.kind}", param="kind")
    checked = Change(change.action, change.kind, spelled, target)
    proposed = Corrections(corrections.changes + [checked])
    _refuse_cycles(proposed.value_map(), checked)
    save(index_dir, proposed)
    _verified(index_dir, proposed)
    return checked


def _spelled(known: set[str], kind: str, values: tuple[str, ...]) -> tuple[str, ...]:
    by_fold = {fold(value): value for value in known}
    spelled = []
    for value in values:
        found = value if value in known else by_fold.get(fold(value))
        if found is None:
            raise CorrectionError(f"the index has no {kind} {value!r}", param="value")
        spelled.append(found)
    return tuple(spelled)


def _refuse_cycles(value_map: ValueMap, change: Change) -> None:
    for value in change.values:
        kind, current, seen = change.kind, value, set()
        while (kind, current) not in seen:
            seen.add((kind, current))
            moved = value_map.retype[kind].get(current)
            if moved:
                kind = moved
                continue
            target = value_map.merge[kind].get(current)
            if not target:
                break
            current = target
        else:
            raise CorrectionError(f"{change.describe()} would make a cycle through {current!r}", param="value")


def forget(index_dir, number: int) -> Change:
    """Drop change ``number`` (1-based, as `entities changes` numbers them)."""
    with locked(index_dir):
        corrections = load(index_dir)
        if not 1 <= number <= len(corrections.changes):
            raise CorrectionError(f"no change {number}: {len(corrections.changes)} in force "
                                  "(see `searchapp entities changes`)", param="number")
        change = corrections.changes.pop(number - 1)
        save(index_dir, corrections)
        _verified(index_dir, corrections)
    return change


def numbered(corrections: Corrections, kind: str | None = None) -> list[tuple[int, Change]]:
    """(number, change): numbers are positions in the whole file, so they stay put under --kind."""
    return [(i, c) for i, c in enumerate(corrections.changes, 1)
            if kind is None or c.kind == kind or c.target == kind]
