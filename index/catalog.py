"""Everything one index consists of, opened once: embedder, vector store, SQLite state, BM25."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from beleid.settings import Settings
from index.bm25 import BM25Index
from index.embedder import Embedder, load_embedder
from index.state import IndexState
from index.vector_store import ChromaStore, VectorStore


class IndexCatalog:
    """The open index for the current settings; its folder is named after the settings' fingerprint."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None, store: VectorStore | None = None):
        self.settings = settings
        self.folder: Path = settings.data_dir / "index" / settings.collection_name
        self.folder.mkdir(parents=True, exist_ok=True)
        self.embedder = embedder or load_embedder(settings)
        self.store = store or ChromaStore(settings)
        self.state = IndexState(self.folder / "state.sqlite")
        self._bm25: BM25Index | None = None
        self._bm25_generation = ""
        self._lock = threading.Lock()
        self._write_config()

    @property
    def bm25_folder(self) -> Path:
        return self.folder / "bm25"

    def _write_config(self) -> None:
        """The settings that shaped this index, saved beside it."""
        config = {"collection": self.settings.collection_name, "embedding": self.settings.embedding.model_dump(),
                  "index": self.settings.index.model_dump(exclude={"chroma_host", "chroma_port"})}
        (self.folder / "config.json").write_text(json.dumps(config, indent=2, default=str))

    def bump_generation(self) -> None:
        self.state.set_info("bm25_generation", str(int(self.state.get_info("bm25_generation", "0")) + 1))

    def bm25(self) -> BM25Index:
        """The BM25 index, reloaded when an ingest (maybe in another process) has rebuilt it."""
        generation = self.state.get_info("bm25_generation", "0")
        with self._lock:
            if self._bm25 is None or generation != self._bm25_generation:
                if (self.bm25_folder / "chunk_ids.json").exists():
                    self._bm25 = BM25Index.load(self.bm25_folder)
                else:
                    self._bm25 = BM25Index.build(self.state.chunk_texts())
                self._bm25_generation = generation
            return self._bm25
