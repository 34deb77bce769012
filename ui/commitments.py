"""The Engagementen tab: the commitments of every document as a filterable, sortable table (a page of
rows at a time, counts per theme), with links to the page each sentence is on, CSV and Excel export, and
one theme compared per sector or per period.

All document text is HTML-escaped here; the Bron links open ``/bronnen/<file>#page=N`` in a new tab, N
being the page on which the commitment's sentence starts.
"""

from __future__ import annotations

import html
import time
from collections.abc import Sequence
from pathlib import Path

import gradio as gr

from index.commitment_export import to_csv, write_xlsx
from index.commitments import (DEFAULT_SORT, SORTS, CommitmentOptions, CommitmentRow, commitment_options,
                               compare_commitments, count_commitments, list_commitments, theme_counts)
from index.state import IndexState
from ingest.sections import PATH_SEPARATOR
from ui.files import export_folder, source_url
from ui.notify import error

ALL = "*"
MAX_ROWS = 500  # rows per page of the table
ACROSS = {"per sector": "sector", "per periode": "period"}
COLUMNS = ["Sector", "Periode", "Actor", "Thema", "Engagement", "Sectie", "Type", "Zekerheid", "Bron"]
EMPTY_STORE = "Nog geen engagementen: neem eerst documenten op in het tabblad Documenten en kies dan 'Vernieuw'."


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


def _section(row: CommitmentRow) -> str:
    """The innermost heading of the section path (the whole path is the cell's tooltip)."""
    return row.heading.split(PATH_SEPARATOR)[-1] if row.heading else row.article


def page_count(shown: int) -> int:
    return max(1, -(-shown // MAX_ROWS))


def _page_rows(rows: Sequence[CommitmentRow], page: int) -> Sequence[CommitmentRow]:
    page = min(max(1, page), page_count(len(rows)))
    return rows[(page - 1) * MAX_ROWS : page * MAX_ROWS]


def table_html(rows: Sequence[CommitmentRow], page: int = 1) -> str:
    """One page (MAX_ROWS rows) of the commitments as an HTML table, every value escaped."""
    head = "".join(f"<th>{name}</th>" for name in COLUMNS)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(value)}</td>" for value in
                         (row.sector, row.period, row.actor, row.theme_label, row.text))
        + f"<td title='{html.escape(row.heading, quote=True)}'>{html.escape(_section(row))}</td>"
        + f"<td>{html.escape(row.doc_type)}</td><td>{row.confidence_label}</td><td>{source_link(row)}</td></tr>"
        for row in _page_rows(rows, page)
    )
    return f"<div class='engagementen'><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"


def counts_html(rows: Sequence[CommitmentRow]) -> str:
    """The number of shown commitments per theme, most frequent first."""
    if not rows:
        return "<div class='thema-tellingen'></div>"
    items = "".join(f"<li><span class='thema'>{html.escape(label)}</span> <b>{count}</b></li>"
                    for _, label, count in theme_counts(rows))
    return f"<div class='thema-tellingen'><span>Per thema:</span><ul>{items}</ul></div>"


def count_line(shown: int, total_in_store: int, page: int = 1) -> str:
    if not total_in_store:
        return EMPTY_STORE
    if not shown:
        return "Geen engagementen gevonden voor deze filters."
    found = "1 engagement gevonden" if shown == 1 else f"{shown} engagementen gevonden"
    if shown <= MAX_ROWS:
        return f"**{found}**"
    page = min(max(1, page), page_count(shown))
    first, last = (page - 1) * MAX_ROWS + 1, min(shown, page * MAX_ROWS)
    return (f"**{found}** (rijen {first}–{last} staan in de tabel, pagina {page} van {page_count(shown)}; "
            "de export bevat ze allemaal)")


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
    """Filters, sort order, a page of the table, counts per theme, export and comparison over the
    commitments store of ``state``."""

    def __init__(self, state: IndexState):
        self.state = state
        self.export_dir = export_folder("beleid-engagementen-")
        options = commitment_options(state)
        gr.Markdown("De engagementen uit de opgenomen documenten: wie verbindt zich waartoe, waar staat het "
                    "(sectie, artikel, pagina) en hoe duidelijk is het geformuleerd. Klik op een bron om het "
                    "document te openen op de pagina van die zin.")
        with gr.Row():
            self.sector = gr.Dropdown(label="Sector", elem_id="eng-sector", **self._dropdown(options, "sector"))
            self.doc_type = gr.Dropdown(label="Type document", elem_id="eng-type", **self._dropdown(options, "doc_type"))
            self.theme = gr.Dropdown(label="Thema", elem_id="eng-thema", **self._dropdown(options, "theme"))
            self.actor = gr.Dropdown(label="Actor", elem_id="eng-actor", **self._dropdown(options, "actor"))
            self.period = gr.Dropdown(label="Periode", elem_id="eng-periode", **self._dropdown(options, "period"))
        with gr.Row(equal_height=True):
            self.text = gr.Textbox(label="Zoek in de tekst", max_lines=1, scale=3, elem_id="eng-zoek",
                                   placeholder="bv. mentoren, opleiding, subsidie")
            self.section = gr.Textbox(label="Sectie of artikel", value="", max_lines=1, scale=2, elem_id="eng-sectie",
                                      placeholder="bv. Verlof, Artikel 2")
            self.sort = gr.Dropdown(label="Sorteer op", scale=2, elem_id="eng-sorteer", value=DEFAULT_SORT,
                                    choices=[(label, key) for key, (label, _) in SORTS.items()])
            self.page = gr.Number(label="Pagina", value=1, precision=0, minimum=1, scale=1, elem_id="eng-pagina")
        with gr.Row():
            self.search_button = gr.Button("Zoeken", variant="primary", elem_id="eng-zoek-knop")
            self.refresh_button = gr.Button("Vernieuw", elem_id="eng-vernieuw")
        self.count = gr.Markdown(elem_id="eng-aantal")
        self.counts = gr.HTML(elem_id="eng-per-thema")
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

    _FIELDS = {"sector": ("sectors", "Alle sectoren"), "theme": ("themes", "Alle thema's"),
               "actor": ("actors", "Alle actoren"), "period": ("periods", "Alle periodes"),
               "doc_type": ("doc_types", "Alle types")}

    @classmethod
    def _dropdown(cls, options: CommitmentOptions, field: str) -> dict:
        attribute, all_label = cls._FIELDS[field]
        return {"choices": _choices(getattr(options, attribute), all_label), "value": ALL}

    @staticmethod
    def _compare_dropdown(options: CommitmentOptions) -> dict:
        choices = [(label, key) for key, label in options.themes]
        return {"choices": choices, "value": choices[0][1] if choices else None}

    @property
    def filters(self) -> list:
        """The inputs of a listing or export (the API keeps the first five in their original order)."""
        return [self.sector, self.theme, self.actor, self.period, self.text, self.doc_type, self.section, self.sort]

    @property
    def refresh_outputs(self) -> list:
        return [self.sector, self.theme, self.actor, self.period, self.doc_type, self.compare_theme,
                self.count, self.counts, self.table]

    def register(self) -> None:
        """Filtering, refresh, export and compare (the ones clients use get an explicit api_name)."""
        outputs = [self.count, self.counts, self.table]
        triggers = [self.sector.change, self.theme.change, self.actor.change, self.period.change, self.doc_type.change,
                    self.sort.change, self.page.submit, self.text.submit, self.section.submit, self.search_button.click]
        gr.on(triggers, self.rows, [*self.filters, self.page], outputs, api_name="commitments")
        self.refresh_button.click(self.refresh, self.filters, self.refresh_outputs, api_visibility="private")
        self.csv_button.click(self.export_csv, self.filters, [self.download], api_name="export_commitments_csv")
        self.xlsx_button.click(self.export_xlsx, self.filters, [self.download], api_name="export_commitments_xlsx")
        self.compare_button.click(self.compare, [self.compare_theme, self.across], [self.comparison],
                                  api_name="compare_commitments")

    def _list(self, sector, theme, actor, period, text, doc_type=ALL, section="", sort=DEFAULT_SORT) -> list[CommitmentRow]:
        return list_commitments(self.state, sector=_filter(sector), theme=_filter(theme), actor=_filter(actor),
                                period=_filter(period), text=text or None, doc_type=_filter(doc_type),
                                section=section or None, sort=sort if sort in SORTS else DEFAULT_SORT)

    def rows(self, sector: str | None, theme: str | None, actor: str | None, period: str | None, text: str | None,
             doc_type: str | None = ALL, section: str | None = "", sort: str | None = DEFAULT_SORT,
             page: float | None = 1) -> tuple[str, str, str]:
        """The count line, the counts per theme and one page of the HTML table for the filters ('*' or
        empty: all)."""
        rows = self._list(sector, theme, actor, period, text, doc_type, section, sort)
        total = len(rows) or count_commitments(self.state)
        number = int(page or 1)
        return count_line(len(rows), total, number), counts_html(rows), table_html(rows, number)

    def refresh(self, sector=ALL, theme=ALL, actor=ALL, period=ALL, text="", doc_type=ALL, section="",
                sort=DEFAULT_SORT) -> list:
        """New filter choices after an ingest (a value that no longer exists falls back to 'alle'), and the table."""
        options = commitment_options(self.state)
        updates, values = [], {}
        for field, value in (("sector", sector), ("theme", theme), ("actor", actor), ("period", period),
                             ("doc_type", doc_type)):
            spec = self._dropdown(options, field)
            keep = value if value in {v for _, v in spec["choices"]} else ALL
            updates.append(gr.Dropdown(choices=spec["choices"], value=keep))
            values[field] = keep
        compare = self._compare_dropdown(options)
        return [*updates, gr.Dropdown(**compare), *self.rows(values["sector"], values["theme"], values["actor"],
                                                              values["period"], text, values["doc_type"], section, sort)]

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

    def export_csv(self, sector, theme, actor, period, text, doc_type=ALL, section="", sort=DEFAULT_SORT) -> gr.File:
        """A CSV file (UTF-8 with BOM, for Excel) with the filtered commitments."""
        return gr.File(value=str(self._export("csv", (sector, theme, actor, period, text, doc_type, section, sort))),
                       visible=True)

    def export_xlsx(self, sector, theme, actor, period, text, doc_type=ALL, section="", sort=DEFAULT_SORT) -> gr.File:
        """An Excel workbook with the filtered commitments."""
        return gr.File(value=str(self._export("xlsx", (sector, theme, actor, period, text, doc_type, section, sort))),
                       visible=True)

    def compare(self, theme: str | None, across: str | None) -> str:
        """The commitments of one theme grouped per sector or per period."""
        if not _filter(theme):
            raise error("Kies eerst een thema om te vergelijken.")
        key = ACROSS.get(across or "per sector", across if across in ACROSS.values() else "sector")
        return compare_html(compare_commitments(self.state, theme, across=key), key)
