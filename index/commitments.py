"""Query the commitments store: list with filters, the filter options, and comparisons.

Plain dataclasses out, so the CLI, the chat route and the UI need no SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from beleid.errors import BeleidError
from index.state import IndexState
from ingest.commitments import ACTORS
from ingest.themes import load_themes, resolve_theme, theme_label

Filter = str | Iterable[str] | None
_ACTOR_ALIASES = {"regering": "Vlaamse Regering", "vlaamse regering": "Vlaamse Regering", "overheid": "Vlaamse Regering",
                  "sector": "sector", "sociale partners": "sector", "sectorconsulent": "sectorconsulenten",
                  "sectorconsulenten": "sectorconsulenten"}
_ORDER = "ORDER BY sector COLLATE NOCASE, period, title, seq"


@dataclass(frozen=True)
class CommitmentRow:
    """One stored commitment with its document and a Dutch theme label."""

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

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class CommitmentOptions:
    """The values present in the store, for filter choices: themes as (key, label) in file order,
    documents as (doc_id, title)."""

    sectors: list[str]
    periods: list[str]
    actors: list[str]
    themes: list[tuple[str, str]]
    documents: list[tuple[str, str]]


def _values(value: Filter) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [v for v in value if v]


def resolve_actor(name: str) -> str:
    """The stored actor for a name as users type it ("regering", "sectorconsulent", ...)."""
    actor = _ACTOR_ALIASES.get(name.strip().lower())
    if actor is None:
        raise BeleidError(f"unknown actor {name!r}", f"Onbekende actor '{name}': kies uit {', '.join(ACTORS)}.")
    return actor


def resolve_theme_key(name: str) -> str:
    """The theme key for a key or label; a Dutch error listing the themes when it is unknown."""
    key = resolve_theme(name)
    if key is None:
        known = ", ".join(t.key for t in load_themes())
        raise BeleidError(f"unknown theme {name!r}", f"Onbekend thema '{name}': kies uit {known}.")
    return key


def _row(record) -> CommitmentRow:
    data = {key: record[key] for key in record.keys() if key != "seq"}
    return CommitmentRow(theme_label=theme_label(record["theme"]), **data)


def list_commitments(state: IndexState, sector: Filter = None, theme: Filter = None, actor: Filter = None,
                     period: Filter = None, text: str | None = None, doc_id: Filter = None) -> list[CommitmentRow]:
    """Every stored commitment that matches all given filters (each filter: one value or several).

    Sectors match case-insensitively, themes by key, ``text`` is a case-insensitive substring.
    """
    clauses, values = [], []
    for column, allowed, nocase in (("sector", sector, True), ("theme", theme, False), ("actor", actor, False),
                                    ("period", period, False), ("doc_id", doc_id, False)):
        wanted = _values(allowed)
        if wanted:
            collate = " COLLATE NOCASE" if nocase else ""
            clauses.append(f"{column}{collate} IN ({','.join('?' * len(wanted))})")
            values.extend(wanted)
    where = " AND ".join(clauses) or "1"
    rows = [_row(r) for r in state.db.execute(f"SELECT * FROM commitments WHERE {where} {_ORDER}", values)]
    needle = (text or "").casefold().strip()
    return [r for r in rows if needle in r.text.casefold()] if needle else rows


def count_commitments(state: IndexState) -> int:
    """How many commitments the store holds."""
    return state.db.execute("SELECT COUNT(*) FROM commitments").fetchone()[0]


def commitment_options(state: IndexState) -> CommitmentOptions:
    """Sectors, periods, actors and themes that occur in the store (empty lists when it is empty)."""

    def distinct(column: str) -> list[str]:
        sql = f"SELECT DISTINCT {column} FROM commitments WHERE {column} != '' ORDER BY {column} COLLATE NOCASE"
        return [row[0] for row in state.db.execute(sql)]

    present = set(distinct("theme"))
    return CommitmentOptions(
        sectors=distinct("sector"),
        periods=distinct("period"),
        actors=[a for a in ACTORS if a in set(distinct("actor"))],
        themes=[(t.key, t.label) for t in load_themes() if t.key in present],
        documents=[(row[0], row[1]) for row in state.db.execute(
            "SELECT DISTINCT doc_id, title FROM commitments ORDER BY title COLLATE NOCASE")],
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
