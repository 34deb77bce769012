"""Many users at once: questions during an ingest, two ingests at once, parallel chat sessions."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from answer.assistant import Assistant
from answer.types import Turn
from beleid.errors import IngestBusyError
from index.indexer import Indexer
from index.lock import ingest_lock
from tests.pdf_factory import make_pdf


@pytest.fixture
def assistant(settings, catalog, seed_corpus):
    Indexer(settings, catalog).ingest()
    return Assistant(settings, catalog=catalog)


def test_a_second_ingest_is_refused_with_a_dutch_message_while_one_runs(settings, catalog, seed_corpus):
    with ingest_lock(catalog.folder / "ingest.lock"):
        with pytest.raises(IngestBusyError) as caught:
            Indexer(settings, catalog).ingest()
    assert "Er loopt al een andere inname" in caught.value.user_message
    assert Indexer(settings, catalog).ingest().count("added") == 2  # the lock is released afterwards


def test_questions_are_answered_while_an_ingest_writes(settings, catalog, assistant, corpus_dir):
    for n in range(6):
        make_pdf(corpus_dir / f"extra-{n}.pdf", [f"Artikel {n}. Telewerk\nHet lokaal bestuur {n} regelt telewerk. " * 8])
    errors, answers = [], []
    ingest = threading.Thread(target=lambda: Indexer(settings, catalog).ingest())
    ingest.start()
    while ingest.is_alive():
        try:
            answers.append(assistant.ask("Hoeveel sectorconsulenten zijn er?"))
        except Exception as err:  # noqa: BLE001 - any error here is the failure being tested
            errors.append(err)
    ingest.join()
    assert not errors and answers
    assert all("128" in a.text for a in answers)
    assert catalog.store.ids() == set(catalog.state.chunk_ids())


def test_parallel_chat_sessions_never_mix_their_answers(assistant):
    sessions = {
        "a": ("Wanneer verscheen het decreet op de sectorconvenants?", [], "17 april 2009"),
        "b": ("Hoeveel geld steekt de minister in de sectoren?", [], "12,6 miljoen"),
        "c": ("Hoeveel waren het er vroeger?",
              [Turn("Hoeveel sectorconsulenten worden ingezet voor de sectorconvenants 2021-2022?", "128")], "120"),
        "d": ("Hoe bak ik een appeltaart?", [], None),
    }

    def ask(key):
        question, history, fact = sessions[key]
        return key, assistant.ask(question, history)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(ask, list(sessions) * 5))
    for key, answer in results:
        question, _, fact = sessions[key]
        assert answer.question == question
        assert (fact in answer.text) if fact else answer.refused
