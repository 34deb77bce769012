"""Fit and check the sentence ranker (answer/ranking.py) on the gold sets, documents held out.

Run: ``python -m eval.sentence_ranker [--set NAME ...] [--out DIR] [--write]``.

Every answerable gold question goes through the real pipeline (ingest, retrieval, the extractive answerer's
sentence features); each candidate sentence of its evidence is labelled by whether it holds one of the
question's gold ``support`` strings (written from the documents before any of this was fitted). Questions
whose evidence holds no support sentence teach nothing about ranking and are counted, not used.

The weights are a conditional logit: for each question, a softmax over its candidate sentences, fitted to
put the probability on the support sentences (L2 on standardised features). Judged leave one set out (the
sets share no documents): the weights are fitted on the other sets and the held-out set's top-1 / top-3
support hit rate and its answer correctness (the full answerer, ``eval.run``) are compared with the shipped
weights'. ``--write`` fits on every set and stores the weights, rescaled to a similarity weight of 1, in
answer/ranking.json.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from answer.ranking import FEATURES, RANKING_FILE, SentenceRanker, load_ranker, rescaled
from eval.gold import squash
from eval.logistic import standardisation

L2 = 1.0
_WORD = re.compile(r"\w+")
_MIN_CONTAINED = 15  # characters: a shorter sentence inside a support string proves nothing


@dataclass
class Question:
    set: str
    id: str
    features: np.ndarray  # candidate sentences x FEATURES
    labels: np.ndarray  # 1 where the sentence holds a support string


def holds_support(sentence: str, support: tuple[str, ...]) -> bool:
    """The sentence is (part of) a support string, contains one, or shares nearly all its words with one
    (the gold was copied from the document, the sentence splitter may cut it differently)."""
    text = squash(sentence)
    words = set(_WORD.findall(text))
    for gold in map(squash, support):
        if (len(text) >= _MIN_CONTAINED and text in gold) or gold in text:
            return True
        shared = words & set(_WORD.findall(gold))
        if len(shared) >= 4 and len(shared) >= 0.8 * min(len(words), len(set(_WORD.findall(gold)))):
            return True
    return False


def collect(settings, sets: list[str]) -> tuple[list[Question], dict[str, dict[str, int]]]:
    """The labelled candidates of every answerable question with support, and per set how many questions
    had a support sentence in their evidence."""
    from answer.assistant import Assistant
    from eval.gold import load_questions
    from eval.run import QUESTION_SETS, eval_settings
    from index.catalog import IndexCatalog
    from index.embedder import load_embedder
    from index.indexer import Indexer
    from answer.types import Turn

    embedder = load_embedder(settings)
    questions, counts = [], {}
    for name in sets:
        run_settings = eval_settings(settings, [name])
        assistant = Assistant(run_settings, catalog=IndexCatalog(run_settings, embedder=embedder))
        Indexer(run_settings, assistant.catalog).ingest()
        count = counts.setdefault(name, {"answerable": 0, "support_in_evidence": 0})
        for gold in load_questions(QUESTION_SETS[name]):
            if not gold.answerable or not gold.support:
                continue
            count["answerable"] += 1
            history = [Turn(h["question"], h["answer"]) for h in gold.history]
            standalone, passages = assistant.retrieve(gold.question, history)
            scored = assistant.extractive.score(standalone, passages)
            labels = np.array([holds_support(s.sentence.full_text, gold.support) for s in scored], dtype=float)
            if labels.any():
                count["support_in_evidence"] += 1
                features = np.array([[s.features[f] for f in FEATURES] for s in scored])
                questions.append(Question(name, gold.id, features, labels))
    return questions, counts


def fit(questions: list[Question], l2: float = L2) -> dict[str, float]:
    """Conditional-logit weights (raw feature scale, similarity weight 1)."""
    from scipy.optimize import minimize

    means, scales = standardisation(np.vstack([q.features for q in questions]))
    standard = [((q.features - means) / scales, q.labels.astype(bool)) for q in questions]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, gradient = 0.5 * l2 * w @ w, l2 * w
        for x, positive in standard:
            s = x @ w
            s -= s.max()
            p = np.exp(s)
            p /= p.sum()
            q = np.where(positive, p, 0.0)
            held = q.sum()
            total -= np.log(max(held, 1e-300))
            gradient = gradient - x.T @ (q / max(held, 1e-300) - p)
        return total, gradient

    start = np.zeros(len(FEATURES))
    start[FEATURES.index("similarity")] = 1.0
    w = minimize(loss, start, jac=True, method="L-BFGS-B").x
    return rescaled(dict(zip(FEATURES, w / scales)))


def hits(questions: list[Question], weights: dict[str, float]) -> dict[str, float]:
    """Share of questions whose best-scored sentence (and any of the best three) holds a support string."""
    vector = np.array([weights.get(f, 0.0) for f in FEATURES])
    top1 = top3 = 0
    for q in questions:
        order = np.argsort(-(q.features @ vector), kind="stable")
        top1 += bool(q.labels[order[0]])
        top3 += bool(q.labels[order[:3]].any())
    n = max(len(questions), 1)
    return {"top1": round(top1 / n, 3), "top3": round(top3 / n, 3)}


def correctness(settings, name: str, weights: dict[str, float]) -> dict[str, float]:
    """The held-out set's answer figures (eval.run) with the extractive answerer ranking by ``weights``."""
    from answer.assistant import Assistant
    from eval.run import eval_settings, run_eval

    assistant = Assistant(eval_settings(settings, [name]))
    assistant.extractive.ranker = SentenceRanker(weights)
    summary = run_eval(settings, [name], assistant=assistant)["summary"]
    return {m: summary[m] for m in ("correct", "answerable_correct", "refusal_recall", "false_refusal_rate")
            if m in summary}


def held_out(settings, questions: list[Question], sets: list[str], with_answers: bool) -> list[dict]:
    shipped = load_ranker().weights
    rows = []
    for name in sets:
        test = [q for q in questions if q.set == name]
        weights = fit([q for q in questions if q.set != name])
        row = {"set": name, "questions": len(test), "shipped": hits(test, shipped), "held_out": hits(test, weights),
               "weights": {k: round(v, 4) for k, v in weights.items()}}
        if with_answers:
            row["shipped_answers"] = correctness(settings, name, shipped)
            row["held_out_answers"] = correctness(settings, name, weights)
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


def main() -> None:
    from beleid.offline import apply_offline_guards
    from beleid.settings import Settings
    from eval.run import available_sets

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", dest="sets", action="append", help="Gold set (repeatable); default every set present.")
    parser.add_argument("--out", type=Path, default=Path("eval-ranker"), help="Folder for ranker.json.")
    parser.add_argument("--no-answers", action="store_true", help="Only the support hit rates (no full answer runs).")
    parser.add_argument("--write", action="store_true", help=f"Fit on every set and write {RANKING_FILE.name}.")
    args = parser.parse_args()
    settings = Settings()
    apply_offline_guards(settings.allow_network)
    sets = args.sets or available_sets()
    questions, counts = collect(settings, sets)
    result = {"counts": counts, "held_out": held_out(settings, questions, sets, not args.no_answers)}
    if args.write:
        weights = fit(questions)
        RANKING_FILE.write_text(json.dumps({**SentenceRanker(weights).to_dict(), "fitted_on": sorted(sets),
                                            "questions": len(questions), "l2": L2,
                                            "command": "python -m eval.sentence_ranker --write"}, indent=1) + "\n")
        result["written"] = weights
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "ranker.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(json.dumps(result["counts"]))


if __name__ == "__main__":
    main()
