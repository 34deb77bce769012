"""The characters of a PDF page with their positions and typography, grouped into line fragments.

PDFium (through pypdfium2) gives every character its box, font size, weight and font name; we group them
into *fragments*: runs of characters on one baseline without a wide horizontal gap. A visual line of a
two-column page is two fragments, a table row one fragment per cell. Chosen over pypdf's text visitor
and pdfplumber by measuring on the real PDFs in ../shared/real-pdfs (213 pages, two busy cores): PDFium
5.3 s with per-character typography, pypdf 32 s for plain text only, pdfplumber 95 s (docs/EVAL.md).
"""

from __future__ import annotations

import ctypes
import re
import statistics
from dataclasses import dataclass, replace

_GAP_FACTOR = 1.2  # a horizontal gap wider than this many font sizes splits a line into two fragments
_BASELINE_FACTOR = 0.5  # a baseline that moves by more than this many font sizes starts a new fragment
_SUPERSCRIPT_SIZE = 0.8  # characters smaller than this share of their neighbours' size, raised: superscripts
_BOLD_WEIGHT = 600
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_ITALIC_NAME = re.compile(r"italic|oblique|kursiv", re.I)
_ITALIC_FLAG = 64  # PDF font descriptor flag
_PATH_OBJECT = 2  # FPDF_PAGEOBJ_PATH
_OVERPRINT_CELLS = 1.25  # a glyph drawn again within the same 0.8 pt cell is an overprint (fake bold)
_RULE_HEIGHT = 2.0  # a drawn line thinner than this is a rule (an underline, a table border)
_LINE_BREAKS = {"\r", "\n"}


@dataclass(frozen=True)
class Fragment:
    """A run of text on one baseline (or a whole line of them); points from the top-left corner of the page."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    italic: bool = False
    underlined: bool = False

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def style(self) -> tuple[bool, bool, bool]:
        return self.bold, self.italic, self.underlined

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    bold: bool
    italic: bool


def _is_overprint(char: _Char, seen: set[tuple[str, int, int]]) -> bool:
    """Fake bold: the same glyph drawn again on (almost) the same spot. Remembers ``char`` otherwise."""
    key = (char.text, round(char.x0 * _OVERPRINT_CELLS), round(char.top * _OVERPRINT_CELLS))
    if key in seen:
        return True
    seen.add(key)
    return False


def _style(handle, index: int, raw) -> tuple[float, bool, bool, bool]:
    """(effective size, bold, italic, rotated) of the character's text object."""
    matrix = raw.FS_MATRIX()
    raw.FPDFText_GetMatrix(handle, index, matrix)
    # The font size alone is 1.0 in PDFs that scale text with the text matrix: use the effective size.
    size = raw.FPDFText_GetFontSize(handle, index) * (matrix.c ** 2 + matrix.d ** 2) ** 0.5
    name, flags = ctypes.create_string_buffer(128), ctypes.c_int()
    raw.FPDFText_GetFontInfo(handle, index, name, len(name), flags)
    font = name.value.decode("latin-1")
    bold = raw.FPDFText_GetFontWeight(handle, index) >= _BOLD_WEIGHT or bool(_BOLD_NAME.search(font))
    italic = bool(flags.value & _ITALIC_FLAG) or bool(_ITALIC_NAME.search(font))
    rotated = abs(raw.FPDFText_GetCharAngle(handle, index)) > 0.05  # margin notes, stamps
    return size, bold, italic, rotated


def _chars(textpage, page_height: float) -> list[_Char]:
    import pypdfium2.raw as raw

    handle = textpage.raw
    box = raw.FS_RECTF()
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    styles: dict[int | None, tuple[float, bool, bool, bool]] = {}  # per text object: its characters share a font
    chars = []
    seen: set[tuple[str, int, int]] = set()
    for index in range(raw.FPDFText_CountChars(handle)):
        code = raw.FPDFText_GetUnicode(handle, index)
        text = chr(code) if code else ""
        if text in _LINE_BREAKS:
            chars.append(_Char("\n", 0, 0, 0, 0, 0, 0, False, False))
            continue
        text_object = ctypes.cast(raw.FPDFText_GetTextObject(handle, index), ctypes.c_void_p).value
        style = styles.get(text_object) if text_object else None
        if style is None:
            style = styles[text_object] = _style(handle, index, raw)
        size, bold, italic, rotated = style
        if rotated:
            continue
        raw.FPDFText_GetLooseCharBox(handle, index, box)
        raw.FPDFText_GetCharOrigin(handle, index, origin_x, origin_y)
        char = _Char(text, box.left, box.right, page_height - box.top, page_height - box.bottom,
                     page_height - origin_y.value, size, bold, italic)
        if text.strip() and _is_overprint(char, seen):
            continue
        chars.append(char)
    return chars


def _drop_superscripts(run: list[_Char]) -> list[_Char]:
    """Footnote references ("applicatie²") are small raised digits right after a word: they are removed."""
    visible = [c.size for c in run if c.text.strip()]
    if len(visible) < 4:
        return run
    normal = statistics.median(visible)
    kept = []
    for i, char in enumerate(run):
        raised = char.size < _SUPERSCRIPT_SIZE * normal and char.baseline < run[0].baseline - 0.2 * normal
        before = next((c.text for c in reversed(kept) if c.text.strip()), "")
        after_word = i > 0 and (before.isalpha() or before in ").,;:" or (before.isdigit() and kept[-1].size < normal))
        if raised and (char.text.isdigit() or char.text in "*†") and after_word:
            continue
        kept.append(char)
    return kept


def _fragment(run: list[_Char]) -> Fragment | None:
    run = _drop_superscripts(run)
    visible = [c for c in run if c.text.strip()]
    if not visible:
        return None
    text = re.sub(r"\s+", " ", "".join(c.text for c in run)).strip()
    sizes = [round(c.size, 1) for c in visible]
    size = max(set(sizes), key=sizes.count)
    return Fragment(
        text=text, x0=min(c.x0 for c in visible), x1=max(c.x1 for c in visible),
        top=min(c.top for c in visible), bottom=max(c.bottom for c in visible),
        size=size, bold=sum(c.bold for c in visible) >= 0.6 * len(visible),
        italic=sum(c.italic for c in visible) >= 0.6 * len(visible),
    )


def _splits(previous: _Char, anchor: _Char, char: _Char) -> bool:
    """Whether ``char`` starts a new fragment after the visible character ``previous``.

    ``anchor`` is the run's last character of normal size: a superscript's raised baseline is no line change.
    """
    size = max(anchor.size, char.size, 1.0)
    small = char.size < _SUPERSCRIPT_SIZE * anchor.size
    if not small and abs(char.baseline - anchor.baseline) > _BASELINE_FACTOR * size:
        return True
    return char.x0 < previous.x0 - 0.5 * size or char.x0 - previous.x1 > _GAP_FACTOR * size


def _rules(page) -> list[tuple[float, float, float]]:
    """(x0, x1, y from the top) of the thin horizontal lines drawn on the page."""
    height = page.get_height()
    rules = []
    for obj in page.get_objects(filter=[_PATH_OBJECT], max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        if top - bottom <= _RULE_HEIGHT and right - left > 4:
            rules.append((left, right, height - top))
    return rules


def _underlined(fragment: Fragment, rules: list[tuple[float, float, float]]) -> bool:
    """A rule just below the text and as wide as it (a table border is wider than its cell's text)."""
    slack = max(3.0, 0.05 * fragment.width)
    return any(fragment.bottom - 0.45 * fragment.height <= y <= fragment.bottom + 0.4 * fragment.size
               and abs(x0 - fragment.x0) <= slack and abs(x1 - fragment.x1) <= slack for x0, x1, y in rules)


def page_fragments(page) -> tuple[list[Fragment], list[tuple[float, float, float]]]:
    """The line fragments of a pypdfium2 page, in the order PDFium found them, and the page's thin
    horizontal rules (x0, x1, y) that underline text or draw tables."""
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage, page.get_height())
    finally:
        textpage.close()
    fragments = _group(chars)
    rules = _rules(page) if fragments else []
    return [replace(f, underlined=True) if rules and _underlined(f, rules) else f for f in fragments], rules


def _group(chars: list[_Char]) -> list[Fragment]:
    """Runs of characters on one baseline without a wide gap."""
    fragments: list[Fragment] = []
    run: list[_Char] = []
    last_visible: _Char | None = None
    anchor: _Char | None = None

    def flush() -> None:
        nonlocal run, last_visible, anchor
        fragment = _fragment(run)
        if fragment:
            fragments.append(fragment)
        run, last_visible, anchor = [], None, None

    for char in chars:
        if char.text == "\n":
            flush()
            continue
        if char.text.strip():
            if last_visible is not None and anchor is not None and _splits(last_visible, anchor, char):
                flush()
            last_visible = char
            if anchor is None or char.size >= _SUPERSCRIPT_SIZE * anchor.size:
                anchor = char
        elif last_visible is None:
            continue  # no leading spaces
        run.append(char)
    flush()
    return fragments
