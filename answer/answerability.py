"""Whether the evidence answers the question: signals combined by a small logistic model.

The signals (``FEATURES``) are computed from the question, the chosen answer sentences and the retrieved
passages. The model's coefficients, the standardisation of each signal and the decision threshold live in
``answerability.json`` beside this module; ``python -m eval.answerability`` chooses the signals and fits
them on the gold sets with each set's documents held out in turn (docs/EVAL.md).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from answer.asked import NUMBER_WORDS, asked_unit, in_unit, is_counted_thing
from answer.named import document_years
from answer.questions import NUMERALS, counted_noun, ordinal_noun
from answer.terms import content_terms, covered, numbers, ordered_terms, weighted_coverage
from index.types import Passage

MODEL_FILE = Path(__file__).with_name("answerability.json")
# How rare a (stemmed) term is in the index, 0 (in every passage) .. 1 (in none); see BM25Index.rarity.
Rarity = Callable[[Sequence[str]], dict[str, float]]

# Every signal the answerer computes, with the direction in which it is evidence that the documents answer the
# question (+1: higher is more answerable). The fitted model uses the subset eval.answerability selected, and
# only with weights of this sign: a signal whose fitted weight points the other way is a quirk of the gold sets.
SIGNALS = {
    "similarity": +1,            # e5 cosine of the best sentence (0.75-0.95 for this model)
    "runner_up_gap": +1,         # how far the best sentence's similarity stands above the second best
    "margin": +1,                # ... and above the fifth best
    "answer_coverage": +1,       # rarity-weighted share of question terms in the answer sentences, section, title
    "answer_missing_share": -1,  # share of question terms absent from the answer sentences and section path
    "evidence_coverage": +1,     # rarity-weighted share of question terms anywhere in the retrieved passages
    "missing_rarity": -1,        # the rarest question term found nowhere in the evidence (0 when all are found)
    "rare_literal": +1,          # the rarest question term is literally in the answer sentences or section path
    "heading_match": +1,         # rarity-weighted share of question terms in the answer's section path
    "focus_in_answer": +1,       # the question's first content word ("Hoeveel zienswijzen …") is in the answer
    "focus_in_passage": +1,      # ... or at least in the answer's passage
    "kind_satisfied": +1,        # the answer has what the question asks for: a number, a date, a name, a list
    "counted_in_answer": +1,     # "Hoeveel bomen …": a number stands before "bomen" (or its unit) in the answer
    "numbers_found": +1,         # share of the question's numbers (years, amounts) in the answer's passage or period
    "numbers_in_evidence": +1,   # ... in any retrieved passage or its period
    "lexical_agreement": +1,     # BM25 score of the answer passage relative to the best BM25 score (0 if missed)
    "best_dense": +1,            # the best passage's dense (e5) score
}

_MONTHS = r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)"
_FULL_DATE = re.compile(rf"\b\d{{1,2}} {_MONTHS}\b|\b{_MONTHS} (?:19|20)\d\d\b|\b\d{{1,2}}[-/]\d{{1,2}}[-/](?:19|20)?\d\d\b", re.I)
_YEAR = re.compile(r"(?<![\d.,–-])(?:19|20)\d\d(?![\d.,]?\d|\s*[-–]\s*(?:19|20)\d\d)")  # a year, not a period 2021-2022
# A file name opening with yymmdd or yyyymmdd and a separator.
_NUMERAL_TERMS = frozenset(ordered_terms(" ".join(sorted(NUMERALS))))  # "Welke drie rollen …": "drie" is no topic
# "Vanaf wanneer …?" is answered by a term as well as by a date: "binnen zes weken na de melding".
_DURATION = re.compile(rf"\b(?:\d+|{'|'.join(sorted(NUMERALS))}|een)\s+(?:werk|kalender)?"
                       r"(?:dagen|dag|weken|week|maanden|maand|jaren|jaar)\b", re.I)
_ORDINAL = re.compile(r"\b(?:eerste|tweede|derde|vierde|vijfde|zesde|zevende|achtste|negende|tiende|elfde|twaalfde|"
                      r"\d{1,3}(?:ste|de|e))\b(?P<words>(?:\s+[\w-]+){0,2})", re.I)
# Two capitalised words in a row that do not start the sentence: a person or an organisation.
_NAME = re.compile(r"(?<=[\w,;:)] )(?:[A-ZÀ-Ý][\w'’-]+\s+){1,3}[A-ZÀ-Ý][\w'’-]+|\b[A-Z]{2,}\b")
# A number that is part of a name, not a quantity: "RES 2.0", "RES1.0".
_VERSION = re.compile(r"\b[A-Z]{2,}\s?\d+(?:\.\d+)*\b")
# "a, b, c" or "a, b en c" with short items (not a clause after a comma), items separated by semicolons, or
# "a en b" after a lead-in's colon ("Als uitsluitingsgebied zijn aangewezen: Nationaal Landschap X en …")
_ENUMERATION = re.compile(r",(?:\s+[^,\s]+){1,4},|,(?:\s+[^,\s]+){1,4}\s+(?:en|of)\s|;|:\s[^.:]*?\s(?:en|of)\s")


# (the words in a lookahead, so that "drie van de vier centrales" also gives "vier centrales")
_NUMBER_THEN_WORDS = re.compile(rf"(?:\d[\d.,]*\s*%?|\b(?:{NUMBER_WORDS}))(?=\s+(?P<words>(?:[\w-]+\s+){{0,2}}[\w-]+))", re.I)


def counts_the_noun(noun: str, text: str) -> bool:
    """A number right before the counted thing: "408 zienswijzen", "128 sectorconsulenten", "twee centrales",
    also when the text names only the compound's head ("twee dagen" for "brugdagen")."""
    if not noun:
        return False
    wanted = next(iter(content_terms(noun)), noun)
    for match in _NUMBER_THEN_WORDS.finditer(text):
        for word in match.group("words").split():
            found = content_terms(word)
            if covered(wanted, found) or any(len(term) >= 3 and wanted.endswith(term) for term in found):
                return True
    return False


def counted_in(question: str, text: str) -> bool:
    """For "Hoeveel <plural noun or unit> …" or "… in <unit of measurement>": a number of that thing (or in that
    unit) in ``text``; for "De hoeveelste <noun> …": its rank; True for every other question. A verb after
    "hoeveel" ("Hoeveel bedraagt …", "Hoeveel waren …") counts nothing."""
    if ordinal_noun(question):
        return names_the_rank(question, text)
    unit = asked_unit(question)
    if unit:
        return in_unit(unit, text)
    noun = counted_noun(question)
    if not is_counted_thing(noun):
        return True
    return counts_the_noun(noun, text)


def asked_years(question: str) -> set[str]:
    """The years a question names ("per 1 januari 2016", "in 2006"), not its periods ("2002-2003")."""
    return set(_YEAR.findall(question))


def has_date(question: str, text: str) -> bool:
    """A calendar date, a year the question does not name itself (a period such as 2021-2022 is no date), or a
    term ("binnen zes weken")."""
    return (bool(_FULL_DATE.search(text)) or bool(set(_YEAR.findall(text)) - asked_years(question))
            or bool(_DURATION.search(text)))


def names_the_rank(question: str, text: str) -> bool:
    """An ordinal in ``text`` ("achtste", "3de"), right before the thing the question numbers when it names one
    ("De hoeveelste generatie …?": "de achtste generatie")."""
    noun = ordinal_noun(question)
    wanted = next(iter(content_terms(noun)), noun) if noun else ""
    for match in _ORDINAL.finditer(text):
        if not wanted or any(covered(wanted, content_terms(word)) for word in match.group("words").split()):
            return True
    return False


def kind_satisfied(kind: str, question: str, text: str) -> bool:
    """Whether ``text`` holds the kind of thing the question asks for."""
    if kind == "ordinal":
        return names_the_rank(question, text)
    if kind == "count":
        return bool(numbers(_VERSION.sub(" ", text)) - numbers(question))
    if kind == "date":
        return has_date(question, text)
    if kind == "who":
        return bool(_NAME.search(text))
    if kind == "list":
        return "\n•" in text or bool(_ENUMERATION.search(text))
    return True


def passage_numbers(passage: Passage) -> set[str]:
    """The numbers of a passage's file name, title, section path and text, every year of its document's period,
    and the year of a date stamp that opens the file name ("230124_Provinciaal_Programma…" is of 2023): a
    question names a document by its year ("volgens het PPE 2023")."""
    text = f"{passage.file_name} {passage.title} {passage.heading} {passage.text}"
    return numbers(text) | document_years(passage.file_name, passage.period)


@dataclass(frozen=True)
class Evidence:
    """What the signals are computed from."""

    question: str
    kind: str
    answer_texts: tuple[str, ...]    # the chosen sentences (with their items)
    answer_passage: Passage          # the passage of the best chosen sentence
    passages: tuple[Passage, ...]    # all retrieved passages
    similarities: tuple[float, ...]  # e5 similarity of every candidate sentence, best first


def features(evidence: Evidence, rarity: Rarity) -> dict[str, float]:
    """The signals of ``SIGNALS`` for one question."""
    ordered = ordered_terms(evidence.question)
    terms = frozenset(ordered)
    weights = rarity(sorted(terms)) if terms else {}
    place = evidence.answer_passage
    answer = " ".join(evidence.answer_texts)
    answer_terms = content_terms(f"{answer} {place.heading} {place.title}")
    literal = content_terms(f"{answer} {place.heading}")
    passage_terms = content_terms(f"{place.title} {place.heading} {place.text}")
    heading_terms = content_terms(f"{place.heading} {place.article}")
    evidence_terms = frozenset().union(*(content_terms(f"{p.title} {p.heading} {p.text}") for p in evidence.passages))
    missing = [weights.get(t, 1.0) for t in terms if not covered(t, evidence_terms)]
    rarest = max(terms, key=lambda t: weights.get(t, 1.0), default=None)
    focus = next((t for t in ordered if not any(c.isdigit() for c in t) and t not in _NUMERAL_TERMS), None)
    asked = numbers(evidence.question)
    context = passage_numbers(place)
    anywhere = set().union(*(passage_numbers(p) for p in evidence.passages))
    best_bm25 = max((p.bm25_score or 0.0 for p in evidence.passages), default=0.0)
    sims = evidence.similarities
    return {
        "similarity": sims[0],
        "runner_up_gap": sims[0] - sims[min(1, len(sims) - 1)],
        "margin": sims[0] - sims[min(4, len(sims) - 1)],
        "answer_coverage": weighted_coverage(terms, answer_terms, weights),
        "answer_missing_share": sum(not covered(t, literal) for t in terms) / len(terms) if terms else 0.0,
        "evidence_coverage": weighted_coverage(terms, evidence_terms, weights),
        "missing_rarity": max(missing, default=0.0),
        "rare_literal": float(rarest is not None and covered(rarest, literal)),
        "heading_match": weighted_coverage(terms, heading_terms, weights) if terms else 0.0,
        "focus_in_answer": float(focus is None or covered(focus, literal)),
        "focus_in_passage": float(focus is None or covered(focus, passage_terms)),
        "kind_satisfied": float(kind_satisfied(evidence.kind, evidence.question, answer)),
        "counted_in_answer": float(counted_in(evidence.question, answer)),
        "numbers_found": len(asked & context) / len(asked) if asked else 1.0,
        "numbers_in_evidence": len(asked & anywhere) / len(asked) if asked else 1.0,
        "lexical_agreement": (place.bm25_score or 0.0) / best_bm25 if best_bm25 > 0 else 0.0,
        "best_dense": max((p.dense_score or 0.0 for p in evidence.passages), default=0.0),
    }


@dataclass(frozen=True)
class AnswerabilityModel:
    """Logistic regression on standardised signals: P(the evidence answers the question)."""

    coefficients: dict[str, float]
    intercept: float
    means: dict[str, float]
    scales: dict[str, float]
    threshold: float

    def probability(self, signals: dict[str, float]) -> float:
        z = self.intercept + sum(w * (signals[name] - self.means[name]) / self.scales[name]
                                 for name, w in self.coefficients.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def weakest(self, signals: dict[str, float], count: int = 2) -> list[str]:
        """The signals that pulled the probability down most (for the log line of a refusal)."""
        pulls = {name: w * (signals[name] - self.means[name]) / self.scales[name] for name, w in self.coefficients.items()}
        return [f"{name}={signals[name]:.2f}" for name in sorted(pulls, key=pulls.get)[:count] if pulls[name] < 0]

    def to_dict(self) -> dict:
        return {"features": list(self.coefficients), "coefficients": self.coefficients, "intercept": self.intercept,
                "means": self.means, "scales": self.scales, "threshold": self.threshold}

    @classmethod
    def from_dict(cls, data: dict) -> AnswerabilityModel:
        return cls(dict(data["coefficients"]), float(data["intercept"]), dict(data["means"]), dict(data["scales"]),
                   float(data["threshold"]))


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_FILE) -> AnswerabilityModel:
    """The fitted model shipped with the code."""
    return AnswerabilityModel.from_dict(json.loads(path.read_text(encoding="utf-8")))
