"""Checks on request input that the schemas cannot express: content type and non-empty text."""

from __future__ import annotations

from email.message import Message

from fastapi import Request

from api.errors import ApiError

NOT_JSON = "Stuur de aanvraag als JSON, met de header Content-Type: application/json."


def require_json(request: Request) -> None:
    """FastAPI dependency: 415 unless the request says its body is JSON."""
    header = request.headers.get("content-type")
    message = Message()
    message["content-type"] = header or ""
    subtype = message.get_content_subtype()
    is_json = message.get_content_maintype() == "application" and (subtype == "json" or subtype.endswith("+json"))
    if not header or not is_json:
        raise ApiError(415, "unsupported_media_type", NOT_JSON)


def required_text(value: str, field: str, code: str, message: str) -> str:
    """``value`` stripped; 422 with ``code`` when nothing is left."""
    text = value.strip()
    if not text:
        raise ApiError(422, code, message, field)
    return text
