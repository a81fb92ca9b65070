"""The Whoosh schema, and the mapping between Article records and index documents."""
from __future__ import annotations

from datetime import date, datetime

from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema

from ..records import Article, Mention

# persons/places/orgs hold exact canonical values (case kept) for filters and facet counts;
# the *_names fields hold canonical and written forms, analysed, for `person:putin` style queries.
FACET_FIELDS = {"person": "persons", "place": "places", "org": "orgs"}
NAME_FIELDS = {"person": "person_names", "place": "place_names", "org": "org_names"}


def _facet_field() -> KEYWORD:
    return KEYWORD(stored=True, commas=True, lowercase=False, scorable=False)


def build_schema() -> Schema:
    text = StemmingAnalyzer()
    # No spelling=True: the words as written are kept in vocabulary.py's table, for a fraction
    # of the cost of Whoosh's unstemmed spelling postings.
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        title=TEXT(analyzer=text, stored=True, phrase=True, field_boost=2.0),
        body=TEXT(analyzer=text, stored=True, phrase=True),
        persons=_facet_field(),
        places=_facet_field(),
        orgs=_facet_field(),
        person_names=TEXT(analyzer=StandardAnalyzer(stoplist=None), phrase=True),
        place_names=TEXT(analyzer=StandardAnalyzer(stoplist=None), phrase=True),
        org_names=TEXT(analyzer=StandardAnalyzer(stoplist=None), phrase=True),
        pubdate=DATETIME(stored=True, sortable=True),
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
    )


def _keywords(values) -> str:
    # KEYWORD(commas=True) splits on commas, so a value must not contain one.
    return ",".join(v.replace(",", " ").strip() for v in values if v.strip())


def article_to_fields(article: Article) -> dict:
    written = {"person": set(), "place": set(), "org": set()}
    for m in article.mentions:
        written[m.type].add(m.text)
    fields = {
        "id": article.doc_id,
        "title": article.title,
        "body": article.body,
        "persons": _keywords(article.persons),
        "places": _keywords(article.places),
        "orgs": _keywords(article.orgs),
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
    }
    for kind, field_name in NAME_FIELDS.items():
        values = list(getattr(article, FACET_FIELDS[kind])) + sorted(written[kind])
        fields[field_name] = " \n ".join(values)
    if article.published:
        fields["pubdate"] = datetime(article.published.year, article.published.month, article.published.day)
    return fields


def split_keywords(value: str | None) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split(",") if v)


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
        persons=split_keywords(stored.get("persons")),
        places=split_keywords(stored.get("places")),
        orgs=split_keywords(stored.get("orgs")),
        mentions=tuple(Mention(*m) for m in stored.get("mentions", ())),
        dateline=stored.get("dateline", ""),
        author=stored.get("author", ""),
        path=stored.get("path", ""),
        content_hash=stored.get("content_hash", ""),
        extra=stored.get("extra") or {},
    )
