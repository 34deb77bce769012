"""How exact Chroma's HNSW search is at each search breadth, against an exact search over the same vectors.

Run: ``python -m eval.hnsw --set real [--size 10000] [--ef 100 --ef 500]``. The set's index is built as
``beleid eval`` builds it; its passage vectors (with noisy copies up to ``--size``: more vectors, the same
kind of neighbourhoods) go into a scratch Chroma collection per breadth, and every gold question's query
vector is searched for its top 30. Recall@30 counts a hit as found when its cosine reaches the exact 30th
(equal vectors of a repeated text are interchangeable). Chosen with it: ``index.ef_search`` (docs/EVAL.md).
"""

from __future__ import annotations

import argparse
import tempfile
import time

import numpy as np

from beleid.offline import apply_offline_guards
from beleid.settings import IndexSettings, IngestSettings, Settings

K = 30
COPY_NOISE = 0.02
SEED = 0


def grown(vectors: np.ndarray, size: int) -> np.ndarray:
    """``vectors`` and noisy unit-length copies of them, ``size`` rows in all (at least the originals)."""
    rng = np.random.default_rng(SEED)
    copies = [vectors]
    while sum(len(c) for c in copies) < size:
        noisy = vectors + rng.normal(0, COPY_NOISE, vectors.shape).astype(np.float32)
        copies.append(noisy / np.linalg.norm(noisy, axis=1, keepdims=True))
    return np.concatenate(copies)[:max(size, len(vectors))]


def measure(vectors: np.ndarray, queries: np.ndarray, ef_search: int) -> dict[str, float]:
    """Recall@30 and milliseconds per query of a fresh on-disk collection searched at ``ef_search``."""
    from index.vector_store import ChromaStore

    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=folder, ingest=IngestSettings(corpus_dir=folder),
                            index=IndexSettings(ef_search=ef_search))
        store = ChromaStore(settings)
        ids = [f"v{i:06d}" for i in range(len(vectors))]
        store.add(ids, vectors, ["d"] * len(ids))
        exact_kth = -np.sort(-(queries @ vectors.T), axis=1)[:, K - 1]
        store.query(queries[0], K)
        started = time.perf_counter()
        found = [[score for _, score in store.query(query, K)] for query in queries]
        per_query = (time.perf_counter() - started) / len(queries) * 1000
    recalls = [np.mean(np.asarray(scores) >= kth - 1e-5) if scores else 0.0 for scores, kth in zip(found, exact_kth)]
    return {"ef_search": ef_search, "vectors": len(vectors), "recall@30": round(float(np.mean(recalls)), 4),
            "exact_questions": sum(r == 1.0 for r in recalls), "questions": len(queries), "ms_per_query": round(per_query, 2)}


def main() -> None:
    from eval.gold import load_questions
    from eval.retrieval import _open
    from eval.run import QUESTION_SETS, eval_settings
    from index.embedder import load_embedder

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", default="real", choices=sorted(QUESTION_SETS), help="Gold set whose index to use.")
    parser.add_argument("--size", type=int, default=0, help="Grow the vectors to this many with noisy copies.")
    parser.add_argument("--ef", type=int, action="append", help="Search breadths (repeatable); default 100 200 500 1000.")
    args = parser.parse_args()
    base = Settings()
    apply_offline_guards(base.allow_network)
    embedder = load_embedder(base)
    catalog = _open(eval_settings(base, [args.set]), embedder).catalog
    stored = catalog.store.vectors(sorted(catalog.store.ids()))
    vectors = grown(np.stack(list(stored.values())), args.size)
    queries = np.stack([embedder.embed_query(q.question) for q in load_questions(QUESTION_SETS[args.set])])
    print("| ef_search | vectors | recall@30 | questions with the exact top 30 | ms per query |")
    print("|---|---|---|---|---|")
    for ef in args.ef or [100, 200, 500, 1000]:
        row = measure(vectors, queries, ef)
        print(f"| {ef} | {row['vectors']} | {row['recall@30']} | {row['exact_questions']} / {row['questions']} "
              f"| {row['ms_per_query']} |")


if __name__ == "__main__":
    main()
