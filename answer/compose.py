"""Which scored sentences make the answer: one coherent place, a second one only when it adds something.

The place is the passage of the anchor sentence: the best sentence, or for "wat/wie is X" a sentence of the
section titled X (a definition list's entry, its sentence naming X first) or else the best sentence that
names X, or for a list question the best lead-in with its items. The answer is the anchor's passage's
sentences that score close to it and the sentence right after the anchor (for a why-question also the one right
before it), in document order. Another passage
is added only when it comes from the other of two sectors the question names, or holds a number the question
asks about that the first place lacks ("in 2003 … en in 2010?"); else when it contradicts the first (a
different figure for the same thing in another document: 120 vs 128 sectorconsulenten), or answers a part of
a two-part question that the first place leaves open ("…, en wanneer is het tijdvak?"), or
when its best sentence scores as high as the first place and covers question terms the first place does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from answer.answerability import kind_satisfied, passage_numbers
from answer.questions import question_kind, question_parts
from answer.sentences import VALUE_LINE, Sentence
from answer.terms import content_terms, covered, numbers
from index.types import Passage
from ingest.metadata import infer_sector, named_sectors
from ingest.sections import PATH_SEPARATOR

_MAX_BY_KIND = {"count": 3, "date": 3, "who": 3, "explain": 4, "why": 4}  # measured 2/3, 3/4, 4/5
_DEFINITION_MARGIN = 0.08  # how far below the best a sentence naming X may score and still define it
_LIST_MARGIN = 0.06
_SECOND_PLACE_MARGIN = 0.10
_CONFLICT_SIMILARITY = 0.02  # a conflicting figure may score lower but must be about as similar to the question
_NEAR_TIE = 0.02  # measured 0 / 0.02 / 0.04: +1-2 questions on demo, fixtures, realtexts; real -1 / 0
_SECOND_PART_MARGIN = 0.10
_SECTOR_MARGIN = 0.15  # measured 0.10 / 0.15: fix-037 needs 0.105
_SHORT_WORDS = 8
_DEFINED = re.compile(
    r"^\s*(?:en\s+)?(?:wat|wie)\s+(?:is|zijn|was|waren|betekent|betekenen|houdt|houden|bedoelt men met|"
    r"verstaat men onder|wordt verstaan onder)\s+(?P<term>.+?)(?:\s+(?:in|precies|eigenlijk))?\s*\??\s*$", re.I)


@dataclass(frozen=True)
class Scored:
    sentence: Sentence
    similarity: float
    score: float


@dataclass
class Composition:
    """The chosen sentences (grouped by place, each place in document order) and why a second place is there."""

    sentences: list[Scored]
    anchor: Scored
    conflict: bool = False
    places: list[int] = field(default_factory=list)  # passage indexes, first place first


_QUALIFIER = re.compile(r"\s+(?:volgens|in|bij|uit|binnen|tijdens|sinds|voor|na|op|per)\s.*$", re.I)


def defined_term(question: str) -> frozenset[str]:
    """The content terms of X in "Wat is X?", "Wie is X?", "Wat houdt X in?" (empty for other questions);
    a qualifier after X ("… volgens de verordening", "… in 2021") is not part of it."""
    match = _DEFINED.match(question)
    return content_terms(_QUALIFIER.sub("", match.group("term"))) if match else frozenset()


def _names(scored: Scored, terms: frozenset[str]) -> bool:
    found = content_terms(scored.sentence.full_text)
    return all(covered(t, found) for t in terms)


def _titled(passage: Passage, terms: frozenset[str]) -> bool:
    """The passage's own section is titled X (a definition list's term, "Relancetoets")."""
    return content_terms(passage.heading.split(PATH_SEPARATOR)[-1]) == terms


def _anchor(kind: str, question: str, scored: list[Scored], passages: list[Passage]) -> Scored:
    best = scored[0]
    term = defined_term(question)
    if term:
        titled = [s for s in scored if _titled(passages[s.sentence.passage_index], term)]
        naming = ([s for s in titled if _names(s, term)] or titled
                  or [s for s in scored if s.score >= best.score - _DEFINITION_MARGIN and _names(s, term)])
        if naming:
            return naming[0]
    if kind == "list":  # the best enumeration: a lead-in with its items, or a sentence naming several things
        lists = [s for s in scored if s.score >= best.score - _LIST_MARGIN
                 and kind_satisfied("list", question, s.sentence.full_text)]
        if lists:
            return lists[0]
    return best


def redundant(candidate: Scored, chosen: list[Scored]) -> bool:
    """The candidate repeats a chosen sentence (contained in it, or nearly the same words and no figure of its
    own: "… van € 135,46 verhoogd tot € 138,17" is another fact than "… van € 131,82 verhoogd tot € 135,12")."""
    text = candidate.sentence.text
    terms, figures = content_terms(text), numbers(text)
    for other in chosen:
        if text in other.sentence.quoted or other.sentence.text in candidate.sentence.quoted:
            return True
        other_terms = content_terms(other.sentence.text)
        if (terms and len(terms & other_terms) / len(terms | other_terms) > 0.7
                and figures <= numbers(other.sentence.text)):
            return True
    return False


def _place(kind: str, anchor: Scored, scored: list[Scored], max_sentences: int, margin: float) -> list[Scored]:
    """The anchor's passage's sentences within ``margin`` of it, in document order."""
    if anchor.sentence.items:
        return [anchor]
    limit = max_sentences if kind == "list" else min(max_sentences, _MAX_BY_KIND.get(kind, max_sentences))
    chosen = [anchor]
    for candidate in scored:
        if len(chosen) >= limit:
            break
        if (candidate is not anchor and candidate.sentence.passage_index == anchor.sentence.passage_index
                and candidate.score >= anchor.score - margin and not redundant(candidate, chosen)):
            chosen.append(candidate)
    return sorted(chosen, key=lambda s: s.sentence.start)


def _next_sentences(anchor: Scored, scored: list[Scored], chosen: list[Scored]) -> list[Scored]:
    """The sentence right after the anchor in its passage, when not chosen already: it usually completes the
    anchor ("De som komt boven de 2 TWh uit." — "Deze overprogrammering is het gevolg van …"). Measured
    (correct): demo 0.676 -> 0.704, realtexts 0.608 -> 0.633, real 0.438 -> 0.483, fixtures unchanged; only
    after an anaphoric opener ("Dit", "Daardoor", …): real +2, others 0; only within the sentence limit: one
    question fewer on realtexts and real. A short one ("Dit laten wij aan gemeenten over.") rarely completes
    it alone: the sentence after it comes too."""
    if anchor.sentence.items:
        return []
    following = sorted((s for s in scored if s.sentence.passage_index == anchor.sentence.passage_index
                        and s.sentence.start > anchor.sentence.start), key=lambda s: s.sentence.start)
    taken = []
    for after in following[:2]:
        if not any(after is c for c in chosen):
            taken.append(after)
        if len(after.sentence.text.split()) >= _SHORT_WORDS:
            break
    return taken


def _sentence_before(anchor: Scored, scored: list[Scored]) -> list[Scored]:
    """The sentence right before the anchor in its passage: for a why-question it usually gives the reason for the
    measure the anchor names ("De voedingsindustrie kampt met een imagoprobleem bij jongeren …" before "De sociale
    partners engageren zich om de campagne ‘Food at Work’ voort te zetten"). Measured (correct): fixtures +1,
    realtexts +2, demo and real unchanged, no answer turned wrong."""
    before = [s for s in scored if s.sentence.passage_index == anchor.sentence.passage_index
              and s.sentence.start < anchor.sentence.start]
    return [max(before, key=lambda s: s.sentence.start)] if before else []


def _scale_key(text: str) -> str:
    """The term a value line grades ("Windladder trede 2 en 3 = 4 punten" -> "windladder trede"), or ''."""
    return " ".join(text.lower().split()[:2]) if VALUE_LINE.search(text) else ""


def _scale(chosen: list[Scored], scored: list[Scored]) -> list[Scored]:
    """The other lines of the scale a chosen value line belongs to: the value lines around it in its passage
    that grade the same term ("Windladder trede 1 = 10 punten", "Windladder trede 1 en 2 = 7 punten", …). One
    step of a scoring scheme is no answer to what the scheme gives."""
    at = {(s.sentence.passage_index, s.sentence.order): s for s in scored}
    added: list[Scored] = []
    for line in chosen:
        key = _scale_key(line.sentence.text)
        for step in (-1, 1) if key else ():
            order = line.sentence.order + step
            while (near := at.get((line.sentence.passage_index, order))) and _scale_key(near.sentence.text) == key:
                if not any(near is c for c in chosen + added):
                    added.append(near)
                order += step
    return added


def _conflicting(anchor: Scored, scored: list[Scored], passages: list[Passage]) -> Scored | None:
    """A sentence from another document that states a different figure about the same thing as the anchor."""
    anchor_doc = passages[anchor.sentence.passage_index].doc_id
    anchor_numbers, anchor_terms = numbers(anchor.sentence.text), content_terms(anchor.sentence.text)
    if not anchor_numbers:
        return None
    for candidate in scored:
        if candidate.score < anchor.score - _SECOND_PLACE_MARGIN and candidate.similarity < anchor.similarity - _CONFLICT_SIMILARITY:
            continue
        other = candidate.sentence.text
        if (passages[candidate.sentence.passage_index].doc_id != anchor_doc and numbers(other) - anchor_numbers
                and len(anchor_terms & content_terms(other)) >= 2):
            return candidate
    return None


def _missing_fact(question: str, anchor: Scored, scored: list[Scored], passages: list[Passage]) -> Scored | None:
    """The best sentence of another passage holding a number of the question that the first place lacks."""
    first = anchor.sentence.passage_index
    missing = numbers(question) - passage_numbers(passages[first])
    if not missing:
        return None
    for candidate in scored:
        if candidate.score < anchor.score - _SECOND_PLACE_MARGIN:
            return None
        index = candidate.sentence.passage_index
        if index != first and missing & passage_numbers(passages[index]):
            return candidate
    return None


def _other_sector(question: str, anchor: Scored, scored: list[Scored], passages: list[Passage]) -> Scored | None:
    """For a question about two sectors ("… de voedingsindustrie of de bouw?"): the best sentence from a passage
    of a named sector the first place is not about, within a wider margin than other second places (the
    question asks for it by name)."""
    named = named_sectors(question)
    if len(named) < 2:
        return None
    first = sector_of(passages[anchor.sentence.passage_index])
    if first not in named:
        return None
    for candidate in scored:
        if candidate.score < anchor.score - _SECTOR_MARGIN:
            return None
        if sector_of(passages[candidate.sentence.passage_index]) in named - {first}:
            return candidate
    return None


def sector_of(passage: Passage) -> str:
    """The passage's sector: its document's, else the one its file name or title names."""
    return passage.sector or infer_sector(passage.file_name, passage.title)


def _part_coverage(kind: str, part: str, terms: frozenset[str], scored: Scored, passage: Passage) -> float:
    """How much of the part's own terms the sentence (with its section and document) names; 0 when it lacks
    what the part (of question kind ``kind``) asks for (a number, a date, a reason)."""
    if not kind_satisfied(kind, part, scored.sentence.full_text):
        return 0.0
    found = content_terms(f"{scored.sentence.full_text} {passage.heading} {passage.title}") | passage_numbers(passage)
    return sum(covered(t, found) for t in terms) / len(terms) if terms else 1.0


def _open_part(question: str, chosen: list[Scored], scored: list[Scored], passages: list[Passage]) -> Scored | None:
    """For a two-part question: the best sentence that answers its second part better than the chosen ones, else
    its first part (the best sentence may answer the second: "Hoe lang duurt … volgens het PPE 2023, en welke
    doorlooptijd noemt de Tussenstand?" is first answered from the Tussenstand)."""
    first, second = question_parts(question)
    if not second:
        return None
    return (_better_for_part(second, first, chosen, scored, passages)
            or _better_for_part(first, second, chosen, scored, passages))


def _better_for_part(part: str, other: str, chosen: list[Scored], scored: list[Scored],
                     passages: list[Passage]) -> Scored | None:
    """The best sentence within the margin that answers ``part`` (judged on the terms ``other`` lacks) better than
    the chosen ones, or None when they answer it fully."""
    kind = question_kind(part)
    terms = frozenset(t for t in content_terms(part) if not covered(t, content_terms(other)))
    have = max(_part_coverage(kind, part, terms, s, passages[s.sentence.passage_index]) for s in chosen)
    if have >= 1.0:
        return None
    top = max(s.score for s in chosen)
    for candidate in scored:
        if candidate.score < top - _SECOND_PART_MARGIN:
            return None
        if (not any(candidate is c for c in chosen) and not redundant(candidate, chosen)
                and _part_coverage(kind, part, terms, candidate, passages[candidate.sentence.passage_index]) > have):
            return candidate
    return None


def _other_fact(question: str, chosen: list[Scored], scored: list[Scored]) -> Scored | None:
    """A near-tied sentence of another passage that covers question terms the first place does not."""
    anchor = chosen[0]
    asked = content_terms(question)
    have = content_terms(" ".join(s.sentence.full_text for s in chosen))
    for candidate in scored:
        if candidate.score < max(s.score for s in chosen) - _NEAR_TIE:
            return None
        if candidate.sentence.passage_index == anchor.sentence.passage_index:
            continue
        new = {t for t in asked if not covered(t, have) and covered(t, content_terms(candidate.sentence.full_text))}
        if new:
            return candidate
    return None


def compose(kind: str, question: str, scored: list[Scored], passages: list[Passage], max_sentences: int,
            margin: float) -> Composition:
    """The answer's sentences for ``scored`` (best first); ``margin``: how far below the anchor a sentence of its
    passage may score and still join it."""
    anchor = _anchor(kind, question, scored, passages)
    chosen = _place(kind, anchor, scored, max_sentences, margin)
    for follow in _next_sentences(anchor, scored, chosen) + (_sentence_before(anchor, scored) if kind == "why" else []):
        if not any(follow is c for c in chosen) and not redundant(follow, chosen):
            chosen = sorted(chosen + [follow], key=lambda s: s.sentence.start)
    chosen = sorted(chosen + _scale(chosen, scored), key=lambda s: s.sentence.start)
    composition = Composition(chosen, anchor, places=[anchor.sentence.passage_index])
    conflict = _conflicting(anchor, scored, passages)
    # Before a conflict: what the question names that the first place is not about (the other sector, a year).
    named = _other_sector(question, anchor, scored, passages) or _missing_fact(question, anchor, scored, passages)
    second = (named or conflict or _open_part(question, chosen, scored, passages)
              or _other_fact(question, chosen, scored))
    if second is not None and not redundant(second, chosen):
        if second.sentence.passage_index == anchor.sentence.passage_index:  # the first place answers it after all
            composition.sentences = sorted(chosen + [second], key=lambda s: s.sentence.start)
        else:
            composition.sentences = chosen + [second]
            composition.places.append(second.sentence.passage_index)
    composition.conflict = conflict is not None and named is None
    return composition
