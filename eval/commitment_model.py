"""Experiment: does a learned sentence classifier beat the commitment rules on real documents?

Run: ``python -m eval.commitment_model [--json]``

Candidates are every sentence the rules judge in the six real gold documents
(``ingest.commitments.judged_sentences``). Features: the e5 embedding of the sentence (384 numbers, the
model the index uses) plus rule features (the rules' score, one-hot of the cue that decided, list item,
explaining list, document genre). Label: the sentence pairs with a gold commitment (same loose text
pairing as eval/commitments_real.py). A logistic regression (L2, plain numpy) is evaluated
**leave-one-document-out**: each document is scored by a model fitted on the other five only, so no
document is scored by a model that saw it. The decision threshold is chosen inside each fold by
leave-one-document-out on the five training documents (best F1), never on the scored document.
Reported per document next to the rules on the same candidates. Nothing here is used at ingest.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np

from types import SimpleNamespace

from eval.commitments_real import HELD_OUT, document_path, load_gold, loose, pair

GENRES = ("circulaire", "brief", "verslag", "convenant", "cao", "regeerakkoord", "beleidsnota", "beleidstekst")
L2 = 1.0
THRESHOLDS = tuple(np.round(np.arange(0.2, 0.81, 0.05), 2))


def _pairs_gold(texts: list[str], gold_texts: list[str]) -> np.ndarray:
    """1 for a candidate whose loose text equals, contains or is contained in a gold text."""
    return np.array([int(any(t and (t == g or g in t or t in g) for g in gold_texts)) for t in texts])


def candidates(embedder, settings) -> dict:
    """Per document: candidate texts, rule decisions, feature matrix and labels."""
    from ingest.clean import clean_pages
    from ingest.commitment_actors import authorship
    from ingest.commitments import judged_sentences
    from ingest.loaders import load_document
    from ingest.metadata import build_meta
    from ingest.sections import document_structure

    docs = {}
    cues: list[str] = []
    for name, gold in load_gold().items():
        path = document_path(name)
        pages = clean_pages(load_document(path, max_pages=settings.ingest.max_pages).pages)
        meta = build_meta(path, name, pages)
        text, _, _ = document_structure(pages, meta.title)
        genre = authorship(meta, text, meta.author).genre
        judged = judged_sentences(meta, pages)
        cues += [j.cue for j in judged]
        docs[name] = {"judged": judged, "genre": genre, "gold": [loose(g.text) for g in gold], "gold_items": gold}
    cue_names = sorted(set(cues))
    for doc in docs.values():
        judged = doc["judged"]
        vectors = embedder.embed_passages([j.text for j in judged])
        rules = np.array([[j.score, j.score >= 0.5, j.listed, j.explaining, *(j.cue == c for c in cue_names),
                           *(doc["genre"] == g for g in GENRES)] for j in judged], dtype=np.float32)
        doc["x"] = np.hstack([vectors, rules]).astype(np.float32)
        doc["y"] = _pairs_gold([loose(j.text) for j in judged], doc["gold"])
        doc["rule"] = np.array([j.score >= 0.5 for j in judged])
    return docs


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2, steps: int = 400) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """Logistic regression by gradient descent on standardised features: (weights, bias, mean, scale)."""
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / scale
    w, b = np.zeros(z.shape[1]), 0.0
    rate = 0.5
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        w -= rate * (z.T @ (p - y) / len(y) + l2 * w / len(y))
        b -= rate * float(np.mean(p - y))
    return w, b, mean, scale


def predict(model, x: np.ndarray) -> np.ndarray:
    w, b, mean, scale = model
    return 1 / (1 + np.exp(-(((x - mean) / scale) @ w + b)))


def _counts(doc: dict, decided: np.ndarray) -> dict:
    """Extraction counts of the decided candidates, paired one-to-one with all gold of the document."""
    found = [SimpleNamespace(text=j.text) for j, keep in zip(doc["judged"], decided) if keep]
    return {"found": len(found), "matched": len(pair(doc["gold_items"], found)), "gold": len(doc["gold_items"])}


def _f1(rows: list[dict]) -> float:
    found, matched, gold = (sum(r[k] for r in rows) for k in ("found", "matched", "gold"))
    p, r = matched / max(1, found), matched / max(1, gold)
    return 2 * p * r / max(1e-9, p + r)


def _threshold(docs: dict, names: list[str]) -> float:
    """Best-F1 threshold by leave-one-document-out inside ``names`` only."""
    scores = {t: [] for t in THRESHOLDS}
    for held in names:
        train = [n for n in names if n != held]
        model = fit(np.vstack([docs[n]["x"] for n in train]), np.concatenate([docs[n]["y"] for n in train]))
        p = predict(model, docs[held]["x"])
        for t in THRESHOLDS:
            scores[t].append(_counts(docs[held], p >= t))
    return max(THRESHOLDS, key=lambda t: _f1(scores[t]))


def leave_one_document_out(docs: dict) -> dict:
    """Per document: the rules and the classifier (fitted on the other five) on the same candidates."""
    rows = {}
    for held in docs:
        train = [n for n in docs if n != held]
        threshold = _threshold(docs, train)
        model = fit(np.vstack([docs[n]["x"] for n in train]), np.concatenate([docs[n]["y"] for n in train]))
        decided = predict(model, docs[held]["x"]) >= threshold
        rows[held] = {"rules": _counts(docs[held], docs[held]["rule"]),
                      "model": _counts(docs[held], decided), "threshold": float(threshold),
                      "candidates": len(docs[held]["y"]), "gold_in_candidates": int(docs[held]["y"].sum())}
    return rows


def summary(rows: dict, names: list[str], method: str) -> dict:
    found, matched, gold = (sum(rows[n][method][k] for n in names) for k in ("found", "matched", "gold"))
    return {"precision": round(matched / max(1, found), 3), "recall": round(matched / max(1, gold), 3),
            "found": found, "matched": matched, "gold": gold}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from beleid.offline import apply_offline_guards
    from eval.commitments import _settings
    from eval.real import REAL_PDFS, REAL_TEXTS, real_folder_or_exit

    real_folder_or_exit(REAL_TEXTS)
    real_folder_or_exit(REAL_PDFS)
    with tempfile.TemporaryDirectory(prefix="beleid-commitment-model-") as tmp:
        settings = _settings(Path(tmp))
        apply_offline_guards(settings.allow_network)
        from index.catalog import IndexCatalog

        docs = candidates(IndexCatalog(settings).embedder, settings)
    rows = leave_one_document_out(docs)
    groups = {"all six": list(rows), "held out": [n for n in rows if n in HELD_OUT],
              "dev": [n for n in rows if n not in HELD_OUT]}
    report = {"documents": rows, "summary": {g: {m: summary(rows, names, m) for m in ("rules", "model")}
                                             for g, names in groups.items()}}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    print("| document | candidates | gold (in candidates) | rules P / R | classifier P / R | threshold |")
    print("|---|---|---|---|---|---|")
    for name, row in rows.items():
        cells = []
        for method in ("rules", "model"):
            c = row[method]
            cells.append(f"{c['matched'] / max(1, c['found']):.3f} / {c['matched'] / max(1, c['gold']):.3f}")
        print(f"| {name[:50]} | {row['candidates']} | {row['rules']['gold']} ({row['gold_in_candidates']}) | "
              f"{cells[0]} | {cells[1]} | {row['threshold']} |")
    for group, methods in report["summary"].items():
        print(f"{group}: " + "; ".join(f"{m} P {v['precision']} R {v['recall']}" for m, v in methods.items()))


if __name__ == "__main__":
    main()
