"""Dutch pop-up messages; the text is escaped because Gradio renders these as HTML."""

from __future__ import annotations

import html

import gradio as gr


def warn(message: str) -> None:
    """A warning toast ('Let op') that does not stop the event."""
    gr.Warning(html.escape(message), title="Let op")


def error(message: str) -> gr.Error:
    """An error to raise: it stops the event and shows the message ('Fout')."""
    return gr.Error(html.escape(message), title="Fout", print_exception=False)
