"""The Engagementen tab in a real headless Chromium: filter on a sector, then open a source from the table.

The app runs over the fixture convenant PDFs; nothing may leave 127.0.0.1 and no dialog may open. Opening the
PDF makes no assumption about how this Chromium's PDF viewer shows it (built-in viewer, download or blank):
the test checks the response the click fetched.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from eval.pdfgen import write_fixture_corpus
from index.commitments import list_commitments
from tests.app_server import app_settings, running_app
from tests.browser_support import watched_context

pytestmark = pytest.mark.browser

TIMEOUT = 60_000
SECTOR = "Bouw"


@pytest.fixture(scope="module")
def app(tmp_path_factory, model_dir, embedder):
    settings = app_settings(tmp_path_factory.mktemp("commitments-browser"), model_dir, seed=False)
    write_fixture_corpus(settings.ingest.corpus_dir)
    with running_app(settings, embedder) as running:
        yield running


def test_filter_on_a_sector_and_open_a_source_page_from_the_table(browser, app):
    from playwright.sync_api import expect

    with watched_context(browser, TIMEOUT, accept_downloads=True) as (context, _):
        page = context.new_page()
        page.goto(app.url)
        page.get_by_role("tab", name="Engagementen").click()
        expected = list_commitments(app.assistant.catalog.state, sector=SECTOR)
        assert expected and len(expected) < len(list_commitments(app.assistant.catalog.state))

        page.locator("#eng-sector input").click()
        page.get_by_role("option", name=SECTOR, exact=True).click()
        expect(page.locator("#eng-aantal")).to_contain_text(f"{len(expected)} engagementen gevonden")
        rows = page.locator("#engagementen-tabel tbody tr")
        expect(rows).to_have_count(len(expected))
        assert set(rows.locator("td:first-child").all_inner_texts()) == {SECTOR}
        expect(rows.first).to_contain_text(expected[0].text[:40])

        link = rows.first.locator("a.bron-link")
        assert link.get_attribute("href") == f"bronnen/{expected[0].file_name}#page={expected[0].page}"
        with context.expect_event("response", lambda response: "/bronnen/" in response.url) as source:
            link.click()
        assert source.value.status == 200
        assert urlparse(source.value.url).path == f"/bronnen/{expected[0].file_name}"
        assert source.value.headers["content-type"] == "application/pdf"
