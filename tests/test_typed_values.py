"""A facet value as a user types it: abbreviations land on the value they stand for (not on a rare
junk spelling of themselves), autocomplete ranks that value first, and a value that names nothing
says so with the closest values. Through real indexes: a handful of BBC files indexed by the
whole pipeline (the issue's "Uk" and "Us" come from them), and articles written with known values."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import pytest

from fixtures import build_index, make_article, search_total
from searchapp.web import create_app

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
# tech/260 writes "£69 in the Uk" (the junk value "Uk"), entertainment/345 "Us Weekly" ("Us");
# the others name the United Kingdom, the United States, Nato, the EU, the UAE, Ukraine.
BBC_FILES = ("tech/260", "entertainment/345", "business/005", "business/008", "business/021",
             "business/001", "business/002", "business/217", "politics/136", "business/015",
             "business/036", "politics/126", "entertainment/189", "business/136")


@pytest.fixture(scope="module")
def bbc_client(tmp_path_factory, corpora):
    from searchapp.store.indexer import reindex

    folder = tmp_path_factory.mktemp("bbc-few")
    for name in BBC_FILES:
        section, number = name.split("/")
        shutil.copy(CORPORA / "bbc" / section / f"{number}.txt", folder / f"{section}-{number}.txt")
    index_dir = tmp_path_factory.mktemp("bbc-few-index")
    reindex([folder], index_dir, workers=2)
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()


def _search(client, **params) -> dict:
    response = client.get("/api/search?" + urlencode(params, doseq=True))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _count(client, kind: str, value: str) -> int:
    values = client.get(f"/api/facets/{kind}?" + urlencode({"prefix": value, "limit": 100})).get_json()["values"]
    return next(v["count"] for v in values if v["value"] == value)


def test_abbreviations_find_the_country_not_a_junk_spelling(bbc_client):
    uk, us = _count(bbc_client, "place", "United Kingdom"), _count(bbc_client, "place", "United States")
    assert _count(bbc_client, "place", "Uk") == 1 and _count(bbc_client, "place", "Us") == 1
    assert uk > 1 and us > 1
    for typed, value, total in (("UK", "United Kingdom", uk), ("uk", "United Kingdom", uk),
                                ("U.K.", "United Kingdom", uk), ("Britain", "United Kingdom", uk),
                                ("US", "United States", us), ("us", "United States", us),
                                ("USA", "United States", us), ("U.S.", "United States", us)):
        body = _search(bbc_client, place=typed)
        assert (body["query"]["place"], body["total"], body["unmatched"]) == ([value], total, []), typed
    # the value as the index writes it is itself: the facet list's link finds what it counted
    assert _search(bbc_client, place="Uk")["total"] == 1 and _search(bbc_client, place="Us")["total"] == 1


def test_organisation_abbreviations_and_full_names(bbc_client):
    nato = _search(bbc_client, org="Nato")["total"]
    assert nato >= 2
    for typed in ("NATO", "nato", "North Atlantic Treaty Organization"):
        assert _search(bbc_client, org=typed)["query"]["org"] == ["Nato"]
    eu = _search(bbc_client, org="EU")
    assert eu["total"] >= 2
    for typed in ("European Union", "E.U.", "eu"):
        assert (_search(bbc_client, org=typed)["total"]) == eu["total"], typed
    assert _search(bbc_client, place="UAE")["query"]["place"] == ["United Arab Emirates"]


def test_autocomplete_puts_what_the_abbreviation_stands_for_first(bbc_client):
    values = bbc_client.get("/api/facets/place?prefix=uk").get_json()["values"]
    assert values[0]["value"] == "United Kingdom" and values[0]["alias"] == "UK"
    names = [v["value"] for v in values]
    assert names.index("Ukraine") < names.index("Uk")          # 1 article, after the others
    assert bbc_client.get("/api/facets/place?prefix=us").get_json()["values"][0]["value"] == "United States"
    brit = bbc_client.get("/api/facets/place?prefix=brit").get_json()["values"]
    assert brit[0] == {"value": "United Kingdom", "count": _count(bbc_client, "place", "United Kingdom"),
                       "alias": "Britain"}
    assert "Little Britain" in [v["value"] for v in brit]      # its own name starts with it
    nato = bbc_client.get("/api/facets/org?prefix=north+atlantic").get_json()["values"]
    assert nato[0]["value"] == "Nato" and nato[0]["alias"].startswith("North Atlantic Treaty")


def test_a_value_that_names_nothing_says_so_with_the_closest(bbc_client):
    body = _search(bbc_client, place="brit")
    assert body["total"] == 0
    [missing] = body["unmatched"]
    assert (missing["kind"], missing["param"], missing["value"]) == ("place", "place", "brit")
    assert missing["closest"][0]["value"] == "United Kingdom"
    for near in missing["closest"]:   # each count is what its link (in the value's place) gives
        assert search_total(bbc_client, [("place", near["value"])]) == near["count"]
    typo = _search(bbc_client, q="said", place="Untied Kingdom", not_org="Natoo")
    kinds = {item["param"]: item for item in typo["unmatched"]}
    assert [v["value"] for v in kinds["place"]["closest"]] == ["United Kingdom"]
    assert kinds["place"]["closest"][0]["count"] == search_total(bbc_client, [("q", "said"), ("place", "United Kingdom"),
                                                                                ("not_org", "Natoo")])
    assert kinds["not_org"]["value"] == "Natoo"


def test_the_page_shows_the_message_near_the_chip_with_links(bbc_client):
    html = bbc_client.get("/?place=brit").get_data(as_text=True)
    assert "chip--unmatched" in html and "No place “brit” in this archive" in html
    assert 'href="/?place=United+Kingdom"' in html
    assert 'href="/entities/place/brit"' not in html          # no page for what does not exist
    clean = bbc_client.get("/?place=UK").get_data(as_text=True)
    assert "notice--unmatched" not in clean and "United Kingdom" in clean


def test_cli_search_names_the_value_that_matches_nothing(bbc_client, runner):
    from searchapp.cli import main

    index_dir = bbc_client.application.config["INDEX_DIR"]
    result = runner.invoke(main, ["search", "--place", "brit", "--index-dir", index_dir])
    assert result.exit_code == 0, result.output
    assert "no place 'brit' in this archive (place); closest: United Kingdom (" in result.output


# Shapes of our own, on articles whose values are known


def _articles():
    def article(n, places=(), orgs=()):
        # texts of their own: alike, they would be copies of one story, counted once
        return make_article(f"t{n}", f"Story {n}", f"Report {n} on item {7 * n + 3} in series {13 * n + 1}, "
                            f"filed as note {31 * n + 5}.", date(2020, 1, 1 + n % 28), places=places, orgs=orgs)
    found = [article(n, places=("Netherlands",)) for n in range(5)]
    found += [article(10 + n, places=("Holland",)) for n in range(2)]             # a junk spelling, rarer
    found += [article(20 + n, places=("Democratic Republic of the Congo",)) for n in range(3)]
    found += [article(30 + n, places=("Georgia",)) for n in range(2)]
    found += [article(40 + n, orgs=("International Monetary Fund",)) for n in range(4)]
    found += [article(50 + n, orgs=("Imf",)) for n in range(1)]
    found += [article(60 + n, places=("Us",)) for n in range(6)]                  # here the "junk" is commoner
    found += [article(70 + n, places=("United States",)) for n in range(2)]
    return found


@pytest.fixture(scope="module")
def own_client(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("typed")
    build_index(index_dir, _articles())
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()


@pytest.mark.parametrize("param, typed, value, total", [
    ("place", "holland", "Netherlands", 5),        # a variant of the gazetteer beats a rarer same-case match
    ("place", "Holland", "Holland", 2),            # written exactly: itself
    ("place", "DRC", "Democratic Republic of the Congo", 3),   # a country's initials
    ("place", "drc", "Democratic Republic of the Congo", 3),
    ("place", "GEORGIA", "Georgia", 2),
    ("org", "IMF", "International Monetary Fund", 5),          # aliases.tsv ("Imf" merged by the archive pass)
    ("org", "imf", "International Monetary Fund", 5),
    ("place", "us", "Us", 6),                      # the most-used of what it can mean wins, whichever it is
    ("place", "USA", "United States", 2),
])
def test_typed_values_resolve_to_the_most_used_meaning(own_client, param, typed, value, total):
    body = _search(own_client, **{param: typed})
    assert (body["query"][param], body["total"]) == ([value], total)


def test_exclusions_resolve_alike(own_client):
    everything = _search(own_client)["total"]
    assert _search(own_client, not_place="holland")["total"] == everything - 5
    body = _search(own_client, not_place="Atlantis")
    assert body["total"] == everything and body["unmatched"][0]["param"] == "not_place"
