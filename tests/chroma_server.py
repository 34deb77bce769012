"""Start a real `chroma run` server on loopback for tests and benchmarks."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from collections.abc import Iterator

from tests.ports import free_port


@contextmanager
def chroma_server(path: Path, timeout: float = 60.0) -> Iterator[int]:
    """A Chroma server persisting to ``path``; yields its port and stops it afterwards."""
    executable = shutil.which("chroma", path=str(Path(sys.executable).parent)) or "chroma"
    port = free_port()
    process = subprocess.Popen(
        [executable, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"chroma server did not start (exit code {process.poll()})")
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
