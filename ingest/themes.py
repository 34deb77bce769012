"""The commitment themes of ingest/themes.toml: key, Dutch label, descriptions and keywords."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

THEMES_FILE = Path(__file__).with_name("themes.toml")


@dataclass(frozen=True)
class Theme:
    """One theme; ``description`` holds Dutch sentences the embedding model compares commitments with;
    ``actions`` are regular expressions of actions that make a commitment this theme whatever its subject
    ("zal worden onderzocht" is overleg even when pay is studied)."""

    key: str
    label: str
    description: tuple[str, ...]
    keywords: tuple[str, ...]
    actions: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def load_themes() -> tuple[Theme, ...]:
    """The themes in file order."""
    data = tomllib.loads(THEMES_FILE.read_text(encoding="utf-8"))
    return tuple(
        Theme(t["key"], t["label"], tuple(t["description"]), tuple(k.lower() for k in t.get("keywords", ())),
              tuple(t.get("actions", ())))
        for t in data["themes"]
    )


def theme_label(key: str) -> str:
    """The Dutch label of a theme key (the key itself when unknown, '' for '')."""
    return next((t.label for t in load_themes() if t.key == key), key)


def resolve_theme(name: str) -> str | None:
    """The key of a theme given by key or label, case-insensitively (None when unknown)."""
    wanted = name.strip().lower()
    return next((t.key for t in load_themes() if wanted in (t.key, t.label.lower())), None)


def themes_fingerprint() -> str:
    """Short hash of the themes file: stored commitments are classified again when it changes."""
    return hashlib.sha256(THEMES_FILE.read_bytes()).hexdigest()[:10]
