"""The Engagementen tab over HTTP (gradio_client): filter, export to CSV and Excel, compare a theme.

One real server over the fixture convenant PDFs, whose commitments are known (see tests/test_commitments.py).
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from gradio_client import Client

from eval.pdfgen import write_fixture_corpus
from index.commitments import list_commitments
from tests.app_server import app_settings, running_app

SECTOR = "Bouw"
THEME = "werkplekleren"
ALL = "*"


@pytest.fixture(scope="module")
def app(tmp_path_factory, model_dir, embedder):
    """The app over the five fixture convenant PDFs (no seed texts)."""
    settings = app_settings(tmp_path_factory.mktemp("commitments-app"), model_dir, seed=False)
    write_fixture_corpus(settings.ingest.corpus_dir)
    with running_app(settings, embedder) as running:
        yield running


class _Table(HTMLParser):
    """Rows of the HTML table as lists of cell texts, plus every link's href."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self.links: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self._cell = []
        elif tag == "a":
            self.links.append(dict(attrs)["href"])

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def parse(table_html: str) -> _Table:
    table = _Table()
    table.feed(table_html)
    table.rows = [row for row in table.rows if row]  # the header row has <th> cells only
    return table


def client_for(app) -> Client:
    return Client(app.url, verbose=False)


def file_path(output) -> Path:
    """The downloaded file of a gr.File update (the client returns the update as a dict)."""
    return Path(output["value"] if isinstance(output, dict) else output)


def test_filtering_by_sector_and_theme_returns_only_matching_rows_with_source_links(app):
    client = client_for(app)
    expected = list_commitments(app.assistant.catalog.state, sector=SECTOR, theme=THEME)
    assert expected, "the fixture corpus has werkplekleren commitments in Bouw"
    count, counts, table_html = client.predict(SECTOR, THEME, ALL, ALL, "", api_name="/commitments")
    table = parse(table_html)
    assert len(table.rows) == len(expected)
    assert f"{len(expected)} engagementen gevonden" in count
    assert all(row[0] == SECTOR and row[3] == expected[0].theme_label for row in table.rows)
    assert [row[4] for row in table.rows] == [r.text for r in expected]
    assert table.links == [f"bronnen/{r.file_name}#page={r.page}" for r in expected]
    assert f"{expected[0].theme_label}</span> <b>{len(expected)}</b>" in counts

    _, _, everything = client.predict(ALL, ALL, ALL, ALL, "", api_name="/commitments")
    assert len(parse(everything).rows) == len(list_commitments(app.assistant.catalog.state)) > len(expected)
    count, _, nothing = client.predict(SECTOR, ALL, ALL, ALL, "geen-enkel-engagement-zegt-dit", api_name="/commitments")
    assert "Geen engagementen gevonden" in count and not parse(nothing).rows


def test_the_free_text_search_is_case_insensitive(app):
    count, _, table_html = client_for(app).predict(ALL, ALL, ALL, ALL, "MENTOREN", api_name="/commitments")
    rows = parse(table_html).rows
    assert rows and all("mentoren" in row[4].lower() for row in rows)
    assert re.search(r"\d+ engagement", count)


def test_csv_and_excel_exports_contain_the_filtered_rows(app):
    from openpyxl import load_workbook

    client = client_for(app)
    expected = list_commitments(app.assistant.catalog.state, sector=SECTOR, theme=THEME)
    csv_path = file_path(client.predict(SECTOR, THEME, ALL, ALL, "", api_name="/export_commitments_csv"))
    assert re.fullmatch(r"engagementen-\d{8}-\d{6}\.csv", csv_path.name)
    records = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    assert [(r["Sector"], r["Engagement"]) for r in records] == [(SECTOR, r.text) for r in expected]

    xlsx_path = file_path(client.predict(SECTOR, THEME, ALL, ALL, "", api_name="/export_commitments_xlsx"))
    assert xlsx_path.suffix == ".xlsx"
    sheet = load_workbook(xlsx_path)["Engagementen"]
    header, *values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header[:5] == ["Sector", "Periode", "Actor", "Thema", "Engagement"]
    assert [(row[0], row[4]) for row in values] == [(SECTOR, r.text) for r in expected]


def test_an_export_without_rows_is_refused_in_dutch(app):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="geen engagementen om te exporteren"):
        client_for(app).predict(SECTOR, ALL, ALL, ALL, "geen-enkel-engagement-zegt-dit",
                                api_name="/export_commitments_csv")


def test_compare_groups_one_theme_by_sector_and_by_period(app):
    client = client_for(app)
    state = app.assistant.catalog.state
    by_sector = client.predict(THEME, "per sector", api_name="/compare_commitments")
    sectors = sorted({r.sector for r in list_commitments(state, theme=THEME)}, key=str.casefold)
    assert len(sectors) > 1
    headings = re.findall(r"<h4>(.*?) <small>\((\d+) engagement", by_sector)
    assert [name for name, _ in headings] == sectors
    assert [int(n) for _, n in headings] == [len(list_commitments(state, theme=THEME, sector=s)) for s in sectors]
    assert "bronnen/" in by_sector

    by_period = client.predict(THEME, "per periode", api_name="/compare_commitments")
    periods = sorted({r.period for r in list_commitments(state, theme=THEME)}, key=str.casefold)
    assert [name for name, _ in re.findall(r"<h4>(.*?) <small>\((\d+) engagement", by_period)] == periods


def test_a_source_link_from_the_table_serves_the_pdf(app):
    import urllib.request

    _, _, table_html = client_for(app).predict(SECTOR, ALL, ALL, ALL, "", api_name="/commitments")
    href = parse(table_html).links[0]
    with urllib.request.urlopen(f"{app.url}/{href.split('#')[0]}", timeout=10) as response:
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"


def test_filters_on_document_type_and_section_and_sorting_by_confidence(app):
    client = client_for(app)
    state = app.assistant.catalog.state
    addenda = list_commitments(state, doc_type="addendum")
    assert addenda and len(addenda) < len(list_commitments(state))
    count, _, table_html = client.predict(ALL, ALL, ALL, ALL, "", "addendum", "", "document", 1, api_name="/commitments")
    assert [row[4] for row in parse(table_html).rows] == [r.text for r in addenda]
    assert all(row[6] == "addendum" for row in parse(table_html).rows)

    in_article = list_commitments(state, section="artikel 4", sector=SECTOR)
    assert in_article and all(r.article == "Artikel 4" for r in in_article)
    _, _, table_html = client.predict(SECTOR, ALL, ALL, ALL, "", ALL, "artikel 4", "document", 1, api_name="/commitments")
    assert [row[4] for row in parse(table_html).rows] == [r.text for r in in_article]

    _, _, table_html = client.predict(ALL, ALL, ALL, ALL, "", ALL, "", "zekerheid", 1, api_name="/commitments")
    ranked = [r.confidence for r in list_commitments(state, sort="zekerheid")]
    assert ranked == sorted(ranked, reverse=True)
    assert [row[4] for row in parse(table_html).rows] == [r.text for r in list_commitments(state, sort="zekerheid")]
    assert {row[7] for row in parse(table_html).rows} <= {"hoog", "laag"}


def test_a_few_thousand_commitments_are_paged_counted_per_theme_and_exported_whole(app):
    from ingest.types import Commitment, DocumentMeta

    client = client_for(app)
    state = app.assistant.catalog.state
    meta = DocumentMeta("veel-engagementen", "veel-engagementen.pdf", "Regeerakkoord met veel engagementen",
                        "beleidstekst", "Alle sectoren", "2024-2029")
    themes = ["opleiding", "financiering", "overleg"]
    many = [Commitment(actor="Vlaamse Regering", text=f"We investeren in maatregel {i}.", article="",
                       heading=f"Hoofdstuk {i // 100 + 1}", page=i // 10 + 1, page_label=str(i // 10 + 1),
                       chunk_id="", theme=themes[i % 3], confidence=0.8)
            for i in range(3000)]
    state.replace_commitments(meta, many)
    try:
        count, counts, table_html = client.predict(ALL, ALL, ALL, ALL, "in maatregel", ALL, "", "document", 2,
                                                   api_name="/commitments")
        assert "3000 engagementen gevonden" in count and "rijen 501–1000" in count and "pagina 2 van 6" in count
        rows = parse(table_html)
        assert len(rows.rows) == 500 and rows.rows[0][4] == "We investeren in maatregel 500."
        assert rows.links[0] == "bronnen/veel-engagementen.pdf#page=51"
        assert counts.count("<b>1000</b>") == 3 and counts.count("<li>") == 3
        csv_path = file_path(client.predict(ALL, ALL, ALL, ALL, "in maatregel", api_name="/export_commitments_csv"))
        assert len(list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))) == 3000
    finally:
        state.replace_commitments(meta, [])
