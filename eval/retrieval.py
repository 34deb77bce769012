"""Retrieval metrics (Recall@k, MRR@10, nDCG@10) of dense, BM25 and hybrid search on a gold set.

Run: ``python -m eval.retrieval [--questions FILE] [--sweep]`` (uses the settings' data dir and corpus).
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from beleid.offline import apply_offline_guards
from beleid.settings import Settings
from eval.gold import QUESTIONS_DIR, GoldQuestion, load_questions

DEPTH = 10


def rank_metrics(relevant_flags: list[bool]) -> dict[str, float]:
    """Metrics for one ranked list given which positions are relevant."""
    first = next((i for i, rel in enumerate(relevant_flags) if rel), None)
    dcg = sum(1 / math.log2(i + 2) for i, rel in enumerate(relevant_flags[:DEPTH]) if rel)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(DEPTH, max(1, sum(relevant_flags)))))
    return {
        "recall@1": float(first is not None and first < 1),
        "recall@5": float(first is not None and first < 5),
        "recall@10": float(first is not None and first < 10),
        "mrr@10": 1 / (first + 1) if first is not None and first < DEPTH else 0.0,
        "ndcg@10": dcg / ideal if ideal else 0.0,
    }


def evaluate(retriever, questions: list[GoldQuestion], mode: str) -> dict[str, float]:
    """Mean metrics over the answerable questions (the retriever sees the question as asked)."""
    rows = []
    for q in (q for q in questions if q.answerable):
        hits = retriever.search(q.question, k=DEPTH, mode=mode)
        rows.append(rank_metrics([q.is_relevant(h.text, h.file_name) for h in hits]))
    return {key: round(sum(r[key] for r in rows) / len(rows), 3) for key in rows[0]}


def _open(settings: Settings, embedder):
    from index.catalog import IndexCatalog
    from index.indexer import Indexer
    from index.retriever import Retriever

    catalog = IndexCatalog(settings, embedder=embedder)
    Indexer(settings, catalog).ingest()
    return Retriever(catalog)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", default=str(QUESTIONS_DIR / "demo.jsonl"))
    parser.add_argument("--sweep", action="store_true", help="Also sweep chunk size and dense weight.")
    args = parser.parse_args()
    settings = Settings()
    apply_offline_guards(settings.allow_network)
    from index.embedder import load_embedder

    embedder = load_embedder(settings)
    questions = load_questions(Path(args.questions))
    results = []
    chunk_sizes = (96, 160, 240, 320) if args.sweep else (settings.index.chunk_tokens,)
    weights = (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0) if args.sweep else (settings.index.dense_weight,)
    for size in chunk_sizes:
        sized = settings.model_copy(update={"index": settings.index.model_copy(update={"chunk_tokens": size})})
        retriever = _open(sized, embedder)
        chunks = retriever.catalog.state.chunk_count()
        for mode in ("dense", "bm25"):
            results.append({"chunk_tokens": size, "chunks": chunks, "mode": mode, **evaluate(retriever, questions, mode)})
        for weight in weights:
            retriever.settings = sized.index.model_copy(update={"dense_weight": weight})
            results.append({"chunk_tokens": size, "chunks": chunks, "mode": f"hybrid w={weight}",
                            **evaluate(retriever, questions, "hybrid")})
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
