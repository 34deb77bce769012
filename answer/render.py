"""Turn chosen sentences into answer text with numbered citations and passage-key citations.

Each place (passage) the answer quotes is introduced by where it comes from: "Volgens <document>, <section>
(p. 53): …", its sentences in document order, each with its source marker [n].
"""

from __future__ import annotations

from answer.compose import Scored
from answer.quotes import locate
from answer.types import Citation
from index.types import Passage
from ingest.sections import PATH_SEPARATOR


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


def _pages(passage: Passage, sentences: list[Scored]) -> str:
    """' (p. 53)' or ' (p. 53–54)' for a paged document; nothing for a text without pages."""
    if not passage.file_name.lower().endswith(".pdf"):
        return ""
    labels = list(dict.fromkeys(passage.page_of(s.sentence.start)[2] for s in sentences))
    return f" (p. {labels[0]})" if len(labels) == 1 else f" (p. {labels[0]}–{labels[-1]})"


def source_lead(passage: Passage, sentences: list[Scored], with_period: bool) -> str:
    """'Volgens <title> (<sector>, <period>), <section> (p. N): ' for the sentences of one passage; sector and
    period only where the title does not already say them (the period always when sources are compared)."""
    title = passage.title.lower()
    extra = [x for x in (passage.sector if passage.sector and passage.sector.lower() not in title else "",
                         passage.period if passage.period and (with_period or passage.period not in title) else "") if x]
    period = f" ({', '.join(extra)})" if extra else ""
    section = passage.heading.split(PATH_SEPARATOR)[-1].strip() if passage.heading else ""
    if section and section.lower() in passage.title.lower():
        section = ""
    where = f", {section}" if section else ""
    return f"Volgens {passage.title}{period}{where}{_pages(passage, sentences)}: "


def render_extractive(chosen: list[Scored], passages: list[Passage], name_sources: bool) -> tuple[str, str, list[Citation]]:
    """(text with [n], raw text with [[chunk id]], citations).

    Sentences are grouped by passage (in the order the places were chosen), each group introduced by its
    source. With ``name_sources`` (the sources disagree) every group also names its document's period.
    """
    groups: dict[int, list[Scored]] = {}
    for scored in chosen:
        groups.setdefault(scored.sentence.passage_index, []).append(scored)
    text_parts, raw_parts, citations = [], [], []
    for number, (index, sentences) in enumerate(groups.items(), 1):
        passage = passages[index]
        lead = source_lead(passage, sentences, with_period=name_sources or len(groups) > 1)
        text_body, raw_body, shown_header = [], [], ""
        for scored in sentences:
            items = "".join(f"\n- {item}" for item in scored.sentence.items)
            header = scored.sentence.header
            columns = f"(kolommen: {header}) " if header and header != shown_header else ""
            shown_header = header or scored.sentence.text  # a quoted header row needs no repeating either
            text_body.append(f"{columns}{scored.sentence.text} [{number}]{items}")
            raw_body.append(f"{columns}{scored.sentence.text} [[{passage.chunk_id}]]{items}")
        text_parts.append(lead + " ".join(text_body))
        raw_parts.append(lead + " ".join(raw_body))
        citations.append(make_citation(number, passage, [s.sentence.quoted for s in sentences]))
    return "\n\n".join(text_parts), "\n\n".join(raw_parts), citations
