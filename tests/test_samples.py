"""The bundled sample archive (samples/) has the shape `make run` and the readers expect."""
from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from searchapp.records import content_hash

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PAGES = sorted((SAMPLES / "pages").glob("*.txt"))
FEEDS = sorted((SAMPLES / "feeds").glob("*.jsonl"))
HTML_PAGES = sorted((SAMPLES / "html").glob("*.html"))

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# "Kiev/Moscow, 3 March 2022 (dpa/MIA) – text", the seed page's dateline; capitals and a hyphen occur too.
DATELINE = re.compile(
    rf"^(?P<places>[^\s,][^,]*), (?P<day>\d{{1,2}}) (?P<month>{MONTHS}) (?P<year>\d{{4}}) "
    r"\((?P<agency>[^)]+)\) [–-] \S"
)


def feed_records() -> list[tuple[str, int, dict]]:
    records = []
    for path in FEEDS:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            records.append((path.name, number, json.loads(line)))
    return records


def feed_text(record: dict) -> str:
    return record.get("text") or record.get("body") or ""


class _ArticlePageParser(HTMLParser):
    """Collects what the HTML reader relies on: <title>, the meta tags, <article>, <h1>, <time>."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.tags: set[str] = set()
        self.canonical = ""
        self.time_datetime = ""
        self.title = ""
        self._in_title = False
        self.paragraphs_in_article = 0
        self._article_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.add(tag)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta[key] = attrs.get("content", "")
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs.get("href", "")
        elif tag == "time":
            self.time_datetime = attrs.get("datetime", "")
        elif tag == "title":
            self._in_title = True
        elif tag == "article":
            self._article_depth += 1
        elif tag == "p" and self._article_depth:
            self.paragraphs_in_article += 1

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "article":
            self._article_depth -= 1

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def parse_html(path: Path) -> _ArticlePageParser:
    parser = _ArticlePageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def page_parts(path: Path) -> dict:
    lines = path.read_text(encoding="utf-8").split("\n")
    return {"crumbs": lines[0], "blank1": lines[1], "title": lines[2], "blank2": lines[3],
            "dateline": lines[4], "footer": lines[-1], "lines": lines}


def all_dates() -> list[date]:
    dates = []
    for path in PAGES:
        m = DATELINE.match(page_parts(path)["dateline"])
        dates.append(date(int(m["year"]), MONTHS.split("|").index(m["month"]) + 1, int(m["day"])))
    for _, _, record in feed_records():
        dates.append(date.fromisoformat(record["date"][:10]))
    for path in HTML_PAGES:
        dates.append(date.fromisoformat(parse_html(path).meta["article:published_time"][:10]))
    return dates


def test_archive_has_forty_articles_in_three_formats():
    assert len(PAGES) >= 15 and len(FEEDS) >= 2 and len(HTML_PAGES) >= 10
    assert len(PAGES) + len(feed_records()) + len(HTML_PAGES) >= 40


def test_dates_spread_over_years_and_months():
    dates = all_dates()
    assert len({d.year for d in dates}) >= 3
    assert len({(d.year, d.month) for d in dates}) >= 24


def test_every_feed_line_is_an_article_object():
    records = feed_records()
    assert records
    for name, number, record in records:
        where = f"{name}:{number}"
        assert record.get("title"), where
        assert feed_text(record), where
        date.fromisoformat(record["date"][:10])  # ISO date or datetime
        assert record["url"].startswith("https://"), where
        assert record.get("source"), where
        assert set(record) - {"id", "title", "text", "body", "date", "url", "source"}, f"{where}: no extra field"
    assert {"body" in r for _, _, r in records} == {True, False}, "one feed uses body, the others text"


def test_every_html_page_carries_title_date_author_and_article():
    for path in HTML_PAGES:
        page = parse_html(path)
        assert page.title.strip(), path.name
        assert page.meta.get("og:title"), path.name
        assert page.meta.get("author"), path.name
        date.fromisoformat(page.meta["article:published_time"][:10])
        assert page.time_datetime == page.meta["article:published_time"], path.name
        assert page.canonical.startswith("https://example.org/"), path.name
        assert {"article", "h1", "nav", "footer"} <= page.tags, path.name
        assert page.paragraphs_in_article >= 3, path.name


def test_every_text_page_has_the_seed_shape():
    for path in PAGES:
        parts = page_parts(path)
        # Breadcrumb junk: menu words glued together ("Top storiesEuropeSvet.Slajder").
        assert re.search(r"[a-z][A-Z]", parts["crumbs"]), path.name
        assert parts["blank1"] == "" and parts["blank2"] == "", path.name
        assert parts["title"] and not parts["title"].endswith("."), path.name
        assert DATELINE.match(parts["dateline"]), f"{path.name}: {parts['dateline'][:60]}"
        assert len(parts["footer"].split()) <= 4 and not parts["footer"].endswith("."), path.name
        body = [line for line in parts["lines"][4:-1] if line]
        assert len(body) >= 4, path.name
        # Dateline, paragraphs and footer are separated by exactly one blank line, as in the seed.
        rest = parts["lines"][4:]
        assert all(bool(a) != bool(b) for a, b in zip(rest, rest[1:])), path.name


def test_articles_are_short_news_items():
    texts = [path.read_text(encoding="utf-8") for path in PAGES]
    texts += [feed_text(r) for _, _, r in feed_records()]
    texts += [path.read_text(encoding="utf-8") for path in HTML_PAGES]
    # HTML pages carry markup; count words in <p> only for them.
    words = [len(t.split()) for t in texts[: len(texts) - len(HTML_PAGES)]]
    words += [len(" ".join(re.findall(r"<p>(.*?)</p>", t)).split()) for t in texts[len(texts) - len(HTML_PAGES):]]
    assert min(words) >= 50 and max(words) <= 330


def test_exactly_one_article_is_duplicated_across_feed_files():
    by_hash: dict[str, list[str]] = {}
    for name, number, record in feed_records():
        by_hash.setdefault(content_hash(record["title"], feed_text(record)), []).append(name)
    duplicated = [files for files in by_hash.values() if len(files) > 1]
    assert len(duplicated) == 1 and len(set(duplicated[0])) == 2


def test_awkward_bits_are_kept():
    everything = "\n".join(p.read_text(encoding="utf-8") for p in PAGES + FEEDS + HTML_PAGES)
    assert "Kiev" in everything and "Kyiv" in everything
    assert "Zoë Brandt" in everything and "José Ramírez" in everything
    assert "Correction" in everything
    assert re.search(r"^[A-Z]{4,}, \d", everything, re.M), "a dateline in capitals"
    assert re.search(r"\) - ", everything) and re.search(r"\) – ", everything), "hyphen and en dash"


def test_readers_read_every_sample_without_a_skip():
    readers = pytest.importorskip("searchapp.readers")
    from searchapp.records import RawDoc, Skipped

    docs, skipped = [], []
    for path in PAGES + FEEDS + HTML_PAGES:
        for item in readers.read_any(path):
            (skipped if isinstance(item, Skipped) else docs).append(item)
    assert not skipped, [str(s) for s in skipped]
    assert all(isinstance(doc, RawDoc) for doc in docs)
    assert len(docs) == len(PAGES) + len(feed_records()) + len(HTML_PAGES) >= 40
    assert all(doc.title and doc.body for doc in docs)
    assert all(doc.dateline_places for doc in docs if doc.path.endswith(".txt"))
    assert len({doc.doc_id for doc in docs}) == len(docs)
    assert len({doc.content_hash for doc in docs}) == len(docs) - 1  # the syndicated duplicate
