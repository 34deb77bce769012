"""Messy document folders: every bad file gets a clear Dutch reason, the rest of the batch is ingested,
and the index stays consistent."""

import logging
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from beleid.settings import IngestSettings, Settings
from index.indexer import Indexer
from tests.pdf_factory import make_pdf

GOOD_TEXT = "Artikel 1. Opleiding\nDe sector verbindt zich ertoe om jaarlijks 30 opleidingen te organiseren."


def _encrypted(source: Path, target: Path, user_password: str) -> Path:
    writer = PdfWriter()
    writer.append(PdfReader(source))
    writer.encrypt(user_password=user_password, owner_password="eigenaar-geheim")
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def _image_only_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(40, 40, 40)
    for row in range(20):
        pdf.rect(20, 20 + row * 12, 170, 6, style="F")  # "scanned lines": drawings, no text
    pdf.output(str(path))
    return path


@pytest.fixture
def messy_corpus(corpus_dir: Path) -> Path:
    good = make_pdf(corpus_dir / "goed.pdf", [GOOD_TEXT])
    raw = good.read_bytes()
    (corpus_dir / "corrupt.pdf").write_bytes(raw[:20] + b"\x00garbage" * 200)
    (corpus_dir / "afgebroken.pdf").write_bytes(raw[: len(raw) // 2])
    _encrypted(good, corpus_dir / "met-wachtwoord.pdf", "geheim")
    _encrypted(good, corpus_dir / "zonder-wachtwoord.pdf", "")
    _image_only_pdf(corpus_dir / "scan.pdf")
    (corpus_dir / "leeg.txt").write_bytes(b"")
    (corpus_dir / "tekst-als.pdf").write_text("Dit is gewone tekst met een verkeerde extensie.", encoding="utf-8")
    (corpus_dir / "windows.txt").write_bytes("Beleidsnota\n\nDe gemeente voert een loopbaanbeleid met één plan.".encode("cp1252"))
    (corpus_dir / "bom.txt").write_bytes("\ufeffBeleidsnota\n\nHet OCMW start een mentorprogramma.".encode("utf-8"))
    (corpus_dir / "lange-regel.txt").write_text("Lange regel " + "werkbaar werk en levenslang leren " * 3000, encoding="utf-8")
    (corpus_dir / "kopie-van-goed.pdf").write_bytes(raw)
    return corpus_dir


def test_each_bad_file_gets_a_dutch_reason_and_the_good_ones_are_ingested(settings, catalog, messy_corpus, caplog):
    caplog.set_level(logging.WARNING)
    report = Indexer(settings, catalog).ingest()
    results = {r.file_name: r for r in report.results}
    assert {n for n, r in results.items() if r.status == "added"} >= {
        "windows.txt", "bom.txt", "lange-regel.txt", "zonder-wachtwoord.pdf"}
    assert sorted([results["goed.pdf"].status, results["kopie-van-goed.pdf"].status]) == ["added", "duplicate"]
    reasons = {n: r.reason for n, r in results.items() if r.status == "failed"}
    assert "beschadigde of onvolledige PDF" in reasons["corrupt.pdf"]
    assert "beschadigde of onvolledige PDF" in reasons["afgebroken.pdf"]
    assert "versleutelde PDF" in reasons["met-wachtwoord.pdf"]
    assert "geen tekst gevonden — gescande PDF?" in reasons["scan.pdf"]
    assert "leeg" in reasons["leeg.txt"]
    assert "verkeerde extensie" in reasons["tekst-als.pdf"]
    assert set(reasons) == {"corrupt.pdf", "afgebroken.pdf", "met-wachtwoord.pdf", "scan.pdf", "leeg.txt", "tekst-als.pdf"}
    assert all("skipping" in m for m in caplog.messages if "corrupt.pdf" in m)  # English log line per failure
    assert catalog.store.ids() == set(catalog.state.chunk_ids())


def test_legacy_encodings_are_decoded_correctly(settings, catalog, messy_corpus):
    Indexer(settings, catalog).ingest()
    texts = " ".join(text for _, _, text in catalog.state.chunk_texts())
    assert "één plan" in texts and "mentorprogramma" in texts and "\ufeff" not in texts


def test_an_extremely_long_line_is_chunked_within_the_model_window(settings, catalog, messy_corpus, embedder):
    Indexer(settings, catalog).ingest()
    chunks = [t for _, doc, t in catalog.state.chunk_texts() if doc.startswith("lange-regel")]
    assert len(chunks) > 10
    assert max(embedder.count_tokens(t) for t in chunks) <= embedder.window_tokens


def test_files_over_the_size_or_page_limit_are_refused_before_reading(data_dir, corpus_dir, embedder):
    from index.catalog import IndexCatalog

    make_pdf(corpus_dir / "dik.pdf", [f"Pagina {n}: werkplekleren." for n in range(1, 61)])
    (corpus_dir / "groot.txt").write_text("x" * 3_000_000, encoding="utf-8")
    (corpus_dir / "klein.txt").write_text("Beleidsnota\n\nKorte tekst over opleiding.", encoding="utf-8")
    settings = Settings(data_dir=data_dir, ingest=IngestSettings(corpus_dir=corpus_dir, max_file_mb=1, max_pages=50))
    report = Indexer(settings, IndexCatalog(settings, embedder=embedder)).ingest()
    reasons = {r.file_name: r.reason for r in report.results if r.status == "failed"}
    assert "te veel pagina's (60, maximum 50)" in reasons["dik.pdf"]
    assert "bestand te groot" in reasons["groot.txt"]
    assert [r.status for r in report.results if r.file_name == "klein.txt"] == ["added"]


def test_a_docx_zip_bomb_is_refused_without_unpacking(settings, catalog, corpus_dir):
    import zipfile

    with zipfile.ZipFile(corpus_dir / "bom.docx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document>" + b"A" * 200_000_000 + b"</w:document>")
    report = Indexer(settings, catalog).ingest()
    assert report.results[0].status == "failed" and "uitgepakt" in report.results[0].reason


def test_the_cli_prints_the_reasons_in_its_summary_table(data_dir, messy_corpus):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("BELEID_")}
    env.update(BELEID_DATA_DIR=str(data_dir), BELEID_INGEST__CORPUS_DIR=str(messy_corpus), COLUMNS="200")
    out = subprocess.run([sys.executable, "-m", "beleid", "ingest"], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "versleutelde PDF" in out.stdout and "gescande PDF?" in out.stdout and "mislukt: 6" in out.stdout
