"""The benchmark harness runs end to end on a tiny size and reports every section (no timing targets)."""

from __future__ import annotations

import json

import pytest

from bench.run import run_benchmark
from bench.sizes import SIZES

LOAD_TESTS = ("load_test", "load_test_two_at_a_time", "load_test_llm", "load_test_llm_one_at_a_time",
              "load_test_in_process")
SECTIONS = ("ingest", "search_ingested_corpus", "baseline", "demo_ask", "scale", "cold_start", "backends", "server_mode",
            *LOAD_TESTS)


@pytest.fixture(scope="module")
def report(tmp_path_factory, model_dir):
    out = tmp_path_factory.mktemp("bench-out")
    result = run_benchmark(SIZES["tiny"], out, tmp_path_factory.mktemp("bench-work"), model_dir, "python -m bench --sizes tiny")
    return result, out


def _positive(value) -> bool:
    return isinstance(value, (int, float)) and value > 0


@pytest.mark.slow
def test_the_tiny_benchmark_reports_every_section_without_errors(report):
    result, out = report
    assert result["errors"] == {}
    assert set(SECTIONS) <= set(result["sections"])
    assert json.loads((out / "report.json").read_text())["size"]["name"] == "tiny"
    markdown = (out / "report.md").read_text()
    for heading in ("## Ingest", "## Search latency", "## Answer latency", "## Cold start", "## Baseline",
                    "## Chroma embedded vs server mode", "## Load test", "## Embedding backends side by side", "| nproc |"):
        assert heading in markdown


@pytest.mark.slow
def test_every_figure_of_the_tiny_benchmark_is_a_positive_number(report):
    s = report[0]["sections"]
    ingest = s["ingest"]
    for key in ("pages", "chunks", "pages_per_s", "chunks_per_s", "raw_encode_texts_per_s", "ratio_ingest_to_raw_encode",
                "peak_rss_mb", "disk_mb_per_1000_pages"):
        assert _positive(ingest[key]), key
    assert _positive(s["search_ingested_corpus"]["cold"]["p95_ms"]) and _positive(s["search_ingested_corpus"]["warm"]["p50_ms"])
    assert _positive(s["baseline"]["pages_per_s"]) and _positive(s["baseline"]["retrieval"]["p95_ms"])
    assert _positive(s["demo_ask"]["first_pass"]["p95_ms"]) and _positive(s["demo_ask"]["warm_pass"]["p50_ms"])
    point = s["scale"]["points"][0]
    assert point["chunks"] >= point["target_chunks"] and _positive(point["search"]["cold"]["p95_ms"])
    assert _positive(point["ask"]["first_pass"]["p95_ms"])
    assert all(_positive(v["p50_ms"]) for v in point["stages_cold"].values() if v["n"])
    assert _positive(s["cold_start"]["demo"]["best_wall_s"]) and _positive(s["cold_start"]["demo"]["peak_rss_mb"])
    app = s["cold_start"]["app"]
    assert app["first_answer_s"] >= app["up_s"] > 0 and _positive(app["peak_rss_mb"]) and app["burst_errors"] == 0
    for mode in ("embedded", "server"):
        assert _positive(s["server_mode"][mode]["search"]["cold"]["p50_ms"])
        assert _positive(s["server_mode"][mode]["ingest_replayed_vectors"]["pages_per_s"])


@pytest.mark.slow
def test_simultaneous_questions_get_their_own_answers_without_errors(report):
    for name in LOAD_TESTS:
        load = report[0]["sections"][name]
        assert load["errors"] == 0 and load["mixed_answers"] == 0, name
        assert _positive(load["throughput_qps"])


@pytest.mark.slow
def test_the_backends_are_measured_side_by_side_with_ratios_to_sentence_transformers(report):
    backends = report[0]["sections"]["backends"]
    assert backends["reference"] == "sentence-transformers" and len(backends["backends"]) >= 2
    for name in backends["backends"]:
        assert _positive(backends["ingest"][name]["pages_per_s"]) and backends["ingest"][name]["raw_vs_ingest_cosine_min"] > 0.99
        assert all(_positive(v) for v in backends["ask_s"][name] + backends["app_first_answer_s"][name])
    assert backends["ingest"]["sentence-transformers"]["vectors"] == "sentence-transformers"
    assert backends["app_first_answer_s"] == {name: [] for name in backends["backends"]}  # tiny leaves it to cold_start
    for ratios in backends["ratios"].values():
        assert ratios["app_cold_start"] is None
        assert all(_positive(v) for key, v in ratios.items() if key != "app_cold_start")
    assert report[0]["summary"]["backend_ask_cold_start_ratio"]["value"] is not None
