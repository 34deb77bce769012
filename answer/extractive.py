"""The offline default answerer: picks the sentences that answer the question and cites each one."""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from answer.answerability import (Evidence, Rarity, asked_years, counts_the_noun, features, kind_satisfied, load_model,
                                 passage_numbers)
from answer.asked import amount_given, asked_municipality, asked_unit, detail_given, in_unit, realised_number_given
from answer.compose import Composition, Scored, compose, sector_of
from answer.questions import CAUSAL, counted_noun, question_kind
from answer.sentences import Sentence, split_sentences
from answer.terms import content_terms, covered, weighted_coverage
from beleid.settings import AnswerSettings
from index.embedder import Embedder
from index.types import Passage
from ingest.metadata import infer_sector, named_sectors
from ingest.sections import PATH_SEPARATOR
from ingest.structure import ARTICLE

_ARTICLE_BONUS = 0.10  # a sentence of the article the question names ("Wat regelt artikel 4.108a?")
_ASKED_ARTICLE = re.compile(r"\bartikel\s+(\d+[a-z]?(?:\.\d+[a-z]?)*)(?![\w.])", re.I)
_SENTENCE_CACHE = 4096


@dataclass
class Selection:
    """The outcome of answering: chosen sentences, or a refusal with its reason (English, for logs).

    ``answerability`` is the model's probability that the evidence answers the question; ``signals`` what
    it was computed from (also kept for a refusal, so evaluation can fit and check the model)."""

    sentences: list[Scored]
    refused: bool
    conflict: bool = False
    reason: str = ""
    best_similarity: float = 0.0
    answerability: float | None = None
    signals: dict[str, float] = field(default_factory=dict)
    places: list[int] = field(default_factory=list)


def _fits_kind(kind: str, sentence: Sentence, question: str, settings: AnswerSettings) -> float:
    """A small bonus for a sentence with what the question asks for (a number, a date, a name, a list, a reason)."""
    text = sentence.full_text
    bonus, penalty = settings.kind_bonus, settings.kind_penalty
    if kind == "explain":
        return 0.0
    if kind == "why":
        return bonus if CAUSAL.search(text) else 0.0
    satisfied = kind_satisfied(kind, question, text)
    if kind == "list":
        return 2 * bonus if satisfied else 0.0
    if kind == "ordinal":  # the rank of the thing asked about ("de achtste generatie") is the answer itself
        return 2 * bonus if satisfied else -penalty
    if kind == "count" and (unit := asked_unit(question)):  # "Hoeveel geld …", "Hoeveel procent …", "… in dB":
        return bonus if in_unit(unit, text) else -penalty  # a number in another unit is not the number asked for
    if kind == "count" and satisfied and counts_the_noun(counted_noun(question), text):
        return 2 * bonus
    return bonus if satisfied else -penalty


def _answer_names(name: str, composition: Composition, passages: list[Passage]) -> bool:
    """Whether the composed answer names ``name``: in its sentences, or in the title or section of their passages."""
    found = content_terms(" ".join([s.sentence.full_text for s in composition.sentences]
                                   + [f"{passages[i].title} {passages[i].heading}" for i in composition.places]))
    return all(covered(term, found) for term in content_terms(name))


def _of_the_sector(question: str, scored: list[Scored], passages: list[Passage]) -> list[Scored]:
    """For a question about one sector, the sentences of that sector's passages when there are any."""
    named = named_sectors(question)
    if len(named) != 1:
        return scored
    sector = next(iter(named))
    own = [s for s in scored if sector_of(passages[s.sentence.passage_index]) == sector]
    return own or scored


def _is_article(passage: Passage, number: str) -> bool:
    """The passage belongs to article ``number`` ("4.108a" is not "4.108"): its article or a part of its path."""
    names = (name.strip() for name in (passage.article, *passage.heading.split(PATH_SEPARATOR)))
    return any((match := ARTICLE.match(name)) is not None and match.group(1).lower() == number.lower() for name in names)


def _local_weights(question_terms: frozenset[str], sentence_terms: list[frozenset[str]]) -> dict[str, float]:
    """IDF of each question term over the evidence's sentences (a term in none gets the highest weight)."""
    count = len(sentence_terms)
    return {t: math.log((count + 1) / (sum(covered(t, found) for found in sentence_terms) + 0.5))
            for t in question_terms}


def _no_rarity(terms):
    return {}


class ExtractiveAnswerer:
    """Scores every sentence of the evidence against the question (e5 similarity + term overlap), composes
    the answer from one place and asks the answerability model whether it answers the question."""

    def __init__(self, embedder: Embedder, settings: AnswerSettings, rarity: Rarity = _no_rarity):
        self.embedder = embedder
        self.settings = settings
        self.rarity = rarity
        self.model = load_model()
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def threshold(self) -> float:
        """Refuse below this answerability (the setting, else the threshold fitted with the model)."""
        return self.settings.min_answerability if self.settings.min_answerability is not None else self.model.threshold

    def _sentence_vectors(self, passages: list[Passage], sentences: list[list[Sentence]]) -> list[np.ndarray]:
        """Sentence embeddings per passage, cached by chunk id (a chunk's text never changes under its id).

        The passages not in the cache are embedded together, each distinct sentence once: one call sorts
        all sentences by length into batches, which pads less than a call per passage (~20% faster). One
        thread at a time: simultaneous questions over the same passages embed them once, not once per
        thread (20 simultaneous first questions: 12.5 s -> 1.5 s, docs/BENCHMARKS.md)."""
        with self._lock:
            found = [self._vectors.get(p.chunk_id) for p in passages]
            missing = [i for i, vectors in enumerate(found) if vectors is None]
            texts = list(dict.fromkeys(s.quoted for i in missing for s in sentences[i]))
            by_text = dict(zip(texts, self.embedder.embed_passages(texts))) if texts else {}
            for i in missing:
                found[i] = np.stack([by_text[s.quoted] for s in sentences[i]]) if sentences[i] else np.zeros((0, 1))
                self._vectors[passages[i].chunk_id] = found[i]
                if len(self._vectors) > _SENTENCE_CACHE:
                    self._vectors.popitem(last=False)
            return found

    def score(self, question: str, passages: list[Passage]) -> list[Scored]:
        """Every candidate sentence of the evidence, best first.

        Term overlap is weighted by how rare each question term is among the evidence's sentences, so a
        sentence that shares only the document's everyday words ("sectorconvenant") gains little."""
        kind = question_kind(question)
        question_terms = content_terms(question)
        query = self.embedder.embed_query(question)
        sentence_lists = [split_sentences(passage, index) for index, passage in enumerate(passages)]
        vector_lists = self._sentence_vectors(passages, sentence_lists)
        terms = [[content_terms(s.full_text + " " + p.heading) for s in sentences]
                 for p, sentences in zip(passages, sentence_lists)]
        weights = _local_weights(question_terms, [t for found in terms for t in found])
        scored: list[Scored] = []
        asked_article = _ASKED_ARTICLE.search(question)
        for passage, sentences, vectors, found in zip(passages, sentence_lists, vector_lists, terms):
            if not sentences:
                continue
            in_article = float(bool(asked_article) and _is_article(passage, asked_article.group(1)))
            similarities = vectors @ query
            for sentence, similarity, sentence_terms in zip(sentences, similarities, found):
                lexical = weighted_coverage(question_terms, sentence_terms, weights)
                score = (float(similarity) + self.settings.lexical_weight * lexical
                         + _fits_kind(kind, sentence, question, self.settings)
                         + self.settings.passage_weight * passage.score + _ARTICLE_BONUS * in_article)
                scored.append(Scored(sentence, float(similarity), score))
        scored.sort(key=lambda s: -s.score)
        return scored

    def select(self, question: str, passages: list[Passage]) -> Selection:
        """The sentences to answer with, or a refusal when the evidence does not answer the question: it is
        about no sector or no year the question names, the answer does not name the municipality it asks about
        or lacks the amount or detail it asks for, it gives only a target where the question asks what was realised
        (answer/asked.py), or the answerability model finds it too unlikely."""
        scored = _of_the_sector(question, self.score(question, passages), passages)
        if not scored:
            return Selection([], True, reason="no sentences in the evidence")
        kind = question_kind(question)
        composition = compose(kind, question, scored, passages, self.settings.max_sentences, self.settings.place_margin)
        signals = self.signals(question, kind, composition, scored, passages)
        probability = self.model.probability(signals)
        selection = Selection(composition.sentences, False, composition.conflict, best_similarity=scored[0].similarity,
                              answerability=round(probability, 4), signals=signals, places=composition.places)
        asked_sector = infer_sector(question)
        if asked_sector and not any(p.sector == asked_sector or infer_sector(p.title, p.text) == asked_sector
                                    for p in passages):
            selection.refused, selection.reason = True, f"sector {asked_sector!r} not in the evidence"
        elif (years := asked_years(question)) and not years & set().union(*(passage_numbers(p) for p in passages)):
            selection.refused, selection.reason = True, f"year {', '.join(sorted(years))} not in the evidence"
        elif (place := asked_municipality(question)) and not _answer_names(place, composition, passages):
            selection.refused, selection.reason = True, f"municipality {place!r} not in the answer"
        elif not amount_given(question, quoted := [s.sentence.full_text for s in composition.sentences]):
            selection.refused, selection.reason = True, "no sentence gives the amount the question asks for"
        elif not realised_number_given(question, quoted):
            selection.refused, selection.reason = True, "the answer gives a target, the question asks what was realised"
        elif not detail_given(question, quoted):
            selection.refused, selection.reason = True, "no sentence gives the detail the question asks for"
        elif probability < self.threshold:
            weakest = ", ".join(self.model.weakest(signals))
            selection.refused = True
            selection.reason = f"answerability {probability:.2f} below {self.threshold:.2f} ({weakest})"
        return selection  # a refusal keeps its composed sentences: evaluation fits the model on them

    def signals(self, question: str, kind: str, composition: Composition, scored: list[Scored],
                passages: list[Passage]) -> dict[str, float]:
        """The answerability signals of a composed answer."""
        evidence = Evidence(
            question=question, kind=kind,
            answer_texts=tuple(s.sentence.full_text for s in composition.sentences
                               if s.sentence.passage_index == composition.places[0]),
            answer_passage=passages[composition.places[0]], passages=tuple(passages),
            similarities=tuple(sorted((s.similarity for s in scored), reverse=True)),
        )
        return features(evidence, self.rarity)
