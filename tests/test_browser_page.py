"""The page a journalist works in, in real Chromium (tests/test_browser.py's server and browser):
an article opened from a search keeps it, facets within reach (skip links, the phone's Filters,
"more" with and without JavaScript), no failed resource on any page kind, the sort menu telling
the truth, the dates in words echoed as they are typed."""
from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from test_browser import ARTIFACTS, base_url, browser, browser_app, page, result_count  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

QUERY = "bank"


@pytest.fixture()
def no_js_page(browser, base_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture()
def phone(browser, base_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        yield context.new_page()
    finally:
        context.close()


def query_of(url: str) -> dict:
    return parse_qs(urlsplit(url).query)


def test_article_opened_from_a_search_marks_its_words_and_links_back_to_that_page(page, base_url):  # noqa: F811
    results_url = base_url + f"/?q={QUERY}&place=Japan&page=2&per_page=3"
    page.goto(results_url)
    page.locator(".hit-link").first.click()
    page.wait_for_url(re.compile(r"/articles/"))

    marks = page.locator(".article__body mark")
    assert marks.count() > 0
    assert all(text.lower().startswith(QUERY) for text in marks.all_inner_texts())   # banks, banking: stems
    assert page.locator(".article__body a.m").count() > 0     # entity mentions still highlighted
    assert page.get_by_label("Search the archive").input_value() == QUERY

    page.locator("[data-match-step='1']").click()
    assert page.evaluate("location.hash") == "#match-1"
    assert "is-current" in page.locator("#match-1").get_attribute("class")
    if marks.count() > 1:
        page.keyboard.press("n")
        assert page.evaluate("location.hash") == "#match-2"
        page.keyboard.press("Shift+N")
        assert page.evaluate("location.hash") == "#match-1"

    back = page.get_by_role("link", name=re.compile(r"Back to results"))
    assert query_of(back.get_attribute("href")) == query_of(results_url)
    back.click()
    page.wait_for_url(re.compile(r"page=2"))
    assert query_of(page.url) == query_of(results_url)
    assert page.locator(".pagination__page.is-current").inner_text() == "2"


def test_next_match_works_as_plain_anchors_without_javascript(no_js_page, base_url):  # noqa: F811
    no_js_page.goto(base_url + f"/?q={QUERY}")
    no_js_page.locator(".hit-link").first.click()
    no_js_page.wait_for_url(re.compile(r"/articles/"))
    assert no_js_page.locator(".article__body mark").count() > 0
    no_js_page.get_by_role("link", name="Next match ↓").click()
    assert no_js_page.evaluate("location.hash") == "#match-1"
    if no_js_page.locator("mark.match").count() > 1:
        no_js_page.get_by_role("link", name="Match 2", exact=True).click()
        assert no_js_page.evaluate("location.hash") == "#match-2"


def _people(tab) -> list[tuple[str, int, str]]:
    items = tab.locator(".facet--person .facet__item:visible")
    found = []
    for i in range(items.count()):
        item = items.nth(i)
        found.append((item.locator(".facet__name").inner_text(), int(item.locator(".facet__count").inner_text()),
                      item.locator("a.facet__value").get_attribute("href")))
    return found


def _check_more_people(tab, base_url):  # noqa: F811
    people = _people(tab)
    assert len(people) > 10
    assert tab.locator(".facet--place .facet__item").count() <= 10      # the other facets unchanged
    name, count, href = people[10]                                      # the eleventh person
    tab.goto(base_url + href)
    assert result_count(tab) == count                                   # its count is what its link gives
    assert tab.locator(".chip__value", has_text=name).count() == 1


def test_people_more_loads_in_place_with_a_filter_box(page, base_url):  # noqa: F811
    page.goto(base_url + f"/?q={QUERY}")
    assert len(_people(page)) == 10
    page.get_by_role("link", name="More people").click()
    page.locator(".facet--person.is-expanded").wait_for()
    assert "more=person" in page.url
    box = page.get_by_label("Filter these people")
    assert box.is_visible()
    first = _people(page)[0][0]
    box.fill(first[:4].lower())
    shown = [name for name, _, _ in _people(page)]
    assert first in shown and all(first[:4].lower() in name.lower() for name in shown)
    box.fill("")
    assert page.evaluate("document.activeElement.id") == "filter-person"
    page.locator("#add-person").fill(first[:3])                       # the add box still suggests
    page.locator("#suggest-person option").first.wait_for(state="attached", timeout=5000)
    _check_more_people(page, base_url)


def test_people_more_without_javascript(no_js_page, base_url):  # noqa: F811
    no_js_page.goto(base_url + f"/?q={QUERY}")
    assert len(_people(no_js_page)) == 10
    no_js_page.get_by_role("link", name="More people").click()
    no_js_page.wait_for_url(re.compile(r"more=person"))
    assert not no_js_page.get_by_label("Filter these people").is_visible()   # a JS-only box stays hidden
    _check_more_people(no_js_page, base_url)


def test_a_long_facet_name_shows_whole_on_hover_and_to_screen_readers(page, base_url):  # noqa: F811
    page.goto(base_url + f"/?q={QUERY}&more=org")
    names = page.locator(".facet--org .facet__name")
    clipped = [i for i in range(names.count())
               if names.nth(i).evaluate("el => el.scrollWidth > el.clientWidth")]
    assert clipped, "no organisation name is long enough to be cut off"
    name = names.nth(clipped[0])
    full = name.inner_text()
    assert name.get_attribute("title") == full
    assert full in name.locator("xpath=..").get_attribute("aria-label")


def test_skip_link_to_the_filters_is_within_the_first_five_tabs(page, base_url):  # noqa: F811
    page.goto(base_url + f"/?q={QUERY}")
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Skip to filters":
            break
    else:
        pytest.fail("no 'Skip to filters' within five Tabs")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "filters"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.facet--person') !== null")


def test_phone_shows_a_filters_control_in_the_first_screen(phone, base_url):  # noqa: F811
    phone.goto(base_url + f"/?q={QUERY}")
    control = phone.get_by_role("link", name=re.compile(r"^Filters"))
    assert control.is_visible()
    box = control.bounding_box()
    assert box["y"] + box["height"] <= 844 and box["width"] >= 44 and box["height"] >= 24
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "search-phone.png"))
    control.click()
    people = phone.locator(".facet--person").bounding_box()
    scrolled = phone.evaluate("window.scrollY")
    assert scrolled > 844 and 0 <= people["y"] < 844       # the facets are now on screen


def test_no_resource_of_any_page_kind_fails_or_comes_from_another_host(page, base_url, browser_app):  # noqa: F811
    doc_id = browser_app.test_client().get(f"/api/search?q={QUERY}").get_json()["results"][0]["id"]
    kinds = {
        f"/?q={QUERY}": 200, "/": 200, "/?q=zzxxqqv": 200, "/?from=someday": 400,
        f"/articles/{doc_id}?q={QUERY}": 200, "/no/such/page": 404, f"/?q={QUERY}&more=person": 200,
        "/entities/place/Japan": 200, "/entities/person/Nobody%20Here": 404,
    }
    failed, responses = [], []
    page.on("requestfailed", lambda request: failed.append(request))
    page.on("response", lambda response: responses.append(response))
    for path, status in kinds.items():
        failed.clear()
        responses.clear()
        main = page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        assert main.status == status, path
        icon = page.locator("link[rel=icon]").get_attribute("href")
        assert page.request.get(base_url + icon).status == 200
        assert page.request.get(base_url + "/favicon.ico").status == 200
        bad = [(r.status, r.url) for r in responses if r.url != main.url and r.status >= 400]
        assert not bad and not failed, (path, bad, [r.url for r in failed])
    assert all(url.startswith(base_url) for url in page.requested), "a page asked another host"


def _selected_sort(tab) -> str:
    return tab.locator("#sort option:checked").inner_text()


def _dates(tab) -> list[date]:
    return [date.fromisoformat(t.get_attribute("datetime")) for t in tab.locator(".hit__meta time").all()]


def test_sort_menu_shows_the_sort_in_force(page, base_url, browser_app):  # noqa: F811
    client = browser_app.test_client()
    page.goto(base_url + f"/?q={QUERY}")
    assert client.get(f"/api/search?q={QUERY}").get_json()["query"]["sort"] == "relevance"
    assert _selected_sort(page) == "Best match"

    page.goto(base_url + "/")
    assert _selected_sort(page) == "Newest first"
    assert _dates(page) == sorted(_dates(page), reverse=True)

    page.goto(base_url + f"/?q={QUERY}")
    page.locator("#sort").select_option(label="Oldest first")     # app.js re-runs the search
    page.wait_for_url(re.compile(r"sort=oldest"))
    assert _selected_sort(page) == "Oldest first"
    assert _dates(page) == sorted(_dates(page))
    page.go_back()
    page.wait_for_url(re.compile(rf"\?q={QUERY}$"))
    assert _selected_sort(page) == "Best match"

    page.goto(base_url + "/?from=someday")                          # an error: still the default in force
    assert _selected_sort(page) == "Newest first"


def test_dates_in_words_are_echoed_as_they_are_typed(page, base_url):  # noqa: F811
    page.goto(base_url + f"/?q={QUERY}")
    page.get_by_label("From", exact=True).fill("March 1987")
    page.locator(".resolved-range").wait_for()
    assert page.locator("#date-hint").inner_text().endswith("since 1 March 1987")
    page.get_by_label("To", exact=True).fill("March 1987")
    page.locator("#date-hint", has_text="31 March 1987").wait_for()
    assert page.url.endswith(f"?q={QUERY}")                        # nothing was submitted
    page.get_by_label("To", exact=True).fill("someday")
    page.locator(".date-hint__error").wait_for()
    assert "cannot read 'someday'" in page.locator(".date-hint__error").inner_text()


def test_core_search_works_with_javascript_off(no_js_page, base_url):  # noqa: F811
    no_js_page.goto(base_url + "/")
    no_js_page.get_by_label("Search the archive").fill(QUERY)
    no_js_page.keyboard.press("Enter")
    no_js_page.wait_for_url(re.compile(rf"q={QUERY}"))
    everything = result_count(no_js_page)
    assert everything > 10 and no_js_page.locator(".hit").count() == 10
    name = no_js_page.locator(".facet--person .facet__name").first.inner_text()
    no_js_page.locator(".facet--person a.facet__value").first.click()
    no_js_page.wait_for_url(re.compile(r"person="))
    assert 0 < result_count(no_js_page) < everything
    assert no_js_page.locator(".chip__value", has_text=name).count() == 1
    no_js_page.get_by_label("From", exact=True).fill("March 1987")
    no_js_page.get_by_role("button", name="Search", exact=True).click()
    no_js_page.wait_for_url(re.compile(r"from=March"))
    assert "1 March 1987" in no_js_page.locator(".resolved-range").inner_text()


def test_entity_page_from_a_facet_value_shows_its_timeline_and_links_its_searches(page, base_url):  # noqa: F811
    page.goto(base_url + "/?place=Japan")
    about = page.locator(".facet--org .facet__about").first
    name = about.get_attribute("aria-label").removeprefix("About ").removesuffix(": its page")
    about.click()
    page.wait_for_url(re.compile(r"/entities/org/"))
    assert page.locator(".entity__title").inner_text() == name
    within = page.locator(".entity__within .chip__value").all_inner_texts()
    assert within == ["Japan"]                         # the search's filter is kept
    bars = page.locator(".entity__timeline a.histogram__bar")
    assert bars.count() >= 1
    href = query_of(bars.first.get_attribute("href"))
    assert href["org"] == [name] and href["place"] == ["Japan"] and "from" in href
    articles = int(page.locator(".entity__facts a").inner_text().split()[0].replace(",", ""))
    page.locator(".entity__facts a").click()
    page.wait_for_url(re.compile(r"org="))
    assert result_count(page) == articles
    page.go_back()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(ARTIFACTS / "entity.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390   # nothing wider than a phone
    page.screenshot(path=str(ARTIFACTS / "entity-narrow.png"), full_page=True)
