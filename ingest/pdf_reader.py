"""Read a PDF into pages of layout blocks: pypdf checks the file (damage, password, page count, printed
page labels), PDFium reads the text with its positions and typography, Tesseract reads scanned pages."""

from __future__ import annotations

import logging
from pathlib import Path

from beleid.errors import DocumentError
from ingest.ocr import Tesseract
from ingest.page_layout import body_size, page_blocks, running_fragments
from ingest.pdf_text import page_fragments
from ingest.types import LoadedPages, Page

log = logging.getLogger(__name__)
_MIN_TEXT_CHARS = 25  # a page with fewer characters of text and an image on it is treated as a scan
_IMAGE_OBJECT = 3  # FPDF_PAGEOBJ_IMAGE


def _fail(path: Path, log_message: str, user_message: str) -> DocumentError:
    return DocumentError(f"{path.name}: {log_message}", f"{path.name}: {user_message}")


def _checked_labels(path: Path, max_pages: int) -> list[str]:
    """The printed page labels, after pypdf has checked that the file is a complete, readable PDF."""
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise _fail(path, "encrypted PDF needs a password", "versleutelde PDF met wachtwoord, kan niet gelezen worden.")
        count = len(reader.pages)
        if count > max_pages:
            raise _fail(path, f"{count} pages exceed the limit of {max_pages}",
                        f"te veel pagina's ({count}, maximum {max_pages}).")
        labels = list(reader.page_labels) if count else []
        for page in reader.pages:  # parses every page's content: a truncated file fails here, not later
            page.get_contents()
    except DocumentError:
        raise
    except FileNotDecryptedError as err:
        raise _fail(path, f"encrypted PDF: {err}", "versleutelde PDF, kan niet gelezen worden.") from err
    except Exception as err:  # pypdf raises a dozen types on hostile input (found by tests/reliability/test_fuzz.py)
        raise _fail(path, f"unreadable PDF: {err!r}", "beschadigde of onvolledige PDF, kan niet gelezen worden.") from err
    if not count:
        raise _fail(path, "PDF has no pages", "de PDF heeft geen pagina's.")
    return [labels[i] if i < len(labels) else str(i + 1) for i in range(count)]


def _has_image(page) -> bool:
    return any(obj.type == _IMAGE_OBJECT for obj in page.get_objects(max_depth=2))


def read_pdf(path: Path, max_pages: int, ocr: Tesseract | None) -> LoadedPages:
    """The pages of ``path`` with their blocks; scanned pages OCR'd when Tesseract is there, else reported."""
    import pypdfium2 as pdfium

    labels = _checked_labels(path, max_pages)
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as err:
        raise _fail(path, f"PDFium cannot open it: {err}", "beschadigde of onvolledige PDF, kan niet gelezen worden.") from err
    try:
        pdf_pages = [document[i] for i in range(len(document))]
        fragments, rules = zip(*(page_fragments(page) for page in pdf_pages)) if pdf_pages else ((), ())
        heights = [page.get_height() for page in pdf_pages]
        body = body_size(fragments)
        running = running_fragments(fragments, heights, body)
        result = LoadedPages([], title=document.get_metadata_value("Title") or "")
        scans: list[int] = []
        for index, page in enumerate(pdf_pages):
            kept = [f for i, f in enumerate(fragments[index]) if i not in running[index]]
            number, label = index + 1, labels[index] if index < len(labels) else str(index + 1)
            if sum(len(f.text) for f in fragments[index]) < _MIN_TEXT_CHARS and _has_image(page):
                if ocr is not None and ocr.available:
                    blocks = ocr.read(page)
                    result.pages.append(Page.from_blocks(number, label, blocks, ocr=True))
                    if not blocks:
                        scans.append(number)
                    continue
                scans.append(number)
            result.pages.append(Page.from_blocks(number, label, page_blocks(kept, rules[index], body, heights[index])))
    except Exception as err:  # PDFium may still trip over a page that pypdf accepted
        raise _fail(path, f"unreadable page content: {err!r}", "beschadigde of onvolledige PDF, kan niet gelezen worden.") from err
    else:
        if scans:
            result.notes.append(scan_note(scans, ocr is not None and ocr.available))
        return result
    finally:
        document.close()


def scan_note(pages: list[int], ocr_available: bool) -> str:
    """The Dutch note for pages without a text layer: "pagina 3 heeft geen tekst — scan?"."""
    names = ", ".join(map(str, pages))
    subject = f"pagina {names} heeft" if len(pages) == 1 else f"pagina's {names} hebben"
    if ocr_available:
        return f"{subject} geen leesbare tekst, ook niet na OCR."
    return f"{subject} geen tekst — scan? (OCR met Tesseract is niet geïnstalleerd)"
