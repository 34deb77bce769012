"""Turn chosen sentences into answer text with numbered citations and passage-key citations."""

from __future__ import annotations

from answer.extractive import Scored
from answer.quotes import locate
from answer.types import Citation
from index.types import Passage


def make_citation(number: int, passage: Passage, quotes: list[str]) -> Citation:
    """Citation ``number`` of ``passage`` quoting ``quotes``; it names the page of the first quoted sentence,
    not the first page of the passage."""
    _, page, label, ocr = passage.page_of(locate(passage.text, quotes[0]) if quotes else 0)
    return Citation(
        number=number, chunk_id=passage.chunk_id, doc_id=passage.doc_id, title=passage.title,
        file_name=passage.file_name, doc_type=passage.doc_type, sector=passage.sector, period=passage.period,
        page=page, page_label=label, article=passage.article, heading=passage.heading,
        passage=passage.text, quote=" … ".join(quotes), score=passage.score, ocr=ocr,
    )


def render_extractive(chosen: list[Scored], passages: list[Passage], name_sources: bool) -> tuple[str, str, list[Citation]]:
    """(text with [n], raw text with [[chunk id]], citations).

    With ``name_sources`` (the sources disagree), each sentence says which document and period it is from.
    """
    numbers: dict[str, int] = {}
    quotes: dict[str, list[str]] = {}
    used = [passages[s.sentence.passage_index] for s in chosen]
    if name_sources:  # sentences of one document together, each document named once
        order = list(dict.fromkeys(p.doc_id for p in used))
        pairs = sorted(zip(chosen, used), key=lambda pair: order.index(pair[1].doc_id))
        chosen, used = [s for s, _ in pairs], [p for _, p in pairs]
    text_parts, raw_parts = [], []
    previous_doc = None
    for scored, passage in zip(chosen, used):
        number = numbers.setdefault(passage.chunk_id, len(numbers) + 1)
        quotes.setdefault(passage.chunk_id, []).append(scored.sentence.full_text)
        named = name_sources and passage.doc_id != previous_doc
        previous_doc = passage.doc_id
        lead = f"Volgens {passage.title}" + (f" ({passage.period})" if passage.period else "") + ": " if named else ""
        body = scored.sentence.text
        items = "".join(f"\n- {item}" for item in scored.sentence.items)
        if items:
            text_parts.append(f"{lead}{body} [{number}]{items}")
            raw_parts.append(f"{lead}{body} [[{passage.chunk_id}]]{items}")
        else:
            text_parts.append(f"{lead}{body} [{number}]")
            raw_parts.append(f"{lead}{body} [[{passage.chunk_id}]]")
    by_id = {p.chunk_id: p for p in used}
    citations = [make_citation(n, by_id[cid], quotes[cid]) for cid, n in numbers.items()]
    joiner = "\n\n" if any(s.sentence.items for s in chosen) else " "
    return joiner.join(text_parts), joiner.join(raw_parts), citations
