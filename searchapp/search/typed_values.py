"""A facet value as a user types it (a filter, a field prefix, the page's add-a-value box): the
value of the index it means, the other names values go by (for autocomplete), and the closest
values when it means none.

Another name of a value comes from a real source, never from a list of examples: the place
gazetteer ("UK", "Britain" and "United Kingdom of Great Britain…" for the United Kingdom; the
initials of country names: "UAE"), the alias table of the entity resolution
(entities/data/aliases.tsv: "EU", "NATO", "IMF"…), and the value map of the archive pass and the
user's corrections (a variant merged into a value: "Lib Dem" into "Lib Dems").
"""
from __future__ import annotations

import logging
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from ..entities import tables
from ..facets import BY_KIND, Facet
from ..gazetteer import place_aliases
from ..records import FacetCount
from ..store.analysis import fold
from .arrays import IndexArrays
from .resolved import filter_target

log = logging.getLogger(__name__)

ALIAS_MIN_CHARS = 2     # a prefix shorter than this matches values by their own names only
CLOSEST_LIMIT = 5       # values offered for a filter value that names nothing
FUZZY_CUTOFF = 80       # rapidfuzz ratio (0-100) for "closest": "Untied Kingdom" ~ "United Kingdom"


def resolve(facet: Facet, value: str, arrays: IndexArrays) -> tuple[str, str, bool]:
    """(kind, value as the index spells it, whether the index has it) for ``value`` typed for
    ``facet``: the one resolution of filters, field prefixes and entity pages.

    1. a value written exactly so is itself (a facet list's link finds what it counted);
    2. what the archive pass or the user's corrections make of it (merged, moved, hidden: a
       hidden value stays as written and finds nothing);
    3. else the value with most articles among those it can name: the same in another case or
       without accents, the facet's variant ("Kiev" -> Kyiv, "uk" -> United Kingdom) and the
       other names of its alias group ("NATO" -> "Nato"); so an abbreviation lands on the value
       it stands for, never on a rare junk spelling of itself ("Uk", 1 article, against the
       United Kingdom's 620).
    """
    kind = facet.kind
    if value in arrays.facets[kind].ids:
        return kind, value, True
    target_kind, target = filter_target(arrays.value_map, kind, value)
    if (target_kind, target) != (kind, value):
        found = _located(arrays, target_kind, target)
        return (target_kind, arrays.facets[target_kind].values[found], True) if found is not None \
            else (target_kind, target, False)
    best = None
    for name in (value, canonical_value(facet, value), *_group_names(value)):
        located = _locate(arrays, kind, name) if name else None
        if located is None:
            continue
        count = int(arrays.all_counts(located[0])[located[1]])
        if best is None or count > best[0]:
            best = (count, located)
    if best is None:
        return kind, value, False
    found_kind, value_id = best[1]
    return found_kind, arrays.facets[found_kind].values[value_id], True


def canonical_value(facet: Facet, value: str) -> str | None:
    """The value ``facet``'s variant table gives for ``value`` (Kiev -> Kyiv); None: none."""
    if facet.canonical is None:
        return None
    try:
        return facet.canonical(value)
    except Exception:   # a variant table failing must not fail the search: match as written
        log.warning("%s variant lookup failed for %r", facet.kind, value, exc_info=True)
        return None


def _locate(arrays: IndexArrays, kind: str, name: str) -> tuple[str, int] | None:
    """(kind, value id) of the value ``name`` stands for, through the value map; None: none."""
    target_kind, target = filter_target(arrays.value_map, kind, name)
    found = _located(arrays, target_kind, target)
    return (target_kind, found) if found is not None else None


def _located(arrays: IndexArrays, kind: str, name: str) -> int | None:
    column = arrays.facets.get(kind)
    return column.value_id(name) if column is not None else None


@lru_cache(maxsize=1)
def _alias_groups() -> dict[str, tuple[str, ...]]:
    """Folded name -> every name of its alias group (aliases.tsv), written out."""
    groups: dict[str, tuple[str, ...]] = {}
    for alias in tables.aliases():
        for name in alias.names:
            groups.setdefault(fold(name), alias.names)
    return groups


def _group_names(value: str) -> tuple[str, ...]:
    return _alias_groups().get(fold(value), ())


# Autocomplete


def alias_key(text: str) -> str:
    """What an alias is matched by: folded, without dots ("U.K." and "uk" alike)."""
    return fold(text.replace(".", ""))


def aliases(arrays: IndexArrays, kind: str) -> list[tuple[str, str, int]]:
    """(alias key, alias as written, value id) of every other name of a value of ``kind``, built
    once per index version."""
    return arrays.derived(f"aliases:{kind}", lambda found: _build_aliases(found, kind))


def _build_aliases(arrays: IndexArrays, kind: str) -> list[tuple[str, str, int]]:
    column = arrays.facets[kind]
    named: list[tuple[str, int | None]] = []   # (alias, the id of the value it stands for)
    if BY_KIND[kind].canonical is not None:
        named.extend((alias, column.ids[canonical]) for alias, canonical in place_aliases() if canonical in column.ids)
    for names in set(_alias_groups().values()):
        ids = {name: column.value_id(name) for name in names}
        named.extend((alias, value_id) for name, value_id in ids.items() if value_id is not None
                     for alias in names if alias != name)
    value_map = arrays.value_map
    if value_map:   # the variants the archive pass or a correction merged into a value
        for variant in value_map.merge.get(kind, {}):
            target = value_map.resolve(kind, variant)
            named.append((variant, column.ids.get(target[1]) if target and target[0] == kind else None))
    found: dict[tuple[str, int], str] = {}
    for alias, value_id in named:
        if value_id is None or fold(alias) == fold(column.values[value_id]):
            continue
        key = (alias_key(alias), value_id)
        if key not in found or len(alias) < len(found[key]):   # "US" rather than "U.S."
            found[key] = alias
    return sorted((key, alias, value_id) for (key, value_id), alias in found.items())


def suggestions(arrays: IndexArrays, kind: str, prefix: str, counts: np.ndarray) -> list[FacetCount]:
    """Values of ``kind`` the typed ``prefix`` may mean, with ``counts[value id]`` (zero left out):
    first the value the whole prefix resolves to, as a filter would ("uk": the United Kingdom),
    then every value whose name or a word of it starts with the prefix, or one of whose other
    names does ("brit": Britain), most articles first (ties by name). A value found by another
    name carries it (``alias``)."""
    column = arrays.facets[kind]
    wanted = fold(prefix)
    matched: dict[int, str] = {}   # value id -> the alias it was found by ("": its own name)
    if wanted:
        for value_id, folded in enumerate(arrays.folded_values(kind)):
            if folded.startswith(wanted) or (" " + wanted) in folded:
                matched[value_id] = ""
    key = alias_key(prefix)
    if len(key) >= ALIAS_MIN_CHARS:
        for alias_of, alias, value_id in aliases(arrays, kind):
            if alias_of.startswith(key) or (" " + key) in alias_of:
                matched.setdefault(value_id, alias)
    ranked = sorted((v for v in matched if counts[v] > 0), key=lambda v: (-int(counts[v]), column.values[v]))
    found_kind, value, known = resolve(BY_KIND[kind], " ".join(prefix.split()), arrays)
    first = column.ids.get(value) if known and found_kind == kind else None
    if first is not None and counts[first] > 0:
        matched.setdefault(first, " ".join(prefix.split()))
        ranked = [first] + [v for v in ranked if v != first]
    return [FacetCount(column.values[v], int(counts[v]), alias=matched[v]) for v in ranked]


def closest(arrays: IndexArrays, kind: str, value: str, counts: np.ndarray,
            limit: int = CLOSEST_LIMIT) -> tuple[FacetCount, ...]:
    """The values a ``value`` that names none may have meant: those it starts (or another name
    of which it starts), most articles first, then those spelled nearly alike ("Untied Kingdom"),
    closest first; each with ``counts[value id]``, none with no article."""
    found = suggestions(arrays, kind, value, counts)[:limit]
    if len(found) < limit:
        taken = {count.value for count in found}
        column = arrays.facets[kind]
        near = process.extract(fold(value), arrays.folded_values(kind), scorer=fuzz.ratio,
                               score_cutoff=FUZZY_CUTOFF, limit=limit * 4)
        near.sort(key=lambda match: (-match[1], -int(counts[match[2]]), column.values[match[2]]))
        for _, _, value_id in near:
            name = column.values[value_id]
            if counts[value_id] > 0 and name not in taken and len(found) < limit:
                taken.add(name)
                found.append(FacetCount(name, int(counts[value_id])))
    return tuple(found)
