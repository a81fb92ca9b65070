"""The Whoosh schemas (two fields per facet kind of the registry), and the mapping between
Article records and index documents: one per article, and one per quote in a second index
(the search's fields where they mean the same, so quotes are searched as articles are)."""
from __future__ import annotations

from datetime import date, datetime, timezone

from whoosh.columns import FixedBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, STORED, TEXT, Schema

from ..facets import BY_KIND, FACETS
from ..records import Article, Mention
from . import minhash
from .analysis import names_analyzer, text_analyzer


def _facet_field() -> KEYWORD:
    return KEYWORD(stored=True, commas=True, lowercase=False, scorable=False)


def build_schema() -> Schema:
    text = text_analyzer()
    # Per facet kind: exact canonical values (case kept) for filters and facet counts, and the
    # canonical and written forms, analysed, for `person:putin` style queries.
    facet_fields = {}
    for facet in FACETS:
        facet_fields[facet.field] = _facet_field()
        facet_fields[facet.names_field] = TEXT(analyzer=names_analyzer(), phrase=True)
    # No spelling=True: the words as written are kept in vocabulary.py's table, for a fraction
    # of the cost of Whoosh's unstemmed spelling postings.
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        title=TEXT(analyzer=text, stored=True, phrase=True, field_boost=2.0),
        body=TEXT(analyzer=text, stored=True, phrase=True),
        **facet_fields,
        pubdate=DATETIME(stored=True, sortable=True),
        first_indexed=DATETIME(stored=True, sortable=True),   # UTC; column: orders undated articles
        date_source=ID(stored=True),
        mentioned_dates=STORED(),
        source=ID(stored=True),
        url=ID(stored=True),
        content_hash=ID(stored=True, sortable=True),  # column: incremental reindex reads id->hash fast
        dateline=STORED(),
        author=STORED(),
        path=STORED(),
        mentions=STORED(),
        extra=STORED(),
        copies=COLUMN(FixedBytesColumn(minhash.SIGNATURE_BYTES)),   # its MinHash (copies.py)
    )


def build_quote_schema() -> Schema:
    """A quote: its words in ``body``, its speaker in the facet fields of its kind, its article's
    publication day in ``pubdate``; ``article`` ties it to its article, ``quote`` holds
    (start, end, direct, the article's title) for the answer."""
    schema = build_schema()
    schema.add("article", ID(stored=True, sortable=True))
    schema.add("quote", STORED())
    return schema


def quote_documents(article: Article) -> list[dict]:
    documents = []
    for number, quote in enumerate(article.quotes):
        fields = {"id": f"{article.doc_id}\x1f{number}", "article": article.doc_id, "body": quote.text,
                  "quote": (quote.start, quote.end, quote.direct, article.title)}
        facet = BY_KIND.get(quote.speaker_kind)
        if facet is not None and quote.speaker:
            fields[facet.field] = _keywords([quote.speaker])
            fields[facet.names_field] = quote.speaker
        if article.published:
            fields["pubdate"] = _day(article.published)
        documents.append(fields)
    return documents


def _day(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def _keywords(values) -> str:
    # KEYWORD(commas=True) splits on commas, so a value must not contain one.
    return ",".join(" ".join(v.replace(",", " ").split()) for v in values if v.strip())


def article_to_fields(article: Article) -> dict:
    written: dict[str, set[str]] = {facet.kind: set() for facet in FACETS}
    for m in article.mentions:
        written[m.type].add(m.text)
    fields = {
        "id": article.doc_id,
        "title": article.title,
        "body": article.body,
        "date_source": article.date_source,
        "mentioned_dates": [d.isoformat() for d in article.mentioned_dates],
        "source": article.source,
        "url": article.url,
        "content_hash": article.content_hash,
        "dateline": article.dateline,
        "author": article.author,
        "path": article.path,
        "mentions": [(m.text, m.start, m.end, m.type, m.value) for m in article.mentions],
        "extra": article.extra,
        "copies": article.signature or minhash.signature(article.title, article.body),
    }
    for facet in FACETS:
        values = article.entities[facet.kind]
        fields[facet.field] = _keywords(values)
        fields[facet.names_field] = " \n ".join(list(values) + sorted(written[facet.kind]))
    if article.published:
        fields["pubdate"] = _day(article.published)
    if article.first_indexed:
        fields["first_indexed"] = naive_utc(article.first_indexed)
    return fields


def naive_utc(moment: datetime) -> datetime:
    """``moment`` in UTC without a zone, as Whoosh's DATETIME field keeps it."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


def stored_first_indexed(stored: dict) -> datetime | None:
    """The first-indexed time of a document's stored fields, in UTC (None in an index without)."""
    found = stored.get("first_indexed")
    return found.replace(tzinfo=timezone.utc) if isinstance(found, datetime) else None


def split_keywords(value: str | None) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split(",") if v)


def stored_entities(stored: dict) -> dict[str, tuple[str, ...]]:
    """Facet kind -> values, from a document's stored fields."""
    return {facet.kind: split_keywords(stored.get(facet.field)) for facet in FACETS}


def fields_to_article(stored: dict) -> Article:
    """Rebuild the Article from a document's stored fields."""
    pub = stored.get("pubdate")
    return Article(
        doc_id=stored["id"],
        source=stored.get("source", ""),
        url=stored.get("url", ""),
        title=stored.get("title", ""),
        body=stored.get("body", ""),
        published=pub.date() if isinstance(pub, datetime) else None,
        date_source=stored.get("date_source", "none"),
        mentioned_dates=tuple(date.fromisoformat(d) for d in stored.get("mentioned_dates", ())),
        entities=stored_entities(stored),
        mentions=tuple(Mention(*m) for m in stored.get("mentions", ())),
        dateline=stored.get("dateline", ""),
        author=stored.get("author", ""),
        path=stored.get("path", ""),
        content_hash=stored.get("content_hash", ""),
        extra=stored.get("extra") or {},
        first_indexed=stored_first_indexed(stored),
    )
