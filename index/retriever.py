"""Hybrid retrieval (dense + BM25) with metadata filters, returning plain Passages."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Literal

from index.catalog import IndexCatalog
from index.fusion import fuse
from index.types import Passage, SearchFilters

Mode = Literal["hybrid", "dense", "bm25"]
_FILTER_COLUMNS = {"doc_ids": "doc_id", "doc_types": "doc_type", "sectors": "sector", "periods": "period"}
# A reference named in more passages than this is a common cross-reference, not a place to add (measured on the
# real set: 3 misses "tabel 1" of the Tussenstand, which its lead-in and its table both name; 8 and 20 find it).
_MAX_NAMING = 8


class Retriever:
    """Searches one index; cheap to call many times (model, store and BM25 stay loaded)."""

    def __init__(self, catalog: IndexCatalog):
        self.catalog = catalog
        self.settings = catalog.settings.index

    def search(self, query: str, k: int | None = None, filters: SearchFilters | None = None,
               mode: Mode = "hybrid", documents: Sequence[str] = (), references: Sequence[str] = ()) -> list[Passage]:
        """The ``k`` best passages, then for what the question names (answer/named.py) that they miss: the best
        passage of each named document (``documents``: doc ids; a search in that document alone) and of each named
        table, figure or annex (``references``: "tabel 1"; among the few passages naming it), scored as the k-th."""
        k = k or self.settings.top_k
        dense, lexical = self.candidates(query, max(k, self.settings.candidates), filters, mode)
        weight = {"hybrid": self.settings.dense_weight, "dense": 1.0, "bm25": 0.0}[mode]
        ranked = fuse(dense, lexical, weight)[:k]
        dense_scores, lexical_scores = dict(dense), dict(lexical)
        floor = ranked[-1][1] if ranked else 0.0
        for named_dense, named_lexical in self._named_hits(query, ranked, filters, mode, documents, references):
            best = fuse(named_dense, named_lexical, weight)
            if best and best[0][0] not in {cid for cid, _ in ranked}:
                ranked.append((best[0][0], floor))
                dense_scores.update(named_dense)
                lexical_scores.update(named_lexical)
        return self._passages(ranked, dense_scores, lexical_scores)

    def _named_hits(self, query: str, ranked: list[tuple[str, float]], filters: SearchFilters | None, mode: Mode,
                    documents: Sequence[str], references: Sequence[str]) -> Iterator[tuple[list, list]]:
        """(dense hits, BM25 hits) inside each named document and among the passages naming each reference, for
        those ``ranked`` (which grows as the caller adds) does not hold yet."""
        if documents:
            count = max(len(ranked), self.settings.candidates)
            present = set(self.catalog.state.documents_of(cid for cid, _ in ranked).values())
            for doc_id in sorted(set(documents) - present):
                if not (filters and filters.doc_ids and doc_id not in filters.doc_ids):
                    yield self.candidates(query, count, replace(filters or SearchFilters(), doc_ids=(doc_id,)), mode)
        allowed = self._allowed(filters)[0] if references else None
        for reference in references:
            naming = self.catalog.state.chunks_naming(reference, documents)
            if allowed is not None:
                naming &= allowed
            if naming and len(naming) <= _MAX_NAMING and not naming & {cid for cid, _ in ranked}:
                yield self._among(query, naming, mode)

    def _among(self, query: str, chunk_ids: set[str], mode: Mode) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
        """(dense hits, BM25 hits) among the given chunks only (dense from their stored vectors)."""
        dense = lexical = []
        if mode in ("hybrid", "dense"):
            vector = self.catalog.embedder.embed_query(query)
            stored = self.catalog.store.vectors(sorted(chunk_ids))
            dense = sorted(((cid, float(v @ vector)) for cid, v in stored.items()), key=lambda hit: (-hit[1], hit[0]))
        if mode in ("hybrid", "bm25"):
            lexical = self.catalog.bm25().search(query, len(chunk_ids), chunk_ids)
        return dense, lexical

    def candidates(self, query: str, count: int, filters: SearchFilters | None = None,
                   mode: Mode = "hybrid") -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
        """(dense hits, BM25 hits) as (chunk id, score), best first, ``count`` of each, before fusion."""
        allowed_chunks, allowed_docs = self._allowed(filters)
        dense = lexical = []
        if mode in ("hybrid", "dense"):
            vector = self.catalog.embedder.embed_query(query)
            dense = self.catalog.store.query(vector, count, allowed_docs)
        if mode in ("hybrid", "bm25"):
            lexical = self.catalog.bm25().search(query, count, allowed_chunks)
        return dense, lexical

    def _allowed(self, filters: SearchFilters | None) -> tuple[set[str] | None, list[str] | None]:
        if filters is None or filters.is_empty():
            return None, None
        columns = {_FILTER_COLUMNS[key]: values for key, values in filters.as_dict().items()}
        rows = self.catalog.state.matching(columns)
        return {cid for cid, _ in rows}, sorted({doc for _, doc in rows})

    def _passages(self, ranked, dense: dict[str, float], lexical: dict[str, float]) -> list[Passage]:
        rows = self.catalog.state.passages(cid for cid, _ in ranked)
        passages = []
        for cid, score in ranked:
            row = rows.get(cid)
            if row is None:  # a vector without state row: an ingest is writing right now
                continue
            passages.append(Passage(
                chunk_id=cid, doc_id=row["doc_id"], title=row["title"], file_name=row["file_name"],
                doc_type=row["doc_type"], sector=row["sector"], period=row["period"],
                page_start=row["page_start"], page_end=row["page_end"], page_label=row["page_label"],
                heading=row["heading"], article=row["article"], text=row["text"], score=round(score, 4),
                dense_score=dense.get(cid), bm25_score=lexical.get(cid),
                page_map=tuple(tuple(entry) for entry in json.loads(row["page_map"])), ocr=bool(row["ocr"]),
            ))
        return passages
