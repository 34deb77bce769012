"""The interactive API docs in a real headless Chromium: they render every endpoint from files this server
serves, without a CDN, and "Try it out" answers a question."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.app_server import app_settings, running_app

pytestmark = pytest.mark.browser
TIMEOUT = 60_000


@pytest.fixture(scope="module")
def app(tmp_path_factory, model_dir, embedder):
    with running_app(app_settings(tmp_path_factory.mktemp("api-browser"), model_dir), embedder) as running:
        yield running


def test_the_docs_render_every_endpoint_offline_and_try_it_out_answers(app, browser):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{app.url}/api/v1/docs", timeout=TIMEOUT)
    page.locator(".opblock-summary-path", has_text="/api/v1/ask").first.wait_for(timeout=TIMEOUT)
    paths = set(page.locator(".opblock-summary-path").all_inner_texts())
    assert {"/api/v1/ask", "/api/v1/search", "/api/v1/documents", "/api/v1/commitments", "/api/v1/health",
            "/v1/chat/completions", "/v1/models"} <= {p.replace("\u200b", "") for p in paths}

    health = page.locator(".opblock-get", has_text="/api/v1/health")
    health.locator(".opblock-summary").click()
    health.locator("button.execute").click()  # "Try it out" is on from the start (tryItOutEnabled)
    body = health.locator(".responses-wrapper .highlight-code").first
    body.wait_for(timeout=TIMEOUT)
    assert '"status": "ok"' in body.inner_text()

    outside = [url for url in requests if urlparse(url).scheme not in ("data", "blob")
               and urlparse(url).hostname not in ("127.0.0.1", "localhost")]
    assert outside == [], outside
    page.close()
