"""Shared fixtures: offline guards for the whole session, the real embedding model loaded once,
settings pointing at a temporary data directory, and helpers to make real PDFs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from beleid import offline

offline.apply_offline_guards(allow_network=False)
offline.install_network_guard()

from beleid.settings import IngestSettings, Settings  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SEED_CORPUS = REPO / "corpus"
MODEL_NAME = "multilingual-e5-small"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when anything tried to connect beyond loopback, even if a library swallowed the error."""
    if offline.blocked_attempts:
        print(f"\nBlocked network connections during the tests: {offline.blocked_attempts}")
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No developer BELEID_* variables or beleid.toml leak into a test."""
    for key in list(os.environ):
        if key.startswith("BELEID_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled e5 model, built once per test session."""
    from index.e5_build import ensure_e5_model

    return ensure_e5_model(tmp_path_factory.mktemp("models") / MODEL_NAME)


@pytest.fixture(scope="session")
def embedder(model_dir: Path):
    """The real embedding model on the default backend (ONNX Runtime, exported once), loaded once per session."""
    from index.embedder import load_embedder

    return load_embedder(Settings(model_cache=model_dir.parent, config_file=Path("/nonexistent/beleid.toml")))


@pytest.fixture(scope="session")
def st_embedder(model_dir: Path):
    """The same model on the reference backend (sentence-transformers on torch), loaded once per session."""
    from index.st_embedder import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(str(model_dir), query_prefix=None, passage_prefix=None, batch_size=16, threads=2)


def fresh_data_dir(root: Path, model_dir: Path) -> Path:
    """A data directory under ``root`` that already holds the built model (linked, not rebuilt)."""
    data = root / "data"
    (data / "models").mkdir(parents=True)
    (data / "models" / MODEL_NAME).symlink_to(model_dir, target_is_directory=True)
    return data


@pytest.fixture
def data_dir(tmp_path: Path, model_dir: Path) -> Path:
    return fresh_data_dir(tmp_path, model_dir)


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder


@pytest.fixture(scope="module")
def seed_catalog(tmp_path_factory: pytest.TempPathFactory, model_dir: Path, embedder):
    """(settings, catalog) of the demo corpus ingested once per module, for tests that only ask questions."""
    from index.catalog import IndexCatalog
    from index.indexer import Indexer

    root = tmp_path_factory.mktemp("seed")
    corpus = shutil.copytree(SEED_CORPUS, root / "corpus")
    settings = Settings(data_dir=fresh_data_dir(root, model_dir), ingest=IngestSettings(corpus_dir=corpus),
                        config_file=Path("/nonexistent/beleid.toml"))
    catalog = IndexCatalog(settings, embedder=embedder)
    Indexer(settings, catalog).ingest()
    return settings, catalog


@pytest.fixture
def seed_corpus(corpus_dir: Path) -> Path:
    """The demo corpus (the two seed texts and their metadata sidecars) in a temporary folder."""
    for path in SEED_CORPUS.iterdir():
        shutil.copy(path, corpus_dir / path.name)
    return corpus_dir


@pytest.fixture
def settings(data_dir: Path, corpus_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, ingest=IngestSettings(corpus_dir=corpus_dir))


@pytest.fixture
def catalog(settings: Settings, embedder):
    from index.catalog import IndexCatalog

    return IndexCatalog(settings, embedder=embedder)


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium for the browser tests of one module."""
    from tests.browser_support import chromium_browser

    with chromium_browser() as chromium:
        yield chromium


@pytest.fixture
def http(app):
    """An HTTP client (httpx) on the running app of the requesting test module (the API tests)."""
    from tests.api_support import client

    with client(app) as session:
        yield session
