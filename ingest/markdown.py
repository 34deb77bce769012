"""Markdown as text blocks: headings with their level, paragraphs, list items and table rows; markup removed.

Written for the Markdown that converters produce, as in the real texts of wetten.overheid.nl: ``##Title``
without a space, a heading number on a heading line of its own (``### 2.1`` then ``####Salarisverhoging``),
inline HTML (``13<sup>e</sup>``) and pipe tables.
"""

from __future__ import annotations

import html
import re

from ingest.types import CELL_SEPARATOR, TextBlock

_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*#*\s*$")
_NUMBER_ONLY = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXL]{1,5}\.?|[A-Za-z][.)]|§\s*\d+)$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_TAG = re.compile(r"<[^>]+>")


def _inline(text: str) -> str:
    """Text without links, emphasis and HTML tags; entities decoded."""
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", text)
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def _table_row(line: str) -> str:
    cells = [_inline(cell) for cell in line.strip().strip("|").split("|")]
    return CELL_SEPARATOR.join(cell for cell in cells if cell and not re.fullmatch(r"-{2,}", cell))


def markdown_blocks(text: str) -> list[TextBlock]:
    """The blocks of a Markdown document in order."""
    blocks: list[TextBlock] = []
    paragraph: list[str] = []
    rows: list[str] = []
    pending_number: tuple[int, str] | None = None

    def flush() -> None:
        nonlocal paragraph, rows
        if paragraph:
            joined = _inline(" ".join(paragraph))
            kind = "bullet" if _ITEM.match(paragraph[0]) else "paragraph"
            blocks.append(TextBlock(kind, joined, lines=len(paragraph)))
        if rows:
            blocks.append(TextBlock("table", "\n".join(row for row in rows if row), lines=len(rows)))
        paragraph, rows = [], []

    for raw in text.splitlines():
        line = raw.rstrip()
        if line.lstrip().lower().startswith("<meta"):
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            level, title = len(heading.group(1)), _inline(heading.group(2))
            if not title:
                continue
            if _NUMBER_ONLY.match(title):  # "### 2.1" announces the title on the next heading line
                pending_number = (level, title.rstrip("."))
                continue
            if pending_number:
                level, title = pending_number[0], f"{pending_number[1]} {title}"
                pending_number = None
            blocks.append(TextBlock("heading", title, level=level))
            continue
        if pending_number and line.strip():  # a lone number followed by text: keep it as a heading anyway
            blocks.append(TextBlock("heading", pending_number[1], level=pending_number[0]))
            pending_number = None
        if not line.strip():
            flush()
        elif line.lstrip().startswith("|"):
            if paragraph:
                flush()
            if not _TABLE_RULE.match(line.strip()):
                rows.append(_table_row(line))
        elif _ITEM.match(line):
            flush()
            paragraph.append(line.strip())
        else:
            if rows:
                flush()
            paragraph.append(line.strip())
    flush()
    return [block for block in blocks if block.text.strip()]
