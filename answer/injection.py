"""Text in documents that addresses an AI assistant is data, never an instruction: such sentences are
left out of the evidence before answering (both backends), so they cannot steer answers or refusals."""

from __future__ import annotations

import re

_INSTRUCTION = re.compile(
    r"(negeer|vergeet|ignoreer)\s+(alle\s+)?(de\s+)?(vorige|voorgaande|eerdere|bovenstaande)\s+(instructies|opdrachten|regels)|"
    r"\b(ignore|disregard|forget)\s+(all\s+)?(the\s+)?(previous|prior|above)\s+(instructions|prompts|rules)|"
    r"\b(je bent nu|jij bent nu|you are now|act as|doe alsof je)\b|"
    r"\b(system ?prompt|systeemprompt|developer message)\b|"
    r"\b(antwoord|answer|zeg|say)\s+(altijd|always|enkel|only)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?\n])")


def is_instruction(sentence: str) -> bool:
    """True for a sentence that tries to instruct the assistant."""
    return bool(_INSTRUCTION.search(sentence))


def strip_instructions(text: str) -> str:
    """The text without sentences that try to instruct the assistant (line structure kept)."""
    if not _INSTRUCTION.search(text):
        return text
    return "".join(part for part in _SENTENCE_END.split(text) if not is_instruction(part))
