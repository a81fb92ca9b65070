"""Span boundaries the model gets wrong, mended before normalisation reads the spans:
- a headline's slug glued to the name after it ("CRICKET - ENGLAND"): the slug is cut;
- a weekday glued to a name ("Kitzbuehel Saturday", "Gora Wednesday"): the weekday is cut, and
  a name glued to a weekday after "in", "at" or "near" is a place ("in Kitzbuehel Saturday"), as
  is one right after a place the model split off ("Kranjska" + "Gora Wednesday");
- a name cut before its lower-case particles ("Maria" of "Maria de los Santos", "Rafael van der"
  of "Rafael van der Vaart", "Abdul-Karim" of "Abdul-Karim al-Kabariti"): the person's span runs
  on over the particles and the capitalised word(s) after them, swallowing what the model made
  of those words.
"""
from __future__ import annotations

import re

from searchapp.enrich.entities import Span

GLUED_WEEKDAY = re.compile(
    r"(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:['’]s)?"
    r"(?:\s+(?:night|morning|afternoon|evening))?)$")
LOCATIVE = re.compile(r"\b(?:in|at|near|outside)\s+$", re.IGNORECASE)
_PARTICLES = r"(?:de|del|della|de la|de los|de las|van|van der|van den|van de|von|von der|der|den|da|das|dos|du|di|bin|ibn|ben|al|el|le|la|ter|ten)"
# After a person's span: particles (maybe already inside the span: "Rafael van der"), then
# capitalised words; "al-Kabariti", "el-Sayed" join with a hyphen.
PARTICLE_TAIL = re.compile(rf"(?: {_PARTICLES})*(?: {_PARTICLES} |(?: (?:al|el|ad|ash|bin))-)[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?")
ENDS_IN_PARTICLE = re.compile(rf" {_PARTICLES}$")
SPAN_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")


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
    return _run_on_particles(text, cut)


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
