"""The section tree of a document: which blocks are headings, their level, and each block's section path.

A heading is decided from typography (a larger or bold block of its own, when the source has
typography), numbering (``1``, ``3.2.1``, ``Hoofdstuk 2``, ``Bijlage II``, ``Artikel 4.107``) and Markdown
marks, and it is validated: a bare year, an amount, a footnote, a table-of-contents line or a sentence
fragment is never a heading. An article written inline (``Artikel 1. De Vlaamse Regering verbindt er zich
toe …``) stays a paragraph but gives its article number to the text under it.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from ingest.structure import ARTICLE, text_blocks
from ingest.types import BLOCK_SEPARATOR, CELL_SEPARATOR, Page, TextBlock

PATH_SEPARATOR = " › "
_NUMBERED = re.compile(
    r"^(?P<number>(?:Hoofdstuk|Afdeling|Paragraaf|Deel|Titel|Bijlage|Onderafdeling)\s+[\dIVXL]+(?:\.\d+)*[a-z]?"
    r"|\d{1,2}(?:\.\d{1,2})*[a-z]?|[IVX]{1,4}|[A-H])(?:[.):]|\s)\s*(?P<title>\S.*)?$"
)
_COMMITMENT_HEADING = re.compile(r"^(?:Verbintenissen|Engagementen)\s+van\b", re.I)
_YEAR_START = re.compile(r"^(?:19|20)\d\d\b")
_AMOUNT = re.compile(r"^(?:€|EUR\b|\d{1,3}(?:[.,]\d{3})+\b|\d+(?:,\d+)?\s*(?:%|euro|miljoen|miljard|MW|TWh|GWh|ha)\b)", re.I)
_SENTENCE_END = (",", ";")
_ENUMERATION = 3  # numbered candidates of one depth in a row without text between them: a list
_BODY_SIZE = 0.95  # relative size below which text is small print (footnotes, captions), never an unstyled heading
_DATE_LINE = re.compile(r"^(?:\d{1,2}\s+)?(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
                        r"november|december)\s+(?:19|20)\d\d$", re.I)
_CAPTION = re.compile(r"^(?:Figuur|Tabel|Afbeelding|Grafiek|Foto|Kaart|Bron|Figure|Table)\b\s*[\dA-Z.:]*\s*[:.\d]", re.I)
_FINITE_VERB = re.compile(r"\b(?:is|zijn|wordt|worden|heeft|hebben|geldt|gelden|zal|zullen|kan|kunnen|moet|moeten)\b", re.I)
_MEMBER = re.compile(r"^lid\s+\d+[a-z]?\b", re.I)  # a numbered member of an article ("Lid 2")
_MAX_WORDS_TYPOGRAPHIC = 18
_MAX_WORDS_NUMBERED = 30
_MAX_WORDS_PLAIN = 12
_MAX_TITLE_WORDS_PLAIN = 8
_TOC_ENTRY = re.compile(r"^(?P<title>.+?)[\s.|]+(?:pagina\s*)?(?P<page>\d{1,3})$", re.I)


@dataclass(frozen=True)
class DocBlock:
    """A block of the document text with its place in the section tree.

    ``kind``: 'heading', 'paragraph', 'bullet', 'table', 'footnote' or 'toc'. ``path`` is the section path
    the block stands in (a heading's path ends with itself); ``article`` the article it belongs to.
    """

    kind: str
    start: int
    end: int
    page_index: int
    text: str
    level: int
    path: str
    article: str


def numbering(text: str) -> tuple[str, str] | None:
    """(number, title) of a numbered heading text such as '3.2.1 Werf 1' or 'Hoofdstuk 2. Loon'."""
    match = _NUMBERED.match(text)
    if not match:
        return None
    return match.group("number"), (match.group("title") or "").strip()


def _depth(number: str) -> int:
    if number.lower().startswith(("hoofdstuk", "deel", "titel", "bijlage")):
        return 1
    if number.lower().startswith(("afdeling", "paragraaf", "onderafdeling")):
        return 2 + number.count(".")
    return 1 + number.strip(".").count(".")


def _is_junk(text: str) -> bool:
    """Lines that look like headings but never are: years, amounts, fragments, note or page references."""
    if _YEAR_START.match(text) or _AMOUNT.match(text):
        return True
    if text.endswith(_SENTENCE_END) or text[:1].islower() or text[:1] in "‘’'\"“”(":
        return True
    if _CAPTION.match(text) or _DATE_LINE.match(text):  # "Figuur 2: Stand van zaken zon", "Januari 2023"
        return True
    if re.search(r"\.{3,}\s*\d{1,3}$|\.\s+\d{1,3}$", text):
        return True  # a table-of-contents line: "8.1 De Vlaamse Milieuholding wordt ontbonden. 211"
    return not any(c.isalpha() for c in text)


def _plausible_number(number: str) -> bool:
    """A section number: small parts (no year such as '2050'), letters only as single capitals."""
    parts = re.findall(r"\d+", number)
    return all(int(part) <= 60 for part in parts)


def heading_level(block: TextBlock, typographic: bool, toc_titles: set[str]) -> int | None:
    """The heading level of ``block`` (1 = top), 0 for an article heading, None when it is no heading."""
    if block.kind == "heading":
        return block.level or 1
    if block.kind not in {"paragraph", "bullet"}:
        return None
    text = " ".join(block.text.split())
    words = len(text.split())
    if not text or _is_junk(text):
        return None
    article = ARTICLE.match(text)
    if article:
        rest = text[article.end():].strip()
        short = words <= _MAX_WORDS_PLAIN + 4 and not rest.endswith((".", ";", ":"))
        return 0 if (short or (typographic and block.styled and words <= _MAX_WORDS_NUMBERED)) else None
    numbered = numbering(text)
    if numbered and not _plausible_number(numbered[0]):
        return None
    if CELL_SEPARATOR in text:  # cells of a table row
        return None
    if block.kind == "bullet" and not (numbered and typographic and block.styled):
        return None
    if _normal(text) in toc_titles or (numbered and _normal(numbered[1]) in toc_titles):
        return _depth(numbered[0]) if numbered else 1
    plain_numbered = (numbered and block.lines == 1 and numbered[1][:1].isupper() and words <= _MAX_WORDS_PLAIN
                      and not text.endswith((".", ";", ",", ":")))
    if typographic and not block.styled and plain_numbered and block.size >= _BODY_SIZE:  # set like body text
        return _depth(numbered[0])
    if typographic:
        limit = _MAX_WORDS_NUMBERED if numbered else _MAX_WORDS_TYPOGRAPHIC
        if not block.styled or words > limit or block.lines > 4:
            return None
        if not numbered and text.endswith((".", ":")) and words > 6:
            return None
        return _depth(numbered[0]) if numbered else -1  # -1: level from the typography, resolved later
    if block.lines > 1 and not _COMMITMENT_HEADING.match(text):
        return None
    if _COMMITMENT_HEADING.match(text) and words <= _MAX_WORDS_PLAIN:
        return 2
    if plain_numbered:
        return _depth(numbered[0])
    if words <= _MAX_TITLE_WORDS_PLAIN and text[:1].isupper() and not text.endswith((".", ":", ";", ",")):
        return -1
    return None


def _normal(text: str) -> str:
    return re.sub(r"[^a-z0-9à-ÿ]+", " ", text.lower()).strip()


def toc_titles(pages: list[Page]) -> set[str]:
    """Normalised titles of the table-of-contents entries (with and without their numbers)."""
    titles: set[str] = set()
    for page in pages:
        for block in page.blocks:
            if block.kind != "toc":
                continue
            for line in block.text.split("\n"):
                for cell in line.split(CELL_SEPARATOR)[:1] or [line]:
                    match = _TOC_ENTRY.match(line.strip()) or _TOC_ENTRY.match(cell.strip() + " 0")
                    if not match:
                        continue
                    title = match.group("title").strip(" .|")
                    numbered = numbering(title)
                    titles.add(_normal(title))
                    if numbered and numbered[1]:
                        titles.add(_normal(numbered[1]))
    titles.discard("")
    return titles


def _style(block: TextBlock) -> tuple[float, bool, bool, bool]:
    """How a heading is set, most prominent first when sorted: size, then bold, underline, italic."""
    return block.size, block.bold, block.underlined, block.italic


def _typographic_levels(blocks: list[tuple[TextBlock, int | None]]) -> dict[tuple[float, bool, bool, bool], int]:
    """Levels for unnumbered headings by their style (size, bold): the level numbered headings of that style
    have, else one below the deepest numbered style that is larger, else the top level."""
    seen: dict[tuple[float, bool, bool, bool], list[int]] = {}
    for block, level in blocks:
        if level is not None and level > 0:
            seen.setdefault(_style(block), []).append(level)
    known = {style: round(statistics.median(levels)) for style, levels in seen.items()}
    levels = dict(known)
    for block, level in blocks:
        style = _style(block)
        if level == -1 and style not in levels:
            larger = [lvl for other, lvl in known.items() if other > style]
            levels[style] = max(larger) + 1 if larger else 1
    return levels


def _blocks_of(page: Page) -> list[tuple[int, TextBlock]]:
    """(offset in the page text, block); a page that came without blocks is split like plain text."""
    if not page.blocks:
        return text_blocks(page.text)
    placed, cursor = [], 0
    for block in page.blocks:
        placed.append((cursor, block))
        cursor += len(block.text) + len(BLOCK_SEPARATOR)
    return placed


def _lead_ins_are_no_headings(placed: list) -> list:
    """An unnumbered candidate that ends with a colon and either holds a finite verb or is followed by list
    items introduces what follows ("Als uitsluitingsgebied windturbines zijn aangewezen:"); it is no heading
    ("Aanpassing artikel 1.1 (begripsbepalingen):" stays one)."""
    result = list(placed)
    for index, (page_index, start, block, level) in enumerate(placed):
        text = " ".join(block.text.split())
        if not level or block.kind == "heading" or not text.endswith(":") or numbering(text):
            continue  # (a heading its source marks as one, as Markdown does, stays one)
        followed_by_items = index + 1 < len(placed) and placed[index + 1][2].kind == "bullet"
        if followed_by_items or _FINITE_VERB.search(text):
            result[index] = (page_index, start, block, None)
    return result


def _enumerations_are_no_headings(placed: list) -> list:
    """Three or more numbered candidates of one depth in a row on one page, with no text between them, are the
    items of a list (attachments "I. …, II. …, III. …"), not headings. Stacked headings (3, 3.1, 3.1.1) go
    deeper; appendix titles on pages of their own stand on different pages."""
    result = list(placed)
    run: list[int] = []

    def close() -> None:
        if len(run) >= _ENUMERATION:
            for index in run:
                page_index, start, block, _ = result[index]
                result[index] = (page_index, start, block, None)
        run.clear()

    for index, (page_index, _, block, level) in enumerate(placed):
        numbered = numbering(" ".join(block.text.split())) if level else None
        depth = _depth(numbered[0]) if numbered else None
        previous = placed[run[-1]] if run else None
        if depth is not None and (previous is None or (
                previous[0] == page_index and _depth(numbering(" ".join(previous[2].text.split()))[0]) == depth)):
            run.append(index)
            continue
        close()
        if depth is not None:
            run.append(index)
    close()
    return result


def join_pages(pages: list[Page]) -> tuple[str, list[int]]:
    """The document text (pages joined by a blank line) and the offset where each page starts in it."""
    starts, offset = [], 0
    for page in pages:
        starts.append(offset)
        offset += len(page.text) + len(BLOCK_SEPARATOR)
    return BLOCK_SEPARATOR.join(page.text for page in pages), starts


def document_structure(pages: list[Page], title: str = "") -> tuple[str, list[int], list[DocBlock]]:
    """(document text, start offset of each page, blocks with their section paths).

    The text is the pages joined by a blank line; a page's text is its blocks joined by a blank line, so
    block offsets are exact character offsets of the text every chunk and citation quotes from.
    """
    typographic = any(block.size > 0 for page in pages for block in page.blocks)
    toc = toc_titles(pages)
    text, starts = join_pages(pages)
    placed: list[tuple[int, int, TextBlock, int | None]] = []
    for page_index, page in enumerate(pages):
        for offset, block in _blocks_of(page):
            placed.append((page_index, starts[page_index] + offset, block, heading_level(block, typographic, toc)))
    placed = _lead_ins_are_no_headings(_enumerations_are_no_headings(placed))
    styles = _typographic_levels([(block, level) for _, _, block, level in placed])
    stack: list[tuple[int, str, bool]] = []  # open sections: (level, title, may be a sub-heading of the article before)
    article = article_title = inner = ""
    article_size = 0.0
    after_article = False
    blocks: list[DocBlock] = []
    skip_title = _normal(title)
    for page_index, start, block, level in placed:
        body = " ".join(block.text.split())
        if level == -1:
            level = styles.get(_style(block), 1)
        kind = "heading" if level is not None else block.kind
        if level is not None and level > 0 and _inside_article(block, body, article, article_size):
            inner = body  # "Lid 2", or a smaller heading of the article's own: the article goes on
        elif level is not None and level > 0:
            # unnumbered headings after an article, set no larger ("Ecologisch onderzoek"), may be its sub-headings
            no_larger = not (block.size and article_size) or block.size <= article_size + 0.01
            after_article = (after_article or bool(article)) and not numbering(body) and no_larger
            if not (page_index == 0 and not stack and _normal(body) == skip_title):
                while stack and stack[-1][0] >= level:
                    stack.pop()
                stack.append((level, body, after_article))
            article = article_title = inner = ""
        elif level == 0:  # an article heading: below the current section, until the next article or section
            while stack and stack[-1][2]:  # an unnumbered sub-heading of the previous article, not a parent
                stack.pop()
            article, article_title, article_size, inner = _article_name(body), body, block.size, ""
            after_article = False
        elif block.kind == "paragraph" and ARTICLE.match(body):  # an inline article
            article = article_title = _article_name(body)
            article_size, inner = 0.0, ""
        parts = [part for _, part, _ in stack] + [part for part in (article_title, inner) if part]
        blocks.append(DocBlock(kind, start, start + len(block.text), page_index, block.text,
                               level if level is not None else 0, PATH_SEPARATOR.join(parts), article))
    return text, starts, blocks


def _inside_article(block: TextBlock, text: str, article: str, article_size: float) -> bool:
    """A heading that belongs to the open article, not to the section tree: a member ("Lid 2"), also when
    the article heading itself was missed, or a heading set smaller than the article's own heading."""
    smaller = block.size > 0 and article_size > 0 and block.size < article_size - 0.01
    return bool(_MEMBER.match(text)) or bool(article and smaller)


def _article_name(text: str) -> str:
    match = ARTICLE.match(text)
    return f"Artikel {match.group(1)}" if match else ""
