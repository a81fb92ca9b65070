"""Normalisation: from the model's raw entity spans to facet values a reader can trust.

Rules, in the order they apply (each has a focused test in tests/test_enrich_normalise.py):
0. shapes the model misses in lists and tables are added (see patterns.py); a one-word table
   field label ("Attendance:") is dropped;
1. cleaning: table figures the span ran into ("Armenia 7.80"), possessives, a leading "the",
   role and nationality words ("Defender", "Welshman") are stripped (the offsets follow);
2. junk is dropped: no letters, numbers, single letters, spans across lines, overlong spans,
   and capitalised common words (a word the article also uses in lower case);
3. "Kharkiv and Sumy", "Leipzig / Halle" tagged as one span are split when every part is a known
   place, "Dieter Eilts, Steffen Freund" always;
4. a place followed by scores is a team ("Hamburg 2 Bremen 1"); then one label per name and
   article: the model's most frequent label for the same text wins;
5. per article, a one-word person mention is folded into the full name it ends ("Putin" ->
   "Vladimir Putin"), also when the model tagged it as a place or an organisation;
6. gazetteer rescue: a PERSON/ORG span that is an unambiguous place becomes a place (an ORG city
   only when the article also uses it as a place or it follows "in", "near", "city of"...);
   a "person" with a club/company word or ending in a city ("Legia Warsaw") is an organisation;
   nationality words never become persons;
7. names written in capitals (headlines, datelines) are kept when the gazetteer knows them or the
   article names them in normal case too; otherwise they are dropped (a headline's "DEFEAT");
8. places get their canonical name ("Kiev" -> "Kyiv"), keeping the written form in the mention;
   an ORG occurrence of a name the article uses as a place is that place;
9. dateline places always count as places.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from searchapp import gazetteer
from searchapp.enrich import patterns
from searchapp.enrich.entities import Span

FACET_LABELS = {"PERSON", "GPE", "LOC", "ORG", "NORP", "FAC"}
VOTING_LABELS = ("PERSON", "ORG", "GPE", "LOC")

# Words that precede a name in news copy but are not part of it.
ROLE_WORDS = {
    "president", "vice", "prime", "minister", "chancellor", "premier", "secretary", "senator",
    "sen", "rep", "gov", "governor", "mayor", "mr", "mrs", "ms", "miss", "dr", "sir", "dame",
    "lord", "lady", "general", "gen", "col", "colonel", "lt", "lieutenant", "major", "maj", "sgt",
    "sergeant", "captain", "capt", "admiral", "adm", "commander", "king", "queen", "prince",
    "princess", "pope", "judge", "justice", "ambassador", "envoy", "spokesman", "spokeswoman",
    "chairman", "chairwoman", "chief", "director", "coach", "manager", "defender", "midfielder",
    "striker", "forward", "goalkeeper", "keeper", "winger", "fullback", "skipper", "opener",
    "batsman", "bowler", "all-rounder", "pitcher", "catcher", "outfielder", "quarterback",
    "champion", "veteran", "rookie", "jockey", "trainer", "driver", "rider", "cyclist", "seed",
    "sprinter", "striker", "hitter", "leader", "deputy", "father", "rev", "reverend", "sheikh",
    "ayatollah", "cardinal", "archbishop", "bishop", "professor", "prof", "inspector", "officer",
    "agent", "detective", "former", "late", "new", "incumbent", "finalist", "international",
    "unseeded", "seeded", "top", "no", "number", "world", "olympic", "compatriot", "holder",
}
DEMONYMS = {
    "american", "british", "briton", "english", "englishman", "scot", "scottish", "scotsman",
    "welsh", "welshman", "irish", "irishman", "french", "frenchman", "german", "dutch",
    "dutchman", "belgian", "swiss", "austrian", "italian", "spanish", "spaniard", "portuguese",
    "greek", "turkish", "turk", "russian", "ukrainian", "belarusian", "polish", "pole", "czech",
    "slovak", "hungarian", "romanian", "bulgarian", "serb", "serbian", "croat", "croatian",
    "bosnian", "slovenian", "albanian", "swedish", "swede", "norwegian", "danish", "dane",
    "finnish", "finn", "icelandic", "estonian", "latvian", "lithuanian", "georgian", "armenian",
    "azeri", "kazakh", "uzbek", "tajik", "chechen", "israeli", "palestinian", "arab", "egyptian",
    "jordanian", "lebanese", "syrian", "iraqi", "iranian", "saudi", "kuwaiti", "yemeni", "afghan",
    "pakistani", "indian", "sri lankan", "bangladeshi", "chinese", "japanese", "korean",
    "vietnamese", "thai", "malaysian", "indonesian", "filipino", "australian", "kiwi",
    "canadian", "mexican", "brazilian", "argentine", "argentinian", "chilean", "colombian",
    "peruvian", "venezuelan", "cuban", "jamaican", "african", "nigerian", "kenyan", "ethiopian",
    "zimbabwean", "zambian", "ghanaian", "moroccan", "algerian", "tunisian", "libyan", "european",
    "asian", "western", "eastern", "soviet", "zealander", "new zealander", "south african",
    "kurd", "kurdish", "sudanese", "somali", "rwandan", "ugandan", "congolese", "angolan",
}
NAME_PARTICLES = {"de", "van", "von", "der", "den", "da", "di", "del", "della", "la", "le", "al",
                  "el", "bin", "ibn", "dos", "du", "ter", "ten", "abu", "st"}
MAX_TOKENS = 6
LOCATIVE_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|outside|around|across|from|to|into|toward|towards|surrounding)"
    r"|\b(?:city|town|port|village|region|province|capital|suburb) of)\s+$",
    re.IGNORECASE,
)
SPLIT_PLACES = re.compile(r"\s*(?:,|\band\b|&|/)\s*")
LOWER_WORD = re.compile(r"\b[a-z][a-z'-]+\b")
TEAM_CONTEXT = re.compile(r"[ \t]+\d+(?:[ \t]+(?:[A-Z]|\d)|[ \t]*$)", re.MULTILINE)


@dataclass(frozen=True)
class Resolved:
    """An entity after normalisation; offsets into the NER text, -1 for a dateline place."""

    text: str
    start: int
    end: int
    type: str
    value: str


def clean(span: Span) -> Span | None:
    """Strip quotes, possessives, a leading "the" and (for persons) role and nationality words."""
    text, start = span.text, span.start
    original = text
    # "Armenia 7.80", "Denmark 8.30\n10": the model ran into a table's figures; keep the name.
    text = text.split("\n")[0]
    cut = re.search(r"\s\S*\d", text)
    if cut:
        text = text[:cut.start()]
    text = text.rstrip()
    text = re.sub(r"(?:['’]s|['’])$", "", text)
    text = text.rstrip(",;:-–—\"”)’' ")
    if text.endswith(".") and not re.search(r"(?:\b\w\.)+$", text):
        text = text[:-1]
    lead = re.match(r"^(?:[\"“‘'(\s]|the\s+|The\s+|THE\s+)+", text)
    if lead:
        start += lead.end()
        text = text[lead.end():]
    if span.label == "PERSON":
        while True:
            first, _, rest = text.partition(" ")
            if rest and (first.lower().rstrip(".") in ROLE_WORDS or first.lower() in DEMONYMS):
                start += len(first) + 1 + (len(rest) - len(rest.lstrip()))
                text = rest.lstrip()
            else:
                break
        # "Lewis third", "Marcelo Rios of": the model ran on into the sentence.
        while " " in text and text.rsplit(" ", 1)[1][:1].islower():
            text = text.rsplit(" ", 1)[0]
    if not text:
        return None
    offset = start - span.start
    if original[offset:offset + len(text)] != text:
        return None
    return Span(text, start, start + len(text), span.label)


def is_junk(text: str) -> bool:
    """Numbers, single letters, table fragments, lower-case starts, overlong spans."""
    letters = sum(ch.isalpha() for ch in text)
    if letters < 2 or "\n" in text:
        return True
    tokens = text.split()
    if len(tokens) > MAX_TOKENS:
        return True
    if any(ch.isdigit() for ch in text):
        return True
    if text[0].islower() and tokens[0].lower() not in NAME_PARTICLES:
        return True
    return not text[0].isalpha() and text[0] not in "'’"


def is_capitals(text: str) -> bool:
    """Written wholly in capitals, like a headline or dateline ("DEFEAT", "HARARE")."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def split_list(span: Span) -> list[Span]:
    """Persons: "Dieter Eilts, Steffen Freund" -> two spans. Places: see split_places."""
    if span.label != "PERSON":
        return split_places(span) if span.label in ("GPE", "LOC", "ORG") else [span]
    if ", " not in span.text:
        return [span]
    parts, position = [], 0
    for piece in span.text.split(", "):
        if piece:
            parts.append(Span(piece, span.start + position, span.start + position + len(piece), "PERSON"))
        position += len(piece) + 2
    return [part for part in parts if not is_junk(part.text)]


def split_places(span: Span) -> list[Span]:
    """ "Kharkiv and Sumy" -> [Kharkiv, Sumy] when every part is a known place, else [span]."""
    if not SPLIT_PLACES.search(span.text):
        return [span]
    parts, position = [], 0
    for piece in SPLIT_PLACES.split(span.text):
        if not piece:
            continue
        position = span.text.index(piece, position)
        parts.append(Span(piece, span.start + position, span.start + position + len(piece), "GPE"))
        position += len(piece)
    if len(parts) > 1 and all(gazetteer.is_place(part.text) for part in parts):
        return parts
    return [span]


class _Article:
    """What the rules need to know about the whole article."""

    def __init__(self, text: str, spans: list[Span]):
        self.text = text
        self.lower_words = set(LOWER_WORD.findall(text))
        self.nationalities = {s.text.casefold() for s in spans if s.label == "NORP"}
        self.place_keys = {gazetteer.lookup_key(s.text) for s in spans if s.label in ("GPE", "LOC")}
        # Full names in text order; the surname (last token) is the key for folding.
        self.full_names: dict[str, list[tuple[int, str]]] = {}
        for span in spans:
            tokens = span.text.split()
            if span.label == "PERSON" and len(tokens) > 1 and not is_capitals(span.text):
                self.full_names.setdefault(tokens[-1].casefold(), []).append((span.start, span.text))

    def full_name(self, span: Span) -> str | None:
        """The full name a one-word mention ends: the nearest one before it, else the first one."""
        if " " in span.text:
            return None
        names = self.full_names.get(span.text.casefold())
        if not names:
            return None
        before = [name for start, name in names if start < span.start]
        return before[-1] if before else names[0][1]

    def is_common_word(self, text: str) -> bool:
        """A one-word capitalised span the article also writes in lower case ("Attempts")."""
        return " " not in text and text.lower() in self.lower_words

    def is_nationality(self, text: str) -> bool:
        folded = text.casefold()
        return (folded in self.nationalities or folded in DEMONYMS
                or folded.rstrip("s") in DEMONYMS)

    def follows_locative(self, span: Span) -> bool:
        return bool(LOCATIVE_BEFORE.search(self.text[max(0, span.start - 30):span.start]))


def _resolve_normal(span: Span, article: _Article) -> Resolved | None:
    """Type and value of a span written in normal case."""
    text, label = span.text, span.label
    full = article.full_name(span)
    known = gazetteer.place_kind(text)
    unambiguous = gazetteer.is_unambiguous_place(text)
    if label == "PERSON":
        tokens = text.split()
        if article.is_nationality(text) or article.is_nationality(tokens[-1]):
            return None
        if any(t.casefold().rstrip(".") in patterns.ORG_WORDS for t in tokens) or (
                len(tokens) > 1 and gazetteer.is_unambiguous_place(tokens[-1])):
            return _made(span, "org", text)   # "Manchester United", "Legia Warsaw"
        if full:
            return _made(span, "person", full)
        if unambiguous or (known and gazetteer.lookup_key(text) in article.place_keys):
            return _place(span)
        if article.is_common_word(text):
            return None
        return _made(span, "person", text)
    if label in ("GPE", "LOC"):
        if full and not unambiguous:
            return _made(span, "person", full)
        if not known and article.is_common_word(text):
            return None
        return _place(span)
    if label == "ORG":
        if unambiguous and (known != "city" or gazetteer.lookup_key(text) in article.place_keys
                            or article.follows_locative(span)):
            return _place(span)
        if full:
            return _made(span, "person", full)
        if article.is_common_word(text):
            return None
        return _made(span, "org", text)
    if label in ("NORP", "FAC") and unambiguous:
        return _place(span)
    return None


def _resolve_capitals(span: Span, article: _Article, by_name: dict[str, Resolved]) -> Resolved | None:
    """Capitals carry no case signal: keep known places and names the article also writes normally."""
    same = by_name.get(span.text.casefold())
    if same:
        return _made(span, same.type, same.value)
    if span.label == "PERSON":
        full = article.full_name(Span(span.text.title(), span.start, span.end, span.label))
        return _made(span, "person", full) if full else None
    if gazetteer.is_unambiguous_place(span.text) or (
            span.label in ("GPE", "LOC") and gazetteer.is_place(span.text)):
        return _place(span)
    # Short capitals are acronyms ("NATO", "BSE"), a real organisation name.
    if span.label == "ORG" and sum(ch.isalpha() for ch in span.text) <= 5 and " " not in span.text:
        return _made(span, "org", span.text)
    return None


def _made(span: Span, type_: str, value: str) -> Resolved:
    return Resolved(span.text, span.start, span.end, type_, value)


def _place(span: Span) -> Resolved:
    return _made(span, "place", gazetteer.canonical_place(span.text) or span.text)


def _with_patterns(text: str, spans: list[Span]) -> list[Span]:
    """Model spans plus the persons and places patterns find; a pattern person replaces what it overlaps."""
    spans = [s for s in spans if not _is_field_label(text, s)]
    persons: list[Span] = []
    for span in sorted(patterns.person_spans(text, spans), key=lambda s: (s.start, -s.end)):
        if not persons or span.start >= persons[-1].end:
            persons.append(span)
    taken = [(p.start, p.end) for p in persons]
    model = [s for s in spans if not patterns.overlaps(s.start, s.end, taken)]
    places = patterns.place_spans(text, taken + [(s.start, s.end) for s in model],
                                  set(LOWER_WORD.findall(text)))
    return sorted([s for s in model if s.label in FACET_LABELS] + persons + places,
                  key=lambda s: s.start)


def _is_field_label(text: str, span: Span) -> bool:
    """ "Attendance: 5,000", "Scorers: ...": a one-word label opening a table line."""
    return (" " not in span.text and text.startswith(":", span.end)
            and (span.start == 0 or text[span.start - 1] == "\n"))


def _as_team(text: str, span: Span) -> Span:
    """A place name followed by scores ("Hamburg 2 Bremen 1", "CINCINNATI 71 60 .542") is a team."""
    if span.label in ("GPE", "LOC") and TEAM_CONTEXT.match(text, span.end):
        return Span(span.text, span.start, span.end, "ORG")
    return span


def _vote(spans: list[Span]) -> list[Span]:
    """One label per name and article: the model's most frequent label for that text wins."""
    votes: dict[str, dict[str, int]] = {}
    for span in spans:
        if span.label in VOTING_LABELS:
            counts = votes.setdefault(span.text, {})
            counts[span.label] = counts.get(span.label, 0) + 1
    voted = []
    for span in spans:
        counts = votes.get(span.text)
        if counts and len(counts) > 1:
            best = max(counts, key=lambda label: (counts[label], label == span.label))
            if counts[best] > counts.get(span.label, 0):
                span = Span(span.text, span.start, span.end, best)
        voted.append(span)
    return voted


def resolve(text: str, spans: list[Span]) -> list[Resolved]:
    """The kept entities of one article text, in text order."""
    cleaned: list[Span] = []
    for span in _with_patterns(text, spans):
        span = clean(span)
        if span is None or is_junk(span.text):
            continue
        cleaned.extend(split_list(span))
    cleaned = _vote([_as_team(text, span) for span in cleaned])
    article = _Article(text, cleaned)
    normal = [span for span in cleaned if not is_capitals(span.text)]
    capitals = [span for span in cleaned if is_capitals(span.text)]
    resolved = [r for r in (_resolve_normal(span, article) for span in normal) if r]
    by_name = {r.text.casefold(): r for r in resolved}
    for r in resolved:
        by_name.setdefault(r.value.casefold(), r)
    resolved += [r for r in (_resolve_capitals(s, article, by_name) for s in capitals) if r]
    # One name, one type per article: an ORG occurrence of a name used as a place elsewhere
    # ("the city of Mariupol" ... "Mariupol residents") is that place.
    places = {r.text: r.value for r in resolved if r.type == "place"}
    resolved = [_made(r, "place", places[r.text]) if r.type == "org" and r.text in places else r
                for r in resolved]
    return sorted(resolved, key=lambda r: r.start)


def dateline_place(name: str) -> Resolved | None:
    """A place the dateline names: always a place, canonical when known ("HARARE" -> "Harare")."""
    name = name.strip().rstrip(",")
    if sum(ch.isalpha() for ch in name) < 2:
        return None
    value = gazetteer.canonical_place(name)
    if value is None:
        value = _title_case(name) if is_capitals(name) else name
    return Resolved(name, -1, -1, "place", value)


def _title_case(name: str) -> str:
    """ "AL-RAM" -> "Al-Ram", "NEW YORK" -> "New York" (str.title breaks on apostrophes)."""
    return re.sub(r"[A-Za-z]+('[A-Za-z]+)?", lambda m: m.group(0).capitalize(), name.lower())
