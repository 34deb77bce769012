"""Theme of each commitment: an action rule, else embedding similarity to the theme descriptions plus
keyword hits.

A theme's ``actions`` (ingest/themes.toml) decide first: a commitment whose action is to study, review,
consult or inform is "overleg" whatever it is about (the convention of eval/commitments/README.md).
Otherwise the score per theme = mean cosine of the commitment with the theme's label and descriptions
+ ``HEADING_WEIGHT`` x the same for its innermost heading + ``KEYWORD_WEIGHT`` x keyword hits in both
(at most ``MAX_HITS``). The weights were chosen on synthetic convenants (eval.pdfgen) and checked on
the fixture documents: see docs/EVAL.md, "Engagementen (issue 8)".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from index.embedder import Embedder
from ingest.sections import PATH_SEPARATOR
from ingest.themes import Theme, load_themes
from ingest.types import Commitment

HEADING_WEIGHT = 0.3
KEYWORD_WEIGHT = 0.02
MAX_HITS = 3
_NUMBERING = re.compile(r"^(?:Artikel|Art\.|Hoofdstuk|Afdeling|Bijlage)\s*[\dIVXL]+[a-z]?\.?\s*", re.I)
Embed = Callable[[list[str]], np.ndarray]


def _title(heading: str) -> str:
    """The innermost heading of a section path without its numbering ("… › Artikel 3. Opleiding" -> "Opleiding")."""
    return _NUMBERING.sub("", heading.split(PATH_SEPARATOR)[-1]).strip()


def _action_theme(themes: tuple[Theme, ...], text: str) -> int | None:
    """The index of the first theme whose action rule the text matches."""
    return next((i for i, t in enumerate(themes) if any(re.search(a, text, re.I) for a in t.actions)), None)


def _keyword_hits(themes: tuple[Theme, ...], text: str) -> np.ndarray:
    low = text.lower()
    return np.array([sum(1 for k in t.keywords if re.search(rf"(?<!\w){re.escape(k)}", low)) for t in themes],
                    dtype=np.float32)


class ThemeClassifier:
    """Assigns a theme key to commitments; the theme vectors are computed once per classifier."""

    def __init__(self, embedder: Embedder, themes: tuple[Theme, ...] | None = None, *,
                 heading_weight: float = HEADING_WEIGHT, keyword_weight: float = KEYWORD_WEIGHT):
        self.embedder = embedder
        self.themes = themes or load_themes()
        self.heading_weight = heading_weight
        self.keyword_weight = keyword_weight
        self._vectors: np.ndarray | None = None
        self._owner = np.array([i for i, t in enumerate(self.themes) for _ in (t.label, *t.description)])

    def _theme_vectors(self) -> np.ndarray:
        if self._vectors is None:
            sentences = [s for t in self.themes for s in (t.label, *t.description)]
            self._vectors = self.embedder.embed_passages(sentences)
        return self._vectors

    def _similarity(self, vectors: np.ndarray) -> np.ndarray:
        """Mean similarity of each vector to each theme: shape (vectors, themes)."""
        sims = vectors @ self._theme_vectors().T
        return np.stack([sims[:, self._owner == i].mean(axis=1) for i in range(len(self.themes))], axis=1)

    @staticmethod
    def texts_to_embed(commitments: list[Commitment]) -> list[str]:
        """Every text ``classify`` embeds: the commitments and their article titles."""
        titles = {_title(c.heading) for c in commitments} - {""}
        return [c.text for c in commitments] + sorted(titles)

    def scores(self, texts: list[str], headings: list[str], embed: Embed | None = None) -> np.ndarray:
        """Theme scores of each text with its heading: shape (texts, themes)."""
        embed = embed or self.embedder.embed_passages
        titles = [_title(h) for h in headings]
        unique = sorted({t for t in titles if t})
        by_title = dict(zip(unique, self._similarity(embed(unique)))) if unique else {}
        total = self._similarity(embed(texts))
        for row, (text, title, heading) in enumerate(zip(texts, titles, headings)):
            if title:
                total[row] += self.heading_weight * by_title[title]
            hits = _keyword_hits(self.themes, text) + _keyword_hits(self.themes, heading)
            total[row] += self.keyword_weight * np.minimum(hits, MAX_HITS)
        return total

    def classify(self, commitments: list[Commitment], embed: Embed | None = None) -> list[Commitment]:
        """The commitments with their ``theme`` set to the best-scoring theme key; ``embed`` (default: the
        embedder's ``embed_passages``) may serve vectors computed earlier for ``texts_to_embed``."""
        if not commitments:
            return []
        best = self.scores([c.text for c in commitments], [c.heading for c in commitments], embed).argmax(axis=1)
        chosen = [_action_theme(self.themes, c.text) for c in commitments]
        return [replace(c, theme=self.themes[i if a is None else a].key) for c, i, a in zip(commitments, best, chosen)]
