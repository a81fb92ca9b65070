"""Who speaks in a sentence: the attribution frames of newswire copy and the person or
organisation of the article they name.

Frames: "X said (that) …", "…, X said.", "…,” said X.", "According to X, …", "X told reporters
that …", "X claimed that …", "X, a minister, warned: “…”", "X called it “…”", "a spokesman for X
said", "an X spokesman said", "X was quoted as saying". The subject before a verb is read
backwards over the words a name carries (titles, roles, nationalities, "Northwind chief
executive", "the umbrella organisation"); anything else there ("a source close to X", "friends of
X", "officials in X") leaves the subject unnamed, and an unnamed subject is never guessed: its
words get no speaker. "he/she/it said" is left as a pronoun for the paragraph (quotes.py).

Sentences arrive as Tokens: words and punctuation outside quotation marks, each quotation as one
QUOTE token, each word knowing the entity mention it belongs to.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from searchapp.enrich import speechwords as words
from searchapp.records import Mention

QUOTE = "\x01"   # the text of a token standing for a whole quotation
SPEAKING = ("person", "org")   # mention types that can speak


class Token:
    """A word or a punctuation mark of a sentence (or a whole quotation: QUOTE), the entity
    mention it is part of. A plain slotted class: a sentence makes dozens, at NER's pace."""

    __slots__ = ("text", "start", "end", "mention", "lower", "quoted")

    def __init__(self, text: str, start: int, end: int, mention: Mention | None = None):
        self.text, self.start, self.end, self.mention = text, start, end, mention
        self.lower = text.lower()
        self.quoted = text == QUOTE

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end}, {self.mention!r})"


@dataclass(frozen=True)
class Speaker:
    """A named speaker (kind and value of an article's mention), a pronoun to resolve, or
    unnamed (kind "" and no pronoun)."""

    kind: str = ""
    value: str = ""
    pronoun: str = ""
    gender: str = ""          # "male" / "female" when a title says so (Mr, Ms), for pronouns
    human: bool = False       # a person, or an organisation's spokesman: what "he said" may be


UNNAMED = Speaker()


@dataclass(frozen=True)
class Frame:
    """A sentence's attribution: who, where its verb is, and the words attributed when they are
    not in quotation marks (a reported clause, char offsets; None: only its quotations)."""

    speaker: Speaker
    clause: tuple[int, int] | None
    verb_at: int


@dataclass(frozen=True)
class _Subject:
    speaker: Speaker
    first: int                # token index where the subject's noun phrase starts


_WORD = re.compile(r"['’]s\b|\w+(?:[-&'’]\w+)*(?:\.\w+)*|[^\w\s]")


def tokenize(text: str, start: int, end: int, quoted: list[tuple[int, int]],
             mentions: list[Mention]) -> list[Token]:
    """Tokens of text[start:end]; each (start, end) of ``quoted`` one QUOTE token; ``mentions``
    in text order."""
    tokens: list[Token] = []
    position = start
    index = 0
    for q_start, q_end in [*quoted, (end, end)]:
        for match in _WORD.finditer(text, position, q_start):
            while index < len(mentions) and mentions[index].end <= match.start():
                index += 1
            mention = mentions[index] if index < len(mentions) and mentions[index].start <= match.start() \
                and match.end() <= mentions[index].end else None
            tokens.append(Token(match.group(), match.start(), match.end(), mention))
        if q_start < q_end:
            tokens.append(Token(QUOTE, q_start, q_end))
        position = q_end
    return tokens


def frames(tokens: list[Token]) -> list[Frame]:
    """Every attribution of the sentence, in order: each verb of saying that has a subject, and
    "according to". A verb joined to the one before ("told … and added") shares its subject."""
    found: list[Frame] = []
    for index, token in enumerate(tokens):
        if token.lower == "according" and index + 1 < len(tokens) and tokens[index + 1].lower == "to":
            found.append(_according(tokens, index))
        elif words.is_speech_verb(tokens, index):
            one = _verb_frame(tokens, index, found[-1] if found else None)
            if one is not None:
                found.append(one)
    return found


def frame(tokens: list[Token]) -> Frame | None:
    """The sentence's attribution: its first."""
    found = frames(tokens)
    return found[0] if found else None


def _verb_frame(tokens: list[Token], index: int, before: Frame | None) -> Frame | None:
    token = tokens[index]
    end = words.verb_end(tokens, index)
    inverted = _subject_after(tokens, end) if _may_invert(tokens, index) else None
    subject = _subject_before(tokens, index)
    if subject is not None and subject.first == -1:   # "… and added": the subject before
        subject = _Subject(before.speaker, 0) if before is not None else _main_subject(tokens, index)
    # "…,” said Lavrov" names the speaker after the verb; "Northwind, which …, says the
    # cranes …" before it: a name wins over a noun phrase that names no one.
    if inverted is not None and (inverted.kind or subject is None or not (subject.speaker.kind or
                                                                         subject.speaker.pronoun)):
        return Frame(inverted, _clause_before(tokens, index, index), token.start)
    if subject is not None:
        return Frame(subject.speaker, _clause(tokens, index, end, subject.first), token.start)
    return None


def _may_invert(tokens: list[Token], index: int) -> bool:
    """“…,” said X / …, said X: the verb right after a quotation or a comma."""
    return index > 0 and (tokens[index - 1].quoted or tokens[index - 1].text == ",") and \
        tokens[index].lower in words.INVERTING


def _according(tokens: list[Token], index: int) -> Frame:
    """"According to X, …", "…, but, according to X, …" and "…, according to X."."""
    subject = _subject_after(tokens, index + 2) or UNNAMED
    comma = next((j for j in range(index + 2, len(tokens)) if tokens[j].text == ","), None)
    after = _span(tokens, comma + 1, _clause_stop(tokens, comma + 1)) if comma is not None else None
    lead = index
    while lead > 0 and tokens[lead - 1].lower in (",", "but", "and", "yet", "so", "however", "(", "—"):
        lead -= 1
    if lead == 0 or (after and lead < index - 1):
        return Frame(subject, after, tokens[index].start)
    return Frame(subject, _clause_before(tokens, index, index), tokens[index].start)


# The subject before the verb


def _subject_before(tokens: list[Token], verb: int) -> _Subject | None:
    """Who the words before the verb name; None when they are no subject of it (nothing before
    it, a verb inside a relative clause)."""
    i = verb - 1
    while i >= 0 and (tokens[i].lower in words.SKIPPABLE or _is_time(tokens, i)):
        i -= 1
    if i < 0 or tokens[i].quoted:
        return None
    word = tokens[i].lower
    if tokens[verb].lower in words.PARTICIPLES:   # "…, saying": the subject of the verb before it
        return _Subject(UNNAMED, -1)
    if tokens[verb].lower == "say" and word != "they":
        return None
    if word in words.PRONOUNS or word == "they":
        if not _starts_clause(tokens, i) or i > 0 and tokens[i - 1].lower in words.SUBORDINATING:
            return None
        gender = words.PRONOUNS.get(word, "")
        return _Subject(Speaker(pronoun=word, gender=gender) if word != "they" else UNNAMED, i)
    if tokens[i].text == ",":
        return _before_comma(tokens, i)
    if word in ("and", "but"):
        return _Subject(UNNAMED, -1)   # "and said": the subject of the verb before it
    if word in words.CLAUSE_BOUNDARY:
        return None
    return _noun_phrase(tokens, i)


def _is_time(tokens: list[Token], i: int) -> bool:
    """"on Thursday" between a subject and its verb ("Lavrov on Thursday said")."""
    if tokens[i].lower in words.WEEKDAYS:
        return True
    return tokens[i].lower == "on" and i + 1 < len(tokens) and tokens[i + 1].lower in words.WEEKDAYS


def _starts_clause(tokens: list[Token], i: int) -> bool:
    return i == 0 or tokens[i - 1].lower in words.CLAUSE_BOUNDARY or tokens[i - 1].quoted


def _before_comma(tokens: list[Token], comma: int) -> _Subject:
    """"X, the minister, said", "The minister, X, said", "X, 50, who …, said": the first of the
    comma-separated pieces before the verb that is a name; unnamed when none is."""
    pieces: list[tuple[int, int]] = []
    end = comma
    j = comma - 1
    while j >= 0 and comma - j < 40 and not tokens[j].quoted and tokens[j].text not in (";", ":"):
        if tokens[j].text == ",":
            pieces.append((j + 1, end))
            end = j
        j -= 1
    pieces.append((j + 1, end))
    named = [found for first, stop in reversed(pieces) if stop > first
             for found in [_noun_phrase(tokens, stop - 1, first)] if found.speaker.kind and found.first == first]
    # "A spokesman for X, Dean Boyd, said": the person named is the speaker
    named.sort(key=lambda found: found.speaker.kind != "person")
    return named[0] if named else _Subject(UNNAMED, pieces[-1][0])


OPENERS = frozenset("in on at after before during despite speaking asked with for from by as when while "
                    "earlier later separately".split())
CONJUNCTIONS = frozenset("and but yet so however meanwhile also then".split())


def subjects(tokens: list[Token]) -> list[tuple[int, Speaker]]:
    """The names the sentence's clauses open with as their subjects, whatever their verbs
    ("Mayor Elena Varga cut the ribbon", "… but McIlroy is unfazed"), with where they are: whom
    "she said" next refers to."""
    starts = [0] + [k + 1 for k, t in enumerate(tokens)
                    if t.text == ";" or t.lower == "but" or t.lower == "and" and k and tokens[k - 1].text == ","]
    found = []
    for start in starts:
        while start < len(tokens) and tokens[start].lower in CONJUNCTIONS:
            start += 1
        if start < len(tokens) and tokens[start].lower in OPENERS:   # "In Rotterdam, the union …"
            comma = next((k for k in range(start, min(len(tokens), start + 12)) if tokens[k].text == ","), None)
            if comma is None:
                continue
            start = comma + 1
        subject = _main_subject(tokens, min(len(tokens), start + 8), start)
        if subject is not None and _followed_by_verb(tokens, subject.first):
            found.append((tokens[subject.first].start, subject.speaker))
    return found


def _followed_by_verb(tokens: list[Token], first: int) -> bool:
    """After the name (and an apposition between commas) comes a lowercase word: its verb."""
    mention = tokens[first].mention
    j = first
    while j < len(tokens) and (tokens[j].mention is mention or tokens[j].lower in words.POSTNOMINALS):
        j += 1
    if j < len(tokens) and tokens[j].text == ",":
        j = next((k + 1 for k in range(j + 1, min(len(tokens), j + 17)) if tokens[k].text == ","), len(tokens))
    return j < len(tokens) and tokens[j].text.isalpha() and tokens[j].text.islower() and \
        tokens[j].lower not in words.BREAKING


def _main_subject(tokens: list[Token], before: int, start: int = 0) -> _Subject | None:
    """"X called the vote “…” and said …": the verb shares the subject of the sentence, its
    first name (after "In a statement," or "Its chief executive,")."""
    for i in range(start, before):
        if tokens[i].quoted:
            return None
        mention = tokens[i].mention
        if mention is not None:
            last = i
            while last + 1 < len(tokens) and tokens[last + 1].mention is mention:
                last += 1
            possessive = last + 1 < len(tokens) and tokens[last + 1].text in ("'s", "’s")   # "Brandt's lawyers"
            if mention.type in SPEAKING and not possessive and _modifiers(tokens, i, 0) is not None:
                return _Subject(_named(tokens, mention, i, 0), i)
            return None
    return None


def _noun_phrase(tokens: list[Token], last: int, stop: int = 0) -> _Subject:
    """The speaker a noun phrase ending at ``last`` names: a person or an organisation mention
    that heads it; UNNAMED for any other ("officials", "a source close to X", "Moscow")."""
    while last > stop and tokens[last].lower in words.POSTNOMINALS:
        last -= 1
    last = _head(tokens, last, stop)
    token = tokens[last]
    if token.lower in words.SPOKES_WORDS:
        return _spokesperson(tokens, last, stop)
    mention = token.mention
    if mention is None or mention.type not in SPEAKING:
        return _Subject(UNNAMED, last)
    first = last
    while first > stop and tokens[first - 1].mention is mention:
        first -= 1
    modifiers = _modifiers(tokens, first, stop)
    if modifiers is None or (modifiers[0] == "spokes" and mention.type != "org"):
        return _Subject(UNNAMED, first)   # a person's spokesman speaks, not the person
    return _Subject(_named(tokens, mention, first, stop, spokes=modifiers[0] == "spokes"), modifiers[1])


def _named(tokens: list[Token], mention: Mention, first: int, stop: int, spokes: bool = False) -> Speaker:
    """The speaker a mention names; "human" (what "he said" may be) for a person, an
    organisation's spokesman, or a name the model typed otherwise behind a person's title or role
    ("shadow chancellor Vince Cable")."""
    before = tokens[max(stop, first - 3):first]
    gender = next((words.TITLES[t.lower] for t in before if t.lower in words.TITLES), "")
    titled = any(t.lower.rstrip(".") in words.PERSON_ROLES or t.lower in words.TITLES for t in before)
    return Speaker(mention.type, mention.value, gender=gender, human=mention.type == "person" or spokes or titled)


def _head(tokens: list[Token], last: int, stop: int) -> int:
    """The head a trailing place or organisation qualifies: "a Defence Ministry spokesman in
    Moscow" (the spokesman), "Matthew Herren from EduVision" (Herren)."""
    mention = tokens[last].mention
    first = last
    while first > stop and mention is not None and tokens[first - 1].mention is mention:
        first -= 1
    while first - 1 > stop and tokens[first - 1].lower in words.DETERMINERS:
        first -= 1
    if first - 2 >= stop and tokens[first - 1].lower in ("in", "at", "from", "with"):
        head = tokens[first - 2]
        if head.lower in words.SPOKES_WORDS or head.mention is not None and head.mention.type == "person":
            return first - 2
    return last


def _spokesperson(tokens: list[Token], last: int, stop: int) -> _Subject:
    """"an X spokesman", "X's spokeswoman": the organisation X speaks; a person's never does."""
    i = last - 1
    if i >= stop and tokens[i].text in ("'s", "’s"):
        i -= 1
    while i >= stop and tokens[i].mention is None and tokens[i].lower in words.ROLES:
        i -= 1   # "a Defence Ministry chief spokesman"
    mention = tokens[i].mention if i >= stop else None
    if mention is not None and mention.type == "org":
        first = i
        while first > stop and tokens[first - 1].mention is mention:
            first -= 1
        found = _modifiers(tokens, first, stop)
        return _Subject(Speaker("org", mention.value, human=True), found[1] if found else first)
    return _Subject(UNNAMED, last)


def _modifiers(tokens: list[Token], first: int, stop: int) -> tuple[str, int] | None:
    """Whether the words before a name, back to where its clause starts, are words a name carries
    ("Russian Foreign Minister", "Northwind chief executive", "the umbrella organisation", "a
    spokesman for the"): ("name" or "spokes", where the noun phrase starts); None when they make
    it something else ("a source close to", "friends of", "officials in")."""
    i = first - 1
    spokes = False
    apposed = i >= stop and words.is_role(tokens[i].lower)   # "umbrella organisation Cosla"
    while i >= stop:
        token = tokens[i]
        word = token.lower
        if token.quoted or word in words.CLAUSE_BOUNDARY and word not in ("and",):
            if word in words.RELATIVE:
                return None
            break
        if word in ("for", "of") and i > stop and tokens[i - 1].lower in words.SPOKES_WORDS:
            spokes, i = True, i - 1
        elif word in ("and", "&", "of", "for") and all(t.lower in words.DETERMINERS for t in tokens[i + 1:first]):
            return None   # "Conservatives and Lib Dems": two speakers; "the founder of Quillon": not Quillon
        elif word in ("of", "for", "and", "&") and _title_word(tokens, i - 1) and _title_word(tokens, i + 1):
            pass
        elif not (_title_word(tokens, i) or word in words.DETERMINERS or word in ("'s", "’s", "'")
                  or apposed and word.isalpha() and word not in words.BREAKING):
            return None
        i -= 1
    return ("spokes" if spokes else "name"), i + 1


def _title_word(tokens: list[Token], i: int) -> bool:
    """A word of a title or description before a name: a role ("Minister", "chief"), a
    nationality, a mention (an organisation's "Northwind chief executive"), or a capitalised
    word that does not open the sentence."""
    if i < 0 or i >= len(tokens):
        return False
    token = tokens[i]
    word = token.lower.rstrip(".")
    if words.is_role(word) or word in words.DEMONYMS or word in words.TITLES or token.mention:
        return True
    if i == 0 and i + 1 < len(tokens) and tokens[1].mention is not None and tokens[1].mention.type == "person":
        return token.text[:1].isupper()   # a name the model cut short ("Ard" of "Ard Jan Vetham")
    return token.text[:1].isupper() and i > 0 and tokens[i - 1].text not in (".", "!", "?")


# The subject after the verb: “…,” said X / …, said X.


def _subject_after(tokens: list[Token], start: int) -> Speaker | None:
    """The name after an inverted verb, through its titles ("said Russian Foreign Minister
    Sergei Lavrov", "declared Kasabian's singer Tom Meighan"), ending the sentence or followed by
    a comma; UNNAMED for a noun phrase naming no one ("said the director"); None when no noun
    phrase follows."""
    i = start
    while i < len(tokens) and i - start < 8:
        token = tokens[i]
        if token.mention is not None:
            j = i
            while j < len(tokens) and tokens[j].mention is token.mention:
                j += 1
            if j < len(tokens) and tokens[j].text in ("'s", "’s"):   # a possessive: its singer, its spokesman
                if j + 1 < len(tokens) and tokens[j + 1].lower in words.SPOKES_WORDS:
                    break
                i = j + 1
                continue
            break
        if not (token.lower in words.DETERMINERS or _title_word(tokens, i)):
            break
        i += 1
    if i >= len(tokens) or tokens[i].mention is None:
        return UNNAMED if i > start else None
    mention = tokens[i].mention
    j = i
    while j < len(tokens) and (tokens[j].mention is mention or tokens[j].lower in words.POSTNOMINALS):
        j += 1
    if j < len(tokens) and tokens[j].lower in words.SPOKES_WORDS or \
            j + 1 < len(tokens) and tokens[j].text in ("'s", "’s") and tokens[j + 1].lower in words.SPOKES_WORDS:
        return Speaker("org", mention.value, human=True) if mention.type == "org" else UNNAMED
    if not _ends_phrase(tokens, j) or mention.type not in SPEAKING:
        return UNNAMED   # "said Putin's aide", "said Moscow officials", "asked the court to …"
    return _named(tokens, mention, i, start)


def _ends_phrase(tokens: list[Token], j: int) -> bool:
    """The name ends the sentence, or a comma, or is followed by a short "in Moscow." or "on
    Thursday."."""
    if j >= len(tokens) or tokens[j].text in (".", ",", ";", ":", QUOTE, "!", "?", "(", "—", "–"):
        return True
    if tokens[j].lower in ("in", "on", "at", "yesterday", "today"):
        rest = tokens[j + 1:j + 5]
        return any(t.text in (".", ",") for t in rest) or j + 5 >= len(tokens)
    return False


# The reported clause


def _clause(tokens: list[Token], verb: int, end: int, subject_first: int) -> tuple[int, int] | None:
    """What the subject reportedly said: the clause after the verb ("said (that) …", "told
    reporters that …"), or before the subject when the verb ends the sentence ("…, X said on
    Monday.")."""
    if tokens[verb].lower not in words.REPORTING:
        return None
    after = _clause_after(tokens, verb, end)
    if after is not None:
        return after
    tail = [t for t in tokens[end:] if t.text not in (".", "!", "?")]
    if len(tail) <= 8 and not any(t.quoted for t in tail):
        return _clause_before(tokens, verb, subject_first)
    return None


def _clause_after(tokens: list[Token], verb: int, end: int) -> tuple[int, int] | None:
    rest = tokens[end:]
    if not rest or rest[0].quoted or rest[0].text == ":":
        return None
    that = next((k for k, t in enumerate(rest[:10]) if t.lower == "that"), None)
    if that is not None and (tokens[verb].lower in words.TELLING or all(words.is_adjunct(t) for t in rest[:that])):
        start = end + that + 1
    else:
        start = end + words.object_length(tokens, verb, end)
        if start >= len(tokens) or not words.opens_clause(tokens[start]) or \
                not words.finite(tokens[start:start + 14]):
            return None
    return _span(tokens, start, _clause_stop(tokens, start))


def _clause_stop(tokens: list[Token], start: int) -> int:
    """Where a clause after the verb ends: the sentence's end, or a trailing ", according to …",
    ", pointing to …", ", he said"."""
    for k in range(start, len(tokens) - 1):
        following = tokens[k + 1]
        if tokens[k].text == "," and following.lower in ("according", "he", "she", "adding", "saying",
                                                         "pointing", "citing", "arguing", "noting", "insisting"):
            return k
    return len(tokens)


def _clause_before(tokens: list[Token], verb: int, subject_first: int) -> tuple[int, int] | None:
    """"…, X said." and "…, said X.": the words before the comma that opens the attribution."""
    limit = min(verb, subject_first)
    comma = next((j for j in range(limit - 1, -1, -1) if tokens[j].text == ","), None)
    if comma is None:
        return None
    if any(t.lower in words.SPEECH_VERBS for t in tokens[comma + 1:limit]):
        return None
    return _span(tokens, 0, comma)


def _span(tokens: list[Token], start: int, stop: int) -> tuple[int, int] | None:
    counted = [t for t in tokens[start:stop] if t.text not in (".", ",", ";", ":", "!", "?")]
    while stop > start and tokens[stop - 1].text in (".", ",", ";", ":"):
        stop -= 1
    if len(counted) < 3 or stop <= start or all(t.quoted for t in counted):
        return None
    return tokens[start].start, tokens[stop - 1].end
