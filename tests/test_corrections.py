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


ORG_NAMES = [f"Firm {letter}" for letter in "ABCDEFGHIJKLMNOP"]   # sixteen organisations


def test_sixteen_parallel_commands_all_stay_and_readers_never_see_half_a_file(tmp_path):
    """16 real `searchapp entities hide` processes at once: every change is kept and each says
    "in force" only when the file holds it; a searcher reading meanwhile sees whole files only."""
    import subprocess
    import sys
    import threading

    from searchapp.entities import corrections
    from conftest import ROOT

    build_index(tmp_path, [make_article(f"f{i}", name, f"{name} reports.", date(2005, 1, i + 1), orgs=(name,))
                           for i, name in enumerate(ORG_NAMES)])
    service = SearchService(tmp_path)
    seen, errors, stop = [], [], threading.Event()

    def read() -> None:   # what a running service does on each request
        while not stop.is_set():
            try:
                seen.append(len(corrections.load(tmp_path).changes))
                counts(service, "org")
            except Exception as error:   # noqa: BLE001 - collected for the assertion
                errors.append(error)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        commands = [subprocess.Popen([sys.executable, "-m", "searchapp.cli", "entities", "hide", "org", name,
                                      "--index-dir", str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True) for name in ORG_NAMES]
        outputs = [(proc.communicate(timeout=120)[0], proc.returncode) for proc in commands]
    finally:
        stop.set()
        reader.join()
    for (output, status), name in zip(outputs, ORG_NAMES):
        assert status == 0 and f"in force: hide org '{name}'" in output, output
    kept = corrections.load(tmp_path).changes
    assert sorted(change.values[0] for change in kept) == ORG_NAMES
    assert not errors, errors[:3]
    assert seen == sorted(seen) and len(set(seen)) > 1   # whole files only, each a later one
    assert counts(service, "org") == {}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".entity-corrections.txt")] == []


def test_a_command_waiting_for_another_too_long_gives_up_and_changes_nothing(runner, index_dir, monkeypatch):
    import fcntl

    from searchapp.entities import corrections

    monkeypatch.setattr(corrections, "LOCK_WAIT", 0.2)
    with open(index_dir / corrections.LOCK_FILE, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        output = refused(runner, index_dir, "hide", "org", "Newsnight")
    assert "another command has been changing" in output and "nothing changed" in output
    run(runner, index_dir, "hide", "org", "Newsnight")   # the lock is free again


def test_a_change_the_file_cannot_hold_is_refused_before_anything_is_written(index_dir):
    from searchapp.entities import corrections

    with pytest.raises(corrections.CorrectionError, match="cannot be written as one line"):
        corrections.save(index_dir, corrections.Corrections([corrections.Change("hide", "org", ("Two\nlines",))]))
    assert not path_of(index_dir).exists()
