"""Configuration: defaults < SEARCHAPP_* environment variables < explicit overrides."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INDEX_DIR = PROJECT_ROOT / "index"


def index_dir(override: str | os.PathLike | None = None) -> Path:
    """The index folder: --index-dir, else $SEARCHAPP_INDEX_DIR, else index/ in the project."""
    if override:
        return Path(override)
    env = os.environ.get("SEARCHAPP_INDEX_DIR")
    if env:
        return Path(env)
    return DEFAULT_INDEX_DIR


def public_url(override: str | None = None) -> str:
    """Where readers reach the web app, for links written outside a request (`searchapp export`):
    --base-url, else $SEARCHAPP_PUBLIC_URL, else the address it serves on ($SEARCHAPP_BIND)."""
    if override:
        return override
    return os.environ.get("SEARCHAPP_PUBLIC_URL") or "http://" + os.environ.get("SEARCHAPP_BIND", "127.0.0.1:8000")
