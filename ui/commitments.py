"""The Engagementen tab: the commitments from the convenants as a filterable table with links to the
source page, CSV and Excel export, and one theme compared per sector or per period.

All document text is HTML-escaped here; the Bron links open ``/bronnen/<file>#page=N`` in a new tab.
"""

from __future__ import annotations

import html
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import gradio as gr

from index.commitment_export import to_csv, write_xlsx
from index.commitments import (CommitmentOptions, CommitmentRow, commitment_options, compare_commitments,
                               count_commitments, list_commitments)
from index.state import IndexState
from ui.files import source_url
from ui.notify import error

ALL = "*"
MAX_ROWS = 500
ACROSS = {"per sector": "sector", "per periode": "period"}
COLUMNS = ["Sector", "Periode", "Actor", "Thema", "Engagement", "Bron"]
EMPTY_STORE = "Nog geen engagementen: neem eerst convenants op in het tabblad Documenten en kies dan 'Vernieuw'."


def _filter(value: str | None) -> str | None:
    """A dropdown value as a list_commitments filter: 'alle' (or nothing) is no filter."""
    return None if value in (None, "", ALL) else value


def _choices(values: Sequence[str | tuple[str, str]], all_label: str) -> list[tuple[str, str]]:
    return [(all_label, ALL), *[(v, v) if isinstance(v, str) else (v[1], v[0]) for v in values]]


def source_link(row: CommitmentRow) -> str:
    """'Artikel 4, p. 2' linking to the source page, with the document's title as tooltip."""
    place = ", ".join(part for part in (row.article, f"p. {row.page_label or row.page}") if part)
    return (f"<a class='bron-link' href='{html.escape(source_url(row.file_name, row.page), quote=True)}' "
            f"target='_blank' rel='noopener' title='{html.escape(row.title, quote=True)}'>{html.escape(place)}</a>")


def table_html(rows: Sequence[CommitmentRow]) -> str:
    """The commitments as an HTML table (at most MAX_ROWS rows), every value escaped."""
    head = "".join(f"<th>{name}</th>" for name in COLUMNS)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(value)}</td>" for value in
                         (row.sector, row.period, row.actor, row.theme_label, row.text))
        + f"<td>{source_link(row)}</td></tr>"
        for row in rows[:MAX_ROWS]
    )
    return f"<div class='engagementen'><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"


def count_line(shown: int, total_in_store: int) -> str:
    if not total_in_store:
        return EMPTY_STORE
    if not shown:
        return "Geen engagementen gevonden voor deze filters."
    found = "1 engagement gevonden" if shown == 1 else f"{shown} engagementen gevonden"
    more = f" (de eerste {MAX_ROWS} staan in de tabel; de export bevat ze allemaal)" if shown > MAX_ROWS else ""
    return f"**{found}**{more}"


def compare_html(groups: dict[str, list[CommitmentRow]], across: str) -> str:
    """One section per sector or period with its commitments for the theme."""
    if not groups:
        return "<div class='vergelijking'><p class='leeg'>Geen engagementen voor dit thema.</p></div>"
    other = "period" if across == "sector" else "sector"
    sections = []
    for name, rows in groups.items():
        items = "".join(
            f"<li>{html.escape(row.text)} <span class='meta'>— {html.escape(getattr(row, other))}, "
            f"{html.escape(row.actor)}, {source_link(row)}</span></li>"
            for row in rows
        )
        count = "1 engagement" if len(rows) == 1 else f"{len(rows)} engagementen"
        sections.append(f"<section class='vergelijk-groep'><h4>{html.escape(name or '(onbekend)')} "
                        f"<small>({count})</small></h4><ul>{items}</ul></section>")
    label = html.escape(groups[next(iter(groups))][0].theme_label)
    return f"<div class='vergelijking'><h3>{label}</h3>{''.join(sections)}</div>"


class CommitmentsTab:
    """Filters, table, export and comparison over the commitments store of ``state``."""

    def __init__(self, state: IndexState):
        self.state = state
        self.export_dir = Path(tempfile.mkdtemp(prefix="beleid-engagementen-"))
        options = commitment_options(state)
        gr.Markdown("De engagementen uit de opgenomen convenants: wie verbindt zich waartoe, per sector en "
                    "periode. Klik op een bron om het document op die pagina te openen.")
        with gr.Row():
            self.sector = gr.Dropdown(label="Sector", elem_id="eng-sector", **self._dropdown(options, "sector"))
            self.theme = gr.Dropdown(label="Thema", elem_id="eng-thema", **self._dropdown(options, "theme"))
            self.actor = gr.Dropdown(label="Actor", elem_id="eng-actor", **self._dropdown(options, "actor"))
            self.period = gr.Dropdown(label="Periode", elem_id="eng-periode", **self._dropdown(options, "period"))
        with gr.Row(equal_height=True):
            self.text = gr.Textbox(label="Zoek in de tekst", max_lines=1, scale=4, elem_id="eng-zoek",
                                   placeholder="bv. mentoren, opleiding, subsidie")
            self.search_button = gr.Button("Zoeken", variant="primary", scale=1, elem_id="eng-zoek-knop")
            self.refresh_button = gr.Button("Vernieuw", scale=1, elem_id="eng-vernieuw")
        self.count = gr.Markdown(elem_id="eng-aantal")
        self.table = gr.HTML(elem_id="engagementen-tabel")
        with gr.Row():
            self.csv_button = gr.Button("Exporteer CSV", elem_id="eng-exporteer-csv")
            self.xlsx_button = gr.Button("Exporteer Excel", elem_id="eng-exporteer-excel")
        self.download = gr.File(label="Exportbestand", interactive=False, visible=False, elem_id="eng-bestand")
        gr.Markdown("### Vergelijken\nKies een thema en zet de engagementen naast elkaar per sector of per periode.")
        with gr.Row(equal_height=True):
            self.compare_theme = gr.Dropdown(label="Thema", scale=3, elem_id="eng-vergelijk-thema",
                                             **self._compare_dropdown(options))
            self.across = gr.Radio(list(ACROSS), value="per sector", label="Groeperen", scale=2,
                                   elem_id="eng-groeperen")
            self.compare_button = gr.Button("Vergelijk", variant="primary", scale=1, elem_id="eng-vergelijk-knop")
        self.comparison = gr.HTML(elem_id="eng-vergelijking")

    @staticmethod
    def _dropdown(options: CommitmentOptions, field: str) -> dict:
        values, all_label = {"sector": (options.sectors, "Alle sectoren"), "theme": (options.themes, "Alle thema's"),
                             "actor": (options.actors, "Alle actoren"),
                             "period": (options.periods, "Alle periodes")}[field]
        return {"choices": _choices(values, all_label), "value": ALL}

    @staticmethod
    def _compare_dropdown(options: CommitmentOptions) -> dict:
        choices = [(label, key) for key, label in options.themes]
        return {"choices": choices, "value": choices[0][1] if choices else None}

    @property
    def filters(self) -> list:
        return [self.sector, self.theme, self.actor, self.period, self.text]

    @property
    def refresh_outputs(self) -> list:
        return [self.sector, self.theme, self.actor, self.period, self.compare_theme, self.count, self.table]

    def register(self) -> None:
        """Filtering, refresh, export and compare (the ones clients use get an explicit api_name)."""
        outputs = [self.count, self.table]
        gr.on([self.sector.change, self.theme.change, self.actor.change, self.period.change, self.text.submit,
               self.search_button.click], self.rows, self.filters, outputs, api_name="commitments")
        self.refresh_button.click(self.refresh, self.filters, self.refresh_outputs, api_visibility="private")
        self.csv_button.click(self.export_csv, self.filters, [self.download], api_name="export_commitments_csv")
        self.xlsx_button.click(self.export_xlsx, self.filters, [self.download], api_name="export_commitments_xlsx")
        self.compare_button.click(self.compare, [self.compare_theme, self.across], [self.comparison],
                                  api_name="compare_commitments")

    def _list(self, sector, theme, actor, period, text) -> list[CommitmentRow]:
        return list_commitments(self.state, sector=_filter(sector), theme=_filter(theme), actor=_filter(actor),
                                period=_filter(period), text=text or None)

    def rows(self, sector: str | None, theme: str | None, actor: str | None, period: str | None,
             text: str | None) -> tuple[str, str]:
        """The count line and the HTML table for the filters ('*' or empty: all)."""
        rows = self._list(sector, theme, actor, period, text)
        total = len(rows) or count_commitments(self.state)
        return count_line(len(rows), total), table_html(rows)

    def refresh(self, sector=ALL, theme=ALL, actor=ALL, period=ALL, text="") -> list:
        """New filter choices after an ingest (a value that no longer exists falls back to 'alle'), and the table."""
        options = commitment_options(self.state)
        updates, values = [], []
        for field, value in (("sector", sector), ("theme", theme), ("actor", actor), ("period", period)):
            spec = self._dropdown(options, field)
            keep = value if value in {v for _, v in spec["choices"]} else ALL
            updates.append(gr.Dropdown(choices=spec["choices"], value=keep))
            values.append(keep)
        compare = self._compare_dropdown(options)
        return [*updates, gr.Dropdown(**compare), *self.rows(*values, text)]

    def _export(self, suffix: str, filters: tuple) -> Path:
        rows = self._list(*filters)
        if not rows:
            raise error("Er zijn geen engagementen om te exporteren voor deze filters.")
        path = self.export_dir / f"engagementen-{time.strftime('%Y%m%d-%H%M%S')}.{suffix}"
        if suffix == "csv":
            path.write_text(to_csv(rows), encoding="utf-8-sig")
        else:
            write_xlsx(rows, path)
        return path

    def export_csv(self, sector, theme, actor, period, text) -> gr.File:
        """A CSV file (UTF-8 with BOM, for Excel) with the filtered commitments."""
        return gr.File(value=str(self._export("csv", (sector, theme, actor, period, text))), visible=True)

    def export_xlsx(self, sector, theme, actor, period, text) -> gr.File:
        """An Excel workbook with the filtered commitments."""
        return gr.File(value=str(self._export("xlsx", (sector, theme, actor, period, text))), visible=True)

    def compare(self, theme: str | None, across: str | None) -> str:
        """The commitments of one theme grouped per sector or per period."""
        if not _filter(theme):
            raise error("Kies eerst een thema om te vergelijken.")
        key = ACROSS.get(across or "per sector", across if across in ACROSS.values() else "sector")
        return compare_html(compare_commitments(self.state, theme, across=key), key)
