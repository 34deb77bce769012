"""Where the real development documents live (never copied into the repo) and how to say they are missing."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
REAL_PDFS = SHARED / "real-pdfs"
REAL_TEXTS = SHARED / "real-texts"


def missing_message(folder: Path) -> str:
    return (f"{folder} is missing: the real documents are read from ../shared/ beside the repository "
            "(see docs/EVAL.md); they are never copied into the repo.")


def real_folder_or_exit(folder: Path) -> Path:
    """``folder`` when it holds documents, else exit with a clear message (for the eval commands)."""
    if not folder.is_dir() or not any(folder.iterdir()):
        sys.exit(missing_message(folder))
    return folder
