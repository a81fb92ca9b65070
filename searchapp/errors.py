"""Exception types, each with the HTTP status and error code the app answers with.

Library code raises these; web/app.py turns them into `{"error": {...}}` JSON or an error page,
cli.py into a message and exit status 1.
"""
from __future__ import annotations


class SearchAppError(Exception):
    status = 500
    code = "internal_error"

    def __init__(self, message: str, param: str | None = None, *,
                 status: int | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.param = param
        if status is not None:
            self.status = status
        if code is not None:
            self.code = code

    def to_dict(self) -> dict:
        return {"error": {"code": self.code, "message": self.message, "param": self.param}}


class BadQuery(SearchAppError):
    status = 400
    code = "bad_request"


class NotFound(SearchAppError):
    status = 404
    code = "not_found"


class IndexMissing(SearchAppError):
    status = 503
    code = "index_missing"


class IndexOutdated(SearchAppError):
    """The live index was written by another format version: only `reindex --full` helps."""

    status = 503
    code = "index_outdated"


class ReindexError(SearchAppError):
    """A fatal problem for a reindex: nothing readable, a source that does not exist, a busy index."""

    status = 400
    code = "reindex_failed"


class ClusterError(ReindexError):
    """The processes a reindex enriches on failed: a Dask cluster that cannot be reached, has no
    workers or went away; a worker process of its own that died."""

    code = "cluster_failed"


class Busy(SearchAppError):
    """Every slot of a bounded kind of work (exports) is taken: try again after ``retry_after``
    seconds (the Retry-After header)."""

    status = 503
    code = "busy"

    def __init__(self, message: str, retry_after: int, param: str | None = None):
        super().__init__(message, param)
        self.retry_after = retry_after


class IndexDamaged(SearchAppError):
    """The live index cannot be read (a damaged, truncated or missing file): 503 until it is
    restored or rebuilt; the server keeps running and opens it again by itself."""

    status = 503
    code = "index_damaged"
