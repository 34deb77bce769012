"""A convenant-style PDF with the layouts of real documents, and the structure it was written with.

eval/pdfgen.py writes one-column fixtures; this writes what real PDFs in ../shared/real-pdfs do to a
reader: a table-of-contents page, running headers that change per chapter, page numbers, a two-column page
under a full-width chapter title, footnotes with superscript references, a ruled table, inline article
numbers ("Artikel 1. De Vlaamse Regering verbindt er zich toe …"), a year at the start of a wrapped line
and a paragraph that runs on over a page break. ``LAYOUT_GOLD`` says what a reader should find.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

FILE_NAME = "sectorconvenant-2023-2024-layout.pdf"
TITLE = "Sectorconvenant 2023-2024 Lokale besturen"
LEFT, RIGHT, WIDTH = 20.0, 190.0, 170.0
COLUMN_GAP = 10.0
BODY_SIZE, LINE = 10.0, 5.2

INLINE_ARTICLE = ("Artikel 1. De Vlaamse Regering verbindt er zich toe in het kader van voorliggende overeenkomst "
                  "een maximale toelage van 392.000,00 EUR uit te betalen aan V.V.S.G. vzw ter financiering van "
                  "4 VTE sectorconsulenten.")
SECOND_ARTICLE = ("Artikel 2. De sector engageert zich om jaarlijks twee klankbordvergaderingen met de lokale "
                  "besturen te organiseren.")
YEAR_LINES = ["De sector streeft naar een verdubbeling van het aantal leerwerkplekken tegen",
              "2030. De betrokken besturen worden daarbij begeleid door de sectorconsulenten."]
FOOTNOTE = "1 Zie het decreet van 10 juni 2016 over het duaal leren."
LEFT_COLUMN = ("De sector biedt tegen eind 2024 minstens 150 leerlingen een leerwerkplek aan in een lokaal "
               "bestuur. Elke leerling krijgt een mentor die een opleiding van twee dagen volgde.")
RIGHT_COLUMN = ("De sector maakt een opleidingsplan voor alle medewerkers van de technische diensten. "
                "Het plan wordt elk jaar bijgewerkt na overleg met de vakbonden.")
RUN_ON = ("De stuurgroep bespreekt twee keer per jaar de voortgang van het convenant met de sectorconsulenten, "
          "de vakbonden en de vertegenwoordigers van de lokale besturen, en legt de resultaten van elk werkjaar "
          "vast in een kort verslag voor de minister, dat ook op de website van de sector verschijnt.")
AFTER_BREAK = "Het verslag van 2024 wordt uiterlijk op 31 maart 2025 bezorgd aan het departement Werk."
TABLE = [("Jaar", "Leerwerkplekken", "Budget"), ("2023", "150", "120.000 euro"), ("2024", "175", "140.000 euro")]

LAYOUT_GOLD = {
    "headings": [(3, "1 Algemene bepalingen"), (4, "2 Verbintenissen van de sector"), (4, "2.1 Werkplekleren"),
                 (4, "2.2 Opleiding"), (5, "3 Opvolging")],
    "toc_pages": [2],
    "running": ["Hoofdstuk 1 Algemene bepalingen", "Hoofdstuk 2 Verbintenissen van de sector", "Hoofdstuk 3 Opvolging"],
    "footnote": (3, "Zie het decreet van 10 juni 2016 over het duaal leren."),
    "reading_order": [("Elke leerling krijgt een mentor", "De sector maakt een opleidingsplan")],
    "table_rows": ["2023 | 150 | 120.000 euro", "2024 | 175 | 140.000 euro"],
    "section_path": "2 Verbintenissen van de sector › 2.1 Werkplekleren",
    "after_break": (6, AFTER_BREAK),
}


class _Writer:
    def __init__(self) -> None:
        self.pdf = FPDF(unit="mm", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_creation_date(__import__("datetime").datetime(2023, 1, 1))
        self.y = 0.0

    def page(self, running: str | None) -> None:
        self.pdf.add_page()
        number = self.pdf.page_no()
        self.pdf.set_font("Helvetica", "", 8)
        if running:
            self.pdf.text(LEFT, 12, running)
        self.pdf.text(RIGHT - 4, 287, str(number))
        self.y = 28.0

    def heading(self, text: str, size: float = 14, x: float = LEFT) -> None:
        self.pdf.set_font("Helvetica", "B", size)
        self.y += size * 0.35
        self.pdf.text(x, self.y, text)
        self.y += size * 0.45

    def lines(self, lines: list[str], x: float = LEFT, size: float = BODY_SIZE) -> None:
        self.pdf.set_font("Helvetica", "", size)
        for line in lines:
            self.y += LINE
            self.pdf.text(x, self.y, line)
        self.y += LINE * 0.9

    def paragraph(self, text: str, x: float = LEFT, width: float = WIDTH) -> None:
        self.pdf.set_font("Helvetica", "", BODY_SIZE)
        self.lines(self.wrap(text, width), x)

    def wrap(self, text: str, width: float) -> list[str]:
        lines, current = [], ""
        for word in text.split():
            candidate = f"{current} {word}".strip()
            if current and self.pdf.get_string_width(candidate) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        return lines + ([current] if current else [])


def write_layout_pdf(folder: Path) -> Path:
    """Write the layout fixture into ``folder``; returns its path."""
    w = _Writer()
    pdf = w.pdf
    w.page(None)
    w.y = 80
    w.heading(TITLE, 20)
    w.paragraph("Overeenkomst tussen de Vlaamse Regering en de sociale partners van de lokale besturen.")

    w.page(None)
    w.heading("Inhoudsopgave", 14)
    pdf.set_font("Helvetica", "", BODY_SIZE)
    for entry, page in (("1 Algemene bepalingen", 3), ("2 Verbintenissen van de sector", 4),
                        ("2.1 Werkplekleren", 4), ("2.2 Opleiding", 4), ("3 Opvolging", 5)):
        w.y += LINE * 1.4
        pdf.text(LEFT, w.y, entry)
        pdf.text(RIGHT - 6, w.y, str(page))

    w.page("Hoofdstuk 1 Algemene bepalingen")
    w.heading("1 Algemene bepalingen")
    w.paragraph(INLINE_ARTICLE)
    w.paragraph(SECOND_ARTICLE)
    w.lines(YEAR_LINES)
    pdf.set_font("Helvetica", "", BODY_SIZE)
    w.y += LINE
    sentence = "Leerwerkplekken worden erkend volgens het decreet"
    width = pdf.get_string_width(sentence)
    pdf.text(LEFT, w.y, sentence)
    pdf.set_font("Helvetica", "", 6)
    pdf.text(LEFT + width + 0.3, w.y - 1.6, "1")  # a superscript footnote reference
    pdf.set_font("Helvetica", "", BODY_SIZE)
    pdf.text(LEFT + width + 2.2, w.y, "en de regels van de sector.")
    pdf.set_font("Helvetica", "", 7.5)
    pdf.text(LEFT, 270, FOOTNOTE)

    w.page("Hoofdstuk 2 Verbintenissen van de sector")
    w.heading("2 Verbintenissen van de sector")
    column = (WIDTH - COLUMN_GAP) / 2
    top = w.y
    w.heading("2.1 Werkplekleren", 11)
    w.paragraph(LEFT_COLUMN, LEFT, column)
    w.y = top
    w.heading("2.2 Opleiding", 11, LEFT + column + COLUMN_GAP)
    w.paragraph(RIGHT_COLUMN, LEFT + column + COLUMN_GAP, column)

    w.page("Hoofdstuk 3 Opvolging")
    w.heading("3 Opvolging")
    pdf.set_font("Helvetica", "", BODY_SIZE)
    w.y += 4
    for row in TABLE:
        pdf.line(LEFT, w.y, LEFT + 120, w.y)
        w.y += LINE + 1
        for index, cell in enumerate(row):
            pdf.text(LEFT + 2 + index * 40, w.y - 1.5, cell)
    pdf.line(LEFT, w.y, LEFT + 120, w.y)
    w.y += 6
    w.y = 262
    w.lines(w.wrap(RUN_ON, WIDTH)[:2])

    w.page("Hoofdstuk 3 Opvolging")
    w.lines(w.wrap(RUN_ON, WIDTH)[2:])
    w.paragraph(AFTER_BREAK)
    path = folder / FILE_NAME
    pdf.output(str(path))
    return path
