"""API errors: JSON ``{"code": "stable_code", "message": "Nederlandse tekst"}`` for every failure.

Bad input is a 4xx with a Dutch message that says what to change; only a bug is a 500. Under ``/v1`` (the
OpenAI-compatible part) the same code and message are also put in OpenAI's ``{"error": {...}}`` shape, which
chat clients show to their users.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.validation import validation_problem
from beleid.errors import BeleidError, IngestBusyError, ModelUnavailableError

log = logging.getLogger(__name__)
OPENAI_PREFIX = "/v1/"
UNEXPECTED = ("Er ging iets mis in de Beleidsassistent. Probeer het opnieuw; blijft het misgaan, meld het dan aan "
              "de beheerder.")
_HTTP_CODES = {
    404: ("not_found", "Deze URL bestaat niet in de API. Zie /api/v1/docs voor de beschikbare eindpunten."),
    405: ("method_not_allowed", "Deze HTTP-methode kan niet op deze URL. Zie /api/v1/docs."),
}


class ApiError(Exception):
    """A failure with its HTTP status, stable code and Dutch message (raised by the routes)."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None):
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message, self.field = status, code, message, field


def error_body(path: str, code: str, message: str, field: str | None = None) -> dict:
    """The JSON body of an error response for a request to ``path``."""
    body: dict = {"code": code, "message": message}
    if field:
        body["field"] = field
    if path.startswith(OPENAI_PREFIX):
        kind = "invalid_request_error" if code not in ("internal_error", "llm_unavailable") else "server_error"
        body["error"] = {"message": message, "type": kind, "code": code, "param": field}
    return body


def error_response(path: str, status: int, code: str, message: str, field: str | None = None,
                   headers: dict | None = None) -> JSONResponse:
    return JSONResponse(error_body(path, code, message, field), status_code=status, headers=headers)


def _beleid_error_status(err: BeleidError) -> tuple[int, str]:
    from answer.llm import LLMUnavailableError

    if isinstance(err, IngestBusyError):
        return 409, "ingest_busy"
    if isinstance(err, LLMUnavailableError):
        return 503, "llm_unavailable"
    if isinstance(err, ModelUnavailableError):
        return 503, "model_unavailable"
    return 500, "internal_error"


def install_error_handlers(app: FastAPI) -> None:
    """Every exception the API can meet, turned into the JSON error shape."""

    @app.exception_handler(ApiError)
    async def api_error(request: Request, err: ApiError) -> JSONResponse:
        return error_response(request.url.path, err.status, err.code, err.message, err.field)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, err: RequestValidationError) -> JSONResponse:
        status, code, message, field = validation_problem(err.errors())
        return error_response(request.url.path, status, code, message, field)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException) -> JSONResponse:
        code, message = _HTTP_CODES.get(err.status_code, ("bad_request", "De aanvraag kon niet gelezen worden."))
        return error_response(request.url.path, err.status_code, code, message, headers=err.headers)

    @app.exception_handler(BeleidError)
    async def beleid_error(request: Request, err: BeleidError) -> JSONResponse:
        status, code = _beleid_error_status(err)
        log.warning("API %s failed: %s", request.url.path, err)
        return error_response(request.url.path, status, code, err.user_message)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, err: Exception) -> JSONResponse:
        log.exception("unexpected error in API %s", request.url.path)
        return error_response(request.url.path, 500, "internal_error", UNEXPECTED)
