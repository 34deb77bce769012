"""GET /api/v1/commitments over real HTTP, against the fixture convenant PDFs whose commitments are known."""

from __future__ import annotations

import csv
import io

import pytest

from eval.pdfgen import write_fixture_corpus
from index.commitments import list_commitments
from tests.api_support import assert_dutch_error
from tests.app_server import app_settings, running_app

SECTOR, THEME = "Bouw", "werkplekleren"


@pytest.fixture(scope="module")
def app(tmp_path_factory, model_dir, embedder):
    settings = app_settings(tmp_path_factory.mktemp("api-commitments"), model_dir, seed=False)
    write_fixture_corpus(settings.ingest.corpus_dir)
    with running_app(settings, embedder) as running:
        yield running


def test_filters_return_exactly_the_commitments_the_store_lists(app, http):
    expected = list_commitments(app.assistant.catalog.state, sector=SECTOR, theme=THEME)
    assert expected, "the fixture corpus has werkplekleren commitments in Bouw"
    response = http.get("/api/v1/commitments", params={"sector": SECTOR, "theme": THEME})
    assert response.status_code == 200
    rows = response.json()["commitments"]
    assert [r["id"] for r in rows] == [r.id for r in expected]
    assert all(r["sector"] == SECTOR and r["theme"] == THEME and r["theme_label"] for r in rows)
    first = rows[0]
    assert first["source_url"] == f"{app.url}/bronnen/{first['file_name']}#page={first['page']}"
    assert http.get(first["source_url"].split("#")[0]).headers["content-type"] == "application/pdf"
    everything = http.get("/api/v1/commitments").json()["commitments"]
    assert len(everything) == len(list_commitments(app.assistant.catalog.state)) > len(rows)


def test_filters_take_labels_aliases_several_values_and_text_like_the_cli(app, http):
    state = app.assistant.catalog.state
    by_alias = http.get("/api/v1/commitments", params={"actor": "regering", "sector": SECTOR.lower()}).json()
    assert [r["id"] for r in by_alias["commitments"]] == [
        r.id for r in list_commitments(state, actor="Vlaamse Regering", sector=SECTOR)]
    periods = sorted({r.period for r in list_commitments(state)})
    two = http.get("/api/v1/commitments", params=[("period", periods[0]), ("period", periods[-1])]).json()
    assert {r["period"] for r in two["commitments"]} == {periods[0], periods[-1]}
    found = http.get("/api/v1/commitments", params={"text": "MENTOREN"}).json()["commitments"]
    assert found and all("mentoren" in r["text"].lower() for r in found)


def test_csv_has_the_dutch_columns_and_the_filtered_rows(app, http):
    expected = list_commitments(app.assistant.catalog.state, sector=SECTOR, theme=THEME)
    response = http.get("/api/v1/commitments", params={"sector": SECTOR, "theme": THEME, "format": "csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    records = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["Sector"], r["Engagement"], r["Bestand"]) for r in records] == [
        (SECTOR, r.text, r.file_name) for r in expected]


@pytest.mark.parametrize("params, code, field", [
    ({"theme": "onbestaand thema"}, "unknown_filter_value", "theme"),
    ({"actor": "de paus"}, "unknown_filter_value", "actor"),
    ({"sector": "Ruimtevaart"}, "unknown_filter_value", "sector"),
    ({"period": "1850-1851"}, "unknown_filter_value", "period"),
    ({"thema": THEME}, "unknown_parameter", "thema"),
    ({"format": "xlsx"}, "invalid_request", "format"),
])
def test_an_unknown_filter_value_or_parameter_gets_422(http, params, code, field):
    body = assert_dutch_error(http.get("/api/v1/commitments", params=params), 422, code)
    assert body["field"] == field
