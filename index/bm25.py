"""Lexical retrieval: BM25 over Dutch-stemmed chunk text, persisted beside the index and updated per document.

The index keeps raw term counts (chunks × terms, column-compressed) and computes BM25 per query. Corpus-wide
figures (document frequencies, average length) are derived from the counts, so adding or removing a document
only touches that document's rows; nothing is re-tokenized. Scores equal those of plain ``bm25s.BM25()`` (its
defaults: the "lucene" variant, k1 = 1.5, b = 0.75) with the Dutch stop words and Snowball stemmer, on the
same texts (tests/test_bm25.py). k1 = 1.2 was measured against 1.5 on all four gold sets: no difference in the
hybrid ranking beyond one question either way (docs/EVAL.md), so the reference's own default is kept.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy import sparse

FORMAT = 2
K1, B = 1.5, 0.75  # bm25s' defaults


def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("dutch")


def tokenize(texts: Sequence[str]) -> list[list[str]]:
    """Lower-cased, Dutch stop words removed, Snowball-stemmed tokens."""
    import bm25s
    from bm25s.stopwords import STOPWORDS_DUTCH

    return bm25s.tokenize(
        list(texts), stopwords=list(STOPWORDS_DUTCH), stemmer=_stemmer(), show_progress=False, return_ids=False
    )


class BM25Index:
    """Term counts of every chunk plus, per document, the content hash its rows were made from.

    Immutable: ``updated`` returns a new index, so readers keep using the one they hold.
    """

    def __init__(self, chunk_ids: list[str], doc_ids: list[str], versions: dict[str, str],
                 vocab: dict[str, int], counts: sparse.csc_matrix):
        self.chunk_ids, self.doc_ids, self.versions, self.vocab = chunk_ids, doc_ids, versions, vocab
        self.counts = counts
        self.row_of = {cid: i for i, cid in enumerate(chunk_ids)}
        lengths = np.asarray(counts.sum(axis=1), dtype=np.float32).ravel()
        average = float(lengths.mean()) if len(lengths) and lengths.mean() > 0 else 1.0
        self._norm = (K1 * (1 - B + B * lengths / average)).astype(np.float32)
        frequencies = np.diff(counts.indptr).astype(np.float32)
        self._idf = np.log1p((len(chunk_ids) - frequencies + 0.5) / (frequencies + 0.5)).astype(np.float32)

    @classmethod
    def empty(cls) -> BM25Index:
        return cls([], [], {}, {}, sparse.csc_matrix((0, 0), dtype=np.float32))

    # -- updates -------------------------------------------------------------------------
    def updated(self, remove_docs: set[str], add_rows: list[tuple[str, str, str]],
                versions: dict[str, str]) -> BM25Index:
        """Drop the rows of ``remove_docs``, add ``(chunk_id, doc_id, text)`` rows; ``versions`` is the new map."""
        keep = np.array([doc not in remove_docs for doc in self.doc_ids], dtype=bool)
        vocab = dict(self.vocab)
        added = self._count_rows([text for _, _, text in add_rows], vocab)
        old = self.counts[keep] if not keep.all() else self.counts
        old = sparse.csc_matrix((old.data, old.indices, np.pad(old.indptr, (0, len(vocab) - old.shape[1]), "edge")),
                                shape=(old.shape[0], len(vocab)))
        counts = sparse.vstack([old, added], format="csc", dtype=np.float32)
        chunk_ids = [cid for cid, k in zip(self.chunk_ids, keep) if k] + [cid for cid, _, _ in add_rows]
        doc_ids = [doc for doc, k in zip(self.doc_ids, keep) if k] + [doc for _, doc, _ in add_rows]
        vocab, counts = _without_dead_terms(vocab, counts)
        return BM25Index(chunk_ids, doc_ids, dict(versions), vocab, counts)

    @staticmethod
    def _count_rows(texts: list[str], vocab: dict[str, int]) -> sparse.csr_matrix:
        """Term counts of ``texts``; new terms are appended to ``vocab``."""
        rows, cols, values = [], [], []
        for row, tokens in enumerate(tokenize(texts) if texts else []):
            for term, count in Counter(tokens).items():
                rows.append(row)
                cols.append(vocab.setdefault(term, len(vocab)))
                values.append(count)
        return sparse.csr_matrix((np.array(values, dtype=np.float32), (rows, cols)), shape=(len(texts), len(vocab)))

    # -- persistence ---------------------------------------------------------------------
    @staticmethod
    def exists(folder: Path) -> bool:
        """True when ``folder`` holds an index in the current format (older formats are rebuilt)."""
        try:
            return (folder / "format").read_text().strip() == str(FORMAT)
        except OSError:
            return False

    def save(self, folder: Path) -> None:
        """Write to a temporary folder, then swap it in, so readers never see half an index."""
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        sparse.save_npz(tmp / "counts.npz", self.counts, compressed=False)
        terms = sorted(self.vocab, key=self.vocab.__getitem__)
        meta = {"chunk_ids": self.chunk_ids, "doc_ids": self.doc_ids, "versions": self.versions, "terms": terms}
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False))
        (tmp / "format").write_text(str(FORMAT))  # a small file: checked on every ingest
        old = folder.with_name(folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if folder.exists():
            folder.rename(old)
        tmp.rename(folder)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> BM25Index:
        meta = json.loads((folder / "meta.json").read_text())
        counts = sparse.load_npz(folder / "counts.npz").tocsc()
        vocab = {term: i for i, term in enumerate(meta["terms"])}
        return cls(meta["chunk_ids"], meta["doc_ids"], meta["versions"], vocab, counts)

    # -- rarity --------------------------------------------------------------------------
    def rarity(self, terms: Sequence[str]) -> dict[str, float]:
        """How rare each stemmed term is in the index: its IDF over the IDF of a term no chunk holds (0..1).

        A term the index does not know is 1.0; a hyphenated term ("hr-beleid") is as rare as its rarest part.
        """
        ceiling = float(np.log1p((len(self.chunk_ids) + 0.5) / 0.5)) if self.chunk_ids else 1.0
        found = {}
        for term in terms:
            parts = [term] if term in self.vocab or "-" not in term else [p for p in term.split("-") if len(p) > 1]
            found[term] = max((float(self._idf[self.vocab[p]]) / ceiling if p in self.vocab else 1.0 for p in parts),
                              default=1.0)
        return found

    # -- search --------------------------------------------------------------------------
    def search(self, query: str, k: int, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) of the best k chunks with a positive score."""
        if not self.chunk_ids or allowed == set():
            return []
        columns = [self.vocab[t] for t in tokenize([query])[0] if t in self.vocab]
        if not columns:
            return []
        scores = np.zeros(len(self.chunk_ids), dtype=np.float32)
        indptr, indices, data = self.counts.indptr, self.counts.indices, self.counts.data
        for col in columns:
            rows, tf = indices[indptr[col]:indptr[col + 1]], data[indptr[col]:indptr[col + 1]]
            scores[rows] += self._idf[col] * tf / (tf + self._norm[rows])
        if allowed is not None:
            mask = np.zeros(len(self.chunk_ids), dtype=np.float32)
            mask[[self.row_of[cid] for cid in allowed if cid in self.row_of]] = 1.0
            scores *= mask
        k = min(k, len(scores))
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(self.chunk_ids[int(r)], float(scores[r])) for r in best if scores[r] > 0]


def _without_dead_terms(vocab: dict[str, int], counts: sparse.csc_matrix) -> tuple[dict[str, int], sparse.csc_matrix]:
    """Drop terms no chunk uses any more once they are over half the vocabulary (after many removals)."""
    live = np.diff(counts.indptr) > 0
    if live.sum() * 2 >= len(live):
        return vocab, counts
    new_column = np.cumsum(live) - 1
    return {t: int(new_column[c]) for t, c in vocab.items() if live[c]}, counts[:, live]
