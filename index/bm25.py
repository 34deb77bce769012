"""Lexical retrieval: BM25 over Dutch-stemmed chunk text, persisted beside the index."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np


def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("dutch")


def tokenize(texts: Sequence[str], return_ids: bool = True):
    """Lower-cased, Dutch stop words removed, Snowball-stemmed tokens."""
    import bm25s
    from bm25s.stopwords import STOPWORDS_DUTCH

    return bm25s.tokenize(
        list(texts), stopwords=list(STOPWORDS_DUTCH), stemmer=_stemmer(), show_progress=False, return_ids=return_ids
    )


class BM25Index:
    """A bm25s index and the chunk ids of its rows; rebuilt after every ingest that changes chunks."""

    def __init__(self, retriever, chunk_ids: list[str]):
        self.retriever = retriever
        self.chunk_ids = chunk_ids
        self.row_of = {cid: i for i, cid in enumerate(chunk_ids)}

    @classmethod
    def build(cls, rows: list[tuple[str, str]]) -> BM25Index:
        import bm25s

        retriever = bm25s.BM25(k1=1.2, b=0.75)
        if rows:
            retriever.index(tokenize([text for _, text in rows]), show_progress=False)
        return cls(retriever, [cid for cid, _ in rows])

    def save(self, folder: Path) -> None:
        """Write to a temporary folder, then swap it in, so readers never see half an index."""
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self.chunk_ids:
            self.retriever.save(str(tmp), show_progress=False)
        (tmp / "chunk_ids.json").write_text(json.dumps(self.chunk_ids))
        old = folder.with_name(folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if folder.exists():
            folder.rename(old)
        tmp.rename(folder)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> BM25Index:
        import bm25s

        chunk_ids = json.loads((folder / "chunk_ids.json").read_text())
        retriever = bm25s.BM25.load(str(folder), show_progress=False) if chunk_ids else None
        return cls(retriever, chunk_ids)

    def search(self, query: str, k: int, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) of the best k chunks with a positive score."""
        if not self.chunk_ids or allowed == set():
            return []
        tokens = [t for t in tokenize([query], return_ids=False)[0] if t in self.retriever.vocab_dict]
        if not tokens:
            return []
        mask = None
        if allowed is not None:
            mask = np.zeros(len(self.chunk_ids), dtype=np.float32)
            mask[[self.row_of[cid] for cid in allowed if cid in self.row_of]] = 1.0
        rows, scores = self.retriever.retrieve(
            [tokens], k=min(k, len(self.chunk_ids)), show_progress=False, weight_mask=mask, n_threads=1
        )
        return [(self.chunk_ids[int(r)], float(s)) for r, s in zip(rows[0], scores[0]) if s > 0]
