"""``python -m bench [--sizes small|full] [--out docs/bench] [--work DIR]``."""

from __future__ import annotations

import argparse
import logging
import shlex
import sys
import tempfile
from pathlib import Path

from bench.sizes import SIZES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", choices=sorted(SIZES), default="small", help="How much to measure (default small).")
    parser.add_argument("--out", type=Path, default=Path("docs/bench"), help="Folder for report.json and report.md.")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "beleid-bench",
                        help="Scratch folder for corpora and indexes (recreated per section).")
    parser.add_argument("--model-dir", type=Path, default=None, help="Built e5 model folder (default: the settings').")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    from beleid.offline import apply_offline_guards

    apply_offline_guards(False)  # before torch is imported: its thread settings are read then
    from bench.run import run_benchmark

    command = "python -m bench " + shlex.join(sys.argv[1:] if argv is None else argv)
    report = run_benchmark(SIZES[args.sizes], args.out, args.work / args.sizes, args.model_dir, command.strip())
    print((args.out / "report.md").read_text(encoding="utf-8"))
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
