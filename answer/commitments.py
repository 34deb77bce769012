"""Chat route for commitment questions ("Welke engagementen nam de sector bouw op rond werkplekleren?").

Top-k retrieval cannot list every commitment, so these questions are answered from the commitments
store: sector, theme, actor and period are read from the question (a follow-up borrows what it leaves
out from the previous question), and every matching commitment is listed with its own citation.

What the question asks about beyond those ("… rond telewerk") is its topic: only commitments whose text
or article heading holds every topic word are listed, and when none does the question is answered from
the passages like any other. A theme keyword narrower than its theme ("oudere werknemers" of werkbaar
werk) is a focus: of the theme's commitments, those that mention it are listed (all of them when none
does). The whole list comes only for a question without a topic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields

from answer.conversation import needs_context
from answer.questions import question_kind
from answer.terms import YEAR, content_terms
from answer.types import Answer, Citation, Turn
from index.commitments import CommitmentOptions, CommitmentRow, commitment_options, list_commitments
from index.state import IndexState
from index.types import SearchFilters
from ingest.commitments import COMMITMENT_TYPES
from ingest.metadata import infer_sector
from ingest.themes import load_themes, theme_label

BACKEND = "commitments"
_NOUNS = re.compile(r"\b(engagementen|engagement|verbintenissen|verbintenis|toezeggingen|beloften|beloftes)\b", re.I)
_VERBS = re.compile(r"\b(wat|waartoe|waarvoor|waarop)\b.*\b(beloofde|belooft|beloven|beloofden|engageert|engageerde|"
                    r"engageren|engageerden|verbindt|verbond|verbinden|verbonden)\b", re.I)
_GOVERNMENT = re.compile(r"\b(vlaamse\s+regering|regering|vlaamse\s+overheid|minister)\b", re.I)
_CONSULTANTS = re.compile(r"\bsectorconsulent(en)?\b", re.I)
_SECTOR_PARTY = re.compile(r"\b(de\s+sector|sociale\s+partners|\w+sector)\b", re.I)
_PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*[-–/]\s*((?:19|20)\d\d)\b")
_ACTOR_WORDS = {"Vlaamse Regering": "de Vlaamse Regering", "sector": "de sector", "sectorconsulenten": "de sectorconsulenten"}
# Words of a commitment question that say it is one, not what it is about.
_ROUTING_WORDS = re.compile(r"\b(?:nam|namen|neemt|nemen|genomen|opgenomen|staan|staat|gemaakt|gedaan|afgesproken|"
                            r"voorzien|voorziet|plant|plannen|gepland|rond|rondom|inzake|betreffende|aangegaan|"
                            r"convenant|convenants|sectorconvenant|sectorconvenants|addendum|addenda)\b", re.I)


@dataclass(frozen=True)
class CommitmentQuery:
    """What a question asks for; an empty field means no limit. ``topic``: words of the question every listed
    commitment must hold (after stemming)."""

    sectors: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    focus: tuple[str, ...] = ()

    def completed_by(self, other: CommitmentQuery) -> CommitmentQuery:
        """This query with its empty fields taken from ``other`` (the previous question)."""
        return CommitmentQuery(**{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)})

    def as_filters(self) -> dict[str, list[str]]:
        return {f.name: list(getattr(self, f.name)) for f in fields(self) if getattr(self, f.name) and f.name not in ("topic", "focus")}


def is_commitment_question(question: str, history: Sequence[Turn] = ()) -> bool:
    """Whether the question asks for commitments, directly or as a follow-up to such a question."""
    if question_kind(question) in ("date", "who"):
        return False
    if _NOUNS.search(question) or _VERBS.search(question):
        return True
    return bool(history) and needs_context(question) and is_commitment_question(history[-1].question)


def _documents_in(question: str, documents: Sequence[tuple[str, str]]) -> tuple[tuple[str, ...], str]:
    """Documents named by their title (without its period, e.g. "Addendum Duaal Leren Lokale besturen")
    and the question without those titles."""
    rest = f" {_words(question)} "
    found = []
    for doc_id, title in documents:
        core = _words(_PERIOD.sub(" ", title))
        if len(core.split()) > 1 and f" {core} " in rest:  # "Sectorconvenant" alone names no document
            found.append(doc_id)
            rest = rest.replace(f" {core} ", " ")
    return tuple(found), rest


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _themes_in(text: str) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """(theme keys named in the text, the narrower keywords that named them, the text without them).

    Keywords are matched longest first. One that is part of its theme's label ("werkplekleren") names the
    whole theme; any other ("oudere werknemers", "stages") is also a focus within it.
    """
    keywords = sorted(((k, t) for t in load_themes() for k in (t.label.lower(), *t.keywords)), key=lambda p: -len(p[0]))
    found: list[str] = []
    focus: list[str] = []
    rest = text.lower()
    for keyword, theme in keywords:
        pattern = rf"(?<!\w){re.escape(keyword)}"
        if re.search(pattern, rest):
            rest = re.sub(pattern + r"\w*", " ", rest)
            found.append(theme.key)
            if keyword not in theme.label.lower():
                focus.append(keyword)
    return tuple(dict.fromkeys(found)), tuple(focus), rest


def _without_sector(text: str, sector: str) -> str:
    """The text without the words that named its sector."""
    from ingest.metadata import sector_aliases

    for alias in sector_aliases(sector):
        text = re.sub(rf"(?<![a-zà-ÿ]){re.escape(alias)}(?![a-zà-ÿ])", " ", text, flags=re.I)
    return text


def _topic_in(rest: str, sector: str, options: CommitmentOptions) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(topic terms, documents the question names by a word of their title): what is left of the question
    once commitment, actor, sector, period and question words are taken out."""
    for pattern in (_NOUNS, _VERBS, _GOVERNMENT, _CONSULTANTS, _SECTOR_PARTY, _PERIOD, YEAR, _ROUTING_WORDS):
        rest = pattern.sub(" ", rest)
    if sector:
        rest = _without_sector(rest, sector)
    titles = {doc_id: content_terms(_PERIOD.sub(" ", title)) for doc_id, title in options.documents}
    named: set[str] = set()
    topic: list[str] = []
    for word in dict.fromkeys(re.findall(r"[\w-]+", rest)):
        terms = content_terms(word)
        holding = {doc_id for doc_id, words in titles.items() if terms and terms <= words}
        if holding:  # "Stadsonderhoud": a word of some titles names those documents; of all titles, none
            named |= holding if len(holding) < len(titles) else set()
        elif terms:
            topic.append(word)
    return tuple(topic), tuple(sorted(named))


def _actors_in(question: str) -> tuple[str, ...]:
    if _GOVERNMENT.search(question):
        return ("Vlaamse Regering",)
    if _CONSULTANTS.search(question):
        return ("sectorconsulenten",)
    if _SECTOR_PARTY.search(question):
        return ("sector", "sectorconsulenten")  # the sector commits; its consultants carry out part of it
    return ()


def parse_commitment_query(question: str, options: CommitmentOptions) -> CommitmentQuery:
    """Document, sector, theme, actor and period named in the question.

    A document title names no theme ("Addendum Duaal Leren"); a single year selects the periods holding it.
    """
    doc_ids, rest = _documents_in(question, options.documents)
    themes, focus, rest = _themes_in(rest)
    sector = infer_sector(rest)
    topic, named = _topic_in(rest, sector, options)
    doc_ids = doc_ids or named
    span = _PERIOD.search(question)
    if span:
        wanted: tuple[str, ...] = (f"{span.group(1)}-{span.group(2)}",)
    else:
        years = {int(y) for y in YEAR.findall(question)}
        wanted = tuple(p for p in options.periods if any(int(p[:4]) <= y <= int(p[-4:]) for y in years))
    return CommitmentQuery(sectors=(sector,) if sector else (), themes=themes, actors=_actors_in(question),
                           periods=wanted, doc_ids=doc_ids, topic=topic, focus=focus)


def _about(row: CommitmentRow, words: Sequence[str]) -> bool:
    """The commitment (its text or article heading) holds every one of the words, alone or inside a compound
    ("loopbaan" in "loopbaanbeleid"; not "werk" for "telewerk")."""
    found = content_terms(f"{row.text} {row.heading}")
    return all(term in found or (len(term) >= 4 and any(term in other for other in found))
               for word in words for term in content_terms(word))


def _in_focus(rows: list[CommitmentRow], focus: tuple[str, ...]) -> list[CommitmentRow]:
    """The rows that mention one of the focus keywords; all rows when none does (the theme stays the answer)."""
    mentioning = [row for row in rows if any(_about(row, (keyword,)) for keyword in focus)]
    return mentioning or rows


def _line(row: CommitmentRow, key: str) -> str:
    where = ", ".join(x for x in (row.article, f"p. {row.page_label}") if x)
    return f"- {row.text} ({row.actor}; {where}) {key}"


def _heading(count: int, query: CommitmentQuery) -> str:
    parts = []
    if query.actors:
        parts.append("van " + " en ".join(_ACTOR_WORDS[a] for a in query.actors))
    if query.sectors:
        parts.append("in de sector " + " / ".join(query.sectors))
    if query.focus:
        parts.append("rond " + " of ".join(query.focus))
    elif query.themes:
        parts.append("rond " + " of ".join(theme_label(t).lower() for t in query.themes))
    if query.topic:
        parts.append("over " + " ".join(query.topic))
    if query.periods:
        parts.append("voor " + ", ".join(query.periods))
    noun = "engagement" if count == 1 else "engagementen"
    return " ".join([f"Ik vond {count} {noun}", *parts]) + ":"


def render_commitments(question: str, query: CommitmentQuery, rows: list[CommitmentRow],
                       passages: dict[str, dict]) -> Answer:
    """An answer listing every row, grouped by document, each with its own numbered citation."""
    text_parts, raw_parts = [_heading(len(rows), query)], [_heading(len(rows), query)]
    citations: list[Citation] = []
    current = None
    for number, row in enumerate(rows, 1):
        if row.doc_id != current:
            current = row.doc_id
            extra = ", ".join(x for x in (row.sector, row.period) if x and x.lower() not in row.title.lower())
            title = f"\n{row.title} ({extra}):" if extra else f"\n{row.title}:"
            text_parts.append(title)
            raw_parts.append(title)
        text_parts.append(_line(row, f"[{number}]"))
        raw_parts.append(_line(row, f"[[{row.chunk_id or row.id}]]"))
        passage = passages.get(row.chunk_id, {}).get("text", row.text)
        citations.append(Citation(
            number=number, chunk_id=row.chunk_id, doc_id=row.doc_id, title=row.title, file_name=row.file_name,
            doc_type=row.doc_type, sector=row.sector, period=row.period, page=row.page, page_label=row.page_label,
            article=row.article, heading=row.heading, passage=passage, quote=row.text, score=1.0,
        ))
    return Answer(question=question, standalone_question=question, text="\n".join(text_parts),
                  raw_text="\n".join(raw_parts), refused=False, citations=citations, backend=BACKEND,
                  filters=query.as_filters())


def answer_from_commitments(question: str, state: IndexState, filters: SearchFilters | None = None,
                            history: Sequence[Turn] = ()) -> Answer | None:
    """The list answer, or None when the store holds no matching commitment (the caller answers normally).

    Filters chosen in the UI apply where the question itself names no sector or period.
    """
    if filters and filters.doc_types and not set(filters.doc_types) & COMMITMENT_TYPES:
        return None
    options = commitment_options(state)
    query = parse_commitment_query(question, options)
    if history and needs_context(question):
        query = query.completed_by(parse_commitment_query(history[-1].question, options))
    if filters:
        query = query.completed_by(CommitmentQuery(sectors=filters.sectors, periods=filters.periods,
                                                   doc_ids=filters.doc_ids))
    rows = list_commitments(state, sector=query.sectors, theme=query.themes, actor=query.actors,
                            period=query.periods, doc_id=query.doc_ids)
    rows = _in_focus([row for row in rows if _about(row, query.topic)], query.focus)
    if not rows:
        return None
    return render_commitments(question, query, rows, state.passages({r.chunk_id for r in rows if r.chunk_id}))
