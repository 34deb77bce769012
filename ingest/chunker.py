"""Structure-aware chunking sized in tokens of the embedding model's own tokenizer."""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from ingest.sections import DocBlock, document_structure
from ingest.types import Chunk, DocumentMeta, Page

TokenCounter = Callable[[str], int]

# Sentence ends, but not after common Dutch abbreviations or inside numbers such as 12.6 or art. 5.
_ABBREVIATIONS = r"(?<!\bart)(?<!\bbv)(?<!\bnr)(?<!\bo\.a)(?<!\bd\.w\.z)(?<!\bm\.a\.w)(?<!\bvb)(?<!\bincl)(?<!\bca)(?<!\bdhr)(?<!\bmevr)(?<!\be\.d)(?<!\bi\.v\.m)"
_SENTENCE_END = re.compile(_ABBREVIATIONS + r"[.!?](?=\s+[\"'‘“(]?[A-ZÀ-Ý0-9•])")
# A lead-in followed by its first item, marked ("- ", "• ") or numbered ("1. ", "a) "), or marked items anywhere.
# A caption line naming a table: "Tabel 1 - Samenvatting opgaven RES 1.0", "Tabel 3.4 Algemene beoordelingsschaal".
_CAPTION = re.compile(r"\s*(?:tabel|table|overzicht)\s+\d+(?:\.\d+)*\b[^\n]*\s*", re.I)
_LEAD_IN_WITH_ITEMS = re.compile(r":\s*\n\s*(?:[•●▪◦·\-–*]|\d{1,2}[.)]|[a-z][.)])\s|\n[•●▪◦·\-–*]\s")


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    tokens: int
    continues: bool  # part of a unit that was split; the next chunk may repeat it


def embedding_text(title: str, heading: str, text: str) -> str:
    """What is embedded for a chunk: its document title and heading give the passage context."""
    return "\n".join(part for part in (title, heading, text) if part)


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence boundaries inside text[start:end]."""
    spans, cursor = [], start
    for match in _SENTENCE_END.finditer(text, start, end):
        spans.append((cursor, match.end()))
        cursor = match.end()
        while cursor < end and text[cursor].isspace():
            cursor += 1
    if cursor < end:
        spans.append((cursor, end))
    return spans


class Chunker:
    """Splits a cleaned document into chunks that respect articles, sections and bullet lists."""

    def __init__(self, count_tokens: TokenCounter, chunk_tokens: int, window_tokens: int, overlap: int = 1):
        self.count = count_tokens
        self.chunk_tokens = chunk_tokens
        self.window_tokens = window_tokens
        self.overlap = overlap

    def chunk(self, meta: DocumentMeta, pages: list[Page]) -> list[Chunk]:
        text, page_starts, blocks = document_structure(pages, meta.title)
        chunks: list[Chunk] = []
        for heading, article, units in self._segments(text, blocks):
            overhead = self.count(embedding_text(meta.title, heading, ""))
            budget = max(16, min(self.chunk_tokens, self.window_tokens) - overhead)
            spans = [span for unit in units for span in self._unit_spans(text, unit, budget)]
            for start, end in self._pack(text, spans, budget, meta.title, heading):
                chunks.append(self._make_chunk(meta, pages, page_starts, text, start, end, heading, article))
        return chunks

    # -- segmentation ---------------------------------------------------------------------
    def _segments(self, text: str, blocks: list[DocBlock]) -> list[tuple[str, str, list[tuple[int, int]]]]:
        """(section path, article, units) per section or article; a unit is a block or a lead-in with its
        bullets. Table-of-contents blocks are left out: they are never evidence."""
        segments: list[tuple[str, str, list[tuple[int, int]]]] = []
        place = ("", "")
        units: list[tuple[int, int]] = []
        has_body = False

        def close() -> None:
            if units:
                segments.append((*place, list(units)))
                units.clear()

        for block in blocks:
            if block.kind == "toc":
                continue
            if block.kind == "heading":
                if not (units and not has_body):  # a heading right under a heading: one segment
                    close()
                place = (block.path, block.article)
                units.append((block.start, block.end))
                has_body = False
                continue
            if (block.path, block.article) != place:  # an inline article starts here
                close()
                place = (block.path, block.article)
            has_body = True
            if block.kind == "bullet" and units and self._is_lead_in(text, units[-1]):
                units[-1] = (units[-1][0], block.end)  # keep bullets with their lead-in sentence
            elif block.kind == "table" and units and _CAPTION.fullmatch(text[units[-1][0] : units[-1][1]]):
                units[-1] = (units[-1][0], block.end)  # a table stays with the caption that names it ("Tabel 1 - …")
            else:
                units.append((block.start, block.end))
        close()
        return segments

    @staticmethod
    def _is_lead_in(text: str, unit: tuple[int, int]) -> bool:
        """The unit ends with a lead-in sentence, or is a lead-in with its first items (marked or numbered)."""
        body = text[unit[0] : unit[1]]
        return body.rstrip().endswith(":") or bool(_LEAD_IN_WITH_ITEMS.search(body))

    # -- sizing -----------------------------------------------------------------------------
    def _unit_spans(self, text: str, unit: tuple[int, int], budget: int) -> list[_Span]:
        tokens = self.count(text[unit[0] : unit[1]])
        if tokens <= budget:
            return [_Span(unit[0], unit[1], tokens, False)]
        spans: list[_Span] = []
        for start, end in sentence_spans(text, *unit):
            spans.extend(self._word_windows(text, start, end, budget))
        return spans

    def _word_windows(self, text: str, start: int, end: int, budget: int) -> list[_Span]:
        """A sentence longer than the budget is cut at word boundaries."""
        tokens = self.count(text[start:end])
        if tokens <= budget:
            return [_Span(start, end, tokens, True)]
        words = [m.span() for m in re.finditer(r"\S+", text[start:end])]
        windows, first = [], 0
        while first < len(words):
            last = first + 1
            while last < len(words) and self.count(text[start + words[first][0] : start + words[last][1]]) <= budget:
                last += 1
            span_start, span_end = start + words[first][0], start + words[last - 1][1]
            windows.append(_Span(span_start, span_end, self.count(text[span_start:span_end]), True))
            first = last
        return windows

    def _pack(self, text: str, spans: list[_Span], budget: int, title: str, heading: str) -> list[tuple[int, int]]:
        """Greedy packing of spans into chunks under the budget, repeating split sentences as overlap."""
        ranges, first = [], 0
        while first < len(spans):
            last, total = first + 1, spans[first].tokens
            while last < len(spans) and total + spans[last].tokens + 1 <= budget:
                total += spans[last].tokens + 1
                last += 1
            while last - first > 1 and self.count(
                embedding_text(title, heading, text[spans[first].start : spans[last - 1].end])
            ) > self.window_tokens:
                last -= 1
            ranges.append((spans[first].start, spans[last - 1].end))
            step_back = self.overlap if spans[last - 1].continues and last < len(spans) else 0
            first = max(first + 1, last - step_back)
        return ranges

    # -- output -------------------------------------------------------------------------------
    @staticmethod
    def _make_chunk(meta, pages, page_starts, text, start, end, heading, article) -> Chunk:
        page_first = bisect.bisect_right(page_starts, start) - 1
        page_last = bisect.bisect_right(page_starts, max(start, end - 1)) - 1
        page_map = tuple((max(0, page_starts[i] - start), pages[i].number, pages[i].label, pages[i].ocr)
                         for i in range(page_first, page_last + 1))
        body = text[start:end]
        digest = hashlib.sha256(body.encode()).hexdigest()
        # The offset is part of the id: a document may repeat a passage word for word.
        id_hash = hashlib.sha256(f"{start}:{digest}".encode()).hexdigest()[:10]
        return Chunk(
            chunk_id=f"{meta.doc_id}:p{pages[page_first].number}:{id_hash}",
            doc_id=meta.doc_id,
            text=body,
            page_start=pages[page_first].number,
            page_end=pages[page_last].number,
            page_label=pages[page_first].label,
            heading=heading,
            article=article,
            char_start=start,
            char_end=end,
            content_hash=digest,
            page_map=page_map,
            ocr=any(page.ocr for page in pages[page_first : page_last + 1]),
        )
