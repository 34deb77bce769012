"""Ingest throughput of this checkout against an earlier revision, side by side in one run.

Run: ``python -m bench.versus --baseline REV [--documents N] [--rounds R] [--out FILE]``

The earlier revision is checked out in a temporary git worktree; both trees ingest the same synthetic
benchmark corpus (eval/pdfgen.py, seed 7) with ``bench.ingest`` in their own processes, alternating
baseline and current for ``--rounds`` rounds so that the load of a shared machine falls on both. The
report gives the median pages/s of each and their ratio, the time outside embedding, and the CPU seconds of
each ingest process (steadier than wall time when other jobs share the machine).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.child import run_process
from bench.workspace import REPO, default_model_dir, fresh_data_dir


def _ingest(tree: Path, corpus: Path, data: Path, model_dir: Path) -> dict:
    """``bench.ingest`` of ``tree`` over ``corpus`` into a fresh ``data`` folder (the model linked in)."""
    fresh_data_dir(data, model_dir)
    args, out = data / "args.json", data / "out.json"
    args.write_text(json.dumps({"corpus_dir": str(corpus), "data_dir": str(data), "vectors_out": str(data / "vectors")}))
    env = {**os.environ, "PYTHONPATH": str(tree)}
    process = run_process([sys.executable, "-m", "bench.ingest", str(args), str(out)], env=env, cwd=tree)
    if process["exit_code"] != 0:
        raise RuntimeError(f"ingest in {tree} failed:\n{process['stderr']}")
    result = json.loads(out.read_text())
    result["process_cpu_s"] = process["cpu_s"]  # the whole child: model load, ingest and the raw encode after it
    return result


def compare(baseline: str, documents: int, rounds: int) -> dict:
    from eval.pdfgen import generate_synthetic_corpus

    model_dir = default_model_dir()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        old = work / "baseline"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(old), baseline],
                       check=True, capture_output=True)
        try:
            corpus = work / "corpus"
            generate_synthetic_corpus(corpus, documents, seed=7, min_pages=10, max_pages=20)
            runs: dict[str, list[dict]] = {"baseline": [], "current": []}
            for round_number in range(rounds):
                for name, tree in (("baseline", old), ("current", REPO)):
                    runs[name].append(_ingest(tree, corpus, work / f"{name}-{round_number}", model_dir))
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(old)], capture_output=True)

    def median(name: str, key: str) -> float:
        return round(statistics.median(run[key] for run in runs[name]), 3)

    summary = {name: {"pages_per_s": median(name, "pages_per_s"), "ingest_s": median(name, "ingest_s"),
                      "outside_embedding_s": median(name, "other_s"), "process_cpu_s": median(name, "process_cpu_s"),
                      "ingest_to_raw_encode": median(name, "ratio_ingest_to_raw_encode"),
                      "chunks": runs[name][0]["chunks"], "texts_embedded": runs[name][0]["texts_embedded"],
                      "pages": runs[name][0]["pages"]} for name in runs}
    summary["ratio_pages_per_s"] = round(summary["current"]["pages_per_s"] / summary["baseline"]["pages_per_s"], 3)
    # CPU seconds are steadier than wall time on a machine other jobs share
    summary["ratio_cpu_s"] = round(summary["current"]["process_cpu_s"] / summary["baseline"]["process_cpu_s"], 3)
    return {"baseline": baseline, "documents": documents, "rounds": rounds, "summary": summary, "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", required=True, help="git revision to compare with")
    parser.add_argument("--documents", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    report = compare(args.baseline, args.documents, args.rounds)
    text = json.dumps(report["summary"], indent=1)
    print(text)
    if args.out:
        args.out.write_text(json.dumps(report, indent=1, default=str))


if __name__ == "__main__":
    main()
