"""The data tables of the resolution pass (see data/README.txt): word classes and aliases."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from ..store.analysis import fold

DATA = Path(__file__).with_name("data")


@dataclass
class Patterns:
    """Values written out, and "* Word" / "Word *" / "* Words *" shapes, matched case- and
    accent-blind, with or without a plural "s"."""

    exact: set[str] = field(default_factory=set)
    suffixes: list[str] = field(default_factory=list)   # folded " word"
    prefixes: list[str] = field(default_factory=list)   # folded "word "
    infixes: list[str] = field(default_factory=list)    # folded " words " inside a longer name

    def add(self, entry: str) -> None:
        self.__dict__.pop("_shapes", None)
        # fold() strips the space that makes "* Cup" a word of its own: put it back ("Hiccup"
        # is no cup, "Verwaayen" no yen, the Hurricanes no hurricane)
        if entry.startswith("* ") and entry.endswith(" *"):
            self.infixes.append(f" {fold(entry[1:-1])} ")
        elif entry.startswith("* "):
            self.suffixes.append(" " + fold(entry[1:]))
        elif entry.endswith(" *"):
            self.prefixes.append(fold(entry[:-1]) + " ")
        else:
            self.exact.add(fold(entry))

    def matches(self, value: str) -> bool:
        return self.matches_folded(fold(value))

    def matches_folded(self, key: str) -> bool:
        """``matches`` for a value already folded (a pass matches each value against many tables)."""
        if key in self.exact or (key.endswith("s") and key[:-1] in self.exact):
            return True
        return self._shapes.match(key) is not None

    @cached_property
    def _shapes(self) -> re.Pattern:
        """One pattern for every "Word *", "* Word" and "* Words *" shape (a pass tries thousands of values)."""
        shapes = ([re.escape(p) for p in self.prefixes] + [f".*{re.escape(s)}s?\\Z" for s in self.suffixes]
                  + [f".+{re.escape(i)}." for i in self.infixes])
        return re.compile("|".join(shapes), re.DOTALL) if shapes else re.compile(r"(?!)")


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
    # the plurals of the phrases before a name that end in a noun ("presenters", "rival firms"),
    # which the table does not write itself: they say the kind of every name of a list after them
    # ("presenters Ant and Dec")
    listing: frozenset[str] = frozenset()


# Last words of phrases before a name that are no noun, so have no plural ("shares in", "his debut")
NOT_NOUNS = {"in", "at", "near", "of", "for", "to", "by", "on", "with", "from", "outside", "the", "a", "an",
             "his", "her", "their", "its", "debut", "daily", "weekly", "north", "south", "east", "west", "northern",
             "southern", "eastern", "western", "central", "native", "throughout"}


@lru_cache(maxsize=4)
def contexts(path: Path = DATA / "contexts.txt") -> Contexts:
    """The table, and the plural of each phrase before a name that ends in a noun ("firm X":
    "firms X"), which news writes before a list of names of that kind."""
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        kind, colon, phrase = line.partition(":")
        phrase = phrase.strip()
        if line.startswith("#") or not colon or " " in kind.strip() or phrase.count("X") != 1:
            continue
        head, _, tail = phrase.partition("X")
        if head and not tail:
            before[head.rstrip()] = kind.strip()
        elif tail and not head:
            after[tail] = kind.strip()
    plurals = {plural: kind for phrase, kind in before.items() if (plural := _plural(phrase)) and plural not in before}
    return Contexts({**plurals, **before}, after, frozenset(plurals))


def _plural(phrase: str) -> str | None:
    """The phrase with its last word in the plural ("rival firm": "rival firms"; "chairman":
    "chairmen"; "company": "companies"), when that word is a lower-case noun in the singular."""
    head, _, word = phrase.rpartition(" ")
    if (not word.isalpha() or not word.islower() or word in NOT_NOUNS
            or word.endswith(("s", "ing", "ed"))):          # "sending X", "the format called X"
        return None
    if word.endswith("man"):
        word = word[:-3] + "men"
    elif word.endswith("y") and word[-2] not in "aeiou":
        word = word[:-1] + "ies"
    elif word.endswith(("sh", "ch", "x", "z")):
        word += "es"
    else:
        word += "s"
    return f"{head} {word}".lstrip()


@lru_cache(maxsize=4)
def diminutives(path: Path = DATA / "diminutives.txt") -> dict[str, frozenset[str]]:
    """Short form of a given name -> the given names it stands for ("Steve": Stephen, Steven)."""
    found: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        given, colon, shorts = line.partition(":")
        if line.startswith("#") or not colon:
            continue
        for short in shorts.split():
            found.setdefault(short, set()).add(given.strip())
    return {short: frozenset(names) for short, names in found.items()}


@lru_cache(maxsize=4)
def music_words(path: Path = DATA / "music.txt") -> frozenset[str]:
    """The lower-case words that say an article is about music ("album", "guitarist")."""
    return frozenset(word for line in path.read_text(encoding="utf-8").splitlines()
                     if not line.startswith("#") for word in line.split())


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


@dataclass
class AliasIndex:
    """Which alias of the table names a value, without trying each in turn: the written-out
    variants by their folded form, the "Prefix *" and "* Suffix" shapes in a short list."""

    canonical: dict[str, int]              # canonical name as written -> first alias's position
    exact: dict[str, int]                  # folded variant -> first alias's position
    shapes: list[tuple[int, Patterns]]     # (position, variants) of the aliases with shapes

    def find(self, value: str) -> int | None:
        """The position in aliases() of the first alias naming ``value`` (its canonical name, or a
        variant as Patterns matches it), if any."""
        key = fold(value)
        found = [self.exact[k] for k in (key, key[:-1] if key.endswith("s") else None) if k in self.exact]
        if value in self.canonical:
            found.append(self.canonical[value])
        found += [position for position, patterns in self.shapes
                  if (not found or position < min(found)) and patterns.matches_folded(key)]
        return min(found, default=None)


@lru_cache(maxsize=4)
def alias_index(path: Path = DATA / "aliases.tsv") -> AliasIndex:
    canonical: dict[str, int] = {}
    exact: dict[str, int] = {}
    shapes = []
    for position, alias in enumerate(aliases(path)):
        canonical.setdefault(alias.canonical, position)
        for key in alias.variants.exact:
            exact.setdefault(key, position)
        if alias.variants.prefixes or alias.variants.suffixes:
            shapes.append((position, alias.variants))
    return AliasIndex(canonical, exact, shapes)


@lru_cache(maxsize=1)
def written_names() -> frozenset[str]:
    """Every name the tables write out in full, folded: the aliases' names and the classes'
    entries (not their "* Word" shapes, nor products: "Nintendo DS" sales name Nintendo). A span the model took a word or two short of one of
    these is completed to it (enrich/boundaries.py)."""
    names = {fold(name) for alias in aliases() for name in alias.names}
    for word_class in word_classes():
        if word_class.name != "products":     # "Nintendo" + "DS": the company is named, not its product
            names |= word_class.patterns.exact
    return frozenset(names)


def is_written_name(name: str) -> bool:
    """Whether the tables write ``name`` out (see written_names), or its singular ("Christian
    Democrats")."""
    key, known = fold(name), written_names()
    return key in known or (key.endswith("s") and key[:-1] in known)

