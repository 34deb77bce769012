"""The chat: streamed answers with clickable citation markers, examples, history per browser session."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator

import gradio as gr

from answer.assistant import Assistant
from answer.types import Answer, Turn
from beleid.errors import BeleidError
from ui.filters import FilterBar, describe, make_filters
from ui.notify import warn
from ui.sources import EMPTY_PANEL, SourcePanel, render_sources

log = logging.getLogger(__name__)

EXAMPLES = [
    "Hoeveel sectorconsulenten zijn er?",
    "Waarom voerden de sectoren een relancetoets uit?",
    "Hoeveel investeert de minister in de sectorconvenants?",
]
PLACEHOLDER = (
    "**Stel een vraag over de beleidsdocumenten.**\n\n"
    "Elk antwoord komt uit de opgenomen documenten en verwijst naar de bron. Klik op [1] om de passage te zien."
)
EMPTY_INDEX = (
    "Er zijn nog geen documenten opgenomen, dus ik kan nog niets beantwoorden. Voeg documenten toe in het "
    "tabblad **Documenten** of laat de beheerder `beleid ingest` uitvoeren."
)
UNEXPECTED = ("Er ging iets mis bij het beantwoorden van je vraag. Probeer het opnieuw; blijft het misgaan, "
              "meld het dan aan de beheerder.")
_MARKER = re.compile(r"\[(\d+)\]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}#|~$])")


def escape_markdown(text: str) -> str:
    """Text that the chat's Markdown renderer shows literally (HTML tags become visible text)."""
    return html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", text), quote=False)


def render_answer(answer: Answer, turn: int, titles: dict[str, str]) -> str:
    """The answer for the chat: escaped text, markers [n] as links to the source panel, active filters below."""
    pieces = _MARKER.split(answer.text)
    numbers = {c.number for c in answer.citations}
    out = []
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            out.append(escape_markdown(piece))
        elif int(piece) in numbers:
            out.append(f'<a class="cite" href="#bron-{turn}-{piece}" title="Bron {piece} tonen">[{piece}]</a>')
        else:
            out.append(escape_markdown(f"[{piece}]"))
    active = describe(answer.filters, titles)
    if active:
        out.append(f"\n\n*Gefilterd op {escape_markdown(active)}*")
    return "".join(out)


class ChatPanel:
    """Question box, chat, 'Nieuw gesprek', and the notice shown while the index is empty."""

    def __init__(self, assistant: Assistant, answers: gr.State, filters: FilterBar):
        self.assistant = assistant
        self.answers = answers
        self.filters = filters
        self.notice = gr.Markdown(visible=False, elem_classes="melding")
        self.chatbot = gr.Chatbot(
            label="Gesprek", height=520, placeholder=PLACEHOLDER, examples=[{"text": q} for q in EXAMPLES],
            latex_delimiters=[], buttons=["copy"], elem_id="gesprek",
        )
        with gr.Row(equal_height=True):
            self.question = gr.Textbox(placeholder="Typ hier je vraag over de beleidsdocumenten", show_label=False,
                                       scale=5, lines=1, max_lines=4, elem_id="vraag", autofocus=True)
            self.ask_button = gr.Button("Vraag", variant="primary", scale=1, elem_id="vraag-knop")
            self.new_button = gr.Button("Nieuw gesprek", scale=1, elem_id="nieuw-gesprek")

    def register(self, sources: SourcePanel) -> None:
        """Asking (button, Enter or an example), starting over; answers update the source panel."""
        outputs = [self.chatbot, self.question, sources.html, self.answers]
        limit = {"concurrency_id": "ask", "concurrency_limit": self.assistant.settings.answer_concurrency}
        gr.on([self.ask_button.click, self.question.submit], self.ask,
              [self.question, self.chatbot, self.answers, *self.filters.components], outputs, api_name="ask", **limit)
        self.chatbot.example_select(self.pick_example, None, [self.question], api_visibility="private").then(
            self.ask, [self.question, self.chatbot, self.answers, *self.filters.components], outputs,
            api_visibility="private", **limit)
        self.new_button.click(self.start_over, None, outputs, api_name="new_conversation")
        self.chatbot.clear(self.start_over, None, outputs, api_visibility="private")

    @staticmethod
    def pick_example(event: gr.SelectData) -> str:
        """The clicked example question."""
        return event.value["text"]

    @staticmethod
    def start_over() -> tuple:
        """An empty conversation: no messages, no history, empty source panel."""
        return [], "", EMPTY_PANEL, []

    def notice_update(self) -> gr.Markdown:
        """Shown only while no document is indexed."""
        empty = self.assistant.catalog.state.chunk_count() == 0
        return gr.Markdown(f"⚠️ {EMPTY_INDEX}" if empty else "", visible=empty)

    def ask(self, question: str, messages: list, answers: list[Answer], doc_ids=None, doc_types=None,
            sectors=None, periods=None) -> Iterator[tuple]:
        """Stream the answer into the chat, then show it with linked citations and its sources."""
        question = (question or "").strip()
        if not question:
            warn("Typ eerst een vraag.")
            yield messages, "", gr.skip(), answers
            return
        messages = [*messages, {"role": "user", "content": escape_markdown(question)}]
        if self.assistant.catalog.state.chunk_count() == 0:
            warn("Er zijn nog geen documenten opgenomen.")
            yield [*messages, {"role": "assistant", "content": EMPTY_INDEX}], "", gr.skip(), answers
            return
        history = [Turn(a.question, a.text) for a in answers]
        filters = make_filters(doc_ids, doc_types, sectors, periods)
        text, answer = "", None
        yield [*messages, {"role": "assistant", "content": "…"}], "", gr.skip(), answers
        try:
            for event in self.assistant.stream(question, history, filters):
                if isinstance(event, Answer):
                    answer = event
                else:
                    text += event
                    yield [*messages, {"role": "assistant", "content": escape_markdown(text)}], "", gr.skip(), answers
        except BeleidError as err:
            log.warning("answering %r failed: %s", question, err)
            warn(err.user_message)
            yield [*messages, {"role": "assistant", "content": f"⚠️ {escape_markdown(err.user_message)}"}], \
                question, gr.skip(), answers
            return
        except Exception:  # the UI edge: log the cause, tell the user in Dutch, keep the session usable
            log.exception("unexpected error while answering %r", question)
            warn(UNEXPECTED)
            yield [*messages, {"role": "assistant", "content": f"⚠️ {UNEXPECTED}"}], question, gr.skip(), answers
            return
        assert answer is not None, "Assistant.stream ends with an Answer"
        answers = [*answers, answer]
        titles = {doc["doc_id"]: doc["title"] for doc in self.assistant.catalog.state.documents()}
        rendered = render_answer(answer, len(answers) - 1, titles)
        yield [*messages, {"role": "assistant", "content": rendered}], "", render_sources(answer), answers
