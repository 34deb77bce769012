"""Reading order of a page's line fragments: columns, full-width lines between them, and tables by row.

A *gutter* is a vertical strip of white space with text on both sides that at most a few fragments cross
(a full-width title or caption over two columns). Fragments that cross it cut the page into bands; in each
band the left side is read before the right, recursively (three columns, a column with a table). When the
blocks on both sides of a gutter start at the same heights, the region is a table and is read row by row.
"""

from __future__ import annotations

import re
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


def _columns(fragments: list[Fragment]) -> list[list[Fragment]]:
    """All columns of a table region, left to right, split at every gutter."""
    gutter = _gutter(fragments)
    if gutter is None:
        return [fragments]
    left = [f for f in fragments if f.x1 <= gutter.middle]
    right = [f for f in fragments if f.x1 > gutter.middle]
    return _columns(left) + _columns(right)


def _table(fragments: list[Fragment]) -> Region:
    """Rows of cells: a cell is a block of one column; a row holds the cells that start beside its first."""
    cells = [(column_index, block) for column_index, column in enumerate(_columns(fragments))
             for block in _blocks(column)]
    cells.sort(key=lambda cell: cell[1][0].top)
    rows: list[list[tuple[int, list[Fragment]]]] = []
    for cell in cells:
        if rows and cell[1][0].top < rows[-1][0][1][-1].bottom:
            rows[-1].append(cell)
        else:
            rows.append([cell])
    texts = tuple(tuple(" ".join(f.text for f in block) for _, block in sorted(row, key=lambda c: c[0])) for row in rows)
    return Region("table", rows=texts)


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
        if len(same) >= 3:
            return first[0], first[1], same
    return None


def _ruled_rows(fragments: list[Fragment], borders: list[float]) -> Region:
    """Rows between the rules; in a row, cells are the columns its fragments start in."""
    starts = sorted({round(f.x0) for f in fragments})
    columns: list[float] = []
    for x in starts:
        if not columns or x - columns[-1] > _COLUMN_SLACK:
            columns.append(x)
    rows = []
    for top, bottom in zip(borders, borders[1:]):
        inside = [f for f in fragments if top <= (f.top + f.bottom) / 2 < bottom]
        cells: dict[int, list[Fragment]] = {}
        for fragment in inside:
            column = max(i for i, x in enumerate(columns) if x <= round(fragment.x0) + _COLUMN_SLACK)
            cells.setdefault(column, []).append(fragment)
        texts = []
        for column in sorted(cells):
            parts = [f.text for f in sorted(cells[column], key=lambda f: (f.top, f.x0)) if not _BULLET_MARK.match(f.text)]
            if parts:  # a column of bullet marks beside the items' text is left out
                texts.append(" ".join(parts))
        if texts:
            rows.append(tuple(texts))
    return Region("table", rows=tuple(rows))


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
        if left and right and _aligned(left, right):
            regions.append(_table(left + right))
            continue
        for side in (left, right):
            if side:
                regions.extend(_column_order(side))
    return regions
