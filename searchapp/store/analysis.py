"""How text becomes index terms: the analysers of title, body and the facet name fields, and
``fold``, the one accent and case folding that index terms, facet filters and autocomplete share.

Every word is indexed, stopwords and single letters included, so phrases such as "talk with
us" match and a query of common words finds them (the query side decides how much a common
word counts: search/parsing.py). Accents are folded ("Zoë" and "zoe" are one term); the text
keeps them, so values and snippets show what was written.

Case is folded except where folding would merge a name with a common word: an all-caps token
of two or more letters whose lower case is a stopword keeps its case ("US", "IT", "WHO" are
not "us", "it", "who"), and dotted acronyms lose their dots ("U.S." is "US", "U.K." is "uk").
Only such tokens: "NATO" and "nato", "G7" and "g7" stay one term, so typing a name in lower
case finds it. In a field value with no lower-case letter at all (Reuters' capitalised
headlines) case says nothing, so there every token is folded but dotted acronyms. Names joined by an ampersand
("AT&T", "M&S") are one token, kept whole by the stemmer like any token holding a digit.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from whoosh.analysis import STOP_WORDS, Filter, LowercaseFilter, RegexTokenizer, StemFilter

# Dotted acronyms (U.S., U.S.A.), ampersand names (AT&T, M&S), then Whoosh's default word
# pattern (words, numbers, 3.5). A token keeps a possessive 's, for the filter to drop: "Blair's"
# (and a capitalised headline's "BLAIR'S") is "blair", not "blair" and "s".
WORD_PATTERN = r"(?:[^\W\d_]\.){2,}|\w+(?:&\w+)+|\w+(?:\.?\w+)*"
TOKEN_PATTERN = rf"(?:{WORD_PATTERN})(?:['’][sS]\b)?"
_POSSESSIVE = re.compile(r"['’][sS]$")   # "Blair's" and, in a capitalised headline, "BLAIR'S"
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]\.?")   # U.S., or U.S when the text has no final dot
# Lower-case forms an all-caps name would be confused with (the World Health Organization).
COMMON_WORDS = frozenset(STOP_WORDS | {"who"})
# Letters NFKD does not decompose into a base letter and a mark.
_UNDECOMPOSED = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                               "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i"})


def fold(text: str) -> str:
    """``text`` without accents, case folded, one space between words: "Gdańsk" -> "gdansk"."""
    return " ".join(strip_accents(text).casefold().split())


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    # NFC puts back together what was decomposed but not a mark (Hangul syllables).
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


class NewsTokenizer(RegexTokenizer):
    """TOKEN_PATTERN's tokens; each carries ``shouting``: its value holds no lower-case letter
    and is being indexed (a query typed in capitals means what it says, unless the query asks
    for ``shouting=True``: the reading of text copied from a capitalised headline)."""

    def __init__(self):
        super().__init__(expression=TOKEN_PATTERN)

    def __call__(self, value, mode="", shouting=None, **kwargs):
        shouting = (mode == "index" if shouting is None else shouting) and not any(c.islower() for c in value)
        return super().__call__(value, mode=mode, shouting=shouting, **kwargs)


class CaseFilter(Filter):
    """Folds accents and case, keeping the case of all-caps names of common words (see above)."""

    def __call__(self, tokens):
        # Per token of every article: the cheap tests guard the regular expressions.
        for t in tokens:
            text = t.text
            if "'" in text or "’" in text:
                text = _POSSESSIVE.sub("", text)
            dotted = "." in text and _DOTTED.fullmatch(text) is not None
            if dotted:
                text = text.replace(".", "").upper()
            text = strip_accents(text)
            lower = text.casefold()
            keep = (lower != text and lower in COMMON_WORDS and len(text) > 1 and text.isupper()
                    and (dotted or not getattr(t, "shouting", False)))
            t.text = text if keep else lower
            yield t


class WordStemFilter(StemFilter):
    """Porter stems of plain lower-case words; names kept as written (US, at&t, g7)."""

    def clear(self):
        # functools' C cache: Whoosh's Python LFU cache cost more than the stemming it saved
        # once stopwords are stemmed too (measured on BBC: ~40% of the analyser's time).
        self._stem = lru_cache(maxsize=self.cachesize)(self.stemfn)

    def __call__(self, tokens):
        stem = self._stem
        for t in tokens:
            text = t.text
            if text.isalpha() and text.islower():
                t.text = stem(text)
            yield t


def text_analyzer():
    """Title and body: every word, accents folded, stemmed."""
    return NewsTokenizer() | CaseFilter() | WordStemFilter()


def names_analyzer():
    """Facet name fields (`person:zoe`): the words of the names, folded, not stemmed."""
    return NewsTokenizer() | CaseFilter() | LowercaseFilter()
