"""An article's text as the article page shows it: the words the search it was opened from marks
(<mark>, numbered for the "next match" jump), and wire copy's tables set apart as lines.

Which words match is the search side's answer (search/snippets.py ``matched_spans``, the snippets'
own analysis); this module only writes them into escaped HTML.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# A wire table's row: a short line without a sentence's ending ("Shr 34 cts vs 1.19 dlrs",
# "ARGENTINA nil 39,130"); rows come in runs, most of them with figures.
WIRE_LINE_CHARS = 64
WIRE_MIN_ROWS = 3
_SENTENCE_END = re.compile(r"[.!?\"'”’)]$")
_DIGIT = re.compile(r"\d")


def _plain(text: str) -> str:
    return str(escape(text))


class TextMarks:
    """Writes slices of one text as HTML, in order, each matched word in <mark>; with
    ``numbered`` the marks are id="match-1", "match-2"... (anchors of the "next match" jump)."""

    def __init__(self, text: str, spans: Sequence[tuple[int, int]], numbered: bool = True):
        self.text, self.spans, self.numbered = text, list(spans), numbered
        self.count = 0     # marks written so far
        self._next = 0     # the first span not yet written whole

    def html(self, start: int, end: int, escape_text: Callable[[str], str] = _plain) -> str:
        """``text[start:end]`` escaped by ``escape_text``, its matched words marked; slices must
        come in order (a span cut by a slice's edge is marked in both parts, numbered once)."""
        spans, out, pos = self.spans, [], start
        while self._next < len(spans) and spans[self._next][1] <= start:
            self._next += 1
        i = self._next
        while i < len(spans) and spans[i][0] < end:
            span_start, span_end = spans[i]
            cut_start, cut_end = max(span_start, start), min(span_end, end)
            out.append(escape_text(self.text[pos:cut_start]))
            out.append(self._mark(self.text[cut_start:cut_end], first=cut_start == span_start))
            pos = cut_end
            if span_end > end:
                break
            i += 1
        self._next = i
        out.append(escape_text(self.text[pos:end]))
        return "".join(out)

    def whole(self) -> Markup:
        return Markup(self.html(0, len(self.text)))

    def _mark(self, word: str, first: bool) -> str:
        if not (self.numbered and first):
            return f"<mark>{escape(word)}</mark>"
        self.count += 1
        return f'<mark class="match" id="match-{self.count}">{escape(word)}</mark>'


@dataclass(frozen=True)
class Block:
    """Paragraphs of the body: one prose paragraph, or a run of wire-table rows shown as lines."""

    lines: tuple[Markup, ...]
    wire: bool = False


def text_blocks(raw: Sequence[str], paragraphs: Sequence[Markup]) -> list[Block]:
    """``paragraphs`` (the HTML of the body's paragraphs ``raw``, one to one) grouped: each run of
    at least WIRE_MIN_ROWS table rows, most with figures, becomes one wire block."""
    if len(raw) != len(paragraphs):
        return [Block((p,)) for p in paragraphs]
    blocks: list[Block] = []
    i = 0
    while i < len(raw):
        j = i
        while j < len(raw) and _is_row(raw[j]):
            j += 1
        run = raw[i:j]
        if len(run) >= WIRE_MIN_ROWS and 2 * sum(bool(_DIGIT.search(r)) for r in run) >= len(run):
            blocks.append(Block(tuple(paragraphs[i:j]), wire=True))
            i = j
            continue
        blocks.append(Block((paragraphs[i],)))
        i += 1
    return blocks


def _is_row(text: str) -> bool:
    text = text.strip()
    return 0 < len(text) <= WIRE_LINE_CHARS and not _SENTENCE_END.search(text)
