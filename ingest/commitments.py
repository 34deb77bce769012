"""Rule-based extraction of commitments (engagementen) from every kind of policy document.

A commitment is a sentence or list item in which an actor commits to a future action or which states
an agreed measure that will be carried out (the definition of eval/commitments/README.md). Every
document type is read; its genre (convenant, circular, letter, minutes, government agreement, ...,
see ingest/commitment_actors.py) steers who the actor is, not whether to look.

The document is walked block by block over the section tree (ingest/sections.py). Each sentence is
judged by ingest/commitment_language.py; a list lead-in that commits ("De sector engageert zich tot de
volgende acties:", "zijn de volgende aanvullende afspraken gemaakt:") makes each item a commitment of
its actor and is not itself one; a lead-in followed by a table is. A heading that is a whole committing
sentence ("2. We introduceren een omgevingsfonds.") counts, without its number. Each commitment keeps
its exact span, the page its sentence starts on, its section path, article and a confidence.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ingest.chunker import sentence_spans
from ingest.commitment_actors import Authorship, authorship, named_subject, sentence_actor
from ingest.commitment_language import HIGH, judge
from ingest.sections import PATH_SEPARATOR, DocBlock, document_structure
from ingest.types import Chunk, Commitment, DocumentMeta, Page

# Every document type can hold commitments (kept as a set for callers that filter by type).
COMMITMENT_TYPES = frozenset({"convenant", "addendum", "beleidstekst", "regelgeving"})
ACTORS = ("Vlaamse Regering", "sector", "sectorconsulenten", "partijen", "minister", "werkgever", "Gedeputeerde Staten")
# Bump when the rules change what is extracted (stored commitments are then extracted again).
EXTRACTOR_VERSION = 3

_ITEM = re.compile(r"^(?:[•●▪◦·\-–*]\s*|\d{1,2}[.)]\s+|[a-z][.)]\s*(?=[a-zà-ÿ‘'(]))")
_HEADING_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]?|[IVX]{1,4}\.|[a-z][.)])\s+")
_COMMITTING_LIST = re.compile(r"\bvolgende\s+(?:\w+\s+){0,2}(?:acties|maatregelen|engagementen|verbintenissen|initiatieven|"
                              r"afspraken|punten|aanpassingen|wijzigingen|loonafspraken)\b|\bals\s+volgt\s+(?:aangepast|gewijzigd)\b", re.I)
_CONDITIONS = re.compile(r"\b(?:indien|als|wanneer|mits|op\s+voorwaarde\s+dat)\s*:$", re.I)
_CHAPTER_ACTOR = re.compile(r"\b(?:verbintenissen|engagementen|verbintenis|engagement)\s+van\b(?P<rest>.*)", re.I)
_ANNEX = re.compile(r"^(Bijlage\s+[\dIVXL]+)\b", re.I)
_LIST_TAIL = re.compile(r"(?<=[.!?])\n(?=[A-ZÀ-Ý])")  # a paragraph glued to the last bullet (no blank line in PDFs)
# Extra sentence cuts: glued sentences ("2004.De uitbetaling"), a colon before a new sentence, and a line
# that opens with an actor after a table row without a full stop.
_GLUED = re.compile(r"(?<=[a-zà-ÿ0-9)%.]{2}[.;])(?=[A-ZÀ-Ý][a-zà-ÿ])|(?<=[a-zà-ÿ)]:)\s+(?=(?:We|Wij|Partijen|De|Het|Er)\s)")
_ACTOR_LINE = re.compile(r"\n(?=(?:De|Het)\s+(?:Vlaamse\s+Regering|sector\w*|sociale\s+partners)\b)")
_MIN_HEADING_WORDS = 5
# A lead-in whose items finish its sentence ("De Vlaamse Regering zal:", "… verbindt zich ertoe om:"): the items
# are the lead-in's actor's, whatever noun they open with ("de sector ondersteunen bij …").
_OPEN_LEAD_IN = re.compile(r"\b(?:zal|zullen|om|ertoe|toe|te|tot|wil|willen|gaat|gaan|zich|wordt|worden)\s*:$", re.I)


@dataclass(frozen=True)
class _Unit:
    kind: str  # 'heading', 'article', 'paragraph', 'bullet' or 'table'
    start: int
    end: int
    path: str = ""  # the section path the unit stands in
    article: str = ""


@dataclass
class _Context:
    """What the walk knows at a unit: article, section path, the chapter's and article's actor."""

    article: str = ""
    path: str = ""
    chapter_actor: str | None = None
    article_actor: str | None = None

    @property
    def actor(self) -> str | None:
        return self.article_actor or self.chapter_actor


def _heading_actor(heading: str, who: Authorship) -> str | None:
    """The actor of a chapter "Verbintenissen van de sector" (None for other headings)."""
    match = _CHAPTER_ACTOR.search(heading)
    if not match:
        return None
    rest = re.sub(r"^\s*(?:de|het)\s+", "", match.group("rest").strip(), flags=re.I)
    actor = sentence_actor(rest, who)
    return actor if actor != who.impersonal or re.search(r"partijen", rest, re.I) else None


def _units(text: str, blocks: list[DocBlock]) -> list[_Unit]:
    """Blocks of the text, with a paragraph glued to a list split off and page-broken paragraphs joined."""
    units: list[_Unit] = []
    for block in blocks:
        if block.kind in {"toc", "footnote"}:
            continue
        if block.kind in {"heading", "table"}:
            kind = "article" if block.kind == "heading" and block.level == 0 else block.kind
            units.append(_Unit(kind, block.start, block.end, block.path, block.article))
            continue
        starts = [block.start]
        if block.kind == "bullet":
            starts += [block.start + m.end() for m in _LIST_TAIL.finditer(block.text)]
        for i, start in enumerate(starts):
            end = starts[i + 1] - 1 if i + 1 < len(starts) else block.end
            kind = "bullet" if (i == 0 and block.kind == "bullet") or _ITEM.match(text[start:end]) else "paragraph"
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


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end], also cut at glued sentences, before a new sentence after a
    colon, and where a line opens with an actor."""
    spans = []
    for first, last in sentence_spans(text, start, end):
        cuts = sorted({first, *(m.end() for m in _GLUED.finditer(text, first, last)),
                       *(m.end() for m in _ACTOR_LINE.finditer(text, first, last)), last})
        for a, b in zip(cuts, cuts[1:]):
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                spans.append((a, b))
    return spans


def _clean(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class JudgedSentence:
    """A sentence the rules judged, with the judgement's score and cue, whether it was a list item under a
    committing lead-in and whether it stood among the items of an explaining list."""

    text: str
    start: int
    end: int
    score: float
    cue: str
    listed: bool
    explaining: bool


@dataclass(frozen=True)
class _Found:
    actor: str
    start: int
    end: int
    article: str
    path: str
    score: float


class _Walk:
    """One pass over the units of a document, collecting commitments."""

    def __init__(self, text: str, units: list[_Unit], who: Authorship):
        self.text, self.units, self.who = text, units, who
        self.found: list[_Found] = []
        self.judged: list[JudgedSentence] = []  # every sentence judged, kept or not (for evaluation)
        self.context = _Context()
        self.open_lead_in = False  # the items finish the lead-in's sentence ("De Vlaamse Regering zal:")
        self.explaining = False  # inside the items of a lead-in that does not commit ("Het betreft:")

    def run(self) -> list[_Found]:
        list_actor: str | None = None  # the actor of a committing lead-in, while its items follow
        list_open = False  # items follow a lead-in (committing or not)
        for index, unit in enumerate(self.units):
            body = self.text[unit.start : unit.end]
            if unit.kind in {"heading", "article"}:
                list_actor, list_open, self.explaining = None, False, False
                self._heading(unit, body)
                continue
            if unit.article and unit.article != self.context.article:  # an inline article: "Artikel 1. De …"
                self.context.article, self.context.article_actor = unit.article, None
            self.context.path = unit.path
            if unit.kind == "table":
                continue
            next_kind = self.units[index + 1].kind if index + 1 < len(self.units) else ""
            if unit.kind == "bullet" and list_open:
                lead_in = self._item(unit, list_actor, next_kind)
                if lead_in:  # the item ends with the lead-in of a new list
                    list_actor, self.explaining = lead_in
                continue
            list_actor, list_open, self.explaining = None, False, False
            spans = sentences(self.text, unit.start, unit.end)
            if unit.kind == "bullet":  # an item without a lead-in: its mark is no part of the text
                spans = self._without_mark(spans)
            for number, (start, end) in enumerate(spans):
                sentence = _clean(self.text[start:end])
                if number == len(spans) - 1 and sentence.endswith(":") and next_kind == "bullet":
                    list_open, (list_actor, self.explaining) = True, self._open_list(sentence, start, end)
                    continue
                if number < len(spans) - 1 and sentence.endswith(":"):
                    continue  # a lead-in to what follows in the same paragraph ("… het volgende afgesproken: We …")
                self._sentence(start, end)
        return self.found

    def _heading(self, unit: _Unit, body: str) -> None:
        context = self.context
        if unit.kind == "article":
            context.article, context.article_actor = unit.article, _heading_actor(body, self.who)
        else:
            annex = _ANNEX.match(body)
            context.article = annex.group(1) if annex else ""
            context.chapter_actor, context.article_actor = _heading_actor(body, self.who), None
        context.path = unit.path
        title = _clean(body)
        number = _HEADING_NUMBER.match(title)
        start = unit.start + (number.end() if number else 0)
        sentence = title[number.end():] if number else title
        if len(sentence.split()) < _MIN_HEADING_WORDS or _CHAPTER_ACTOR.search(sentence):
            return
        judgement = judge(sentence, passive_measures=self.who.passive_measures)
        if judgement.is_commitment:
            parent = PATH_SEPARATOR.join(unit.path.split(PATH_SEPARATOR)[:-1])
            actor = sentence_actor(sentence, self.who, context.actor)
            self.found.append(_Found(actor, start, unit.end, context.article, parent, min(judgement.score, HIGH - 0.05)))

    def _without_mark(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        if not spans:
            return spans
        start, end = spans[0]
        mark = _ITEM.match(self.text[start:end])
        return [(start + (mark.end() if mark else 0), end)] + spans[1:]

    def _open_list(self, sentence: str, start: int, end: int) -> tuple[str | None, bool]:
        """(actor whose commitments the items are or None, whether the items only explain): a lead-in that
        commits gives its actor to the items; one that lists conditions is itself the commitment; after
        any other lead-in ("Het betreft:", "geschiedt als volgt:") only clear commitment language counts."""
        self.open_lead_in = bool(_OPEN_LEAD_IN.search(sentence))
        if _CONDITIONS.search(sentence):
            self._sentence(start, end)
            return None, True
        judgement = judge(sentence.rstrip(":"), passive_measures=self.who.passive_measures)
        if judgement.is_commitment or _COMMITTING_LIST.search(sentence):
            actor = sentence_actor(sentence, self.who, self.context.actor)
            if self.who.genre == "convenant" and actor == self.who.impersonal and not judgement.is_commitment:
                actor = self.context.actor or "sector"  # a convenant's action plan without an actor: the sector's
            return actor, False
        return None, True

    def _item(self, unit: _Unit, list_actor: str | None, next_kind: str) -> tuple[str | None, bool] | None:
        """The commitments of a list item; returns the new list state when the item ends with a lead-in."""
        spans = self._without_mark(sentences(self.text, unit.start, unit.end))
        for number, (start, end) in enumerate(spans):
            sentence = _clean(self.text[start:end])
            if number == len(spans) - 1 and number > 0 and sentence.endswith(":") and next_kind == "bullet":
                return self._open_list(sentence, start, end)
            listed = number == 0 and list_actor is not None
            self._sentence(start, end, listed=listed, context=list_actor)
        return None

    def _sentence(self, start: int, end: int, *, listed: bool = False, context: str | None = None) -> None:
        sentence = _clean(self.text[start:end])
        named = named_subject(sentence, self.who) is not None
        passive = self.who.passive_measures and not self.explaining
        judgement = judge(sentence, passive_measures=passive, listed=listed, named_subject=named)
        self.judged.append(JudgedSentence(sentence, start, end, judgement.score, judgement.cue, listed, self.explaining))
        if not judgement.is_commitment:
            return
        context = context or self.context.actor
        actor = sentence_actor(sentence, self.who, context)
        if listed and context and (actor in {self.who.impersonal, self.who.we} or self.open_lead_in):
            actor = context  # an item without a subject of its own belongs to its lead-in
        self.found.append(_Found(actor, start, end, self.context.article, self.context.path, judgement.score))


def _chunk_for(chunks: list[Chunk], start: int, end: int) -> str:
    """Id of the first chunk holding the whole span, else of the first holding its start."""
    holding = [c for c in chunks if c.char_start <= start < c.char_end]
    whole = [c for c in holding if end <= c.char_end]
    return (whole or holding)[0].chunk_id if holding else ""


def extract_commitments(meta: DocumentMeta, pages: list[Page], chunks: list[Chunk]) -> list[Commitment]:
    """The commitments of a document of any type, themes still empty."""
    text, page_starts, blocks = document_structure(pages, meta.title)
    who = authorship(meta, text, meta.author)
    commitments = []
    for found in _Walk(text, _units(text, blocks), who).run():
        page = pages[bisect.bisect_right(page_starts, found.start) - 1]
        commitments.append(Commitment(
            actor=found.actor, text=_clean(text[found.start:found.end]), article=found.article, heading=found.path,
            page=page.number, page_label=page.label, chunk_id=_chunk_for(chunks, found.start, found.end),
            confidence=found.score, char_start=found.start, char_end=found.end,
        ))
    return commitments


def judged_sentences(meta: DocumentMeta, pages: list[Page]) -> list[JudgedSentence]:
    """Every sentence the rules judged in a document, commitment or not (headings not included)."""
    text, _, blocks = document_structure(pages, meta.title)
    walk = _Walk(text, _units(text, blocks), authorship(meta, text, meta.author))
    walk.run()
    return walk.judged
