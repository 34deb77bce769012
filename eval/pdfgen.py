"""Deterministic text PDFs of convenant-style documents (fixtures and synthetic benchmark corpora).

Rendering uses fpdf2 core fonts (Helvetica) with the cp1252 encoding, which covers the Dutch
accents, €, • and typographic quotes and dashes; pypdf extracts them unchanged. Line wrapping is
done here (not by fpdf2) so that it is fast and so that a soft hyphen in the text becomes a
visible line-end hyphen when the word is broken there. Every PDF page carries a running header
(optional) and a "Pagina N van M" footer.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator, Sequence, Union

from fpdf import FPDF
from fpdf.fonts import CORE_FONTS_CHARWIDTHS

from eval.fixtures.convenants import (
    ACTION_FICHES,
    ARTICLE_TITLES,
    COST_PER_FTE,
    DIGITAL_TOPICS,
    FIXTURES,
    GENERATIONS,
    GOVERNMENT_ITEMS,
    MONTHS,
    PARTNERS,
    PERIODS,
    SECTORS,
    SHARED_TOPICS,
    SOFT_HYPHEN,
    SYNTHETIC_FINANCING,
    SYNTHETIC_FRONT,
    SYNTHETIC_SIGNATURES,
    SYNTHETIC_TEMPLATES,
    TARGET_GROUPS,
    THEMES,
    Block,
    Bullets,
    Commit,
    Document,
    Heading,
    Paragraph,
    Sector,
    Signatures,
    Table,
    article,
    block_text,
    bullets,
    chapter,
    table,
)

# ---- page geometry (mm) -----------------------------------------------------------------------
PAGE_W = 210.0  # A4
LEFT = 25.0
TEXT_W = PAGE_W - 2 * LEFT
BODY_TOP, BODY_BOTTOM = 28.0, 272.0
BODY_H = BODY_BOTTOM - BODY_TOP
HEADER_Y, FOOTER_Y = 16.0, 284.0
BULLET_INDENT = 7.0
CREATION_DATE = datetime(2021, 1, 1, tzinfo=timezone.utc)  # fixed, so output bytes are reproducible
MANIFEST_NAME = "manifest.json"

_PT = 25.4 / 72  # mm per point


@dataclass(frozen=True)
class _Font:
    style: str  # "" or "B"
    size: float  # points
    line: float  # line height in mm


BODY = _Font("", 10.5, 5.0)
BODY_BOLD = _Font("B", 10.5, 5.0)
SMALL = _Font("", 8.5, 4.0)
TABLE = _Font("", 9.5, 4.4)
TABLE_HEAD = _Font("B", 9.5, 4.4)
HEADING_FONTS = {0: _Font("B", 20, 9.0), 1: _Font("B", 12.5, 6.0), 2: _Font("B", 11, 5.5)}
HEADING_SPACE = {0: (8.0, 6.0), 1: (6.0, 2.5), 2: (3.5, 1.5)}  # (before, after)
CENTER_FONT = _Font("", 11.5, 6.0)
PARA_AFTER = 2.5

# Drawing operations, positioned relative to the top-left of the block's box.
_TextOp = tuple[str, float, float, _Font, str]  # ("text", x, baseline_y, font, text)
_LineOp = tuple[str, float, float, float, float]  # ("line", x1, y1, x2, y2)
_FillOp = tuple[str, float, float, float, float]  # ("fill", x, y, w, h)
_Op = Union[_TextOp, _LineOp, _FillOp]


@dataclass(frozen=True)
class _Laid:
    """A block after layout: its drawing operations and vertical extent."""

    block: Block
    space_before: float
    height: float
    ops: tuple[_Op, ...]


# ---- text measuring and wrapping ---------------------------------------------------------------


def _char_widths(fontkey: str) -> dict[str, float]:
    """Glyph widths (1/1000 em) of a core font, keyed by the Unicode character it encodes in cp1252."""
    widths = CORE_FONTS_CHARWIDTHS[fontkey]
    table_: dict[str, float] = {}
    for code in range(32, 256):
        try:
            char = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            continue
        table_[char] = widths[chr(code)]
    return table_


_CHAR_WIDTHS = {"": _char_widths("helvetica"), "B": _char_widths("helveticaB")}
_WORD_WIDTHS: dict[tuple[str, str], float] = {}


def _word_width(word: str, style: str) -> float:
    """Width of ``word`` in 1/1000 em (soft hyphens ignored); cached, as words repeat a lot."""
    key = (word, style)
    width = _WORD_WIDTHS.get(key)
    if width is None:
        chars = _CHAR_WIDTHS[style]
        try:
            width = sum(chars[c] for c in word if c != SOFT_HYPHEN)
        except KeyError as exc:
            raise ValueError(f"character {exc.args[0]!r} cannot be encoded in cp1252") from None
        _WORD_WIDTHS[key] = width
    return width


def text_width(text: str, font: _Font) -> float:
    """Rendered width of ``text`` in mm."""
    units = sum(_word_width(w, font.style) for w in text.split(" "))
    units += _CHAR_WIDTHS[font.style][" "] * text.count(" ")
    return units * font.size / 1000 * _PT


def wrap(text: str, font: _Font, width: float) -> list[str]:
    """Greedy word wrap; a word with soft hyphens may be split at one, printing "-" at the line end."""
    scale = font.size / 1000 * _PT
    limit = width / scale  # in font units
    space = _CHAR_WIDTHS[font.style][" "]
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for word in text.split():
        word_w = _word_width(word, font.style)
        extra = word_w + (space if current else 0)
        if used + extra <= limit:
            current.append(word)
            used += extra
            continue
        head, tail = _split_soft_hyphen(word, font.style, limit - used - (space if current else 0))
        if head:
            current.append(head)
            word = tail
        if current:
            lines.append(" ".join(current))
        current, used = [word], _word_width(word, font.style)
    if current:
        lines.append(" ".join(current))
    return [line.replace(SOFT_HYPHEN, "") for line in lines]


def _split_soft_hyphen(word: str, style: str, room: float) -> tuple[str, str]:
    """Longest "head-" of ``word`` (split at a soft hyphen) fitting in ``room`` units, and the rest."""
    parts = word.split(SOFT_HYPHEN)
    for cut in range(len(parts) - 1, 0, -1):
        head = "".join(parts[:cut]) + "-"
        if _word_width(head, style) <= room:
            return head, SOFT_HYPHEN.join(parts[cut:])
    return "", word


# ---- block layout ----------------------------------------------------------------------------------


def _text_lines(lines: Sequence[str], font: _Font, x: float, y: float, *, centered: bool = False,
                width: float = TEXT_W) -> list[_Op]:
    ops: list[_Op] = []
    for i, line in enumerate(lines):
        dx = (width - text_width(line, font)) / 2 if centered else 0.0
        ops.append(("text", x + dx, y + i * font.line + font.line * 0.75, font, line))
    return ops


def layout(block: Block) -> _Laid:
    """Lay out one block at the full text width."""
    if isinstance(block, Heading):
        font = HEADING_FONTS[block.level]
        before, after = HEADING_SPACE[block.level]
        lines = wrap(block.text, font, TEXT_W)
        ops = _text_lines(lines, font, LEFT, 0.0, centered=block.level == 0)
        return _Laid(block, before, len(lines) * font.line + after, tuple(ops))
    if isinstance(block, Paragraph):
        font = CENTER_FONT if block.style == "center" else BODY
        lines = wrap(block.text, font, TEXT_W)
        ops = _text_lines(lines, font, LEFT, 0.0, centered=block.style == "center")
        return _Laid(block, 0.0, len(lines) * font.line + PARA_AFTER, tuple(ops))
    if isinstance(block, Bullets):
        return _layout_bullets(block)
    if isinstance(block, Table):
        return _layout_table(block)
    return _layout_signatures(block)


def _layout_bullets(block: Bullets) -> _Laid:
    ops: list[_Op] = []
    y = 0.0
    if block.lead:
        lines = wrap(block.lead, BODY, TEXT_W)
        ops += _text_lines(lines, BODY, LEFT, y)
        y += len(lines) * BODY.line + 1.0
    for item in block.items:
        text = item.text if isinstance(item, Commit) else item
        lines = wrap(text, BODY, TEXT_W - BULLET_INDENT)
        ops.append(("text", LEFT + 2.0, y + BODY.line * 0.75, BODY, "•"))
        ops += _text_lines(lines, BODY, LEFT + BULLET_INDENT, y)
        y += len(lines) * BODY.line + 0.8
    return _Laid(block, 0.0, y + PARA_AFTER, tuple(ops))


def _layout_table(block: Table) -> _Laid:
    pad = 1.5
    total = sum(block.widths)
    widths = [TEXT_W * w / total for w in block.widths]
    xs = [LEFT + sum(widths[:i]) for i in range(len(widths))]
    ops: list[_Op] = []
    y = 0.0
    if block.caption:
        ops += _text_lines([block.caption], BODY_BOLD, LEFT, y)
        y += BODY_BOLD.line + 1.0
    top = y
    texts: list[_Op] = []
    rules: list[_Op] = [("line", LEFT, y, LEFT + TEXT_W, y)]
    for r, row in enumerate(block.rows):
        font = TABLE_HEAD if r == 0 else TABLE
        cells = [wrap(cell, font, w - 2 * pad) for cell, w in zip(row, widths)]
        height = max(len(c) for c in cells) * font.line + 2 * pad
        if r == 0:
            ops.append(("fill", LEFT, y, TEXT_W, height))
        for cell, x in zip(cells, xs):
            texts += _text_lines(cell, font, x + pad, y + pad)
        y += height
        rules.append(("line", LEFT, y, LEFT + TEXT_W, y))
    for x in xs + [LEFT + TEXT_W]:
        rules.append(("line", x, top, x, y))
    return _Laid(block, 1.0, y + PARA_AFTER + 1.5, tuple(ops + texts + rules))


def _layout_signatures(block: Signatures) -> _Laid:
    ops: list[_Op] = []
    lines = wrap(block.place_and_date, BODY, TEXT_W)
    ops += _text_lines(lines, BODY, LEFT, 0.0)
    y = len(lines) * BODY.line + 6.0
    col_w = TEXT_W / 2
    row_h = BODY.line * 2 + 16.0
    for i, (party, signatory) in enumerate(block.signatories):
        x = LEFT + (i % 2) * col_w
        row_y = y + (i // 2) * row_h
        ops += _text_lines(wrap(party, BODY_BOLD, col_w - 5), BODY_BOLD, x, row_y)
        rule_y = row_y + row_h - BODY.line - 3.0
        ops.append(("line", x, rule_y, x + col_w - 15.0, rule_y))
        ops += _text_lines([signatory], BODY, x, row_y + row_h - BODY.line - 2.0)
    rows = (len(block.signatories) + 1) // 2
    return _Laid(block, 4.0, y + rows * row_h, tuple(ops))


def _page_height(laid: Sequence[_Laid]) -> float:
    used = 0.0
    for item in laid:
        used += (item.space_before if used else 0.0) + item.height
    return used


# ---- rendering --------------------------------------------------------------------------------------


def write_pdf(doc: Document, path: str | Path, *, header: bool = True,
              page_labels: Sequence[str] | None = None) -> Path:
    """Write ``doc`` as a text PDF, one PDF page per page of the model.

    ``header`` adds the running header (``doc.running_header``) on every page. The footer always
    reads "Pagina N van M"; with ``page_labels`` (one string per page) it reads "Pagina <label>"
    instead and the labels are also stored as PDF page labels (e.g. ["i", "1", "2"]).
    Raises ``ValueError`` when a page's content does not fit on one PDF page.
    """
    laid_pages = [[layout(block) for block in page] for page in doc.pages]
    for number, laid in enumerate(laid_pages, 1):
        overflow = _page_height(laid) - BODY_H
        if overflow > 0:
            raise ValueError(f"{doc.slug}: page {number} overflows by {overflow:.1f} mm")
    return _render(doc, laid_pages, Path(path), header=header, page_labels=page_labels)


def _render(doc: Document, laid_pages: Sequence[Sequence[_Laid]], path: Path, *, header: bool,
            page_labels: Sequence[str] | None) -> Path:
    if page_labels is not None and len(page_labels) != len(laid_pages):
        raise ValueError(f"{len(page_labels)} page labels for {len(laid_pages)} pages")
    pdf = FPDF(unit="mm", format="A4")
    pdf.core_fonts_encoding = "cp1252"
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(CREATION_DATE)
    pdf.set_lang("nl-BE")
    pdf.set_title(doc.title)
    pdf.set_subject(f"{doc.doc_type} {doc.sector} {doc.period}")
    pdf.set_author("Vlaamse Regering en sectorale sociale partners")
    pdf.set_creator("eval.pdfgen")
    pdf.set_draw_color(110)
    pdf.set_fill_color(230)
    current: list[_Font | None] = [None]

    def use(font: _Font) -> None:
        if current[0] != font:
            pdf.set_font("Helvetica", font.style, font.size)
            current[0] = font

    total = len(laid_pages)
    for number, laid in enumerate(laid_pages, 1):
        pdf.add_page()
        current[0] = None
        if page_labels is not None:
            pdf.set_page_label(label_prefix=page_labels[number - 1])
        if header:
            pdf.set_text_color(90)
            use(SMALL)
            pdf.text(LEFT, HEADER_Y, doc.running_header)
            pdf.line(LEFT, HEADER_Y + 1.8, LEFT + TEXT_W, HEADER_Y + 1.8)
            pdf.set_text_color(0)
        top = BODY_TOP
        for item in laid:
            if top > BODY_TOP:
                top += item.space_before
            for op in item.ops:
                if op[0] == "text":
                    use(op[3])
                    pdf.text(op[1], top + op[2], op[4])
                elif op[0] == "line":
                    pdf.line(op[1], top + op[2], op[3], top + op[4])
                else:
                    pdf.rect(op[1], top + op[2], op[3], op[4], style="F")
            top += item.height
        footer = f"Pagina {page_labels[number - 1]}" if page_labels else f"Pagina {number} van {total}"
        pdf.set_text_color(90)
        use(SMALL)
        pdf.text(LEFT + (TEXT_W - text_width(footer, SMALL)) / 2, FOOTER_Y, footer)
        pdf.set_text_color(0)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def write_fixture_corpus(out_dir: str | Path) -> list[Path]:
    """Write every fixture document to ``out_dir``/<slug>.pdf; returns the paths in fixture order."""
    out = Path(out_dir)
    return [write_pdf(doc, out / f"{doc.slug}.pdf") for doc in FIXTURES]


# ---- synthetic corpora ----------------------------------------------------------------------------


def generate_synthetic_corpus(out_dir: str | Path, n: int, seed: int, *, min_pages: int = 10,
                              max_pages: int = 40) -> list[Path]:
    """Write ``n`` synthetic convenant PDFs (``min_pages``..``max_pages`` pages each) to ``out_dir``.

    The output depends only on the arguments: the same seed gives identical files, and the first k
    documents of a larger ``n`` are the same as those of ``n = k``. A manifest (``manifest.json``:
    slug, file, title, sector, period, pages, commitments per document) is written alongside.
    Returns the PDF paths in manifest order.
    """
    if not 1 <= min_pages <= max_pages:
        raise ValueError("need 1 <= min_pages <= max_pages")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    master = random.Random(seed)
    doc_seeds = [master.getrandbits(64) for _ in range(n)]
    paths: list[Path] = []
    entries: list[dict[str, object]] = []
    for index, doc_seed in enumerate(doc_seeds):
        doc, laid_pages = _synthetic_document(random.Random(doc_seed), index, min_pages, max_pages)
        path = _render(doc, laid_pages, out / f"{doc.slug}.pdf", header=True, page_labels=None)
        paths.append(path)
        entries.append({"slug": doc.slug, "file": path.name, "title": doc.title, "sector": doc.sector,
                        "period": doc.period, "pages": len(doc.pages),
                        "commitments": len(doc.commitments)})
    manifest = {"seed": seed, "min_pages": min_pages, "max_pages": max_pages, "documents": entries}
    (out / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return paths


def synthetic_documents(seed: int, *, min_pages: int = 10, max_pages: int = 40) -> Iterator[Document]:
    """The documents ``generate_synthetic_corpus(out, n, seed, ...)`` renders, in the same order, unrendered.

    An endless stream (take as many as needed); much faster than rendering and re-reading PDFs, so it
    suits filling large benchmark indexes with realistic text.
    """
    if not 1 <= min_pages <= max_pages:
        raise ValueError("need 1 <= min_pages <= max_pages")
    master = random.Random(seed)
    index = 0
    while True:
        yield _synthetic_document(random.Random(master.getrandbits(64)), index, min_pages, max_pages)[0]
        index += 1


_BREAK = None  # page break marker in a paginator item list


class _Paginator:
    """Flows laid-out blocks onto pages; headings stay with the block that follows them."""

    def __init__(self) -> None:
        self.pages: list[list[_Laid]] = [[]]
        self.used = 0.0

    def fits(self, items: Sequence[_Laid | None], max_pages: int) -> bool:
        """Whether adding ``items`` keeps the document within ``max_pages`` pages."""
        return self._flow(items, apply=False) <= max_pages

    def add(self, items: Sequence[_Laid | None]) -> None:
        self._flow(items, apply=True)

    def _flow(self, items: Sequence[_Laid | None], *, apply: bool) -> int:
        pages, used = len(self.pages), self.used
        for i, item in enumerate(items):
            if item is _BREAK or (used and used + self._need(items, i) > BODY_H):
                if used:
                    pages, used = pages + 1, 0.0
                    if apply:
                        self.pages.append([])
                if item is _BREAK:
                    continue
            used += (item.space_before if used else 0.0) + item.height
            if used > BODY_H:
                raise ValueError(f"block taller than a page: {block_text(item.block)[:60]!r}")
            if apply:
                self.pages[-1].append(item)
        if apply:
            self.used = used
        return pages

    @staticmethod
    def _need(items: Sequence[_Laid | None], i: int) -> float:
        """Height needed below the current fill for item ``i`` plus the items it must stay with."""
        need = items[i].space_before + items[i].height
        j = i
        while isinstance(items[j].block, Heading) and j + 1 < len(items) and items[j + 1] is not _BREAK:
            j += 1
            need += items[j].space_before + items[j].height
        return need


def _synthetic_document(rng: random.Random, index: int, min_pages: int,
                        max_pages: int) -> tuple[Document, list[list[_Laid]]]:
    sector = rng.choice(SECTORS)
    period = rng.choice(PERIODS)
    target = rng.randint(min_pages, max_pages)
    base = _document_values(rng, sector, period)
    themes = rng.sample(sorted(ARTICLE_TITLES), k=rng.randint(5, len(ARTICLE_TITLES)))

    def laid(blocks: Iterable[Block | None]) -> list[_Laid | None]:
        return [_BREAK if b is _BREAK else layout(_fill(b, _passage_values(rng, base))) for b in blocks]

    pag = _Paginator()
    pag.add(laid(SYNTHETIC_FRONT))
    number = 4
    body_opened = False
    for theme in themes:
        pool = SYNTHETIC_TEMPLATES[theme]
        passages = rng.sample(pool, k=rng.randint(1, min(3, len(pool))))
        blocks: list[Block] = [] if body_opened else [chapter("Hoofdstuk 2. Verbintenissen van de sector")]
        blocks.append(article(f"Artikel {number}. {rng.choice(ARTICLE_TITLES[theme])}"))
        blocks += [b for passage in passages for b in passage]
        items = laid(blocks)
        if not pag.fits(items + laid(_closing(themes, number + 1)), target):
            break
        pag.add(items)
        body_opened = True
        number += 1
    pag.add(laid(_closing(themes, number)))

    fiche_number = 1
    while True:
        theme = rng.choice(themes)
        blocks = [_BREAK, chapter("Bijlage 1. Actieplan")] if fiche_number == 1 else []
        blocks += _action_fiche(rng, theme, fiche_number)
        items = laid(blocks)
        if not pag.fits(items, target):
            break
        pag.add(items)
        fiche_number += 1

    doc = Document(
        slug=f"{index:04d}-sectorconvenant-{period}-{_slug(sector.name)}",
        title=f"Sectorconvenant {period} {sector.name}",
        doc_type="convenant",
        sector=sector.name,
        period=period,
        running_header=f"Sectorconvenant {period} – {sector.name}",
        pages=tuple(tuple(item.block for item in page) for page in pag.pages),
    )
    return doc, pag.pages


def _closing(themes: Sequence[str], number: int) -> list[Block]:
    """Government chapter, financing chapter and signatures, numbered from article ``number``."""
    items = [GOVERNMENT_ITEMS[t][0] for t in themes]
    items[-1] = replace(items[-1], text=items[-1].text.rstrip(";") + ".")
    blocks: list[Block] = [
        chapter("Hoofdstuk 3. Verbintenissen van de Vlaamse Regering"),
        article(f"Artikel {number}. Ondersteuning door de Vlaamse Regering"),
        bullets("De Vlaamse Regering verbindt zich ertoe om:", *items),
        chapter("Hoofdstuk 4. Sectorconsulenten, financiering en opvolging"),
    ]
    for offset, (heading, passage) in enumerate(SYNTHETIC_FINANCING, 1):
        blocks.append(article(f"Artikel {number + offset}. {heading}"))
        blocks += passage
    blocks.append(SYNTHETIC_SIGNATURES)
    return blocks


def _action_fiche(rng: random.Random, theme: str, number: int) -> list[Block]:
    name, objective, indicator, target = rng.choice(ACTION_FICHES[theme])
    owner = rng.choice(("de sectorconsulenten", "de sociale partners", "{fund}", "de stuurgroep"))
    return [
        article(f"Actiefiche {number}. {name}"),
        table(("Onderdeel", "Omschrijving"),
              ("Thema", THEMES[theme]),
              ("Doelstelling", objective),
              ("Indicator", indicator),
              ("Streefwaarde", target),
              ("Timing", "1 januari {y1} tot {deadline}"),
              ("Trekker", owner),
              widths=(1, 3)),
        *rng.choice(SYNTHETIC_TEMPLATES[theme]),
    ]


def _document_values(rng: random.Random, sector: Sector, period: str) -> dict[str, object]:
    y1, y2 = (int(y) for y in period.split("-"))
    fte = rng.randint(1, 12)
    cost = COST_PER_FTE[period]
    return {
        "name": sector.name, "pc": sector.pc, "phrase": sector.phrase, "fund": sector.fund,
        "period": period, "y1": y1, "y2": y2, "base_year": y1 - 1, "generation": GENERATIONS[period],
        "n_consulenten": fte, "budget": _thousands(fte * cost), "fte_cost": _thousands(cost),
        "sign_date": f"{rng.randint(1, 28)} {MONTHS[rng.randint(0, 2)]} {y1}",
        "other_sector": rng.choice([s for s in SECTORS if s is not sector]).phrase,
        "_occupations": sector.occupations,
    }


def _passage_values(rng: random.Random, base: dict[str, object]) -> dict[str, object]:
    """Slot values for one passage: the document's constants plus fresh figures and picks."""
    y1, y2 = base["y1"], base["y2"]
    first, second = rng.sample(base["_occupations"], 2)
    return {
        **base,
        "occupation": first, "occupation2": second,
        "date": f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.choice((y1, y2))}",
        "deadline": rng.choice((f"31 december {y2}", f"30 juni {y2}", f"31 december {y1}")),
        "n_small": rng.randint(5, 60), "n_mid": rng.randint(50, 500),
        "n_large": _thousands(rng.randrange(500, 5001, 50)), "pct": rng.randint(5, 40),
        "bonus": _thousands(rng.randrange(250, 1501, 50)),
        "group": rng.choice(TARGET_GROUPS), "partner": rng.choice(PARTNERS),
        "topic": rng.choice(DIGITAL_TOPICS), "shared": rng.choice(SHARED_TOPICS),
    }


def _fill(block: Block, values: dict[str, object]) -> Block:
    """Fill the ``{slot}`` fields of every string in ``block``."""

    def fmt(segment):
        if isinstance(segment, Commit):
            return replace(segment, text=segment.text.format_map(values))
        return segment.format_map(values)

    if isinstance(block, Heading):
        return replace(block, text=fmt(block.text))
    if isinstance(block, Paragraph):
        return replace(block, segments=tuple(fmt(s) for s in block.segments))
    if isinstance(block, Bullets):
        return replace(block, lead=block.lead and fmt(block.lead), items=tuple(fmt(s) for s in block.items))
    if isinstance(block, Table):
        return replace(block, rows=tuple(tuple(fmt(c) for c in row) for row in block.rows),
                       caption=block.caption and fmt(block.caption))
    return replace(block, place_and_date=fmt(block.place_and_date))


def _thousands(value: int) -> str:
    """Dutch thousands separator: 245000 -> "245.000"."""
    return f"{value:,}".replace(",", ".")


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
