"""The report as Markdown tables, and the headline figures checked against the targets."""

from __future__ import annotations

import json
from pathlib import Path

from bench.sizes import DEFAULT_BACKEND

TARGETS = {
    "ingest_ratio_to_raw_encode": (">=", 0.85),
    "backend_ask_cold_start_ratio": ("<=", 0.25),
    "backend_app_cold_start_ratio": ("<=", 0.5),
    "backend_ingest_pages_per_s_ratio": (">=", 1.5),
    "search_p95_ms_at_100k": ("<", 150.0),
    "ask_p95_ms_at_10k": ("<", 1000.0),
    "cold_start_s": ("<", 20.0),
    "load_test_errors": ("==", 0),
    "load_test_mixed_answers": ("==", 0),
}


def save_report(out: Path, report: dict, markdown: str) -> None:
    """``report.json`` and ``report.md`` in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    (out / "report.md").write_text(markdown, encoding="utf-8")


LOAD_TESTS = ("load_test", "load_test_two_at_a_time", "load_test_llm", "load_test_llm_one_at_a_time",
              "load_test_in_process")


def _get(data: dict, *path, default=None):
    for key in path:
        if not isinstance(data, (dict, list)):
            return default
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return default
    return data


def _point(report: dict, chunks: int) -> dict | None:
    for point in _get(report, "sections", "scale", "points", default=[]):
        if point["target_chunks"] == chunks:
            return point
    return None


def _load(sections: dict, key: str):
    """Errors (or mixed answers) over every load test that ran."""
    values = [sections[name][key] for name in LOAD_TESTS if name in sections]
    return sum(values) if values else None


def _worst(*values):
    """The largest of the measured values (None: none measured)."""
    measured = [v for v in values if v is not None]
    return max(measured) if measured else None


def summary(report: dict) -> dict:
    """Headline figures, the target each is held to, and whether it is met (None: not measured)."""
    s = report["sections"]
    figures = {
        "ingest_ratio_to_raw_encode": _get(s, "ingest", "ratio_ingest_to_raw_encode"),
        "backend_ask_cold_start_ratio": _get(s, "backends", "ratios", DEFAULT_BACKEND, "ask_cold_start"),
        "backend_app_cold_start_ratio": _get(s, "backends", "ratios", DEFAULT_BACKEND, "app_cold_start"),
        "backend_ingest_pages_per_s_ratio": _get(s, "backends", "ratios", DEFAULT_BACKEND, "ingest_pages_per_s"),
        "search_p95_ms_at_100k": _get(_point(report, 100_000) or {}, "search", "cold", "p95_ms"),
        "ask_p95_ms_at_10k": _get(_point(report, 10_000) or {}, "ask", "first_pass", "p95_ms"),
        "cold_start_s": _worst(_get(s, "cold_start", "demo", "worst_wall_s"), _get(s, "cold_start", "app", "first_answer_s")),
        "load_test_errors": _load(s, "errors"),
        "load_test_mixed_answers": _load(s, "mixed_answers"),
    }
    out = {}
    for name, value in figures.items():
        op, target = TARGETS[name]
        met = None if value is None else {">=": value >= target, "<=": value <= target, "<": value < target,
                                           "==": value == target}[op]
        out[name] = {"value": value, "target": f"{op} {target}", "met": met}
    return out


def _table(headers: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join("" if v is None else str(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _lat(d: dict | None) -> list:
    return [_get(d, "p50_ms"), _get(d, "p95_ms")] if d else ["–", "–"]


def _ratio(a, b, digits: int = 2):
    return round(a / b, digits) if a and b else None


def render(report: dict) -> str:
    s, m = report["sections"], report["machine"]
    out = [f"# Benchmark report ({report['size']['name']})", "",
           f"Command: `{report['command']}` — started {report['started']}, took {report['duration_s']} s.", "",
           _table(["machine", ""], [
               ["nproc", m["nproc"]], ["CPU", m["cpu_model"]], ["RAM", f"{m['ram_gb']} GB"],
               ["load average at start (1/5/15 min)", m["load_average_1_5_15"]],
               ["load average at end", report.get("load_average_end")],
               ["load (1 min) per section", report.get("load_by_section")],
               ["python / torch / chromadb", f"{m['python']} / {m['versions']['torch']} / {m['versions']['chromadb']}"],
               ["thread env", m["env"]],
           ]), "", "## Targets", "",
           _table(["figure", "value", "target", "met"],
                  [[k, v["value"], v["target"], {True: "yes", False: "**no**", None: "not measured"}[v["met"]]]
                   for k, v in report["summary"].items()])]
    if (i := s.get("ingest")):
        out += ["", "## Ingest (synthetic convenant PDFs, fresh index, own process)", "", _table(
            ["documents", "pages", "chunks", "tokens/chunk", "ingest s", "pages/s", "chunks/s", "texts embedded",
             "ingest texts/s", "raw encode texts/s", "ratio", "embed s", "store s", "other s", "embed calls",
             "BM25 rebuild s", "peak RSS MB", "MB / 1000 pages"],
            [[i["documents"], i["pages"], i["chunks"], i["chunk_tokens_mean"], i["ingest_s"], i["pages_per_s"],
              i["chunks_per_s"], f"{i['texts_embedded']} ({i['chunk_texts_embedded']} chunks)", i["ingest_texts_per_s"],
              i["raw_encode_texts_per_s"], i["ratio_ingest_to_raw_encode"], i["embed_s_in_ingest"],
              i["store_write_s"], i["other_s"], i["embed_calls"], i["bm25_rebuild_s"], i["peak_rss_mb"],
              i["disk_mb_per_1000_pages"]]]),
            "", "Ratio = raw encode time of every text the ingest embedded (chunks, and the commitment sentences and "
            "headings the theme classifier embeds), in one `embed_passages` call in the same process, divided by "
            "the ingest's wall time. Texts/s count all embedded texts; pages/s and chunks/s the documents."]
    rows = []
    if (r := s.get("search_ingested_corpus")):
        rows.append(["ingested corpus (real vectors)", r["chunks"], *_lat(r["cold"]), *_lat(r["warm"])])
    for p in _get(s, "scale", "points", default=[]):
        rows.append([f"filled to {p['target_chunks']:,}", p["chunks"], *_lat(p["search"]["cold"]), *_lat(p["search"]["warm"])])
    if rows:
        out += ["", "## Search latency (`Retriever.search`, hybrid, k=5)", "",
                "Cold: a query never seen before (its embedding is computed). Warm: the same queries again "
                "(query-embedding cache hit).", "",
                _table(["index", "chunks", "cold p50 ms", "cold p95 ms", "warm p50 ms", "warm p95 ms"], rows)]
        stages = [[f"{p['chunks']:,}"] + [f"{v['p50_ms']} / {v['p95_ms']}" for v in p["stages_cold"].values()]
                  for p in _get(s, "scale", "points", default=[])]
        if stages:
            names = list(_get(s, "scale", "points")[0]["stages_cold"])
            out += ["", "Where a cold search spends its time (p50 / p95 ms):", "", _table(["chunks", *names], stages),
                    "", f"Filled index: {_get(s, 'scale', 'method')}.", "",
                    _table(["chunks", "added docs", "fill s", "fill chunks/s (no model)", "disk MB",
                            "MB / 1000 chunks", "ingest 1 more document s"],
                           [[p["chunks"], p["added_documents"], p["fill_s"], p["fill_chunks_per_s"], p["disk_mb"],
                             round(p["disk_mb"] / p["chunks"] * 1000, 2), p.get("add_one_document_s")]
                            for p in _get(s, "scale", "points")])]
    ask_rows = []
    if (d := s.get("demo_ask")):
        for label in ("first_pass", "warm_pass"):
            a = d[label]
            ask_rows.append([f"demo corpus, {label.replace('_', ' ')}", d["chunks"], a["n"], a["p50_ms"], a["p95_ms"],
                             a["retrieve_p50_ms"], a["generate_p50_ms"], a["refused"]])
    for p in _get(s, "scale", "points", default=[]):
        if "ask" in p:
            for label in ("first_pass", "warm_pass"):
                a = p["ask"][label]
                ask_rows.append([f"filled index, {label.replace('_', ' ')}", p["chunks"], a["n"], a["p50_ms"], a["p95_ms"],
                                 a["retrieve_p50_ms"], a["generate_p50_ms"], a["refused"]])
    if ask_rows:
        out += ["", "## Answer latency (`Assistant.ask`, extractive)", "",
                "First pass: model loaded, caches empty. Warm pass: the same questions again.", "",
                _table(["index", "chunks", "questions", "p50 ms", "p95 ms", "retrieve p50 ms", "answer p50 ms", "refused"],
                       ask_rows)]
    if (c := s.get("cold_start")):
        rows = [[name, v.get("chunks", _get(s, "demo_ask", "chunks")), " / ".join(str(r["wall_s"]) for r in v["runs"]),
                 v["peak_rss_mb"], v["imports_only_s"]] for name, v in c.items() if isinstance(v, dict) and "runs" in v]
        out += ["", "## Cold start (new process → first answer)", "", f"`{c['demo']['command']}`", "",
                _table(["index", "chunks", "wall s per run", "peak RSS MB", "imports alone s"], rows)]
        if (a := c.get("app")):
            out += ["", f"Web app, `{a['command']}` on the demo index: listening and answering gradio_client after "
                    f"{a['up_s']} s, first answer after **{a['first_answer_s']} s**."]
    out += _backends(s.get("backends"))
    memory = []
    if (i := s.get("ingest")):
        memory.append([f"ingest process ({i['documents']} PDFs, {i['pages']} pages, {i['chunks']} chunks)",
                       i["peak_rss_mb"], f"{i['disk_mb_per_1000_pages']} MB per 1,000 pages"])
    for name, v in (s.get("cold_start") or {}).items():
        if isinstance(v, dict) and "runs" in v:
            chunks = v.get("chunks", _get(s, "demo_ask", "chunks"))
            memory.append([f"query process: `beleid ask` on the {name.replace('_', ' ')} index ({chunks:,} chunks)",
                           v["peak_rss_mb"], ""])
    if (a := _get(s, "cold_start", "app")):
        memory.append([f"web app process (`beleid serve`, demo index) after {a['burst_questions']} simultaneous "
                       f"questions ({a['burst_errors']} errors)", a["peak_rss_mb"], ""])
    for p in _get(s, "scale", "points", default=[])[-1:]:
        memory.append([f"index of {p['chunks']:,} chunks on disk", "", f"{p['disk_mb']} MB "
                       f"({round(p['disk_mb'] / p['chunks'] * 1000, 2)} MB per 1,000 chunks)"])
    if memory:
        out += ["", "## Memory and disk", "", "Peak RSS is the process's own VmHWM (the model is ~470 MB of it).", "",
                _table(["what", "peak RSS MB", "disk"], memory)]
    if (b := s.get("baseline")) and (i := s.get("ingest")) and (r := s.get("search_ingested_corpus")):
        out += ["", "## Baseline: plain llama-index on the same PDFs and queries", "", b["pipeline"] + f"; {b['splitter']}, "
                f"embed batch {b['embed_batch_size']}, e5 query prefix used: {b['query_prefix_used']}.", "",
                _table(["", "ours", "baseline", "ours / baseline"], [
                    ["ingest pages/s", i["pages_per_s"], b["pages_per_s"], _ratio(i["pages_per_s"], b["pages_per_s"])],
                    ["chunks", i["chunks"], b["chunks"], None],
                    ["tokens per chunk (e5)", i["chunk_tokens_mean"], b["chunk_tokens_mean"], None],
                    [f"chunks over the {b['window_tokens']}-token window (truncated)", 0, b["chunks_over_window"], None],
                    ["search p50 ms (cold)", r["cold"]["p50_ms"], b["retrieval"]["p50_ms"],
                     _ratio(r["cold"]["p50_ms"], b["retrieval"]["p50_ms"])],
                    ["search p95 ms (cold)", r["cold"]["p95_ms"], b["retrieval"]["p95_ms"],
                     _ratio(r["cold"]["p95_ms"], b["retrieval"]["p95_ms"])],
                ])]
    if (sv := s.get("server_mode")) and "embedded" in sv:
        rows = [[mode, v["ingest_replayed_vectors"]["pages_per_s"], v["ingest_replayed_vectors"]["store_write_s"],
                 v["fill"]["chunks"], v["fill"]["fill_chunks_per_s"] or "–", *_lat(v["search"]["cold"]),
                 *_lat(v["search"]["warm"])]
                for mode, v in sv.items() if isinstance(v, dict) and "fill" in v]
        out += ["", "## Chroma embedded vs server mode", "",
                "Same PDFs, recorded vectors replayed (so only the store differs), grown with synthetic documents.", "",
                _table(["mode", "ingest pages/s (no model)", "store write s", "chunks", "fill chunks/s",
                        "cold p50 ms", "cold p95 ms", "warm p50 ms", "warm p95 ms"], rows)]
    tests = [s[name] for name in LOAD_TESTS if name in s]
    if tests:
        out += ["", "## Load test (simultaneous questions, demo corpus, query and sentence caches empty at the start)", "", _table(
            ["how", "concurrent", "wall s", "answers/s", "p50 ms", "p95 ms", "errors", "mixed answers",
             "differs from one-by-one"],
            [[lt["mode"], lt["concurrency"], lt["wall_s"], lt["throughput_qps"], lt["latency"]["p50_ms"],
              lt["latency"]["p95_ms"], lt["errors"], lt["mixed_answers"], lt["differs_from_sequential"]] for lt in tests])]
        for lt in tests:
            if lt["error_samples"]:
                out += ["", "Errors: " + "; ".join(f"`{e}`" for e in lt["error_samples"])]
    if report.get("notes"):
        out += ["", "Notes: " + "; ".join(report["notes"]) + "."]
    if report["errors"]:
        out += ["", "## Sections that failed", ""]
        out += [f"### {name}\n\n```\n{trace}\n```" for name, trace in report["errors"].items()]
    return "\n".join(out) + "\n"


def _backends(b: dict | None) -> list[str]:
    """The embedding backends side by side (bench/backends.py)."""
    if not b:
        return []
    ingest = [[name, v["vectors"], v["pages"], v["chunks"], v["texts_embedded"], v["ingest_s"], v["pages_per_s"],
               v["raw_encode_texts_per_s"], v["ratio_ingest_to_raw_encode"], v["raw_vs_ingest_cosine_min"],
               v["model_load_s"], v["peak_rss_mb"]] for name, v in b["ingest"].items()]
    starts = [[name, " / ".join(map(str, b["ask_s"][name])), " / ".join(map(str, b["app_first_answer_s"][name])),
               max(b["ask_peak_rss_mb"][name])] for name in b["backends"]]
    ratios = [[name, r["ingest_pages_per_s"], r["ingest_ratio_to_raw_encode"], r["ask_cold_start"], r["app_cold_start"]]
              for name, r in b["ratios"].items()]
    return ["", f"## Embedding backends side by side (reference: {b['reference']})", "",
            "Ingest of the same PDFs, each backend in a process of its own, one after the other:", "",
            _table(["backend", "vectors", "pages", "chunks", "texts embedded", "ingest s", "pages/s", "raw encode texts/s",
                    "ingest / raw encode", "raw vs ingest cosine min", "model load s", "peak RSS MB"], ingest), "",
            f"Cold start on the index each backend built, {b['rounds']} round(s), backends interleaved within each round "
            "(`beleid ask` to its printed answer; `beleid serve` to its first answer through gradio_client, "
            "not measured at this size when empty):", "",
            _table(["backend", "ask s per round", "app first answer s per round", "ask peak RSS MB"], starts), "",
            "Ratios to the reference (medians of the rounds):", "",
            _table(["backend", "ingest pages/s", "ingest / raw encode (own)", "ask cold start", "app cold start"], ratios)]
