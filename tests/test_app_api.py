"""The web app over HTTP, as gradio_client and plain requests see it: one real server per module."""

from __future__ import annotations

import ast
import csv
import http.client
import json
import re
import threading
from pathlib import Path

import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

from answer.phrases import REFUSAL
from beleid.errors import BeleidError
from index.lock import ingest_lock
from tests.app_server import REPO, app_settings, running_app
from ui.files import safe_file_name
from ui.sources import EMPTY_PANEL
from ui.store import FeedbackStore

QUESTION = "Hoeveel sectorconsulenten zijn er?"


@pytest.fixture(scope="module")
def app(tmp_path_factory, model_dir, embedder):
    """The app over the ingested seed corpus, without login."""
    with running_app(app_settings(tmp_path_factory.mktemp("app"), model_dir), embedder) as running:
        yield running


@pytest.fixture(scope="module")
def locked_app(tmp_path_factory, model_dir, embedder):
    """The app with login for the admin tabs, over an empty corpus."""
    settings = app_settings(tmp_path_factory.mktemp("locked"), model_dir, users={"hr": "geheim"}, seed=False)
    with running_app(settings, embedder) as running:
        yield running


def client_for(app) -> Client:
    """A new browser-like session."""
    return Client(app.url, verbose=False)


def last_message(messages: list[dict]) -> str:
    content = messages[-1]["content"]
    return content if isinstance(content, str) else "".join(part.get("text", "") for part in content)


def raw_get(app, target: str) -> tuple[int, str, dict]:
    """GET with the request target sent exactly as written (no client-side '..' normalisation)."""
    connection = http.client.HTTPConnection(app.url.removeprefix("http://"), timeout=10)
    connection.request("GET", target)
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, body, dict(response.getheaders())


def test_a_question_streams_an_answer_with_128_and_a_linked_citation(app):
    job = client_for(app).submit(question=QUESTION, api_name="/ask")
    messages, question_box, sources = job.result(timeout=120)
    assert len(job.outputs()) > 2, "the answer arrives in several updates"
    answer = last_message(messages)
    assert "128" in answer
    assert 'href="#bron-0-1"' in answer
    assert question_box == ""
    assert "<mark>" in sources and "bronnen/sectorconvenant-2021-2022-lokaal-hr-beleid.txt#page=1" in sources


def test_a_question_about_something_absent_gets_the_refusal_phrase(app):
    messages, _, sources = client_for(app).predict(
        question="Hoeveel vakantiedagen krijgt een brandweerman in Japan?", api_name="/ask")
    assert last_message(messages) == REFUSAL
    assert "<mark>" not in sources


def test_a_filter_limits_the_answer_and_is_shown_with_it(app):
    messages, _, sources = client_for(app).predict(question=QUESTION, periods=["2001-2012"], api_name="/ask")
    answer = last_message(messages)
    assert "120" in answer and "128" not in answer
    assert "Gefilterd op periode: 2001-2012" in answer
    assert "beleidsbasis-sectorconvenants.txt" in sources and "sectorconvenant-2021-2022" not in sources


def test_showing_a_citation_opens_its_card_with_the_quote_marked(app):
    client = client_for(app)
    messages, _, _ = client.predict(question=QUESTION, api_name="/ask")
    panel = client.predict(choice="0-1", api_name="/show_source")
    assert "id='bronkaart-1' open" in panel and panel.count(" open>") == 1
    marked = re.search(r"<mark>(.*?)</mark>", panel).group(1)
    assert marked[:60] in last_message(messages), "the marked passage text is the quoted sentence"
    assert client.predict(choice="7-1", api_name="/show_source") == EMPTY_PANEL, "no such answer in this session"


def test_a_follow_up_question_uses_the_conversation_of_its_own_session(app):
    client = client_for(app)
    client.predict(question=QUESTION, api_name="/ask")
    messages, _, _ = client.predict(question="En hoeveel intersectorale adviseurs?", api_name="/ask")
    answer = last_message(messages)
    assert 'href="#bron-1-1"' in answer, "the second answer of this session"
    assert "3 intersectorale adviseurs" in answer


def test_an_answering_error_is_shown_as_its_dutch_message_and_the_question_is_kept(app, monkeypatch):
    def broken_stream(question, history, filters):
        yield "Half"
        raise BeleidError("llm endpoint unreachable", "De taalmodelserver antwoordt niet. Probeer later opnieuw.")

    monkeypatch.setattr(app.assistant, "stream", broken_stream)
    messages, question_box, _ = client_for(app).predict(question=QUESTION, api_name="/ask")
    assert last_message(messages) == "⚠️ De taalmodelserver antwoordt niet. Probeer later opnieuw."
    assert question_box == QUESTION


def test_answer_concurrency_defaults_to_the_backend_and_a_setting_wins():
    from beleid.settings import AnswerSettings, Settings, UISettings

    assert Settings().answer_concurrency == 1  # extractive: CPU-bound on the same cores
    assert Settings(answer=AnswerSettings(backend="llm")).answer_concurrency == 4  # waiting on a server
    assert Settings(ui=UISettings(answer_concurrency=3)).answer_concurrency == 3


def test_with_answer_concurrency_two_sessions_are_answered_at_the_same_time(tmp_path, model_dir, embedder):
    """Each answer waits until the other has started, which only works when the app runs both at once;
    answering one at a time, the first would wait until the barrier times out."""
    with running_app(app_settings(tmp_path, model_dir, answer_concurrency=2), embedder) as app:
        both_started = threading.Barrier(2, timeout=30)
        real_stream = app.assistant.stream

        def stream_after_the_other_started(question, history, filters):
            both_started.wait()
            yield from real_stream(question, history, filters)

        app.assistant.stream = stream_after_the_other_started
        jobs = [client_for(app).submit(question=QUESTION, api_name="/ask") for _ in range(2)]
        answers = [last_message(job.result(timeout=60)[0]) for job in jobs]
    assert all("128" in answer for answer in answers), answers


def test_feedback_is_stored_and_the_csv_export_contains_it(app):
    client = client_for(app)
    client.predict(question=QUESTION, api_name="/ask")
    comment, status = client.predict(comment="Duidelijk, met bron", api_name="/feedback_up")
    assert comment == "" and "Bedankt" in status
    exported = client.predict(api_name="/export_feedback")
    path = Path(exported["value"] if isinstance(exported, dict) else exported)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    row = next(r for r in rows if r["opmerking"] == "Duidelijk, met bron")
    assert row["oordeel"] == "nuttig" and row["vraag"] == QUESTION and "128" in row["antwoord"]
    assert row["backend"] == "extractive" and row["collectie"] == app.settings.collection_name
    citations = json.loads(row["bronnen"])
    assert citations[0]["file_name"].endswith(".txt") and citations[0]["quote"]


def test_feedback_without_an_answer_in_this_session_is_refused_in_dutch(app):
    client_for(app).predict(question=QUESTION, api_name="/ask")  # another session's answer must not count
    before = len(FeedbackStore(app.settings.state_db).rows())
    _, status = client_for(app).predict(comment="", api_name="/feedback_down")
    assert "Stel eerst een vraag" in status
    assert len(FeedbackStore(app.settings.state_db).rows()) == before


@pytest.mark.parametrize("target", [
    "/bronnen/../../etc/passwd",
    "/bronnen/..%2F..%2F..%2Fetc%2Fpasswd",
    "/bronnen/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/bronnen/%2Fetc%2Fpasswd",
    "/bronnen//etc/passwd",
    "/bronnen/..%5C..%5Cetc%5Cpasswd",
    "/bronnen/sectorconvenant-2021-2022-lokaal-hr-beleid.meta.toml",
    "/bronnen/bestaat-niet.pdf",
])
def test_a_source_request_outside_the_corpus_documents_gets_404(app, target):
    status, body, _ = raw_get(app, target)
    assert status == 404
    assert "root:" not in body


def test_a_symlink_in_the_corpus_pointing_outside_is_not_served(app, tmp_path):
    secret = tmp_path / "geheim.txt"
    secret.write_text("vertrouwelijk")
    link = app.corpus / "link.txt"
    link.symlink_to(secret)
    try:
        status, body, _ = raw_get(app, "/bronnen/link.txt")
    finally:
        link.unlink()
    assert status == 404 and "vertrouwelijk" not in body


def test_a_source_text_is_served_as_a_script_free_page(app):
    status, body, headers = raw_get(app, "/bronnen/sectorconvenant-2021-2022-lokaal-hr-beleid.txt")
    assert status == 200
    assert headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in headers["content-security-policy"]
    assert "id='page=1'" in body and "128 sectorconsulenten" in body


def test_an_upload_with_a_disallowed_extension_gets_a_dutch_error_and_writes_nothing(app, tmp_path):
    before = sorted(p.name for p in app.corpus.iterdir())
    bad = tmp_path / "loonbrief.exe"
    bad.write_bytes(b"MZ not a document")
    status, files = client_for(app).predict(files=[handle_file(str(bad))], api_name="/upload")
    assert "loonbrief.exe: dit bestandstype is niet toegelaten" in status
    assert sorted(p.name for p in app.corpus.iterdir()) == before


def test_an_uploaded_text_is_answerable_and_can_be_deleted_again(app, tmp_path):
    upload = tmp_path / "fietsvergoeding.txt"
    upload.write_text("Fietsvergoeding\n\nDe fietsvergoeding voor woon-werkverkeer bedraagt 0,35 euro per kilometer.\n")
    client = client_for(app)
    status, _ = client.predict(files=[handle_file(str(upload))], api_name="/upload")
    assert "opgenomen: fietsvergoeding.txt" in status and (app.corpus / "fietsvergoeding.txt").exists()
    messages, _, sources = client.predict(question="Hoeveel bedraagt de fietsvergoeding?", api_name="/ask")
    assert "0,35 euro" in last_message(messages) and "fietsvergoeding.txt" in sources
    assert "verwijderd" in client.predict(file_name="fietsvergoeding.txt", api_name="/delete_document")
    assert not (app.corpus / "fietsvergoeding.txt").exists()
    messages, _, _ = client.predict(question="Hoeveel bedraagt de fietsvergoeding?", api_name="/ask")
    assert "0,35" not in last_message(messages)


def test_a_broken_or_duplicate_upload_is_listed_with_its_reason(app, tmp_path):
    broken = tmp_path / "kapot.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj garbage")
    (tmp_path / "nota-a.txt").write_text("Nota\n\nDe kilometervergoeding bedraagt 0,43 euro per kilometer.\n")
    (tmp_path / "nota-b.txt").write_bytes((tmp_path / "nota-a.txt").read_bytes())
    names = ("kapot.pdf", "nota-a.txt", "nota-b.txt")
    client = client_for(app)
    status, _ = client.predict(files=[handle_file(str(tmp_path / name)) for name in names], api_name="/upload")
    assert "❌ mislukt: kapot.pdf — beschadigde of onvolledige PDF" in status
    assert "⚠️ dubbel: nota-b.txt — zelfde inhoud als nota-a.txt" in status
    documents = {d["file_name"]: d for d in app.assistant.catalog.state.documents()}
    assert documents["kapot.pdf"]["status"] == "failed" and documents["nota-b.txt"]["status"] == "duplicate"
    for name in names:
        client.predict(file_name=name, api_name="/delete_document")
    assert not set(names) & {d["file_name"] for d in app.assistant.catalog.state.documents()}
    assert not set(names) & {p.name for p in app.corpus.iterdir()}


def test_an_ingest_while_another_runs_gets_the_dutch_busy_message(app):
    with ingest_lock(app.assistant.catalog.folder / "ingest.lock"):
        with pytest.raises(AppError, match="Er loopt al een andere inname"):
            client_for(app).predict(api_name="/reingest")


@pytest.mark.parametrize("name, safe", [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\Windows\\win.ini.txt", "win.ini.txt"),
    (".verborgen.pdf", "verborgen.pdf"),
    ("<img src=x onerror=alert(1)>.pdf", "_img src_x onerror_alert_1_.pdf"),
    ("Reglement arbeidsduur – versie 2.pdf", "Reglement arbeidsduur _ versie 2.pdf"),
])
def test_upload_names_keep_only_a_safe_base_name(name, safe):
    assert safe_file_name(name) == safe


def test_an_empty_index_gets_a_clear_dutch_message(locked_app):
    messages, _, _ = client_for(locked_app).predict(question=QUESTION, api_name="/ask")
    assert "nog geen documenten opgenomen" in last_message(messages)


def test_admin_actions_need_a_login_and_a_wrong_password_does_not_open_them(locked_app, tmp_path):
    upload = tmp_path / "nota.txt"
    upload.write_text("Een nota.")
    client = client_for(locked_app)
    with pytest.raises(AppError, match="Meld je eerst aan"):
        client.predict(files=[handle_file(str(upload))], api_name="/upload")
    with pytest.raises(AppError, match="Meld je eerst aan"):
        client.predict(api_name="/export_feedback")
    assert list(locked_app.corpus.iterdir()) == []
    client.predict(name="hr", password="fout", api_name="/login")
    with pytest.raises(AppError, match="Meld je eerst aan"):
        client.predict(api_name="/export_feedback")


def test_a_signed_in_session_may_export_feedback_and_others_still_may_not(locked_app):
    client = client_for(locked_app)
    client.predict(name="hr", password="geheim", api_name="/login")
    assert client.predict(api_name="/export_feedback")
    with pytest.raises(AppError, match="Meld je eerst aan"):
        client_for(locked_app).predict(api_name="/export_feedback")


def test_the_ui_never_imports_chromadb_or_llama_index():
    for path in [REPO / "app.py", *(REPO / "ui").glob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        assert not {name for name in imported if name.split(".")[0] in {"chromadb", "llama_index"}}, path.name
