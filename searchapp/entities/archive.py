"""The archive-wide resolution pass: run at the end of every reindex, no NER.

Per article the pipeline decides alone; across the archive the same name comes out as a person
here and an organisation there, as "Blair" beside "Tony Blair", as "EU" beside "European Union".
This pass reads what the generation holds (each facet value's article count, and the texts for
"Full Name (ACRONYM)" definitions) and writes a ValueMap beside it (valuemap.VALUE_MAP_FILE),
which the search side applies when it builds its facet columns. Rules, in order:

1. word classes (tables.word_classes: parties, awards, leagues, ...): a value of a class is
   moved to the class's kind or hidden, wherever the class forbids it;
2. type votes: a value found under several kinds belongs to the one most of its articles give
   (VOTE_SHARE), but never to the places kind (its per-article rules use the gazetteer
   already), and a name shaped like a person's (a known given name, then capitalised words) is
   a person wherever the people kind has it;
3. aliases: the curated table (tables.aliases), then acronyms defined in the archive's texts;
   of the forms of one thing, the one most articles use is shown;
4. bare surnames of the people kind fold into the one full name that dominates them, archive-
   wide and in the period of every article that writes the surname alone (PERIOD_YEARS); when
   two periods have two different men ("Bush" of 1987 and of 2005) it is left alone; a bare
   given name in many articles ("David") is hidden;
5. a one-word name of organisations folds the same way into the longer name it starts, when
   the archive uses that name at least as often ("Northwind" -> "Northwind Shipping");
6. a one-word name of the people kind that no full name explains moves to the kind the words
   around it in the texts say ("oil firm Yukos", "Everton have": tables.contexts).
"""
from __future__ import annotations

import logging
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import gazetteer
from ..enrich.patterns import GIVEN_NAMES
from ..enrich.entities import readable_part
from ..facets import FACETS
from ..store import generations
from ..store.schema import split_keywords
from . import forms, tables, valuemap
from .valuemap import ValueMap

log = logging.getLogger(__name__)

VOTE_SHARE = 0.6          # of a value's articles one kind must have to take it everywhere
VOTE_MIN_ARTICLES = 5
SURNAME_SHARE = 0.75      # of the articles of full names ending in a surname one name must have
SURNAME_MIN_ARTICLES = 2
PERIOD_YEARS = 2          # a surname's period: the full names of articles this many years either side
GIVEN_HIDE_MIN = 5        # articles a bare given name needs before it is hidden (a rare one is a mention)
CONTEXT_MIN = 3           # times the texts must put a one-word name beside another kind's words
CONTEXT_MARGIN = 3        # ... and this many times more often than beside its own kind's
# "Full Name (ACRONYM)": the acronym in brackets, then the capitalised words (and the small words
# between them) that end just before it, within DEFINITION_WINDOW characters. One pattern for both
# parts tried at every capital letter took time growing with the square of a run of capitalised
# words (20,000 of them: 211 s).
ACRONYM = re.compile(r"\s+\(([A-Z][A-Za-z&.]{1,9})\)")
FULL_NAME = re.compile(r"(?:[A-Z][\w'&.-]*\s+(?:(?:of|and|for|the|on|de|du|des|&)\s+)*)+[A-Z][\w'&.-]*\Z")
DEFINITION_WINDOW = 300


@dataclass
class ArchiveValues:
    """What the pass reads: articles per value per kind, and acronym definitions."""

    counts: dict[str, Counter]                 # kind -> value -> articles
    definitions: Counter                      # (acronym, full name) -> times defined
    contexts: dict[str, Counter]              # one-word name -> kind -> times its context says so
    # people kind: value -> year -> articles (dated articles only), for folding surnames by period
    years: dict[str, Counter] = field(default_factory=dict)
    forms: Counter = field(default_factory=Counter)   # (kind, value, form as written) -> articles


def read_values(generation: Path) -> ArchiveValues:
    """What the pass needs from a generation: each live article's stored values, body and
    mentions (whose written forms the entity pages list)."""
    written: Counter = Counter()

    def articles(searcher):
        for stored in searcher.reader().all_stored_fields():
            written.update(forms.article_forms(stored.get("mentions", ())))
            yield ({facet.kind: split_keywords(stored.get(facet.field)) for facet in FACETS},
                   stored.get("body", ""), stored.get("pubdate"))

    with generations.open_generation(generation).searcher() as searcher:
        found = values_of(articles(searcher))
    found.forms = written
    return found


def values_of(articles: Iterable[tuple]) -> ArchiveValues:
    """From (facet kind -> values, body[, publication date or None]) of every article."""
    counts = {facet.kind: Counter() for facet in FACETS}
    definitions: Counter = Counter()
    contexts: dict[str, Counter] = defaultdict(Counter)
    years: dict[str, Counter] = defaultdict(Counter)
    people = _people_kind()
    read_context = _context_reader(tables.contexts())
    for entities, body, *published in articles:
        for kind, values in entities.items():
            counts[kind].update(set(values))
        if published and published[0] is not None and people in entities:
            for value in set(entities[people]):
                years[value][published[0].year] += 1
        text = readable_part(body)   # as the pipeline read it (all of a news article)
        definitions.update(acronym_definitions(text))
        for name, kind in read_context(text):
            contexts[name][kind] += 1
    return ArchiveValues({kind: _sorted(found) for kind, found in counts.items()}, _sorted(definitions),
                         {name: _sorted(kinds) for name, kinds in sorted(contexts.items())},
                         {value: _sorted(per_year) for value, per_year in sorted(years.items())})


def _sorted(found: Counter) -> Counter:
    """``found`` in the order of its keys. Every rule that meets a tie (max, most_common) takes the
    first value it meets, so without this a tie was decided by the order of a set of one article's
    values, i.e. by the reindex process's hash seed: two runs over the same articles could merge
    "BBC Broadcast" into "BBC Outside Broadcasts" or the other way round. Sorted, the pass depends
    on what the articles hold, not on the order it reads them in."""
    return Counter(dict(sorted(found.items())))


def _context_reader(table: tables.Contexts):
    """A function: text -> (one-word name, kind its neighbour word says) for each occurrence."""
    before = re.compile(r"\b(%s) ([A-Z][\w-]+)\b(?! [A-Z])" % "|".join(map(re.escape, table.before)))
    after = re.compile(r"([A-Z][\w-]* )?\b([A-Z][\w-]+)(?:'s)? (%s)\b" % "|".join(map(re.escape, table.after)))

    def read(text: str) -> list[tuple[str, str]]:
        found = [(m.group(2), table.before[m.group(1)]) for m in before.finditer(text)]
        found += [(m.group(2), table.after[m.group(3)]) for m in after.finditer(text) if not m.group(1)]
        return found

    return read


def acronym_definitions(text: str) -> list[tuple[str, str]]:
    """("EU", "European Union") for each "European Union (EU)" in ``text``."""
    found, after = [], 0
    for match in ACRONYM.finditer(text):
        name = FULL_NAME.search(text, max(after, match.start() - DEFINITION_WINDOW), match.start())
        after = match.end()
        if name is None:
            continue
        acronym = match.group(1)
        letters = acronym.replace(".", "").upper()
        words = name.group().split()
        capitals = [i for i, word in enumerate(words) if word[0].isupper()]
        if len(capitals) < len(letters) or len(letters) < 2:
            continue
        first = capitals[len(capitals) - len(letters)]
        if "".join(words[i][0] for i in capitals[-len(letters):]).upper() == letters:
            found.append((acronym, " ".join(words[first:])))
    return found


def resolve_archive(values: ArchiveValues) -> ValueMap:
    result = ValueMap()
    _apply_classes(values.counts, result)
    _vote_types(values.counts, values.contexts, result)
    placed = _placed(values.counts, result)
    _merge_aliases(placed, values.definitions, result)
    _fold_surnames(_placed(values.counts, result), values.years, result)
    _fold_short_names(_placed(values.counts, result), result)
    _move_by_context(_placed(values.counts, result), values.contexts, result)
    return result


def _apply_classes(counts: dict[str, Counter], result: ValueMap) -> None:
    classes = tables.word_classes()
    for kind, values in counts.items():
        for value in values:
            word_class = next((c for c in classes if c.patterns.matches(value)), None)
            if word_class is None or not word_class.excludes(kind):
                continue
            if word_class.kind and word_class.kind != kind:
                result.retype[kind][value] = word_class.kind
            else:
                result.hide[kind].add(value)


def _people_kind() -> str | None:
    return next((facet.kind for facet in FACETS if facet.fold_surnames), None)


def _given_names(people: Counter) -> set[str]:
    """First words of the people kind's full names that the given-name list knows."""
    return {value.split()[0] for value in people if " " in value and value.split()[0].casefold() in GIVEN_NAMES}


def _person_shaped(value: str, given: set[str], titled: set[str]) -> bool:
    """Capitalised words after a known given name, or ending in a surname the texts write
    after "Mr", "Ms", ... ("Vince Cable": "Mr Cable")."""
    words = value.split()
    return (2 <= len(words) <= 4 and all(w[0].isupper() for w in words)
            and (words[0] in given or words[-1] in titled))


def _vote_types(counts: dict[str, Counter], contexts: dict[str, Counter], result: ValueMap) -> None:
    people = _people_kind()
    given = _given_names(counts[people]) if people else set()
    titled = {name for name, kinds in contexts.items() if kinds.get(people)}
    decided = {(kind, v) for kind in counts for v in list(result.retype[kind]) + list(result.hide[kind])}
    gazetteer_kinds = {facet.kind for facet in FACETS if facet.canonical is not None}
    by_value: dict[str, dict[str, int]] = defaultdict(dict)
    for kind, values in counts.items():
        for value, n in values.items():
            if (kind, value) not in decided:
                by_value[value][kind] = n
    for value, kinds in by_value.items():
        if len(kinds) < 2:
            continue
        if people in kinds and _person_shaped(value, given, titled):
            winner = people
        else:
            winner, most = max(kinds.items(), key=lambda item: (item[1], item[0] == people))
            total = sum(kinds.values())
            # Only a name shaped like a person's joins the people kind ("Anfield" does not), and
            # no vote fills a gazetteer's kind: per article, a known place is a place unless the
            # article said otherwise ("Barcelona 1 (Stoichkov 55th)" is a team).
            if (total < VOTE_MIN_ARTICLES or most < VOTE_SHARE * total or winner == people
                    or winner in gazetteer_kinds):
                continue
        for kind in kinds:
            if kind != winner:
                result.retype[kind][value] = winner


def _placed(counts: dict[str, Counter], result: ValueMap) -> dict[str, Counter]:
    """Articles per value per kind once ``result`` is applied (a merged value adds up)."""
    placed = {kind: Counter() for kind in counts}
    for kind, values in counts.items():
        for value, n in values.items():
            resolved = result.resolve(kind, value)
            if resolved is not None:
                placed[resolved[0]][resolved[1]] += n
    return placed


def _merge_aliases(placed: dict[str, Counter], definitions: Counter, result: ValueMap) -> None:
    curated = tables.aliases()
    for kind, values in placed.items():
        groups: dict[int, list[str]] = defaultdict(list)
        for value in values:
            found = next((i for i, a in enumerate(curated) if a.canonical == value or a.variants.matches(value)), None)
            if found is not None:
                groups[found].append(value)
        for found, members in groups.items():
            # the form this archive uses most is shown (OPEC, not its full name); ties: the table's
            shown = max(members, key=lambda v: (values[v], v == curated[found].canonical))
            for value in members:
                if value != shown:
                    result.merge[kind][value] = shown
    best: dict[str, tuple[str, int]] = {}
    for (acronym, full), n in definitions.items():
        if n > best.get(acronym, ("", 0))[1]:
            best[acronym] = (full, n)
    for acronym, (full, _) in best.items():
        for kind, values in placed.items():
            if acronym not in values or acronym in result.merge[kind] or full in result.merge[kind]:
                continue
            home = kind if full in values else next((k for k, v in placed.items() if full in v), None)
            if home is None:
                continue
            if home != kind:
                result.retype[kind][acronym] = home
            elif values[acronym] > values[full]:
                result.merge[kind][full] = acronym      # the form the archive uses most is shown
                continue
            result.merge[home][acronym] = full


def _fold_surnames(placed: dict[str, Counter], years: dict[str, Counter], result: ValueMap) -> None:
    people = _people_kind()
    if people is None:
        return
    values = placed[people]
    given = _given_names(values)
    full_names: dict[str, Counter] = defaultdict(Counter)
    for value, n in values.items():
        words = value.split()
        if len(words) >= 2:
            full_names[words[-1]][value] += n
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
        if (value in given or firsts[value] > max(1, len(candidates or ()))) and values[value] >= GIVEN_HIDE_MIN:
            # "David", "Ray" alone in many articles name nobody in particular
            result.hide[people].add(value)


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


def _fold_short_names(placed: dict[str, Counter], result: ValueMap) -> None:
    """A one-word name of a kind of things (no surnames, no gazetteer: organisations) folds into
    the one longer name it starts that dominates those names as a surname's full name does, when
    the archive writes that longer name at least as often ("Northwind" -> "Northwind Shipping";
    "Reuters", far commoner than "Reuters Television", stays itself; so does a place's name:
    "Blackpool" is not "Blackpool Hotel Association")."""
    for facet in FACETS:
        if facet.fold_surnames or facet.canonical is not None:
            continue
        values = placed[facet.kind]
        longer: dict[str, Counter] = defaultdict(Counter)
        for value, n in values.items():
            if " " in value:
                longer[value.split()[0]][value] += n
        for value, n in values.items():
            candidates = longer.get(value)
            # a known place's name as an organisation is a team or a council of its own
            if " " in value or not candidates or value in result.merge[facet.kind] or gazetteer.is_place(value):
                continue
            name, most = candidates.most_common(1)[0]
            if most >= max(SURNAME_MIN_ARTICLES, n) and most >= SURNAME_SHARE * sum(candidates.values()):
                result.merge[facet.kind][value] = name


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


def run(generation: Path) -> ValueMap:
    """Resolve the generation's values and write the map beside it."""
    started = time.perf_counter()
    values = read_values(generation)
    found = resolve_archive(values)
    valuemap.save(generation, found)
    forms.save(generation, values.forms)
    log.info("entity resolution of %s in %.2f s: %d merged, %d moved, %d hidden", Path(generation).name,
             time.perf_counter() - started, sum(map(len, found.merge.values())),
             sum(map(len, found.retype.values())), sum(map(len, found.hide.values())))
    return found
