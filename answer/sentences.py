"""Candidate answer sentences inside retrieved passages, with bullet items kept after their lead-in."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.types import Passage
from ingest.chunker import sentence_spans
from ingest.structure import BULLET

_MIN_WORDS = 4
_MAX_ITEM_WORDS = 30


@dataclass(frozen=True)
class Sentence:
    """A sentence (or bullet item) of a passage; ``items`` are the bullets that follow a lead-in."""

    passage_index: int
    order: int
    text: str
    items: tuple[str, ...] = ()

    @property
    def full_text(self) -> str:
        return self.text + "".join(f"\n• {item}" for item in self.items)


def _continues(previous: str, line: str) -> bool:
    """A wrapped line continues the previous one; a line after a title-like line starts a new unit."""
    if BULLET.match(line):
        return False
    first = line[:1]
    return not previous.rstrip().endswith((".", ":", ";", "!", "?")) and (first.islower() or first.isdigit() or first in "(‘'\"€")


def _lines_as_units(text: str) -> list[str]:
    """Paragraphs, headings and bullet items; wrapped lines inside one sentence are joined."""
    units: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        current: list[str] = []
        for line in (raw.strip() for raw in block.split("\n")):
            if not line:
                continue
            if current and not _continues(current[-1], line):
                units.append(" ".join(current))
                current = []
            current.append(line)
        if current:
            units.append(" ".join(current))
    return units


def split_sentences(passage: Passage, passage_index: int) -> list[Sentence]:
    """Sentences of a passage in reading order; short headings are skipped.

    A bullet item is a candidate of its own and, when short, is also attached to the lead-in sentence
    ("… de volgende acties:") so that a list question can be answered with the whole list.
    """
    sentences: list[Sentence] = []
    lead_in: int | None = None
    for unit in _lines_as_units(passage.text):
        is_item = bool(BULLET.match(unit))
        if is_item:
            unit = BULLET.sub("", unit, count=1).strip()
            if lead_in is not None and len(unit.split()) <= _MAX_ITEM_WORDS:
                head = sentences[lead_in]
                sentences[lead_in] = Sentence(head.passage_index, head.order, head.text, head.items + (unit,))
        else:
            lead_in = None
        for start, end in sentence_spans(unit, 0, len(unit)):
            text = unit[start:end].strip()
            if len(text.split()) >= _MIN_WORDS:
                sentences.append(Sentence(passage_index, len(sentences), text))
        if not is_item and sentences and sentences[-1].text.endswith(":"):
            lead_in = len(sentences) - 1
    return sentences
