"""Who said what in real Chromium (tests/test_browser.py's server over the seed + Reuters index,
whose quotes the real pipeline found): the quotes page at desktop and phone widths, with and
without JavaScript, nothing loaded from another host, and a speaker's page with its quotes.
Screenshots land in test-artifacts/."""
from __future__ import annotations

import re

import pytest

from test_browser import ARTIFACTS, base_url, browser, browser_app  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.fixture(params=sorted(WIDTHS))
def tab(request, browser, base_url):  # noqa: F811
    width, height = WIDTHS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.size = request.param
    page.requested, page.failed = [], []
    page.on("request", lambda r: page.requested.append(r.url))
    page.on("requestfailed", lambda r: page.failed.append(r.url))
    try:
        yield page
    finally:
        context.close()


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_quotes_page_at_each_width(tab, base_url):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    tab.goto(base_url + "/quotes")
    assert re.match(r"[\d,]+ quotes", tab.locator(".results__count").inner_text())
    tab.get_by_label("Words said").fill("nuclear")
    tab.get_by_role("button", name="Find quotes").click()
    tab.wait_for_url(re.compile(r"q=nuclear"))
    lavrov = tab.locator(".quote", has_text="Everyone knows that a third World War")
    assert lavrov.locator(".quote__speaker").inner_text() == "Sergei Lavrov"
    assert lavrov.locator("mark").first.inner_text().lower() == "nuclear"
    tab.screenshot(path=str(ARTIFACTS / f"quotes-{tab.size}.png"), full_page=True)
    assert fits_the_width(tab)
    assert all(url.startswith(base_url) for url in tab.requested), "the page asked another host"
    assert not tab.failed

    lavrov.locator(".quote__speaker").click()                 # the speaker's own page
    tab.wait_for_url(re.compile(r"/entities/person/Sergei"))
    quoted = tab.locator("section[aria-labelledby='quotes-title']")
    assert quoted.locator(".quote", has_text="Everyone knows").count() == 1
    tab.screenshot(path=str(ARTIFACTS / f"entity-quotes-{tab.size}.png"), full_page=True)
    assert fits_the_width(tab)
    assert all(url.startswith(base_url) for url in tab.requested) and not tab.failed


def test_the_quotes_page_without_javascript(browser, base_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base_url + "/quotes?q=negotiations")
        page.get_by_label("Said by an organisation").fill("Kremlin")
        page.get_by_role("button", name="Find quotes").click()
        page.wait_for_url(re.compile(r"org=Kremlin"))
        speakers = page.locator(".quote .quote__speaker").all_inner_texts()
        assert speakers and set(speakers) == {"Kremlin"}
        chip = page.locator(".chip", has_text="Kremlin").first
        chip.locator(".chip__remove").click()                 # the filter's × leads back to /quotes
        page.wait_for_url(re.compile(r"/quotes\?q=negotiations$"))
        page.get_by_label("From").fill("someday")
        page.get_by_role("button", name="Find quotes").click()
        assert page.locator(".field-error").inner_text().startswith("'from': cannot read")
        page.screenshot(path=str(ARTIFACTS / "quotes-no-js-error.png"), full_page=True)
    finally:
        context.close()
