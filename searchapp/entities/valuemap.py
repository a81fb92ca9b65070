"""What becomes of the facet values the index holds: merged into another value, moved to
another kind, or hidden. The resolution pass writes one per generation (VALUE_MAP_FILE), the
user's corrections make another; ``combined`` lays the second over the first."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..facets import KINDS
from ..store.analysis import fold

VALUE_MAP_FILE = "entities.json"   # in a generation folder, beside vocabulary.tsv
MAX_STEPS = 16                      # a chain of merges and moves longer than this is cut there


def _per_kind(factory):
    return field(default_factory=lambda: {kind: factory() for kind in KINDS})


@dataclass
class ValueMap:
    merge: dict[str, dict[str, str]] = _per_kind(dict)     # kind -> variant -> target value
    retype: dict[str, dict[str, str]] = _per_kind(dict)    # kind -> value -> kind it belongs to
    hide: dict[str, set[str]] = _per_kind(set)              # kind -> values never shown
    stamp: tuple = ()                                       # the files it was read from, as of then

    def __bool__(self) -> bool:
        return any(self.merge.values()) or any(self.retype.values()) or any(self.hide.values())

    def resolve(self, kind: str, value: str) -> tuple[str, str] | None:
        """(kind, value) as the archive should show it; None: hidden."""
        for _ in range(MAX_STEPS):
            if value in self.hide.get(kind, ()):
                return None
            moved = self.retype.get(kind, {}).get(value)
            if moved and moved != kind:
                kind = moved
                continue
            target = self.merge.get(kind, {}).get(value)
            if target and target != value:
                value = target
                continue
            break
        return kind, value

    def resolve_written(self, kind: str, value: str) -> tuple[str, str] | None:
        """Like resolve(), for a value as a user typed it (any case or accents)."""
        for key in (value, self._folded(kind).get(fold(value))):
            if key is not None and (key in self.hide.get(kind, ()) or key in self.retype.get(kind, {})
                                    or key in self.merge.get(kind, {})):
                return self.resolve(kind, key)
        return kind, value

    def _folded(self, kind: str) -> dict[str, str]:
        keys = list(self.merge.get(kind, {})) + list(self.retype.get(kind, {})) + list(self.hide.get(kind, ()))
        return {fold(key): key for key in keys}

    def entities(self, entities: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        """An article's facet values (kind -> values) as resolved."""
        if not self:
            return entities
        found: dict[str, list[str]] = {kind: [] for kind in entities}
        for kind, values in entities.items():
            for value in values:
                resolved = self.resolve(kind, value)
                if resolved is not None and resolved[1] not in found.setdefault(resolved[0], []):
                    found[resolved[0]].append(resolved[1])
        return {kind: tuple(values) for kind, values in found.items()}

    def to_dict(self) -> dict:
        return {
            "merge": {k: dict(sorted(v.items())) for k, v in self.merge.items() if v},
            "retype": {k: dict(sorted(v.items())) for k, v in self.retype.items() if v},
            "hide": {k: sorted(v) for k, v in self.hide.items() if v},
        }

    @classmethod
    def from_dict(cls, data: dict) -> "ValueMap":
        found = cls()
        for kind, pairs in (data.get("merge") or {}).items():
            found.merge.setdefault(kind, {}).update(pairs)
        for kind, pairs in (data.get("retype") or {}).items():
            found.retype.setdefault(kind, {}).update(pairs)
        for kind, values in (data.get("hide") or {}).items():
            found.hide.setdefault(kind, set()).update(values)
        return found

    def combined(self, over: "ValueMap") -> "ValueMap":
        """This map with ``over``'s decisions taking precedence for the values they name."""
        result = ValueMap.from_dict(self.to_dict())
        for kind in set(over.merge) | set(over.retype) | set(over.hide):
            named = set(over.merge.get(kind, {})) | set(over.retype.get(kind, {})) | over.hide.get(kind, set())
            for value in named:
                result.merge.get(kind, {}).pop(value, None)
                result.retype.get(kind, {}).pop(value, None)
                result.hide.get(kind, set()).discard(value)
            result.merge.setdefault(kind, {}).update(over.merge.get(kind, {}))
            result.retype.setdefault(kind, {}).update(over.retype.get(kind, {}))
            result.hide.setdefault(kind, set()).update(over.hide.get(kind, set()))
        return result


def file_stamp(path: Path) -> tuple:
    try:
        info = os.stat(path)
    except OSError:
        return (str(path), None)
    return (str(path), info.st_ino, info.st_mtime_ns, info.st_size)   # a replaced file: a new inode


def save(generation: Path, value_map: ValueMap) -> None:
    """Write atomically: a searcher reading it never sees half a file."""
    path = Path(generation) / VALUE_MAP_FILE
    tmp = path.with_name(f".{VALUE_MAP_FILE}.{os.getpid()}")
    tmp.write_text(json.dumps(value_map.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def load(generation: Path) -> ValueMap:
    """The resolution pass's map of a generation (empty when it has none: an older index)."""
    path = Path(generation) / VALUE_MAP_FILE
    try:
        return ValueMap.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return ValueMap()
