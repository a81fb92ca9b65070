"""Names the texts give another name: "Mahmoud Abbas, also known as Abu Mazen", "Moya,
nicknamed Charly", "Anthony McPartlin and Declan Donnelly, known as Ant and Dec".

An acronym's definition (archive.acronym_definitions) can be checked by its letters; a nickname
has none, so only the phrase joins the two: the name before it must be one the model found (a
mention), and the nickname the whole run of capitalised words after it, up to the end of the
clause ("Ellen Simonetti, known as Queen of Sky" gives no "Queen"). A list of names takes a list
of as many nicknames, one each, in order."""
from __future__ import annotations

import re
from typing import Iterable, Iterator

CALLED = re.compile(r", (?:also |better |popularly |commonly |widely |affectionately |universally )?"
                    r"(?:known as|nicknamed) [\"“‘']?(?:the )?")
NICKNAME = re.compile(r"[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*")
LIST_JOIN = re.compile(r",? (?:and|&) |, ")
LAST_JOIN = re.compile(r",? (?:and|&) ")      # a list's last two names: a comma alone may end a clause
# what ends the nickname's clause: punctuation, the text's end, or a verb or a relative pronoun
CLAUSE_END = re.compile(r"[\"”’']?(?:[,.;:!?)]|\s*\Z|\s*\n| (?:who|which|is|was|are|were|has|have|had|said|says|"
                        r"will|would|can|could)\b)")
# the nickname of what the name leads, not of the name: "the movement led by John Garang, known as the SPLA"
LED_BY = re.compile(r"\b(?:led|founded|headed|chaired|run|formed|created|started|launched|owned|set up) by \Z")


def nickname_definitions(text: str, mentions: Iterable) -> Iterator[tuple[str, str]]:
    """(nickname, the value of the name it is given) for each definition in ``text``, whose
    ``mentions`` are (text, start, end, kind, value) in it."""
    ordered = sorted(mentions, key=lambda mention: mention[1])
    for at, mention in enumerate(ordered):
        called = CALLED.match(text, mention[2])
        if called is None:
            continue
        nicknames = _nicknames(text, called.end())
        first, names = _listed_before(text, ordered, at)
        if nicknames and len(nicknames) == len(names) and not LED_BY.search(text, max(0, first - 20), first):
            for nickname, value in zip(nicknames, names):
                if nickname != value:
                    yield nickname, value


def _nicknames(text: str, start: int) -> list[str]:
    """The nicknames from ``start``: one run of capitalised words, or a list of them whose last
    two "and" joins, that ends the clause; none when the run goes on in lower case ("Queen of
    Sky")."""
    found, joins, position = [], [], start
    while True:
        name = NICKNAME.match(text, position)
        if name is None:
            return []
        found.append(name.group())
        position = name.end()
        join = LIST_JOIN.match(text, position)
        if join and NICKNAME.match(text, join.end()):
            joins.append(join.group())
            position = join.end()
            continue
        if joins and not LAST_JOIN.fullmatch(joins[-1]):
            # "Abbas, known as Abu Mazen, Bush said": the comma ended the nickname's clause
            return found[:1] if CLAUSE_END.match(text, start + len(found[0])) else []
        return found if CLAUSE_END.match(text, position) else []


def _listed_before(text: str, ordered: list, at: int) -> tuple[int, list[str]]:
    """Where the list of names ending with mention ``at`` starts, and their values: "Anthony
    McPartlin and Declan Donnelly" gives both; "In Ramallah, Mahmoud Abbas" is no list."""
    names, first = [ordered[at][4]], at
    while first > 0:
        between = text[ordered[first - 1][2]:ordered[first][1]]
        if not (LAST_JOIN.fullmatch(between) if first == at else LIST_JOIN.fullmatch(between)):
            break
        first -= 1
        names.insert(0, ordered[first][4])
    return ordered[first][1], names
