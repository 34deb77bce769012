"""Gold question sets (JSONL, see eval/questions/README.md) and the relevance rule shared by all metrics."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ingest.types import CELL_SEPARATOR

QUESTIONS_DIR = Path(__file__).parent / "questions"


def squash(text: str) -> str:
    """Lower-case with whitespace collapsed and table cells joined by a space: how support strings and facts are
    matched (the gold sets quote a table row as a person reads it, "Borging minimaal 50% lokaal eigendom 1 juli
    2023 3e"; our text separates its cells, "… eigendom | 1 juli 2023 | 3e")."""
    return re.sub(r"\s+", " ", text.replace(CELL_SEPARATOR, " ")).strip().lower()


@dataclass(frozen=True)
class GoldQuestion:
    id: str
    question: str
    type: str
    answerable: bool
    expected_facts: tuple[str, ...] = ()
    expected_sources: tuple[dict, ...] = ()
    support: tuple[str, ...] = ()
    history: tuple[dict, ...] = field(default_factory=tuple)

    def is_relevant(self, text: str, file_name: str) -> bool:
        """A passage is relevant when it holds a support string, or all facts in an expected document."""
        body = squash(text)
        if any(squash(s) in body for s in self.support):
            return True
        files = {source["file"] for source in self.expected_sources}
        return bool(self.expected_facts) and file_name in files and all(squash(f) in body for f in self.expected_facts)


def load_questions(path: Path) -> list[GoldQuestion]:
    questions = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        questions.append(GoldQuestion(
            id=row["id"], question=row["question"], type=row["type"], answerable=row["answerable"],
            expected_facts=tuple(row.get("expected_facts", ())), expected_sources=tuple(row.get("expected_sources", ())),
            support=tuple(row.get("support", ())), history=tuple(row.get("history", ())),
        ))
    return questions
