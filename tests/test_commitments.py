"""The commitments (engagementen) store: extraction from the fixture PDFs, sync with ingest, CLI and chat.

The fixture convenants are annotated (eval.fixtures.convenants); the figures asserted here are the
measured ones of docs/EVAL.md minus a small margin.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from beleid.settings import IngestSettings, Settings
from eval.commitments import score, summarize
from eval.fixtures.convenants import BOUW_2021, FIXTURES, normalize_space
from eval.pdfgen import write_fixture_corpus, write_pdf
from index.commitments import commitment_options, compare_commitments, list_commitments
from index.indexer import Indexer
from ingest.commitments import extract_commitments
from ingest.types import DocumentMeta, Page

BOUW = "sectorconvenant-2021-2022-bouw"
ADDENDUM = "addendum-duaal-leren-lokale-besturen-2021-2022"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, model_dir: Path, embedder):
    """The five fixture PDFs ingested once for this module: (settings, catalog)."""
    from index.catalog import IndexCatalog

    root = tmp_path_factory.mktemp("commitments")
    write_fixture_corpus(root / "corpus")
    with pytest.MonkeyPatch.context() as patch:  # no developer BELEID_* variables or beleid.toml
        for key in [k for k in os.environ if k.startswith("BELEID_")]:
            patch.delenv(key)
        patch.chdir(root)
        settings = Settings(data_dir=root / "data", model_cache=model_dir.parent,
                            ingest=IngestSettings(corpus_dir=root / "corpus"))
    catalog = IndexCatalog(settings, embedder=embedder)
    Indexer(settings, catalog).ingest()
    return settings, catalog


def _stored(catalog, doc_id: str, start: str):
    """The one stored commitment of a document whose text starts with ``start``."""
    [row] = [r for r in list_commitments(catalog.state, doc_id=doc_id) if r.text.startswith(start)]
    return row


# -- extraction ----------------------------------------------------------------------------------
def test_extraction_from_the_fixture_pdfs_reaches_the_measured_precision_and_recall(store):
    _, catalog = store
    summary = summarize([score(doc, list_commitments(catalog.state, doc_id=doc.slug)) for doc in FIXTURES])
    assert summary["gold"] == 103
    assert summary["precision"] >= 0.97 and summary["recall"] >= 0.97  # measured 1.000 / 1.000
    assert summary["actor_accuracy"] >= 0.97 and summary["article_accuracy"] >= 0.97  # measured 1.000
    assert summary["page_accuracy"] >= 0.97  # measured 1.000
    assert summary["theme_accuracy"] >= 0.90  # measured 0.942


def test_actor_article_and_page_come_from_the_sentence_the_lead_in_or_the_chapter(store):
    _, catalog = store
    mentors = _stored(catalog, BOUW, "De sociale partners engageren zich om jaarlijks minstens 300 mentoren")
    assert (mentors.actor, mentors.article, mentors.page, mentors.sector, mentors.period) == (
        "sector", "Artikel 4", 2, "Bouw", "2021-2022")
    item = _stored(catalog, "sectorconvenant-2021-2022-lokale-besturen", "via het Vlaams Partnerschap Duaal Leren")
    assert (item.actor, item.article, item.page) == ("Vlaamse Regering", "Artikel 12", 4)  # from "De Vlaamse Regering verbindt zich ertoe om:"
    assert item.text.endswith("leerwerkplek te vereenvoudigen;")
    after_table = _stored(catalog, "sectorconvenant-2021-2022-lokale-besturen", "De sector verbindt zich ertoe om de subsidie")
    assert (after_table.actor, after_table.article, after_table.page) == ("sector", "Artikel 14", 5)
    consultant = _stored(catalog, ADDENDUM, "De sectorconsulent duaal leren ondersteunt")
    assert (consultant.actor, consultant.article, consultant.page) == ("sectorconsulenten", "Artikel 3", 1)


def test_each_commitment_points_at_the_stored_chunk_that_holds_it(store):
    _, catalog = store
    rows = list_commitments(catalog.state, sector="Bouw")
    passages = catalog.state.passages(r.chunk_id for r in rows)
    assert rows and all(r.text in normalize_space(passages[r.chunk_id]["text"]) for r in rows)


def _meta(doc_type: str = "convenant") -> DocumentMeta:
    return DocumentMeta("doc", "doc.txt", "Convenant", doc_type, "Bouw", "2021-2022")


def test_inverted_word_order_and_chapter_actors_are_recognised_but_descriptions_are_not():
    text = ("Hoofdstuk 2. Verbintenissen van de Vlaamse Regering\n"
            "Artikel 7. Opleiding\n"
            "Jaarlijks zal de sector twee studiedagen organiseren. Daarnaast engageert zij zich ertoe om een "
            "brochure te verspreiden. De sectorconsulenten worden tewerkgesteld door het fonds. De sector telt "
            "veel kmo's.\n"
            "Zij ondersteunen onder meer de acties rond STEM.")
    found = extract_commitments(_meta(), [Page(1, "1", text)], [])
    assert [(c.actor, c.text[:20], c.article) for c in found] == [
        ("sector", "Jaarlijks zal de sec", "Artikel 7"),
        ("Vlaamse Regering", "Daarnaast engageert ", "Artikel 7"),
    ]


def test_a_sentence_broken_over_two_pages_is_one_commitment_on_its_first_page():
    pages = [Page(1, "1", "Artikel 3. Opleiding\nDe sector verbindt zich ertoe om jaarlijks minstens 100"),
             Page(2, "2", "leerlingen op te leiden. De sector telt veel kmo's.")]
    [found] = extract_commitments(_meta(), pages, [])
    assert (found.text, found.page) == ("De sector verbindt zich ertoe om jaarlijks minstens 100 leerlingen op te leiden.", 1)


def test_every_document_type_is_read_for_commitments():
    page = Page(1, "1", "De sector verbindt zich ertoe om 100 leerlingen op te leiden.")
    for doc_type in ("convenant", "addendum", "beleidstekst", "regelgeving"):
        [found] = extract_commitments(_meta(doc_type), [page], [])
        assert (found.actor, found.text) == ("sector", "De sector verbindt zich ertoe om 100 leerlingen op te leiden.")


# -- sync with ingest ---------------------------------------------------------------------------
def test_a_changed_convenant_has_its_commitments_replaced_and_a_deleted_one_removed(settings, catalog, corpus_dir):
    write_pdf(BOUW_2021, corpus_dir / f"{BOUW}.pdf")
    write_pdf(FIXTURES[-1], corpus_dir / f"{ADDENDUM}.pdf")
    indexer = Indexer(settings, catalog)
    indexer.ingest()
    assert len(list_commitments(catalog.state, doc_id=BOUW)) == len(BOUW_2021.commitments) == 18
    shorter = replace(BOUW_2021, pages=BOUW_2021.pages[:2])  # the new version stops after page 2
    write_pdf(shorter, corpus_dir / f"{BOUW}.pdf")
    assert {r.file_name: r.status for r in indexer.ingest().results}[f"{BOUW}.pdf"] == "updated"
    rows = list_commitments(catalog.state, doc_id=BOUW)
    assert sorted(r.text for r in rows) == sorted(c.text for c in shorter.commitments)
    assert {r.chunk_id for r in rows} <= set(catalog.state.chunk_ids())
    (corpus_dir / f"{ADDENDUM}.pdf").unlink()
    indexer.ingest()
    assert list_commitments(catalog.state, doc_id=ADDENDUM) == []
    assert {r.doc_id for r in list_commitments(catalog.state)} == {BOUW}


def test_an_index_without_commitments_gets_them_at_the_next_ingest_without_reindexing(settings, catalog, corpus_dir):
    from index.commitment_sync import VERSION_KEY

    write_pdf(BOUW_2021, corpus_dir / f"{BOUW}.pdf")
    indexer = Indexer(settings, catalog)
    indexer.ingest()
    chunk_ids = catalog.state.chunk_ids()
    catalog.state.db.execute("DELETE FROM commitments")  # as an index built before issue 8
    catalog.state.set_info(VERSION_KEY, "older")
    report = indexer.ingest()
    assert [r.status for r in report.results] == ["unchanged"]
    assert catalog.state.chunk_ids() == chunk_ids
    assert len(list_commitments(catalog.state, doc_id=BOUW)) == 18


# -- query API -------------------------------------------------------------------------------------
def test_filters_options_and_comparison_across_periods(store):
    _, catalog = store
    options = commitment_options(catalog.state)
    assert options.sectors == ["Bouw", "Lokale besturen", "Voedingsindustrie"]
    assert options.periods == ["2019-2020", "2021-2022"] and options.actors == ["Vlaamse Regering", "sector", "sectorconsulenten"]
    government = list_commitments(catalog.state, actor="Vlaamse Regering", sector="lokale besturen", period="2019-2020")
    assert len(government) == 4 and {r.file_name for r in government} == {"sectorconvenant-2019-2020-lokale-besturen.pdf"}
    assert [r.text for r in list_commitments(catalog.state, text="MENTOREN op te leiden")] == [
        "De sociale partners engageren zich om jaarlijks minstens 300 mentoren op te leiden."]
    by_period = compare_commitments(catalog.state, "werkplekleren", across="period", sector="Lokale besturen")
    assert list(by_period) == ["2019-2020", "2021-2022"] and all(by_period.values())


# -- CLI ---------------------------------------------------------------------------------------------
def _cli(settings: Settings, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BELEID_")}
    env.update(BELEID_DATA_DIR=str(settings.data_dir), BELEID_INGEST__CORPUS_DIR=str(settings.ingest.corpus_dir),
               BELEID_MODEL_CACHE=str(settings.models_dir))
    return subprocess.run([sys.executable, "-m", "beleid", "engagementen", *args], env=env,
                          cwd=settings.data_dir.parent, capture_output=True, text=True, timeout=120)


def test_the_engagementen_command_filters_and_prints_json_csv_and_dutch_errors(store, tmp_path):
    settings, _ = store
    result = _cli(settings, "--sector", "Bouw", "--thema", "Werkplekleren en duaal leren", "--actor", "sector", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["commitments"]
    assert [(r["actor"], r["page"], r["article"]) for r in rows] == [("sector", 2, "Artikel 4")] * 2
    result = _cli(settings, "--actor", "regering", "--periode", "2019-2020", "--csv", "--xlsx", str(tmp_path / "vr.xlsx"))
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(table) == 4 and {r["Actor"] for r in table} == {"Vlaamse Regering"}
    assert (tmp_path / "vr.xlsx").stat().st_size > 0
    assert "Engagementen (2)" in _cli(settings, "--sector", "bouw", "--zoek", "duale").stdout
    wrong = _cli(settings, "--thema", "ruimtevaart")
    assert wrong.returncode == 1 and "Onbekend thema 'ruimtevaart'" in wrong.stderr and "Traceback" not in wrong.stderr


def test_the_engagementen_command_filters_on_type_and_section_sorts_and_counts_per_theme(store):
    settings, catalog = store
    result = _cli(settings, "--type", "addendum", "--sectie", "artikel 3", "--sorteer", "zekerheid", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    expected = list_commitments(catalog.state, doc_type="addendum", section="artikel 3", sort="zekerheid")
    assert [r["text"] for r in data["commitments"]] == [r.text for r in expected] and expected
    assert sum(data["per_theme"].values()) == len(expected)
    counts = _cli(settings, "--per-thema")
    assert counts.returncode == 0 and "Engagementen per thema (103)" in counts.stdout and "Werkplekleren" in counts.stdout
    wrong = _cli(settings, "--sorteer", "willekeurig")
    assert wrong.returncode == 1 and "Onbekende sortering 'willekeurig'" in wrong.stderr


# -- chat routing --------------------------------------------------------------------------------------
def test_a_commitment_question_lists_every_matching_commitment_with_its_page(store):
    from answer.assistant import Assistant

    settings, catalog = store
    answer = Assistant(settings, catalog).ask("Welke engagementen nam de sector bouw op rond werkplekleren?")
    expected = [c.text for c in BOUW_2021.commitments if c.theme == "werkplekleren" and c.actor != "Vlaamse Regering"]
    assert answer.backend == "commitments" and not answer.refused
    assert [c.quote for c in answer.citations] == expected and len(expected) == 2
    assert {(c.file_name, c.page, c.article) for c in answer.citations} == {(f"{BOUW}.pdf", 2, "Artikel 4")}
    assert all(f"{c.quote} (sector; Artikel 4, p. 2) [{c.number}]" in answer.text for c in answer.citations)
    assert all(c.quote in normalize_space(c.passage) for c in answer.citations)


def test_a_follow_up_keeps_sector_and_theme_and_a_normal_question_is_not_routed(store):
    from answer.assistant import Assistant
    from answer.types import Turn

    settings, catalog = store
    assistant = Assistant(settings, catalog)
    first = "Welke engagementen nam de sector bouw op rond werkplekleren?"
    follow_up = assistant.ask("En de Vlaamse Regering?", [Turn(first, "...")])
    assert follow_up.backend == "commitments"
    assert [(c.quote[:40], c.page) for c in follow_up.citations] == [("De Vlaamse Regering zal het Vlaams Partn", 3)]
    everything = assistant.ask("Wat beloofde de Vlaamse Regering?")
    assert len(everything.citations) == sum(c.actor == "Vlaamse Regering" for d in FIXTURES for c in d.commitments)
    normal = assistant.ask("Hoeveel leerlingen krijgen in de bouw een leerwerkplek?")
    assert normal.backend == "extractive"
