"""/feeds/search.atom: an Atom 1.0 feed of a search's 50 newest articles (by publication date, an
undated one by when it was first indexed), valid XML whatever the titles hold, linked from the
search page."""
from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import quote
from xml.etree import ElementTree as ET

import feedparser
import pytest

from searchapp.web import create_app

from fixtures import build_index, make_article, make_articles

A = "{http://www.w3.org/2005/Atom}"
ODD_TITLE = 'Oil <script>alert("x")</script> & “quotes” \x0b\x01 ]]> \ud800 Zoë'


def _odd_articles():
    start = date(2023, 1, 1)
    articles = [make_article(f"news/{i:03d} a&b.txt", f"Oil report {i}", f"Oil prices moved on day {i}.",
                             start + timedelta(days=i), persons=("Vladimir Putin",) if i % 2 else ())
                for i in range(60)]
    articles.append(make_article("odd", ODD_TITLE, "Oil and <b>markup</b> & more \x07 from OPEC.",
                                 date(2024, 1, 1), orgs=("OPEC",), places=("Kyiv",)))
    articles.append(make_article("undated-1", "Oil undated", "Oil without a date.", None))
    return articles


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("feeds-index")
    build_index(index_dir, _odd_articles() + make_articles(20))
    return index_dir


@pytest.fixture(scope="module")
def client(index_dir):
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()


def _feed(client, args: str) -> ET.Element:
    response = client.get(f"/feeds/search.atom?{args}")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, parsed.bozo_exception
    return ET.fromstring(response.data)


def test_feed_has_the_required_atom_elements(client):
    feed = _feed(client, "q=oil")
    assert feed.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        assert feed.find(f"{A}{name}").text
    assert feed.find(f"{A}link[@rel='self']").get("href") == "http://localhost/feeds/search.atom?q=oil"
    entries = feed.findall(f"{A}entry")
    assert entries
    for entry in entries:
        for name in ("id", "title", "updated", "summary"):
            assert entry.find(f"{A}{name}").text, name
        assert entry.find(f"{A}link[@rel='alternate']").get("href").startswith("http://localhost/articles/")
        [time] = entry.findall(f"{A}category[@scheme='urn:searchapp:time']")
        published = entry.find(f"{A}published")
        if time.get("term") == "published":     # dated: published and updated are the publication date
            assert published.text == entry.find(f"{A}updated").text
        else:                                   # undated: when it was first indexed, and the summary says so
            assert time.get("term") == "first-indexed" and published is None
            assert "No publication date; first indexed" in entry.find(f"{A}summary").text


def _all_hits(client, args: str) -> list[dict]:
    hits, page = [], 1
    while True:
        found = client.get(f"/api/search?{args}&per_page=100&page={page}").get_json()["results"]
        if not found:
            return hits
        hits.extend(found)
        page += 1


def test_feed_is_the_50_newest_on_one_time_line(client):
    feed = _feed(client, "q=oil&sort=relevance&per_page=5&page=3")   # sort and pages do not apply
    entries = feed.findall(f"{A}entry")
    assert len(entries) == 50
    timeline = sorted(((f"{hit['date']}T00:00:00Z" if hit["date"] else hit["first_indexed"]), hit["id"])
                      for hit in _all_hits(client, "q=oil"))
    newest = sorted(timeline, key=lambda pair: pair[0], reverse=True)[:50]
    assert [e.find(f"{A}updated").text for e in entries] == [stamp for stamp, _ in newest]
    ids = [e.find(f"{A}id").text for e in entries]
    # the undated articles were indexed after 2024: they are the newest entries, by their indexing
    undated = ["urn:searchapp:article:" + quote(hit["id"], safe="")
               for hit in sorted(_all_hits(client, "q=oil&undated=only"), key=lambda h: h["first_indexed"], reverse=True)]
    assert "urn:searchapp:article:undated-1" in undated and ids[:len(undated)] == undated
    assert feed.find(f"{A}updated").text == entries[0].find(f"{A}updated").text
    dated = _feed(client, "q=oil&undated=exclude").findall(f"{A}entry")
    assert dated[0].find(f"{A}updated").text == "2024-01-01T00:00:00Z"
    only = _feed(client, "q=oil&undated=only").findall(f"{A}entry")
    assert [e.find(f"{A}id").text for e in only] == undated


def test_entry_fields_come_from_the_article(client):
    entry = _feed(client, "org=OPEC&q=markup").find(f"{A}entry")
    assert entry.find(f"{A}id").text == "urn:searchapp:article:odd"
    assert entry.find(f"{A}link").get("href") == "http://localhost/articles/odd"
    # Markup and odd characters survive as text; what XML cannot hold at all is dropped.
    assert entry.find(f"{A}title").text == 'Oil <script>alert("x")</script> & “quotes”  ]]>  Zoë'
    summary = entry.find(f"{A}summary")
    assert summary.get("type") == "html" and "<mark>markup</mark>" in summary.text
    assert "&lt;b&gt;" in summary.text       # the article's own markup is text in the snippet's HTML
    categories = {(c.get("scheme"), c.get("term")) for c in entry.findall(f"{A}category")}
    assert categories == {("urn:searchapp:org", "OPEC"), ("urn:searchapp:place", "Kyiv"),
                          ("urn:searchapp:time", "published")}
    assert entry.find(f"{A}author/{A}name").text == "Reuters"


def test_entry_ids_are_stable_and_percent_encoded(client):
    first = _feed(client, "q=report")
    again = _feed(client, "person=Vladimir Putin")
    ids = {e.find(f"{A}id").text for e in first.findall(f"{A}entry")}
    assert "urn:searchapp:article:news%2F059%20a%26b.txt" in ids
    assert "urn:searchapp:article:news%2F059%20a%26b.txt" in {e.find(f"{A}id").text for e in again.findall(f"{A}entry")}


def test_feed_of_no_match_is_valid_and_empty(client):
    feed = _feed(client, "q=nosuchwordanywhere")
    assert feed.findall(f"{A}entry") == [] and feed.find(f"{A}updated").text


def test_feed_ids_name_the_search(client):
    assert _feed(client, "q=oil&sort=oldest").find(f"{A}id").text == _feed(client, "q=oil").find(f"{A}id").text
    assert _feed(client, "q=oil&person=Vladimir Putin").find(f"{A}id").text != _feed(client, "q=oil").find(f"{A}id").text


@pytest.mark.parametrize("args, param", [("sort=best", "sort"), ("from=March", "from"),
                                         ("undated=only&from=2020", "undated")])
def test_bad_parameters_are_json_400(client, args, param):
    response = client.get(f"/feeds/search.atom?{args}")
    assert response.status_code == 400 and response.get_json()["error"]["param"] == param


def test_search_page_links_its_feed(client):
    html = client.get("/?q=oil&person=Vladimir+Putin&sort=oldest&page=2").get_data(as_text=True)
    assert ('<link rel="alternate" type="application/atom+xml" title="Follow this search (Atom)" '
            'href="/feeds/search.atom?q=oil&amp;person=Vladimir+Putin">') in html
    assert '<a href="/feeds/search.atom?q=oil&amp;person=Vladimir+Putin" type="application/atom+xml">' \
           'Follow this search</a>' in html


def test_feed_links_never_echo_a_hosts_header_nobody_vouched_for(index_dir):
    """Without configuration the links name the server's own address; with SEARCHAPP_PUBLIC_URL
    that base; with trusted hosts a request naming another host is refused."""
    hostile = {"Host": "evil.example.com"}
    plain = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    body = plain.get("/feeds/search.atom?q=oil", headers=hostile).get_data(as_text=True)
    assert "evil.example.com" not in body and 'href="http://localhost/feeds/search.atom?q=oil"' in body

    public = create_app({"TESTING": True, "INDEX_DIR": str(index_dir),
                         "PUBLIC_URL": "https://news.example.org/archive"}).test_client()
    feed = ET.fromstring(public.get("/feeds/search.atom?q=oil", headers=hostile).data)
    hrefs = [link.get("href") for link in feed.iter(f"{A}link")]
    assert hrefs and all(href.startswith("https://news.example.org/archive/") for href in hrefs)

    trusted = create_app({"TESTING": True, "INDEX_DIR": str(index_dir),
                          "TRUSTED_HOSTS": ["news.example.org"]}).test_client()
    refused = trusted.get("/feeds/search.atom?q=oil", headers=hostile)
    assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "bad_request"
    answered = trusted.get("/feeds/search.atom?q=oil", headers={"Host": "news.example.org"})
    assert answered.status_code == 200 and b'href="http://news.example.org/feeds/' in answered.data
