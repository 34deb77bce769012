"""Helpers of the API tests: an httpx client for a running app, server-sent events, Dutch error checks."""

from __future__ import annotations

import json

import httpx

# Words that pydantic's and FastAPI's English messages use and a Dutch message never does.
ENGLISH = ("field required", "input should", "not found", "error", "invalid", "value is not", "json decode")


def client(app, token: str | None = None, **headers: str) -> httpx.Client:
    """A client for the API of a running app (tests.app_server.RunningApp)."""
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.Client(base_url=app.url, headers=headers, timeout=120)


def events(response: httpx.Response) -> list[tuple[str, object]]:
    """The server-sent events of a streamed response as (event name, parsed data), in order."""
    parsed, name = [], "message"
    for line in response.iter_lines():
        if line.startswith("event: "):
            name = line.removeprefix("event: ")
        elif line.startswith("data: "):
            data = line.removeprefix("data: ")
            parsed.append((name, data if data == "[DONE]" else json.loads(data)))
            name = "message"
    return parsed


def assert_dutch_error(response: httpx.Response, status: int, code: str) -> dict:
    """The response is the API's error shape with this status and code and a Dutch message."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code, body
    message = body["message"]
    assert message and not any(word in message.lower() for word in ENGLISH), message
    return body
