"""Scanned pages: OCR'd with Tesseract and marked as OCR text; without Tesseract named by page number while
the rest of the document is ingested."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from beleid.settings import IngestSettings, Settings
from tests.pdf_factory import make_pdf

SCANNED_TEXT = ("De sector voorziet jaarlijks 150 leerwerkplekken voor jongeren in de lokale besturen.\n"
                "De stuurgroep volgt de uitvoering van het convenant op.")
WORDS = {"sector", "voorziet", "leerwerkplekken", "jongeren", "lokale", "besturen", "stuurgroep", "convenant"}


def _scanned_pdf(folder: Path) -> Path:
    """Page 1 with a text layer; page 2 only an image of printed text, as a scanner makes it."""
    import pypdfium2 as pdfium
    from fpdf import FPDF

    printed = make_pdf(folder / "gedrukt.pdf", [SCANNED_TEXT.replace(". ", ".\n")])
    image = pdfium.PdfDocument(str(printed))[0].render(scale=300 / 72, grayscale=True).to_pil()
    image_path = folder / "scan.png"
    image.save(image_path)
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(180, 6, "Verslag stuurgroep 2024\n\nDeze pagina heeft een tekstlaag. De tweede pagina is een scan.")
    pdf.add_page()
    pdf.image(str(image_path), x=0, y=0, w=210, h=297)
    path = folder / "corpus" / "verslag-met-scan.pdf"
    path.parent.mkdir(exist_ok=True)
    pdf.output(str(path))
    return path


def _ingest(tmp_path: Path, data_dir: Path, embedder, **ingest):
    from index.catalog import IndexCatalog
    from index.indexer import Indexer

    pdf = _scanned_pdf(tmp_path)
    settings = Settings(data_dir=data_dir, ingest=IngestSettings(corpus_dir=pdf.parent, **ingest))
    catalog = IndexCatalog(settings, embedder=embedder)
    report = Indexer(settings, catalog).ingest()
    return report.results[0], catalog


def test_a_scanned_page_is_read_by_ocr_and_marked_as_such(tmp_path, data_dir, embedder):
    if shutil.which("tesseract") is None:
        pytest.fail("tesseract is missing: run `apt-get install -y tesseract-ocr tesseract-ocr-nld` "
                    "(make test does this) to run the OCR test.")
    result, catalog = _ingest(tmp_path, data_dir, embedder)
    assert result.status == "added" and not result.notes
    rows = catalog.state.passages(catalog.state.chunk_ids())
    scanned = [row for row in rows.values() if row["page_end"] == 2]
    assert scanned and all(row["ocr"] for row in scanned)
    found = {word for word in WORDS if any(word in row["text"].lower() for row in scanned)}
    assert len(found) >= 6, found
    page_map = [entry for row in rows.values() for entry in json.loads(row["page_map"])]
    assert {(number, ocr) for _, number, _, ocr in page_map} == {(1, False), (2, True)}


def test_without_tesseract_the_scanned_page_is_named_and_the_rest_is_ingested(tmp_path, data_dir, embedder):
    result, catalog = _ingest(tmp_path, data_dir, embedder, tesseract_command="tesseract-niet-geinstalleerd")
    assert result.status == "added"
    assert "pagina 2 heeft geen tekst — scan?" in result.notes
    texts = [row["text"] for row in catalog.state.passages(catalog.state.chunk_ids()).values()]
    assert any("tekstlaag" in text for text in texts)
    document = catalog.state.documents()[0]
    assert "pagina 2 heeft geen tekst" in document["notes"]


def test_the_source_panel_says_when_a_quote_was_read_by_ocr():
    from answer.types import Answer, Citation
    from ui.sources import render_sources

    def citation(number: int, ocr: bool) -> Citation:
        return Citation(number, f"verslag:p2:{number}", "verslag", "Verslag", "verslag.pdf", "beleidstekst", "", "",
                        2, "2", "", "3 Opvolging", "De sector voorziet 150 leerwerkplekken.", "150 leerwerkplekken",
                        0.9, ocr=ocr)

    answer = Answer("vraag", "vraag", "De sector voorziet 150 leerwerkplekken. [1] [2]", "", False,
                    [citation(1, True), citation(2, False)])
    html = render_sources(answer, opened=1)
    first, second = html.split("id='bronkaart-2'")
    assert "gelezen met OCR" in first and "gelezen met OCR" not in second
    assert "3 Opvolging" in first
