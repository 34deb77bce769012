"""Fit and check the answerability model (answer/answerability.py) on the gold sets, documents held out.

Run: ``python -m eval.answerability [--set demo --set fixtures --set realtexts --set real] [--write]``.

Every question of every set goes through the real pipeline (ingest, retrieval, the extractive answerer's
sentence scoring and composition) and its signals (answer.answerability.SIGNALS) are recorded with its label
(answerable or not) and whether the composed answer holds all key facts.

Which signals the model uses is chosen by forward selection on the held-out AUC (leave one set out: the sets
share no documents). To judge that choice honestly it is nested: for each set, the signals are chosen and
the model fitted on the *other* sets only, then that set is scored. These nested held-out probabilities give
the reliability bins, AUC and Brier score in the report, and the refusal threshold that answers most
questions correctly. ``--write`` then chooses and fits on all sets and stores the signals, coefficients and
threshold in answer/answerability.json. Signals are cached in ``--out``/signals.jsonl (``--rows`` reuses them).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from answer.answerability import MODEL_FILE, SIGNALS, AnswerabilityModel
from eval.logistic import auc, brier, fit_logistic, reliability_bins, standardisation

L2 = 10.0  # measured 1 / 10 in the nested run: 10 transfers better (held-out AUC 0.67 -> 0.70)
MAX_SIGNALS = 6
MIN_GAIN = 0.003  # held-out AUC a further signal must add
THRESHOLDS = [round(0.05 * i, 2) for i in range(1, 20)]
MAX_FALSE_REFUSALS = 0.05  # the product target: refuse at most 1 in 20 answerable questions


def collect(settings, sets: list[str], embedder=None) -> list[dict]:
    """One row per gold question: its set, label, signals and whether the composed answer is right."""
    from answer.assistant import Assistant
    from answer.render import render_extractive
    from answer.types import Turn
    from eval.gold import load_questions, squash
    from eval.run import QUESTION_SETS, eval_settings
    from index.embedder import load_embedder
    from index.catalog import IndexCatalog
    from index.indexer import Indexer

    embedder = embedder or load_embedder(settings)
    rows = []
    for name in sets:
        run_settings = eval_settings(settings, [name])
        assistant = Assistant(run_settings, catalog=IndexCatalog(run_settings, embedder=embedder))
        Indexer(run_settings, assistant.catalog).ingest()
        for question in load_questions(QUESTION_SETS[name]):
            history = [Turn(h["question"], h["answer"]) for h in question.history]
            standalone, passages = assistant.retrieve(question.question, history)
            selection = assistant.extractive.select(standalone, passages)
            if not selection.signals:
                continue  # no sentence at all in the evidence: refused before any model
            text = render_extractive(selection.sentences, passages, selection.conflict)[0]
            facts = all(squash(f) in squash(text) for f in question.expected_facts) if question.answerable else False
            rows.append({"set": name, "id": question.id, "type": question.type, "answerable": question.answerable,
                         "facts_ok": facts, "signals": selection.signals})
    return rows


def _matrix(rows: list[dict], signals: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    return (np.array([[r["signals"][f] for f in signals] for r in rows], dtype=float),
            np.array([int(r["answerable"]) for r in rows], dtype=float))


def fit(rows: list[dict], signals: tuple[str, ...], threshold: float = 0.5) -> AnswerabilityModel:
    """The model on ``signals`` fitted on ``rows`` (standardised, L2-regularised)."""
    x, y = _matrix(rows, signals)
    means, scales = standardisation(x)
    weights, intercept = fit_logistic((x - means) / scales, y, L2)
    return AnswerabilityModel({f: round(float(w), 4) for f, w in zip(signals, weights)}, round(intercept, 4),
                              {f: round(float(m), 5) for f, m in zip(signals, means)},
                              {f: round(float(s), 5) for f, s in zip(signals, scales)}, threshold)


def held_out(rows: list[dict], signals: tuple[str, ...]) -> list[float]:
    """For every row, the probability from a model on ``signals`` fitted on the other sets only."""
    probabilities = [0.0] * len(rows)
    for name in dict.fromkeys(r["set"] for r in rows):
        model = fit([r for r in rows if r["set"] != name], signals)
        for i, row in enumerate(rows):
            if row["set"] == name:
                probabilities[i] = model.probability(row["signals"])
    return probabilities


def _sensible(rows: list[dict], signals: tuple[str, ...]) -> bool:
    """Every weight of the model fitted on ``rows`` points the way its signal is evidence (SIGNALS)."""
    model = fit(rows, signals)
    return all(weight * SIGNALS[name] > 0 for name, weight in model.coefficients.items())


def select_signals(rows: list[dict]) -> tuple[str, ...]:
    """Forward selection: add the signal that raises the leave-one-set-out AUC most, while it adds MIN_GAIN and
    all weights keep their sensible sign."""
    labels = [int(r["answerable"]) for r in rows]
    chosen: tuple[str, ...] = ()
    best = 0.5
    while len(chosen) < MAX_SIGNALS:
        scored = [(auc(held_out(rows, chosen + (s,)), labels), s) for s in SIGNALS
                  if s not in chosen and _sensible(rows, chosen + (s,))]
        if not scored:
            break
        score, signal = max(scored)
        if score < best + MIN_GAIN:
            break
        chosen, best = chosen + (signal,), score
    return chosen


def nested_held_out(rows: list[dict]) -> tuple[list[float], dict[str, tuple[str, ...]]]:
    """Per set: signals chosen and model fitted on the other sets only, then that set scored."""
    probabilities = [0.0] * len(rows)
    choices = {}
    for name in dict.fromkeys(r["set"] for r in rows):
        others = [r for r in rows if r["set"] != name]
        choices[name] = select_signals(others)
        model = fit(others, choices[name])
        for i, row in enumerate(rows):
            if row["set"] == name:
                probabilities[i] = model.probability(row["signals"])
    return probabilities, choices


def outcome(rows: list[dict], probabilities: list[float], threshold: float) -> dict[str, float]:
    """Correct share, refusal recall and false-refusal rate when refusing below ``threshold``."""
    answerable = [(r, p) for r, p in zip(rows, probabilities) if r["answerable"]]
    unanswerable = [(r, p) for r, p in zip(rows, probabilities) if not r["answerable"]]
    correct = sum(p >= threshold and r["facts_ok"] for r, p in answerable) + sum(p < threshold for _, p in unanswerable)
    return {"correct": round(correct / len(rows), 3),
            "answerable_correct": round(sum(p >= threshold and r["facts_ok"] for r, p in answerable) / max(1, len(answerable)), 3),
            "refusal_recall": round(sum(p < threshold for _, p in unanswerable) / max(1, len(unanswerable)), 3),
            "false_refusal_rate": round(sum(p < threshold for _, p in answerable) / max(1, len(answerable)), 3)}


def best_threshold(rows: list[dict], probabilities: list[float]) -> float:
    """The threshold that refuses most unanswerable questions while the held-out false-refusal rate stays at or
    below MAX_FALSE_REFUSALS (ties: more questions correct)."""
    allowed = [t for t in THRESHOLDS if outcome(rows, probabilities, t)["false_refusal_rate"] <= MAX_FALSE_REFUSALS]
    return max(allowed or THRESHOLDS[:1], key=lambda t: (outcome(rows, probabilities, t)["refusal_recall"],
                                                         outcome(rows, probabilities, t)["correct"]))


def report(rows: list[dict], probabilities: list[float], threshold: float, model: AnswerabilityModel,
           choices: dict[str, tuple[str, ...]]) -> str:
    labels = [int(r["answerable"]) for r in rows]
    baseline = held_out(rows, ("similarity",))
    lines = ["# Answerability model (nested, held out: each set scored by signals chosen and a model fitted on the "
             "other sets)", "",
             f"Threshold {threshold} (the most refusals at a held-out false-refusal rate <= {MAX_FALSE_REFUSALS}); AUC {auc(probabilities, labels)} "
             f"(similarity alone: {auc(baseline, labels)}), Brier {brier(probabilities, labels)}, {len(rows)} questions.",
             "", "Signals chosen without each set: " + "; ".join(f"{n}: {', '.join(c)}" for n, c in choices.items()), "",
             "| set | questions | unanswerable | AUC | correct | answerable correct | refusal recall | false-refusal rate |",
             "|---|---|---|---|---|---|---|---|"]
    for name in dict.fromkeys(r["set"] for r in rows):
        idx = [i for i, r in enumerate(rows) if r["set"] == name]
        sub, probs = [rows[i] for i in idx], [probabilities[i] for i in idx]
        o = outcome(sub, probs, threshold)
        lines.append(f"| {name} | {len(sub)} | {sum(not r['answerable'] for r in sub)} | "
                     f"{auc(probs, [int(r['answerable']) for r in sub])} (similarity alone "
                     f"{auc([baseline[i] for i in idx], [int(r['answerable']) for r in sub])}) | {o['correct']} | {o['answerable_correct']} | "
                     f"{o['refusal_recall']} | {o['false_refusal_rate']} |")
    lines += ["", "Reliability (held out, all sets):", "", "| predicted | questions | mean predicted | observed answerable |",
              "|---|---|---|---|"]
    lines += [f"| {b['low']}–{b['high']} | {b['count']} | {b['predicted']} | {b['observed']} |"
              for b in reliability_bins(probabilities, labels)]
    lines += ["", "Threshold sweep (held out, all sets):", "", "| threshold | correct | refusal recall | false-refusal rate |",
              "|---|---|---|---|"]
    lines += [f"| {t} | " + " | ".join(str(outcome(rows, probabilities, t)[k]) for k in
                                       ("correct", "refusal_recall", "false_refusal_rate")) + " |" for t in THRESHOLDS]
    lines += ["", "Signals and coefficients of the model chosen and fitted on all sets (standardised signals):", "",
              "| signal | weight |", "|---|---|"] + [f"| {f} | {w} |" for f, w in model.coefficients.items()]
    return "\n".join(lines) + "\n"


def reliability_plot(probabilities: list[float], labels: list[int], path: Path, title: str) -> None:
    """Predicted probability against the observed share of answerable questions, per bin, with counts."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    bins = reliability_bins(probabilities, labels, bins=10)
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot([0, 1], [0, 1], ":", color="grey", label="perfectly calibrated")
    ax.plot([b["predicted"] for b in bins], [b["observed"] for b in bins], "o-", color="#2f6f9f", label="model")
    for b in bins:
        ax.annotate(str(b["count"]), (b["predicted"], b["observed"]), textcoords="offset points", xytext=(4, -10), fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("predicted P(answerable)")
    ax.set_ylabel("observed share answerable")
    ax.set_title(title)
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main() -> None:
    from beleid.offline import apply_offline_guards
    from beleid.settings import Settings
    from eval.run import available_sets

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", dest="sets", action="append", help="Gold set (repeatable); default all available.")
    parser.add_argument("--rows", type=Path, help="Reuse signals.jsonl from an earlier run instead of collecting.")
    parser.add_argument("--out", type=Path, default=Path("eval-answerability"), help="Folder for signals, report, plot.")
    parser.add_argument("--write", action="store_true", help=f"Store the model fitted on all sets in {MODEL_FILE}.")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.rows:
        rows = [json.loads(line) for line in args.rows.read_text(encoding="utf-8").splitlines() if line.strip()]
        rows = [r for r in rows if not args.sets or r["set"] in args.sets]
    else:
        settings = Settings()
        apply_offline_guards(settings.allow_network)
        rows = collect(settings, args.sets or available_sets())
        (args.out / "signals.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                                encoding="utf-8")
    probabilities, choices = nested_held_out(rows)
    threshold = best_threshold(rows, probabilities)
    model = fit(rows, select_signals(rows), threshold)
    text = report(rows, probabilities, threshold, model, choices)
    (args.out / "report.md").write_text(text, encoding="utf-8")
    reliability_plot(probabilities, [int(r["answerable"]) for r in rows], args.out / "reliability.png",
                     "Answerability, held out per set")
    if args.write:
        data = {**model.to_dict(), "fitted_on": sorted({r["set"] for r in rows}), "questions": len(rows),
                "command": "python -m eval.answerability --write"}
        MODEL_FILE.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
