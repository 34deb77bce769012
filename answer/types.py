"""The one answer type used by CLI, UI and evaluation."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Turn:
    """One earlier exchange in a conversation."""

    question: str
    answer: str


@dataclass(frozen=True)
class Citation:
    """A numbered source of an answer: where it is and the exact text that supports the claim."""

    number: int
    chunk_id: str
    doc_id: str
    title: str
    file_name: str
    doc_type: str
    sector: str
    period: str
    page: int
    page_label: str
    article: str
    heading: str
    passage: str
    quote: str
    score: float
    ocr: bool = False  # the passage was read by OCR from a scanned page


@dataclass
class Answer:
    """An answer with its citations. ``raw_text`` cites passage keys ([[chunk id]]), ``text`` numbers ([1])."""

    question: str
    standalone_question: str
    text: str
    raw_text: str
    refused: bool
    citations: list[Citation] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    backend: str = "extractive"
    filters: dict[str, list[str]] = field(default_factory=dict)
    reason: str = ""
    answerability: float | None = None  # extractive backend: estimated probability that the evidence answers it

    def to_dict(self) -> dict:
        return asdict(self)
