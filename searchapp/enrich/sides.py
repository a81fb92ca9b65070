"""Sports prose: which names the text uses as sides (teams), not as the places or people they are named after.

"Newcastle boss Graeme Souness", "Milan beat Juventus", "Leicester were", "losses to Newcastle",
"joined Tottenham", "B Kay (Leicester)", "Hamburg side St Pauli": in a sports article a city's or a
county's name is mostly its club, and the small model reads it as the place (or a club's name as a
person). Per article, and only in sports text (``is_sporting``: at least SPORTS_WORDS_MIN distinct
words of sport, or a results table), a mention of a name is a side when the words around it say so:
- after it, a role in a team ("Leicester flanker", "Tottenham manager", "Ulster scrum-half"), the
  fans ("Everton fans"), or a plural verb ("Newcastle were", "Everton have": a town is singular);
- after it, a possessive with a team's word ("Leicester's 83-10 win", "Milan's front line") or a
  player's name ("Tottenham's Ledley King");
- before it, a result or a move ("beat", "lost to", "a draw with", "victory over", "against",
  "joined", "signed for", "on loan at", "side", "rivals");
- in brackets after a player's name ("B Kay (Leicester)");
- or heading a line-up ("Newcastle: Given, Carr, Boumsong, ...");
- or listed beside a side or an organisation ("Chelsea and Barcelona").
A side's name is the side all through the article but where the words put the place itself:
"in Newcastle", "the defeat at Newcastle" (a match's venue; "his time at Tottenham" is the club).
A country's name is its national side, which news and the annotation conventions keep a place;
a name shaped like a person's (a known given name first) is never a side, and the surname of a
person the article names in full is one only before a club's role ("Bobby Charlton" ... "Charlton
boss"; not "his victory over Korda", "join Redknapp"). For a name the model
tagged a person ("Everton", "St Pauli") only the shapes no player has count: team roles other than
a player's own, plural verbs, moves, brackets and line-ups ("Federer beat" is a player).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from searchapp import gazetteer
from searchapp.enrich import patterns
from searchapp.enrich.entities import Span

SPORTS_WORDS_MIN = 3
SPORTS_WORDS = frozenset("""
match matches goal goals striker strikers midfielder midfielders defender defenders goalkeeper keeper
coach season league cup tournament semi-final quarter-final semi-finals quarter-finals fixture fixtures
penalty innings wicket wickets batsman batsmen bowler bowlers race races lap laps podium medal medals
seed seeded scored scorer scorers squad squads player players club clubs stadium kick-off half-time
halftime referee inning homer homers pitcher pitchers rugby football soccer cricket tennis golf athletics
baseball hockey fly-half scrum-half flanker relegation promotion premiership champions championship
championships unbeaten draw drew defeat beat winger forwards rally sprint sprinter marathon olympic
olympics tries boxing boxer bout cyclist cycling jockey racing standings scoreboard skipper caps debut
hamstring clash replacements scrum line-out sin-bin touchline kicked athlete athletes hurdles relay indoor
finals champion team-mate defeats goalscorer injury-time fly-half
""".split())
WORD = re.compile(r"[A-Za-z][a-z-]+")
WINDOW = 60
# A role in a team, after the team's name: "Leicester flanker", "Newcastle boss".
_ROLES = (r"boss|manager|coach|chairman|director of rugby|captain|skipper|striker|midfielder|defender"
          r"|goalkeeper|keeper|winger|forward|full-back|fly-half|scrum-half|flanker|lock|prop|hooker|centre"
          r"|number eight|No 8|tight-head|loose-head|team-mate|player|players|star|youngster|academy"
          r"|fans|supporters|squad|pitcher|batsman|bowler|all-rounder|opener|quarterback|debut")
# Of these, the words that follow a player's own name too ("Federer coach" is rare, "Federer fans" is not).
_CLUB_ROLES = r"boss|manager|chairman|director of rugby|academy|squad|supporters|team-mate"
_TEAM_WORDS = (r"win|wins|victory|defeat|defeats|draw|loss|lead|goal|goals|side|team|defence|defense|attack"
               r"|midfield|front line|line-up|chances|hopes|title|ground|stadium|bench")
PLURAL_VERB = re.compile(r" (?:were|are|have) (?!been\b)")
LISTED = re.compile(r"(?:\band|\bor|&|,)\s+(?:the\s+)?(?:[a-z-]+\s+)?$")
AFTER = re.compile(rf" (?:(?:assistant|head|first-team|caretaker|former|new) )?(?:{_ROLES}|side(?! [A-Z])|team(?! [A-Z]))\b")
CLUB_AFTER = re.compile(rf" (?:{_CLUB_ROLES})\b")
POSSESSIVE = re.compile(rf"['’]s (?:[\w-]+ ){{0,4}}?(?:{_TEAM_WORDS}|{_ROLES})\b")
# "Chelsea and Barcelona", "Bayern Munich, Porto, Real Madrid", "Blackburn v Colchester": a
# name in a list or a fixture with a side.
JOINED = re.compile(r"^(?:,| and| or| &| v| vs) $")
POSSESSIVE_PLAYER = re.compile(r"['’]s (?:[a-z-]+ ){0,2}[A-Z][a-z]")
RESULT_BEFORE = re.compile(
    r"(?:\bbeat|\bbeating|\bbeaten by|\bdefeated|\bdefeat (?:to|by|at the hands of)|\blost to|\blosing to"
    r"|\blosses to|\bloss to|\bdraw with|\bdrew with|\bdrawn with|\bdraw against|\bwin over|\bwins over"
    r"|\bvictory over|\bvictories over|\bwin against|\bvictory against|\bagainst|\bv|\bvs|\bversus|\bface"
    r"|\bfaces|\bfacing|\bplay|\bplays|\bplaying|\bplayed|\bknocked out by|\beliminated by|\bclash with"
    r"|\btie with|\btie against|\btake on|\btakes on|\btaking on|\btook on|\bleaders)\s+$")
# Words before a name that only a team follows ("Hamburg side St Pauli", "signed for Everton").
CLUB_BEFORE = re.compile(
    r"(?:\bside|\brivals|\bclub|\boutfit|\bjoined|\bjoin|\bjoining|\bsigned for|\bsign for"
    r"|\bsigning for|\bsigned by|\bbid from|\boffer from|\bapproach from|\bmove to|\bmoved to|\bloan to|\bloan from|\bloan at|\bloan spell at"
    r"|\bspells? at|\bspells? with|\bstint at|\bstints at|\bplay for|\bplayed for|\bplaying for|\bplays for|\bcaptain of)\s+(?:the\s+)?$")
# "beat Korda 6-4 6-2": sets of tennis follow a player.
SETS = re.compile(r",? (?:\(\w+\) )?[0-7]-[0-7](?:\(\d+\))?,? [0-7]-[0-7]\b")
LINE_UP_HEAD = re.compile(r":\s*[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?, [A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?, [A-Z]")
# Where the place itself is meant: "in Newcastle", "the defeat at Newcastle" (a match's venue);
# "his time at Tottenham" is the club.
LOCATIVE = re.compile(r"(?:\b(?:[Ii]n|[Nn]ear|[Oo]utside)|\b(?:win|wins|victory|defeat|draw|loss|game|match|clash|tie|replay"
                      r"|fixture|won|lost|drew|drawn|beaten|played|win away|away)\s+at)\s+$")


@dataclass
class Sides:
    """The names an article uses as sides, and where a mention's own words say so."""

    names: set[str] = field(default_factory=set)      # casefolded
    said_at: set[int] = field(default_factory=set)    # starts of the mentions whose words say "side"

    def is_side(self, text: str, span) -> bool:
        """A mention of a side's name is the side, unless its own words make it the place
        ("in Newcastle", "the defeat at Newcastle": where a match was played)."""
        if span.text.casefold() not in self.names:
            return False
        return span.start in self.said_at or not LOCATIVE.search(text, max(0, span.start - 20), span.start)


def is_sporting(text: str, tables: bool = False) -> bool:
    """A sports article: a results table (``tables``), or SPORTS_WORDS_MIN distinct sports words."""
    if tables:
        return True
    return len({w.lower() for w in WORD.findall(text)} & SPORTS_WORDS) >= SPORTS_WORDS_MIN


def read(text: str, spans: list[Span], given: set[str], tables: bool = False) -> Sides:
    """The sides of a sports article (none elsewhere), by the words around their mentions."""
    found = Sides()
    if not is_sporting(text, tables):
        return found
    persons = {(s.start, s.end) for s in spans if s.label == "PERSON"}
    person_starts = {s.start for s in spans if s.label == "PERSON"}
    surnames = {s.text.split()[-1].casefold() for s in spans if s.label == "PERSON" and " " in s.text}
    for span in spans:
        if span.text.casefold() in surnames:
            # the surname of a person the article names in full is his, but after it a club's role
            # ("Charlton boss"): "victory over Korda", "join Redknapp", "champion Kenteris were" are his
            if CLUB_AFTER.match(text, span.end):
                found.names.add(span.text.casefold())
                found.said_at.add(span.start)
            continue
        # a big city's name the model took for a person is read as the place it will become
        person = span.label == "PERSON" and not gazetteer.is_unambiguous_place(span.text)
        if span.label in ("PERSON", "ORG", "GPE", "LOC") and _may_be_side(span, given) and _is_side(
                text, span, person, persons, person_starts):
            found.names.add(span.text.casefold())
            found.said_at.add(span.start)
    _join_lists(text, spans, found, given)
    return found


def _join_lists(text: str, spans: list[Span], found: Sides, given: set[str]) -> None:
    """A place's name listed beside a side or an organisation is a side too, and so on along a
    draw's lines ("Cardiff or Blackburn v Colchester": Colchester's "v" makes Blackburn one,
    and Blackburn Cardiff)."""
    ordered = sorted(spans, key=lambda s: s.start)
    heads = []      # where the list each name is part of starts
    for i, span in enumerate(ordered):
        follows = i and JOINED.match(text[ordered[i - 1].end:span.start])
        heads.append(heads[-1] if follows else span.start)
    joined = True
    while joined:
        joined = False
        for i, span in enumerate(ordered):
            place = gazetteer.is_unambiguous_place(span.text) if span.label == "PERSON" else gazetteer.is_place(span.text)
            if span.text.casefold() in found.names or not place or not _may_be_side(span, given):
                continue
            located = LOCATIVE.search(text, max(0, heads[i] - 20), heads[i]) is not None
            neighbours = ordered[max(0, i - 1):i] + ordered[i + 1:i + 2]
            if any(_a_side_beside(text, span, n, found, given, located) for n in neighbours):
                found.names.add(span.text.casefold())
                found.said_at.add(span.start)
                joined = True


def _a_side_beside(text: str, span: Span, neighbour: Span, found: Sides, given: set[str],
                   located: bool) -> bool:
    """Whether ``neighbour`` is a side or an organisation listed beside ``span``. In a list a
    place's phrase opens, the model's ORG on a known place is no organisation ("Heat records
    fall in Lisbon and Seville": two cities of a story that also names a club; "Derby and Leeds
    are interested" are the clubs)."""
    organisation = neighbour.label == "ORG" and not (located and gazetteer.is_place(neighbour.text))
    return ((organisation or neighbour.text.casefold() in found.names) and _may_be_side(neighbour, given)
            and JOINED.match(text[min(neighbour.end, span.end):max(neighbour.start, span.start)]) is not None)


def _may_be_side(span: Span, given: set[str]) -> bool:
    """Not a country (its national side is the place), nor a name shaped like a person's: a given
    name (known, or one the article's people have) and a surname."""
    words = span.text.split()
    if gazetteer.place_kind(span.text) in ("country", "variant") or len(words) > 4:
        return False
    first = words[0].split("-")[0].casefold()
    return not (len(words) > 1 and (first in patterns.GIVEN_NAMES or first in given))


def _is_side(text: str, span: Span, person: bool, persons: set, person_starts: set) -> bool:
    after = text[span.end:span.end + WINDOW]
    before = text[max(0, span.start - WINDOW):span.start]
    listed = bool(LISTED.search(before))
    if (not listed and PLURAL_VERB.match(after)) or CLUB_BEFORE.search(before) or CLUB_AFTER.match(after):
        return True
    if _in_brackets_after_player(text, span, persons) or (
            _line_start(text, span.start) and LINE_UP_HEAD.match(text, span.end)):
        return True
    # The weaker shapes follow players too ("beat Korda", "Seles's win"): only for a place's name.
    if person or not (span.label in ("GPE", "LOC") or gazetteer.is_place(span.text)):
        return False
    if AFTER.match(after) or POSSESSIVE.match(after) or (RESULT_BEFORE.search(before) and not SETS.match(after)):
        return True
    possessive = POSSESSIVE_PLAYER.match(after)
    return bool(possessive and span.end + possessive.end() - 2 in person_starts)


def _in_brackets_after_player(text: str, span: Span, persons: set) -> bool:
    """ "B Kay (Leicester)", "Savage (Blackburn)": the player's club."""
    if text[span.start - 1:span.start] != "(" or text[span.end:span.end + 1] != ")":
        return False
    opening = span.start - 2
    return any(end == opening for _, end in persons)


def _line_start(text: str, at: int) -> bool:
    return at == 0 or text[at - 1] == "\n"
