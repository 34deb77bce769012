"""The answering facade used by CLI, UI and evaluation: rewrite, retrieve, answer, cite, time."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace

from answer.commitments import answer_from_commitments, is_commitment_question
from answer.conversation import standalone_question
from answer.extractive import ExtractiveAnswerer
from answer.injection import strip_instructions
from answer.named import named_documents, named_references
from answer.phrases import REFUSAL
from answer.render import render_extractive
from answer.types import Answer, Turn
from beleid.settings import Settings
from index.catalog import IndexCatalog
from index.retriever import Retriever
from index.types import Passage, SearchFilters

log = logging.getLogger(__name__)


class Assistant:
    """Answers Dutch questions over one index with the backend the settings choose."""

    def __init__(self, settings: Settings, catalog: IndexCatalog | None = None):
        self.settings = settings
        self.catalog = catalog or IndexCatalog(settings)
        self.retriever = Retriever(self.catalog)
        self.extractive = ExtractiveAnswerer(self.catalog.embedder, settings.answer,
                                             rarity=lambda terms: self.catalog.bm25().rarity(terms))
        self.llm = None
        if settings.answer.backend == "llm":
            from answer.llm import LLMAnswerer

            self.llm = LLMAnswerer(settings.answer)

    @property
    def backend(self) -> str:
        return "llm" if self.llm else "extractive"

    @property
    def deltas_are_final(self) -> bool:
        """Whether the text deltas of ``stream`` add up to the final answer text. Extractive: yes, every
        sentence is chosen before it is sent. LLM: no, the citation check may still drop streamed sentences."""
        return self.llm is None

    def retrieve(self, question: str, history: Sequence[Turn] = (), filters: SearchFilters | None = None) -> tuple[str, list[Passage]]:
        """The standalone question and its evidence (with a passage of each document and table it names,
        answer/named.py), instruction-like sentences taken out."""
        standalone = self.llm.rewrite(question, history) if self.llm else standalone_question(question, history)
        named = named_documents(standalone, self.catalog.state.indexed_documents())
        passages = self.retriever.search(standalone, k=self.settings.answer.passages, filters=filters, documents=named,
                                         references=named_references(standalone))
        return standalone, [replace(p, text=strip_instructions(p.text)) for p in passages]

    def ask(self, question: str, history: Sequence[Turn] = (), filters: SearchFilters | None = None) -> Answer:
        """A complete answer (the last event of ``stream``)."""
        answer = None
        for event in self.stream(question, history, filters):
            if isinstance(event, Answer):
                answer = event
        assert answer is not None
        return answer

    def stream(self, question: str, history: Sequence[Turn] = (), filters: SearchFilters | None = None) -> Iterator[str | Answer]:
        """Text deltas while the answer is produced, then the final Answer (with verified citations)."""
        started = time.perf_counter()
        listed = answer_from_commitments(question, self.catalog.state, filters, history) \
            if is_commitment_question(question, history) else None
        if listed is not None:  # "Welke engagementen ...?": every matching commitment, not the top passages
            listed.timings = {"total_ms": round((time.perf_counter() - started) * 1000, 1)}
            yield listed.text
            yield listed
            return
        standalone, passages = self.retrieve(question, history, filters)
        retrieved = time.perf_counter()
        answer = Answer(question=question, standalone_question=standalone, text="", raw_text="", refused=True,
                        backend=self.backend, filters=filters.as_dict() if filters else {})
        if self.llm:
            for event in self.llm.stream(standalone, passages, history):
                if isinstance(event, str):
                    yield event
                else:
                    answer.text, answer.raw_text, answer.citations, answer.refused, answer.reason = event
        else:
            selection = self.extractive.select(standalone, passages)
            answer.refused, answer.reason = selection.refused, selection.reason
            answer.answerability = selection.answerability
            if not selection.refused:
                answer.text, answer.raw_text, answer.citations = render_extractive(
                    selection.sentences, passages, name_sources=selection.conflict
                )
                for sentence in answer.text.split("\n"):
                    yield sentence + "\n"
        if answer.refused or not answer.citations:
            answer.refused, answer.text, answer.raw_text, answer.citations = True, REFUSAL, REFUSAL, []
            yield REFUSAL
        finished = time.perf_counter()
        answer.timings = {"retrieve_ms": round((retrieved - started) * 1000, 1),
                          "generate_ms": round((finished - retrieved) * 1000, 1),
                          "total_ms": round((finished - started) * 1000, 1)}
        log.info("answered %r refused=%s reason=%s in %.0f ms", question, answer.refused, answer.reason,
                 answer.timings["total_ms"])
        yield answer
