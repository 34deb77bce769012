"""Real PDFs for tests, written with fpdf2 (core fonts, cp1252 text)."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF


def make_pdf(path: Path, pages: list[str], header: str | None = None, footer: bool = False,
             title: str | None = None) -> Path:
    """A text PDF with one entry of ``pages`` per page; lines are kept as written. ``title``: the PDF info title."""
    pdf = FPDF(format="A4")
    if title is not None:
        pdf.set_title(title)
    pdf.set_auto_page_break(auto=False)
    for number, text in enumerate(pages, 1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=10)
        if header:
            pdf.set_xy(15, 10)
            pdf.cell(0, 6, header)
        pdf.set_xy(15, 22)
        pdf.multi_cell(180, 5.5, text)
        if footer:
            pdf.set_xy(15, 280)
            pdf.cell(0, 6, f"Pagina {number} van {len(pages)}")
    pdf.output(str(path))
    return path
