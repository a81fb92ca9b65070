"""Enrichment on a Dask cluster: `reindex --dask tcp://host:8786` or `--dask local:N`.

The reindex process keeps the readers and the Whoosh writer; batches of RawDocs go to the
cluster's workers and their analyses come back, at most BATCHES_IN_FLIGHT_PER_WORKER per worker
in flight or waiting to be written (memory stays flat on any archive), and are handed on in
input order. Each worker builds the pipeline (loads spaCy) once, in EnrichmentPlugin.setup; a
task takes it from its worker. A worker that dies mid-run costs only time: the scheduler runs its
tasks elsewhere, and each batch's result is taken once, by batch number.
"""
from __future__ import annotations

import logging
import threading
import uuid
from contextlib import contextmanager
from typing import Iterator

import dask
from distributed import Client, LocalCluster, as_completed, get_worker
from distributed.client import FutureCancelledError
from distributed.diagnostics.plugin import WorkerPlugin
from distributed.scheduler import KilledWorker

from searchapp.enrich import entities
from searchapp.enrich.pipeline import Analysis, analyse_batch
from searchapp.errors import ClusterError
from searchapp.records import RawDoc

logger = logging.getLogger(__name__)

LOCAL = "local:"
MAX_LOCAL_WORKERS = 64
# Seconds to reach the scheduler (and to see a first worker) before giving up.
CONNECT_TIMEOUT = 10.0
# Batches per worker sent or done-but-not-yet-written. Results are written in input order, so a
# worker that is done early waits for a slower one once the window is full: 2 per worker left
# workers idle (0.88 of --workers' speed), 4 keeps them busy; still only a few hundred articles.
BATCHES_IN_FLIGHT_PER_WORKER = 4
PLUGIN_NAME = "searchapp-enrichment"


class EnrichmentPlugin(WorkerPlugin):
    """Loads the model once per worker (and again on a worker that restarts)."""

    name = PLUGIN_NAME
    idempotent = True   # a second reindex on the same cluster keeps the model already loaded

    def setup(self, worker) -> None:
        self.nlp = entities.load_nlp()
        # One batch at a time per worker process (a worker started with several threads would
        # otherwise share one model between them); more cores: more worker processes.
        self.lock = threading.Lock()
        logger.info("searchapp enrichment ready on %s", worker.address)


def analyse_on_worker(batch: list[RawDoc], batch_size: int) -> tuple[str, list[Analysis]]:
    """The task: one batch, with the worker's model; says which worker did it."""
    worker = get_worker()
    plugin = worker.plugins.get(PLUGIN_NAME)
    if plugin is None or not hasattr(plugin, "nlp"):
        raise RuntimeError(f"searchapp's enrichment is not set up on Dask worker {worker.address} "
                           "(see that worker's log)")
    with plugin.lock:
        return worker.address, analyse_batch(batch, batch_size, nlp=plugin.nlp)


class DaskEnrichment:
    """An Enrichment (pipeline.py) whose batches run on a Dask cluster through ``client``."""

    def __init__(self, client: Client, address: str) -> None:
        self.client = client
        self.address = address
        self._used: set[str] = set()

    def workers_used(self) -> int:
        return len(self._used)

    def describe(self) -> str:
        return f"Dask cluster {self.address}"

    def window(self) -> int:
        workers = len(self.client.scheduler_info()["workers"])
        return BATCHES_IN_FLIGHT_PER_WORKER * max(workers, 1)

    def run(self, batches: Iterator[list[RawDoc]], batch_size: int) -> Iterator[list[Analysis]]:
        window = self.window()
        prefix = f"searchapp-enrich-{uuid.uuid4().hex}"
        numbers: dict[str, int] = {}              # task key -> batch number
        finished: dict[int, list[Analysis]] = {}  # reorder buffer: done, waiting for earlier ones
        completed = as_completed(loop=self.client.loop)
        submitted = next_out = 0
        try:
            while True:
                while submitted - next_out < window and (batch := next(batches, None)) is not None:
                    future = self.client.submit(analyse_on_worker, batch, batch_size,
                                                key=f"{prefix}-{submitted}")
                    numbers[future.key] = submitted
                    completed.add(future)
                    submitted += 1
                if next_out == submitted:
                    return
                future = next(completed)
                number = numbers.pop(future.key, None)
                if number is None or number < next_out or number in finished:
                    continue   # a result already taken: a batch is written once
                worker, analyses = self._result(future, number)
                self._used.add(worker)
                finished[number] = analyses
                while next_out in finished:
                    yield finished.pop(next_out)
                    next_out += 1
        finally:
            completed.clear()

    def _result(self, future, number: int) -> tuple[str, list[Analysis]]:
        """The batch's result; the cluster's failures as ClusterError, a task's own error as is
        (a document the pipeline fails on ends the run as with --workers)."""
        try:
            return future.result()
        except FutureCancelledError as error:
            if self.client.status in ("running", "connecting") and error.reason != "scheduler-connection-lost":
                raise ClusterError(f"batch {number} was cancelled on the Dask cluster at {self.address} "
                                   f"({error.reason})", param="dask") from None
            raise ClusterError(f"lost the Dask scheduler at {self.address} mid-run", param="dask") from None
        except KilledWorker as error:
            last = getattr(error.last_worker, "address", error.last_worker)
            raise ClusterError(f"batch {number} killed {error.allowed_failures + 1} Dask workers of {self.address} "
                               f"in a row (the last {last}): see their logs", param="dask") from None
        finally:
            future.release()


@contextmanager
def connect(address: str, timeout: float = CONNECT_TIMEOUT) -> Iterator[DaskEnrichment]:
    """A DaskEnrichment on the scheduler at ``address``, or on a LocalCluster of N worker
    processes for ``local:N`` (closed on the way out). Fails within about ``timeout`` seconds
    when the scheduler cannot be reached or has no worker."""
    cluster = _local_cluster(address) if address.startswith(LOCAL) else None
    try:
        client = _client(cluster or address, cluster.scheduler_address if cluster else address, timeout)
        try:
            where = f"{address} ({client.scheduler.address})" if cluster else address
            _wait_for_workers(client, where, timeout)
            _set_up_workers(client, where)
            yield DaskEnrichment(client, where)
        finally:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()


def _local_cluster(address: str) -> LocalCluster:
    count = address[len(LOCAL):]
    if not count.isdigit() or not 1 <= int(count) <= MAX_LOCAL_WORKERS:
        raise ClusterError(f"--dask {address}: expected local:N with N from 1 to {MAX_LOCAL_WORKERS}, "
                           "or a scheduler address such as tcp://host:8786", param="dask")
    # Dask's statistical profiler samples each worker's stack every 10 ms, for a dashboard that
    # is off here: CPU the NER needs (on other clusters: DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED).
    with dask.config.set({"distributed.worker.profile.enabled": False}):
        return LocalCluster(n_workers=int(count), processes=True, threads_per_worker=1,
                            host="127.0.0.1", dashboard_address=None)


def _client(target, address: str, timeout: float) -> Client:
    try:
        return Client(target, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {address} within {timeout:g} s "
                           f"({type(error).__name__}: {error})", param="dask") from None


def _wait_for_workers(client: Client, address: str, timeout: float) -> None:
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError:
        raise ClusterError(f"the Dask scheduler at {address} has no worker after {timeout:g} s: start some "
                           f"with `dask worker {client.scheduler.address}`", param="dask") from None


def _set_up_workers(client: Client, address: str) -> None:
    try:
        client.register_plugin(EnrichmentPlugin())
    except Exception as error:   # noqa: BLE001 - raised on a worker: its type is the workers' business
        raise ClusterError(f"a Dask worker of {address} cannot set up searchapp's enrichment "
                           f"({type(error).__name__}: {error}): is searchapp installed there, with its "
                           "spaCy model?", param="dask") from None
