"""What one request may ask, whatever its path: repeated parameters, filters, series and listed
facets are bounded with a 400 naming the parameter, so an 8 KB URL never renders a page of
megabytes (2,000 `q`s once rendered 33 MB) nor runs for seconds."""
from __future__ import annotations

import time
from urllib.parse import urlencode

import pytest

from fixtures import build_index, make_articles
from searchapp.search.request import MAX_FILTER_VALUES, MAX_SERIES
from searchapp.web import create_app
from searchapp.web.params import MAX_PARAMS


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("bounds-index")
    build_index(index_dir, make_articles(60))
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()


def error_of(response) -> dict:
    assert response.status_code == 400, response.data[:300]
    return response.get_json()["error"]


@pytest.mark.parametrize("path", ["/api/search", "/api/trends", "/api/export.csv", "/feeds/search.atom"])
def test_too_many_parameters_are_a_400_before_any_work(client, path):
    error = error_of(client.get(path + "?" + urlencode([("x", str(i)) for i in range(MAX_PARAMS + 1)])))
    assert error["param"] == "x" and str(MAX_PARAMS) in error["message"]


def test_a_repeated_parameter_is_bounded_and_blank_values_do_not_count(client):
    many = [("q", f"word{i}") for i in range(MAX_FILTER_VALUES + 1)]
    error = error_of(client.get("/api/trends?" + urlencode(many)))
    assert error["param"] == "q" and str(MAX_FILTER_VALUES) in error["message"]
    blanks = [("q", "oil"), ("q", "gas")] + [("person", "")] * (MAX_FILTER_VALUES + 5)
    assert client.get("/api/trends?" + urlencode(blanks)).status_code == 200   # a form's empty boxes


def test_filters_of_all_kinds_together_are_bounded(client):
    pairs = [(param, f"Someone {i}") for param in ("person", "not_place", "org") for i in range(7)]
    error = error_of(client.get("/api/search?" + urlencode(pairs)))
    assert error["param"] == "org" and f"at most {MAX_FILTER_VALUES} filters" in error["message"]


def test_the_trends_page_renders_no_more_series_than_it_compares(client):
    started = time.monotonic()
    response = client.get("/trends?" + urlencode([("q", f"w{i}" + "x" * 200) for i in range(MAX_FILTER_VALUES)]))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert page.count('name="q" type="search" value="w') == MAX_SERIES and f"at most {MAX_SERIES} series" in page
    assert len(page) < 100_000 and time.monotonic() - started < 2


def test_one_facet_is_listed_in_full_at_a_time(client):
    assert client.get("/?q=oil&more=person").status_code == 200
    response = client.get("/?q=oil&more=person&more=org")
    assert response.status_code == 400 and "one facet" in response.get_data(as_text=True)


def test_the_largest_search_page_an_url_can_ask_for_stays_small(client):
    """20 filters of 190 characters, a query of 1,000 and a facet listed in full: every link on the
    page holds the whole search, so the page is bounded by what the URL may hold."""
    pairs = [("q", ("oil " * 250).strip())] + [("not_person", f"{'Y' * 180} {i}") for i in range(MAX_FILTER_VALUES)]
    response = client.get("/?" + urlencode(pairs + [("more", "person")]))
    assert response.status_code == 200 and len(response.data) < 3_000_000
