"""Who may use the API: bearer tokens when configured; without tokens only this computer, also when
`beleid serve` binds to 0.0.0.0.

A client "from the network" is simulated the way a reverse proxy on this machine presents one: a loopback
connection with X-Forwarded-For, which uvicorn (behind Gradio) trusts from 127.0.0.1 and turns into the
request's client address. The tests send nothing beyond loopback (the session's socket guard checks that).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import openai
import pytest

from api.auth import is_loopback
from tests.api_support import assert_dutch_error, client
from tests.app_server import app_settings, running_app
from tests.ports import free_port

TOKEN, SECOND_TOKEN = "proef-token-7f3a9c", "tweede-token-01b2"
FROM_NETWORK = {"X-Forwarded-For": "203.0.113.7"}  # documentation range: a client on another machine
REQUESTS = [
    ("GET", "/api/v1/health", {}),
    ("GET", "/api/v1/documents", {}),
    ("POST", "/api/v1/documents", {"files": [("files", ("nota.txt", b"Een nota.", "text/plain"))]}),
    ("DELETE", "/api/v1/documents/sectorconvenant-2021-2022-lokaal-hr-beleid", {}),
    ("POST", "/api/v1/documents/reingest", {}),
    ("POST", "/api/v1/ask", {"json": {"question": "Hoeveel sectorconsulenten zijn er?"}}),
    ("POST", "/api/v1/search", {"json": {"query": "sectorconsulenten"}}),
    ("GET", "/api/v1/commitments", {}),
    ("POST", "/api/v1/feedback", {"json": {"answer_id": "x", "rating": "up"}}),
    ("GET", "/v1/models", {}),
    ("POST", "/v1/chat/completions",
     {"json": {"model": "beleidsassistent", "messages": [{"role": "user", "content": "x"}]}}),
]


@pytest.fixture(scope="module")
def locked(tmp_path_factory, model_dir, embedder):
    """The app with two API tokens configured."""
    settings = app_settings(tmp_path_factory.mktemp("api-locked"), model_dir, api_tokens=[TOKEN, SECOND_TOKEN])
    with running_app(settings, embedder) as running:
        yield running


@pytest.mark.parametrize("method, path, kwargs", REQUESTS, ids=[f"{m} {p}" for m, p, _ in REQUESTS])
def test_with_tokens_configured_every_endpoint_needs_a_valid_one(locked, method, path, kwargs):
    before = sorted(p.name for p in locked.corpus.iterdir())
    with client(locked) as http:
        missing = http.request(method, path, **kwargs)
    assert_dutch_error(missing, 401, "missing_token")
    assert missing.headers["www-authenticate"] == "Bearer"
    with client(locked, token="verkeerd-token") as http:
        assert_dutch_error(http.request(method, path, **kwargs), 401, "invalid_token")
    with client(locked, Authorization=f"Basic {TOKEN}") as http:
        assert_dutch_error(http.request(method, path, **kwargs), 401, "missing_token")
    assert sorted(p.name for p in locked.corpus.iterdir()) == before, "a refused request changes nothing"


def test_a_valid_token_opens_the_api_from_this_computer_and_from_the_network(locked):
    for token in (TOKEN, SECOND_TOKEN):
        with client(locked, token=token) as http:
            assert http.get("/api/v1/health").status_code == 200
        with client(locked, token=token, **FROM_NETWORK) as http:
            answer = http.post("/api/v1/ask", json={"question": "Hoeveel sectorconsulenten zijn er?"})
            assert answer.status_code == 200 and "128" in answer.json()["text"]


def test_the_openai_client_authenticates_with_its_api_key(locked):
    right = openai.OpenAI(base_url=f"{locked.url}/v1", api_key=TOKEN, max_retries=0)
    assert [m.id for m in right.models.list()] == ["beleidsassistent"]
    wrong = openai.OpenAI(base_url=f"{locked.url}/v1", api_key="fout", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as raised:
        wrong.models.list()
    assert raised.value.body["code"] == "invalid_token"


def test_the_docs_and_the_schema_need_no_token(locked):
    with client(locked, **FROM_NETWORK) as http:
        assert http.get("/api/v1/docs").status_code == 200
        assert http.get("/api/v1/docs/static/swagger-ui-bundle.js").status_code == 200
        assert http.get("/api/v1/openapi.json").json()["info"]["title"] == "Beleidsassistent API"


@pytest.mark.parametrize("host, local", [
    ("127.0.0.1", True), ("127.4.5.6", True), ("::1", True), ("::ffff:127.0.0.1", True),
    ("192.0.2.10", False), ("10.0.0.5", False), ("::ffff:10.0.0.5", False), ("0.0.0.0", False),
    ("fe80::1%eth0", False), ("", False), (None, False), ("testclient", False),
])
def test_only_loopback_addresses_count_as_this_computer(host, local):
    assert is_loopback(host) is local


def _wait_until_serving(process: subprocess.Popen, url: str, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"beleid serve stopped: {process.stdout.read()}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    pytest.fail("beleid serve did not start in time")


def test_beleid_serve_on_all_interfaces_without_tokens_keeps_the_api_to_this_computer(tmp_path, model_dir, embedder):
    """The web page is shared on the network (the admin chose 0.0.0.0); the API, without a token, is not."""
    from index.catalog import IndexCatalog
    from index.indexer import Indexer

    settings = app_settings(tmp_path, model_dir)
    Indexer(settings, IndexCatalog(settings, embedder=embedder)).ingest()
    port = free_port()
    env = {**os.environ, "BELEID_DATA_DIR": str(settings.data_dir), "BELEID_UI__HOST": "0.0.0.0",
           "BELEID_INGEST__CORPUS_DIR": str(settings.ingest.corpus_dir), "BELEID_UI__PORT": str(port)}
    process = subprocess.Popen([sys.executable, "-m", "beleid", "serve"], cwd=tmp_path, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(process, f"{url}/api/v1/health")
        local = httpx.get(f"{url}/api/v1/health", timeout=30)
        assert local.status_code == 200 and local.json()["documents"] == 2
        remote = httpx.post(f"{url}/api/v1/ask", json={"question": "Hoeveel sectorconsulenten zijn er?"},
                            headers=FROM_NETWORK, timeout=30)
        body = assert_dutch_error(remote, 403, "api_local_only")
        assert "BELEID_API__TOKENS" in body["message"]
        assert_dutch_error(httpx.get(f"{url}/v1/models", headers=FROM_NETWORK, timeout=30), 403, "api_local_only")
        assert httpx.get(f"{url}/", headers=FROM_NETWORK, timeout=30).status_code == 200, "the web page is shared"
    finally:
        process.terminate()
        try:
            output, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
    assert "without API tokens: the API answers requests from this computer only" in output
