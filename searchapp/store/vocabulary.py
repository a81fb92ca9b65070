"""The words of an index's titles and bodies as written, with how many articles use each.

Title and body are indexed stemmed ("government" -> "govern"), but did-you-mean and `word*`
expansion need the words as written. Whoosh's ``spelling=True`` keeps them as a second field
with postings for every word of every article, about 30% of the index writer's CPU. Neither
feature needs to know *which* articles use a word (the stemmed index answers that), so the
indexer keeps a word -> article count table in a file beside the index instead.

The table only grows: an article deleted or rewritten leaves its old words counted. Every word
taken from it is looked up in the index before use, so a stale word costs nothing but a lookup.
Its first line holds the checksum and length of the rest: a missing, cut or garbage table is
refused whole (a 503 while serving), never read as fewer words.
"""
from __future__ import annotations

import logging
import os
import re
import threading
import zlib
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Iterable, Iterator

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein
from whoosh.analysis import (CharsetFilter, CompositeAnalyzer, LowercaseFilter, PassFilter, RegexTokenizer,
                             StemFilter, StopFilter, SubstitutionFilter)

from ..errors import IndexDamaged
from .analysis import WORD_PATTERN, CaseFilter, NewsTokenizer, WordStemFilter, fold

log = logging.getLogger(__name__)

FILENAME = "vocabulary.tsv"
# The analyzer's word pattern, so that the words are those it indexes (U.S., AT&T, G7).
_WORD = re.compile(WORD_PATTERN)
MIN_LENGTH, MAX_LENGTH = 2, 40   # 1-letter words are never corrected or expanded; longer ones are junk


class VocabularyDamaged(ValueError):
    """The word table's file is not what the indexer wrote (no header, another checksum)."""


class VocabularyCounter:
    """Counts words while an index is written; save() writes them beside the index."""

    def __init__(self, counts: Counter | None = None):
        self.counts = counts if counts is not None else Counter()

    @classmethod
    def load(cls, folder: str | os.PathLike) -> VocabularyCounter | None:
        """The counts saved in ``folder``; None when it has no vocabulary file, or a damaged one
        (the writer then counts the words again from the stored articles)."""
        path = Path(folder) / FILENAME
        if not path.exists():
            return None
        try:
            return cls(Counter(dict(_read(path))))
        except VocabularyDamaged as error:
            log.warning("%s is damaged (%s): counting the words again", path, error)
            return None

    def add(self, title: str, body: str) -> None:
        # Lengths are checked once per word in save(), not once per occurrence here.
        self.counts.update(set(_WORD.findall(f"{title} {body}".lower())))

    def save(self, folder: str | os.PathLike) -> None:
        """Write the table atomically: a reader sees the old file or the new one, never half.
        A first line carries the checksum and length of the rest (_read checks them)."""
        path = Path(folder) / FILENAME
        tmp = path.with_name(f".{FILENAME}.{os.getpid()}")
        body = "".join(f"{word}\t{count}\n" for word, count in sorted(self.counts.items())
                       if MIN_LENGTH <= len(word) <= MAX_LENGTH).encode("utf-8")
        with open(tmp, "wb") as out:
            out.write(f"{HEADER}\t{zlib.crc32(body):08x}\t{len(body)}\n".encode("ascii"))
            out.write(body)
        os.replace(tmp, path)


HEADER = "#searchapp-vocabulary"


def check_file(path: Path, whole: bool = False) -> None:
    """VocabularyDamaged (or OSError) unless ``path`` starts with the indexer's first line and is
    as long as it says; ``whole``: its checksum too (reads the file)."""
    if whole:
        for _ in _read(path):
            return
        return
    with open(path, "rb") as table:
        head = table.readline(200)
        size = os.fstat(table.fileno()).st_size
    fields = head.rstrip(b"\n").decode("ascii", "replace").split("\t")
    if len(fields) != 3 or fields[0] != HEADER or not head.endswith(b"\n"):
        raise VocabularyDamaged("its first line is not the indexer's")
    if fields[2] != str(size - len(head)):
        raise VocabularyDamaged(f"it is {size - len(head):,} bytes after its first line, written as {fields[2]}")


def _read(path: Path) -> Iterator[tuple[str, int]]:
    """The (word, count) pairs of a saved table; VocabularyDamaged unless its first line's
    checksum and length are those of the rest (a missing or garbage table gave wrong answers:
    `gro*` found nothing)."""
    data = path.read_bytes()
    head, _, body = data.partition(b"\n")
    fields = head.decode("ascii", "replace").split("\t")
    if len(fields) != 3 or fields[0] != HEADER:
        raise VocabularyDamaged("its first line is not the indexer's")
    if fields[2] != str(len(body)) or fields[1] != f"{zlib.crc32(body):08x}":
        raise VocabularyDamaged(f"it is {len(body):,} bytes with checksum {zlib.crc32(body):08x}, "
                                f"written as {fields[2]} bytes with {fields[1]}")
    for line in body.decode("utf-8").splitlines():
        word, _, count = line.partition("\t")
        yield word, int(count)


class Vocabulary:
    """The saved words of one index folder, read on first use; thread-safe, read-only."""

    def __init__(self, folder: str | os.PathLike):
        self.path = Path(folder) / FILENAME
        self._lock = threading.Lock()
        self._damage: IndexDamaged | None = None
        self._words: list[str] | None = None
        self._counts: dict[str, int] = {}
        self._folded: tuple[list[str], list[str]] | None = None   # sorted folded forms, their words
        self._word_terms: dict[int, tuple[object, WordTerms | None]] = {}   # id(analyzer) ->
        self._term_buckets = None

    def _loaded(self) -> list[str]:
        if self._words is None:
            with self._lock:
                if self._damage is not None:
                    raise self._damage
                if self._words is None:
                    try:
                        pairs = list(_read(self.path))
                    except (OSError, VocabularyDamaged) as error:
                        # Its words are what `word*` and did-you-mean read: a 503, never a
                        # wrong answer (the service reopens the index once the file changes).
                        self._damage = IndexDamaged(
                            f"the index in {self.path.parent.parent} is damaged: {self.path.parent.name}/"
                            f"{FILENAME} cannot be read ({error}); restore it or run `searchapp reindex "
                            "--full SOURCE...`")
                        log.error("%s: %s", self._damage.code, self._damage.message)
                        raise self._damage from None
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


    def term_buckets(self) -> TermBuckets:
        """The index terms that fuzzy queries compare with, read once per index version (a
        Vocabulary belongs to one version: every searcher of its pool reads the same terms)."""
        with self._lock:
            if self._term_buckets is None:
                self._term_buckets = TermBuckets()
            return self._term_buckets

    def word_terms(self, analyzer) -> WordTerms | None:
        """The memo of what ``analyzer`` makes of single words of this index (one per analyzer);
        None when the analyzer is not one a word-by-word analysis reproduces."""
        key = id(analyzer)   # the analyzer is kept in the value, so its id is not reused
        if key not in self._word_terms:
            with self._lock:
                if key not in self._word_terms:
                    self._word_terms[key] = (analyzer, WordTerms.for_analyzer(analyzer))
        return self._word_terms[key][1]


@dataclass(frozen=True)
class Tokens:
    """A text's tokens as parallel lists: offsets of each token's first and past-last character, text."""

    starts: list[int]
    ends: list[int]
    words: list[str]


# Whoosh's default tokenizer patterns -> the same tokens (verified in tests/test_snippets.py) with
# the whole token as the pattern's one group, for re.split; a pattern without groups of its own
# gets one around it (``WordTerms.__init__``).
_SPLITTERS = {
    r"[\w\*]+(\.?[\w\*]+)*": re.compile(r"([\w*]+(?:\.[\w*]+)*)"),   # whoosh-reloaded 2.7.5
    r"\w+(\.?\w+)*": re.compile(r"(\w+(?:\.\w+)*)"),                   # Whoosh 2.7
}


# Tokenizers whose tokens of a word alone are its tokens in a text (NewsTokenizer's one context,
# the `shouting` of a whole value, is only read when indexing), and filters that turn each token
# into exactly one token whatever its neighbours (StopFilter only marks stop words while
# highlighting, which analyses with removestops=False).
_TOKENIZERS = (RegexTokenizer, NewsTokenizer)
_ONE_TO_ONE = (LowercaseFilter, StopFilter, StemFilter, CharsetFilter, SubstitutionFilter, PassFilter,
               CaseFilter, WordStemFilter)


class WordTerms:
    """The text an analyzer gives each single word (token), memoised.

    Highlighting asks which words of a hit's body are query terms. Running the analyzer over the
    whole body (Whoosh's way) costs a chain of Python generators per token for every hit of every
    query; the words of an archive repeat, so each is analysed once here. Only valid for an analyzer
    whose tokenizer is a regex and whose filters map one token to one token (``for_analyzer``).
    """

    MAX_WORDS = 1 << 16   # then the memo starts over: a bounded cache, not the whole vocabulary

    def __init__(self, analyzer: CompositeAnalyzer):
        self.analyzer = analyzer
        self.expression = analyzer.items[0].expression   # the tokenizer's pattern
        # re.split with the token pattern as its one group cuts a text into gap, token, gap, ...
        # in C; finditer makes a Python match object per token, twice as slow.
        self._splitter = _SPLITTERS.get(self.expression.pattern)
        if self._splitter is None and self.expression.groups == 0:
            self._splitter = re.compile(f"({self.expression.pattern})", self.expression.flags)
        self._memo: dict[str, str] = {}

    def tokens(self, text: str) -> Tokens:
        """The tokens the analyzer's tokenizer cuts from ``text``."""
        if self._splitter is None:
            found = [(m.start(), m.end(), m.group()) for m in self.expression.finditer(text)]
            return Tokens([f[0] for f in found], [f[1] for f in found], [f[2] for f in found])
        parts = self._splitter.split(text)
        offsets = list(accumulate(map(len, parts)))   # ends of gap 0, token 0, gap 1, token 1, ...
        return Tokens(offsets[0:-1:2], offsets[1::2], parts[1::2])

    @classmethod
    def for_analyzer(cls, analyzer) -> WordTerms | None:
        if not isinstance(analyzer, CompositeAnalyzer) or not analyzer.items:
            return None
        tokenizer, *filters = analyzer.items
        if type(tokenizer) not in _TOKENIZERS or tokenizer.gaps:
            return None
        if not all(type(f) in _ONE_TO_ONE for f in filters):
            return None
        return cls(analyzer)

    def terms(self, words: Iterable[str]) -> dict[str, str] | None:
        """word -> its analysed text, for each of ``words`` (as the tokenizer cut them); None when
        the analyzer does not give exactly one token per word (then nothing is memoised)."""
        memo, found, missing = self._memo, {}, {}
        for word in words:
            term = memo.get(word)
            if term is None:
                missing[word] = None
            else:
                found[word] = term
        if missing:
            analysed = self._analyse(list(missing))
            if analysed is None:
                return None
            if len(memo) + len(analysed) > self.MAX_WORDS:
                memo.clear()
            memo.update(analysed)
            found.update(analysed)
        return found

    def _analyse(self, words: list[str]) -> dict[str, str] | None:
        # One analyzer call over all the words, one per line, instead of one call per word.
        starts, offset = {}, 0
        for word in words:
            starts[offset] = word
            offset += len(word) + 1
        analysed = {}
        tokens = self.analyzer("\n".join(words), chars=True, mode="query", removestops=False)
        for token in tokens:
            word = starts.get(token.startchar)
            if word is None or token.endchar != token.startchar + len(word):
                log.warning("analyzer %r splits words: highlighting re-analyses whole bodies", self.analyzer)
                return None
            analysed[word] = token.text
        return analysed if len(analysed) == len(words) else None


class TermBuckets:
    """One index version's terms per (field, prefix), grouped by length; filled on first use
    through the reader of the request asking (readers are never shared between threads)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._buckets: dict[tuple[str, str], dict[int, list[str]]] = {}

    def by_length(self, reader, field: str, prefix: str) -> dict[int, list[str]]:
        key = (field, prefix)
        buckets = self._buckets.get(key)
        if buckets is None:
            fieldobj = reader.schema[field]
            buckets = {}
            for btext in reader.expand_prefix(field, prefix):
                term = fieldobj.from_bytes(btext)
                buckets.setdefault(len(term), []).append(term)
            with self._lock:
                self._buckets[key] = buckets
        return buckets


def rebuild(documents: Iterable[dict]) -> VocabularyCounter:
    """A table from stored fields (for an index written before it kept one)."""
    counter = VocabularyCounter()
    for stored in documents:
        counter.add(stored.get("title", ""), stored.get("body", ""))
    return counter
