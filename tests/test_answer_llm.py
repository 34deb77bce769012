"""The LLM backend over real HTTP (scripted OpenAI-compatible server), with citations checked by our code."""

import os
import re

import pytest

from answer.assistant import Assistant
from answer.phrases import REFUSAL
from answer.prompts import PromptError, TEMPLATES, load_prompt
from answer.types import Turn
from beleid.settings import AnswerSettings, IngestSettings, Settings
from index.indexer import Indexer
from tests.openai_server import scripted_openai_server

# Read at import: the autouse fixture in conftest.py removes every BELEID_* variable before each test runs.
REAL_LLM_URL = os.environ.get("BELEID_TEST_LLM_URL")
REAL_LLM_MODEL = os.environ.get("BELEID_TEST_LLM_MODEL", "default")


def _passage_number(messages, words: str) -> int:
    """The [n] the prompt gives to the passage containing ``words``."""
    for number, block in re.findall(r"^\[(\d+)\] \((.*?)(?=^\[\d+\] \(|\Z)", messages[-1]["content"], re.M | re.S):
        if words in block:
            return int(number)
    raise AssertionError(f"{words!r} not in the prompt")


@pytest.fixture
def llm_assistant(data_dir, seed_corpus, catalog):
    def make(script):
        server_cm = scripted_openai_server(script)
        server = server_cm.__enter__()
        settings = Settings(data_dir=data_dir, ingest=IngestSettings(corpus_dir=seed_corpus),
                            answer=AnswerSettings(backend="llm", llm_base_url=server.base_url, llm_model="test-model"))
        Indexer(settings, catalog).ingest()
        catalog.settings = settings
        made.append(server_cm)
        return Assistant(settings, catalog=catalog), server

    made = []
    yield make
    for cm in made:
        cm.__exit__(None, None, None)


def test_a_supported_answer_keeps_its_citation_and_streams(llm_assistant):
    def script(messages):
        n = _passage_number(messages, "128 sectorconsulenten")
        return f"Er worden 128 sectorconsulenten ingezet voor de sectorconvenants 2021-2022 [{n}]."

    assistant, server = llm_assistant(script)
    events = list(assistant.stream("Hoeveel sectorconsulenten zijn er?"))
    answer = events[-1]
    assert len([e for e in events if isinstance(e, str)]) > 3  # streamed in pieces
    assert not answer.refused and answer.backend == "llm"
    assert answer.text.endswith("[1]") and "128 sectorconsulenten" in answer.text
    citation = answer.citations[0]
    assert citation.file_name == "sectorconvenant-2021-2022-lokaal-hr-beleid.txt" and citation.page == 1
    assert "128 sectorconsulenten" in citation.quote and citation.quote in citation.passage
    assert f"[[{citation.chunk_id}]]" in answer.raw_text
    system = server.requests[-1]["messages"][0]["content"]
    assert REFUSAL in system and server.requests[-1]["stream"] is True


def test_unknown_keys_and_unsupported_sentences_are_removed(llm_assistant):
    def script(messages):
        n = _passage_number(messages, "12,6 miljoen euro")
        return (f"De minister investeert ruim 12,6 miljoen euro in de sectoren [{n}]. "
                f"Elke gemeente krijgt daarvan 99 miljoen euro [{n}]. Dit staat ook in bron [9].")

    assistant, _ = llm_assistant(script)
    answer = assistant.ask("Hoeveel geld gaat naar de sectorconvenants?")
    assert not answer.refused
    assert "12,6 miljoen euro" in answer.text
    assert "99 miljoen" not in answer.text and "[9]" not in answer.text and "bron" not in answer.text
    assert "99 miljoen" in answer.reason and "[9]" in answer.reason


def test_an_answer_without_any_supported_sentence_becomes_the_refusal(llm_assistant):
    assistant, _ = llm_assistant(lambda messages: "De bouwsector krijgt 4 miljoen euro per jaar [1].")
    answer = assistant.ask("Hoeveel budget krijgt de bouwsector?")
    assert answer.refused and answer.text == REFUSAL and answer.citations == []


def test_the_model_saying_it_found_nothing_is_a_refusal(llm_assistant):
    assistant, _ = llm_assistant(lambda messages: REFUSAL)
    answer = assistant.ask("Wat is het telefoonnummer van de sectorconsulent?")
    assert answer.refused and answer.text == REFUSAL


def test_a_follow_up_is_rewritten_by_the_llm_before_retrieval(llm_assistant):
    def script(messages):
        if "Herschrijf" in messages[0]["content"]:
            assert "Vlaams Werkgelegenheidsakkoord 2001-2002" in messages[-1]["content"]
            return "Wanneer werd het Vlaams Sociaal Akkoord 2003-2004 afgesloten?"
        n = _passage_number(messages, "21 maart 2003")
        return f"Het Vlaams Sociaal Akkoord 2003-2004 werd op 21 maart 2003 afgesloten [{n}]."

    assistant, server = llm_assistant(script)
    history = [Turn("Wanneer werd het Vlaams Werkgelegenheidsakkoord 2001-2002 ondertekend?", "Op 12 februari 2001.")]
    answer = assistant.ask("En wanneer werd het volgende akkoord gesloten?", history)
    assert answer.standalone_question == "Wanneer werd het Vlaams Sociaal Akkoord 2003-2004 afgesloten?"
    assert "21 maart 2003" in answer.text and not answer.refused
    assert len(server.requests) == 2


def test_an_unreachable_endpoint_gives_a_dutch_error(data_dir, seed_corpus, catalog):
    from answer.llm import LLMUnavailableError
    from tests.ports import free_port

    settings = Settings(data_dir=data_dir, ingest=IngestSettings(corpus_dir=seed_corpus),
                        answer=AnswerSettings(backend="llm", llm_base_url=f"http://127.0.0.1:{free_port()}/v1", llm_timeout=3))
    Indexer(settings, catalog).ingest()
    with pytest.raises(LLMUnavailableError) as caught:
        Assistant(settings, catalog=catalog).ask("Hoeveel sectorconsulenten zijn er?")
    assert "antwoordt niet" in caught.value.user_message


def test_every_prompt_file_uses_exactly_the_variables_the_code_fills(tmp_path):
    for name in TEMPLATES:
        load_prompt(name)
    (tmp_path / "answer_user.txt").write_text("Vraag: {vraag}")
    with pytest.raises(PromptError, match="vraag"):
        load_prompt("answer_user", tmp_path)


@pytest.mark.skipif(not REAL_LLM_URL, reason="set BELEID_TEST_LLM_URL to test a real endpoint")
def test_a_real_endpoint_answers_with_verified_citations(data_dir, seed_corpus, catalog):
    settings = Settings(data_dir=data_dir, ingest=IngestSettings(corpus_dir=seed_corpus),
                        answer=AnswerSettings(backend="llm", llm_base_url=REAL_LLM_URL, llm_model=REAL_LLM_MODEL))
    Indexer(settings, catalog).ingest()
    answer = Assistant(settings, catalog=catalog).ask("Hoeveel sectorconsulenten worden ingezet in 2021-2022?")
    # An easy question the seed corpus answers in one sentence: even the 1.5B model that runs here gets it.
    assert not answer.refused, answer.reason
    assert "128" in answer.text
    assert answer.citations and all(c.quote in c.passage and "128" in c.quote for c in answer.citations)
