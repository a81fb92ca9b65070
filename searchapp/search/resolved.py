"""Facet values as the archive-wide resolution and the user's corrections say (entities/):
the one place the search side applies a ValueMap, to facet columns, filters, hits and articles."""
from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import numpy as np

from ..entities import corrections, valuemap
from ..entities.valuemap import ValueMap
from ..records import Article, Mention

log = logging.getLogger(__name__)


def stamp(index_dir: Path, generation: Path) -> tuple:
    """Changes whenever either map file does: a searcher then builds its columns again."""
    return (valuemap.file_stamp(Path(generation) / valuemap.VALUE_MAP_FILE),
            valuemap.file_stamp(corrections.path_of(index_dir)))


def load(index_dir: Path, generation: Path) -> ValueMap:
    """The generation's resolution with the user's corrections over it."""
    found_stamp = stamp(index_dir, generation)
    try:
        automatic = valuemap.load(generation)
    except (OSError, ValueError) as error:   # searching goes on with the values as indexed
        log.error("entity resolution of %s not read: %s", generation, error)
        automatic = ValueMap()
    try:
        combined = automatic.combined(corrections.load(index_dir).value_map())
    except corrections.CorrectionError as error:
        log.error("entity corrections not applied: %s", error.message)
        combined = automatic
    combined.stamp = found_stamp
    return combined


def apply_to_pairs(pairs: dict[str, list], value_map: ValueMap | None) -> dict[str, list]:
    """Facet kind -> [(values, docs, value ids)] parts with every value resolved: merged values
    share one id (a document having both counts once), moved ones change kind, hidden ones go."""
    if not value_map:
        return pairs
    values: dict[str, list[str]] = {kind: [] for kind in pairs}
    ids: dict[str, dict[str, int]] = {kind: {} for kind in pairs}
    docs: dict[str, list] = {kind: [] for kind in pairs}
    vals: dict[str, list] = {kind: [] for kind in pairs}
    kinds = list(pairs)
    for kind, parts in pairs.items():
        for local_values, part_docs, part_vals in parts:
            target_kind = np.full(len(local_values), -1, dtype=np.int32)
            target_id = np.zeros(len(local_values), dtype=np.int32)
            for local_id, value in enumerate(local_values):
                resolved = value_map.resolve(kind, value)
                if resolved is None or resolved[0] not in ids:
                    continue
                new_kind, new_value = resolved
                found = ids[new_kind].setdefault(new_value, len(values[new_kind]))
                if found == len(values[new_kind]):
                    values[new_kind].append(new_value)
                target_kind[local_id], target_id[local_id] = kinds.index(new_kind), found
            pair_kinds = target_kind[part_vals] if len(part_vals) else target_kind[:0]
            for index, new_kind in enumerate(kinds):
                chosen = pair_kinds == index
                docs[new_kind].append(part_docs[chosen])
                vals[new_kind].append(target_id[part_vals[chosen]])
    return {kind: [_unique_pairs(values[kind], docs[kind], vals[kind])] for kind in kinds}


def _unique_pairs(values: list[str], docs: list, vals: list) -> tuple:
    all_docs = np.concatenate(docs).astype(np.int64) if docs else np.zeros(0, np.int64)
    all_vals = np.concatenate(vals).astype(np.int64) if vals else np.zeros(0, np.int64)
    keys = np.unique(all_docs * max(len(values), 1) + all_vals)
    width = max(len(values), 1)
    return values, (keys // width).astype(np.int32), (keys % width).astype(np.int32)


def filter_target(value_map: ValueMap | None, kind: str, value: str) -> tuple[str, str]:
    """What a filter on ``value`` of ``kind`` means now, as (kind, value): a merged variant its
    target, a value moved to another kind (Newcastle retyped from place to organisation) that kind's
    value; a hidden value stays as written (it finds nothing)."""
    if not value_map:
        return kind, value
    resolved = value_map.resolve_written(kind, value)
    return resolved if resolved is not None else (kind, value)


def entities(value_map: ValueMap | None, found: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    return value_map.entities(found) if value_map else found


def article(value_map: ValueMap | None, found: Article) -> Article:
    """The article with its facet values and its mentions pointing at the resolved values."""
    if not value_map:
        return found
    mentions = []
    for mention in found.mentions:
        resolved = value_map.resolve(mention.type, mention.value)
        if resolved is not None:
            mentions.append(Mention(mention.text, mention.start, mention.end, resolved[0], resolved[1]))
    return replace(found, entities=value_map.entities(found.entities), mentions=tuple(mentions))
