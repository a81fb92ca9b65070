"""The top values of each kind in an index of BBC sections, checked: what a new user sees first.

    python bench/extraction_eval.py --bbc-index DIR [--top 100]

Meant for an index of the sections no rule was developed on:
    searchapp reindex ../shared/corpora/bbc/entertainment ../shared/corpora/bbc/politics \\
        ../shared/corpora/bbc/tech --index-dir DIR
For each kind, the top values as searches show them (after the archive-wide pass and the
corrections), with their article counts, and three checks:
(a) dangling boundaries, automatic: a value that begins or ends with punctuation that opens or
    joins (a hyphen or dash, "(", "/", "&", "+", a quote or apostrophe, a comma), or that leaves a
    bracket or a quote open ("British Bankers' Association (BBA");
(b) pairs of top values that are one thing, automatic, with the reason: a leading article ("The
    Netherlands" / "Netherlands"); spacing, case or punctuation ("TimeWarner" / "Time Warner");
    an acronym of the other ("UKIP" / "UK Independence Party"), or of the other and the word the
    texts write before most of its mentions ("UKIP" / "Independence Party", a cut span); names of one thing in
    bench/gold/aliases.tsv (the gold's own table: "Tories" / "Conservative Party"); for places
    and organisations a short form the longer value starts or ends with ("Commons" / "House of
    Commons"), unless bench/gold/distinct.tsv lists the pair as checked to be two things
    ("Ireland" / "Northern Ireland"); for persons a one-word value that is the surname or the
    given name of a longer top person ("Bush" / "George W Bush");
(c) values of the wrong kind: bench/gold/kinds.tsv says what each value is (person, place, org or
    none; a few are rightly two), decided by reading its contexts in the held-out articles; a
    value that is not in it yet is printed as unchecked, for a human to add.
Ends with the counts per kind of wrong-kind values, dangling values, one-thing pairs and
unchecked values.
"""
from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from entity_gold import ALIASES, GOLD_DIR, KIND_OF, fold, read_aliases  # noqa: E402

KINDS_FILE = GOLD_DIR / "kinds.tsv"
DISTINCT_FILE = GOLD_DIR / "distinct.tsv"
KINDS = ("person", "place", "org")
TRUE_KINDS = {"person", "place", "org", "none"}
OPENS_OR_JOINS = "-\u2013\u2014(/&+'\"\u2018\u2019\u201c\u201d[{,"
PAIRS = {"(": ")", "[": "]", "{": "}", "\u201c": "\u201d"}
FUNCTION_WORDS = {"of", "for", "and", "the", "&", "de", "la", "le", "du", "des", "on", "in", "to"}


@dataclass
class KindReport:
    kind: str
    values: list[tuple[str, int]]                                    # (value, articles), most first
    wrong: list[tuple[str, str]] = field(default_factory=list)      # (value, its true kinds)
    dangling: list[str] = field(default_factory=list)
    pairs: list[tuple[str, str, str]] = field(default_factory=list)  # (value, value, why one thing)
    unchecked: list[str] = field(default_factory=list)


def read_kinds(path: Path = KINDS_FILE) -> dict[str, set[str]]:
    """Value -> the kinds it truly is (person, place, org, none); "place|org" for a value that is
    rightly both in the archive."""
    kinds: dict[str, set[str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        value, kind, *_ = line.split("\t") + [""]
        found = set(kind.split("|"))
        if not value or not found <= TRUE_KINDS:
            raise ValueError(f"{path}:{number}: want VALUE<TAB>KIND[|KIND]<TAB>note, KIND one of {sorted(TRUE_KINDS)}")
        if value in kinds:
            raise ValueError(f"{path}:{number}: {value!r} is there twice")
        kinds[value] = found
    return kinds


def read_distinct(path: Path = DISTINCT_FILE) -> set[frozenset[str]]:
    """Pairs of values checked to be two things although one starts or ends the other."""
    pairs = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        names = line.split("\t")
        if len(names) < 2:
            raise ValueError(f"{path}:{number}: want VALUE<TAB>VALUE<TAB>note")
        pairs.add(frozenset(names[:2]))
    return pairs


def dangling(value: str) -> bool:
    if value[0] in OPENS_OR_JOINS or value[-1] in OPENS_OR_JOINS:
        return True
    if any(value.count(opening) != value.count(closing) for opening, closing in PAIRS.items()):
        return True
    return value.count('"') % 2 == 1


def compact(value: str) -> str:
    return re.sub(r"[\s\-.'\u2019]", "", fold(value))


def initials(value: str) -> str:
    """"UK Independence Party" -> "UKIP": a capitalised word gives its capitals, an upper-case
    word all of it; function words nothing."""
    letters = ""
    for word in value.replace("-", " ").split():
        if word.isupper() and len(word) > 1:
            letters += word
        elif word.lower() not in FUNCTION_WORDS and word[:1].isupper():
            letters += word[0]
    return letters


def one_thing(kind: str, a: str, b: str, groups: list[frozenset[str]], distinct: set,
              before: dict[str, Counter] | None = None) -> str | None:
    """Why top values ``a`` and ``b`` of ``kind`` are one thing, or None. ``before``: value ->
    the initials of the word before each of its mentions (words_before)."""
    short, long = sorted((a, b), key=lambda v: (len(v), v))
    if fold(short) == fold(long):
        articles = [v.casefold().startswith("the ") for v in (short, long)]
        return "a leading article" if articles[0] != articles[1] else "case, accents or full stops"
    if compact(short) == compact(long):
        return "spacing, case or punctuation"
    if short.isupper() and len(short) > 1 and initials(long) == short:
        return f"{short} is the acronym of {long}"
    cut = initials(long)
    if short.isupper() and len(cut) > 1 and len(short) > len(cut) and short.endswith(cut) and before:
        written = before.get(long, Counter())
        if written[short[:-len(cut)]] * 2 >= sum(written.values()) > 0:
            return f"{short} is the acronym of {long} and the word the texts write before it"
    if any(fold(a) in group and fold(b) in group for group in groups):
        return "names of one thing (bench/gold/aliases.tsv)"
    if kind == "person":
        if " " not in short and (long.endswith(" " + short) or long.startswith(short + " ")):
            return f"a bare name of the top person {long}"
        return None
    if frozenset((a, b)) in distinct:
        return None
    if long.startswith(short + " "):
        return f"a short form {long} starts with"
    if long.endswith(" " + short):
        return f"a short form {long} ends with"
    return None


def check(kind: str, values: list[tuple[str, int]], kinds: dict[str, set[str]],
          groups: list[frozenset[str]], distinct: set, before: dict[str, Counter] | None = None) -> KindReport:
    report = KindReport(kind, values)
    names = [value for value, _ in values]
    for value in names:
        if value not in kinds:
            report.unchecked.append(value)
        elif kind not in kinds[value]:
            report.wrong.append((value, "|".join(sorted(kinds[value]))))
        if dangling(value):
            report.dangling.append(value)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            why = one_thing(kind, a, b, groups, distinct, before)
            if why:
                report.pairs.append((a, b, why))
    return report


def words_before(index_dir: Path, values: set[str]) -> dict[str, Counter]:
    """Value -> the initials of the word the texts write before each of its mentions ("UK" of
    "UK Independence Party" where the model took "Independence Party"; "" after a word in lower
    case, a punctuation mark or none)."""
    from searchapp.store import generations

    found: dict[str, Counter] = defaultdict(Counter)
    with generations.open_generation(generations.current_path(index_dir)).searcher() as searcher:
        for stored in searcher.reader().all_stored_fields():
            body = stored.get("body", "")
            for _, start, _, _, value in stored.get("mentions", ()):
                if value in values:
                    words = body[max(0, start - 30):start].split() if body[start - 1:start] == " " else []
                    word = words[-1] if words else ""
                    found[value][initials(word) if word.isalpha() and word[:1].isupper() else ""] += 1
    return found


def top_values(index_dir: Path, top: int) -> dict[str, list[tuple[str, int]]]:
    from searchapp.search.service import SearchService

    service = SearchService(index_dir)
    try:
        return {kind: [(c.value, c.count) for c in service.facet_values(kind, limit=top)] for kind in KINDS}
    finally:
        service.close()


def print_report(report: KindReport) -> None:
    marks = {value: "" for value, _ in report.values}
    for value, _ in report.wrong:
        marks[value] += "!"
    for value in report.dangling:
        marks[value] += "~"
    for a, b, _ in report.pairs:
        marks[a] += "="
        marks[b] += "="
    for value in report.unchecked:
        marks[value] += "?"
    print(f"\n{report.kind}: the top {len(report.values)} values as searches show them "
          f"(! wrong kind, ~ dangling, = one thing with another, ? unchecked)")
    cells = [f"{i:>3}. {value} {count}{' ' + marks[value] if marks[value] else ''}"
             for i, (value, count) in enumerate(report.values, 1)]
    for row in range(0, len(cells), 4):
        print("  " + " | ".join(cells[row:row + 4]))
    if report.wrong:
        print("  wrong kind: " + "; ".join(f"{value} (is {kinds})" for value, kinds in report.wrong))
    if report.dangling:
        print("  dangling: " + "; ".join(report.dangling))
    if report.pairs:
        print("  one thing: " + "; ".join(f"{a} = {b} ({why})" for a, b, why in report.pairs))
    if report.unchecked:
        print(f"  unchecked (add to {KINDS_FILE.relative_to(GOLD_DIR.parent.parent)}): " + "; ".join(report.unchecked))


def run(index_dir: Path, top: int = 100) -> int:
    kinds, distinct = read_kinds(), read_distinct()
    groups = read_aliases(ALIASES)
    plural = {kind: name for name, kind in KIND_OF.items()}
    tops = top_values(index_dir, top)
    before = words_before(index_dir, {value for values in tops.values() for value, _ in values})
    reports = [check(kind, values, kinds, groups[plural[kind]], distinct, before) for kind, values in tops.items()]
    print(f"index {index_dir}: the top {top} values of each kind, checked")
    for report in reports:
        print_report(report)
    print(f"\n{'kind':<8}{'wrong kind':>12}{'dangling':>10}{'one-thing pairs':>17}{'unchecked':>11}")
    for r in reports:
        print(f"{r.kind:<8}{len(r.wrong):>12}{len(r.dangling):>10}{len(r.pairs):>17}{len(r.unchecked):>11}")
    return 0
