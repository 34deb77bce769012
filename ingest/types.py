"""Plain data passed from ingest to the index."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Page:
    """One page of a document: 1-based index, printed label and its text."""

    number: int
    label: str
    text: str


@dataclass(frozen=True)
class DocumentMeta:
    """What a document is; inferred from file name and text, overridable by NAME.meta.toml."""

    doc_id: str
    file_name: str
    title: str
    doc_type: str
    sector: str
    period: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class Chunk:
    """A passage to embed, with everything a citation needs."""

    chunk_id: str
    doc_id: str
    text: str
    page_start: int
    page_end: int
    page_label: str
    heading: str
    article: str
    char_start: int
    char_end: int
    content_hash: str


@dataclass(frozen=True)
class Commitment:
    """A commitment (engagement) found in a convenant: who commits to what, and where it is written.

    ``actor`` is "Vlaamse Regering", "sector" or "sectorconsulenten"; ``theme`` is a key of
    ingest/themes.toml, empty until the index layer classifies it.
    """

    actor: str
    text: str
    article: str
    heading: str
    page: int
    page_label: str
    chunk_id: str
    theme: str = ""


@dataclass
class ParsedDocument:
    """A document after loading, cleaning and chunking; nothing is stored yet."""

    meta: DocumentMeta
    content_hash: str
    pages: list[Page]
    chunks: list[Chunk] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
