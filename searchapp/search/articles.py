"""Articles out of a snapshot: one whole article, a result hit, and the articles like one."""
from __future__ import annotations

import numpy as np

from ..errors import NotFound
from ..records import Article, Hit, Version
from ..store.schema import fields_to_article, stored_entities, stored_first_indexed
from . import resolved
from .snippets import Marks, highlight_terms, make_snippet, matched_spans
from .stories import sort_key

VERSIONS_LIMIT = 200   # copies of one story listed with an article (the hits' `versions` count them all)

# The distinctive words of an article are those of its first so many characters: any news article
# whole (the longest of the corpora: 43,759), while a text of megabytes is not analysed whole for
# each page that shows it (as snippets.MAX_HIGHLIGHT_CHARS).
RELATED_TEXT_CHARS = 50_000


def article(snapshot, doc_id: str) -> Article:
    stored = snapshot.searcher.document(id=doc_id)
    if stored is None:
        raise NotFound(f"no article with id {doc_id!r}", param="id")
    return resolved.article(snapshot.arrays.value_map, fields_to_article(stored))


def related(snapshot, doc_id: str, limit: int = 5) -> list[Hit]:
    """The articles whose bodies share most of this one's distinctive words: other stories
    (its own copies are its versions), one copy of each."""
    searcher = snapshot.searcher
    docnum = _docnum(snapshot, doc_id)
    body = searcher.stored_fields(docnum).get("body", "")[:RELATED_TEXT_CHARS]
    if not body.strip():
        return []
    stories = snapshot.arrays.stories
    own = stories.members(docnum)
    results = searcher.more_like(docnum, "body", text=body, top=limit + len(own) + 5, numterms=12)
    found, seen = [], {int(stories.group[docnum])}
    for hit in results:
        story = int(stories.group[hit.docnum])
        if story not in seen and len(found) < limit:
            seen.add(story)
            found.append(make_hit(searcher, hit.docnum, hit.score, Marks(frozenset()), snapshot.arrays.value_map,
                                  int(stories.versions[hit.docnum])))
    return found


def versions(snapshot, doc_id: str) -> tuple[Version, ...]:
    """The copies of ``doc_id``'s story (itself among them): the representative first, then by
    publication date (undated last), then by id; just itself when it has none."""
    docnum = _docnum(snapshot, doc_id)
    stories = snapshot.arrays.stories
    members = stories.members(docnum)
    found = []
    for doc in members[np.lexsort((members, sort_key(snapshot.arrays.pubdays[members], newest_first=False),
                                   ~stories.representative[members]))][:VERSIONS_LIMIT]:
        stored = snapshot.searcher.stored_fields(int(doc))
        pub = stored.get("pubdate")
        found.append(Version(stored["id"], stored.get("title", ""), pub.date() if pub else None,
                             stored.get("source", ""), bool(stories.representative[doc]) or len(members) == 1))
    return tuple(sorted(found, key=lambda v: (not v.representative, v.published is None, v.published or 0, v.doc_id)))


def _docnum(snapshot, doc_id: str) -> int:
    docnum = snapshot.searcher.document_number(id=doc_id)
    if docnum is None:
        raise NotFound(f"no article with id {doc_id!r}", param="id")
    return docnum


def query_marks(snapshot, parsed) -> Marks:
    """What the snippets of a search (``parsed``, its Whoosh query) mark in article text."""
    words = snapshot.queries.vocabulary.word_terms(snapshot.searcher.schema["body"].analyzer)
    return highlight_terms(parsed, words)


def query_matches(snapshot, text: str, pieces: tuple[str, ...]) -> list[list[tuple[int, int]]]:
    """For each of ``pieces`` (an article's title, body), the (start, end) of every word a search
    for ``text`` marks, as its snippets would: an article opened from that search."""
    if not text.strip():
        return [[] for _ in pieces]
    marks = query_marks(snapshot, snapshot.queries.parse(text, snapshot.searcher.reader()))
    analyzer = snapshot.searcher.schema["body"].analyzer
    return [matched_spans(piece, marks, analyzer) for piece in pieces]


def make_hit(searcher, docnum: int, score: float, terms: Marks, value_map=None, versions: int = 1) -> Hit:
    """One result: stored fields, and a snippet with ``terms`` marked; ``versions``: the copies
    of its story."""
    stored = searcher.stored_fields(docnum)
    pub = stored.get("pubdate")
    return Hit(
        doc_id=stored["id"],
        title=stored.get("title", ""),
        url=stored.get("url", ""),
        published=pub.date() if pub else None,
        source=stored.get("source", ""),
        snippet=make_snippet(stored.get("body", ""), terms, searcher.schema["body"].analyzer),
        score=float(score),
        entities=resolved.entities(value_map, stored_entities(stored)),
        date_source=stored.get("date_source", "none"),
        first_indexed=stored_first_indexed(stored),
        versions=versions,
    )
