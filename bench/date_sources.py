"""Where publication dates come from over an archive, without NER: the counts per date source,
the span of the dates found, and a few examples of dates taken from the text.

    PYTHONPATH=. .venv/bin/python bench/date_sources.py ../shared/corpora/bbc [--examples 5]

Reads every file as `reindex` does and runs only the date step (enrich/dates.py), so a change
to the date rules can be checked on a whole corpus in seconds.
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
    args = parser.parse_args()
    started = time.perf_counter()
    sources: Counter = Counter()
    days: list[date] = []
    examples: list[str] = []
    for path in walk(args.sources):
        for item in read_any(path):
            if not isinstance(item, RawDoc):
                continue
            day, source = publication_date(item.date_text, item.dateline, item.body)
            sources[source] += 1
            if day:
                days.append(day)
            if source == "text" and len(examples) < args.examples:
                examples.append(f"  {day}  {item.path}")
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
