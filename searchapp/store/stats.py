"""What an index holds: article count, publication date span, most frequent facet values."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from whoosh.query import Every

from ..facets import FACETS
from . import generations


@dataclass(frozen=True)
class IndexStats:
    path: str
    articles: int
    first_date: date | None
    last_date: date | None
    undated: int
    top: dict  # facet kind -> list of (value, article count)


def article_counts(index_dir: Path) -> tuple[int, int]:
    """(articles, undated articles) of the live generation."""
    ix = generations.open_current(index_dir)
    with ix.searcher() as searcher:
        articles = searcher.doc_count()
        return articles, articles - len(searcher.search(Every("pubdate"), limit=1))


def index_stats(index_dir: Path, top: int = 10) -> IndexStats:
    ix = generations.open_current(index_dir)
    with ix.searcher() as searcher:
        dated = searcher.search(Every("pubdate"), sortedby="pubdate", limit=1)
        first = dated[0]["pubdate"].date() if dated.scored_length() else None
        newest = searcher.search(Every("pubdate"), sortedby="pubdate", reverse=True, limit=1)
        last = newest[0]["pubdate"].date() if newest.scored_length() else None
        reader = searcher.reader()
        tops = {
            facet.kind: [(term.decode("utf-8"), int(freq))
                         for freq, term in reader.most_frequent_terms(facet.field, number=top)]
            for facet in FACETS
        }
        return IndexStats(
            path=str(generations.current_path(index_dir)),
            articles=searcher.doc_count(),
            first_date=first,
            last_date=last,
            undated=searcher.doc_count() - len(dated),
            top=tops,
        )
