"""Did-you-mean: a query with its unknown words replaced by the closest words of the index."""
from __future__ import annotations

import re

import numpy as np

from ..store.vocabulary import Vocabulary
from .matching import matching_mask
from .parsing import TEXT_FIELDS


def suggestion(snapshot, text: str, filters_only: np.ndarray) -> str | None:
    """A corrected ``text``, offered only when it finds something under the same filters."""
    reader = snapshot.searcher.reader()
    corrected = correct_text(text, reader, snapshot.queries.vocabulary)
    if corrected is None:
        return None
    parsed = snapshot.queries.parse(corrected, reader)
    if (matching_mask(parsed, snapshot.searcher, snapshot.arrays) & filters_only).any():
        return corrected
    return None


_WORD = re.compile(r"(?<![\w:*?~^\\-])([^\W\d_][\w'’]*)(?![\w:*?~])")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}


def correct_text(text: str, reader, vocabulary: Vocabulary) -> str | None:
    """``text`` with each word unknown to title and body replaced by the closest known word
    (fewest edits, then most documents); None when no word needed or found a correction.

    Words are looked up in the vocabulary of words as written: Whoosh's correct_query() would
    hand the stemmed form to the corrector and put an unstemmed suggestion back into a stemmed
    field.
    """
    changed = False

    def fix(match: re.Match) -> str:
        nonlocal changed
        word = match.group(1)
        if word in _OPERATORS or _known(word, reader):
            return word
        better = _closest_word(word.lower(), reader, vocabulary)
        if better is None:
            return word
        changed = True
        return better.capitalize() if word[:1].isupper() else better

    corrected = _WORD.sub(fix, text)
    return corrected if changed else None


def _known(word: str, reader) -> bool:
    terms = _terms(word, reader)
    return not terms or _in_index(terms, reader)   # a stop word counts as known


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
