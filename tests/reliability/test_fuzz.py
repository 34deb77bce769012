"""Property-based tests: the cleaner and chunker never crash and never lose text; the PDF loader turns
any mangled PDF into pages or a DocumentError, never another exception. Longer runs: FUZZ_EXAMPLES=5000."""

import os
import random

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from beleid.errors import DocumentError
from ingest.chunker import Chunker
from ingest.sections import join_pages
from ingest.clean import clean_pages
from ingest.loaders import load_pages
from ingest.types import DocumentMeta, Page
from tests.pdf_factory import make_pdf

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
PIECES = st.sampled_from([
    "Artikel 3. Opleiding", "Art. 12", "Hoofdstuk 2. Verbintenissen van de sector", "De sector engageert zich:",
    "• item", "- punt", "1) eerste", "werkgelegen-\nheid", "zorg-\nen welzijn", "cookies", "Home > Werk",
    "Pagina 3 van 9", "é", "ë", "€ 12,6 miljoen", "2021-2022", "\u00ad", "\u200b", "\t", "  ", "\n", "\n\n", ".",
    "Zin één. Zin twee!", "a" * 300,
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=40)), max_size=60).map("".join)
META = DocumentMeta("doc", "doc.txt", "Titel", "beleidstekst", "", "")


def _word_count_tokens(text: str) -> int:
    return len(text.split()) + len(text) // 50 + 2


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT, min_size=1, max_size=5), st.integers(min_value=8, max_value=120))
def test_cleaning_and_chunking_never_crash_and_every_character_lands_in_a_chunk(page_texts, budget):
    pages = clean_pages([Page(i + 1, str(i + 1), t) for i, t in enumerate(page_texts)])
    chunks = Chunker(_word_count_tokens, chunk_tokens=budget, window_tokens=budget * 2, overlap=1).chunk(META, pages)
    text, _ = join_pages(pages)
    covered = bytearray(len(text))
    for chunk in chunks:
        assert text[chunk.char_start:chunk.char_end] == chunk.text
        covered[chunk.char_start:chunk.char_end] = b"\x01" * (chunk.char_end - chunk.char_start)
    lost = [c for c, hit in zip(text, covered) if not hit and not c.isspace()]
    assert not lost, f"text not in any chunk: {''.join(lost)[:80]!r}"
    assert len({c.chunk_id for c in chunks}) == len(chunks)


@pytest.fixture(scope="module")
def valid_pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    return make_pdf(folder / "basis.pdf", ["Artikel 1. Voorwerp\nDe sector zet in op opleiding.", "Pagina twee."]).read_bytes()


def _mutate(data: bytes, rng: random.Random) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        action = rng.random()
        position = rng.randrange(len(data))
        if action < 0.5:
            data[position] = rng.randrange(256)
        elif action < 0.7:
            del data[position:position + rng.randint(1, 200)]
        elif action < 0.9:
            data[position:position] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 50)))
        else:
            data = data[:position]
        if len(data) < 10:
            break
    return bytes(data)


def test_mutated_pdfs_give_pages_or_a_document_error(valid_pdf, tmp_path):
    rng = random.Random(20261125)
    outcomes = {"pages": 0, "error": 0}
    for run in range(EXAMPLES * 2):
        path = tmp_path / f"m{run}.pdf"
        path.write_bytes(_mutate(valid_pdf, rng))
        try:
            pages = load_pages(path, max_pages=100)
            assert all(isinstance(p.text, str) for p in pages)
            outcomes["pages"] += 1
        except DocumentError as err:
            assert err.user_message.startswith(path.name)
            outcomes["error"] += 1
    assert outcomes["pages"] and outcomes["error"]  # both paths exercised
