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
                  "vectors": {"kind": self.settings.embedding.vector_kind,
                              "model_fingerprint": getattr(self.embedder, "fingerprint", "")},
                  "index": self.settings.index.model_dump(exclude={"chroma_host", "chroma_port"})}
        (self.folder / "config.json").write_text(json.dumps(config, indent=2, default=str))

    def _bump_generation(self) -> str:
        generation = str(int(self.state.get_info("bm25_generation", "0")) + 1)
        self.state.set_info("bm25_generation", generation)
        return generation

    def bm25(self) -> BM25Index:
        """The BM25 index, reloaded when an ingest (maybe in another process) has changed it."""
        generation = self.state.get_info("bm25_generation", "0")
        with self._lock:
            if self._bm25 is None or generation != self._bm25_generation:
                if BM25Index.exists(self.bm25_folder):
                    self._bm25 = BM25Index.load(self.bm25_folder)
                else:
                    self._bm25 = self._brought_up_to_date(BM25Index.empty()) or BM25Index.empty()
                self._bm25_generation = generation
            return self._bm25

    def sync_bm25(self) -> None:
        """Bring the saved BM25 index in line with the state: only documents added, changed or removed since it
        was saved are touched. Self-healing: a run that stopped between the two writes is caught up next time."""
        current = self.bm25()
        updated = self._brought_up_to_date(current)
        if updated is None and BM25Index.exists(self.bm25_folder):
            return
        index = updated or current
        index.save(self.bm25_folder)
        with self._lock:
            self._bm25, self._bm25_generation = index, self._bump_generation()

    def _brought_up_to_date(self, index: BM25Index) -> BM25Index | None:
        """``index`` with the documents whose version differs from the state replaced; None if none differ."""
        versions = self.state.indexed_versions()
        stale = {doc for doc, version in index.versions.items() if versions.get(doc) != version}
        missing = [doc for doc, version in versions.items() if index.versions.get(doc) != version]
        if not stale and not missing:
            return None
        return index.updated(stale, self.state.chunk_texts(missing), versions)
