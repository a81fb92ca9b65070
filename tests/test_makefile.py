"""The Makefile's choice of Python: a wrong one stops `make run` at once with one line."""
from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from conftest import ROOT


def _python312(bin_dir: Path) -> Path:
    """A python3 that is 3.12: the real one where the machine has it, else a stand-in answering as one."""
    found = [*Path("/root/.pyenv/versions").glob("3.12*/bin/python3.12"), shutil.which("python3.12")]
    real = next((p for p in found if p and "shims" not in str(p)), None)   # a pyenv shim needs pyenv
    target = bin_dir / "python3"
    if real:
        target.symlink_to(real)
    else:
        target.write_text('#!/bin/sh\necho 3.12\n')
        target.chmod(0o755)
    return target


def _path_with_only(tmp_path: Path) -> str:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("make", "sh"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    _python312(bin_dir)
    return str(bin_dir)


def test_make_run_with_only_python_3_12_stops_at_once_with_one_line(tmp_path):
    checkout = tmp_path / "clone"
    checkout.mkdir()
    shutil.copy(ROOT / "Makefile", checkout)
    shutil.copy(ROOT / "pyproject.toml", checkout)
    started = time.monotonic()
    done = subprocess.run(["make", "run"], cwd=checkout, env={"PATH": _path_with_only(tmp_path)},
                          capture_output=True, text=True, timeout=30)
    assert time.monotonic() - started < 5
    assert done.returncode != 0
    lines = (done.stdout + done.stderr).strip().splitlines()
    assert len(lines) == 1, lines
    assert "needs Python 3.11" in lines[0] and "Python 3.12" in lines[0]
    assert "make run PYTHON=" in lines[0]
    assert not (checkout / ".venv").exists()   # nothing was installed


def test_make_picks_python3_11_when_the_path_has_it(tmp_path):
    done = subprocess.run(["make", "-n", "-B", "install", "BIN=/nonexistent"], cwd=ROOT, capture_output=True, text=True)
    if shutil.which("python3.11") is None:
        return   # nothing to pick: the first test covers the refusal
    assert "python3.11 -m venv" in done.stdout, done.stdout + done.stderr
