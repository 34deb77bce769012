"""One benchmark run: every section in order, each failure recorded and the run continued."""

from __future__ import annotations

import json
import logging
import shutil
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from bench import report as md
from bench.child import run_module
from bench.coldstart import cold_start, server_cold_start
from bench.latency import retrieval_latency
from bench.load import app_available, load_test_app, load_test_in_process, load_test_llm_app, with_answer_concurrency
from bench.machine import load_average, machine_info
from bench.queries import fresh_queries
from bench.sections import demo_answers, demo_questions, open_index, scale_series, server_mode
from bench.sizes import Size
from bench.workspace import REPO, bench_settings, default_model_dir, fresh_data_dir

log = logging.getLogger("bench")
CORPUS_SEED = 7


class QuerySource:
    """Fresh queries on demand; no query is handed out twice in a run."""

    def __init__(self, per_request: int):
        self.per_request = per_request
        self.used: set[str] = set()
        self.requests = 0

    def __call__(self, *_purpose: object, count: int | None = None) -> list[str]:
        self.requests += 1
        queries = fresh_queries(count or self.per_request, seed=1000 + self.requests, exclude=self.used)
        self.used.update(queries)
        return queries


def run_benchmark(size: Size, out: Path, work: Path, model_dir: Path | None = None, command: str = "") -> dict:
    """Run every section for ``size``; writes ``out``/report.json and report.md and returns the report."""
    from beleid.offline import apply_offline_guards

    apply_offline_guards(False)
    started = time.perf_counter()
    work.mkdir(parents=True, exist_ok=True)
    model_dir = Path(model_dir or default_model_dir())
    report: dict = {"size": size.__dict__, "command": command, "machine": machine_info(),
                    "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    "load_by_section": {}, "sections": {}, "errors": {}, "notes": []}
    sections = report["sections"]
    queries = QuerySource(size.queries)
    from bench.backends import prepare_models
    from bench.sizes import DEFAULT_BACKEND

    report["model_preparation_s"] = prepare_models(model_dir, (DEFAULT_BACKEND, *size.backends))

    def section(name: str, fn) -> object:
        report["load_by_section"][name] = load_average()[0]
        log.warning("bench: %s (load %.2f)", name, report["load_by_section"][name])
        t0 = time.perf_counter()
        try:
            value = fn()
            result = value[0] if isinstance(value, tuple) else value
            result.setdefault("section_s", round(time.perf_counter() - t0, 1))
            sections[name] = result
            return value
        except Exception:  # noqa: BLE001 - a failed section is reported, the others still run
            report["errors"][name] = traceback.format_exc()
            log.error("bench: %s failed\n%s", name, report["errors"][name])
            return None

    # 1. The synthetic corpus, ingested in a process of its own (its peak RSS is the ingest's).
    pdf_dir = work / "pdfs"
    shutil.rmtree(pdf_dir, ignore_errors=True)
    from eval.pdfgen import generate_synthetic_corpus

    pdfs = generate_synthetic_corpus(pdf_dir, size.documents, CORPUS_SEED, min_pages=size.min_pages,
                                     max_pages=size.max_pages)
    ingest_dir = fresh_data_dir(work / "data-ingest", model_dir)
    ingest = section("ingest", lambda: run_module("bench.ingest", corpus_dir=str(pdf_dir), data_dir=str(ingest_dir),
                                                   vectors_out=str(work / "vectors")))
    if not ingest:  # everything below replays its vectors
        return _finish(report, out, started)
    vectors = np.load(work / "vectors.npy")
    recorded = json.loads((work / "vectors.json").read_text())
    known = dict(zip(recorded["texts"], vectors))  # every text ingest embedded: chunks, commitments, headings
    pool = vectors[np.array(recorded["is_chunk"], dtype=bool)]  # chunk vectors only, to fill indexes with

    # The model, loaded once for everything that follows (as the app does).
    from index.embedder import load_embedder

    t0 = time.perf_counter()
    embedder = load_embedder(bench_settings(ingest_dir, pdf_dir))
    report["model_load_s"] = round(time.perf_counter() - t0, 2)

    # 2 + 6. Search on the ingested corpus, and the plain llama-index pipeline on the same PDFs and queries.
    real_queries = queries("real corpus")

    def ours_on_corpus() -> dict:
        catalog, retriever, _ = open_index(bench_settings(ingest_dir, pdf_dir), embedder)
        return {"chunks": catalog.state.chunk_count(), **retrieval_latency(retriever, real_queries)}

    section("search_ingested_corpus", ours_on_corpus)

    def baseline() -> dict:
        from bench.baseline import run_baseline

        shutil.rmtree(work / "baseline-chroma", ignore_errors=True)
        return run_baseline(pdfs, work / "baseline-chroma", model_dir, real_queries, embedder.count_tokens)

    section("baseline", baseline)

    # 3 (issue 3). ask on the demo corpus.
    demo = section("demo_ask", lambda: demo_answers(work, model_dir, embedder, size.demo_questions))
    demo_assistant, demo_data = (demo[1], demo[2]) if demo else (None, None)

    # 2 + 3. Search latency at growing index sizes, ask at one of them.
    scale = section("scale", lambda: scale_series(
        work, model_dir, embedder, pool, size.scales, queries, size.ask_at, queries("ask", count=size.ask_questions)))
    scale_data = scale[1] if scale else None

    # 4 + 5. Cold start of a new process (CLI and web app), and its memory, on the demo and the largest index.
    def cold() -> dict:
        result = {"demo": cold_start(demo_data, REPO / "corpus", "Hoeveel sectoren engageren zich in de sectorconvenants 2021-2022?",
                                     size.cold_starts, imports=size.cold_start_details)}
        burst = list(dict.fromkeys(q for q, history in demo_questions() if not history))[: size.concurrency]
        result["app"] = server_cold_start(demo_data, REPO / "corpus", burst[0], burst)
        if scale_data and size.cold_start_details:
            result["largest_scale"] = cold_start(scale_data, work / "fill-scale", queries("cold", count=1)[0], 1, False)
            result["largest_scale"]["chunks"] = sections["scale"]["points"][-1]["chunks"]
        return result

    if demo_data:
        section("cold_start", cold)

    # 4b. The embedding backends side by side: ingest, cold start of the CLI and of the app.
    def backends() -> dict:
        from bench.backends import compare_backends

        return compare_backends(work, model_dir, pdf_dir, size.backends, size.backend_rounds,
                                "Hoeveel sectoren engageren zich in de sectorconvenants 2021-2022?", size.backend_app)

    section("backends", backends)

    # 7. Chroma server mode next to embedded mode.
    section("server_mode", lambda: server_mode(work, model_dir, embedder, pdf_dir, pool, known, size.server_chunks,
                                               queries("server")))

    # 8. Simultaneous questions.
    if demo_assistant:
        distinct = list(dict.fromkeys(q for q, history in demo_questions() if not history))[: size.concurrency]
        from answer.assistant import Assistant

        def fresh() -> Assistant:  # same open index, empty answer caches
            return Assistant(demo_assistant.settings, demo_assistant.catalog)

        section("load_test_in_process", lambda: load_test_in_process(fresh(), distinct))
        if app_available():
            settings, catalog = demo_assistant.settings, demo_assistant.catalog
            load_test_app(settings, fresh(), distinct)  # warm-up, discarded: the first app run is ~0.7 s slower
            section("load_test", lambda: load_test_app(settings, fresh(), distinct))
            section("load_test_two_at_a_time",
                    lambda: load_test_app(with_answer_concurrency(settings, 2), fresh(), distinct))
            section("load_test_llm", lambda: load_test_llm_app(settings, catalog, distinct, None))
            section("load_test_llm_one_at_a_time", lambda: load_test_llm_app(settings, catalog, distinct, 1))
        else:
            report["notes"].append("app.py (build_app) not importable: load test run in-process only")

    return _finish(report, out, started)


def _finish(report: dict, out: Path, started: float) -> dict:
    report["load_average_end"] = load_average()
    report["duration_s"] = round(time.perf_counter() - started, 1)
    report["summary"] = md.summary(report)
    md.save_report(out, report, md.render(report))
    return report
