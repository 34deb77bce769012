"""From a PDF page's fragments to text blocks: running headers and footers out, footnotes apart, lines
joined into paragraphs and bullet items in reading order, tables row by row, table-of-contents pages marked.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import replace

from ingest.clean import dehyphenate
from ingest.pdf_text import Fragment
from ingest.reading_order import Region, reading_order
from ingest.types import CELL_SEPARATOR, TextBlock

EDGE_SHARE = 0.11  # top and bottom share of the page where running headers and footers sit
_PARAGRAPH_GAP = 0.5  # vertical white space, in font sizes, that separates paragraphs
_SIZE_STEP = 0.12  # a change of font size by this share starts a new block
_FOOTNOTE_SIZE = 0.92  # footnotes are set smaller than the body text
_SAME_LINE = 0.35  # fragments whose tops differ by less than this many font sizes are one line
_NOTE_MARK = re.compile(r"^(?:\d{1,3}|\*{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)(?:,\d{1,3})*$")
_SHORT_LINE = 0.3  # a line that stops this share of the column width before its right edge ends a paragraph
_CELL_GAP = 2.0  # fragments of one line further apart than this many font sizes are table cells
_MARKER = re.compile(r"^(?:[•●▪◦·\-–*■□➢►✓]|\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.?|[a-z][.)]|Nr\.?|"
                     r"(?:Bijlage|Hoofdstuk|Artikel|Paragraaf|Afdeling)\s+[\dIVXL]+(?:\.\d+)*[a-z]?\.?)$")
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^(?:pagina|page|blz\.?|p\.)?\s*[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:/|van|of)\s*\d{1,4})?$", re.I)
_FOOTNOTE_START = re.compile(r"^(?:\d{1,3}|\*{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*\S")
BULLET_START = re.compile(r"^(?:[•●▪◦·\-–*■□➢►✓]|\d{1,2}[.)]|[a-z][.)])(?:\s+|$)")
_TOC_TITLE = re.compile(r"^(inhoudsopgave|inhoud|inhoudstafel|inhoudsomschrijving|table of contents)$", re.I)
_TOC_ENTRY = re.compile(r"\D(?:\s|\.{2,}|\|)\s*(?:pagina\s*)?(\d{1,3})$", re.I)


def shape(text: str) -> str:
    """A line with its numbers written as '#': "Pagina 3 van 9" repeats on every page."""
    return " ".join(_DIGITS.sub("#", text.lower()).split())


def body_size(pages: list[list[Fragment]]) -> float:
    """The font size most of the document's text is set in."""
    sizes: Counter[float] = Counter()
    for fragments in pages:
        for fragment in fragments:
            sizes[round(fragment.size, 1)] += len(fragment.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _in_edge(fragment: Fragment, height: float) -> str:
    if fragment.bottom <= EDGE_SHARE * height:
        return "top"
    if fragment.top >= (1 - EDGE_SHARE) * height:
        return "bottom"
    return ""


def running_fragments(pages: list[list[Fragment]], heights: list[float], body: float) -> list[set[int]]:
    """Per page, the indexes of fragments that are page numbers or repeating headers/footers.

    A header repeats in the same edge on three pages, or on two pages close together (a running header
    that changes per chapter: the chapter title over every page of that chapter).
    """
    seen: dict[tuple[str, str], list[int]] = {}
    titles: Counter[tuple[str, str, int]] = Counter()  # a document title repeated at the top of most pages
    for number, (fragments, height) in enumerate(zip(pages, heights)):
        for fragment in fragments:
            edge = _in_edge(fragment, height)
            if edge and fragment.size <= 1.1 * body:
                seen.setdefault((edge, shape(fragment.text)), []).append(number)
            if edge:
                titles[(edge, shape(fragment.text), round(fragment.top / 3))] += 1

    def repeats(pages_seen: list[int]) -> bool:
        distinct = sorted(set(pages_seen))
        return len(distinct) >= 3 or any(b - a <= 2 for a, b in zip(distinct, distinct[1:]))

    running = {key for key, pages_seen in seen.items() if repeats(pages_seen)}
    running |= {(edge, text) for (edge, text, _), count in titles.items() if count >= max(3, 0.4 * len(pages))}
    slots = _running_slots(pages, heights, body)
    dropped = []
    for fragments, height in zip(pages, heights):
        drop = set()
        for index, fragment in enumerate(fragments):
            edge = _in_edge(fragment, height)
            if edge and (_PAGE_NUMBER.match(fragment.text) or (edge, shape(fragment.text)) in running
                         or _slot(edge, fragment) in slots):
                drop.add(index)
        dropped.append(drop)
    return dropped


def _slot(edge: str, fragment: Fragment) -> tuple[str, int, float]:
    return edge, round(fragment.top / 3), round(fragment.size, 1)


def _running_slots(pages: list[list[Fragment]], heights: list[float], body: float) -> set[tuple[str, int, float]]:
    """Edge positions where most pages carry a small line, whatever it says: a header that names the current
    chapter is a running header even on a chapter of one page."""
    counts: Counter[tuple[str, int, float]] = Counter()
    for fragments, height in zip(pages, heights):
        counts.update({_slot(edge, f) for f in fragments if (edge := _in_edge(f, height)) and f.size < 0.95 * body})
    needed = max(3, 0.5 * len(pages))
    return {slot for slot, count in counts.items() if count >= needed}


def split_footnotes(fragments: list[Fragment], body: float, height: float) -> tuple[list[Fragment], list[Fragment]]:
    """(body fragments, footnote fragments): footnotes are the small lines at the foot of the page that
    start with a note number, with nothing in body size below them."""
    ordered = sorted(fragments, key=lambda f: f.top)
    for i, fragment in enumerate(ordered):
        if fragment.top < 0.45 * height or fragment.size >= _FOOTNOTE_SIZE * body:
            continue
        if _FOOTNOTE_START.match(fragment.text) and all(f.size < _FOOTNOTE_SIZE * body for f in ordered[i:]):
            return ordered[:i], ordered[i:]
    return fragments, []


def _lines(fragments: tuple[Fragment, ...]) -> list[Fragment]:
    """Fragments on the same line (a number and its title, a bullet and its text) joined left to right."""
    lines: list[list[Fragment]] = []
    for fragment in sorted(fragments, key=lambda f: (f.top, f.x0)):
        if lines and abs(fragment.top - lines[-1][0].top) < _SAME_LINE * fragment.size:
            lines[-1].append(fragment)
        else:
            lines.append([fragment])
    joined = []
    for parts in lines:
        parts = _without_note_marks(sorted(parts, key=lambda f: f.x0))
        text = parts[0].text
        for left, right in zip(parts, parts[1:]):  # cells far apart stay apart, a number joins its title
            cells = right.x0 - left.x1 > _CELL_GAP * right.size and not _MARKER.match(left.text)
            text += (CELL_SEPARATOR if cells else " ") + right.text
        sizes = [f.size for f in parts for _ in f.text]

        def share(flag: str) -> bool:
            return sum(len(f.text) for f in parts if getattr(f, flag)) >= 0.6 * sum(len(f.text) for f in parts)

        joined.append(Fragment(text, parts[0].x0, max(f.x1 for f in parts), min(f.top for f in parts),
                            max(f.bottom for f in parts), max(set(sizes), key=sizes.count),
                            share("bold"), share("italic"), share("underlined")))
    return joined


def _without_note_marks(parts: list[Fragment]) -> list[Fragment]:
    """A line's fragments without footnote references: small raised digits set apart from the words."""
    if len(parts) < 2:
        return parts
    size = max(f.size for f in parts)
    base = max(f.bottom for f in parts)
    return [f for f in parts if not (f.size < 0.8 * size and f.bottom < base - 0.2 * size and _NOTE_MARK.match(f.text))]


def join_lines(texts: list[str]) -> str:
    """Wrapped lines as one paragraph: words split by a hyphen at a line end are joined again."""
    return " ".join(dehyphenate("\n".join(texts)).split())


def _line_pitch(lines: list[Fragment]) -> float | None:
    """The usual distance from one line's top to the next, in font sizes, within a paragraph of this region."""
    pitches = [(b.top - a.top) / a.size for a, b in zip(lines, lines[1:])
               if abs(a.size - b.size) <= 0.05 * a.size and 0 < b.top - a.top < 2.5 * a.size]
    return statistics.median(pitches) if len(pitches) >= 2 else None


def _continues(previous: Fragment, line: Fragment) -> bool:
    """A wrapped sentence: the line before is unfinished and this one goes on in lower case."""
    return not previous.text.rstrip().endswith((".", ":", ";", "!", "?")) and (line.text[:1].islower() or line.text[:1] in "‘’'")


def _starts_block(previous: Fragment, line: Fragment, item_indent: float | None, pitch: float | None,
                  right: float, width: float) -> bool:
    size = min(previous.size, line.size)
    if previous.x1 < right - _SHORT_LINE * width and line.text[:1].isupper() and not previous.text.endswith("-"):
        return True  # the line before ends far from the margin: a title line or the end of a paragraph
    if pitch is not None and abs(line.size - previous.size) <= 0.05 * size:
        if line.top - previous.top > (pitch + _PARAGRAPH_GAP) * size:
            return True
    elif line.top - previous.bottom > 0.8 * size:
        return True
    if abs(line.size - previous.size) > _SIZE_STEP * previous.size:
        return True
    if line.style != previous.style and not _continues(previous, line):
        return True
    if BULLET_START.match(line.text):
        return True
    return item_indent is not None and line.x0 < item_indent - 2  # back at the margin after a bullet item


def _text_blocks(region: Region, body: float) -> list[TextBlock]:
    blocks: list[TextBlock] = []
    current: list[Fragment] = []
    item_indent: float | None = None

    def flush() -> None:
        if current:
            kind = "bullet" if BULLET_START.match(current[0].text) else "paragraph"
            size = max(set(line.size for line in current), key=[line.size for line in current].count)
            blocks.append(TextBlock(kind, join_lines([line.text for line in current]), round(size / body, 2),
                                    all(line.bold for line in current), len(current),
                                    italic=all(line.italic for line in current),
                                    underlined=all(line.underlined for line in current)))

    lines = _lines(region.fragments)
    pitch = _line_pitch(lines)
    right = max((line.x1 for line in lines), default=0.0)
    width = right - min((line.x0 for line in lines), default=0.0)
    for line in lines:
        if current and _starts_block(current[-1], line, item_indent, pitch, right, width):
            flush()
            current = []
            item_indent = None
        if not current and BULLET_START.match(line.text):
            marker = BULLET_START.match(line.text)
            item_indent = line.x0 + (line.x1 - line.x0) * marker.end() / max(1, len(line.text)) - 1
        current.append(line)
    flush()
    return blocks


def _table_block(region: Region) -> TextBlock:
    rows = [CELL_SEPARATOR.join(cell for cell in row if cell) for row in region.rows]
    return TextBlock("table", "\n".join(row for row in rows if row), 1.0, False, len(rows))


def runs_on(previous: TextBlock, block: TextBlock) -> bool:
    """Whether ``block`` goes on with the sentence ``previous`` left unfinished (at the foot of a column)."""
    prose = {"paragraph", "bullet"}
    return (previous.kind in prose and block.kind == "paragraph" and not previous.styled and not block.styled
            and not previous.text.rstrip().endswith((".", ":", ";", "!", "?")) and block.text[:1].islower())


def is_toc(blocks: list[TextBlock]) -> bool:
    """A table-of-contents page: most of its lines end with a page number, or it is titled so."""
    lines = [line for block in blocks for line in block.text.split("\n") if line.strip()]
    if len(lines) < 4:
        return False
    numbers = [int(match.group(1)) for line in lines if (match := _TOC_ENTRY.search(line))]
    titled = any(_TOC_TITLE.match(block.text.strip()) for block in blocks[:3])
    rising = sum(b >= a for a, b in zip(numbers, numbers[1:])) >= 0.75 * (len(numbers) - 1)
    return len(numbers) >= 4 and rising and len(numbers) >= (0.3 if titled else 0.6) * len(lines)


def page_blocks(fragments: list[Fragment], rules: list[tuple[float, float, float]], body: float,
                height: float) -> list[TextBlock]:
    """The blocks of one page in reading order, footnotes last; all blocks of a ToC page are kind 'toc'."""
    main, notes = split_footnotes(fragments, body, height)
    blocks: list[TextBlock] = []
    for region in reading_order(main, rules):
        if region.kind == "table":
            blocks.append(_table_block(region))
        else:
            text_blocks = _text_blocks(region, body)
            if blocks and text_blocks and runs_on(blocks[-1], text_blocks[0]):  # a sentence over a column break
                blocks[-1] = replace(blocks[-1], text=join_lines([blocks[-1].text, text_blocks[0].text]),
                                     lines=blocks[-1].lines + text_blocks[0].lines)
                text_blocks = text_blocks[1:]
            blocks.extend(text_blocks)
    if is_toc(blocks):
        blocks = [replace(b, kind="toc") for b in blocks]
    for note in _footnote_texts(notes):
        blocks.append(TextBlock("footnote", note, round(min(f.size for f in notes) / body, 2), False, 1))
    return blocks


def _footnote_texts(notes: list[Fragment]) -> list[str]:
    """One text per footnote: a new one starts at each line that opens with a note number."""
    texts: list[list[str]] = []
    for line in _lines(tuple(notes)):
        if not texts or _FOOTNOTE_START.match(line.text) and line.text[:1].isdigit():
            texts.append([line.text])
        else:
            texts[-1].append(line.text)
    return [join_lines(parts) for parts in texts]
