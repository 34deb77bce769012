"""Grow an index to a target number of chunks cheaply, through the real ingest code.

Texts come from the synthetic convenant generator (written as .txt files, so no PDF rendering and
parsing); the real cleaner, chunker, SQLite state, Chroma store and BM25 rebuild run as in a normal
ingest. Only the passage vectors are not computed: a ReplayEmbedder hands out perturbed copies of
real e5 vectors. The query path measured afterwards is therefore the real one.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path

from eval.fixtures.convenants import Bullets, Document, block_text
from eval.pdfgen import synthetic_documents

FILL_SEED = 20240611


def document_text(doc: Document) -> str:
    """The document as plain text: blocks separated by blank lines, bullets on their own lines."""
    parts = []
    for page in doc.pages:
        for block in page:
            if isinstance(block, Bullets):
                lead = [block_text(Bullets(block.lead, ()))] if block.lead else []
                parts.append("\n".join(lead + [f"• {block_text(Bullets('', (item,)))}" for item in block.items]))
            else:
                parts.append(block_text(block))
    return "\n\n".join(parts)


class Filler:
    """Adds synthetic documents to ``indexer``'s corpus folder and ingests them until a chunk count is reached.

    ``chunks_per_doc`` starts high on purpose (a first undershoot is topped up; an overshoot is not undone)."""

    def __init__(self, indexer, corpus_dir: Path, chunks_per_doc: float = 60.0, seed: int = FILL_SEED):
        self.indexer = indexer
        self.corpus_dir = corpus_dir
        self.corpus_dir.mkdir(parents=True, exist_ok=True)
        self.chunks_per_doc = chunks_per_doc
        self.documents: Iterator[Document] = synthetic_documents(seed)
        self.files = 0

    def _write(self, count: int) -> list[Path]:
        paths = []
        for doc in itertools.islice(self.documents, count):
            path = self.corpus_dir / f"fill-{doc.slug}.txt"
            path.write_text(document_text(doc), encoding="utf-8")
            paths.append(path)
        self.files += len(paths)
        return paths

    def grow_to(self, target_chunks: int) -> dict:
        """Ingest new documents until the index holds at least ``target_chunks`` chunks."""
        state = self.indexer.catalog.state
        started, added_docs, start_chunks = time.perf_counter(), 0, state.chunk_count()
        while (have := state.chunk_count()) < target_chunks:
            needed = max(1, int((target_chunks - have) / self.chunks_per_doc) + 1)
            paths = self._write(needed)
            self.indexer.ingest(paths)
            added_docs += len(paths)
            self.chunks_per_doc = max(1.0, (state.chunk_count() - start_chunks) / added_docs)
        seconds = time.perf_counter() - started
        added = state.chunk_count() - start_chunks
        return {"chunks": state.chunk_count(), "added_chunks": added, "added_documents": added_docs,
                "fill_s": round(seconds, 1), "fill_chunks_per_s": round(added / seconds, 1) if seconds else 0.0}

    def add_one(self) -> float:
        """Seconds to ingest one more document into the index as it stands (incremental ingest)."""
        path = self._write(1)
        started = time.perf_counter()
        self.indexer.ingest(path)
        return round(time.perf_counter() - started, 2)
