"""Plain data that leaves the index layer."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ingest.types import PageStart, page_at


@dataclass(frozen=True)
class SearchFilters:
    """Limit a search to documents, types, sectors or periods (empty = no limit)."""

    doc_ids: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return not (self.doc_ids or self.doc_types or self.sectors or self.periods)

    def as_dict(self) -> dict[str, list[str]]:
        return {key: list(value) for key, value in asdict(self).items() if value}


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its source and scores."""

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
    dense_score: float | None = None
    bm25_score: float | None = None
    page_map: tuple[PageStart, ...] = ()
    ocr: bool = False

    def as_dict(self) -> dict:
        return asdict(self)

    def page_of(self, offset: int) -> PageStart:
        """The page (offset, number, label, read by OCR) of the character at ``offset`` of the passage text."""
        return page_at(self.page_map, offset) if self.page_map else (0, self.page_start, self.page_label, self.ocr)


@dataclass(frozen=True)
class FileResult:
    """What ingest did with one file."""

    file_name: str
    status: str  # added | updated | unchanged | failed | deleted | duplicate
    chunks: int = 0
    reason: str = ""
    notes: str = ""  # Dutch, for a document that was ingested with pages it could not read


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for result in self.results if result.status == status)

    @property
    def changed(self) -> bool:
        return any(r.status in {"added", "updated", "deleted"} for r in self.results)
