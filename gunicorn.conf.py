"""gunicorn settings for `gunicorn -c gunicorn.conf.py wsgi:app` (`make run`, `searchapp serve`).

Environment: SEARCHAPP_BIND (default 127.0.0.1:8000), SEARCHAPP_WORKERS (default CPUs + 1,
at most 8), SEARCHAPP_THREADS (default 2), SEARCHAPP_INDEX_DIR (read by the app).
"""
import multiprocessing
import os

bind = os.environ.get("SEARCHAPP_BIND", "127.0.0.1:8000")

# Searches are CPU-bound, so processes give the parallelism; a couple of threads per worker
# keep a slow client from holding a whole worker. Each worker opens its own Whoosh searcher and
# facet arrays (~0.9 GB private at 234,000 articles), so CPUs + 1 rather than the usual 2 x CPUs + 1.
workers = int(os.environ.get("SEARCHAPP_WORKERS") or min(multiprocessing.cpu_count() + 1, 8))
worker_class = "gthread"
threads = int(os.environ.get("SEARCHAPP_THREADS") or 2)

# The app is imported in each worker after the fork, so no index file handle is shared.
preload_app = False

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


def post_worker_init(worker):
    """Warm a new worker before it takes requests, so the first user does not wait: open the
    index and build its facet arrays, read its word table (did-you-mean, `word*`), and load
    the variant tables of the facets that have one (places: the gazetteer)."""
    from searchapp.errors import IndexMissing, IndexOutdated
    from searchapp.facets import FACETS
    from searchapp.web.service import service_of

    for facet in FACETS:
        if facet.canonical:
            facet.canonical(facet.label)   # the first lookup builds the table
    try:
        snapshot = service_of(worker.wsgi).snapshot()
        len(snapshot.queries.vocabulary)
    except (IndexMissing, IndexOutdated):
        pass  # nothing (usable) indexed yet: the app answers 503 until a reindex
