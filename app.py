"""The web app. `beleid serve` calls ``launch``; tests call ``build_app(settings, assistant).launch(...)``.

The page itself lives in the ``ui`` package; this file only wires settings, the Assistant and Gradio.
Documents are ingested beforehand (`beleid ingest`, or the Documenten tab); an empty index is reported
in the chat, not an error.
"""

from __future__ import annotations

import gradio as gr

from beleid.offline import apply_offline_guards
from beleid.settings import Settings


def build_app(settings: Settings, assistant=None) -> gr.Blocks:
    """The Gradio app over one Assistant, created here (model and index opened once) unless given."""
    from answer.assistant import Assistant
    from ui.layout import build_layout

    return build_layout(settings, assistant or Assistant(settings))


def launch(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    """Serve the app until interrupted; binds ``settings.ui.host`` (127.0.0.1) unless told otherwise."""
    apply_offline_guards(settings.allow_network)
    build_app(settings).launch(server_name=host or settings.ui.host, server_port=port or settings.ui.port)
