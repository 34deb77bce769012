"""BM25: same scores and ranking as plain bm25s, per-document updates equal to a full rebuild, kept in step with ingest."""

import json
import shutil
from pathlib import Path

import bm25s
import numpy as np
import pytest

from index import bm25
from index.bm25 import BM25Index, tokenize
from index.catalog import IndexCatalog
from index.indexer import Indexer
from index.retriever import Retriever
from tests.conftest import SEED_CORPUS
from tests.pdf_factory import make_pdf

QUESTIONS = [json.loads(line)["question"] for line in (Path(__file__).parent.parent / "eval/questions/demo.jsonl")
             .read_text(encoding="utf-8").splitlines()[:25]]


def _paragraphs() -> list[tuple[str, str, str]]:
    """(chunk id, doc id, text) rows: the seed corpus cut at blank lines, three paragraphs per 'document'."""
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEED_CORPUS.glob("*.txt")))
    paragraphs = [p for p in text.split("\n\n") if len(p.split()) > 3]
    return [(f"p{i}", f"doc{i // 3}", p) for i, p in enumerate(paragraphs)]


def _scores(index: BM25Index, query: str) -> dict[str, float]:
    return dict(index.search(query, k=len(index.chunk_ids) or 1))


def test_scores_equal_the_bm25s_reference_implementation():
    rows = _paragraphs()
    ours = BM25Index.empty().updated(set(), rows, {})
    reference = bm25s.BM25()
    reference.index(tokenize([text for _, _, text in rows]), show_progress=False)
    compared = 0
    for question in QUESTIONS:
        tokens = [t for t in tokenize([question])[0] if t in reference.vocab_dict]
        if not tokens:
            continue
        docs, scores = reference.retrieve([tokens], k=len(rows), show_progress=False)
        expected = {f"p{d}": float(s) for d, s in zip(docs[0], scores[0]) if s > 0}
        got = _scores(ours, question)
        assert got.keys() == expected.keys()
        assert np.allclose([got[c] for c in expected], list(expected.values()), rtol=1e-4)
        compared += 1
    assert compared >= 20


def test_updating_documents_gives_the_same_index_as_building_from_scratch():
    rows = _paragraphs()
    kept, removed, added = rows[:9], rows[9:-6], rows[-6:]
    versions = {doc: "v1" for _, doc, _ in kept + added}
    before = BM25Index.empty().updated(set(), kept + removed, {doc: "v1" for _, doc, _ in kept + removed})
    updated = before.updated({doc for _, doc, _ in removed}, added, versions)
    scratch = BM25Index.empty().updated(set(), kept + added, versions)
    assert sorted(updated.chunk_ids) == sorted(scratch.chunk_ids)
    live = np.diff(updated.counts.indptr) > 0
    assert {term for term, col in updated.vocab.items() if live[col]} == set(scratch.vocab)
    for question in QUESTIONS:
        got, expected = _scores(updated, question), _scores(scratch, question)
        assert got.keys() == expected.keys()
        assert np.allclose([got[c] for c in expected], list(expected.values()), rtol=1e-5)


def test_terms_of_removed_documents_leave_the_vocabulary_once_they_are_the_majority():
    rows = _paragraphs()
    first = [row for row in rows if row[1] == "doc0"]
    index = BM25Index.empty().updated(set(), rows, {})
    shrunk = index.updated({doc for _, doc, _ in rows} - {"doc0"}, [], {"doc0": "v1"})
    assert set(shrunk.vocab) == set(BM25Index.empty().updated(set(), first, {}).vocab)
    assert shrunk.counts.shape == (len(first), len(shrunk.vocab))


def test_an_index_survives_saving_and_loading(tmp_path):
    index = BM25Index.empty().updated(set(), _paragraphs(), {"doc0": "abc"})
    index.save(tmp_path / "bm25")
    loaded = BM25Index.load(tmp_path / "bm25")
    assert loaded.versions == {"doc0": "abc"} and loaded.doc_ids == index.doc_ids
    assert index.search(QUESTIONS[0], k=5) == loaded.search(QUESTIONS[0], k=5)


@pytest.fixture
def three_documents(corpus_dir: Path) -> Path:
    make_pdf(corpus_dir / "convenant-bouw.pdf", ["Artikel 1. De bouwsector zet in op werkplekleren voor jongeren."])
    make_pdf(corpus_dir / "convenant-zorg.pdf",
             ["Artikel 1. De zorgsector voorziet mentoren voor nieuwe verpleegkundigen."])
    (corpus_dir / "nota.txt").write_text("Beleidsnota\n\nHet lokaal bestuur evalueert elk jaar het HR-beleid.",
                                         encoding="utf-8")
    return corpus_dir


def _lexical(catalog, query: str) -> list[str]:
    return [p.text for p in Retriever(catalog).search(query, k=3, mode="bm25")]


def test_adding_a_document_tokenizes_only_that_document(settings, catalog, three_documents, monkeypatch):
    indexer = Indexer(settings, catalog)
    indexer.ingest()
    tokenized: list[str] = []
    real_tokenize = bm25.tokenize
    monkeypatch.setattr(bm25, "tokenize", lambda texts: tokenized.extend(texts) or real_tokenize(texts))
    (three_documents / "nota-telewerk.txt").write_text("Telewerk\n\nElk bestuur legt een telewerkbeleid vast.",
                                                       encoding="utf-8")
    indexer.ingest()
    assert tokenized and all("telewerkbeleid" in text for text in tokenized)
    assert "telewerkbeleid" in _lexical(catalog, "telewerkbeleid")[0]
    fresh = BM25Index.empty().updated(set(), catalog.state.chunk_texts(), catalog.state.indexed_versions())
    assert _scores(catalog.bm25(), "bestuur telewerk") == pytest.approx(_scores(fresh, "bestuur telewerk"))


def test_an_ingest_that_stopped_before_the_bm25_write_is_caught_up_next_time(settings, catalog, three_documents):
    indexer = Indexer(settings, catalog)
    indexer.ingest()
    saved = catalog.bm25_folder.with_name("bm25-before")
    shutil.copytree(catalog.bm25_folder, saved)
    (three_documents / "nota.txt").write_text("Beleidsnota\n\nHet bestuur voert een telewerkbeleid in.", encoding="utf-8")
    indexer.ingest()
    shutil.rmtree(catalog.bm25_folder)
    saved.rename(catalog.bm25_folder)  # as if the process died after the SQLite write, before the BM25 save
    catalog = IndexCatalog(settings, embedder=catalog.embedder)  # the next run is a new process
    report = Indexer(settings, catalog).ingest()
    assert {r.status for r in report.results} == {"unchanged"}
    assert "telewerkbeleid" in _lexical(catalog, "telewerkbeleid")[0]
    assert not any("evalueert" in text for text in _lexical(catalog, "evalueert"))


def test_an_index_in_the_old_format_is_rebuilt(settings, catalog, three_documents):
    indexer = Indexer(settings, catalog)
    indexer.ingest()
    shutil.rmtree(catalog.bm25_folder)
    catalog.bm25_folder.mkdir()
    (catalog.bm25_folder / "chunk_ids.json").write_text("[]")  # what the bm25s-based version left behind
    indexer.ingest()
    assert BM25Index.exists(catalog.bm25_folder)
    assert "werkplekleren" in _lexical(catalog, "werkplekleren")[0]


def test_bm25_search_ranks_like_plain_bm25s_on_the_indexed_texts(settings, catalog, seed_corpus):
    """The whole path (ingest, persisted counts, Retriever in BM25 mode) against bm25s out of the box: its own
    tokenizer with the Dutch stop words and the same Snowball stemmer, over the very texts the index holds
    (document title, section path and chunk text)."""
    import Stemmer

    Indexer(settings, catalog).ingest()
    rows = catalog.state.chunk_texts()
    stemmer = Stemmer.Stemmer("dutch")
    reference = bm25s.BM25()
    reference.index(bm25s.tokenize([text for _, _, text in rows], stopwords="nl", stemmer=stemmer,
                                   show_progress=False), show_progress=False)
    retriever = Retriever(catalog)
    compared = 0
    for question in QUESTIONS:
        tokens = bm25s.tokenize([question], stopwords="nl", stemmer=stemmer, show_progress=False, return_ids=False)[0]
        tokens = [t for t in tokens if t in reference.vocab_dict]
        if not tokens:
            continue
        docs, scores = reference.retrieve([tokens], k=len(rows), show_progress=False)
        expected = [(rows[int(d)][0], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]
        got = [(p.chunk_id, p.bm25_score) for p in retriever.search(question, k=len(rows), mode="bm25")]
        assert dict(got).keys() == dict(expected).keys()
        assert np.allclose([dict(got)[cid] for cid, _ in expected], [s for _, s in expected], rtol=1e-4)
        assert [s for _, s in got] == sorted((s for _, s in got), reverse=True)  # ranked by that score
        compared += 1
    assert compared >= 20
