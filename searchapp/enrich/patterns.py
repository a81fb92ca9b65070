"""Entities the small model misses, found by their shape.

Results lists, scorer lines and squad lists are where the model fails most (it was trained on
prose), and names after a title. Five shapes are trusted:
- ``Pete Sampras (U.S.) beat ...``: a name followed by a country in brackets is a person, unless a
  lone score follows (``Flamurtari Vlore (Albania) 0``: a team, so an organisation);
- ``Lubarskij (50th minute)``: a name before an ordinal in brackets is a goal scorer;
- ``D. Cork``, ``R. Croft``: an initial and a surname is a person;
- ``spokesman Glyn Davies``, ``Prime Minister Necmettin Erbakan``, ``Dr Vancheshwar``: a title or a
  role right before capitalised words (unless the model has a longer person there, a place, or a
  name it began before the title: ``Don King Productions``);
- ``Forwards - Oliver Bierhoff, Fredi Bobic, ...``: in a comma list where the model found at least
  two persons, the other items shaped like names are persons too.
Places: a capitalised word or two the gazetteer knows as an unambiguous place (country, region,
big city), or any known place after "in"/"at", that no model entity covers.
"""
from __future__ import annotations

import re

from searchapp import gazetteer
from searchapp.enrich.entities import Span

_TOKEN = r"(?:[A-Z]\.(?:[A-Z]\.)*|(?:Mc|Mac|O'|O’|D'|d')?[A-Z][a-zà-ÿ]+(?:[A-Z][a-zà-ÿ]+)?(?:-[A-Za-z][a-zà-ÿ]+)*)"
TOKEN = _TOKEN
_PARTICLE = r"(?:van|der|den|de|da|del|von|el|al|le|la|dos|di|ter)"
NAME = rf"{_TOKEN}(?: (?:{_PARTICLE} )*{_TOKEN}){{1,3}}"
NAME_RE = re.compile(NAME)
COMPASS = {"N": "North", "S": "South", "E": "East", "W": "West"}
ORG_WORDS = {
    "united", "city", "rovers", "athletic", "athletico", "fc", "wanderers", "hotspur", "rangers",
    "albion", "town", "county", "sporting", "real", "dynamo", "dinamo", "spartak", "hapoel",
    "maccabi", "betar", "legia", "fortuna", "hansa", "borussia", "atletico", "olympique",
    "newsroom", "ag", "nv", "inc", "corp", "ltd", "co", "plc", "sa", "bank", "group", "cup",
    "open", "club", "association", "party", "council", "university", "hospital", "championship",
    "league", "division", "ministry", "department", "committee", "agency", "exchange", "index",
    "clube", "shipping", "authority", "commission", "union", "board", "corporation", "company",
    "technologies", "holdings", "airlines", "airways", "motors", "federation", "institute",
    "foundation", "alliance", "organisation", "organization", "parliament", "assembly",
    "police", "army", "trust", "fund", "partners", "securities", "insurance", "telecom", "bancorp",
    "banque", "banco", "banca", "brothers", "bros", "freres", "sons", "international", "administration",
    # legal forms of other countries, folded, wherever they stand ("N.V. Philips"); the short ones
    # ("AB", "Oy", "Spa": a town too) and "S.A." only end a firm's name (boundaries.LEGAL_FORMS)
    "gmbh", "n.v", "b.v", "s.p.a", "oyj", "bhd", "pty", "ltda", "sarl", "llc", "llp",
}
# Given names, to tell "Marc-Antoine Leclerc" (a person the model tagged ORG) from an organisation.
# Compact on purpose: common newswire first names across languages; the article's own model
# persons add the rest (see normalise._Article.given_names).
GIVEN_NAMES = set("""
aaron abdul abdullah adam adrian ahmed ahmad alain alan albert alberto alejandro aleksandr alex
alexander alexandre alexei alfred ali alice alison amanda amina amy ana anatoly anders andre andrea
andreas andrei andrew andres andrzej angela angelo ann anna anne annelies anthony antoine anton
antonio arnold arthur artur barbara barry ben benjamin bernard bernd bill bob boris brian bruce
bruno carl carla carlo carlos caroline catherine cedric charles chris christian christine
christopher claude claudia colin craig daniel danny david dennis diana diego dieter dmitry
dominique donald douglas edward elena elizabeth emma emmanuel enrique eric erik ernst eva fabio
felipe felix fernando francesco francis francisco frank franz fred frederic friedrich gabriel
gary george georges gerald gerhard giorgio giovanni giuseppe gordon graham greg gregory guido
guillermo gunter gustavo hans harald harold harry hassan heinz helen helena helmut henri henrik
henry hugo ian igor ingrid isabel ivan jack jacques james jan jane janet jean jeff jeffrey
jennifer jens jeremy jerry jim joachim joao joe johan johann johannes john jon jonathan jorge
jose josef joseph juan julia julian jurgen karel karen karin karl kate katherine keith ken kenneth
kevin klaus kurt lars laura laurent lee leo leon leonid linda lisa louis luc luca lucas luis
luigi lukas manuel marc marcel marco marcus margaret maria mario mark martin mary massimo
matthew maurice max mehmet michael michel michele miguel mikael mikhail mohamed mohammad
mohammed muhammad nancy nathan neil nelson nicholas nick nicolas nikolai norbert oksana olga
oliver omar oscar pablo paolo pascal patricia patrick paul pedro peter petr philip philippe
pierre rafael ralph ramon raymond renato rene ricardo richard robert roberto robin roger roland
ronald ruth ryan said salah salvador samuel sandra sara sarah sebastian sergei sergio simon
stefan stephen steve steven susan sven tatiana thomas tiago tim timothy tom tomas tony ulrich
uwe victor vincent viktor vladimir volodymyr walter werner william willem wolfgang yasser yuri
zoe
""".split())
# Unit and currency abbreviations of financial tables ("Revs", "Avg", "U.S. Dlrs"): never a name.
ABBREVIATIONS = {
    "dlr", "dlrs", "avg", "rev", "revs", "pct", "mln", "mlns", "bln", "blns", "cts", "ct", "shr",
    "shrs", "qtr", "qtrs", "yr", "yrs", "vs", "oper", "opg", "ebit", "eps", "pts", "stg", "yen",
    "francs", "guilders", "lire", "pesos", "rupees", "roubles", "tonnes", "bpd",
    "rbi", "rbis",      # a baseball table's runs batted in
}
COUNTRY_IN_BRACKETS = re.compile(
    rf"(?<![\w.])(?P<name>{NAME}) \((?P<where>[^()\n]{{2,30}})\)(?=(?P<after>[^\n]{{0,12}}(?:\n|$)|[^\n]{{12}}))")
SCORER = re.compile(rf"(?<![\w.])(?P<name>{_TOKEN}(?: {_TOKEN}){{0,2}}) \(\d+(?:st|nd|rd|th)\b")
# "spokesman Glyn Davies", "Prime Minister Necmettin Erbakan", "seventh seed Todd Martin", "Dr
# Vancheshwar": a title or a role right before capitalised words; an honorific may stand before one
# name, any other before two to four. No monarch's or officer's word ("King", "Prince", "General",
# "Commander"): they begin companies, days and places ("King Pharmaceuticals", "Prince Edward
# Island", "General Electric").
_HONORIFICS = r"(?:Mr|Mrs|Ms|Dr)\.?"
_TITLES = (r"President|Prime Minister|Minister|Premier|Chancellor|Senator|Governor|Mayor|Judge|Colonel"
           r"|(?:Col|Gen|Prof)\.|Admiral|Ayatollah|Archbishop|Bishop|Cardinal|Professor"
           r"|[Ss]pokesman|[Ss]pokeswoman|[Ll]awyer|[Aa]mbassador|[Ee]nvoy|[Cc]hairman|[Cc]hairwoman"
           r"|[Dd]iplomat|[Ss]eed|[Cc]oach|[Ss]triker|[Dd]efender|[Mm]idfielder|[Gg]oalkeeper|[Ss]kipper")
# after the name no letter, hyphen or full stop of a longer word; a possessive may follow ("Guy's")
TITLED_NAME = re.compile(
    rf"(?<![\w.])(?:(?:{_HONORIFICS}) (?P<one>{_TOKEN}(?: {_TOKEN})?)(?![\w-]|\.\w)"
    rf"|(?:{_TITLES}) (?P<name>{NAME})(?![\w-]|\.\w))")
CALENDAR_WORDS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
                  "February", "March", "April", "June", "July", "August", "September", "October",
                  "November", "December"}
INITIAL_SURNAME = re.compile(
    r"(?<![\w.])(?P<name>(?:[A-Z]\. ?){1,2}(?:Mc|Mac|O'|O’)?[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?)(?![\w.])")
LIST_HEAD = re.compile(r"^[^,\n]{0,40}?(?: - |: )")
LIST_SEPARATOR = re.compile(r", |; | and ")
SURNAME_LIST_MIN = 5      # items of a line-up written as bare surnames ("Orquera, Troncon; Lo Cicero, ...")
SURNAME = re.compile(rf"(?:{_PARTICLE} |[A-Z][a-z]? )?{_TOKEN}")
BRACKETED_TAIL = re.compile(r" \([^()]*\)$")
CAPITALISED = re.compile(r"(?<![\w.'’-])[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*")
PLACE_WORDS = 3           # the longest place name looked up inside a run of capitalised words
LOCATIVE = re.compile(r"\b(?:[Ii]n|[Aa]t|[Nn]ear)\s+$")
# What a market does in a company or a security ("gains in Toyota", "confidence in Nokia",
# "turnover in U.K. Equities"), before "in": per article, a known place the model called a firm
# after these stays a firm
MARKET_IN_BEFORE = re.compile(r"\b(?:gains?|loss(?:es)?|falls?|rises?|rally|rebounds?|drops?|declines?"
                              r"|trading|holdings?|investments?|invested|investing|interest|confidence|faith"
                              r"|trust|stakes?|shares?|stock|turnover|making markets|market making)\s+in\s+$",
                              re.IGNORECASE)
# Words of markets that no place's "in" follows, which the archive-wide pass reads ("losses in
# Fallujah", "trading in London", "investment in China" of the list above are places' as often)
SECURITIES_IN_BEFORE = re.compile(r"\b(?:turnover|stocks?|dealings|making markets|market mak(?:ing|ers))\s+in\s+$",
                                  re.IGNORECASE)
# "Flamurtari Vlore (Albania) 0 Chemlon Humenne": one score, then the other team. Golf and
# tennis lines ("Tom Lehman (U.S.) 67 70", "(U.S.) 6-3") are persons.
TEAM_SCORE = re.compile(r"^[ \t]*\d+(?:[ \t]+\(?[A-Z]|[ \t]*$)")
RANK = re.compile(r"[ \t]*\d{1,3}\.[ \t]")
# Abbreviations shaped like initials: "U.S. President", "A.L. East", "F.C. Porto".
NOT_INITIALS = {"U.S.", "U.N.", "U.K.", "A.L.", "N.L.", "F.C.", "E.C.", "E.U.", "S.A.", "N.Y."}


def _is_name(text: str) -> bool:
    tokens = text.split()
    return (not any(t.casefold().rstrip(".") in ORG_WORDS for t in tokens) and not gazetteer.is_place(text)
            and not abbreviated_place(text))


def abbreviated_place(text: str) -> bool:
    """ "S. Africa", "N. Korea": a compass point's initial before the rest of a place's name."""
    compass = COMPASS.get(text[:1])
    return bool(compass and re.match(r"[NSEW]\.? \S", text) and gazetteer.is_place(f"{compass} {text.split(' ', 1)[1]}"))


def person_spans(text: str, model: list[Span]) -> list[Span]:
    """PERSON spans found by shape (see the module docstring); a team before a score is an ORG."""
    found: list[Span] = []
    for match in COUNTRY_IN_BRACKETS.finditer(text):
        name, where = match.group("name"), match.group("where")
        if gazetteer.place_kind(where) in ("country", "variant", "region") and _is_name(name):
            line_start = text.rfind("\n", 0, match.start()) + 1
            ranked = RANK.match(text, line_start)     # "8. Sally Boyden (Britain) 9": a placing
            label = "ORG" if TEAM_SCORE.match(match.group("after")) and not ranked else "PERSON"
            found.append(Span(name, match.start("name"), match.end("name"), label))
    for pattern in (SCORER, INITIAL_SURNAME):
        for match in pattern.finditer(text):
            initials = match.group("name").split(" ")[0]
            if (initials not in NOT_INITIALS and _is_name(match.group("name"))
                    and not _inside_a_longer_name(match.start("name"), match.end("name"), text, model)):
                found.append(Span(match.group("name"), match.start("name"), match.end("name"), "PERSON"))
    found += _titled_persons(text, model)
    found += _listed_persons(text, model)
    return found


def _inside_a_longer_name(start: int, end: int, text: str, model: list[Span]) -> bool:
    """Whether the model's longer name covers an initial-and-surname shape: a person's full name
    with a middle initial ("Peter F. Smith", not "F. Smith") or a firm's name with its legal form
    or another organisation word ("E.F. Hutton Group Inc", "J.P. Morgan and Co"). The shape is for
    the tables and lists the model misses, not for cutting what it read whole."""
    for span in model:
        if span.start <= start and end <= span.end and span.end - span.start > end - start:
            if span.label == "PERSON" and not re.search(r"[,;\n]", span.text):   # not a list's run-on
                return True
            rest = (text[span.start:start] + " " + text[end:span.end]).split()
            if span.label == "ORG" and any(word.casefold().rstrip(".,") in ORG_WORDS for word in rest):
                return True
    return False


def _titled_persons(text: str, model: list[Span]) -> list[Span]:
    """The names after a title or a role (TITLED_NAME), but one inside the model's longer person
    ("Abdul Rashid Dostum II"), in a span the model began before the title ("Don Judge
    Productions") or one the model makes a place with the title ("Mayor Island"); a day's or a
    month's name after the name is cut ("President Bush Monday")."""
    found = []
    for match in TITLED_NAME.finditer(text):
        group = "one" if match.group("one") else "name"
        words = match.group(group).split(" ")
        while words and words[-1] in CALENDAR_WORDS:
            words.pop()
        name, start = " ".join(words), match.start(group)
        end = start + len(name)
        covering = [s for s in model if s.start <= match.start() < s.end or s.start <= start and end <= s.end]
        if (not name or any(s.start < match.start() or s.label in ("GPE", "LOC", "FAC")
                       or (s.label == "PERSON" and s.end - s.start > end - start) for s in covering)
                or not _is_name(name) or gazetteer.is_place(words[0])):
            continue
        found.append(Span(name, start, end, "PERSON"))
    return found


def _listed_persons(text: str, model: list[Span]) -> list[Span]:
    persons = {(s.start, s.end) for s in model if s.label == "PERSON"}
    found: list[Span] = []
    position = 0
    for line in text.split("\n"):
        head = LIST_HEAD.match(line)
        body_start = head.end() if head else 0
        items, cursor = [], body_start
        for piece in LIST_SEPARATOR.split(line[body_start:]):
            start = line.index(piece, cursor)
            cursor = start + len(piece)
            piece = BRACKETED_TAIL.sub("", piece.rstrip(". "))   # "Sebastien Fournier (Stuttgart)"
            items.append((position + start, position + start + len(piece), piece))
        if len(items) >= 3:
            model_persons = sum((a, b) in persons for a, b, _ in items)
            surnames = len(items) >= SURNAME_LIST_MIN
            shaped = [(a, b, p) for a, b, p in items
                      if (NAME_RE.fullmatch(p) or (surnames and SURNAME.fullmatch(p))) and _is_name(p)]
            if model_persons >= 2 and len(shaped) * 10 >= len(items) * 6:
                found += [Span(p, a, b, "PERSON") for a, b, p in shaped if (a, b) not in persons]
        position += len(line) + 1
    return found


def place_spans(text: str, taken: list[tuple[int, int]], lower_words: set[str]) -> list[Span]:
    """Known places no model entity covers: unambiguous ones anywhere, others after "in"/"at".
    A word the article also writes in lower case is a common word ("FOR"), not a place."""
    covered = bytearray(len(text) + 1)          # 1 where a span already is: one lookup per window
    for a, b in taken:
        covered[a:b] = b"\x01" * (b - a)
    found = []
    for match in CAPITALISED.finditer(text):
        words = match.group().split(" ")
        offsets, at = [], match.start()
        for word in words:
            offsets.append(at)
            at += len(word) + 1
        for i in range(len(words)):
            for j in range(min(len(words), i + PLACE_WORDS), i, -1):
                begin = offsets[i]
                name = text[begin:offsets[j - 1] + len(words[j - 1])].rstrip(".,:;")
                end = begin + len(name)
                if not name or name.lower() in lower_words or covered.find(1, begin, end) >= 0:
                    continue
                if j < len(words) and words[j][1:2].islower() and words[j].casefold().rstrip(".,:;") in ORG_WORDS:
                    continue      # "Manchester United", "Exeter City": the place names an organisation
                if gazetteer.is_unambiguous_place(name) or (
                        gazetteer.is_place(name) and LOCATIVE.search(text[max(0, begin - 6):begin])):
                    found.append(Span(name, begin, end, "GPE"))
                    covered[begin:end] = b"\x01" * (end - begin)
                    break
    return found


def overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in taken)
