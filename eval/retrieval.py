"""Retrieval metrics (Recall@k, MRR@10, nDCG@10) of dense, BM25 and hybrid search, per gold set.

Run: ``python -m eval.retrieval --set demo --set real [--sweep] [--chunks]``. Each set is ingested into its
own eval data dir (as ``beleid eval`` does; the real sets read their documents from ../shared/). The
retriever sees each question as asked. ``--sweep`` adds fusion variants (dense weight 0.0–1.0, reciprocal
rank fusion); ``--chunks`` also re-ingests at other chunk sizes.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Callable

from beleid.offline import apply_offline_guards
from beleid.settings import Settings
from eval.gold import GoldQuestion
from index.fusion import fuse, reciprocal_rank_fuse

DEPTH = 10
WEIGHTS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
Hits = list[tuple[str, float]]
Fusion = Callable[[Hits, Hits], Hits]


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


def fusions(default_weight: float, sweep: bool) -> dict[str, Fusion]:
    """The rankings compared: dense only, BM25 only, the configured hybrid and (sweep) the alternatives."""
    chosen = {"dense": lambda d, l: fuse(d, [], 1.0), "bm25": lambda d, l: fuse([], l, 0.0),
              f"hybrid w={default_weight}": lambda d, l: fuse(d, l, default_weight)}
    if sweep:
        for weight in WEIGHTS:
            chosen.setdefault(f"hybrid w={weight}", lambda d, l, w=weight: fuse(d, l, w))
        chosen["rrf k=60"] = lambda d, l: reciprocal_rank_fuse(d, l, 60)
    return chosen


def evaluate(retriever, questions: list[GoldQuestion], variants: dict[str, Fusion]) -> dict[str, dict[str, float]]:
    """Mean metrics per ranking over the answerable questions; both retrievers run once per question."""
    rows: dict[str, list[dict[str, float]]] = {name: [] for name in variants}
    for q in (q for q in questions if q.answerable):
        dense, lexical = retriever.candidates(q.question, max(DEPTH, retriever.settings.candidates))
        texts = retriever.catalog.state.passages({cid for cid, _ in dense} | {cid for cid, _ in lexical})
        for name, fusion in variants.items():
            ranked = [texts[cid] for cid, _ in fusion(dense, lexical)[:DEPTH] if cid in texts]
            rows[name].append(rank_metrics([q.is_relevant(row["text"], row["file_name"]) for row in ranked]))
    return {name: {key: round(sum(r[key] for r in found) / len(found), 3) for key in found[0]}
            for name, found in rows.items()}


def _open(settings: Settings, embedder):
    from index.catalog import IndexCatalog
    from index.indexer import Indexer
    from index.retriever import Retriever

    catalog = IndexCatalog(settings, embedder=embedder)
    Indexer(settings, catalog).ingest()
    return Retriever(catalog)


def markdown(results: list[dict]) -> str:
    """One table row per set, chunk size and ranking; the configured hybrid marked when it beats both parts."""
    lines = ["| set | chunk tokens (chunks) | ranking | Recall@1 | Recall@5 | MRR@10 | nDCG@10 |", "|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['set']} | {r['chunk_tokens']} ({r['chunks']}) | {r['mode']} | {r['recall@1']} | "
                     f"{r['recall@5']} | {r['mrr@10']} | {r['ndcg@10']} |")
    return "\n".join(lines)


def beats_parts(results: list[dict], mode: str) -> dict[str, bool]:
    """Per set (default chunk size): whether ``mode`` has Recall@5 and MRR@10 at least those of dense and BM25."""
    verdict = {}
    for name in dict.fromkeys(r["set"] for r in results):
        rows = {r["mode"]: r for r in results if r["set"] == name and r.get("default_chunks")}
        verdict[name] = all(rows[mode][m] >= max(rows["dense"][m], rows["bm25"][m]) for m in ("recall@5", "mrr@10"))
    return verdict


def main() -> None:
    from eval.gold import load_questions
    from eval.run import QUESTION_SETS, eval_settings
    from index.embedder import load_embedder

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", dest="sets", action="append", choices=sorted(QUESTION_SETS),
                        help="Gold set (repeatable); default demo.")
    parser.add_argument("--sweep", action="store_true", help="Also fusion weights 0.0-1.0 and reciprocal rank fusion.")
    parser.add_argument("--chunks", action="store_true", help="Also chunk sizes 96, 160, 240 (re-ingests).")
    parser.add_argument("--json", action="store_true", help="Print JSON rows instead of a Markdown table.")
    args = parser.parse_args()
    base = Settings()
    apply_offline_guards(base.allow_network)
    embedder = load_embedder(base)
    variants = fusions(base.index.dense_weight, args.sweep)
    results = []
    for name in args.sets or ["demo"]:
        questions = load_questions(QUESTION_SETS[name])
        sizes = dict.fromkeys([base.index.chunk_tokens, *((96, 160, 240) if args.chunks else ())])
        for size in sizes:
            sized = base.model_copy(update={"index": base.index.model_copy(update={"chunk_tokens": size})})
            retriever = _open(eval_settings(sized, [name]), embedder)
            chunks = retriever.catalog.state.chunk_count()
            for mode, metrics in evaluate(retriever, questions, variants).items():
                results.append({"set": name, "chunk_tokens": size, "chunks": chunks, "mode": mode,
                                "default_chunks": size == base.index.chunk_tokens, **metrics})
    if args.json:
        print(json.dumps(results, indent=1))
        return
    print(markdown(results))
    hybrid = f"hybrid w={base.index.dense_weight}"
    print("\n" + "\n".join(f"- {name}: {hybrid} {'beats' if ok else 'does NOT beat'} dense and BM25 on Recall@5 and MRR@10"
                           for name, ok in beats_parts(results, hybrid).items()))


if __name__ == "__main__":
    main()
