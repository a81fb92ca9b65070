"""The records that cross module lines: readers -> enrich -> store -> search -> web.

All are frozen dataclasses; ``to_dict()`` gives the JSON shape the API and the CLI print.
Entity values are held per facet kind (a mapping kind -> values holding every kind of the
registry in facets.py), so a new facet kind needs no new field here.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timezone
from typing import Mapping

from .facets import BY_KIND, FACETS, SPEAKERS

EntityValues = Mapping[str, tuple[str, ...]]   # facet kind -> values


def _per_kind(values: EntityValues) -> dict[str, tuple[str, ...]]:
    """Every registry kind, as tuples; unknown kinds are refused (a typo would filter nothing)."""
    unknown = set(values) - {facet.kind for facet in FACETS}
    if unknown:
        raise ValueError(f"unknown facet kinds {sorted(unknown)}")
    return {facet.kind: tuple(values.get(facet.kind, ())) for facet in FACETS}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def utc_stamp(moment: datetime | None) -> str | None:
    """A time as ISO 8601 (RFC 3339) in UTC: "2024-12-03T10:15:02.481346Z" (the microseconds
    order the articles one run indexed)."""
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment.isoformat() + "Z"


@dataclass(frozen=True)
class RawDoc:
    """One article as a reader found it, before enrichment."""

    doc_id: str                      # stable: the source's own id or URL, else path + position
    source: str                      # agency or publisher credit ("dpa/MIA", "Reuters", "BBC"); "" if unknown
    url: str                         # "" if none
    title: str
    body: str                        # main text, boilerplate removed; mention offsets index into this
    date_text: str = ""              # publication date as the metadata gives it (unparsed); "" if none
    dateline: str = ""               # the raw dateline ("Kiev/Moscow, 3 March 2022 (dpa/MIA)"); "" if none
    dateline_places: tuple[str, ...] = ()   # places named by the dateline, as written
    author: str = ""
    path: str = ""                   # the file it came from
    extra: dict = field(default_factory=dict, compare=False, hash=False)  # other metadata kept as is

    @property
    def content_hash(self) -> str:
        """Hash of the normalised title + body: equal for exact duplicates, changes when the text does."""
        return content_hash(self.title, self.body)


def normalise_for_hash(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", text).strip()


def content_hash(title: str, body: str) -> str:
    data = normalise_for_hash(title) + "\n" + normalise_for_hash(body)
    return hashlib.blake2b(data.encode("utf-8"), digest_size=16).hexdigest()


@dataclass(frozen=True)
class Skipped:
    """A file or record a reader could not read: reported, never fatal."""

    path: str
    location: str                    # "" for the whole file, else "line 12", "record 3", "offset 4096"
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.location}" if self.location else self.path
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class Mention:
    """One entity mention: offsets into the article body, and the facet value it counts toward."""

    text: str                        # as written ("Kiev")
    start: int
    end: int
    type: str                        # a facet kind of the registry (facets.py)
    value: str                       # canonical facet value ("Kyiv")

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Quote:
    """Words an article attributes to someone: a quotation (``direct``) or reported speech."""

    text: str                        # as said: a split quotation's parts joined, the marks left out
    start: int                       # offsets into the article body: the first word, the last one's end
    end: int
    speaker: str                     # a facet value of the article's (canonical, as its mentions'); "" for none
    speaker_kind: str                # its facet kind; "" for none
    direct: bool = True              # in quotation marks; False: reported ("X said that ...")


@dataclass(frozen=True)
class Article:
    """A RawDoc after enrichment: what the index stores."""

    doc_id: str
    source: str
    url: str
    title: str
    body: str
    published: date | None
    date_source: str                 # "metadata" | "dateline" | "text" | "none"
    mentioned_dates: tuple[date, ...] = ()
    entities: EntityValues = field(default_factory=dict)   # kind -> canonical values, distinct, in order of first mention
    mentions: tuple[Mention, ...] = ()
    dateline: str = ""
    author: str = ""
    path: str = ""
    content_hash: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)
    quotes: tuple[Quote, ...] = ()   # who said what in the body (enrich/quotes.py)
    # When the id was first indexed (UTC): kept by updates and carried over by full rebuilds;
    # undated articles are ordered and fed by it. None until the writer gives it.
    first_indexed: datetime | None = None
    # MinHash of title + body (store/minhash.py), made where the article is enriched; b"": not yet
    signature: bytes = field(default=b"", compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "entities", _per_kind(self.entities))

    def to_dict(self) -> dict:
        return {
            "id": self.doc_id,
            "title": self.title,
            "text": self.body,
            "date": _iso(self.published),
            "date_source": self.date_source,
            "first_indexed": utc_stamp(self.first_indexed),
            "mentioned_dates": [d.isoformat() for d in self.mentioned_dates],
            "source": self.source,
            "url": self.url,
            "author": self.author,
            "dateline": self.dateline,
            **{facet.plural: list(self.entities[facet.kind]) for facet in FACETS},
            "mentions": [m.to_dict() for m in self.mentions],
        }


SORTS = ("relevance", "newest", "oldest")   # by date: ties and undated articles by first indexed
# What a feed follows (not a search parameter): newest first by publication date, else by when
# the article was first indexed, the two on one time line.
LATEST_SORT = "latest"
# Where an article's publication date came from (Article.date_source), in words for the page and the CLI.
DATE_SOURCES = {
    "metadata": "from the article's metadata",
    "dateline": "from the dateline",
    "text": "from a publication line in the text",
    "none": "date unknown",
}
UNDATED = ("only", "exclude")    # the `undated` filter: only articles without a date, or none of them
EXPORT_FORMATS = ("csv", "jsonl")   # what an export of every match is written as
INTERVALS = ("day", "week", "month", "year")   # of date buckets (search/counting.py); week: ISO weeks


def default_sort(text: str) -> str:
    """Relevance when there is text to rank by, else the newest articles first."""
    return "relevance" if text.strip() else "newest"


@dataclass(frozen=True)
class Query:
    """A validated search request: built by search/request.py (from URL parameters or CLI
    options), answered by search/results.py."""

    text: str = ""
    include: EntityValues = field(default_factory=dict)   # kind -> values every article must name
    exclude: EntityValues = field(default_factory=dict)   # kind -> values no article may name
    date_from: date | None = None    # inclusive
    date_to: date | None = None      # inclusive
    undated: str = ""                # "" (as the range says), or one of UNDATED
    sort: str = "relevance"          # one of SORTS, already resolved (newest when there is no text)
    page: int = 1
    per_page: int = 10
    collapse: bool = True            # copies of one story are one result, counts count stories

    def __post_init__(self):
        object.__setattr__(self, "include", _per_kind(self.include))
        object.__setattr__(self, "exclude", _per_kind(self.exclude))

    def to_dict(self) -> dict:
        """The request as understood, under its URL parameter names."""
        return {
            "q": self.text,
            **{facet.kind: list(self.include[facet.kind]) for facet in FACETS},
            **{facet.exclude_param: list(self.exclude[facet.kind]) for facet in FACETS},
            "from": _iso(self.date_from),
            "to": _iso(self.date_to),
            "undated": self.undated or None,
            "sort": self.sort,
            "page": self.page,
            "per_page": self.per_page,
            "collapse": self.collapse,
        }


@dataclass(frozen=True)
class Hit:
    doc_id: str
    title: str
    url: str
    published: date | None
    source: str
    snippet: str                     # HTML-safe: article text escaped, matches in <mark>
    score: float
    entities: EntityValues = field(default_factory=dict)   # kind -> canonical values
    date_source: str = "none"        # as Article.date_source
    first_indexed: datetime | None = None   # as Article.first_indexed
    versions: int = 1                # copies of its story indexed (itself included)

    def __post_init__(self):
        object.__setattr__(self, "entities", _per_kind(self.entities))

    def to_dict(self) -> dict:
        return {
            "id": self.doc_id,
            "title": self.title,
            "date": _iso(self.published),
            "date_source": self.date_source,
            "first_indexed": utc_stamp(self.first_indexed),
            "source": self.source,
            "url": self.url,
            "snippet": self.snippet,
            **{facet.plural: list(self.entities[facet.kind]) for facet in FACETS},
            "versions": self.versions,
        }


@dataclass(frozen=True)
class Version:
    """One copy of a story (the article itself among them), for an article's versions."""

    doc_id: str
    title: str
    published: date | None
    source: str
    representative: bool = False     # the story's earliest (else longest) copy: what others are compared with

    def to_dict(self) -> dict:
        return {"id": self.doc_id, "title": self.title, "date": _iso(self.published), "source": self.source}


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int                       # articles in the current results naming the value
    selected: bool = False
    excluded: bool = False
    restores: int = 0                # excluded: articles that dropping the exclusion adds back
    alias: str = ""                  # autocomplete: the other name it was found by ("UK")

    def to_dict(self) -> dict:
        found: dict = {"value": self.value, "count": self.count}
        if self.selected:
            found["selected"] = True
        if self.excluded:
            found.update(excluded=True, restores=self.restores)
        if self.alias:
            found["alias"] = self.alias
        return found


@dataclass(frozen=True)
class Unmatched:
    """A filter value the archive does not have (it matches nothing), and the values it may mean."""

    kind: str                        # a facet kind of the registry
    value: str                       # as typed
    excluded: bool                   # a not_<kind> filter (it leaves nothing out)
    closest: tuple[FacetCount, ...]  # counted over the search with this filter aside

    @property
    def param(self) -> str:
        return BY_KIND[self.kind].exclude_param if self.excluded else self.kind

    def to_dict(self) -> dict:
        return {"kind": self.kind, "param": self.param, "value": self.value,
                "closest": [count.to_dict() for count in self.closest]}


@dataclass(frozen=True)
class DateBucket:
    value: str                       # "2022", "2022-03" or "2022-03-03"
    start: date
    end: date                        # inclusive
    count: int

    def to_dict(self) -> dict:
        return {"value": self.value, "count": self.count}


@dataclass(frozen=True)
class SearchResult:
    query: Query
    total: int
    hits: tuple[Hit, ...]
    facets: Mapping[str, tuple[FacetCount, ...]]   # facet kind -> its top values in these results
    date_interval: str               # "year" | "month" | "day"
    date_buckets: tuple[DateBucket, ...]
    suggestion: str | None
    took_ms: float
    undated: int = 0                 # undated articles matching text and facets: what `undated=only` gives
    unmatched: tuple[Unmatched, ...] = ()   # filter values the archive does not have
    # Facet kinds listed at length (a page's "more"): how many values the results name, the
    # chosen ones aside, i.e. how many pages of them there are.
    value_totals: Mapping[str, int] = field(default_factory=dict)
    measure: str = "articles"        # what total, facet counts and buckets count: "stories" or "articles"
    articles: int = 0                # matching articles, every copy counted

    def to_dict(self) -> dict:
        """The shape of /api/search (and `searchapp search --json`)."""
        return {
            "query": self.query.to_dict(),
            "measure": self.measure,
            "total": self.total,
            "articles": self.articles,
            "results": [hit.to_dict() for hit in self.hits],
            "facets": {
                **{facet.plural: [count.to_dict() for count in self.facets[facet.kind]] for facet in FACETS},
                "dates": {
                    "interval": self.date_interval,
                    "buckets": [bucket.to_dict() for bucket in self.date_buckets],
                    "undated": self.undated,
                },
            },
            "suggestion": self.suggestion,
            "unmatched": [item.to_dict() for item in self.unmatched],
            "took_ms": self.took_ms,
        }


def share(count: int, total: int) -> float | None:
    """``count / total``; None when ``total`` is 0 (no article to take a share of, not 0 %)."""
    return count / total if total else None


@dataclass(frozen=True)
class QuoteHit:
    """One quote found: its words, who said them (as the search shows the value: merged, moved),
    and where (the article, offsets into its body)."""

    text: str
    speaker: str                     # "" for none
    speaker_kind: str
    direct: bool
    article_id: str
    title: str
    published: date | None
    start: int
    end: int
    snippet: str                     # the words, HTML-escaped, the search's matches in <mark>

    def to_dict(self) -> dict:
        return {"text": self.text, "speaker": self.speaker or None, "speaker_kind": self.speaker_kind or None,
                "direct": self.direct, "article_id": self.article_id, "title": self.title,
                "date": _iso(self.published), "start": self.start, "end": self.end, "snippet": self.snippet}


@dataclass(frozen=True)
class QuoteResult:
    """A page of quotes (search/quotes.py): the Query's text searches their words, its person and
    organisation filters their speakers, its place filters and dates their articles."""

    query: Query
    total: int
    quotes: tuple[QuoteHit, ...]
    speakers: Mapping[str, tuple[FacetCount, ...]]   # speaking facet kind -> who says most in these results
    took_ms: float

    def to_dict(self) -> dict:
        """The shape of /api/quotes (and `searchapp quotes --json`)."""
        return {
            "query": self.query.to_dict(),
            "total": self.total,
            "quotes": [quote.to_dict() for quote in self.quotes],
            "speakers": {facet.plural: [count.to_dict() for count in self.speakers[facet.kind]]
                         for facet in SPEAKERS},
            "took_ms": self.took_ms,
        }


@dataclass(frozen=True)
class QuoteTimeline:
    """An entity's quotes beside its articles: how many, per period of its timeline, and the newest."""

    total: int
    counts: tuple[int, ...]          # per bucket of the entity's timeline
    undated: int
    latest: tuple[QuoteHit, ...]


@dataclass(frozen=True)
class TrendQuery:
    """A validated trends request (search/request.py): one series per text, every filter shared."""

    series: tuple[str, ...]          # each series' q, as the search reads it (person:"…" included)
    filters: Query                   # no text: the facets, dates and undated filter of every series
    interval: str = ""               # "" when not given: chosen by the span, as the search's histogram

    def series_query(self, text: str) -> Query:
        """The search one series counts: its text and the shared filters."""
        return replace(self.filters, text=text, sort=default_sort(text))

    @property
    def measure(self) -> str:
        """What its counts count: "stories" (the copies of one story once) or "articles"."""
        return "stories" if self.filters.collapse else "articles"

    def to_dict(self) -> dict:
        filters = {name: value for name, value in self.filters.to_dict().items()
                   if name not in ("q", "sort", "page", "per_page", "collapse")}
        return {"q": list(self.series), **filters, "interval": self.interval or None, "measure": self.measure}


@dataclass(frozen=True)
class TrendPeriod:
    """One bucket of a trend: a period, cut to the request's date range."""

    value: str                       # "1987", "1987-03", "1987-W10" or "1987-03-02"
    start: date
    end: date                        # inclusive
    total: int                       # articles matching the filters alone in it


@dataclass(frozen=True)
class TrendSeries:
    text: str
    counts: tuple[int, ...]          # per period, as TrendResult.periods
    total: int                       # every article matching the series and the filters
    undated: int                     # of which without a date: in no period


@dataclass(frozen=True)
class TrendResult:
    query: TrendQuery
    interval: str
    periods: tuple[TrendPeriod, ...]
    series: tuple[TrendSeries, ...]
    total: int                       # articles matching the filters alone
    undated: int                     # of which without a date
    took_ms: float

    def to_dict(self) -> dict:
        """The shape of /api/trends."""
        return {
            "query": self.query.to_dict(),
            "measure": self.query.measure,
            "interval": self.interval,
            "total": self.total,
            "undated": self.undated,
            "series": [{
                "q": series.text,
                "total": series.total,
                "undated": series.undated,
                "buckets": [{"value": period.value, "from": period.start.isoformat(), "to": period.end.isoformat(),
                             "count": count, "total": period.total, "share": share(count, period.total)}
                            for period, count in zip(self.periods, series.counts)],
            } for series in self.series],
            "took_ms": self.took_ms,
        }


@dataclass(frozen=True)
class EntityQuery:
    """A validated entity page request (search/request.py): one facet value, seen within a
    search's text and filters (none: the whole archive)."""

    kind: str                        # a facet kind of the registry
    value: str                       # as asked; in an EntityProfile, as the index has it (a filter's resolution)
    filters: Query                   # text, facets, dates and the undated filter
    interval: str = ""               # of the timeline; "" when chosen by the span

    def to_dict(self) -> dict:
        filters = {name: value for name, value in self.filters.to_dict().items()
                   if name not in ("sort", "page", "per_page")}
        return {"kind": self.kind, "value": self.value, **filters, "interval": self.interval or None}


@dataclass(frozen=True)
class EntityForm:
    """One way the archive writes an entity, and in how many articles."""

    text: str
    count: int

    def to_dict(self) -> dict:
        return {"text": self.text, "count": self.count}


@dataclass(frozen=True)
class EntityProfile:
    """What the archive says about one entity (search/entity.py): every count is the total of a
    search, the entity's filter (and the request's) plus the bucket's dates or a second filter."""

    query: EntityQuery               # kind and value as the index has them (a filter resolves them)
    articles: int                    # naming it: the filtered search's total
    first_seen: date | None          # its first and last dated articles
    last_seen: date | None
    forms: tuple[EntityForm, ...]    # as written, most articles first
    interval: str                    # of the timeline
    timeline: tuple[DateBucket, ...]  # every period from first to last seen, empty ones too
    undated: int                     # articles naming it without a date: in no bucket
    related: Mapping[str, tuple[FacetCount, ...]]   # facet kind -> values named with it most
    latest: tuple[Hit, ...]          # its newest articles
    took_ms: float
    quotes: QuoteTimeline | None = None   # what it is quoted saying (people and organisations)
    measure: str = "articles"        # what its counts count: "stories" or "articles"

    @property
    def kind(self) -> str:
        return self.query.kind

    @property
    def value(self) -> str:
        return self.query.value

    def to_dict(self) -> dict:
        """The shape of /api/entities/<kind>/<value>."""
        return {
            "kind": self.kind,
            "value": self.value,
            "query": self.query.to_dict(),
            "measure": self.measure,
            "articles": self.articles,
            "first_seen": _iso(self.first_seen),
            "last_seen": _iso(self.last_seen),
            "variants": [form.to_dict() for form in self.forms],
            "timeline": {
                "interval": self.interval,
                "buckets": [{"value": b.value, "from": b.start.isoformat(), "to": b.end.isoformat(),
                             "count": b.count} for b in self.timeline],
                "undated": self.undated,
            },
            "related": {facet.plural: [{"value": c.value, "count": c.count} for c in self.related[facet.kind]]
                        for facet in FACETS},
            "latest": [hit.to_dict() for hit in self.latest],
            "quotes": self._quotes_dict(),
            "took_ms": self.took_ms,
        }

    def _quotes_dict(self) -> dict | None:
        if self.quotes is None:
            return None
        return {"total": self.quotes.total, "undated": self.quotes.undated,
                "timeline": [{"value": b.value, "from": b.start.isoformat(), "to": b.end.isoformat(), "count": n}
                             for b, n in zip(self.timeline, self.quotes.counts)],
                "latest": [quote.to_dict() for quote in self.quotes.latest]}
