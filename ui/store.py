"""Feedback on answers, kept in the app's SQLite file and exported as CSV for Excel."""

from __future__ import annotations

import csv
import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from answer.types import Answer

if TYPE_CHECKING:  # type hints only: importing the Assistant opens no index here
    from answer.assistant import Assistant
    from beleid.settings import Settings

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT, created_at REAL NOT NULL, rating TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '', question TEXT NOT NULL, answer TEXT NOT NULL,
    refused INTEGER NOT NULL, citations TEXT NOT NULL, filters TEXT NOT NULL,
    backend TEXT NOT NULL, model TEXT NOT NULL, collection TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS grades (
    run_id TEXT NOT NULL, question_id TEXT NOT NULL, grade TEXT NOT NULL, citations_ok INTEGER,
    note TEXT NOT NULL DEFAULT '', grader TEXT NOT NULL DEFAULT '', graded_at REAL NOT NULL,
    PRIMARY KEY (run_id, question_id)
);
"""
CSV_COLUMNS = ("id", "datum", "oordeel", "opmerking", "vraag", "antwoord", "geweigerd", "bronnen", "filters",
               "backend", "model", "collectie")
RATINGS = {"up": "nuttig", "down": "niet nuttig"}
GRADES = ("juist", "deels juist", "fout")
GRADE_CSV_COLUMNS = ("run", "vraag_id", "vraag", "automatisch_correct", "oordeel", "bronnen_kloppen", "opmerking",
                     "beoordelaar", "datum")


@dataclass(frozen=True)
class SettingsSnapshot:
    """What produced an answer: answering backend, model and index collection."""

    backend: str
    model: str
    collection: str


def snapshot(settings: Settings, assistant: Assistant) -> SettingsSnapshot:
    """Backend, model and collection, stored with every piece of feedback (web app and API alike)."""
    model = settings.answer.llm_model if assistant.backend == "llm" else settings.embedding.model
    return SettingsSnapshot(backend=assistant.backend, model=model, collection=settings.collection_name)


class FeedbackStore:
    """Thumbs up/down with an optional comment per answer; one short connection per call (thread-safe)."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        with self._connect() as db:
            db.executescript(SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=30)) as db:
            db.row_factory = sqlite3.Row
            with db:
                yield db

    def add(self, rating: str, answer: Answer, comment: str, snapshot: SettingsSnapshot) -> int:
        """Store one judgement of ``answer`` ('up' or 'down'); returns its id."""
        if rating not in RATINGS:
            raise ValueError(f"unknown rating {rating!r}")
        citations = [{k: v for k, v in asdict(c).items() if k != "passage"} for c in answer.citations]
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO feedback (created_at, rating, comment, question, answer, refused, citations, filters, "
                "backend, model, collection) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (time.time(), rating, comment.strip(), answer.question, answer.text, int(answer.refused),
                 json.dumps(citations, ensure_ascii=False), json.dumps(answer.filters, ensure_ascii=False),
                 snapshot.backend, snapshot.model, snapshot.collection),
            )
            return int(cursor.lastrowid)

    def rows(self, limit: int | None = None) -> list[dict]:
        """Stored feedback, newest first."""
        sql = "SELECT * FROM feedback ORDER BY id DESC" + (" LIMIT ?" if limit else "")
        with self._connect() as db:
            return [dict(row) for row in db.execute(sql, (limit,) if limit else ())]

    def export_csv(self, target: Path) -> Path:
        """Write all feedback to ``target``: UTF-8 with BOM and ';' separators, as Belgian Excel expects."""
        with target.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(CSV_COLUMNS)
            for row in self.rows():
                writer.writerow((
                    row["id"], time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(row["created_at"])),
                    RATINGS[row["rating"]], row["comment"], row["question"], row["answer"],
                    "ja" if row["refused"] else "nee", row["citations"], row["filters"], row["backend"],
                    row["model"], row["collection"],
                ))
        return target

    def grade(self, run_id: str, question_id: str, grade: str, citations_ok: bool | None, note: str,
              grader: str) -> None:
        """Store an evaluator's grade of one question of an evaluation run; grading again replaces it."""
        if grade not in GRADES:
            raise ValueError(f"unknown grade {grade!r}")
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO grades (run_id, question_id, grade, citations_ok, note, grader, graded_at) "
                "VALUES (?,?,?,?,?,?,?)",
                (run_id, question_id, grade, None if citations_ok is None else int(citations_ok), note.strip(),
                 grader, time.time()),
            )

    def grades(self, run_id: str) -> dict[str, dict]:
        """The grades of one run by question id."""
        with self._connect() as db:
            rows = db.execute("SELECT * FROM grades WHERE run_id = ? ORDER BY question_id", (run_id,))
            return {row["question_id"]: dict(row) for row in rows}

    def export_grades_csv(self, target: Path, run_id: str, questions: dict[str, dict]) -> Path:
        """The grades of one run as CSV for Excel, with each question's text and automatic verdict."""
        with target.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(GRADE_CSV_COLUMNS)
            for question_id, row in self.grades(run_id).items():
                question = questions.get(question_id, {})
                auto = question.get("correct")
                writer.writerow((
                    run_id, question_id, question.get("question", ""),
                    "" if auto is None else ("ja" if auto else "nee"),
                    row["grade"], {None: "", 1: "ja", 0: "nee"}[row["citations_ok"]], row["note"], row["grader"],
                    time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(row["graded_at"])),
                ))
        return target
