"""The web app. `beleid serve` calls ``launch``; tests call ``build_app(settings, assistant).launch(...)``.

The page itself lives in the ``ui`` package and the HTTP API in ``api``; this file only wires settings, the
Assistant, Gradio and the API (mounted on Gradio's FastAPI app: one process, one port). Documents are ingested
beforehand (`beleid ingest`, or the Documenten tab); an empty index is reported in the chat, not an error.
"""

from __future__ import annotations

import logging

import gradio as gr

from beleid.offline import apply_offline_guards
from beleid.settings import Settings

log = logging.getLogger(__name__)


def build_app(settings: Settings, assistant=None) -> gr.Blocks:
    """The Gradio app with the API, over one Assistant, created here (model and index opened once) unless given."""
    from answer.assistant import Assistant
    from api.app import api_route
    from ui.layout import build_layout

    assistant = assistant or Assistant(settings)
    page = build_layout(settings, assistant)
    page.extra_routes.append(api_route(settings, assistant))
    return page


def launch(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    """Serve the app until interrupted; binds ``settings.ui.host`` (127.0.0.1) unless told otherwise."""
    from api.auth import is_loopback

    apply_offline_guards(settings.allow_network)
    host = host or settings.ui.host
    if not settings.api.tokens and not (is_loopback(host) or host == "localhost"):
        log.warning("serving on %s without API tokens: the API answers requests from this computer only "
                    "(set api.tokens to use it from the network)", host)
    build_app(settings).launch(server_name=host, server_port=port or settings.ui.port)
