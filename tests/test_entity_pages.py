"""Entity pages: /api/entities/<kind>/<value> and /entities/<kind>/<value>, against the real seed +
Reuters index (corpus_index_dir): every number is checked against the search it stands for."""
from __future__ import annotations

import json
import re
from collections import Counter
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest

from searchapp.entities import forms
from searchapp.facets import FACETS

from fixtures import search_total


def _entity(client, kind: str, value: str, **args) -> dict:
    response = client.get(f"/api/entities/{kind}/{quote(value, safe='')}?" + urlencode(args))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


_total = search_total


@pytest.fixture(scope="module")
def top_values(corpus_index_dir) -> dict[str, list[str]]:
    from searchapp.web import create_app

    client = create_app({"TESTING": True, "INDEX_DIR": str(corpus_index_dir)}).test_client()
    return {facet.kind: [v["value"] for v in client.get(f"/api/facets/{facet.kind}?limit=3").get_json()["values"]]
            for facet in FACETS}


@pytest.mark.parametrize("kind", [facet.kind for facet in FACETS])
def test_every_count_is_the_search_it_stands_for(client, top_values, kind):
    for value in top_values[kind][:2]:
        found = _entity(client, kind, value)
        own = [(kind, value)]
        assert found["articles"] == _total(client, own) > 0
        timeline = found["timeline"]
        # a story whose copies fall in two periods counts in both (each bucket is its search's
        # total); counting every copy, each article is in exactly one
        assert sum(b["count"] for b in timeline["buckets"]) + timeline["undated"] >= found["articles"]
        every = _entity(client, kind, value, collapse="false")
        assert sum(b["count"] for b in every["timeline"]["buckets"]) + every["timeline"]["undated"] == \
            every["articles"] == _total(client, own + [("collapse", "false")]) >= found["articles"]
        for bucket in sorted(timeline["buckets"], key=lambda b: -b["count"])[:3] + timeline["buckets"][:1]:
            assert bucket["count"] == _total(client, own + [("from", bucket["from"]), ("to", bucket["to"])]), bucket
        assert timeline["undated"] == _total(client, own + [("undated", "only")])
        for facet in FACETS:
            related = found["related"][facet.plural]
            assert value not in [r["value"] for r in related] or facet.kind != kind
            for other in related[:4]:
                assert other["count"] == _total(client, own + [(facet.kind, other["value"])]), other
        newest = client.get("/api/search?" + urlencode(own + [("sort", "newest"), ("per_page", "10")])).get_json()
        assert [h["id"] for h in found["latest"]] == [h["id"] for h in newest["results"]]
        oldest = client.get("/api/search?" + urlencode(own + [("sort", "oldest"), ("undated", "exclude")])).get_json()
        assert found["first_seen"] == oldest["results"][0]["date"]
        assert found["last_seen"] == newest["results"][0]["date"]


def test_a_filtered_entity_page_counts_within_the_filters(client, top_values):
    person = top_values["person"][0]
    place = _entity(client, "person", person)["related"]["places"][0]["value"]
    args = {"place": place, "from": "1987-02-01", "to": "1987-12-31", "interval": "week"}
    found = _entity(client, "person", person, **args)
    pairs = [("person", person), ("place", place), ("from", "1987-02-01"), ("to", "1987-12-31")]
    assert found["articles"] == _total(client, pairs)
    assert found["timeline"]["interval"] == "week"
    assert all(re.fullmatch(r"\d{4}-W\d\d", b["value"]) for b in found["timeline"]["buckets"])
    for bucket in found["timeline"]["buckets"][:6]:
        dates = [("from", max(bucket["from"], "1987-02-01")), ("to", min(bucket["to"], "1987-12-31"))]
        assert bucket["count"] == _total(client, pairs[:2] + dates)
    assert place not in [r["value"] for r in found["related"]["places"]]     # every article names it


def test_buckets_are_cut_to_the_dates_asked(client, top_values):
    # the top place: named on every day of the file, so both weeks have articles
    place = top_values["place"][0]
    found = _entity(client, "place", place, **{"from": "1987-02-27", "to": "1987-03-02", "interval": "week"})
    buckets = found["timeline"]["buckets"]
    assert len(buckets) == 2 and buckets[0]["from"] == "1987-02-27" and buckets[-1]["to"] == "1987-03-02"
    for bucket in buckets:
        dates = [("from", bucket["from"]), ("to", bucket["to"])]
        assert bucket["count"] == _total(client, [("place", place), *dates]), bucket
    # a story whose copies fall in both weeks counts in each, as each week's search counts it
    assert sum(b["count"] for b in buckets) >= found["articles"]
    copies = _entity(client, "place", place, **{"from": "1987-02-27", "to": "1987-03-02", "interval": "week",
                                                 "collapse": "false"})
    assert sum(b["count"] for b in copies["timeline"]["buckets"]) == copies["articles"]


def test_the_search_text_narrows_the_page(client, top_values):
    place = top_values["place"][0]
    found = _entity(client, "place", place, q="oil")
    own = [("q", "oil"), ("place", place)]
    assert found["query"]["q"] == "oil"
    assert 0 < found["articles"] == _total(client, own) < _total(client, [("place", place)])
    for other in found["related"]["orgs"][:3]:
        assert other["count"] == _total(client, own + [("org", other["value"])])
    newest = client.get("/api/search?" + urlencode(own + [("sort", "newest")])).get_json()
    assert [h["id"] for h in found["latest"]] == [h["id"] for h in newest["results"]]
    html = client.get(f"/entities/place/{quote(place)}?q=oil").get_data(as_text=True)
    assert "“oil”" in html and f'href="/entities/place/{quote(place, safe="")}"' in html   # its × drops it


def test_an_interval_giving_too_many_buckets_is_a_400(client):
    response = client.get("/api/entities/place/Moscow?interval=day")   # named by the seed (2022) and Reuters (1987)
    assert response.status_code == 400 and response.get_json()["error"]["param"] == "interval"


def test_filters_are_kept_as_the_index_spells_them(client, top_values):
    org = top_values["org"][0]
    html = client.get(f"/entities/org/{quote(org)}?place=kiev").get_data(as_text=True)
    removes = re.findall(r'class="chip__remove" href="([^"]+)"', html)
    assert removes == [f"/entities/org/{quote(org, safe='')}"]            # the × drops "Kyiv", however typed
    assert f"/?org={quote(org, safe='').replace('%20', '+')}&amp;place=Kyiv" in html or \
        "place=Kyiv" in html
    search = client.get(f"/?not_org={quote(org)}").get_data(as_text=True)
    about = re.findall(r'class="facet__about" href="([^"]+)"', search)
    own = next(h for h in about if h.split("?")[0] == f"/entities/org/{quote(org, safe='')}")
    assert "not_org" not in own                      # an excluded value's page is not within its exclusion


def test_the_value_is_resolved_like_a_filter(client, top_values):
    place = top_values["place"][0]
    folded = place.lower()
    assert _entity(client, "place", folded)["value"] == place
    kyiv = _entity(client, "place", "Kiev")       # the seed's dateline: a variant of the gazetteer's name
    assert kyiv["value"] == "Kyiv"
    assert "Kiev" in [form["text"] for form in kyiv["variants"]]
    assert kyiv["articles"] == _total(client, [("place", "Kiev")])


def test_variants_are_the_forms_the_articles_write(client, corpus_index_dir, top_values):
    # The forms of every value as indexed that the resolution makes this one, each counted in the
    # articles of that value ("Reagan" an organisation in one article, a person in another).
    from searchapp.search import resolved
    from searchapp.store import generations
    from searchapp.store.schema import fields_to_article

    value_map = resolved.load(corpus_index_dir, generations.current_path(corpus_index_dir))
    with generations.open_current(corpus_index_dir).searcher() as searcher:
        indexed = [fields_to_article(fields) for fields in searcher.all_stored_fields()]
    for facet in FACETS:
        value = top_values[facet.kind][0]
        expected = Counter()
        for article in indexed:
            expected.update(text for _kind, _value, text in {
                (m.type, m.value, m.text) for m in article.mentions
                if (value_map.resolve(m.type, m.value) if value_map else (m.type, m.value)) == (facet.kind, value)})
        found = {form["text"]: form["count"] for form in _entity(client, facet.kind, value)["variants"]}
        assert found == dict(expected.most_common(len(found))) or found == {
            text: n for text, n in expected.items() if text in found}, (value, found, expected)
        assert found


def test_a_merged_variant_shows_its_target(client, corpus_index_dir):
    from searchapp.entities import valuemap
    from searchapp.store import generations

    merges = valuemap.load(generations.current_path(corpus_index_dir)).merge["person"]
    variant, target = next((v, t) for v, t in sorted(merges.items()) if " " not in v)
    found = _entity(client, "person", variant)
    assert found["value"] == target
    assert found["articles"] == _total(client, [("person", target)]) == _total(client, [("person", variant)])
    assert variant in [form["text"] for form in found["variants"]]


@pytest.mark.parametrize("url, status, param", [
    ("/api/entities/person/Nobody%20At%20All", 404, "value"),
    ("/api/entities/planet/Mars", 404, "kind"),
    ("/api/entities/person/x?interval=decade", 400, "interval"),
    ("/api/entities/person/x?from=someday", 400, "from"),
    ("/api/entities/person/" + "x" * 300, 400, "value"),
])
def test_bad_requests_are_json_errors(client, url, status, param):
    response = client.get(url)
    assert response.status_code == status
    assert response.get_json()["error"]["param"] == param


def test_the_page_shows_it_all_and_links_each_number_to_its_search(client, top_values):
    person = top_values["person"][0]
    found = _entity(client, "person", person)
    response = client.get(f"/entities/person/{quote(person)}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert response.headers["Link"].startswith(f"</api/entities/person/{quote(person, safe='')}>")
    noun = {"stories": "stor", "articles": "article"}[found["measure"]]   # story/stories, article(s)
    assert f"{found['articles']:,} {noun}" in html
    hrefs = [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', html)]
    searches = [parse_qs(urlsplit(h).query) for h in hrefs if h.startswith("/?")]
    assert {"person": [person]} in searches                                     # all its articles
    bars = [s for s in searches if "from" in s and s.get("person") == [person]]
    assert len(bars) >= 2 * sum(1 for b in found["timeline"]["buckets"] if b["count"])  # bar + table cell
    other = found["related"]["places"][0]["value"]
    assert {"person": [person], "place": [other]} in searches                   # a related count
    assert f"/entities/place/{quote(other, safe='')}" in hrefs                  # a related value's page
    assert '<svg class="histogram__chart"' in html and "<table>" in html        # the chart and its numbers
    for form in found["variants"]:
        assert form["text"].replace("&", "&amp;") in html
    assert any(h.startswith("/trends?") for h in hrefs)


def test_facet_values_and_article_names_link_to_their_pages(client):
    html = client.get("/?q=oil").get_data(as_text=True)
    about = re.findall(r'class="facet__about" href="([^"]+)"', html)
    assert about and all(h.startswith("/entities/") for h in about)
    assert all("q=oil" in h for h in about)        # the page is within the search
    doc_id = client.get("/api/search?q=oil").get_json()["results"][0]["id"]
    article = client.get(f"/articles/{doc_id}").get_data(as_text=True)
    chips = re.findall(r'class="chip chip--\w+ chip--link" href="(/entities/[^"]+)"', article)
    assert chips
    for href in chips[:3]:
        assert client.get(href).status_code == 200


def test_forms_file_lookup_is_a_binary_search_over_sorted_lines(tmp_path):
    written = Counter({("place", "Ky", "Ky"): 1, ("place", "Kyiv", "Kiev"): 4, ("place", "Kyiv", "Kyiv"): 9,
                       ("place", "Kyiv Oblast", "Kyiv region"): 2, ("org", "Kyiv", "Kyiv"): 3,
                       ("person", "A\tB", "A  B"): 5})
    for n in range(500):
        written[("person", f"Name {n:03d}", f"Mr {n}")] = n + 1
    forms.save(tmp_path, written)
    assert forms.lookup(tmp_path, "place", "Kyiv") == Counter({"Kyiv": 9, "Kiev": 4})
    assert forms.lookup(tmp_path, "place", "Ky") == Counter({"Ky": 1})
    assert forms.lookup(tmp_path, "org", "Kyiv") == Counter({"Kyiv": 3})
    assert forms.lookup(tmp_path, "person", "A B") == Counter({"A B": 5})
    assert forms.lookup(tmp_path, "person", "Name 250") == Counter({"Mr 250": 251})
    assert forms.lookup(tmp_path, "person", "Name 499") == Counter({"Mr 499": 500})
    assert forms.lookup(tmp_path, "person", "Zed") == Counter()
    assert forms.lookup(tmp_path, "aaa", "x") == Counter()
    assert forms.lookup(tmp_path / "missing", "place", "Kyiv") == Counter()


@pytest.mark.slow
@pytest.mark.timeout(2400)   # building the index: spaCy over 21,578 articles
def test_reuters_entity_counts_are_the_searches_totals(reuters_index_dir):
    from searchapp.web import create_app

    client = create_app({"TESTING": True, "INDEX_DIR": str(reuters_index_dir)}).test_client()
    for facet in FACETS:
        values = [v["value"] for v in client.get(f"/api/facets/{facet.kind}?limit=50").get_json()["values"]]
        for value in (values[0], values[-1]):
            found = _entity(client, facet.kind, value, interval="month")
            own = [(facet.kind, value)]
            assert found["articles"] == _total(client, own)
            buckets = found["timeline"]["buckets"]
            assert sum(b["count"] for b in buckets) + found["timeline"]["undated"] == found["articles"]
            for bucket in sorted(buckets, key=lambda b: -b["count"])[:2]:
                assert bucket["count"] == _total(client, own + [("from", bucket["from"]), ("to", bucket["to"])])
            for other in found["related"]["places"][:2] + found["related"]["persons"][:2]:
                kind = "place" if other in found["related"]["places"] else "person"
                assert other["count"] == _total(client, own + [(kind, other["value"])])


def test_cli_shows_what_the_api_answers(client, corpus_index_dir, runner, top_values):
    from searchapp.cli import main

    place = top_values["place"][0]
    args = ["entities", "show", "place", place.lower(), "--from", "1987", "--interval", "month",
            "--index-dir", str(corpus_index_dir)]
    printed = runner.invoke(main, args + ["--json"])
    assert printed.exit_code == 0, printed.output
    api = _entity(client, "place", place.lower(), **{"from": "1987", "interval": "month"})
    found = json.loads(printed.output)
    assert {k: v for k, v in found.items() if k != "took_ms"} == {k: v for k, v in api.items() if k != "took_ms"}
    text = runner.invoke(main, args)
    assert text.exit_code == 0 and text.output.startswith(f"place {place}: {api['articles']:,} {api['measure']}")
    assert "per month:" in text.output
    missing = runner.invoke(main, ["entities", "show", "person", "Nobody At All", "--index-dir", str(corpus_index_dir)])
    assert missing.exit_code == 1 and "no person 'Nobody At All' in this archive" in missing.output
