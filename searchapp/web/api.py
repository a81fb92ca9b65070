"""The JSON API: /api/search, /api/articles/<id>, /api/facets/<kind>, /api/openapi.json."""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from ..errors import BadQuery
from ..facets import facet_of
from .params import parse_search_args
from .index import get_service

bp = Blueprint("api", __name__, url_prefix="/api")

MAX_FACET_LIMIT = 100
MAX_PREFIX_CHARS = 200


@bp.get("/search")
def search():
    query = parse_search_args(request.args)
    return jsonify(get_service().search(query).to_dict())


@bp.get("/articles/<path:doc_id>")
def article(doc_id: str):
    return jsonify(get_service().article(doc_id).to_dict())


@bp.get("/facets/<kind>")
def facet_values(kind: str):
    kind = facet_of(kind).kind
    prefix = request.args.get("prefix", "")
    if len(prefix) > MAX_PREFIX_CHARS:
        raise BadQuery(f"'prefix' is longer than {MAX_PREFIX_CHARS} characters", param="prefix")
    limit = _limit(request.args.get("limit", ""))
    values = get_service().facet_values(kind, prefix=prefix, limit=limit)
    return jsonify({"kind": kind, "prefix": prefix,
                    "values": [v.to_dict() for v in values]})


@bp.get("/openapi.json")
def openapi():
    from .openapi import openapi_document

    return jsonify(openapi_document())


def _limit(text: str) -> int:
    if not text.strip():
        return 20
    try:
        limit = int(text)
    except ValueError:
        raise BadQuery(f"'limit' must be a whole number, not {text!r}", param="limit") from None
    if not 1 <= limit <= MAX_FACET_LIMIT:
        raise BadQuery(f"'limit' must be between 1 and {MAX_FACET_LIMIT}", param="limit")
    return limit
