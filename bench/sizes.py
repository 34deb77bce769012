"""How much each run measures: ``tiny`` (the smoke test, ~50 s), ``small`` (~2.5 min), ``full`` (~10 min on idle
cores, up to ~20 min when they are shared)."""

from __future__ import annotations

from dataclasses import dataclass

from beleid.settings import DEFAULT_ONNX_VARIANT

DEFAULT_BACKEND = f"onnx-{DEFAULT_ONNX_VARIANT}"
ALL_BACKENDS = ("sentence-transformers", "onnx-fp32", "onnx-int8")  # keys of eval.backends.BACKENDS


@dataclass(frozen=True)
class Size:
    name: str
    documents: int  # synthetic convenant PDFs for the ingest and baseline runs
    min_pages: int
    max_pages: int
    scales: tuple[int, ...]  # index sizes (chunks) at which search latency is measured
    queries: int  # fresh queries per measurement
    ask_at: int  # index size (chunks) at which ask latency is measured
    ask_questions: int
    demo_questions: int | None  # None: all of eval/questions/demo.jsonl
    cold_starts: int
    cold_start_details: bool  # also time the imports alone and a cold start on the largest index
    server_chunks: int  # index size for the Chroma server/embedded comparison
    concurrency: int  # simultaneous questions in the load test
    backends: tuple[str, ...]  # embedding backends compared side by side (bench/backends.py)
    backend_rounds: int  # interleaved cold-start rounds per backend
    backend_app: bool  # also the web app's cold start per backend (the tiny smoke run leaves it to cold_start)


SIZES = {
    "tiny": Size("tiny", 2, 2, 3, (300,), 5, 300, 3, 4, 1, False, 300, 4, ("sentence-transformers", DEFAULT_BACKEND), 1, False),
    "small": Size("small", 4, 10, 40, (1_000, 10_000), 40, 10_000, 20, None, 1, True, 1_000, 20, ALL_BACKENDS, 3, True),
    "full": Size("full", 16, 10, 40, (1_000, 10_000, 100_000), 100, 10_000, 50, None, 2, True, 1_000, 20, ALL_BACKENDS, 3, True),
}
