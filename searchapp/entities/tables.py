"""The data tables of the resolution pass (see data/README.txt): word classes and aliases."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..store.analysis import fold

DATA = Path(__file__).with_name("data")


@dataclass
class Patterns:
    """Values written out, and "* Word" / "Word *" shapes, matched case- and accent-blind,
    with or without a plural "s"."""

    exact: set[str] = field(default_factory=set)
    suffixes: list[str] = field(default_factory=list)   # folded " word"
    prefixes: list[str] = field(default_factory=list)   # folded "word "

    def add(self, entry: str) -> None:
        if entry.startswith("* "):
            self.suffixes.append(fold(entry[1:]))
        elif entry.endswith(" *"):
            self.prefixes.append(fold(entry[:-1]))
        else:
            self.exact.add(fold(entry))

    def matches(self, value: str) -> bool:
        key = fold(value)
        if key in self.exact or (key.endswith("s") and key[:-1] in self.exact):
            return True
        if any(key.endswith(s) or (key.endswith(s + "s")) for s in self.suffixes):
            return True
        return any(key.startswith(p) for p in self.prefixes)


@dataclass
class WordClass:
    """One table of classes/: its values belong to ``kind`` (None: to no facet) and are never
    values of the kinds in ``never`` (empty: of any kind but ``kind``)."""

    name: str
    kind: str | None
    never: frozenset[str]
    patterns: Patterns

    def excludes(self, kind: str) -> bool:
        return kind in self.never if self.never else kind != self.kind


@dataclass
class Alias:
    canonical: str
    variants: Patterns
    written: tuple[str, ...] = ()   # the variants written out ("EU", "E.U."), not the "Prefix *" ones

    @property
    def names(self) -> tuple[str, ...]:
        """Every name of the thing written out, the canonical one first."""
        return (self.canonical, *self.written)


def _entries(path: Path) -> tuple[dict[str, str], list[str]]:
    """Header fields ("# key: value") and the entries of one table file."""
    header, entries = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if text.startswith("#"):
            key, colon, value = text[1:].partition(":")
            if colon and key.strip() in ("kind", "never"):
                header[key.strip()] = value.strip()
        elif text:
            entries.append(text)
    return header, entries


@lru_cache(maxsize=4)
def word_classes(folder: Path = DATA / "classes") -> tuple[WordClass, ...]:
    classes = []
    for path in sorted(folder.glob("*.txt")):
        header, entries = _entries(path)
        patterns = Patterns()
        for entry in entries:
            patterns.add(entry)
        classes.append(WordClass(path.stem, header.get("kind") or None,
                                 frozenset(header.get("never", "").split()), patterns))
    return tuple(classes)


@dataclass
class Contexts:
    """Phrases before or after a name that say which kind it is (data/contexts.txt): the text
    before the name ("shares in") or after it ("'s chief executive", " have") -> kind."""

    before: dict[str, str]
    after: dict[str, str]


@lru_cache(maxsize=4)
def contexts(path: Path = DATA / "contexts.txt") -> Contexts:
    found = Contexts({}, {})
    for line in path.read_text(encoding="utf-8").splitlines():
        kind, colon, phrase = line.partition(":")
        phrase = phrase.strip()
        if line.startswith("#") or not colon or " " in kind.strip() or phrase.count("X") != 1:
            continue
        head, _, tail = phrase.partition("X")
        if head and not tail:
            found.before[head.rstrip()] = kind.strip()
        elif tail and not head:
            found.after[tail] = kind.strip()
    return found


@lru_cache(maxsize=4)
def aliases(path: Path = DATA / "aliases.tsv") -> tuple[Alias, ...]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        canonical, *variants = [part.strip() for part in line.split("\t") if part.strip()]
        patterns = Patterns()
        for variant in variants:
            patterns.add(variant)
        found.append(Alias(canonical, patterns, tuple(v for v in variants if not v.endswith(" *")
                                                       and not v.startswith("* "))))
    return tuple(found)
