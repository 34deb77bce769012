"""The source panel: one card per citation with the supporting quote highlighted, all text escaped.

Citation markers in the chat are links ``#bron-<turn>-<number>``. A click handler (``CLICK_JS``) stores that
key and clicks a hidden button; its event reads the key and renders the panel with that card opened.
"""

from __future__ import annotations

import html
import re

import gradio as gr

from answer.types import Answer, Citation
from ui.files import source_url

EMPTY_PANEL = (
    "<div class='bronnen'><p class='leeg'>Klik op een bronverwijzing zoals [1] in een antwoord om hier de "
    "bron te zien: het document, de pagina en de passage met het citaat gemarkeerd.</p></div>"
)
CLICK_JS = """
() => {
  document.addEventListener("click", (event) => {
    const link = event.target.closest ? event.target.closest("a[href*='#bron-']") : null;
    const match = link && link.getAttribute("href").match(/#bron-(\\d+)-(\\d+)$/);
    if (!match) return;
    event.preventDefault();
    event.stopPropagation();
    window.beleidBronKeuze = `${match[1]}-${match[2]}`;
    document.querySelector("#bron-open").click();
    const started = Date.now();
    const timer = setInterval(() => {
      const mark = document.querySelector(`#bronkaart-${match[2]}[open] mark`);
      if (mark || Date.now() - started > 5000) {
        clearInterval(timer);
        if (mark) mark.scrollIntoView({block: "nearest"});
      }
    }, 100);
  }, true);
}
"""
READ_CHOICE_JS = "(keuze, antwoorden) => [window.beleidBronKeuze || '', antwoorden]"
_CHOICE = re.compile(r"^(\d+)-(\d+)$")


def _quote_spans(passage: str, quote: str) -> list[tuple[int, int]]:
    """Where each part of the quote (parts are joined by ' … ') occurs in the passage, whitespace-tolerant."""
    spans = []
    for part in quote.split(" … "):
        words = part.split()
        if not words:
            continue
        match = re.search(r"\s+".join(re.escape(word) for word in words), passage)
        if match:
            spans.append(match.span())
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(passage: str, quote: str) -> str:
    """The passage as escaped HTML with the quote's parts in <mark>; an unmatched quote is shown below it."""
    spans = _quote_spans(passage, quote)
    parts, cursor = [], 0
    for start, end in spans:
        parts.append(html.escape(passage[cursor:start]))
        parts.append(f"<mark>{html.escape(passage[start:end])}</mark>")
        cursor = end
    parts.append(html.escape(passage[cursor:]))
    body = "".join(parts)
    if quote.strip() and not spans:
        body += f"\n\n<strong>Citaat:</strong> <mark>{html.escape(quote)}</mark>"
    return body


def _card(citation: Citation, opened: bool) -> str:
    esc = html.escape
    page = citation.page_label or str(citation.page)
    rows = [("Type", citation.doc_type), ("Sector", citation.sector), ("Periode", citation.period),
            ("Pagina", page), ("Artikel", citation.article), ("Onderdeel", citation.heading),
            ("Bestand", citation.file_name),
            ("Tekst", "gelezen met OCR uit een gescande pagina — controleer het origineel" if citation.ocr else "")]
    meta = "".join(f"<dt>{name}</dt><dd>{esc(value)}</dd>" for name, value in rows if value)
    link = esc(source_url(citation.file_name, citation.page))
    return (
        f"<details class='bron' id='bronkaart-{citation.number}'{' open' if opened else ''}>"
        f"<summary><span class='bron-nr'>[{citation.number}]</span>{esc(citation.title)} — p. {esc(page)}</summary>"
        f"<dl class='bron-meta'>{meta}</dl>"
        f"<div class='bron-passage'>{highlight(citation.passage, citation.quote)}</div>"
        f"<a class='bron-link' href='{link}' target='_blank' rel='noopener'>Open het originele document "
        f"op pagina {esc(page)}</a></details>"
    )


def render_sources(answer: Answer | None, opened: int | None = None) -> str:
    """HTML for the panel: the answer's citations as cards, card ``opened`` unfolded."""
    if answer is None or not answer.citations:
        return EMPTY_PANEL
    cards = "".join(_card(c, c.number == opened) for c in answer.citations)
    question = html.escape(answer.question)
    return f"<div class='bronnen'><p class='leeg'>Bronnen bij: <em>{question}</em></p>{cards}</div>"


class SourcePanel:
    """The panel (gr.HTML) and the hidden button that citation clicks press."""

    def __init__(self, answers: gr.State):
        self.answers = answers
        self.html = gr.HTML(EMPTY_PANEL, elem_id="bronpaneel")
        self.choice = gr.Textbox(visible="hidden", elem_id="bron-keuze", label="bron")
        self.open_button = gr.Button("Bron openen", visible="hidden", elem_id="bron-open")

    def register(self) -> None:
        """A click on a marker shows that citation of that answer."""
        self.open_button.click(self.show, [self.choice, self.answers], [self.html], js=READ_CHOICE_JS,
                               api_name="show_source", show_progress="hidden")

    @staticmethod
    def show(choice: str, answers: list[Answer]) -> str:
        """Render the panel for ``choice`` ('<turn>-<number>'): the turn's citations with that one open."""
        match = _CHOICE.match(choice or "")
        if not match or not int(match.group(1)) < len(answers):
            return EMPTY_PANEL
        return render_sources(answers[int(match.group(1))], opened=int(match.group(2)))
