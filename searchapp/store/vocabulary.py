"""The words of an index's titles and bodies as written, with how many articles use each.

Title and body are indexed stemmed ("government" -> "govern"), but did-you-mean and `word*`
expansion need the words as written. Whoosh's ``spelling=True`` keeps them as a second field
with postings for every word of every article, about 30% of the index writer's CPU. Neither
feature needs to know *which* articles use a word (the stemmed index answers that), so the
indexer keeps a word -> article count table in a file beside the index instead.

The table only grows: an article deleted or rewritten leaves its old words counted. Every word
taken from it is looked up in the index before use, so a stale word costs nothing but a lookup.
"""
from __future__ import annotations

import logging
import os
import re
import threading
from bisect import bisect_left
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from .analysis import WORD_PATTERN, fold

log = logging.getLogger(__name__)

FILENAME = "vocabulary.tsv"
# The analyzer's word pattern, so that the words are those it indexes (U.S., AT&T, G7).
_WORD = re.compile(WORD_PATTERN)
MIN_LENGTH, MAX_LENGTH = 2, 40   # 1-letter words are never corrected or expanded; longer ones are junk


class VocabularyCounter:
    """Counts words while an index is written; save() writes them beside the index."""

    def __init__(self, counts: Counter | None = None):
        self.counts = counts if counts is not None else Counter()

    @classmethod
    def load(cls, folder: str | os.PathLike) -> VocabularyCounter | None:
        """The counts saved in ``folder``; None when it has no vocabulary file."""
        path = Path(folder) / FILENAME
        if not path.exists():
            return None
        return cls(Counter(dict(_read(path))))

    def add(self, title: str, body: str) -> None:
        # Lengths are checked once per word in save(), not once per occurrence here.
        self.counts.update(set(_WORD.findall(f"{title} {body}".lower())))

    def save(self, folder: str | os.PathLike) -> None:
        """Write the table atomically: a reader sees the old file or the new one, never half."""
        path = Path(folder) / FILENAME
        tmp = path.with_name(f".{FILENAME}.{os.getpid()}")
        with open(tmp, "w", encoding="utf-8") as out:
            out.writelines(f"{word}\t{count}\n" for word, count in sorted(self.counts.items())
                           if MIN_LENGTH <= len(word) <= MAX_LENGTH)
        os.replace(tmp, path)


def _read(path: Path) -> Iterator[tuple[str, int]]:
    # errors="replace": a damaged byte costs its word (dropped below), not the search
    with open(path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            word, _, count = line.rstrip("\n").partition("\t")
            if word and count.isdigit() and "\ufffd" not in word:   # a damaged line costs its word
                yield word, int(count)


class Vocabulary:
    """The saved words of one index folder, read on first use; thread-safe, read-only."""

    def __init__(self, folder: str | os.PathLike):
        self.path = Path(folder) / FILENAME
        self._lock = threading.Lock()
        self._words: list[str] | None = None
        self._counts: dict[str, int] = {}
        self._folded: tuple[list[str], list[str]] | None = None   # sorted folded forms, their words

    def _loaded(self) -> list[str]:
        if self._words is None:
            with self._lock:
                if self._words is None:
                    try:
                        pairs = list(_read(self.path)) if self.path.exists() else []
                    except OSError as error:   # unreadable: only did-you-mean and word* suffer
                        log.error("cannot read %s: %s", self.path, error)
                        pairs = []
                    if not pairs:
                        log.warning("%s is missing or empty: did-you-mean and word* find nothing "
                                    "until `searchapp reindex` rebuilds it", self.path)
                    self._counts = dict(pairs)
                    self._words = [word for word, _ in pairs]   # the file is sorted
        return self._words

    def __len__(self) -> int:
        return len(self._loaded())

    def __contains__(self, word: str) -> bool:
        self._loaded()
        return word in self._counts

    def count(self, word: str) -> int:
        """How many articles used ``word`` (as far as this table knows)."""
        self._loaded()
        return self._counts.get(word, 0)

    def with_prefix(self, prefix: str) -> list[str]:
        """Words starting with ``prefix``, accents and case folded ("gdan" finds "gdańsk"), in
        alphabetical order of their folded forms."""
        keys, words = self._by_folded()
        prefix = fold(prefix)
        if not prefix:
            return list(words)
        after = prefix[:-1] + chr(ord(prefix[-1]) + 1)   # the first string past the prefix
        return words[bisect_left(keys, prefix):bisect_left(keys, after)]

    def _by_folded(self) -> tuple[list[str], list[str]]:
        words = self._loaded()
        if self._folded is None:
            with self._lock:
                if self._folded is None:
                    folded = [fold(word) for word in words]
                    if folded == words:   # nothing to fold (an English archive): share the list
                        self._folded = (words, words)
                    else:
                        pairs = sorted(zip(folded, words))
                        self._folded = ([key for key, _ in pairs], [word for _, word in pairs])
        return self._folded

    def within(self, word: str, maxdist: int, prefix: int = 1) -> list[str]:
        """Words within ``maxdist`` edits (Damerau-Levenshtein) of ``word`` sharing its first
        ``prefix`` letters, closest first, then most used."""
        candidates = self.with_prefix(word[:prefix])
        found = process.extract(word, candidates, scorer=DamerauLevenshtein.distance,
                                score_cutoff=maxdist, limit=None)
        found.sort(key=lambda match: (match[1], -self._counts[match[0]], match[0]))
        return [candidate for candidate, _, _ in found]


def rebuild(documents: Iterable[dict]) -> VocabularyCounter:
    """A table from stored fields (for an index written before it kept one)."""
    counter = VocabularyCounter()
    for stored in documents:
        counter.add(stored.get("title", ""), stored.get("body", ""))
    return counter
