"""An article's text as the article page shows it: the words the search it was opened from marks
(<mark>, numbered for the "next match" jump), and wire copy's tables set apart as lines, their
figures lined up in columns (the reader kept single spaces only; padding is added as written).

Which words match is the search side's answer (search/snippets.py ``matched_spans``, the snippets'
own analysis); this module only writes them into escaped HTML.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# A wire table's row: a short line without a sentence's ending ("Shr 34 cts vs 1.19 dlrs",
# "ARGENTINA nil 39,130"); rows come in runs, most of them with figures.
WIRE_LINE_CHARS = 64
WIRE_MIN_ROWS = 3
_SENTENCE_END = re.compile(r"[.!?\"'”’)]$")
_DIGIT = re.compile(r"\d")
_FIGURE = re.compile(r"^(?:[-+]?\(?\d[\d,.]*%?\)?|nil|n\.?a\.?|-+)$", re.IGNORECASE)
_PARAGRAPH = re.compile(r"(?:(?!\n[ \t]*\n).)+", re.DOTALL)   # the text between blank lines
MAX_LABEL_CHARS = 40     # a longer row label is not padded to (its row stays as written)
COLUMN_GAP = 2


def _plain(text: str) -> str:
    return str(escape(text))


class TextMarks:
    """Writes slices of one text as HTML, in order, each matched word in <mark>; with
    ``numbered`` the marks are id="match-1", "match-2"... (anchors of the "next match" jump)."""

    def __init__(self, text: str, spans: Sequence[tuple[int, int]], numbered: bool = True,
                 pads: dict[int, int] | None = None):
        self.text, self.spans, self.numbered = text, list(spans), numbered
        self.pads = pads or {}   # offset -> spaces written before that character (wire columns)
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
            out.append(self._plain(pos, cut_start, escape_text))
            out.append(self._mark(self.text[cut_start:cut_end], first=cut_start == span_start))
            pos = cut_end
            if span_end > end:
                break
            i += 1
        self._next = i
        out.append(self._plain(pos, end, escape_text))
        return "".join(out)

    def _plain(self, start: int, end: int, escape_text: Callable[[str], str]) -> str:
        """``text[start:end]`` escaped, with the padding due before each character after ``start``
        up to and including ``end`` (a padded figure is a word after a space: never a slice's first
        character, but it may be the next slice's)."""
        cuts = sorted(offset for offset in self.pads if start < offset <= end) if self.pads else ()
        out, pos = [], start
        for offset in cuts:
            out.append(escape_text(self.text[pos:offset]) + " " * self.pads[offset])
            pos = offset
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
    runs = {run.start: run for run in wire_runs(raw)}
    i = 0
    while i < len(raw):
        run = runs.get(i)
        if run:
            blocks.append(Block(tuple(paragraphs[run.start:run.stop]), wire=True))
            i = run.stop
        else:
            blocks.append(Block((paragraphs[i],)))
            i += 1
    return blocks


def wire_runs(raw: Sequence[str]) -> list[range]:
    """The runs of paragraph indices that are wire tables: WIRE_MIN_ROWS rows or more, at least
    half of them with figures."""
    runs, i = [], 0
    while i < len(raw):
        j = i
        while j < len(raw) and _is_row(raw[j]):
            j += 1
        if j - i >= WIRE_MIN_ROWS and 2 * sum(bool(_DIGIT.search(r)) for r in raw[i:j]) >= j - i:
            runs.append(range(i, j))
            i = j
        else:
            i = max(i + 1, j)
    return runs


def wire_pads(body: str) -> dict[int, int]:
    """Offset -> spaces to write before it, so that each wire table's trailing figures line up in
    right-aligned columns after its row labels (for TextMarks ``pads``)."""
    found = [(m.start(), m.group()) for m in _PARAGRAPH.finditer(body) if m.group().strip()]
    pads: dict[int, int] = {}
    for run in wire_runs([text for _, text in found]):
        pads.update(_column_pads([found[i] for i in run]))
    return pads


def _column_pads(rows: list[tuple[int, str]]) -> dict[int, int]:
    parsed = []   # (row offset, [(offset in row, word)], how many trailing words are figures)
    for start, text in rows:
        words = [(m.start(), m.group()) for m in re.finditer(r"\S+", text)]
        figures = 0
        while figures < len(words) - 1 and _FIGURE.match(words[-1 - figures][1]):
            figures += 1
        if figures:
            parsed.append((start, words, figures))
    if len(parsed) < 2:
        return {}
    columns = max(figures for _, _, figures in parsed)
    label_ends = [words[-1 - figures][0] + len(words[-1 - figures][1]) for _, words, figures in parsed]
    label_width = min(MAX_LABEL_CHARS, max(label_ends))
    widths = [max((len(words[-1 - c][1]) for _, words, figures in parsed if figures > c), default=0)
              for c in range(columns)]                       # widths[0]: the last column
    right_edges, edge = {}, label_width
    for c in reversed(range(columns)):
        edge += COLUMN_GAP + widths[c]
        right_edges[c] = edge
    pads = {}
    for start, words, figures in parsed:
        shift = 0
        for c in reversed(range(figures)):                   # the row's figures, left to right
            offset, word = words[-1 - c]
            extra = right_edges[c] - len(word) - (offset + shift)
            if extra > 0:
                pads[start + offset] = extra
                shift += extra
    return pads


def _is_row(text: str) -> bool:
    text = text.strip()
    return 0 < len(text) <= WIRE_LINE_CHARS and not _SENTENCE_END.search(text)


# Characters of an article's text one page shows. The longest news article fits whole (43,759 in
# the corpora); a longer text (a dump indexed by mistake, a whole book) is shown in parts, a link
# apart, so that no page is megabytes (a 52 MB text took 16 s to serve as one page).
PART_CHARS = 100_000


@dataclass(frozen=True)
class Part:
    """The part of a long text a page shows: ``number`` of ``count``, text[start:end]."""

    number: int
    count: int
    start: int
    end: int


def text_part(text: str, number: int, mentions: Sequence[tuple[int, int]] = ()) -> Part | None:
    """Part ``number`` (from 1) of ``text``: parts of up to PART_CHARS characters, each ending at a
    blank line, else a line break, else a space in its second half, never inside one of the
    (start, end) ``mentions``; None when the text has no such part."""
    starts, ordered = [0], sorted(mentions)
    while len(text) - starts[-1] > PART_CHARS:
        starts.append(_part_end(text, starts[-1], ordered))
    if not 1 <= number <= len(starts):
        return None
    end = starts[number] if number < len(starts) else len(text)
    return Part(number, len(starts), starts[number - 1], end)


def _part_end(text: str, start: int, mentions: list[tuple[int, int]]) -> int:
    limit = end = start + PART_CHARS
    for separator in ("\n\n", "\n", " "):
        found = text.rfind(separator, start + PART_CHARS // 2, limit)
        if found != -1:
            end = found + len(separator)
            break
    inside = bisect_right(mentions, (end, end)) - 1     # the last mention starting before the cut
    if inside >= 0 and start < mentions[inside][0] < end < mentions[inside][1]:
        end = mentions[inside][0]
    return end
