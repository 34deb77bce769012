"""Retrieval and answer quality of each embedding backend and variant, on every gold set present.

Run: ``python -m eval.backends [--out DIR]``. For each set in eval/questions/*.jsonl and each of
sentence-transformers (the reference), onnx fp32 and onnx int8: the full evaluation (ingest of the set's
corpus, every question answered and judged), R@5, MRR@10 and correctness; the difference to the
reference; and how closely the variant's vectors of the set's chunks agree with the reference's
(cosine). The verdict says whether each variant is within ``TOLERANCE`` of the reference on every set.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from beleid.settings import Settings

TOLERANCE = 0.01
METRICS = ("recall@5", "mrr@10", "correct", "answerable_correct", "refusal_recall")
BACKENDS = {  # name -> embedding settings; the first is the reference
    "sentence-transformers": {"backend": "sentence-transformers"},
    "onnx-fp32": {"backend": "onnx", "onnx_variant": "fp32"},
    "onnx-int8": {"backend": "onnx", "onnx_variant": "int8"},
}
REFERENCE = next(iter(BACKENDS))


def with_backend(settings: Settings, name: str) -> Settings:
    """``settings`` with the embedding backend/variant ``name`` (a key of BACKENDS)."""
    return settings.model_copy(update={"embedding": settings.embedding.model_copy(update=BACKENDS[name])})


def compare_backends(settings: Settings, sets: list[str]) -> dict:
    """One evaluation per (set, backend), deltas to the reference, vector agreement and a verdict per variant."""
    from answer.assistant import Assistant
    from eval.run import eval_settings, run_eval
    from index.catalog import IndexCatalog
    from index.embedder import load_embedder
    from ingest.chunker import embedding_text

    rows, embedders = [], {name: load_embedder(with_backend(settings, name)) for name in BACKENDS}
    for name_set in sets:
        reference_vectors = None
        for name, embedder in embedders.items():
            variant = with_backend(settings, name)
            run_settings = eval_settings(variant, [name_set])
            catalog = IndexCatalog(run_settings, embedder=embedder)
            run = run_eval(variant, [name_set], assistant=Assistant(run_settings, catalog=catalog))
            texts = [embedding_text(title, heading, text) for _, _, title, heading, text in catalog.state.chunk_parts()]
            vectors = embedder.embed_passages(texts)
            reference_vectors = vectors if reference_vectors is None else reference_vectors
            cosines = (vectors * reference_vectors).sum(axis=1)
            rows.append({"set": name_set, "backend": name, "questions": run["summary"]["questions"],
                         **{m: run["summary"][m] for m in METRICS}, "chunks": len(texts),
                         "cosine_min": round(float(cosines.min()), 4), "cosine_mean": round(float(cosines.mean()), 4)})
    reference = {r["set"]: r for r in rows if r["backend"] == REFERENCE}
    for row in rows:
        row["delta"] = {m: round(row[m] - reference[row["set"]][m], 3) for m in METRICS}
    verdict = {name: all(abs(r["delta"][m]) <= TOLERANCE for r in rows if r["backend"] == name
                         for m in ("recall@5", "mrr@10", "correct")) for name in BACKENDS}
    return {"sets": sets, "tolerance": TOLERANCE, "rows": rows, "within_tolerance": verdict}


def markdown(result: dict) -> str:
    """The comparison as a Markdown table plus the verdict per variant."""
    lines = ["| set | backend | questions | R@5 | MRR@10 | correct | answerable correct | refusal recall | "
             "Δ R@5 | Δ MRR@10 | Δ correct | chunk vectors cosine to reference (min / mean) |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in result["rows"]:
        d = r["delta"]
        lines.append(f"| {r['set']} | {r['backend']} | {r['questions']} | {r['recall@5']} | {r['mrr@10']} | "
                     f"{r['correct']} | {r['answerable_correct']} | {r['refusal_recall']} | {d['recall@5']:+.3f} | "
                     f"{d['mrr@10']:+.3f} | {d['correct']:+.3f} | {r['cosine_min']} / {r['cosine_mean']} |")
    lines += ["", *(f"- {name}: R@5, MRR@10 and correctness within {result['tolerance']} of {REFERENCE} on every set: "
                    f"{'yes' if ok else '**no**'}" for name, ok in result["within_tolerance"].items() if name != REFERENCE)]
    return "\n".join(lines) + "\n"


def main() -> None:
    from beleid.offline import apply_offline_guards
    from eval.run import available_sets

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", dest="sets", action="append", help="Gold set (repeatable); default every set present.")
    parser.add_argument("--out", type=Path, default=Path("eval-backends"), help="Folder for backends.json and .md.")
    args = parser.parse_args()
    settings = Settings()
    apply_offline_guards(settings.allow_network)
    result = compare_backends(settings, args.sets or available_sets())
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "backends.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    (args.out / "backends.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))


if __name__ == "__main__":
    main()
