"""Shared fixtures: one real index built through the real pipeline (readers, spaCy, Whoosh),
the Flask app over it, its test client and a CLI runner."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
SEED = CORPORA / "seed" / "000_21fa7b930a6c326f.txt"
REUTERS = CORPORA / "reuters21578"


@pytest.fixture(scope="session")
def corpora() -> Path:
    if not CORPORA.is_dir():
        pytest.fail(f"test corpora not found at {CORPORA}: tests read ../shared/corpora beside the project")
    return CORPORA


@pytest.fixture(scope="session")
def corpus_sources(corpora, tmp_path_factory) -> list[Path]:
    """The seed article and the first Reuters file (1,000 articles), copied to two temp folders
    (ids are relative to the folder given: "seed/000_….txt")."""
    seed, reuters = tmp_path_factory.mktemp("seed"), tmp_path_factory.mktemp("reuters")
    shutil.copy(SEED, seed / SEED.name)
    shutil.copy(REUTERS / "reut2-000.sgm", reuters / "reut2-000.sgm")
    return [seed, reuters]


@pytest.fixture(scope="session")
def corpus_index_dir(corpus_sources, tmp_path_factory) -> Path:
    """A real index of the seed + reut2-000 built by `reindex` (session-wide, read-only for tests)."""
    from searchapp.store.indexer import reindex

    index_dir = tmp_path_factory.mktemp("corpus-index")
    summary = reindex(corpus_sources, index_dir, workers=2)
    assert summary.indexed > 900, summary
    return index_dir


@pytest.fixture(scope="session")
def politics_index_dir(corpora, tmp_path_factory) -> Path:
    """BBC politics (417 files), the one BBC article that writes "governess" (entertainment/021)
    and the bundled sample archive, indexed by `reindex` (session-wide, read-only for tests)."""
    from searchapp.store.indexer import reindex

    archive = tmp_path_factory.mktemp("politics-archive")
    shutil.copytree(CORPORA / "bbc" / "politics", archive / "bbc" / "politics")
    (archive / "bbc" / "entertainment").mkdir()
    shutil.copy(CORPORA / "bbc" / "entertainment" / "021.txt", archive / "bbc" / "entertainment")
    shutil.copytree(ROOT / "samples", archive / "samples")
    index_dir = tmp_path_factory.mktemp("politics-index")
    summary = reindex([archive / "bbc", archive / "samples"], index_dir, workers=2)
    assert summary.indexed > 400, summary
    return index_dir


@pytest.fixture(scope="session")
def reuters_index_dir(corpora, tmp_path_factory) -> Path:
    """All of Reuters-21578 indexed by `reindex` (slow tests only: ~5 minutes on 2 cores)."""
    from searchapp.store.indexer import reindex

    index_dir = tmp_path_factory.mktemp("reuters-index")
    summary = reindex([REUTERS], index_dir, workers=2)
    assert summary.indexed > 20_000, summary
    return index_dir


@pytest.fixture(scope="session")
def corpus_articles(corpus_index_dir) -> list:
    """Every indexed Article, read back from the index as searches show it (facet values after
    the archive-wide entity resolution): tests derive expectations from these."""
    from searchapp.search import resolved
    from searchapp.store import generations
    from searchapp.store.schema import fields_to_article

    value_map = resolved.load(corpus_index_dir, generations.current_path(corpus_index_dir))
    ix = generations.open_current(corpus_index_dir)
    with ix.searcher() as searcher:
        return [resolved.article(value_map, fields_to_article(fields)) for fields in searcher.all_stored_fields()]


@pytest.fixture()
def app(corpus_index_dir):
    from searchapp.web import create_app

    app = create_app({"TESTING": True, "INDEX_DIR": str(corpus_index_dir)})
    yield app


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()
