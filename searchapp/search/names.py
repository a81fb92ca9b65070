"""The archive's names: the people, places and organisations of the index, by word, so that
did-you-mean can prefer a correction that forms one ("Tony Blare" -> "Tony Blair", where the
closest word alone is "blame").

Built once per index version from the facet arrays (values still named by a live article),
then read-only: a lookup is a fuzzy match of one word against the name words sharing its first
letter, and dictionary look-ups by (word, position, length).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from ..facets import FACETS
from ..store.analysis import fold
from .arrays import IndexArrays

# One word alone is weak evidence that a name is meant (did-you-mean keeps the closest word);
# longer names are not what a user types as a query.
MIN_NAME_WORDS, MAX_NAME_WORDS = 2, 4
MAX_EDITS = 2           # per word, as for the words of the vocabulary
NAME_WORD = re.compile(r"[^\W\d_][\w'’]*")   # the words did-you-mean corrects
_JOINERS = re.compile(r"['’-]")
_JOINED_WORD = re.compile(r"[^\W\d_]\w*(?:['’-]\w+)+")   # O'Neill, Kilroy-Silk, Marc-Antoine


@dataclass(frozen=True)
class NameMatch:
    """A name of the archive (two to four words) that a run of query words spells, within a few edits."""

    start: int                    # index of its first word among the words given
    words: tuple[str, ...]        # the name's words as the index writes them
    edits: int                    # edits over all its words
    articles: int                 # live articles naming it (under any kind)


class ArchiveNames:
    def __init__(self, names: dict[tuple[str, ...], int], joined: dict[str, str] | None = None):
        """``names``: a name's words as written -> live articles naming it; ``joined``: a name
        word written with an apostrophe or hyphen, folded without them -> the word ("oneill" ->
        "O'Neill"), see joined()."""
        self._names = list(names.items())
        self._joined = joined or {}
        self._by_slot: dict[tuple[str, int, int], list[int]] = {}   # (folded word, position, length) -> names
        initials: dict[str, set[str]] = {}
        for name_id, (words, _) in enumerate(self._names):
            for position, word in enumerate(words):
                folded = fold(word)
                self._by_slot.setdefault((folded, position, len(words)), []).append(name_id)
                initials.setdefault(folded[0], set()).add(folded)
        self._by_initial = {initial: sorted(found) for initial, found in initials.items()}

    @classmethod
    def of(cls, arrays: IndexArrays) -> ArchiveNames:
        names: dict[tuple[str, ...], int] = {}
        joined: dict[str, tuple[int, str]] = {}   # folded joined form -> (articles, word)
        for facet in FACETS:
            column, counts = arrays.facets[facet.kind], arrays.all_counts(facet.kind)
            for value_id in counts.nonzero()[0].tolist():
                value, articles = column.values[value_id], int(counts[value_id])
                words = tuple(NAME_WORD.findall(value))
                if MIN_NAME_WORDS <= len(words) <= MAX_NAME_WORDS:
                    names[words] = names.get(words, 0) + articles
                for word in _JOINED_WORD.findall(value):
                    key = fold(_JOINERS.sub("", word))
                    found = joined.get(key, (0, word))
                    joined[key] = (found[0] + articles, found[1] if found[0] >= articles else word)
        return cls(names, {key: word for key, (_, word) in joined.items()})

    def __len__(self) -> int:
        return len(self._names)

    def joined(self, word: str) -> str | None:
        """The name word ``word`` spells without its apostrophes or hyphens ("ONeill": "O'Neill",
        "KilroySilk": "Kilroy-Silk"), as the archive's names write it; None: none does."""
        return self._joined.get(fold(word))

    def near(self, word: str) -> dict[str, int]:
        """Folded name words within MAX_EDITS of ``word`` sharing its first letter -> edits."""
        folded = fold(word)
        candidates = self._by_initial.get(folded[:1], [])
        found = process.extract(folded, candidates, scorer=DamerauLevenshtein.distance,
                                score_cutoff=MAX_EDITS, limit=None)
        return {candidate: int(edits) for candidate, edits, _ in found}

    def matches(self, words: list[str], unknown: list[bool]) -> list[NameMatch]:
        """Every name spelled by a run of ``words`` (adjacent query words) that holds an unknown
        word: known words as the name writes them (any case), unknown ones within MAX_EDITS."""
        choices = [self.near(word) if unknown[i] else {fold(word): 0} for i, word in enumerate(words)]
        found = []
        for start in range(len(words)):
            for length in range(MIN_NAME_WORDS, min(MAX_NAME_WORDS, len(words) - start) + 1):
                if not any(unknown[start: start + length]):
                    continue
                found.extend(self._spelled(choices[start: start + length], start))
        return found

    def _spelled(self, choices: list[dict[str, int]], start: int) -> list[NameMatch]:
        length = len(choices)
        found = []
        for first in choices[0]:
            for name_id in self._by_slot.get((first, 0, length), ()):
                words, articles = self._names[name_id]
                folded = [fold(word) for word in words]
                if all(word in choice for word, choice in zip(folded, choices)):
                    edits = sum(choice[word] for word, choice in zip(folded, choices))
                    found.append(NameMatch(start, words, edits, articles))
        return found
