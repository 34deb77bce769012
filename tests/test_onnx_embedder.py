"""The ONNX backend against the reference: same tokens, same vectors, exported once, no torch on the query path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from beleid.settings import EmbeddingSettings, Settings
from index.embedder import load_embedder
from index.onnx_embedder import token_batches
from index.onnx_export import MARKER_FILE, ONNX_DIR, ensure_onnx_model, onnx_fingerprint, variant_file
from tests.test_e5_build import ENGINE_TEXTS, RETRIEVAL_PAIRS

LONG_TEXT = " ".join(["Het sectorconvenant bepaalt de engagementen van de sector en de Vlaamse Regering."] * 80)
TEXTS = ENGINE_TEXTS + [p for _, p in RETRIEVAL_PAIRS] + [LONG_TEXT, ""]
HEAVY_MODULES = ("torch", "sentence_transformers", "transformers", "onnx", "gradio", "llama_index", "matplotlib")


def _settings(model_dir: Path, **embedding) -> Settings:
    return Settings(model_cache=model_dir.parent, config_file=Path("/nonexistent/beleid.toml"),
                    embedding=EmbeddingSettings(**embedding))


@pytest.fixture(scope="module")
def int8_embedder(model_dir):
    return load_embedder(_settings(model_dir, onnx_variant="int8"))


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_the_default_backend_is_onnx_and_counts_tokens_like_the_reference(embedder, st_embedder):
    assert type(embedder).__name__ == "OnnxEmbedder"
    assert embedder.window_tokens == st_embedder.window_tokens == 512
    assert [embedder.count_tokens(t) for t in TEXTS] == [st_embedder.count_tokens(t) for t in TEXTS]
    assert embedder.count_tokens(LONG_TEXT) > 512  # counted before truncation, as the chunker needs


def test_fp32_onnx_vectors_equal_the_sentence_transformers_vectors(embedder, st_embedder):
    passages = _cosines(embedder.embed_passages(TEXTS), st_embedder.embed_passages(TEXTS))
    queries = _cosines(np.stack([embedder.embed_query(t) for t in TEXTS]), np.stack([st_embedder.embed_query(t) for t in TEXTS]))
    assert passages.min() >= 0.999 and queries.min() >= 0.999, (passages.min(), queries.min())
    assert np.allclose(np.linalg.norm(embedder.embed_passages(TEXTS[:3]), axis=1), 1.0, atol=1e-5)


def test_a_batch_gives_the_same_vectors_as_one_text_at_a_time(embedder):
    together = embedder.embed_passages(TEXTS)
    alone = np.stack([embedder.embed_passages([t])[0] for t in TEXTS])
    assert _cosines(together, alone).min() >= 0.9999


def test_texts_share_a_pass_up_to_the_token_budget_and_a_long_one_runs_alone():
    lengths = [30, 200, 25, 300, 28, 24, 130]
    batches = token_batches(lengths, 256)
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    assert batches == [[3], [1], [6], [0, 4, 2, 5]]  # longest first; 4 x 30 padded tokens fit, 2 x 130 do not
    assert token_batches(lengths, 1024) == [[3, 1, 6], [0, 4, 2, 5]]


def test_int8_vectors_agree_closely_and_still_retrieve_each_paraphrase_first(int8_embedder, st_embedder):
    agreement = _cosines(int8_embedder.embed_passages(TEXTS), st_embedder.embed_passages(TEXTS))
    print(f"int8 agreement with sentence-transformers: min {agreement.min():.4f}, mean {agreement.mean():.4f}")
    assert agreement.min() >= 0.98
    queries = np.stack([int8_embedder.embed_query(q) for q, _ in RETRIEVAL_PAIRS])
    passages = int8_embedder.embed_passages([p for _, p in RETRIEVAL_PAIRS])
    assert (np.argmax(queries @ passages.T, axis=1) == np.arange(len(RETRIEVAL_PAIRS))).all()


def test_the_export_is_recorded_with_a_fingerprint_and_not_redone(model_dir, embedder, int8_embedder):
    marker = json.loads((model_dir / ONNX_DIR / MARKER_FILE).read_text())
    assert set(marker["variants"]) >= {"fp32", "int8"}
    assert marker["versions"]["onnxruntime"] and marker["opset"] == 17
    fp32 = variant_file(model_dir, "fp32")
    before = fp32.stat().st_mtime_ns, (model_dir / ONNX_DIR / MARKER_FILE).stat().st_mtime_ns
    assert ensure_onnx_model(model_dir, "fp32") == fp32
    assert (fp32.stat().st_mtime_ns, (model_dir / ONNX_DIR / MARKER_FILE).stat().st_mtime_ns) == before
    assert onnx_fingerprint(model_dir, "fp32") != onnx_fingerprint(model_dir, "int8")


def test_backends_and_variants_never_share_an_index(tmp_path):
    names = {Settings(data_dir=tmp_path, embedding=EmbeddingSettings(backend=b, onnx_variant=v)).collection_name
             for b, v in (("onnx", "fp32"), ("onnx", "int8"), ("sentence-transformers", "fp32"))}
    assert len(names) == 3
    assert Settings(data_dir=tmp_path, embedding=EmbeddingSettings(backend="sentence-transformers", onnx_variant="int8")
                    ).collection_name in names  # the variant only matters for the onnx backend


def test_an_onnx_model_that_is_not_a_local_folder_says_to_use_sentence_transformers(tmp_path):
    from beleid.errors import ModelUnavailableError

    settings = Settings(data_dir=tmp_path, embedding=EmbeddingSettings(model="intfloat/multilingual-e5-small"))
    with pytest.raises(ModelUnavailableError) as caught:
        load_embedder(settings)
    assert "BELEID_EMBEDDING__BACKEND=sentence-transformers" in caught.value.user_message


_PROBE = """
import json, sys
sys.argv = ["beleid", *json.loads(sys.argv[1])]
from beleid.cli import main
try:
    main()
finally:
    heavy = [m for m in {heavy} if m in sys.modules]
    print("HEAVY=" + json.dumps(heavy), file=sys.stderr)
"""

_APP_PROBE = """
import json, sys
from beleid.settings import Settings
from app import build_app
build_app(Settings())
heavy = [m for m in {heavy} if m in sys.modules]
print("HEAVY=" + json.dumps(heavy), file=sys.stderr)
"""


def _heavy_modules(code: str, env: dict, cwd: Path, *args: str) -> tuple[list[str], subprocess.CompletedProcess]:
    result = subprocess.run([sys.executable, "-c", code.format(heavy=repr(HEAVY_MODULES)), json.dumps(args)],
                            env=env, cwd=cwd, capture_output=True, text=True, timeout=300)
    line = next(line for line in result.stderr.splitlines() if line.startswith("HEAVY="))
    return json.loads(line.removeprefix("HEAVY=")), result


def test_ingest_ask_and_the_app_import_neither_torch_nor_sentence_transformers_and_write_nothing_home(embedder, data_dir, seed_corpus, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BELEID_", "XDG_"))}
    env.update(BELEID_DATA_DIR=str(data_dir), BELEID_INGEST__CORPUS_DIR=str(seed_corpus), HOME=str(home),
               PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    heavy, result = _heavy_modules(_PROBE, env, tmp_path, "ingest")
    assert result.returncode == 0 and "toegevoegd: 2" in result.stdout, result.stderr
    assert heavy == []
    heavy, result = _heavy_modules(_PROBE, env, tmp_path, "ask", "Hoeveel sectoren engageren zich?", "--json")
    assert result.returncode == 0, result.stderr
    assert "35" in json.loads(result.stdout)["text"]
    assert heavy == []
    heavy, result = _heavy_modules(_APP_PROBE, env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert heavy == ["gradio"]
    assert list(home.rglob("*")) == []  # no telemetry ids or caches written under the user's home
