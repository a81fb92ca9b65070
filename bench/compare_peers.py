"""searchapp side by side with tantivy and SQLite FTS5 on the same enriched records and queries.

    .venv/bin/pip install -e '.[bench]'      # tantivy (SQLite comes with Python)
    .venv/bin/python bench/compare_peers.py [--index-dir-base DIR] [--index-dir-x10 DIR] [--skip-x10]
                                            [--skip-base] [--rounds N] [--work-dir DIR]
                                            [--skip-searchapp-build]

Exports the enriched records (title, body, publication day, persons, places, orgs) from a searchapp
index (built as bench/bench_query.py builds it, and reused), then builds from the same records
 - tantivy: title and body with its English stemmer, title boosted 2x, facet values as raw fast
   fields, the day as a fast integer;
 - SQLite FTS5 queried the way Datasette does: an FTS5 table (porter) ranked by bm25, facet counts
   by GROUP BY over an article-entity table, the date histogram by GROUP BY;
and, for its build time, the same records through searchapp's own writer. Each engine then runs in
its own process (spawned, so its memory is its own) and answers bench_query.py's 24 queries the way
/api/search does: total, the page of hits with snippets, three facets counted multi-select style
(each ignoring its own filters) and the date histogram. The engines take turns query by query, each
timing its own work. Printed: build time, p50/p95/max over the mix and per query, memory
(RSS, private, shared) after the run, ratios to searchapp, and the queries whose totals differ with
what differs in how each engine reads them.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import shutil
import sqlite3
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

# Imports are kept out of the engines' processes unless an engine needs them (searchapp's own
# modules, numpy), so that each engine's memory is its own.
FACET_LIMIT = 10
SPEED_TARGET = 1.5       # `econmy~` and `said`: p95 within this factor of tantivy's
ENGINES = ("searchapp", "tantivy", "sqlite-fts5")


@dataclass(frozen=True)
class Facet:
    kind: str     # key of the filters and of Record.entities
    plural: str   # field or column name


@dataclass(frozen=True)
class MixQuery:
    """A searchapp Query as plain data, for the peers' processes."""

    text: str | None
    include: dict[str, tuple[str, ...]]
    exclude: dict[str, tuple[str, ...]]
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    facets: tuple[Facet, ...] = field(default=(), compare=False)

    @classmethod
    def of(cls, query) -> MixQuery:
        from searchapp.facets import FACETS

        facets = tuple(Facet(f.kind, f.plural) for f in FACETS)
        return cls(query.text, dict(query.include), dict(query.exclude), query.date_from, query.date_to,
                   query.sort, query.page, query.per_page, facets)

    def to_query(self):
        from searchapp.records import Query

        return Query(text=self.text, include=self.include, exclude=self.exclude, date_from=self.date_from,
                     date_to=self.date_to, sort=self.sort, page=self.page, per_page=self.per_page)


@dataclass(frozen=True)
class Record:
    """What every engine indexes of one article."""

    doc_id: str
    title: str
    body: str
    day: int | None                  # proleptic ordinal of the publication date
    entities: dict[str, list[str]]   # facet kind -> canonical values


def export_records(index_dir: Path, out: Path) -> int:
    """The index's articles as JSON lines in ``out``; how many."""
    from searchapp.store import generations
    from searchapp.store.schema import fields_to_article

    count = 0
    with generations.open_current(index_dir).searcher() as searcher, open(out, "w", encoding="utf-8") as lines:
        for fields in searcher.all_stored_fields():
            article = fields_to_article(fields)
            day = article.published.toordinal() if article.published else None
            record = Record(article.doc_id, article.title, article.body, day,
                            {kind: list(values) for kind, values in article.entities.items()})
            lines.write(json.dumps(asdict(record)) + "\n")
            count += 1
    return count


def read_records(path: Path) -> list[Record]:
    with open(path, encoding="utf-8") as lines:
        return [Record(**json.loads(line)) for line in lines]


def day_parts(day: int) -> tuple[int, int]:
    """(year, month index) of a day, the buckets of the histogram's coarser intervals."""
    d = date.fromordinal(day)
    return d.year, d.year * 12 + d.month - 1


def histogram_interval(first: int, last: int) -> str:
    """The interval searchapp's counting.date_histogram picks for a span of days."""
    span = last - first
    return "year" if span > 3 * 365 else "month" if span > 62 else "day"


def facet_queries(query: MixQuery) -> dict[str, MixQuery]:
    """Per facet kind, the query its counts are taken over: the query without that facet's own
    filters (multi-select, as searchapp's results.search counts)."""
    return {facet.kind: replace(query, include={**query.include, facet.kind: ()},
                                exclude={**query.exclude, facet.kind: ()}) for facet in query.facets}


# --- tantivy -------------------------------------------------------------------------------------

class TantivyEngine:
    name = "tantivy"
    notes = {"~": "fuzzy: tantivy takes every term within 1 edit (transposition = 1) of the unstemmed "
                  "word; searchapp expands the stem within 1 edit, first letter kept, 30 most frequent",
             "*": "prefix: tantivy matches the prefix against stems; searchapp against words as written, "
                  "the 30 most frequent",
             "": "stemmer: tantivy's Snowball English vs Whoosh's Porter (and the stop words an "
                  "index written with Whoosh's StemmingAnalyzer drops)"}

    @staticmethod
    def build(records: list[Record], folder: Path) -> None:
        import tantivy
        from searchapp.facets import FACETS

        index = tantivy.Index(TantivyEngine.schema(FACETS), path=str(folder))
        writer = index.writer(heap_size=256_000_000, num_threads=1)
        for r in records:
            fields = {"id": r.doc_id, "title": r.title, "body": r.body,
                      **{facet.plural: r.entities.get(facet.kind, []) for facet in FACETS}}
            if r.day is not None:
                year, month = day_parts(r.day)
                fields.update(day=r.day, year=year, month=month)
            writer.add_document(tantivy.Document(**fields))
        writer.commit()
        writer.wait_merging_threads()

    @staticmethod
    def schema(facets):
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
        builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
        for facet in facets:
            builder.add_text_field(facet.plural, stored=True, fast=True, tokenizer_name="raw")
        for name in ("day", "year", "month"):
            builder.add_integer_field(name, stored=name == "day", indexed=True, fast=True)
        return builder.build()

    def __init__(self, folder: Path):
        import tantivy

        self.t = tantivy
        self.index = tantivy.Index.open(str(folder))
        self.schema = self.index.schema
        self.searcher = self.index.searcher()

    def _text_query(self, text: str):
        t = self.t
        words = text.split()
        prefixes = [w[:-1] for w in words if w.endswith("*")]
        rest = " ".join(w.rstrip("~") for w in words if not w.endswith("*"))
        parts = []
        for prefix in prefixes:
            parts.append(t.Query.boolean_query([
                (t.Occur.Should, t.Query.boost_query(t.Query.regex_query(self.schema, "title", prefix + ".*"), 2.0)),
                (t.Occur.Should, t.Query.regex_query(self.schema, "body", prefix + ".*"))]))
        if rest:
            fuzzy = {"title": (False, 1, True), "body": (False, 1, True)} if "~" in text else None
            parts.append(self.index.parse_query(rest, ["title", "body"], field_boosts={"title": 2.0},
                                                fuzzy_fields=fuzzy, conjunction_by_default=True))
        return parts

    def _query(self, query: MixQuery):
        t = self.t
        must = self._text_query(query.text) if query.text else []
        must_not = []
        for facet in query.facets:
            must += [t.Query.term_query(self.schema, facet.plural, v) for v in query.include[facet.kind]]
            must_not += [t.Query.term_query(self.schema, facet.plural, v) for v in query.exclude[facet.kind]]
        if query.date_from or query.date_to:
            must.append(t.Query.range_query(
                self.schema, "day", t.FieldType.Integer,
                query.date_from.toordinal() if query.date_from else None,
                query.date_to.toordinal() if query.date_to else None))
        if not must:
            must = [t.Query.all_query()]
        return t.Query.boolean_query([(t.Occur.Must, q) for q in must] + [(t.Occur.MustNot, q) for q in must_not])

    def run(self, query: MixQuery) -> int:
        t, searcher = self.t, self.searcher
        final = self._query(query)
        offset = (query.page - 1) * query.per_page
        if query.sort == "relevance" and query.text:
            found = searcher.search(final, query.per_page, count=True, offset=offset)
        else:
            order = t.Order.Desc if query.sort != "oldest" else t.Order.Asc
            found = searcher.search(final, query.per_page, count=True, order_by_field="day", offset=offset,
                                    order=order)
        if query.text:
            snippets = t.SnippetGenerator.create(searcher, final, self.schema, "body")
            [snippets.snippet_from_doc(searcher.doc(address)).to_html() for _, address in found.hits]
        else:
            [searcher.doc(address) for _, address in found.hits]
        self._facets(query, final)
        return found.count

    def _facets(self, query: MixQuery, final) -> None:
        # One aggregation per distinct filter set: without facet filters, one call counts all three.
        by_query: dict[str, tuple[MixQuery, dict]] = {}
        for facet in query.facets:
            scoped = facet_queries(query)[facet.kind]
            key = repr(scoped)
            by_query.setdefault(key, (scoped, {}))[1][facet.plural] = {
                "terms": {"field": facet.plural, "size": FACET_LIMIT}}
        for scoped, aggs in by_query.values():
            self.searcher.aggregate(self._query(scoped), aggs)
        span = self.searcher.aggregate(final, {"span": {"stats": {"field": "day"}}})["span"]
        if span.get("count"):
            interval = histogram_interval(int(span["min"]), int(span["max"]))
            self.searcher.aggregate(final, {"dates": {"histogram": {"field": interval, "interval": 1}}})


# --- SQLite FTS5, the Datasette way --------------------------------------------------------------

class Fts5Engine:
    name = "sqlite-fts5"
    notes = {"~": "fuzzy: FTS5 has no fuzzy operator; `econmy` is searched as written",
             "*": "prefix: FTS5 matches the prefix against porter stems, every one of them",
             "": "stemmer: FTS5's porter tokenizer keeps stop words and 1-letter words"}

    @staticmethod
    def build(records: list[Record], folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(folder / "articles.db")
        db.executescript("""
            create table articles (rowid integer primary key, id text, title text, body text,
                                   day integer, year integer, month integer);
            create table article_entities (article integer, kind text, value text);
            create virtual table articles_fts using fts5(title, body, content='articles',
                                                         content_rowid='rowid', tokenize='porter unicode61');
        """)
        rows, entities = [], []
        for rowid, r in enumerate(records, 1):
            year, month = day_parts(r.day) if r.day is not None else (None, None)
            rows.append((rowid, r.doc_id, r.title, r.body, r.day, year, month))
            entities += [(rowid, kind, value) for kind, values in r.entities.items() for value in values]
        db.executemany("insert into articles values (?, ?, ?, ?, ?, ?, ?)", rows)
        db.executemany("insert into article_entities values (?, ?, ?)", entities)
        db.executescript("""
            insert into articles_fts(rowid, title, body) select rowid, title, body from articles;
            create index entities_by_value on article_entities(kind, value, article);
            create index entities_by_article on article_entities(article, kind, value);
            create index articles_by_day on articles(day);
            insert into articles_fts(articles_fts) values ('optimize');
        """)
        db.commit()
        db.close()

    def __init__(self, folder: Path):
        self.db = sqlite3.connect(folder / "articles.db")

    @staticmethod
    def match(text: str) -> str:
        """The FTS5 query for the query language of the mix (FTS5's NOT is binary, `-` is not)."""
        words = [w.rstrip("~") for w in text.split()]
        excluded = [w[1:] for w in words if w.startswith("-")]
        kept = " ".join(w for w in words if not w.startswith("-"))
        return f"({kept}) NOT {' NOT '.join(excluded)}" if excluded else kept

    def _where(self, query: MixQuery) -> tuple[str, list]:
        conditions, params = [], []
        if query.text:
            conditions.append("a.rowid in (select rowid from articles_fts where articles_fts match ?)")
            params.append(self.match(query.text))
        for facet in query.facets:
            for negate, values in (("", query.include[facet.kind]), ("not ", query.exclude[facet.kind])):
                for value in values:
                    conditions.append(f"a.rowid {negate}in (select article from article_entities "
                                      "where kind = ? and value = ?)")
                    params += [facet.kind, value]
        if query.date_from:
            conditions.append("a.day >= ?")
            params.append(query.date_from.toordinal())
        if query.date_to:
            conditions.append("a.day <= ?")
            params.append(query.date_to.toordinal())
        return " and ".join(conditions) or "1", params

    def run(self, query: MixQuery) -> int:
        where, params = self._where(query)
        total = self.db.execute(f"select count(*) from articles a where {where}", params).fetchone()[0]
        offset = (query.page - 1) * query.per_page
        order = "a.day desc" if query.sort == "newest" else "a.day asc" if query.sort == "oldest" else "rank"
        if query.text:
            self.db.execute(
                "select a.id, a.title, snippet(articles_fts, 1, '<mark>', '</mark>', ' … ', 30), "
                "bm25(articles_fts, 2.0, 1.0) as rank from articles_fts join articles a on a.rowid = articles_fts.rowid "
                f"where articles_fts match ? and {where} order by {order} limit ? offset ?",
                [self.match(query.text), *params, query.per_page, offset]).fetchall()
        else:
            self.db.execute(f"select a.id, a.title, substr(a.body, 1, 240) from articles a where {where} "
                            f"order by {order} limit ? offset ?", [*params, query.per_page, offset]).fetchall()
        for kind, scoped in facet_queries(query).items():
            scoped_where, scoped_params = self._where(scoped)
            self.db.execute("select value, count(*) as n from article_entities where kind = ? and article in "
                            f"(select a.rowid from articles a where {scoped_where}) group by value "
                            "order by n desc limit ?", [kind, *scoped_params, FACET_LIMIT]).fetchall()
        first, last = self.db.execute(f"select min(day), max(day) from articles a where {where}", params).fetchone()
        if first is not None:
            column = histogram_interval(first, last)
            self.db.execute(f"select {column}, count(*) from articles a where {where} and day is not null "
                            "group by 1", params).fetchall()
        return total


# --- searchapp -----------------------------------------------------------------------------------

class SearchappEngine:
    name = "searchapp"
    notes = {}

    def __init__(self, index_dir: Path):
        from searchapp.search.service import SearchService

        self.service = SearchService(index_dir)
        self.service.snapshot()

    def run(self, query: MixQuery) -> int:
        return self.service.search(query.to_query()).total


def build_searchapp(records: list[Record], folder: Path) -> None:
    """The same records through searchapp's one writer loop (Whoosh), for its build time."""
    from searchapp.records import Article
    from searchapp.store.writer import write_articles

    articles = (Article(doc_id=r.doc_id, source="bench", url="", title=r.title, body=r.body,
                        published=date.fromordinal(r.day) if r.day is not None else None,
                        date_source="bench", mentioned_dates=(), entities=r.entities, mentions=())
                for r in records)
    write_articles(folder, articles)


# --- one process per engine ----------------------------------------------------------------------

def memory() -> dict[str, float]:
    """This process's resident memory in MiB: all, private to it, shared with others (page cache)."""
    fields = {}
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines()[1:]:
        key, value = line.split(":", 1)
        fields[key] = int(value.split()[0]) / 1024
    return {"rss": fields["Rss"], "private": fields["Private_Clean"] + fields["Private_Dirty"],
            "shared": fields["Shared_Clean"] + fields["Shared_Dirty"]}


def serve(connection, name: str, folder: str, queries: list[MixQuery]) -> None:
    """An engine's process: open, then answer ("run", i) with (ms, total) and ("memory",) with memory()."""
    started = time.perf_counter()
    engine = {"searchapp": SearchappEngine, "tantivy": TantivyEngine, "sqlite-fts5": Fts5Engine}[name](Path(folder))
    connection.send((time.perf_counter() - started) * 1000)
    while True:
        message = connection.recv()
        if message[0] == "run":
            query = queries[message[1]]
            started = time.perf_counter()
            total = engine.run(query)
            connection.send(((time.perf_counter() - started) * 1000, total))
        elif message[0] == "memory":
            connection.send(memory())
        else:
            return


def build(name: str, records_path: str, folder: str) -> float:
    """Build one engine's index from the records file (in its own process); seconds."""
    records = read_records(Path(records_path))
    target = Path(folder)
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    builder = {"searchapp": build_searchapp, "tantivy": TantivyEngine.build, "sqlite-fts5": Fts5Engine.build}[name]
    started = time.perf_counter()
    builder(records, target)
    return time.perf_counter() - started


def label(query: MixQuery) -> str:
    parts = [repr(query.text)] if query.text else []
    for facet in query.facets:
        parts += [f"{facet.kind}={v}" for v in query.include[facet.kind]]
        parts += [f"-{facet.kind}={v}" for v in query.exclude[facet.kind]]
    if query.date_from or query.date_to:
        parts.append(f"{query.date_from or ''}..{query.date_to or ''}")
    parts.append(query.sort + (f" p{query.page}" if query.page > 1 else ""))
    return " ".join(parts)


def run_interleaved(folders: dict[str, Path], queries: list[MixQuery], rounds: int) -> dict:
    """Every engine in its own process; each query is run by each engine in turn, round after round."""
    context = multiprocessing.get_context("spawn")
    pipes, processes, opened = {}, [], {}
    for name, folder in folders.items():
        mine, theirs = context.Pipe()
        process = context.Process(target=serve, args=(theirs, name, str(folder), queries), daemon=True)
        process.start()
        pipes[name], opened[name] = mine, mine.recv()
        processes.append(process)
    times = {name: [[] for _ in queries] for name in folders}
    totals = {name: [None] * len(queries) for name in folders}
    names = list(folders)
    try:
        for round_ in range(rounds + 1):       # round 0 warms every engine up, untimed
            for i in range(len(queries)):
                turn = names[i % len(names):] + names[:i % len(names)]   # no engine always goes first
                for name in turn:
                    pipes[name].send(("run", i))
                    ms, total = pipes[name].recv()
                    totals[name][i] = total
                    if round_:
                        times[name][i].append(ms)
        used = {}
        for name in names:
            pipes[name].send(("memory",))
            used[name] = pipes[name].recv()
    finally:
        for name in names:
            pipes[name].send(("stop",))
        for process in processes:
            process.join(timeout=30)
    return {"times": times, "totals": totals, "memory": used, "opened": opened}


# --- report --------------------------------------------------------------------------------------

def percentile(values, q: float) -> float:
    import numpy as np

    return float(np.percentile(values, q))


def p95(values) -> float:
    return percentile(values, 95)


def report_latency(queries: list[MixQuery], run: dict) -> None:
    times, names = run["times"], list(run["times"])
    print(f"  {'open (ms)':<34}" + "".join(f"{run['opened'][n]:>14.0f}" for n in names))
    print(f"  {'latency over the mix (ms)':<34}" + "".join(f"{n:>14}" for n in names))
    for label_, stat in (("p50", lambda v: percentile(v, 50)), ("p95", p95), ("max", max)):
        values = {n: stat([t for per in times[n] for t in per]) for n in names}
        ratios = "  ".join(f"{n} {values[n] / values['searchapp']:.2f}x" for n in names if n != "searchapp")
        print(f"  {label_:<34}" + "".join(f"{values[n]:>14.1f}" for n in names) + f"   (vs searchapp: {ratios})")
    print(f"  {'p95 per query (ms)':<34}" + "".join(f"{n:>14}" for n in names) + "   searchapp/tantivy")
    for i, query in enumerate(queries):
        values = {n: p95(times[n][i]) for n in names}
        print(f"  {label(query)[:34]:<34}" + "".join(f"{values[n]:>14.1f}" for n in names)
              + f"   {values['searchapp'] / values['tantivy']:.2f}x")


def report_memory(run: dict) -> None:
    print(f"  {'memory after the run (MiB)':<34}{'RSS':>10}{'private':>10}{'shared':>10}")
    for name, used in run["memory"].items():
        print(f"  {name:<34}{used['rss']:>10.0f}{used['private']:>10.0f}{used['shared']:>10.0f}")


def report_totals(queries: list[MixQuery], run: dict) -> None:
    totals = run["totals"]
    peers = {"tantivy": TantivyEngine, "sqlite-fts5": Fts5Engine}
    differing = [i for i in range(len(queries)) if len({totals[n][i] for n in totals}) > 1]
    print(f"  totals agree on {len(queries) - len(differing)} of {len(queries)} queries")
    for i in differing:
        query = queries[i]
        counts = ", ".join(f"{n} {totals[n][i]:,}" for n in totals)
        print(f"    {label(query)}: {counts}")
        for name, engine in peers.items():
            if totals[name][i] != totals["searchapp"][i]:
                kind = "~" if "~" in (query.text or "") else "*" if "*" in (query.text or "") else ""
                print(f"      {name}: {engine.notes[kind]}")


def report_targets(queries: list[MixQuery], run: dict) -> None:
    times = run["times"]
    mix = {n: p95([t for per in times[n] for t in per]) for n in ("searchapp", "tantivy")}
    print(f"  target p95 over the mix <= tantivy's: searchapp {mix['searchapp']:.1f} ms vs tantivy "
          f"{mix['tantivy']:.1f} ms: {'MET' if mix['searchapp'] <= mix['tantivy'] else 'MISSED'}")
    for text in ("econmy~", "said"):
        i = next(i for i, q in enumerate(queries) if q.text == text)
        ours, theirs = p95(times["searchapp"][i]), p95(times["tantivy"][i])
        verdict = "MET" if ours <= SPEED_TARGET * theirs else "MISSED"
        print(f"  target {text!r} p95 within {SPEED_TARGET}x of tantivy's: {ours:.1f} vs {theirs:.1f} ms "
              f"({ours / theirs:.2f}x): {verdict}")


def compare(index_dir: Path, work: Path, rounds: int, build_ours: bool) -> None:
    import bench_query
    from searchapp.search.service import SearchService

    work.mkdir(parents=True, exist_ok=True)
    records = work / "records.jsonl"
    started = time.perf_counter()
    count = export_records(index_dir, records)
    print(f"{index_dir}: {count:,} records exported in {time.perf_counter() - started:.0f} s -> {records}")
    folders = {"searchapp": index_dir, "tantivy": work / "tantivy", "sqlite-fts5": work / "fts5"}
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        built = {name: pool.apply(build, (name, str(records), str(folders[name] if name != "searchapp"
                                                                   else work / "searchapp-build")))
                 for name in ENGINES if name != "searchapp" or build_ours}
    line = "  ".join(f"{name} {seconds:.1f} s" for name, seconds in built.items())
    if "searchapp" in built:
        line += "   (searchapp / peer: " + "  ".join(
            f"{n} {built['searchapp'] / s:.1f}x" for n, s in built.items() if n != "searchapp") + ")"
    print(f"  build from the records (1 writer thread each): {line}")
    service = SearchService(index_dir)
    queries = [MixQuery.of(query) for query in bench_query.query_mix(service)]
    service.close()
    run = run_interleaved(folders, queries, rounds)
    print(f"  {len(queries)} queries x {rounds} rounds, engines interleaved query by query, warm")
    report_latency(queries, run)
    report_memory(run)
    report_totals(queries, run)
    report_targets(queries, run)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir-base", type=Path, default=Path("/tmp/bench-query/base"))
    parser.add_argument("--index-dir-x10", type=Path, default=Path("/tmp/bench-query/x10"))
    parser.add_argument("--skip-x10", action="store_true", help="only the base index")
    parser.add_argument("--skip-base", action="store_true", help="only the x10 index")
    parser.add_argument("--rounds", type=int, default=5, help="timed passes over the query mix")
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/compare-peers"))
    parser.add_argument("--skip-searchapp-build", action="store_true",
                        help="do not time searchapp's writer on the records (minutes at x10)")
    args = parser.parse_args()
    import bench_query

    bench_query.build_base(args.index_dir_base, written_from=None)   # a full NER reindex when missing
    sizes = [] if args.skip_base else [(args.index_dir_base, args.work_dir / "base")]
    if not args.skip_x10:
        bench_query.build_copies(args.index_dir_base, args.index_dir_x10)
        sizes.append((args.index_dir_x10, args.work_dir / "x10"))
    for index_dir, work in sizes:
        compare(index_dir, work, args.rounds, not args.skip_searchapp_build)


if __name__ == "__main__":
    main()
