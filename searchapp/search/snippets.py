"""Snippets: the passages of an article body that match a query, HTML-escaped, matches in <mark>.

Whoosh's ``highlight()`` runs the body analyzer (tokenizer, lowercase, stop and stem filters: a
chain of Python generators per token) over the whole body of every hit, then steps its
ContextFragmenter through every token: 48 of 76 ms of a query for `said` at 234,000 articles.
Here the body is cut by the analyzer's tokenizer pattern in one ``re.split``, each distinct word
gets its analysed text from a memo kept per index version (``WordTerms``), and the fragmenter's
steps are replayed only inside passages, jumping over the unmatched words between them; Whoosh's
scorer and formatter then pick and mark the best two. The same passages, marked words, stems,
phrase words and prefix expansions as Whoosh's highlighter (tests/test_snippets.py compares the
two on a real index). An analyzer the memo cannot reproduce word by word falls back to Whoosh's
``highlight()``.
"""
from __future__ import annotations

import html
import logging
from bisect import bisect_left
from dataclasses import dataclass

from whoosh import highlight, query
from whoosh.analysis import STOP_WORDS, Token

from ..store.vocabulary import Tokens, WordTerms
from .syntax import FIELD_PREFIXES

log = logging.getLogger(__name__)

SNIPPET_CHARS = 240
MAX_HIGHLIGHT_CHARS = 50_000   # analysing a huge body for a snippet is not worth its time
TOP_PASSAGES = 2
_SEARCHED_FIELDS = frozenset(FIELD_PREFIXES.values())   # title, body and the facet name fields


@dataclass(frozen=True)
class Marks:
    """What to mark in hit bodies: the analysed query terms and, when the body analyzer allows it,
    the memo of the index's words -> analysed texts (None: Whoosh re-analyses each body)."""

    terms: frozenset[str]
    words: WordTerms | None = None

    def __bool__(self) -> bool:
        return bool(self.terms)


def highlight_terms(q: query.Query, words: WordTerms | None = None) -> Marks:
    """Analysed term texts of the text and name parts of ``q``, for highlighting body text."""
    texts = set()
    for field, text in q.iter_all_terms():
        if field in _SEARCHED_FIELDS:
            texts.add(text.decode("utf-8") if isinstance(text, bytes) else text)
    # Every "the" of a body marked would hide the words that matter; alone, stopwords are marked.
    return Marks(frozenset(texts - STOP_WORDS or texts), words)


class _MarkFormatter(highlight.Formatter):
    """Matches in <mark>, every other character HTML-escaped."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(text)

    def format_token(self, text, token, replace=False):
        return "<mark>" + html.escape(highlight.get_text(text, token, replace)) + "</mark>"


_FRAGMENTER = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=70)


def make_snippet(body: str, terms: Marks, analyzer) -> str:
    """The best passages of ``body`` with ``terms`` marked; the opening when nothing matches."""
    text = body[:MAX_HIGHLIGHT_CHARS]
    if terms:
        try:
            snippet = _highlight(text, terms, analyzer)
        except Exception:
            log.warning("highlighting failed", exc_info=True)
            snippet = ""
        if snippet:
            return snippet
    return html.escape(_opening(text))


def plain_snippet(body: str, terms: Marks, analyzer) -> str:
    """make_snippet's passages as plain text (a spreadsheet cell): no marks, nothing escaped."""
    return html.unescape(make_snippet(body, terms, analyzer).replace("<mark>", "").replace("</mark>", ""))


def _highlight(text: str, terms: Marks, analyzer) -> str:
    termset = terms.terms
    fragments = _memo_fragments(text, termset, terms.words) if terms.words is not None else None
    if fragments is None:
        return highlight.highlight(text, termset, analyzer, _FRAGMENTER, _MarkFormatter(), top=TOP_PASSAGES)
    # What highlight.highlight() does with the fragmenter's passages.
    fragments = highlight.top_fragments(fragments, TOP_PASSAGES, highlight.BasicFragmentScorer(),
                                        highlight.FIRST, minscore=1)
    return _MarkFormatter()(text, fragments)


def _memo_fragments(text: str, termset: frozenset, words: WordTerms) -> list | None:
    """The passages Whoosh's ContextFragmenter would cut from ``text`` for ``termset``, from the
    memo's analysis; None when the memo cannot analyse these words."""
    charlimit = _FRAGMENTER.charlimit
    # The fragmenter stops at the first token ending past charlimit: nothing after it is read.
    cut = text[:charlimit + 1] if charlimit else text
    tokens = words.tokens(cut)
    analysed = words.terms(set(tokens.words))
    if analysed is None:
        return None
    matching = {word for word, term in analysed.items() if term in termset}
    if not matching:
        return []
    matched = [i for i, word in enumerate(tokens.words) if word in matching]
    passages = _Passages(text, tokens, analysed, frozenset(matched))
    return list(passages.cut(matched))


class _Passages:
    """ContextFragmenter.fragment_tokens (whoosh/highlight.py) over tokens given as lists: the same
    steps token by token inside a passage, and a jump over each run of unmatched tokens between
    passages, where the fragmenter only keeps the starts of those within ``surround`` characters
    of the run's end (the context a passage opens with)."""

    def __init__(self, text: str, tokens: Tokens, analysed: dict[str, str], matched: frozenset[int]):
        self.text, self.tokens, self.analysed, self.matched = text, tokens, analysed, matched
        self.maxchars, self.surround = _FRAGMENTER.maxchars, _FRAGMENTER.surround
        self.charlimit = _FRAGMENTER.charlimit

    def cut(self, matched: list[int]):
        starts, ends, charlimit = self.tokens.starts, self.tokens.ends, self.charlimit
        k = 0   # the next token to read; tokens before it are read
        for m in matched:
            if m < k:
                continue   # inside the passage already cut
            context = None
            if k < m:      # unmatched tokens k..m-1, outside any passage
                if charlimit and ends[m - 1] > charlimit:
                    return
                lo = bisect_left(starts, ends[m - 1] - self.surround, k, m)
                context = starts[lo] if lo < m else None
            k = yield from self._passage(m, context)
            if k is None:
                return

    def _passage(self, m: int, context: int | None):
        """Whoosh's loop from the matched token ``m`` until the passage is emitted: the index of the
        next token, or None when the tokens (or charlimit) ran out."""
        starts, ends, n = self.tokens.starts, self.tokens.ends, len(self.tokens.starts)
        maxchars, surround, charlimit = self.maxchars, self.surround, self.charlimit
        first, countdown, currentlen, found = None, -1, 0, []
        endchar = None
        for j in range(m, n):
            startchar, endchar = starts[j], ends[j]
            tlength = endchar - startchar
            if charlimit and endchar > charlimit:
                break
            if currentlen + tlength > maxchars:
                countdown = 0
            elif j in self.matched:
                countdown = surround
                if first is None:
                    if context is not None:
                        first = context
                    else:
                        first = startchar
                        countdown += surround
                found.append(Token(chars=True, text=self.analysed[self.tokens.words[j]], boost=1.0,
                                   startchar=startchar, endchar=endchar, matched=True))
            if countdown >= 0:
                currentlen += tlength
                countdown -= tlength
                if countdown <= 0:
                    yield highlight.mkfrag(self.text, found, startchar=first, endchar=endchar)
                    # Whoosh leaves the countdown at 0 when it lands there exactly: the next
                    # token, unless matched, then closes an empty passage (dropped, score 0)
                    # instead of becoming context.
                    swallowed = countdown == 0 and j + 1 < n and j + 1 not in self.matched
                    return j + 2 if swallowed else j + 1
        if found:
            yield highlight.mkfrag(self.text, found, startchar=first, endchar=endchar)
        return None


def matched_spans(text: str, terms: Marks, analyzer) -> list[tuple[int, int]]:
    """(start, end) of every word of ``text`` that the snippets would mark for ``terms``, in order:
    the whole text (an article page marks all its matches), by the same analysis (the memo's
    words, else the analyzer Whoosh's highlighter runs)."""
    if not terms or not text:
        return []
    termset, words = terms.terms, terms.words
    if words is not None:
        tokens = words.tokens(text)
        analysed = words.terms(set(tokens.words))
        if analysed is not None:
            matching = {word for word, term in analysed.items() if term in termset}
            return [(start, end) for start, end, word in zip(tokens.starts, tokens.ends, tokens.words)
                    if word in matching]
    return [(token.startchar, token.endchar)
            for token in analyzer(text, chars=True, mode="query", removestops=False) if token.text in termset]


def marked_text(text: str, terms: Marks, analyzer) -> str:
    """The whole of a short text (a quote), HTML-escaped, every word ``terms`` match in <mark>."""
    pieces, position = [], 0
    for start, end in matched_spans(text, terms, analyzer):
        pieces.append(html.escape(text[position:start]) + "<mark>" + html.escape(text[start:end]) + "</mark>")
        position = end
    return "".join(pieces) + html.escape(text[position:])


def _opening(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= SNIPPET_CHARS:
        return text
    cut = text[:SNIPPET_CHARS]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut
    return cut + " …"
