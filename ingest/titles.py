"""A document's title: what users see as its name ("Volgens <title>, …"), in the sources list and filters.

In order: the title the file declares (PDF info, DOCX core properties) when the document's first pages or
its file name bear it out; a letter's subject line ("Onderwerp: Brief aan PS Definitief windbeleid"); a
title-like line of the first page that is not letterhead (addresses, e-mail, bank and chamber of commerce
numbers, reference tables) nor a page name ("Colofon", "Inhoud"), preferring — when the first candidate
shares no word with the file name — one of the next two that does (a series name above the document's
own: "Nieuwe Omgevingsvisie Overijssel" / "Omgevingseffectrapportage - OER Fase 2a"); the file name.
A page read by OCR only gives a title that the file name bears out (a map's first OCR'd word is no title).
"""

from __future__ import annotations

import re
from pathlib import Path

from ingest.structure import contact_details
from ingest.types import Page

_MAX_WORDS = 16
_CANDIDATES = 3
_SUBJECT = re.compile(r"^\s*(?:onderwerp|betreft)\s*:\s*(?P<subject>\S.{2,150}?)\s*$", re.I)
_REFERENCE_LINE = re.compile(r"\||\be-mail\b|^(?:datum|kenmerk|uw\s+(?:brief|kenmerk)|inlichtingen|bijlagen?)\b", re.I)
_PAGE_NAMES = re.compile(r"^(?:colofon|inhoud(?:sopgave|stafel)?|voorwoord|samenvatting|inleiding|bijlagen?)\s*$", re.I)
_DECLARED_JUNK = re.compile(r"^(?:microsoft\s+\w+\s*-|untitled|naamloos|document\d*$|presentatie\d*$|titel$)"
                            r"|\.(?:docx?|pdf|pptx?|indd|xlsx?|odt)\s*$", re.I)
_DATE_PREFIX = re.compile(r"^\d{6,8}[_\s-]+")
_WORD = re.compile(r"[a-zà-ÿ0-9]{3,}", re.I)


def document_title(path: Path, pages: list[Page], declared: str = "") -> str:
    """The title of the document at ``path`` (see the module docstring for the order of the sources)."""
    name_words = _words(path.stem.replace("_", " ").replace("-", " "))
    declared = " ".join(declared.split())
    if declared and not _DECLARED_JUNK.search(declared) and _borne_out(declared, pages, name_words):
        return declared
    first = pages[0] if pages else None
    if first is not None:
        lines = [line.strip() for line in first.text.split("\n") if line.strip()]
        subject = next((m.group("subject") for m in map(_SUBJECT.match, lines) if m), None)
        if subject:
            return subject
        candidates = [line for line in lines if _title_like(line)]
        chosen = _best_candidate(candidates, name_words, ocr=first.ocr)
        if chosen:
            return _capitalised(chosen)
    return _from_file_name(path)


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def _borne_out(declared: str, pages: list[Page], name_words: set[str]) -> bool:
    """A declared title is kept when one of its words (of 4+ letters) is in the file name or the first pages:
    a template's leftover title ("Sjabloon nota") is not."""
    words = {w for w in _words(declared) if len(w) >= 4}
    opening = _words(" ".join(page.text[:4000] for page in pages[:3]))
    return bool(words & (name_words | opening))


def _title_like(line: str) -> bool:
    words = line.split()
    return (1 <= len(words) <= _MAX_WORDS and not line.endswith((".", ":", ",")) and any(c.isalpha() for c in line)
            and not contact_details(line) and not _REFERENCE_LINE.search(line) and not _PAGE_NAMES.match(line))


def _best_candidate(candidates: list[str], name_words: set[str], *, ocr: bool) -> str | None:
    """The first candidate, or a later one of the first few that shares words with the file name when the
    first shares none; from an OCR'd page only a candidate the file name bears out."""
    def shared(line: str) -> int:
        return len(_words(line) & name_words)

    leading = candidates[:_CANDIDATES]
    best = max(leading, key=shared, default=None)
    if best is not None and shared(best) and not shared(leading[0]):
        return best
    if ocr:
        return best if best is not None and shared(best) else None
    return leading[0] if leading else None


def _from_file_name(path: Path) -> str:
    stem = _DATE_PREFIX.sub("", path.stem).replace("-", " ").replace("_", " ")
    stem = " ".join(stem.split())
    return _capitalised(stem) if stem else path.name


def _capitalised(text: str) -> str:
    return text[0].upper() + text[1:]
