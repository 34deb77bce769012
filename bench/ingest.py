"""Ingest throughput against the raw encode throughput of the same model on the same texts, ingest's
peak RSS and the disk used per 1,000 pages.

Runs in its own process (``run_module("bench.ingest", ...)``) so that the peak RSS is the ingest's.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from bench.child import child_main
from bench.probes import RecordingEmbedder, TimedStore
from bench.stats import data_size_mb_detail, peak_rss_mb
from bench.workspace import bench_settings, data_size_mb


def measure_ingest(corpus_dir: str, data_dir: str, vectors_out: str, embedding: dict | None = None) -> dict:
    """Ingest ``corpus_dir`` into the fresh ``data_dir``; then encode the very same texts directly.
    ``embedding``: embedding settings (backend, variant) other than the defaults."""
    from beleid.offline import apply_offline_guards

    apply_offline_guards(False)
    settings = bench_settings(Path(data_dir), Path(corpus_dir), embedding)
    started = time.perf_counter()
    from index.bm25 import BM25Index
    from index.catalog import IndexCatalog
    from index.embedder import load_embedder
    from index.indexer import Indexer
    from index.vector_store import ChromaStore
    from ingest.chunker import embedding_text

    embedder = load_embedder(settings)
    load_s = time.perf_counter() - started
    recorder, store = RecordingEmbedder(embedder), TimedStore(ChromaStore(settings))
    catalog = IndexCatalog(settings, embedder=recorder, store=store)
    embedder.embed_passages(["Opwarmen van het model."] * 4)  # first-call overhead stays out of both figures

    started = time.perf_counter()
    report = Indexer(settings, catalog).ingest()
    ingest_s = time.perf_counter() - started
    ingest_rss = peak_rss_mb()  # before the raw encode below
    documents = [d for d in catalog.state.documents() if d["status"] == "indexed"]
    pages = sum(d["pages"] for d in documents)
    chunks = catalog.state.chunk_count()

    started = time.perf_counter()
    BM25Index.empty().updated(set(), catalog.state.chunk_texts(), {}).save(catalog.folder / "bm25-timing")
    bm25_s = time.perf_counter() - started

    texts = list(recorder.texts)
    chunk_texts = {embedding_text(title, heading, text) for _, _, title, heading, text in catalog.state.chunk_parts()}
    is_chunk = [text in chunk_texts for text in texts]
    started = time.perf_counter()
    raw = embedder.embed_passages(texts)
    raw_s = time.perf_counter() - started
    # int8 quantises activations per batch, so its vectors move a little with the batch they were in.
    raw_cosine_min = float((raw * recorder.matrix()).sum(axis=1).min()) if texts else 1.0
    assert raw_cosine_min >= 0.99, f"raw encode differs from what ingest stored (cosine {raw_cosine_min:.4f})"

    np.save(Path(vectors_out).with_suffix(".npy"), recorder.matrix())
    Path(vectors_out).with_suffix(".json").write_text(json.dumps({"texts": texts, "is_chunk": is_chunk}, ensure_ascii=False))
    tokens = [embedder.count_tokens(t) for t, chunk in zip(texts, is_chunk) if chunk]
    import shutil

    shutil.rmtree(catalog.folder / "bm25-timing", ignore_errors=True)
    disk = data_size_mb(Path(data_dir))
    return {
        "documents": len(documents), "failed": report.count("failed"), "pages": pages, "chunks": chunks,
        "chunk_tokens_mean": round(float(np.mean(tokens)), 1) if tokens else 0.0,
        "chunk_tokens_max": max(tokens, default=0),
        "model_load_s": round(load_s, 2),
        "ingest_s": round(ingest_s, 2),
        "embed_s_in_ingest": round(recorder.seconds, 2), "embed_calls": recorder.calls,
        "store_write_s": round(store.write_seconds, 2),
        "other_s": round(ingest_s - recorder.seconds - store.write_seconds, 2),
        "bm25_rebuild_s": round(bm25_s, 2),
        "pages_per_s": round(pages / ingest_s, 2), "chunks_per_s": round(chunks / ingest_s, 2),
        "texts_embedded": len(texts), "chunk_texts_embedded": sum(is_chunk),
        "ingest_texts_per_s": round(len(texts) / ingest_s, 2),
        "raw_encode_s": round(raw_s, 2), "raw_encode_texts_per_s": round(len(texts) / raw_s, 2),
        "ratio_ingest_to_raw_encode": round(raw_s / ingest_s, 3),
        "batch_size": settings.embedding.batch_size, "batch_tokens": settings.embedding.batch_tokens, "threads": settings.embedding.threads,
        "vectors": settings.embedding.vector_kind, "raw_vs_ingest_cosine_min": round(raw_cosine_min, 5),
        "disk_mb": disk, "disk_mb_per_1000_pages": round(disk / pages * 1000, 1) if pages else 0.0,
        "disk_detail_mb": data_size_mb_detail(Path(data_dir)),
        "peak_rss_mb": ingest_rss, "peak_rss_mb_with_raw_encode": peak_rss_mb(),
    }


if __name__ == "__main__":
    child_main(measure_ingest)
