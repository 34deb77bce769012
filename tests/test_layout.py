"""Layout-aware PDF reading on a generated PDF with the layouts of real documents (eval/layoutgen.py):
reading order, running headers, footnotes, tables, ToC pages, the section tree, inline articles and the
page of each quoted sentence."""

from __future__ import annotations

import bisect
from pathlib import Path

import pytest

from eval.layoutgen import INLINE_ARTICLE, LAYOUT_GOLD, TITLE, YEAR_LINES, write_layout_pdf
from ingest.chunker import Chunker
from ingest.clean import clean_pages
from ingest.loaders import load_document
from ingest.pipeline import parse_document
from ingest.sections import document_structure, heading_level
from ingest.types import TextBlock
from ui.files import source_url


@pytest.fixture(scope="module")
def layout_pdf(tmp_path_factory) -> Path:
    return write_layout_pdf(tmp_path_factory.mktemp("layout"))


@pytest.fixture(scope="module")
def structure(layout_pdf):
    pages = clean_pages(load_document(layout_pdf, max_pages=50).pages)
    text, starts, blocks = document_structure(pages, TITLE)
    return pages, text, starts, blocks


@pytest.fixture
def parsed(layout_pdf, embedder):
    chunker = Chunker(embedder.count_tokens, chunk_tokens=320, window_tokens=embedder.window_tokens)
    return parse_document(layout_pdf, layout_pdf.name, chunker, max_mb=10, max_pages=50)


def _page(starts, offset: int) -> int:
    return bisect.bisect_right(starts, offset)


def test_headings_form_a_numbered_section_tree(structure):
    _, _, starts, blocks = structure
    headings = [(_page(starts, b.start), b.text) for b in blocks if b.kind == "heading" and b.path]
    assert headings == LAYOUT_GOLD["headings"]
    werkplekleren = next(b for b in blocks if b.text.startswith("De sector biedt"))
    assert werkplekleren.path == LAYOUT_GOLD["section_path"]


def test_a_year_at_the_start_of_a_wrapped_line_stays_in_its_paragraph(structure):
    _, text, _, blocks = structure
    assert " ".join(YEAR_LINES) in text
    assert not any(b.kind == "heading" and b.text.startswith("2030") for b in blocks)


def test_running_headers_that_change_per_chapter_and_page_numbers_are_removed(structure):
    pages, _, _, _ = structure
    for page in pages:
        assert not any(running in page.text for running in LAYOUT_GOLD["running"]), page.number
        assert not page.text.rstrip().endswith(str(page.number)), page.number


def test_a_footnote_is_its_own_block_on_its_page_and_its_reference_mark_is_dropped(structure):
    pages, _, starts, blocks = structure
    page, text = LAYOUT_GOLD["footnote"]
    notes = [b for b in blocks if b.kind == "footnote"]
    assert [(_page(starts, b.start), b.text.endswith(text)) for b in notes] == [(page, True)]
    assert "erkend volgens het decreet en de regels van de sector." in pages[page - 1].text


def test_two_columns_under_a_full_width_title_are_read_column_by_column(structure):
    _, text, _, _ = structure
    for before, after in LAYOUT_GOLD["reading_order"]:
        assert 0 <= text.index(before) < text.index(after)


def test_a_ruled_table_is_kept_row_by_row(structure):
    _, _, _, blocks = structure
    table = next(b for b in blocks if b.kind == "table")
    assert all(row in table.text.split("\n") for row in LAYOUT_GOLD["table_rows"])


def test_the_table_of_contents_page_is_never_a_chunk(structure, parsed):
    _, _, starts, blocks = structure
    assert sorted({_page(starts, b.start) for b in blocks if b.kind == "toc"}) == LAYOUT_GOLD["toc_pages"]
    assert all(chunk.page_start not in LAYOUT_GOLD["toc_pages"] for chunk in parsed.chunks)
    assert not any("Inhoudsopgave" in chunk.text for chunk in parsed.chunks)


def test_an_inline_article_number_is_the_article_of_its_chunk(parsed):
    chunk = next(c for c in parsed.chunks if "392.000,00 EUR" in c.text)
    assert chunk.article == "Artikel 1"
    assert INLINE_ARTICLE in chunk.text
    assert "Artikel 1" in chunk.heading


def test_a_passage_over_a_page_break_knows_the_page_of_each_character(parsed):
    page, sentence = LAYOUT_GOLD["after_break"]
    chunk = next(c for c in parsed.chunks if sentence in c.text)
    assert chunk.page_start == page - 1 and chunk.page_end == page
    from ingest.types import page_at

    assert page_at(chunk.page_map, chunk.text.index(sentence))[1] == page
    assert page_at(chunk.page_map, 0)[1] == page - 1


@pytest.mark.parametrize("text", [
    "2050. We hebben in Vlaanderen voldoende", "2024. Deze financiële ondersteuning", "€ 245.000 per jaar",
    "8.1 De Vlaamse Milieuholding wordt ontbonden. 211", "gebieden die kansrijk zijn,",
    "Figuur 2: Stand van zaken zon", "Januari 2023",
])
def test_years_amounts_fragments_and_toc_lines_are_never_headings_even_in_bold(text):
    for block in (TextBlock("paragraph", text, 1.4, True), TextBlock("paragraph", text)):
        assert heading_level(block, typographic=block.size > 0, toc_titles=set()) is None


def test_a_footnote_is_never_a_heading():
    text = "4 Bij “fygitale” ondernemingsvormen worden"
    for block in (TextBlock("footnote", text, 0.85), TextBlock("paragraph", text, 0.85), TextBlock("toc", text, 1.0, True)):
        assert heading_level(block, typographic=True, toc_titles=set()) is None


@pytest.mark.parametrize("text, level", [
    ("3.2.1 Werf 1 - Elk talent telt", 3), ("Hoofdstuk 2. Verbintenissen van de sector", 1),
    ("Artikel 4.108a (instructieregel voorkeursgebieden windenergie)", 0), ("Verbintenissen van de sector", 2),
])
def test_numbered_and_article_headings_get_their_level(text, level):
    assert heading_level(TextBlock("paragraph", text), typographic=False, toc_titles=set()) == level


def test_an_answer_cites_the_page_of_its_sentence_not_the_first_page_of_the_passage(settings, catalog, corpus_dir, layout_pdf):
    import shutil

    from answer.assistant import Assistant
    from index.indexer import Indexer

    shutil.copy(layout_pdf, corpus_dir / layout_pdf.name)
    Indexer(settings, catalog).ingest()
    page, sentence = LAYOUT_GOLD["after_break"]
    answer = Assistant(settings, catalog=catalog).ask("Tegen wanneer moet het verslag van 2024 bezorgd worden?")
    assert not answer.refused and "31 maart 2025" in answer.text
    cited = next(c for c in answer.citations if sentence[:40] in c.quote)
    assert cited.page == page and cited.heading == "3 Opvolging"
    assert source_url(cited.file_name, cited.page).endswith(f"#page={page}")


def test_a_sentence_that_runs_on_over_a_column_break_is_joined():
    from ingest.page_layout import join_lines, runs_on

    foot = TextBlock("paragraph", "De sector biedt tegen eind 2024 minstens 150 leer-", 1.0)
    top = TextBlock("paragraph", "lingen een leerwerkplek aan in een lokaal bestuur.", 1.0)
    assert runs_on(foot, top)
    assert join_lines([foot.text, top.text]) == ("De sector biedt tegen eind 2024 minstens 150 leerlingen een "
                                                 "leerwerkplek aan in een lokaal bestuur.")
    assert not runs_on(TextBlock("paragraph", "Dit is af.", 1.0), top)
    assert not runs_on(TextBlock("paragraph", "2.1 Werkplekleren", 1.2, True), top)


def test_members_and_sub_headings_of_an_article_stay_under_it_and_the_next_article_is_not_their_child():
    """'Lid 1' under an article heading keeps the article; the explanation's unnumbered sub-headings
    ("Ecologisch onderzoek") do not become parents of the next article."""
    from ingest.types import Page

    def styled(text: str, size: float, italic: bool = False) -> TextBlock:
        return TextBlock("paragraph", text, size=size, bold=True, italic=italic)

    def body(text: str) -> TextBlock:
        return TextBlock("paragraph", text, size=1.0)

    blocks = [styled("Paragraaf 4.11.2 Windenergie", 1.04),
              styled("Artikel 4.108 (instructieregel uitsluitingsgebied)", 0.87), styled("Lid 1", 0.66),
              body("Omgevingsplannen voorzien niet in windturbines in uitsluitingsgebieden."),
              styled("Artikel 4.108a (instructieregel voorkeursgebieden)", 0.87), styled("Lid 1", 0.66),
              body("Omgevingsplannen voorzien niet in ontwikkelingen die clustering in de weg staan."),
              styled("Artikelsgewijze toelichting", 1.57), styled("Artikel 4.108 (instructieregel uitsluitingsgebied)", 1.0),
              body("Niet overal is de oprichting van windturbines gewenst."),
              styled("Ecologisch onderzoek", 1.0, italic=True), body("Soms is ecologisch onderzoek nodig."),
              styled("Artikel 4.108a (instructieregel voorkeursgebieden)", 1.0), body("Wij streven naar clustering.")]
    _, _, found = document_structure([Page.from_blocks(1, "1", blocks)], "Verordening")
    by_text = {b.text: b for b in found if b.kind != "heading"}
    clustering = by_text["Omgevingsplannen voorzien niet in ontwikkelingen die clustering in de weg staan."]
    assert clustering.article == "Artikel 4.108a"
    assert clustering.path == "Paragraaf 4.11.2 Windenergie › Artikel 4.108a (instructieregel voorkeursgebieden) › Lid 1"
    assert by_text["Soms is ecologisch onderzoek nodig."].path.endswith("Ecologisch onderzoek")
    assert by_text["Wij streven naar clustering."].path == (
        "Artikelsgewijze toelichting › Artikel 4.108a (instructieregel voorkeursgebieden)")


def test_a_bold_lead_in_with_a_verb_or_before_list_items_is_no_heading():
    from ingest.types import Page

    blocks = [TextBlock("paragraph", "Aanpassing artikel 1.1 (begripsbepalingen):", size=1.04, bold=True),
              TextBlock("paragraph", "De begripsbepalingen worden aangevuld.", size=1.0),
              TextBlock("paragraph", "Als uitsluitingsgebied windturbines zijn aangewezen:", size=1.0, bold=True),
              TextBlock("paragraph", "Nationaal Landschap IJsseldelta en Nationaal Landschap Noordoost-Twente.", size=1.0),
              TextBlock("paragraph", "Voorkeursgebieden windenergie:", size=1.0, bold=True),
              TextBlock("bullet", "- Ommen/Hardenberg", size=1.0)]
    _, _, found = document_structure([Page.from_blocks(1, "1", blocks)], "Verordening")
    assert [b.text for b in found if b.kind == "heading"] == ["Aanpassing artikel 1.1 (begripsbepalingen):"]
