"""The JSON API: /api/search, /api/articles/<id>, /api/facets/<kind>, /api/openapi.json."""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from ..errors import BadQuery
from .params import parse_search_args
from ..records import Hit, SearchResult
from ..store.schema import FACET_FIELDS
from ..search.service import get_service

bp = Blueprint("api", __name__, url_prefix="/api")

MAX_FACET_LIMIT = 100
MAX_PREFIX_CHARS = 200


@bp.get("/search")
def search():
    query = parse_search_args(request.args)
    return jsonify(search_result_to_json(get_service().search(query)))


@bp.get("/articles/<path:doc_id>")
def article(doc_id: str):
    return jsonify(get_service().article(doc_id).to_dict())


@bp.get("/facets/<kind>")
def facet_values(kind: str):
    if kind not in FACET_FIELDS:
        raise BadQuery(f"unknown facet {kind!r}: use person, place or org", param="kind")
    prefix = request.args.get("prefix", "")
    if len(prefix) > MAX_PREFIX_CHARS:
        raise BadQuery(f"'prefix' is longer than {MAX_PREFIX_CHARS} characters", param="prefix")
    limit = _limit(request.args.get("limit", ""))
    values = get_service().facet_values(kind, prefix=prefix, limit=limit)
    return jsonify({"kind": kind, "prefix": prefix,
                    "values": [{"value": v.value, "count": v.count} for v in values]})


@bp.get("/openapi.json")
def openapi():
    from .openapi import openapi_document

    return jsonify(openapi_document())


def search_result_to_json(result: SearchResult) -> dict:
    q = result.query
    return {
        "query": {
            "q": q.text,
            "person": list(q.persons),
            "place": list(q.places),
            "org": list(q.orgs),
            "not_person": list(q.not_persons),
            "not_place": list(q.not_places),
            "not_org": list(q.not_orgs),
            "from": q.date_from.isoformat() if q.date_from else None,
            "to": q.date_to.isoformat() if q.date_to else None,
            "sort": q.sort,
            "page": q.page,
            "per_page": q.per_page,
        },
        "total": result.total,
        "results": [hit_json(hit) for hit in result.hits],
        "facets": {
            **{name: [{"value": f.value, "count": f.count} for f in result.facets[name]]
               for name in ("persons", "places", "orgs")},
            "dates": {
                "interval": result.date_interval,
                "buckets": [{"value": b.value, "count": b.count} for b in result.date_buckets],
            },
        },
        "suggestion": result.suggestion,
        "took_ms": result.took_ms,
    }


def hit_json(hit: Hit) -> dict:
    return {
        "id": hit.doc_id,
        "title": hit.title,
        "date": hit.published.isoformat() if hit.published else None,
        "source": hit.source,
        "url": hit.url,
        "snippet": hit.snippet,
        "persons": list(hit.persons),
        "places": list(hit.places),
        "orgs": list(hit.orgs),
    }


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
