"""The app's look: an offline theme (fonts shipped with Gradio, nothing from a CDN) and a little CSS."""

from __future__ import annotations

import gradio as gr

CSS = """
.app-kop { background: #ffe615; color: #1d1d1b; padding: 14px 20px; border-radius: 8px; margin-bottom: 4px; }
.app-kop h1 { margin: 0; font-size: 1.6rem; font-weight: 700; }
.app-kop p { margin: 2px 0 0 0; }
.melding { border-left: 4px solid #d97706; background: #fffbeb; padding: 8px 12px; border-radius: 4px; }
.bronnen { font-size: 0.95rem; }
.bronnen .leeg { color: var(--body-text-color-subdued); }
.bron { border: 1px solid var(--border-color-primary); border-radius: 8px; margin: 0 0 10px 0; padding: 8px 12px;
        background: var(--background-fill-primary); }
.bron[open] { border-color: #1d4ed8; box-shadow: 0 0 0 2px #bfdbfe; }
.bron summary { cursor: pointer; font-weight: 700; }
.bron-nr { display: inline-block; min-width: 2.2em; color: #1d4ed8; }
.bron-meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; }
.bron-meta dt { color: var(--body-text-color-subdued); }
.bron-meta dd { margin: 0; }
.bron-passage { white-space: pre-wrap; border-left: 3px solid var(--border-color-primary); margin: 8px 0;
                padding: 4px 10px; max-height: 22rem; overflow-y: auto; }
.bron-passage mark { background: #fff3a3; color: inherit; padding: 0 1px; }
a.cite { text-decoration: none; font-weight: 700; color: #1d4ed8 !important; cursor: pointer; }
a.cite:hover { text-decoration: underline; }
.tabel, .tabel * { font-family: var(--font) !important; }
.aanmelden { max-width: 30rem; }
.engagementen { max-height: 36rem; overflow-y: auto; border: 1px solid var(--border-color-primary);
                border-radius: 8px; }
.engagementen table { width: 100%; border-collapse: collapse; font-size: 0.92rem; }
.engagementen th { position: sticky; top: 0; background: var(--background-fill-secondary); text-align: left; }
.engagementen th, .engagementen td { padding: 6px 8px; border-bottom: 1px solid var(--border-color-primary);
                                     vertical-align: top; }
.engagementen td:nth-child(5) { min-width: 24rem; }
.engagementen td:nth-child(2), .engagementen td:last-child { white-space: nowrap; }
.thema-tellingen { display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: baseline; font-size: 0.9rem; }
.thema-tellingen ul { display: contents; list-style: none; }
.thema-tellingen li { background: var(--background-fill-secondary); border-radius: 999px; padding: 1px 10px; }
.vergelijk-groep { border-left: 4px solid #1d4ed8; padding: 2px 12px; margin: 10px 0; }
.vergelijk-groep h4 { margin: 4px 0; }
.vergelijking .meta { color: var(--body-text-color-subdued); font-size: 0.9rem; }
/* Gradio 6.31 heads its pop-ups with the English message type and ignores `title`: show Dutch instead. */
.toast-title { font-size: 0 !important; }
.toast-title::before { font-size: var(--text-md); }
.toast-title.warning::before { content: "Let op"; }
.toast-title.error::before { content: "Fout"; }
.toast-title.info::before { content: "Info"; }
.toast-title.success::before { content: "Gelukt"; }
.toast-title .toast-count { font-size: var(--text-sm); margin-left: 4px; }
"""


def make_theme() -> gr.themes.Base:
    """Gradio's default theme with fonts that Gradio itself serves (no Google Fonts request)."""
    return gr.themes.Default(
        primary_hue="blue",
        neutral_hue="slate",
        font=[gr.themes.LocalFont("Source Sans Pro", weights=(400, 700)), "ui-sans-serif", "system-ui",
              "sans-serif"],
        font_mono=[gr.themes.LocalFont("IBM Plex Mono", weights=(400, 500)), "ui-monospace", "monospace"],
    )
