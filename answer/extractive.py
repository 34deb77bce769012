"""The offline default answerer: picks the sentences that answer the question and cites each one."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from answer.questions import question_kind
from answer.sentences import Sentence, split_sentences
from answer.terms import content_terms, coverage, numbers
from beleid.settings import AnswerSettings
from index.embedder import Embedder
from index.types import Passage
from ingest.metadata import infer_sector

_DATE = re.compile(r"\b(1[89]|20)\d\d\b|\b\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\b", re.I)
_LEXICAL_WEIGHT = 0.08
_PASSAGE_WEIGHT = 0.10  # the passage's fused retrieval score; measured 0 / 0.03 / 0.06 / 0.10 on both gold sets
_KIND_BONUS = 0.02
_KIND_PENALTY = 0.04
_SENTENCE_CACHE = 4096
_MAX_BY_KIND = {"count": 2, "date": 2, "who": 2, "explain": 3}
_MARGIN_BY_KIND = {"list": 0.06}
_DEFAULT_MARGIN = 0.03
_CONFLICT_MARGIN = 0.10


@dataclass(frozen=True)
class Scored:
    sentence: Sentence
    similarity: float
    score: float


@dataclass
class Selection:
    """The outcome of answering: chosen sentences, or a refusal with its reason (English, for logs)."""

    sentences: list[Scored]
    refused: bool
    conflict: bool = False
    reason: str = ""
    best_similarity: float = 0.0


def _fits_kind(kind: str, sentence: Sentence, question: str) -> float:
    text = sentence.full_text
    if kind == "count":
        own = numbers(text) - numbers(question)
        return _KIND_BONUS if own else -_KIND_PENALTY
    if kind == "date":
        return _KIND_BONUS if _DATE.search(text) else -_KIND_PENALTY
    if kind == "list":
        return 2 * _KIND_BONUS if sentence.items or text.count(",") >= 2 else 0.0
    return 0.0


class ExtractiveAnswerer:
    """Scores every sentence of the evidence against the question (e5 similarity + term overlap)."""

    def __init__(self, embedder: Embedder, settings: AnswerSettings):
        self.embedder = embedder
        self.settings = settings
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def _sentence_vectors(self, passages: list[Passage], sentences: list[list[Sentence]]) -> list[np.ndarray]:
        """Sentence embeddings per passage, cached by chunk id (a chunk's text never changes under its id).

        The passages not in the cache are embedded together, each distinct sentence once: one call sorts
        all sentences by length into batches, which pads less than a call per passage (~20% faster). One
        thread at a time: simultaneous questions over the same passages embed them once, not once per
        thread (20 simultaneous first questions: 12.5 s -> 1.5 s, docs/BENCHMARKS.md)."""
        with self._lock:
            found = [self._vectors.get(p.chunk_id) for p in passages]
            missing = [i for i, vectors in enumerate(found) if vectors is None]
            texts = list(dict.fromkeys(s.full_text for i in missing for s in sentences[i]))
            by_text = dict(zip(texts, self.embedder.embed_passages(texts))) if texts else {}
            for i in missing:
                found[i] = np.stack([by_text[s.full_text] for s in sentences[i]]) if sentences[i] else np.zeros((0, 1))
                self._vectors[passages[i].chunk_id] = found[i]
                if len(self._vectors) > _SENTENCE_CACHE:
                    self._vectors.popitem(last=False)
            return found

    def select(self, question: str, passages: list[Passage]) -> Selection:
        """The sentences to answer with, or a refusal when the evidence does not answer the question."""
        kind = question_kind(question)
        question_terms = content_terms(question)
        unknown_numbers = {n for n in numbers(question) if not any(n in p.text or n in p.title for p in passages)}
        asked_sector = infer_sector(question)
        sector_missing = asked_sector and not any(
            p.sector == asked_sector or infer_sector(p.title, p.text) == asked_sector for p in passages)
        query = self.embedder.embed_query(question)
        scored: list[Scored] = []
        sentence_lists = [split_sentences(passage, index) for index, passage in enumerate(passages)]
        for passage, sentences, vectors in zip(passages, sentence_lists, self._sentence_vectors(passages, sentence_lists)):
            if not sentences:
                continue
            similarities = vectors @ query
            for sentence, similarity in zip(sentences, similarities):
                lexical = coverage(question_terms, content_terms(sentence.full_text + " " + passage.heading))
                score = (float(similarity) + _LEXICAL_WEIGHT * lexical + _fits_kind(kind, sentence, question)
                         + _PASSAGE_WEIGHT * passage.score)
                scored.append(Scored(sentence, float(similarity), score))
        if not scored:
            return Selection([], True, "no sentences in the evidence")
        scored.sort(key=lambda s: -s.score)
        best = scored[0]
        selection = Selection([], False, best_similarity=best.similarity)
        if unknown_numbers:
            selection.refused, selection.reason = True, f"numbers {sorted(unknown_numbers)} not in the evidence"
        elif sector_missing:
            selection.refused, selection.reason = True, f"sector {asked_sector!r} not in the evidence"
        elif best.similarity < self.settings.min_sentence_score:
            selection.refused, selection.reason = True, f"best sentence similarity {best.similarity:.3f} too low"
        else:
            chosen = self._choose(kind, scored)
            conflict = self._conflicting(best, scored, passages)
            selection.sentences = chosen + [conflict] if conflict and conflict not in chosen else chosen
            selection.conflict = conflict is not None
        return selection

    def _choose(self, kind: str, scored: list[Scored]) -> list[Scored]:
        best = scored[0]
        limit = self.settings.max_sentences if kind == "list" else min(self.settings.max_sentences, _MAX_BY_KIND[kind])
        margin = _MARGIN_BY_KIND.get(kind, _DEFAULT_MARGIN)
        chosen = [best]
        for candidate in scored[1:]:
            if len(chosen) >= limit:
                break
            if candidate.score >= best.score - margin and not self._redundant(candidate, chosen):
                chosen.append(candidate)
        return chosen

    @staticmethod
    def _redundant(candidate: Scored, chosen: list[Scored]) -> bool:
        text = candidate.sentence.text
        terms = content_terms(text)
        for other in chosen:
            if text in other.sentence.full_text or other.sentence.text in candidate.sentence.full_text:
                return True
            other_terms = content_terms(other.sentence.text)
            if terms and len(terms & other_terms) / len(terms | other_terms) > 0.7:
                return True
        return False

    @staticmethod
    def _conflicting(best: Scored, scored: list[Scored], passages: list[Passage]) -> Scored | None:
        """A sentence from another document that states a different figure about the same thing as the best one.

        It may already be among the chosen sentences; either way the answer then names its sources.
        """
        best_doc = passages[best.sentence.passage_index].doc_id
        best_numbers, best_terms = numbers(best.sentence.text), content_terms(best.sentence.text)
        if not best_numbers:
            return None
        for candidate in scored[1:]:
            if candidate.score < best.score - _CONFLICT_MARGIN:
                return None
            other = candidate.sentence.text
            if (passages[candidate.sentence.passage_index].doc_id != best_doc and numbers(other) - best_numbers
                    and len(best_terms & content_terms(other)) >= 2):
                return candidate
        return None
