"""The app's search service: one SearchService per app (so per gunicorn worker), on app.extensions.

Like flaskr's db.py: ``init_app`` attaches it, ``get_service`` gives it to a view. The service
opens the index on first use, so the app starts before the first reindex.
"""
from __future__ import annotations

from flask import Flask, current_app

from ..search.service import SearchService

EXTENSION = "searchapp"


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = SearchService(app.config["INDEX_DIR"])


def service_of(app: Flask) -> SearchService:
    return app.extensions[EXTENSION]


def get_service() -> SearchService:
    """The service of the app handling the current request."""
    return service_of(current_app)
