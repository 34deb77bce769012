"""Files of the web app: safe names for uploads, checks, the route that serves originals, and the
temporary folders that downloads (CSV, JSON exports) are written to.

Only files inside the corpus folder are ever written or served; anything else is a 404.
"""

from __future__ import annotations

import html
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.routing import APIRoute

from beleid.errors import DocumentError
from beleid.settings import Settings
from ingest.loaders import load_pages

SOURCE_PREFIX = "bronnen"
_UNSAFE = re.compile(r"[^\w.\- ]+")
_MAX_NAME = 120
_NOT_FOUND = "Dit document bestaat niet (meer) in de documentenmap."
_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'"
_EXPORT_FOLDERS: list[tempfile.TemporaryDirectory] = []  # kept until the process exits, then removed


def export_folder(prefix: str) -> Path:
    """A new temporary folder for a tab's downloads. Its files stay valid while the app runs (Gradio serves
    them from there) and the folder is removed when the process exits, instead of one folder per tab per
    start piling up in /tmp."""
    folder = tempfile.TemporaryDirectory(prefix=prefix)
    _EXPORT_FOLDERS.append(folder)
    return Path(folder.name)


def safe_file_name(name: str) -> str:
    """The base name only, with safe characters: no folders, no hidden files, no control characters."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", name))[-1]
    base = _UNSAFE.sub("_", base).strip(" .")
    stem, dot, suffix = base.rpartition(".")
    if dot and len(base) > _MAX_NAME:
        base = stem[: _MAX_NAME - len(suffix) - 1] + "." + suffix
    return base[:_MAX_NAME]


@dataclass(frozen=True)
class UploadCheck:
    """One uploaded file after checking: its safe name, or the Dutch reason it is refused."""

    source: Path
    name: str
    error: str = ""
    problem: str = ""  # "" (accepted), "name", "type" or "size"


def check_upload(source: Path, settings: Settings, original_name: str | None = None) -> UploadCheck:
    """Check an uploaded file's name, type and size against the ingest settings.

    ``original_name`` is the name the user gave the file when ``source`` is a temporary copy (the API)."""
    given = original_name if original_name is not None else source.name
    name = safe_file_name(given)
    allowed = ", ".join(ext.lstrip(".").upper() for ext in settings.ingest.extensions)
    if not name or "." not in name:
        return UploadCheck(source, name or given, f"{given}: ongeldige bestandsnaam.", "name")
    if Path(name).suffix.lower() not in settings.ingest.extensions:
        return UploadCheck(source, name, f"{name}: dit bestandstype is niet toegelaten (toegelaten: {allowed}).",
                           "type")
    size_mb = source.stat().st_size / 1_000_000
    if size_mb > settings.ingest.max_file_mb:
        limit = settings.ingest.max_file_mb
        return UploadCheck(source, name, f"{name}: bestand te groot ({size_mb:.1f} MB, maximum {limit:g} MB).",
                           "size")
    return UploadCheck(source, name)


def save_upload(check: UploadCheck, corpus_dir: Path) -> Path:
    """Copy an accepted upload into the corpus folder (an existing file with that name is replaced)."""
    corpus_dir.mkdir(parents=True, exist_ok=True)
    target = corpus_dir / check.name
    shutil.copyfile(check.source, target)
    return target


def corpus_file(settings: Settings, file_name: str) -> Path | None:
    """The file ``file_name`` inside the corpus folder, or None when it is elsewhere, hidden or not a document."""
    corpus = settings.ingest.corpus_dir.resolve()
    candidate = (corpus / file_name).resolve()
    if not candidate.is_relative_to(corpus) or candidate == corpus:
        return None
    relative = candidate.relative_to(corpus)
    if any(part.startswith(".") for part in relative.parts):
        return None
    if candidate.suffix.lower() not in settings.ingest.extensions or not candidate.is_file():
        return None
    return candidate


def delete_corpus_file(settings: Settings, file_name: str) -> bool:
    """Remove a document and its metadata sidecar from the corpus folder; False if it is not there."""
    path = corpus_file(settings, file_name)
    if path is None:
        return False
    path.unlink()
    path.with_name(f"{path.stem}.meta.toml").unlink(missing_ok=True)
    return True


def remove_document(settings: Settings, indexer, file_name: str) -> bool:
    """Take a document out of the index (``indexer``: an index.indexer.Indexer) and its file out of the corpus
    folder; False when it was in neither. IngestBusyError when another ingest holds the lock."""
    in_index = indexer.remove(file_name)
    return delete_corpus_file(settings, file_name) or in_index


def source_url(file_name: str, page: int = 1) -> str:
    """Relative link to the original document at ``page`` (the browser's PDF viewer honours #page=)."""
    return f"{SOURCE_PREFIX}/{quote(file_name)}#page={page}"


def _text_page(path: Path, file_name: str, settings: Settings) -> str:
    """A plain, script-free HTML page with the document's text, one section per page (id 'page=N')."""
    try:
        pages = load_pages(path, max_pages=settings.ingest.max_pages)
    except DocumentError as err:
        pages = []
        note = f"<p class='fout'>{html.escape(err.user_message)}</p>"
    else:
        note = ""
    sections = "".join(
        f"<section id='page={page.number}'><h2>Pagina {html.escape(page.label)}</h2>"
        f"<div class='tekst'>{html.escape(page.text)}</div></section>"
        for page in pages
    )
    return (
        "<!doctype html><html lang='nl'><head><meta charset='utf-8'>"
        f"<title>{html.escape(file_name)}</title><style>"
        "body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
        ".tekst{white-space:pre-wrap}h2{font-size:1rem;color:#555;border-top:1px solid #ddd;padding-top:.5rem}"
        f"</style></head><body><h1>{html.escape(file_name)}</h1>{note}{sections}</body></html>"
    )


def source_routes(settings: Settings) -> list[APIRoute]:
    """FastAPI routes that serve originals from the corpus folder only: PDFs inline, other types as text."""

    def serve_source(file_path: str) -> Response:
        path = corpus_file(settings, file_path)
        if path is None:
            return HTMLResponse(f"<p>{_NOT_FOUND}</p>", status_code=404)
        if path.suffix.lower() == ".pdf":
            return FileResponse(path, media_type="application/pdf", content_disposition_type="inline",
                                filename=path.name, headers={"X-Content-Type-Options": "nosniff"})
        headers = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": _PAGE_CSP}
        return HTMLResponse(_text_page(path, file_path, settings), headers=headers)

    return [APIRoute(f"/{SOURCE_PREFIX}/{{file_path:path}}", serve_source, methods=["GET"], include_in_schema=False)]
