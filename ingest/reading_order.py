"""Reading order of a page's line fragments: columns, full-width lines between them, and tables by row.

A *gutter* is a vertical strip of white space with text on both sides that at most a few fragments cross
(a full-width title or caption over two columns). Fragments that cross it cut the page into bands; in each
band the left side is read before the right, recursively (three columns, a column with a table). When the
blocks on both sides of a gutter start at the same heights, the region is a table and is read row by row.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

import numpy as np

from ingest.pdf_text import Fragment

_MIN_GUTTER = 7.0  # points of white space between two columns
_MIN_SIDE = 2  # fragments needed on each side of a gutter
_MAX_CROSSING = 0.25  # share of the smaller side that may cross a gutter (full-width titles)
_BLOCK_GAP = 0.6  # vertical gap, in font sizes, that separates two blocks (cells, paragraphs)
_ALIGNED_SHARE = 0.6  # share of blocks that must line up with a block across the gutter for a table
_TABLE_MIN_WIDTH = 100.0  # points: rules at least this wide, three of the same extent, draw a table
_RULE_SLACK = 8.0
_COLUMN_SLACK = 6.0
_FULL_LINE = 0.75  # a line this wide, as a share of its column, is a wrapped line of running text
_PROSE_WIDTH = 120.0  # points: columns of running text are at least this wide
_TABLE_BREAK = 3.0  # a gap between rules this many median rows tall separates two tables
_BULLET_MARK = re.compile(r"^[•●▪◦·\-–*■]$")


@dataclass(frozen=True)
class Region:
    """Fragments read as running text (top to bottom), or the rows of a table (cells left to right)."""

    kind: str  # 'text' or 'table'
    fragments: tuple[Fragment, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class _Gutter:
    left: float  # right edge of the text left of the gutter
    right: float  # left edge of the text right of it

    @property
    def middle(self) -> float:
        return (self.left + self.right) / 2


def _gutter(fragments: list[Fragment]) -> _Gutter | None:
    """The widest gutter of ``fragments``, or None."""
    x0 = np.array([f.x0 for f in fragments])
    x1 = np.array([f.x1 for f in fragments])
    best: tuple[float, _Gutter] | None = None
    for candidate in np.unique(x1):
        left = x1 <= candidate
        right = x0 >= candidate + _MIN_GUTTER
        crossing = ~left & ~right & (x0 < candidate)
        n_left, n_right = int(left.sum()), int(right.sum())
        if n_left < _MIN_SIDE or n_right < _MIN_SIDE:
            continue
        if crossing.sum() > _MAX_CROSSING * min(n_left, n_right):
            continue
        # fragments starting inside the strip would sit in the gutter itself
        if (~left & ~right & ~crossing).any():
            continue
        gutter = _Gutter(float(x1[left].max()), float(x0[right].min()))
        width = gutter.right - gutter.left
        if width >= _MIN_GUTTER and (best is None or width > best[0]):
            best = (width, gutter)
    return best[1] if best else None


def _blocks(fragments: list[Fragment]) -> list[list[Fragment]]:
    """Consecutive fragments (sorted by top) separated by a vertical gap: paragraphs or table cells."""
    blocks: list[list[Fragment]] = []
    for fragment in sorted(fragments, key=lambda f: (f.top, f.x0)):
        if blocks and fragment.top - blocks[-1][-1].bottom <= _BLOCK_GAP * fragment.size:
            blocks[-1].append(fragment)
        else:
            blocks.append([fragment])
    return blocks


def _aligned(left: list[Fragment], right: list[Fragment]) -> bool:
    """Whether the blocks on the two sides start at the same heights, as the cells of table rows do."""
    left_tops = [block[0].top for block in _blocks(left)]
    right_blocks = _blocks(right)
    matches = sum(1 for block in right_blocks
                  if any(abs(block[0].top - top) <= 0.6 * block[0].size for top in left_tops))
    return matches >= 2 and matches >= _ALIGNED_SHARE * len(right_blocks)


def _prose(fragments: list[Fragment]) -> bool:
    """Running text: most lines fill the column, as wrapped sentences do (table cells are ragged)."""
    if len(fragments) < 3:
        return False
    left, right = min(f.x0 for f in fragments), max(f.x1 for f in fragments)
    full = sum(1 for f in fragments if f.x1 - f.x0 >= _FULL_LINE * (right - left))
    return full >= 0.5 * len(fragments) and right - left >= _PROSE_WIDTH


def _columns(fragments: list[Fragment]) -> list[list[Fragment]]:
    """All columns of a table region, left to right, split at every gutter."""
    gutter = _gutter(fragments)
    if gutter is None:
        return [fragments]
    left = [f for f in fragments if f.x1 <= gutter.middle]
    right = [f for f in fragments if f.x1 > gutter.middle]
    return _columns(left) + _columns(right)


def _row_text(row: list[Fragment], column_of) -> tuple[str, ...]:
    """The cells of one row, left to right; a column of bullet marks beside the items' text is left out."""
    cells: dict[int, list[Fragment]] = {}
    for fragment in row:
        cells.setdefault(column_of(fragment), []).append(fragment)
    texts = []
    for column in sorted(cells):
        parts = [f.text for f in sorted(cells[column], key=lambda f: (f.top, f.x0)) if not _BULLET_MARK.match(f.text)]
        if parts:
            texts.append(" ".join(parts))
    return tuple(texts)


def _table(fragments: list[Fragment]) -> Region:
    """Rows of cells: one row per text line when the lines hold their cells side by side, else a row holds
    the cells (blocks of one column) that start beside its first."""
    column_index = {id(f): i for i, column in enumerate(_columns(fragments)) for f in column}
    lines = _text_lines(fragments)
    if sum(len(line) >= 2 for line in lines) >= 0.8 * len(lines):
        groups = lines
    else:
        cells = sorted(((column_index[id(block[0])], block) for column in _columns(fragments)
                        for block in _blocks(column)), key=lambda cell: cell[1][0].top)
        rows: list[list[list[Fragment]]] = []
        for _, block in cells:
            if rows and block[0].top < rows[-1][0][-1].bottom:
                rows[-1].append(block)
            else:
                rows.append([block])
        groups = [[f for block in row for f in block] for row in rows]
    texts = (_row_text(group, lambda f: column_index[id(f)]) for group in groups)
    return Region("table", rows=tuple(row for row in texts if row))


def _bands(fragments: list[Fragment], gutter: _Gutter) -> list[tuple[list[Fragment], list[Fragment], list[Fragment]]]:
    """(spanning, left, right) bands from top to bottom: each spanning fragment closes the band above it."""
    bands: list[tuple[list[Fragment], list[Fragment], list[Fragment]]] = [([], [], [])]
    for fragment in sorted(fragments, key=lambda f: (f.top, f.x0)):
        if fragment.x0 < gutter.left and fragment.x1 > gutter.right:
            if bands[-1][1] or bands[-1][2]:
                bands.append(([], [], []))
            bands[-1][0].append(fragment)
        else:
            side = bands[-1][1] if fragment.x1 <= gutter.middle else bands[-1][2]
            side.append(fragment)
    return bands


def _merged_rules(rules: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Collinear rule segments joined (table borders are often drawn cell by cell)."""
    merged: list[list[float]] = []
    for x0, x1, y in sorted(rules, key=lambda r: (round(r[2]), r[0])):
        last = merged[-1] if merged else None
        if last and abs(last[2] - y) < 1.0 and x0 - last[1] < 4:
            last[1] = max(last[1], x1)
        else:
            merged.append([x0, x1, y])
    return [tuple(rule) for rule in merged]


def _ruled_table(rules: list[tuple[float, float, float]]) -> tuple[float, float, list[float]] | None:
    """(x0, x1, row borders) of the first table drawn with at least three wide rules of the same extent."""
    wide = [r for r in _merged_rules(rules) if r[1] - r[0] >= _TABLE_MIN_WIDTH]
    for first in wide:
        same = sorted({round(r[2], 1) for r in wide
                       if abs(r[0] - first[0]) <= _RULE_SLACK and abs(r[1] - first[1]) <= _RULE_SLACK})
        for group in _row_groups(same):
            if len(group) >= 3:
                return first[0], first[1], group
    return None


def _row_groups(borders: list[float]) -> list[list[float]]:
    """Rules of one extent split where the space between two is far taller than a row: two tables."""
    if len(borders) < 3:
        return [borders]
    spacings = [b - a for a, b in zip(borders, borders[1:])]
    limit = max(_TABLE_BREAK * statistics.median(spacings), 60.0)
    groups = [[borders[0]]]
    for spacing, border in zip(spacings, borders[1:]):
        if spacing > limit:
            groups.append([])
        groups[-1].append(border)
    return groups


def _ruled_rows(fragments: list[Fragment], borders: list[float]) -> Region:
    """Rows between the rules (one per text line when its cells stand side by side); in a row, cells are the
    columns its fragments start in."""
    starts = sorted({round(f.x0) for f in fragments})
    columns: list[float] = []
    for x in starts:
        if not columns or x - columns[-1] > _COLUMN_SLACK:
            columns.append(x)

    def column_of(fragment: Fragment) -> int:
        return max(i for i, x in enumerate(columns) if x <= round(fragment.x0) + _COLUMN_SLACK)

    rows = []
    for top, bottom in zip(borders, borders[1:]):
        inside = [f for f in fragments if top <= (f.top + f.bottom) / 2 < bottom]
        lines = _text_lines(inside)
        groups = lines if len(lines) >= 2 and sum(len(line) >= 2 for line in lines) >= 0.8 * len(lines) else [inside]
        rows.extend(row for row in (_row_text(group, column_of) for group in groups) if row)
    return Region("table", rows=tuple(rows))


def _text_lines(fragments: list[Fragment]) -> list[list[Fragment]]:
    """Fragments grouped by the text line they stand on, top to bottom."""
    lines: list[list[Fragment]] = []
    for fragment in sorted(fragments, key=lambda f: (f.top, f.x0)):
        if lines and abs(fragment.top - lines[-1][0].top) < 0.35 * fragment.size:
            lines[-1].append(fragment)
        else:
            lines.append([fragment])
    return lines


def reading_order(fragments: list[Fragment], rules: list[tuple[float, float, float]] = ()) -> list[Region]:
    """The page's fragments as regions in the order a person reads them. A table drawn with rules is read
    row by row at its place on the page; the rest is ordered by columns."""
    table = _ruled_table(list(rules)) if rules else None
    if table:
        x0, x1, borders = table
        inside = [f for f in fragments if x0 - 2 <= f.x0 and f.x1 <= x1 + 2
                  and borders[0] <= (f.top + f.bottom) / 2 < borders[-1]]
        if inside:
            used = set(map(id, inside))
            rest = [f for f in fragments if id(f) not in used]
            above = [f for f in rest if f.top < borders[0]]
            below = [f for f in rest if f.top >= borders[0]]
            remaining = [r for r in rules if not (borders[0] - 1 <= r[2] <= borders[-1] + 1)]
            return reading_order(above, remaining) + [_ruled_rows(inside, borders)] + reading_order(below, remaining)
    return _column_order(fragments)


def _column_order(fragments: list[Fragment]) -> list[Region]:
    """Regions of fragments by columns, full-width lines and whitespace tables."""
    if len(fragments) < 2 * _MIN_SIDE:
        return [Region("text", tuple(sorted(fragments, key=lambda f: (f.top, f.x0))))] if fragments else []
    gutter = _gutter(fragments)
    if gutter is None:
        return [Region("text", tuple(sorted(fragments, key=lambda f: (f.top, f.x0))))]
    regions: list[Region] = []
    for spanning, left, right in _bands(fragments, gutter):
        if spanning:
            regions.append(Region("text", tuple(spanning)))
        if left and right and _aligned(left, right) and not (_prose(left) and _prose(right)):
            regions.append(_table(left + right))
            continue
        for side in (left, right):
            if side:
                regions.extend(_column_order(side))
    return regions
