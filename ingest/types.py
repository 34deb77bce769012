"""Plain data passed from ingest to the index."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

BLOCK_SEPARATOR = "\n\n"
CELL_SEPARATOR = " | "  # between the cells of a table row, in a block's and a chunk's text
HEADING_SIZE = 1.12  # a block this much larger than the body text is set as a heading


@dataclass(frozen=True)
class TextBlock:
    """A block of a page as its layout shows it.

    ``kind`` is 'paragraph', 'bullet', 'table', 'footnote' or 'toc' (any block of a table-of-contents page);
    a Markdown heading is 'heading' with its ``level``. ``size`` is the font size relative to the body text
    (1.0; 0.0 when the source has no typography), ``bold`` whether all its lines are bold, ``lines`` how many
    lines it had on the page; ``italic`` and ``underlined`` hold for all its lines. Which blocks are headings
    is decided later, from all of this and the numbering.
    """

    kind: str
    text: str
    size: float = 0.0
    bold: bool = False
    lines: int = 1
    level: int = 0
    italic: bool = False
    underlined: bool = False

    @property
    def styled(self) -> bool:
        """Set apart from body text by weight, slant, underline or size, as headings are."""
        return self.bold or self.italic or self.underlined or self.size >= HEADING_SIZE


@dataclass(frozen=True)
class Page:
    """One page of a document: 1-based index, printed label, its text and, when known, its blocks.

    With blocks, ``text`` is the blocks' texts joined by blank lines. ``ocr`` marks text read by OCR from a
    scanned page.
    """

    number: int
    label: str
    text: str
    blocks: tuple[TextBlock, ...] = ()
    ocr: bool = False

    @classmethod
    def from_blocks(cls, number: int, label: str, blocks: list[TextBlock], ocr: bool = False) -> "Page":
        kept = tuple(block for block in blocks if block.text.strip())
        return cls(number, label, BLOCK_SEPARATOR.join(block.text for block in kept), kept, ocr)


@dataclass
class LoadedPages:
    """A file's pages as read and, in Dutch for the user, notes on what could not be read (scanned pages);
    ``title`` is the title the file declares (PDF info, DOCX properties), '' when none."""

    pages: list[Page]
    notes: list[str] = field(default_factory=list)
    title: str = ""


@dataclass(frozen=True)
class DocumentMeta:
    """What a document is; inferred from file name and text, overridable by NAME.meta.toml.

    ``author`` is only set by a sidecar: who "we/wij" and "ik" are in its commitments (otherwise inferred
    from the document, see ingest/commitment_actors.py)."""

    doc_id: str
    file_name: str
    title: str
    doc_type: str
    sector: str
    period: str
    author: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class Chunk:
    """A passage to embed, with everything a citation needs.

    ``heading`` is the section path ("3 Werk › 3.2.1 Werf 1 - Elk talent telt"); ``page_map`` holds
    (offset in the text, page number, page label, read by OCR) for the first page and every page that
    starts inside the chunk, so a quote can name the page it is on; ``ocr``: some of it was read from a scan.
    """

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
    page_map: tuple[PageStart, ...] = ()
    ocr: bool = False


PageStart = tuple[int, int, str, bool]  # offset in a chunk's text, page number, page label, read by OCR


def page_at(page_map: tuple[PageStart, ...] | list, offset: int) -> PageStart:
    """The page (offset, number, label, OCR) that the character at ``offset`` of a chunk's text is on."""
    found = page_map[0]
    for entry in page_map:
        if entry[0] > offset:
            break
        found = entry
    return found


@dataclass(frozen=True)
class Commitment:
    """A commitment (engagement) found in a document: who commits to what, and where it is written.

    ``actor`` is normalised ("Vlaamse Regering", "sector", "partijen", "minister", "werkgever",
    "Gedeputeerde Staten", a named body, ...); ``heading`` the section path the sentence stands in;
    ``page`` the page on which the sentence starts; ``char_start``/``char_end`` its exact span in the
    document text of ``ingest.sections.document_structure``; ``confidence`` in [0, 1] how clear the
    commitment language is (>= 0.75: clear); ``theme`` a key of ingest/themes.toml, empty until the index
    layer classifies it.
    """

    actor: str
    text: str
    article: str
    heading: str
    page: int
    page_label: str
    chunk_id: str
    theme: str = ""
    confidence: float = 1.0
    char_start: int = -1
    char_end: int = -1


@dataclass
class ParsedDocument:
    """A document after loading, cleaning and chunking; nothing is stored yet."""

    meta: DocumentMeta
    content_hash: str
    pages: list[Page]
    notes: list[str] = field(default_factory=list)
    chunks: list[Chunk] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
