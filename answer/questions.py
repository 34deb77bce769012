"""What kind of answer a Dutch (or English) question asks for."""

from __future__ import annotations

import re

_KINDS = (
    ("count", re.compile(r"^\s*(en\s+)?(hoeveel|how (many|much)|welk (bedrag|aantal|percentage))\b", re.I)),
    ("date", re.compile(r"^\s*(en\s+)?(wanneer|when|in welk jaar|op welke datum|sinds wanneer|tot wanneer)\b", re.I)),
    ("who", re.compile(r"^\s*(en\s+)?(wie|who|door wie|met wie)\b", re.I)),
    ("list", re.compile(r"^\s*(en\s+)?((op |voor |in |tussen |rond )?welke|wat zijn|noem|which|what are|geef een overzicht)\b", re.I)),
)


def question_kind(question: str) -> str:
    """'count', 'date', 'who', 'list' or 'explain'."""
    for kind, pattern in _KINDS:
        if pattern.search(question):
            return kind
    return "explain"

