"""Snippets: the passages of an article body that match a query, HTML-escaped, matches in <mark>."""
from __future__ import annotations

import html
import logging

from whoosh import highlight, query
from whoosh.analysis import STOP_WORDS

from .parsing import FIELD_PREFIXES

log = logging.getLogger(__name__)

SNIPPET_CHARS = 240
MAX_HIGHLIGHT_CHARS = 50_000   # analysing a huge body for a snippet is not worth its time
_SEARCHED_FIELDS = frozenset(FIELD_PREFIXES.values())   # title, body and the facet name fields


def highlight_terms(q: query.Query) -> frozenset[str]:
    """Analysed term texts of the text and name parts of ``q``, for highlighting body text."""
    texts = set()
    for field, text in q.iter_all_terms():
        if field in _SEARCHED_FIELDS:
            texts.add(text.decode("utf-8") if isinstance(text, bytes) else text)
    # Every "the" of a body marked would hide the words that matter; alone, stopwords are marked.
    return frozenset(texts - STOP_WORDS or texts)


class _MarkFormatter(highlight.Formatter):
    """Matches in <mark>, every other character HTML-escaped."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(text)

    def format_token(self, text, token, replace=False):
        return "<mark>" + html.escape(highlight.get_text(text, token, replace)) + "</mark>"


_FRAGMENTER = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=70)


def make_snippet(body: str, terms: frozenset, analyzer) -> str:
    """The best passages of ``body`` with ``terms`` marked; the opening when nothing matches."""
    text = body[:MAX_HIGHLIGHT_CHARS]
    if terms:
        try:
            snippet = highlight.highlight(text, terms, analyzer, _FRAGMENTER, _MarkFormatter(), top=2)
        except Exception:
            log.warning("highlighting failed", exc_info=True)
            snippet = ""
        if snippet:
            return snippet
    return html.escape(_opening(text))


def _opening(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= SNIPPET_CHARS:
        return text
    cut = text[:SNIPPET_CHARS]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut
    return cut + " …"
