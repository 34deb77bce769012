"""SQLite beside the vectors: the manifest of documents, chunk texts and metadata, pending writes."""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ingest.types import Commitment, DocumentMeta, ParsedDocument

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, file_name TEXT NOT NULL UNIQUE, content_hash TEXT NOT NULL,
    status TEXT NOT NULL, error TEXT NOT NULL DEFAULT '', title TEXT NOT NULL DEFAULT '',
    doc_type TEXT NOT NULL DEFAULT '', sector TEXT NOT NULL DEFAULT '', period TEXT NOT NULL DEFAULT '',
    pages INTEGER NOT NULL DEFAULT 0, chunk_count INTEGER NOT NULL DEFAULT 0, ingested_at REAL NOT NULL,
    notes TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, seq INTEGER NOT NULL, text TEXT NOT NULL,
    page_start INTEGER NOT NULL, page_end INTEGER NOT NULL, page_label TEXT NOT NULL,
    heading TEXT NOT NULL, article TEXT NOT NULL, char_start INTEGER NOT NULL, char_end INTEGER NOT NULL,
    content_hash TEXT NOT NULL, page_map TEXT NOT NULL DEFAULT '[]', ocr INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
CREATE TABLE IF NOT EXISTS pending (doc_id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS commitments (
    id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, seq INTEGER NOT NULL, actor TEXT NOT NULL, theme TEXT NOT NULL,
    text TEXT NOT NULL, article TEXT NOT NULL, heading TEXT NOT NULL, page INTEGER NOT NULL,
    page_label TEXT NOT NULL, chunk_id TEXT NOT NULL, sector TEXT NOT NULL, period TEXT NOT NULL,
    title TEXT NOT NULL, file_name TEXT NOT NULL, doc_type TEXT NOT NULL,
    confidence REAL NOT NULL DEFAULT 1.0, char_start INTEGER NOT NULL DEFAULT -1, char_end INTEGER NOT NULL DEFAULT -1
);
CREATE INDEX IF NOT EXISTS commitments_doc ON commitments(doc_id);
CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_COMMITMENT_COLUMNS = {"confidence": "REAL NOT NULL DEFAULT 1.0", "char_start": "INTEGER NOT NULL DEFAULT -1",
                       "char_end": "INTEGER NOT NULL DEFAULT -1"}
_COMMITMENT_INSERT = ("INSERT INTO commitments (id, doc_id, seq, actor, theme, text, article, heading, page, page_label, chunk_id, "
                      "sector, period, title, file_name, doc_type, confidence, char_start, char_end) "
                      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")


class IndexState:
    """One SQLite file per collection; every write is one transaction.

    Each thread gets its own connection (WAL mode): readers in the app never see a write in progress,
    and writers queue on SQLite's own lock.
    """

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._local = threading.local()
        self.db.executescript(SCHEMA)
        self._migrate()

    def _migrate(self) -> None:
        """Columns added after a store was created (issue 14: confidence and span of each commitment)."""
        have = {row["name"] for row in self.db.execute("PRAGMA table_info(commitments)")}
        for column, ddl in _COMMITMENT_COLUMNS.items():
            if column not in have:
                self.db.execute(f"ALTER TABLE commitments ADD COLUMN {column} {ddl}")

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")
            self._local.connection = connection
        return connection

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- documents ---------------------------------------------------------------------
    def documents(self) -> list[dict]:
        return [dict(row) for row in self.db.execute("SELECT * FROM documents ORDER BY file_name")]

    def indexed_documents(self) -> list[dict]:
        """doc_id, title, file_name and period of every document whose chunks are in the index."""
        return [dict(row) for row in self.db.execute(
            "SELECT doc_id, title, file_name, period FROM documents WHERE status = 'indexed' ORDER BY file_name")]

    def document_by_file(self, file_name: str) -> dict | None:
        row = self.db.execute("SELECT * FROM documents WHERE file_name = ?", (file_name,)).fetchone()
        return dict(row) if row else None

    def indexed_document_with_hash(self, content_hash: str) -> dict | None:
        row = self.db.execute(
            "SELECT * FROM documents WHERE content_hash = ? AND status = 'indexed'", (content_hash,)
        ).fetchone()
        return dict(row) if row else None

    def save_document(self, parsed: ParsedDocument) -> None:
        """Replace a document's row and chunks and clear its pending mark, atomically."""
        meta = parsed.meta
        with self.transaction() as db:
            db.execute("DELETE FROM chunks WHERE doc_id = ?", (meta.doc_id,))
            db.execute("DELETE FROM documents WHERE doc_id = ? OR file_name = ?", (meta.doc_id, meta.file_name))
            db.execute(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (meta.doc_id, meta.file_name, parsed.content_hash, "indexed", "", meta.title, meta.doc_type,
                 meta.sector, meta.period, len(parsed.pages), len(parsed.chunks), time.time(), " ".join(parsed.notes)),
            )
            db.executemany(
                "INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(c.chunk_id, c.doc_id, seq, c.text, c.page_start, c.page_end, c.page_label, c.heading,
                  c.article, c.char_start, c.char_end, c.content_hash, json.dumps(c.page_map), int(c.ocr))
                 for seq, c in enumerate(parsed.chunks)],
            )
            self._write_commitments(db, meta, parsed.commitments)
            db.execute("DELETE FROM pending WHERE doc_id = ?", (meta.doc_id,))

    def replace_commitments(self, meta: DocumentMeta, commitments: list[Commitment]) -> None:
        """Replace the stored commitments of an indexed document (its chunks stay)."""
        with self.transaction() as db:
            self._write_commitments(db, meta, commitments)

    @staticmethod
    def _write_commitments(db: sqlite3.Connection, meta: DocumentMeta, commitments: list[Commitment]) -> None:
        db.execute("DELETE FROM commitments WHERE doc_id = ?", (meta.doc_id,))
        db.executemany(
            _COMMITMENT_INSERT,
            [(f"{meta.doc_id}#{seq}", meta.doc_id, seq, c.actor, c.theme, c.text, c.article, c.heading, c.page,
              c.page_label, c.chunk_id, meta.sector, meta.period, meta.title, meta.file_name, meta.doc_type,
              c.confidence, c.char_start, c.char_end)
             for seq, c in enumerate(commitments)],
        )

    def save_failure(self, doc_id: str, file_name: str, content_hash: str, status: str, reason: str) -> None:
        """Record a file that could not be indexed (its old chunks, if any, stay until removed)."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO documents (doc_id, file_name, content_hash, status, error, ingested_at) "
                "VALUES (?,?,?,?,?,?) ON CONFLICT(file_name) DO UPDATE SET content_hash=excluded.content_hash, "
                "status=excluded.status, error=excluded.error, ingested_at=excluded.ingested_at, chunk_count=0",
                (doc_id, file_name, content_hash, status, reason, time.time()),
            )

    def remove_document(self, doc_id: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))
            db.execute("DELETE FROM commitments WHERE doc_id = ?", (doc_id,))
            db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
            db.execute("DELETE FROM pending WHERE doc_id = ?", (doc_id,))

    # -- pending writes (crash safety) ----------------------------------------------------
    def mark_pending(self, doc_id: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO pending VALUES (?)", (doc_id,))

    def pending(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT doc_id FROM pending")]

    # -- chunks ----------------------------------------------------------------------------
    def chunk_ids(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT chunk_id FROM chunks ORDER BY rowid")]

    def chunk_parts(self, doc_ids: Iterable[str] | None = None) -> list[tuple[str, str, str, str, str]]:
        """(chunk_id, doc_id, document title, heading, text) of all chunks or those of ``doc_ids``, in order."""
        sql = "SELECT c.chunk_id, c.doc_id, d.title, c.heading, c.text FROM chunks c JOIN documents d USING (doc_id)"
        values: list[str] = []
        if doc_ids is not None:
            values = list(doc_ids)
            if not values:
                return []
            sql += f" WHERE c.doc_id IN ({','.join('?' * len(values))})"
        return [tuple(row) for row in self.db.execute(sql + " ORDER BY c.rowid", values)]

    def chunk_texts(self, doc_ids: Iterable[str] | None = None) -> list[tuple[str, str, str]]:
        """(chunk_id, doc_id, text for BM25) of all chunks or those of ``doc_ids``; title and heading count as text."""
        return [(chunk_id, doc_id, f"{title}\n{heading}\n{text}")
                for chunk_id, doc_id, title, heading, text in self.chunk_parts(doc_ids)]

    def indexed_versions(self) -> dict[str, str]:
        """doc_id -> content hash of every document whose chunks are in the index."""
        return dict(self.db.execute("SELECT doc_id, content_hash FROM documents WHERE status = 'indexed'").fetchall())

    def passages(self, chunk_ids: Iterable[str]) -> dict[str, dict]:
        ids = list(chunk_ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            f"SELECT c.*, d.title, d.file_name, d.doc_type, d.sector, d.period FROM chunks c "
            f"JOIN documents d USING (doc_id) WHERE c.chunk_id IN ({marks})",
            ids,
        )
        return {row["chunk_id"]: dict(row) for row in rows}

    def documents_of(self, chunk_ids: Iterable[str]) -> dict[str, str]:
        """chunk_id -> doc_id of the given chunks."""
        ids = list(chunk_ids)
        if not ids:
            return {}
        rows = self.db.execute(f"SELECT chunk_id, doc_id FROM chunks WHERE chunk_id IN ({','.join('?' * len(ids))})", ids)
        return dict(rows.fetchall())

    def chunks_naming(self, reference: str, doc_ids: Iterable[str] = ()) -> set[str]:
        """The chunks whose text names ``reference`` ("tabel 1", not "tabel 10" or "tabel 1.2"); only those of
        ``doc_ids`` when any of them name it."""
        pattern = re.compile(rf"(?<!\w){re.escape(reference)}(?!\w|[.,]\d)", re.I)
        rows = self.db.execute("SELECT chunk_id, doc_id, text FROM chunks WHERE text LIKE ?", (f"%{reference}%",))
        naming = {(chunk_id, doc_id) for chunk_id, doc_id, text in rows if pattern.search(text)}
        wanted = set(doc_ids)
        return {chunk_id for chunk_id, doc_id in naming if doc_id in wanted} or {chunk_id for chunk_id, _ in naming}

    def matching(self, filters: dict[str, list[str]]) -> list[tuple[str, str]]:
        """(chunk_id, doc_id) of chunks whose document matches every filter (column -> allowed values)."""
        clauses, values = [], []
        for column, allowed in filters.items():
            clauses.append(f"d.{column} IN ({','.join('?' * len(allowed))})")
            values.extend(allowed)
        where = " AND ".join(clauses) or "1"
        sql = f"SELECT c.chunk_id, c.doc_id FROM chunks c JOIN documents d USING (doc_id) WHERE {where}"
        return [(row[0], row[1]) for row in self.db.execute(sql, values)]

    def chunk_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]

    # -- info --------------------------------------------------------------------------------
    def get_info(self, key: str, default: str = "") -> str:
        row = self.db.execute("SELECT value FROM info WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_info(self, key: str, value: str | dict) -> None:
        text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO info VALUES (?, ?)", (key, text))
