"""Incremental, consistent ingest against a real Chroma on disk and the real embedding model."""

from pathlib import Path

import numpy as np
import pytest

from index.indexer import Indexer
from index.retriever import Retriever
from tests.pdf_factory import make_pdf


def _statuses(report) -> dict[str, str]:
    return {r.file_name: r.status for r in report.results}


def _consistent(catalog) -> set[str]:
    """Chroma and SQLite hold exactly the same chunk ids; returns them."""
    in_sqlite = set(catalog.state.chunk_ids())
    assert catalog.store.ids() == in_sqlite
    assert not catalog.state.pending()
    return in_sqlite


@pytest.fixture
def pdf_corpus(corpus_dir: Path) -> Path:
    make_pdf(corpus_dir / "convenant-bouw-2021-2022.pdf",
             ["Artikel 1. Voorwerp\nDe bouwsector zet in op werkplekleren voor jongeren.",
              "Artikel 2. Opleiding\nDe sector biedt jaarlijks 40 opleidingen aan voor bouwvakkers."])
    make_pdf(corpus_dir / "convenant-horeca-2021-2022.pdf",
             ["Artikel 1. Voorwerp\nDe horecasector investeert in digitale vaardigheden van koks."])
    (corpus_dir / "nota.txt").write_text("Beleidsnota\n\nHet lokaal bestuur evalueert elk jaar het HR-beleid.", encoding="utf-8")
    return corpus_dir


def test_first_ingest_adds_every_document_and_both_stores_agree(settings, catalog, pdf_corpus):
    report = Indexer(settings, catalog).ingest()
    assert _statuses(report) == {"convenant-bouw-2021-2022.pdf": "added", "convenant-horeca-2021-2022.pdf": "added",
                                 "nota.txt": "added"}
    ids = _consistent(catalog)
    assert len(ids) == sum(r.chunks for r in report.results) >= 3


def test_unchanged_files_are_skipped_without_embedding_again(settings, catalog, pdf_corpus, monkeypatch):
    indexer = Indexer(settings, catalog)
    indexer.ingest()
    before = _consistent(catalog)
    monkeypatch.setattr(catalog.embedder, "embed_passages", lambda texts: pytest.fail("re-embedded unchanged text"))
    report = indexer.ingest()
    assert set(_statuses(report).values()) == {"unchanged"}
    assert _consistent(catalog) == before


def test_a_changed_file_has_its_old_chunks_replaced(settings, catalog, pdf_corpus):
    indexer = Indexer(settings, catalog)
    indexer.ingest()
    old_ids = {cid for cid in catalog.state.chunk_ids() if cid.startswith("nota:")}
    (pdf_corpus / "nota.txt").write_text("Beleidsnota\n\nHet lokaal bestuur voert een telewerkbeleid in.", encoding="utf-8")
    report = indexer.ingest()
    assert _statuses(report)["nota.txt"] == "updated"
    ids = _consistent(catalog)
    assert not old_ids & ids
    hits = Retriever(catalog).search("telewerken", k=1)
    assert "telewerkbeleid" in hits[0].text
    assert not any("evalueert elk jaar" in p.text for p in Retriever(catalog).search("evaluatie HR-beleid", k=10))


def test_an_edited_document_embeds_only_the_chunks_whose_text_changed(settings, catalog, corpus_dir, monkeypatch):
    articles = [f"Artikel {n}. {topic}\nDe sector {verb} in de periode 2021-2022." for n, topic, verb in
                [(1, "Voorwerp", "regelt het kader"), (2, "Opleiding", "organiseert opleidingen"),
                 (3, "Werkplekleren", "begeleidt stagiairs"), (4, "Evaluatie", "evalueert jaarlijks")]]
    path = corpus_dir / "convenant-cultuur.txt"
    path.write_text("Convenant cultuur\n\n" + "\n\n".join(articles), encoding="utf-8")
    indexer = Indexer(settings, catalog)
    indexer.ingest()
    doc_id = catalog.state.document_by_file(path.name)["doc_id"]
    before = {text: cid for cid, _, _, _, text in catalog.state.chunk_parts([doc_id])}
    assert len(before) >= 4
    old_vectors = catalog.store.vectors(list(before.values()))

    articles[1] = "Artikel 2. Opleiding\nDe sector organiseert elk jaar veertig opleidingen voor leidinggevenden."
    path.write_text("Convenant cultuur\n\n" + "\n\n".join(articles), encoding="utf-8")
    embedded: list[str] = []
    real = catalog.embedder.embed_passages
    monkeypatch.setattr(catalog.embedder, "embed_passages", lambda texts: embedded.extend(texts) or real(texts))
    assert _statuses(indexer.ingest())[path.name] == "updated"

    after = {text: cid for cid, _, _, _, text in catalog.state.chunk_parts([doc_id])}
    changed = [text for text in after if text not in before]
    assert len(changed) == 1 and "veertig opleidingen" in changed[0]
    chunk_texts_embedded = [t for t in embedded if any(chunk in t for chunk in after)]
    assert len(chunk_texts_embedded) == 1 and "veertig opleidingen" in chunk_texts_embedded[0]
    new_vectors = catalog.store.vectors(list(after.values()))
    for text, cid in after.items():
        if text in before:
            assert np.allclose(new_vectors[cid], old_vectors[before[text]])
    _consistent(catalog)
    assert "veertig opleidingen" in Retriever(catalog).search("hoeveel opleidingen voor leidinggevenden", k=1)[0].text


def test_a_deleted_file_leaves_the_index(settings, catalog, pdf_corpus):
    indexer = Indexer(settings, catalog)
    indexer.ingest()
    (pdf_corpus / "convenant-horeca-2021-2022.pdf").unlink()
    report = indexer.ingest()
    assert _statuses(report)["convenant-horeca-2021-2022.pdf"] == "deleted"
    ids = _consistent(catalog)
    assert not any(cid.startswith("convenant-horeca") for cid in ids)
    assert [d["file_name"] for d in catalog.state.documents()] == ["convenant-bouw-2021-2022.pdf", "nota.txt"]


def test_a_broken_pdf_is_reported_and_skipped_while_the_others_are_ingested(settings, catalog, pdf_corpus):
    good = (pdf_corpus / "convenant-bouw-2021-2022.pdf").read_bytes()
    (pdf_corpus / "kapot.pdf").write_bytes(good[: len(good) // 3])
    (pdf_corpus / "leeg.pdf").write_bytes(b"")
    (pdf_corpus / "nep.pdf").write_text("dit is geen pdf", encoding="utf-8")
    report = Indexer(settings, catalog).ingest()
    statuses = _statuses(report)
    assert statuses["convenant-bouw-2021-2022.pdf"] == statuses["nota.txt"] == "added"
    reasons = {r.file_name: r.reason for r in report.results if r.status == "failed"}
    assert set(reasons) == {"kapot.pdf", "leeg.pdf", "nep.pdf"}
    assert "beschadigde of onvolledige PDF" in reasons["kapot.pdf"]
    assert "leeg" in reasons["leeg.pdf"] and "verkeerde extensie" in reasons["nep.pdf"]
    _consistent(catalog)
    failed = {d["file_name"]: d for d in catalog.state.documents() if d["status"] == "failed"}
    assert failed["kapot.pdf"]["error"] == reasons["kapot.pdf"]


def test_an_interrupted_write_is_rolled_back_and_redone_on_the_next_ingest(settings, catalog, pdf_corpus):
    indexer = Indexer(settings, catalog)
    indexer.ingest()
    doc = catalog.state.document_by_file("nota.txt")
    # Simulate a crash after the pending mark and the vector delete, before SQLite was updated.
    catalog.state.mark_pending(doc["doc_id"])
    catalog.store.delete_document(doc["doc_id"])
    report = indexer.ingest()
    assert _statuses(report)["nota.txt"] == "added"
    _consistent(catalog)


def test_the_same_content_under_another_name_is_reported_as_a_duplicate(settings, catalog, pdf_corpus):
    (pdf_corpus / "kopie-nota.txt").write_bytes((pdf_corpus / "nota.txt").read_bytes())
    report = Indexer(settings, catalog).ingest()
    statuses = _statuses(report)
    assert sorted([statuses["nota.txt"], statuses["kopie-nota.txt"]]) == ["added", "duplicate"]
    _consistent(catalog)


def test_search_filters_limit_results_to_a_sector_and_type(settings, catalog, pdf_corpus):
    from index.types import SearchFilters

    Indexer(settings, catalog).ingest()
    hits = Retriever(catalog).search("opleidingen", k=5, filters=SearchFilters(sectors=("Horeca",)))
    assert hits and {h.sector for h in hits} == {"Horeca"}
    assert Retriever(catalog).search("opleidingen", filters=SearchFilters(periods=("1999-2000",))) == []
