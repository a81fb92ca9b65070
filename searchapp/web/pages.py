"""The HTML pages: `/` (search) and `/articles/<id>`; each names its JSON twin under /api/.

A view parses, calls the search service, renders. All state lives in the URL (see links.py).
"""
from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import date, timedelta

from flask import Blueprint, current_app, make_response, render_template, request, send_from_directory, url_for
from markupsafe import Markup, escape

from ..errors import BadQuery
from ..facets import BY_KIND, FACETS
from ..records import DATE_SOURCES, Article, DateBucket, Mention, default_sort
from ..search.results import FACET_LIMIT, MORE_FACET_LIMIT
from . import links, versions
from .article_text import Part, TextMarks, text_blocks, text_part, wire_pads
from .service import get_service
from .params import parse_more, parse_more_page, parse_search_args

bp = Blueprint("pages", __name__)

# Fields that have their own input on the search form: a BadQuery for one of these is shown
# beside that input; any other (page, per_page, a filter) above the results.
FORM_FIELDS = ("q", "from", "to", "sort")


@bp.get("/")
def search():
    try:
        query = parse_search_args(request.args)
        more, more_page = parse_more(request.args), parse_more_page(request.args)
    except BadQuery as error:
        return _search_error(error)
    result = get_service().search(query, more, more_page)
    query = result.query  # filter values as the index spells them ("Kiev" -> "Kyiv")
    search_links = links.SearchLinks(links.state_from_query(query, request.args), query.page, more_page)
    api_url = links.api_url_for_search(query)
    html = render_template(
        "search.html",
        query=query,
        result=result,
        links=search_links,
        error=None,
        more=more,
        more_page=more_page,
        more_limit=MORE_FACET_LIMIT,
        facet_limit=FACET_LIMIT,
        refinable=result.total > 0,   # facets, the Filters jump: nothing to refine in no results
        last_page=max(1, math.ceil(result.total / query.per_page)),
        histogram=histogram_bars(result.date_buckets, result.date_interval, search_links),
        alternate_url=api_url,
    )
    return _with_alternate(html, 200, api_url)


def _search_error(error: BadQuery):
    """The search page again, with the message by the field at fault: HTTP 400, still usable."""
    search_links = links.SearchLinks(links.state_from_args(request.args))
    api_url = links.api_search_url(search_links.state)
    html = render_template(
        "search.html",
        query=None,
        result=None,
        links=search_links,
        error=error,
        more=(),
        refinable=False,
        field_error=error.param if error.param in FORM_FIELDS else None,
        last_page=1,
        histogram=None,
        alternate_url=api_url,
    )
    return _with_alternate(html, error.status, api_url)


@bp.get("/articles/<path:doc_id>")
def article(doc_id: str):
    service = get_service()
    found = service.article(doc_id)  # NotFound -> the app's error page, 404
    related = service.related(doc_id, limit=5)
    api_url = url_for("api.article", doc_id=doc_id)
    opened = links.opened_search(request.args)   # the search this article was opened from
    text = _opened_text()
    part, shown = _shown_part(found)
    title_spans, body_spans = service.query_matches(text, (found.title, shown.body))
    matches = TextMarks(shown.body, body_spans, pads=wire_pads(shown.body))
    paragraphs = article_paragraphs(shown.body, shown.mentions, matches)
    html = render_template(
        "article.html",
        article=found,
        title=TextMarks(found.title, title_spans, numbered=False).whole(),
        blocks=text_blocks([p for p in _split_paragraphs(shown.body) if p.strip()], paragraphs),
        part=part,
        part_urls=_part_urls(doc_id, opened, part),
        search=opened,
        search_text=text,
        match_count=matches.count,
        back_url=links.search_url(opened) if opened else None,
        related=related,
        safe_url=found.url if found.url.startswith(("http://", "https://")) else "",
        date_source=DATE_SOURCES.get(found.date_source, found.date_source),
        alternate_url=api_url,
        story=versions.story(service, found), diff_words=versions.DIFF_WORDS,
    )
    return _with_alternate(html, 200, api_url)


def _shown_part(found: Article) -> tuple[Part, Article]:
    """The part of a long text the page shows (``part`` in the URL), and the article with only
    that part's text and mentions (offsets into it)."""
    number = request.args.get("part", "1").strip()
    spans = [(m.start, m.end) for m in found.mentions]
    readable = number.isascii() and number.isdigit() and len(number) < 10    # int() of any other: an error
    part = text_part(found.body, int(number), spans) if readable else None
    if part is None:
        count = text_part(found.body, 1, spans).count
        raise BadQuery(f"part must be a number from 1 to {count}: this text has {count} part(s)", param="part")
    mentions = tuple(replace(m, start=m.start - part.start, end=m.end - part.start)
                     for m in found.mentions if part.start <= m.start and m.end <= part.end)
    return part, replace(found, body=found.body[part.start:part.end], mentions=mentions)


def _part_urls(doc_id: str, search: links.Pairs, part: Part) -> dict[str, str]:
    """first, previous, next, last -> the page of that part (keeping the search it was opened from)."""
    numbers = {"first": 1, "previous": part.number - 1, "next": part.number + 1, "last": part.count}
    return {name: article_url(doc_id, search + ((("part", str(n)),) if n > 1 else ()))
            for name, n in numbers.items() if 1 <= n <= part.count and n != part.number}


def _opened_text() -> str:
    """The text of the search an article was opened from; none if that search does not validate
    (its results page says why)."""
    try:
        return parse_search_args(request.args).text
    except BadQuery:
        return ""


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page links: the same SVG."""
    return send_from_directory(current_app.static_folder, "favicon.svg", mimetype="image/svg+xml",
                               max_age=86400)


def _with_alternate(html: str, status: int, api_url: str):
    response = make_response(html, status)
    response.headers["Link"] = f'<{api_url}>; rel="alternate"; type="application/json"'
    return response


def article_paragraphs(body: str, mentions: tuple[Mention, ...], matches: TextMarks | None = None) -> list[Markup]:
    """The body as HTML paragraphs (split on blank lines), each mention a link to its entity page, the
    words of ``matches`` (the search the article was opened from) in <mark>.

    All text is escaped; a mention that overlaps an earlier one, falls outside the body or spans
    a paragraph break is left as plain text rather than producing broken markup.
    """
    matches = matches or TextMarks(body, ())
    pieces: list[str] = []
    pos = 0
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        inside = pos <= m.start < m.end <= len(body)
        facet = BY_KIND.get(m.type)
        if not inside or facet is None or len(_split_paragraphs(body[m.start:m.end])) > 1:
            continue
        pieces.append(matches.html(pos, m.start, _escape_text))
        href = links.entity_url(facet.kind, m.value)
        title = f"{facet.noun.capitalize()}: {m.value}"
        pieces.append(
            f'<a class="m m-{m.type}" href="{escape(href)}" title="{escape(title)}">'
            f"{matches.html(m.start, m.end, _escape_inline)}</a>"
        )
        pos = m.end
    pieces.append(matches.html(pos, len(body), _escape_text))
    html = "".join(pieces)
    return [Markup(p.strip()) for p in html.split(_PARAGRAPH_BREAK) if p.strip()]


_PARAGRAPH_BREAK = "\x00"  # escaped text never contains NUL, so it marks "\n\n" safely


def _escape_text(text: str) -> str:
    text = text.replace("\x00", "")
    parts = [str(escape(part)) for part in _split_paragraphs(text)]
    return _PARAGRAPH_BREAK.join(parts)


def _escape_inline(text: str) -> str:
    return str(escape(text.replace(_PARAGRAPH_BREAK, "")))


def _split_paragraphs(text: str) -> list[str]:
    return re.split(r"\n[ \t]*\n", text)


def histogram_bars(buckets: tuple[DateBucket, ...], interval: str, search_links: links.SearchLinks,
                   noun: str = "article") -> dict | None:
    """Geometry for the inline SVG date histogram: one linked bar per bucket, heights to scale
    (``noun``: what a bar counts)."""
    if not buckets:
        return None
    if interval == "day":
        buckets = _fill_missing_days(buckets)
    width, height, gap = 600, 64, 2
    step = width / len(buckets)
    peak = max(b.count for b in buckets) or 1
    bars = []
    for i, bucket in enumerate(buckets):
        bar_height = max(2.0, height * bucket.count / peak) if bucket.count else 0.0
        label = bucket_label(bucket, interval)
        counted = noun if bucket.count == 1 else noun + "s"
        bars.append({
            "x": round(i * step + gap / 2, 2),
            "width": round(max(1.0, step - gap), 2),
            "y": round(height - bar_height, 2),
            "height": round(bar_height, 2),
            "slot_x": round(i * step, 2),
            "slot_width": round(step, 2),
            "href": search_links.dates(bucket.start, bucket.end),
            "label": f"{label}: {bucket.count:,} {counted}",
            "period": label,
            "count": bucket.count,
        })
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "first": bucket_label(buckets[0], interval),
        "last": bucket_label(buckets[-1], interval),
        "interval": interval,
    }


def _fill_missing_days(buckets: tuple[DateBucket, ...]) -> list[DateBucket]:
    """Day buckets come only for days with articles; empty days keep their place on the axis."""
    first, last = buckets[0].start, buckets[-1].start
    if (last - first).days > 366:   # the service uses days for short spans only; stay bounded
        return list(buckets)
    counts = {b.start: b for b in buckets}
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [counts.get(day) or DateBucket(day.isoformat(), day, day, 0) for day in days]


def bucket_label(bucket: DateBucket, interval: str) -> str:
    if interval == "year":
        return str(bucket.start.year)
    if interval == "month":
        return bucket.start.strftime("%b %Y")
    return long_date(bucket.start)


@bp.app_template_filter("long_date")
def long_date(value: date | None) -> str:
    if value is None:
        return ""
    return f"{value.day} {value.strftime('%B %Y')}"


def range_label(first: date | None, last: date | None) -> str:
    """A resolved date range in words: "1 March 1987 – 31 March 1987", "since …", "until …"."""
    if first and last:
        return long_date(first) if first == last else f"{long_date(first)} – {long_date(last)}"
    if first:
        return f"since {long_date(first)}"
    return f"until {long_date(last)}" if last else ""


@bp.app_template_filter("short_date")
def short_date(value: date | None) -> str:
    if value is None:
        return ""
    return f"{value.day} {value.strftime('%b %Y')}"


@bp.app_template_global()
def page_numbers(current: int, last: int, around: int = 2) -> list[int | None]:
    """Page numbers to show: first, last and a window around the current one; None marks a gap."""
    shown = {1, last, *range(max(1, current - around), min(last, current + around) + 1)}
    numbers: list[int | None] = []
    for n in sorted(shown):
        if numbers and n - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(n)
    return numbers


def article_url(doc_id: str, search: links.Pairs = ()) -> str:
    """An article's page; ``search``: the results page it is opened from, which it keeps."""
    url = url_for("pages.article", doc_id=doc_id)
    return f"{url}?{links.encode_args(search)}" if search else url


@bp.app_context_processor
def _page_helpers() -> dict:
    return {
        "facets": FACETS,
        "facets_by_kind": BY_KIND,
        "date_sources": DATE_SOURCES,
        "article_url": article_url,
        "default_sort": default_sort,
    }
