"""From a file on disk to a ParsedDocument: the whole ingest side, without any storage."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from beleid.errors import DocumentError
from ingest.chunker import Chunker
from ingest.clean import clean_pages
from ingest.commitments import extract_commitments
from ingest.metadata import build_meta, sidecar_path
from ingest.loaders import load_document
from ingest.ocr import Tesseract
from ingest.types import ParsedDocument


def discover(paths: Iterable[Path], extensions: Iterable[str]) -> list[Path]:
    """Files to ingest below ``paths`` (files or folders), sorted, hidden files and sidecars skipped."""
    wanted = {ext.lower() for ext in extensions}
    found: set[Path] = set()
    for path in paths:
        candidates = [path] if path.is_file() else path.rglob("*")
        for candidate in candidates:
            hidden = any(part.startswith(".") for part in candidate.parts[-1:])
            if candidate.is_file() and not hidden and candidate.suffix.lower() in wanted:
                found.add(candidate)
    return sorted(found)


def content_hash(path: Path) -> str:
    """Hash of the file and its metadata sidecar: either changing means re-ingest."""
    digest = hashlib.sha256(path.read_bytes())
    sidecar = sidecar_path(path)
    if sidecar.exists():
        digest.update(b"\0sidecar\0" + sidecar.read_bytes())
    return digest.hexdigest()


def parse_document(path: Path, relative_name: str, chunker: Chunker, *, max_mb: float, max_pages: int,
                   ocr: Tesseract | None = None) -> ParsedDocument:
    """Load, clean, chunk and find the commitments of one file; DocumentError (Dutch reason) when unusable.

    Scanned PDF pages are read by ``ocr`` when it is available; the pages that stay without text are named in
    the document's notes and the rest of it is ingested."""
    size_mb = path.stat().st_size / 1_000_000
    if size_mb > max_mb:
        raise DocumentError(
            f"{path.name}: {size_mb:.1f} MB exceeds the limit of {max_mb} MB",
            f"{path.name}: bestand te groot ({size_mb:.1f} MB, maximum {max_mb:g} MB).",
        )
    loaded = load_document(path, max_pages=max_pages, ocr=ocr)
    pages = clean_pages(loaded.pages)
    if not any(page.text.strip() for page in pages):
        scanned = path.suffix.lower() == ".pdf"
        raise DocumentError(
            f"{path.name}: no text found" + (" (scanned PDF?)" if scanned else ""),
            f"{path.name}: geen tekst gevonden" + (" — gescande PDF?" if scanned else "."),
        )
    meta = build_meta(path, relative_name, pages, loaded.title)
    parsed = ParsedDocument(meta=meta, content_hash=content_hash(path), pages=pages, notes=loaded.notes)
    parsed.chunks = chunker.chunk(meta, pages)
    parsed.commitments = extract_commitments(meta, pages, parsed.chunks)
    return parsed
