"""Incremental, crash-safe ingest of a corpus folder into the vector store, SQLite state and BM25."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from beleid.errors import DocumentError
from beleid.settings import Settings
from index.catalog import IndexCatalog
from index.commitment_sync import refresh_stale_commitments
from index.lock import ingest_lock
from index.themes import ThemeClassifier
from index.types import FileResult, IngestReport
from ingest.chunker import Chunker, embedding_text
from ingest.metadata import slugify
from ingest.ocr import Tesseract
from ingest.pipeline import content_hash, discover, parse_document
from ingest.types import ParsedDocument

log = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]


class Indexer:
    """Brings the index in line with the files: adds, replaces and removes documents."""

    def __init__(self, settings: Settings, catalog: IndexCatalog):
        self.settings = settings
        self.catalog = catalog
        embedder = catalog.embedder
        self.chunker = Chunker(
            embedder.count_tokens,
            chunk_tokens=settings.index.chunk_tokens,
            window_tokens=embedder.window_tokens,
            overlap=settings.index.chunk_overlap_sentences,
        )
        self.themes = ThemeClassifier(embedder)
        ingest = settings.ingest
        self.ocr = Tesseract(ingest.tesseract_command, ingest.ocr_languages, ingest.ocr_dpi) if ingest.ocr else None

    def ingest(self, paths: Iterable[Path] | None = None, progress: Progress | None = None) -> IngestReport:
        """Ingest ``paths`` (default: the whole corpus folder, which also removes deleted files)."""
        with ingest_lock(self.catalog.folder / "ingest.lock"):
            self._recover_pending()
            refresh_stale_commitments(self.catalog.state, self.settings.ingest.corpus_dir, self._parse, self.themes)
            full_scan = paths is None
            roots = [self.settings.ingest.corpus_dir] if full_scan else [Path(p) for p in paths]
            files = discover(roots, self.settings.ingest.extensions)
            report = IngestReport()
            if full_scan:
                report.results.extend(self._remove_deleted({self._relative_name(f) for f in files}))
            for done, path in enumerate(files):
                if progress:
                    progress(done, len(files), path.name)
                report.results.append(self._ingest_file(path))
            if progress:
                progress(len(files), len(files), "")
            self.catalog.sync_bm25()
            return report

    def remove(self, file_name: str) -> bool:
        """Remove one document (by its name in the corpus) from the index."""
        with ingest_lock(self.catalog.folder / "ingest.lock"):
            doc = self.catalog.state.document_by_file(file_name)
            if not doc:
                return False
            self._delete(doc["doc_id"])
            self.catalog.sync_bm25()
            return True

    # -- steps ---------------------------------------------------------------------------
    def _relative_name(self, path: Path) -> str:
        corpus = self.settings.ingest.corpus_dir.resolve()
        resolved = path.resolve()
        return str(resolved.relative_to(corpus)) if resolved.is_relative_to(corpus) else path.name

    def _recover_pending(self) -> None:
        """A document whose write was interrupted is removed from both stores; it is re-ingested next."""
        for doc_id in self.catalog.state.pending():
            log.warning("recovering interrupted write of %s", doc_id)
            self._delete(doc_id)

    def _delete(self, doc_id: str) -> None:
        self.catalog.state.mark_pending(doc_id)
        self.catalog.store.delete_document(doc_id)
        self.catalog.state.remove_document(doc_id)

    def _remove_deleted(self, present: set[str]) -> list[FileResult]:
        removed = []
        for doc in self.catalog.state.documents():
            if doc["file_name"] not in present:
                self._delete(doc["doc_id"])
                removed.append(FileResult(doc["file_name"], "deleted"))
        return removed

    def _ingest_file(self, path: Path) -> FileResult:
        name = self._relative_name(path)
        state = self.catalog.state
        try:
            digest = content_hash(path)
        except OSError as err:
            return FileResult(name, "failed", reason=f"{path.name}: kan niet gelezen worden ({err.strerror}).")
        known = state.document_by_file(name)
        if known and known["content_hash"] == digest and known["status"] == "indexed":
            return FileResult(name, "unchanged", known["chunk_count"])
        twin = state.indexed_document_with_hash(digest)
        if twin and twin["file_name"] != name:
            reason = f"{path.name}: zelfde inhoud als {twin['file_name']}, niet opnieuw opgenomen."
            self._record_failure(known, name, digest, "duplicate", reason)
            return FileResult(name, "duplicate", reason=reason)
        try:
            parsed = self._parse(path, name)
        except DocumentError as err:
            log.warning("skipping %s: %s", name, err)
            self._record_failure(known, name, digest, "failed", err.user_message)
            return FileResult(name, "failed", reason=err.user_message)
        self._write(parsed, previous_doc_id=known["doc_id"] if known else None)
        return FileResult(name, "updated" if known and known["status"] == "indexed" else "added", len(parsed.chunks),
                          notes=" ".join(parsed.notes))

    def _parse(self, path: Path, name: str) -> ParsedDocument:
        return parse_document(
            path, name, self.chunker,
            max_mb=self.settings.ingest.max_file_mb, max_pages=self.settings.ingest.max_pages, ocr=self.ocr,
        )

    def _record_failure(self, known: dict | None, name: str, digest: str, status: str, reason: str) -> None:
        """A failed file keeps no chunks: its old version (if any) leaves the index."""
        if known and known["status"] == "indexed":
            self._delete(known["doc_id"])
        self.catalog.state.save_failure(slugify(str(Path(name).with_suffix(""))), name, digest, status, reason)

    def _embed(self, texts: list[str], previous_doc_id: str | None) -> dict[str, np.ndarray]:
        """Vector of each of ``texts``, new ones in one model call (so the encoder can sort them all by length);
        a chunk text the previous version of the document had is not embedded again."""
        known: dict[str, np.ndarray] = {}
        if previous_doc_id:
            old = {embedding_text(title, heading, text): chunk_id
                   for chunk_id, _, title, heading, text in self.catalog.state.chunk_parts([previous_doc_id])}
            reusable = {text: old[text] for text in texts if text in old}
            stored = self.catalog.store.vectors(list(reusable.values()))
            known = {text: stored[chunk_id] for text, chunk_id in reusable.items() if chunk_id in stored}
        new = [text for text in dict.fromkeys(texts) if text not in known]
        if new:
            known.update(zip(new, self.catalog.embedder.embed_passages(new)))
        return known

    def _write(self, parsed: ParsedDocument, previous_doc_id: str | None) -> None:
        """Embed first (nothing written yet), then replace the document in both stores under a pending mark."""
        texts = [embedding_text(parsed.meta.title, c.heading, c.text) for c in parsed.chunks]
        vector_of = self._embed(texts + self.themes.texts_to_embed(parsed.commitments), previous_doc_id)
        parsed.commitments = self.themes.classify(parsed.commitments,
                                                  embed=lambda some: np.stack([vector_of[t] for t in some]))
        state, store = self.catalog.state, self.catalog.store
        for doc_id in {parsed.meta.doc_id, previous_doc_id} - {None}:
            state.mark_pending(doc_id)
            store.delete_document(doc_id)
        if previous_doc_id and previous_doc_id != parsed.meta.doc_id:
            state.remove_document(previous_doc_id)
        if texts:
            store.add([c.chunk_id for c in parsed.chunks], np.stack([vector_of[t] for t in texts]),
                      [c.doc_id for c in parsed.chunks])
        state.save_document(parsed)
