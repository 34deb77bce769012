"""Find the structure of a Dutch policy text: headings, articles, sections, paragraphs and bullet lists."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.types import TextBlock

ARTICLE = re.compile(r"^(?:Artikel|Art\.)\s*(\d+[a-z]?(?:\.\d+[a-z]?)*|[IVXL]+)\b\.?", re.I)
SECTION = re.compile(
    r"^(?:(?:Hoofdstuk|Afdeling|Deel|Titel|Bijlage|Onderafdeling)\s+[\dIVXL]+\b|Verbintenissen van\b|"
    r"Engagementen van\b|\d+(?:\.\d+)*\.?\s+[A-ZÀ-Ý])"
)
BULLET = re.compile(r"^(?:[•●▪◦·\-–*]|\d{1,2}[.)]|[a-z][.)])\s+")
# What a letterhead or colophon line is made of: web and e-mail addresses, registration and bank numbers,
# post boxes, telephone numbers, postcodes.
_CONTACT = (re.compile(r"www\.|https?://", re.I), re.compile(r"\S@\S"), re.compile(r"\b(?:kvk|iban|btw)\b", re.I),
            re.compile(r"\bpostbus\b", re.I), re.compile(r"\b(?:telefoon|tel\.|fax)\b", re.I),
            re.compile(r"\b\d{4}\s?[A-Z]{2}\b"))
_MAX_HEADING_WORDS = 12


def contact_details(line: str) -> int:
    """How many kinds of contact details the line holds (an address line 1-2, a letterhead 3 or more)."""
    return sum(bool(pattern.search(line)) for pattern in _CONTACT)

_MAX_TITLE_WORDS = 8


@dataclass(frozen=True)
class Block:
    """A span of the document text: kind is 'article', 'section', 'title', 'bullet' or 'paragraph'."""

    kind: str
    start: int
    end: int
    text: str


def _heading_kind(line: str, alone: bool) -> str | None:
    words = len(line.split())
    if ARTICLE.match(line) and words <= _MAX_HEADING_WORDS + 4:
        return "article"
    if SECTION.match(line) and words <= _MAX_HEADING_WORDS and not line.endswith((".", ";", ",")):
        return "section"
    starts_like_title = line[:1].isupper() or (line[:1].isdigit() and any(c.isalpha() for c in line))
    if alone and words <= _MAX_TITLE_WORDS and starts_like_title and not line.endswith((".", ":", ";", ",")):
        return "title"
    return None


def split_blocks(text: str) -> list[Block]:
    """Blocks in document order; wrapped lines are joined into their paragraph or bullet."""
    lines: list[tuple[int, int, str]] = []
    offset = 0
    for raw in text.split("\n"):
        lines.append((offset, offset + len(raw), raw))
        offset += len(raw) + 1

    blocks: list[Block] = []
    current: list[int] | None = None  # [kind-index, start, end]
    kinds: list[str] = []

    def flush() -> None:
        nonlocal current
        if current is not None:
            kind, start, end = kinds[current[0]], current[1], current[2]
            blocks.append(Block(kind, start, end, text[start:end]))
            current = None

    for i, (start, end, line) in enumerate(lines):
        if not line.strip():
            flush()
            continue
        prev_blank = i == 0 or not lines[i - 1][2].strip()
        next_blank = i + 1 == len(lines) or not lines[i + 1][2].strip()
        heading = _heading_kind(line, alone=prev_blank and next_blank)
        if heading or BULLET.match(line):
            flush()
            kinds.append(heading or "bullet")
            current = [len(kinds) - 1, start, end]
            if heading:
                flush()
            continue
        if current is None:
            kinds.append("paragraph")
            current = [len(kinds) - 1, start, end]
        else:
            current[2] = end
    flush()
    return blocks


def text_blocks(text: str) -> list[tuple[int, TextBlock]]:
    """(offset, block) of a plain text: paragraphs, bullet items and the short lines that may be headings."""
    return [(block.start, TextBlock("bullet" if block.kind == "bullet" else "paragraph", block.text,
                                    lines=block.text.count("\n") + 1)) for block in split_blocks(text)]
