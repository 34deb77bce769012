"""Dutch prompt templates from prompts/, checked at load for exactly the variables the code fills in."""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

from answer.phrases import REFUSAL

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
# Template name -> the variables it must use (and may use).
TEMPLATES: dict[str, set[str]] = {
    "answer_system": {"refusal"},
    "answer_user": {"passages", "question"},
    "rewrite_system": set(),
    "rewrite_user": {"history", "question"},
}


class PromptError(ValueError):
    """A prompt file is missing or uses other variables than the code provides."""


def _variables(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


@lru_cache(maxsize=None)
def load_prompt(name: str, folder: Path = PROMPTS_DIR) -> str:
    """The template text; PromptError when its variables differ from TEMPLATES[name]."""
    path = folder / f"{name}.txt"
    if not path.exists():
        raise PromptError(f"prompt file {path} is missing")
    text = path.read_text(encoding="utf-8").strip()
    found, expected = _variables(text), TEMPLATES[name]
    if found != expected:
        raise PromptError(f"{path.name}: variables {sorted(found)} but the code fills in {sorted(expected)}")
    return text


def render(name: str, **values: str) -> str:
    """A filled-in prompt; the refusal phrase is always available as {refusal}."""
    if "refusal" in TEMPLATES[name]:
        values.setdefault("refusal", REFUSAL)
    return load_prompt(name).format(**values)
