"""The vector store: Chroma, embedded on disk by default or a Chroma server over HTTP."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from beleid.settings import Settings

_ADD_BATCH = 1000


class VectorStore(Protocol):
    def add(self, ids: Sequence[str], vectors: np.ndarray, doc_ids: Sequence[str]) -> None: ...
    def delete_document(self, doc_id: str) -> None: ...
    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]: ...
    def query(self, vector: np.ndarray, k: int, allowed_doc_ids: Sequence[str] | None) -> list[tuple[str, float]]: ...
    def ids(self) -> set[str]: ...
    def count(self) -> int: ...


class ChromaStore:
    """One Chroma collection per index fingerprint; vectors always come from our own embedder."""

    def __init__(self, settings: Settings):
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        if settings.index.chroma_host:
            self.client = chromadb.HttpClient(
                host=settings.index.chroma_host, port=settings.index.chroma_port, settings=chroma_settings
            )
        else:
            settings.chroma_dir.mkdir(parents=True, exist_ok=True)
            self.client = chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
        ef_search = settings.index.ef_search
        self.collection = self.client.get_or_create_collection(
            name=settings.collection_name,
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine", "ef_search": ef_search}},
            metadata={"model": settings.embedding.model},
        )
        if self.collection.configuration["hnsw"]["ef_search"] != ef_search:  # made before the setting, or changed
            self.collection.modify(configuration={"hnsw": {"ef_search": ef_search}})

    def add(self, ids: Sequence[str], vectors: np.ndarray, doc_ids: Sequence[str]) -> None:
        for start in range(0, len(ids), _ADD_BATCH):
            stop = start + _ADD_BATCH
            self.collection.upsert(
                ids=list(ids[start:stop]),
                embeddings=np.asarray(vectors[start:stop], dtype=np.float32),
                metadatas=[{"doc_id": doc_id} for doc_id in doc_ids[start:stop]],
            )

    def delete_document(self, doc_id: str) -> None:
        self.collection.delete(where={"doc_id": doc_id})

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of ``ids`` (those that exist)."""
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(ids), _ADD_BATCH):
            got = self.collection.get(ids=list(ids[start:start + _ADD_BATCH]), include=["embeddings"])
            found.update(zip(got["ids"], np.asarray(got["embeddings"], dtype=np.float32)))
        return found

    def query(self, vector: np.ndarray, k: int, allowed_doc_ids: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the k nearest chunks, optionally only from some documents.

        Chroma returns fewer than k results (none for an empty collection) by itself, so no count() first:
        against a Chroma server that would be a second HTTP request per search."""
        if allowed_doc_ids == []:
            return []
        where = {"doc_id": {"$in": list(allowed_doc_ids)}} if allowed_doc_ids is not None else None
        result = self.collection.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32)],
            n_results=k,
            where=where,
            include=["distances"],
        )
        hits = [(cid, 1.0 - float(dist)) for cid, dist in zip(result["ids"][0], result["distances"][0])]
        return sorted(hits, key=lambda hit: (-hit[1], hit[0]))  # equal vectors (repeated text) in one order

    def ids(self) -> set[str]:
        found: set[str] = set()
        offset = 0
        while True:
            page = self.collection.get(include=[], limit=5000, offset=offset)["ids"]
            found.update(page)
            if len(page) < 5000:
                return found
            offset += len(page)

    def count(self) -> int:
        return self.collection.count()
