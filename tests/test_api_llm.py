"""The API with the LLM backend (a scripted OpenAI-compatible server over real HTTP): a streamed reply carries
only sentences that passed the citation check, never the model's raw text."""

from __future__ import annotations

import re

import openai
import pytest

from beleid.settings import AnswerSettings
from tests.api_support import client, events
from tests.app_server import app_settings, running_app
from tests.openai_server import scripted_openai_server

QUESTION = "Hoeveel geld gaat naar de sectorconvenants?"


def script(messages: list[dict]) -> str:
    """One supported sentence and one the passages do not support (99 miljoen), both citing the right passage."""
    prompt = messages[-1]["content"]
    number = next(int(n) for n, block in re.findall(r"^\[(\d+)\] \((.*?)(?=^\[\d+\] \(|\Z)", prompt, re.M | re.S)
                  if "12,6 miljoen euro" in block)
    return (f"De minister investeert ruim 12,6 miljoen euro in de sectoren [{number}]. "
            f"Elke gemeente krijgt daarvan 99 miljoen euro [{number}].")


@pytest.fixture(scope="module")
def app(tmp_path_factory, model_dir, embedder):
    with scripted_openai_server(script) as llm:
        answer = AnswerSettings(backend="llm", llm_base_url=llm.base_url, llm_model="test-model")
        settings = app_settings(tmp_path_factory.mktemp("api-llm"), model_dir, answer=answer)
        with running_app(settings, embedder) as running:
            yield running


def test_a_streamed_chat_reply_holds_only_the_checked_answer(app):
    gpt = openai.OpenAI(base_url=f"{app.url}/v1", api_key="x", max_retries=0, timeout=120)
    whole = gpt.chat.completions.create(model="beleidsassistent", messages=[{"role": "user", "content": QUESTION}])
    content = whole.choices[0].message.content
    assert "12,6 miljoen euro" in content and "99 miljoen" not in content and "\n\nBronnen:\n- [1]" in content
    chunks = list(gpt.chat.completions.create(model="beleidsassistent", stream=True,
                                              messages=[{"role": "user", "content": QUESTION}]))
    pieces = [c.choices[0].delta.content or "" for c in chunks]
    assert not any("99 miljoen" in piece for piece in pieces), "the unchecked sentence never reaches the client"
    assert "".join(pieces) == content


def test_streamed_ask_events_hold_only_the_checked_answer(app):
    with client(app) as http, http.stream("POST", "/api/v1/ask", json={"question": QUESTION, "stream": True}) as response:
        received = events(response)
    answer = received[-1][1]
    assert answer["backend"] == "llm" and not answer["refused"] and "99 miljoen" not in answer["text"]
    deltas = [data["text"] for name, data in received if name == "delta"]
    assert deltas == [answer["text"]]
