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


DEFAULT_EXPORT_SLOTS = 4


def export_slots() -> int:
    """Exports one server process streams at once ($SEARCHAPP_EXPORTS, default 4); one more is
    a 503 with Retry-After."""
    value = os.environ.get("SEARCHAPP_EXPORTS", "").strip()
    return max(1, int(value)) if value else DEFAULT_EXPORT_SLOTS


def public_url() -> str | None:
    """The server's public base URL ($SEARCHAPP_PUBLIC_URL, e.g. https://news.example.org),
    which feeds and exports write their absolute links with; None: see trusted_hosts (web/links.py
    decides)."""
    value = os.environ.get("SEARCHAPP_PUBLIC_URL", "").strip()
    return value or None


def link_base(override: str | None = None) -> str:
    """The base URL of links written outside a request (`searchapp export`): ``override``
    (--base-url), else public_url(), else the address the server listens on ($SEARCHAPP_BIND),
    which is also where web/links.py falls back to."""
    return override or public_url() or "http://" + os.environ.get("SEARCHAPP_BIND", "127.0.0.1:8000")


def trusted_hosts() -> list[str] | None:
    """Host names the server answers to ($SEARCHAPP_TRUSTED_HOSTS, comma-separated; a leading
    dot allows subdomains): a request naming another is refused with a 400, and links are made
    on the host a request names. None: every host is answered, links never name it."""
    value = os.environ.get("SEARCHAPP_TRUSTED_HOSTS", "")
    hosts = [host.strip() for host in value.split(",") if host.strip()]
    return hosts or None
