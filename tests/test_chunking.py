from pathlib import Path

import pytest

from ingest.chunker import Chunker, embedding_text
from ingest.pipeline import parse_document
from tests.pdf_factory import make_pdf

PAGE_1 = """Sectorconvenant 2021-2022 Bouw

Hoofdstuk 1. Algemene bepalingen

Artikel 1. Voorwerp
Deze overeenkomst regelt de samenwerking tussen de Vlaamse Regering en de sociale partners van de bouwsector voor de periode 2021-2022."""

PAGE_2 = """Hoofdstuk 2. Verbintenissen van de sector

Artikel 5. Werkplekleren
De sector engageert zich tot de volgende acties:
- minstens 150 leerlingen een stageplaats aanbieden;
- mentoren opleiden in elke onderneming met meer dan 20 werknemers.

Artikel 6. Opleiding
De sector verbindt zich ertoe om jaarlijks een opleidingsplan voor bouwvakkers op te maken."""

PAGE_3 = """Hoofdstuk 3. Verbintenissen van de Vlaamse Regering

Artikel 9. Financiering
De Vlaamse Regering zal een subsidie van 245.000 euro toekennen voor de sectorconsulenten."""


@pytest.fixture
def convenant_pdf(tmp_path: Path) -> Path:
    return make_pdf(tmp_path / "sectorconvenant-bouw-2021-2022.pdf", [PAGE_1, PAGE_2, PAGE_3],
                    header="Sectorconvenant Bouw 2021-2022", footer=True)


@pytest.fixture
def chunker(embedder) -> Chunker:
    return Chunker(embedder.count_tokens, chunk_tokens=320, window_tokens=embedder.window_tokens)


def _chunk_with(chunks, words: str):
    return next(c for c in chunks if words in c.text)


def test_page_numbers_and_article_headings_land_in_chunk_metadata(convenant_pdf, chunker):
    parsed = parse_document(convenant_pdf, convenant_pdf.name, chunker, max_mb=10, max_pages=100)
    werkplekleren = _chunk_with(parsed.chunks, "150 leerlingen")
    assert (werkplekleren.page_start, werkplekleren.article) == (2, "Artikel 5")
    assert "Verbintenissen van de sector" in werkplekleren.heading
    financiering = _chunk_with(parsed.chunks, "245.000 euro")
    assert (financiering.page_start, financiering.article) == (3, "Artikel 9")
    assert "Verbintenissen van de Vlaamse Regering" in financiering.heading
    assert parsed.meta.sector == "Bouw" and parsed.meta.period == "2021-2022" and parsed.meta.doc_type == "convenant"


def test_running_header_and_footer_do_not_reach_the_chunks(convenant_pdf, chunker):
    parsed = parse_document(convenant_pdf, convenant_pdf.name, chunker, max_mb=10, max_pages=100)
    assert not any("Pagina 2 van 3" in c.text for c in parsed.chunks)
    assert sum(c.text.count("Sectorconvenant Bouw 2021-2022") for c in parsed.chunks) == 0


def test_a_bullet_list_stays_with_its_lead_in_sentence(convenant_pdf, chunker):
    parsed = parse_document(convenant_pdf, convenant_pdf.name, chunker, max_mb=10, max_pages=100)
    chunk = _chunk_with(parsed.chunks, "mentoren opleiden")
    assert "De sector engageert zich tot de volgende acties:" in chunk.text
    assert "150 leerlingen" in chunk.text


def test_articles_are_not_mixed_in_one_chunk(convenant_pdf, chunker):
    parsed = parse_document(convenant_pdf, convenant_pdf.name, chunker, max_mb=10, max_pages=100)
    assert all(not ("Artikel 5" in c.text and "Artikel 6" in c.text) for c in parsed.chunks)


def test_chunk_text_is_the_exact_span_of_the_cleaned_document(convenant_pdf, chunker):
    from ingest.sections import join_pages

    parsed = parse_document(convenant_pdf, convenant_pdf.name, chunker, max_mb=10, max_pages=100)
    text, _ = join_pages(parsed.pages)
    assert all(text[c.char_start : c.char_end] == c.text for c in parsed.chunks)


def test_long_sections_are_split_under_the_token_budget_and_never_past_the_model_window(tmp_path, embedder):
    sentence = "De sectorconsulenten ondersteunen lokale besturen bij het uitwerken van een competentiebeleid voor alle medewerkers. "
    path = tmp_path / "lang.txt"
    path.write_text("Artikel 3. Competentiebeleid\n" + sentence * 120 + "\n\nEén zin van " + "heel " * 900 + "lang.")
    small = Chunker(embedder.count_tokens, chunk_tokens=120, window_tokens=embedder.window_tokens)
    parsed = parse_document(path, path.name, small, max_mb=10, max_pages=10)
    sizes = [embedder.count_tokens(embedding_text(parsed.meta.title, c.heading, c.text)) for c in parsed.chunks]
    assert len(parsed.chunks) > 10
    assert max(sizes) <= embedder.window_tokens
    assert max(embedder.count_tokens(c.text) for c in parsed.chunks[:-3]) <= 120
    assert all(c.article == "Artikel 3" for c in parsed.chunks)


def test_a_numbered_list_over_a_page_break_stays_with_its_lead_in(tmp_path, chunker):
    """Numbered items ("1.", "2.") after a lead-in are one unit like marked bullets, also across a page break:
    the chunk that ends with the lead-in and its first item does not leave the others to the next chunk."""
    filler = " ".join(["De provincie beschrijft hier uitvoerig de voorgeschiedenis van het windbeleid."] * 13)
    item = "mee te werken aan windturbines in trede {} van de windladder, binnen en buiten de clustergebieden"
    page_1 = f"Programma windenergie\n\n{filler}\n\nIn deze motie hebben Provinciale Staten het volgende bepaald:\n\n1. Alleen {item.format(1)};"
    page_2 = f"2. Niet {item.format(4)};\n\n3. Niet {item.format(5)}.\n\nIn vervolg hierop is het beleid gewijzigd."
    path = make_pdf(tmp_path / "programma-wind.pdf", [page_1, page_2])
    parsed = parse_document(path, path.name, chunker, max_mb=10, max_pages=10)
    chunk = _chunk_with(parsed.chunks, "trede 5")
    assert "het volgende bepaald:" in chunk.text and "trede 1" in chunk.text and "trede 4" in chunk.text


def test_a_table_starts_its_chunk_with_the_caption_that_names_it(tmp_path, embedder):
    """A report's "Tabel 1 - Samenvatting opgaven" ends the paragraph chunk before it unless it goes with its table:
    then "volgens tabel 1" finds the rows, and no chunk ends with a dangling caption (real: Tussenstand RES 2.0)."""
    filler = " ".join(["De regio beschrijft hier uitvoerig de voortgang van de opgaven uit de eerste strategie."] * 5)
    rows = "\n".join(f"| Opgave {n} | 1 juli 2023 | 3{'abcde'[n % 5]} |" for n in range(1, 9))
    path = tmp_path / "tussenstand.md"
    path.write_text(f"# Tussenstand\n\n## De opgaven\n\n{filler}\n\nTabel 1 - Samenvatting opgaven RES 1.0\n\n"
                    f"| Onderwerp | Datum | Stand |\n|---|---|---|\n{rows}\n", encoding="utf-8")
    small = Chunker(embedder.count_tokens, chunk_tokens=160, window_tokens=embedder.window_tokens)
    parsed = parse_document(path, path.name, small, max_mb=10, max_pages=10)
    table = _chunk_with(parsed.chunks, "Opgave 1")
    assert table.text.startswith("Tabel 1 - Samenvatting opgaven RES 1.0")
    assert not any(c.text.rstrip().endswith("RES 1.0") for c in parsed.chunks if c is not table)
