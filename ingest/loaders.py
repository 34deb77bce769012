"""Read a file into pages, one reader per file type: PDFs and Markdown with their blocks, others as raw text."""

from __future__ import annotations

import logging
from html.parser import HTMLParser
from pathlib import Path

from beleid.errors import DocumentError
from ingest.markdown import markdown_blocks
from ingest.ocr import Tesseract
from ingest.pdf_reader import read_pdf
from ingest.types import LoadedPages, Page

log = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
MAX_UNPACKED_MB = 100.0  # a DOCX unpacking to more than this is treated as a zip bomb


def _fail(path: Path, log_message: str, user_message: str) -> DocumentError:
    return DocumentError(f"{path.name}: {log_message}", f"{path.name}: {user_message}")


def decode_text(raw: bytes) -> str:
    """Decode text files: UTF-8 (with or without BOM), else Windows-1252 as Belgian offices write it."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


class _HTMLText(HTMLParser):
    _SKIP = {"script", "style", "nav", "header", "footer", "noscript", "template", "svg", "form"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "ul", "ol"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip_depth += 1
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag in self._BLOCK:
            self.parts.append("\n\n" if tag.startswith("h") or tag == "p" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skip_depth:
            self._skip_depth -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n" if tag.startswith("h") or tag == "p" else "\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def _read_html(path: Path) -> list[Page]:
    parser = _HTMLText()
    parser.feed(decode_text(path.read_bytes()))
    return [Page(1, "1", "".join(parser.parts))]


def _check_archive(path: Path, max_unpacked_mb: float) -> None:
    """A DOCX is a zip: refuse one that would unpack to more than the limit (a zip bomb) before reading it."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as err:
        raise _fail(path, f"bad zip: {err}", "beschadigd Word-document, kan niet gelezen worden.") from err
    if unpacked > max_unpacked_mb * 1_000_000:
        raise _fail(
            path, f"unpacks to {unpacked / 1e6:.0f} MB (limit {max_unpacked_mb} MB)",
            f"het document wordt uitgepakt {unpacked / 1e6:.0f} MB groot (maximum {max_unpacked_mb:g} MB).",
        )


def _read_docx(path: Path, max_unpacked_mb: float) -> LoadedPages:
    import docx

    _check_archive(path, max_unpacked_mb)
    try:
        document = docx.Document(str(path))
    except Exception as err:  # python-docx raises many types for a broken zip
        raise _fail(path, f"unreadable DOCX: {err!r}", "beschadigd Word-document, kan niet gelezen worden.") from err
    text = "\n\n".join(p.text for p in document.paragraphs)
    return LoadedPages([Page(1, "1", text)], title=document.core_properties.title or "")


def sniff_type(path: Path, head: bytes) -> str:
    """The file's real type from its first bytes, falling back to its extension for text."""
    suffix = path.suffix.lower()
    if head.startswith(PDF_MAGIC):
        return ".pdf"
    if head.startswith(ZIP_MAGIC) and suffix == ".docx":
        return ".docx"
    if suffix in {".pdf", ".docx"}:
        return "mismatch"
    if suffix in {".html", ".htm"}:
        return ".html"
    return ".md" if suffix in {".md", ".markdown"} else ".txt"


def load_document(path: Path, *, max_pages: int, max_unpacked_mb: float = MAX_UNPACKED_MB,
                  ocr: Tesseract | None = None) -> LoadedPages:
    """Read ``path`` into pages (and notes on unreadable pages); DocumentError with a Dutch reason when it
    cannot be read at all. PDF pages without a text layer are OCR'd when ``ocr`` is available."""
    head = path.open("rb").read(8)
    if not head:
        raise _fail(path, "empty file", "het bestand is leeg.")
    kind = sniff_type(path, head)
    if kind == "mismatch":
        raise _fail(
            path, f"extension {path.suffix} does not match the content",
            f"de inhoud is geen {path.suffix.lstrip('.').upper()}-bestand (verkeerde extensie?).",
        )
    if kind == ".pdf":
        return read_pdf(path, max_pages, ocr)
    if kind == ".docx":
        return _read_docx(path, max_unpacked_mb)
    if kind == ".html":
        return LoadedPages(_read_html(path))
    text = decode_text(path.read_bytes())
    if kind == ".md":
        return LoadedPages([Page.from_blocks(1, "1", markdown_blocks(text))])
    return LoadedPages([Page(1, "1", text)])


def load_pages(path: Path, *, max_pages: int, max_unpacked_mb: float = MAX_UNPACKED_MB) -> list[Page]:
    """The pages of ``path`` (no OCR), for showing a document's text."""
    return load_document(path, max_pages=max_pages, max_unpacked_mb=max_unpacked_mb).pages
