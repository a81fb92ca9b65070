"""The quotes page (/quotes) and the quotes on entity pages, as HTML: every link is the same search
with one change (and leads to /quotes), the form works without JavaScript, errors are shown beside
their field, and each count is the total its link gives."""
from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest

from searchapp.web import create_app

from fixtures import QUOTE_ARTICLES, build_index


@pytest.fixture(scope="module")
def quotes_client(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("quotes-pages")
    build_index(index_dir, QUOTE_ARTICLES)
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()


def html_of(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status
    return response.get_data(as_text=True)


def hrefs(html: str, css_class: str) -> list[str]:
    return [unescape(h) for h in re.findall(rf'<a class="{css_class}[^"]*" href="([^"]+)"', html)]


def total_of(client, href: str) -> int:
    path, query = urlsplit(href).path, urlsplit(href).query
    assert path == "/quotes"
    return client.get("/api/quotes", query_string=parse_qsl(query)).get_json()["total"]


def test_the_page_lists_quotes_with_speakers_and_articles(quotes_client):
    html = html_of(quotes_client, "/quotes?q=nuclear")
    assert "3 quotes" in html and "saying “nuclear”" in html
    assert html.count('class="quote ') + html.count('class="quote"') == 3
    assert "<mark>nuclear</mark>" in html
    assert '/entities/person/Sergei%20Lavrov' in html           # the speaker's page
    assert '/articles/q1?q=nuclear' in html                     # the article, its words marked
    assert "Reported:" in html                                   # the Kremlin's reported speech
    response = quotes_client.get("/quotes?q=nuclear")
    assert '</api/quotes?q=nuclear>; rel="alternate"' in response.headers["Link"]


def test_the_form_works_without_javascript(quotes_client):
    html = html_of(quotes_client, "/quotes?person=Sergei+Lavrov")
    form = re.search(r'<form class="quotes-form" action="/quotes" method="get".*?</form>', html, re.S).group()
    names = set(re.findall(r'name="([a-z_]+)"', form))
    assert {"q", "person", "place", "org", "from", "to", "sort"} <= names
    assert '<input type="hidden" name="person" value="Sergei Lavrov">' in form   # the filter rides along
    assert "<script" not in re.sub(r'<script src="/static/app.js" defer></script>', "", html)


def test_speaker_counts_and_chips_link_to_quotes(quotes_client):
    html = html_of(quotes_client, "/quotes?q=nuclear")
    speakers = re.findall(r'<a class="facet__value" href="([^"]+)"[^>]*><span class="facet__name">([^<]+)</span></a>\s*'
                          r'<span class="facet__count">(\d+)</span>', html)
    assert speakers
    for href, _, count in speakers:
        assert total_of(quotes_client, unescape(href)) == int(count)
    filtered = html_of(quotes_client, "/quotes?q=nuclear&person=Sergei+Lavrov")
    remove = hrefs(filtered, "chip__remove")
    assert remove and all(urlsplit(h).path == "/quotes" for h in remove)
    assert total_of(quotes_client, remove[0]) == 3


def test_pages_of_quotes(quotes_client):
    html = html_of(quotes_client, "/quotes?per_page=2")
    pages = [unescape(h) for h in re.findall(r'class="pagination__page[^"]*" href="([^"]+)"', html)]
    assert pages and all(urlsplit(h).path == "/quotes" for h in pages)
    assert "page=4" in pages[-1]


def test_a_bad_value_is_shown_beside_its_field(quotes_client):
    html = html_of(quotes_client, "/quotes?from=someday", status=400)
    assert 'id="quote-from"' in html and 'aria-invalid="true"' in html
    assert "cannot read" in html
    html = html_of(quotes_client, "/quotes?page=x", status=400)
    assert "must be a whole number" in html


def test_exports_named_on_the_page_give_every_quote(quotes_client):
    html = html_of(quotes_client, "/quotes?org=Kremlin&per_page=1")
    csv_href = unescape(re.search(r'href="(/api/quotes\.csv[^"]*)"', html).group(1))
    assert "per_page" not in csv_href
    assert quotes_client.get(csv_href).headers["X-Total-Count"] == "2"


def test_an_entity_page_shows_its_quotes(quotes_client):
    html = html_of(quotes_client, "/entities/person/Sergei Lavrov?interval=year")
    section = re.search(r'<section class="entity__section" aria-labelledby="quotes-title">.*?</section>', html, re.S).group()
    assert "All 2 quotes" in section and "Everyone knows that a third World War" in section
    bars = re.findall(r'<a class="histogram__bar" href="([^"]+)" aria-label="([^"]+)"', section)
    assert [label for _, label in bars] == ["2021: 1 quote", "2022: 1 quote"]
    for href, _ in bars:
        assert total_of(quotes_client, unescape(href)) == 1
    assert "Quoted" not in html_of(quotes_client, "/entities/place/Moscow")


def test_the_search_page_links_to_who_said_it(quotes_client):
    html = html_of(quotes_client, "/?q=nuclear&place=Moscow")
    link = unescape(re.search(r'<a href="(/quotes\?[^"]+)">Who said it</a>', html).group(1))
    assert dict(parse_qsl(urlsplit(link).query)) == {"q": "nuclear", "place": "Moscow"}
    assert total_of(quotes_client, link) == 1       # the quotes saying it in those articles
