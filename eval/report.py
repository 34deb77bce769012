"""Write an evaluation run as JSON, Markdown and HTML, with matplotlib plots."""

from __future__ import annotations

import html
import json
from pathlib import Path

SUMMARY_LABELS = {
    "correct": "correct (all)", "answerable_correct": "correct (answerable)", "key_fact_accuracy": "key-fact accuracy",
    "citation_precision": "citation precision", "citation_recall": "citation recall",
    "citation_page_accuracy": "citation page accuracy",
    "refusal_precision": "refusal precision", "refusal_recall": "refusal recall",
    "false_refusal_rate": "false-refusal rate", "recall@5": "Recall@5", "mrr@10": "MRR@10",
    "latency_p50_ms": "latency p50 (ms)", "latency_p95_ms": "latency p95 (ms)",
}


def _plots(run: dict, out: Path) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = []
    rates = {k: v for k, v in run["summary"].items() if k in SUMMARY_LABELS and not k.startswith("latency")}
    fig, ax = plt.subplots(figsize=(8, 3.5))
    ax.barh([SUMMARY_LABELS[k] for k in rates], list(rates.values()), color="#2f6f9f")
    ax.set_xlim(0, 1)
    ax.set_title("Metrics")
    fig.tight_layout()
    fig.savefig(out / "metrics.png", dpi=110)
    names.append("metrics.png")
    fig, ax = plt.subplots(figsize=(8, 3))
    ax.bar(list(run["by_type"]), list(run["by_type"].values()), color="#6f9f2f")
    ax.set_ylim(0, 1)
    ax.set_title("Correct by question type")
    fig.tight_layout()
    fig.savefig(out / "by_type.png", dpi=110)
    names.append("by_type.png")
    fig, ax = plt.subplots(figsize=(8, 3))
    ax.hist([q["latency_ms"] for q in run["questions"]], bins=20, color="#9f6f2f")
    ax.set_xlabel("ms per answer")
    ax.set_title("Latency")
    fig.tight_layout()
    fig.savefig(out / "latency.png", dpi=110)
    names.append("latency.png")
    rated = [q for q in run["questions"] if q.get("answerability") is not None]
    if rated:
        from eval.answerability import reliability_plot

        reliability_plot([q["answerability"] for q in rated], [int(q["answerable"]) for q in rated],
                         out / "reliability.png", "Answerability: predicted vs observed")
        names.append("reliability.png")
    plt.close("all")
    return names


def _markdown(run: dict, images: list[str], comparison: str) -> str:
    sample = f" (every {run['every']}th question of the sets: a sample)" if run.get("every", 1) > 1 else ""
    lines = [f"# Evaluation run {run['created']}", "", f"Sets: {', '.join(run['sets'])}; "
             f"{run['summary']['questions']} questions{sample}.", "", "| metric | value |", "|---|---|"]
    lines += [f"| {SUMMARY_LABELS[k]} | {v} |" for k, v in run["summary"].items() if k in SUMMARY_LABELS]
    lines += ["", "| type | correct |", "|---|---|"] + [f"| {t} | {v} |" for t, v in run["by_type"].items()]
    rated = [q for q in run["questions"] if q.get("answerability") is not None]
    if rated:
        from eval.logistic import reliability_bins

        lines += ["", "Answerability (the model's P(answerable) against the gold label; reliability.png):", "",
                  "| predicted | questions | mean predicted | observed answerable |", "|---|---|---|---|"]
        lines += [f"| {b['low']}–{b['high']} | {b['count']} | {b['predicted']} | {b['observed']} |" for b in
                  reliability_bins([q["answerability"] for q in rated], [int(q["answerable"]) for q in rated])]
    lines += [""] + [f"![{name}]({name})" for name in images]
    if comparison:
        lines += ["", comparison]
    lines += ["", "## Per question", "", "| id | type | correct | R@5 | ms | answer | sources |", "|---|---|---|---|---|---|---|"]
    for q in run["questions"]:
        answer = q["answer"].replace("\n", " ").replace("|", "\\|")[:160]
        lines.append(f"| {q['id']} | {q['type']} | {'yes' if q['correct'] else 'no'} | {q['recall@5']:.0f} | "
                     f"{q['latency_ms']:.0f} | {answer} | {'; '.join(q['sources'])} |")
    return "\n".join(lines) + "\n"


def _html(markdown_text: str, images: list[str]) -> str:
    """A self-contained page (no external assets): the Markdown as preformatted text plus the plots."""
    figures = "".join(f'<img src="{name}" alt="{name}" style="max-width:100%">' for name in images)
    return ("<!doctype html><meta charset='utf-8'><title>Beleidsassistent evaluatie</title>"
            f"<body style='font-family:sans-serif'>{figures}<pre>{html.escape(markdown_text)}</pre></body>")


def write_report(run: dict, out: Path, comparison: str = "") -> dict[str, Path]:
    """report.json, report.md, report.html and plots in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(run, ensure_ascii=False, indent=1), encoding="utf-8")
    images = _plots(run, out)
    markdown_text = _markdown(run, images, comparison)
    (out / "report.md").write_text(markdown_text, encoding="utf-8")
    (out / "report.html").write_text(_html(markdown_text, images), encoding="utf-8")
    return {"json": out / "report.json", "markdown": out / "report.md", "html": out / "report.html"}
