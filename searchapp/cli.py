"""The `searchapp` command: options -> a library call (indexer, stats, search service, gunicorn)
-> printed text or the record's to_dict(); library errors become a message and exit status 1."""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from . import config
from .errors import SearchAppError
from .facets import BY_KIND, FACETS
from .records import DATE_SOURCES, EXPORT_FORMATS, INTERVALS, SORTS, UNDATED

PROJECT_ROOT = config.PROJECT_ROOT

index_dir_option = click.option(
    "--index-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Index folder (default: $SEARCHAPP_INDEX_DIR, else index/ in the project).",
)


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if not verbose:   # Dask's scheduler, nanny and worker lines for every start and stop
        logging.getLogger("distributed").setLevel(logging.WARNING)
        # distributed sets its logger back to INFO when it is imported (its own logging config),
        # which a --dask run does later; the environment sets it for that import and for the
        # worker processes. Its INFO lines include a traceback for a connection closed at shutdown.
        os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")


class _ProgressDisplay:
    """A tqdm bar over the articles (rate, ETA) on a terminal, a log line every 10 s elsewhere."""

    LOG_EVERY = 10.0   # seconds between log lines

    def __init__(self, interactive: bool):
        import time

        self.interactive = interactive
        self.bar = None
        self.started = time.monotonic()
        self.last_log = self.started

    def __call__(self, state) -> None:
        import time

        if self.interactive:
            if self.bar is None:
                from tqdm import tqdm

                self.bar = tqdm(total=state.articles_total, unit=" articles", desc="indexing",
                                dynamic_ncols=True, mininterval=0.5)
            self.bar.total = max(state.articles_total, state.articles_done)
            self.bar.update(state.articles_done - self.bar.n)
        elif time.monotonic() - self.last_log >= self.LOG_EVERY:
            self.last_log = time.monotonic()
            logging.getLogger("searchapp.reindex").info("progress: %s", progress_line(
                state.articles_done, state.articles_total, self.last_log - self.started))

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def progress_line(done: int, total: int, elapsed: float) -> str:
    """'1,200 of ~21,578 articles (6%), 40 articles/s, ETA 8m 30s' for the log."""
    rate = done / elapsed if elapsed > 0 else 0.0
    left = max(total - done, 0)
    eta = f"ETA {_duration(left / rate)}" if rate else "ETA unknown"
    share = 100 * done / total if total else 100.0
    return f"{done:,} of ~{total:,} articles ({share:.0f}%), {rate:.0f} articles/s, {eta}"


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m" if hours else f"{minutes}m {secs:02d}s" if minutes else f"{secs}s"


@click.command("reindex")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@index_dir_option
@click.option("--full", is_flag=True, help="Rebuild from scratch beside the live index, then swap it in atomically.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Enrichment processes (spaCy NER) on this machine; use the number of cores.  [default: 1]")
@click.option("--dask", "dask_address", metavar="ADDRESS", default=None,
              help="Enrich on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786), or on "
                   "N local worker processes with local:N (instead of --workers).")
@click.option("--dask-timeout", type=click.FloatRange(0.1, 600), default=10.0, show_default=True,
              metavar="SECONDS", help="How long to try reaching the Dask scheduler and a first worker.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar (default: on when stderr is a terminal).")
@click.option("-v", "--verbose", is_flag=True, help="Debug logging.")
def reindex_command(sources, index_dir, full, workers, dask_address, dask_timeout, progress, verbose):
    """Index the archive files or folders SOURCES (incrementally unless --full)."""
    from .store.indexer import reindex

    if dask_address and workers is not None:
        raise click.UsageError("--dask and --workers exclude each other: with --dask the cluster's "
                               "workers enrich (start more of them, or use local:N)")
    _setup_logging(verbose)
    target = config.index_dir(index_dir)
    display = _ProgressDisplay(sys.stderr.isatty() if progress is None else progress)
    try:
        summary = reindex(sources, target, full=full, workers=workers or 1, progress=display,
                          dask=dask_address, dask_timeout=dask_timeout)
    except SearchAppError as exc:
        raise click.ClickException(exc.message) from None
    finally:
        display.close()
    _print_summary(summary, target)


def _print_summary(summary, target: Path) -> None:
    mode = "full rebuild" if summary.full else "incremental update"
    click.echo(f"{mode} of {target} ({summary.generation})")
    click.echo(f"  files read         {summary.files_read:>9,}")
    click.echo(f"  articles read      {summary.articles_read:>9,}")
    click.echo(f"  indexed (new)      {summary.indexed:>9,}")
    click.echo(f"  updated            {summary.updated:>9,}")
    click.echo(f"  unchanged          {summary.unchanged:>9,}")
    click.echo(f"  duplicates         {summary.duplicates:>9,}")
    click.echo(f"  removed            {summary.removed:>9,}")
    click.echo(f"  skipped            {len(summary.skipped):>9,}")
    for reason, count in summary.skip_reasons().most_common(10):
        click.echo(f"    {count:>6,} × {reason}")
    for skipped in summary.skipped[:20]:
        click.echo(f"    - {skipped}")
    if len(summary.skipped) > 20:
        click.echo(f"    … and {len(summary.skipped) - 20:,} more (see the log)")
    for warning in summary.warnings[:20]:
        click.echo(f"  warning: {warning}")
    if len(summary.warnings) > 20:
        click.echo(f"  … and {len(summary.warnings) - 20:,} more warnings (see the log)")
    click.echo(f"  enrichment         {summary.enrichment}")
    click.echo(f"  workers used       {summary.workers:>9,}")
    if summary.copy_groups is not None:
        groups = summary.copy_groups
        click.echo(f"  stories            {groups.stories:>9,} ({groups.grouped:,} articles are copies "
                   f"in {groups.groups:,} stories of two or more)")
    click.echo(f"  elapsed            {summary.elapsed:>9.1f} s")
    if summary.changed:
        click.echo(f"  articles/s         {summary.articles_per_s:>9.1f}")
    else:
        click.echo("  nothing changed: every article read is indexed as it is")
    click.echo(f"  in the index       {_index_contents(summary)}")


def _index_contents(summary) -> str:
    """'2,124 articles, none dated: …', naming the gap as the lines above name skipped files."""
    articles, undated = summary.in_index, summary.undated_in_index
    counted = f"{articles:,} article{'' if articles == 1 else 's'}"
    if articles and undated == articles:
        return (f"{counted}, none dated: date filters, trends and the date histogram have "
                "nothing to act on; newest/oldest first and feeds order them by when each was first indexed")
    if undated:
        return f"{counted}, {articles - undated:,} dated, {undated:,} undated"
    return f"{counted}, all dated"


class TopCount(click.ParamType):
    """--top: a number of values, or `all` (or 0) for every one."""

    name = "N|all"

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        text = str(value).strip().lower()
        if text == "all":
            return 0
        try:
            number = int(text)
        except ValueError:
            self.fail(f"{value!r} is neither a number nor 'all'", param, ctx)
        if number < 0:
            self.fail(f"{number} is below 0 (0 or 'all': every value)", param, ctx)
        return number


STATS_PAGE = 1000   # values read at a time when listing many: memory stays flat


@click.command("stats")
@index_dir_option
@click.option("--top", type=TopCount(), default=10, show_default=True,
              help=f"How many of the most frequent {', '.join(f.plural for f in FACETS)} to list "
                   "('all' or 0: every one, written as it is read).")
def stats_command(index_dir, top):
    """Article count, date span and the most frequent values of each facet of the index."""
    from .store.stats import index_stats

    from .search.service import SearchService

    try:
        stats = index_stats(config.index_dir(index_dir), top=0)
        # as searches count them: after the archive-wide resolution and the user's corrections
        service = SearchService(config.index_dir(index_dir))
        service.snapshot()
    except SearchAppError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"index      {stats.path}")
    click.echo(f"articles   {stats.articles:,}")
    span = f"{stats.first_date} to {stats.last_date}" if stats.first_date else "no dated articles"
    click.echo(f"dates      {span} ({stats.undated:,} undated)")
    for facet in FACETS:
        click.echo(f"{'all' if not top else 'top'} {facet.plural}:")
        for value in _facet_rows(service, facet.kind, top):
            click.echo(f"  {value.count:>7,}  {value.value}")


def _facet_rows(service, kind: str, top: int):
    """The ``top`` most frequent values of ``kind`` (0: all), read a page at a time."""
    size = min(STATS_PAGE, top) if top else STATS_PAGE
    page, written = 1, 0
    while True:
        values, total = service.facet_page(kind, limit=size, page=page)
        for value in values:
            if top and written == top:
                return
            yield value
            written += 1
        if not values or page * size >= total:
            return
        page += 1


def _facet_options(command):
    """--person, --place, … : one repeatable filter option per facet kind of the registry."""
    for facet in reversed(FACETS):
        command = click.option(f"--{facet.kind}", facet.kind, multiple=True,
                               help=f"Only articles naming this {facet.noun} (repeatable: all of them).")(command)
    return command


def _search_options(command):
    """The search's options (TEXT, --index-dir, the facet filters, dates, sort), shared by
    `search`, `export` and `quotes`."""
    for option in reversed((
        click.argument("text", required=False, default=""),
        index_dir_option,
        _facet_options,
        click.option("--from", "date_from", default=None,
                     help="Published on or after (ISO date or words: 'March 2022'; a span such as 'Q1 2022' or "
                          "'last year' alone is the whole span)."),
        click.option("--to", "date_to", default=None, help="Published on or before."),
        click.option("--undated", type=click.Choice(UNDATED, case_sensitive=False), default=None,
                     help="Only the articles without a publication date, or none of them."),
        click.option("--sort", type=click.Choice(SORTS), default=None),
    )):
        command = option(command)
    return command


collapse_option = click.option("--collapse/--no-collapse", default=True, show_default=True,
                               help="One result per story (its copies grouped, counts of stories), or every copy.")
bom_option = click.option("--bom/--no-bom", default=True, show_default=True,
                          help="Start a CSV with a UTF-8 byte order mark (Excel needs it to read accents).")
base_url_option = click.option("--base-url", default=None,
                               help="Where the web app is reached, for each row's link to its article page "
                                    "(default: $SEARCHAPP_PUBLIC_URL, else http://$SEARCHAPP_BIND).")


@click.command("search")
@_search_options
@collapse_option
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the same JSON as /api/search.")
def search_command(text, index_dir, date_from, date_to, undated, sort, collapse, limit, as_json, **filters):
    """Search the index from the shell, with the same query language and filters as the web page."""
    from .search.request import build_query

    result = _answer(index_dir, lambda service: service.search(build_query(
        text, include=filters, date_from=date_from or "", date_to=date_to or "", undated=undated or "",
        sort=sort or "", per_page=limit, collapse=collapse)))
    if as_json:
        _echo_json(result)
        return
    if result.articles != result.total:   # stories, some of them told more than once
        click.echo(f"{result.total:,} {'story' if result.total == 1 else 'stories'}, {result.articles:,} "
                   f"articles with their copies ({result.took_ms:.0f} ms)")
    else:
        click.echo(f"{result.total:,} articles ({result.took_ms:.0f} ms)")
    click.echo(_dates_line(result))
    for item in result.unmatched:
        closest = ", ".join(f"{count.value} ({count.count:,})" for count in item.closest) or "none"
        click.echo(f"no {BY_KIND[item.kind].noun} {item.value!r} in this archive ({item.param}); closest: {closest}")
    for hit in result.hits:
        day = hit.published.isoformat() if hit.published else "undated   "
        source = f" (date {DATE_SOURCES['text']})" if hit.published and hit.date_source == "text" else ""
        versions = f"  ({hit.versions} versions)" if hit.versions > 1 else ""
        click.echo(f"{day}  {hit.title}  [{hit.doc_id}]{source}{versions}")
    if result.suggestion:
        click.echo(f"did you mean: {result.suggestion}")


def _answer(index_dir, ask):
    """``ask(service)`` on the search service of the index; a bad request or a missing index is
    one message (click's "Error: …", exit 1)."""
    from .search.service import SearchService

    try:
        return ask(SearchService(config.index_dir(index_dir)))
    except SearchAppError as exc:
        raise click.ClickException(exc.message) from None


def _echo_json(record) -> None:
    """A record's to_dict(), as the JSON API answers it."""
    import json

    click.echo(json.dumps(record.to_dict(), indent=2, ensure_ascii=False))


def _dates_line(result) -> str:
    """The date range searched, as resolved, and the undated articles beside it."""
    query = result.query
    if query.undated == "only":
        searched = "undated articles only"
    elif query.date_from or query.date_to:
        searched = f"{query.date_from or '…'} to {query.date_to or '…'}"
    else:
        searched = "any date"
    left_out = " left out" if query.undated == "exclude" or query.date_from or query.date_to else ""
    return f"dates: {searched}; {result.undated:,} undated{left_out}"


@click.command("export")
@_search_options
@collapse_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="csv", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (default: standard output).")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar (default: on when stderr is a terminal).")
@bom_option
@base_url_option
def export_command(text, index_dir, date_from, date_to, undated, sort, collapse, fmt, output, progress, bom,
                   base_url, **filters):
    """Write every article the search finds (no limit), in its sort, as CSV or JSON Lines:
    the same rows as /api/export.csv and /api/export.jsonl."""
    from .search.export import article_link
    from .search.request import build_query
    from .search.service import SearchService

    root = config.link_base(base_url)
    try:
        query = build_query(text, include=filters, date_from=date_from or "", date_to=date_to or "",
                            undated=undated or "", sort=sort or "", collapse=collapse)
        export = SearchService(config.index_dir(index_dir)).export(
            query, fmt, link=lambda doc_id: article_link(root, doc_id), bom=bom)
    except SearchAppError as exc:
        raise click.ClickException(exc.message) from None
    with export:
        _write_export(export, output, sys.stderr.isatty() if progress is None else progress)
    if output is not None:
        click.echo(f"{export.total:,} articles written to {output}", err=True)


@click.command("quotes")
@_search_options
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--page", type=click.IntRange(1, 1_000_000_000), default=1, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the same JSON as /api/quotes.")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default=None,
              help="Write every quote found (no pages) as /api/quotes.csv or .jsonl does.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="With --format: write to this file (default: standard output).")
@bom_option
@base_url_option
def quotes_command(text, index_dir, date_from, date_to, undated, sort, limit, page, as_json, fmt, output,
                   bom, base_url, **filters):
    """Who said what: the quotes whose words TEXT finds, said by --person or --org, in articles
    naming --place and published --from/--to (as /api/quotes reads them)."""
    from .search.request import build_query

    def query():
        return build_query(text, include=filters, date_from=date_from or "", date_to=date_to or "",
                           undated=undated or "", sort=sort or "", page=page, per_page=limit)

    if fmt:
        from .search.export import article_link

        root = config.link_base(base_url)
        export = _answer(index_dir, lambda service: service.export_quotes(
            query(), fmt, link=lambda doc_id: article_link(root, doc_id), bom=bom))
        with export:
            _write_export(export, output, False, unit=" quotes")
        if output is not None:
            click.echo(f"{export.total:,} quotes written to {output}", err=True)
        return
    result = _answer(index_dir, lambda service: service.quotes(query()))
    if as_json:
        _echo_json(result)
        return
    click.echo(f"{result.total:,} quote{'s' if result.total != 1 else ''} ({result.took_ms:.0f} ms)")
    for quote in result.quotes:
        day = quote.published.isoformat() if quote.published else "undated   "
        words = f"“{quote.text}”" if quote.direct else f"(reported) {quote.text}"
        click.echo(f"{day}  {quote.speaker or 'not attributed'}: {words}  [{quote.article_id}]")


def _write_export(export, output: Path | None, show_progress: bool, unit: str = " articles") -> None:
    bar = None
    if show_progress:
        from tqdm import tqdm

        bar = tqdm(total=export.total, unit=unit, desc="exporting", dynamic_ncols=True,
                   mininterval=0.5, file=sys.stderr)
    try:
        out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from None
    try:
        lines = iter(export)
        if export.format == "csv":
            out.write(next(lines))   # the header row
        for line in lines:
            out.write(line)
            if bar is not None:
                bar.update(1)
    finally:
        if output:
            out.close()
        if bar is not None:
            bar.close()


@click.command("serve")
@index_dir_option
@click.option("--bind", default=None, help="host:port (default: $SEARCHAPP_BIND or 127.0.0.1:8000).")
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="gunicorn worker processes.")
def serve_command(index_dir, bind, workers):
    """Serve the web page and JSON API with gunicorn (same as `make run`)."""
    env = dict(os.environ, SEARCHAPP_INDEX_DIR=str(config.index_dir(index_dir).resolve()))
    if bind:
        env["SEARCHAPP_BIND"] = bind
    if workers:
        env["SEARCHAPP_WORKERS"] = str(workers)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    argv = [str(gunicorn), "-c", str(PROJECT_ROOT / "gunicorn.conf.py"), "--chdir", str(PROJECT_ROOT), "wsgi:app"]
    os.execve(argv[0], argv, env)


@click.group("entities")
def entities_group():
    """Correct facet values once: merge variants, hide junk, move a value to another kind.

    Corrections live in a plain text file in the index folder (every reindex keeps them) and
    reach running searchers within seconds, without NER."""


def _correct(index_dir, words: list[str]) -> None:
    from .entities import corrections

    try:
        change = corrections.add(config.index_dir(index_dir), corrections.parse_line(words))
    except SearchAppError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"in force: {change.describe()}")


@entities_group.command("show")
@click.argument("kind")
@click.argument("value")
@index_dir_option
@_facet_options
@click.option("--from", "date_from", default=None, help="Only articles published on or after (as for search).")
@click.option("--to", "date_to", default=None, help="Only articles published on or before.")
@click.option("--interval", type=click.Choice(INTERVALS), default=None,
              help="Of the timeline (default: by the span).")
@click.option("--collapse/--no-collapse", default=True, show_default=True,
              help="Count stories (copies of one story once) or every copy.")
@click.option("--json", "as_json", is_flag=True, help="Print the same JSON as /api/entities/KIND/VALUE.")
def entities_show(kind, value, index_dir, date_from, date_to, interval, collapse, as_json, **filters):
    """What the archive says about one person, place or organisation: its entity page."""
    from .search.request import build_entity_query

    profile = _answer(index_dir, lambda service: service.entity(build_entity_query(
        kind, value, include=filters, date_from=date_from or "", date_to=date_to or "", interval=interval or "",
        collapse=collapse)))
    if as_json:
        _echo_json(profile)
        return
    seen = (f"first seen {profile.first_seen.isoformat()}, last seen {profile.last_seen.isoformat()}"
            if profile.first_seen else "no dated article")
    click.echo(f"{profile.kind} {profile.value}: {profile.articles:,} {profile.measure}, {seen}, "
               f"{profile.undated:,} undated")
    if profile.forms:
        click.echo("written as: " + ", ".join(f"{form.text} ({form.count:,})" for form in profile.forms))
    quoted = profile.quotes
    click.echo(f"per {profile.interval}:" + ("   articles   quotes" if quoted else ""))
    for number, bucket in enumerate(profile.timeline):
        click.echo(f"  {bucket.value:<10} {bucket.count:>7,}" + (f"  {quoted.counts[number]:>7,}" if quoted else ""))
    if quoted:
        click.echo(f"quoted {quoted.total:,} times ({quoted.undated:,} undated); latest:")
        for quote in quoted.latest:
            click.echo(f"  {quote.published.isoformat() if quote.published else 'undated   '}  “{quote.text}”  "
                       f"[{quote.article_id}]")
    for facet in FACETS:
        named = profile.related[facet.kind][:5]
        if named:
            click.echo(f"named with it, {facet.plural}: " + ", ".join(f"{c.value} ({c.count:,})" for c in named))
    for hit in profile.latest[:5]:
        click.echo(f"{hit.published.isoformat() if hit.published else 'undated   '}  {hit.title}  [{hit.doc_id}]")


@entities_group.command("merge")
@click.argument("kind")
@click.argument("target")
@click.argument("variants", nargs=-1, required=True)
@index_dir_option
def entities_merge(kind, target, variants, index_dir):
    """VARIANTS become TARGET (person "Tony Blair" Blair "Mr Blair")."""
    _correct(index_dir, ["merge", kind, target, *variants])


@entities_group.command("hide")
@click.argument("kind")
@click.argument("values", nargs=-1, required=True)
@index_dir_option
def entities_hide(kind, values, index_dir):
    """VALUES are never facet values of KIND (org GMT)."""
    _correct(index_dir, ["hide", kind, *values])


@entities_group.command("retype")
@click.argument("from_kind")
@click.argument("to_kind")
@click.argument("values", nargs=-1, required=True)
@index_dir_option
def entities_retype(from_kind, to_kind, values, index_dir):
    """VALUES of FROM_KIND are values of TO_KIND (place org Newcastle)."""
    _correct(index_dir, ["retype", from_kind, to_kind, *values])


@entities_group.command("changes")
@click.option("--kind", default=None, help="Only the changes about this kind.")
@index_dir_option
def entities_changes(kind, index_dir):
    """The corrections in force, numbered (for `entities forget N`)."""
    from .entities import corrections
    from .facets import facet_of

    try:
        if kind is not None:
            facet_of(kind)
        listed = corrections.numbered(corrections.load(config.index_dir(index_dir)), kind)
    except SearchAppError as exc:
        raise click.ClickException(exc.message) from None
    if not listed:
        click.echo("no corrections in force")
    for number, change in listed:
        click.echo(f"{number:>4}  {change.describe()}")


@entities_group.command("forget")
@click.argument("number", type=int)
@index_dir_option
def entities_forget(number, index_dir):
    """Drop correction NUMBER (as `entities changes` numbers them)."""
    from .entities import corrections

    try:
        change = corrections.forget(config.index_dir(index_dir), number)
    except SearchAppError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"forgotten: {change.describe()}")


@click.group()
@click.version_option(package_name="searchapp")
def main():
    """searchapp: index archived news and search it by text, named entities and date."""


for _command in (reindex_command, stats_command, search_command, export_command, quotes_command, serve_command,
                 entities_group):
    main.add_command(_command)


if __name__ == "__main__":
    main()
