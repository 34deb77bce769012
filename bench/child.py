"""Run a measurement in its own process, so that its peak RSS and start-up are its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.stats import hwm_mb
from bench.workspace import REPO


def run_process(argv: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None,
                timeout: float = 1800) -> dict:
    """Run ``argv``; wall time, peak RSS (the child's VmHWM, polled), exit code and stdout."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=cwd)
        deadline = started + timeout
        peak = 0.0
        while True:
            peak = max(peak, hwm_mb(process.pid) or 0.0)
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.02)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {"wall_s": round(wall, 2), "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
                "peak_rss_mb": peak or round(usage.ru_maxrss / 1024, 1),
                "exit_code": process.returncode, "stdout": out.read().decode("utf-8", "replace"),
                "stderr": err.read().decode("utf-8", "replace")[-4000:]}


def run_module(module: str, **kwargs: object) -> dict:
    """Run ``python -m module ARGS.json OUT.json`` (see ``child_main``); its result plus wall time and RSS."""
    with tempfile.TemporaryDirectory() as tmp:
        args_path, out_path = Path(tmp) / "args.json", Path(tmp) / "out.json"
        args_path.write_text(json.dumps(kwargs, default=str))
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
        process = run_process([sys.executable, "-m", module, str(args_path), str(out_path)], env=env, cwd=REPO)
        if process["exit_code"] != 0 or not out_path.exists():
            raise RuntimeError(f"{module} failed with exit code {process['exit_code']}:\n{process['stderr']}")
        result = json.loads(out_path.read_text())
    result["process"] = {"wall_s": process["wall_s"], "peak_rss_mb": process["peak_rss_mb"]}
    return result


def child_main(function: Callable[..., dict]) -> None:
    """Entry point of a child module: read keyword arguments from argv[1], write the result to argv[2]."""
    kwargs = json.loads(Path(sys.argv[1]).read_text())
    result = function(**kwargs)
    Path(sys.argv[2]).write_text(json.dumps(result, default=str))
