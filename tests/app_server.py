"""The real web app on a free loopback port, over a temporary data folder with the seed corpus ingested.

Used by the app tests (one server per test module) and by docs/make_screenshots.py.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from beleid.settings import AnswerSettings, ApiSettings, IngestSettings, Settings, UISettings
from tests.ports import free_port

REPO = Path(__file__).resolve().parent.parent
SEED_CORPUS = REPO / "corpus"
MODEL_NAME = "multilingual-e5-small"


@dataclass
class RunningApp:
    url: str
    settings: Settings
    corpus: Path
    assistant: object


def app_settings(root: Path, model_dir: Path, users: dict[str, str] | None = None, seed: bool = True,
                 answer_concurrency: int | None = None, api_tokens: Sequence[str] = (),
                 max_file_mb: float | None = None, max_upload_files: int | None = None,
                 answer: AnswerSettings | None = None) -> Settings:
    """Settings for a data folder (the built model linked in) and a corpus folder (with the seed texts)."""
    data, corpus = root / "data", root / "corpus"
    (data / "models").mkdir(parents=True)
    (data / "models" / MODEL_NAME).symlink_to(model_dir, target_is_directory=True)
    corpus.mkdir()
    for path in SEED_CORPUS.iterdir() if seed else ():
        shutil.copy(path, corpus / path.name)
    ingest = {"max_file_mb": max_file_mb} if max_file_mb is not None else {}
    ui = {"max_upload_files": max_upload_files} if max_upload_files is not None else {}
    extra = {"answer": answer} if answer is not None else {}
    return Settings(data_dir=data, ingest=IngestSettings(corpus_dir=corpus, **ingest),
                    ui=UISettings(users=users or {}, answer_concurrency=answer_concurrency, **ui),
                    api=ApiSettings(tokens=tuple(api_tokens)), **extra)


@contextmanager
def running_app(settings: Settings, embedder=None) -> Iterator[RunningApp]:
    """Ingest the corpus, build the app with one Assistant and serve it until the block ends."""
    from answer.assistant import Assistant
    from app import build_app
    from index.catalog import IndexCatalog
    from index.indexer import Indexer

    catalog = IndexCatalog(settings, embedder=embedder)
    Indexer(settings, catalog).ingest()
    assistant = Assistant(settings, catalog=catalog)
    demo = build_app(settings, assistant)
    port = free_port()
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=port, quiet=True)
    try:
        yield RunningApp(f"http://127.0.0.1:{port}", settings, settings.ingest.corpus_dir, assistant)
    finally:
        demo.close()
