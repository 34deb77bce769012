"""Read a file into pages of raw text, one reader per file type."""

from __future__ import annotations

import logging
from html.parser import HTMLParser
from pathlib import Path

from beleid.errors import DocumentError
from ingest.types import Page

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


def _read_pdf(path: Path, max_pages: int) -> list[Page]:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise _fail(path, "encrypted PDF needs a password", "versleutelde PDF met wachtwoord, kan niet gelezen worden.")
        count = len(reader.pages)
        if count > max_pages:
            raise _fail(
                path, f"{count} pages exceed the limit of {max_pages}",
                f"te veel pagina's ({count}, maximum {max_pages}).",
            )
        labels = list(reader.page_labels) if count else []
        pages = [
            Page(number=i + 1, label=labels[i] if i < len(labels) else str(i + 1), text=page.extract_text() or "")
            for i, page in enumerate(reader.pages)
        ]
    except DocumentError:
        raise
    except FileNotDecryptedError as err:
        raise _fail(path, f"encrypted PDF: {err}", "versleutelde PDF, kan niet gelezen worden.") from err
    except Exception as err:  # pypdf raises a dozen types on hostile input (found by tests/reliability/test_fuzz.py)
        raise _fail(path, f"unreadable PDF: {err!r}", "beschadigde of onvolledige PDF, kan niet gelezen worden.") from err
    if not pages:
        raise _fail(path, "PDF has no pages", "de PDF heeft geen pagina's.")
    return pages


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


def _read_docx(path: Path, max_unpacked_mb: float) -> list[Page]:
    import docx

    _check_archive(path, max_unpacked_mb)
    try:
        document = docx.Document(str(path))
    except Exception as err:  # python-docx raises many types for a broken zip
        raise _fail(path, f"unreadable DOCX: {err!r}", "beschadigd Word-document, kan niet gelezen worden.") from err
    text = "\n\n".join(p.text for p in document.paragraphs)
    return [Page(1, "1", text)]


def sniff_type(path: Path, head: bytes) -> str:
    """The file's real type from its first bytes, falling back to its extension for text."""
    suffix = path.suffix.lower()
    if head.startswith(PDF_MAGIC):
        return ".pdf"
    if head.startswith(ZIP_MAGIC) and suffix == ".docx":
        return ".docx"
    if suffix in {".pdf", ".docx"}:
        return "mismatch"
    return ".html" if suffix in {".html", ".htm"} else ".txt"


def load_pages(path: Path, *, max_pages: int, max_unpacked_mb: float = MAX_UNPACKED_MB) -> list[Page]:
    """Read ``path`` into pages; raise DocumentError with a Dutch reason when it cannot be read."""
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
        return _read_pdf(path, max_pages)
    if kind == ".docx":
        return _read_docx(path, max_unpacked_mb)
    if kind == ".html":
        return _read_html(path)
    return [Page(1, "1", decode_text(path.read_bytes()))]
