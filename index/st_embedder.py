"""The reference embedder: a sentence-transformers model on torch (``embedding.backend = "sentence-transformers"``).

Also the only way to use a model from the Hugging Face hub or a folder the onnx backend cannot run.
Importing torch and sentence-transformers costs seconds, so this module is imported only when chosen.
"""

from __future__ import annotations

import numpy as np

from beleid.errors import ModelUnavailableError
from index.embedder import CachedQueries


class SentenceTransformerEmbedder(CachedQueries):
    """A sentence-transformers model on the CPU with its query/passage prefixes applied."""

    def __init__(self, source: str, *, query_prefix: str | None, passage_prefix: str | None,
                 batch_size: int, threads: int):
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        try:
            self.model = SentenceTransformer(source, device="cpu")
        except (OSError, ValueError) as err:
            raise ModelUnavailableError(
                f"cannot load embedding model {source!r} offline: {err}",
                f"Het taalmodel '{source}' kan niet geladen worden. Kies een lokale map of het "
                "ingebouwde model (BELEID_EMBEDDING__MODEL=bundled:multilingual-e5-small).",
            ) from err
        prompts = getattr(self.model, "prompts", {}) or {}
        self.query_prefix = prompts.get("query", "") if query_prefix is None else query_prefix
        self.passage_prefix = prompts.get("passage", "") if passage_prefix is None else passage_prefix
        self.name = source
        self.window_tokens = int(self.model.max_seq_length)
        self.batch_size = batch_size
        self._tokenizer = self.model.tokenizer

    def count_tokens(self, text: str) -> int:
        """Tokens the model sees for a passage, prefix and special tokens included."""
        return len(self._tokenizer(self.passage_prefix + text, add_special_tokens=True, verbose=False)["input_ids"])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(
            [self.passage_prefix + t for t in texts], batch_size=self.batch_size,
            normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False,
        ).astype(np.float32)

    def _encode_query(self, text: str) -> np.ndarray:
        return self.model.encode([self.query_prefix + text], normalize_embeddings=True, convert_to_numpy=True)[0]
