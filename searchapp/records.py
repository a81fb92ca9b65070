"""The records that cross module lines: readers -> enrich -> indexer -> search -> views.

All are frozen dataclasses; ``to_dict()`` gives the JSON shape the API uses.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date

ENTITY_TYPES = ("person", "place", "org")


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
    type: str                        # "person" | "place" | "org"
    value: str                       # canonical facet value ("Kyiv")

    def to_dict(self) -> dict:
        return asdict(self)


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
    persons: tuple[str, ...] = ()    # canonical, distinct, in order of first mention
    places: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    dateline: str = ""
    author: str = ""
    path: str = ""
    content_hash: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict:
        return {
            "id": self.doc_id,
            "title": self.title,
            "text": self.body,
            "date": self.published.isoformat() if self.published else None,
            "date_source": self.date_source,
            "mentioned_dates": [d.isoformat() for d in self.mentioned_dates],
            "source": self.source,
            "url": self.url,
            "author": self.author,
            "dateline": self.dateline,
            "persons": list(self.persons),
            "places": list(self.places),
            "orgs": list(self.orgs),
            "mentions": [m.to_dict() for m in self.mentions],
        }


SORTS = ("relevance", "newest", "oldest")


@dataclass(frozen=True)
class Query:
    """A validated search request; built from URL parameters by the views, used by search()."""

    text: str = ""
    persons: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    not_persons: tuple[str, ...] = ()
    not_places: tuple[str, ...] = ()
    not_orgs: tuple[str, ...] = ()
    date_from: date | None = None    # inclusive
    date_to: date | None = None      # inclusive
    sort: str = "relevance"          # one of SORTS, already resolved (newest when there is no text)
    page: int = 1
    per_page: int = 10


@dataclass(frozen=True)
class Hit:
    doc_id: str
    title: str
    url: str
    published: date | None
    source: str
    snippet: str                     # HTML-safe: article text escaped, matches in <mark>
    score: float
    persons: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int
    selected: bool = False
    excluded: bool = False


@dataclass(frozen=True)
class DateBucket:
    value: str                       # "2022", "2022-03" or "2022-03-03"
    start: date
    end: date                        # inclusive
    count: int


@dataclass(frozen=True)
class SearchResult:
    query: Query
    total: int
    hits: tuple[Hit, ...]
    facets: dict                     # "persons" | "places" | "orgs" -> tuple[FacetCount, ...]
    date_interval: str               # "year" | "month" | "day"
    date_buckets: tuple[DateBucket, ...]
    suggestion: str | None
    took_ms: float
