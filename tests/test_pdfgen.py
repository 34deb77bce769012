"""Tests for the fixture documents and the deterministic PDF generator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from eval.fixtures.convenants import (
    ACTORS,
    FIXTURES,
    LOKALE_BESTUREN_2021,
    THEMES,
    Document,
    fixture,
    normalize_space,
    page_of,
    para,
)
from eval.pdfgen import MANIFEST_NAME, generate_synthetic_corpus, write_fixture_corpus, write_pdf


def _page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def fixture_pdfs(tmp_path_factory) -> dict[str, list[str]]:
    """Extracted text per page of every fixture PDF, keyed by slug."""
    paths = write_fixture_corpus(tmp_path_factory.mktemp("fixtures"))
    return {path.stem: _page_texts(path) for path in paths}


@pytest.fixture(scope="module")
def synthetic_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synthetic")
    generate_synthetic_corpus(out, 6, seed=11, min_pages=10, max_pages=14)
    return out


def test_the_fixture_corpus_has_the_five_expected_documents_with_their_page_counts():
    pages = {doc.slug: len(doc.pages) for doc in FIXTURES}
    assert pages == {
        "sectorconvenant-2021-2022-lokale-besturen": 6,
        "sectorconvenant-2019-2020-lokale-besturen": 4,
        "sectorconvenant-2021-2022-voedingsindustrie": 5,
        "sectorconvenant-2021-2022-bouw": 4,
        "addendum-duaal-leren-lokale-besturen-2021-2022": 2,
    }
    assert {doc.doc_type for doc in FIXTURES} == {"convenant", "addendum"}


def test_every_fixture_pdf_is_written_under_its_slug_with_one_pdf_page_per_model_page(fixture_pdfs):
    assert list(fixture_pdfs) == [doc.slug for doc in FIXTURES]
    for doc in FIXTURES:
        assert len(fixture_pdfs[doc.slug]) == len(doc.pages)


@pytest.mark.parametrize("doc", FIXTURES, ids=lambda d: d.slug)
def test_every_annotated_commitment_is_on_the_pdf_page_that_page_of_names(doc: Document, fixture_pdfs):
    pages = fixture_pdfs[doc.slug]
    assert doc.commitments
    for commitment in doc.commitments:
        page = page_of(doc, commitment.text)
        assert normalize_space(commitment.text) in normalize_space(pages[page - 1]), commitment.text


@pytest.mark.parametrize("doc", FIXTURES, ids=lambda d: d.slug)
def test_commitment_annotations_use_known_actors_themes_and_article_labels(doc: Document):
    for commitment in doc.commitments:
        assert commitment.actor in ACTORS
        assert commitment.theme in THEMES
        assert commitment.article.startswith("Artikel ")


def test_the_main_fixture_has_commitments_of_all_three_actors():
    actors = {c.actor for c in LOKALE_BESTUREN_2021.commitments}
    assert actors == set(ACTORS)


def test_page_of_knows_where_an_article_is_and_rejects_unknown_text():
    doc = LOKALE_BESTUREN_2021
    assert page_of(doc, "Artikel 14. Financiering") == 5
    assert page_of(doc, "jaarlijkse   subsidie van € 245.000") == 5
    with pytest.raises(ValueError):
        page_of(doc, "Deze zin staat nergens.")


@pytest.mark.parametrize("doc", FIXTURES, ids=lambda d: d.slug)
def test_running_header_and_page_footer_appear_on_every_fixture_page(doc: Document, fixture_pdfs):
    pages = fixture_pdfs[doc.slug]
    for number, text in enumerate(pages, 1):
        lines = text.splitlines()
        assert lines[0] == doc.running_header
        assert lines[-1] == f"Pagina {number} van {len(pages)}"


def test_accents_euro_sign_bullets_and_typographic_quotes_survive_extraction(fixture_pdfs):
    text = "\n".join(fixture_pdfs["sectorconvenant-2021-2022-lokale-besturen"])
    for expected in ("subsidiëren", "gecoördineerd", "beëindigen", "één", "€ 245.000", "• ",
                     "‘relancetoets’", "OCMW’s", "Sectorconvenant 2021-2022 – Lokale besturen"):
        assert expected in text


def test_a_soft_hyphen_becomes_a_hyphen_at_a_line_end_in_the_extracted_text(fixture_pdfs):
    first_page = fixture_pdfs["sectorconvenant-2021-2022-lokale-besturen"][0]
    assert "werkgelegen-\nheidsbeleid" in first_page


def test_tables_are_extracted_row_by_row(fixture_pdfs):
    page = fixture_pdfs["sectorconvenant-2021-2022-lokale-besturen"][4]
    assert "Loonkost sectorconsulenten (4 VTE) € 245.000 € 245.000" in page


def test_page_labels_replace_the_footer_numbers_and_are_stored_in_the_pdf(tmp_path):
    doc = fixture("addendum-duaal-leren-lokale-besturen-2021-2022")
    path = write_pdf(doc, tmp_path / "labels.pdf", page_labels=["i", "1"])
    reader = PdfReader(path)
    assert reader.page_labels == ["i", "1"]
    assert reader.pages[0].extract_text().splitlines()[-1] == "Pagina i"


def test_the_running_header_can_be_left_out(tmp_path):
    doc = fixture("sectorconvenant-2021-2022-bouw")
    texts = _page_texts(write_pdf(doc, tmp_path / "bare.pdf", header=False))
    assert all(doc.running_header not in text for text in texts)
    assert texts[0].splitlines()[0] == "Sectorconvenant 2021-2022"


def test_a_page_whose_content_does_not_fit_is_refused(tmp_path):
    doc = Document("te-lang", "Te lang", "convenant", "Bouw", "2021-2022", "Te lang",
                   ((para("Een zin die de pagina vult. " * 40),) * 12,))
    with pytest.raises(ValueError, match="overflows"):
        write_pdf(doc, tmp_path / "te-lang.pdf")


def test_synthetic_corpus_has_the_requested_count_and_page_range(synthetic_dir: Path):
    manifest = json.loads((synthetic_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    entries = manifest["documents"]
    assert len(entries) == 6
    assert len(list(synthetic_dir.glob("*.pdf"))) == 6
    for entry in entries:
        pages = len(PdfReader(synthetic_dir / entry["file"]).pages)
        assert pages == entry["pages"]
        assert 10 <= pages <= 14
        assert entry["commitments"] > 0


def test_the_same_seed_gives_identical_synthetic_text(tmp_path, synthetic_dir: Path):
    again = generate_synthetic_corpus(tmp_path, 6, seed=11, min_pages=10, max_pages=14)
    for path in again:
        assert _page_texts(path) == _page_texts(synthetic_dir / path.name)
        assert path.read_bytes() == (synthetic_dir / path.name).read_bytes()


def test_a_smaller_corpus_is_a_prefix_of_a_larger_one_and_another_seed_differs(tmp_path, synthetic_dir):
    prefix = generate_synthetic_corpus(tmp_path / "prefix", 2, seed=11, min_pages=10, max_pages=14)
    assert [p.read_bytes() for p in prefix] == [(synthetic_dir / p.name).read_bytes() for p in prefix]
    other = generate_synthetic_corpus(tmp_path / "other", 2, seed=12, min_pages=10, max_pages=14)
    assert [_page_texts(p) for p in other] != [_page_texts(p) for p in prefix]


def test_running_header_and_page_footer_appear_on_every_synthetic_page(synthetic_dir: Path):
    manifest = json.loads((synthetic_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    for entry in manifest["documents"]:
        texts = _page_texts(synthetic_dir / entry["file"])
        for number, text in enumerate(texts, 1):
            lines = text.splitlines()
            assert lines[0] == f"Sectorconvenant {entry['period']} – {entry['sector']}"
            assert lines[-1] == f"Pagina {number} van {len(texts)}"


def test_the_unrendered_document_stream_matches_the_rendered_corpus(synthetic_dir: Path):
    import itertools

    from eval.pdfgen import synthetic_documents

    manifest = json.loads((synthetic_dir / MANIFEST_NAME).read_text(encoding="utf-8"))["documents"]
    docs = list(itertools.islice(synthetic_documents(11, min_pages=10, max_pages=14), len(manifest)))
    assert [(d.slug, len(d.pages)) for d in docs] == [(e["slug"], e["pages"]) for e in manifest]
