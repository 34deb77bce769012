"""Wrappers around the index's seams (Embedder, VectorStore) that time, record or replay calls."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence

import numpy as np


class RecordingEmbedder:
    """Delegates to a real embedder; records every passage text and vector and the time spent embedding."""

    def __init__(self, inner):
        self.inner = inner
        self.name = inner.name
        self.window_tokens = inner.window_tokens
        self.texts: list[str] = []
        self.vectors: list[np.ndarray] = []
        self.calls = 0
        self.seconds = 0.0

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        started = time.perf_counter()
        vectors = self.inner.embed_passages(texts)
        self.seconds += time.perf_counter() - started
        self.calls += 1
        self.texts.extend(texts)
        self.vectors.append(vectors)
        return vectors

    def matrix(self) -> np.ndarray:
        return np.concatenate(self.vectors) if self.vectors else np.zeros((0, 0), dtype=np.float32)


class ReplayEmbedder:
    """Passage vectors without running the model: a known text gets its recorded vector, any other text a
    slightly perturbed vector from a pool of real ones (chosen by the text's hash, so reproducible).
    Queries and token counts go to the real embedder, so the query path stays the real one."""

    def __init__(self, inner, pool: np.ndarray, known: dict[str, np.ndarray] | None = None, noise: float = 0.017):
        self.inner = inner
        self.name = inner.name
        self.window_tokens = inner.window_tokens
        self.pool = pool.astype(np.float32)
        self.known = known or {}
        self.noise = noise
        self.replayed = 0
        self.perturbed = 0

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), self.pool.shape[1]), dtype=np.float32)
        for row, text in enumerate(texts):
            known = self.known.get(text)
            if known is not None:
                out[row] = known
                self.replayed += 1
                continue
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            rng = np.random.default_rng(seed)
            vector = self.pool[seed % len(self.pool)] + rng.normal(0.0, self.noise, self.pool.shape[1])
            out[row] = vector / np.linalg.norm(vector)
            self.perturbed += 1
        return out


class TimedStore:
    """Delegates to a VectorStore and adds up the seconds spent writing to it."""

    def __init__(self, inner):
        self.inner = inner
        self.write_seconds = 0.0

    def add(self, ids: Sequence[str], vectors: np.ndarray, doc_ids: Sequence[str]) -> None:
        started = time.perf_counter()
        self.inner.add(ids, vectors, doc_ids)
        self.write_seconds += time.perf_counter() - started

    def delete_document(self, doc_id: str) -> None:
        started = time.perf_counter()
        self.inner.delete_document(doc_id)
        self.write_seconds += time.perf_counter() - started

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        return self.inner.vectors(ids)

    def query(self, vector, k, allowed_doc_ids=None):
        return self.inner.query(vector, k, allowed_doc_ids)

    def ids(self) -> set[str]:
        return self.inner.ids()

    def count(self) -> int:
        return self.inner.count()
