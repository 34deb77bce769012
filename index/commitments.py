"""Query the commitments store: list with filters and a sort order, counts per theme, the filter options,
and comparisons.

Plain dataclasses out, so the CLI, the chat route and the UI need no SQL.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from beleid.errors import BeleidError
from index.state import IndexState
from ingest.commitment_language import HIGH
from ingest.commitments import ACTORS
from ingest.themes import load_themes, resolve_theme, theme_label

Filter = str | Iterable[str] | None
_ACTOR_ALIASES = {"regering": "Vlaamse Regering", "vlaamse regering": "Vlaamse Regering", "overheid": "Vlaamse Regering",
                  "sector": "sector", "sociale partners": "sector", "sectorconsulent": "sectorconsulenten",
                  "sectorconsulenten": "sectorconsulenten", "gs": "Gedeputeerde Staten", "college": "Gedeputeerde Staten",
                  "partij": "partijen", "werkgevers": "werkgever", "bevoegd gezag": "werkgever"}
# Sort orders: key -> (Dutch label, ORDER BY). "document" keeps each document's commitments in reading order.
SORTS = {
    "document": ("Document (leesvolgorde)", "sector COLLATE NOCASE, period, title, seq"),
    "thema": ("Thema", "theme, sector COLLATE NOCASE, period, title, seq"),
    "actor": ("Actor", "actor COLLATE NOCASE, sector COLLATE NOCASE, period, title, seq"),
    "zekerheid": ("Zekerheid (hoogste eerst)", "confidence DESC, sector COLLATE NOCASE, period, title, seq"),
    "periode": ("Periode (recentste eerst)", "period DESC, sector COLLATE NOCASE, title, seq"),
    "type": ("Type document", "doc_type, sector COLLATE NOCASE, period, title, seq"),
}
DEFAULT_SORT = "document"


@dataclass(frozen=True)
class CommitmentRow:
    """One stored commitment with its document and a Dutch theme label; ``heading`` is the section path,
    ``page`` the page its sentence starts on, ``confidence`` how clear its commitment language is."""

    id: str
    doc_id: str
    actor: str
    theme: str
    theme_label: str
    text: str
    article: str
    heading: str
    page: int
    page_label: str
    chunk_id: str
    sector: str
    period: str
    title: str
    file_name: str
    doc_type: str
    confidence: float = 1.0
    char_start: int = -1
    char_end: int = -1

    @property
    def confidence_label(self) -> str:
        """'hoog' for clear commitment language, else 'laag' (a judgement call)."""
        return "hoog" if self.confidence >= HIGH else "laag"

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class CommitmentOptions:
    """The values present in the store, for filter choices: themes as (key, label) in file order,
    documents as (doc_id, title); actors with the known ones first."""

    sectors: list[str]
    periods: list[str]
    actors: list[str]
    themes: list[tuple[str, str]]
    documents: list[tuple[str, str]]
    doc_types: list[str]


def _values(value: Filter) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [v for v in value if v]


def resolve_actor(name: str, known: Sequence[str] = ACTORS) -> str:
    """The stored actor for a name as users type it ("regering", "GS", "Partijen", ...); ``known``: the
    actors in the store (any of them matches case-insensitively)."""
    wanted = name.strip().lower()
    actor = _ACTOR_ALIASES.get(wanted) or next((a for a in [*known, *ACTORS] if a.lower() == wanted), None)
    if actor is None:
        raise BeleidError(f"unknown actor {name!r}",
                          f"Onbekende actor '{name}': kies uit {', '.join(dict.fromkeys([*known, *ACTORS]))}.")
    return actor


def resolve_theme_key(name: str) -> str:
    """The theme key for a key or label; a Dutch error listing the themes when it is unknown."""
    key = resolve_theme(name)
    if key is None:
        known = ", ".join(t.key for t in load_themes())
        raise BeleidError(f"unknown theme {name!r}", f"Onbekend thema '{name}': kies uit {known}.")
    return key


def resolve_sort(name: str | None) -> str:
    """A sort key given by key or Dutch label (default: reading order per document)."""
    wanted = (name or DEFAULT_SORT).strip().lower()
    key = next((k for k, (label, _) in SORTS.items() if wanted in (k, label.lower())), None)
    if key is None:
        raise BeleidError(f"unknown sort {name!r}", f"Onbekende sortering '{name}': kies uit {', '.join(SORTS)}.")
    return key


def _row(record) -> CommitmentRow:
    data = {key: record[key] for key in record.keys() if key != "seq"}
    return CommitmentRow(theme_label=theme_label(record["theme"]), **data)


def list_commitments(state: IndexState, sector: Filter = None, theme: Filter = None, actor: Filter = None,
                     period: Filter = None, text: str | None = None, doc_id: Filter = None, doc_type: Filter = None,
                     section: str | None = None, sort: str = DEFAULT_SORT) -> list[CommitmentRow]:
    """Every stored commitment that matches all given filters (each filter: one value or several), in
    the order ``sort`` (a key of SORTS).

    Sectors match case-insensitively, themes by key; ``text`` and ``section`` (the section path or the
    article) are case-insensitive substrings.
    """
    clauses, values = [], []
    for column, allowed, nocase in (("sector", sector, True), ("theme", theme, False), ("actor", actor, False),
                                    ("period", period, False), ("doc_id", doc_id, False), ("doc_type", doc_type, False)):
        wanted = _values(allowed)
        if wanted:
            collate = " COLLATE NOCASE" if nocase else ""
            clauses.append(f"{column}{collate} IN ({','.join('?' * len(wanted))})")
            values.extend(wanted)
    where = " AND ".join(clauses) or "1"
    order = SORTS[resolve_sort(sort)][1]
    rows = [_row(r) for r in state.db.execute(f"SELECT * FROM commitments WHERE {where} ORDER BY {order}", values)]
    needle = (text or "").casefold().strip()
    place = (section or "").casefold().strip()
    return [r for r in rows if (not needle or needle in r.text.casefold())
            and (not place or place in r.heading.casefold() or place in r.article.casefold())]


def theme_counts(rows: Sequence[CommitmentRow]) -> list[tuple[str, str, int]]:
    """(key, Dutch label, count) per theme of ``rows``, most frequent first (themes file order on ties)."""
    counts = Counter(r.theme for r in rows)
    order = {t.key: i for i, t in enumerate(load_themes())}
    return [(key, theme_label(key), n) for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], order.get(kv[0], 99)))]


def count_commitments(state: IndexState) -> int:
    """How many commitments the store holds."""
    return state.db.execute("SELECT COUNT(*) FROM commitments").fetchone()[0]


def commitment_options(state: IndexState) -> CommitmentOptions:
    """Sectors, periods, actors, themes and document types that occur in the store (empty lists when it
    is empty)."""

    def distinct(column: str) -> list[str]:
        sql = f"SELECT DISTINCT {column} FROM commitments WHERE {column} != '' ORDER BY {column} COLLATE NOCASE"
        return [row[0] for row in state.db.execute(sql)]

    present = set(distinct("theme"))
    actors = distinct("actor")
    return CommitmentOptions(
        sectors=distinct("sector"),
        periods=distinct("period"),
        actors=[a for a in ACTORS if a in set(actors)] + [a for a in actors if a not in ACTORS],
        themes=[(t.key, t.label) for t in load_themes() if t.key in present],
        documents=[(row[0], row[1]) for row in state.db.execute(
            "SELECT DISTINCT doc_id, title FROM commitments ORDER BY title COLLATE NOCASE")],
        doc_types=distinct("doc_type"),
    )


def compare_commitments(state: IndexState, theme: str, across: str = "sector", **filters: Filter) -> dict[str, list[CommitmentRow]]:
    """One theme side by side: the commitments grouped by sector or by period (groups in sorted order).

    ``filters`` are further ``list_commitments`` filters, e.g. ``sector="Lokale besturen"`` to compare
    the periods of one sector.
    """
    if across not in ("sector", "period"):
        raise ValueError(f"across must be 'sector' or 'period', not {across!r}")
    groups: dict[str, list[CommitmentRow]] = {}
    for row in list_commitments(state, theme=theme, **filters):
        groups.setdefault(getattr(row, across), []).append(row)
    return dict(sorted(groups.items(), key=lambda item: item[0].casefold()))
