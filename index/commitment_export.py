"""Commitments as CSV or Excel, with Dutch column names (for the CLI and the UI download)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from index.commitments import CommitmentRow

COLUMNS = (
    ("Sector", "sector"), ("Periode", "period"), ("Actor", "actor"), ("Thema", "theme_label"),
    ("Engagement", "text"), ("Artikel", "article"), ("Sectie", "heading"), ("Pagina", "page_label"),
    ("Zekerheid", "confidence_label"), ("Type", "doc_type"), ("Document", "title"), ("Bestand", "file_name"),
)


def _table(rows: Sequence[CommitmentRow]) -> list[list[str]]:
    return [[name for name, _ in COLUMNS]] + [[str(getattr(row, field)) for _, field in COLUMNS] for row in rows]


def to_csv(rows: Sequence[CommitmentRow]) -> str:
    """CSV text (comma-separated, header row first)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(_table(rows))
    return out.getvalue()


def write_xlsx(rows: Sequence[CommitmentRow], path: Path) -> Path:
    """An Excel workbook with one sheet "Engagementen"; returns ``path``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Engagementen"
    for values in _table(rows):
        sheet.append(values)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = {"Engagement": 80, "Document": 40, "Bestand": 40, "Thema": 30}
    for index, (name, _) in enumerate(COLUMNS):
        letter = sheet.cell(row=1, column=index + 1).column_letter
        sheet.column_dimensions[letter].width = widths.get(name, 16)
    for row in sheet.iter_rows(min_row=2):
        row[[n for n, _ in COLUMNS].index("Engagement")].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
