"""/v1/chat/completions and /v1/models with the real openai client pointed at the running app.

The answer text carries the markers [n] and ends with the sources; streaming adds up to the same text.
"""

from __future__ import annotations

import openai
import pytest

from answer.phrases import REFUSAL
from beleid.errors import BeleidError
from tests.api_support import ENGLISH, client
from tests.app_server import app_settings, running_app

QUESTION = "Hoeveel sectorconsulenten zijn er?"


@pytest.fixture(scope="module")
def app(tmp_path_factory, model_dir, embedder):
    with running_app(app_settings(tmp_path_factory.mktemp("api-openai"), model_dir), embedder) as running:
        yield running


@pytest.fixture
def gpt(app) -> openai.OpenAI:
    """The openai client as a chat client would configure it: base URL and some key (none is configured)."""
    return openai.OpenAI(base_url=f"{app.url}/v1", api_key="geen-sleutel-nodig", max_retries=0, timeout=120)


def user(text: str) -> dict:
    return {"role": "user", "content": text}


def test_models_lists_one_model_the_assistant(gpt):
    assert [model.id for model in gpt.models.list()] == ["beleidsassistent"]
    assert gpt.models.retrieve("beleidsassistent").id == "beleidsassistent"


def test_a_completion_has_the_answer_with_markers_and_a_sources_list_with_links(app, gpt):
    completion = gpt.chat.completions.create(model="beleidsassistent", messages=[user(QUESTION)])
    assert completion.id.startswith("chatcmpl-") and completion.model == "beleidsassistent"
    choice = completion.choices[0]
    assert choice.finish_reason == "stop" and choice.message.role == "assistant"
    text, sources = choice.message.content.split("\n\nBronnen:\n")
    assert "128" in text and "[1]" in text and "[2]" in text
    lines = sources.splitlines()
    assert lines[0].startswith("- [1] [Sectorconvenant 2021-2022")
    assert f"]({app.url}/bronnen/sectorconvenant-2021-2022-lokaal-hr-beleid.txt#page=1)" in lines[0]
    citations = completion.model_extra["citations"]
    assert [c["number"] for c in citations] == [1, 2] and citations[0]["quote"]


def test_a_streamed_completion_adds_up_to_the_same_message(gpt):
    whole = gpt.chat.completions.create(model="beleidsassistent", messages=[user(QUESTION)])
    chunks = list(gpt.chat.completions.create(model="beleidsassistent", messages=[user(QUESTION)], stream=True))
    pieces = [c.choices[0].delta.content for c in chunks if c.choices[0].delta.content]
    assert len(pieces) >= 2, "the answer and the sources arrive in separate chunks"
    assert "".join(pieces) == whole.choices[0].message.content
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[-1].choices[0].finish_reason == "stop" and len({c.id for c in chunks}) == 1


def test_earlier_messages_are_the_history_of_a_follow_up(gpt):
    first = gpt.chat.completions.create(model="beleidsassistent", messages=[user(QUESTION)])
    messages = [
        {"role": "system", "content": "Je bent een behulpzame assistent."},
        user(QUESTION),
        {"role": "assistant", "content": first.choices[0].message.content},
        {"role": "user", "content": [{"type": "text", "text": "En hoeveel intersectorale adviseurs?"}]},
    ]
    follow_up = gpt.chat.completions.create(model="beleidsassistent", messages=messages)
    assert "3 intersectorale adviseurs" in follow_up.choices[0].message.content


def test_filters_can_be_passed_as_extra_body(gpt):
    completion = gpt.chat.completions.create(model="beleidsassistent", messages=[user(QUESTION)],
                                             extra_body={"filters": {"periods": ["2001-2012"]}})
    content = completion.choices[0].message.content
    assert "120" in content and "128" not in content


def test_a_refusal_comes_without_a_sources_list(gpt):
    completion = gpt.chat.completions.create(model="beleidsassistent",
                                             messages=[user("Wat kost een ticket naar de maan?")])
    assert completion.choices[0].message.content == REFUSAL
    assert completion.model_extra["citations"] == []


@pytest.mark.parametrize("model, messages, error, code", [
    ("gpt-4o", [user(QUESTION)], openai.NotFoundError, "model_not_found"),
    ("beleidsassistent", [user("  ")], openai.UnprocessableEntityError, "empty_question"),
    ("beleidsassistent", [user(QUESTION), {"role": "assistant", "content": "Ja."}], openai.UnprocessableEntityError,
     "empty_question"),
    ("beleidsassistent", [], openai.UnprocessableEntityError, "invalid_request"),
])
def test_bad_requests_raise_the_clients_error_with_a_dutch_message(gpt, model, messages, error, code):
    with pytest.raises(error) as raised:
        gpt.chat.completions.create(model=model, messages=messages)
    assert raised.value.body["code"] == code
    message = raised.value.body["message"]
    assert message and not any(word in message.lower() for word in ENGLISH)


def test_an_unknown_filter_value_is_a_client_error(gpt):
    with pytest.raises(openai.UnprocessableEntityError) as raised:
        gpt.chat.completions.create(model="beleidsassistent", messages=[user(QUESTION)],
                                    extra_body={"filters": {"sectors": ["Bakkerij"]}})
    assert raised.value.body["code"] == "unknown_filter_value" and "Bakkerij" in raised.value.body["message"]


def test_an_answering_failure_during_a_stream_reaches_the_client_in_dutch(app, gpt, monkeypatch):
    def broken_stream(question, history, filters):
        yield "Half"
        raise BeleidError("llm endpoint unreachable", "De taalmodelserver antwoordt niet. Probeer later opnieuw.")

    monkeypatch.setattr(app.assistant, "stream", broken_stream)
    with pytest.raises(openai.APIError, match="De taalmodelserver antwoordt niet"):
        list(gpt.chat.completions.create(model="beleidsassistent", messages=[user(QUESTION)], stream=True))
    with client(app) as http, http.stream("POST", "/api/v1/ask", json={"question": QUESTION, "stream": True}) as response:
        body = response.read().decode()
    assert "event: error" in body and "De taalmodelserver antwoordt niet" in body


def test_feedback_can_name_a_chat_completion(app, gpt):
    completion = gpt.chat.completions.create(model="beleidsassistent", messages=[user(QUESTION)])
    with client(app) as http:
        response = http.post("/api/v1/feedback", json={"answer_id": completion.id, "rating": "up"})
    assert response.status_code == 201
