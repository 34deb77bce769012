"""Cleaning of extracted text: Unicode, whitespace, hyphenation, running headers, web boilerplate."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import replace

from ingest.structure import text_blocks
from ingest.types import Page

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u00ad\u200b-\u200d\ufeff]")
_MANY_BLANKS = re.compile(r"\n{3,}")
# "werkgelegen-\nheidsbeleid" -> "werkgelegenheidsbeleid"; "zorg-\nen welzijn" keeps its hyphen.
_HYPHEN_BREAK = re.compile(r"(?<=[a-zà-ÿ])-\n(?!(?:en|of|tot|en/of)\b)(?=[a-zà-ÿ])")
_DIGITS = re.compile(r"\d+")

# Paragraphs that are web furniture rather than content (cookie banners, navigation, share links).
_BOILERPLATE = re.compile(
    r"\bcookies?\b|\bprivacyverklaring\b|\bprivacybeleid\b|alle cookies toestaan|"
    r"^(menu|zoeken|home|terug naar boven|deel deze pagina|print deze pagina|volg ons|nieuwsbrief|"
    r"inloggen|aanmelden|skip to content|ga naar inhoud)\s*$|^(home|start)\s*[>›»/]",
    re.IGNORECASE | re.MULTILINE,
)
_SHORT_WORDS = 4
_REPEATED_LINE_WORDS = 8  # a short plain paragraph repeated this often is furniture ("Materieel uitgewerkt per …")
_REPEATED_LINE_COUNT = 3


def normalize_text(text: str) -> str:
    """NFC, no control characters, single spaces, trimmed lines, at most one blank line in a row."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _MANY_BLANKS.sub("\n\n", text).strip()


def dehyphenate(text: str) -> str:
    """Join words split by a hyphen at a line end."""
    return _HYPHEN_BREAK.sub("", text)


def _edge_lines(text: str, count: int = 2) -> list[str]:
    """The first and last lines of a page, where headers and footers sit (fewer on short pages)."""
    lines = [line for line in text.split("\n") if line.strip()]
    count = min(count, (len(lines) - 1) // 2)
    return lines[:count] + lines[-count:] if count > 0 else []


def _shape(line: str) -> str:
    """A line with its numbers written as '#', so "Pagina 3 van 9" repeats on every page."""
    return _DIGITS.sub("#", line.strip().lower())


def strip_running_lines(pages: list[Page]) -> list[Page]:
    """Remove headers and footers that repeat (up to their numbers) at the edges of most pages."""
    if len(pages) < 3:
        return pages
    seen = Counter(shape for page in pages for shape in {_shape(line) for line in _edge_lines(page.text)})
    threshold = max(2, int(0.6 * len(pages)))
    running = {shape for shape, count in seen.items() if count >= threshold and shape}
    if not running:
        return pages
    cleaned = []
    for page in pages:
        edges = set(_edge_lines(page.text))
        kept = [line for line in page.text.split("\n") if not (line in edges and _shape(line) in running)]
        cleaned.append(Page(page.number, page.label, "\n".join(kept)))
    return cleaned


def strip_boilerplate(text: str) -> str:
    """Drop web boilerplate paragraphs and the short title lines around them ("Welkom", "Voorkeuren")."""
    paragraphs = text.split("\n\n")
    boiler = [bool(_BOILERPLATE.search(p)) for p in paragraphs]
    changed = True
    while changed:
        changed = False
        for i, paragraph in enumerate(paragraphs):
            if boiler[i] or len(paragraph.split()) > _SHORT_WORDS or paragraph.rstrip().endswith("."):
                continue
            if (i > 0 and boiler[i - 1]) or (i + 1 < len(boiler) and boiler[i + 1]):
                boiler[i] = changed = True
    return "\n\n".join(p for p, is_boiler in zip(paragraphs, boiler) if not is_boiler)


def _clean_blocks(pages: list[Page]) -> list[Page]:
    """Pages that came with blocks (PDF layout, Markdown): each block cleaned; repeated furniture lines
    of untypeset text dropped."""
    cleaned = [[replace(b, text=normalize_text(b.text)) for b in page.blocks] for page in pages]
    counts = Counter(b.text for blocks in cleaned for b in blocks if b.kind == "paragraph" and not b.size)
    furniture = {text for text, n in counts.items()
                 if n >= _REPEATED_LINE_COUNT and len(text.split()) <= _REPEATED_LINE_WORDS}
    return [Page.from_blocks(page.number, page.label, [b for b in blocks if b.text not in furniture], page.ocr)
            for page, blocks in zip(pages, cleaned)]


def clean_pages(pages: list[Page]) -> list[Page]:
    """The full cleaning pipeline, page by page (page boundaries are kept); every page comes out with blocks."""
    if any(page.blocks for page in pages):
        return _clean_blocks(pages)
    pages = [Page(p.number, p.label, normalize_text(p.text)) for p in pages]
    pages = strip_running_lines(pages)
    return [Page.from_blocks(p.number, p.label, [block for _, block in text_blocks(
        normalize_text(strip_boilerplate(dehyphenate(p.text))))]) for p in pages]
