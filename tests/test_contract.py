"""The HTTP contract: Schemathesis (`st run URL/api/openapi.json --checks all`) against a real
gunicorn on loopback serving a real index, bounded: a fixed seed, a few examples per operation."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fixtures import build_index, make_articles
from test_gunicorn import gunicorn

TESTS = Path(__file__).resolve().parent
ST = Path(sys.executable).with_name("st")
BUDGET_SECONDS = 110


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("contract-index")
    build_index(index_dir, make_articles(60))
    with gunicorn(index_dir, tmp_path_factory.mktemp("contract-log") / "gunicorn.log") as running:
        yield running


def test_schemathesis_finds_no_failure(server, tmp_path):
    env = dict(os.environ, SCHEMATHESIS_HOOKS="schemathesis_hooks",
               PYTHONPATH=os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]))
    command = [str(ST), "--config-file", str(TESTS / "schemathesis.toml"), "run",
               server["base"] + "/api/openapi.json", "--checks", "all", "--max-examples", "12",
               "--seed", "23", "--generation-deterministic",
               "--request-timeout", "20", "--report", "junit", "--report-dir", str(tmp_path)]
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=BUDGET_SECONDS)
    summary = done.stdout[-6000:]
    assert done.returncode == 0, summary
    assert "No issues found" in done.stdout or " passed" in done.stdout, summary
    assert "failures" not in done.stdout.splitlines()[-1], summary
