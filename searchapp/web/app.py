"""create_app(): configuration, the search service, blueprints, and errors as JSON or a page."""
from __future__ import annotations

import logging

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from .. import config
from ..errors import Busy, SearchAppError
from . import service
from .params import check_request_args
from .api import bp as api_bp
from .entities import bp as entities_bp
from .export import bp as export_bp
from .feeds import bp as feeds_bp
from .pages import bp as pages_bp
from .quotes import bp as quotes_bp
from .trends import bp as trends_bp

log = logging.getLogger(__name__)

# The page loads its script, style sheet and JSON from this host only and is never framed.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; base-uri 'self'; form-action 'self'; "
                               "frame-ancestors 'none'; object-src 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(INDEX_DIR=str(config.index_dir()), EXPORT_SLOTS=config.export_slots(),
                            PUBLIC_URL=config.public_url(), TRUSTED_HOSTS=config.trusted_hosts())
    if test_config:
        app.config.update(test_config)
    app.json.sort_keys = False   # keep the documented key order in JSON answers
    service.init_app(app)
    app.register_blueprint(api_bp)
    app.register_blueprint(pages_bp)
    app.register_blueprint(export_bp)
    app.register_blueprint(feeds_bp)
    app.register_blueprint(trends_bp)
    app.register_blueprint(entities_bp)
    app.register_blueprint(quotes_bp)
    _register_error_handlers(app)
    _register_commands(app)
    app.before_request(_check_request_size)
    app.after_request(_add_security_headers)
    return app


def _check_request_size() -> None:
    if current_app.config.get("TRUSTED_HOSTS"):
        request.host   # noqa: B018 - reading it refuses a host not listed (werkzeug's SecurityError, a 400)
    check_request_args(request.args)


def _add_security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _register_error_handlers(app: Flask) -> None:
    @app.errorhandler(SearchAppError)
    def app_error(error: SearchAppError):
        if error.status >= 500 and error.status != 503:   # a 503's cause is logged once, where it arises
            log.error("%s: %s", error.code, error.message)
        body, status = _error_response(error)
        response = current_app.make_response((body, status))
        if isinstance(error, Busy):
            response.headers["Retry-After"] = str(error.retry_after)
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = (error.name or "error").lower().replace(" ", "_")
        status = error.code or 500
        response = _error_response(SearchAppError(error.description or error.name, status=status, code=code))
        return _with_headers_of(error, response)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        log.exception("unexpected error on %s", request.path)
        return _error_response(SearchAppError("Something went wrong on our side."))


def _error_response(error: SearchAppError):
    # Feed readers, like API clients, read the error as JSON.
    if request.path == "/api" or request.path.startswith(("/api/", "/feeds/")):
        return jsonify(error.to_dict()), error.status
    return render_template("error.html", error=error), error.status


def _with_headers_of(error: HTTPException, answer):
    """``answer`` (body, status) with the headers the HTTP error promises (a 405's Allow)."""
    body, status = answer
    response = current_app.make_response((body, status))
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _register_commands(app: Flask) -> None:
    from ..cli import reindex_command, stats_command

    app.cli.add_command(reindex_command)
    app.cli.add_command(stats_command)
