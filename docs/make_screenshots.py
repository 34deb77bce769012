"""Screenshots of the main views into docs/screenshots/ (run: .venv/bin/python docs/make_screenshots.py).

Starts the real app on a temporary copy of the seed corpus (with login, user 'hr'), drives Debian's Chromium
and saves: the chat with an answer and its opened source, the login form, the Documenten tab after a PDF
upload, the Feedback tab, and the Engagementen tab (over the fixture convenant PDFs, filtered on a sector,
with a theme compared per sector). Needs /usr/bin/chromium (apt-get install chromium).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from beleid import offline  # noqa: E402

offline.apply_offline_guards()
offline.install_network_guard()

from beleid.settings import Settings  # noqa: E402
from eval.pdfgen import write_fixture_corpus  # noqa: E402
from index.e5_build import ensure_e5_model  # noqa: E402
from index.indexer import Indexer  # noqa: E402
from tests.app_server import MODEL_NAME, app_settings, running_app  # noqa: E402
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, ask, open_citation  # noqa: E402
from tests.pdf_factory import make_pdf  # noqa: E402

OUT = REPO / "docs" / "screenshots"


def main() -> None:
    """Serve the app, walk through its views and save one PNG per view."""
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    model_dir = ensure_e5_model(Settings().models_dir.resolve() / MODEL_NAME)
    root = Path(tempfile.mkdtemp(prefix="beleid-screens-"))
    pdf = make_pdf(root / "regeling-thuiswerk-2024.pdf", [
        "Regeling thuiswerk 2024\n\nArtikel 1\nDe thuiswerkvergoeding bedraagt 20 euro per maand voor "
        "medewerkers die minstens een dag per week thuiswerken.",
    ])
    settings = app_settings(root / "app", model_dir, users={"hr": "demo"})
    with running_app(settings) as app, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(locale="nl-BE", viewport={"width": 1400, "height": 980})
        page.set_default_timeout(60_000)
        page.goto(app.url)
        page.wait_for_selector("#vraag textarea")
        page.screenshot(path=OUT / "vragen-leeg.png")
        ask(page, "Hoeveel sectorconsulenten zijn er?")
        open_citation(page, 2)
        page.screenshot(path=OUT / "vragen-antwoord-en-bron.png")

        page.get_by_role("tab", name="Documenten").click()
        page.get_by_label("Gebruikersnaam").first.wait_for()
        page.screenshot(path=OUT / "aanmelden.png")
        page.get_by_label("Gebruikersnaam").first.fill("hr")
        page.get_by_label("Wachtwoord").first.fill("demo")
        page.get_by_role("button", name="Aanmelden").first.click()
        page.locator("#upload input[type=file]").set_input_files(str(pdf))
        page.click("#upload-knop")
        page.locator("#documenten-status", has_text="opgenomen").wait_for()
        page.screenshot(path=OUT / "documenten.png", full_page=True)

        page.get_by_role("tab", name="Vragen").click()
        ask(page, "Hoeveel bedraagt de thuiswerkvergoeding?")
        page.fill("#feedback-opmerking textarea", "Duidelijk, en de bron klopt.")
        page.click("#duim-omhoog")
        page.locator("#feedback-status", has_text="Bedankt").wait_for()
        page.get_by_role("tab", name="Feedback").click()
        page.get_by_role("button", name="Vernieuwen").click()
        page.locator("#feedback-tabel", has_text="Duidelijk").wait_for()
        page.click("#exporteer-csv")
        page.locator("#feedback-csv a").first.wait_for()
        page.screenshot(path=OUT / "feedback.png", full_page=True)

        write_fixture_corpus(settings.ingest.corpus_dir)  # convenant PDFs, so the Engagementen tab has content
        Indexer(settings, app.assistant.catalog).ingest()
        page.get_by_role("tab", name="Engagementen").click()
        page.click("#eng-vernieuw")
        page.locator("#eng-aantal", has_text="engagementen gevonden").wait_for()
        page.locator("#eng-sector input").click()
        page.get_by_role("option", name="Bouw", exact=True).click()
        page.locator("#eng-aantal", has_text="engagementen gevonden").wait_for()
        page.locator("#eng-vergelijk-thema input").click()
        page.get_by_role("option", name="Werkplekleren en duaal leren", exact=True).click()
        page.click("#eng-vergelijk-knop")
        page.locator("#eng-vergelijking section").first.wait_for()
        page.screenshot(path=OUT / "engagementen.png", full_page=True)
        browser.close()
    print(f"screenshots in {OUT}")


if __name__ == "__main__":
    main()
