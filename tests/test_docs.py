"""The README and docs/: every link between them resolves, and every command they show exists."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)|!\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)
SEARCHAPP = Path(sys.executable).with_name("searchapp")


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip()).lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    seen: dict[str, int] = {}
    anchors = set()
    for heading in re.findall(r"^#{1,6}\s+(.*?)\s*#*\s*$", text, re.M):
        slug = _slug(heading)
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def _links(path: Path) -> list[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    text = re.sub(r"`[^`\n]*`", "", text)   # code spans are not links
    return [a or b for a, b in LINK.findall(text)]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_local_link_resolves(doc):
    broken = []
    for target in _links(doc):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):   # http:, https:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        linked = (doc.parent / file_part).resolve() if file_part else doc
        if not linked.exists():
            broken.append(f"{target}: no file {linked}")
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
            broken.append(f"{target}: no heading #{anchor} in {linked.name}")
    assert not broken, f"{doc.name}: " + "; ".join(broken)


def _shown_commands(doc: Path) -> set[tuple[str, ...]]:
    """`searchapp <command> [<subcommand>]` of every command line `doc` shows."""
    shown = set()
    text = doc.read_text(encoding="utf-8")
    code = "\n".join(FENCE.findall(text) + re.findall(r"`([^`\n]+)`", text))
    for line in re.findall(r"(?:^|\s|\()(?:\.venv/bin/)?searchapp ([a-z][a-z ]*[a-z])", code, re.M):
        words = line.split()
        shown.add(tuple(words[:2]) if words[0] == "entities" and len(words) > 1 else (words[0],))
    return shown


def test_the_readme_and_the_command_reference_show_the_commands():
    assert {("reindex",), ("search",)} <= _shown_commands(ROOT / "README.md")
    assert {("reindex",), ("search",), ("export",), ("entities", "show")} <= _shown_commands(ROOT / "docs" / "cli.md")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_searchapp_command_shown_answers_help(doc):
    for command in sorted(_shown_commands(doc)):
        done = subprocess.run([str(SEARCHAPP), *command, "--help"], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, f"{doc.name}: searchapp {' '.join(command)} --help: {done.stderr}"


def test_the_readme_is_short_and_links_every_page_of_docs():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) < 200, "README.md is what a newcomer reads first: keep it under 200 lines"
    linked = {target.partition("#")[0] for target in _links(ROOT / "README.md")}
    pages = sorted((ROOT / "docs").glob("*.md"))
    assert pages, "docs/ holds the documentation by subject"
    missing = [page.name for page in pages if f"docs/{page.name}" not in linked]
    assert not missing, f"README.md links no docs/{missing}"


def test_every_page_of_docs_opens_with_a_title_and_a_summary():
    for page in sorted((ROOT / "docs").glob("*.md")):
        lines = page.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# ") and not lines[1].strip(), f"{page.name}: a title, then a blank line"
        assert lines[2].strip() and not lines[2].startswith(("#", "|", "```", "-")), \
            f"{page.name}: a summary paragraph under the title"


def test_no_page_names_an_issue_number():
    for doc in DOCS:
        found = re.findall(r"\bissues? \d+|\bissue-\d+", doc.read_text(encoding="utf-8"), re.I)
        assert not found, f"{doc.name}: {found}"


def test_every_make_target_the_readme_shows_exists():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = set(re.findall(r"(?:^|`)make ([a-z][a-z-]*)", text, re.M))
    assert {"run", "test"} <= targets
    for target in sorted(targets):
        done = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True, timeout=30)
        assert "No rule to make target" not in done.stderr, f"make {target}: {done.stderr}"


def test_the_slug_rule_matches_github():
    assert _slug("Indexing on several machines (Dask)") == "indexing-on-several-machines-dask"
    assert _slug("Indexing on Dask — `.venv/bin/python bench/bench_index.py --dask local:2`") == \
        "indexing-on-dask--venvbinpython-benchbench_indexpy---dask-local2"
