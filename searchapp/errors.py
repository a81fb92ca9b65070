"""Exception types, each with the HTTP status the app answers with."""
from __future__ import annotations


class SearchAppError(Exception):
    status = 500
    code = "internal_error"

    def __init__(self, message: str, param: str | None = None):
        super().__init__(message)
        self.message = message
        self.param = param

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


class ReaderError(SearchAppError):
    """A whole file cannot be read (binary, undecodable, empty, malformed)."""

    code = "unreadable"
