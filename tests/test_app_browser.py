"""The web app in a real headless Chromium: ask, click citations, open sources, upload, give feedback.

One app and one browser per module. Every browser context records its requests and JavaScript dialogs
(tests/browser_support.py): network traffic to anything but loopback, or any dialog (an injected script that
ran), fails the test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.app_server import app_settings, running_app
from tests.browser_support import Traffic, ask, open_citation, watched_context
from tests.pdf_factory import make_pdf

pytestmark = pytest.mark.browser

TIMEOUT = 60_000
HOSTILE_DOC = (
    "Veiligheidsnota maaltijdcheques\n\n"
    "De waarde van een maaltijdcheque <script>alert(1)</script> bedraagt 8 euro per gewerkte dag "
    "<img src=x onerror=alert(2)> voor elke medewerker van het lokaal bestuur.\n"
)


@dataclass
class Visit:
    """A page on the app plus everything its browser context asked the network for."""

    page: object
    traffic: Traffic


@pytest.fixture(scope="module")
def app(tmp_path_factory, model_dir, embedder):
    """The app over the seed corpus plus a document full of HTML and script."""
    settings = app_settings(tmp_path_factory.mktemp("browser-app"), model_dir)
    (settings.ingest.corpus_dir / "veiligheidsnota.txt").write_text(HOSTILE_DOC, encoding="utf-8")
    with running_app(settings, embedder) as running:
        yield running


@pytest.fixture(scope="module")
def locked_app(tmp_path_factory, model_dir, embedder):
    """The app with a login for the admin tabs."""
    settings = app_settings(tmp_path_factory.mktemp("browser-locked"), model_dir, users={"hr": "geheim"}, seed=False)
    with running_app(settings, embedder) as running:
        yield running


@pytest.fixture
def visit(browser, app):
    """A fresh browser session on the app; afterwards nothing may have left the machine or run a dialog."""
    with watched_context(browser, TIMEOUT, accept_downloads=True) as (context, traffic):
        page = context.new_page()
        page.goto(app.url)
        page.wait_for_selector("#vraag textarea")
        yield Visit(page, traffic)


def test_a_question_streams_an_answer_and_a_citation_click_shows_the_marked_source(visit):
    from playwright.sync_api import expect

    page = visit.page
    ask(page, "Hoeveel sectorconsulenten zijn er?")
    answer = page.locator("#gesprek [data-testid='bot']").last
    expect(answer).to_contain_text("128 sectorconsulenten")
    number = max(int(marker.strip("[]")) for marker in answer.locator("a.cite").all_inner_texts())
    card = open_citation(page, number)
    assert card.locator("mark").first.inner_text()[:60] in answer.inner_text()
    expect(card).to_contain_text(re.compile("sectorconvenant", re.IGNORECASE))
    expect(page.locator("#bronpaneel details[open]")).to_have_count(1)
    expect(card.locator("a.bron-link")).to_have_text(re.compile(r"Open het originele document op pagina \d+"))


def test_the_source_link_opens_the_original_text_at_its_page(visit, app):
    page = visit.page
    ask(page, "Hoeveel investeert de minister in de sectorconvenants?")
    link = open_citation(page, 1).locator("a.bron-link")
    href = link.get_attribute("href")
    assert href.endswith("#page=1")
    response = page.request.get(urljoin(app.url + "/", href.split("#")[0]))
    assert response.status == 200 and response.headers["content-type"].startswith("text/html")
    with page.context.expect_page() as opened:
        link.click()
    source_page = opened.value
    source_page.wait_for_selector("section[id='page=1']")
    assert "12,6 miljoen euro" in source_page.inner_text("body")


def test_an_uploaded_pdf_is_ingested_and_its_answer_cites_it(visit, app, tmp_path):
    from playwright.sync_api import expect

    page = visit.page
    pdf = make_pdf(tmp_path / "thuiswerkregeling-2024.pdf", [
        "Regeling thuiswerk 2024\n\nArtikel 1\nDe thuiswerkvergoeding bedraagt 20 euro per maand voor "
        "medewerkers die minstens een dag per week thuiswerken.",
        "Artikel 2\nThuiswerk wordt vooraf aangevraagd bij de leidinggevende.",
    ])
    page.get_by_role("tab", name="Documenten").click()
    page.locator("#upload input[type=file]").set_input_files(str(pdf))
    page.click("#upload-knop")
    expect(page.locator("#documenten-status")).to_contain_text("opgenomen: thuiswerkregeling-2024.pdf")
    expect(page.locator("#documenten-tabel")).to_contain_text("thuiswerkregeling-2024.pdf")
    assert (app.corpus / "thuiswerkregeling-2024.pdf").read_bytes() == pdf.read_bytes()

    page.get_by_role("tab", name="Vragen").click()
    ask(page, "Hoeveel bedraagt de thuiswerkvergoeding?")
    expect(page.locator("#gesprek")).to_contain_text("20 euro per maand")
    card = open_citation(page, 1)
    expect(card).to_contain_text("thuiswerkregeling-2024.pdf")
    href = card.locator("a.bron-link").get_attribute("href")
    assert href == "bronnen/thuiswerkregeling-2024.pdf#page=1"
    response = page.request.get(urljoin(app.url + "/", href.split("#")[0]))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")


def test_a_refused_upload_is_explained_in_a_dutch_pop_up_and_writes_nothing(visit, app, tmp_path):
    from playwright.sync_api import expect

    page = visit.page
    before = sorted(p.name for p in app.corpus.iterdir())
    bad = tmp_path / "loonbrief.exe"
    bad.write_bytes(b"MZ")
    page.get_by_role("tab", name="Documenten").click()
    page.locator("#upload input[type=file]").set_input_files(str(bad))
    page.click("#upload-knop")
    toast = page.locator(".toast-body").first
    expect(toast).to_contain_text("loonbrief.exe: dit bestandstype is niet toegelaten")
    assert toast.locator(".toast-title").evaluate("e => getComputedStyle(e, '::before').content") == '"Let op"'
    expect(page.locator("#documenten-status")).to_contain_text("niet toegevoegd")
    assert sorted(p.name for p in app.corpus.iterdir()) == before


def test_thumbs_up_is_stored_and_listed_in_the_feedback_tab(visit):
    from playwright.sync_api import expect

    page = visit.page
    ask(page, "Hoeveel investeert de minister in de sectorconvenants?")
    page.fill("#feedback-opmerking textarea", "Helder antwoord met bron")
    page.click("#duim-omhoog")
    expect(page.locator("#feedback-status")).to_contain_text("Bedankt")
    page.get_by_role("tab", name="Feedback").click()
    page.get_by_role("button", name="Vernieuwen").click()
    expect(page.locator("#feedback-tabel")).to_contain_text("Helder antwoord met bron")
    page.click("#exporteer-csv")
    with page.expect_download() as download:
        page.locator("#feedback-csv a").first.click()
    assert re.fullmatch(r"feedback-\d{8}-\d{6}\.csv", download.value.suggested_filename)
    assert "Helder antwoord met bron" in Path(download.value.path()).read_text(encoding="utf-8-sig")


def test_html_and_script_in_a_document_are_shown_as_text_and_never_run(visit, app):
    from playwright.sync_api import expect

    page = visit.page
    ask(page, "Hoeveel bedraagt een maaltijdcheque?")
    expect(page.locator("#gesprek")).to_contain_text("<script>alert(1)</script>")
    card = open_citation(page, 1)
    expect(card.locator(".bron-passage")).to_contain_text("<script>alert(1)</script>")
    expect(card.locator(".bron-passage")).to_contain_text("<img src=x onerror=alert(2)>")
    assert page.locator("#bronpaneel img, #bronpaneel script, #gesprek img[src='x']").count() == 0
    source = page.context.new_page()
    source.goto(f"{app.url}/bronnen/veiligheidsnota.txt")
    assert "<script>alert(1)</script>" in source.inner_text("body")
    page.wait_for_timeout(500)  # give an injected handler the chance to fire; the fixture then finds no dialog


def test_an_example_question_is_answered_and_a_new_conversation_starts_over(visit):
    from playwright.sync_api import expect

    page = visit.page
    page.get_by_role("button", name="Hoeveel sectorconsulenten zijn er?").click()
    expect(page.locator("#gesprek a.cite").first).to_be_visible()
    page.click("#nieuw-gesprek")
    expect(page.locator("#gesprek a.cite")).to_have_count(0)
    expect(page.get_by_role("button", name="Hoeveel sectorconsulenten zijn er?")).to_be_visible()
    expect(page.locator("#bronpaneel")).to_contain_text("Klik op een bronverwijzing")


def test_no_request_leaves_the_machine_while_using_every_tab(visit):
    page = visit.page
    ask(page, "Hoeveel sectorconsulenten zijn er?")
    open_citation(page, 1)
    for tab in ("Documenten", "Feedback", "Vragen"):
        page.get_by_role("tab", name=tab).click()
    assert visit.traffic.requests, "the listener saw the page's own requests"
    assert visit.traffic.outside_requests() == []


def test_the_admin_tabs_show_a_login_form_until_the_session_signs_in(browser, locked_app):
    from playwright.sync_api import expect

    with watched_context(browser, TIMEOUT) as (context, _):
        page = context.new_page()
        page.goto(locked_app.url)
        page.get_by_role("tab", name="Documenten").click()
        expect(page.locator("#upload-knop")).to_be_hidden()
        page.get_by_label("Gebruikersnaam").first.fill("hr")
        page.get_by_label("Wachtwoord").first.fill("fout")
        page.get_by_role("button", name="Aanmelden").first.click()
        expect(page.locator(".toast-body").first).to_contain_text("verkeerd wachtwoord")
        expect(page.locator("#upload-knop")).to_be_hidden()
        page.get_by_label("Wachtwoord").first.fill("geheim")
        page.get_by_role("button", name="Aanmelden").first.click()
        expect(page.locator("#upload-knop")).to_be_visible()
        page.get_by_role("tab", name="Feedback").click()
        expect(page.locator("#exporteer-csv")).to_be_visible()
        page.get_by_role("button", name="Afmelden").last.click()
        expect(page.locator("#exporteer-csv")).to_be_hidden()
