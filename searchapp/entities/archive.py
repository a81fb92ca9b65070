"""The archive-wide resolution pass: run at the end of every reindex, no NER.

Per article the pipeline decides alone; across the archive the same name comes out as a person
here and an organisation there, as "Blair" beside "Tony Blair", as "EU" beside "European Union".
This pass reads what the generation holds (each facet value's article count, and the texts for
"Full Name (ACRONYM)" definitions) and writes a ValueMap beside it (valuemap.VALUE_MAP_FILE),
which the search side applies when it builds its facet columns. Rules, in order:

1. word classes (tables.word_classes: parties, awards, events, ...): a value of a class, or an
   acronym the texts define by one, is moved to the class's kind or hidden, wherever the class
   forbids it; an acronym the texts define by lower-case words ("gross domestic product (GDP)")
   is a common noun, hidden, and so is one they write in the plural ("MEPs": a thing one counts);
   a one-word value most of whose mentions are the complement of a longer name the span lost
   ("Prisoner of Azkaban") is hidden;
2. evidence: the phrases around the mentions (evidence.py) move or hide a value by a clear margin,
   in a share of its mentions (a few among hundreds say little; "at X" is no place's vote against
   the phrases of an event, "X festival", "X organiser", which a span the pass hid holds as
   well: "Sundance Film Festival"); a known place's name of another kind moves only by the phrases
   of the mentions given that kind ("at Old Trafford"), but a person's goes where they all say ("in
   Kent") unless a phrase calls it a person or it is a given name or a surname of the people; a
   known place's articles count for staying until its own mentions say otherwise, or the archive
   names it as a company ("Amazon.com") in a tenth of its articles; a one-word place the gazetteer
   does not know, that no phrase places, one calls an organisation and the texts rarely write after
   "the", is that firm ("Alitalia"), and one only works' phrases name is a work ("the Gizmondo
   device"); a name of the people kind that works' phrases call a work and
   that no article shortens to its surname is a title ("Mary Poppins"); two phrases only a band's
   name takes are enough ("rock band REM", "McFly frontman"), and a plural verb after it ("REM
   have") no organisation's vote against them, nor against a noun before it; otherwise only a
   band's phrases hide a name shaped like a person's ("Franz Ferdinand frontman"), and one of
   common words in capitals with no given name first is no person ("Kill Bill", "Massive Attack");
   a plural name the texts write after "the" that articles about music name, three in four of
   its articles, is a band's and hidden though no phrase says so ("his work with the Beatles");
   a word (lower case in the texts, or capitalised only by its place in a sentence) is hidden; an
   unknown place name that is a word goes to its other kind;
3. type votes: a value found under several kinds belongs to the one most of its articles give
   (VOTE_SHARE), but never to the places kind (its per-article rules use the gazetteer
   already), and a name shaped like a person's (a known given name, or the phrases of a
   person's role, then capitalised words; an acronym is no given name) is a person wherever
   the people kind has it (never a value of a class no person is: "Christian Democrats"),
   unless the archive writes it with a firm's legal form as often
   ("Goldman Sachs and Co", "E.F. Hutton Group Inc": a firm named after its founders is an
   organisation); a one-word name of the people kind nothing says is one goes to its other kind;
   a role, its acronym or a sentence's first word the model ran into a person's name is cut
   ("Comedian Harry Hill" -> "Harry Hill", "MEP Caroline Lucas"), and so is a party's name
   ("Tory Liam Fox");
4. aliases: the curated table (tables.aliases), then acronyms and bracketed short forms defined in
   the archive's texts, nicknames they define ("Mahmoud Abbas, also known as Abu Mazen":
   nicknames.py), an acronym defined nowhere that two articles write beside the one name its
   initials spell ("SNP", "Scottish National Party"), a name the model cut from the word that,
   with it, spells an acronym ("Independence Party" of "UK Independence Party", beside "UKIP"), a
   firm's name with and without its legal
   forms or "Group" ("CBS Inc", "USAir Group"), a person's full name with a short form of the
   given name and with the name ("Bob Dole", "Robert Dole"), an organisation's name with and without a
   country's name before it, where the bare name's articles name that country far more often than
   any other ("U.S. Treasury" in Reuters, "UK Treasury" in the BBC), an organisation's writings with and without a final
   "s" ("Reuter"), and the halves of a name the model split at its "and" ("American Telephone" +
   "Telegraph Co"); of the forms of one thing, the one most articles use is shown; an acronym the
   pass hid takes its long form with it, and a name it hid its other writings ("Rip Guard" of
   "RipGuard");
5. a one-word place the gazetteer does not know that ends the one full name
   dominating the people kind's names ending in it is that person's surname ("Goode" of "Andy
   Goode"); bare surnames of the people kind fold into the one full name that dominates them,
   archive-wide and in the period of every article that writes the surname alone (PERIOD_YEARS); when
   two periods have two different men ("Bush" of 1987 and of 2005) it is left alone; a bare
   given name in many articles ("David"), or a surname two people of the archive share with
   neither dominating ("Brown"), is hidden;
6. a one-word name of organisations folds the same way into the longer name it starts, when
   the archive uses that name at least as often ("Northwind" -> "Northwind Shipping"), or into
   the "... of X" name that dominates the names it ends, when the texts do not write it as a
   common noun ("Commons" -> "House of Commons"); a small town's name (no city big enough to name
   alone) that most of its articles write beside an organisation named by it is that
   organisation ("Jupiter" -> "Jupiter Research"); a common noun that folds into none of the
   several names it heads, written "the X" ("the Bank said"), is hidden, and so is a common noun
   a house style capitalises, written after a determiner ("his ninth Budget");
7. a one-word name of the people kind that no full name explains moves to the kind the words
   around it in the texts say ("oil firm Yukos", "Everton have": tables.contexts).
"""
from __future__ import annotations

import logging
import multiprocessing
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .. import gazetteer
from ..enrich.boundaries import LEGAL_FORMS, ends_in_legal_form
from ..enrich.entities import readable_part
from ..enrich.normalise import NAME_PARTICLES, VENUE_WORDS
from ..enrich.patterns import GIVEN_NAMES, ORG_WORDS
from ..facets import FACETS
from ..store import generations
from ..store.analysis import fold
from ..store.schema import split_keywords
from . import forms, tables, valuemap
from .evidence import EVENT, LISTED, SMALL_WORDS, WORK, Evidence, Gatherer
from .nicknames import nickname_definitions
from .valuemap import ValueMap

log = logging.getLogger(__name__)

PARALLEL_MIN = 1000       # articles before the texts are read by several processes (forking costs)
VOTE_SHARE = 0.6          # of a value's articles one kind must have to take it everywhere
VOTE_MIN_ARTICLES = 5
SURNAME_SHARE = 0.75      # of the articles of full names ending in a surname one name must have
SURNAME_MIN_ARTICLES = 2
PERIOD_YEARS = 2          # a surname's period: the full names of articles this many years either side
GIVEN_HIDE_MIN = 5        # articles a bare given name needs before it is hidden (a rare one is a mention)
CONTEXT_MIN = 3           # times the texts must put a one-word name beside another kind's words
CONTEXT_MARGIN = 3        # ... and this many times more often than beside its own kind's
EVIDENCE_MIN = 3          # mentions whose phrases say a kind before the value may go there
EVIDENCE_MARGIN = 2.0     # ... and times the votes of its own kind and of any third kind
EVIDENCE_SHARE = 0.05     # ... and in this share of its mentions inside sentences
BAND_MIN = 2              # mentions a band's phrases type before EVIDENCE_MIN is this few
AGREEING_MIN = 2          # ... and phrases saying one kind alone (_agreeing_least)
AGREEING_SHARE = 0.5      # ... in this share of the value's mentions inside sentences
PLURAL_DOMINANCE = 3      # times the articles of an organisation's writing with(out) a final "s" to take it
NAMED_SHARE = 0.2         # of a value's articles under another kind the people kind must hold to name it
COMMON_WORD_MIN = 5       # articles writing each word of a people-kind name in lower case before it is words
# Given names that are English words too, which the lower-case test cannot tell from words ("Will
# Young": "will"; patterns.GIVEN_NAMES, which the per-article rules read, leaves them out: "Bill",
# "Mark" there are known already)
WORDLIKE_GIVEN_NAMES = {"will", "rich", "grant", "dean", "ray", "guy", "miles", "joy", "hope", "faith",
                        "rose", "rob", "pat", "sue", "art", "carol", "dawn", "glen", "jay", "drew", "mike",
                        "don", "gene", "chase", "chip", "sonny"}
# A band's plural name (_a_bands_plural): written after "the" in this share of its mentions
# inside sentences, and named by articles about music in this share of its articles, this many,
BAND_THE_SHARE = 0.5
BAND_MUSIC_SHARE = 0.75
BAND_MUSIC_MIN = 3
BAND_LIFT = 3             # ... and this many times the archive's share of articles about music
PLURAL_WORD = re.compile(r"[A-Z][a-z]*[a-rt-z]s")       # ends in "s", not "ss" ("Gross"); "Jones" too
# plurals that end the names of the firms of music and film ("Factory Records"), beside ORG_WORDS
BAND_NOT_WORDS = {"records", "recordings", "studios", "pictures", "productions", "films"}
TITLE_VOTES = 2           # work phrases that make a people-kind name no article shortens a title
FRAGMENT_MIN = 3          # mentions of a one-word value before it may be a longer name's cut complement
FRAGMENT_SHARE = 0.75     # ... and the share of them after a capitalised word and "of"
# A place the gazetteer does not know needs its place phrases ("in X", "at X") in this share of
# its mentions inside sentences: an institution is "in Parliament" now and then, a venue "at
# Anfield" in a third of its mentions or more.
PLACE_PHRASE_SHARE = 0.3
UNPLACED_MIN = 3          # articles of a gazetteer kind's value nothing says is one, before it leaves
# The last word of a place's name that says what it is ("Indian Ocean", "Nairobi River").
FEATURES = {"Ocean", "Sea", "River", "Lake", "Bay", "Gulf", "Strait", "Straits", "Island", "Islands",
            "Mountains", "Mountain", "Hills", "Valley", "Peninsula", "Desert", "Coast", "Delta", "Canal"}
# ... or a venue's ("Carrow Road", "Celtic Park"): never a surname that makes a place a person's name
NOT_SURNAMES = {word.casefold() for word in FEATURES} | VENUE_WORDS | {"park", "meadows", "hall", "gardens"}
# The first word of a region's name ("South East", "North West"), never a given name
REGION_WORDS = {"North", "South", "East", "West", "Mid", "Central", "Northern", "Southern", "Eastern", "Western",
                "Upper", "Lower", "Greater", "Inner", "Outer"}
SPELLED_MIN = 2           # articles writing an undefined acronym beside the name its initials spell
SPELLED_MARGIN = 2        # ... and times as many as beside any other name it spells
DIMINUTIVE_MARGIN = 2     # times the articles of one writing of a name ("Robert Dole") over its short form's
SHARED_SURNAME_MAX = 3    # other full names ending the same before a short form may be theirs
NICKNAME_REACH = 5        # articles of another kind one definition of a nickname moves at most
COUNTRY_MIN = 2           # articles of a bare name naming the country whose name prefixes its other writing
COUNTRY_MARGIN = 2        # ... and times as many as name any other country (a home country goes unnamed)
CUT_SHARE = 0.5           # of a value's mentions after the word that, with it, spells an acronym
FIRM_DEFINITE_SHARE = 0.25   # of an unknown place's mentions after "the" a firm's name may have
TOGETHER_SHARE = 0.5      # of a short name's articles that must also write the longer name it folds into
SHORT_FORM_MIN = 4        # letters of a bracketed short form that begins the name ("Yugansk")
COMMON_SHARE = 3          # a name the texts write in lower case in this many times its articles is a word
HEADS_MIN = 3            # names a common noun heads before alone it names none of them
DEFINITE_SHARE = 0.5     # ... and of its mentions inside sentences that follow "the"
OWN_NAME_SHARE = 0.2     # of those mentions whose phrases say its kind, which make it a name after all
NOUN_SHARE = 0.25         # ... and the complement of an "of" name in this share of its articles, a common noun
HOUSE_STYLE_MIN = 3       # mentions inside sentences a capitalised common noun needs before it is read
DETERMINED_SHARE = 0.8    # ... and the share of them after a determiner or a possessive ("his Budget")
# "Full Name (ACRONYM)": the acronym in brackets, then the capitalised words (and the small words
# between them) that end just before it, within DEFINITION_WINDOW characters. One pattern for both
# parts tried at every capital letter took time growing with the square of a run of capitalised
# words (20,000 of them: 211 s).
ACRONYM = re.compile(r"\s+\(([A-Z][A-Za-z&.]{1,9})\)")
FULL_NAME = re.compile(r"(?:[A-Z][\w'&.-]*\s+(?:(?:of|and|for|the|on|de|du|des|&)\s+)*)*[A-Z][\w'&.-]*\Z")
DEFINITION_WINDOW = 300
# "LCDs (liquid crystal displays)", "a PVR [personal video recorder]": an acronym (its plural too)
# then the lower-case words it abbreviates in brackets, the other order of _common_noun's. The
# brackets are found first and the acronym looked back for: a pattern starting with the acronym
# is tried at every letter (0.08 s over the BBC, 4% of the pass)
EXPANDED = re.compile(r"[(\[]([a-z][\w' -]*)[)\]]")
EXPANDED_ACRONYM = re.compile(r"\b([A-Z]{3,6})s?\s+\Z")
WORDS_BEFORE = re.compile(r"[^\W\d_][\w'-]*")
NAME_ENDING = re.compile(r"\b([A-Z][\w-]+)(?:'s)?$")        # "Yukos", "Yukos's" before a context word
NAME_ENDING_IN_SPACE = re.compile(r"[A-Z][\w-]* $")        # a capitalised word, then a space
CONTEXT_REACH = 60                                           # characters looked back for a name
# A company's web address or legal form after its name ("Amazon.com", "Amazon Inc")
COMPANY_SHARE = 0.1       # of a place's articles its company forms need before it is the company
WEB_SUFFIXES = (".com", ".co.uk", ".net")
COMPANY_SUFFIXES = WEB_SUFFIXES + (" Inc", " Inc.", " plc", " Plc", " PLC", " Ltd", " Corp", " Corp.",
                                   " AG", " SA", " NV")


@dataclass
class ArchiveValues:
    """What the pass reads: articles per value per kind, and acronym and nickname definitions."""

    counts: dict[str, Counter]                 # kind -> value -> articles
    definitions: Counter                      # (acronym, full name) -> articles defining it so
    contexts: dict[str, Counter]              # one-word name -> kind -> times its context says so
    # people kind: value -> year -> articles (dated articles only), for folding surnames by period
    years: dict[str, Counter] = field(default_factory=dict)
    forms: Counter = field(default_factory=Counter)   # (kind, value, form as written) -> articles
    evidence: Evidence = field(default_factory=Evidence)   # what the texts around the mentions say
    nicknames: Counter = field(default_factory=Counter)    # (nickname, value) -> articles giving it so

    def add(self, other: "ArchiveValues") -> None:
        """Adds what ``other`` read of other articles, every table kept in the order of its keys."""
        for kind, found in other.counts.items():
            self.counts[kind] = _sorted(self.counts.get(kind, Counter()) + found)
        self.definitions = _sorted(self.definitions + other.definitions)
        self.nicknames = _sorted(self.nicknames + other.nicknames)
        for table, more in ((self.contexts, other.contexts), (self.years, other.years)):
            for key, found in more.items():
                table[key] = _sorted(table.get(key, Counter()) + found)
        self.contexts = dict(sorted(self.contexts.items()))
        self.years = dict(sorted(self.years.items()))
        self.forms.update(other.forms)
        self.evidence.add(other.evidence)
        self.evidence = self.evidence.in_order()


def read_values(generation: Path, processes: int = 1, parallel_min: int = PARALLEL_MIN) -> ArchiveValues:
    """What the pass needs from a generation: each live article's stored values, body and
    mentions (whose written forms the entity pages list). Read by ``processes`` forked
    processes, each taking every n-th article, when the generation holds ``parallel_min``
    articles or more: reading the texts is three quarters of the pass, and the sums are the same
    in any order (values_of sorts them)."""
    with generations.open_generation(generation).searcher() as searcher:
        articles = searcher.doc_count()
    if processes < 2 or articles < parallel_min or "fork" not in multiprocessing.get_all_start_methods():
        return _read_part(generation, 0, 1)
    gazetteer.is_place("London")     # its table, loaded once here rather than in every reading process
    # an executor, not a Pool: a process that dies (killed for memory) ends the pass with an
    # error, where a Pool waits for its lost part for ever and the reindex holds the index's lock
    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork")) as pool:
        parts = list(pool.map(_read_part, [generation] * processes, range(processes), [processes] * processes))
    found = parts[0]
    for part in parts[1:]:
        found.add(part)
    return found


def _read_part(generation: Path, part: int, parts: int) -> ArchiveValues:
    """read_values of the generation's documents number ``part``, ``part + parts``, ... (each
    process reads and decodes only its own)."""
    written: Counter = Counter()

    def articles(searcher):
        reader = searcher.reader()
        live = (reader.stored_fields(number) for number in range(part, reader.doc_count_all(), parts)
                if not reader.is_deleted(number))
        for stored in reader.all_stored_fields() if parts == 1 else live:
            written.update(forms.article_forms(stored.get("mentions", ())))
            yield ({facet.kind: split_keywords(stored.get(facet.field)) for facet in FACETS},
                   stored.get("body", ""), stored.get("pubdate"), stored.get("mentions", ()),
                   stored.get("dateline") or "")

    with generations.open_generation(generation).searcher() as searcher:
        found = values_of(articles(searcher))
    found.forms = written
    return found


def values_of(articles: Iterable[tuple]) -> ArchiveValues:
    """From (facet kind -> values, body[, publication date or None[, mentions[, dateline]]]) of
    every article; mentions are (text, start, end, kind, value) in the body."""
    counts = {facet.kind: Counter() for facet in FACETS}
    definitions: Counter = Counter()
    nicknamed: Counter = Counter()
    contexts: dict[str, Counter] = defaultdict(Counter)
    years: dict[str, Counter] = defaultdict(Counter)
    people = _people_kind()
    table = tables.contexts()
    read_context = _context_reader(table)
    gatherer = Gatherer(table)
    for entities, body, *rest in articles:
        published, mentions, dateline = (list(rest) + [None, (), ""][len(rest):])[:3]
        for kind, values in entities.items():
            counts[kind].update(set(values))
        if published is not None and people in entities:
            for value in set(entities[people]):
                years[value][published.year] += 1
        text = readable_part(body)   # as the pipeline read it (all of a news article); offsets hold
        definitions.update(set(acronym_definitions(text)))
        nicknamed.update(set(nickname_definitions(text, mentions or ())))
        for name, kind in read_context(text):
            contexts[name][kind] += 1
        gatherer.add(text, mentions or (), (v for values in entities.values() for v in values), dateline)
        gatherer.add_countries(entities)
    evidence = gatherer.found.in_order()
    return ArchiveValues({kind: _sorted(found) for kind, found in counts.items()}, _sorted(definitions),
                         {name: _sorted(kinds) for name, kinds in sorted(contexts.items())},
                         {value: _sorted(per_year) for value, per_year in sorted(years.items())},
                         evidence=evidence, nicknames=_sorted(nicknamed))


def _sorted(found: Counter) -> Counter:
    """``found`` in the order of its keys. Every rule that meets a tie (max, most_common) takes the
    first value it meets, so without this a tie was decided by the order of a set of one article's
    values, i.e. by the reindex process's hash seed: two runs over the same articles could merge
    "BBC Broadcast" into "BBC Outside Broadcasts" or the other way round. Sorted, the pass depends
    on what the articles hold, not on the order it reads them in."""
    return Counter(dict(sorted(found.items())))


def _context_reader(table: tables.Contexts):
    """A function: text -> (one-word name, kind its neighbour word says) for each occurrence, by
    the table's one-word phrases ("firm X", "X have") wherever the name stands."""
    # the kinds a one-word "person" may move to or stay: not a place ("in X" is everywhere: the
    # mentions' phrases weigh it) nor a work
    kinds = {facet.kind for facet in FACETS if facet.canonical is None}
    # (not the plurals, which type lists of names: "lawyers Enron had used")
    words_before = {phrase: kind for phrase, kind in table.before.items()
                    if phrase.isalpha() and kind in kinds and phrase not in table.listing}
    words_after = {phrase[1:]: kind for phrase, kind in table.after.items()
                   if phrase.startswith(" ") and phrase[1:].isalpha() and kind in kinds}
    # each word before a capitalised one that no other follows, then the table's word looked up;
    # each of the table's words after, then the name before it looked back for: one alternation of
    # all the phrases tried at every place of every text was a third of the pass
    before = re.compile(r"\b([A-Za-z]+)(?= ([A-Z][\w-]+)\b(?! [A-Z]))")
    after = re.compile(r" (%s)\b" % "|".join(map(re.escape, words_after)))

    def read(text: str) -> list[tuple[str, str]]:
        found = [(m.group(2), words_before[m.group(1)]) for m in before.finditer(text) if m.group(1) in words_before]
        for phrase in after.finditer(text):
            name = NAME_ENDING.search(text, max(0, phrase.start() - CONTEXT_REACH), phrase.start())
            # a name after another ("Warner Bros have") or in a list is not the one the word is about
            if name and not (NAME_ENDING_IN_SPACE.search(text, max(0, name.start() - CONTEXT_REACH), name.start())
                             or LISTED.search(text, max(0, name.start() - 6), name.start())):
                found.append((name.group(1), words_after[phrase.group(1)]))
        return found

    return read


def acronym_definitions(text: str) -> list[tuple[str, str]]:
    """("EU", "European Union") for each "European Union (EU)" in ``text``: the acronym's letters
    start the name's words, a word in capitals giving several ("UK Independence Party (UKIP)")
    and small words giving none ("Office for National Statistics (ONS)"); the lower-case words
    of a common noun either side ("gross domestic product (GDP)", "LCDs (liquid crystal
    displays)")."""
    found, after = [], 0
    for match in ACRONYM.finditer(text):
        name = FULL_NAME.search(text, max(after, match.start() - DEFINITION_WINDOW), match.start())
        after = match.end()
        acronym = match.group(1)
        letters = acronym.replace(".", "").replace("&", "").upper()
        if len(letters) < 2:
            continue
        defined = _full_name(acronym, letters, name.group().split()) if name else None
        if defined is None:
            defined = _common_noun(acronym, text[max(0, match.start() - DEFINITION_WINDOW):match.start()])
        if defined:
            found.append((acronym, defined))
    for match in EXPANDED.finditer(text):
        acronym = EXPANDED_ACRONYM.search(text, max(0, match.start() - 10), match.start())
        defined = acronym and _common_noun(acronym.group(1), match.group(1))
        if defined:
            found.append((acronym.group(1), defined))
    return found


def _full_name(acronym: str, letters: str, words: list[str]) -> str | None:
    for first in range(len(words)):
        if words[first][0].isupper() and _spells(letters, words[first:]):
            return " ".join(words[first:])
    # a short form that begins the name's last word: "Yuganskneftegas (Yugansk)"
    if (len(letters) >= SHORT_FORM_MIN and not acronym.isupper()
            and words[-1].casefold().startswith(acronym.casefold()) and words[-1] != acronym):
        return words[-1]
    return None


def _common_noun(acronym: str, before: str) -> str | None:
    """The lower-case words an acronym in capitals abbreviates, when they end just before it and
    the first of them is in lower case: "gross domestic product (GDP)", "digital rights
    management (DRM)", "member of the European Parliament (MEP)". Each word gives its initial,
    read from the last one back; small words ("of the") may give none."""
    if len(acronym) < 3 or not acronym.isalpha() or not acronym.isupper():
        return None
    words = WORDS_BEFORE.findall(before)
    letters, at, first = acronym, len(acronym), None
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        if word[0].upper() == letters[at - 1]:
            at, first = at - 1, index
            if at == 0:
                break
        elif word.casefold() not in SMALL_WORDS:
            return None
    if at or first is None or not words[first][0].islower():
        return None
    return " ".join(words[first:])


def _spells(letters: str, words: list[str]) -> bool:
    """Whether ``letters`` are the initials of ``words``, every capitalised word giving its first
    letter or (written in capitals) several of its letters, small words none or their first.
    Memoised by position: a run of small words ("of the of the …") would otherwise branch at each."""

    @lru_cache(maxsize=None)
    def spells(at: int, word_at: int) -> bool:
        if word_at == len(words):
            return at == len(letters)
        if at == len(letters):
            return False
        word = words[word_at]
        if not word[0].isupper():
            return spells(at, word_at + 1) or (word[0].upper() == letters[at] and spells(at + 1, word_at + 1))
        if word[0].upper() != letters[at]:
            return False
        capitals = word if word.isupper() else word[0]
        return any(capitals[:n].upper() == letters[at:at + n] and spells(at + n, word_at + 1)
                   for n in range(len(capitals), 0, -1))

    return spells(0, 0)


def resolve_archive(values: ArchiveValues) -> ValueMap:
    result = ValueMap()
    _apply_classes(values.counts, values.definitions, result)
    _hide_common_nouns(values.counts, values.definitions, result)
    _hide_counted_acronyms(values.counts, values.evidence, result)
    _hide_cut_complements(values.counts, values.evidence, result)
    _unname_common_words(values.counts, values.evidence, result)
    _hide_bands_by_topic(values.counts, values.evidence, result)
    _type_by_evidence(values.counts, values.evidence, result)
    _vote_types(values.counts, values.contexts, values.evidence, result)
    _name_people(values.counts, values.evidence, result)
    _firms_named_like_people(values.counts, values.evidence, result)
    _cut_leading_roles(values.counts, values.evidence, result)
    _cut_leading_parties(values.counts, result)
    _merge_spellings(values.counts, result)
    placed = _placed(values.counts, result)
    spelled = _acronyms_beside_their_names(values.evidence, values.definitions, placed, result)
    _merge_aliases(placed, values.definitions + spelled, result)
    _merge_nicknames(values.counts, values.nicknames, result)
    _merge_names_cut_from_acronyms(_placed(values.counts, result), values.evidence, result)
    _merge_legal_forms(_placed(values.counts, result), values.evidence.lower, result)
    _merge_split_names(_placed(values.counts, result), values.evidence, result)
    _merge_country_prefixed(_placed(values.counts, result), values.evidence, result)
    _merge_diminutives(_placed(values.counts, result), result)
    placed = _placed(values.counts, result)
    _surnames_of_other_kinds(values.counts, placed, values.evidence, result)
    _fold_surnames(placed, values.years, result)
    _fold_short_names(_placed(values.counts, result), values.evidence, result)
    _move_by_context(_placed(values.counts, result), values.contexts, result)
    _name_moved_places(result)
    return result


def _name_moved_places(result: ValueMap) -> None:
    """A value moved to a place kind takes the gazetteer's name there, as the pipeline gives a
    place in text: "Seville", an organisation its phrases place, is "Sevilla" (and, by the
    gazetteer's alias, a "Canton" the phrases place is Guangzhou, as in text)."""
    places = _place_kinds()
    moved = {(to, value) for moves in result.retype.values() for value, to in moves.items() if to in places}
    for to, value in sorted(moved):
        name = gazetteer.canonical_place(value)
        # not into a name that leaves the kind: the club "Sevilla" takes no city "Seville"
        if (name and name != value and value not in result.merge[to] and name not in result.retype[to]
                and name not in result.hide[to]):
            result.merge[to][value] = name


def _apply_classes(counts: dict[str, Counter], definitions: Counter, result: ValueMap) -> None:
    """A value of a class, or an acronym the texts define by one ("Consumer Electronics Show
    (CES)": an event's), goes where the class says."""
    classes = tables.word_classes()
    defined: dict[str, Counter] = defaultdict(Counter)
    for (acronym, full), n in definitions.items():
        defined[acronym][full] += n

    def class_of(name: str) -> tables.WordClass | None:
        key = fold(name)
        return next((c for c in classes if c.patterns.matches_folded(key)), None)

    for kind, values in counts.items():
        for value in values:
            word_class = class_of(value)
            if word_class is None and value in defined:
                # only an acronym with one meaning: "ESA" of the Endangered Species Act and of the
                # European Space Agency is left alone
                meanings = [class_of(full) for full in defined[value]]
                word_class = meanings[0] if all(m is meanings[0] for m in meanings) else None
            if word_class is None or not word_class.excludes(kind):
                continue
            if word_class.kind and word_class.kind != kind:
                result.retype[kind][value] = word_class.kind
            else:
                result.hide[kind].add(value)


def _hide_common_nouns(counts: dict[str, Counter], definitions: Counter, result: ValueMap) -> None:
    """An acronym the texts define by lower-case words more often than by a name ("gross domestic
    product (GDP)", "digital rights management (DRM)") is a common noun, no facet value, and so
    are those words where a headline or a writer capitalises them ("Gross National Product", an
    organisation of 13 Reuters articles); a name of the curated aliases never is."""
    lower = _common_noun_words(definitions)
    defined: dict[str, Counter] = defaultdict(Counter)
    forms: dict[str, set[str]] = defaultdict(set)     # acronym -> its definitions that are a common noun, folded
    for (acronym, full), n in definitions.items():
        common = _singular(full) in lower[acronym]
        defined[acronym][common] += n
        if common:
            forms[acronym].add(fold(full))
    folded: dict[str, list[tuple[str, str]]] = defaultdict(list)     # folded value -> (kind, value)
    for kind, values in counts.items():
        for value in values:
            folded[fold(value)].append((kind, value))
    for acronym, by_case in defined.items():
        if by_case[True] <= by_case[False] or _curated(acronym):
            continue
        for kind, values in counts.items():
            if values[acronym]:
                result.hide[kind].add(acronym)
        for key in forms[acronym]:
            for kind, value in folded.get(key, ()):
                if not _curated(value):
                    result.hide[kind].add(value)


def _hide_counted_acronyms(counts: dict[str, Counter], evidence: Evidence, result: ValueMap) -> None:
    """An acronym the texts write in the plural ("MEPs", "DJs", "PDAs") in as many articles as
    they name it names a thing one counts: hidden from every kind, unless a phrase of the texts
    says it is its kind or the curated aliases name it. One article's "BMWs" (cars) hides no BMW."""
    for kind, values in counts.items():
        for value in values:
            if (evidence.plural[value] >= values[value] and evidence.said.get(value, Counter())[kind] == 0
                    and not _curated(value) and value not in result.retype[kind]):
                result.hide[kind].add(value)


def _hide_cut_complements(counts: dict[str, Counter], evidence: Evidence, result: ValueMap) -> None:
    """A one-word value that FRAGMENT_SHARE of its mentions write as the complement of a longer
    capitalised name the span lost ("Harry Potter and the Prisoner of Azkaban", "Maria Full of
    Grace", "Chancellor of the Exchequer") names nothing alone: hidden from every kind. Not a place
    the gazetteer knows ("Archbishop of Canterbury"), nor one whose longer name the archive holds
    as a value ("House of Commons": the merges fold "Commons" into it), nor one whose own phrases
    call it its kind EVIDENCE_MIN times. Counted per kind: "Grace" of "Maria Full of Grace" is the
    organisations', "Grace" of "Will and Grace" the people's."""
    whole = {re.sub(r"^[Tt]he ", "", name.rsplit(" of ", 1)[1])
             for values in counts.values() for name in values if " of " in name}
    for kind, values in counts.items():
        for value in values:
            n = evidence.mentions[(kind, value)]
            if (" " in value or value in whole or n < FRAGMENT_MIN
                    or evidence.complement[(kind, value)] < FRAGMENT_SHARE * n
                    or gazetteer.is_place(value) or _curated(value)
                    or evidence.said.get(value, Counter())[kind] >= EVIDENCE_MIN):
                continue
            result.hide[kind].add(value)


def _common_noun_words(definitions: Counter) -> dict[str, set[str]]:
    """Acronym -> the lower-case words defining it (_singular). A definition in capitals with the
    same words is the common noun in a house style's capitals ("Liquid Crystal Display (LCD)"
    where another text writes "LCDs (liquid crystal displays)")."""
    found: dict[str, set[str]] = defaultdict(set)
    for acronym, full in definitions:
        if _names_a_common_noun(full):
            found[acronym].add(_singular(full))
    return found


def _singular(words: str) -> str:
    """Words folded, each without a final "s": "Liquid Crystal Display" as "liquid crystal displays"."""
    return " ".join(word.removesuffix("s") for word in fold(words).split())


def _names_a_common_noun(definition: str) -> bool:
    """Whether an acronym's definition is lower-case words (_common_noun), not a name."""
    return definition[0].islower()


def _never_a_person(value: str) -> bool:
    """Whether a word class that is never a person holds the value (a party's "Christian
    Democrats", whose first word is a given name)."""
    return _of_a_class(value, _classes_no_person_is())


def _classes_no_person_is() -> list[tables.WordClass]:
    return [c for c in tables.word_classes() if c.excludes(_people_kind())]


def _curated(value: str) -> bool:
    return tables.alias_index().find(value) is not None


def _type_by_evidence(counts: dict[str, Counter], evidence: Evidence, result: ValueMap) -> None:
    """Each value goes where the phrases around its mentions say, by a clear margin over what
    they say of its own kind (a known place or a dateline's counts for its own); a work (a
    film, a programme) is hidden, and so is a one-word name the texts write in lower case far
    more often than as a name ("Budget", "Bank") that no phrase says is anything."""
    decided = _decided(counts, result)
    people = _people_kind()
    given = _given_names(counts[people]) if people else set()
    names = _name_words(counts[people]) if people else set()
    places = _place_kinds()
    body = _body_kind()
    spanned = _phrases_in_hidden_spans(counts, evidence, result)
    for kind, values in counts.items():
        for value, n in values.items():
            if (kind, value) in decided:
                continue
            said = _phrase_votes(value, evidence, spanned.get(value, Counter()))
            if kind == people and _a_title_named_like_a_person(value, said, evidence):
                result.hide[kind].add(value)
                continue
            if kind == people and _person_shaped(value, given, set()):
                # only a band's phrases outvote a person's shape ("Franz Ferdinand frontman"); a
                # singer's album or songs are his own
                band = evidence.band[value]
                if band >= EVIDENCE_MIN and band >= EVIDENCE_MARGIN * said[people]:
                    result.hide[kind].add(value)
                continue
            own = said[kind] + _own_evidence(kind, value, n, evidence)
            if own == float("inf"):
                continue
            # two phrases only a band's name takes ("rock band REM", "McFly frontman") say enough,
            # and so do two that agree in half its mentions
            least = (BAND_MIN if evidence.band[value] >= BAND_MIN
                     else _agreeing_least(kind, value, said, evidence))
            best = _clear_winner(said, kind, own, people, evidence.inside[value], least)
            if best is None and kind in places and own > said[kind]:
                best = _a_known_places_other_kind(kind, value, said, counts, evidence, result)
            if best in places and kind not in places and (
                    said[best] < PLACE_PHRASE_SHARE * evidence.inside[value] or ends_in_legal_form(value)):
                # "in Parliament" now and then: most of its mentions say no place; a firm's legal
                # form says none ("Western Digital Corp said": the span lost the firm's first word)
                best = None
            if best in places and _the_articles_decision(kind, value, said, names):
                # unless the mentions given that kind say the place themselves ("at Old Trafford")
                typed = evidence.said_as.get((kind, value), Counter())
                best = None if value.isupper() else _clear_winner(typed, kind, typed[kind], people,
                                                                      evidence.inside[value])
            if best is None and kind == body:
                best = _a_place_only_placed(value, said, counts, evidence)    # placed by phrases alone
            if best:
                _send(result, counts, kind, value, best)
            elif kind in places and _a_word_more_than_a_place(value, n, said[kind], evidence):
                # "Breakfast": a word, the kind other articles give it or none
                _send(result, counts, kind, value, _other_kind(counts, kind, value) or WORK)
            elif kind in places and own < PLACE_PHRASE_SHARE * evidence.inside[value] and n >= UNPLACED_MIN:
                # nothing says it is a place: the kind other articles give it ("Grand Slam")
                other = (_other_kind(counts, kind, value) or _a_firm_nothing_places(value, said, evidence)
                         or _a_work_nothing_places(value, said, evidence.event[value]))
                if other and (own == 0 or other != people):   # no weak vote makes a person ("Downing Street")
                    _send(result, counts, kind, value, other)
            elif own == 0 and not (kind == people and value in names) and _a_word(value, n, said, evidence):
                # a given name or the surname of the people kind's full names is a name, however
                # often the texts write it as a word ("Mark", "Bill")
                result.hide[kind].add(value)


def _a_known_places_other_kind(kind: str, value: str, said: Counter, counts: dict[str, Counter],
                               evidence: Evidence, result: ValueMap) -> str | None:
    """A known place's articles count as votes for staying, but not against what its own
    mentions say by a clear margin ("Amazon said", "Amazon's shares": the company of the articles
    that wrote the region's name), nor against what the archive calls it beside: the company's
    web address or legal form as another value ("Amazon.com"), where its own mentions say no
    place; the forms are one company, shown by its name."""
    typed = evidence.said_as.get((kind, value), Counter())
    best = _clear_winner(typed, kind, typed[kind], _people_kind(), evidence.inside[value])
    if best is None and said[kind] < PLACE_PHRASE_SHARE * evidence.inside[value]:
        best = _company_of(value, counts, counts[kind][value])
        for form in _company_forms(value):
            if best and counts[best][form]:
                result.merge[best][form] = value
    return best


def _a_place_only_placed(value: str, said: Counter, counts: dict[str, Counter], evidence: Evidence) -> str | None:
    """The place kind, for a known place the model called an organisation where the phrases of
    its mentions, of every kind and of that one, say place and nothing else ("In Seville, José
    Ramírez", "the trade house near Hanover": one phrase outvotes the articles' labels where no
    firm's or club's phrase names it; "Hanover have won" would), and where the archive writes
    the place in EVIDENCE_MARGIN times the organisation's articles: a club of results tables, a
    town's club or firm one article writes "in Wigan" of ("Wigan won promotion, and thousands
    celebrated in Wigan"), a firm that "Nokia said" eight times, stay. "At X" does not count, a
    firm's as much ("the sales force at Stuart"): the organisation's own mentions must place it
    by another phrase. Not an acronym ("in LA"), nor a name the archive also writes with a
    company's legal form ("Burlington Inc")."""
    body = _body_kind()
    typed = evidence.said_as.get((body, value))
    if not typed or value.isupper():
        return None         # most organisations: no phrase of their own mentions (a look-up first)
    places = _place_kinds()
    placed = [kind for kind in places if said[kind] - evidence.at[value] > 0]
    if (len(placed) != 1 or any(n for kind, n in said.items() if kind not in places)
            or any(n for kind, n in typed.items() if kind != placed[0]) or typed[placed[0]] <= evidence.at[value]):
        return None
    name = gazetteer.canonical_place(value)
    if not name or any(counts[body][form] for form in _company_forms(value)):
        return None
    written = sum(counts[placed[0]][form] for form in {name, value})     # once where the two are one
    return placed[0] if written >= EVIDENCE_MARGIN * counts[body][value] else None


def _agreeing_least(kind: str, value: str, said: Counter, evidence: Evidence) -> int:
    """The votes a kind needs before a value goes there: EVIDENCE_MIN, or AGREEING_MIN where the
    phrases say that kind alone in AGREEING_SHARE of the value's mentions or more ("polling
    stations in Embakasi", "centres in Embakasi": two of its three; a small archive names a
    suburb or a film seldom). Phrases another kind takes as much do not count there: a venue's
    or an event's "at X", a club's or a band's "X have", a work's noun after the name ("X's
    album", "the X album", "X chips": a singer's, a firm's as often), a work's "in X"
    ("performance in Leicester South": a constituency's as often), and for a value of a place
    kind an event's "X festival" (its town's). A person of one name goes so to the places only
    ("in Wilmington"; "interest in Adriano", "bid for Adriano", "Madonna fans", 'known as
    "Gazza"' are a person's as often, and "firm Holm" twice no more makes a firm of the "Holm" of
    "Lars Holm"); a name the archive shortens never goes so ("Simonsen said in a statement")."""
    people = kind == _people_kind()
    if sum(said.values()) < AGREEING_MIN or (people and evidence.shortened[value]):
        return EVIDENCE_MIN
    votes, places, body = said.copy(), _place_kinds(), _body_kind()
    for place in places:
        votes[place] -= min(votes[place], evidence.at[value])
    votes[body] -= min(votes[body], evidence.collective[value])
    events = evidence.event[value] if kind in places else 0
    votes[WORK] -= min(votes[WORK], evidence.shared_work[value] + events)
    saying = [(to, n) for to, n in votes.items() if n > 0]
    if len(saying) != 1:
        return EVIDENCE_MIN
    to, n = saying[0]
    if people and " " not in value and to not in places:
        return EVIDENCE_MIN
    return AGREEING_MIN if n >= AGREEING_MIN and n >= AGREEING_SHARE * evidence.inside[value] else EVIDENCE_MIN


def _the_articles_decision(kind: str, value: str, said: Counter, names: set[str]) -> bool:
    """Whether a known place's name of another kind is the article's decision (a team in a
    results table), which only the phrases of the mentions given that kind undo; an acronym
    is no place the gazetteer lacks ("in EU member states"). No team is a person: a known
    place nothing calls one, whose name is no given name or surname of the people (``names``),
    goes where the phrases say ("in Kent")."""
    people = _people_kind()
    a_person_taken_for_a_place = (kind == people and not value.isupper() and not said[people]
                                  and value not in names)
    return (value.isupper() or gazetteer.is_place(value)) and not a_person_taken_for_a_place


def _a_firm_nothing_places(value: str, said: Counter, evidence: Evidence) -> str | None:
    """The organisations, for a one-word name the gazetteer does not know, no phrase places and
    one calls an organisation, that the texts rarely write after "the" (Reuters' "Alitalia",
    "Pillsbury"; not "the Yangtze", "the Baltic"): a firm the model took for a place."""
    body = _body_kind()
    if (body and said[body] and " " not in value and not gazetteer.is_place(value)
            and not any(said[kind] for kind in _place_kinds())
            and evidence.definite[value] <= FIRM_DEFINITE_SHARE * evidence.inside[value]):
        return body
    return None


def _a_work_nothing_places(value: str, said: Counter, event: int) -> str | None:
    """WORK, for a one-word name the gazetteer does not know, no phrase places and works' phrases
    name, with no more votes of an organisation's beside them ("the Gizmondo device", "companies
    Gizmondo and Tapwave": a gadget and its maker the model took for a place, where a place's "in
    X" or "X-based" would have been written in some of its articles; a work takes "the" as a
    river does, so where a firm's phrases say more it is the firm). An event's phrases (``event``
    of them) do not count: a festival is named after its town ("the Hay festival")."""
    body = _body_kind()
    if (" " in value or said[WORK] <= event or gazetteer.is_place(value)
            or any(n for kind, n in said.items() if kind not in (WORK, body))):
        return None
    return body if body and said[body] > said[WORK] - event else WORK


def _phrase_votes(value: str, evidence: Evidence, spanned: Counter) -> Counter:
    """What the phrases around a value's mentions say, with the work votes of the spans that hold
    its phrase (``spanned``: _phrases_in_hidden_spans), less what an event or a band shares with
    a place or a club."""
    said = evidence.said.get(value, Counter())
    if spanned:
        said = said + Counter({WORK: sum(spanned.values())})
    said = _events_at(said, evidence.event[value] + spanned[EVENT], evidence.at[value])
    return _bands_collective(said, evidence.band[value], evidence.collective[value])


def _phrases_in_hidden_spans(counts: dict[str, Counter], evidence: Evidence,
                             result: ValueMap) -> dict[str, Counter]:
    """Name -> WORK or EVENT (its phrase's kind) -> mentions of a longer value the pass hid so
    far (by its word classes, mostly), the name then words that are a work's or an event's
    phrase after a name, as written or in lower case: the model took the phrase into the span
    ("Sundance Film Festival" says "X film festival", an event's, of "Sundance")."""
    after = tables.contexts().after

    def a_works_phrase(words: list[str]) -> str | None:
        tail = " " + " ".join(words)
        return next((kind for kind in (after.get(tail), after.get(tail.casefold())) if kind in (WORK, EVENT)), None)

    found: dict[str, Counter] = defaultdict(Counter)
    for kind in counts:
        for value in result.hide[kind]:
            words = value.split()
            head = next(((i, phrase) for i in range(1, len(words)) if (phrase := a_works_phrase(words[i:]))), None)
            if head:
                found[" ".join(words[:head[0]])][head[1]] += evidence.mentions[(kind, value)]
    return found


def _events_at(said: Counter, event: int, at: int) -> Counter:
    """The votes of a value's phrases, where an event's ("X festival", "X organiser") say it
    EVIDENCE_MIN times or more, without its "at X", which an event takes as a venue does
    ("crowds at Glastonbury"); a film's or a programme's phrases leave a place its "at X"."""
    if event < EVIDENCE_MIN or not at:
        return said
    return Counter({kind: n - at if kind in _place_kinds() else n for kind, n in said.items()})


def _bands_collective(said: Counter, band: int, collective: int) -> Counter:
    """The votes of a value's phrases, where a band's (BAND_MIN or more: "rock band REM") say it
    without the plural verbs after it, which a band takes as a club does ("REM have")."""
    if band < BAND_MIN or not collective:
        return said
    body = _body_kind()
    return Counter({kind: n - collective if kind == body else n for kind, n in said.items()})


def _unname_common_words(counts: dict[str, Counter], evidence: Evidence, result: ValueMap) -> None:
    """A name of the people kind made of common words in capitals (_common_words_as_a_name) goes
    to the kind other articles give it, to the organisations where the archive writes it with a
    firm's legal form ("Reliance Electric Co"), or is hidden; a title the works' phrases name is
    left to _type_by_evidence, which hides it."""
    people, body = _people_kind(), _body_kind()
    if people is None:
        return
    firsts = _first_names(counts, people)
    firms = _firm_names(counts[body]) if body else Counter()
    decided = _decided(counts, result)
    for value, n in counts[people].items():
        said = evidence.said.get(value, Counter())
        if ((people, value) not in decided and _common_words_as_a_name(value, n, said, evidence, firsts)
                and not _a_title_named_like_a_person(value, said, evidence)):
            firm = body if firms[value] else None
            _send(result, counts, people, value, _other_kind(counts, people, value) or firm or WORK)


def _hide_bands_by_topic(counts: dict[str, Counter], evidence: Evidence, result: ValueMap) -> None:
    """A band's plural name is no facet value, though news writes it without a band's phrase
    ("his work with the Beatles", "worn by the Beatles on their album cover"): hidden from every
    kind, see _a_bands_plural. Not a name a word class decides ("the Democrats"), nor a family
    (the plural of a surname of the people kind: "the Osbournes")."""
    classes = tables.word_classes()
    people = _people_kind()
    surnames = _surnames(counts.get(people, Counter()))
    for value in evidence.musical:
        if (value[:-1] not in surnames and _a_bands_plural(value, counts, evidence)
                and not _of_a_class(value, classes)):
            for kind, values in counts.items():
                if value in values:
                    result.hide[kind].add(value)


def _a_bands_plural(value: str, counts: dict[str, Counter], evidence: Evidence) -> bool:
    """Whether a name is a band's plural ("the Libertines", "the Rolling Stones"): its last word
    a capitalised plural, no word of it a firm's ("the Factory Records founder", "Warner
    Brothers": a band named so, "the Chemical Brothers", is missed), no place the gazetteer knows
    nor one the model places in half its articles ("in the Highlands"), written after "the" in
    BAND_THE_SHARE of its mentions inside sentences, and named by articles about music
    (evidence.musical) in BAND_MUSIC_SHARE of its articles, BAND_MUSIC_MIN or more, and BAND_LIFT
    times the archive's share of them: a party's or a team's plural ("the Tories", "the Gunners")
    has its articles elsewhere, a singer's name ("Alicia Keys") no "the", and an archive all
    about music says nothing of its names."""
    words = value.casefold().split()
    articles, musical, topics = evidence.named[value], evidence.musical[value], evidence.topics
    return (PLURAL_WORD.fullmatch(value.rsplit(" ", 1)[-1]) is not None
            and not any(word in ORG_WORDS or word in BAND_NOT_WORDS for word in words)
            and evidence.definite[value] >= max(1, BAND_THE_SHARE * evidence.inside[value])
            and musical >= max(BAND_MUSIC_MIN, BAND_MUSIC_SHARE * articles)
            and musical * topics["articles"] >= BAND_LIFT * topics["music"] * articles
            and not any(2 * counts[kind][value] >= articles for kind in _place_kinds())
            and not gazetteer.is_place(value))


def _common_words_as_a_name(value: str, articles: int, said: Counter, evidence: Evidence, given: set[str]) -> bool:
    """Whether a name of the people kind is common words in capitals, a title's, a band's or a
    firm's ("Kill Bill", "Massive Attack", "Age Concern", "Glass Works"): the texts write every
    word of it in lower case, in COMMON_WORD_MIN articles and in as many as name it, its first
    word is no given name (known, or starting two of the people kind's full names), and no phrase
    calls it a person nor does any article shorten it to a later word, as news shortens a
    person's name. A surname is rarely a common word ("Grant Dean": "dean" in one article), nor
    is a given name ("Will Young": WORDLIKE_GIVEN_NAMES)."""
    words = value.split()
    return (len(words) >= 2 and words[0] not in given and words[0].casefold() not in WORDLIKE_GIVEN_NAMES
            and not said[_people_kind()]
            and not evidence.shortened[value]
            and all(w[:1].isupper() and evidence.lower[w.casefold()] >= max(COMMON_WORD_MIN, articles) for w in words))


def _a_title_named_like_a_person(value: str, said: Counter, evidence: Evidence) -> bool:
    """A name of the people kind, of several words, whose phrases call it a work (a film, an
    album, a band) in TITLE_VOTES mentions or more, by EVIDENCE_MARGIN over any person's phrase,
    and that no article ever shortens to a later word of it: news writes "Blair said" of Tony Blair after the first
    mention, never "Poppins" of Mary Poppins nor "Ferdinand" of the band Franz Ferdinand. A
    possessive's work ("Anna Lind's album") is its maker's, who may be a singer: no vote here."""
    work_votes = said[WORK] - evidence.made[value]
    return (" " in value and not evidence.shortened[value] and work_votes >= TITLE_VOTES
            and work_votes >= EVIDENCE_MARGIN * said[_people_kind()])


def _company_of(value: str, counts: dict[str, Counter], articles: int) -> str | None:
    """The kind holding ``value`` as a company's web address or with its legal form ("Amazon.com",
    "Amazon Inc") in COMPANY_SHARE of the value's ``articles`` or more, if one does: three articles
    of "Bank of California Inc" make no company of California's 912."""
    return next((kind for kind, values in counts.items()
                 if sum(values[form] for form in _company_forms(value)) >= COMPANY_SHARE * articles), None)


def _firm_names(organisations: Counter) -> Counter:
    """Name -> articles of the organisations that write it with a firm's web address, legal forms
    or "Group" after it: "Goldman Sachs and Co", "E.F. Hutton Group Inc", "J.P. Morgan and Co
    Inc", "Paine Webber Group" each count for the name before them."""
    firms: Counter = Counter()
    for value, n in organisations.items():
        name = _firm_name(value)
        if name != value:
            firms[name] += n
    return firms


def _firm_name(value: str, lower: Counter | None = None) -> str:
    """A firm's name without its web address, legal forms and "Group"; "Pioneer Group Inc" keeps
    its "Group" where the texts write the word before it in lower case (``lower``): alone,
    "Pioneer" may be any of the firms it starts."""
    name = _without_legal_forms(value)        # "Amazon.com Inc" is "Amazon.com", then "Amazon"
    if name.endswith(" Group"):
        head = _without_legal_forms(name[:-len(" Group")])
        if " " in head or not (lower and lower[head.casefold()]):
            name = head
    for suffix in WEB_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[:-len(suffix)]
    return name


def _company_forms(value: str) -> list[str]:
    """A company's name with each web address or legal form after it ("Amazon.com", "Amazon Inc")."""
    return [value + suffix for suffix in COMPANY_SUFFIXES]


def _name_words(people: Counter) -> set[str]:
    """The known given names and the surnames that the people kind's full names are made of."""
    return _surnames(people) | {word for word in map(str.capitalize, GIVEN_NAMES)}


def _surnames(people: Counter) -> set[str]:
    """The last words of the people kind's full names."""
    return {value.split()[-1] for value in people if " " in value}


def _other_kind(counts: dict[str, Counter], kind: str, value: str) -> str | None:
    """The kind other articles give a value most often, if any."""
    return max((k for k in counts if k != kind and counts[k][value]), key=lambda k: counts[k][value], default=None)


def _a_word(value: str, articles: int, said: Counter, evidence: Evidence) -> bool:
    """A one-word name the texts write in lower case COMMON_SHARE times as often as they name it
    and no phrase types, or as often when the texts only ever capitalise it by its place (a
    headline's or a sentence's first word: "Budget"); a name of the curated aliases never is. A
    phrase calling it a work types nothing here: a work is hidden as a word is."""
    said = Counter({kind: n for kind, n in said.items() if kind != WORK and n})
    if " " in value or value.isupper() or (said and evidence.inside[value]):
        return False
    if _curated(value):
        return False
    share = COMMON_SHARE if said or evidence.inside[value] else 1
    return evidence.lower[value.casefold()] >= share * articles


def _a_word_more_than_a_place(value: str, articles: int, place_votes: int, evidence: Evidence) -> bool:
    """A one-word place name the gazetteer does not know (it knows every town of 15,000 people), no
    dateline names and no phrase calls one, that the texts write in lower case COMMON_SHARE times
    as often as they name it."""
    if " " in value or value.isupper() or evidence.datelined.get(value) or place_votes or gazetteer.is_place(value):
        return False
    return evidence.lower[value.casefold()] >= COMMON_SHARE * articles


def _clear_winner(said: Counter, kind: str, own: float, people: str | None, mentions: int = 0,
                  least: int = EVIDENCE_MIN) -> str | None:
    """The kind the phrases say by a clear margin over ``own`` (the votes for staying) and any
    third kind, if not ``kind`` itself nor the people kind (no vote makes a person), in
    EVIDENCE_SHARE of the value's ``mentions`` or more: four "Reagan Administration"-like
    phrases among 866 mentions of Reagan say little about Reagan."""
    best, votes = max(said.items(), key=lambda item: item[1], default=(kind, 0))
    rivals = max((v for k, v in said.items() if k not in (best, kind)), default=0)
    if (best not in (kind, people) and votes >= least and votes >= EVIDENCE_MARGIN * max(own, rivals)
            and votes >= EVIDENCE_SHARE * mentions):
        return best
    return None


def _name_people(counts: dict[str, Counter], evidence: Evidence, result: ValueMap) -> None:
    """A value of another kind shaped like a person's name is a person: a first name two of the
    people kind's full names start with (or a known one, or any when articles already make the
    value a person, a fifth of the other kind's at least, or when the phrases around it say person
    more than anything else: "heptathlon
    champion Carolina Kluft"; for a place no phrase calls one, a surname of the people kind's full
    names ending it: "Gethin Jenkins"), then capitalised words, no organisation word and no place in it,
    and no phrase of the texts calling it something else by as much ("Fabien Pelous" from a
    line-up, "Marion Jones" tagged an organisation; "BBC Sport", "ABN Amro": an acronym is no
    given name)."""
    people = _people_kind()
    if people is None:
        return
    given = _first_names(counts, people)
    surnames = {value.split()[-1] for value in counts[people] if " " in value}
    firms = _firm_names(counts.get(_body_kind(), Counter()))
    places = _place_kinds()
    decided = _decided(counts, result)
    for kind, values in counts.items():
        for value in values:
            words = value.split()
            if kind == people or (kind, value) in decided or not 2 <= len(words) <= 3:
                continue
            said = evidence.said.get(value, Counter())
            other = max((n for k, n in said.items() if k != people), default=0)
            # a place no phrase calls one, ending in a surname of the people kind's full names
            # ("Gethin Jenkins" a place: "Jenkins" of "Katherine Jenkins"); an organisation may
            # well be named after people ("Dow Jones", "Goldman Sachs")
            surnamed = (kind in places and not other and words[-1] in surnames
                        and words[-1].casefold() not in NOT_SURNAMES and words[0] not in REGION_WORDS)
            # some articles already make it a person: a fifth of this kind's at least (one of
            # Reuters' 24 "Credit Lyonnais" articles makes no bank a person)
            made_a_person = counts[people][value] >= NAMED_SHARE * values[value]
            if (words[0] not in given and not made_a_person and said[people] <= other
                    and not surnamed) or (other >= EVIDENCE_MIN and other >= said[people]):
                continue
            if firms[value] >= max(1, counts[people][value]):
                continue    # the archive writes it a firm as often as a person ("Goldman Sachs and Co")
            if _common_words_as_a_name(value, counts[people][value], said, evidence, given) or _never_a_person(value):
                continue    # "Law Lords": no article makes a person of words, nor of "Christian Democrats"
            first = words[0]
            if ((first[1:2].islower() or len(first.rstrip(".")) <= 2)
                    and all(w[:1].isupper() and w[1:2].islower() for w in words[1:])
                    and not any(w.casefold().rstrip(".") in ORG_WORDS or w in LEGAL_FORMS for w in words)
                    # a place in it makes a team ("Legia Warsaw", "Atlanta Braves"), but a given name
                    # may be a small place's name too ("Carolina Kluft")
                    and not gazetteer.is_place(value) and not any(gazetteer.is_place(w) for w in words[1:])
                    and (first in given or not gazetteer.is_unambiguous_place(first))
                    and (said[people] or first in given or not gazetteer.is_place(first))):
                result.retype[kind][value] = people
                result.retype[people].pop(value, None)    # a vote that sent the people's articles here


def _firms_named_like_people(counts: dict[str, Counter], evidence: Evidence, result: ValueMap) -> None:
    """A person's full name that the archive writes with a firm's legal form after it in as many
    articles as it names the person is the firm, named after its founders ("Paine Webber" beside
    "Paine Webber Group Inc"), and so is one in half as many that no phrase calls a person (Reuters'
    "James Capel", 15 articles, beside "James Capel and Co", 10: "analysts at James Capel"); a
    surname alone never is ("Johnson" beside one "Johnson Co")."""
    people, body = _people_kind(), _body_kind()
    if people is None or body is None:
        return
    decided = _decided(counts, result)
    firms = _firm_names(counts[body])
    for value, n in counts[people].items():
        called_a_person = evidence.said.get(value, Counter())[people]
        if (" " in value and (people, value) not in decided
                and firms[value] >= max(SURNAME_MIN_ARTICLES, n if called_a_person else n / 2)):
            _send(result, counts, people, value, body)


def _cut_leading_roles(counts: dict[str, Counter], evidence: Evidence, result: ValueMap) -> None:
    """A person's name the model ran on from a capitalised word before it ("Comedian Harry Hill",
    "Lawyer Louise Christian", "Nevertheless Franz Ferdinand": a role or a sentence's first word;
    "MEP Caroline Lucas", "DJ Mike Read": a role's acronym) is the name after that word: of three
    words or more, the first no known given name nor particle ("Ibn Abdul Aziz") and written in
    lower case by the texts (three letters at least: "J." is an initial), or two to four capitals,
    and the second a given name (known, or starting two full names). A name in several articles
    keeps a word the texts never write in lower case before a person's name: a nickname ("Sugar
    Ray Leonard"), where a role is written so now and then ("treasurer Paul Keating" beside
    Reuters' "Treasurer Paul Keating" of every mention); one article's is a sentence's accident."""
    people = _people_kind()
    if people is None:
        return
    given = _first_names(counts, people)
    decided = _decided(counts, result)
    for value, n in counts[people].items():
        first, *rest = value.split()
        if (len(rest) < 2 or not (rest[0] in given or rest[0].casefold() in GIVEN_NAMES) or not rest[0][:1].isupper()
                or first.casefold() in GIVEN_NAMES or (people, value) in decided):
            continue
        a_word = (first[1:].islower() and len(first) > 2 and first.casefold() not in NAME_PARTICLES
                  and evidence.lower[first.casefold()]
                  and (n == 1 or evidence.word_before[(people, first.casefold())]))
        if a_word or (first.isalpha() and first.isupper() and 2 <= len(first) <= 4):
            result.merge[people][value] = " ".join(rest)


def _cut_leading_parties(counts: dict[str, Counter], result: ValueMap) -> None:
    """A person's name the model ran on from a party's name before it, and perhaps a role's
    acronym ("Tory Liam Fox", "Lib Dem MP Lembit Opik"; or any word of a class that is never a
    person: "Grammy Alicia Keys"; not a given name, "Christian", "Norman") is the name after
    them, when that begins with a given name (known, or starting two full names) or the people
    kind holds it as a value of its own."""
    people = _people_kind()
    if people is None:
        return
    classes = _classes_no_person_is()
    given = _first_names(counts, people)
    decided = _decided(counts, result)
    for value in counts[people]:
        words = value.split()
        if (len(words) < 3 or (people, value) in decided or value in result.merge[people]
                or words[0].casefold() in GIVEN_NAMES):
            continue        # a class word, then a full name: three words at least
        lead = next((i for i in (2, 1) if _of_a_class(" ".join(words[:i]), classes)), 0)
        role = words[lead] if lead and len(words) > lead else ""
        if role.isalpha() and role.isupper() and 2 <= len(role) <= 4:
            lead += 1           # "MP", "MEP", "MSP"; not an initial ("S.")
        rest = words[lead:]
        if lead and len(rest) >= 2 and (rest[0] in given or rest[0].casefold() in GIVEN_NAMES
                                        or " ".join(rest) in counts[people]):
            result.merge[people][value] = " ".join(rest)


def _of_a_class(name: str, classes: list[tables.WordClass]) -> bool:
    key = fold(name)
    return any(c.patterns.matches_folded(key) for c in classes)


def _first_names(counts: dict[str, Counter], people: str) -> set[str]:
    """Known given names, and the first words of two of the people kind's full names or more that
    start more of its values than of the other kinds' ("La" of "La Nacion" starts newspapers); an
    initial ("S." of "S. Waugh", "S. Korea") or initials in capitals ("JP" of "JP McManus", "JP
    Morgan") are nobody's given name."""
    firsts = Counter(value.split()[0] for value in counts[people] if " " in value)
    elsewhere = Counter(value.split()[0] for kind, values in counts.items() if kind != people
                        for value in values if " " in value)
    return {word for word, n in firsts.items()
            if len(word.rstrip(".")) > 1 and (word.casefold() in GIVEN_NAMES
                                              or n >= 2 and n > elsewhere[word] and not word.isupper())}


def _send(result: ValueMap, counts: dict[str, Counter], kind: str, value: str, to: str) -> None:
    """Move a value to another facet kind, or hide it when ``to`` is none (a work)."""
    if to in counts:
        result.retype[kind][value] = to
    else:
        result.hide[kind].add(value)


def _own_evidence(kind: str, value: str, articles: int, evidence: Evidence) -> float:
    """Votes a kind has beyond the texts' phrases: a place the gazetteer knows as a country (or a
    dateline names) stays one whatever is said; another known place counts its articles."""
    facet = next(f for f in FACETS if f.kind == kind)
    if facet.canonical is None:
        return 0
    if evidence.datelined.get(value) or gazetteer.place_kind(value) in ("country", "variant"):
        return float("inf")
    known = gazetteer.is_place(value) or value.rsplit(" ", 1)[-1] in FEATURES
    return articles if known else 0


def _decided(counts: dict[str, Counter], result: ValueMap) -> set[tuple[str, str]]:
    return {(kind, v) for kind in counts for v in list(result.retype[kind]) + list(result.hide[kind])}


def _people_kind() -> str | None:
    return next((facet.kind for facet in FACETS if facet.fold_surnames), None)


def _body_kind() -> str | None:
    """The kind of organisations: neither people nor the gazetteer's."""
    return next((facet.kind for facet in FACETS if not facet.fold_surnames and facet.canonical is None), None)


def _place_kinds() -> tuple[str, ...]:
    """The kinds whose values the gazetteer names."""
    return tuple(facet.kind for facet in FACETS if facet.canonical is not None)


def _given_names(people: Counter) -> set[str]:
    """First words of the people kind's full names that the given-name list knows."""
    return {value.split()[0] for value in people if " " in value and value.split()[0].casefold() in GIVEN_NAMES}


def _person_shaped(value: str, given: set[str], titled: set[str]) -> bool:
    """Capitalised words after a known given name, or ending in a surname the texts write
    after "Mr", "Ms", ... ("Vince Cable": "Mr Cable")."""
    words = value.split()
    return (2 <= len(words) <= 4 and all(w[0].isupper() for w in words)
            and not LEGAL_FORMS.intersection(words) and (words[0] in given or words[-1] in titled))


def _vote_types(counts: dict[str, Counter], contexts: dict[str, Counter], evidence: Evidence,
                result: ValueMap) -> None:
    people = _people_kind()
    given = _given_names(counts[people]) if people else set()
    surnames = {value.split()[-1] for value in counts[people] if " " in value} if people else set()
    titled = {name for name, kinds in contexts.items() if kinds.get(people)}
    surnamed = _dominated_surnames(counts[people]) if people else set()
    names = _name_words(counts[people]) if people else set()
    decided = _decided(counts, result)
    gazetteer_kinds = _place_kinds()
    by_value: dict[str, dict[str, int]] = defaultdict(dict)
    for kind, values in counts.items():
        for value, n in values.items():
            if (kind, value) not in decided:
                by_value[value][kind] = n
    for value, kinds in by_value.items():
        if len(kinds) < 2:
            continue
        said = evidence.said.get(value, Counter())
        other = sum(n for k, n in said.items() if k != people)
        if value in surnamed and other and (other >= EVIDENCE_SHARE * evidence.inside[value]
                                            or kinds.get(people, 0) < VOTE_SHARE * sum(kinds.values())):
            # "the firm Holm": the phrases say the other kind; but four among Reuters' 866
            # mentions of "Reagan", a person in 393 articles (the model's organisation in 113:
            # "the Reagan administration"), say little
            surnamed.discard(value)
        if people in kinds and (_person_shaped(value, given, titled) or value in surnamed):
            winner = people
        else:
            winner, most = max(kinds.items(), key=lambda item: (item[1], item[0] == people))
            total = sum(kinds.values())
            # Only a name shaped like a person's joins the people kind ("Anfield" does not), and
            # no vote fills a gazetteer's kind: per article, a known place is a place unless the
            # article said otherwise ("Barcelona 1 (Stoichkov 55th)" is a team).
            if winner == people and total >= VOTE_MIN_ARTICLES:
                winner = _not_a_person(value, kinds, people, surnames, evidence)
                if winner is None:
                    continue
            elif (total < VOTE_MIN_ARTICLES or most < VOTE_SHARE * total or winner == people
                    or winner in gazetteer_kinds):
                if (winner != people and winner not in gazetteer_kinds and kinds.get(people, 0)
                        and total >= VOTE_MIN_ARTICLES and _nobody(value, people, names, titled, evidence)):
                    # "Hampshire" a person in 3 articles, an organisation in 6, a place in 2: no
                    # clear vote, but nothing makes it a person, so not that
                    result.retype[people][value] = winner
                continue
        for kind in kinds:
            if kind != winner and not (value in surnamed and kind in gazetteer_kinds):
                result.retype[kind][value] = winner


def _nobody(value: str, people: str, names: set[str], titled: set[str], evidence: Evidence) -> bool:
    """A one-word name nothing makes a person's: no given name or surname of the people kind's
    full names, no "Mr X" and no phrase of a person around it."""
    return (" " not in value and value not in names and value not in titled
            and not evidence.said.get(value, Counter())[people])


def _dominated_surnames(people: Counter) -> set[str]:
    """Surnames one full name of the people kind dominates ("Clinton" of "Bill Clinton"): the
    articles that call the bare surname an organisation do not outvote the person, unless the
    phrases around it say the other kind."""
    full_names: dict[str, Counter] = defaultdict(Counter)
    for value, n in people.items():
        if " " in value:
            full_names[value.split()[-1]][value] += n
    return {surname for surname, names in full_names.items() if _dominant(names)}


def _not_a_person(value: str, kinds: dict[str, int], people: str, surnames: set[str],
                  evidence: Evidence) -> str | None:
    """The kind a name not shaped like a person's, most of whose articles make it a person,
    belongs to when nothing says it is one: no phrase ("Mr X") and no full name ending in it,
    while its other articles make it an organisation, say, that the phrases around it confirm
    ("oil unit Yuganskneftegas", "Sale Sharks have"; a full name whose first name the archive
    knows is a person's already: _name_people). A vote never makes a person, nor unmakes a
    place."""
    said = evidence.said.get(value, Counter())
    if value in surnames or said[people]:
        return None
    others = {kind: n for kind, n in kinds.items() if kind != people}
    other = max(others, key=lambda kind: (said[kind], others[kind]), default=None)
    total = sum(kinds.values())
    if other is None or not said[other] or others[other] < (1 - VOTE_SHARE) * total:
        return None
    return other if _facet(other).canonical is None else None


def _facet(kind: str):
    return next(facet for facet in FACETS if facet.kind == kind)


def _placed(counts: dict[str, Counter], result: ValueMap) -> dict[str, Counter]:
    """Articles per value per kind once ``result`` is applied (a merged value adds up)."""
    placed = {kind: Counter() for kind in counts}
    for kind, values in counts.items():
        for value, n in values.items():
            resolved = result.resolve(kind, value)
            if resolved is not None:
                placed[resolved[0]][resolved[1]] += n
    return placed


def _spelling(value: str) -> str:
    """What two writings of one name share: case, accents, spaces, hyphens, dots and a leading
    article aside ("TimeWarner" = "Time Warner", "The Netherlands" = "Netherlands")."""
    return re.sub(r"[\s.'’-]", "", re.sub(r"^the\s+", "", fold(value)))


def _merge_spellings(counts: dict[str, Counter], result: ValueMap) -> None:
    """Writings of one name under one kind merge into the one most articles use (an organisation's
    with and without a final "s" too, _join_plural_spellings); a short name in mixed case that is
    a country's abbreviation in capitals ("Uk") is that place."""
    places = next((facet for facet in FACETS if facet.canonical is not None), None)
    people = _people_kind()
    for kind, values in counts.items():
        groups: dict[str, list[str]] = defaultdict(list)
        # (not a person's: an initial and a surname may spell a word the pass hid, "G Ross")
        hidden = set() if kind == people else {_spelling(v) for v in values if v in result.hide[kind]}
        for value in values:
            if value not in result.hide[kind] and value not in result.retype[kind]:
                groups[_spelling(value)].append(value)
        if kind == _body_kind():
            _join_plural_spellings(groups, values)
            hidden |= _plurals_of_hidden(groups, values, result.hide[kind])
        for spelling, members in groups.items():
            if spelling in hidden:      # another writing of a name the pass hid ("Rip Guard", "RipGuard")
                result.hide[kind].update(members)
                continue
            shown = max(members, key=lambda v: (values[v], not v.casefold().startswith("the "), v[:1].isupper(), v))
            for value in members:
                if value != shown:
                    result.merge[kind][value] = shown
        for value in values:
            if (places and kind != places.kind and len(value) <= 3 and not value.isupper()
                    and gazetteer.place_kind(value.upper()) in ("country", "variant")):
                result.retype[kind][value] = places.kind
                result.merge[places.kind][value] = places.canonical(value.upper())


def _join_plural_spellings(groups: dict[str, list[str]], values: Counter) -> None:
    """An organisation's writings with and without a final "s" are one name where one of them has
    PLURAL_DOMINANCE times the other's articles ("Reuter" 37, "Reuters" 863; "General Motor" of a
    cut span): its group takes the other's members. Two names of about as many articles may be two
    things ("Time" the magazine, "Times" the paper; "Rover" and "Rovers")."""
    articles = {spelling: sum(values[v] for v in members) for spelling, members in groups.items()}
    for spelling in sorted(groups):
        plural = spelling + "s"
        if plural not in groups or spelling not in groups:
            continue
        if (all(value.split()[-1].isupper() for value in groups[spelling])
                or all(value.split()[-1].isupper() for value in groups[plural])):
            continue     # an acronym's last letter is no plural: "CBS" is no "CB", "SATS" no "SAT"
        if articles[plural] >= PLURAL_DOMINANCE * articles[spelling]:
            groups[plural].extend(groups.pop(spelling))
        elif articles[spelling] >= PLURAL_DOMINANCE * articles[plural]:
            groups[spelling].extend(groups.pop(plural))


def _plurals_of_hidden(groups: dict[str, list[str]], values: Counter, hidden: set[str]) -> set[str]:
    """The spellings of an organisation's plurals whose singular the pass hid, where the singular
    has PLURAL_DOMINANCE times the plural's articles ("Macs" of the product "Mac"); not an
    acronym's last letter ("CBS"), nor a name of as many articles as a hidden word ("Houses")."""
    singular = Counter()
    for value in hidden:
        singular[_spelling(value)] += values[value]
    return {spelling for spelling, members in groups.items()
            if spelling[:-1] in singular and spelling.endswith("s")
            and not any(value.split()[-1].isupper() for value in members)
            and singular[spelling[:-1]] >= PLURAL_DOMINANCE * sum(values[v] for v in members)}


def _merge_split_names(placed: dict[str, Counter], evidence: Evidence, result: ValueMap) -> None:
    """Two values of a kind that most of their articles write joined by "and" ("American
    Telephone" and "Telegraph Co", 40 and 29 Reuters articles) are halves of the one name the
    archive also holds whole ("American Telephone and Telegraph Co", 13): both merge into it. Two
    names written together now and then ("IBM and Apple") are not, nor two halves of no name the
    archive holds; only organisations: two people are two ("Matt Lucas & David Walliams")."""
    body = _body_kind()
    for (kind, first, second), n in evidence.joined.items():
        values = placed.get(kind)
        if kind != body or not values or n < SURNAME_MIN_ARTICLES or first == second:
            continue
        whole = next((name for name in (f"{first} and {second}", f"{first} & {second}") if values[name]),
                     None)
        if (whole and n >= TOGETHER_SHARE * values[first] and n >= TOGETHER_SHARE * values[second]
                and first not in result.merge[kind] and second not in result.merge[kind]):
            result.merge[kind][first] = whole
            result.merge[kind][second] = whole


def _merge_legal_forms(placed: dict[str, Counter], lower: Counter, result: ValueMap) -> None:
    """A firm's name with and without its legal forms, web address or "Group" is one organisation
    ("Goldman Sachs", "Goldman Sachs and Co", "E.F. Hutton Group Inc"), shown as most articles
    write it; a common word before "Group" names no firm alone (_firm_name)."""
    body = _body_kind()
    if body is None:
        return
    values = placed[body]
    groups: dict[str, list[str]] = defaultdict(list)
    for value in values:
        name = _firm_name(value, lower)
        groups[result.merge[body].get(name, name)].append(value)    # "International Business Machines" is IBM
    for members in groups.values():
        if len(members) > 1:
            shown = max(members, key=lambda v: (values[v], -len(v), v))
            for value in members:
                if value != shown:
                    result.merge[body][value] = shown


def _merge_country_prefixed(placed: dict[str, Counter], evidence: Evidence, result: ValueMap) -> None:
    """An organisation's name and its writings after a country's name ("Treasury", "U.S.
    Treasury"; "Film Council", "UK Film Council") are one, shown as most articles write it, when
    the bare name's articles name that country COUNTRY_MARGIN times as often as any other (news
    rarely names its home country, so no share of all its articles): Reuters' Treasury is the U.S.
    Treasury ("U.K. Treasury" stays another), the BBC's Britain's ("US Treasury" stays itself). A
    firm's word alone ("Bancorp" of "U.S. Bancorp", "Army") may end any country's names: it joins
    none."""
    body = _body_kind()
    if body is None:
        return
    values = placed[body]
    named: dict[str, Counter] = defaultdict(Counter)
    for (name, country), n in evidence.countries.items():
        named[name][country] += n
    groups: dict[str, list[str]] = defaultdict(list)
    for value in values:
        words = value.split()
        for cut in (1, 2):
            prefix, name = " ".join(words[:cut]), " ".join(words[cut:])
            if (name and name in values and name in named and gazetteer.place_kind(prefix) in ("country", "variant")
                    and not (" " not in name and (name.casefold() in ORG_WORDS or name in LEGAL_FORMS))):
                (country, most), *second = named[name].most_common(2)
                if (country == gazetteer.canonical_place(prefix) and most >= COUNTRY_MIN
                        and most >= COUNTRY_MARGIN * (second[0][1] if second else 0)):
                    groups[name].append(value)
                break
    for name, prefixed in groups.items():
        members = [name, *prefixed]
        shown = max(members, key=lambda v: (values[v], -len(v), v))
        for value in members:
            if value != shown:
                result.merge[body][value] = shown


def _merge_diminutives(placed: dict[str, Counter], result: ValueMap) -> None:
    """A person's full name with a short form of the given name and with the given name itself
    ("Bob Dole", "Robert Dole"; "Steve Gerrard", "Steven Gerrard": data/diminutives.txt) are one
    person, shown as most articles write it, when that writing has DIMINUTIVE_MARGIN times the
    other's articles and the archive gives the rest of the name to SHARED_SURNAME_MAX other full
    names at most: "Steve Jones" beside 27 other Joneses may be any of them. Where it gives it to
    none, the two are one whatever their counts ("Vince Cable" 5, "Vincent Cable" 3)."""
    people = _people_kind()
    if people is None:
        return
    values = placed[people]
    given_names = tables.diminutives()
    firsts: dict[str, set[str]] = defaultdict(set)      # the rest of a full name -> its first words
    for value in values:
        first, _, rest = value.partition(" ")
        if rest:
            firsts[rest].add(first)
    for rest, written in firsts.items():
        for short in sorted(written):
            for given in sorted(given_names.get(short, frozenset()) & written):
                others = len(written - {short, given})
                if others > SHARED_SURNAME_MAX:
                    continue
                full = f"{given} {rest}"    # shown on a tie ("Michael Connery" 1, "Mike Connery" 1)
                small, big = sorted((f"{short} {rest}", full), key=lambda v: (values[v], v == full))
                if not others or values[big] >= DIMINUTIVE_MARGIN * values[small]:
                    result.merge[people][small] = big


def _without_legal_forms(value: str) -> str:
    words = value.split()
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
        if len(words) > 1 and words[-1] in ("and", "&"):
            words.pop()
    return " ".join(words)


def _merge_aliases(placed: dict[str, Counter], definitions: Counter, result: ValueMap) -> None:
    curated, index = tables.aliases(), tables.alias_index()
    for kind, values in placed.items():
        groups: dict[int, list[str]] = defaultdict(list)
        for value in values:
            found = index.find(value)
            if found is not None:
                groups[found].append(value)
        for found, members in groups.items():
            # the form this archive uses most is shown (OPEC, not its full name); ties: the table's;
            # a part a "Prefix *" entry gathers ("BBC Sport" of "BBC *") names the whole only when
            # no name of the whole is there
            alias = curated[found]
            names = [v for v in members if v == alias.canonical or fold(v) in alias.variants.exact] or members
            shown = max(names, key=lambda v: (values[v], v == alias.canonical))
            for value in members:
                if value != shown:
                    result.merge[kind][value] = shown
    best: dict[str, tuple[str, int]] = {}
    for (acronym, full), n in definitions.items():
        if _names_a_common_noun(full):
            continue    # _hide_common_nouns
        if n > best.get(acronym, ("", 0))[1]:
            best[acronym] = (full, n)
    common = _common_noun_words(definitions)
    for acronym, (full, _) in best.items():
        if _hidden_everywhere(acronym, placed, result):
            if common[acronym]:
                continue    # a common noun sharing the name's acronym ("ODA": aid, and an agency)
            # the texts typed the acronym a work ("DRM systems"), and its long form is the same
            # thing; no person's name, though ("PC" beside "Prince Charles")
            for kind, values in placed.items():
                if full in values and kind != _people_kind():
                    result.hide[kind].add(full)
            continue
        for kind, values in placed.items():
            if acronym not in values or acronym in result.merge[kind] or full in result.merge[kind]:
                continue
            home = kind if full in values else next((k for k, v in placed.items() if full in v), None)
            if home is None or (home == _people_kind() != kind):
                continue    # an acronym is no person's name ("BSE" defined beside a name the model took for one)
            if home != kind:
                result.retype[kind][acronym] = home
            elif values[acronym] > values[full]:
                result.merge[kind][full] = acronym      # the form the archive uses most is shown
                continue
            result.merge[home][acronym] = full


def _merge_nicknames(counts: dict[str, Counter], nicknames: Counter, result: ValueMap) -> None:
    """A nickname the texts give a name ("Mahmoud Abbas, also known as Abu Mazen") is that name
    wherever the archive writes it, whatever kind the model or the votes gave it there ("Ant" of
    "Anthony McPartlin and Declan Donnelly, known as Ant and Dec", the model's organisation in
    most of its articles). Not a nickname the texts give two names ("the Blues"), one the pass
    joined already (an acronym they define: "ABC"), a place's (the invasion of Iraq, known as
    ...), a first or last word of a full name of the people kind ("Charly" of "Charly Moya", the
    "King" of "Mervyn King" for "Elvis Presley, known as the King"), an acronym for a person (the
    SPLA), nor a person's name for something else ("JK, also known as Jason King": the model's
    organisation). A definition moves NICKNAME_REACH times its articles of another kind at most,
    and no place the gazetteer knows: "Norwich City, known as the Canaries" once is not every
    holiday in the Canaries."""
    people, places = _people_kind(), _place_kinds()
    placed = _placed(counts, result)
    name_words = {word for value in placed[people] if " " in value for word in (value.split()[0], value.split()[-1])}
    named: dict[str, Counter] = defaultdict(Counter)
    for (nickname, value), n in nicknames.items():
        named[nickname][value] += n
    for nickname, values in named.items():
        value, n = next(iter(values.items()))
        home = next((kind for kind, found in placed.items() if value in found), None)
        if (home is None or home in places or len(values) > 1 or nickname in name_words
                or any(nickname in result.merge[kind] for kind in counts)
                or (home == people and nickname.isupper())
                or (home != people and nickname in placed[people])):
            continue
        for kind, found in counts.items():
            if nickname not in found or nickname in result.hide[kind]:
                continue
            if kind == home:
                result.retype[kind].pop(nickname, None)
            elif found[nickname] <= NICKNAME_REACH * n and not (kind in places and gazetteer.is_place(nickname)):
                result.retype[kind][nickname] = home
        result.merge[home][nickname] = value


def _acronyms_beside_their_names(evidence: Evidence, definitions: Counter, placed: dict[str, Counter],
                                 result: ValueMap) -> Counter:
    """(acronym, name) -> articles, for an acronym the texts define nowhere that SPELLED_MIN
    articles or more write in the same article as the name its initials spell ("SNP" and
    "Scottish National Party", "AMC" and "American Motors Corp"), SPELLED_MARGIN times as many
    as with any other such name: news spells the name out once and abbreviates it after,
    without brackets now and then. Not an acronym the pass hid (a thing's, "GM crops"): only a
    definition says its name is the same thing."""
    defined = {acronym for acronym, _ in definitions}
    names: dict[str, Counter] = defaultdict(Counter)
    for (acronym, name), n in evidence.initials.items():
        if acronym not in defined and not _hidden_everywhere(acronym, placed, result):
            names[acronym][name] = n
    found: Counter = Counter()
    for acronym, beside in names.items():
        (name, n), *other = beside.most_common(2)
        if n >= SPELLED_MIN and not (other and other[0][1] * SPELLED_MARGIN > n):
            found[(acronym, name)] = n
    return found


def _merge_names_cut_from_acronyms(placed: dict[str, Counter], evidence: Evidence, result: ValueMap) -> None:
    """A value the texts write after the word that, with it, spells an acronym of the same
    article and kind ("UK Independence Party", of which the model took "Independence Party",
    beside "UKIP"), in
    SPELLED_MIN articles or more and in CUT_SHARE of its mentions or more, is the acronym's thing:
    it goes where the acronym goes. "Kenya" of one article's "Athletics Kenya (AK)" is no AK."""
    cut: dict[str, Counter] = defaultdict(Counter)
    for (acronym, value), n in evidence.cut_initials_articles.items():
        if n >= SPELLED_MIN:
            cut[value][acronym] = evidence.cut_initials[(acronym, value)]
    for value, acronyms in cut.items():
        (acronym, n), *other = acronyms.most_common(2)
        mentions = sum(evidence.mentions[(kind, value)] for kind in placed)
        if other or n < CUT_SHARE * mentions:
            continue
        for kind, values in placed.items():
            if value in values and acronym in values and value not in result.merge[kind]:
                result.merge[kind][value] = result.merge[kind].get(acronym, acronym)


def _hidden_everywhere(value: str, placed: dict[str, Counter], result: ValueMap) -> bool:
    """The pass hid the value under some kind and shows it under none."""
    return (any(value in hidden for hidden in result.hide.values())
            and not any(value in values for values in placed.values()))


def _fold_surnames(placed: dict[str, Counter], years: dict[str, Counter], result: ValueMap) -> None:
    people = _people_kind()
    if people is None:
        return
    values = placed[people]
    given = _given_names(values)
    full_names = _full_names_by_surname(values)
    firsts = Counter(value.split()[0] for value in values if " " in value)
    for value in values:
        if " " in value:
            continue
        candidates = full_names.get(value)
        if candidates:
            name = _dominant(candidates)
            if name and _same_in_every_period(value, name, candidates, years):
                result.merge[people][value] = name
                continue
        known = sum(n >= SURNAME_MIN_ARTICLES for n in (candidates or Counter()).values())
        if (value in given or firsts[value] > max(1, len(candidates or ())) or known >= 2) and values[value] >= GIVEN_HIDE_MIN:
            # "David", "Ray" alone in many articles name nobody in particular, nor does a surname
            # two people of the archive share when neither has most of its articles ("Brown" of
            # "Gordon Brown" and "Wes Brown")
            result.hide[people].add(value)


def _surnames_of_other_kinds(counts: dict[str, Counter], placed: dict[str, Counter], evidence: Evidence,
                             result: ValueMap) -> None:
    """A one-word place the gazetteer does not know, that no phrase of its own mentions calls
    one, and that ends the one full name dominating the people kind's names ending in it, is
    that person's surname ("Goode" of "Andy Goode", "Kuznetsova" of "Svetlana Kuznetsova" in a
    results line): it moves to the people kind, where rule 5 folds it. Organisations are left
    alone: a company is often its founder's surname ("Dell", "Armani", "Hilton"). The full name
    must be shaped like a person's: a known given name first, or a name in
    SURNAME_MIN_ARTICLES + 1 articles, VOTE_SHARE of whose articles give it the people kind
    ("Aston Villa", a person in half its articles, makes no "Villa" a person)."""
    people = _people_kind()
    if people is None:
        return
    names = placed[people]
    given = _given_names(names)
    full_names = _full_names_by_surname(names)
    moved: dict[str, list[str]] = defaultdict(list)
    for kind in _place_kinds():
        values = placed[kind]
        for value in values:
            candidates = full_names.get(value)
            if not candidates or value.isupper() or gazetteer.is_place(value) or _curated(value):
                continue
            said = evidence.said_as.get((kind, value), Counter())   # the phrases of its own mentions
            if said[kind] or said[people] < said[WORK]:
                continue
            name = _dominant(candidates)
            if name and (name.split()[0] in given or (
                    names[name] > SURNAME_MIN_ARTICLES
                    and counts[people][name] >= VOTE_SHARE * sum(counts[k][name] for k in counts))):
                result.retype[kind][value] = people
                moved[kind].append(value)
    for kind, values in moved.items():     # ``placed`` as the retypes leave it, for rule 5
        for value in values:
            placed[people][value] += placed[kind].pop(value)


def _full_names_by_surname(people: Counter) -> dict[str, Counter]:
    """The people kind's full names (articles each) under the last word they end in."""
    full_names: dict[str, Counter] = defaultdict(Counter)
    for value, n in people.items():
        if " " in value:
            full_names[value.split()[-1]][value] += n
    return full_names


def _dominant(candidates: Counter) -> str | None:
    """The full name with SURNAME_SHARE of the candidates' articles, if one has."""
    name, n = candidates.most_common(1)[0]
    return name if n >= SURNAME_MIN_ARTICLES and n >= SURNAME_SHARE * sum(candidates.values()) else None


def _same_in_every_period(surname: str, name: str, candidates: Counter, years: dict[str, Counter]) -> bool:
    """Whether ``name``, dominant archive-wide, is also the one the full names dominating the
    surname within PERIOD_YEARS of each year the bare surname appears in (no full name then: the
    archive-wide one). "Bush" of 1987 and of 2005 are two men: the map, one value for every
    article, cannot fold both, so the surname is left alone."""
    for year in years.get(surname, ()):
        near = Counter({full: sum(n for y, n in years.get(full, Counter()).items()
                                  if abs(y - year) <= PERIOD_YEARS) for full in candidates})
        near = +near
        if sum(near.values()) >= SURNAME_MIN_ARTICLES and _dominant(near) != name:
            return False
    return True


def _fold_short_names(placed: dict[str, Counter], evidence: Evidence, result: ValueMap) -> None:
    """A one-word name of a kind of things (no surnames, no gazetteer: organisations) folds into
    a longer name of the kind that is the same thing:
    - the one longer name it starts that dominates those names as a surname's full name does,
      when the archive writes that longer name at least as often ("Northwind" -> "Northwind
      Shipping"; "Reuters", far commoner than "Reuters Television", stays itself);
    - the one longer name "... of X" that dominates the names ending in it, when the texts do not
      use it as a common noun ("Commons" -> "House of Commons");
    - or the one longer name it starts or ends that most of the articles writing it also write
      ("Quillon" -> "Quillon Technologies", "Atlântico" -> "Clube Atlântico", "Commission" ->
      "European Commission" where that is the commission the texts mean).
    A place the archive uses as one stays itself ("Blackpool" is not "Blackpool Hotel Association"),
    unless the gazetteer knows it only as a small town and most of its articles write it beside
    the name (_short_for_a_thing: "Jupiter" beside "Jupiter Research")."""
    together: dict[str, Counter] = defaultdict(Counter)
    for (short, long), n in evidence.edges.items():
        together[short][long] += n
    place_kinds = _place_kinds()
    for kind in place_kinds:
        for value, n in placed[kind].items():
            _short_for_a_thing(kind, value, n, together.get(value), placed, evidence, result)
    for facet in FACETS:
        if facet.fold_surnames or facet.canonical is not None:
            continue
        values = placed[facet.kind]
        longer: dict[str, Counter] = defaultdict(Counter)
        ending: dict[str, Counter] = defaultdict(Counter)
        for value, n in values.items():
            if " " in value:
                longer[value.split()[0]][value] += n
                ending[value.split()[-1]][value] += n
        for value, n in values.items():
            if (" " in value or value in result.merge[facet.kind] or gazetteer.is_unambiguous_place(value)
                    or any(placed[k][value] for k in place_kinds)):
                continue
            name = (_dominant_start(longer.get(value), n) or _dominant_partner(together.get(value), values, n)
                    or _dominant_complement(value, ending.get(value), n, evidence.lower))
            if name:
                result.merge[facet.kind][value] = name
            elif (_a_head_of_many(facet.kind, value, n, longer.get(value), ending.get(value), evidence)
                  or _a_house_style_capital(facet.kind, value, n, evidence)):
                result.hide[facet.kind].add(value)


def _a_head_of_many(kind: str, value: str, n: int, starting: Counter | None, ending: Counter | None,
                    evidence: Evidence) -> bool:
    """Whether a one-word name that folds into no longer one is a common noun that heads several
    names of the archive, each a different thing ("Bank": the Bank of England, the World Bank, the
    Bank of Japan; "Commission" where no one commission dominates): the texts write it in lower
    case COMMON_SHARE times as often as they name it, and HEADS_MIN names or more end in it or start
    in it before an "of" ("Bank of Japan"), and most of its mentions inside sentences follow a
    lower-case "the": "the Bank said" refers to a bank named before; "Chemical said" names a firm
    (Chemical Bank, though "Dow Chemical" and other names end in the word). Alone it names none of
    them, unless the phrases around it call it its kind in OWN_NAME_SHARE of its mentions: "the
    Times reported" names a paper, whatever other papers' names end in "Times"."""
    heads = set(ending or ()) | {name for name in starting or () if name.split()[1] in ("of", "for")}
    inside = evidence.inside[value]
    return (len(heads) >= HEADS_MIN and not value.isupper() and evidence.lower[value.casefold()] >= COMMON_SHARE * n
            and evidence.definite[value] >= DEFINITE_SHARE * inside > 0 and not _curated(value)
            and evidence.said.get(value, Counter())[kind] < OWN_NAME_SHARE * inside)


def _a_house_style_capital(kind: str, value: str, n: int, evidence: Evidence) -> bool:
    """Whether a one-word name that folds into no longer one is a common noun a house style
    capitalises ("the Budget", "his ninth Budget", "the Kingdom", "the Chamber"): the texts write
    it in lower case in more articles than they name it, and DETERMINED_SHARE of its mentions
    inside sentences follow a determiner or a possessive, as a noun's do, where a name stands
    bare ("Sale are missing 14 players", "Labour said"). Not when the phrases around it call it
    its kind in OWN_NAME_SHARE of those mentions ("the Times reported"), nor a curated alias."""
    inside = evidence.inside[value]
    return (not value.isupper() and evidence.lower[value.casefold()] > n and inside >= HOUSE_STYLE_MIN
            and evidence.determined[value] >= DETERMINED_SHARE * inside and not _curated(value)
            and evidence.said.get(value, Counter())[kind] < OWN_NAME_SHARE * inside)


def _short_for_a_thing(kind: str, value: str, n: int, partners: Counter | None, placed: dict[str, Counter],
                       evidence: Evidence, result: ValueMap) -> None:
    """A one-word place name that most of its articles write beside one organisation whose name it
    starts ("Jupiter" beside "Jupiter Research") is that organisation's short name there, when the gazetteer knows it as no country or region and no town big enough
    to name on its own (a city and its clubs: "Manchester", "Madrid"), and no dateline names it."""
    partners = Counter({name: n for name, n in (partners or Counter()).items() if name.startswith(value + " ")})
    if (" " in value or not partners or evidence.datelined.get(value) or gazetteer.is_unambiguous_place(value)
            or gazetteer.place_kind(value) not in (None, "city")):
        return
    for facet in FACETS:
        if facet.fold_surnames or facet.canonical is not None:
            continue
        name = _dominant_partner(partners, placed[facet.kind], n)
        if name:
            result.retype[kind][value] = facet.kind
            result.merge[facet.kind][value] = name
            return


def _dominant_start(candidates: Counter | None, n: int) -> str | None:
    if not candidates:
        return None
    name, most = candidates.most_common(1)[0]
    return name if most >= max(SURNAME_MIN_ARTICLES, n) and most >= SURNAME_SHARE * sum(candidates.values()) else None


def _dominant_complement(value: str, candidates: Counter | None, n: int, lower: Counter) -> str | None:
    """The longer name ending in "of ``value``" ("House of Commons") that dominates the names ending
    in ``value`` as a surname's full name does. In "A of B" the complement B is what tells the
    thing from others of its sort, and so its short name ("the Commons", "the Lords"); in
    "European Parliament" the head alone names another parliament. Only a name the texts do not
    write as a word (in lower case, in NOUN_SHARE of the articles they name it in): "the Court
    of Appeal" does not make every "Appeal" the court."""
    if not candidates or lower[value.casefold()] >= NOUN_SHARE * n or gazetteer.is_place(value):
        return None
    name, most = candidates.most_common(1)[0]
    if most < SURNAME_MIN_ARTICLES or most < SURNAME_SHARE * sum(candidates.values()):
        return None
    return name if re.search(r"\sof\s+(?:the\s+)?\S+$", name) else None


def _dominant_partner(partners: Counter | None, values: Counter, n: int) -> str | None:
    """The longer name of the kind written beside a short one in most of its articles."""
    partners = Counter({name: k for name, k in (partners or Counter()).items() if name in values})
    if not partners:
        return None
    name, most = partners.most_common(1)[0]
    return (name if most >= SURNAME_MIN_ARTICLES and most >= TOGETHER_SHARE * n
            and most >= SURNAME_SHARE * sum(partners.values()) else None)


def _move_by_context(placed: dict[str, Counter], contexts: dict[str, Counter], result: ValueMap) -> None:
    people = _people_kind()
    if people is None:
        return
    for value in placed[people]:
        evidence = contexts.get(value)
        if " " in value or not evidence or value in result.merge[people]:
            continue
        kind, n = max(((k, n) for k, n in evidence.items() if k != people), key=lambda kn: kn[1], default=("", 0))
        if kind in placed and n >= CONTEXT_MIN and n > CONTEXT_MARGIN * evidence[people]:
            for moves in result.retype.values():      # a vote that sent it to the people kind
                if moves.get(value) == people:
                    del moves[value]
            result.retype[people][value] = kind


def run(generation: Path, processes: int = 1) -> ValueMap:
    """Resolve the generation's values and write the map beside it (reading the texts with
    ``processes`` processes)."""
    started = time.perf_counter()
    values = read_values(generation, processes)
    found = resolve_archive(values)
    valuemap.save(generation, found)
    forms.save(generation, values.forms)
    log.info("entity resolution of %s in %.2f s: %d merged, %d moved, %d hidden", Path(generation).name,
             time.perf_counter() - started, sum(map(len, found.merge.values())),
             sum(map(len, found.retype.values())), sum(map(len, found.hide.values())))
    return found
