"""How the archive writes each facet value: "Kiev" and "Kyiv" for the place Kyiv, "Mr Blair" for
Tony Blair. The resolution pass counts them (articles per written form of each value as the
pipeline gave it) and writes them beside the generation; an entity page reads its own.

The file is one line per (kind, value, written form): ``kind<TAB>value<TAB>form<TAB>articles``,
sorted by the bytes of ``kind<TAB>value<TAB>``, so a lookup is a binary search over the mapped
file: nothing is loaded into a server's memory, however large the archive.
"""
from __future__ import annotations

import mmap
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

FORMS_FILE = "forms.tsv"   # in a generation folder, beside entities.json


def article_forms(mentions: Iterable) -> set[tuple[str, str, str]]:
    """(kind, value, form as written) of one article's stored mentions (text, start, end, kind, value)."""
    return {(kind, value, " ".join(text.split())) for text, _start, _end, kind, value in mentions}


def save(generation: Path, forms: Counter) -> None:
    """Write ``forms`` ((kind, value, form) -> articles) atomically, sorted for lookup()."""
    lines = sorted((_key(kind, value), form, n) for (kind, value, form), n in forms.items() if form)
    path = Path(generation) / FORMS_FILE
    tmp = path.with_name(f".{FORMS_FILE}.{os.getpid()}")
    with open(tmp, "wb") as out:
        for key, form, n in lines:
            out.write(key + _clean(form).encode("utf-8") + b"\t%d\n" % n)
    os.replace(tmp, path)


def lookup(generation: Path, kind: str, value: str) -> Counter:
    """Written form -> articles, for one value of one kind as the pipeline gave it; empty when the
    generation has no forms file (written before entity pages) or the value is not in it."""
    try:
        with open(Path(generation) / FORMS_FILE, "rb") as file:
            if os.fstat(file.fileno()).st_size == 0:
                return Counter()
            with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
                return _read_from(mapped, _key(kind, value))
    except FileNotFoundError:
        return Counter()


def _read_from(mapped: mmap.mmap, key: bytes) -> Counter:
    size = len(mapped)

    def line_start(pos: int) -> int:   # the first line starting at or after pos
        if pos == 0:
            return 0
        newline = mapped.find(b"\n", pos - 1)
        return size if newline < 0 else newline + 1

    def at_or_after_key(pos: int) -> bool:
        start = line_start(pos)
        return start == size or mapped[start:start + len(key)] >= key

    low, high = 0, size
    while low < high:
        middle = (low + high) // 2
        if at_or_after_key(middle):
            high = middle
        else:
            low = middle + 1
    found: Counter = Counter()
    start = line_start(low)
    while start < size and mapped[start:start + len(key)] == key:
        end = mapped.find(b"\n", start)
        end = size if end < 0 else end
        form, _, count = mapped[start + len(key):end].decode("utf-8").rpartition("\t")
        found[form] += int(count)
        start = end + 1
    return found


def _key(kind: str, value: str) -> bytes:
    return f"{_clean(kind)}\t{_clean(value)}\t".encode("utf-8")


def _clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())
