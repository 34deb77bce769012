"""The real public PDFs in ../shared/real-pdfs through the real ingest pipeline: every chunk of every
document is checked, and the structure figures are held to the issue's floors (eval/structure/)."""

from __future__ import annotations

import pytest

from eval.real import REAL_PDFS, missing_message
from ingest.chunker import Chunker
from ingest.pipeline import parse_document
from ingest.sections import PATH_SEPARATOR, _is_junk

pytestmark = pytest.mark.skipif(not REAL_PDFS.is_dir(), reason=missing_message(REAL_PDFS))

@pytest.fixture(scope="module")
def parsed_real(embedder):
    chunker = Chunker(embedder.count_tokens, chunk_tokens=320, window_tokens=embedder.window_tokens)
    parsed = {}
    for path in sorted(REAL_PDFS.glob("*.pdf")):
        try:
            parsed[path.name] = parse_document(path, path.name, chunker, max_mb=50, max_pages=500)
        except Exception as err:  # noqa: BLE001 - recorded so that the test names the document
            parsed[path.name] = err
    return parsed


def test_every_real_pdf_is_read_or_refused_with_a_dutch_reason(parsed_real):
    from beleid.errors import DocumentError

    assert len(parsed_real) == 11
    for name, result in parsed_real.items():
        if isinstance(result, Exception):
            assert isinstance(result, DocumentError) and "geen tekst" in result.user_message, name
    assert sum(not isinstance(r, Exception) for r in parsed_real.values()) >= 10


def test_no_chunk_heading_is_a_year_amount_footnote_or_toc_line(parsed_real):
    bad = []
    for name, parsed in parsed_real.items():
        if isinstance(parsed, Exception):
            continue
        footnotes = {" ".join(b.text.split()) for page in parsed.pages for b in page.blocks if b.kind == "footnote"}
        toc_lines = {" ".join(line.replace(" | ", " ").split()) for page in parsed.pages for b in page.blocks
                     if b.kind == "toc" for line in b.text.split("\n") if line.rstrip()[-1:].isdigit()}
        for chunk in parsed.chunks:
            for part in filter(None, chunk.heading.split(PATH_SEPARATOR)):
                if _is_junk(part) or part in footnotes or part in toc_lines:
                    bad.append((name, chunk.page_start, part))
    assert bad == []


def test_table_of_contents_pages_are_never_evidence(parsed_real):
    for name, parsed in parsed_real.items():
        if isinstance(parsed, Exception):
            continue
        toc_pages = {page.number for page in parsed.pages if page.blocks and all(b.kind == "toc" for b in page.blocks)}
        assert not [c.chunk_id for c in parsed.chunks if c.page_start in toc_pages and c.page_end in toc_pages], name
        toc_texts = [b.text for page in parsed.pages for b in page.blocks if b.kind == "toc" and len(b.text) >= 30
                     and (b.text.rstrip()[-1:].isdigit() or "...." in b.text)]  # entries, not a title on the page
        assert not any(text in chunk.text for text in toc_texts for chunk in parsed.chunks), name


def test_scanned_pages_are_named_in_the_notes_and_the_rest_is_ingested(parsed_real):
    statenvoorstel = parsed_real["241122_Statenvoorstel_vaststelling_aanpassing_omgevingsverordening_geamendeerd.pdf"]
    assert statenvoorstel.chunks
    ocr_pages = {page.number for page in statenvoorstel.pages if page.ocr}
    assert 6 in ocr_pages or any("pagina 6" in note for note in statenvoorstel.notes)


def test_structure_figures_meet_the_floors_on_the_annotated_real_pdfs():
    from eval.structure import run

    totals = run()["totals"]
    assert totals["documents"] >= 5
    assert totals["heading_precision"] >= 0.95 and totals["heading_recall"] >= 0.90, totals
    assert totals["page_accuracy"] >= 0.95, totals
    assert totals["junk_headings"] == 0 and totals["toc_pages_false"] == 0, totals
