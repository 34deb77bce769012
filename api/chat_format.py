"""The OpenAI chat-completions format: messages in, a completion (or its chunks) out, sources in the text.

The last user message is the question and earlier user/assistant pairs are the history. The answer text keeps
its markers [n] and ends with a Markdown list of sources that chat clients (Open WebUI, LibreChat) render as
links; the same citations also come as data in a ``citations`` field next to ``choices``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from answer.types import Answer, Citation, Turn
from api.answers import absolute_source_url, citation_out
from api.errors import ApiError
from api.schemas import MAX_QUESTION_CHARS, Filters

MODEL_ID = "beleidsassistent"
CHAT_ID_PREFIX = "chatcmpl-"
SOURCES_HEADING = "Bronnen:"


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")  # name, tool_calls, ...: accepted and ignored

    role: str
    content: str | list[dict[str, Any]] | None = None


class ChatRequest(BaseModel):
    """OpenAI's request; sampling options (temperature, max_tokens, ...) are accepted and ignored."""

    model_config = ConfigDict(extra="allow")

    model: str = Field(description=f"Always '{MODEL_ID}' (GET /v1/models).")
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False
    filters: Filters | None = Field(None, description="Not in OpenAI's format: pass it as extra_body.")


class ModelOut(BaseModel):
    id: str
    object: str = "model"
    created: int = 0
    owned_by: str = MODEL_ID


class ModelListOut(BaseModel):
    object: str = "list"
    data: list[ModelOut]


def message_text(content: str | list[dict[str, Any]] | None) -> str:
    """The text of a message: a string, or the 'text' parts of a list of content parts."""
    if content is None or isinstance(content, str):
        return content or ""
    return "".join(part.get("text", "") for part in content if part.get("type") == "text")


def strip_sources(text: str) -> str:
    """An earlier answer without the sources list this server appended to it."""
    return text.split(f"\n\n{SOURCES_HEADING}\n")[0].strip()


def conversation(messages: list[ChatMessage]) -> tuple[str, list[Turn]]:
    """(question, history) from the messages; system and tool messages are left out."""
    said = [(m.role, message_text(m.content)) for m in messages if m.role in ("user", "assistant")]
    if not said or said[-1][0] != "user" or not said[-1][1].strip():
        raise ApiError(422, "empty_question", "Het laatste bericht moet een vraag van de gebruiker zijn (role "
                       "'user', niet leeg).", "messages")
    question = said[-1][1].strip()
    if len(question) > MAX_QUESTION_CHARS:
        raise ApiError(422, "invalid_request", f"De vraag mag hoogstens {MAX_QUESTION_CHARS} tekens lang zijn.",
                       "messages")
    history, asked = [], None
    for role, text in said[:-1]:
        if role == "user":
            asked = text
        elif asked is not None:
            history.append(Turn(asked, strip_sources(text)))
            asked = None
    return question, history


def _source_line(citation: Citation, base_url: str) -> str:
    where = ", ".join(part for part in (citation.title, f"p. {citation.page_label or citation.page}",
                                         citation.article) if part)
    label = where.replace("[", "(").replace("]", ")")
    url = absolute_source_url(base_url, citation.file_name, citation.page).replace("(", "%28").replace(")", "%29")
    return f"- [{citation.number}] [{label}]({url})"


def sources_block(answer: Answer, base_url: str) -> str:
    """'\\n\\nBronnen:\\n- [1] [Titel, p. 2, Artikel 3](url)…', or '' without citations."""
    if not answer.citations:
        return ""
    return f"\n\n{SOURCES_HEADING}\n" + "\n".join(_source_line(c, base_url) for c in answer.citations)


def message_content(answer: Answer, base_url: str) -> str:
    """The assistant message: the answer text with its markers, then the sources."""
    return answer.text + sources_block(answer, base_url)


def citations_data(answer: Answer, base_url: str) -> list[dict]:
    return [citation_out(c, base_url).model_dump() for c in answer.citations]


def completion(answer_id: str, created: int, answer: Answer, base_url: str) -> dict:
    """A whole chat.completion object."""
    return {
        "id": CHAT_ID_PREFIX + answer_id, "object": "chat.completion", "created": created, "model": MODEL_ID,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": message_content(answer, base_url)},
                     "finish_reason": "stop", "logprobs": None}],
        "citations": citations_data(answer, base_url),
    }


def completion_chunk(answer_id: str, created: int, delta: dict, finish_reason: str | None = None,
                     **extra: Any) -> dict:
    """One chat.completion.chunk of a streamed completion."""
    return {
        "id": CHAT_ID_PREFIX + answer_id, "object": "chat.completion.chunk", "created": created, "model": MODEL_ID,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason, "logprobs": None}], **extra,
    }
