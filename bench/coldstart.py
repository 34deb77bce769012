"""Cold start: a new ``python -m beleid ask`` process, from start to printed answer, on an ingested index."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from bench.child import run_process
from bench.workspace import REPO

IMPORTS = "import torch, sentence_transformers, chromadb, bm25s"


def cold_start(data_dir: Path, corpus_dir: Path, question: str, runs: int, imports: bool = True) -> dict:
    """Wall time and peak RSS of ``beleid ask --json`` (``runs`` times), plus the heavy imports alone."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("BELEID_")}
    env.update({"BELEID_DATA_DIR": str(data_dir), "BELEID_INGEST__CORPUS_DIR": str(corpus_dir),
                "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))})
    samples = []
    with tempfile.TemporaryDirectory() as cwd:  # no beleid.toml from the repo
        for _ in range(runs):
            process = run_process([sys.executable, "-m", "beleid", "ask", question, "--json"], env=env, cwd=Path(cwd))
            if process["exit_code"] != 0:
                raise RuntimeError(f"beleid ask failed: {process['stderr']}")
            answer = json.loads(process["stdout"])
            samples.append({"wall_s": process["wall_s"], "peak_rss_mb": process["peak_rss_mb"],
                            "answer_total_ms": answer["timings"]["total_ms"], "refused": answer["refused"]})
        imports_s = run_process([sys.executable, "-c", IMPORTS], env=env, cwd=Path(cwd))["wall_s"] if imports else None
    return {
        "command": f'python -m beleid ask "{question}" --json',
        "runs": samples,
        "best_wall_s": min(s["wall_s"] for s in samples),
        "worst_wall_s": max(s["wall_s"] for s in samples),
        "peak_rss_mb": max(s["peak_rss_mb"] for s in samples),
        "imports_only_s": imports_s,
    }
