"""OCR of scanned PDF pages with Tesseract (Debian's tesseract-ocr + tesseract-ocr-nld), when installed."""

from __future__ import annotations

import io
import logging
import shutil
import subprocess

from ingest.page_layout import join_lines
from ingest.types import TextBlock

log = logging.getLogger(__name__)
_TIMEOUT_S = 120


class Tesseract:
    """The ``tesseract`` command line: a page rendered by PDFium in, plain text out."""

    def __init__(self, command: str, languages: str, dpi: int):
        self.command = shutil.which(command)
        self.languages = languages
        self.dpi = dpi

    @property
    def available(self) -> bool:
        return self.command is not None

    def read(self, page) -> list[TextBlock]:
        """The text of a pypdfium2 page as paragraphs (no typography); [] when Tesseract finds nothing."""
        image = page.render(scale=self.dpi / 72, grayscale=True).to_pil()
        png = io.BytesIO()
        image.save(png, format="PNG")
        try:
            done = subprocess.run(
                [self.command, "stdin", "stdout", "-l", self.languages, "--psm", "3"],
                input=png.getvalue(), capture_output=True, timeout=_TIMEOUT_S, check=True,
                env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"},
            )
        except (subprocess.SubprocessError, OSError) as err:
            log.warning("OCR failed: %r", err)
            return []
        text = done.stdout.decode("utf-8", errors="replace")
        paragraphs = [join_lines([line for line in part.split("\n") if line.strip()]) for part in text.split("\n\n")]
        return [TextBlock("paragraph", paragraph) for paragraph in paragraphs if any(c.isalpha() for c in paragraph)]
