"""How well one sentence of the evidence answers the question: a weighted sum of its features.

The weights live in ``ranking.json`` beside this module. ``python -m eval.sentence_ranker --write`` fits them
on the gold sets as a conditional logit (which of a question's candidate sentences holds its gold support
string), each set's documents held out in turn to judge them (docs/EVAL.md). They are rescaled so that the
similarity's weight is 1: the score stays on the scale of an e5 cosine, which the composition's margins
(answer/compose.py) are measured in.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

RANKING_FILE = Path(__file__).with_name("ranking.json")

FEATURES = (
    "similarity",        # e5 cosine of the sentence and the question
    "lexical",           # question terms in the sentence or its section path, weighted by rarity among the evidence
    "sentence_lexical",  # ... in the sentence itself
    "kind_fit",          # the sentence has what the question asks for (+), or lacks it (-): a number, date, name, list
    "passage_score",     # the passage's fused retrieval score
    "passage_first",     # the passage is the best-ranked one
    "in_article",        # the sentence belongs to the article the question names
    "names_defined",     # "Wat is X?": the sentence names X
    "lead_in",           # the sentence leads in a list of items
    "opening",           # the first sentence of its passage
    "short",             # fewer than eight words
    "global_lexical",    # question terms in the sentence or its section path, weighted by rarity in the whole index
    "rare_in_sentence",  # the question's rarest term (in the index) is in the sentence
    "neighbour",         # the best e5 cosine of the sentences before and after it in its passage
    "passage_gap",       # its cosine minus the best one in its passage
    "passage_dense",     # the passage's dense retrieval score
)


@dataclass(frozen=True)
class SentenceRanker:
    weights: dict[str, float]

    def score(self, features: dict[str, float]) -> float:
        return sum(weight * features[name] for name, weight in self.weights.items())

    def to_dict(self) -> dict:
        return {"weights": {name: round(self.weights.get(name, 0.0), 5) for name in FEATURES}}

    @classmethod
    def from_dict(cls, data: dict) -> SentenceRanker:
        unknown = set(data["weights"]) - set(FEATURES)
        if unknown:
            raise ValueError(f"ranking weights for unknown features: {sorted(unknown)}")
        return cls({name: float(w) for name, w in data["weights"].items() if w})


@lru_cache(maxsize=4)
def load_ranker(path: Path = RANKING_FILE) -> SentenceRanker:
    return SentenceRanker.from_dict(json.loads(path.read_text(encoding="utf-8")))


def rescaled(weights: dict[str, float]) -> dict[str, float]:
    """``weights`` divided by the similarity's weight (the score then reads as a similarity)."""
    scale = weights["similarity"]
    if not scale > 0 or math.isnan(scale):
        raise ValueError(f"the similarity's weight must be positive, got {scale}")
    return {name: weight / scale for name, weight in weights.items()}
