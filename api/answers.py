"""Answers for the API: verified streaming, JSON with absolute source links, server-sent events."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence

from answer.types import Answer, Citation, Turn
from api.context import ApiContext
from api.errors import UNEXPECTED
from api.schemas import AnswerOut, CitationOut
from beleid.errors import BeleidError
from index.types import SearchFilters
from ui.files import source_url

log = logging.getLogger(__name__)
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def absolute_source_url(base_url: str, file_name: str, page: int) -> str:
    """The original document at ``page``, as a full URL on this server (the web app's /bronnen/ route)."""
    return f"{base_url.rstrip('/')}/{source_url(file_name, page)}"


def citation_out(citation: Citation, base_url: str) -> CitationOut:
    return CitationOut(
        number=citation.number, doc_id=citation.doc_id, title=citation.title, file_name=citation.file_name,
        doc_type=citation.doc_type, sector=citation.sector, period=citation.period, page=citation.page,
        page_label=citation.page_label, article=citation.article, heading=citation.heading, quote=citation.quote,
        passage=citation.passage, score=citation.score, ocr=citation.ocr,
        source_url=absolute_source_url(base_url, citation.file_name, citation.page),
    )


def answer_out(answer: Answer, answer_id: str, base_url: str) -> AnswerOut:
    return AnswerOut(
        id=answer_id, question=answer.question, standalone_question=answer.standalone_question, text=answer.text,
        refused=answer.refused, reason=answer.reason, backend=answer.backend, filters=answer.filters,
        citations=[citation_out(c, base_url) for c in answer.citations], timings=answer.timings,
    )


def verified_stream(ctx: ApiContext, question: str, history: Sequence[Turn],
                    filters: SearchFilters) -> Iterator[str | Answer]:
    """Text deltas that belong to the final answer, then the Answer; the deltas add up to its text.

    An LLM's deltas are not sent: its citation check may still drop sentences, and a client cannot take back
    text it has shown. Its checked text then comes as one delta. One answering slot is held throughout."""
    with ctx.answering:
        final = ctx.assistant.deltas_are_final
        sent = ""
        for event in ctx.assistant.stream(question, history, filters):
            if isinstance(event, Answer):
                if not sent.strip():
                    yield event.text
                yield event
            elif final:
                sent += event
                yield event


def final_answer(ctx: ApiContext, question: str, history: Sequence[Turn], filters: SearchFilters) -> Answer:
    answer = None
    for event in verified_stream(ctx, question, history, filters):
        if isinstance(event, Answer):
            answer = event
    assert answer is not None, "Assistant.stream ends with an Answer"
    return answer


def sse(event: str, data: dict) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def ask_events(ctx: ApiContext, question: str, history: Sequence[Turn], filters: SearchFilters,
               base_url: str) -> Iterator[str]:
    """Server-sent events of POST /ask with stream=true: 'delta' {text}, then 'answer' (the AnswerOut), or
    'error' {code, message} when answering fails after the stream has started."""
    try:
        for event in verified_stream(ctx, question, history, filters):
            if isinstance(event, Answer):
                yield sse("answer", answer_out(event, ctx.answers.add(event), base_url).model_dump())
            else:
                yield sse("delta", {"text": event})
    except BeleidError as err:
        log.warning("streaming answer to %r failed: %s", question, err)
        yield sse("error", {"code": "answer_failed", "message": err.user_message})
    except Exception:  # the stream has started: the status is sent, so the failure becomes an event
        log.exception("unexpected error while streaming an answer to %r", question)
        yield sse("error", {"code": "internal_error", "message": UNEXPECTED})
