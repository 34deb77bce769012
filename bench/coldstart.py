"""Cold start on an ingested index: a new ``python -m beleid ask`` process from start to printed answer, and a new
``python -m beleid serve`` process from start to its first answer through gradio_client (plus its peak RSS
once it has answered a burst of simultaneous questions)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.child import run_process
from bench.load import simultaneously
from bench.stats import hwm_mb
from bench.workspace import REPO

IMPORTS = "import torch, sentence_transformers, chromadb, bm25s"


def cold_start(data_dir: Path, corpus_dir: Path, question: str, runs: int, imports: bool = True,
               settings_env: dict[str, str] | None = None) -> dict:
    """Wall time and peak RSS of ``beleid ask --json`` (``runs`` times), plus the heavy imports alone.
    ``settings_env``: BELEID_* variables for the child (e.g. the embedding backend)."""
    env = environment(data_dir, corpus_dir, settings_env)
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


def server_cold_start(data_dir: Path, corpus_dir: Path, question: str, burst: list[str],
                      timeout: float = 300, settings_env: dict[str, str] | None = None) -> dict:
    """``beleid serve`` in a new process: seconds until it is up and until its first answer (one gradio_client
    session); then ``burst`` asked at once from as many sessions (none if empty), and the server's peak RSS."""
    from gradio_client import Client

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as cwd, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "beleid", "serve", "--port", str(port)],
                                   env=environment(data_dir, corpus_dir, settings_env), cwd=cwd, stdout=subprocess.DEVNULL,
                                   stderr=err)
        try:
            client = _connect(url, process, started + timeout, err)
            up_s = time.perf_counter() - started
            client.predict(question=question, api_name="/ask")
            first_answer_s = time.perf_counter() - started
            clients = [Client(url, verbose=False) for _ in burst]
            _, outcomes = simultaneously([lambda c=c, q=q: c.predict(question=q, api_name="/ask")
                                          for c, q in zip(clients, burst)]) if burst else (0.0, [])
            peak = hwm_mb(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=30)
    return {"command": "python -m beleid serve --port PORT", "up_s": round(up_s, 2),
            "first_answer_s": round(first_answer_s, 2), "burst_questions": len(burst),
            "burst_errors": sum(1 for _, _, error in outcomes if error), "peak_rss_mb": peak}


def _connect(url: str, process: subprocess.Popen, deadline: float, err):
    """A gradio_client session as soon as the server answers; a clear error if it died or never came up."""
    from gradio_client import Client

    while True:
        if process.poll() is not None:
            err.seek(0)
            raise RuntimeError(f"beleid serve exited with {process.returncode}: {err.read().decode()[-2000:]}")
        try:
            return Client(url, verbose=False)
        except Exception:  # noqa: BLE001 - not listening yet
            if time.perf_counter() > deadline:
                raise
            time.sleep(0.1)


def environment(data_dir: Path, corpus_dir: Path, settings_env: dict[str, str] | None = None) -> dict[str, str]:
    """This environment without the developer's BELEID_* settings, pointed at ``data_dir`` and ``corpus_dir``,
    plus ``settings_env``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("BELEID_")}
    env.update({"BELEID_DATA_DIR": str(data_dir), "BELEID_INGEST__CORPUS_DIR": str(corpus_dir),
                "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
                **(settings_env or {})})
    return env
