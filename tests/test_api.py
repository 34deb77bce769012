"""The JSON API over real HTTP (httpx) against the real web app process: ask, stream, search, feedback, health,
the OpenAPI schema, errors for bad input, and ten simultaneous questions.

One server per module over the seed corpus, answering up to four questions at a time.
"""

from __future__ import annotations

import ast
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from answer.phrases import REFUSAL
from tests.api_support import assert_dutch_error, client, events
from tests.app_server import REPO, app_settings, running_app
from ui.store import FeedbackStore

QUESTION = "Hoeveel sectorconsulenten zijn er?"
FACTS = {  # question -> a fact its answer must contain (eval/questions/demo.jsonl)
    "Hoeveel sectoren engageren zich in de sectorconvenants 2021-2022?": "35",
    "Wie is de Vlaamse minister van Werk die de sectorconvenants 2021-2022 afsluit?": "Hilde Crevits",
    "Wanneer werd het Vlaams Sociaal Akkoord 2003-2004 afgesloten?": "21 maart 2003",
    "Op welke datum werd het Vlaams Werkgelegenheidsakkoord 2001-2002 ondertekend?": "12 februari 2001",
    "Hoeveel investeert de Vlaamse minister van Werk in totaal via de sectorconvenanten in de sectoren?": "12,6 miljoen",
}


@pytest.fixture(scope="module")
def app(tmp_path_factory, model_dir, embedder):
    settings = app_settings(tmp_path_factory.mktemp("api"), model_dir, answer_concurrency=4)
    with running_app(settings, embedder) as running:
        yield running


def ask(http, question: str, **body) -> dict:
    response = http.post("/api/v1/ask", json={"question": question, **body})
    assert response.status_code == 200, response.text
    return response.json()


def test_an_answer_has_the_figure_and_citations_whose_source_url_serves_the_document(app, http):
    answer = ask(http, QUESTION)
    assert "128" in answer["text"] and "[1]" in answer["text"] and not answer["refused"]
    assert answer["question"] == QUESTION and answer["backend"] == "extractive" and answer["id"]
    first = answer["citations"][0]
    assert first["number"] == 1 and first["file_name"] == "sectorconvenant-2021-2022-lokaal-hr-beleid.txt"
    assert first["title"].startswith("Sectorconvenant 2021-2022") and first["page"] == 1 and first["heading"]
    assert first["quote"] and first["quote"].split(" … ")[0][:40] in first["passage"]
    assert first["source_url"] == f"{app.url}/bronnen/{first['file_name']}#page=1"
    page = http.get(first["source_url"].split("#")[0])
    assert page.status_code == 200 and "128 sectorconsulenten" in page.text


def test_a_question_the_documents_do_not_answer_gets_the_refusal_without_citations(http):
    answer = ask(http, "Hoeveel vakantiedagen krijgt een brandweerman in Japan?")
    assert answer["refused"] and answer["text"] == REFUSAL and answer["citations"] == []


def test_a_filter_limits_the_answer_and_is_echoed(http):
    answer = ask(http, QUESTION, filters={"periods": ["2001-2012"]})
    assert "120" in answer["text"] and "128" not in answer["text"]
    assert answer["filters"] == {"periods": ["2001-2012"]}
    assert {c["file_name"] for c in answer["citations"]} == {"beleidsbasis-sectorconvenants.txt"}


def test_a_follow_up_uses_the_history_it_is_given(http):
    first = ask(http, QUESTION)
    follow_up = "En hoeveel intersectorale adviseurs?"
    with_history = ask(http, follow_up, history=[{"question": QUESTION, "answer": first["text"]}])
    assert "3 intersectorale adviseurs" in with_history["text"]
    assert with_history["standalone_question"] != follow_up, "the question was completed from the history"
    assert ask(http, follow_up)["standalone_question"] == follow_up


def test_a_streamed_answer_sends_deltas_that_add_up_to_the_final_answer(http):
    plain = ask(http, QUESTION)
    with http.stream("POST", "/api/v1/ask", json={"question": QUESTION, "stream": True}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        received = events(response)
    names = [name for name, _ in received]
    assert names[-1] == "answer" and set(names[:-1]) == {"delta"} and len(names) >= 2
    final = received[-1][1]
    assert "".join(data["text"] for _, data in received[:-1]).strip() == final["text"] == plain["text"]
    assert final["citations"] == plain["citations"] and final["id"] != plain["id"]


def test_search_returns_passages_with_sources_in_every_mode(http):
    for mode in ("hybrid", "dense", "bm25"):
        response = http.post("/api/v1/search", json={"query": "relancetoets coronacrisis", "k": 2, "mode": mode})
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["mode"] == mode and len(body["passages"]) == 2
        best = body["passages"][0]
        assert "relancetoets" in best["text"].lower() and best["source_url"].endswith("#page=1")
    limited = http.post("/api/v1/search", json={"query": "sectorconsulenten", "filters": {"doc_types": ["beleidstekst"]}})
    assert {p["doc_type"] for p in limited.json()["passages"]} == {"beleidstekst"}


@pytest.mark.parametrize("path, body, status, code, field", [
    ("/api/v1/ask", {"question": ""}, 422, "empty_question", "question"),
    ("/api/v1/ask", {"question": "   \n "}, 422, "empty_question", "question"),
    ("/api/v1/ask", {}, 422, "invalid_request", "question"),
    ("/api/v1/ask", {"question": 42}, 422, "invalid_request", "question"),
    ("/api/v1/ask", {"question": QUESTION, "filter": {}}, 422, "invalid_request", "filter"),
    ("/api/v1/ask", {"question": QUESTION, "filters": {"sectors": ["Bakkerij"]}}, 422, "unknown_filter_value",
     "filters.sectors"),
    ("/api/v1/ask", {"question": QUESTION, "filters": {"doc_ids": ["bestaat-niet"]}}, 422, "unknown_filter_value",
     "filters.doc_ids"),
    ("/api/v1/ask", {"question": QUESTION, "history": [{"question": "x"}]}, 422, "invalid_request",
     "history[0].answer"),
    ("/api/v1/ask", {"question": "x" * 4001}, 422, "invalid_request", "question"),
    ("/api/v1/search", {"query": " "}, 422, "empty_query", "query"),
    ("/api/v1/search", {"query": "x", "k": 0}, 422, "invalid_request", "k"),
    ("/api/v1/search", {"query": "x", "k": 500}, 422, "invalid_request", "k"),
    ("/api/v1/search", {"query": "x", "mode": "fuzzy"}, 422, "invalid_request", "mode"),
    ("/api/v1/feedback", {"answer_id": "x", "rating": "meh"}, 422, "invalid_request", "rating"),
])
def test_bad_input_gets_a_4xx_with_a_stable_code_and_a_dutch_message(http, path, body, status, code, field):
    body = assert_dutch_error(http.post(path, json=body), status, code)
    assert body.get("field") == field


def test_an_unknown_filter_value_names_the_values_that_exist(http):
    body = assert_dutch_error(http.post("/api/v1/ask", json={"question": QUESTION, "filters": {"periods": ["1999"]}}),
                              422, "unknown_filter_value")
    assert "'1999'" in body["message"] and "2021-2022" in body["message"] and "2001-2012" in body["message"]


def test_a_body_that_is_not_json_or_not_declared_json_is_refused(http):
    broken = http.post("/api/v1/ask", content=b'{"question": "x"', headers={"Content-Type": "application/json"})
    assert_dutch_error(broken, 400, "invalid_json")
    form = http.post("/api/v1/ask", data={"question": QUESTION})
    assert_dutch_error(form, 415, "unsupported_media_type")
    undeclared = http.post("/api/v1/ask", content=b'{"question": "x"}')
    assert_dutch_error(undeclared, 415, "unsupported_media_type")
    assert_dutch_error(http.post("/api/v1/ask", content=b"", headers={"Content-Type": "application/json"}),
                       422, "invalid_request")


def test_unknown_urls_and_methods_get_json_errors(http):
    assert_dutch_error(http.get("/api/v1/bestaat-niet"), 404, "not_found")
    assert_dutch_error(http.get("/api/v1/ask"), 405, "method_not_allowed")
    assert http.get("/").status_code == 200, "the web page still answers beside the API"


def test_feedback_on_an_answer_is_stored_with_it(app, http):
    answer = ask(http, QUESTION)
    response = http.post("/api/v1/feedback", json={"answer_id": answer["id"], "rating": "down", "comment": "Te lang"})
    assert response.status_code == 201
    row = next(r for r in FeedbackStore(app.settings.state_db).rows() if r["id"] == response.json()["id"])
    assert (row["rating"], row["comment"], row["question"]) == ("down", "Te lang", QUESTION)
    assert row["answer"] == answer["text"] and row["collection"] == app.settings.collection_name
    assert_dutch_error(http.post("/api/v1/feedback", json={"answer_id": "onbekend", "rating": "up"}), 404, "unknown_answer")


def test_health_reports_index_size_model_backend_and_version(app, http):
    from importlib.metadata import version

    health = http.get("/api/v1/health").json()
    state = app.assistant.catalog.state
    assert health["status"] == "ok" and health["backend"] == "extractive"
    assert health["version"] == version("beleidsassistent")
    assert health["documents"] == 2 and health["passages"] == state.chunk_count() > 0
    assert health["embedding_model"] == app.settings.embedding.model
    assert health["collection"] == app.settings.collection_name


def test_the_openapi_schema_lists_every_endpoint(http):
    schema = http.get("/api/v1/openapi.json").json()
    expected = {
        "/api/v1/ask": {"post"}, "/api/v1/search": {"post"}, "/api/v1/documents": {"get", "post"},
        "/api/v1/documents/{doc_id}": {"delete"}, "/api/v1/documents/reingest": {"post"},
        "/api/v1/commitments": {"get"}, "/api/v1/feedback": {"post"}, "/api/v1/health": {"get"},
        "/v1/chat/completions": {"post"}, "/v1/models": {"get"},
    }
    for path, methods in expected.items():
        assert methods <= set(schema["paths"][path]), path
    upload = schema["paths"]["/api/v1/documents"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in upload
    assert "HTTPBearer" in schema["components"]["securitySchemes"]


def test_the_docs_page_loads_its_scripts_from_this_server(http):
    page = http.get("/api/v1/docs")
    assert page.status_code == 200 and "SwaggerUIBundle" in page.text
    assert "cdn" not in page.text.lower() and "https://" not in page.text
    for asset in ("/api/v1/docs/static/swagger-ui-bundle.js", "/api/v1/docs/static/swagger-ui.css"):
        response = http.get(asset)
        assert response.status_code == 200 and len(response.content) > 100_000, asset


def test_ten_simultaneous_questions_each_get_their_own_answer(app):
    """Every question twice, half of them streamed, all sent at once; each answer must be the one the
    question gets when asked alone."""
    with client(app) as http:
        alone = {question: ask(http, question) for question in FACTS}
    for question, fact in FACTS.items():
        assert fact in alone[question]["text"], (question, alone[question]["text"])
    jobs = [(question, number % 2 == 1) for number, question in enumerate(list(FACTS) * 2)]
    start = threading.Barrier(len(jobs), timeout=60)

    def send(job):
        question, streamed = job
        with client(app) as http:
            start.wait()
            if not streamed:
                return question, ask(http, question)
            with http.stream("POST", "/api/v1/ask", json={"question": question, "stream": True}) as response:
                return question, events(response)[-1][1]

    with ThreadPoolExecutor(len(jobs)) as pool:
        results = list(pool.map(send, jobs))
    assert len(results) == 10
    for question, answer in results:
        assert answer["question"] == question
        assert answer["text"] == alone[question]["text"], question
        assert answer["citations"] == alone[question]["citations"], question
    assert len({answer["id"] for _, answer in results}) == 10


def test_nothing_tried_to_connect_beyond_loopback():
    """The session's socket guard refuses such connections; this module's server and clients made none."""
    from beleid import offline

    assert offline.blocked_attempts == []


def test_the_api_package_never_imports_chromadb_or_llama_index():
    for path in (REPO / "api").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        assert not {name for name in imported if name.split(".")[0] in {"chromadb", "llama_index"}}, path.name
