"""Copies of one story in search: one result per story (collapse, the default) or every copy, counts
that say what they count and agree with the hits they give, versions on the article, export,
feeds, trends and entity pages alike."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date
from urllib.parse import urlencode

import feedparser
import pytest

from searchapp.store.indexer import reindex
from searchapp.web import create_app

from conftest import CORPORA
from fixtures import build_index, make_article, make_articles

PAIR = ("business/267.txt", "business/365.txt")   # "Nasdaq planning $100m share sale" / "$100m-share sale"
OTHERS = ("business/001.txt", "business/002.txt", "politics/001.txt", "sport/001.txt", "tech/001.txt")

STORY = ("Oil exporters agreed to cut output from March as crude prices slid for a fourth week, ministers "
         "said after two days of talks in Vienna. The cut of one million barrels a day will be shared by "
         "members in proportion to their quotas and reviewed at the next meeting in June. Traders had "
         "expected a smaller cut and prices rose three percent in early trading on the news.")


def story_copies() -> list:
    """A story told four times (first take, an update naming another person, a re-send, another
    paper's copy undated), another told twice, and unrelated articles around them."""
    first = make_article("wire-1", "Oil exporters agree output cut", STORY, date(2023, 2, 1),
                         persons=("Abdulaziz bin Salman",), places=("Vienna",), orgs=("OPEC",), source="Wire")
    update = make_article("wire-2", "Oil exporters agree output cut (update)",
                          STORY + " Alexander Novak said Russia would take part in the cut.", date(2023, 2, 2),
                          persons=("Abdulaziz bin Salman", "Alexander Novak"), places=("Vienna",), orgs=("OPEC",),
                          source="Wire")
    resend = replace(first, doc_id="wire-3", body=STORY.replace("three percent", "four percent"),
                     published=date(2023, 2, 2))
    paper = replace(first, doc_id="paper-1", title="Exporters cut oil output", source="Paper", published=None,
                    date_source="none")
    other = make_article("grain-1", "Grain deal extended", "Ships carrying grain will keep sailing from the "
                         "ports of the Black Sea for another four months under the deal agreed in Istanbul, "
                         "the United Nations said on Friday after weeks of talks.", date(2023, 3, 10),
                         places=("Istanbul",), orgs=("United Nations",))
    other_copy = replace(other, doc_id="grain-2", published=date(2023, 3, 11), source="Paper")
    return [first, update, resend, paper, other, other_copy, *make_articles(40)]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("stories-index")
    build_index(index_dir, story_copies())
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()


def api(client, pairs) -> dict:
    response = client.get("/api/search?" + urlencode(pairs))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def every_hit(client, pairs) -> list[dict]:
    found, page = [], 1
    while True:
        body = api(client, [*pairs, ("per_page", "100"), ("page", str(page))])
        found += body["results"]
        if len(found) >= body["total"] or not body["results"]:
            return found
        page += 1


def test_copies_are_one_result_with_their_versions_and_every_copy_without_collapse(client):
    body = api(client, [("q", "exporters cut output")])
    assert body["measure"] == "stories" and body["query"]["collapse"] is True
    assert [hit["versions"] for hit in body["results"]] == [4]
    assert body["total"] == 1 and body["articles"] == 4
    every = api(client, [("q", "exporters cut output"), ("collapse", "false")])
    assert every["measure"] == "articles" and every["total"] == every["articles"] == 4
    assert {hit["id"] for hit in every["results"]} == {"wire-1", "wire-2", "wire-3", "paper-1"}
    assert all(hit["versions"] == 4 for hit in every["results"])


def test_the_kept_copy_is_the_best_ranked_in_the_sort(client):
    def first(*pairs):
        return api(client, [("q", "cut"), *pairs])["results"][0]["id"]

    copies = {"wire-1", "wire-2", "wire-3", "paper-1"}
    for sort in ("newest", "oldest"):   # the copy kept is the first of every copy in that order
        every = [hit["id"] for hit in every_hit(client, [("q", "cut"), ("sort", sort), ("collapse", "false")])]
        assert first(("sort", sort)) == next(doc_id for doc_id in every if doc_id in copies)
    # 2 February twice: ties go by when first indexed (newest: the last indexed, the re-send)
    assert first(("sort", "newest")) == "wire-3"
    assert first(("sort", "oldest")) == "wire-1"            # 1 February
    relevance = api(client, [("q", "Novak Russia"), ("collapse", "false")])["results"][0]["id"]
    assert relevance == "wire-2" and first() in {"wire-1", "wire-2", "wire-3", "paper-1"}
    assert api(client, [("q", "Novak Russia")])["results"][0]["id"] == "wire-2"   # the copy that matches
    # ranked by Whoosh (a name field): collapsed the same way
    body = api(client, [("q", 'person:"Abdulaziz bin Salman"')])
    assert body["total"] == 1 and len(body["results"]) == 1 and body["results"][0]["versions"] == 4


QUERIES = [
    [],
    [("q", "oil")],
    [("q", "cut OR grain")],
    [("org", "OPEC")],
    [("person", "Alexander Novak")],
    [("q", "talks"), ("not_person", "Alexander Novak")],
    [("from", "2023-02-02"), ("to", "2023-03-10")],
    [("q", "oil"), ("undated", "only")],
]


@pytest.mark.parametrize("collapse", ["true", "false"])
@pytest.mark.parametrize("pairs", QUERIES)
def test_counts_agree_with_the_hits_they_give(client, pairs, collapse):
    pairs = [*pairs, ("collapse", collapse)]
    body = api(client, pairs)
    hits = every_hit(client, pairs)
    assert body["total"] == len(hits) == len({hit["id"] for hit in hits})
    if collapse == "true":
        assert sum(hit["versions"] for hit in hits) >= body["articles"] >= body["total"]
    for plural, kind in (("persons", "person"), ("places", "place"), ("orgs", "org")):
        for value in body["facets"][plural]:
            if value.get("excluded"):
                widened = [(n, v) for n, v in pairs if (n, v) != (f"not_{kind}", value["value"])]
                assert api(client, widened)["total"] - body["total"] == value["restores"]
            elif not value.get("selected"):
                assert api(client, [*pairs, (kind, value["value"])])["total"] == value["count"], value
    dates = body["facets"]["dates"]
    undated_pairs = [(n, v) for n, v in pairs if n not in ("from", "to", "undated")] + [("undated", "only")]
    assert api(client, undated_pairs)["total"] == dates["undated"]
    for bucket in dates["buckets"] if dates["interval"] != "day" else []:
        start = bucket["value"] + ("-01-01" if dates["interval"] == "year" else "-01")
        bucketed = [(n, v) for n, v in pairs if n not in ("from", "to")] + [("from", start), ("to", bucket["value"])]
        assert api(client, bucketed)["total"] == bucket["count"], bucket


def test_a_story_counts_once_under_each_value_its_copies_name(client):
    body = api(client, [("q", "output")])
    persons = {value["value"]: value["count"] for value in body["facets"]["persons"]}
    assert persons == {"Abdulaziz bin Salman": 1, "Alexander Novak": 1}
    assert api(client, [("q", "output"), ("collapse", "0")])["facets"]["persons"][0] == \
        {"value": "Abdulaziz bin Salman", "count": 4}


@pytest.mark.parametrize("collapse", ["true", "false"])
def test_facet_pages_and_closest_values_count_as_the_facet_lists(client, collapse):
    """/api/facets/<kind> given a search counts what its facet list counts (stories or articles),
    and so do the closest values offered for a filter value the archive does not have."""
    for pairs in ([], [("q", "cut OR grain")], [("org", "OPEC")], [("q", "talks"), ("undated", "only")]):
        pairs = [*pairs, ("collapse", collapse)]
        sidebar = api(client, pairs)["facets"]["persons"]
        page = client.get("/api/facets/person?" + urlencode([*pairs, ("limit", "10")])).get_json()
        assert [(v["value"], v["count"]) for v in page["values"]] == [(v["value"], v["count"]) for v in sidebar]
    body = api(client, [("q", "output"), ("place", "Vienn"), ("collapse", collapse)])
    closest = body["unmatched"][0]["closest"][0]
    assert closest["value"] == "Vienna" and body["total"] == 0
    assert closest["count"] == api(client, [("q", "output"), ("place", "Vienna"), ("collapse", collapse)])["total"]
    assert closest["count"] == (1 if collapse == "true" else 4)


def test_a_bad_collapse_is_a_400_naming_it(client):
    response = client.get("/api/search?collapse=maybe")
    assert response.status_code == 400 and response.get_json()["error"]["param"] == "collapse"


def test_the_article_lists_its_versions_representative_first(client):
    body = client.get("/api/articles/wire-3").get_json()
    assert [v["id"] for v in body["versions"]] == ["wire-1", "wire-2", "wire-3", "paper-1"]
    assert body["versions"][0] == {"id": "wire-1", "title": "Oil exporters agree output cut",
                                   "date": "2023-02-01", "source": "Wire"}
    alone = client.get("/api/articles/doc-001").get_json()["versions"]
    assert [v["id"] for v in alone] == ["doc-001"]


def test_the_article_page_shows_each_version_against_the_first(client):
    html = client.get("/articles/wire-3").get_data(as_text=True)
    assert "4 versions of this story" in html and 'aria-current="page"' in html
    assert "<del><span class=\"visually-hidden\">[removed: </span>three<" in html
    assert "<ins><span class=\"visually-hidden\">[added: </span>four<" in html
    assert "1 word added, 1 removed" in html
    update = client.get("/articles/wire-2").get_data(as_text=True)
    assert "Alexander Novak said Russia would take part in the cut." in update.split("versions__diff")[1]
    assert "versions of this story" not in client.get("/articles/doc-001").get_data(as_text=True)


def test_the_results_page_says_what_it_counts_and_links_the_versions(client):
    html = client.get("/?q=exporters+output").get_data(as_text=True)
    assert "1 story" in html and "4 articles with the copies of each story" in html
    assert 'href="/articles/' in html and '#versions">4 versions</a>' in html
    assert "collapse=false" in html
    every = client.get("/?q=exporters+output&collapse=false").get_data(as_text=True)
    assert "4 articles" in every and "one result per story" in every
    assert "collapse=false" in every.split('class="hit-link"')[1].split(">")[0]   # results keep the choice


def test_export_and_feed_give_one_row_per_story_unless_every_copy(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export.csv?q=exporters+output").get_data(as_text=True))))
    assert len(rows) == 1
    every = client.get("/api/export.jsonl?q=exporters+output&collapse=false")
    assert every.headers["X-Total-Count"] == "4"
    assert len([json.loads(line) for line in every.get_data(as_text=True).splitlines()]) == 4
    # A feed's one time line: dated copies by their day (2023), the undated paper's copy by when it
    # was first indexed (now): the story's entry is the newest copy on that line, the paper's.
    feed = feedparser.parse(client.get("/feeds/search.atom?q=cut").get_data())
    assert [entry.id for entry in feed.entries] == ["urn:searchapp:article:paper-1"]
    assert [tag.term for tag in feed.entries[0].tags if tag.scheme == "urn:searchapp:time"] == ["first-indexed"]
    feed = feedparser.parse(client.get("/feeds/search.atom?q=cut&collapse=false").get_data())
    assert [entry.id.rsplit(":", 1)[1] for entry in feed.entries] == ["paper-1", "wire-3", "wire-2", "wire-1"]   # one day: last indexed first
    dated = feedparser.parse(client.get("/feeds/search.atom?q=cut&undated=exclude").get_data())
    assert [entry.id for entry in dated.entries] == ["urn:searchapp:article:wire-3"]   # 2 February, last indexed


def test_trends_count_stories_unless_asked_for_articles(client):
    stories = client.get("/api/trends?q=exporters+output&interval=month").get_json()
    assert stories["measure"] == "stories" and stories["series"][0]["total"] == 1
    articles = client.get("/api/trends?q=exporters+output&interval=month&measure=articles").get_json()
    assert articles["measure"] == "articles" and articles["series"][0]["total"] == 4
    feb = next(b for b in articles["series"][0]["buckets"] if b["value"] == "2023-02")
    assert feb["count"] == 3
    assert client.get("/api/trends?q=oil&measure=copies").status_code == 400
    page = client.get("/trends?q=exporters+output&collapse=false").get_data(as_text=True)
    assert "measure=articles" in page and "every copy" in page


def test_entity_pages_count_stories_as_their_search_does(client):
    body = client.get("/api/entities/org/OPEC").get_json()
    assert body["measure"] == "stories" and body["articles"] == api(client, [("org", "OPEC")])["total"]
    every = client.get("/api/entities/org/OPEC?collapse=false").get_json()
    assert every["articles"] == api(client, [("org", "OPEC"), ("collapse", "false")])["total"] == \
        body["articles"] + 3


@pytest.fixture(scope="module")
def bbc_client(tmp_path_factory):
    archive = tmp_path_factory.mktemp("bbc") / "bbc"
    for name in PAIR + OTHERS:
        (archive / name).parent.mkdir(parents=True, exist_ok=True)
        (archive / name).write_bytes((CORPORA / "bbc" / name).read_bytes())
    index_dir = tmp_path_factory.mktemp("bbc-index")
    reindex([archive], index_dir)
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()


def test_the_bbc_pair_is_one_hit_with_its_versions(bbc_client):
    body = api(bbc_client, [("q", "Nasdaq share sale")])
    assert body["total"] == 1 and body["results"][0]["versions"] >= 2
    assert body["results"][0]["id"] in {"bbc/business/267.txt", "bbc/business/365.txt"}
    every = api(bbc_client, [("q", "Nasdaq share sale"), ("collapse", "false")])
    assert {hit["id"] for hit in every["results"]} == {"bbc/business/267.txt", "bbc/business/365.txt"}
    versions = bbc_client.get("/api/articles/bbc/business/365.txt").get_json()["versions"]
    assert [v["title"] for v in versions] == ["Nasdaq planning $100m share sale", "Nasdaq planning $100m-share sale"]
    html = bbc_client.get("/articles/bbc/business/365.txt").get_data(as_text=True)
    assert "<del><span class=\"visually-hidden\">[removed: </span>$100m share<" in html


def test_the_cli_searches_and_exports_with_or_without_collapsing(bbc_client, runner, tmp_path):
    index_dir = bbc_client.application.config["INDEX_DIR"]
    out = runner.invoke(cli_main(), ["search", "Nasdaq share sale", "--index-dir", index_dir])
    assert out.exit_code == 0 and out.output.startswith("1 story, 2 articles with their copies")
    assert "(2 versions)" in out.output
    every = runner.invoke(cli_main(), ["search", "Nasdaq share sale", "--no-collapse", "--index-dir", index_dir])
    assert every.output.startswith("2 articles")
    exported = runner.invoke(cli_main(), ["export", "Nasdaq", "--no-collapse", "--format", "jsonl",
                                          "--index-dir", index_dir])
    assert len(exported.output.splitlines()) == 2
    assert len(runner.invoke(cli_main(), ["export", "Nasdaq", "--format", "jsonl", "--index-dir", index_dir])
               .output.splitlines()) == 1


def cli_main():
    from searchapp.cli import main

    return main


@pytest.mark.slow
def test_on_the_whole_bbc_archive_the_pair_is_one_story(tmp_path):
    summary = reindex([CORPORA / "bbc"], tmp_path, workers=2)
    groups = summary.copy_groups
    assert 40 <= groups.groups <= 100 and groups.grouped >= 2 * groups.groups
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client()
    pair = {f"bbc/{name}" for name in PAIR}
    hits = every_hit(client, [("q", "Nasdaq share sale")])
    assert len(pair & {hit["id"] for hit in hits}) == 1
    assert all(hit["versions"] == 2 for hit in hits if hit["id"] in pair)
    assert pair <= {hit["id"] for hit in every_hit(client, [("q", "Nasdaq share sale"), ("collapse", "false")])}
    everything = api(client, [])
    assert everything["total"] == groups.stories and everything["articles"] == groups.articles
    assert api(client, [("collapse", "false")])["total"] == groups.articles
