"""Did-you-mean: a query with its unknown words replaced by the closest words of the index,
preferring words that make up a name of the archive (person, place, organisation)."""
from __future__ import annotations

import re
from typing import Callable

import numpy as np

from ..store.vocabulary import Vocabulary
from .matching import matching_mask
from .names import NAME_WORD, ArchiveNames, NameMatch
from .syntax import TEXT_FIELDS


def suggestion(snapshot, text: str, filters_only: np.ndarray) -> str | None:
    """A corrected ``text``, offered only when it finds something under the same filters."""
    reader = snapshot.searcher.reader()
    def names() -> ArchiveNames:   # built on first need, once per index version
        return snapshot.arrays.derived("archive_names", ArchiveNames.of)

    # A name that finds nothing here gives way to the closest words alone.
    for corrected in corrections(text, reader, snapshot.queries.vocabulary, names):
        parsed = snapshot.queries.parse(corrected, reader)
        if (matching_mask(parsed, snapshot.searcher, snapshot.arrays) & filters_only).any():
            return corrected
    return None


# A word of the query not part of a field name, wildcard or operator suffix, nor excluded (`-gas`;
# the parts of `Kilroy-Silk` are words).
_WORD = re.compile(rf"(?<![\w:*?~^\\])(?<!(?<![^\s(])-)({NAME_WORD.pattern})(?![\w:*?~])")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}
# A word the index knows may still be a misspelling (`goverment`: one BBC article, by way of the
# stem of "governess"): when a word of RARE_MIN_LETTERS or more finds at most RARE_ARTICLES
# articles and a word one edit away finds RARE_RATIO times as many, that word is offered. Shorter
# words have too many real neighbours one edit away (measured on BBC and Reuters: README).
RARE_ARTICLES = 3
RARE_RATIO = 50
RARE_MIN_LETTERS = 6


def correct_text(text: str, reader, vocabulary: Vocabulary,
                 names: Callable[[], ArchiveNames] | None = None) -> str | None:
    """The first of corrections(): None when no word needed or found a correction."""
    found = corrections(text, reader, vocabulary, names)
    return found[0] if found else None


def corrections(text: str, reader, vocabulary: Vocabulary,
                names: Callable[[], ArchiveNames] | None = None) -> list[str]:
    """``text`` with each word unknown to title and body replaced by the closest known word
    (fewest edits, then most documents; first the archive's name it spells without an apostrophe
    or hyphen, "ONeill" -> "O'Neill"), and each rare word by a much commoner one an edit away
    (_more_frequent). With ``names`` (asked only when a word is unknown or rare),
    first the correction in which adjacent words that, corrected, spell a name of the archive
    take that name's words (see _name_fixes), then the closest words alone; distinct, and empty
    when no word needed or found a correction.

    Words are looked up in the vocabulary of words as written: Whoosh's correct_query() would
    hand the stemmed form to the corrector and put an unstemmed suggestion back into a stemmed
    field.
    """
    found = list(_WORD.finditer(text))
    closest: dict[int, str] = {}
    doubtful = []   # words to correct: unknown ones, and rare ones much like a commoner word
    for i, match in enumerate(found):
        word = match.group(1)
        known = word in _OPERATORS or _known(word, reader)
        if not known:
            better = _joined_name(word, reader, names) or _closest_word(word.lower(), reader, vocabulary)
        else:
            better = _more_frequent(word.lower(), reader, vocabulary) if word not in _OPERATORS else None
        doubtful.append(not known or better is not None)
        if better is not None:
            closest[i] = better.capitalize() if word[:1].isupper() and better.islower() else better
    candidates = []
    if names is not None and any(doubtful):
        candidates.append({**closest, **_name_fixes(text, found, doubtful, reader, names())})
    candidates.append(closest)
    texts = []
    for fixes in candidates:
        corrected = _applied(text, found, fixes) if fixes else None
        if corrected is not None and corrected not in texts:
            texts.append(corrected)
    return texts


def _applied(text: str, found: list[re.Match], fixes: dict[int, str]) -> str:
    pieces, last = [], 0
    for i in sorted(fixes):
        pieces += [text[last:found[i].start(1)], fixes[i]]
        last = found[i].end(1)
    return "".join(pieces) + text[last:]


def _name_fixes(text: str, found: list[re.Match], unknown: list[bool], reader,
                names: ArchiveNames) -> dict[int, str]:
    """Word index -> the name word it is corrected to, for runs of adjacent words that spell a
    person, place or organisation of the index: longest names first, then fewest edits, then
    most articles. Names have two words or more (see names.py): the words around a typo are the
    evidence that a name is meant; one word alone keeps the closest word."""
    fixes: dict[int, str] = {}
    for run in _runs(text, found):
        words, flags = [found[i].group(1) for i in run], [unknown[i] for i in run]
        usable = [match for match in names.matches(words, flags) if _written(match, flags, reader)]
        usable.sort(key=lambda m: (-len(m.words), m.edits, -m.articles, m.words))
        taken: set[int] = set()
        for match in usable:
            span = set(range(match.start, match.start + len(match.words)))
            if span & taken:
                continue
            taken |= span
            for position, name_word in enumerate(match.words, start=match.start):
                if flags[position]:
                    typed = words[position]
                    fixes[run[position]] = name_word if typed[:1].isupper() else name_word.lower()
    return fixes


def _runs(text: str, found: list[re.Match]) -> list[list[int]]:
    """Indexes of ``found`` in runs of words separated by spaces or a hyphen (no operator between)."""
    runs: list[list[int]] = []
    for i, match in enumerate(found):
        if match.group(1) in _OPERATORS:
            continue
        if runs and runs[-1][-1] == i - 1 and text[found[i - 1].end(1):match.start(1)].strip() in ("", "-"):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _written(match: NameMatch, flags: list[bool], reader) -> bool:
    """Whether the text writes every word the name would put in the query (a canonical name such
    as "Kyiv" for "Kiev" may not be, and would find nothing)."""
    return all(_indexed(word.lower(), reader)
               for word, flag in zip(match.words, flags[match.start:]) if flag)


def _known(word: str, reader) -> bool:
    terms = _terms(word, reader)
    return not terms or _in_index(terms, reader)   # a stop word counts as known


def _joined_name(word: str, reader, names: Callable[[], ArchiveNames] | None) -> str | None:
    """The name word the archive writes with an apostrophe or hyphen that ``word`` spells without
    it: "ONeill" -> "O'Neill", "KilroySilk" -> "Kilroy-Silk"."""
    written = names().joined(word) if names is not None else None
    if written is None or not _indexed(written, reader):
        return None
    return written if word[:1].isupper() else written.lower()


def _more_frequent(word: str, reader, vocabulary: Vocabulary) -> str | None:
    """A word one edit away from the rare ``word``, found in RARE_RATIO times as many articles and
    indexed as another term (not "tabled" for "table": the typed word already finds those)."""
    if len(word) < RARE_MIN_LETTERS:
        return None
    typed = _terms(word, reader)
    found = _articles(typed, reader)
    if len(typed) != 1 or found > RARE_ARTICLES:
        return None
    for candidate in vocabulary.within(word, 1, prefix=1):   # most used first
        terms = _terms(candidate, reader)
        if terms != typed and _articles(terms, reader) >= RARE_RATIO * max(found, 1):
            return candidate
    return None


def _articles(terms: list[str], reader) -> int:
    """Articles holding the one term of a word, in title or body (0 for no word or several)."""
    if len(terms) != 1:
        return 0
    return max(reader.doc_frequency(field, terms[0]) for field in TEXT_FIELDS)


def _closest_word(word: str, reader, vocabulary: Vocabulary) -> str | None:
    for candidate in vocabulary.within(word, 2, prefix=1):
        if candidate != word and _indexed(candidate, reader):   # the table may hold stale words
            return candidate
    return None


def _indexed(word: str, reader) -> bool:
    return _in_index(_terms(word, reader), reader)


def _terms(word: str, reader) -> list[str]:
    return list(reader.schema["body"].process_text(word, mode="query"))


def _in_index(terms: list[str], reader) -> bool:
    return any((field, term) in reader for term in terms for field in TEXT_FIELDS)
