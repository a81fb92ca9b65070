"""Normalisation: from the model's raw entity spans to facet values a reader can trust.

Rules, in the order they apply (each has a focused test in tests/test_enrich_normalise.py):
0. shapes the model misses in lists and tables are added (see patterns.py); a one-word table
   field label ("Attendance:") is dropped;
1. a PERSON span holding two full names across a line break, a spaced dash or a slash ("Larry
   Fine\nMartina Hingis", "Kurt Betschart - Bruno Risi") is split in two; then cleaning: table
   figures the span ran into ("Armenia 7.80"), possessives, a leading "the" (not of a one-word
   name: "The Oval", "The Times"), role and nationality words ("Defender", "Welshman") are
   stripped (the offsets follow), and so is a month before a day's number ("Yeltsin Sept 7"); a
   company's "Inc." keeps its full stop;
2. junk is dropped: no letters, numbers, single letters, spans across lines, overlong spans,
   plural abbreviations ("MPs"), and capitalised common words and phrases (the article also
   writes them in lower case: "Attempts", "the General Election");
3. "Kharkiv and Sumy", "Leipzig / Halle", "Israel-PLO" tagged as one span are split when every
   part is a known place (or an acronym beside a place), "Dieter Eilts, Steffen Freund" always;
4. a place followed by scores is a team ("Hamburg 2 Bremen 1"), and that team all through the
   article; the words of a name decide person or organisation ("Northwind Shipping" is an org,
   "Marc-Antoine Leclerc" a person, "Bank of England Robin Leigh-Pemberton" is split, a nationality
   before a person's name is cut whatever the model's label: "Frenchman Cedric Pioline", and so are
   the titles before one in an ORG span: "General Anatoly Shkirko"); a name the model cut short
   runs on to a surname the article uses alone ("David Kiprop" + "Mutai"); then one label per
   name and article: the model's most frequent label for the same text wins;
5. per article, a shorter person mention is folded into the full name ("Putin" -> "Vladimir
   Putin", "De Wit" -> "Annelies de Wit", "David Kiprop" -> "David Kiprop Mutai"), also when the
   model tagged it as a place or an organisation or missed the full name (written out behind a
   given name, but not inside another kind's name: no "Diego Padres" of "the San Diego Padres"),
   and a NORP mention that is a full name's surname ("Kevorkian"); the model's NORP is no
   nationality where it is a full name's surname ("Erbakan"), nor where a word class of
   organisations holds it ("the Tories", "Democrats": a party's members name the party); a
   one-word "person" that is part of an org name here is that org ("Northwind"; not after
   "Mr"), and so is a "person" not
   shaped like one that the article's phrases call an organisation more than a person
   (data/contexts.txt of the resolution pass, but the phrases a person's name takes too: "the
   daily Noticias", "shares in Isbank");
6. gazetteer rescue: a PERSON/ORG span that is an unambiguous place becomes a place (an ORG city
   only when the article also uses it as a place or it follows "in", "near", "city of"...);
   a "person" with a club/company word or ending in a city ("Legia Warsaw", not "M. Vaughan") is
   an organisation; a saint's name ("St Mirren") is none; a name ending in a venue's or a
   street's word ("Trent Bridge", "Wall Street") or before "airport", "state"... is a place;
   nationality words never become persons;
7. names written in capitals (headlines, datelines) are kept when the gazetteer knows them or the
   article names them in normal case too; otherwise they are dropped (a headline's "DEFEAT");
8. places get their canonical name ("Kiev" -> "Kyiv"), keeping the written form in the mention;
   an ORG occurrence of a name the article uses as a place is that place, unless a sports
   article uses the name as a side ("Newcastle boss", "joined Tottenham": sides.py);
9. dateline places always count as places, also a dateline inside the text
   ("TROMSO, Norway (AP) _", see text_datelines.py), a results line's venue and a wire desk's
   city; a headline in capitals names the article's own names found in it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from searchapp import gazetteer
from searchapp.enrich import boundaries, dates, layout, patterns, sides, text_datelines
from searchapp.enrich.entities import Span
from searchapp.entities import evidence, tables

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
    "prop", "hooker", "flanker", "centre", "fly-half", "scrum-half", "full-back", "left-back",
    "right-back", "centre-back", "teenager", "youngster", "seeds",
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
# The nationality words that name a person ("Frenchman", "Briton", "Scots"): no organisation; the
# adjectives ("American", "Eastern") may be one's short name (American Airlines, Eastern Airlines).
PERSON_DEMONYMS = {word for word in DEMONYMS if word.endswith("man")} | {
    "briton", "scot", "spaniard", "turk", "pole", "swede", "dane", "finn", "serb", "croat", "kurd",
    "zealander", "new zealander"}
NAME_PARTICLES = {"de", "van", "von", "der", "den", "da", "dal", "dalla", "das", "di", "del", "della",
                  "la", "le", "al", "el", "bin", "ibn", "dos", "du", "ter", "ten", "abu", "st"}
MAX_TOKENS = 6
# The kind a mention with no phrase around it votes for, by the model's label.
LABEL_KINDS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place"}
# A capitalised name, hyphenated parts capitalised too ("Kilroy-Silk", "O'Leary", "St.")
NAME_WORD = re.compile(r"[A-Z][\w'’.]*(?:-[A-Z][\w'’.]*)*")
# The phrases of the pass's table (data/contexts.txt) that follow a person's name as well as an
# organisation's: one article's vote leaves them out ("Madonna said in a statement", "Eminem's
# manager", "a Blair spokesman", "Madonna fans", "Peston reported"); across an archive the margins
# outvote them. A role after a bare name is a club's ("Aston Villa boss", "Villa captain").
SHARED_WITH_PEOPLE = {"'s coach", "'s manager", "'s boss", " said in a statement", " spokesman",
                      " spokeswoman", " fans", " supporters", " reported"}
LOCATIVE_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|outside|around|across|from|to|into|toward|towards|surrounding)"
    r"|\b(?:city|town|port|village|region|province|capital|suburb) of)\s+$",
    re.IGNORECASE,
)
# "the small town of Waiau", "the villages of Rousse and Veliko Tarnovo", "the capital Skopje", "the
# island of Lamu" (not "the state of": "the true state of Parmalat's finances"): words that say the
# next name is a place, whatever the gazetteer knows (it lacks small towns); the name is that place
# in all the article's mentions the model made a person of ("Bunol's mayor" after "the village of
# Bunol"), but those folded into a full name.
PLACE_NOUN_BEFORE = re.compile(
    r"\b(?:town|towns|village|villages|city|cities|municipality|settlement|hamlet|capital|port"
    r"|resort|suburb|province|provinces|district|county)(?: of)?\s+"
    r"(?:[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*,? (?:and|or) )?$"
    r"|\b(?:region|regions|island|islands) of\s+"
    r"(?:[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*,? (?:and|or) )?$")
SAINT = re.compile(r"St\.? [A-Z]")
# Letters only a person takes after the name (silk, an honour): no part of it, and a name of two
# words or more before them, no firm's word among them, is a person's whatever the model's label
# ("Guy Mansfield QC", an ORG)
POST_NOMINAL = re.compile(r"(?<=[a-z]) (?:QC|KC|OBE|MBE|CBE|KBE|DBE)$")
HONORIFIC_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.? $")
# A peer's title before a surname alone ("Lord Falconer", "Lady Hale"): British news names a peer
# so, and the title is the name ("Falconer" alone names nobody); before a given name it is a role
# ("Lord Conrad Black": Conrad Black). Not an office the title opens ("Lord Chancellor").
PEER_TITLES = ("Lord", "Lady", "Baroness")
PEER_BEFORE = re.compile(r"(?<![\w'’-])(?<!First )(?P<title>%s) $" % "|".join(PEER_TITLES))   # not "First Lady"
PEER_OFFICES = {"chancellor", "justice", "chief", "mayor", "provost", "advocate", "chamberlain", "lieutenant",
                "president", "privy", "high", "protector", "steward", "speaker", "rector", "of"}
# A party's name before a person's, and a role between ("Conservative Michael Howard", "Labour MP
# Ann Clwyd", "Conservative health spokesman Jonathan Morgan", "Lib Dem MP Lembit Opik"): the party
# is named, which the model leaves untagged or runs into the person's span. At most
# PARTY_ROLE_WORDS lower-case words between, the last a role's; a role's acronym ("MP") as well.
PARTY_ROLES = ROLE_WORDS | {
    "mp", "msp", "mep", "am", "peer", "candidate", "councillor", "backbencher", "spokesperson", "member",
    "activist", "donor", "rebel", "grandee", "whip", "politician", "colleague", "shadow", "supporter"}
PARTY_ROLE_WORDS = 3
WORD_BEFORE = re.compile(r"(?<![\w'’&.-])[\w'’-]+(?= )")      # each word the text writes before a space
ROLE_ACRONYM = re.compile(r"[A-Z]{2,3}")                        # "MP", "MEP", "AM"
CAPITAL_BEFORE = re.compile(r"[A-Z][\w'’-]* $")
# A month (or its abbreviation) the model ran on into after a name, before a day's number
# ("meet Yeltsin Sept 7", "Emnid Aug 25"): no part of the name. Not "Jan", "Jun", "Mar", "May":
# parts of names ("Mohammad Jan", "Vina del Mar").
MONTH_AFTER_NAME = re.compile(r" (?:Feb|Apr|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March"
                              r"|April|June|July|August|September|October|November|December)\.?$")
# "Heathrow airport", "Guerrero state": a word after a name that says it is a place; its plural
# after a list says it of every name ("the Alentejo and Algarve regions", "the Triana and
# Macarena districts").
PLACE_NOUN_AFTER = re.compile(r" (?:airport|state|province|district|region|county|valley|river|island"
                              r"|port|harbour|racecourse|stadium)\b")
_PLURAL = r" (?:provinces|districts|regions|counties|islands|suburbs)\b"
_NAME = r"[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?"
PLACE_PLURAL_AFTER = re.compile(rf"(?:, {_NAME})*,? (?:and|or) {_NAME}{_PLURAL}")     # a list's first names
PLACE_PLURAL_AFTER_LAST = re.compile(_PLURAL)                                         # ... and its last
LIST_END_BEFORE = re.compile(rf"{_NAME},? (?:and|or) $")
IN_THE_BEFORE = re.compile(r"\b(?:in|near|across|throughout) the $")
LIST_JOIN = re.compile(r",? (?:and|or) |, ")
AND_JOIN = re.compile(r",? (?:and|or) ")
# What ends a list of names: punctuation, the text's end, or a preposition before no name ("in
# Odesa and Chornomorsk on the coast"; not "and Sony cut", "and G. Fox in Connecticut")
LIST_END = re.compile(r"[.,;:!?)\"”’']|\s*$"
                      r"|\s+(?:on|at|in|near|from|to|for|with|by|since|until|after|before)\s+(?![A-Z])")
# "her daughter Pilar Garcia", "Pilar Garcia, 24,": a person of her own, no short form
KIN_BEFORE = re.compile(r"\b(?:daughter|son|wife|husband|niece|nephew|sister|brother|mother|father"
                        r"|cousin|aunt|uncle|grandson|granddaughter|widow)\s+$")
AGE_AFTER = re.compile(r",? \(?\d{1,3}\)?(?:,|\)|$| (?:years|was|is|of)\b)")
# "Bureau of the" before a name: the model cut a longer name at its "of".
NAME_OF_BEFORE = re.compile(r"[A-Z][\w'’.-]* of (?:the )?$")
INITIAL_NAME = re.compile(r"^[A-Z]\.? (?:(?:de|van|von|der|den|da|di|du|le|la) )*[A-Z][a-z][\w'’-]*$")
# Titles of office that open no institution's name: cut before a person's name in an ORG span.
OFFICE_TITLES = {"president", "vice", "prime", "minister", "chancellor", "premier", "secretary", "senator",
                 "governor", "mayor", "general", "gen", "col", "colonel", "lt", "lieutenant", "major", "maj",
                 "sgt", "sergeant", "admiral", "commander", "judge", "justice", "ambassador", "envoy",
                 "spokesman", "spokeswoman", "chairman", "chairwoman", "chief", "director", "inspector",
                 "accountant", "deputy"}
TITLES = {"Mr", "Mrs", "Ms", "Dr", "Mr.", "Mrs.", "Ms.", "Dr."}
THE_BEFORE = re.compile(r"\bthe $")
SPLIT_PLACES = re.compile(r"\s*(?:,|\band\b|&|/)\s*")
LOWER_WORD = re.compile(r"\b[a-z][a-z'-]+\b")
GIVEN_AND_SURNAME = re.compile(
    r"(?<![\w'’.-])(?=([A-Z][^\W\d_]+(?:-[A-Z][^\W\d_]+)?) "
    r"((?:(?:de|De|van|Van|von|Von|der|den|da|Da|dos|del|di|Di|al|bin|ibn) )*[A-Z][\w'’-]+))")
PLURAL_ABBREVIATION = re.compile(r"[A-Z]{2,}s")
ACRONYM = re.compile(r"[A-Z]{2,6}")
# A company's suffix keeps its full stop ("Microsoft Corp.", "Apple Computer Inc.").
ABBREVIATED_SUFFIX = re.compile(r" (?:Corp|Inc|Co|Cos|Ltd|Bros|Assoc|Mfg)\.$")
CAPITAL_LINE = re.compile(r"[^\n]+")
CAPITALS_RUN = re.compile(r"[A-Z]{2,}[^a-z\n]*[A-Z]{2,}|^[^a-z\n]*[A-Z]{3,}[^a-z\n]*$", re.MULTILINE)
# The last word of a venue's or a street's name: the place where things happen ("Trent Bridge",
# "National Tennis Centre", "Wall Street", "Kodak Theatre"), whatever label the model gave it.
VENUE_WORDS = {"stadium", "arena", "centre", "street", "road", "square", "bridge", "oval", "ground",
               "racecourse", "velodrome", "theatre", "airport", "prison", "hotel"}
# ... of which no person's surname is one: a PERSON span ending so is the venue ("Ben Gurion
# Airport", "the Venetian Hotel"), where "Wayne Bridge", "George Street", "Bruce Arena" are people
PERSON_VENUE_WORDS = {"stadium", "racecourse", "velodrome", "theatre", "airport", "prison", "hotel"}
# "Channel 4 viewers", "Radio 4's Today", "Fathers 4 Justice": a number of one or two digits inside
# a name, which the sentence goes on after (a lower-case word or a possessive); a table's figure
# ends a line or meets the next name or figure ("Armenia 7.80", "Hamburg 2 Bremen 1", "(Gerrard
# 79)"), and a longer one is a score or a count in prose ("Northamptonshire 361 for five").
NUMBERED_NAME = re.compile(r"[A-Z][\w&'’.-]*(?: [A-Z][\w&'’.-]*)* \d{1,2}(?: [A-Z][\w&'’.-]*)*")
NAME_GOES_ON = re.compile(r"['’]s\b| [a-z]")
FIGURE_AFTER = re.compile(r"[ \t]+\(?[\w-]*\d")
FIGURE = re.compile(r"\(?[\d,.]+\)?[.,]?")
LINE_END = re.compile(r"\.?[ \t]*(?:\n|\Z)")
PROSE_WORDS = 3
AFFILIATION_OPENING = re.compile(r"\s*\((?:[a-z]+ )?\Z")    # " (" or "\n(both " before a name
BRACKETED = re.compile(r" \(([^()\n]{2,30})\)")
TEAM_CONTEXT = re.compile(r"[ \t]+\d+(?:[ \t]+(?:[A-Z]|\d)|[ \t]*$)", re.MULTILINE)


@dataclass(frozen=True)
class Resolved:
    """An entity after normalisation; offsets into the NER text, -1 for a dateline place."""

    text: str
    start: int
    end: int
    type: str
    value: str


# A city and a comma before a US state's abbreviation ("Charleston, W. Va.", "in Tampa, Fla.")
PLACE_AND_COMMA = re.compile(r"[A-Z][\w.'’-]*,\s+\Z")


def clean(span: Span, after: str = "", before: str = "") -> Span | None:
    """Strip quotes, possessives, a leading "the", the letters only a person takes after a name
    (POST_NOMINAL) and (for persons) role and nationality words.
    ``after``: the text that follows the span (a company's "Inc." keeps its full stop but where
    the full stop ends the line); ``before``: the text before it (a state's abbreviation after a
    city and a comma keeps the sentence's full stop: "in Tampa, Fla.", not "went to Mass.")."""
    text, start = span.text, span.start
    original = text
    # "Armenia 7.80", "Denmark 8.30\n10": the model ran into a table's figures; keep the name.
    text = text.split("\n")[0]
    cut = re.search(r"\s\S*\d", text)
    bare = re.sub(r"['’]s$", "", text)     # "BBC Radio 4's Today": the number ends the name
    if cut and not numbered_name(bare, span.label, original[len(bare):] + after):
        text = text[:cut.start()]
    text = text.rstrip()
    month = MONTH_AFTER_NAME.search(text)
    if month and re.match(r"\s+\d", original[len(text):] + after):
        text = text[:month.start()]
    text = re.sub(r"(?:['’]s|['’])$", "", text)
    text = text.rstrip(",;:-–—\"”)’' ")
    if text.endswith(".") and not re.search(r"(?:\b\w\.)+$", text) and not (
            ABBREVIATED_SUFFIX.search(text) and after[:1] not in ("", "\n")) and not (
            gazetteer.state_abbreviation(text)):
        text = text[:-1]
    lead = re.match(r"^(?:[\"“‘'(\s]|the\s+|The\s+|THE\s+)+", text)
    # "The Oval", "The Times", "The Sun": the article of a one-word name is part of it
    rest = text[lead.end():] if lead else ""
    if lead and not (lead.group().strip() in ("The", "THE") and re.fullmatch(r"[A-Z][\w'’-]+", rest)
                     and not gazetteer.is_place(rest)):
        start += lead.end()
        text = text[lead.end():]
    # "Lewis third", "Marcelo Rios of", "HBOS bank", "Bill Cosby -": the model ran on.
    cut, text = boundaries.trim(text)
    start += cut
    label = "PERSON" if text.split(" ")[0] in TITLES and " " in text else span.label   # "Mr Ebbers"
    post_nominal = POST_NOMINAL.search(text)
    if (post_nominal and " " in text[:post_nominal.start()]
            and not any(word.casefold() in patterns.ORG_WORDS for word in text.split())):
        text, label = text[:post_nominal.start()], "PERSON"
    if label == "PERSON":
        while True:
            first, _, rest = text.partition(" ")
            if rest and (first.lower().rstrip(".") in ROLE_WORDS or first.lower() in DEMONYMS):
                start += len(first) + 1 + (len(rest) - len(rest.lstrip()))
                text = rest.lstrip()
            else:
                break
    if not text:
        return None
    offset = start - span.start
    if original[offset:offset + len(text)] != text:
        return None
    if (after[:1] == "." and offset + len(text) == len(original) and gazetteer.state_abbreviation(text + ".")
            and PLACE_AND_COMMA.search(before)):
        text += "."      # "in Tampa, Fla.": the sentence's full stop is the abbreviation's too
    return Span(text, start, start + len(text), label)


def numbered_name(text: str, label: str, after: str) -> bool:
    """A name with a number in it, which the sentence goes on after ("Channel 4 viewers")."""
    return label != "PERSON" and NUMBERED_NAME.fullmatch(text) is not None and NAME_GOES_ON.match(after) is not None


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
    if any(t.casefold().strip(".") in patterns.ABBREVIATIONS for t in tokens):
        return True   # "Revs", "Avg", "U.S. Dlrs": financial-table units, never a name
    if PLURAL_ABBREVIATION.fullmatch(text):
        return True   # "MPs", "CEOs": the plural of an abbreviation is a common noun
    if text[0].islower() and tokens[0].lower() not in NAME_PARTICLES:
        return True
    return not text[0].isalpha() and text[0] not in "'’"


LINE_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
CAPITALS_SHARE = 0.6      # of a line's words in capitals that make it a line of capitals


def is_capitals(text: str) -> bool:
    """Written wholly in capitals, like a headline or dateline ("DEFEAT", "HARARE")."""
    return text.isupper() and sum(ch.isalpha() for ch in text) >= 2


# Between two full names in one PERSON span: a line break (a byline, then the story's first
# name), a spaced dash or a slash (a pair of a results table: "Kurt Betschart - Bruno Risi").
NAME_JOINER = re.compile(r"[ \t]*\n\s*| [-–/] ")
FULL_NAME = re.compile(r"[A-Z][\w'’.-]*(?: (?:[a-z]{1,4} )?[A-Z][\w'’.-]*){1,3}")


def split_joined_names(span: Span, given: set[str]) -> list[Span]:
    """A PERSON span holding two or more full names joined as NAME_JOINER says: one span each.
    Every part must be a person's name by its shape (a given name first): a lone word ("Phil\n
    Mickelson" may be one name, wrapped) or a title ("Terry Leahy - Chief Executive") leaves the
    span alone."""
    if span.label != "PERSON" or not NAME_JOINER.search(span.text):
        return [span]
    parts, position = [], 0
    for joiner in [*NAME_JOINER.finditer(span.text), None]:
        end = joiner.start() if joiner else len(span.text)
        piece = span.text[position:end]
        if not FULL_NAME.fullmatch(piece) or not _person_shaped(piece.split(), given, places=True):
            return [span]
        parts.append(Span(piece, span.start + position, span.start + end, "PERSON"))
        position = joiner.end() if joiner else end
    return parts


def split_list(span: Span) -> list[Span]:
    """Persons: "Dieter Eilts, Steffen Freund" -> two spans. Places: see split_places and
    split_hyphenated."""
    if span.label != "PERSON":
        if span.label not in ("GPE", "LOC", "ORG", "NORP"):
            return [span]
        return [part for piece in split_hyphenated(span) for part in split_places(piece)]
    if ", " not in span.text:
        return [span]
    parts, position = [], 0
    for piece in span.text.split(", "):
        if piece:
            parts.append(Span(piece, span.start + position, span.start + position + len(piece), "PERSON"))
        position += len(piece) + 2
    return [part for part in parts if not is_junk(part.text)]


def split_hyphenated(span: Span) -> list[Span]:
    """ "Israel-PLO talks", "the Sao Paulo-Santos game": two names joined by a hyphen, each a known
    place or an acronym, are two names (a place the gazetteer knows whole, "Guinea-Bissau", is one).
    An acronym then a place is one organisation's name, the place saying where it is
    ("WGBH-Boston", a broadcaster; "WSC-India", a side): no place of the article."""
    parts = span.text.split("-")
    if len(parts) != 2 or not all(parts) or gazetteer.is_place(span.text):
        return [span]
    kinds = ["GPE" if gazetteer.is_place(p) and p[:1].isupper() else "ORG" if ACRONYM.fullmatch(p) else None
             for p in parts]
    if None in kinds or "GPE" not in kinds:
        return [span]
    if kinds == ["ORG", "GPE"]:
        return [Span(span.text, span.start, span.end, "ORG")]
    first, second = parts
    return [Span(first, span.start, span.start + len(first), kinds[0]),
            Span(second, span.end - len(second), span.end, kinds[1])]


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
        # Full names in text order, keyed by what a shorter mention of them may be: the surname
        # (last token), the surname with its particles ("de Wit") or its last two names ("Costa
        # Pires", see _double_surname), and the names it starts with ("David Kiprop" of "David
        # Kiprop Mutai").
        self.full_names: dict[str, list[tuple[int, str]]] = {}
        self._double_keys: set[str] = set()
        self.given_names = _article_given_names(spans)
        persons = [s for s in spans if s.label == "PERSON" and not is_capitals(s.text)]
        longest = {}
        for span in persons:
            tokens = span.text.split()
            if len(tokens) < 2:
                continue
            keys = _short_forms(tokens)
            if self._double_surname(tokens):
                keys.append(" ".join(tokens[-2:]).casefold())
                self._double_keys.add(keys[-1])
            for key in keys:
                self.full_names.setdefault(key, []).append((span.start, span.text))
            longest[span.text.casefold()] = span.text
        # A full name that starts a longer full name of the same article is that longer name.
        for key, names in self.full_names.items():
            self.full_names[key] = [(start, _longest_form(name, longest)) for start, name in names]
        self._in_full: dict[str, str] | None = None
        self.person_tokens = {t.casefold() for s in persons if " " in s.text for t in s.text.split()}
        # The model's NORP is a nationality unless the article gives it as someone's surname
        # ("Necmettin Erbakan" ... "Erbakan has encouraged" with "Erbakan" as NORP).
        self.nationalities -= {s.text.split()[-1].casefold() for s in persons if " " in s.text}
        self.lone_names = {s.text.casefold() for s in spans if " " not in s.text}
        self.other_names = [(s.start, s.end) for s in spans if s.label in ("ORG", "GPE", "LOC", "FAC", "NORP")]
        self.org_tokens = {t.casefold() for s in spans if s.label == "ORG" and " " in s.text
                           and not is_capitals(s.text) for t in s.text.split()}
        self._spans = spans
        self._said: dict[str, dict[str, int]] | None = None

    def said(self, name: str) -> dict[str, int]:
        """What the phrases around the article's mentions of ``name`` call it, kind -> mentions
        (the archive pass's table, data/contexts.txt, read in one article)."""
        if self._said is None:
            reader, self._said = _mention_reader(), {}
            for span in self._spans:
                kind, phrase = reader.read(self.text, span.start, span.end)
                if kind == evidence.BAND:
                    # "rock group Evanescence": no person (the archive pass hides bands); a phrase
                    # after the name is a soloist's too ("Morrissey guitarist Boz Boorer")
                    kind = "org" if phrase in reader.before.phrases else None
                if kind:
                    votes = self._said.setdefault(span.text, {})
                    votes[kind] = votes.get(kind, 0) + 1
        return self._said.get(name, {})

    def _double_surname(self, tokens: list[str]) -> bool:
        """Whether the last two names of a full name are a surname a mention may give alone
        ("Costa Pires" of "Helena Costa Pires", "Parker Bowles"): three names or more, no
        particle, and the first of the two no given name ("Anne Smith" of "Mary Anne Smith" may be
        her niece), no place ("Osprey North Sea"), no organisation's word, and the name's first
        word no role the article writes in lower case, which the model ran in ("Rapper Snoop
        Dogg")."""
        if len(tokens) < 3 or not all(NAME_WORD.fullmatch(t) for t in tokens) or any(
                t.casefold() in NAME_PARTICLES for t in tokens):
            return False    # "Sullivan of Dean Witter", "Hong Kong-based Industrial Equity"
        first, surname = tokens[-2], " ".join(tokens[-2:])
        return (not _is_given_name(first, set()) and tokens[0].lower() not in self.lower_words
                and not any(t.casefold().rstrip(".") in patterns.ORG_WORDS for t in tokens)
                and gazetteer.place_kind(surname) is None)

    def located(self, span: Span) -> bool:
        """Whether a place's phrase of the contexts table stands around ``span`` ("in X", "near
        X", "north of X", "X-based") and the article's mentions of the name say place (see
        mentions_say_place). Not "at X", which a club or a firm takes ("at Chelsea", "at
        Barclays"), nor "in X's", a possessive; not a name the model cut short ("in David dal
        Maso", "in Paris Hilton"), a word the article writes in lower case too ("the report in
        Time", a magazine and a Norwegian town), a given name the model called a person
        ("confided in Nancy"), a company's shares ("gains in Toyota"), or a name listed with a
        firm ("rebounds in Braga and Vodafone")."""
        after = self.text[span.end:span.end + 40].split(maxsplit=1)
        if after and (after[0][:1].isupper() or after[0].casefold() in NAME_PARTICLES):
            return False
        if self.is_common_word(span.text) or (span.label == "PERSON"
                                              and _is_given_name(span.text, self.given_names)):
            return False
        kind, phrase = _mention_reader().read(self.text, span.start, span.end)
        if kind not in evidence.LOCATIVE_KINDS or phrase.casefold() == "at":
            return False
        if patterns.MARKET_IN_BEFORE.search(self.text, max(0, span.start - 30), span.start):
            return False    # "gains in Toyota", "trading in Hayes common": a company's shares
        return not self._listed_with_a_firm(span) and self.mentions_say_place(span)

    def listed_after_a_place(self, span: Span) -> bool:
        """Whether ``span`` stands in a list that a place's phrase opens, every other name of it a
        place ("in Odesa and Chornomorsk", "stations in Embakasi, Mathare and Kasarani"): the
        phrase says the kind of each name of the list. Not a given name ("in London and Karen"),
        a name the model cut short, a possessive, a name with an organisation's word or legal
        form ("in Frost and Sullivan Inc"), nor one the article's other mentions say is
        something else."""
        after = self.text[span.end:span.end + 40].split(maxsplit=1)
        if after and (after[0][:1].isupper() or after[0].startswith(("'s", "’s"))):
            return False
        words = span.text.split()
        if (self.is_common_word(span.text) or _is_given_name(words[0], self.given_names)
                or _initial_and_surname(span.text)
                or any(w.casefold().rstrip(".") in patterns.ORG_WORDS for w in words)
                or boundaries.ends_in_legal_form(span.text)):
            return False
        return self._in_a_placed_list(span) and self.mentions_say_place(span)

    def _in_a_placed_list(self, span: Span) -> bool:
        """Whether "and" or "or" joins ``span`` to a list whose other names are places, the first
        after a place's phrase, and a list of two ends with it (a clause's subject does not: "in
        Japan and Sony cut its forecast", "and G. Fox in Connecticut"). Not a comma alone ("In
        Washington, Congress has": a clause's opening), nor a capitalised "In X," before one;
        not "Kansas City, Mo., Farmers Commodities, Des Moines, and": firms listed with their
        towns; not "at X" (a firm's, a club's) nor a market's "in" ("rebounds in Braga and
        Vodafone": a company's shares)."""
        names, joins = self._list_of(span)
        first, at = names[0], names.index(span)
        if first is span or not any(AND_JOIN.fullmatch(join) for join in joins[max(0, at - 1):at + 1]):
            return False
        if len(names) == 2 and not LIST_END.match(self.text, span.end):
            return False        # "Sales fell in Japan and Sony cut its forecast"
        if not all(name.label in ("GPE", "LOC") or gazetteer.is_unambiguous_place(name.text)
                   for name in names if name is not span):
            return False        # "Frost and Sullivan": Frost, Texas, is no town of the news
        kind, phrase = _mention_reader().read(self.text, first.start, first.end)
        if kind not in evidence.LOCATIVE_KINDS or phrase.casefold() == "at" or (
                joins[0] == ", " and phrase[:1].isupper()):
            return False
        return not patterns.MARKET_IN_BEFORE.search(self.text, max(0, first.start - 30), first.start)

    def _list_of(self, span: Span) -> tuple[list[Span], list[str]]:
        """The names of the list ``span`` stands in, in text order, each joined to the next by a
        comma, "and" or "or", and the joins between them."""
        names = [span]
        while before := [other for other in self._spans if other.end <= names[0].start
                         and LIST_JOIN.fullmatch(self.text[other.end:names[0].start])]:
            names.insert(0, before[-1])
        while after := [other for other in self._spans if other.start >= names[-1].end
                        and LIST_JOIN.fullmatch(self.text[names[-1].end:other.start])]:
            names.append(after[0])
        return names, [self.text[one.end:other.start] for one, other in zip(names, names[1:])]

    def mentions_say_place(self, span: Span) -> bool:
        """Whether the article's mentions of the name vote place more often than anything else:
        ``span`` itself, which the caller found placed, and each other by its phrase or else by
        the model's label ("holdings in Burlington" beside "Burlington lawyers", "Labour and
        Tory districts" beside "Labour said": the company, the party)."""
        reader, votes = _mention_reader(), {}
        for mention in self._spans:
            if mention.start == span.start:
                votes["place"] = votes.get("place", 0) + 1
            elif mention.text == span.text:
                said, _ = reader.read(self.text, mention.start, mention.end)
                if not said and IN_THE_BEFORE.search(self.text, max(0, mention.start - 12), mention.start):
                    said = "place"      # "golf courses in the Algarve": no table phrase, a region's
                said = said or LABEL_KINDS.get(mention.label)
                votes[said] = votes.get(said, 0) + 1
        placed = sum(n for said, n in votes.items() if said in evidence.LOCATIVE_KINDS)
        return placed > sum(votes.values()) - placed

    def _listed_with_a_firm(self, span: Span) -> bool:
        """Whether a name joined to ``span`` by a comma, "and" or "or" is an organisation the
        gazetteer does not know as a place."""
        for other in self._spans:
            between = (self.text[span.end:other.start] if other.start >= span.end
                       else self.text[other.end:span.start] if other.end <= span.start else None)
            if (between is not None and LIST_JOIN.fullmatch(between) and other.label == "ORG"
                    and not gazetteer.is_place(other.text)):
                return True
        return False

    def full_name(self, span: Span) -> str | None:
        """The full name a shorter mention stands for ("Putin", "De Wit", "David Kiprop"): the
        nearest one before it, else the first one."""
        names = self.full_names.get(span.text.casefold())
        if names and span.text.casefold() in self._double_keys and (
                KIN_BEFORE.search(self.text, max(0, span.start - 20), span.start)
                or AGE_AFTER.match(self.text, span.end)
                and not HONORIFIC_BEFORE.search(self.text, max(0, span.start - 6), span.start)):
            # "her daughter Pilar Garcia", "Pilar Garcia, 24,": a person of her own, but "Mrs
            # Parker Bowles, 57," is Camilla Parker Bowles
            return None
        if not names:
            written = self._written_in_full(span.text)
            return written if written and written != span.text else None
        before = [name for start, name in names if start < span.start]
        full = before[-1] if before else names[0][1]
        return full if full.casefold() != span.text.casefold() else None

    def _written_in_full(self, surname: str) -> str | None:
        """ "De Wit" of an article that writes "Annelies de Wit" where the model saw no entity:
        the surname behind a given name somewhere in the text (the text is scanned once)."""
        if self._in_full is None:
            self._in_full = {}
            for match in GIVEN_AND_SURNAME.finditer(self.text):
                # not inside another kind's name: "Diego Padres" of "the San Diego Padres"
                if _is_given_name(match.group(1), self.given_names) and not patterns.overlaps(
                        match.start(), match.start() + 1, self.other_names):
                    self._in_full.setdefault(match.group(2).casefold(),
                                             match.group(1) + " " + match.group(2))
        return self._in_full.get(surname.casefold())

    def is_org_word(self, text: str) -> bool:
        """A one-word name that is part of an organisation's name here and of no person's
        ("Northwind" of "Northwind Shipping")."""
        folded = text.casefold()
        return " " not in text and folded in self.org_tokens and folded not in self.person_tokens

    def is_common_word(self, text: str) -> bool:
        """A capitalised span the article also writes in lower case ("Attempts", "the General
        Election" of an article about the general election)."""
        if " " not in text:
            return text.lower() in self.lower_words
        words = text.split()
        return (all(w[:1].isupper() and w[1:].islower() and w.lower() in self.lower_words
                    and w.casefold() not in patterns.ORG_WORDS for w in words)
                and re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(text.lower()), self.text) is not None)

    def is_nationality(self, text: str) -> bool:
        folded = text.casefold()
        return (folded in self.nationalities or folded in DEMONYMS
                or folded.rstrip("s") in DEMONYMS)

    def follows_place_noun(self, span: Span) -> bool:
        """ "the town of Waiau": a name the text says is a place (see PLACE_NOUN_BEFORE)."""
        words = span.text.split()
        return (len(words) <= 3 and not any(w.casefold() in patterns.ORG_WORDS for w in words)
                and words[0].split("-")[0].casefold() not in patterns.GIVEN_NAMES
                and bool(PLACE_NOUN_BEFORE.search(self.text[max(0, span.start - 60):span.start])))

    def precedes_place_noun(self, span: Span) -> bool:
        """ "Heathrow airport", "Guerrero state", or a plural after a list the name is part of
        ("the Alentejo and Algarve regions"), where its mentions say place ("Labour and Tory
        districts" beside "Labour said" are the parties'); not the end of a longer name the
        model cut ("the U.S. Bureau of the Census regions")."""
        words = span.text.split()
        if (len(words) > 2 or any(w.casefold() in patterns.ORG_WORDS for w in words)
                or words[0].split("-")[0].casefold() in patterns.GIVEN_NAMES
                or NAME_OF_BEFORE.search(self.text, max(0, span.start - 30), span.start)):
            return False
        if PLACE_NOUN_AFTER.match(self.text, span.end):
            return True
        listed = (PLACE_PLURAL_AFTER.match(self.text, span.end)     # a list's first names
                  or (PLACE_PLURAL_AFTER_LAST.match(self.text, span.end)     # ... or its last
                      and LIST_END_BEFORE.search(self.text, max(0, span.start - 40), span.start)))
        return bool(listed) and self.mentions_say_place(span)

    def follows_locative(self, span: Span) -> bool:
        return bool(LOCATIVE_BEFORE.search(self.text[max(0, span.start - 30):span.start]))


@lru_cache(maxsize=1)
def _mention_reader() -> evidence.MentionReader:
    # the plural phrases are the archive's votes only: one article's "wedding bands Ozzy gave her"
    # would decide alone
    table = tables.contexts()
    return evidence.MentionReader(tables.Contexts(
        {phrase: kind for phrase, kind in table.before.items() if phrase not in table.listing},
        {tail: kind for tail, kind in table.after.items() if tail not in SHARED_WITH_PEOPLE}))


def _short_forms(tokens: list[str]) -> list[str]:
    """Keys a shorter mention of a full name may have: its last token, the surname from its first
    particle on ("de Wit" of "Annelies de Wit"), and its proper leading names ("David Kiprop")."""
    keys = [tokens[-1].casefold()]
    for i in range(1, len(tokens) - 1):
        if tokens[i].casefold() in NAME_PARTICLES:
            keys.append(" ".join(tokens[i:]).casefold())
            break
    keys += [" ".join(tokens[:i]).casefold() for i in range(2, len(tokens))]
    return keys


def _longest_form(name: str, names: dict[str, str]) -> str:
    folded = name.casefold() + " "
    longer = [full for key, full in names.items() if key.startswith(folded)]
    return max(longer, key=len) if longer else name


def _is_given_name(token: str, article_given: set[str]) -> bool:
    first = token.split("-")[0].casefold()     # "Marc-Antoine"
    return first in patterns.GIVEN_NAMES or token.casefold() in article_given


def _article_given_names(spans: list[Span]) -> set[str]:
    """First words of the article's own multi-word PERSON names: given names the list lacks;
    initials in capitals are none ("JP" of "JP McManus" makes no "JP Morgan" a person)."""
    return {s.text.split()[0].casefold() for s in spans
            if s.label == "PERSON" and " " in s.text and not is_capitals(s.text) and not s.text.split()[0].isupper()
            and not any(t.casefold().rstrip(".") in patterns.ORG_WORDS for t in s.text.split())}


def _relabel(spans: list[Span]) -> list[Span]:
    """Person or organisation by the words of the name, before the per-article vote:
    - "<Org> <Person>" glued in one span ("Bank of England Robin Leigh-Pemberton") is split
      where a given name follows an organisation word;
    - a PERSON span with an organisation word ("Northwind Shipping", "Clube Atlântico") is an ORG;
    - an ORG span shaped like a given name and capitalised surname(s), with no organisation word
      and no known place in it ("Marc-Antoine Leclerc"), is a PERSON;
    - so is any span of an initial and a surname ("L Nitoglia", "P de Villiers": a line-up);
    - a GPE or LOC span the gazetteer does not know is read the same way: with an organisation
      word it is an ORG ("Exeter City", "Australian Open"), shaped like a person's name a PERSON;
    - a nationality before a name shaped like a person's is no part of it, whatever the model's
      label ("Frenchman Cedric Pioline", "American Kimberly Po", "Belgians An Marchal")."""
    given = _article_given_names(spans)
    relabelled = []
    for span in spans:
        person = _national_before_person(span, given) or _titled_person(span, given)
        if person:
            relabelled.append(person)
            continue
        if span.label in ("PERSON", "ORG", "GPE", "LOC") and _initial_and_surname(span.text):
            relabelled.append(Span(span.text, span.start, span.end, "PERSON"))
            continue
        if span.label == "PERSON" and SAINT.match(span.text):
            # "St Mirren", "St Gallen", "St Louis": a saint's name names a place or what it holds
            label = "GPE" if gazetteer.is_place(span.text) else "ORG"
            relabelled.append(Span(span.text, span.start, span.end, label))
            continue
        if (span.label not in ("PERSON", "ORG", "GPE", "LOC") or is_capitals(span.text)
                or (span.label in ("GPE", "LOC") and gazetteer.is_place(span.text))):
            relabelled.append(span)
            continue
        tokens = span.text.split(" ")
        org_word = [i for i, t in enumerate(tokens) if t.casefold().rstrip(".") in patterns.ORG_WORDS]
        cut = next((i for i in range(1, len(tokens) - 1) if org_word and org_word[0] < i
                    and _is_given_name(tokens[i], given) and tokens[i + 1][:1].isupper()), None)
        if cut is not None:
            head = " ".join(tokens[:cut])
            tail_start = span.start + len(head) + 1
            relabelled += [Span(head, span.start, span.start + len(head), "ORG"),
                           Span(span.text[len(head) + 1:], tail_start, span.end, "PERSON")]
        elif org_word:
            relabelled.append(Span(span.text, span.start, span.end, "ORG"))
        elif span.label != "PERSON" and _person_shaped(tokens, given) and not tables.is_written_name(span.text):
            # (not "Christian Democrat": a party the tables name, whatever its shape)
            relabelled.append(Span(span.text, span.start, span.end, "PERSON"))
        else:
            relabelled.append(span)
    return relabelled


def _national_before_person(span: Span, given: set[str]) -> Span | None:
    """The person's name behind a nationality the model took into the span, or None."""
    first, _, rest = span.text.partition(" ")
    if (span.label not in ("PERSON", "ORG", "GPE", "LOC", "FAC") or is_capitals(span.text)
            or not _demonym(first, DEMONYMS) or not _person_shaped(rest.split(" "), given, places=True)):
        return None
    return Span(rest, span.end - len(rest), span.end, "PERSON")


def _titled_person(span: Span, given: set[str]) -> Span | None:
    """The person's name behind the titles of office the model took into an organisation's span
    ("General Anatoly Shkirko" as ORG), or None. Only OFFICE_TITLES: a monarch's, a lady's or a
    captain's title, or a "Centre", opens places' and institutions' own names ("Prince William
    Sound", "Lady Margaret Hall", "Centre Georges Pompidou")."""
    if span.label != "ORG" or is_capitals(span.text):
        return None
    tokens = span.text.split(" ")
    roles = 0
    while roles < len(tokens) - 2 and tokens[roles].casefold().rstrip(".") in OFFICE_TITLES:
        roles += 1
    if not roles or not _person_shaped(tokens[roles:], given):
        return None
    rest = " ".join(tokens[roles:])
    return Span(rest, span.end - len(rest), span.end, "PERSON")


def _person_shaped(tokens: list[str], given: set[str], places: bool = False) -> bool:
    """A given name and capitalised surname(s) (or particles), no organisation word, and no
    place's name unless ``places`` (after a nationality a surname that is a town's is a surname:
    "American Dennis Mitchell")."""
    return (2 <= len(tokens) <= 4 and _is_given_name(tokens[0], given)
            and all(t[:1].isupper() or t.casefold() in NAME_PARTICLES for t in tokens[1:])
            and not any(t.casefold().rstrip(".") in patterns.ORG_WORDS for t in tokens)
            and (places or not any(gazetteer.is_place(t) for t in tokens)))


def _affiliations(text: str, spans: list[Span]) -> list[Span]:
    """A "person" or "place" in brackets right after a person is what that person belongs to, a
    club, a party or a firm ("Ryszard Wieczorek (Odra Wodzislaw)", "Dariusz Jackiewicz (both
    Amica Wronki)", "Bogdan Prusek (Sokol Tychy)"): an ORG, unless the gazetteer knows it (a
    country or a town: the place, or a side, see sides.py) or it is an initial and a surname;
    a table's figures after the bracket make it a line of a table ("Hunter\n(Red River) 4.46")."""
    person_ends = {span.end for span in spans if span.label == "PERSON"}
    found = []
    for span in spans:
        opening = AFFILIATION_OPENING.search(text, max(0, span.start - 16), span.start)
        if (span.label in ("PERSON", "GPE", "LOC") and opening and opening.start() in person_ends
                and text.startswith(")", span.end) and not FIGURE_AFTER.match(text, span.end + 1)
                and not gazetteer.is_place(span.text)
                and not _initial_and_surname(span.text)):
            span = Span(span.text, span.start, span.end, "ORG")
        found.append(span)
    return found


def _city_surnamed(span: Span, article: "_Article") -> bool:
    """A PERSON of a sentence whose last word is a city's name ("Rickey Henderson singled"), not a
    club named after its city: no score after it ("Legia Warsaw 2"), no table's or list's line, a
    first word shaped like a given name that the article never writes alone ("Ajax Amsterdam" ...
    "Ajax stay top": a club is called by its first word, a person by his surname) nor in lower
    case ("Red Sharks Veracruz"), and no country's or region's name ("Disarming Iraq")."""
    first, *_, last = span.text.split()
    return (first[:1].isupper() and first[1:].isalpha() and first[1:].islower()
            and first.casefold() not in article.lone_names and first.casefold() not in article.lower_words
            and gazetteer.place_kind(last) == "city"
            and not TEAM_CONTEXT.match(article.text, span.end)
            and (_in_prose(article.text, span) or _before_country(article.text, span)))


def _before_country(text: str, span: Span) -> bool:
    """Whether a country in brackets follows ``span``: a competitor's nationality in a results
    line ("Eddie Irvine (Britain) Ferrari 1:53.043", "Nicklas Kulti (Sweden) vs.")."""
    found = BRACKETED.match(text, span.end)
    return bool(found and gazetteer.place_kind(found.group(1)) in ("country", "variant"))


def _in_prose(text: str, span: Span) -> bool:
    """Whether the line holding ``span`` is a sentence (three lower-case words or more), not a
    table's or a list's line."""
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    line = text[start:end if end >= 0 else len(text)]
    return len(LOWER_WORD.findall(line)) >= PROSE_WORDS


def _initial_and_surname(text: str) -> bool:
    """ "M Bortolami", "M. Vaughan": a person; "S. Africa", "N. Korea" are countries abbreviated."""
    return bool(INITIAL_NAME.match(text)) and not patterns.abbreviated_place(text)


def _extend_names(text: str, spans: list[Span]) -> list[Span]:
    """ "David Kiprop" followed by "Mutai", which the article tags as a person on its own: the
    model cut the name short; the span runs on to the surname."""
    alone = {s.text for s in spans if s.label == "PERSON" and " " not in s.text}
    starts = {s.start for s in spans}
    extended = []
    for span in spans:
        if span.label == "PERSON" and " " in span.text:
            match = re.match(r" ([A-Z][\w'’-]+)", text[span.end:span.end + 40])
            if match and match.group(1) in alone and span.end + 1 not in starts:
                span = Span(span.text + match.group(0), span.start, span.end + len(match.group(0)),
                            "PERSON")
        extended.append(span)
    return extended


def _resolve_normal(span: Span, article: _Article) -> Resolved | None:
    """Type and value of a span written in normal case."""
    text, label = span.text, span.label
    full = article.full_name(span)
    known = gazetteer.place_kind(text)
    unambiguous = gazetteer.is_unambiguous_place(text)
    if text.endswith(".") and gazetteer.state_abbreviation(text) and (
            label in ("GPE", "LOC")
            or PLACE_AND_COMMA.search(article.text, max(0, span.start - 40), span.start)):
        return _place(span)     # "Charleston, W. Va.", whatever the label: a city and a comma before it
    if label in ("PERSON", "ORG") and not full and (article.follows_place_noun(span)
                                                     or article.precedes_place_noun(span)):
        return _place(span)
    if label in ("PERSON", "ORG") and known and not full and article.located(span):
        return _place(span)     # "In Seville, José Ramírez said": a known place the phrase places
    if label in ("PERSON", "ORG") and not full and article.listed_after_a_place(span):
        return _place(span)     # "in Odesa and Chornomorsk": the list's phrase places every name
    if label != "PERSON" and _demonym(text, PERSON_DEMONYMS if label == "ORG" else DEMONYMS):
        return None     # a nationality is no place ("Ukrainian"), a national no organisation ("Frenchman")
    if _is_venue(text, label, article.text):
        return _place(span)
    if label == "PERSON":
        tokens = text.split()
        if article.is_nationality(text) or article.is_nationality(tokens[-1]):
            return None
        if any(t.casefold().rstrip(".") in patterns.ORG_WORDS for t in tokens) or (
                boundaries.ends_in_legal_form(text)) or (
                len(tokens) > 1 and gazetteer.is_unambiguous_place(tokens[-1]) and not _initial_and_surname(text)
                and tokens[0].split("-")[0].casefold() not in patterns.GIVEN_NAMES
                and not _city_surnamed(span, article)):
            # "Manchester United", "Legia Warsaw", "Neste Oy", "Philip Morris Cos"; not "Bob Kennedy", "M. Vaughan"
            return _made(span, "org", text)
        if full and boundaries.ends_in_legal_form(full):
            return _made(span, "org", full)   # "Philip Morris" of the article's "Philip Morris Cos"
        if full or (peer := _peer(article.text, span)):
            return _made(span, "person", full or peer)    # "Putin" of "Vladimir Putin"; "Lord Falconer"
        if unambiguous or (known and gazetteer.lookup_key(text) in article.place_keys):
            return _place(span)
        if article.is_common_word(text):
            return None
        if article.is_org_word(text) and not _after_honorific(article.text, span.start):
            return _made(span, "org", text)   # "Northwind" of "Northwind Shipping"; not "Mr Ebbers"
        if " " not in text and THE_BEFORE.search(article.text, max(0, span.start - 4), span.start):
            return _made(span, "org", text)   # "the Premiership", "the Waalhaven terminals": no person
        said = article.said(text)
        if said.get("org", 0) > said.get("person", 0) and not _person_shaped(tokens, article.given_names):
            return _made(span, "org", text)   # "the daily Noticias", "shares in Isbank"
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
    if label == "NORP" and full and _person_shaped(full.split(), set(), places=True):
        return _made(span, "person", full)   # "Kevorkian" of "Dr. Jack Kevorkian"; not "Atagi"
    if label == "NORP" and _a_party(text):
        return _made(span, "org", text)      # "the Tories": a party's members name the party
    return None


def _a_party(text: str) -> bool:
    """Whether a word class whose values are organisations (parties, leagues) holds ``text``."""
    return any(c.kind == "org" and c.patterns.matches(text) for c in tables.word_classes())


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
    # Short capitals are acronyms ("NATO", "BSE"), a real organisation name, but not inside a line
    # of capitals, where every word is ("TRANSALTA UTILITIES CORP YEAR NET"). One with a number is
    # one too ("BBC 1" of "BBC 1's Breakfast"), unless it is a month's and the two a date
    # ("FRANKFURT STOCKS CLSG - APRIL 7 aeg 315.00"; "DEC" alone is Digital Equipment's).
    acronym = re.sub(r" \d{1,2}$", "", span.text)
    dated = acronym != span.text and acronym.casefold() in dates.MONTHS
    if (span.label == "ORG" and sum(ch.isalpha() for ch in acronym) <= 5 and " " not in acronym
            and not dated and not _in_a_line_of_capitals(article.text, span)):
        return _made(span, "org", span.text)
    return None


def _in_a_line_of_capitals(text: str, span: Span) -> bool:
    """Whether most words of the line around ``span`` (three at least) are in capitals."""
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    words = [w for w in LINE_WORD.findall(text, start, len(text) if end == -1 else end)]
    return len(words) >= 3 and sum(w.isupper() for w in words) >= CAPITALS_SHARE * len(words)


def _demonym(text: str, words: set[str]) -> bool:
    """Whether ``text`` is one of ``words``, or its plural or feminine ("Scots", "Frenchwomen")."""
    folded = text.casefold().replace("woman", "man").replace("women", "men")
    singular = folded[:-3] + "man" if folded.endswith("men") else folded.removesuffix("s")
    return folded in words or singular in words


def _is_venue(text: str, label: str, article: str = "") -> bool:
    """Whether a name ends in a venue's word (VENUE_WORDS), has no organisation's word and is no
    firm the article writes with a legal form ("Southmark owns 37 pct of Pratt Hotel" beside
    "Pratt Hotel Corp")."""
    words = text.split()
    venues = PERSON_VENUE_WORDS if label == "PERSON" else VENUE_WORDS if label in ("ORG", "FAC", "GPE", "LOC") else ()
    return (len(words) > 1 and words[-1].casefold() in venues
            and not any(w.casefold().rstrip(".") in patterns.ORG_WORDS for w in words)
            and not any(boundaries.ends_in_legal_form(text + " " + form)
                        for form in re.findall(re.escape(text) + r",? ([\w.]+)", article)))


def _made(span: Span, type_: str, value: str) -> Resolved:
    # one space between words and no comma (a facet value holds none): a text's "Goldman  Sachs"
    # and "Goldman, Sachs and Co" are "Goldman Sachs", "Goldman Sachs and Co"
    return Resolved(span.text, span.start, span.end, type_, " ".join(value.replace(",", " ").split()))


def _place(span: Span) -> Resolved:
    return _made(span, "place", gazetteer.canonical_place(span.text) or span.text)


def _with_patterns(text: str, spans: list[Span], teams: list[Span], players: list[Span],
                   placed: list[tuple[int, int]]) -> list[Span]:
    """Model spans plus what the table layout and the patterns find; a team or player of a table
    (layout.py) replaces what it overlaps, then a pattern person does."""
    spans = [s for s in spans if not _is_field_label(text, s)]
    laid = teams + players
    laid_at = [(s.start, s.end) for s in laid]
    persons: list[Span] = []
    for span in sorted(patterns.person_spans(text, spans), key=lambda s: (s.start, -s.end)):
        if (not persons or span.start >= persons[-1].end) and not patterns.overlaps(span.start, span.end, laid_at):
            persons.append(span)
    taken = [(p.start, p.end) for p in laid + persons]
    model = [s for s in spans if not patterns.overlaps(s.start, s.end, taken)]
    places = patterns.place_spans(text, taken + placed + [(s.start, s.end) for s in model],
                                  set(LOWER_WORD.findall(text)))
    return sorted([s for s in model if s.label in FACET_LABELS] + laid + persons + places,
                  key=lambda s: s.start)


def _is_field_label(text: str, span: Span) -> bool:
    """ "Attendance: 5,000", "Attendance 8,000", "Extras (lb-11 w-1) 20": a one-word label opening
    a table line, before a colon or a figure, and a word the article writes nowhere else but at
    the start of such lines (each innings has its "Extras")."""
    # the model may take the line's figure in with the label ("Attendance 18,500." a PERSON); a
    # team's score goes on with the line ("Feyenoord 5 Volendam 0", "Durham 326 (Morris 89)") or
    # its name comes again ("Leicestershire 353." then "Leicestershire 11 points")
    word, *figures = span.text.split()
    if (figures and not (all(FIGURE.fullmatch(f) for f in figures) and LINE_END.match(text, span.end)
                         and text.count(word) == 1)
            or not (span.start == 0 or text[span.start - 1] == "\n")):
        return False
    end = span.start + len(word)
    if text.startswith(":", end):
        return True
    # A place before figures is a stock index or team table row ("FRANKFURT 2,650"), not a label.
    if span.label in ("GPE", "LOC") or not FIGURE_AFTER.match(text, end):
        return False
    at = text.find(word)
    while at >= 0:
        if _word_at(text, at, at + len(word)) and not (at == 0 or text[at - 1] == "\n"):
            return False
        at = text.find(word, at + 1)
    return True


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
    datelined = [_dateline_at(name, start) for name, start in text_datelines.dateline_places(text)]
    dated_at = [(d.start, d.end) for d in datelined]
    spans = [s for s in boundaries.mend(text, spans) if not patterns.overlaps(s.start, s.end, dated_at)]
    layout_teams, players = layout.table_spans(text)
    given = _article_given_names(spans)
    for joined in _with_patterns(text, spans, layout_teams, players, dated_at):
        for span in split_joined_names(joined, given):
            span = clean(span, text[span.end:span.end + 3], text[max(0, span.start - 40):span.start])
            if span is None:
                continue
            after_cleaned = text[span.end:span.end + 3]      # "'s T" after "BBC Radio 4" of "BBC Radio 4's"
            if is_junk(span.text) and not numbered_name(span.text, span.label, after_cleaned):
                continue
            cleaned.extend(split_list(span))
    teamed = [_as_team(text, span) for span in cleaned]
    teams = {after.text.casefold() for before, after in zip(cleaned, teamed) if before is not after}
    teams.update(team.text.casefold() for team in layout_teams)
    cleaned = _vote(_extend_names(text, _affiliations(text, _relabel(_initialled(text, teamed)))))
    cleaned = _parties_of_people(text, cleaned)
    article = _Article(text, cleaned)
    sided = sides.read(text, cleaned, article.given_names, tables=bool(layout_teams or players))
    normal = [span for span in cleaned if not is_capitals(span.text)]
    capitals = [span for span in cleaned if is_capitals(span.text)]
    resolved = [r for r in (_resolve_normal(span, article) for span in normal) if r]
    by_name = {r.text.casefold(): r for r in resolved}
    for r in resolved:
        by_name.setdefault(r.value.casefold(), r)
    resolved += [r for r in (_resolve_capitals(s, article, by_name) for s in capitals) if r]
    # One name, one type per article: an ORG occurrence of a name used as a place elsewhere
    # ("the city of Mariupol" ... "Mariupol residents") is that place, and so is a PERSON
    # occurrence of a name a place's noun introduces ("the village of Bunol" ... "Bunol said").
    # A team of a results table ("CLEVELAND 76 51 .598") is that team all through the article
    # ("CLEVELAND AT TEXAS"), which wins over the rule below.
    # A player of a table or line-up (layout.py) is a person, whatever his name ends with
    # ("Yoshikatsu Kawaguchi", Kawaguchi being a city).
    # A side of a sports article's prose ("Newcastle boss", "joined Tottenham", sides.py) is that
    # side wherever the text does not put the place itself ("in Newcastle").
    played = {(p.start, p.end) for p in players}
    noun_placed = {s.text for s in normal if article.follows_place_noun(s)}
    places = {r.text: r.value for r in resolved if r.type == "place" and not sided.is_side(text, r)}

    def is_that_place(r: Resolved) -> bool:
        if r.text not in places:
            return False
        return r.type == "org" or (r.type == "person" and r.value == r.text and r.text in noun_placed
                                   and not _after_honorific(text, r.start))

    resolved = [_made(r, "person", r.value if r.type == "person" else r.text) if (r.start, r.end) in played
                else _made(r, "org", r.text) if r.text.casefold() in teams or sided.is_side(text, r)
                else _made(r, "place", places[r.text]) if is_that_place(r) else r
                for r in resolved]
    resolved += _capital_mentions(text, resolved + datelined)
    return sorted(resolved + datelined, key=lambda r: r.start)


def _parties_of_people(text: str, spans: list[Span]) -> list[Span]:
    """Each person's party written before the name (_party_before), the model's span cut where it
    ran on from the party ("Lib Dem MP Lembit Opik": "Lib Dem", "Lembit Opik"), a party it left
    untagged added ("Conservative Michael Howard"), as the NORP span it gives "Tory"; not a party's
    name ending a longer one ("Scottish Labour leader Jack McConnell": the Scottish party)."""
    taken = [(span.start, span.end) for span in spans]
    found = []
    for span in spans:
        if span.label == "PERSON":
            split = _split_party(span)
            party = split[0] if split else _party_before(text, span.start)
            if split:
                span = split[1]
            if party and (split or not patterns.overlaps(party.start, party.end, taken)):
                found.append(party)
        found.append(span)
    return found


def _split_party(span: Span) -> tuple[Span, Span] | None:
    """(party, person) of a PERSON span that begins with a party's name, then a role's words or a
    known given name ("Lib Dem MP Lembit Opik", "Tory Liam Fox"), else None."""
    words = span.text.split(" ")
    for n in (2, 1):
        party, rest = " ".join(words[:n]), words[n:]
        roles = []
        while rest and (rest[0].islower() or ROLE_ACRONYM.fullmatch(rest[0])):
            roles.append(rest.pop(0))
        if (len(rest) >= 2 and all(word[:1].isupper() for word in rest)
                and _party_and_roles(party, " ".join(roles))
                and (roles or rest[0].split("-")[0].casefold() in patterns.GIVEN_NAMES)):
            person = " ".join(rest)
            return (Span(party, span.start, span.start + len(party), "NORP"),
                    Span(person, span.end - len(person), span.end, "PERSON"))
    return None


def _party_and_roles(party: str, roles: str) -> bool:
    """Whether ``party`` is a party's name and ``roles`` (the words after it) a role's."""
    words = roles.split()
    lower = [word for word in words if word.islower()]
    return (_a_party_name(party) and len(lower) <= PARTY_ROLE_WORDS
            and (not words or words[-1].casefold() in PARTY_ROLES))


def _party_before(text: str, start: int) -> Span | None:
    """The party's name written before a person's name at ``start`` (a role's words between), as
    a NORP span, or None; not the end of a longer capitalised name."""
    words = _joined_by_spaces(list(WORD_BEFORE.finditer(text, max(0, start - 80), start)), text, start)
    roles = []
    while words and (words[-1].group().islower() or ROLE_ACRONYM.fullmatch(words[-1].group())):
        roles.insert(0, words.pop().group())
    for n in (2, 1):
        party = words[-n:] if len(words) >= n else []
        name = " ".join(word.group() for word in party)
        if not party or not name[:1].isupper():
            continue
        at = party[0].start()
        if _party_and_roles(name, " ".join(roles)) and (
                evidence.opens_sentence(text, at) or not CAPITAL_BEFORE.search(text, max(0, at - 30), at)):
            return Span(name, at, at + len(name), "NORP")
    return None


def _joined_by_spaces(words: list[re.Match], text: str, end: int) -> list[re.Match]:
    """The last of ``words`` that only single spaces join to each other and to ``end`` (a comma or
    a full stop ends the run: "Labour minister, Alfredo Franco", "on Labour Day, and chairman X")."""
    joined: list[re.Match] = []
    for word in reversed(words):
        if text[word.end():end] != " ":
            break
        joined.insert(0, word)
        end = word.start()
    return joined


def _a_party_name(name: str) -> bool:
    return any(c.name == "parties" and c.patterns.matches(name) for c in tables.word_classes())


def _initialled(text: str, spans: list[Span]) -> list[Span]:
    """Each name after the initial "A" of a line-up of initials ("A Titterrell, D Bell, S
    Borthwick": the model reads "A" as an article) a person, whatever the model's label."""
    return [Span(s.text, s.start, s.end, "PERSON")
            if s.label != "PERSON" and layout.after_initial_a(text, s.start) else s for s in spans]


def _capital_mentions(text: str, resolved: list[Resolved]) -> list[Resolved]:
    """A line in capitals (a headline) names the article's people, places and organisations where
    the model saw nothing ("SOCCER - ST PAULI TAKE POINT", "DALGLISH SAD OVER BLACKBURN PARTING"):
    each name as the article writes it in normal case, found in those lines."""
    if not CAPITALS_RUN.search(text):
        return []
    lines = [(m.start(), m.group()) for m in CAPITAL_LINE.finditer(text) if is_capitals(m.group())]
    if not lines:
        return []
    names: dict[str, Resolved] = {}
    for r in resolved:
        if r.start >= 0 and not is_capitals(r.text) and len(r.text) >= 3:
            names.setdefault(r.text.upper(), r)
    taken = [(r.start, r.end) for r in resolved]
    found = []
    for start, line in lines:
        for name, r in names.items():
            at = line.find(name)
            while at >= 0:
                a, b = start + at, start + at + len(name)
                if _word_at(text, a, b) and not patterns.overlaps(a, b, taken):
                    found.append(Resolved(text[a:b], a, b, r.type, r.value))
                    taken.append((a, b))
                at = line.find(name, at + len(name))
    return found


def _peer(text: str, span: Span) -> str | None:
    """ "Lord Falconer" of a surname the article writes after a peer's title, else None."""
    title = PEER_BEFORE.search(text, max(0, span.start - 9), span.start)
    if title is None or " " in span.text or span.text.casefold() in PEER_OFFICES | ROLE_WORDS:
        return None
    return f"{title.group('title')} {span.text}"


def _after_honorific(text: str, start: int) -> bool:
    """ "Mr Ebbers", "Dr Vancheshwar": a person's name, whatever else the article names so."""
    return HONORIFIC_BEFORE.search(text, max(0, start - 6), start) is not None


def _word_at(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] stands as whole words (no letter or apostrophe glued to it)."""
    before = text[start - 1:start]
    after = text[end:end + 1]
    return not (before.isalnum() or before in "'’") and not (after.isalnum() or after in "'’")


def _dateline_at(name: str, start: int) -> Resolved:
    """A place of a dateline inside the text (text_datelines.py), with its offsets."""
    return Resolved(name, start, start + len(name), "place", dateline_place(name).value)


def dateline_place(name: str) -> Resolved | None:
    """A place the dateline names: always a place, canonical when known ("HARARE" -> "Harare")."""
    name = name.strip().rstrip(",")
    if sum(ch.isalpha() for ch in name) < 2:
        return None
    value = gazetteer.canonical_place(name) or gazetteer.state_abbreviation(name)   # "MIAMI, Fla, Feb 26"
    if value is None:
        value = _title_case(name) if is_capitals(name) else name
    return Resolved(name, -1, -1, "place", value)


def _title_case(name: str) -> str:
    """ "AL-RAM" -> "Al-Ram", "NEW YORK" -> "New York" (str.title breaks on apostrophes)."""
    return re.sub(r"[A-Za-z]+('[A-Za-z]+)?", lambda m: m.group(0).capitalize(), name.lower())
