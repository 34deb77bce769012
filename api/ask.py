"""POST /api/v1/ask (an answer, or server-sent events with stream=true) and POST /api/v1/search (passages)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse

from answer.types import Turn
from api.answers import SSE_HEADERS, absolute_source_url, answer_out, ask_events, final_answer
from api.context import ApiContext, get_context
from api.errors import ApiError
from api.filters import search_filters
from api.inputs import require_json, required_text
from api.schemas import AnswerOut, AskRequest, ErrorOut, PassageOut, SearchOut, SearchRequest

router = APIRouter(prefix="/api/v1", tags=["vragen"], dependencies=[Depends(require_json)],
                   responses={409: {"model": ErrorOut, "description": "Nog geen documenten opgenomen."},
                              422: {"model": ErrorOut, "description": "Ongeldige vraag of filterwaarde."}})
EMPTY_QUESTION = "Typ eerst een vraag: de vraag is leeg."
STREAM_DOC = {200: {"content": {"text/event-stream": {"schema": {"type": "string"}}},
                    "description": "With stream=true: events 'delta' {text}, then 'answer' (as without stream), "
                                   "or 'error' {code, message}."}}


@router.post("/ask", response_model=AnswerOut, responses=STREAM_DOC)
def ask(body: AskRequest, request: Request, ctx: ApiContext = Depends(get_context)):
    """A cited answer (text with markers [n], citations with document, page, section, quote and source URL),
    or the refusal phrase when the documents do not answer the question."""
    question = required_text(body.question, "question", "empty_question", EMPTY_QUESTION)
    ctx.require_documents()
    filters = search_filters(body.filters, ctx.assistant.catalog.state.documents())
    history = [Turn(turn.question, turn.answer) for turn in body.history]
    base_url = str(request.base_url)
    if body.stream:
        return StreamingResponse(ask_events(ctx, question, history, filters, base_url),
                                 media_type="text/event-stream", headers=SSE_HEADERS)
    answer = final_answer(ctx, question, history, filters)
    return answer_out(answer, ctx.answers.add(answer), base_url)


@router.post("/search", response_model=SearchOut)
def search(body: SearchRequest, request: Request, ctx: ApiContext = Depends(get_context)) -> SearchOut:
    """The best passages for a query, with their source and scores (no answer)."""
    query = required_text(body.query, "query", "empty_query", "Typ eerst een zoekvraag: de zoekvraag is leeg.")
    limit = ctx.settings.api.max_search_results
    if body.k is not None and body.k > limit:
        raise ApiError(422, "invalid_request", f"Het veld 'k' mag hoogstens {limit} zijn.", "k")
    ctx.require_documents()
    filters = search_filters(body.filters, ctx.assistant.catalog.state.documents())
    passages = ctx.assistant.retriever.search(query, k=body.k, filters=filters, mode=body.mode)
    base_url = str(request.base_url)
    return SearchOut(query=query, mode=body.mode, passages=[
        PassageOut(**p.as_dict(), source_url=absolute_source_url(base_url, p.file_name, p.page_start))
        for p in passages])
