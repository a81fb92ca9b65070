"""The user's corrections through the CLI: stored in a plain file in the index folder, applied
to a running search service without NER or reindex, kept by rebuilds; bad input changes nothing."""
from __future__ import annotations

from datetime import date

import pytest

from searchapp.cli import main
from searchapp.entities.corrections import path_of
from searchapp.search.request import build_query
from searchapp.search.service import SearchService

from fixtures import build_index, make_article

ARTICLES = [
    make_article("c1", "One", "Tony Blair and Cherie Blair.", date(2005, 1, 1), persons=("Tony Blair", "Cherie Blair")),
    make_article("c2", "Two", "Tony Blair at 10:00.", date(2005, 1, 2), persons=("Tony Blair",), orgs=("Newsnight",)),
    make_article("c3", "Three", "Cherie Blair.", date(2005, 1, 3), persons=("Cherie Blair",)),
    make_article("c4", "Four", "Blair in Newcastle.", date(2005, 1, 4), persons=("Blair",),
                 places=("Newcastle",), orgs=("Newsnight",)),
]


@pytest.fixture()
def index_dir(tmp_path):
    build_index(tmp_path, ARTICLES)
    return tmp_path


def run(runner, index_dir, *args) -> str:
    result = runner.invoke(main, ["entities", *args, "--index-dir", str(index_dir)])
    assert result.exit_code == 0, result.output
    return result.output


def refused(runner, index_dir, *args) -> str:
    before = path_of(index_dir).read_bytes() if path_of(index_dir).exists() else None
    result = runner.invoke(main, ["entities", *args, "--index-dir", str(index_dir)])
    assert result.exit_code == 1, result.output
    after = path_of(index_dir).read_bytes() if path_of(index_dir).exists() else None
    assert after == before          # nothing changed
    return result.output


def counts(service, kind):
    return {c.value: c.count for c in service.facet_values(kind, limit=50)}


def test_a_merge_reaches_a_running_service_and_filters_on_the_variant_find_the_target(runner, index_dir):
    service = SearchService(index_dir)
    assert counts(service, "person")["Blair"] == 1        # two Blairs: the pass leaves it alone
    run(runner, index_dir, "merge", "person", "Tony Blair", "blair")
    assert counts(service, "person") == {"Tony Blair": 3, "Cherie Blair": 2}
    assert service.search(build_query("", include={"person": ("Blair",)})).total == 3
    mentions = service.article("c4").mentions
    assert [(m.text, m.value) for m in mentions if m.text == "Blair"] == [("Blair", "Tony Blair")]
    assert "merge person 'Tony Blair' Blair" in path_of(index_dir).read_text()   # plain, as typed


def test_hide_and_retype(runner, index_dir):
    service = SearchService(index_dir)
    run(runner, index_dir, "hide", "org", "Newsnight")
    run(runner, index_dir, "retype", "place", "org", "Newcastle")
    assert counts(service, "org") == {"Newcastle": 1}
    assert counts(service, "place") == {}


def test_a_filter_naming_the_old_kind_of_a_retyped_value_filters_on_its_new_kind(runner, index_dir):
    service = SearchService(index_dir)
    run(runner, index_dir, "retype", "place", "org", "Newcastle")
    result = service.search(build_query("", include={"place": ("newcastle",)}))
    assert result.total == 1
    assert result.query.include["org"] == ("Newcastle",) and result.query.include["place"] == ()
    excluded = service.search(build_query("", exclude={"place": ("Newcastle",)}))
    assert excluded.total == 3


def test_changes_are_numbered_and_forget_drops_one(runner, index_dir):
    service = SearchService(index_dir)
    run(runner, index_dir, "hide", "org", "Newsnight")
    run(runner, index_dir, "merge", "person", "Tony Blair", "Blair")
    listed = run(runner, index_dir, "changes")
    assert "1  hide org 'Newsnight'" in listed and "2  merge person 'Blair' into 'Tony Blair'" in listed
    assert run(runner, index_dir, "changes", "--kind", "person").strip().startswith("2  merge")
    assert counts(service, "org") == {}
    run(runner, index_dir, "forget", "1")
    assert counts(service, "org") == {"Newsnight": 2}
    assert "1  merge person" in run(runner, index_dir, "changes")


def test_a_rebuild_keeps_every_correction(runner, index_dir):
    run(runner, index_dir, "merge", "person", "Tony Blair", "Blair")
    build_index(index_dir, ARTICLES)          # a new generation swapped in
    assert counts(SearchService(index_dir), "person")["Tony Blair"] == 3


def test_a_hand_edited_file_is_read_and_a_broken_line_is_named(runner, index_dir):
    path_of(index_dir).write_text("# mine\nhide person 'Cherie Blair'\n")
    assert "Cherie Blair" not in counts(SearchService(index_dir), "person")
    path_of(index_dir).write_text("hide person 'Cherie Blair\n")
    output = refused(runner, index_dir, "changes")
    assert "entity-corrections.txt, line 1" in output
    assert counts(SearchService(index_dir), "person")["Cherie Blair"] == 2   # searching goes on


@pytest.mark.parametrize("args, message", [
    (("merge", "people", "Tony Blair", "Blair"), "unknown kind 'people'"),
    (("hide", "org", "Nobody Here"), "the index has no org 'Nobody Here'"),
    (("merge", "person", "Tony Blair", "Tony Blair"), "into itself"),
    (("retype", "place", "place", "Newcastle"), "already a value of place"),
    (("retype", "place", "planet", "Newcastle"), "unknown kind 'planet'"),
    (("forget", "3"), "no change 3"),
])
def test_bad_input_is_refused_with_a_clear_error_and_changes_nothing(runner, index_dir, args, message):
    run(runner, index_dir, "hide", "org", "Newsnight")
    assert message in refused(runner, index_dir, *args)


def test_a_merge_that_would_make_a_cycle_is_refused(runner, index_dir):
    run(runner, index_dir, "merge", "person", "Tony Blair", "Blair")
    assert "cycle" in refused(runner, index_dir, "merge", "person", "Blair", "Tony Blair")
