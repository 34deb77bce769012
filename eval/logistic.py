"""A small L2-regularised logistic regression (Newton's method) and reliability bins, in numpy."""

from __future__ import annotations

import numpy as np


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, iterations: int = 50) -> tuple[np.ndarray, float]:
    """(weights, intercept) for standardised features ``x`` and 0/1 labels ``y``; the intercept is not penalised."""
    rows, columns = x.shape
    design = np.hstack([np.ones((rows, 1)), x])
    beta = np.zeros(columns + 1)
    penalty = np.diag([0.0] + [l2] * columns)
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ beta, -30, 30)))
        gradient = design.T @ (p - y) + penalty @ beta
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + penalty + 1e-9 * np.eye(columns + 1)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta[1:], float(beta[0])


def standardisation(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Column means and scales (a constant column gets scale 1)."""
    scales = x.std(axis=0)
    return x.mean(axis=0), np.where(scales > 1e-9, scales, 1.0)


def reliability_bins(probabilities: list[float], labels: list[int], bins: int = 5) -> list[dict]:
    """Equal-width bins of predicted probability: how many questions, mean prediction, observed share of 1s."""
    rows = []
    edges = np.linspace(0.0, 1.0, bins + 1)
    p, y = np.asarray(probabilities), np.asarray(labels)
    for low, high in zip(edges[:-1], edges[1:]):
        inside = (p >= low) & ((p < high) if high < 1.0 else (p <= high))
        if inside.any():
            rows.append({"low": round(float(low), 2), "high": round(float(high), 2), "count": int(inside.sum()),
                         "predicted": round(float(p[inside].mean()), 3), "observed": round(float(y[inside].mean()), 3)})
    return rows


def brier(probabilities: list[float], labels: list[int]) -> float:
    return round(float(np.mean((np.asarray(probabilities) - np.asarray(labels)) ** 2)), 4)


def auc(probabilities: list[float], labels: list[int]) -> float:
    """Area under the ROC curve: the chance that a random 1 is ranked above a random 0 (ties count half)."""
    p, y = np.asarray(probabilities), np.asarray(labels)
    positives, negatives = p[y == 1], p[y == 0]
    if not len(positives) or not len(negatives):
        return float("nan")
    wins = (positives[:, None] > negatives[None, :]).sum() + 0.5 * (positives[:, None] == negatives[None, :]).sum()
    return round(float(wins / (len(positives) * len(negatives))), 3)
