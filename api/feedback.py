"""POST /api/v1/feedback: thumbs up or down on an answer of this API, stored with the web app's feedback."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from api.context import ApiContext, get_context
from api.errors import ApiError
from api.inputs import require_json
from api.schemas import ErrorOut, FeedbackOut, FeedbackRequest
from api.chat_format import CHAT_ID_PREFIX

router = APIRouter(prefix="/api/v1", tags=["feedback"], dependencies=[Depends(require_json)])


@router.post("/feedback", response_model=FeedbackOut, status_code=201,
             responses={404: {"model": ErrorOut}, 422: {"model": ErrorOut}})
def feedback(body: FeedbackRequest, ctx: ApiContext = Depends(get_context)) -> FeedbackOut:
    """Store a judgement of a recent answer (its 'id' from POST /ask, or a chat completion's id); it appears in
    the Feedback tab and its CSV export."""
    answer = ctx.answers.get(body.answer_id.removeprefix(CHAT_ID_PREFIX))
    if answer is None:
        raise ApiError(404, "unknown_answer", "Dit antwoord is niet (meer) bekend: feedback hoort bij een recent "
                       "antwoord van deze server (het veld 'id').", "answer_id")
    return FeedbackOut(id=ctx.feedback.add(body.rating, answer, body.comment, ctx.snapshot))
