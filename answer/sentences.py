"""Candidate answer sentences inside retrieved passages, with bullet items kept after their lead-in.

Heading lines are never candidates: a line that is one of the passage's section titles, or a short line
standing alone without sentence punctuation ("128 sectorconsulenten en 3 intersectorale adviseurs"), only
names what follows it. A signature is the exception: a person's name on a line of its own with the role on
the next line ("Karin Komdeur" / "Programmamanager RES West-Overijssel") is one candidate, name and role
joined by a space (a quote stays verbatim but for whitespace), the answer to "Wie is programmamanager …?".

A table row ("Vergoeding privé-ruimte … | € 72,23 | € 73,13 | € 75,32") carries its table's column header
("was | 1-9-2015 | 1-1-2016"): the first row of the table when it holds no amounts. Without it a row says
neither which column is which date nor what the question's "per 1 januari 2016" is matched against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.types import Passage
from ingest.chunker import sentence_spans
from ingest.sections import PATH_SEPARATOR
from ingest.structure import BULLET, contact_details
from ingest.types import CELL_SEPARATOR

_MIN_WORDS = 4
_MAX_ITEM_WORDS = 45
_MAX_HEADLINE_WORDS = 12
_LETTERHEAD_DETAILS = 3
# "…in de rijksdienst.De departementen…": text converted from Markdown sometimes lost the space after a period.
_GLUED = re.compile(r"(?<=[a-zà-ÿ)]{2}[.!?])(?=[A-ZÀ-Ý][a-zà-ÿ])")
# A person's name as signed: capitalised words or initials, Dutch particles between them ("T.A. de Bree").
_CAPITALISED = r"(?:[A-ZÀ-Ý][a-zà-ÿ'’-]+|(?:[A-Z]\.)+)"
_PERSON = re.compile(rf"{_CAPITALISED}(?:\s+(?:(?:van|de|der|den|ter|ten|het|in|'t)\s+)*{_CAPITALISED}){{1,3}}")
_MAX_ROLE_WORDS = 8
# "Windladder trede 1 = 10 punten": a term with its value on a line of its own is data, not a heading.
VALUE_LINE = re.compile(r"\S\s+=\s+\S")
_AMOUNT = re.compile(r"€|\d,\d")  # a row with amounts is data, not a table's column header
# The role under a signature starts with a function ("Programmamanager", "Gedeputeerde", "Secretaris-generaal").
_ROLE = re.compile(r"\w*(?:manager|directeur|voorzitter|secretaris|minister|gedeputeerde|burgemeester|wethouder|"
                   r"leider|coördinator|coordinator|adviseur|hoofd|consulent|griffier|commissaris|ambtenaar)\b", re.I)


@dataclass(frozen=True)
class Sentence:
    """A sentence (or bullet item) of a passage; ``items`` are the bullets that follow a lead-in.

    ``start`` is its offset in the passage text (document order, and the page it is on); ``header`` the
    column header of the table the sentence is a row of."""

    passage_index: int
    order: int
    text: str
    items: tuple[str, ...] = ()
    start: int = 0
    header: str = ""

    @property
    def quoted(self) -> str:
        """What a citation quotes: the sentence and its items as they stand in the passage."""
        return self.text + "".join(f"\n• {item}" for item in self.items)

    @property
    def full_text(self) -> str:
        """What the sentence's terms and kind are judged on: the quote, under its table's column header if it
        is a row (its vector is the quote's: a header shared by every row would make them all alike)."""
        return f"{self.header}\n{self.quoted}" if self.header else self.quoted


@dataclass(frozen=True)
class _Unit:
    text: str
    start: int
    alone: bool  # the whole block (between blank lines) is this one line


def _continues(previous: str, line: str) -> bool:
    """A wrapped line continues the previous one; a line after a title-like line, and a table row (a salary
    scale's "1 | 1497,39 | 1542,31" after the row above it), start a new unit."""
    if BULLET.match(line) or CELL_SEPARATOR in line:
        return False
    first = line[:1]
    return not previous.rstrip().endswith((".", ":", ";", "!", "?")) and (first.islower() or first.isdigit() or first in "(‘'\"€")


def _units(text: str) -> list[_Unit]:
    """Paragraphs, headings and bullet items with their offsets; wrapped lines inside one sentence are joined."""
    units: list[_Unit] = []
    for block in re.finditer(r"\S(?:[^\n]|\n(?![ \t]*\n))*", text):
        lines = [(block.start() + m.start(), m.group().rstrip()) for m in re.finditer(r"\S[^\n]*", block.group())]
        group: list[tuple[int, str]] = []
        for start, line in lines:
            if group and not _continues(group[-1][1], line):
                units.append(_Unit(" ".join(part for _, part in group), group[0][0], False))
                group = []
            group.append((start, line))
        units.append(_Unit(" ".join(part for _, part in group), group[0][0], len(lines) == 1))
    return units


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def section_titles(passage: Passage) -> set[str]:
    """The passage's section titles (every part of its heading path), normalised."""
    return {_normal(part) for part in passage.heading.split(PATH_SEPARATOR) if part.strip()}


def is_heading_line(text: str, alone: bool, titles: set[str]) -> bool:
    """A section title of the passage, a letterhead line (addresses, telephone, KvK, IBAN: three kinds of
    contact details or more), or a short line of its own without sentence punctuation (a heading, or a
    title-page or running line such as "bij het sectorconvenant 2021-2022 Lokale besturen"), unless it is a
    table row or a term with its value ("Windladder trede 1 = 10 punten")."""
    if _normal(text) in titles or contact_details(text) >= _LETTERHEAD_DETAILS:
        return True
    words = len(text.split())
    return (alone and words <= _MAX_HEADLINE_WORDS and not text.rstrip().endswith((".", "!", "?", ":", ";", ","))
            and CELL_SEPARATOR not in text and not VALUE_LINE.search(text))


def _signatures(units: list[_Unit]) -> list[_Unit]:
    """The units with each signature (a name line and the role line under it) joined into one."""
    joined: list[_Unit] = []
    skip = False
    for unit, after in zip(units, units[1:] + [None]):
        if skip:
            skip = False
            continue
        if (after is not None and unit.alone and after.alone and _PERSON.fullmatch(unit.text)
                and len(after.text.split()) <= _MAX_ROLE_WORDS and _ROLE.match(after.text)):
            joined.append(_Unit(f"{unit.text} {after.text}", unit.start, False))
            skip = True
        else:
            joined.append(unit)
    return joined


def split_sentences(passage: Passage, passage_index: int) -> list[Sentence]:
    """Sentences of a passage in reading order; headings and very short fragments are skipped.

    A bullet item is a candidate of its own, and its first sentence is also attached to the lead-in sentence
    ("… de volgende acties:") so that a list question can be answered with the whole list. A lead-in followed by
    a paragraph instead ("Als uitsluitingsgebied zijn aangewezen:" / "Nationaal Landschap IJsseldelta en …") is
    one sentence with that paragraph's first sentence: alone it names nothing.
    """
    sentences: list[Sentence] = []
    lead_in: int | None = None
    titles = section_titles(passage)
    in_table, table_header = False, ""
    for unit in _signatures(_units(passage.text)):
        body, offset = unit.text, unit.start
        is_item, continued = bool(BULLET.match(body)), None
        is_row = not is_item and CELL_SEPARATOR in body
        row_header = table_header if is_row and in_table else ""
        if is_row and not in_table:
            table_header = "" if _AMOUNT.search(body) else body
        in_table = is_row
        if is_item:
            marker = BULLET.match(body).end()
            body, offset = body[marker:].strip(), offset + marker
            if lead_in is not None:  # the lead-in lists the item by its first sentence
                first = _sentence_spans(body)[0] if body else (0, 0)
                head = sentences[lead_in]
                item = body[first[0]:first[1]].strip()
                if len(item.split()) <= _MAX_ITEM_WORDS:
                    sentences[lead_in] = Sentence(head.passage_index, head.order, head.text, head.items + (item,), head.start)
        else:
            continued = lead_in if lead_in is not None and not is_row and not sentences[lead_in].items else None
            lead_in = None
            if is_heading_line(body, unit.alone, titles):
                continue
        for start, end in _sentence_spans(body):
            text = body[start:end].strip()
            if continued is not None and len(text.split()) <= _MAX_ITEM_WORDS:  # "… zijn aangewezen:" + what
                head = sentences[continued]
                sentences[continued] = Sentence(head.passage_index, head.order, f"{head.text} {text}", start=head.start)
                continued = None
                continue
            continued = None
            if len(text.split()) >= _MIN_WORDS:
                sentences.append(Sentence(passage_index, len(sentences), text, start=offset + start, header=row_header))
        if not is_item and sentences and sentences[-1].text.endswith(":"):
            lead_in = len(sentences) - 1
    return sentences


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for start, end in sentence_spans(text, 0, len(text)):
        cuts = [start] + [m.start() for m in _GLUED.finditer(text, start, end)] + [end]
        spans.extend(zip(cuts, cuts[1:]))
    return spans
