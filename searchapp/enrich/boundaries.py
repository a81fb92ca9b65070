"""Span boundaries the model gets wrong, mended before normalisation reads the spans:
- a headline's slug glued to the name after it ("CRICKET - ENGLAND"): the slug is cut;
- a weekday glued to a name ("Kitzbuehel Saturday", "Gora Wednesday"): the weekday is cut, and
  a name glued to a weekday after "in", "at" or "near" is a place ("in Kitzbuehel Saturday"), as
  is one right after a place the model split off ("Kranjska" + "Gora Wednesday");
- a name cut before its lower-case particles ("Maria" of "Maria de los Santos", "Rafael van der"
  of "Rafael van der Vaart", "Abdul-Karim" of "Abdul-Karim al-Kabariti"): the person's span runs
  on over the particles and the capitalised word(s) after them, swallowing what the model made
  of those words;
- a name cut after its inner "of" or "for" ("Office of the" of "Office of the Deputy Prime
  Minister", "Organisation for Economic Co-operation and" of "... and Development"): the span runs
  on over the capitalised words after it (an "and" only in a name that has an "of" or a "for":
  "Sheffield Wednesday and" + "Everton" are two names);
- an organisation split at a Romance "of" ("Banco" + "do" + "Brasil"): one organisation;
- a firm's name cut before the words that end it in a legal form ("Kokusai Denshin" of "Kokusai
  Denshin Denwa Co Ltd", "Jefferies" of "Jefferies and Co"): the span runs on to the legal form;
- a span's own ends (``trim``): a name never ends in punctuation that opens or joins ("Bill Cosby -",
  "British Bankers' Association (BBA", "Sheffield Wednesday and"), in a clause the dash or a full
  stop opens ("European Union - the", "Twickenham. &lt"), or in lower-case words the model ran on
  into ("HBOS bank", "Brett Rund fourth") or that a headline put between two names ("Campbell
  rescues Arsenal"); it never begins with joining punctuation or a prefix ("Ex-Boeing"), and it
  holds no markup ("BAC> Bank of America").
"""
from __future__ import annotations

import re

from searchapp import gazetteer
from searchapp.enrich.entities import Span
from searchapp.enrich.patterns import overlaps
from searchapp.entities import tables

GLUED_WEEKDAY = re.compile(
    r"(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:['’]s)?"
    r"(?:\s+(?:night|morning|afternoon|evening))?)$")
LOCATIVE = re.compile(r"\b(?:in|at|near|outside)\s+$", re.IGNORECASE)
_PARTICLES = r"(?:de|del|della|de la|de los|de las|van|van der|van den|van de|von|von der|der|den|da|das|dos|du|di|bin|ibn|ben|al|el|le|la|ter|ten)"
# After a person's span: particles (maybe already inside the span: "Rafael van der"), then
# capitalised words; "al-Kabariti", "el-Sayed" join with a hyphen.
PARTICLE_TAIL = re.compile(rf"(?: {_PARTICLES})*(?: {_PARTICLES} |(?: (?:al|el|ad|ash|bin))-)[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?")
# "Hassan al-Turabi", "Jean d'Ormesson": a surname behind a lower-case particle and a hyphen.
PARTICLE_SURNAME = re.compile(r"(?:al|el|ul|ad|ash|bin|ibn|abu|ben|da|de|di|du|van|von|d)[-'’][A-Z]")
ENDS_IN_PARTICLE = re.compile(rf" {_PARTICLES}$")
SPAN_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")
PLACE_LABELS = ("GPE", "LOC")


def mend(text: str, spans: list[Span]) -> list[Span]:
    """The spans with glued weekdays cut and cut-short names run on (see the module docstring)."""
    cut: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        mended = _cut_weekday(text, _cut_slug(span))
        before = cut[-1] if cut else None
        # "Kranjska" + "Gora Wednesday": the model split a place where it glued the weekday
        if (mended.end != span.end and before and before.label in ("GPE", "LOC")
                and before.end + 1 == span.start and text[before.end] == " "):
            cut[-1] = Span(text[before.start:mended.end], before.start, mended.end, before.label)
            continue
        cut.append(mended)
    return _run_on_legal_forms(text, _join_legal_forms(text, _join_romance_of(text, _run_on_known_names(
        text, _run_on_connectors(text, _run_on_particles(text, cut))))))


def _cut_slug(span: Span) -> Span:
    """ "CRICKET - ENGLAND": a headline's slug and its first name, glued by the model."""
    head, dash, rest = span.text.rpartition(" - ")
    if not dash or not rest or not head.isupper():
        return span
    start = span.start + len(head) + len(dash)
    return Span(rest, start, span.end, span.label)


def _cut_weekday(text: str, span: Span) -> Span:
    if span.label not in SPAN_LABELS:
        return span
    glued = GLUED_WEEKDAY.search(span.text)
    if not glued or glued.start() == 0:
        return span
    name = span.text[:glued.start()]
    label = "GPE" if LOCATIVE.search(text[max(0, span.start - 12):span.start]) else span.label
    return Span(name, span.start, span.start + len(name), label)


def _run_on_particles(text: str, spans: list[Span]) -> list[Span]:
    mended: list[Span] = []
    swallowed_until = -1
    for span in sorted(spans, key=lambda s: s.start):
        if span.start < swallowed_until:
            continue
        if span.label == "PERSON":
            head = span.text
            base = span.start
            tail_at = span.end
            dangling = ENDS_IN_PARTICLE.search(head)       # "Rafael van der" + "Vaart"
            if dangling:
                tail_at = span.start + dangling.start()
            tail = PARTICLE_TAIL.match(text, tail_at)
            if tail and tail.end() > span.end:
                span = Span(text[base:tail.end()], base, tail.end(), "PERSON")
                swallowed_until = tail.end()
        mended.append(span)
    return mended


# A company's legal form, which ends its name ("Merrill Lynch and Co Inc")
LEGAL_FORMS = {"Co", "Cos", "Co.", "Cos.", "Company", "Inc", "Inc.", "Corp", "Corp.", "Corporation", "Ltd",
               "Ltd.", "Plc", "plc", "PLC", "LLC", "LLP", "AG", "SA", "S.A.", "NV", "N.V.", "BV", "B.V.", "GmbH",
               "Spa", "SpA", "S.p.A.", "Oy", "Oyj", "AB", "ASA", "KK", "Bhd", "Pty", "Ltda", "Srl", "SRL", "Sarl"}
# "Standard and" / "Procter &" before a span ending in a legal form: capitalised words, then the joiner
FIRM_HEAD = re.compile(r"(?<![\w'’.-])[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2} (?:and|&) $")


def _forms(forms: set[str]) -> str:
    """An alternation of the legal forms written without a full stop, longest first."""
    return "|".join(sorted((re.escape(form) for form in forms if not form.endswith(".")), key=len, reverse=True))


# After a name, the rest of a firm's name the model left out: "and" and legal forms only ("Jefferies"
# + " and Co"), or capitalised words and legal forms ("Kokusai Denshin" + " Denwa Co Ltd"), the
# last form ending the name ("Portadown Co Armagh": an Irish county). A full stop after a form is
# left to the sentence. Never "Spa", a town's word too ("Leamington Spa"), and "SA" or "AB" only
# after a word of the firm's ("Deltec Panamerica SA"; "Adelaide SA" is South Australia).
_FORMS_END = r"(?![\w'’-]| [A-Z])"
_BARE_FORMS = _forms(LEGAL_FORMS - {"Spa", "SA", "AB"})
_WORDS_FORMS = _forms(LEGAL_FORMS - {"Spa"})
LEGAL_TAIL = re.compile(rf" (?:and|&)(?: (?:{_BARE_FORMS}))+{_FORMS_END}"
                        rf"|(?: [A-Z][\w'’-]*){{1,3}}?(?: (?:{_WORDS_FORMS}))+{_FORMS_END}"
                        rf"|(?: (?:{_BARE_FORMS}))+{_FORMS_END}")
_LEGAL_FORMS_FOLDED = {form.casefold().replace(".", "") for form in LEGAL_FORMS}


def ends_in_legal_form(name: str) -> bool:
    """Whether a name of two words or more ends in a legal form, however written ("Philip Morris
    Cos", "Carrozzeria Bertone S.P.A.", "Montenay S.A")."""
    words = name.split()
    return len(words) > 1 and words[-1].casefold().replace(".", "") in _LEGAL_FORMS_FOLDED


def _join_legal_forms(text: str, spans: list[Span]) -> list[Span]:
    """A firm's name the model split at its "and" ("Merrill Lynch" + "Co Inc", "Standard and" +
    "Poor's Corp", "American Telephone and" + "Telegraph Co"): a span ending in a legal form
    runs back over the "and" to the name before it, the model's span of that name (when the span
    after the "and" is legal forms only) or capitalised words of no span ("Standard"). "IBM and
    Apple Computer Inc" stays two firms: "IBM" is a span of its own and "Apple Computer Inc" a
    name without the "and"."""
    mended: list[Span] = []
    for span in spans:
        words = span.text.strip("<>").split()       # "Co Inc>": Reuters' ticker markup, cut later
        if span.label in ("ORG", "PERSON", "GPE", "NORP") and words and words[-1] in LEGAL_FORMS:
            joiner = re.match(r"\s+(?:and|&)\s+$", text[mended[-1].end:span.start]) if mended else None
            head = FIRM_HEAD.search(text, max(0, span.start - 60), span.start)
            if joiner and all(word in LEGAL_FORMS for word in words):
                start = mended.pop().start
                span = Span(text[start:span.end], start, span.end, "ORG")
            elif head and not (mended and mended[-1].end > head.start()):
                span = Span(text[head.start():span.end], head.start(), span.end, "ORG")
        mended.append(span)
    return mended


def _run_on_legal_forms(text: str, spans: list[Span]) -> list[Span]:
    """A name the text goes on after, to a legal form, over words of no span (LEGAL_TAIL) is a
    firm's cut short: "Kokusai Denshin" of "Kokusai Denshin Denwa Co Ltd", "J.P. Morgan" of
    "J.P. Morgan and Co", "Texas" of "Texas Instruments Inc". Never over another name ("IBM and
    Apple Computer Inc" are two firms), nor from a country's name or an abbreviated one: "in Japan
    Nippon Steel Corp", "U.S. Allis-Chalmers Corp" say where the firm is."""
    mended: list[Span] = []
    for i, span in enumerate(spans):
        tail = LEGAL_TAIL.match(text, span.end)
        if tail and span.label in PLACE_LABELS and gazetteer.place_kind(span.text) == "country":
            tail = None
        if (tail and span.label in SPAN_LABELS and not span.text.endswith(".")
                and (i + 1 == len(spans) or spans[i + 1].start >= tail.end())):
            span = Span(text[span.start:tail.end()], span.start, tail.end(), "ORG")
        mended.append(span)
    return mended


# A name cut after a connector, and the capitalised words that end it in the text.
ENDS_IN_CONNECTOR = re.compile(r" (?:of|for|of the|for the|and)$")
INNER_CONNECTOR = re.compile(r" (?:of|for) ")
NAME_TAIL = re.compile(r"(?: the)? [A-Z][\w'’-]*(?: (?:of|and|the|for|on) [A-Z][\w'’-]*| [A-Z][\w'’-]*)*")


ROMANCE_OF = re.compile(r" (?:do|da|de|das|dos|du|des|del|della|di) ")


def _join_romance_of(text: str, spans: list[Span]) -> list[Span]:
    """An organisation's span, a Romance "of" and the model's next span are one organisation the
    model split at the particle ("Banco" + "do" + "Brasil", "Banque" + "de" + "France"): the
    second half alone had been a person ("Brasil") or a place. Not before another organisation:
    "Arsenal do Chelsea a favour" is English. A person's particles are _run_on_particles'."""
    mended: list[Span] = []
    for span in spans:
        before = mended[-1] if mended else None
        if (before and before.label == "ORG" and span.label in SPAN_LABELS and span.label != "ORG"
                and ROMANCE_OF.fullmatch(text, before.end, span.start)):
            mended[-1] = Span(text[before.start:span.end], before.start, span.end, "ORG")
            continue
        mended.append(span)
    return mended


def _run_on_connectors(text: str, spans: list[Span]) -> list[Span]:
    """The run-on stops where the model's next span starts: that is another name."""
    mended: list[Span] = []
    for i, span in enumerate(spans):
        ends = ENDS_IN_CONNECTOR.search(span.text)
        if ends and span.label in SPAN_LABELS and (
                not ends.group().startswith(" and") or INNER_CONNECTOR.search(span.text)):
            next_start = spans[i + 1].start if i + 1 < len(spans) else len(text)
            tail = NAME_TAIL.match(text, span.end, max(span.end, next_start - 1))
            if tail:
                span = Span(text[span.start:tail.end()], span.start, tail.end(), span.label)
        mended.append(span)
    return mended


# Where a span's name stops: a dash between spaces or an unclosed bracket opens another clause; a
# full stop after a word (not an initial: "J. Smith", "U.S. Open") ends the sentence.
CLAUSE_BREAK = re.compile(r"\s+[-–—]+(?:\s|$)|\s*\((?![^()]*\))|(?<=[a-z]{3})\.\s")
JOINING = "-–—(/&+,;:"
MARKUP_FREE = re.compile(r"[^<>]+")
# Lower-case words a name may end in: none, but a person's particles and surnames are kept by
# their own rules (normalise.clean, _run_on_particles).
LOWER_TAIL = re.compile(r"(?:\s+(?:(?!%s)[a-z][\w'’.-]*|[^\w\s]+))+$" % PARTICLE_SURNAME.pattern)


# Lower-case words a name holds inside ("Bank of England", "Trinidad and Tobago", "Vincent van
# Gogh"); any other ("Campbell rescues Arsenal", "Ireland v USA": a headline) ends it.
CONNECTORS = {"of", "and", "the", "for", "on", "upon", "in", "de", "du", "des", "la", "le", "les",
              "van", "von", "der", "den", "da", "do", "di", "del", "della", "dos", "das", "y", "e", "am",
              "an", "au", "aux", "bin", "ibn", "ben", "al", "el", "ter", "ten", "zu", "st"}
INNER_LOWER = re.compile(r" ([a-z][\w'’.]*)(?= )")
# "Ex-Boeing director", "anti-EU": a prefix is not part of the name it is glued to.
# A prefix that starts a longer name is its own ("World Anti-Doping Agency"): only a lone word loses it.
PREFIX = re.compile(r"^(?:[Ee]x|[Aa]nti|[Pp]ro|[Nn]on|[Pp]ost|[Pp]re)-(?=[A-Z][^ ]*$)")


def trim(text: str) -> tuple[int, str]:
    """(characters cut from the start, the name) of a span's text, its ends cleaned as the module
    docstring says; the name may come back empty."""
    if "<" in text or ">" in text:
        # markup is no part of a name (Reuters-21578's tickers: "BAC> Bank of America", "Dart
        # Group Inc>"): the longest run between angle brackets is
        start, piece = max(((m.start(), m.group()) for m in MARKUP_FREE.finditer(text)),
                           key=lambda found: len(found[1].strip()), default=(0, ""))
        lead, name = trim(piece)
        return start + lead, name
    cut = CLAUSE_BREAK.search(text)
    if cut:
        text = text[:cut.start()]
    inner = next((m for m in INNER_LOWER.finditer(text) if m.group(1) not in CONNECTORS), None)
    if inner:
        text = text[:inner.start()]
    prefix = PREFIX.match(text)
    if prefix:
        return prefix.end(), text[prefix.end():]
    text = LOWER_TAIL.sub("", text).rstrip(JOINING + " ")
    lead = len(text) - len(text.lstrip(JOINING + " "))
    return lead, text[lead:]


# Up to three words beside a span that may complete it to a name the tables write out: capitalised
# words and the small words inside names ("Lord of the" + "Rings").
WORDS_AFTER = re.compile(r"(?: (?:[A-Z][\w'’-]*|of|the|and)){1,3}")
WORDS_BEFORE = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*(?: (?:[A-Z][\w'’-]*|of|the|and)){0,2} $")


def _run_on_known_names(text: str, spans: list[Span]) -> list[Span]:
    """A span the model took a word or more short of a name the tables write out (an alias, a
    party, a work, an event) runs on over those words, before or after it ("Liberal" +
    "Democrat", though "Democrat" is a party's word itself and its own NORP span; "Lord of the" +
    "Rings"), swallowing what the model made of them. A place's span is never run on."""
    places = [(s.start, s.end) for s in spans if s.label in PLACE_LABELS]
    mended: list[Span] = []
    swallowed_until = -1
    for span in spans:
        if span.start < swallowed_until:
            continue
        if span.label in SPAN_LABELS and span.label not in PLACE_LABELS:
            completed = _completed(text, span, places)
            if completed:
                span = completed
                swallowed_until = span.end
                while mended and mended[-1].end > span.start:
                    mended.pop()
        mended.append(span)
    return mended


def _completed(text: str, span: Span, places: list[tuple[int, int]]) -> Span | None:
    """The longest name the tables know made of ``span`` and words right before or after it,
    none of which the model took for a place ("US" of "US Federal Reserve" stays the place)."""
    label = "ORG" if span.label == "NORP" else span.label
    after = WORDS_AFTER.match(text, span.end)
    before = WORDS_BEFORE.search(text, max(0, span.start - 60), span.start)
    candidates = []
    if after:
        words = after.group().split(" ")[1:]
        candidates += [(span.start, span.end + len(" ".join(words[:n])) + 1) for n in range(1, len(words) + 1)]
    if before:
        words = before.group().split(" ")[:-1]
        candidates += [(span.start - len(" ".join(words[-n:])) - 1, span.end) for n in range(1, len(words) + 1)]
    for start, end in sorted(candidates, key=lambda c: c[0] - c[1]):
        if tables.is_written_name(text[start:end]) and not overlaps(start, span.start, places) \
                and not overlaps(span.end, end, places):
            return Span(text[start:end], start, end, label)
    return None

