"""/api/v1/documents: list, upload + ingest (the Documenten tab's checks), delete, re-ingest everything."""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.answers import absolute_source_url
from api.context import ApiContext, get_context
from api.errors import ApiError
from api.schemas import DeletedOut, DocumentOut, DocumentsOut, ErrorOut, IngestOut, IngestResultOut
from beleid.errors import IngestBusyError
from index.types import IngestReport
from ui.files import UploadCheck, check_upload, remove_document, save_upload

router = APIRouter(prefix="/api/v1/documents", tags=["documenten"])
NOT_MULTIPART = "Stuur de bestanden als multipart/form-data, elk in het veld 'files'."
PROBLEMS = {"size": (413, "file_too_large"), "type": (415, "unsupported_file_type"), "name": (422, "invalid_file_name")}
UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["files"],
    "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}}}}}}}
ERRORS = {code: {"model": ErrorOut} for code in (409, 413, 415, 422)}


def document_out(doc: dict, base_url: str) -> DocumentOut:
    ingested = datetime.fromtimestamp(doc["ingested_at"], tz=timezone.utc).isoformat(timespec="seconds")
    return DocumentOut(
        doc_id=doc["doc_id"], file_name=doc["file_name"], title=doc["title"], doc_type=doc["doc_type"],
        sector=doc["sector"], period=doc["period"], pages=doc["pages"], passages=doc["chunk_count"],
        status=doc["status"], error=doc["error"], ingested_at=ingested,
        source_url=absolute_source_url(base_url, doc["file_name"], 1),
    )


def ingest_out(report: IngestReport) -> IngestOut:
    return IngestOut(results=[IngestResultOut(file_name=r.file_name, status=r.status, passages=r.chunks,
                                              reason=r.reason) for r in report.results])


@router.get("", response_model=DocumentsOut)
def list_documents(request: Request, ctx: ApiContext = Depends(get_context)) -> DocumentsOut:
    """Every document the index knows, with its status (indexed, failed or duplicate, with the reason)."""
    base_url = str(request.base_url)
    return DocumentsOut(documents=[document_out(d, base_url) for d in ctx.assistant.catalog.state.documents()])


async def _uploads(request: Request, ctx: ApiContext) -> list[UploadFile]:
    """The uploaded files of a multipart request, within the Documenten tab's limits."""
    settings = ctx.settings
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise ApiError(415, "unsupported_media_type", NOT_MULTIPART)
    limit, max_mb = settings.ui.max_upload_files, settings.ingest.max_file_mb
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit * max_mb * 1_000_000 + 1_000_000:  # refused before it is read
        raise ApiError(413, "upload_too_large",
                       f"De upload is te groot: maximaal {limit} bestanden van elk {max_mb:g} MB.")
    try:
        form = await request.form(max_files=limit, max_fields=20)
    except StarletteHTTPException as err:
        if "too many files" in str(err.detail).lower():
            raise ApiError(422, "too_many_files", f"Te veel bestanden tegelijk; het maximum is {limit}.") from err
        raise ApiError(400, "invalid_upload", f"{NOT_MULTIPART} Het formulier kon niet gelezen worden.") from err
    files = [value for value in form.getlist("files") if isinstance(value, UploadFile)]
    if not files:
        raise ApiError(422, "no_files", "Kies eerst een of meer bestanden om toe te voegen (veld 'files').", "files")
    return files


def _accepted(files: list[UploadFile], ctx: ApiContext) -> list[Path]:
    """Each upload checked (from a temporary copy), then all saved in the documents folder; nothing is saved
    unless every file passes. Returns the saved paths."""
    with tempfile.TemporaryDirectory(prefix="beleid-upload-") as folder:
        checks: list[UploadCheck] = []
        for number, upload in enumerate(files):
            copy = Path(folder) / f"upload-{number}"
            with copy.open("wb") as handle:
                shutil.copyfileobj(upload.file, handle)
            checks.append(check_upload(copy, ctx.settings, original_name=upload.filename or ""))
        refused = [check for check in checks if check.error]
        if refused:
            status, code = PROBLEMS[refused[0].problem]
            raise ApiError(status, code, " ".join(c.error for c in refused) + " Er is niets toegevoegd.", "files")
        return [save_upload(check, ctx.settings.ingest.corpus_dir) for check in checks]


@router.post("", response_model=IngestOut, openapi_extra=UPLOAD_BODY, responses=ERRORS)
async def upload_documents(request: Request, ctx: ApiContext = Depends(get_context)) -> IngestOut:
    """Add files (field 'files', multipart) to the documents folder and ingest them. The same checks as the
    Documenten tab (type, size, number of files, safe names); one refused file refuses the whole upload.
    A file that cannot be read is reported with status 'failed' and its reason."""
    files = await _uploads(request, ctx)
    saved = await run_in_threadpool(_accepted, files, ctx)
    try:
        report = await run_in_threadpool(ctx.indexer.ingest, saved)
    except IngestBusyError as err:
        raise ApiError(409, "ingest_busy", f"{err.user_message} De bestanden staan al in de documentenmap; "
                       "start daarna POST /api/v1/documents/reingest.") from err
    return ingest_out(report)


@router.delete("/{doc_id}", response_model=DeletedOut, responses={404: {"model": ErrorOut}, 409: {"model": ErrorOut}})
def delete_document(doc_id: str, ctx: ApiContext = Depends(get_context)) -> DeletedOut:
    """Remove a document from the index and its file from the documents folder."""
    doc = next((d for d in ctx.assistant.catalog.state.documents() if d["doc_id"] == doc_id), None)
    if doc is None or not remove_document(ctx.settings, ctx.indexer, doc["file_name"]):
        raise ApiError(404, "unknown_document", f"Er is geen document met id '{doc_id}' (zie GET /api/v1/documents).")
    return DeletedOut(deleted=doc_id, file_name=doc["file_name"])


@router.post("/reingest", response_model=IngestOut, responses={409: {"model": ErrorOut}})
def reingest(ctx: ApiContext = Depends(get_context)) -> IngestOut:
    """Bring the index in line with the documents folder: new and changed files in, deleted ones out."""
    return ingest_out(ctx.indexer.ingest())
