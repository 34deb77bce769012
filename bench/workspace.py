"""Data directories for the benchmark: each gets the already-built model linked in, never rebuilt."""

from __future__ import annotations

import shutil
from pathlib import Path

from beleid.settings import EmbeddingSettings, IndexSettings, IngestSettings, Settings

MODEL_NAME = "multilingual-e5-small"
REPO = Path(__file__).resolve().parent.parent


def default_model_dir() -> Path:
    """The bundled e5 model as the user's settings resolve it (built once if missing)."""
    from index.embedder import resolve_model_source

    return Path(resolve_model_source(Settings()))


def fresh_data_dir(path: Path, model_dir: Path) -> Path:
    """An empty data directory at ``path`` with the model linked in."""
    shutil.rmtree(path, ignore_errors=True)
    (path / "models").mkdir(parents=True)
    (path / "models" / MODEL_NAME).symlink_to(Path(model_dir).resolve(), target_is_directory=True)
    return path


def bench_settings(data_dir: Path, corpus_dir: Path, embedding: dict | None = None, **index: object) -> Settings:
    """Default settings pointed at ``data_dir`` and ``corpus_dir`` (embedding and index fields overridable)."""
    return Settings(
        data_dir=Path(data_dir), config_file=Path("/nonexistent/beleid.toml"),
        ingest=IngestSettings(corpus_dir=Path(corpus_dir)), index=IndexSettings(**index),
        embedding=EmbeddingSettings(**(embedding or {})),
    )


def test_helper(module: str, name: str):
    """``name`` from tests/``module``.py (real servers on loopback the tests also use), or None if absent."""
    import importlib.util

    path = REPO / "tests" / f"{module}.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(f"bench_{module}", path)
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return getattr(loaded, name)


def data_size_mb(data_dir: Path) -> float:
    """What the index costs on disk: the data dir without the (linked) model."""
    from bench.stats import folder_mb

    return folder_mb(data_dir, exclude=("models",))
