"""What the archive's own texts say about each facet value, gathered cheaply for the resolution pass.

Per mention (the pipeline stored each one's offsets in the body) two anchored regular
expressions read the few words before and after it: "shares in Gazprom" says org, "in Lisbon"
place, "Mr Ebbers" person, "the film Vera Drake" or a name in quotation marks a work (a film, a
programme, a product: no facet value), and so does a name after a capitalised "The" inside a
sentence ("Scorsese's The Aviator", "fans of The Motorcycle Diaries": the title's own article,
which the span lost) unless a word of it is a paper's or a firm's ("The Daily Telegraph", "The
Body Shop"), and so does a title a colon joins in running prose ("the game Grand Theft Auto:
San Andreas"). The plural of a phrase's noun before a list says the kind of every name in it
("presenters Ant and Dec", "rival firms Sony, Nintendo and Sega"). Per article, the lower-case
words of the text (for names that are common words: "Budget", "Channel"), the mentions after a
lower-case "the" ("the Bank said": a common noun referring back), whether it is about music
(tables.music_words: "album", "guitarist"; there a band's plural name needs no band's phrase),
the acronyms it writes in the plural ("MEPs": a thing one counts) and which one-word values stand
at the edge of a longer value of the same article ("Quillon" beside "Quillon Technologies"). From
the mentions alone: which ones an article writes as a later word of the value ("Blair" of Tony
Blair: news shortens people's names, never titles), and which follow a capitalised word and "of"
("Prisoner of Azkaban": a longer name's complement the span lost). The phrases are data
(data/contexts.txt); nothing here needs the model.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from functools import lru_cache

from .. import gazetteer
from ..enrich.patterns import ORG_WORDS, SECURITIES_IN_BEFORE
from ..facets import FACETS
from . import tables

WINDOW = 40                      # characters read on each side of a mention
MUSIC_MIN = 3                    # different words of music (tables.music_words) an article about music writes
QUOTES = {"\"": "\"", "“": "”", "‘": "’", "'": "'"}
WORK = "work"                    # the kind of films, programmes, products: hidden, no facet
BAND = "band"                    # a work whose phrase only a band's name takes ("X frontman")
EVENT = "event"                  # a work whose phrase only an event's name takes ("X festival")
LOCATIVE_KINDS = {facet.kind for facet in FACETS if facet.canonical is not None}   # the gazetteer's
BODY_KINDS = {facet.kind for facet in FACETS if facet.canonical is None and not facet.fold_surnames}
LISTED = re.compile(r"(?:\band|&|,)\s+$")
LIST_JOINS = {", ", " and ", ", and ", " & "}     # between two names of one list
# "and" and a capitalised word after a name: a list goes on whether or not the model took the
# next name for a mention ("presenters Ant and Dec", "Dec" read as a month)
LIST_GOES_ON = re.compile(r",? (?:and|&) [A-Z]")
# a verb after a name, which a noun before it outsays ("rock band REM have"); a locative does not
# ("workers at Ford have"). Each is an "X have" line of data/contexts.txt (a test holds them so).
VERBS = {" have", " are", " were"}
SMALL_WORDS = {"of", "the", "and", "for", "on", "in", "to", "a", "an", "&"}
ACRONYM_VALUE = re.compile(r"[A-Z]{2,6}")
NAME_NEXT = re.compile(r" [A-Z][a-z]")          # a capitalised word after a phrase: the name it titles
SENTENCE_START = re.compile(r"(?:[.!?:\n][\"“‘']?\s*|^[\"“‘'])$")
LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]+")
PLURAL_ACRONYM = re.compile(r"(?<![\w'’&-])([A-Z][A-Z0-9]{1,5})s(?![\w'’&-])")
TITLE_THE = "The "
DETERMINERS = {"the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "that", "these",
               "those", "every", "each", "any", "no", "next", "last", "first", "second", "third", "fourth",
               "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}
MUSIC_ENDINGS = ("", "'s", "’s")   # a word of music alone or possessive ("the singer's"): one word
CONTRACTED = {"it", "that", "there", "what", "who", "he", "she", "here", "let"}   # "it's X" is no possessive
OPENING = "(\"“‘'"
PREPOSITIONS = {"in", "at", "near", "outside", "throughout", "from", "for", "to", "by", "on", "with", "of"}
NAME_OF = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]* of (?:[Tt]he )?\Z")     # "Prisoner of ", "Friends of the "
TITLE_HEAD = re.compile(r"(?<![\w'’&-])(?:[A-Z][\w'’&-]* )*[A-Z][\w'’&-]*: \Z")   # "Grand Theft Auto: "
PROSE_BEFORE = re.compile(r"(?<![\w'’-])[a-z][\w'’-]* \Z")        # "the game " before a title
TITLE_TAIL = re.compile(r": [A-Z0-9][\w'’-]*")                    # ": Volume" after it
# Words of a newspaper's, a magazine's or a firm's name, which keeps its "The" as a title does
NOT_TITLE_WORDS = ORG_WORDS | {
    "times", "telegraph", "guardian", "independent", "observer", "mail", "mirror", "sun", "express",
    "post", "journal", "news", "herald", "standard", "chronicle", "tribune", "gazette", "star",
    "record", "globe", "economist", "spectator", "register", "inquirer", "examiner", "bulletin",
    "review", "daily", "sunday", "weekly", "scotsman", "press", "courier", "echo", "argus",
    "advertiser", "citizen", "nation", "age", "australian", "dispatch", "statesman", "magazine",
    "shop", "warehouse", "store", "stores", "works", "network", "channel", "radio", "television",
    "institution", "cooperative", "co-operative", "society", "centre", "center", "college", "school",
    "academy", "office", "service", "services", "capital", "partnership", "consortium", "bureau",
    "court", "house", "museum", "gallery", "forum", "coalition", "movement", "front", "church",
}
# A name written as a thing one counts ("It's just a Mac, but", "the most affordable Mac ever",
# "an OBE in 2001"): an article, an ordinal or a superlative ("most important") before it, and no
# noun after it (a name before a noun is a modifier: "a Labour MP", "the first Chelsea goal", "an
# Upper House by-election"), nor a place's state or country ("a Providence, R.I., surgeon"); an
# ordinal only before punctuation or "ever" ("the first Starbucks in China", "the first Bhutto to
# lead" are comparisons, as "another Enron" is)
ORDINALS = {"first", "last", "newest", "latest", "cheapest"}     # only before punctuation or "ever"
COUNTING_WORDS = {"a", "an", "every", "each"} | ORDINALS
COUNTED_AFTER = re.compile(r"(?:[.;:!?)\"”]|,(?! [A-Z])|\s*\Z"
                           r"|\s+(?:ever|for|with|to|in|on|at|from|by|how|but)(?![\w-]))")
# What ends the text before a capitalised "The" that opens a sentence, a quotation or a line
OPENS_SENTENCE = set(".!?:;\"“”‘’'\n|-–—")
OPENERS_BEFORE = OPENS_SENTENCE | {"(", ""}      # ... or a bracket, or the text's start


@dataclass
class Evidence:
    """Votes of the texts, per value as the pipeline gave it."""

    said: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))   # value -> kind -> mentions
    lower: Counter = field(default_factory=Counter)          # word -> articles writing it in lower case
    edges: Counter = field(default_factory=Counter)          # (short value, longer value) -> articles with both
    datelined: Counter = field(default_factory=Counter)      # value -> articles whose dateline names it
    # (kind, value) -> kind -> the votes of the mentions the pipeline gave that kind alone ("Old
    # Trafford" as an organisation: "at Old Trafford")
    said_as: dict[tuple[str, str], Counter] = field(default_factory=lambda: defaultdict(Counter))
    # value -> mentions inside a sentence, where a capital says a name (not a headline's or a
    # sentence's first word, which any word may be)
    inside: Counter = field(default_factory=Counter)
    band: Counter = field(default_factory=Counter)           # value -> mentions a band's phrase types (work too)
    event: Counter = field(default_factory=Counter)          # value -> mentions an event's phrase types (work too)
    plural: Counter = field(default_factory=Counter)         # acronym -> articles writing its plural ("MEPs")
    definite: Counter = field(default_factory=Counter)       # value -> mentions right after a lower-case "the"
    # value -> mentions inside sentences after any determiner or a possessive ("his Budget", "Mr
    # Brown's ninth Budget", "the Budget"): a common noun a house style capitalises takes one
    determined: Counter = field(default_factory=Counter)
    # value -> mentions written as one of its later words alone ("Blair" of "Tony Blair"): news
    # shortens a person's name so, a title's or a band's never ("Franz Ferdinand")
    shortened: Counter = field(default_factory=Counter)
    made: Counter = field(default_factory=Counter)           # value -> work votes of "X's album": its maker's
    # value -> work votes of phrases other kinds take as often: a work's noun after the name ("X
    # album", "X chips", "X star": a maker's, a firm's, a club's) or a work's "in X" ("performance
    # in X": a constituency's, a party's)
    shared_work: Counter = field(default_factory=Counter)
    mentions: Counter = field(default_factory=Counter)       # (kind, value) -> mentions given that kind
    # (kind, value) -> those right after a capitalised word and "of" ("Prisoner of Azkaban", "Maria
    # Full of Grace"): the complement of a longer name the span lost
    complement: Counter = field(default_factory=Counter)
    # (kind, value, value) -> articles writing the two mentions joined by "and" or "&" ("American
    # Telephone" and "Telegraph Co": one name the model split)
    joined: Counter = field(default_factory=Counter)
    # (kind, lower-case word) -> mentions given that kind right after the word ("comedian Harry
    # Hill", "treasurer Paul Keating"): the roles the texts write before names
    word_before: Counter = field(default_factory=Counter)
    # value -> its place votes of "at X": a venue's, and an event's as much ("at Glastonbury")
    at: Counter = field(default_factory=Counter)
    # value -> its votes of a plural verb after it ("REM have"): a club's, and a band's as much
    collective: Counter = field(default_factory=Counter)
    # (acronym, name) -> articles with both values, the name's initials spelling the acronym
    # ("SNP", "Scottish National Party"; "UKIP", "UK Independence Party")
    initials: Counter = field(default_factory=Counter)
    # (acronym, value) -> mentions after a capitalised word that, with the value, spells an acronym
    # of the same article ("UK" + "Independence Party": UKIP), and the articles writing them: a
    # name the model cut its first word from
    cut_initials: Counter = field(default_factory=Counter)
    cut_initials_articles: Counter = field(default_factory=Counter)
    # (organisation, country) -> articles naming both: whose "Treasury" an archive's bare name is
    countries: Counter = field(default_factory=Counter)
    musical: Counter = field(default_factory=Counter)        # value -> articles about music naming it
    named: Counter = field(default_factory=Counter)          # value -> articles naming it, under any kind
    topics: Counter = field(default_factory=Counter)         # "articles", "music" -> articles read, about music

    def add(self, other: "Evidence") -> None:
        """Adds the votes of ``other`` (gathered from other articles) to these."""
        for f in fields(self):
            table, more = getattr(self, f.name), getattr(other, f.name)
            if isinstance(table, Counter):
                table.update(more)
            else:
                for key, votes in more.items():
                    table[key].update(votes)

    def in_order(self) -> "Evidence":
        """The same votes with every table in the order of its keys, so a rule meeting a tie
        decides it by name, not by the order the articles were read in (see archive._sorted)."""
        def ordered(table):
            if isinstance(table, Counter):
                return Counter(dict(sorted(table.items())))
            return defaultdict(Counter, {key: ordered(votes) for key, votes in sorted(table.items())})
        return Evidence(**{f.name: ordered(getattr(self, f.name)) for f in fields(self)})


class MentionReader:
    """The kind the phrase around one mention says, if any (data/contexts.txt)."""

    def __init__(self, table: tables.Contexts):
        self.before = PhraseEnding(table.before)
        self.after = _alternatives(table.after, r"(?:%s)(?![\w])")
        self.listing = table.listing

    def kind(self, body: str, start: int, end: int) -> str | None:
        return self.read(body, start, end)[0]

    def read(self, body: str, start: int, end: int) -> tuple[str | None, str]:
        """The kind and the phrase that says it (its words without the name: "at", " have"; a
        quotation mark, a colon or "The " for a title's), or (None, "")."""
        opening, closing = body[start - 1:start], body[end:end + 1]
        if opening in QUOTES and closing == QUOTES[opening]:
            return WORK, opening
        if subtitled(body, start, end):
            return WORK, ":"
        after = body[end:end + WINDOW]
        found = self.after.match(after)
        if LISTED.search(body, max(0, start - 6), start):
            # "Kenteris and Thanou have": a name in a list shares its phrase with the others, but
            # a noun titling the name after it is this one's alone ("Fearne Cotton, Glastonbury
            # organiser Emily Eavis", "his friend, Rolling Stones guitarist Keith Richards")
            titling = found and found.group() not in VERBS and NAME_NEXT.match(after, found.end())
            return (found.lastgroup, found.group()) if titling else (None, "")
        before = self.before.phrase(body, start)
        kind = self.before.phrases[before] if before else None
        if (before == "in" and SECURITIES_IN_BEFORE.search(body, max(0, start - WINDOW), start)
                and not gazetteer.is_place(body[start:end])):
            kind = None         # "turnover in U.K. Equities", not "turnover in Colombo": a market's "in"
        if found and not (found.group() in VERBS and kind and kind not in LOCATIVE_KINDS):
            return found.lastgroup, found.group()
        # "in Britain's economy", "in Gazprom's accounts": a possessive is no locative
        if kind and not (kind in LOCATIVE_KINDS and after[:2] in ("'s", "’s")):
            return kind, before
        if titled(body, start):
            # "Shares in The Body Shop": the phrase before the title's article says the kind; a
            # one-word title with none is a work, a longer name may be a paper's or a company's
            # ("reported by The Daily Telegraph")
            kind = self.before.kind(body, start - len(TITLE_THE))
            return kind or (WORK if _a_title(body[start:end]) else None), TITLE_THE
        if counted(body, start, end):
            return WORK, "a"
        return None, ""


@lru_cache(maxsize=None)
def _country(place: str) -> str | None:
    """The country a place value names ("U.S.": United States), if it names one; not a state of
    the United States that shares a country's name (a dateline's "Ga" is Georgia the state)."""
    if gazetteer.place_kind(place) not in ("country", "variant") or gazetteer.is_us_state(place):
        return None
    return gazetteer.canonical_place(place)


def word_before(body: str, start: int) -> str:
    """The word before ``start`` and one space ("his" of "his Budget"), or "". String searches:
    a regular expression read back at each place cost a sixth of the pass."""
    if start < 2 or body[start - 1:start] != " ":      # a slice: a long text's later parts end early
        return ""
    window = body[max(0, start - WINDOW):start - 1]
    parts = window.rsplit(None, 1)
    return parts[-1].lstrip(OPENING) if parts and not window[-1:].isspace() else ""


def initials(name: str) -> set[str]:
    """The acronyms a name's capitalised words spell, small words aside: by their first letters
    ("Scottish National Party": SNP), and with a word in capitals given whole ("UK Independence
    Party": UKIP)."""
    words = [word for word in name.split() if word[:1].isupper() and word.casefold() not in SMALL_WORDS]
    return {"".join(word[0] for word in words), "".join(word if word.isupper() else word[0] for word in words)}


def _cut_from(acronyms: set[str], word: str, text: str) -> set[str]:
    """The acronyms of the article that a capitalised ``word`` before a mention spells with it
    ("UK" + "Independence Party": UKIP) and the mention does not spell alone ("The" + "ICC": the
    small words spell nothing), nor a word of a list before it ("Holt, Nash Group")."""
    return (acronyms & initials(f"{word} {text}")) - initials(text) if word.isalpha() else set()


def determiner(word: str) -> bool:
    """Whether ``word`` is a determiner or a possessive ("the", "his", "ninth", "Brown's"; not
    "it's")."""
    if word in DETERMINERS:
        return True
    stem = word[:-2]
    return word[-2:] in ("'s", "’s") and stem.isalnum() and stem.casefold() not in CONTRACTED


def _a_title(name: str) -> bool:
    """Whether a name after a title's own "The" is a work's: one word ("The Aviator"), or words
    no newspaper's or organisation's name ends in ("The Motorcycle Diaries"; not "The Daily
    Telegraph", "The Football Association", "The Body Shop")."""
    words = name.split()
    return len(words) == 1 or not any(word.casefold().strip(".,'’") in NOT_TITLE_WORDS for word in words)


def subtitled(body: str, start: int, end: int) -> bool:
    """Whether the mention is one half of a title a colon joins in running prose ("the game Grand
    Theft Auto: San Andreas", "sold Kill Bill: Volume 2"): the capitalised words before the colon
    follow a lower-case word. A label's colon ("Scorers: Gerrard", "Germany: Koepke", a results
    table's) or a speaker's ("Blair: "We will"") says nothing."""
    if start >= 2 and body.startswith(": ", start - 2):
        head = TITLE_HEAD.search(body, max(0, start - WINDOW), start)
        return bool(head and PROSE_BEFORE.search(body, max(0, head.start() - WINDOW), head.start()))
    return (body.startswith(": ", end) and bool(TITLE_TAIL.match(body, end))
            and bool(PROSE_BEFORE.search(body, max(0, start - WINDOW), start)))


def counted(body: str, start: int, end: int) -> bool:
    """Whether the mention is written as a thing one counts (COUNTING_WORDS, COUNTED_AFTER): a
    product's, an award's, a post's name, never an organisation's words ("a Lower House Budget
    Committee in Parliament"), an apposition's ("Byrd, a Democrat, said": a party's member), an
    adverb's ("most notably Microsoft", "At last SAMA") nor an abbreviation's dot."""
    after = COUNTED_AFTER.match(body, end)
    if not after or (body[end - 2:end - 1] == "." and body[end:end + 1] == "."):
        return False        # "the first U.S. Night session": an abbreviation's own dot
    word = word_before(body, start)
    before = word_before(body, start - len(word) - 1) if word else ""
    if word in COUNTING_WORDS:
        next_word = after.group().strip()
        apposition = body[max(0, start - len(word) - 3):start - len(word) - 1] == ", "
        comparison = word in ORDINALS and next_word.isalpha() and next_word != "ever"
        if comparison or apposition or before in ("at", "At"):
            return False    # "the first Starbucks in China", "At last SAMA", "Byrd, a Democrat, said"
    elif not (len(word) >= 4 and word.isalpha() and word.islower() and not word.endswith("ly")
              and word not in SMALL_WORDS and before == "most"):
        return False        # "most notably Microsoft"
    return not any(name_word.casefold().strip(".,") in ORG_WORDS for name_word in body[start:end].split())


def titled(body: str, start: int) -> bool:
    """Whether a capitalised "The" inside a sentence stands right before ``start``: the writer
    keeps it as part of a title ("Scorsese's The Aviator"; a newspaper's phrases, "told The X",
    "X newspaper", are read first and say organisation). After a sentence's end, a quotation's
    opening or a line's start any "The" is capitalised, and says nothing."""
    at = start - len(TITLE_THE)
    if at <= 0 or not body.startswith(TITLE_THE, at):
        return False
    if body[at - 1] == "(":
        return True                     # "(The Edge, guitar)"
    if body[at - 1] not in " \t":
        return False
    last = body[max(0, at - 8):at].rstrip(" \t")[-1:]
    return bool(last) and last not in OPENS_SENTENCE


class PhraseEnding:
    """The kind of the longest table phrase that ends, then white space, right before a mention
    ("shares in Gazprom", "Mr Ebbers"), looked up by its last two letters: a regular expression
    searched at each of the window's 40 places cost ten times as much (every mention's window)."""

    def __init__(self, phrases: dict[str, str]):
        self.phrases: dict[str, str] = {}
        for phrase, kind in _with_capitals(phrases):
            self.phrases.setdefault(phrase, kind)
        # the capitals a sentence's first word takes ("In X", "Singer X"), read there only: inside
        # a sentence the capitalised word is the name's own first word the span left out ("shares
        # of Western Digital Corp"), and so is a place's one word anywhere but a preposition's
        # ("Western Digital Corp said", "South Africa": a compass point begins names)
        capitals = {phrase for phrase in self.phrases if phrase not in phrases}
        for phrase in [phrase for phrase in capitals if " " not in phrase and self.phrases[phrase] in LOCATIVE_KINDS
                       and phrase.casefold() not in PREPOSITIONS]:
            del self.phrases[phrase]
        self.openers = capitals & self.phrases.keys()
        self.by_ending: dict[str, list[str]] = defaultdict(list)
        for phrase in sorted(self.phrases, key=len, reverse=True):
            self.by_ending[phrase[-2:]].append(phrase)

    def kind(self, body: str, start: int) -> str | None:
        phrase = self.phrase(body, start)
        return self.phrases[phrase] if phrase else None

    def phrase(self, body: str, start: int) -> str | None:
        """The table's phrase itself ("shares in"), if one ends right before ``start``."""
        window = body[max(0, start - WINDOW):start]
        words = window.rstrip()
        if len(words) == len(window):         # no space between the phrase and the mention
            return None
        for phrase in self.by_ending.get(words[-2:], ()):
            if words.endswith(phrase):
                at = start - len(window) + len(words) - len(phrase)
                if at and (body[at - 1].isalnum() or body[at - 1] in "_'’"):   # inside a word
                    continue
                if phrase in self.openers and at and not opens_sentence(body, at):
                    continue
                return phrase
        return None


def opens_sentence(text: str, at: int) -> bool:
    """Whether what stands at ``at`` opens the text, a sentence, a quotation, a bracket or a line:
    where a word is capitalised whatever it is."""
    return text[max(0, at - 4):at].rstrip(" \t")[-1:] in OPENERS_BEFORE


def _with_capitals(phrases: dict[str, str]) -> Iterator[tuple[str, str]]:
    """Each (phrase, kind), then its capitalised form: "Shares in X" opening a sentence."""
    for phrase, kind in phrases.items():
        yield phrase, kind
        if phrase[:1].islower():
            yield phrase[0].upper() + phrase[1:], kind


def _alternatives(phrases: dict[str, str], shape: str) -> re.Pattern:
    """One pattern, a named group per kind, longest phrases first: ``lastgroup`` is the kind."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for phrase, kind in _with_capitals(phrases):
        by_kind[kind].append(re.escape(phrase))
    groups = "|".join(f"(?P<{kind}>{'|'.join(sorted(words, key=len, reverse=True))})"
                      for kind, words in by_kind.items())
    return re.compile(shape % groups if groups else r"(?!)")


class Gatherer:
    """Adds one stored article at a time to an Evidence."""

    def __init__(self, table: tables.Contexts | None = None):
        self.reader = MentionReader(table or tables.contexts())
        # each written form of a word of music -> the word ("singer's" -> "singer")
        self.music = {word + ending: word for word in tables.music_words() for ending in MUSIC_ENDINGS}
        self.found = Evidence()

    def add(self, body: str, mentions: Iterable, values: Iterable[str], dateline: str = "") -> None:
        """``mentions``: (text, start, end, kind, value) in ``body``; ``values``: the article's
        facet values of every kind."""
        found = self.found      # one look-up per table, not two, for each of the archive's mentions
        said = found.said
        values = set(values)
        acronyms = {value for value in values if ACRONYM_VALUE.fullmatch(value)}
        joined, cut, before = set(), set(), None
        listed = None       # (end, kind, phrase, first name's vote or None) of a list a plural phrase types
        for text, start, end, typed, value in mentions:
            if before and before[1] == typed and body[before[0]:start] in (" and ", " & "):
                joined.add((typed, before[2], value))
            before = (end, typed, value)
            word = word_before(body, start)
            if acronyms and word[:1].isupper():
                for acronym in _cut_from(acronyms, word, text):
                    found.cut_initials[(acronym, value)] += 1
                    cut.add((acronym, value))
            if start > 0 and not SENTENCE_START.search(body, max(0, start - 3), start):
                found.inside[value] += 1
                if word == "the":
                    found.definite[value] += 1
                if determiner(word):
                    found.determined[value] += 1
            if text != value and text in value.split()[1:]:
                found.shortened[value] += 1
            found.mentions[(typed, value)] += 1
            if word.isalpha() and word.islower():
                found.word_before[(typed, word)] += 1
            if body.startswith("of ", start - 3) or body.startswith("he ", start - 3):
                head = NAME_OF.search(body, max(0, start - WINDOW), start)
                # a capitalised word opening a sentence says nothing ("Shares of X", "Most of X")
                at = head.start() if head else 0
                if at > 0 and not SENTENCE_START.search(body, max(0, at - 3), at):
                    found.complement[(typed, value)] += 1
            kind, phrase = self.reader.read(body, start, end)
            join = body[listed[0]:start] if listed else ""
            if listed and not kind and join in LIST_JOINS:
                # "companies Gizmondo and Tapwave": the plural's kind, the list's first name's too;
                # "and" ends the list ("firms Sony and Nintendo, Bill Gates said")
                kind, phrase, first = listed[1:]
                if first:
                    self._vote(body, *first)
                listed = (end, kind, phrase, None) if join == ", " else None
            elif kind and phrase in self.reader.listing:
                # a plural phrase types a list only: "the films X made" names no list
                first = (end, text, typed, value, kind, phrase)
                if LIST_GOES_ON.match(body, end):
                    self._vote(body, *first)
                    first = None
                listed, kind = (end, kind, phrase, first), None
            else:
                listed = None
            if kind:
                self._vote(body, end, text, typed, value, kind, phrase)
        found.joined.update(joined)
        found.cut_initials_articles.update(cut)
        self._add_article(body, values, acronyms, dateline)

    def _vote(self, body: str, end: int, text: str, typed: str, value: str, kind: str, phrase: str) -> None:
        """Counts what the phrase around one mention says of its value."""
        found = self.found
        if kind == BAND:
            found.band[value] += 1
            kind = WORK
        elif kind == EVENT:
            found.event[value] += 1
            kind = WORK
        elif kind == WORK:
            if body[end:end + 2] in ("'s", "’s"):
                found.made[value] += 1
            if (len(phrase) > 1 and phrase[0] in " '’") or phrase.endswith(" in"):
                found.shared_work[value] += 1
        found.said[value][kind] += 1
        if phrase in ("at", "At"):
            found.at[value] += 1
        elif phrase in VERBS:
            found.collective[value] += 1
        found.said_as[(typed, value)][kind] += 1
        if text != value:
            found.said[text][kind] += 1

    def add_countries(self, entities: dict[str, Iterable[str]]) -> None:
        """Counts each organisation of an article (facet kind -> values) with each country it names."""
        countries = {country for kind in LOCATIVE_KINDS for place in entities.get(kind, ()) if (country := _country(place))}
        if countries:
            self.found.countries.update([(value, country) for kind in BODY_KINDS for value in set(entities.get(kind, ()))
                                         for country in countries])

    def _add_article(self, body: str, values: set[str], acronyms: set[str], dateline: str) -> None:
        """The tables of the article as a whole: its words, whether it is about music, its plural
        acronyms, the names its acronyms spell, the short values at the edge of longer ones, the
        values its dateline names."""
        found = self.found
        lower_words = set(LOWER_WORD.findall(body))
        found.lower.update(lower_words)
        found.named.update(values)
        found.topics["articles"] += 1
        if len({self.music[word] for word in lower_words.intersection(self.music)}) >= MUSIC_MIN:
            found.musical.update(values)
            found.topics["music"] += 1
        found.plural.update(set(PLURAL_ACRONYM.findall(body)))
        if acronyms:
            for value in values:
                if " " in value:
                    for acronym in acronyms & initials(value):
                        found.initials[(acronym, value)] += 1
        for value in values:
            words = value.split()
            if len(words) > 1:
                for short in {words[0], words[-1]} & values:
                    found.edges[(short, value)] += 1
            if dateline and value.casefold() in dateline.casefold():
                found.datelined[value] += 1
