"""Sports tables and line-ups: who is a team and who is a player, by the shape of the line.

The small model reads "Lierse 4 Charleroi 0" as two persons or misses it, and misses most
scorers. These shapes are trusted, line by line:
- a results line, two or more sides each a name and its score, scorers in brackets after a side:
  "Lierse 4 Charleroi 0", "Lyon 2 (Caveglia 23rd, Giuly 30th) Nancy 0": the names are teams;
- a standings row whose first figures add up as played = won + drawn + lost
  ("Aston Villa 3 2 0 1 4 2 6", "Sporting Braga (Portugal) 9 4 3 2 13"): the name is a team;
- a fixture list "Morton v Falkirk, Partick v St Mirren": teams;
- a scorer "(Larsson 73rd", ", Van Gastel 83rd penalty" and a line-up place "15 - Christian Cullen",
  "(14 - Luis Pardo 71)": persons;
- a golfer's rounds "Corey Pavin 73 70 70 69", a batsman's or bowler's averages
  "Saeed Anwar 3 6 0 362 176 60.33", a scorecard "Saeed Anwar c Croft b Cork 176": persons;
- a wire byline "-- Dmitry Solovyov, Moscow Newsroom, +7095 941 8520": a person, then the
  newsroom (an organisation when written "Newsroom", its city when "newsroom");
- a byline above the story: the body's first line a name and nothing else ("Adrian Warner",
  then the dateline or the text), a known given name first, no place and no organisation's
  word in it: a person.
A team named as a country ("Germany 2 Armenia 0") is left to the place rules: news writes a
national side as its country.
"""
from __future__ import annotations

import re

from searchapp import gazetteer
from searchapp.enrich.entities import Span
from searchapp.enrich.patterns import GIVEN_NAMES, NAME, ORG_WORDS, TOKEN, overlaps

DIGIT = re.compile(r"\d")
# A results line or a standings row is short (a results line with a side's scorers in brackets:
# ~100 characters). SIDE tried along a longer line costs the square of its longest word: a
# 20,000-character token took 3.8 s, a line of a megabyte hours.
TABLE_LINE_CHARS = 500
# A team: capitalised words, a numeral ("Willem II", "1860 Munich") or a particle inside.
_WORD = r"(?:[A-Z][\w.'’&-]*|\d{4})"
TEAM = rf"{_WORD}(?: (?:{_WORD}|II|de|del|la|da|do|dos|di|du|des|am|an|of|and))*?"
_BRACKETS = r"\((?:[^()\n]|\([^()\n]*\))*\)?"
# A side: its name (its country or a mark in brackets) and its score; a cricket side's score is
# runs and wickets, maybe two innings ("Middlesex 199 and 226-1", "Kent 323-5 declared").
_SCORE = r"\d{1,3}(?:-\d{1,2})?(?: declared| all out)?(?: and \d{1,3}(?:-\d{1,2})?(?: declared)?)?"
SIDE = re.compile(rf"(?P<team>{TEAM})(?: \((?:[A-Z][^()\n]{{0,20}}|\*|N)\))? (?P<score>{_SCORE})"
                  rf"(?![\d.:/-])(?: (?P<scorers>{_BRACKETS}))?")
# "In Bergen: ", "At Leicester: ": where a results line's match was played.
VENUE = re.compile(r"^(?:(?:In|At) )?[A-Z][\w.' -]{1,30}: ")
SIDE_SEPARATOR = re.compile(r"^(?:[ ,;]| v )*$")
_PERSON = rf"(?:{NAME}|{TOKEN})"
# Golf rounds (two to four scores of 60 to 89), cricket averages (whole figures, then a decimal
# or "-"), a scorecard line ("c Croft b Cork 176", "b Wasim Akram 5", "lbw b Mushtaq 0").
ROUNDS = re.compile(rf"(?:^|, )(?:[+-]?\d+ )?(?P<name>{_PERSON})(?: \([^()\n]{{2,20}}\))?"
                    rf"(?= [6-8]\d(?: [6-8]\d){{1,3}}\b| through \d+$)", re.MULTILINE)
AVERAGES = re.compile(rf"^(?P<name>{_PERSON}) \d+(?: \d+(?:no)?){{3,}} (?:\d+\.\d\d|-)\s*$", re.MULTILINE)
SCORECARD = re.compile(rf"(?:^|\b[cb] |\bst )(?P<name>{_PERSON})(?= (?:c|b|lbw|st|run out|not out)\b| \d+$)",
                       re.MULTILINE)
BYLINE = re.compile(rf"^-- (?P<name>{NAME}), (?P<city>{TOKEN}(?: {TOKEN})?) (?P<room>[Nn]ewsroom)\b",
                    re.MULTILINE)
# The first line after the title's blank line (or the text's first line when the next is blank).
TOP_BYLINE = re.compile(rf"^(?:[^\n]*\n\n)?(?P<name>{NAME})\n(?=\S)")
STANDING = re.compile(rf"^(?P<team>{TEAM})(?: \([^()\n]{{2,20}}\))? (?P<figures>\d+(?: \d+){{3,}})\b")
AVERAGE = re.compile(r"\d\.\d\d\b")     # a batting or bowling average: a player's row, not a team's
# A baseball standings row: won, lost, then the winning percentage ("BALTIMORE 67 58 .536 5").
PERCENTAGE_ROW = re.compile(rf"^(?P<team>{TEAM}) (?P<won>\d+) (?P<lost>\d+) (?P<share>\.\d{{3}}|1\.000)\b")
# A ranked entrant and the team he drives or rides for, before his time ("2. David Coulthard
# (Britain) McLaren 1:54.342", "1. Name (Italy) Mapei 4:32:10").
ENTRANT_TEAM = re.compile(rf"^\d{{1,3}}\. {NAME} \([^()\n]{{2,30}}\) (?P<team>{TEAM}) (?=\d)", re.MULTILINE)
# A cricket innings: "At Colchester: Gloucestershire 280 (J. Russell 63", "Somerset 236-4 (M.
# Lathwell 85).", "Essex 72-0.", and its opponents "... 53 not out) v Glamorgan.".
INNINGS = re.compile(rf"^(?:(?:In|At) [A-Z][^:\n]{{1,30}}: (?P<team>{TEAM}) \d{{1,3}}(?:-\d{{1,2}})?"
                     rf"|(?P<side>{TEAM}) (?P<runs>\d{{2,3}})-\d{{1,2}})(?: declared| all out)?(?= \(|\.?$| v )", re.MULTILINE)
INNINGS_RUNS_MIN = 20     # "Halftime 1-0." is a football score, "Essex 72-0." an innings
OPPONENTS = re.compile(rf"(?:^|\) )v[ \n](?P<team>{TEAM})\.?$", re.MULTILINE)
# A squad list's player and his club: "H Ellis (Leicester); G Rowntree (Leicester), S Thompson
# (Northampton)" (three on a line at least; a country in brackets is the player's nation).
SQUAD_ENTRY = re.compile(rf"(?:^|[,;] ?)(?:{NAME}|{TOKEN}) \((?P<team>{TEAM})\)(?=[,;.]|$)", re.MULTILINE)
SQUAD_MIN = 3
# A wire service's desk at the foot of a story: "-- Sydney Newsroom 61-2 9373-1800",
# "-- E. Auchard, Wall Street bureau, 212-859-1736".
DESK = re.compile(r"^--? (?:[^,\n]{2,40}, )?(?P<desk>[A-Z][\w.]*(?: [A-Z][\w.]*){0,2} (?:Newsroom|Newsdesk|Desk|Bureau))\b",
                  re.MULTILINE)
FIXTURE = re.compile(rf"(?<![\w.])(?P<a>{TEAM})(?: [\d-]+)? v (?P<b>{TEAM})(?=[,.;]|$| \d)", re.MULTILINE)
# "Larsson 73rd", "Becanovic 79th pen", "Van Gastel 83rd penalty" after "(" or ", ".
SCORER = re.compile(rf"(?:\(|, )(?P<name>{TOKEN}(?: {TOKEN}){{0,2}}) \d{{1,3}}(?:st|nd|rd|th)\b")
# "15 - Christian Cullen,", "(14 - Luis Pardo 71)": a shirt number and a dash before a name.
LINE_UP = re.compile(rf"(?:^|[,;:(] ?|\bbeat )\d{{1,2}} - (?P<name>{NAME}|{TOKEN})(?=[,;)]|\.?$| \d)", re.MULTILINE)

# A line-up of initials and surnames, three or more on a line of their own ("A Titterrell, D
# Bell, S Borthwick, A Hazell."): the model reads the initial "A" as an article and takes the
# surname after it for an organisation or a place.
INITIALLED = rf"[A-Z] {TOKEN}(?: {TOKEN})?(?: \(capt\))?"
INITIALLED_LINE = re.compile(rf"{INITIALLED}(?:[,;] {INITIALLED}){{2,}}\.?")


def after_initial_a(text: str, start: int) -> bool:
    """Whether the name at ``start`` follows the initial "A" of a line-up of initials and
    surnames (INITIALLED_LINE), not the article of a sentence."""
    if text[start - 2:start] != "A ":
        return False
    line_start = text.rfind("\n", 0, start) + 1
    if start - 2 != line_start and text[start - 4:start - 2] not in (", ", "; "):
        return False
    line_end = text.find("\n", start)
    line = text[line_start:len(text) if line_end < 0 else line_end]
    return bool(INITIALLED_LINE.fullmatch(line.rstrip()))


def table_spans(text: str) -> tuple[list[Span], list[Span]]:
    """(teams as ORG spans, players as PERSON spans) of the text's tables and line-ups."""
    teams: list[Span] = []
    position = 0
    for line in text.split("\n"):
        if len(line) <= TABLE_LINE_CHARS and DIGIT.search(line):   # most lines are prose: no table
            teams += [Span(name, position + start, position + start + len(name), "ORG")
                      for name, start in _results_teams(line) + _standing_team(line)]
        position += len(line) + 1
    teams += [Span(m.group(g), m.start(g), m.end(g), "ORG") for m in _found(FIXTURE, text) for g in ("a", "b")]
    teams += [_named(m, "team") for pattern in (ENTRANT_TEAM, OPPONENTS) for m in _found(pattern, text)]
    teams += [_named(m, "team" if m.group("team") else "side") for m in _found(INNINGS, text)
              if m.group("team") or int(m.group("runs")) >= INNINGS_RUNS_MIN]
    # A scorer's shape is the weakest ("(Hamburg 2nd)" is a placing): a known place is not one.
    players = [_person(m) for m in _found(SCORER, text) if not gazetteer.is_place(m.group("name"))]
    players += [_person(m) for pattern in (LINE_UP, ROUNDS, AVERAGES, BYLINE) for m in _found(pattern, text)]
    players += [_person(m) for m in _found(SCORECARD, text) if _scorecard_line(text, m.start())]
    byline = TOP_BYLINE.match(text)    # at the top only: no search along the text
    players += [_person(byline)] if byline and _byline_name(byline.group("name")) else []
    teams += [Span(m.group("city") + " Newsroom", m.start("city"), m.end("room"), "ORG")
              for m in _found(BYLINE, text) if m.group("room") == "Newsroom"]
    teams += [_named(m, "desk") for m in _found(DESK, text)]
    teams += _squad_clubs(text)
    teams = [t for t in teams if _is_team(t.text)]
    taken = [(t.start, t.end) for t in teams]
    players = [p for p in players if not overlaps(p.start, p.end, taken)]
    return _first_of_each(teams), _first_of_each(players)


def _found(pattern: re.Pattern, text: str) -> list[re.Match]:
    """The pattern's matches, when the cheap test of GATES says the text may have any: a
    pattern tried at every comma of a long prose text costs more than all the others."""
    gate = GATES.get(pattern)
    return list(pattern.finditer(text)) if gate is None or gate.search(text) else []


def _squad_clubs(text: str) -> list[Span]:
    clubs: list[Span] = []
    position = 0
    for line in text.split("\n"):
        found = list(SQUAD_ENTRY.finditer(line)) if line.count("(") >= SQUAD_MIN else []
        if len(found) >= SQUAD_MIN:
            clubs += [Span(m.group("team"), position + m.start("team"), position + m.end("team"), "ORG") for m in found]
        position += len(line) + 1
    return clubs


def _named(match: re.Match, group: str, label: str = "ORG") -> Span:
    return Span(match.group(group), match.start(group), match.end(group), label)


def _person(match: re.Match) -> Span:
    return Span(match.group("name"), match.start("name"), match.end("name"), "PERSON")


GATES = {
    FIXTURE: re.compile(r" v "),
    SCORER: re.compile(r"\d(?:st|nd|rd|th)\b"),
    LINE_UP: re.compile(r"\d - "),
    ROUNDS: re.compile(r"[6-8]\d [6-8]\d\b| through \d"),
    AVERAGES: re.compile(r" (?:\d+\.\d\d|-)\s*$", re.MULTILINE),
    SCORECARD: re.compile(r"\b(?:b|lbw|c|st) [A-Z]"),
    BYLINE: re.compile(r"^-- ", re.MULTILINE),
    DESK: re.compile(r"^--? ", re.MULTILINE),
    ENTRANT_TEAM: re.compile(r"^\d{1,3}\. ", re.MULTILINE),
    INNINGS: re.compile(r"\d-\d|^(?:In|At) ", re.MULTILINE),
    OPPONENTS: re.compile(r"(?:^|\) )v\s", re.MULTILINE),
}


def _results_teams(line: str) -> list[tuple[str, int]]:
    """The teams of a line made only of sides ("Lierse 4 Charleroi 0"), at least two of them."""
    venue = VENUE.match(line)
    sides, cursor = [], venue.end() if venue else 0
    for match in SIDE.finditer(line, cursor):
        if not SIDE_SEPARATOR.match(line[cursor:match.start()]):
            return []
        sides.append((match.group("team"), match.start("team")))
        cursor = match.end()
    if line[cursor:].strip(" .,;") or len(sides) < 2:
        return []
    return sides


def _scorecard_line(text: str, at: int) -> bool:
    """A batting line: it ends in the runs scored ("Saeed Anwar c Croft b Cork 176")."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = text[start:end if end >= 0 else len(text)]
    return bool(re.search(r"\b(?:b|lbw|c|run out|not out)\b.* \d+$", line))


def _standing_team(line: str) -> list[tuple[str, int]]:
    """A standings row whose figures add up: played = won + drawn + lost, or points = 3 (or 2)
    a win and 1 a draw ("Chonan 1 0 0 5 4 3"), or a winning percentage of won and lost."""
    share = PERCENTAGE_ROW.match(line)
    if share:
        won, lost = int(share.group("won")), int(share.group("lost"))
        return [(share.group("team"), 0)] if won + lost and abs(won / (won + lost) - float(share.group("share"))) < 0.0015 else []
    match = STANDING.match(line)
    if not match or AVERAGE.search(line):
        return []
    figures = [int(n) for n in match.group("figures").split()]
    played, won, drawn, lost = figures[:4]
    points = figures[-1]
    adds_up = (played == won + drawn + lost and played > 0) or (
        len(figures) >= 6 and points > 0 and any(points in (3 * figures[i] + figures[i + 1], 2 * figures[i] + figures[i + 1])
                                                  for i in (0, 1)))
    return [(match.group("team"), 0)] if adds_up else []


def _byline_name(name: str) -> bool:
    """A writer's name: a known given name first ("Adrian Warner", not "Aston Villa"), no place's
    nor organisation's word in it."""
    words = name.split()
    return (len(words) <= 3 and words[0].casefold() in GIVEN_NAMES and not gazetteer.is_place(name)
            and not any(gazetteer.is_unambiguous_place(w) or w.casefold().rstrip(".") in ORG_WORDS for w in words))


def _is_team(name: str) -> bool:
    """A country's name is its national side, which the place rules keep."""
    return gazetteer.place_kind(name) not in ("country", "variant") and any(c.isalpha() for c in name)


def _first_of_each(spans: list[Span]) -> list[Span]:
    """Overlapping finds: the earliest, then the longest, is kept."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept
