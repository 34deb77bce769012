"""Chunks to answers' evidence: embed, store (Chroma + SQLite + BM25), retrieve."""
