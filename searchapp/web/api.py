"""The JSON API: /api/search, /api/articles/<id>, /api/facets/<kind>, /api/dates, /api/openapi.json.

Each view parses its parameters, calls the search service and answers the record's to_dict().
"""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from ..facets import facet_of
from .pages import range_label
from .service import get_service
from .openapi import openapi_document
from .params import parse_dates_args, parse_facet_args, parse_search_args

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search():
    query = parse_search_args(request.args)
    return jsonify(get_service().search(query).to_dict())


@bp.get("/articles/<path:doc_id>")
def article(doc_id: str):
    service = get_service()
    found = service.article(doc_id).to_dict()
    return jsonify({**found, "versions": [version.to_dict() for version in service.versions(doc_id)]})


@bp.get("/facets/<kind>")
def facet_values(kind: str):
    facet = facet_of(kind)
    prefix, limit = parse_facet_args(request.args)
    values = get_service().facet_values(facet.kind, prefix=prefix, limit=limit)
    return jsonify({"kind": facet.kind, "prefix": prefix, "values": [v.to_dict() for v in values]})


@bp.get("/dates")
def dates():
    """The range `from`/`to` name, read as a search reads them (the page echoes it as you type)."""
    first, last = parse_dates_args(request.args)
    return jsonify({"from": first and first.isoformat(), "to": last and last.isoformat(),
                    "label": range_label(first, last)})


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())
