"""Document titles: the declared title when the document bears it out, a letter's subject, the first
title-like line that is not letterhead, the file name; on real documents, the gold of eval/titles.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.real import REAL_PDFS, REAL_TEXTS, missing_message
from ingest.loaders import load_document
from ingest.titles import document_title
from ingest.types import Page
from tests.pdf_factory import make_pdf

GOLD = Path(__file__).resolve().parent.parent / "eval" / "titles.json"


def _page(text: str, ocr: bool = False) -> list[Page]:
    return [Page(1, "1", text, ocr=ocr)]


def test_letterhead_lines_are_skipped_and_a_subject_line_names_a_letter():
    letter = ("www.provincie.nl postbus@provincie.nl KvK 51048329 IBAN NL45 RABO 0397 3411 21\n"
              "Postbus 10078 8000 GB Zwolle\nDatum | Kenmerk\nOnderwerp: Brief aan PS over het windbeleid\nGeacht college,")
    assert document_title(Path("221206_brief.pdf"), _page(letter)) == "Brief aan PS over het windbeleid"
    no_subject = letter.replace("Onderwerp: Brief aan PS over het windbeleid\n", "Jaarverslag personeelsbeleid 2024\n")
    assert document_title(Path("x.pdf"), _page(no_subject)) == "Jaarverslag personeelsbeleid 2024"


def test_a_page_name_is_no_title_and_a_series_name_gives_way_to_the_document_named_in_the_file_name():
    assert document_title(Path("nota.pdf"), _page("Colofon\nBeleidsnota werkbaar werk\nTekst.")) == "Beleidsnota werkbaar werk"
    cover = "Nieuwe Omgevingsvisie Vlaanderen\nEffectrapport fase 2a\nDefinitief"
    assert document_title(Path("240318_Effectrapport_fase_2a.pdf"), _page(cover)) == "Effectrapport fase 2a"
    assert document_title(Path("visie.pdf"), _page(cover)) == "Nieuwe Omgevingsvisie Vlaanderen"


def test_a_declared_title_counts_only_when_the_document_bears_it_out():
    pages = _page("Sectorconvenant 2021-2022 Bouw\nDe sector engageert zich …")
    assert document_title(Path("a.pdf"), pages, "Sectorconvenant Bouw 2021-2022") == "Sectorconvenant Bouw 2021-2022"
    assert document_title(Path("a.pdf"), pages, "Sjabloon nota") == "Sectorconvenant 2021-2022 Bouw"
    assert document_title(Path("a.pdf"), pages, "Microsoft Word - convenant bouw.docx") == "Sectorconvenant 2021-2022 Bouw"


def test_an_ocr_page_and_an_empty_document_fall_back_to_the_file_name_without_its_date():
    assert document_title(Path("240318_Kaart_voorkeursgebieden.pdf"), _page("Dronten\nZwolle", ocr=True)) == "Kaart voorkeursgebieden"
    assert document_title(Path("240318_Kaart_voorkeursgebieden.pdf"), _page("Kaart voorkeursgebieden\nZwolle", ocr=True)) == (
        "Kaart voorkeursgebieden")
    assert document_title(Path("nota-werkbaar-werk.pdf"), []) == "Nota werkbaar werk"


def test_a_pdf_declaring_its_title_is_named_by_it(tmp_path):
    path = make_pdf(tmp_path / "241022_ppe.pdf", ["Colofon\nUitgave van de provincie, oktober 2024\n\nProgramma Energie 2024 ..."],
                    title="Programma Energie")
    loaded = load_document(path, max_pages=5)
    assert loaded.title == "Programma Energie"
    assert document_title(path, loaded.pages, loaded.title) == "Programma Energie"


def _gold() -> dict[str, list[str]]:
    return json.loads(GOLD.read_text(encoding="utf-8"))["titles"]


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


@pytest.mark.skipif(not (REAL_PDFS.is_dir() and REAL_TEXTS.is_dir()), reason=missing_message(REAL_PDFS.parent))
def test_every_real_document_gets_its_gold_title():
    wrong = {}
    for name, accepted in _gold().items():
        path = (REAL_PDFS if name.endswith(".pdf") else REAL_TEXTS) / name
        loaded = load_document(path, max_pages=500)
        title = document_title(path, loaded.pages, loaded.title)
        if _normal(title) not in {_normal(a) for a in accepted}:
            wrong[name] = title
    assert len(_gold()) == 19 and wrong == {}
