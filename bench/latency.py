"""Retrieval and answer latency: cold queries (never seen by the query cache) and the same queries warm."""

from __future__ import annotations

import time

from bench.stats import summary_ms, timed_calls


def retrieval_latency(retriever, cold_queries: list[str], warm_repeats: int = 1) -> dict:
    """``Retriever.search`` on fresh queries (query embedding computed), then the same queries again (cached)."""
    embedder = retriever.catalog.embedder
    clear_query_cache(embedder)
    cache = _query_cache(embedder)
    before = cache.cache_info() if cache else None
    bm25 = retriever.catalog.bm25()
    cold, results = timed_calls(retriever.search, cold_queries)
    if cache:
        misses = cache.cache_info().misses - before.misses
        assert misses >= len(cold_queries), f"only {misses} of {len(cold_queries)} cold queries missed the cache"
    warm: list[float] = []
    for _ in range(warm_repeats):
        warm += timed_calls(retriever.search, cold_queries)[0]
    return {
        "cold": summary_ms(cold), "warm": summary_ms(warm),
        "empty_results": sum(1 for r in results if not r),
        "bm25_reloaded_during_queries": retriever.catalog.bm25() is not bm25,
    }


def stage_breakdown(retriever, queries: list[str]) -> dict:
    """Where a cold search spends its time: query embedding, Chroma, BM25, fusion + SQLite rows."""
    from index.fusion import fuse

    catalog, settings = retriever.catalog, retriever.settings
    stages: dict[str, list[float]] = {"embed_query": [], "dense_chroma": [], "bm25": [], "fuse_and_rows": []}
    for query in queries:
        t0 = time.perf_counter()
        vector = catalog.embedder.embed_query(query)
        t1 = time.perf_counter()
        dense = catalog.store.query(vector, settings.candidates, None)
        t2 = time.perf_counter()
        lexical = catalog.bm25().search(query, settings.candidates, None)
        t3 = time.perf_counter()
        ranked = fuse(dense, lexical, settings.dense_weight)[: settings.top_k]
        retriever._passages(ranked, dict(dense), dict(lexical))
        t4 = time.perf_counter()
        for name, seconds in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
            stages[name].append(seconds)
    return {name: summary_ms(values) for name, values in stages.items()}


def ask_latency(assistant, questions: list[tuple[str, list]]) -> dict:
    """``Assistant.ask`` over (question, history) pairs; latency and how often it refused."""
    durations, answers = [], []
    for question, history in questions:
        started = time.perf_counter()
        answers.append(assistant.ask(question, history))
        durations.append(time.perf_counter() - started)
    searched = [a.timings for a in answers if "retrieve_ms" in a.timings]  # not the commitment listings
    return {
        **summary_ms(durations),
        "refused": sum(1 for a in answers if a.refused),
        "retrieve_p50_ms": summary_ms([t["retrieve_ms"] / 1000 for t in searched])["p50_ms"],
        "generate_p50_ms": summary_ms([t["generate_ms"] / 1000 for t in searched])["p50_ms"],
        "generate_p95_ms": summary_ms([t["generate_ms"] / 1000 for t in searched])["p95_ms"],
        "listed_from_commitments": len(answers) - len(searched),
    }


def _query_cache(embedder):
    """The query-embedding cache (an lru_cache) of the real embedder behind any probes, if it has one."""
    inner = getattr(embedder, "inner", embedder)
    cache = getattr(type(inner), "_query_vector", None)
    return cache if hasattr(cache, "cache_info") else None


def clear_query_cache(embedder) -> None:
    """Forget cached query vectors, so the next queries are computed (cold)."""
    cache = _query_cache(embedder)
    if cache is not None:
        cache.cache_clear()
