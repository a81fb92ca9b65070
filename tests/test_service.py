"""The search service on a real Whoosh index: filters, facets, dates, sorting, pages, snippets.

Expectations are computed from the indexed articles' own facet values and dates, so the same
tests run on any index given by the `search_index_dir` fixture.
"""
from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from searchapp.store import generations
from searchapp.errors import IndexMissing, NotFound
from searchapp.records import Article, Query
from searchapp.search.service import SearchService
from searchapp.store.schema import article_to_fields, fields_to_article

from fixtures import build_index, make_articles

ROOT = Path(__file__).resolve().parents[1]

@pytest.fixture(scope="module")
def search_index_dir(tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("search-index")
    build_index(index_dir, make_articles())
    return index_dir


@pytest.fixture(scope="module")
def indexed(search_index_dir) -> list[Article]:
    """Every live article, read back from the index: the source of expected answers."""
    ix = generations.open_current(search_index_dir)
    with ix.searcher() as searcher:
        return [fields_to_article(fields) for fields in searcher.all_stored_fields()]


@pytest.fixture(scope="module")
def service(search_index_dir) -> SearchService:
    service = SearchService(search_index_dir)
    yield service
    service.close()


def ids(result) -> set[str]:
    return {hit.doc_id for hit in result.hits}


def everything(service, **filters):
    return service.search(Query(per_page=100, sort="newest", **filters))


def most_common(indexed, kind: str, n: int = 2) -> list[str]:
    return [value for value, _ in Counter(v for a in indexed for v in a.entities[kind]).most_common(n)]


@pytest.mark.parametrize("kind", ["person", "place", "org"])
def test_each_filter_returns_exactly_the_articles_with_that_value(service, indexed, kind):
    for value in most_common(indexed, kind, 3):
        result = everything(service, include={kind: (value,)})
        expected = {a.doc_id for a in indexed if value in a.entities[kind]}
        assert ids(result) == expected and result.total == len(expected)


def test_values_of_one_facet_combine_with_and(service, indexed):
    first, second = most_common(indexed, "person", 2)
    result = everything(service, include={"person": (first, second)})
    expected = {a.doc_id for a in indexed if first in a.entities["person"] and second in a.entities["person"]}
    assert expected and ids(result) == expected


def test_exclusion_removes_articles_with_the_value(service, indexed):
    value = most_common(indexed, "place", 1)[0]
    result = everything(service, exclude={"place": (value,)})
    assert ids(result) == {a.doc_id for a in indexed if value not in a.entities["place"]}


def test_facet_counts_agree_with_filtered_totals(service, indexed):
    result = service.search(Query(text="oil", sort="relevance"))
    for facet in result.facets["person"]:
        filtered = service.search(Query(text="oil", include={"person": (facet.value,)}))
        assert filtered.total == facet.count, facet
    assert result.facets["person"], "the query should find articles naming people"


def test_every_facet_is_counted_over_the_current_results(service, indexed):
    person = most_common(indexed, "person", 1)[0]
    place = most_common(indexed, "place", 1)[0]
    result = everything(service, include={"person": (person,), "place": (place,)})
    current = [a for a in indexed if person in a.entities["person"] and place in a.entities["place"]]
    assert result.total == len(current) > 0
    for kind in ("person", "place"):
        expected = Counter(v for a in current for v in a.entities[kind])
        listed = {f.value: f for f in result.facets[kind]}
        assert all(f.count == expected[v] for v, f in listed.items()), kind
        # who appears with the selection: every co-occurring value, most frequent first, after it
        others = [f for f in result.facets[kind] if not f.selected]
        assert [f.count for f in others] == sorted((c for v, c in expected.items() if v not in (person, place)),
                                                   reverse=True)[:len(others)]
    assert listed[place].selected and listed[place].count == result.total
    assert result.facets["person"][0].value == person and result.facets["person"][0].selected


def test_an_excluded_value_is_listed_with_what_it_adds_back(service, indexed):
    person = most_common(indexed, "person", 1)[0]
    first, second = most_common(indexed, "place", 2)
    result = everything(service, include={"person": (person,)}, exclude={"place": (first, second)})
    excluded = {f.value: f for f in result.facets["place"] if f.excluded}
    assert list(excluded) == [first, second]
    for value, other in ((first, second), (second, first)):
        back = everything(service, include={"person": (person,)}, exclude={"place": (other,)})
        assert excluded[value].count == 0 and excluded[value].restores == back.total - result.total > 0
        assert excluded[value].to_dict() == {"value": value, "count": 0, "excluded": True,
                                             "restores": excluded[value].restores}


def test_selected_values_are_listed_even_without_matches(service):
    result = service.search(Query(text="oil", include={"person": ("Nobody Atall",)}))
    assert result.total == 0
    assert [f.value for f in result.facets["person"] if f.selected] == ["Nobody Atall"]


def test_place_variant_finds_the_canonical_value(service, indexed):
    result = everything(service, include={"place": ("Kiev",)})
    assert result.query.include["place"] == ("Kyiv",)
    assert ids(result) == {a.doc_id for a in indexed if "Kyiv" in a.entities["place"]}
    assert everything(service, include={"place": ("kyiv",)}).total == result.total


def test_date_range_is_inclusive(service, indexed):
    dated = sorted(a.published for a in indexed if a.published)
    start, end = dated[5], dated[-6]
    result = everything(service, date_from=start, date_to=end)
    assert ids(result) == {a.doc_id for a in indexed if a.published and start <= a.published <= end}


def test_sort_orders(service, indexed):
    newest = service.search(Query(sort="newest", per_page=100))
    days = [h.published for h in newest.hits if h.published]
    assert days == sorted(days, reverse=True)
    assert all(h.published is None for h in newest.hits[len(days):]), "undated articles come last"
    oldest = service.search(Query(sort="oldest", per_page=100))
    assert [h.published for h in oldest.hits if h.published] == sorted(days)
    ranked = service.search(Query(text="oil", sort="relevance", per_page=100))
    scores = [h.score for h in ranked.hits]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0


def test_pages_partition_the_results_and_past_the_end_is_empty(service, indexed):
    total = len(indexed)
    seen = []
    for page in range(1, total // 7 + 2):
        seen += [h.doc_id for h in service.search(Query(sort="oldest", page=page, per_page=7)).hits]
    assert len(seen) == total and len(set(seen)) == total
    past = service.search(Query(sort="oldest", page=total, per_page=7))
    assert past.hits == () and past.total == total


def test_relevance_pages_partition_the_results(service):
    whole = service.search(Query(text="oil OR gas", per_page=100))
    pages = [h.doc_id for p in (1, 2, 3, 4, 5, 6) for h in service.search(Query(text="oil OR gas", page=p, per_page=5)).hits]
    assert pages == [h.doc_id for h in whole.hits][: len(pages)] and len(pages) == min(30, whole.total)


def test_text_query_matches_title_or_body_and_title_weighs_more(service, indexed):
    result = service.search(Query(text="harvest", per_page=100))
    expected = {a.doc_id for a in indexed if "harvest" in (a.title + " " + a.body).lower()}
    assert ids(result) == expected
    in_title = [h for h in result.hits if "harvest" in h.title.lower()]
    if in_title and len(in_title) < len(result.hits):
        assert "harvest" in result.hits[0].title.lower()


@pytest.mark.parametrize("text, check", [
    ('"spoke about"', lambda a: "spoke about" in a.body),
    ("oil -gas", lambda a: "oil" in _words(a) and "gas" not in _words(a)),
    ("oil NOT gas", lambda a: "oil" in _words(a) and "gas" not in _words(a)),
    ("-oil", lambda a: "oil" not in _words(a)),
    ("wheat OR barrel", lambda a: "wheat" in _words(a) or "barrel" in _words(a)),
    ("person:putin", lambda a: "Vladimir Putin" in a.entities["person"]),
    ('place:"kyiv"', lambda a: "Kyiv" in a.entities["place"]),
    ("pipe*", lambda a: "pipeline" in _words(a)),
    ("pipelin~", lambda a: "pipeline" in _words(a)),
])
def test_query_language(service, indexed, text, check):
    result = service.search(Query(text=text, per_page=100))
    assert ids(result) == {a.doc_id for a in indexed if check(a)}
    assert result.total > 0


def _words(article) -> set[str]:
    import re

    return set(re.findall(r"\w+", (article.title + " " + article.body).lower()))


@pytest.mark.parametrize("text", ['"unclosed', "(oil OR", "AND", "title:", "***", "a*", "oil^^", "[x TO",
                                  "x" * 999, "pubdate:2020", ":::", "\\", "oil~~~", "NOT", "*:*"])
def test_malformed_queries_degrade(service, text):
    result = service.search(Query(text=text))
    assert result.total >= 0


def test_snippets_mark_matches_and_escape_the_text(service):
    result = service.search(Query(text="news"))
    snippet = result.hits[0].snippet
    assert "<mark>news</mark>" in snippet
    assert "&lt;b&gt;" in snippet and "&amp;" in snippet and "<b>" not in snippet


def test_did_you_mean_only_when_the_correction_finds_something(service, indexed):
    result = service.search(Query(text="pipelnie"))
    assert result.total == 0 and result.suggestion == "pipeline"
    assert service.search(Query(text="pipeline")).suggestion is None
    person = most_common(indexed, "person", 1)[0]
    unrelated = [a for a in indexed if "pipeline" not in _words(a)]
    assert unrelated
    # under a filter no pipeline article passes, the correction is not offered
    nothing = service.search(Query(text="pipelnie", date_from=date(1990, 1, 1), date_to=date(1990, 1, 2)))
    assert nothing.suggestion is None
    assert service.search(Query(text="pipelnie", include={"person": (person,)})).suggestion in (None, "pipeline")


def test_date_histogram_interval_follows_the_span(service, indexed):
    whole = service.search(Query())
    assert whole.date_interval == "year"
    assert sum(b.count for b in whole.date_buckets) == sum(1 for a in indexed if a.published)
    first = min(a.published for a in indexed if a.published)
    month = service.search(Query(date_from=first, date_to=first + timedelta(days=40)))
    assert month.date_interval == "day"
    assert all(b.start == b.end for b in month.date_buckets)
    year = service.search(Query(date_from=date(2020, 1, 1), date_to=date(2020, 12, 31)))
    assert year.date_interval == "month"
    assert sum(b.count for b in year.date_buckets) == year.total


def test_article_and_related(service, indexed):
    article = service.article(indexed[0].doc_id)
    assert article == indexed[0]
    with pytest.raises(NotFound):
        service.article("no-such-id")
    related = service.related(indexed[0].doc_id, limit=3)
    assert 0 < len(related) <= 3 and indexed[0].doc_id not in {h.doc_id for h in related}


def test_facet_values_for_autocomplete(service, indexed):
    values = service.facet_values("person", prefix="pu")
    counts = Counter(p for a in indexed for p in a.entities["person"])
    assert [(v.value, v.count) for v in values] == [("Vladimir Putin", counts["Vladimir Putin"])]
    top = service.facet_values("place", limit=2)
    assert [v.count for v in top] == sorted(Counter(p for a in indexed for p in a.entities["place"]).values(), reverse=True)[:2]


def test_missing_index_is_reported(tmp_path):
    with pytest.raises(IndexMissing):
        SearchService(tmp_path).search(Query())


def test_reindex_and_swap_are_picked_up_without_restart(tmp_path):
    articles = make_articles(20, seed=9)
    build_index(tmp_path, articles[:10])
    service = SearchService(tmp_path)
    assert service.search(Query()).total == 10
    # an incremental commit to the live generation
    writer = generations.open_current(tmp_path).writer()
    for article in articles[10:15]:
        writer.add_document(**article_to_fields(article))
    writer.delete_by_term("id", articles[0].doc_id)
    writer.commit()
    result = service.search(Query(per_page=100))
    assert result.total == 14 and articles[0].doc_id not in ids(result)
    # a full rebuild swapped in
    build_index(tmp_path, articles[15:])
    assert ids(service.search(Query(per_page=100))) == {a.doc_id for a in articles[15:]}
    service.close()


def test_the_app_never_imports_spacy(search_index_dir):
    code = (
        "import sys\n"
        "from searchapp.web import create_app\n"
        f"app = create_app({{'INDEX_DIR': {str(search_index_dir)!r}}})\n"
        "c = app.test_client()\n"
        "for url in ['/api/search?q=oil&place=Kiev', '/', '/api/facets/person', '/api/articles/doc-001']:\n"
        "    assert c.get(url).status_code < 500, url\n"
        "assert 'spacy' not in sys.modules, 'spacy was imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_threads_sharing_one_service_get_the_serial_answers(service):
    """gunicorn's threads share a worker's service; Whoosh's readers are not safe to share, so
    the service must serialise what reads them (without it this raised inside Whoosh)."""
    import threading

    texts = ["oil", "gas OR wheat", '"spoke about"', "pipe*", "harvest -oil", "title:prices", "vote"]
    serial = {}
    for text in texts:
        result = service.search(Query(text=text, per_page=20))
        serial[text] = (result.total, [h.doc_id for h in result.hits])
    failures = []

    def run(offset: int) -> None:
        snapshot = service.snapshot()
        for i in range(40):
            text = texts[(i + offset) % len(texts)]
            snapshot.arrays.clear_term_cache()   # every search reads postings from the index again
            try:
                result = service.search(Query(text=text, per_page=20))
                if (result.total, [h.doc_id for h in result.hits]) != serial[text]:
                    failures.append(f"{text}: different answer")
            except Exception as exc:   # noqa: BLE001 - collected and reported below
                failures.append(f"{text}: {exc!r}")

    threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)   # switch threads as often as Python allows: races show at once
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        sys.setswitchinterval(interval)
    assert not failures


def test_a_replaced_snapshot_stays_open_while_a_request_reads_it(tmp_path):
    articles = make_articles(12, seed=5)
    build_index(tmp_path, articles[:4])
    service = SearchService(tmp_path)
    try:
        with service.reading() as old:
            for article in articles[4:6]:   # two index versions arrive while the request runs
                writer = generations.open_current(tmp_path).writer()
                writer.add_document(**article_to_fields(article))
                writer.commit()
                assert service.search(Query()).total > 4
            assert not old.searcher.is_closed
            assert old.searcher.stored_fields(0)["id"] == articles[0].doc_id
        assert old.searcher.is_closed, "closed once its last reader is done"
        assert service.search(Query()).total == 6
    finally:
        service.close()
