"""The search page in real Chromium (Debian's /usr/bin/chromium, driven by Playwright; no browser
is ever downloaded), against the app served on loopback over the real seed + Reuters index.

A reader searches, clicks a person in the sidebar, types a date range in words, sees the results
narrow, and opens an article with highlighted mentions. Screenshots land in test-artifacts/.
"""
from __future__ import annotations

import re
import threading
from datetime import date
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
QUERY = "bank"
DATE_WORDS = "March 1987"   # typed into both `from` and `to`: the whole month


@pytest.fixture(scope="module")
def browser_app(corpus_index_dir):
    from searchapp.web import create_app

    return create_app({"INDEX_DIR": str(corpus_index_dir)})


@pytest.fixture(scope="module")
def base_url(browser_app):
    """The app on a loopback port in a server thread, shut down after the module."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, browser_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Chromium is not installed: run `make browser` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture()
def page(browser, base_url):
    """A fresh page that records every URL it requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.requested = []
    tab.on("request", lambda request: tab.requested.append(request.url))
    try:
        yield tab
    finally:
        context.close()


def person_spanning_the_month(browser_app) -> tuple[str, int, int]:
    """A person in QUERY's facets whose articles fall both inside and outside DATE_WORDS, with the
    counts before and after the date filter (taken from the JSON API, the page's twin)."""
    client = browser_app.test_client()
    persons = client.get(f"/api/search?q={QUERY}").get_json()["facets"]["persons"]
    for facet in persons:
        args = {"q": QUERY, "person": facet["value"]}
        total = client.get("/api/search", query_string=args).get_json()["total"]
        dated = {**args, "from": DATE_WORDS, "to": DATE_WORDS}
        in_month = client.get("/api/search", query_string=dated).get_json()["total"]
        if 0 < in_month < total:
            return facet["value"], total, in_month
    pytest.fail(f"no person in the {QUERY!r} results has articles both in and outside {DATE_WORDS}")


def result_count(tab) -> int:
    heading = tab.locator("#results-heading").inner_text()
    match = re.match(r"([\d,]+) (?:articles?|stories|story)\b", heading)
    return int(match[1].replace(",", "")) if match else 0


def test_search_filter_by_person_and_dates_in_words_then_open_an_article(page, base_url, browser_app):
    person, with_person, in_month = person_spanning_the_month(browser_app)
    ARTIFACTS.mkdir(exist_ok=True)

    page.goto(base_url + "/")
    page.get_by_label("Search the archive").fill(QUERY)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"q={QUERY}"))
    everything = result_count(page)
    assert everything > with_person

    # the person's link in the People sidebar
    page.locator(".facet--person a.facet__value", has_text=person).first.click()
    page.wait_for_url(re.compile(r"person="))
    assert result_count(page) == with_person
    hits = page.locator(".hit")
    for i in range(hits.count()):
        assert hits.nth(i).locator(".chip.is-selected").inner_text().strip() == person

    page.get_by_label("From", exact=True).fill(DATE_WORDS)
    page.get_by_label("To", exact=True).fill(DATE_WORDS)
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"from=March"))
    assert result_count(page) == in_month < with_person
    assert page.locator(".resolved-range").inner_text().endswith("1 March 1987 – 31 March 1987")
    assert page.get_by_label("From", exact=True).input_value() == DATE_WORDS  # the words stay in the box
    hits = page.locator(".hit")
    assert hits.count() == min(in_month, 10)
    for i in range(hits.count()):
        hit = hits.nth(i)
        published = date.fromisoformat(hit.locator("time").get_attribute("datetime"))
        assert date(1987, 3, 1) <= published <= date(1987, 3, 31)
        assert hit.locator(".chip.is-selected").inner_text().strip() == person
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)

    page.locator(".hit-link").first.click()
    page.wait_for_url(re.compile(r"/articles/"))
    assert page.locator("#article-title").inner_text().strip()
    marks = page.locator(".article__body a.m")
    assert marks.count() > 0
    assert page.locator(f'.article__body a.m-person[href="/entities/person/{person.replace(" ", "%20")}"]').count() > 0
    page.screenshot(path=str(ARTIFACTS / "article.png"), full_page=True)

    assert all(url.startswith(base_url) for url in page.requested), "the page asked another host"


def test_narrow_screen_puts_the_sidebar_under_the_results(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        tab = context.new_page()
        tab.goto(base_url + f"/?q={QUERY}")
        results = tab.locator(".results").bounding_box()
        sidebar = tab.locator(".sidebar").bounding_box()
        assert sidebar["y"] >= results["y"] + results["height"]
        assert sidebar["width"] <= 390
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / "search-narrow.png"), full_page=False)
    finally:
        context.close()


def test_keyboard_reaches_the_search_box_through_the_skip_link(page, base_url):
    page.goto(base_url + f"/?q={QUERY}")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_add_a_person_box_suggests_names_from_the_index(page, base_url, browser_app):
    top = browser_app.test_client().get("/api/facets/person").get_json()["values"][0]["value"]
    page.goto(base_url + f"/?q={QUERY}")
    page.locator("#add-person").fill(top[:3])
    options = page.locator("#suggest-person option")
    options.first.wait_for(state="attached", timeout=5000)
    assert top in [options.nth(i).get_attribute("value") for i in range(options.count())]
    page.locator("#add-person").fill(top)
    page.locator("#add-person").press("Enter")
    page.wait_for_url(re.compile(r"person="))
    assert page.locator(".chip__remove").first.get_attribute("aria-label") == f"Remove filter: person {top}"


def test_add_a_place_box_offers_what_an_abbreviation_stands_for_and_says_when_nothing_matches(
        page, base_url, browser_app):
    client = browser_app.test_client()
    expected = client.get("/api/facets/place?prefix=us&limit=10").get_json()["values"][0]
    assert (expected["value"], expected["alias"]) == ("United States", "US")
    page.goto(base_url + f"/?q={QUERY}")
    page.locator("#add-place").fill("us")
    options = page.locator("#suggest-place option")
    options.first.wait_for(state="attached", timeout=5000)
    assert options.first.get_attribute("value") == "United States"
    assert "US" in options.first.get_attribute("label")     # so a browser filtering the list keeps it
    # Enter on a typed partial: the filter says it matches nothing and offers the closest values
    page.locator("#add-place").fill("brit")
    page.locator("#add-place").press("Enter")
    page.wait_for_url(re.compile(r"place=brit"))
    notice = page.locator(".notice--unmatched")
    assert "No place “brit” in this archive" in notice.inner_text()
    closest = client.get(f"/api/search?q={QUERY}&place=brit").get_json()["unmatched"][0]["closest"][0]
    assert closest["value"] == "United Kingdom"
    notice.get_by_role("link", name="United Kingdom").click()
    page.wait_for_url(re.compile(r"place=United\+Kingdom"))
    assert result_count(page) == closest["count"]
