"""Where publication dates come from over an archive, without NER: the counts per date source,
the span of the dates found, and a few examples of dates taken from the text.

    PYTHONPATH=. .venv/bin/python bench/date_sources.py ../shared/corpora/bbc [--examples 5] [--out FILE]

Reads every file as `reindex` does and runs only the date step (enrich/dates.py), so a change
to the date rules can be checked on a whole corpus in seconds. ``--out FILE`` writes every
article's id, date and date source (tab-separated, in reading order): two runs' files compared
with `diff` show every date a change of rules moved.
"""
from __future__ import annotations

import argparse
import time
from collections import Counter
from datetime import date

from searchapp.enrich.dates import publication_date
from searchapp.readers import read_any, walk
from searchapp.records import RawDoc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+")
    parser.add_argument("--examples", type=int, default=5)
    parser.add_argument("--out", default=None, help="write id, date and source of every article here")
    args = parser.parse_args()
    out = open(args.out, "w", encoding="utf-8") if args.out else None
    started = time.perf_counter()
    sources: Counter = Counter()
    days: list[date] = []
    examples: list[str] = []
    for path in walk(args.sources):
        for item in read_any(path):
            if not isinstance(item, RawDoc):
                continue
            day, source = publication_date(item.date_text, item.dateline, item.body)
            if out:
                out.write(f"{item.doc_id}\t{day or ''}\t{source}\n")
            sources[source] += 1
            if day:
                days.append(day)
            if source == "text" and len(examples) < args.examples:
                examples.append(f"  {day}  {item.path}")
    if out:
        out.close()
    total = sum(sources.values())
    print(f"articles {total:,} in {time.perf_counter() - started:.1f} s")
    for source, count in sources.most_common():
        print(f"  {source:<10} {count:>8,}  {count / max(total, 1):6.1%}")
    if days:
        print(f"span {min(days)} to {max(days)}")
    if examples:
        print("dates from the text:")
        print("\n".join(examples))


if __name__ == "__main__":
    main()
