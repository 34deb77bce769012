"""Content terms of Dutch text (stemmed, without stop and question words) and how well evidence covers them."""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"\w[\w-]*\w|\w", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")  # a year, also inside a period ("2021-2022")
_QUESTION_WORDS = {
    "wat", "wie", "welk", "welke", "wanneer", "waar", "waarom", "hoe", "hoeveel", "hoelang", "waarop", "waarin",
    "waarmee", "waarvoor", "waaraan", "wordt", "worden", "werd", "werden", "zijn", "is", "was", "waren", "heeft",
    "hebben", "kan", "kunnen", "moet", "moeten", "zal", "zullen", "gaat", "gaan", "doen", "doet", "er", "daar",
    "daarvan", "ervan", "erin", "dat", "dit", "die", "deze", "het", "de", "een", "en", "of", "nog", "ook", "juist",
    "precies", "eigenlijk", "vroeger", "nu", "what", "who", "which", "when", "how", "many", "much", "the", "does",
    "do", "did", "of", "in", "is", "are", "was", "were", "for", "and", "to", "a", "an",
}


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_DUTCH

    return frozenset(STOPWORDS_DUTCH) | frozenset(_QUESTION_WORDS)


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("dutch")


@lru_cache(maxsize=8192)
def ordered_terms(text: str) -> tuple[str, ...]:
    """Stemmed content words of ``text`` in the order they first occur."""
    words = [w.lower() for w in _WORD.findall(text)]
    kept = [w for w in words if w not in _stopwords() and (len(w) > 2 or w.isdigit())]
    return tuple(dict.fromkeys(_stemmer().stemWords(kept)))


@lru_cache(maxsize=8192)
def content_terms(text: str) -> frozenset[str]:
    """Stemmed content words of ``text``."""
    return frozenset(ordered_terms(text))


def numbers(text: str) -> set[str]:
    """Numbers as written (12,6 / 2021 / 100.000)."""
    return set(_NUMBER.findall(text))


def covered(term: str, evidence: frozenset[str]) -> bool:
    """A term is covered when it occurs, or is part of / contains a compound of at least 4 letters (not for numbers)."""
    if term in evidence:
        return True
    if any(c.isdigit() for c in term):  # "108a" is another article than "108"; "2021-2022" holds "2021"
        parts = term.split("-")
        return all(p in evidence for p in parts) or any(term in e.split("-") for e in evidence if "-" in e)
    if len(term) < 4:
        return False
    return any((len(e) >= 4 and (term in e or e in term)) for e in evidence)


def coverage(question_terms: frozenset[str], evidence_terms: frozenset[str]) -> float:
    """Share of the question's terms found in the evidence (1.0 for a question without terms)."""
    if not question_terms:
        return 1.0
    return sum(covered(t, evidence_terms) for t in question_terms) / len(question_terms)



def weighted_coverage(question_terms: frozenset[str], evidence_terms: frozenset[str], weights: dict[str, float]) -> float:
    """Like ``coverage``, each term counted with its weight (1.0 when it has none)."""
    total = sum(weights.get(t, 1.0) for t in question_terms)
    if not total:
        return 1.0
    return sum(weights.get(t, 1.0) for t in question_terms if covered(t, evidence_terms)) / total
