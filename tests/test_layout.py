"""The package keeps the shape the README promises: folders in data-flow order without import
cycles, small functions, the CLI apart from the web app, and the facet kinds named in one module."""
from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "searchapp"
MAX_FUNCTION_LINES = 70
# Modules that extract or read entities of given kinds (NER labels, gold tags, place names)
# may name them; everything downstream iterates the registry.
EXTRACTION = ("enrich/", "readers/", "gazetteer.py", "facets.py")


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Modules of the package that ``name`` imports anywhere (functions included)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                # `from pkg import module` depends on the module, not on the package's __init__
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return {module for module in found if module in known and module != name}


def test_no_import_cycles_inside_the_package():
    known = modules()
    graph = {name: imports(name, path, known) for name, path in known.items()}
    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for target in sorted(graph[name]):
            assert state.get(target) != "open", "import cycle: " + " -> ".join(trail + [name, target])
            if target not in state:
                visit(target, trail + [name])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [])


def test_the_cli_never_imports_the_web_app():
    known = modules()
    assert not {m for m in imports("searchapp.cli", known["searchapp.cli"], known) if m.startswith("searchapp.web")}


def test_no_function_is_longer_than_the_limit():
    long = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name} ({length} lines)")
    assert not long


def test_facet_kinds_are_spelled_out_only_in_the_registry():
    from searchapp.facets import FACETS

    names = {word for facet in FACETS for word in (facet.kind, facet.plural, facet.exclude_param)}
    # a kind quoted whole, or the exclusion prefix put together by hand ('not_' ~ kind)
    quoted = re.compile(r"""["'](%s|not_)["']""" % "|".join(sorted(names)))
    offenders = []
    for path in sorted(PACKAGE.rglob("*")):
        relative = path.relative_to(PACKAGE).as_posix()
        if path.suffix not in (".py", ".html") or relative.startswith(EXTRACTION):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if quoted.search(line) and not line.lstrip().startswith("#"):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert not offenders
