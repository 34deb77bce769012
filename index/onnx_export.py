"""Export a prepared sentence-transformers folder to ONNX, once, at model preparation.

``ensure_onnx_model(folder, variant)`` returns the ``.onnx`` file of the variant, exporting it first when
it is missing or was made from other weights:

- ``fp32``: the transformer (input ids + attention mask -> last hidden state) through
  ``torch.onnx.export`` (the TorchScript exporter, opset 17), run offline on the local weights;
- ``int8``: ``fp32`` dynamically quantised by ``onnxruntime.quantization`` (int8 weights per output
  channel, activations quantised at run time; measured agreement in docs/BENCHMARKS.md).

Pooling and normalisation stay in numpy (``index/onnx_embedder.py``). The files live in
``FOLDER/onnx/`` beside a marker (``beleid-onnx.json``) that records what they were made from (the
folder's own build marker or its weight files), the exporter versions and, per variant, the files'
sizes and sha256 (its fingerprint). Weights are stored as ONNX external data beside the graph. torch, transformers and onnx are imported only here, only when
something has to be exported: the query path only reads the marker.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import os
import tempfile
import warnings
from pathlib import Path

from index.model_folder import read_model_folder

log = logging.getLogger(__name__)

# Bump when the exported graph changes, so existing exports are redone.
FORMAT_VERSION = 1
OPSET = 17
ONNX_DIR = "onnx"
MARKER_FILE = "beleid-onnx.json"
VARIANTS = {"fp32": "model.onnx", "int8": "model-int8.onnx"}  # weights beside each in NAME.data
_SOURCE_MARKER = "beleid-build.json"  # written by index/e5_build.py
_PACKAGES = ("torch", "transformers", "onnx", "onnxruntime")


def variant_file(folder: Path, variant: str) -> Path:
    """Where the variant's ONNX file lives (whether or not it has been exported)."""
    return Path(folder) / ONNX_DIR / VARIANTS[variant]


def ensure_onnx_model(folder: Path, variant: str) -> Path:
    """The variant's ``.onnx`` file for the model in ``folder``, exported (and quantised) first if needed.

    Cheap when the marker matches: no hashing of the ONNX file, only its size is checked. An export
    is written under a temporary name and renamed into place before the marker records it, so a
    crash leaves no half-written model behind; two processes exporting at once both end up valid.
    """
    if variant not in VARIANTS:
        raise ValueError(f"unknown ONNX variant {variant!r}; known: {sorted(VARIANTS)}")
    folder = Path(folder)
    source = source_fingerprint(folder)
    marker = _read_marker(folder)
    if marker.get("source") != source or marker.get("format_version") != FORMAT_VERSION:
        marker = {"format_version": FORMAT_VERSION, "source": source, "opset": OPSET, "variants": {}}
    if _is_current(folder, marker, variant):
        return variant_file(folder, variant)
    (folder / ONNX_DIR).mkdir(exist_ok=True)
    if variant == "int8" and not _is_current(folder, marker, "fp32"):
        ensure_onnx_model(folder, "fp32")
        marker = _read_marker(folder)
    log.warning("exporting the embedding model to ONNX (%s), once: %s", variant, folder)
    target = variant_file(folder, variant)
    with tempfile.TemporaryDirectory(prefix=".export-", dir=folder / ONNX_DIR) as tmp:
        staged = Path(tmp) / target.name
        if variant == "fp32":
            _export_fp32(folder, Path(tmp) / "traced.onnx")
            _save_with_external_data(Path(tmp) / "traced.onnx", staged)
        else:
            _quantize_int8(variant_file(folder, "fp32"), Path(tmp) / "quantized.onnx")
            _save_with_external_data(Path(tmp) / "quantized.onnx", staged)
        data = staged.with_name(staged.name + ".data")
        record = {"file": target.name, "data_file": data.name, "bytes": [staged.stat().st_size, data.stat().st_size],
                  "sha256": _sha256(staged, data)}
        for path in (data, staged):  # the graph last: it is what a reader opens
            path.chmod(0o644)
            os.replace(path, target.with_name(path.name))
    marker = {**_read_marker_for(folder, marker), "versions": _versions()}
    marker["variants"][variant] = record
    _write_marker(folder, marker)
    return target


def onnx_fingerprint(folder: Path, variant: str) -> str:
    """Short fingerprint of an exported variant (sha256 of its file, recorded at export)."""
    return _read_marker(Path(folder))["variants"][variant]["sha256"][:16]


def source_fingerprint(folder: Path) -> str:
    """What the export is made from: the folder's build marker if it has one, else its weight files' stats."""
    if (folder / _SOURCE_MARKER).is_file():
        from index.e5_build import content_fingerprint

        return content_fingerprint(folder)
    stats = sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir()
                   if p.is_file() and p.suffix in (".safetensors", ".bin", ".json"))
    return hashlib.sha256(json.dumps(stats).encode()).hexdigest()[:16]


def _is_current(folder: Path, marker: dict, variant: str) -> bool:
    record = marker.get("variants", {}).get(variant)
    if not record:
        return False
    graph = variant_file(folder, variant)
    try:
        return [graph.stat().st_size, graph.with_name(record["data_file"]).stat().st_size] == record["bytes"]
    except OSError:
        return False


def _read_marker(folder: Path) -> dict:
    try:
        return json.loads((folder / ONNX_DIR / MARKER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _read_marker_for(folder: Path, fallback: dict) -> dict:
    """The marker on disk if another process wrote one for the same source meanwhile, else ``fallback``."""
    current = _read_marker(folder)
    same = current.get("source") == fallback["source"] and current.get("format_version") == FORMAT_VERSION
    merged = current if same else fallback
    merged.setdefault("variants", {})
    return merged


def _write_marker(folder: Path, marker: dict) -> None:
    path = folder / ONNX_DIR / MARKER_FILE
    staged = path.with_name(f".{MARKER_FILE}.{os.getpid()}")
    staged.write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
    os.replace(staged, path)


def _sha256(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _versions() -> dict[str, str]:
    out = {}
    for name in _PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "-"
    return out


def _export_fp32(folder: Path, out: Path) -> None:
    import torch
    from transformers import AutoModel

    layout = read_model_folder(folder)
    model = AutoModel.from_pretrained(str(layout.transformer_path), attn_implementation="eager",
                                      **layout.model_args).eval()

    class Encoder(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    ids = torch.tensor([[0, 5, 6, 2], [0, 7, 2, 1]])
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]])
    axes = {0: "batch", 1: "sequence"}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes about shapes that are dynamic_axes here anyway
        torch.onnx.export(
            Encoder(model), (ids, mask), str(out), input_names=["input_ids", "attention_mask"],
            output_names=["last_hidden_state"], opset_version=OPSET, do_constant_folding=True, dynamo=False,
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "last_hidden_state": axes},
        )


def _quantize_int8(fp32: Path, out: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # Per-channel weights: vectors agree at cosine ~0.996 with fp32 instead of ~0.986 per tensor (same speed).
    quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8, per_channel=True)


def _save_with_external_data(source: Path, out: Path) -> None:
    """The graph in ``out`` and its weights in ``out.data``: ONNX Runtime then reads the weights straight from
    the file instead of parsing them out of one big protobuf (session start 1.2 -> 0.25 s for fp32, measured)."""
    import onnx

    model = onnx.load(str(source))
    onnx.save_model(model, str(out), save_as_external_data=True, all_tensors_to_one_file=True,
                    location=out.name + ".data", size_threshold=1024)
