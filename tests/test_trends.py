"""Attention over time: /api/trends, /api/trends.csv and the /trends page, against the real seed +
Reuters index (corpus_index_dir): every count is checked against the search it stands for."""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import numpy as np
import pytest

from searchapp.search.request import MAX_SERIES

from fixtures import search_total

IN_1987 = {"from": "1987", "to": "1987"}   # the Reuters file's days (the seed article is from 2022)


def _trend(client, pairs) -> dict:
    response = client.get("/api/trends?" + urlencode(pairs))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


_total = search_total


@pytest.fixture(scope="module")
def top_place(corpus_index_dir) -> str:
    from searchapp.web import create_app

    client = create_app({"TESTING": True, "INDEX_DIR": str(corpus_index_dir)}).test_client()
    return client.get("/api/facets/place?limit=1").get_json()["values"][0]["value"]


def _cases(top_place: str) -> list[list[tuple[str, str]]]:
    return [
        [("q", "oil"), ("q", "bank"), ("q", 'person:"Reagan"'), *IN_1987.items(), ("interval", "day")],
        [("q", "trade"), ("q", "shares -profit"), ("from", "1987-02-27"), ("to", "1987-03-04"), ("interval", "week")],
        [("q", "said"), ("q", "dollar"), ("place", top_place), ("not_org", "OPEC"), *IN_1987.items()],
    ]


@pytest.mark.parametrize("case", range(3))
def test_each_bucket_is_the_search_for_its_dates(client, top_place, case):
    pairs = _cases(top_place)[case]
    found = _trend(client, pairs)
    filters = [(n, v) for n, v in pairs if n not in ("q", "interval", "from", "to")]
    checked = 0
    for series in found["series"]:
        assert len(series["buckets"]) >= 2
        for bucket in series["buckets"]:
            dates = [("from", bucket["from"]), ("to", bucket["to"])]
            assert bucket["count"] == _total(client, [("q", series["q"]), *filters, *dates]), (series["q"], bucket)
            assert bucket["total"] == _total(client, [*filters, *dates]), bucket
            assert bucket["share"] == (bucket["count"] / bucket["total"] if bucket["total"] else None)
            checked += bucket["count"] > 0
        whole = [("q", series["q"]), *[(n, v) for n, v in pairs if n not in ("q", "interval")]]
        assert series["total"] == _total(client, whole)
        # a story with copies in two periods counts in both; every copy is in exactly one
        assert series["total"] <= sum(b["count"] for b in series["buckets"]) + series["undated"]
    for series in _trend(client, [*pairs, ("measure", "articles")])["series"]:
        assert series["total"] == sum(b["count"] for b in series["buckets"]) + series["undated"]
    assert checked >= 4


def test_series_share_one_axis_without_gaps(client):
    found = _trend(client, [("q", "oil"), ("q", "sorghum"), *IN_1987.items(), ("interval", "day")])
    axes = [[(b["value"], b["from"], b["to"], b["total"]) for b in series["buckets"]] for series in found["series"]]
    assert axes[0] == axes[1]
    days = [date.fromisoformat(b[1]) for b in axes[0]]
    assert days == [days[0] + timedelta(days=n) for n in range(len(days))]   # empty days are there, as 0
    assert any(b[3] == 0 for b in axes[0]), "expected a day without articles (a weekend) on the axis"
    empty = [b for b in found["series"][0]["buckets"] if b["total"] == 0]
    assert all(b["count"] == 0 and b["share"] is None for b in empty)


def test_week_buckets_are_iso_weeks_from_monday(client):
    found = _trend(client, [("q", "oil"), ("from", "1987-02-20"), ("to", "1987-03-20"), ("interval", "week")])
    assert found["interval"] == "week" and found["query"]["interval"] == "week"
    buckets = found["series"][0]["buckets"]
    for bucket in buckets:
        start, end = date.fromisoformat(bucket["from"]), date.fromisoformat(bucket["to"])
        year, week, _ = start.isocalendar()
        assert bucket["value"] == f"{year}-W{week:02d}"
        assert start.weekday() == 0 or bucket is buckets[0]
        assert end.weekday() == 6 or bucket is buckets[-1]
        assert (end - start).days <= 6


def test_first_and_last_buckets_are_cut_to_the_dates_asked(client):
    found = _trend(client, [("q", "oil"), ("from", "1987-02-27"), ("to", "1987-03-03"), ("interval", "week")])
    buckets = found["series"][0]["buckets"]
    assert buckets[0]["from"] == "1987-02-27" and buckets[-1]["to"] == "1987-03-03"


def test_default_interval_is_the_histograms_and_is_echoed(client):
    for pairs in ([("q", "oil"), *IN_1987.items()], [("q", "oil")]):
        found = _trend(client, pairs)
        histogram = client.get("/api/search?" + urlencode([p for p in pairs if p[0] != "q"])).get_json()
        assert found["interval"] == histogram["facets"]["dates"]["interval"]
        assert found["query"]["interval"] is None
    assert _trend(client, [("q", "oil")])["interval"] == "year"   # 1987 to 2022


def test_undated_articles_are_counted_apart(client):
    found = _trend(client, [("q", "said"), ("q", "oil"), ("interval", "year")])
    for series in found["series"]:
        assert series["undated"] == _total(client, [("q", series["q"]), ("undated", "only")])
    assert found["undated"] == _total(client, [("undated", "only")])
    assert found["total"] == _total(client, [])


@pytest.mark.parametrize("pairs, param", [
    ([("q", f"word{n}") for n in range(MAX_SERIES + 1)], "q"),
    ([], "q"),
    ([("q", " ")], "q"),
    ([("q", "x" * 1001)], "q"),
    ([("q", "oil"), ("interval", "fortnight")], "interval"),
    ([("q", "oil"), ("from", "the day after never")], "from"),
    ([("q", "oil"), ("to", "31 February 1987")], "to"),
    ([("q", "oil"), ("from", "1988"), ("to", "1987")], "to"),
    ([("q", "oil"), ("undated", "sometimes")], "undated"),
    ([("q", "oil"), ("person", "x" * 201)], "person"),
    ([("q", "oil"), ("interval", "day")], "interval"),   # 1987 to 2022 by day: too many buckets
])
def test_bad_parameters_are_a_json_400_naming_them(client, pairs, param):
    for path in ("/api/trends", "/api/trends.csv"):
        response = client.get(path + "?" + urlencode(pairs))
        assert response.status_code == 400
        assert response.get_json()["error"]["param"] == param


@pytest.mark.parametrize("pairs", [[("from", "the day after never")], [("to", "31 February 1987")],
                                   [("undated", "sometimes")], [("place", "y" * 201)]])
def test_a_bad_filter_is_the_same_error_as_the_search_gives(client, pairs):
    search = client.get("/api/search?" + urlencode([("q", "oil"), *pairs]))
    trend = client.get("/api/trends?" + urlencode([("q", "oil"), ("q", "gas"), *pairs]))
    assert trend.status_code == search.status_code == 400
    assert trend.get_json() == search.get_json()


def test_six_series_are_allowed(client):
    found = _trend(client, [*[("q", w) for w in ("oil", "gas", "bank", "dollar", "trade", "wheat")], *IN_1987.items()])
    assert [s["q"] for s in found["series"]] == ["oil", "gas", "bank", "dollar", "trade", "wheat"]


def test_csv_has_the_numbers_of_the_json(client):
    pairs = [("q", "oil"), ("q", 'person:"Reagan"'), *IN_1987.items(), ("interval", "day")]
    found = _trend(client, pairs)
    response = client.get("/api/trends.csv?" + urlencode(pairs))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert disposition == 'attachment; filename="searchapp-trends-oil-vs-person-reagan-from-1987-01-01-to-1987-12-31-day.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["period", "from", "to", "total", "oil count", "oil share",
                       'person:"Reagan" count', 'person:"Reagan" share']
    oil, reagan = found["series"]
    assert len(rows) == len(oil["buckets"]) + 2
    for row, a, b in zip(rows[1:], oil["buckets"], reagan["buckets"]):
        assert row[:4] == [a["value"], a["from"], a["to"], str(a["total"])]
        assert [int(row[4]), int(row[6])] == [a["count"], b["count"]]
        for cell, bucket in ((row[5], a), (row[7], b)):
            assert (float(cell) if cell else None) == bucket["share"]
    assert rows[-1] == ["undated", "", "", str(found["undated"]), str(oil["undated"]), "", str(reagan["undated"]), ""]


def test_csv_cells_that_a_spreadsheet_would_run_start_with_a_quote(client):
    # "-profit shares" is a real query (shares without profit); as a cell it would be a formula.
    pairs = [("q", "-profit shares"), ("q", "oil"), *IN_1987.items()]
    rows = list(csv.reader(io.StringIO(client.get("/api/trends.csv?" + urlencode(pairs)).get_data(as_text=True))))
    assert rows[0][4:] == ["'-profit shares count", "'-profit shares share", "oil count", "oil share"]
    assert _trend(client, pairs)["series"][0]["q"] == "-profit shares"


@pytest.mark.parametrize("first, last", [(date(1987, 2, 26), date(1987, 3, 4)), (date(2020, 12, 30), date(2021, 1, 12)),
                                         (date(1999, 5, 31), date(2004, 2, 29))])
def test_periods_are_counted_and_labelled_as_the_histogram_does(first, last):
    from searchapp.search.counting import period_count, period_counts, period_end, period_label, period_starts

    for interval in ("day", "week", "month", "year"):
        starts = period_starts(first, last, interval)
        assert len(starts) == period_count(first, last, interval)
        assert starts[0] <= first <= period_end(starts[0], interval) and starts[-1] <= last
        assert all(period_end(a, interval) + timedelta(days=1) == b for a, b in zip(starts, starts[1:]))
        days = [first.toordinal() + n for n in range((last - first).days + 1)]
        counts = period_counts(np.array(days), starts, interval)
        assert counts.sum() == len(days)
    weeks = period_starts(first, last, "week")
    assert all(w.weekday() == 0 for w in weeks)
    assert period_label(date(2021, 1, 4), "week") == "2021-W01" and period_label(date(2020, 12, 28), "week") == "2020-W53"


@pytest.mark.slow
@pytest.mark.timeout(2400)   # building the index: spaCy over 21,578 articles
def test_reuters_monthly_counts_are_the_searches_totals(reuters_index_dir):
    from searchapp.web import create_app

    client = create_app({"TESTING": True, "INDEX_DIR": str(reuters_index_dir)}).test_client()
    place = client.get("/api/facets/place?limit=1").get_json()["values"][0]["value"]
    for pairs in ([("q", "oil"), ("q", 'person:"Reagan"'), ("interval", "month"), ("from", "1987")],
                  [("q", "wheat"), ("q", "coffee OR cocoa"), ("place", place), ("interval", "week"), ("from", "1987")]):
        found = _trend(client, pairs)
        filters = [(n, v) for n, v in pairs if n not in ("q", "interval", "from", "to")]
        assert len(found["series"][0]["buckets"]) >= 8
        for series in found["series"]:
            busiest = sorted(series["buckets"], key=lambda b: -b["count"])[:3] + series["buckets"][:1]
            for bucket in busiest:
                dates = [("from", bucket["from"]), ("to", bucket["to"])]
                assert bucket["count"] == _total(client, [("q", series["q"]), *filters, *dates])
                assert bucket["total"] == _total(client, [*filters, *dates])
            assert series["total"] == _total(client, [(n, v) for n, v in pairs if n != "interval"
                                                      and (n != "q" or v == series["q"])])


# --- the page -------------------------------------------------------------------------------


class Page(HTMLParser):
    """Elements with their attributes (in order), the table's cells, and the text."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.cells: list[str] = []
        self.text: list[str] = []
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def all(self, tag: str, cls: str | None = None) -> list[dict]:
        return [a for t, a in self.elements if t == tag and (cls is None or cls in a.get("class", "").split())]


PAGE_PAIRS = [("q", "oil"), ("q", "bank"), *IN_1987.items(), ("interval", "day")]


def test_page_draws_the_chart_and_the_table_without_javascript(client):
    found = _trend(client, PAGE_PAIRS)
    response = client.get("/trends?" + urlencode(PAGE_PAIRS))
    assert response.status_code == 200
    assert '</api/trends?' in response.headers["Link"]
    page = Page(response.get_data(as_text=True))
    assert len(page.all("svg", "trend-chart__svg")) == 1
    assert len(page.all("path", "trend-chart__line")) == 2
    assert [a["value"] for a in page.all("input") if a.get("id", "").startswith("series-") and a.get("value")] == ["oil", "bank"]
    # the table holds every count (a link to its search) and share, per day and series
    shown = iter(page.cells)
    for i, bucket in enumerate(found["series"][0]["buckets"]):
        row = [next(c for c in shown if c.startswith(str(date.fromisoformat(bucket["from"]).day) + " "))]
        row += [next(shown) for _ in range(5)]
        assert row[1] == f"{bucket['total']:,}"
        for j, series in enumerate(found["series"]):
            counted = series["buckets"][i]
            assert row[2 + 2 * j] == f"{counted['count']:,}"
            expected = "–" if counted["share"] is None else f"{counted['share'] * 100:.1f} %"
            assert row[3 + 2 * j] == expected
    links = [a["href"] for a in page.all("a")]
    assert any(href.startswith("/api/trends.csv?") for href in links)
    assert "/trends?" + urlencode([*PAGE_PAIRS, ("measure", "count")]) in links


def test_chart_points_link_to_the_search_of_their_series_and_period(client):
    page = Page(client.get("/trends?" + urlencode(PAGE_PAIRS)).get_data(as_text=True))
    points = page.all("a", "trend-chart__point")
    found = _trend(client, PAGE_PAIRS)
    drawn = sum(1 for s in found["series"] for b in s["buckets"] if b["share"] is not None)
    assert len(points) == drawn
    for point in points[:4]:
        url = urlsplit(point["href"])
        assert url.path == "/"
        args = dict(parse_qsl(url.query))
        series = next(s for s in found["series"] if s["q"] == args["q"])
        bucket = next(b for b in series["buckets"] if b["from"] == args["from"])
        assert args["to"] == bucket["to"]
        assert _total(client, parse_qsl(url.query)) == bucket["count"]
        assert f"{bucket['count']:,} of {bucket['total']:,}" in point["aria-label"]


def test_count_toggle_works_from_the_url(client):
    share = Page(client.get("/trends?" + urlencode(PAGE_PAIRS)).get_data(as_text=True))
    counts = Page(client.get("/trends?" + urlencode([*PAGE_PAIRS, ("measure", "count")])).get_data(as_text=True))
    ticks = lambda page: [t for t in page.text if t.strip()]   # noqa: E731
    assert any(t.endswith(" %") for t in ticks(share)) and "Counts" in ticks(share)
    found = _trend(client, PAGE_PAIRS)
    peak = max(b["count"] for s in found["series"] for b in s["buckets"])
    labels = [int(t.replace(",", "")) for t in ticks(counts) if t.replace(",", "").isdigit()]
    assert max(labels) >= peak
    # the form keeps the measure when the searches change
    assert {"type": "hidden", "name": "measure", "value": "count"} in counts.all("input")
    assert not [a for a in share.all("input") if a.get("name") == "measure"]
    # a period without articles is a point at 0 in counts, a gap in shares
    assert len(counts.all("a", "trend-chart__point")) > len(share.all("a", "trend-chart__point"))
    assert client.get("/trends?" + urlencode([*PAGE_PAIRS, ("measure", "volume")])).status_code == 400


def test_page_shows_a_bad_parameter_beside_its_field(client):
    response = client.get("/trends?" + urlencode([("q", "oil"), ("from", "the day after never")]))
    assert response.status_code == 400
    page = Page(response.get_data(as_text=True))
    assert [a for a in page.all("input") if a.get("name") == "from"][0].get("aria-invalid") == "true"
    assert not page.all("svg", "trend-chart__svg")


def test_empty_page_offers_the_form_with_the_searchs_filters(client):
    response = client.get("/trends?person=Reagan")
    assert response.status_code == 200
    page = Page(response.get_data(as_text=True))
    assert len([a for a in page.all("input") if a.get("id", "").startswith("series-")]) == 2
    assert {"type": "hidden", "name": "person", "value": "Reagan"} in page.all("input")
    assert not page.all("svg", "trend-chart__svg")


def test_a_series_is_removed_and_added_through_links_and_the_form(client):
    page = Page(client.get("/trends?" + urlencode(PAGE_PAIRS)).get_data(as_text=True))
    removes = [a["href"] for a in page.all("a", "series-input__remove")]
    assert removes[0] == "/trends?" + urlencode(PAGE_PAIRS[1:])
    blanks = [a for a in page.all("input") if a.get("id", "").startswith("series-") and not a.get("value")]
    assert len(blanks) == 1   # one more series can be typed in
    full = [("q", f"w{n}") for n in range(MAX_SERIES)]
    page = Page(client.get("/trends?" + urlencode(full)).get_data(as_text=True))
    assert not [a for a in page.all("input") if a.get("id", "").startswith("series-") and not a.get("value")]


def test_search_page_links_to_the_trend_of_its_query(client):
    page = Page(client.get("/?" + urlencode([("q", "oil"), ("person", "Ronald Reagan"), ("sort", "newest")])).get_data(as_text=True))
    assert "/trends?" + urlencode([("q", "oil"), ("person", "Ronald Reagan")]) in [a.get("href") for a in page.all("a")]


# --- in Chromium ---------------------------------------------------------------------------

from test_browser import ARTIFACTS, base_url, browser, browser_app, result_count  # noqa: E402,F401

BROWSER_PAIRS = [("q", "oil"), ("q", "bank"), ("q", 'person:"Reagan"'), *IN_1987.items(), ("interval", "day")]


@pytest.mark.browser
def test_trends_page_in_chromium_wide_then_a_point_opens_its_search(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        tab = context.new_page()
        requested = []
        tab.on("request", lambda request: requested.append(request.url))
        tab.goto(base_url + "/trends?" + urlencode(BROWSER_PAIRS))
        assert tab.locator(".trend-chart__svg").is_visible()
        assert tab.locator(".trend-chart__line").count() == 3
        assert tab.locator(".trend__legend-item").count() == 3
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / "trends-wide.png"), full_page=True)
        # add a fourth series in the form's empty box
        tab.fill("#series-4", "dollar")
        tab.click(".trends-form button[type=submit]")
        tab.wait_for_load_state()
        assert tab.locator(".trend-chart__line").count() == 4
        point = tab.locator(".trend-chart__series.series-1 .trend-chart__point").first
        expected = int(point.get_attribute("aria-label").split("(")[-1].split(" of ")[0].replace(",", ""))
        point.click()
        tab.wait_for_url("**/?q=oil*")
        assert result_count(tab) == expected
        assert all(url.startswith(base_url) for url in requested), "the page asked another host"
    finally:
        context.close()


@pytest.mark.browser
def test_trends_page_fits_a_phone(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        tab = context.new_page()
        tab.goto(base_url + "/trends?" + urlencode(BROWSER_PAIRS))
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
        chart = tab.locator(".trend-chart__svg").bounding_box()
        assert chart["width"] <= 390 and chart["height"] >= 150
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / "trends-narrow.png"), full_page=True)
    finally:
        context.close()


def test_filters_are_echoed_as_the_index_spells_them(client):
    pairs = [("q", "oil"), ("person", "reagan"), ("from", "March 1987")]
    trend, search = _trend(client, pairs), client.get("/api/search?" + urlencode(pairs)).get_json()
    assert trend["query"]["person"] == search["query"]["person"] == ["Ronald Reagan"]
    assert (trend["query"]["from"], trend["query"]["to"]) == (search["query"]["from"], search["query"]["to"])
    assert trend["query"]["q"] == ["oil"]
