"""The OpenAPI 3.1 description of the JSON API, built in code next to what it describes."""
from __future__ import annotations

from ..facets import FACETS, KINDS, SPEAKERS
from ..records import DATE_SOURCES, INTERVALS, SORTS, UNDATED
from ..search.request import (DEFAULT_PER_PAGE, MAX_FILTER_VALUES, MAX_PAGE, MAX_PER_PAGE, MAX_QUERY_CHARS,
                              MAX_SERIES, MEASURES)
from ..search.trends import MAX_PERIODS
from ..search.export import COLUMNS
from ..search.quotes import COLUMNS as QUOTE_COLUMNS
from .params import DEFAULT_FACET_LIMIT, MAX_FACET_LIMIT, MAX_PREFIX_CHARS

_STRINGS = {"type": "array", "items": {"type": "string"}}
_NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
_DATE_SOURCE = {"type": "string", "enum": list(DATE_SOURCES),
                "description": "Where the date came from; text: a publication line at the top of the text."}
_FIRST_INDEXED = {"type": ["string", "null"], "format": "date-time",
                  "description": "When the archive first held this article (UTC): kept by later reindexes, "
                                 "updates and full rebuilds. Articles without a publication date are "
                                 "ordered (and fed) by it."}
# The fields every article answer starts with (a search hit, an export record).
_ARTICLE_FIELDS = {
    "id": {"type": "string"},
    "title": {"type": "string"},
    "date": _NULLABLE_DATE,
    "date_source": _DATE_SOURCE,
    "first_indexed": _FIRST_INDEXED,
    "source": {"type": "string"},
    "url": {"type": "string"},
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _value_counts() -> dict:
    return {"type": "array", "items": _ref("ValueCount")}


_MEASURE = {"type": "string", "enum": list(MEASURES),
            "description": "What every count of the answer counts: stories (the copies of one story once) or "
                           "articles (every copy)."}
_VERSIONS = {"type": "integer", "minimum": 1,
             "description": "Copies of the article's story in the index, itself included (1: none)."}


SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message", "param"],
                "properties": {
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "param": {"type": ["string", "null"]},
                },
            }
        },
    },
    "ValueCount": {
        "type": "object",
        "required": ["value", "count"],
        "properties": {"value": {"type": "string"}, "count": {"type": "integer", "minimum": 0}},
    },
    "FacetValue": {
        "type": "object",
        "description": "A facet value counted over the current results: `count` is the total that adding "
                       "it as a filter gives (a selected value's is the current total). An excluded value "
                       "has `count` 0 and `restores`: the articles that dropping its exclusion adds back.",
        "required": ["value", "count"],
        "properties": {
            "value": {"type": "string"},
            "count": {"type": "integer", "minimum": 0},
            "selected": {"const": True},
            "excluded": {"const": True},
            "restores": {"type": "integer", "minimum": 0},
        },
    },
    "NamedValue": {
        "type": "object",
        "description": "A facet value with its article count; `alias`: the other name it was found by "
                       "(\"UK\" for United Kingdom, \"Britain\"; from the place gazetteer, the alias table "
                       "or the archive's merged variants).",
        "required": ["value", "count"],
        "properties": {"value": {"type": "string"}, "count": {"type": "integer", "minimum": 0},
                       "alias": {"type": "string"}},
    },
    "Unmatched": {
        "type": "object",
        "description": "A filter value the archive does not have: the search finds nothing through it. "
                       "`closest` are the values it may mean (those it starts or an other name of which it "
                       "starts, most articles first; then those spelled nearly alike), each `count` the "
                       "total of the search with that value in its place.",
        "required": ["kind", "param", "value", "closest"],
        "properties": {
            "kind": {"type": "string", "enum": list(KINDS)},
            "param": {"type": "string", "enum": [name for facet in FACETS for name in (facet.kind, facet.exclude_param)]},
            "value": {"type": "string", "description": "As given."},
            "closest": {"type": "array", "items": _ref("NamedValue")},
        },
    },
    "SearchQuery": {
        "type": "object",
        "description": "The request as understood: filter values as the index spells them, dates resolved.",
        "required": ["q", *KINDS, *(facet.exclude_param for facet in FACETS),
                     "from", "to", "undated", "sort", "page", "per_page"],
        "properties": {
            "q": {"type": "string"},
            **{facet.kind: _STRINGS for facet in FACETS},
            **{facet.exclude_param: _STRINGS for facet in FACETS},
            "from": _NULLABLE_DATE,
            "to": _NULLABLE_DATE,
            "undated": {"type": ["string", "null"], "enum": [*UNDATED, None]},
            "sort": {"type": "string", "enum": list(SORTS)},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "collapse": {"type": "boolean"},
        },
    },
    "SearchHit": {
        "type": "object",
        "required": [*_ARTICLE_FIELDS, "snippet", *(facet.plural for facet in FACETS), "versions"],
        "properties": {
            **_ARTICLE_FIELDS,
            "snippet": {"type": "string", "description": "HTML: text escaped, matches in <mark>."},
            **{facet.plural: _STRINGS for facet in FACETS},
            "versions": _VERSIONS,
        },
    },
    "SearchResult": {
        "type": "object",
        "required": ["query", "measure", "total", "articles", "results", "facets", "suggestion", "unmatched",
                     "took_ms"],
        "properties": {
            "query": _ref("SearchQuery"),
            "measure": _MEASURE,
            "total": {"type": "integer", "minimum": 0,
                      "description": "Stories (collapse=true) or articles found; facet counts and date "
                                     "buckets count the same."},
            "articles": {"type": "integer", "minimum": 0, "description": "Articles found, every copy counted."},
            "results": {"type": "array", "items": _ref("SearchHit")},
            "facets": {
                "type": "object",
                "required": [*(facet.plural for facet in FACETS), "dates"],
                "properties": {
                    **{facet.plural: {"type": "array", "items": _ref("FacetValue")} for facet in FACETS},
                    "dates": {
                        "type": "object",
                        "required": ["interval", "buckets", "undated"],
                        "properties": {
                            "interval": {"type": "string", "enum": ["year", "month", "day"]},
                            "buckets": _value_counts(),
                            "undated": {"type": "integer", "minimum": 0,
                                        "description": "Articles without a publication date matching "
                                                       "q and the facet filters (the date filters "
                                                       "aside): what undated=only gives."},
                        },
                    },
                },
            },
            "suggestion": {"type": ["string", "null"]},
            "unmatched": {"type": "array", "items": _ref("Unmatched"),
                          "description": "Filter values (person, not_place, …) that name nothing in the "
                                         "archive, with the closest values; empty when every value is known."},
            "took_ms": {"type": "number", "minimum": 0},
        },
    },
    "Mention": {
        "type": "object",
        "required": ["text", "start", "end", "type", "value"],
        "properties": {
            "text": {"type": "string"},
            "start": {"type": "integer", "minimum": 0},
            "end": {"type": "integer", "minimum": 0},
            "type": {"type": "string", "enum": list(KINDS)},
            "value": {"type": "string"},
        },
    },
    "Article": {
        "type": "object",
        "required": ["id", "title", "text", "date", "date_source", "first_indexed", "mentioned_dates", "source",
                     "url", *(facet.plural for facet in FACETS), "mentions"],
        "properties": {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "text": {"type": "string"},
            "date": _NULLABLE_DATE,
            "date_source": _DATE_SOURCE,
            "first_indexed": _FIRST_INDEXED,
            "mentioned_dates": {"type": "array", "items": {"type": "string", "format": "date"}},
            "source": {"type": "string"},
            "url": {"type": "string"},
            "author": {"type": "string"},
            "dateline": {"type": "string"},
            **{facet.plural: _STRINGS for facet in FACETS},
            "mentions": {"type": "array", "items": _ref("Mention")},
            "versions": {"type": "array", "items": _ref("Version"), "minItems": 1,
                         "description": "The copies of its story, itself included: the representative "
                                        "(earliest, else longest) first, then by date."},
        },
    },
    "Version": {
        "type": "object",
        "required": ["id", "title", "date", "source"],
        "properties": {"id": {"type": "string"}, "title": {"type": "string"}, "date": _NULLABLE_DATE,
                       "source": {"type": "string"}},
    },
    "FacetValues": {
        "type": "object",
        "required": ["kind", "prefix", "page", "limit", "total_values", "values", "next"],
        "properties": {
            "kind": {"type": "string", "enum": list(KINDS)},
            "prefix": {"type": "string"},
            "page": {"type": "integer", "minimum": 1},
            "limit": {"type": "integer", "minimum": 1, "maximum": MAX_FACET_LIMIT},
            "total_values": {"type": "integer", "minimum": 0,
                             "description": "How many values there are (with the prefix): the pages hold them all."},
            "values": {"type": "array", "items": _ref("NamedValue")},
            "next": {"type": ["string", "null"], "description": "The next page's URL; null on the last page."},
        },
    },
    "DateRange": {
        "type": "object",
        "required": ["from", "to", "label"],
        "properties": {
            "from": {"type": ["string", "null"], "format": "date", "description": "First day, inclusive."},
            "to": {"type": ["string", "null"], "format": "date", "description": "Last day, inclusive."},
            "label": {"type": "string", "description": "The range in words, as the page shows it."},
        },
    },
}


def _param(name: str, description: str, schema: dict, repeat: bool = False, **array) -> dict:
    """A query parameter; ``repeat``: given once per value (``array``: minItems, maxItems...)."""
    param = {"name": name, "in": "query", "required": False, "description": description}
    if repeat:
        # No maxItems: blank values (a form's empty boxes) are dropped, not counted.
        param.update(schema={"type": "array", "items": schema, **array}, style="form", explode=True)
    else:
        param["schema"] = schema
    return param


def _number_param(name: str, description: str, high: int, default: int) -> dict:
    """A whole-number parameter: an empty value (``page=``, what a form sends) is the default."""
    param = _param(name, f"{description} Empty means the default ({default}).",
                   {"type": "integer", "minimum": 1, "maximum": high, "default": default})
    param["allowEmptyValue"] = True
    return param


def _json(schema_name: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema_name)}}}


_ERROR_400 = _json("Error", "A bad parameter; `param` names it.")
_ERROR_503 = _json("Error", "No index yet, or it cannot be read (damaged, or of another format).")
_ERROR_414 = _json("Error", "The request line is longer than the server reads (8190 bytes).")

SEARCH_PARAMETERS = [
    _param("q", "Query: words, \"phrases\", AND/OR/NOT, -word, word*, word~, and field prefixes "
           + ", ".join(f"{name}:" for name in ("title", "body", *KINDS)) + ". A hyphenated word (Kilroy-Silk) "
           "is its phrase; a dangling operator is dropped; a facet prefix finds what its filter finds.",
           {"type": "string", "maxLength": MAX_QUERY_CHARS}),
    *[_param(name, f"{verb} articles naming this {facet.noun} (repeatable; values combine with AND; at most "
                   f"{MAX_FILTER_VALUES} filters in all).",
             {"type": "string"}, repeat=True)
      for facet in FACETS
      for name, verb in ((facet.kind, "Only"), (facet.exclude_param, "Exclude"))],
    _param("from", "Published on or after: ISO date or words (2022, March 2022, 3 March 2022, last week). "
           "A span in words (last year, Q1 2022, first quarter of 2022, 2021 to 2022, March–May 2022) "
           "is the whole span when `to` is empty. What does not read exactly is a 400; the resolved "
           "range is echoed in `query`.", {"type": "string"}),
    _param("to", "Published on or before (the end of the period named; a span alone is the whole span).",
           {"type": "string"}),
    _param("undated", "`only`: only articles without a publication date (not with from/to); "
           "`exclude`: only dated ones. Default: undated articles are in unless a date range is given.",
           {"type": "string", "enum": [*UNDATED, ""]}),
    _param("sort", "Default: relevance with q, newest without (also when empty). newest/oldest: by publication "
           "date, ties by first_indexed; articles without a publication date after the dated ones, by "
           "first_indexed (newest: last indexed first). With collapse, each story is placed where its "
           "first copy in that order is.", {"type": "string", "enum": [*SORTS, ""]}),
    _number_param("page", "Page number; past the last page gives no results.", MAX_PAGE, 1),
    _number_param("per_page", "Results per page.", MAX_PER_PAGE, DEFAULT_PER_PAGE),
    _param("collapse", "true (default): the copies of one story are one result (its best-ranked copy, "
           "with `versions`), and totals, facet counts and date buckets count stories; false: every copy, "
           "counted as articles.", {"type": "boolean", "default": True}),
]


EXPORT_SCHEMAS = {
    "ExportRecord": {
        "type": "object",
        "description": "One line of /api/export.jsonl. /api/export.csv has the same fields but text and "
                       "mentions, as columns in this order; its entity cells join the values with \"; \" "
                       "and an undated article's date cell is empty.",
        "required": list(COLUMNS) + ["text", "mentions"],
        "properties": {
            **_ARTICLE_FIELDS,
            "link": {"type": "string", "format": "uri",
                     "description": "The article's page on this site (absolute, on the public base URL feeds use "
                                    "too: SEARCHAPP_PUBLIC_URL, else a trusted host, else the server's "
                                    "address; the CLI's --base-url)."},
            **{facet.plural: _STRINGS for facet in FACETS},
            "snippet": {"type": "string", "description": "Plain text: the search's snippet for a query (as the "
                                                         "results page shows it, without marks), else the "
                                                         "opening of the text."},
            "text": {"type": "string"},
            "mentions": {"type": "array", "items": _ref("Mention")},
        },
    },
}
_NO_PAGES = ("page", "per_page")


def _bom_param() -> dict:
    return _param("bom", "Start with a UTF-8 byte order mark, which Excel needs to read accents (default true).",
                  {"type": "boolean", "default": True})


def _export_errors() -> dict:
    """What an export may answer instead of its rows (the search's errors, or no free export slot)."""
    return {"400": _ERROR_400, "414": _ERROR_414,
            "503": {**_ERROR_503, "description": _ERROR_503["description"] + " Or every export slot of the "
                    "server process is taken: try again after Retry-After seconds (code `busy`).",
                    "headers": {"Retry-After": {"schema": {"type": "integer", "minimum": 1}}}}}


def _export_paths() -> dict:
    """Export and feed: the search's parameters, every match or the newest 50, not JSON answers."""
    export_parameters = [p for p in SEARCH_PARAMETERS if p["name"] not in _NO_PAGES]
    feed_parameters = [p for p in export_parameters if p["name"] != "sort"]
    errors = {"400": _ERROR_400, "414": _ERROR_414, "503": _ERROR_503}
    bom, export_errors = _bom_param(), _export_errors()
    disposition = {"Content-Disposition": {
        "description": "attachment; filename=\"searchapp-<what was searched>.<format>\"",
        "schema": {"type": "string"}},
        "X-Total-Count": {"description": "The number of rows: the search's total.",
                          "schema": {"type": "integer", "minimum": 0}}}
    return {
        "/api/export.csv": {"get": {
            "operationId": "exportCsv",
            "summary": "Every article the search finds (no pages, no cap), in its sort, as CSV, streamed. "
                       "Columns: " + ", ".join(COLUMNS) + ".",
            "parameters": [*export_parameters, bom],
            "responses": {"200": {"description": "CSV with a header row (RFC 4180, CRLF line ends), after a "
                                                 "UTF-8 byte order mark unless bom=false.",
                                  "headers": disposition,
                                  "content": {"text/csv": {"schema": {"type": "string"}}}}, **export_errors},
        }},
        "/api/export.jsonl": {"get": {
            "operationId": "exportJsonl",
            "summary": "Every article the search finds, in its sort, as JSON Lines (one ExportRecord a "
                       "line), streamed.",
            "parameters": export_parameters,
            "responses": {"200": {"description": "One JSON object a line, each an ExportRecord (the schema "
                                                 "describes the lines in order, as an array). An export cut "
                                                 "short by a damaged index ends with an Error line instead.",
                                  "headers": disposition,
                                  "content": {"application/x-ndjson": {"schema": {
                                      "type": "array", "items": _ref("ExportRecord")}}}},
                          **export_errors},
        }},
        "/feeds/search.atom": {"get": {
            "operationId": "searchFeed",
            "summary": "An Atom 1.0 feed of the search's 50 newest articles on one time line: a dated article "
                       "by its publication date (entry published = updated = that day), an undated one by "
                       "when it was first indexed (updated = first_indexed, no published; its summary says "
                       "so). A category of scheme urn:searchapp:time says which (term published or "
                       "first-indexed). Entry id: urn:searchapp:article:<percent-encoded article id>; "
                       "summary: the snippet (HTML); other categories: the article's "
                       + ", ".join(f.plural for f in FACETS) + ".",
            "parameters": feed_parameters,
            "responses": {"200": {"description": "Atom 1.0.",
                                  "content": {"application/atom+xml": {"schema": {"type": "string"}}}},
                          **errors},
        }},
    }


_COUNT = {"type": "integer", "minimum": 0}
TREND_SCHEMAS = {
    "TrendBucket": {
        "type": "object",
        "description": "One period of one series. `from`/`to` (inclusive) are the period cut to the request's "
                       "dates: searched with the series' q and the filters they give `count`; with the filters "
                       "alone, `total`.",
        "required": ["value", "from", "to", "count", "total", "share"],
        "properties": {
            "value": {"type": "string", "description": "1987, 1987-03, 1987-W10 (ISO week) or 1987-03-02."},
            "from": {"type": "string", "format": "date"},
            "to": {"type": "string", "format": "date"},
            "count": _COUNT,
            "total": _COUNT,
            "share": {"type": ["number", "null"], "minimum": 0, "maximum": 1,
                      "description": "count / total; null (not 0) when total is 0: no article in that period."},
        },
    },
    "TrendSeries": {
        "type": "object",
        "required": ["q", "total", "undated", "buckets"],
        "properties": {
            "q": {"type": "string"},
            "total": {**_COUNT, "description": "Articles matching q and the filters: the search's total, "
                                               "the buckets' counts plus `undated`."},
            "undated": {**_COUNT, "description": "Of which without a publication date: in no bucket."},
            "buckets": {"type": "array", "items": _ref("TrendBucket"),
                        "description": "The same periods, in order, for every series; empty ones are 0."},
        },
    },
    "Trend": {
        "type": "object",
        "required": ["query", "measure", "interval", "total", "undated", "series", "took_ms"],
        "properties": {
            "measure": _MEASURE,
            "query": {"type": "object", "description": "The request as understood: `q` one string per "
                                                       "series, the filters as in SearchQuery, `interval` "
                                                       "null when not given."},
            "interval": {"type": "string", "enum": list(INTERVALS),
                         "description": "As given, else chosen by the span as the search's histogram does."},
            "total": {**_COUNT, "description": "Articles matching the filters alone."},
            "undated": {**_COUNT, "description": "Of which without a publication date."},
            "series": {"type": "array", "items": _ref("TrendSeries"), "maxItems": MAX_SERIES},
            "took_ms": {"type": "number", "minimum": 0},
        },
    },
}


ENTITY_SCHEMAS = {
    "EntityBucket": {
        "type": "object",
        "description": "One period of the timeline; searched with the entity's filter (and the request's), "
                       "`from`/`to` give `count`.",
        "required": ["value", "from", "to", "count"],
        "properties": {"value": {"type": "string", "description": "1987, 1987-03, 1987-W10 or 1987-03-02."},
                       "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"},
                       "count": _COUNT},
    },
    "Entity": {
        "type": "object",
        "required": ["kind", "value", "query", "measure", "articles", "first_seen", "last_seen", "variants",
                     "timeline", "related", "latest", "took_ms"],
        "properties": {
            "measure": _MEASURE,
            "kind": {"type": "string", "enum": list(KINDS),
                     "description": "As the index has it: a value a correction moved has its new kind."},
            "value": {"type": "string", "description": "As the index has it: a filter's resolution of the path's "
                                                      "value (variants, case, accents, merges)."},
            "query": {"type": "object", "description": "The request as understood: kind, value, the filters "
                                                       "as in SearchQuery (the entity's own included), interval."},
            "articles": {**_COUNT, "description": "Stories (or articles, collapse=false) naming it: the total "
                                                  "of the search with its filter."},
            "first_seen": _NULLABLE_DATE,
            "last_seen": _NULLABLE_DATE,
            "variants": {"type": "array", "description": "How the articles write it, most articles first: "
                                                         "`count` is the articles writing that form in their "
                                                         "text, over the whole archive (filters do not "
                                                         "narrow it).",
                         "items": {"type": "object", "required": ["text", "count"],
                                   "properties": {"text": {"type": "string"}, "count": _COUNT}}},
            "timeline": {"type": "object", "required": ["interval", "buckets", "undated"], "properties": {
                "interval": {"type": "string", "enum": list(INTERVALS)},
                "buckets": {"type": "array", "items": _ref("EntityBucket"),
                            "description": "Every period from first to last seen, empty ones 0; the first "
                                           "and last cut to the request's from/to."},
                "undated": {**_COUNT, "description": "Articles naming it without a date: in no bucket."},
            }},
            "related": {"type": "object", "required": [f.plural for f in FACETS],
                        "description": "Per kind, the values named most often with it: `count` is the "
                                       "articles naming both, the total of the search with both filters.",
                        "properties": {f.plural: _value_counts() for f in FACETS}},
            "latest": {"type": "array", "items": _ref("SearchHit"), "description": "Its newest articles."},
            "quotes": {"type": ["object", "null"], "required": ["total", "undated", "timeline", "latest"],
                       "description": "What it is quoted saying (people and organisations; null for others), "
                                      "within the request's dates only: `total`, a count per timeline bucket "
                                      "(each what /api/quotes gives with its filter and the bucket's dates), "
                                      "the undated ones, its newest quotes.",
                       "properties": {"total": _COUNT, "undated": _COUNT,
                                      "timeline": {"type": "array", "items": _ref("EntityBucket")},
                                      "latest": {"type": "array", "items": _ref("Quote")}}},
            "took_ms": {"type": "number", "minimum": 0},
        },
    },
}


QUOTE_SCHEMAS = {
    "Quote": {
        "type": "object",
        "description": "Words an article attributes to a person or an organisation it names: a quotation "
                       "(`direct`) or reported speech. `speaker` is a facet value as the search shows it "
                       "(merged, retyped or hidden by the entity resolution and the corrections); null when "
                       "the article names no one as saying it.",
        "required": ["text", "speaker", "speaker_kind", "direct", "article_id", "title", "date", "start", "end"],
        "properties": {
            "text": {"type": "string", "description": "As said: a quotation split by its attribution is one, "
                                                      "its parts joined; no quotation marks."},
            "speaker": {"type": ["string", "null"]},
            "speaker_kind": {"type": ["string", "null"], "enum": [*(f.kind for f in SPEAKERS), None]},
            "direct": {"type": "boolean"},
            "article_id": {"type": "string"},
            "title": {"type": "string", "description": "The article's."},
            "date": _NULLABLE_DATE,
            "start": {**_COUNT, "description": "Offset of the first word in the article's text."},
            "end": {**_COUNT, "description": "Offset after the last word in the article's text."},
            "snippet": {"type": "string", "description": "The words, HTML-escaped, the search's matches in <mark>."},
            "link": {"type": "string", "description": "In exports (no snippet there): the absolute URL of the "
                                                      "article's page."},
        },
    },
    "QuoteResult": {
        "type": "object",
        "required": ["query", "total", "quotes", "speakers", "took_ms"],
        "properties": {
            "query": _ref("SearchQuery"),
            "total": _COUNT,
            "quotes": {"type": "array", "items": _ref("Quote")},
            "speakers": {"type": "object", "required": [f.plural for f in SPEAKERS],
                         "description": "Who is quoted most in these results: `count` is the total with that "
                                        "speaker added as a filter.",
                         "properties": {f.plural: {"type": "array", "items": _ref("FacetValue")} for f in SPEAKERS}},
            "took_ms": {"type": "number", "minimum": 0},
        },
    },
}


def _quote_paths() -> dict:
    """/api/quotes and its exports: the search's parameters, read for quotes."""
    speaking = {f.kind for f in SPEAKERS} | {f.exclude_param for f in SPEAKERS}
    parameters = [
        {**p, "description": "The quotes' words, in the search's query language (person:\"…\": the speaker)."}
        if p["name"] == "q" else
        {**p, "description": p["description"].replace("articles naming this", "quotes said by this")}
        if p["name"] in speaking else
        {**p, "description": p["description"] + " (of the quote's article)"} if p["name"] in ("from", "to") else p
        for p in SEARCH_PARAMETERS if p["name"] != "collapse"]   # a copy's quotes are its own
    errors = {"400": _ERROR_400, "414": _ERROR_414, "503": _ERROR_503}
    export_parameters = [p for p in parameters if p["name"] not in _NO_PAGES]
    export_headers = {"Content-Disposition": {"description": "attachment; filename=\"searchapp-quotes-<what was "
                                                             "searched>.<format>\"", "schema": {"type": "string"}},
                      "X-Total-Count": {"description": "The number of rows.", "schema": _COUNT}}
    columns = ", ".join(QUOTE_COLUMNS)
    return {
        "/api/quotes": {"get": {
            "operationId": "quotes",
            "summary": "Who said what: quotations and reported speech, found by their words (q), their speaker "
                       "(" + ", ".join(f.kind for f in SPEAKERS) + ": values resolve as search filters do) and "
                       "their article (place, dates). Relevance with q, else newest first.",
            "parameters": parameters,
            "responses": {"200": _json("QuoteResult", "One page of quotes."), **errors},
        }},
        "/api/quotes.csv": {"get": {
            "operationId": "quotesCsv",
            "summary": f"Every quote found, in its order, as CSV (columns {columns}), streamed; cells starting "
                       "with = + - @ tab or CR get a leading '.",
            "parameters": [*export_parameters, _bom_param()],
            "responses": {"200": {"description": "CSV with a header row (RFC 4180, CRLF line ends), after a "
                                                 "UTF-8 byte order mark unless bom=false.",
                                  "headers": export_headers, "content": {"text/csv": {"schema": {"type": "string"}}}},
                          **_export_errors()},
        }},
        "/api/quotes.jsonl": {"get": {
            "operationId": "quotesJsonl",
            "summary": "Every quote found, in its order, as JSON Lines (a Quote a line, with its article's "
                       "link instead of a snippet), streamed.",
            "parameters": export_parameters,
            "responses": {"200": {"description": "One JSON object a line, each a Quote (the schema describes "
                                                 "the lines in order, as an array).", "headers": export_headers,
                                  "content": {"application/x-ndjson": {"schema": {
                                      "type": "array", "items": _ref("Quote")}}}},
                          **_export_errors()},
        }},
    }


def _entity_paths() -> dict:
    filters = [p for p in SEARCH_PARAMETERS if p["name"] not in ("sort", *_NO_PAGES)]
    return {"/api/entities/{kind}/{value}": {"get": {
        "operationId": "entity",
        "summary": "One person, place or organisation: its articles, first and last seen, how it is written, "
                   "a timeline, who and what appears with it, its latest articles. The search's q and filters "
                   "narrow all of it but the variants.",
        "parameters": [
            {"name": "kind", "in": "path", "required": True, "schema": {"type": "string", "enum": list(KINDS)}},
            {"name": "value", "in": "path", "required": True, "schema": {"type": "string"},
             "description": "Resolved like a filter: variants (Kiev), case, accents, merged forms."},
            *filters,
            _param("interval", "Of the timeline; default by the span (year, month or day). More than "
                   f"{MAX_PERIODS} buckets is a 400.", {"type": "string", "enum": [*INTERVALS, ""]}),
        ],
        "responses": {"200": _json("Entity", "The entity."),
                      "400": _ERROR_400,
                      "404": _json("Error", "No such kind, or the archive does not name this value."),
                      "503": _ERROR_503},
    }}}


def _trend_paths() -> dict:
    """/api/trends and its CSV: one series per q, the search's filters shared by all."""
    filters = [p for p in SEARCH_PARAMETERS if p["name"] not in ("q", "sort", "collapse", *_NO_PAGES)]
    parameters = [
        _param("q", f"One series per value (1 to {MAX_SERIES}), each a search's query (person:\"…\" "
               "counts an entity); blank values and repeats are dropped.", {"type": "string", "maxLength": MAX_QUERY_CHARS},
               repeat=True, minItems=1)
        | {"required": True},
        *filters,
        _param("interval", "Bucket size; week: ISO weeks, Monday to Sunday. Default: by the span, as the "
               f"search's histogram (year, month or day). More than {MAX_PERIODS} buckets is a 400.",
               {"type": "string", "enum": [*INTERVALS, ""]}),
        _param("measure", "stories (default): the copies of one story count once, as a search's total; "
               "articles: every copy (as collapse=false).", {"type": "string", "enum": [*MEASURES, ""]}),
    ]
    errors = {"400": _ERROR_400, "414": _ERROR_414, "503": _ERROR_503}
    return {
        "/api/trends": {"get": {
            "operationId": "trends",
            "summary": "Attention over time: per period, each series' articles and their share of all the "
                       "articles the filters match.",
            "parameters": parameters,
            "responses": {"200": _json("Trend", "One series per q."), **errors},
        }},
        "/api/trends.csv": {"get": {
            "operationId": "trendsCsv",
            "summary": "The same numbers as CSV: period, from, to, total, then `<q> count` and `<q> share` per "
                       "series; a last row `undated` (no share). Cells starting with = + - @ tab or CR get a "
                       "leading ' (as in /api/export.csv).",
            "parameters": parameters,
            "responses": {"200": {"description": "CSV with a header row (RFC 4180, CRLF line ends).",
                                  "headers": {"Content-Disposition": {
                                      "description": "attachment; filename=\"searchapp-trends-<q> vs <q>…"
                                                     "-<filters>.csv\"", "schema": {"type": "string"}}},
                                  "content": {"text/csv": {"schema": {"type": "string"}}}}, **errors},
        }},
    }


def openapi_document() -> dict:
    return _with_request_errors({
        "openapi": "3.1.0",
        "info": {
            "title": "searchapp API",
            "version": "1.0.0",
            "description": "Search archived news by text, "
                           + ", ".join(facet.noun for facet in FACETS) + " and date, and who said what in it.",
        },
        "paths": {
            "/api/search": {
                "get": {
                    "operationId": "search",
                    "summary": "Search articles, with facet counts and a date histogram.",
                    "parameters": SEARCH_PARAMETERS,
                    "responses": {
                        "200": _json("SearchResult", "One page of results."),
                        "400": _ERROR_400,
                        "414": _ERROR_414,
                        "503": _ERROR_503,
                    },
                }
            },
            "/api/articles/{id}": {
                "get": {
                    "operationId": "getArticle",
                    "summary": "One whole article with its entity mentions.",
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {
                        "200": _json("Article", "The article."),
                        "404": _json("Error", "No article with this id."),
                        "503": _ERROR_503,
                    },
                }
            },
            **_facets_path(),
            **_dates_path(),
            "/api/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document.",
                    "responses": {"200": {"description": "OpenAPI 3.1",
                                          "content": {"application/json": {"schema": {"type": "object"}}}}},
                }
            },
            **_export_paths(),
            **_trend_paths(),
            **_entity_paths(),
            **_quote_paths(),
        },
        "components": {"schemas": {**SCHEMAS, **EXPORT_SCHEMAS, **TREND_SCHEMAS, **ENTITY_SCHEMAS,
                                   **QUOTE_SCHEMAS}},
    })


_ERROR_400_REQUEST = _json("Error", "A bad parameter, or more parameters (200) or values of one (20) than "
                                    "any request uses; `param` names it.")


def _with_request_errors(document: dict) -> dict:
    """Every operation may answer what any request may get: a 414 for a request line over the
    limit and a 400 for too many parameters (web/params.check_request_args)."""
    for path in document["paths"].values():
        for operation in path.values():
            operation["responses"].setdefault("400", _ERROR_400_REQUEST)
            operation["responses"].setdefault("414", _ERROR_414)
    return document


def _facets_path() -> dict:
    """/api/facets/<kind>: autocomplete, and every value page by page."""
    return {
    "/api/facets/{kind}": {
        "get": {
            "operationId": "facetValues",
            "summary": "Facet values with counts, for autocomplete, or every value page by page "
                       "(follow `next`). Counted over the whole index, or over the results of the "
                       "search the search parameters describe (q, filters, dates, collapse): the "
                       "counts its facet list shows (stories with collapse=true, the default, else "
                       "articles), most first, ties by name.",
            "parameters": [
                {"name": "kind", "in": "path", "required": True,
                 "schema": {"type": "string", "enum": list(KINDS)}},
                *[p for p in SEARCH_PARAMETERS if p["name"] not in ("sort", "page", "per_page")],
                _number_param("page", "Page of values, from 1; past the last page gives no values.",
                              MAX_PAGE, 1),
                _param("prefix", "Start of the value or of one of its words, or of another name "
                       "of it (UK, Britain: United Kingdom); case and accents ignored. The value a "
                       "filter on the whole prefix means comes first.",
                       {"type": "string", "maxLength": MAX_PREFIX_CHARS}),
                _number_param("limit", "Values a page.", MAX_FACET_LIMIT, DEFAULT_FACET_LIMIT),
            ],
            "responses": {"200": _json("FacetValues", "Values, most frequent first."),
                          "400": _ERROR_400, "503": _ERROR_503},
        }
    },
    }


def _dates_path() -> dict:
    """/api/dates: the page's live echo of dates in words."""
    return {
    "/api/dates": {
        "get": {
            "operationId": "dateRange",
            "summary": "The range a search's `from`/`to` resolve to (dates in words), as you type.",
            "parameters": [
                _param("from", "Start: an ISO day or words (\"March 2022\", \"last year\").", {"type": "string"}),
                _param("to", "End: an ISO day or words.", {"type": "string"}),
            ],
            "responses": {"200": _json("DateRange", "The inclusive range; null ends are open."),
                          "400": _ERROR_400},
        }
    }
    }
