"""SIGKILL the real `beleid ingest` process at random moments: afterwards no document is half-indexed for
readers, and the next ingest rolls back the interrupted write and completes. More runs: CRASH_RUNS=20."""

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from index.catalog import IndexCatalog
from index.indexer import Indexer
from tests.pdf_factory import make_pdf

RUNS = int(os.environ.get("CRASH_RUNS", "2"))


@pytest.fixture
def corpus(corpus_dir):
    for n in range(8):
        make_pdf(corpus_dir / f"convenant-{n}.pdf",
                 [f"Artikel {p}. Thema {n}-{p}\n" + f"De sector {n} engageert zich tot opleiding en werkplekleren. " * 25
                  for p in range(1, 4)])
    return corpus_dir


def _start_ingest(settings) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BELEID_")}
    env.update(BELEID_DATA_DIR=str(settings.data_dir), BELEID_INGEST__CORPUS_DIR=str(settings.ingest.corpus_dir))
    return subprocess.Popen([sys.executable, "-m", "beleid", "ingest"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_for_a_write(settings, process, deadline: float) -> None:
    """Poll the state database until a document is marked pending (its write has begun)."""
    import sqlite3

    state = settings.data_dir / "index" / settings.collection_name / "state.sqlite"
    while time.monotonic() < deadline and process.poll() is None:
        if state.exists():
            try:
                with sqlite3.connect(f"file:{state}?mode=ro", uri=True, timeout=0.1) as db:
                    if db.execute("SELECT COUNT(*) FROM pending").fetchone()[0]:
                        return
            except sqlite3.OperationalError:
                pass
        time.sleep(0.002)


def _readers_see_no_half_document(catalog) -> None:
    """Outside pending documents, SQLite and Chroma agree; vectors without rows belong to pending documents only."""
    state_ids = set(catalog.state.chunk_ids())
    vector_ids = catalog.store.ids()
    pending = set(catalog.state.pending())
    doc_of = lambda cid: cid.split(":")[0]  # noqa: E731
    assert {doc_of(c) for c in state_ids - vector_ids} <= pending
    assert {doc_of(c) for c in vector_ids - state_ids} <= pending


@pytest.mark.slow
def test_killing_ingest_at_random_points_never_loses_or_corrupts_the_index(settings, embedder, corpus):
    started = time.monotonic()
    full = _start_ingest(settings)
    assert full.wait(timeout=600) == 0
    duration = time.monotonic() - started
    reference = IndexCatalog(settings, embedder=embedder)
    expected = set(reference.state.chunk_ids())
    assert len(expected) >= 8
    rng = random.Random(4242)
    killed_mid_write = 0
    for run in range(RUNS):
        for path in corpus.glob("*.pdf"):  # force a rewrite of every document
            path.touch()
            with path.open("ab") as handle:
                handle.write(f"\n% run {run}\n".encode())
        process = _start_ingest(settings)
        if run % 2:
            time.sleep(rng.uniform(0.4 * duration, duration))  # anywhere: loading, parsing, embedding, writing
        else:
            _wait_for_a_write(settings, process, deadline=time.monotonic() + duration * 2)
            time.sleep(rng.uniform(0, 0.05))  # inside a document's write
        process.send_signal(signal.SIGKILL)
        process.wait()
        catalog = IndexCatalog(settings, embedder=embedder)
        killed_mid_write += bool(catalog.state.pending())
        _readers_see_no_half_document(catalog)
        report = Indexer(settings, catalog).ingest()
        assert not [r for r in report.results if r.status == "failed"]
        assert set(catalog.state.chunk_ids()) == catalog.store.ids() == expected
        assert not catalog.state.pending()
    print(f"{RUNS} kills, {killed_mid_write} in the middle of a document write; nothing lost")
