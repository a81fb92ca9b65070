"""The HTML pages through the Flask test client, over a small hand-made index whose facets, dates
and mentions are known. Links are followed from the rendered HTML, as a reader would click them."""
from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from markupsafe import Markup

from searchapp.records import DateBucket, Mention
from searchapp.web.links import SearchLinks
from searchapp.web.pages import article_paragraphs, histogram_bars

from fixtures import ARTICLES, BY_ID, TALKS, build_index


@pytest.fixture(scope="module")
def pages_index(tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("pages-index")
    build_index(index_dir, ARTICLES)
    return index_dir


@pytest.fixture()
def pages(pages_index):
    from searchapp.web import create_app

    app = create_app({"TESTING": True, "INDEX_DIR": str(pages_index)})
    return app.test_client()


# --- reading the rendered HTML -------------------------------------------------------------


class Links(HTMLParser):
    """Every element with its attributes, and each <a>'s text."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.anchors: list[dict] = []
        self._open: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attrs))
        if tag == "a":
            anchor = {**attrs, "text": ""}
            self.anchors.append(anchor)
            self._open.append(anchor)

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            self._open.pop()

    def handle_data(self, data):
        for anchor in self._open:
            anchor["text"] += data

    def with_class(self, name: str) -> list[dict]:
        return [a for a in self.anchors if name in a.get("class", "").split()]


def page(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.text[:500])
    return response, Links(response.text)


def result_ids(links: Links) -> list[str]:
    """Article ids of the hits, in order, from the result titles' links."""
    return [urlsplit(a["href"]).path.rsplit("/", 1)[1] for a in links.anchors if a["href"].startswith("/articles/")
            and "hit-link" in a.get("class", "").split()]


def facet_link(links: Links, cls: str, value: str) -> str:
    matches = [a for a in links.with_class(cls) if value in (a.get("aria-label", "") + a["text"])]
    assert matches, f"no {cls} link for {value!r}"
    return matches[0]["href"]


# --- the search page ---------------------------------------------------------------------------


def test_search_page_lists_matching_articles_with_snippets_and_chips(pages):
    response, links = page(pages, "/?q=talks")
    assert set(result_ids(links)) == TALKS
    assert "<mark>" in response.text
    assert 'class="hit__snippet"' in response.text
    # entity chips on a hit add that filter to the current search
    chip = [a for a in links.with_class("chip--person") if a["href"].startswith("/?")][0]
    assert parse_qs(urlsplit(chip["href"]).query)["q"] == ["talks"]


def test_clicking_a_person_facet_keeps_only_articles_naming_them(pages):
    _, links = page(pages, "/?q=talks")
    href = facet_link(links, "facet__value", "Vladimir Putin")
    assert parse_qs(urlsplit(href).query) == {"q": ["talks"], "person": ["Vladimir Putin"]}
    _, filtered = page(pages, href)
    expected = {i for i in TALKS if "Vladimir Putin" in BY_ID[i].entities["person"]}
    assert set(result_ids(filtered)) == expected and expected
    # a second person narrows further (values of one facet combine with AND)
    _, both = page(pages, facet_link(filtered, "facet__value", "Emmanuel Macron"))
    assert set(result_ids(both)) == {
        i for i in TALKS if {"Vladimir Putin", "Emmanuel Macron"} <= set(BY_ID[i].entities["person"])
    }


def test_exclude_control_removes_articles_naming_the_value(pages):
    _, links = page(pages, "/?q=talks")
    href = facet_link(links, "facet__exclude", "Vladimir Putin")
    assert parse_qs(urlsplit(href).query)["not_person"] == ["Vladimir Putin"]
    _, excluded = page(pages, href)
    expected = {i for i in TALKS if "Vladimir Putin" not in BY_ID[i].entities["person"]}
    assert set(result_ids(excluded)) == expected and expected
    chip = excluded.with_class("chip__remove")
    assert len(chip) == 1 and "not person Vladimir Putin" in chip[0]["aria-label"]


def test_filter_chips_are_removable(pages):
    response, links = page(pages, "/?q=talks&person=Vladimir+Putin&place=Berlin")
    assert set(result_ids(links)) == {"a8"}
    removes = {a["aria-label"]: a["href"] for a in links.with_class("chip__remove")}
    assert set(removes) == {"Remove filter: person Vladimir Putin", "Remove filter: place Berlin"}
    _, without_berlin = page(pages, removes["Remove filter: place Berlin"])
    assert set(result_ids(without_berlin)) == {i for i in TALKS if "Vladimir Putin" in BY_ID[i].entities["person"]}
    # the remaining filter still rides along in the search form as a hidden input
    hidden = [(a.get("name"), a.get("value")) for t, a in without_berlin.elements
              if t == "input" and a.get("type") == "hidden"]
    assert ("person", "Vladimir Putin") in hidden and ("place", "Berlin") not in hidden


def test_dates_in_words_show_the_resolved_range_and_narrow_results(pages):
    response, links = page(pages, "/?from=March+2022&to=March+2022")
    expected = {a.doc_id for a in ARTICLES if a.published and a.published.isoformat().startswith("2022-03")}
    assert set(result_ids(links)) == expected
    assert "1 March 2022" in response.text and "31 March 2022" in response.text
    inputs = {a.get("name"): a.get("value") for t, a in links.elements
              if t == "input" and a.get("type") == "text"}
    assert inputs["from"] == "March 2022" and inputs["to"] == "March 2022"  # the reader's words stay


def test_histogram_bars_link_to_their_period(pages):
    response, links = page(pages, "/")
    assert "<svg" in response.text
    bars = links.with_class("histogram__bar")
    assert len(bars) >= 2
    for bar in bars:
        assert re.match(r"^.+: \d+ articles?$", bar["aria-label"])
    busiest = max(bars, key=lambda a: int(a["aria-label"].rsplit(": ", 1)[1].split()[0]))
    count = int(busiest["aria-label"].rsplit(": ", 1)[1].split()[0])
    args = parse_qs(urlsplit(busiest["href"]).query)
    start, end = date.fromisoformat(args["from"][0]), date.fromisoformat(args["to"][0])
    _, narrowed = page(pages, busiest["href"])
    ids = result_ids(narrowed)
    assert len(ids) == count
    assert all(start <= BY_ID[i].published <= end for i in ids)


def test_a_spelling_variant_filter_shows_and_removes_the_canonical_value(pages):
    response, links = page(pages, "/?place=Kiev")
    assert set(result_ids(links)) == {a.doc_id for a in ARTICLES if "Kyiv" in a.entities["place"]}
    remove = links.with_class("chip__remove")
    assert [a["aria-label"] for a in remove] == ["Remove filter: place Kyiv"]
    assert remove[0]["href"] == "/"


def test_did_you_mean_links_to_the_corrected_search(pages):
    response, links = page(pages, "/?q=talsk")
    assert result_ids(links) == []
    suggestion = [a for a in links.anchors if a["text"] == "talks"]
    assert suggestion and "Did you mean" in response.text
    _, corrected = page(pages, suggestion[0]["href"])
    assert set(result_ids(corrected)) == TALKS


def selected_sort(links: Links) -> str:
    options = [a for t, a in links.elements if t == "option" and "selected" in a]
    assert len(options) == 1
    return options[0]["value"]


def test_sort_menu_leaves_the_default_unpinned_and_sorts_when_chosen(pages):
    # browsing without words sorts newest first, but the form does not pin it: typing a query
    # afterwards sorts by relevance
    _, links = page(pages, "/")
    assert selected_sort(links) == ""
    dated = [BY_ID[i].published for i in result_ids(links) if BY_ID[i].published]
    assert dated == sorted(dated, reverse=True)
    _, links = page(pages, "/?q=talks&sort=oldest")
    assert selected_sort(links) == "oldest"
    dated = [BY_ID[i].published for i in result_ids(links)]
    assert dated == sorted(dated)
    # the choice survives adding a filter
    href = facet_link(links, "facet__value", "Berlin")
    assert parse_qs(urlsplit(href).query)["sort"] == ["oldest"]


@pytest.mark.parametrize("url, field", [
    ("/?sort=bogus", "sort"),
    ("/?from=not+a+date+at+all", "from"),
    ("/?from=2022-03-10&to=2022-03-01", "to"),
    ("/?q=" + "x" * 1001, "q"),
])
def test_bad_field_gets_400_with_the_message_beside_it(pages, url, field):
    response, links = page(pages, url, status=400)
    assert f'id="{field}-error"' in response.text
    invalid = [a for t, a in links.elements if a.get("aria-invalid") == "true"]
    assert [a.get("name") for a in invalid] == [field]
    assert 'role="search"' in response.text  # the form is still there to fix it


@pytest.mark.parametrize("url, words", [("/?page=0", "'page'"), ("/?per_page=1000", "'per_page'")])
def test_bad_paging_gets_400_with_an_alert(pages, url, words):
    response, _ = page(pages, url, status=400)
    assert 'role="alert"' in response.text and words in response.text.replace("&#39;", "'")


def test_empty_state_offers_to_remove_filters(pages):
    response, links = page(pages, "/?q=talks&org=OPEC&person=Vladimir+Putin")
    assert result_ids(links) == []
    assert "No articles match" in response.text
    removes = [a for a in links.anchors if a["text"].startswith("Remove ")]
    assert {a["text"] for a in removes} >= {"Remove org: OPEC", "Remove person: Vladimir Putin"}
    _, relaxed = page(pages, next(a["href"] for a in removes if "OPEC" in a["text"]))
    assert result_ids(relaxed)


def test_past_the_last_page_is_empty_not_an_error(pages):
    response, links = page(pages, "/?q=talks&page=50")
    assert result_ids(links) == [] and "No more results" in response.text


def test_pagination_links_walk_every_result_once(pages):
    seen: list[str] = []
    url = "/?q=talks&per_page=2"
    for _ in range(10):
        response, links = page(pages, url)
        seen += result_ids(links)
        current = [a for a in links.anchors if a.get("aria-current") == "page"]
        assert len(current) == 1
        nexts = [a for a in links.anchors if a.get("rel") == "next"]
        if not nexts:
            break
        url = nexts[0]["href"]
    assert sorted(seen) == sorted(TALKS)


def test_search_page_names_its_json_twin(pages):
    response, links = page(pages, "/?q=talks&person=Vladimir+Putin&from=March+2022")
    header = response.headers["Link"]
    api = re.match(r'^<([^>]+)>; rel="alternate"; type="application/json"$', header)[1]
    assert api.startswith("/api/search?")
    tags = [a for t, a in links.elements if t == "link" and a.get("rel") == "alternate"]
    assert tags and tags[0]["href"] == api and tags[0]["type"] == "application/json"
    twin = pages.get(api)
    assert twin.status_code == 200
    assert {r["id"] for r in twin.get_json()["results"]} == set(result_ids(links))


# --- the article page ----------------------------------------------------------------------


def test_article_page_highlights_mentions_as_links_to_their_pages(pages):
    response, links = page(pages, "/articles/a1")
    persons = links.with_class("m-person")
    assert [a["text"] for a in persons] == ["Vladimir Putin", "Emmanuel Macron", "Vladimir Putin"]
    assert persons[0]["href"] == "/entities/person/Vladimir%20Putin"
    assert [a["href"] for a in links.with_class("m-place")] == ["/entities/place/Moscow"]
    assert [a["href"] for a in links.with_class("m-org")] == ["/entities/org/Kremlin"]
    assert response.text.count('<p>') >= 2  # the body's two paragraphs
    for text in ("3 March 2022", "Moscow, 3 March 2022", "Staff reporter", "https://news.example.com/a1"):
        assert text in response.text
    assert response.headers["Link"] == '</api/articles/a1>; rel="alternate"; type="application/json"'
    assert pages.get("/api/articles/a1").get_json()["id"] == "a1"


def test_article_text_is_escaped(pages):
    response, links = page(pages, "/articles/a6")
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert(" in response.text
    assert "&lt;b&gt;tags&lt;/b&gt;" in response.text and "&lt;b&gt;bold&lt;/b&gt;" in response.text
    assert [a["text"] for a in links.with_class("m-person")] == ["Jane Doe", "Jane Doe"]


def test_article_page_lists_related_articles(pages):
    _, links = page(pages, "/articles/a2")
    related = [a["href"] for a in links.with_class("related-link")]
    assert related and "/articles/a2" not in related
    assert all(href.startswith("/articles/") for href in related)


def test_unsafe_article_url_is_not_a_link(pages):
    response, links = page(pages, "/articles/a8")
    assert not [a for a in links.anchors if a["href"].startswith("javascript:")]


def test_unknown_article_is_a_404_page(pages):
    response, _ = page(pages, "/articles/no-such-article", status=404)
    assert "text/html" in response.content_type and "Article not found" in response.text


def test_missing_index_is_a_503_page_not_a_crash(tmp_path):
    from searchapp.web import create_app

    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client()
    response, _ = page(client, "/?q=talks", status=503)
    assert "The search index is not available" in response.text and "reindex" in response.text


def test_no_page_or_stylesheet_loads_anything_from_another_host(pages):
    article_urls = {a.url for a in ARTICLES}
    for url in ("/", "/?q=talks&person=Vladimir+Putin", "/?sort=bogus", "/articles/a1", "/articles/a6"):
        response = pages.get(url)
        for tag, attrs in Links(response.text).elements:
            for name in ("src", "href", "action"):
                value = attrs.get(name, "")
                if re.match(r"^(https?:)?//", value):
                    assert tag == "a" and value in article_urls, (url, tag, value)
    for asset in ("/static/style.css", "/static/app.js"):
        response = pages.get(asset)
        assert response.status_code == 200
        assert not re.search(r"https?://|url\(\s*['\"]?//|@import", response.get_data(as_text=True))


# --- building the article body -------------------------------------------------------------


def test_article_paragraphs_skip_overlapping_and_out_of_range_mentions():
    body = "Ann Lee met Bob <Smith>.\n\nEnd & done."
    mentions = (
        Mention("Ann Lee", 0, 7, "person", "Ann Lee"),
        Mention("Ann", 0, 3, "person", "Ann"),             # overlaps the first: dropped
        Mention("Bob <Smith>", 12, 23, "person", "Bob Smith"),
        Mention("x", 30, 99, "place", "X"),                # past the end: dropped
    )
    assert [str(p) for p in article_paragraphs(body, mentions)] == [
        '<a class="m m-person" href="/entities/person/Ann%20Lee" title="Person: Ann Lee">Ann Lee</a> met '
        '<a class="m m-person" href="/entities/person/Bob%20Smith" title="Person: Bob Smith">Bob &lt;Smith&gt;</a>.',
        "End &amp; done.",
    ]


def test_day_histogram_keeps_empty_days_on_the_axis_without_links():
    day = date(1987, 2, 26)
    later = date(1987, 3, 1)
    buckets = (DateBucket("1987-02-26", day, day, 4), DateBucket("1987-03-01", later, later, 2))
    chart = histogram_bars(buckets, "day", SearchLinks((("q", "oil"),)))
    assert [bar["count"] for bar in chart["bars"]] == [4, 0, 0, 2]
    assert chart["bars"][0]["href"] == "/?q=oil&from=1987-02-26&to=1987-02-26"
    assert chart["bars"][3]["height"] == chart["height"] / 2


# --- an article opened from a search keeps it (issue 11) -------------------------------------


def _marks(html: str) -> list[str]:
    return re.findall(r'<mark class="match" id="match-\d+">([^<]*)</mark>', html)


def test_result_links_carry_the_search_and_its_page_to_the_article(pages):
    _, links = page(pages, "/?q=talks&person=Vladimir+Putin&per_page=1&page=2")
    hits = links.with_class("hit-link")
    assert len(hits) == 1
    assert parse_qs(urlsplit(hits[0]["href"]).query) == {
        "q": ["talks"], "person": ["Vladimir Putin"], "per_page": ["1"], "page": ["2"]}


def test_article_from_a_search_marks_its_words_as_the_snippets_do_and_links_back(pages):
    response, links = page(pages, "/articles/a1?q=talk&place=Moscow&page=2")
    assert _marks(response.text) == ["talks"]                      # the stem of "talk"
    title = re.search(r'<h1 class="article__title"[^>]*>(.*?)</h1>', response.text, re.S)[1]
    assert title.count("<mark>") == 2                               # "talk" and "talks" in the title
    back = [a for a in links.anchors if a.get("rel") == "up"]
    assert back and back[0]["href"] == "/?q=talk&place=Moscow&page=2"
    assert [attrs.get("value") for tag, attrs in links.elements if attrs.get("id") == "q"] == ["talk"]
    hidden = [(attrs["name"], attrs["value"]) for tag, attrs in links.elements
              if tag == "input" and attrs.get("type") == "hidden"]
    assert hidden == [("place", "Moscow")]                          # a new text keeps the filter, not the page
    assert [a["href"] for a in links.anchors if a["text"].startswith("Next match")] == ["#match-1"]
    assert all("q=talk" in a["href"] for a in links.with_class("related-link"))


def test_article_marks_phrases_prefixes_and_names_inside_mentions(pages):
    response, _ = page(pages, '/articles/a1?q="telephone on Thursday"')
    assert _marks(response.text) == ["telephone", "Thursday"]       # the stopword is not marked
    response, _ = page(pages, "/articles/a1?q=Thurs*")
    assert _marks(response.text) == ["Thursday"]
    response, links = page(pages, "/articles/a1?q=putin")
    assert _marks(response.text) == ["Putin", "Putin"]
    assert [a["text"] for a in links.with_class("m-person")] == ["Vladimir Putin", "Emmanuel Macron", "Vladimir Putin"]
    assert '<a class="m m-person" href="/entities/person/Vladimir%20Putin" title="Person: Vladimir Putin">Vladimir ' \
           '<mark class="match" id="match-1">Putin</mark></a>' in response.text


def test_article_without_a_search_marks_nothing_and_links_to_the_search_page(pages):
    response, links = page(pages, "/articles/a1")
    assert "<mark" not in response.text and 'class="matches"' not in response.text
    assert [a["href"] for a in links.anchors if "Search the archive" in a["text"]] == ["/"]
    response, links = page(pages, "/articles/a1?q=talks&from=someday")   # a search that does not run
    assert "<mark" not in response.text
    assert [a["href"] for a in links.anchors if a.get("rel") == "up"] == ["/?q=talks&from=someday"]


def test_article_whose_text_lacks_the_words_says_so(pages):
    response, _ = page(pages, "/articles/a4?q=prices+zebra")
    assert _marks(response.text) == ["prices"]
    response, _ = page(pages, "/articles/a4?q=meeting")             # only in the title
    assert _marks(response.text) == [] and "are not in the text of this article" in response.text


# --- facets within reach ---------------------------------------------------------------------


def test_search_page_has_skip_links_and_a_filters_jump(pages):
    response, links = page(pages, "/?q=talks")
    skips = [a["href"] for a in links.with_class("skip-link")]
    assert skips == ["#main", "#results", "#filters"]
    assert links.with_class("filters-jump")[0]["href"] == "#filters"
    assert any(tag == "aside" and attrs.get("id") == "filters" for tag, attrs in links.elements)
    response, links = page(pages, "/?q=zzxxqqv")                    # no results: nothing to refine
    assert [a["href"] for a in links.with_class("skip-link")] == ["#main", "#results"]
    assert not links.with_class("filters-jump") and 'id="filters"' not in response.text


def test_facet_names_carry_their_whole_name(pages):
    response, _ = page(pages, "/?q=talks&org=European+Union")
    assert '<span class="facet__name" title="Emmanuel Macron">Emmanuel Macron</span>' in response.text
    assert ('<a class="chip__value chip__page" href="/entities/org/European%20Union" '
            'title="European Union: its page">European Union</a>') in response.text


def _facet_values(links, kind: str) -> list[tuple[str, int, str]]:
    """(value, count, link) of each unselected value of one facet, from its aria-label."""
    found = []
    for a in links.with_class("facet__value"):
        label = re.fullmatch(r"(.+), (\d+) (?:articles|stories)", a.get("aria-label", ""))
        if label and kind in parse_qs(urlsplit(a["href"]).query):
            found.append((label[1], int(label[2]), a["href"]))
    return found


def test_facet_more_lists_up_to_a_hundred_values_counted_over_the_results(client):
    _, links = page(client, "/?q=bank")
    assert len(_facet_values(links, "person")) == 10
    more = [a["href"] for a in links.anchors if a["text"].startswith("More people")]
    assert more == ["/?q=bank&more=person#facet-person"]
    _, wide = page(client, more[0].split("#")[0])
    people = _facet_values(wide, "person")
    assert 10 < len(people) <= 100
    assert len(_facet_values(wide, "place")) == 10 and len(_facet_values(wide, "org")) == 10
    for value, count, href in people[10:14]:
        assert client.get("/api" + href.replace("/?", "/search?", 1)).get_json()["total"] == count, value
    assert [a["href"] for a in wide.anchors if a["text"] == "Show fewer people"] == ["/?q=bank#facet-person"]
    boxes = [attrs for tag, attrs in wide.elements if "data-facet-filter" in attrs]
    assert len(boxes) == 1 and "hidden" in boxes[0]                  # app.js shows the filter box


def test_facet_more_of_an_unknown_kind_is_a_400_naming_more(pages):
    response, _ = page(pages, "/?q=talks&more=planet", status=400)
    assert "unknown facet &#39;planet&#39;" in response.text


# --- small lies ------------------------------------------------------------------------------


def _selected_sort(html: str) -> str:
    return re.search(r"<option value=\"[^\"]*\" selected>([^<]+)</option>", html)[1]


def test_sort_menu_shows_the_sort_in_force_even_on_an_error(pages):
    assert _selected_sort(page(pages, "/?q=talks")[0].text) == "Best match"
    assert _selected_sort(page(pages, "/")[0].text) == "Newest first"
    assert _selected_sort(page(pages, "/?q=talks&sort=oldest")[0].text) == "Oldest first"
    assert _selected_sort(page(pages, "/?from=someday", status=400)[0].text) == "Newest first"
    assert _selected_sort(page(pages, "/?q=talks&from=someday", status=400)[0].text) == "Best match"


def test_favicon_is_served_for_every_page(pages):
    response, links = page(pages, "/")
    icons = [attrs["href"] for tag, attrs in links.elements if tag == "link" and attrs.get("rel") == "icon"]
    assert icons == ["/static/favicon.svg"]
    for url in (icons[0], "/favicon.ico"):
        icon = pages.get(url)
        assert icon.status_code == 200 and icon.mimetype == "image/svg+xml" and b"<svg" in icon.data


def test_dates_endpoint_resolves_words_as_the_search_does(pages):
    answer = pages.get("/api/dates?from=March+1987&to=March+1987")
    assert answer.status_code == 200
    assert answer.get_json() == {"from": "1987-03-01", "to": "1987-03-31", "label": "1 March 1987 – 31 March 1987"}
    assert pages.get("/api/dates?from=Q1+2022").get_json()["label"] == "1 January 2022 – 31 March 2022"
    assert pages.get("/api/dates?to=2022").get_json() == {"from": None, "to": "2022-12-31", "label": "until 31 December 2022"}
    bad = pages.get("/api/dates?from=2022&to=2021")
    assert bad.status_code == 400 and bad.get_json()["error"]["param"] == "to"
    search = pages.get("/api/search?from=2022&to=2021")
    assert search.get_json()["error"]["message"] == bad.get_json()["error"]["message"]


def test_wire_tables_are_set_apart_as_lines_and_prose_stays_paragraphs():
    from searchapp.web.article_text import text_blocks

    raw = ["The U.S. Agriculture Department said cumulative sugar imports from individual countries were as follows --",
           "CUMULATIVE QUOTA 1987",
           "IMPORTS ALLOCATIONS", "ARGENTINA nil 39,130", "AUSTRALIA nil 75,530", "BARBADOS nil 7,500",
           "Prices rose.", "Shr 34 cts vs 1.19 dlrs", "Net 807,000 vs 2,858,000"]
    blocks = text_blocks(raw, [Markup(r) for r in raw])
    assert [(len(b.lines), b.wire) for b in blocks] == [(1, False), (5, True), (1, False), (1, False), (1, False)]
    prose = ["He said so.", "Then she left", "It rained on Monday."]      # short, but no figures
    assert not any(b.wire for b in text_blocks(prose, [Markup(p) for p in prose]))


def test_text_marks_number_each_match_once_across_slices():
    from searchapp.web.article_text import TextMarks

    marks = TextMarks("oil and oilseed oil", [(0, 3), (8, 15), (16, 19)])
    html = marks.html(0, 10) + "|" + marks.html(10, 19)
    assert html == ('<mark class="match" id="match-1">oil</mark> and <mark class="match" id="match-2">oi</mark>|'
                    '<mark>lseed</mark> <mark class="match" id="match-3">oil</mark>')
    assert marks.count == 3


def test_wire_table_figures_line_up_in_columns():
    from searchapp.web.article_text import TextMarks, wire_pads

    body = ("The department said imports from individual countries in the quota year were as follows --\n\n"
            "CUMULATIVE QUOTA 1987\n\nIMPORTS ALLOCATIONS\n\nARGENTINA nil 39,130\n\nDOM REP 5,848 160,160\n\n"
            "PAPUA NEW GUINEA nil 7,500\n\nPrices rose.")
    start = body.index("DOM REP")
    marks = TextMarks(body, [(start, start + 3)], pads=wire_pads(body))
    lines = marks.html(0, len(body)).split("\n\n")
    assert lines[0] == body.split("\n\n")[0] and lines[-1] == "Prices rose."     # prose as written
    assert lines[1:6] == [
        "CUMULATIVE QUOTA            1987",
        "IMPORTS ALLOCATIONS",
        "ARGENTINA           nil   39,130",
        '<mark class="match" id="match-1">DOM</mark> REP           5,848  160,160',
        "PAPUA NEW GUINEA    nil    7,500",
    ]


# --- a text far longer than any news article ----------------------------------------------------


def long_text() -> tuple[str, tuple[str, ...]]:
    """~1 MB: paragraphs of wire prose, "Tony Blair" in each, one word found only at the end."""
    paragraph = "Shares in Rolls-Royce rose as Tony Blair visited Derby on Monday. " * 40
    body = "\n\n".join(f"{n} {paragraph}" for n in range(370)) + "\n\nThe last word is zanzibarite."
    return body, ("Tony Blair",)


@pytest.fixture(scope="module")
def long_pages(tmp_path_factory):
    from searchapp.web import create_app
    from fixtures import make_article

    body, persons = long_text()
    index_dir = tmp_path_factory.mktemp("long-index")
    build_index(index_dir, [make_article("dump", "A dump of the wire", body, date(2005, 1, 3), persons=persons),
                            *ARTICLES[:3]])
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client(), body


def test_a_long_text_is_shown_in_bounded_parts_that_link_each_other(long_pages):
    from searchapp.web.article_text import PART_CHARS

    client, body = long_pages
    response, links = page(client, "/articles/dump")
    nav = {a["text"].strip(): a["href"] for a in links.anchors if a["href"].startswith("/articles/dump")}
    assert set(nav) == {"Next part ›", "Last »"}
    count = int(parse_qs(urlsplit(nav["Last »"]).query)["part"][0])
    assert len(body) // PART_CHARS <= count <= 2 * len(body) // PART_CHARS
    assert f"it is shown in {count} parts. This is part 1." in response.text
    shown, url = [], "/articles/dump"
    while url:                                            # every part, by its Next link
        response, links = page(client, url)
        assert len(response.data) < 3 * PART_CHARS        # the whole text is ten times that
        shown.append(response.text)
        url = next((a["href"] for a in links.anchors if a["text"].strip() == "Next part ›"), None)
    assert len(shown) == count
    assert "zanzibarite" in shown[-1] and all("zanzibarite" not in text for text in shown[:-1])
    # every mention is a link in the part that holds it, none cut by a part's edge
    assert sum(text.count('<a class="m m-person"') for text in shown) == body.count("Tony Blair")


@pytest.mark.parametrize("part", ["0", "99", "two", "-1", "²", "9" * 5000])
def test_a_part_that_does_not_exist_is_a_400_naming_the_parts(long_pages, part):
    client, _ = long_pages
    response = client.get(f"/articles/dump?part={part}")
    assert response.status_code == 400
    assert "part must be a number from 1 to" in response.text


def test_a_search_opened_on_a_part_marks_its_words_there_and_keeps_the_search(long_pages):
    client, _ = long_pages
    response, links = page(client, "/articles/dump?q=zanzibarite")
    assert "not in this part of the text" in response.text
    last = next(a["href"] for a in links.anchors if a["text"].strip() == "Last »")
    assert parse_qs(urlsplit(last).query)["q"] == ["zanzibarite"]
    response, _ = page(client, last)
    assert _marks(response.text) == ["zanzibarite"]


def test_a_news_article_is_one_part_with_no_parts_navigation(pages):
    response, _ = page(pages, "/articles/a1")
    assert "article__parts" not in response.text


def test_parts_end_at_paragraphs_and_never_inside_a_mention():
    from searchapp.web.article_text import PART_CHARS, text_part

    body, _ = long_text()
    mentions = [(m.start(), m.end()) for m in re.finditer("Tony Blair", body)]
    first = text_part(body, 1, mentions)
    parts = [text_part(body, n, mentions) for n in range(1, first.count + 1)]
    assert "".join(body[p.start:p.end] for p in parts) == body
    assert all(p.end - p.start <= PART_CHARS for p in parts)
    assert all(body[p.start - 2:p.start] == "\n\n" for p in parts[1:])
    one_line = "Tony Blair " * 30_000                        # no paragraph, no line break
    spans = [(m.start(), m.end()) for m in re.finditer("Tony Blair", one_line)]
    cuts = [text_part(one_line, n, spans).start for n in range(2, text_part(one_line, 1, spans).count + 1)]
    assert cuts and all(not any(a < cut < b for a, b in spans) for cut in cuts)
    assert text_part(body, 0, mentions) is None and text_part(body, first.count + 1, mentions) is None
