"""First-sight extractive answers on a 1,000-page index: ``python -m bench.answer_latency [--pages 1000]``.

The index is built through the real ingest with the real e5 model (no replayed vectors) from synthetic
convenants (eval.pdfgen, written as text files) until it holds ``--pages`` pages. Then every question is
new to the process: the query-embedding cache and the answerer's sentence-vector cache are emptied before
each one, so each answer embeds the sentences of its retrieved passages, as the first question about
those passages does. Reported: p50/p95/max of ``Assistant.ask`` for the questions answered from the
passages (commitment listings are counted apart), with retrieval and answer time. The target (issue 17):
p95 < 1 s on 2 cores. A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import sys
import tempfile
import time
from pathlib import Path

from bench.fill import FILL_SEED, document_text
from bench.machine import load_average, machine_info
from bench.queries import fresh_queries
from bench.report import save_report
from bench.stats import summary_ms
from bench.workspace import bench_settings, default_model_dir, fresh_data_dir


def build_index(work: Path, model_dir: Path, pages: int, reuse: bool = False):
    """A fresh index of synthetic convenants holding at least ``pages`` pages: (settings, catalog, facts).
    With ``reuse`` an index left by an earlier run in ``work`` is kept (unchanged files are not re-ingested)."""
    from eval.pdfgen import synthetic_documents
    from index.catalog import IndexCatalog
    from index.indexer import Indexer

    data = work / "data" if reuse and (work / "data").is_dir() else fresh_data_dir(work / "data", model_dir)
    corpus = work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    if not reuse:
        for old in corpus.glob("*.txt"):
            old.unlink()
    settings = bench_settings(data, corpus)
    written = 0
    for doc in itertools.takewhile(lambda _: written < pages, synthetic_documents(FILL_SEED)):
        (corpus / f"{doc.slug}.txt").write_text(document_text(doc), encoding="utf-8")
        written += len(doc.pages)
    catalog = IndexCatalog(settings)
    started = time.perf_counter()
    Indexer(settings, catalog).ingest()
    facts = {"pages": written, "documents": len(list(corpus.glob("*.txt"))), "chunks": catalog.state.chunk_count(),
             "ingest_s": round(time.perf_counter() - started, 1), "reused": reuse}
    return settings, catalog, facts


def first_sight(assistant, questions: list[str]) -> dict:
    """``ask`` per question with every cache emptied first; extractive answers and listings apart."""
    from bench.latency import clear_query_cache

    extractive, listed, retrieve, generate, refused = [], [], [], [], 0
    for question in questions:
        clear_query_cache(assistant.catalog.embedder)
        assistant.extractive._vectors.clear()
        started = time.perf_counter()
        answer = assistant.ask(question)
        seconds = time.perf_counter() - started
        if answer.backend == "commitments":
            listed.append(seconds)
            continue
        extractive.append(seconds)
        retrieve.append(answer.timings["retrieve_ms"] / 1000)
        generate.append(answer.timings["generate_ms"] / 1000)
        refused += answer.refused
    return {"extractive": {**summary_ms(extractive), "refused": refused},
            "retrieve": summary_ms(retrieve), "answer": summary_ms(generate),
            "commitment_listings": summary_ms(listed) if listed else {"n": 0}}


def markdown(report: dict) -> str:
    e, index = report["results"]["extractive"], report["index"]
    met = "yes" if e["p95_ms"] < 1000 else "no"
    return "\n".join([
        "# First-sight extractive answers on a 1,000-page index", "",
        f"Command: `{report['command']}`; {report['machine'].get('nproc', '?')} cores, load "
        f"{report['load_before']} before / {report['load_after']} after.", "",
        f"Index: {index['pages']} pages in {index['documents']} synthetic convenants, {index['chunks']} chunks, "
        + ("reused from an earlier run (built the same way)." if index.get("reused") else
           f"ingested with the real model in {index['ingest_s']} s."), "",
        "| | n | p50 ms | p95 ms | max ms |", "|---|---|---|---|---|",
        *(f"| {label} | {r.get('n', 0)} | {r.get('p50_ms', '–')} | {r.get('p95_ms', '–')} | {r.get('max_ms', '–')} |"
          for label, r in (("ask, answered from passages", e), ("  of which retrieval", report["results"]["retrieve"]),
                           ("  of which sentence scoring and answer", report["results"]["answer"]),
                           ("ask, listed from the commitments store", report["results"]["commitment_listings"]))),
        "", f"Target p95 < 1000 ms: {met} ({e['refused']} of {e['n']} refused).", ""])


def index_options(parser: argparse.ArgumentParser) -> None:
    """The options of a benchmark over this 1,000-page index: its size, work folder, model and reuse."""
    parser.add_argument("--pages", type=int, default=1000, help="Pages in the index (default 1000).")
    parser.add_argument("--questions", type=int, default=60, help="Fresh questions asked (default 60).")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "beleid-bench-answers")
    parser.add_argument("--model-dir", type=Path, default=None, help="Built e5 model folder (default: the settings').")
    parser.add_argument("--reuse", action="store_true", help="Keep the index an earlier run left in --work.")


def open_bench_index(module: str, args: argparse.Namespace, argv: list[str] | None) -> tuple[dict, object, object]:
    """Offline guards on, then (report with command and machine, settings, catalog) of the index ``args`` ask for."""
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    from beleid.offline import apply_offline_guards

    apply_offline_guards(False)
    shown = sys.argv[1:] if argv is None else argv
    report = {"command": " ".join([f"python -m {module}", *shown]), "machine": machine_info(),
              "load_before": load_average()[0]}
    settings, catalog, report["index"] = build_index(args.work, Path(args.model_dir or default_model_dir()), args.pages,
                                                    args.reuse)
    return report, settings, catalog


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.answer_latency", description=__doc__)
    index_options(parser)
    parser.add_argument("--out", type=Path, default=Path("docs/bench/answer-latency"), help="Folder for report.json/.md.")
    args = parser.parse_args(argv)
    report, settings, catalog = open_bench_index("bench.answer_latency", args, argv)
    from answer.assistant import Assistant

    assistant = Assistant(settings, catalog)
    assistant.ask("Wat is het doel van dit convenant?")  # model warm (torch's first call), caches emptied per question
    report["results"] = first_sight(assistant, fresh_queries(args.questions, seed=17))
    report["load_after"] = load_average()[0]
    text = markdown(report)
    save_report(args.out, report, text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
