"""The embedding backends side by side in one run: ingest throughput (with each backend's own
ingest/raw-encode ratio), cold start of ``beleid ask`` and of the web app on the index each backend built,
each compared with the sentence-transformers backend as a ratio of figures measured in the same run,
rounds interleaved."""

from __future__ import annotations

import statistics
from pathlib import Path

from bench.child import run_module
from bench.coldstart import cold_start, server_cold_start
from bench.workspace import fresh_data_dir
from eval.backends import BACKENDS, REFERENCE


def settings_env(name: str) -> dict[str, str]:
    """BELEID_* variables that select the backend/variant ``name`` (a key of eval.backends.BACKENDS)."""
    return {f"BELEID_EMBEDDING__{key.upper()}": value for key, value in BACKENDS[name].items()}


def prepare_models(model_dir: Path, names: tuple[str, ...]) -> float:
    """Export every ONNX variant the run measures before anything is timed (seconds it took; 0 if done before),
    so that no ingest or cold start pays for a one-time export."""
    import time

    from index.onnx_export import ensure_onnx_model

    started = time.perf_counter()
    for variant in dict.fromkeys(BACKENDS[name].get("onnx_variant", "fp32") for name in names):
        ensure_onnx_model(model_dir, variant)
    return round(time.perf_counter() - started, 1)


def compare_backends(work: Path, model_dir: Path, pdf_dir: Path, names: tuple[str, ...], rounds: int,
                     question: str, app: bool = True) -> dict:
    """Ingest of ``pdf_dir`` per backend (own process each), then ``rounds`` interleaved rounds of a cold
    ``beleid ask`` and (``app``) a cold ``beleid serve`` to its first answer per backend, each on the index
    its backend just built."""
    result: dict = {"backends": list(names), "reference": REFERENCE, "rounds": rounds, "ingest": {}}
    data: dict[str, Path] = {}
    for name in names:
        data[name] = fresh_data_dir(work / f"data-ingest-{name}", model_dir)
        result["ingest"][name] = run_module("bench.ingest", corpus_dir=str(pdf_dir), data_dir=str(data[name]),
                                            vectors_out=str(work / f"vectors-{name}"), embedding=BACKENDS[name])
    ask: dict[str, list[float]] = {name: [] for name in names}
    served: dict[str, list[float]] = {name: [] for name in names}
    rss: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(rounds):
        for name in names:
            run = cold_start(data[name], pdf_dir, question, 1, imports=False, settings_env=settings_env(name))
            ask[name].append(run["best_wall_s"])
            rss[name].append(run["peak_rss_mb"])
        for name in names if app else ():
            served[name].append(server_cold_start(data[name], pdf_dir, question, [],
                                                  settings_env=settings_env(name))["first_answer_s"])
    result["ask_s"], result["app_first_answer_s"], result["ask_peak_rss_mb"] = ask, served, rss
    result["ratios"] = {name: _ratios(result, name) for name in names if name != REFERENCE}
    return result


def _ratios(result: dict, name: str) -> dict[str, float | None]:
    """``name``'s figures over the reference's: medians of the rounds for cold starts, pages/s for ingest."""
    def median_ratio(series: dict) -> float | None:
        ours, theirs = series.get(name), series.get(REFERENCE)
        return round(statistics.median(ours) / statistics.median(theirs), 3) if ours and theirs else None

    ingest = result["ingest"]
    pages = (round(ingest[name]["pages_per_s"] / ingest[REFERENCE]["pages_per_s"], 3)
             if name in ingest and REFERENCE in ingest else None)
    return {"ask_cold_start": median_ratio(result["ask_s"]), "app_cold_start": median_ratio(result["app_first_answer_s"]),
            "ingest_pages_per_s": pages, "ingest_ratio_to_raw_encode": ingest.get(name, {}).get("ratio_ingest_to_raw_encode")}
