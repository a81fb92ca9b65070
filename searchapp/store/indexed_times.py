"""When each article was first indexed, read back from a generation so that no run resets it: an
incremental run keeps it for unchanged articles (never rewritten) and gives it to the updated
ones, and a full rebuild carries it over from the generation it replaces, so a rebuild does not
make every article new (undated articles are ordered and fed by this time).
"""
from __future__ import annotations

import logging
import os
import time
from datetime import datetime, timezone
from pathlib import Path

from whoosh import index as whoosh_index

log = logging.getLogger(__name__)

FIELD = "first_indexed"


def first_indexed(generation: Path | None) -> dict[str, datetime]:
    """id -> when it was first indexed (UTC) for every live article of ``generation``, of any
    format: one written before the times were kept gives its own creation time to each of its
    articles (they were indexed by then). Empty when there is none or it cannot be read."""
    if generation is None:
        return {}
    try:
        ix = whoosh_index.open_dir(str(generation))
        with ix.reader() as reader:
            if reader.doc_count_all() == 0:
                return {}
            ids = reader.column_reader("id")
            if FIELD in reader.schema and reader.has_column(FIELD):
                times = reader.column_reader(FIELD)
                return {column_text(ids[n]): _utc(times[n]) for n in range(reader.doc_count_all())
                        if not reader.is_deleted(n) and times[n] is not None}
            made = created(Path(generation))
            return {column_text(ids[n]): made for n in range(reader.doc_count_all()) if not reader.is_deleted(n)}
    except Exception as error:   # noqa: BLE001 - a generation that cannot be read has nothing to carry
        log.warning("first-indexed times of %s not read (%s): its articles count as new", generation, error)
        return {}


def created(generation: Path) -> datetime:
    """When a generation was made: the stamp of its name (gen-YYYYmmdd-HHMMSS-…, local time),
    else its folder's modification time."""
    try:
        stamp = time.mktime(time.strptime(generation.name[4:19], "%Y%m%d-%H%M%S"))
    except ValueError:
        stamp = os.stat(generation).st_mtime
    return datetime.fromtimestamp(stamp, timezone.utc)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def column_text(value) -> str:
    """A column's value as text (Whoosh gives an ID column's values as bytes)."""
    return value.decode("utf-8") if isinstance(value, bytes) else value
