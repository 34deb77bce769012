"""The Documenten tab: what is indexed, upload with a progress bar, delete, and re-ingest everything."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import gradio as gr

from answer.assistant import Assistant
from beleid.errors import IngestBusyError
from beleid.settings import Settings
from index.indexer import Indexer
from index.types import IngestReport
from ui.auth import LoginGate
from ui.files import check_upload, remove_document, save_upload
from ui.notify import error, warn

COLUMNS = ["Bestand", "Titel", "Type", "Sector", "Periode", "Status", "Passages", "Datum"]
RESULT_LABELS = {"added": "✅ opgenomen", "updated": "✅ bijgewerkt", "unchanged": "✔️ ongewijzigd",
                 "failed": "❌ mislukt", "deleted": "🗑️ verwijderd", "duplicate": "⚠️ dubbel"}


def _reason(file_name: str, reason: str) -> str:
    """Ingest reasons start with the file's name; the table and status lines name the file already."""
    return reason.removeprefix(f"{Path(file_name).name}: ")


def document_status(doc: dict) -> str:
    """'opgenomen', or 'mislukt'/'dubbel' with the reason."""
    if doc["status"] == "indexed":
        return f"opgenomen — {doc['notes']}" if doc.get("notes") else "opgenomen"
    label = "dubbel" if doc["status"] == "duplicate" else "mislukt"
    return f"{label}: {_reason(doc['file_name'], doc['error'])}" if doc["error"] else label


def document_rows(documents: list[dict]) -> list[list]:
    """Table rows for the documents of the index."""
    return [
        [doc["file_name"], doc["title"], doc["doc_type"], doc["sector"], doc["period"], document_status(doc),
         doc["chunk_count"], time.strftime("%d-%m-%Y %H:%M", time.localtime(doc["ingested_at"]))]
        for doc in documents
    ]


def report_lines(report: IngestReport) -> list[str]:
    """One Dutch line per file that ingest touched."""
    lines = []
    for result in report.results:
        detail = f" ({result.chunks} passages)" if result.chunks else ""
        reason = f" — {_reason(result.file_name, result.reason)}" if result.reason else ""
        reason += f" — {result.notes}" if result.notes else ""
        lines.append(f"- {RESULT_LABELS[result.status]}: {result.file_name}{detail}{reason}")
    return lines or ["Geen documenten gevonden in de documentenmap."]


class DocumentsTab:
    """Upload, delete and re-ingest; every action ends with a refreshed table (and refreshed filters)."""

    def __init__(self, settings: Settings, assistant: Assistant, gate: LoginGate, linked: list,
                 linked_updates: Callable[[list[dict]], list]):
        """``linked`` are components elsewhere that depend on the documents; ``linked_updates`` refills them."""
        self.settings = settings
        self.linked = linked
        self.linked_updates = linked_updates
        self.catalog = assistant.catalog
        self.indexer = Indexer(settings, assistant.catalog)
        self.gate = gate
        allowed = ", ".join(ext.lstrip(".").upper() for ext in settings.ingest.extensions)
        with gate.area("documenten toe te voegen of te verwijderen"):
            self.table = gr.Dataframe(headers=COLUMNS, interactive=False, wrap=True, label="Opgenomen documenten",
                                      elem_id="documenten-tabel", elem_classes="tabel",
                                      column_widths=["20%", "22%", "10%", "10%", "8%", "12%", "7%", "11%"])
            gr.Markdown("### Documenten toevoegen")
            self.files = gr.File(
                label=f"{allowed}; maximaal {settings.ingest.max_file_mb:g} MB per bestand, "
                      f"{settings.ui.max_upload_files} bestanden tegelijk",
                file_count="multiple", type="filepath", elem_id="upload", height=160)
            self.upload_button = gr.Button("Toevoegen en opnemen", variant="primary", elem_id="upload-knop")
            gr.Markdown("### Document verwijderen of alles opnieuw opnemen\n"
                        "Opnieuw opnemen verwerkt nieuwe en gewijzigde bestanden in de documentenmap en haalt "
                        "documenten weg waarvan het bestand verdwenen is.")
            with gr.Row():
                self.delete_choice = gr.Dropdown([], label="Document", scale=3, elem_id="verwijder-keuze",
                                                 allow_custom_value=True)
                self.delete_button = gr.Button("Verwijderen", variant="stop", scale=1, elem_id="verwijder-knop")
                self.reingest_button = gr.Button("Alles opnieuw opnemen", scale=1, elem_id="opnieuw-knop")
            self.status = gr.Markdown(elem_id="documenten-status")

    @property
    def refresh_outputs(self) -> list:
        return [self.table, self.delete_choice, *self.linked]

    def refresh(self, user: str | None) -> list:
        """Updates for the table, the delete choices and the linked components."""
        documents = self.catalog.state.documents()
        return [*self.table_updates(user, documents), *self.linked_updates(documents)]

    def register(self) -> None:
        """Wire the actions; each is followed by a refresh."""
        refresh, outputs, user = self.refresh, self.refresh_outputs, self.gate.user
        self.upload_button.click(self.upload, [self.files, user], [self.status, self.files], api_name="upload",
                                 concurrency_id="ingest").then(refresh, [user], outputs, api_visibility="private")
        self.delete_button.click(self.delete, [self.delete_choice, user], [self.status], api_name="delete_document",
                                 concurrency_id="ingest").then(refresh, [user], outputs, api_visibility="private")
        self.reingest_button.click(self.reingest, [user], [self.status], api_name="reingest",
                                   concurrency_id="ingest").then(refresh, [user], outputs, api_visibility="private")
        self.gate.refresh_on_change(refresh, [user], outputs)

    def table_updates(self, user: str | None, documents: list[dict]) -> list:
        """The table and the delete choices; empty for a session that has not signed in."""
        if not self.gate.allows(user):
            return [{"headers": COLUMNS, "data": []}, gr.Dropdown(choices=[], value=None)]
        names = [doc["file_name"] for doc in documents]
        return [{"headers": COLUMNS, "data": document_rows(documents)}, gr.Dropdown(choices=names, value=None)]

    def _ingest(self, paths: list[Path] | None, progress: gr.Progress) -> list[str]:
        """Ingest with a progress bar; IngestBusyError goes to the caller."""
        def report(done: int, total: int, name: str) -> None:
            if total:
                progress((done, total), desc=f"Opnemen: {name}" if name else "Klaar", unit="bestanden")

        return report_lines(self.indexer.ingest(paths, progress=report))

    def upload(self, files: list[str] | None, user: str | None, progress: gr.Progress = gr.Progress()) -> tuple:
        """Check the files, copy the accepted ones into the corpus folder, ingest them."""
        self.gate.require(user)
        if not files:
            raise error("Kies eerst een of meer bestanden om toe te voegen.")
        limit = self.settings.ui.max_upload_files
        if len(files) > limit:
            raise error(f"Te veel bestanden tegelijk ({len(files)}); het maximum is {limit}.")
        checks = [check_upload(Path(file), self.settings) for file in files]
        lines = []
        for check in checks:
            if check.error:
                warn(check.error)
                lines.append(f"- ❌ niet toegevoegd: {check.error}")
        accepted = [save_upload(check, self.settings.ingest.corpus_dir) for check in checks if not check.error]
        if accepted:
            try:
                lines.extend(self._ingest(accepted, progress))
            except IngestBusyError as err:
                warn(err.user_message)
                lines.append(f"- ⏳ {err.user_message} De bestanden staan al in de documentenmap; kies daarna "
                             "'Alles opnieuw opnemen'.")
        return "\n".join(lines), None

    def delete(self, file_name: str | None, user: str | None) -> str:
        """Remove a document from the index and its file from the corpus folder."""
        self.gate.require(user)
        if not file_name:
            raise error("Kies eerst een document om te verwijderen.")
        try:
            removed = remove_document(self.settings, self.indexer, file_name)
        except IngestBusyError as err:
            raise error(err.user_message) from err
        if not removed:
            raise error(f"{file_name} bestaat niet (meer).")
        return f"🗑️ {file_name} is verwijderd."

    def reingest(self, user: str | None, progress: gr.Progress = gr.Progress()) -> str:
        """Bring the index in line with the whole corpus folder (new, changed and deleted files)."""
        self.gate.require(user)
        try:
            return "\n".join(self._ingest(None, progress))
        except IngestBusyError as err:
            raise error(err.user_message) from err
