"""Who said what: /quotes (the page), /api/quotes (its JSON twin), /api/quotes.csv and .jsonl.

The parameters are the search's, validated by the same code (web/params.py), so a bad one is the
same JSON 400 (or the page again with the message): ``q`` searches the quotes' words, ``person``
and ``org`` their speakers, ``place`` and the dates their articles (search/quotes.py).
"""
from __future__ import annotations

import math

from flask import Blueprint, jsonify, make_response, render_template, request

from ..errors import BadQuery
from ..facets import SPEAKERS
from ..search.export import MEDIA_TYPES
from . import links
from .export import streamed
from .params import parse_search_args
from .service import get_service

bp = Blueprint("quotes", __name__)

FORM_FIELDS = ("q", "from", "to", "sort")   # a BadQuery for one of these is shown beside its input


@bp.get("/api/quotes")
def api_quotes():
    return jsonify(get_service().quotes(parse_search_args(request.args)).to_dict())


@bp.get("/api/quotes.<any(csv, jsonl):fmt>")
def export(fmt: str):
    return streamed(fmt, get_service().export_quotes, "quotes")


@bp.get("/quotes")
def page():
    try:
        query = parse_search_args(request.args)
    except BadQuery as error:
        state = links.state_from_args(request.args)
        return _page(state, None, None, error, links.quotes_url(state, "/api/quotes"))
    result = get_service().quotes(query)
    query = result.query   # values as the index spells them
    state = links.state_from_query(query, request.args)
    api_url = links.quotes_url(state + ((("page", str(query.page)),) if query.page > 1 else ()), "/api/quotes")
    return _page(state, query, result, None, api_url)


def _page(state, query, result, error, api_url: str):
    quote_links = links.SearchLinks(state, query.page if query else 1, path="/quotes")
    html = render_template(
        "quotes.html", query=query, result=result, links=quote_links, error=error,
        field_error=error.param if error and error.param in FORM_FIELDS else None,
        speakers=SPEAKERS, last_page=max(1, math.ceil(result.total / query.per_page)) if result else 1,
        export_urls={fmt: links.quotes_url(state, f"/api/quotes.{fmt}") for fmt in MEDIA_TYPES},
        alternate_url=api_url,
    )
    response = make_response(html, error.status if error else 200)
    response.headers["Link"] = f'<{api_url}>; rel="alternate"; type="application/json"'
    return response
