"""Checks generated sentences against the passages they cite; unsupported claims are dropped."""

from __future__ import annotations

import re
from dataclasses import dataclass

from answer.terms import content_terms, coverage, numbers
from index.types import Passage
from ingest.chunker import sentence_spans

_KEYS = re.compile(r"\s*\[(\d+)\]")
_MIN_SUPPORT = 0.5


@dataclass(frozen=True)
class VerifiedSentence:
    text: str  # without citation keys
    passage_indexes: tuple[int, ...]  # 0-based indexes into the passages
    quotes: tuple[str, ...]  # for each cited passage, its sentence that best supports this one


def _best_quote(sentence: str, passage: Passage) -> str:
    terms = content_terms(sentence)
    candidates = [passage.text[a:b].strip() for a, b in sentence_spans(passage.text, 0, len(passage.text))]
    return max(candidates, key=lambda c: coverage(terms, content_terms(c)), default=passage.text)


def supports(sentence: str, passage: Passage) -> bool:
    """Every number of the sentence is in the passage (or its title and period) and most content words too."""
    context = f"{passage.title}\n{passage.period}\n{passage.heading}\n{passage.text}"
    if not numbers(sentence) <= numbers(context):
        return False
    return coverage(content_terms(sentence), content_terms(context)) >= _MIN_SUPPORT


def verify(answer: str, passages: list[Passage]) -> tuple[list[VerifiedSentence], list[str]]:
    """Sentences that keep at least one supporting citation, and English notes on what was removed."""
    kept, notes = [], []
    flat = re.sub(r"\s*\n\s*", " ", answer).strip()
    for start, end in sentence_spans(flat, 0, len(flat)):
        raw = flat[start:end].strip()
        keys = [int(k) for k in _KEYS.findall(raw)]
        text = _KEYS.sub("", raw).strip()
        if not text:
            continue
        valid = []
        for key in dict.fromkeys(keys):
            if not 1 <= key <= len(passages):
                notes.append(f"unknown source [{key}] removed")
            elif supports(text, passages[key - 1]):
                valid.append(key - 1)
            else:
                notes.append(f"source [{key}] does not support {text!r}")
        if valid:
            kept.append(VerifiedSentence(text, tuple(valid), tuple(_best_quote(text, passages[i]) for i in valid)))
        else:
            notes.append(f"sentence without supported citation dropped: {text!r}")
    return kept, notes
