"""The in-process measurements: demo answers, answer/search latency at scale, Chroma server mode, load test."""

from __future__ import annotations

import time
from contextlib import nullcontext
from pathlib import Path

from bench.fill import Filler
from bench.latency import ask_latency, clear_query_cache, retrieval_latency, stage_breakdown
from bench.probes import ReplayEmbedder, TimedStore
from bench.workspace import REPO, bench_settings, data_size_mb, fresh_data_dir, test_helper


def open_index(settings, embedder, store=None):
    """Catalog, Retriever and Assistant over an index, as the app opens them (model shared, not reloaded)."""
    from answer.assistant import Assistant
    from index.catalog import IndexCatalog

    catalog = IndexCatalog(settings, embedder=embedder, store=store)
    assistant = Assistant(settings, catalog)
    return catalog, assistant.retriever, assistant


def demo_questions(limit: int | None = None) -> list[tuple[str, list]]:
    """The demo gold questions (issue 3) as (question, history) pairs."""
    from answer.types import Turn
    from eval.gold import QUESTIONS_DIR, load_questions

    questions = load_questions(QUESTIONS_DIR / "demo.jsonl")[:limit]
    return [(q.question, [Turn(t["question"], t["answer"]) for t in q.history]) for q in questions]


def demo_answers(work: Path, model_dir: Path, embedder, limit: int | None) -> tuple[dict, object, Path]:
    """Issue 3: ``ask`` on the demo corpus, first pass (model loaded, caches empty) and warm pass."""
    from index.indexer import Indexer

    data = fresh_data_dir(work / "data-demo", model_dir)
    settings = bench_settings(data, REPO / "corpus")
    catalog, _, assistant = open_index(settings, embedder)
    Indexer(settings, catalog).ingest()
    questions = demo_questions(limit)
    clear_query_cache(embedder)
    first = ask_latency(assistant, questions)
    warm = ask_latency(assistant, questions)
    result = {"questions": len(questions), "chunks": catalog.state.chunk_count(), "first_pass": first, "warm_pass": warm}
    return result, assistant, data


def scale_series(work: Path, model_dir: Path, embedder, pool, sizes: tuple[int, ...], queries, ask_at: int | None,
                 ask_questions: list[str]) -> tuple[dict, Path]:
    """Grow one index through ``sizes`` chunks; at each size time search (cold and warm) and its stages,
    and at ``ask_at`` chunks also ``ask``. ``queries(size, purpose)`` gives fresh queries."""
    from index.indexer import Indexer

    data = fresh_data_dir(work / "data-scale", model_dir)
    settings = bench_settings(data, work / "fill-scale")
    replay = ReplayEmbedder(embedder, pool)
    from index.catalog import IndexCatalog

    indexer = Indexer(settings, IndexCatalog(settings, embedder=replay))
    filler = Filler(indexer, work / "fill-scale")
    points = []
    for size in sizes:
        fill = filler.grow_to(size)
        catalog, retriever, assistant = open_index(settings, embedder)  # opened fresh, as a new app would
        point = {"target_chunks": size, **fill, "disk_mb": data_size_mb(data)}
        point["search"] = retrieval_latency(retriever, queries(size, "search"))
        point["stages_cold"] = stage_breakdown(retriever, queries(size, "stages"))
        if size == ask_at:
            clear_query_cache(embedder)
            first = ask_latency(assistant, [(q, []) for q in ask_questions])
            warm = ask_latency(assistant, [(q, []) for q in ask_questions])
            point["ask"] = {"questions": len(ask_questions), "first_pass": first, "warm_pass": warm}
        point["add_one_document_s"] = filler.add_one()  # incremental: embeds, writes and BM25-updates one document
        points.append(point)
    note = (f"texts: synthetic convenants through the real cleaner, chunker, SQLite, Chroma and BM25; vectors: "
            f"{len(pool)} real e5 passage vectors from the ingest, perturbed (Gaussian noise, sigma "
            f"{replay.noise} per dimension, renormalised); queries: real e5 embeddings")
    return {"points": points, "method": note}, data


def server_mode(work: Path, model_dir: Path, embedder, pdf_dir: Path, pool, known: dict, target_chunks: int,
                queries: list[str]) -> dict:
    """Embedded Chroma against a Chroma server: the same ingest (recorded vectors replayed, so only the
    store differs), grown to ``target_chunks``, then the same cold and warm searches."""
    from index.catalog import IndexCatalog
    from index.indexer import Indexer
    from index.vector_store import ChromaStore

    server = test_helper("chroma_server", "chroma_server")
    if server is None:
        return {"skipped": "tests/chroma_server.py not found"}
    modes = {}
    for mode in ("embedded", "server"):
        data = fresh_data_dir(work / f"data-{mode}", model_dir)
        with (server(work / "chroma-server") if mode == "server" else nullcontext(None)) as port:
            overrides = {"chroma_host": "127.0.0.1", "chroma_port": port} if port else {}
            settings = bench_settings(data, pdf_dir, **overrides)
            store = TimedStore(ChromaStore(settings))
            indexer = Indexer(settings, IndexCatalog(settings, embedder=ReplayEmbedder(embedder, pool, known), store=store))
            started = time.perf_counter()
            indexer.ingest()
            ingest_s = time.perf_counter() - started
            state = indexer.catalog.state
            pages = sum(d["pages"] for d in state.documents())
            pdf_chunks = state.chunk_count()
            fill = Filler(indexer, work / f"fill-{mode}").grow_to(target_chunks)
            _, retriever, _ = open_index(settings, embedder)
            modes[mode] = {
                "ingest_replayed_vectors": {"pages": pages, "chunks": pdf_chunks, "ingest_s": round(ingest_s, 2),
                                            "pages_per_s": round(pages / ingest_s, 1),
                                            "store_write_s": round(store.write_seconds, 2)},
                "fill": fill,
                "search": retrieval_latency(retriever, queries),
            }
    return modes
