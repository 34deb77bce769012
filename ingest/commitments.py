"""Rule-based extraction of commitments (engagementen) from convenants and addenda.

A commitment is a sentence or bullet item in which an actor commits to an action. The actor comes
from the sentence itself ("De sector verbindt zich ertoe ..."), from the lead-in of a bullet list
("De sector engageert zich tot de volgende acties:" — each item is one commitment) or, for reflexive
commitment phrases without a subject of their own, from the chapter or article it stands in
("Verbintenissen van de Vlaamse Regering"). Works on the cleaned pages, with the offsets the chunker
uses, so every commitment knows its page and chunk.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ingest.chunker import sentence_spans
from ingest.sections import DocBlock, document_structure
from ingest.structure import BULLET
from ingest.types import Chunk, Commitment, DocumentMeta, Page

COMMITMENT_TYPES = frozenset({"convenant", "addendum"})
ACTORS = ("Vlaamse Regering", "sector", "sectorconsulenten")
# Bump when the rules change what is extracted (stored commitments are then extracted again).
EXTRACTOR_VERSION = 1

_ACTOR_PATTERNS = (
    ("Vlaamse Regering", r"Vlaamse\s+(?:Regering|overheid)|Vlaamse?\s+minister"),
    ("sectorconsulenten", r"sectorconsulent(?:en)?"),
    ("sector", r"(?:sectorale\s+)?sociale\s+partners|\w*sector"),
)
_ACTOR = "|".join(f"(?P<a{i}>{pattern})" for i, (_, pattern) in enumerate(_ACTOR_PATTERNS))
# Future and reflexive commitment language, anywhere in the sentence.
_PROMISE = r"\bverbind(?:t|en)\s+zich\b|\bengage(?:ert|ren|erde|erden)\s+zich\b|\bzal\b|\bzullen\b|\bverplicht(?:en)?\s+zich\b"
# Verbs of action that make a commitment when they follow the actor ("De sectorconsulenten begeleiden ...").
_ACTION = (r"ondersteun(?:t|en)|begeleid(?:t|en)|voorzie(?:t|n)|neemt\s+deel|nemen\s+deel|organiseert|organiseren|"
           r"zorg(?:t|en)\s+voor|werk(?:t|en)\s+samen|financier(?:t|en)|subsidieert|subsidiëren|investeert|investeren")
# A lead-in that announces a list of actions ("Het actieplan omvat de volgende acties:").
_ACTION_LIST = re.compile(r"\bvolgende\s+(?:acties|maatregelen|engagementen|verbintenissen|initiatieven)\b", re.I)

_SUBJECT = re.compile(rf"^(?:(?:de|het)\s+)?(?:{_ACTOR})\b", re.I)
_INVERTED = re.compile(rf"\b(?:zal|zullen|verbindt|verbinden|engageert|engageren)\s+(?:de|het)\s+(?:{_ACTOR})\b", re.I)
_ANYWHERE = re.compile(rf"\b(?:{_ACTOR})\b", re.I)
_PROMISES = re.compile(_PROMISE, re.I)
_REFLEXIVE = re.compile(r"\bzich\s+ertoe\b|\b(?:verbind|engage)\w*\s+zich\b", re.I)
_ACTS_AFTER_SUBJECT = re.compile(rf"^(?:(?:de|het)\s+)?(?:{_ACTOR})(?:\s+\S+){{0,3}}?\s+(?:{_ACTION})\b", re.I)
_CHAPTER_ACTOR = re.compile(r"\b(?:verbintenissen|engagementen|verbintenis|engagement)\s+van\b(?P<rest>.*)", re.I)
_ANNEX = re.compile(r"^(Bijlage\s+[\dIVXL]+)\b", re.I)
_LIST_TAIL = re.compile(r"(?<=[.!?])\n(?=[A-ZÀ-Ý])")  # a paragraph glued to the last bullet (no blank line in PDFs)
# A line that opens with a capitalised actor starts a sentence, even after a table row without a full stop.
_ACTOR_LINE = re.compile(rf"\n(?=(?:De|Het)\s+(?:{_ACTOR})\b)")


@dataclass(frozen=True)
class _Unit:
    kind: str  # 'heading', 'article', 'paragraph' or 'bullet'
    start: int
    end: int
    path: str = ""  # the section path the unit stands in
    article: str = ""


def _actor_of(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    return next(name for i, (name, _) in enumerate(_ACTOR_PATTERNS) if match.group(f"a{i}"))


def sentence_actor(sentence: str, context_actor: str | None) -> str | None:
    """The actor who commits in ``sentence``, or None when it is no commitment.

    ``context_actor`` is the actor of the chapter or article ("Verbintenissen van de sector").
    """
    subject = _actor_of(_SUBJECT.match(sentence))
    if subject and (_PROMISES.search(sentence) or _ACTS_AFTER_SUBJECT.match(sentence)):
        return subject
    inverted = _actor_of(_INVERTED.search(sentence))
    if inverted:
        return inverted
    if context_actor and _REFLEXIVE.search(sentence) and not subject:
        return context_actor
    return None


def lead_in_actor(lead: str, context_actor: str | None) -> str | None:
    """The actor of a lead-in sentence ("Daartoe zal de sector:") whose bullet items are commitments."""
    actor = sentence_actor(lead, context_actor)
    if actor:
        return actor
    if _PROMISES.search(lead):
        return _actor_of(_ANYWHERE.search(lead)) or context_actor
    if _ACTION_LIST.search(lead):  # without an actor of its own: the chapter's, else the sector's action plan
        return context_actor or "sector"
    return None


def _heading_actor(heading: str) -> str | None:
    match = _CHAPTER_ACTOR.search(heading)
    return _actor_of(_ANYWHERE.search(match.group("rest"))) if match else None


def _units(text: str, blocks: list[DocBlock]) -> list[_Unit]:
    """Blocks of the text, with a paragraph glued to a list split off and page-broken paragraphs joined."""
    units: list[_Unit] = []
    for block in blocks:
        if block.kind in {"toc", "footnote"}:
            continue
        if block.kind == "heading":
            units.append(_Unit("article" if block.level == 0 else "heading", block.start, block.end, block.path,
                               block.article))
            continue
        starts = [block.start]
        if block.kind == "bullet":
            starts += [block.start + m.end() for m in _LIST_TAIL.finditer(block.text)]
        for i, start in enumerate(starts):
            end = starts[i + 1] - 1 if i + 1 < len(starts) else block.end
            kind = block.kind if i == 0 and block.kind == "bullet" else "paragraph"
            if kind == "paragraph" and units and _continues(text, units[-1], start):
                previous = units[-1]
                units[-1] = _Unit(previous.kind, previous.start, end, previous.path, previous.article)
            else:
                units.append(_Unit(kind, start, end, block.path, block.article))
    return units


def _continues(text: str, previous: _Unit, start: int) -> bool:
    """A paragraph that goes on from the previous page: lower-case start, previous text unfinished."""
    unfinished = not text[previous.start : previous.end].rstrip().endswith((".", ":", ";", "!", "?"))
    return previous.kind in {"paragraph", "bullet"} and text[start : start + 1].islower() and unfinished


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph, also cut where a line opens with an actor."""
    spans = []
    for first, last in sentence_spans(text, start, end):
        cuts = [first] + [m.end() for m in _ACTOR_LINE.finditer(text, first, last)] + [last + 1]
        spans.extend((a, b - 1) for a, b in zip(cuts, cuts[1:]))
    return spans


def _spans(text: str, units: list[_Unit]) -> list[tuple[str, int, int, str, str]]:
    """(actor, start, end, article, heading) of every commitment, in reading order."""
    found: list[tuple[str, int, int, str, str]] = []
    article = heading = ""
    chapter_actor = article_actor = None
    list_actor: str | None = None
    for index, unit in enumerate(units):
        body = text[unit.start : unit.end]
        if unit.kind in {"heading", "article"}:
            list_actor = None
            if unit.kind == "article":
                article, article_actor = unit.article, _heading_actor(body)
            else:
                annex = _ANNEX.match(body)
                article, chapter_actor, article_actor = (annex.group(1) if annex else ""), _heading_actor(body), None
            heading = unit.path
            continue
        if unit.article and unit.article != article:  # an article written inline: "Artikel 1. De … verbindt"
            article, article_actor = unit.article, None
        context = article_actor or chapter_actor
        if unit.kind == "bullet":
            item = BULLET.match(body)
            start = unit.start + (item.end() if item else 0)
            actor = list_actor or sentence_actor(" ".join(text[start : unit.end].split()), context)
            if actor:
                found.append((actor, start, unit.end, article, heading))
            continue
        list_actor = None
        sentences = _sentences(text, unit.start, unit.end)
        next_is_list = index + 1 < len(units) and units[index + 1].kind == "bullet"
        for number, (start, end) in enumerate(sentences):
            sentence = " ".join(text[start:end].split())
            if number == len(sentences) - 1 and next_is_list and sentence.endswith(":"):
                list_actor = lead_in_actor(sentence, context)
                continue
            actor = sentence_actor(sentence, context)
            if actor:
                found.append((actor, start, end, article, heading))
    return found


def _chunk_for(chunks: list[Chunk], start: int, end: int) -> str:
    """Id of the first chunk holding the whole span, else of the first holding its start."""
    holding = [c for c in chunks if c.char_start <= start < c.char_end]
    whole = [c for c in holding if end <= c.char_end]
    return (whole or holding)[0].chunk_id if holding else ""


def extract_commitments(meta: DocumentMeta, pages: list[Page], chunks: list[Chunk]) -> list[Commitment]:
    """The commitments of a convenant or addendum (none for other document types), themes still empty."""
    if meta.doc_type not in COMMITMENT_TYPES:
        return []
    text, page_starts, blocks = document_structure(pages, meta.title)
    commitments = []
    for actor, start, end, article, heading in _spans(text, _units(text, blocks)):
        page = pages[bisect.bisect_right(page_starts, start) - 1]
        commitments.append(Commitment(
            actor=actor, text=" ".join(text[start:end].split()), article=article, heading=heading,
            page=page.number, page_label=page.label, chunk_id=_chunk_for(chunks, start, end),
        ))
    return commitments
