"""Quotations and reported speech in an article's body, each attributed to the person or
organisation of the article who said it, or to no one (speakers.py reads the attributions).

Per paragraph (a line of the body): straight and curly double quotation marks are paired (a
straight mark opens after a space and closes before one); a mark opened again before it closed
is the newswire's next paragraph of the same quotation, run together. Sentences are cut outside
quotations, and each sentence's attribution frame gives the speaker of its quotations or, with
no quotation, of its reported clause ("X said that …"). A quotation split by its attribution
("…,” Lavrov said. “…”) is one quote. "he said" is the last person the paragraph named as a
speaker ("it said": the last organisation), a title's gender permitting; a quotation with no
attribution of its own continues the paragraph's last speaker. A frame whose subject names no
entity ("officials said", "a source close to X") gives no speaker: none is better than a wrong
one. Reported speech is kept only with a named speaker; quotations of fewer than
MIN_QUOTE_WORDS words ("scaremongering", a film's title) are no quotes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from searchapp.enrich.speakers import UNNAMED, Frame, Speaker, frames, subjects, tokenize
from searchapp.enrich.speechwords import CLAUSE_BOUNDARY, PARTICIPLES, SPEECH_VERBS
from searchapp.records import Mention, Quote

MIN_QUOTE_WORDS = 3          # a quotation of fewer words is a term, not a quote
MIN_UNATTRIBUTED_WORDS = 5   # nor is a short one nobody is said to have said
OPENING, CLOSING, STRAIGHT = "“„", "”", '"'
_MARK = re.compile('["“”„]')
_WORDS = re.compile(r"\w+")
_ABBREVIATIONS = frozenset("mr mrs ms dr st gen col lt sgt capt gov sen rep rev prof jan feb mar apr jun jul "
                           "aug sep sept oct nov dec no vs inc co corp ltd jr sr u.s u.k u.n e.g i.e".split())


@dataclass
class _Part:
    """The words between one pair of quotation marks (trimmed), and the marks' extent."""

    open_at: int
    start: int
    end: int
    close_at: int            # after the closing mark; the words' end when none closed them
    closed: bool = True
    words: int = 0


@dataclass
class _Draft:
    parts: list[_Part]
    speaker: Speaker
    direct: bool = True
    clause: tuple[int, int] | None = None


@dataclass
class _Paragraph:
    """What one paragraph remembers: its last speakers, and the quotation that may go on."""

    last: dict[str, Speaker] = field(default_factory=dict)   # "human", "org", "any" -> speaker
    quotes: list[_Draft] = field(default_factory=list)
    open_to: _Draft | None = None      # a split or unclosed quotation the next part may join
    ends_attributed: bool = False      # its last sentence is someone's: the next paragraph may go on

    def heard(self, speaker: Speaker) -> None:
        self.last["any"] = speaker
        if speaker.human:
            self.last["human"] = speaker
        if speaker.kind == "org":
            self.last["org"] = speaker

    def following(self, carried: _Draft | None) -> "_Paragraph":
        """The next paragraph: a quotation carried on, and this one's speakers when its last
        sentence was attributed ("…,” she said." opening a paragraph is the last speaker's)."""
        after = _Paragraph(open_to=carried, quotes=[carried] if carried else [])
        if self.ends_attributed or carried is not None:
            after.last = dict(self.last)
        return after


def find_quotes(text: str, mentions: tuple[Mention, ...] | list[Mention]) -> tuple[Quote, ...]:
    """Every quote of ``text`` (an article's body; ``mentions``: its entity mentions, offsets
    into it), in text order."""
    mentions = sorted([*mentions, *_surnames(text, mentions)], key=lambda m: m.start)
    found: list[Quote] = []
    paragraph = _Paragraph()
    carried: _Draft | None = None
    for start, end in _paragraphs(text):
        paragraph = paragraph.following(carried)
        parts = _parts(text, start, end)
        in_paragraph = [m for m in mentions if start <= m.start < end]
        for s_start, s_end in _sentences(text, start, end, parts):
            _sentence(text, s_start, s_end, [p for p in parts if s_start <= p.open_at < s_end],
                      in_paragraph, paragraph)
        carried = paragraph.open_to if _continues(text, end, parts) else None
        found.extend(quote for draft in paragraph.quotes if draft is not carried
                     for quote in [_quote(text, draft)] if quote)
    return tuple(found)


def _surnames(text: str, mentions) -> list[Mention]:
    """"de Wit said", "Gates said", "Mr Cable said" where the model saw only the full name: the
    one name of the article that ends so (a person's; any kind's after Mr or Ms), as a mention
    for the attribution to read."""
    endings: dict[str, set[tuple[str, str]]] = {}
    for mention in mentions:
        words = mention.value.split()
        for tail in {" ".join(words[k:]) for k in range(1, len(words))}:
            endings.setdefault(tail, set()).add((mention.type, mention.value))
    taken = [(m.start, m.end) for m in mentions]
    found: list[Mention] = []
    for tail, named in endings.items():
        if len(named) != 1 or not tail[-1:].isalpha() or not tail.split()[-1][:1].isupper():
            continue
        kind, value = next(iter(named))
        for at in _whole_words(text, tail):
            titled = _TITLED.search(text, max(0, at - 6), at) is not None
            if (kind == "person" or titled) and \
                    not any(s <= at < e or at <= s < at + len(tail) for s, e in taken):
                found.append(Mention(tail, at, at + len(tail), kind, value))
                taken.append((at, at + len(tail)))
    return found


def _whole_words(text: str, words: str):
    """Where ``words`` stand as whole words in ``text`` (str.find: no pattern to compile)."""
    at = text.find(words)
    while at != -1:
        end = at + len(words)
        before = text[at - 1] if at else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before == "-") and not (after.isalnum() or after == "-"):
            yield at
        at = text.find(words, end)


_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Sir)\.? $")


def _paragraphs(text: str):
    position = 0
    for line in text.split("\n"):
        if line.strip():
            yield position, position + len(line)
        position += len(line) + 1


def _continues(text: str, end: int, parts: list[_Part]) -> bool:
    """A quotation left open at a paragraph's end, the next paragraph opening one: the same
    speaker goes on (the newswire's multi-paragraph quotation)."""
    if not parts or parts[-1].closed:
        return False
    rest = text[end:].lstrip()
    return rest[:1] in OPENING + STRAIGHT


# Quotation marks


def _parts(text: str, start: int, end: int) -> list[_Part]:
    parts: list[_Part] = []
    opened: int | None = None
    for match in _MARK.finditer(text, start, end):
        at = match.start()
        role = _role(text, at, start, end, opened is not None)
        if role == "open":
            if opened is not None:   # opened again: the previous paragraph of the quotation ends here
                parts.append(_part(text, opened, at, closed=False))
            opened = at
        elif role == "close" and opened is not None:
            parts.append(_part(text, opened, at, closed=True))
            opened = None
    if opened is not None:
        parts.append(_part(text, opened, end, closed=False))
    return [part for part in parts if part.end > part.start]


def _role(text: str, at: int, start: int, end: int, is_open: bool) -> str:
    mark = text[at]
    before = text[at - 1] if at > start else " "
    after = text[at + 1] if at + 1 < end else " "
    if mark in OPENING and not (is_open and after.isspace()):
        return "open"
    if mark in CLOSING and not (not is_open and before.isspace() and not after.isspace()):
        return "close"
    if before.isspace() or before in "([{—–-/":
        return "open" if not after.isspace() else ("close" if is_open else "none")
    if after.isspace() or after in ".,;:!?)]}—–-" or at + 1 >= end:
        return "close"
    return "close" if is_open else "open"


def _part(text: str, opened: int, stop: int, closed: bool) -> _Part:
    start, end = opened + 1, stop
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    close_at = stop + 1 if closed else end
    return _Part(opened, start, end, close_at, closed, len(_WORDS.findall(text, start, end)))


# Sentences


_BOUNDARY = re.compile(r"([.!?])([\"”’)]*)\s+(?=[\"“„(]?[A-Z0-9])")


def _sentences(text: str, start: int, end: int, parts: list[_Part]):
    """Sentence spans of a paragraph, never cut inside a quotation, nor after an abbreviation
    ("Mr.") or a quotation ending "?" or "!" (its attribution follows: “Why?” Lavrov asked)."""
    begin = start
    for match in _BOUNDARY.finditer(text, start, end):
        cut = match.end()
        closing = match.end(1) if match.group(2) else -1   # a mark right after the stop closes the quotation
        if any(part.open_at < match.start(1) < part.close_at - (1 if part.closed else 0)
               and not (part.closed and closing == part.close_at - 1) for part in parts):
            continue
        if match.group(2) and match.group(1) != "." or _abbreviation(text, match.start(1), begin):
            continue
        yield begin, cut
        begin = cut
    if begin < end:
        yield begin, end


def _abbreviation(text: str, period: int, begin: int) -> bool:
    if text[period] != ".":
        return False
    start = period
    while start > begin and (text[start - 1].isalnum() or text[start - 1] in "._"):
        start -= 1
    word = text[start:period].lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


# Attribution


def _sentence(text: str, start: int, end: int, parts: list[_Part], mentions: list[Mention],
              paragraph: _Paragraph) -> None:
    tokens = tokenize(text, start, end, [(p.open_at, p.close_at) for p in parts], mentions)
    found = frames(tokens)
    speakers = _speakers(tokens, found, paragraph)
    quoted = [p for p in parts if p.words >= MIN_QUOTE_WORDS or _joins(paragraph, p)]
    reported = next(((one, who) for one, who in zip(found, speakers) if one.clause and who.kind), None)
    if quoted:
        _quotations(tokens, quoted, found, speakers, paragraph)
    elif reported:
        paragraph.quotes.append(_Draft([], reported[1], direct=False, clause=reported[0].clause))
        paragraph.open_to = None
    else:
        paragraph.open_to = None
    paragraph.ends_attributed = any(who.kind for who in speakers) or bool(quoted and paragraph.quotes[-1].speaker.kind)


def _speakers(tokens, found: list[Frame], paragraph: _Paragraph) -> list[Speaker]:
    """Each frame's speaker, its pronoun resolved, in text order with the names the sentence's
    clauses open with ("Mayor Elena Varga cut the ribbon …. She called it …"); the paragraph
    remembers them."""
    reported = [one.clause for one in found if one.clause]
    # a name the reported words open with is what was said, not who speaks next
    events = sorted([(at, 1, who, -1) for at, who in subjects(tokens)
                     if not any(start <= at < end for start, end in reported)] +
                    [(one.verb_at, 0, one.speaker, k) for k, one in enumerate(found)], key=lambda e: (e[0], e[1]))
    speakers = [UNNAMED] * len(found)
    for _, _, who, k in events:
        if k < 0:
            paragraph.last["human" if who.human else "org"] = who
            continue
        speakers[k] = _resolved(who, paragraph)
        if speakers[k].kind:
            paragraph.heard(speakers[k])
        elif not who.pronoun:
            paragraph.last.clear()   # someone unnamed spoke: "he said" next is not the last one named
    return speakers


def _quotations(tokens, quoted: list[_Part], found: list[Frame], speakers: list[Speaker],
                paragraph: _Paragraph) -> None:
    """The sentence's quotations: each joins the quotation it continues, or starts a quote of
    its attribution's speaker; a quotation that is a sentence of its own, of the paragraph's last
    speaker; one after a second verb of saying ("X said Y told … “…”"), of no one."""
    previous = None
    for index, part in enumerate(quoted):
        chosen = _frame_of(tokens, part, found)
        own_frame = found[chosen] if chosen is not None else None
        speaker = speakers[chosen] if chosen is not None else None
        draft = paragraph.open_to
        # “…,” Lavrov said, “…”: one attribution between two parts, the first's
        split_here = index > 0 and own_frame is not None and chosen == previous and \
            quoted[index - 1].close_at <= own_frame.verb_at <= part.open_at
        previous = chosen
        if draft is not None and (_joins(paragraph, part) or split_here or (index == 0 and own_frame is None)):
            draft.parts.append(part)
            if speaker is not None and not draft.speaker.kind:
                draft.speaker = speaker
        else:
            if own_frame is not None:
                own = UNNAMED if _reported_inside(tokens, own_frame.verb_at, part) else speaker
            else:
                own = paragraph.last.get("any", UNNAMED) if tokens[0].start == part.open_at else UNNAMED
            draft = _Draft([part], own)
            paragraph.quotes.append(draft)
        after = own_frame is not None and own_frame.verb_at >= part.close_at
        paragraph.open_to = draft if (not part.closed or own_frame is None or after) else None


def _frame_of(tokens, part: _Part, found: list[Frame]) -> int | None:
    """The attribution a quotation belongs to: the one right after it (“…,” X said), else the
    nearest before it (X said: “…”), else any after it."""
    after = [k for k, one in enumerate(found) if one.verb_at >= part.close_at]
    before = [k for k, one in enumerate(found) if one.verb_at < part.open_at]
    if after:
        between = [t for t in tokens if part.close_at <= t.start < found[after[0]].verb_at]
        if len(between) <= 10 and not any(t.quoted or t.lower in CLAUSE_BOUNDARY and t.text != "," for t in between):
            return after[0]
    if before:
        return before[-1]
    return after[0] if after else None


def _reported_inside(tokens, verb_at: int, part: _Part) -> bool:
    """Another verb of saying between the attribution's and the quotation: "Leclerc said Brandt
    told shareholders that revenue was “the cleanest”" are not Leclerc's words ("…, saying “…”"
    goes on with the same speaker)."""
    return any(verb_at < t.start < part.open_at and t.lower in SPEECH_VERBS and t.lower not in PARTICIPLES
               for t in tokens)


def _joins(paragraph: _Paragraph, part: _Part) -> bool:
    """The part goes on with a quotation left open before it (opened again without closing)."""
    draft = paragraph.open_to
    return draft is not None and bool(draft.parts) and not draft.parts[-1].closed and part.open_at >= draft.parts[-1].end


def _resolved(speaker: Speaker, paragraph: _Paragraph) -> Speaker:
    """A pronoun as the paragraph's last person ("he", "she": unless a title says otherwise; an
    organisation's spokesman is its organisation) or organisation ("it") named as a speaker;
    UNNAMED when there is none."""
    if not speaker.pronoun:
        return speaker
    if speaker.pronoun == "it":
        return paragraph.last.get("org", UNNAMED)
    person = paragraph.last.get("human", UNNAMED)
    if person.gender and person.gender != speaker.gender:
        return UNNAMED
    return person


def _quote(text: str, draft: _Draft) -> Quote | None:
    speaker = draft.speaker if draft.speaker.kind else None
    if not draft.direct:
        start, end = draft.clause
        return Quote(_clean(text[start:end]), start, end, speaker.value, speaker.kind, direct=False)
    words = sum(part.words for part in draft.parts)
    if words < MIN_QUOTE_WORDS or (speaker is None and words < MIN_UNATTRIBUTED_WORDS):
        return None
    pieces = [text[part.start:part.end] for part in draft.parts]
    return Quote(_joined(pieces), draft.parts[0].start, draft.parts[-1].end,
                 speaker.value if speaker else "", speaker.kind if speaker else "", direct=True)


def _joined(pieces: list[str]) -> str:
    """The parts of a split quotation as the speaker said them: "…nuclear one," + "I assure…"
    is "…nuclear one. I assure…"; "The plan," + "is dead." is "The plan is dead."."""
    text = _clean(pieces[0])
    for piece in pieces[1:]:
        piece = _clean(piece)
        if piece[:1].isupper() and text[-1:] not in ".!?…":
            text += "."
        text += " " + piece
    return text


def _clean(text: str) -> str:
    return " ".join(text.split()).rstrip(",;:")
