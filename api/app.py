"""The API app and the route that puts it inside the web app's FastAPI app (one process, one port).

The API is its own FastAPI app with full paths (/api/v1/..., /v1/...), its own error handlers and one OpenAPI
schema at /api/v1/openapi.json; Gradio's app hands it every request under those prefixes, path unchanged.
Interactive docs at /api/v1/docs use the Swagger UI files shipped in the fastapi-offline package (no CDN).
"""

from __future__ import annotations

from fastapi import Depends, FastAPI
from fastapi.security import HTTPBearer
from fastapi_offline import FastAPIOffline
from starlette.routing import BaseRoute, Match, NoMatchFound
from starlette.types import ASGIApp, Receive, Scope, Send

from answer.assistant import Assistant
from api import ask, commitments, documents, feedback, health, openai_chat
from api.auth import AccessGuard
from api.context import ApiContext
from api.errors import install_error_handlers
from api.health import app_version
from beleid.settings import Settings

PREFIXES = ("/api/v1", "/v1")
DOCS_URL = "/api/v1/docs"
OPENAPI_URL = "/api/v1/openapi.json"
DESCRIPTION = """Questions about the ingested policy documents, answered with cited sources; documents, commitments
(engagementen) and feedback.

Authentication: `Authorization: Bearer <token>` with a token from the settings (`api.tokens`). Without
configured tokens the API answers requests from this computer (127.0.0.1) only. Errors are
`{"code": "...", "message": "..."}` with a Dutch message. `/v1/chat/completions` speaks OpenAI's chat format
(model `beleidsassistent`)."""


def create_api(settings: Settings, assistant: Assistant) -> FastAPI:
    """The API over the web app's Assistant (one model and index in memory for both)."""
    app = FastAPIOffline(
        title="Beleidsassistent API", version=app_version(), description=DESCRIPTION, openapi_url=OPENAPI_URL,
        docs_url=DOCS_URL, redoc_url=None, static_url=f"{DOCS_URL}/static",
        swagger_ui_oauth2_redirect_url=f"{DOCS_URL}/oauth2-redirect",
        swagger_ui_parameters={"validatorUrl": None, "tryItOutEnabled": True},
        dependencies=[Depends(HTTPBearer(auto_error=False, description="An API token (api.tokens)."))],
    )
    app.state.context = ApiContext.create(settings, assistant)
    install_error_handlers(app)
    for module in (ask, documents, commitments, feedback, health, openai_chat):
        app.include_router(module.router)
    app.add_middleware(AccessGuard, tokens=[t.get_secret_value() for t in settings.api.tokens],
                       open_prefixes=(DOCS_URL, OPENAPI_URL))
    return app


class PrefixRoute(BaseRoute):
    """A route for Gradio's app that passes every HTTP request under ``prefixes`` to ``app`` unchanged (a
    Starlette Mount would cut the prefix off, and it takes one prefix, not two)."""

    def __init__(self, app: ASGIApp, prefixes: tuple[str, ...] = PREFIXES):
        self.app = app
        self.prefixes = prefixes

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http":
            return Match.NONE, {}
        path, root = scope["path"], scope.get("root_path", "")
        path = path[len(root):] if root and path.startswith(root) else path
        hit = any(path == prefix or path.startswith(prefix + "/") for prefix in self.prefixes)
        return (Match.FULL, {}) if hit else (Match.NONE, {})

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)

    def url_path_for(self, name: str, /, **path_params):
        raise NoMatchFound(name, path_params)


def api_route(settings: Settings, assistant: Assistant) -> PrefixRoute:
    """The API as one route of the web app."""
    return PrefixRoute(create_api(settings, assistant))
