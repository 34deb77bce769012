"""What a sentence-transformers model folder says about itself, read from its JSON files (no torch).

Both the ONNX export (where the transformer lives, how to load it) and the ONNX embedder (prefixes,
window, pooling, normalisation, tokenizer) need this; sentence-transformers reads the same files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from beleid.errors import ModelUnavailableError

_TRANSFORMER = "sentence_transformers.models.Transformer"
_POOLING = "sentence_transformers.models.Pooling"
_NORMALIZE = "sentence_transformers.models.Normalize"


@dataclass(frozen=True)
class ModelFolder:
    """A sentence-transformers folder with one transformer, mean or CLS pooling and optional normalisation."""

    path: Path
    transformer_path: Path
    model_args: dict = field(default_factory=dict)
    prompts: dict[str, str] = field(default_factory=dict)
    max_seq_length: int = 512
    dimension: int = 0
    pooling: str = "mean"
    normalize: bool = False

    @property
    def tokenizer_file(self) -> Path:
        return self.transformer_path / "tokenizer.json"


def _json(path: Path, default=None):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return default


def read_model_folder(path: Path) -> ModelFolder:
    """The folder's layout; a ModelUnavailableError (saying what to choose instead) when ONNX cannot run it."""
    path = Path(path)
    modules = _json(path / "modules.json")
    if not modules:
        raise _unsupported(path, "no modules.json (not a sentence-transformers folder)")
    by_type = {m["type"]: m for m in modules}
    unknown = set(by_type) - {_TRANSFORMER, _POOLING, _NORMALIZE}
    if _TRANSFORMER not in by_type or _POOLING not in by_type or unknown:
        raise _unsupported(path, f"modules {sorted(by_type)} (supported: Transformer, Pooling, Normalize)")
    transformer = path / by_type[_TRANSFORMER]["path"]
    pooling_config = _json(path / by_type[_POOLING]["path"] / "config.json", {})
    modes = [mode for mode in ("mean", "cls") if pooling_config.get(f"pooling_mode_{mode}_tokens")]
    other = [k for k, v in pooling_config.items() if k.startswith("pooling_mode_") and v and
             k not in ("pooling_mode_mean_tokens", "pooling_mode_cls_token")]
    if len(modes) != 1 or other:
        raise _unsupported(path, f"pooling {pooling_config} (supported: mean or CLS)")
    if not (transformer / "tokenizer.json").is_file():
        raise _unsupported(path, "no tokenizer.json (a fast tokenizer is needed)")
    bert_config = _json(transformer / "sentence_bert_config.json", {})
    st_config = _json(path / "config_sentence_transformers.json", {})
    return ModelFolder(
        path=path, transformer_path=transformer, model_args=bert_config.get("model_args", {}),
        prompts=st_config.get("prompts", {}) or {}, max_seq_length=int(bert_config.get("max_seq_length", 512)),
        dimension=int(pooling_config["word_embedding_dimension"]), pooling=modes[0], normalize=_NORMALIZE in by_type,
    )


def _unsupported(path: Path, what: str) -> ModelUnavailableError:
    return ModelUnavailableError(
        f"model folder {path} cannot run on the onnx backend: {what}",
        f"Het taalmodel in '{path}' kan niet met ONNX Runtime draaien. Kies de sentence-transformers-backend "
        "(BELEID_EMBEDDING__BACKEND=sentence-transformers).",
    )
