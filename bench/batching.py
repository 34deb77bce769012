"""ONNX passes by token budget against 8 texts per pass, on the same texts in one run:
``python -m bench.batching [--reuse]``.

Two workloads from the 1,000-page index of ``bench.answer_latency`` (built, or reused with ``--reuse``):
the sentences a first-sight answer embeds (each fresh question's retrieved passages, one call per question,
as ``ExtractiveAnswerer`` makes it) and stored chunks as the ingest embeds them (calls of 100). Each is
embedded under every plan, in rounds that each start with the next plan (the first plan of a round runs on
colder caches); reported are times per round and the largest vector difference to the first plan. A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from bench.answer_latency import index_options, open_bench_index
from bench.machine import load_average
from bench.queries import fresh_queries
from bench.report import save_report
from bench.stats import summary_ms

EARLIER_ROWS = 8  # the rule before stop 26: 8 texts per pass, sorted by length
BUDGETS = (128, 256, 512, 1024)


def _rows_of_eight(lengths: list[int], _budget: int) -> list[list[int]]:
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    return [order[first : first + EARLIER_ROWS] for first in range(0, len(order), EARLIER_ROWS)]


@contextmanager
def _plan(embedder, name: str):
    """The embedder batching by ``name``: "8 texts" (the earlier rule) or a token budget."""
    import index.onnx_embedder as onnx_embedder

    planner, budget = onnx_embedder.token_batches, embedder.batch_tokens
    if name == "8 texts":
        onnx_embedder.token_batches = _rows_of_eight
    else:
        embedder.batch_tokens = int(name.split()[0])
    try:
        yield
    finally:
        onnx_embedder.token_batches, embedder.batch_tokens = planner, budget


def answer_sentences(assistant, questions: list[str]) -> list[list[str]]:
    """Per question, the distinct sentences of its retrieved passages, as the answerer embeds them."""
    from answer.sentences import split_sentences

    calls = []
    for question in questions:
        _, passages = assistant.retrieve(question)
        calls.append(list(dict.fromkeys(s.quoted for i, p in enumerate(passages) for s in split_sentences(p, i))))
    return calls


def ingest_texts(catalog, count: int = 600, per_call: int = 100) -> list[list[str]]:
    """Stored chunks as the ingest embeds them, in calls of ``per_call``."""
    from ingest.chunker import embedding_text

    texts = [embedding_text(title, heading, text) for _, _, title, heading, text in catalog.state.chunk_parts()[:count]]
    return [texts[start : start + per_call] for start in range(0, len(texts), per_call)]


def measure(embedder, calls: list[list[str]], plans: list[str], rounds: int) -> dict:
    seconds = {name: [] for name in plans}
    vectors: dict[str, list[np.ndarray]] = {}
    for round_ in range(rounds):
        for name in plans[round_ % len(plans):] + plans[:round_ % len(plans)]:  # each plan leads a round in turn
            vectors[name] = []
            with _plan(embedder, name):
                for texts in calls:
                    started = time.perf_counter()
                    vectors[name].append(embedder.embed_passages(texts))
                    seconds[name].append(time.perf_counter() - started)
    first = vectors[plans[0]]
    return {name: {**summary_ms(seconds[name]), "total_s": round(sum(seconds[name]) / rounds, 2),
                   "max_vector_difference": max(float(np.abs(a - b).max()) for a, b in zip(vectors[name], first))}
            for name in plans}


def markdown(report: dict) -> str:
    lines = ["# ONNX passes: token budget against 8 texts per pass", "",
             f"Command: `{report['command']}`; {report['machine'].get('nproc', '?')} cores, load "
             f"{report['load_before']} before / {report['load_after']} after; {report['rounds']} interleaved rounds.", ""]
    for label, key in (("Sentences of a first-sight answer (one call per question)", "answer_sentences"),
                       ("Chunks as the ingest embeds them (calls of 100)", "ingest_chunks")):
        rows = report["results"][key]
        base = rows["8 texts"]["total_s"]
        lines += [f"## {label}", "", "| plan | calls | p50 ms | p95 ms | max ms | all calls s | ratio to 8 texts "
                  "| largest vector difference |", "|---|---|---|---|---|---|---|---|"]
        lines += [f"| {name} | {r['n']} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} | {r['total_s']} | "
                  f"{r['total_s'] / base:.2f} | {r['max_vector_difference']:.1e} |" for name, r in rows.items()]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.batching", description=__doc__)
    index_options(parser)
    parser.add_argument("--rounds", type=int, default=5, help="Rounds of every plan, each led by the next (default 5).")
    parser.add_argument("--out", type=Path, default=Path("docs/bench/batching"), help="Folder for report.json/.md.")
    args = parser.parse_args(argv)
    report, settings, catalog = open_bench_index("bench.batching", args, argv)
    report["rounds"] = args.rounds
    from answer.assistant import Assistant

    embedder = catalog.embedder
    embedder.embed_passages(["opwarmen"])
    plans = ["8 texts", *(f"{budget} tokens" for budget in BUDGETS)]
    report["results"] = {
        "answer_sentences": measure(embedder, answer_sentences(Assistant(settings, catalog),
                                                               fresh_queries(args.questions, seed=17)), plans, args.rounds),
        "ingest_chunks": measure(embedder, ingest_texts(catalog), plans, args.rounds),
    }
    report["load_after"] = load_average()[0]
    text = markdown(report)
    save_report(args.out, report, text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
