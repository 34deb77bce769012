"""POST /v1/chat/completions and GET /v1/models: the assistant as an OpenAI-compatible chat model."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator, Sequence

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse

from answer.types import Answer, Turn
from api.answers import SSE_HEADERS, final_answer, verified_stream
from api.chat_format import (MODEL_ID, ChatRequest, ModelListOut, ModelOut, citations_data, completion,
                             completion_chunk, conversation, message_content, sources_block)
from api.context import ApiContext, get_context
from api.errors import UNEXPECTED, ApiError, error_body
from api.filters import search_filters
from api.inputs import require_json
from api.schemas import ErrorOut
from beleid.errors import BeleidError
from index.types import SearchFilters

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1", tags=["OpenAI-compatibel"])
UNKNOWN_MODEL = f"Onbekend model: deze server heeft één model, '{MODEL_ID}' (GET /v1/models)."
COMPLETION_DOC = {200: {"description": "A chat.completion, or with stream=true chat.completion.chunk events "
                                       "ending in 'data: [DONE]'.",
                        "content": {"application/json": {}, "text/event-stream": {"schema": {"type": "string"}}}},
                  404: {"model": ErrorOut}, 409: {"model": ErrorOut}, 422: {"model": ErrorOut}}


def _data(payload: dict | str) -> str:
    return f"data: {payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)}\n\n"


def chat_events(ctx: ApiContext, question: str, history: Sequence[Turn], filters: SearchFilters,
                base_url: str) -> Iterator[str]:
    """The completion as chunks: the role, the answer text as it is produced, the sources, the finish."""
    answer_id, created = ctx.answers.new_id(), int(time.time())
    yield _data(completion_chunk(answer_id, created, {"role": "assistant", "content": ""}))
    sent = ""
    try:
        for event in verified_stream(ctx, question, history, filters):
            if isinstance(event, Answer):
                ctx.answers.add(event, answer_id)
                full = message_content(event, base_url)
                rest = full[len(sent):] if full.startswith(sent) else sources_block(event, base_url)
                if rest:
                    yield _data(completion_chunk(answer_id, created, {"content": rest}))
                yield _data(completion_chunk(answer_id, created, {}, "stop", citations=citations_data(event, base_url)))
            else:
                sent += event
                yield _data(completion_chunk(answer_id, created, {"content": event}))
    except BeleidError as err:  # the stream has started: OpenAI clients raise on an 'error' chunk
        log.warning("streaming chat answer to %r failed: %s", question, err)
        yield _data(error_body("/v1/", "answer_failed", err.user_message))
    except Exception:
        log.exception("unexpected error while streaming a chat answer to %r", question)
        yield _data(error_body("/v1/", "internal_error", UNEXPECTED))
    yield _data("[DONE]")


@router.post("/chat/completions", responses=COMPLETION_DOC, dependencies=[Depends(require_json)])
def chat_completions(body: ChatRequest, request: Request, ctx: ApiContext = Depends(get_context)):
    """The last user message is the question, earlier messages the history; the answer text carries the
    citation markers [n] and ends with the sources ('Bronnen:') as links to the documents."""
    if body.model != MODEL_ID:
        raise ApiError(404, "model_not_found", UNKNOWN_MODEL, "model")
    question, history = conversation(body.messages)
    ctx.require_documents()
    filters = search_filters(body.filters, ctx.assistant.catalog.state.documents())
    base_url = str(request.base_url)
    if body.stream:
        return StreamingResponse(chat_events(ctx, question, history, filters, base_url),
                                 media_type="text/event-stream", headers=SSE_HEADERS)
    answer = final_answer(ctx, question, history, filters)
    return completion(ctx.answers.add(answer), int(time.time()), answer, base_url)


@router.get("/models", response_model=ModelListOut)
def models() -> ModelListOut:
    """One model: the assistant."""
    return ModelListOut(data=[ModelOut(id=MODEL_ID)])


@router.get("/models/{model_id}", response_model=ModelOut, responses={404: {"model": ErrorOut}})
def model(model_id: str) -> ModelOut:
    if model_id != MODEL_ID:
        raise ApiError(404, "model_not_found", UNKNOWN_MODEL, "model")
    return ModelOut(id=MODEL_ID)
