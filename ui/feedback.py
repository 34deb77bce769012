"""Feedback: thumbs up/down with an optional comment under the chat, and a tab to read and export it."""

from __future__ import annotations

import time

import gradio as gr

from answer.types import Answer
from ui.auth import LoginGate
from ui.files import export_folder
from ui.notify import warn
from ui.store import RATINGS, FeedbackStore, SettingsSnapshot

TABLE_COLUMNS = ["Datum", "Oordeel", "Vraag", "Antwoord", "Opmerking"]
THANKS = "Bedankt! Je feedback is bewaard."
NO_ANSWER = "Stel eerst een vraag: feedback hoort bij een antwoord."


class FeedbackBar:
    """'Was dit antwoord nuttig?' for the latest answer of this session."""

    def __init__(self, store: FeedbackStore, snapshot: SettingsSnapshot, answers: gr.State):
        self.store = store
        self.snapshot = snapshot
        self.answers = answers
        with gr.Group(elem_id="feedback"):
            with gr.Row(equal_height=True):
                gr.Markdown("**Was het laatste antwoord nuttig?**", padding=True)
                self.up = gr.Button("👍 Nuttig", size="sm", elem_id="duim-omhoog", min_width=100)
                self.down = gr.Button("👎 Niet nuttig", size="sm", elem_id="duim-omlaag", min_width=100)
            self.comment = gr.Textbox(label="Opmerking (optioneel)", max_lines=3, elem_id="feedback-opmerking",
                                      placeholder="Wat was goed of wat ontbrak er?")
        self.status = gr.Markdown(elem_id="feedback-status")

    def register(self, new_conversation: gr.Button) -> None:
        """Both thumbs store feedback; a new conversation clears the confirmation."""
        self.up.click(self.thumbs_up, [self.comment, self.answers], [self.comment, self.status],
                      api_name="feedback_up")
        self.down.click(self.thumbs_down, [self.comment, self.answers], [self.comment, self.status],
                        api_name="feedback_down")
        new_conversation.click(lambda: "", None, [self.status], api_visibility="private")

    def thumbs_up(self, comment: str, answers: list[Answer]) -> tuple:
        """Store a positive judgement of the latest answer."""
        return self._store("up", comment, answers)

    def thumbs_down(self, comment: str, answers: list[Answer]) -> tuple:
        """Store a negative judgement of the latest answer."""
        return self._store("down", comment, answers)

    def _store(self, rating: str, comment: str, answers: list[Answer]) -> tuple:
        if not answers:
            warn(NO_ANSWER)
            return gr.skip(), f"⚠️ {NO_ANSWER}"
        self.store.add(rating, answers[-1], comment or "", self.snapshot)
        return "", f"✅ {THANKS} ({RATINGS[rating]})"


class FeedbackTab:
    """The stored feedback, newest first, and a CSV download for Excel."""

    def __init__(self, store: FeedbackStore, gate: LoginGate):
        self.store = store
        self.gate = gate
        self.export_dir = export_folder("beleid-feedback-")
        with gate.area("de feedback te bekijken"):
            gr.Markdown("Feedback van gebruikers op de antwoorden, nieuwste eerst. De CSV opent in Excel.")
            self.table = gr.Dataframe(headers=TABLE_COLUMNS, interactive=False, wrap=True, elem_id="feedback-tabel",
                                      elem_classes="tabel", column_widths=["12%", "10%", "25%", "35%", "18%"])
            with gr.Row():
                self.refresh_button = gr.Button("Vernieuwen")
                self.export_button = gr.Button("Exporteer CSV", variant="primary", elem_id="exporteer-csv")
            self.download = gr.File(label="CSV-bestand", interactive=False, visible=False, elem_id="feedback-csv")

    def register(self) -> None:
        """Refresh and export; the table also fills on login and empties on logout."""
        self.refresh_button.click(self.rows, [self.gate.user], [self.table], api_name="feedback_list")
        self.export_button.click(self.export, [self.gate.user], [self.download], api_name="export_feedback")
        self.gate.refresh_on_change(self.rows, [self.gate.user], [self.table])

    def rows(self, user: str | None) -> dict:
        """The table (empty for a session that has not signed in)."""
        if not self.gate.allows(user):
            return {"headers": TABLE_COLUMNS, "data": []}
        data = [
            [time.strftime("%d-%m-%Y %H:%M", time.localtime(r["created_at"])), RATINGS[r["rating"]], r["question"],
             r["answer"], r["comment"]]
            for r in self.store.rows(limit=200)
        ]
        return {"headers": TABLE_COLUMNS, "data": data}

    def export(self, user: str | None) -> gr.File:
        """A CSV file with all feedback, offered for download."""
        self.gate.require(user)
        path = self.store.export_csv(self.export_dir / f"feedback-{time.strftime('%Y%m%d-%H%M%S')}.csv")
        return gr.File(value=str(path), visible=True)
