"""Fusion of dense and BM25 rankings into one list; the weight is a setting chosen by measurement."""

from __future__ import annotations


def _normalized(hits: list[tuple[str, float]]) -> dict[str, float]:
    """Min-max scale scores to [0, 1] within one result list."""
    if not hits:
        return {}
    scores = [score for _, score in hits]
    low, high = min(scores), max(scores)
    span = high - low
    return {cid: (score - low) / span if span > 0 else 1.0 for cid, score in hits}


def fuse(dense: list[tuple[str, float]], lexical: list[tuple[str, float]], dense_weight: float) -> list[tuple[str, float]]:
    """Weighted sum of min-max normalised scores; a chunk missing from one list scores 0 there."""
    dense_norm, lexical_norm = _normalized(dense), _normalized(lexical)
    combined = {
        cid: dense_weight * dense_norm.get(cid, 0.0) + (1.0 - dense_weight) * lexical_norm.get(cid, 0.0)
        for cid in dense_norm.keys() | lexical_norm.keys()
    }
    return sorted(combined.items(), key=lambda item: (-item[1], item[0]))


def reciprocal_rank_fuse(dense: list[tuple[str, float]], lexical: list[tuple[str, float]],
                         k: int = 60) -> list[tuple[str, float]]:
    """Reciprocal rank fusion (sum of 1 / (k + rank)); measured against the weighted sum in eval.retrieval."""
    combined: dict[str, float] = {}
    for hits in (dense, lexical):
        for rank, (cid, _) in enumerate(hits, 1):
            combined[cid] = combined.get(cid, 0.0) + 1.0 / (k + rank)
    return sorted(combined.items(), key=lambda item: (-item[1], item[0]))
