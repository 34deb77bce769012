"""The default embedder: the exported model on ONNX Runtime with the folder's ``tokenizer.json``.

No torch, transformers or sentence-transformers: a new process answering a question imports only
onnxruntime, tokenizers and numpy for its embeddings. It reproduces sentence-transformers' encode:
the same prefixes, truncation to the model's window, mean (or CLS) pooling over the attention mask
and L2 normalisation (checked against it in tests/test_onnx_embedder.py).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from index.embedder import CachedQueries
from index.model_folder import ModelFolder


class OnnxEmbedder(CachedQueries):
    """One ONNX Runtime session on the CPU; texts sorted by token count and batched by a token budget, so that
    batches pad little (``token_batches``)."""

    def __init__(self, layout: ModelFolder, model_file: Path, *, name: str, query_prefix: str | None,
                 passage_prefix: str | None, batch_tokens: int, threads: int, fingerprint: str = ""):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        ort.disable_telemetry_events()  # besides ORT_DISABLE_TELEMETRY (beleid/offline.py); on Linux both are no-ops today
        options = ort.SessionOptions()
        # One thread per run, and ``threads`` batches run at once (data parallel): e5-small's matrices are too
        # small for splitting each operator across cores to pay for the hand-over (docs/BENCHMARKS.md).
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        # Should a pool ever be used, its idle threads sleep instead of spinning: on 2 shared cores a spinning
        # thread takes the core from the one doing the work (as OMP_WAIT_POLICY=PASSIVE does for torch).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.add_session_config_entry("session.inter_op.allow_spinning", "0")
        # The session is created on a thread of its own (ONNX Runtime releases the GIL while it loads) while
        # this thread loads the tokenizer (which holds the GIL) and the caller goes on opening the index.
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="onnx-session")
        self._session_loading = pool.submit(_open_session, ort, model_file, options)
        pool.shutdown(wait=False)
        self._session = None
        self._tokenizer = Tokenizer.from_file(str(layout.tokenizer_file))
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        self._pad_id = self._tokenizer.token_to_id("<pad>") or 0
        self.layout = layout
        self.name = name
        self.model_file = Path(model_file)
        self.fingerprint = fingerprint  # of the exported model file (index/onnx_export.py)
        self.query_prefix = layout.prompts.get("query", "") if query_prefix is None else query_prefix
        self.passage_prefix = layout.prompts.get("passage", "") if passage_prefix is None else passage_prefix
        self.window_tokens = layout.max_seq_length
        self.batch_tokens = batch_tokens
        self._workers = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="onnx-run") if threads > 1 else None

    @property
    def session(self):
        """The ONNX Runtime session (waits for it the first time; re-raises a loading error)."""
        if self._session is None:
            self._session = self._session_loading.result()
        return self._session

    def count_tokens(self, text: str) -> int:
        """Tokens the model sees for a passage, prefix and special tokens included (before truncation)."""
        return len(self._tokenizer.encode(self.passage_prefix + text, add_special_tokens=True).ids)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode([self.passage_prefix + t for t in texts])

    def _encode_query(self, text: str) -> np.ndarray:
        return self._encode([self.query_prefix + text])[0]

    def _encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.layout.dimension), dtype=np.float32)
        if not texts:
            return out
        ids = [self._truncated(e.ids) for e in self._tokenizer.encode_batch(texts, add_special_tokens=True)]
        batches = token_batches([len(i) for i in ids], self.batch_tokens)
        session = self.session

        def run(rows: list[int]) -> None:
            longest = len(ids[rows[0]])
            input_ids = np.full((len(rows), longest), self._pad_id, dtype=np.int64)
            mask = np.zeros((len(rows), longest), dtype=np.int64)
            for row, i in enumerate(rows):
                input_ids[row, : len(ids[i])] = ids[i]
                mask[row, : len(ids[i])] = 1
            hidden = session.run(None, {"input_ids": input_ids, "attention_mask": mask})[0]
            out[rows] = self._pool(hidden, mask)

        if self._workers is None or len(batches) == 1:
            for rows in batches:
                run(rows)
        else:
            list(self._workers.map(run, batches))  # ONNX Runtime releases the GIL while it runs
        return out

    def _truncated(self, ids: list[int]) -> list[int]:
        """sentence-transformers' truncation: the text cut to fit the window, the closing special token kept."""
        return ids if len(ids) <= self.window_tokens else ids[: self.window_tokens - 1] + ids[-1:]

    def _pool(self, hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
        if self.layout.pooling == "cls":
            pooled = hidden[:, 0]
        else:
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        if self.layout.normalize:
            pooled = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return pooled.astype(np.float32)


def token_batches(lengths: list[int], budget: int) -> list[list[int]]:
    """Indexes of the texts per forward pass, longest first: a pass holds texts of similar length as long as
    its padded size (rows x its longest text) stays within ``budget`` tokens; a longer text runs alone.

    Eight texts per pass, the earlier rule, padded the pass of an answer's longest sentences to the longest
    (179, 156, 119, 28, 26, 26, 24, 24 tokens: 8 x 179 for 582) and left the second thread idle behind it:
    0.98 s for that answer's 13 sentences, ~0.3 s with a 256-token budget. The vectors are the same
    (docs/BENCHMARKS.md, python -m bench.batching)."""
    batches: list[list[int]] = []
    for i in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        if batches and (len(batches[-1]) + 1) * lengths[batches[-1][0]] <= budget:
            batches[-1].append(i)
        else:
            batches.append([i])
    return batches


def _open_session(ort, model_file: Path, options):
    """The session, run once on a small batch so that its first real call does not pay for buffer set-up
    (all of it outside the GIL, while the caller's thread goes on)."""
    session = ort.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])
    ids = np.full((2, 16), 5, dtype=np.int64)
    session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})
    return session
