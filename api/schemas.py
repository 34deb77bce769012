"""Request and response bodies of /api/v1 (the OpenAPI schema is generated from these)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_QUESTION_CHARS = 4000


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Filters(_Request):
    """Limit to documents (ids from GET /documents), document types, sectors or periods; empty = no limit."""

    doc_ids: list[str] = Field(default_factory=list, description="Document ids, see GET /api/v1/documents.")
    doc_types: list[str] = Field(default_factory=list, description="E.g. convenant, addendum, beleidstekst.")
    sectors: list[str] = Field(default_factory=list, description="E.g. Lokale besturen.")
    periods: list[str] = Field(default_factory=list, description="E.g. 2021-2022.")


class HistoryTurn(_Request):
    question: str
    answer: str


class AskRequest(_Request):
    question: str = Field(max_length=MAX_QUESTION_CHARS, description="The question, in Dutch.")
    history: list[HistoryTurn] = Field(default_factory=list, description="Earlier turns, oldest first.")
    filters: Filters | None = None
    stream: bool = Field(False, description="Answer as server-sent events: 'delta' events, then one 'answer'.")


class SearchRequest(_Request):
    query: str = Field(max_length=MAX_QUESTION_CHARS)
    k: int | None = Field(None, ge=1, description="Number of passages (default: the index's top_k).")
    mode: Literal["hybrid", "dense", "bm25"] = "hybrid"
    filters: Filters | None = None


class FeedbackRequest(_Request):
    answer_id: str = Field(description="The 'id' of an answer of POST /ask (or of a chat completion).")
    rating: Literal["up", "down"]
    comment: str = Field("", max_length=2000)


class CitationOut(BaseModel):
    number: int = Field(description="The marker [n] in the answer text.")
    doc_id: str
    title: str
    file_name: str
    doc_type: str
    sector: str
    period: str
    page: int
    page_label: str
    article: str
    heading: str = Field(description="The section path the passage is in, e.g. '3 Werk › 3.2.1 Werf 1'.")
    quote: str = Field(description="The exact text that supports the answer.")
    passage: str
    score: float
    ocr: bool = Field(False, description="The quoted page was read by OCR from a scan: check the original.")
    source_url: str = Field(description="The original document at the page of the quoted sentence.")


class AnswerOut(BaseModel):
    id: str = Field(description="Refer to this answer in POST /api/v1/feedback.")
    question: str
    standalone_question: str
    text: str = Field(description="The answer with citation markers [n].")
    refused: bool
    reason: str = Field(description="Why the answer was refused or trimmed: a diagnostic for maintainers (English).")
    backend: str
    filters: dict[str, list[str]]
    citations: list[CitationOut]
    timings: dict[str, float]


class PassageOut(BaseModel):
    chunk_id: str
    doc_id: str
    title: str
    file_name: str
    doc_type: str
    sector: str
    period: str
    page_start: int
    page_end: int
    page_label: str
    heading: str
    article: str
    text: str
    score: float
    dense_score: float | None
    bm25_score: float | None
    ocr: bool = Field(False, description="Some of the passage was read by OCR from a scanned page.")
    source_url: str


class SearchOut(BaseModel):
    query: str
    mode: str
    passages: list[PassageOut]


class DocumentOut(BaseModel):
    doc_id: str
    file_name: str
    title: str
    doc_type: str
    sector: str
    period: str
    pages: int
    passages: int
    status: str = Field(description="indexed, failed or duplicate (then 'error' says why).")
    error: str
    ingested_at: str = Field(description="ISO 8601, UTC.")
    source_url: str


class DocumentsOut(BaseModel):
    documents: list[DocumentOut]


class IngestResultOut(BaseModel):
    file_name: str
    status: str = Field(description="added, updated, unchanged, failed, deleted or duplicate.")
    passages: int
    reason: str


class IngestOut(BaseModel):
    results: list[IngestResultOut]


class DeletedOut(BaseModel):
    deleted: str
    file_name: str


class CommitmentOut(BaseModel):
    id: str
    doc_id: str
    actor: str
    theme: str
    theme_label: str
    text: str
    article: str
    heading: str
    page: int
    page_label: str
    chunk_id: str
    sector: str
    period: str
    title: str
    file_name: str
    doc_type: str
    source_url: str


class CommitmentsOut(BaseModel):
    commitments: list[CommitmentOut]


class FeedbackOut(BaseModel):
    id: int


class HealthOut(BaseModel):
    status: Literal["ok"]
    version: str
    backend: str
    model: str = Field(description="The LLM (llm backend) or the embedding model (extractive).")
    embedding_model: str
    collection: str
    documents: int
    passages: int
    commitments: int


class ErrorOut(BaseModel):
    code: str = Field(description="Stable, for programs.")
    message: str = Field(description="Dutch, for people.")
    field: str | None = None
