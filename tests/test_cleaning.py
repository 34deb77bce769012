from ingest.clean import clean_pages, dehyphenate, normalize_text, strip_boilerplate
from ingest.loaders import load_pages
from ingest.types import Page
from tests.conftest import SEED_CORPUS


def test_words_split_at_a_line_end_are_joined_but_dutch_elisions_keep_their_hyphen():
    assert dehyphenate("het werkgelegen-\nheidsbeleid") == "het werkgelegenheidsbeleid"
    assert dehyphenate("de zorg-\nen welzijnssector") == "de zorg-\nen welzijnssector"


def test_text_is_nfc_with_single_spaces_and_no_control_characters():
    decomposed = "ope\u0301ration\u00a0 \u00a0x\u200b\x07y\r\n\n\n\nz"
    assert normalize_text(decomposed) == "opération xy\n\nz"


def test_the_cookie_banner_at_the_end_of_a_seed_text_is_dropped_and_content_kept():
    path = SEED_CORPUS / "sectorconvenant-2021-2022-lokaal-hr-beleid.txt"
    text = clean_pages(load_pages(path, max_pages=10))[0].text
    assert "cookies" not in text.lower()
    assert "Voorkeuren" not in text and "Welkom" not in text
    assert "128 sectorconsulenten" in text
    assert text.endswith("Addendum Duaal Leren Lokale besturen.")


def test_navigation_lines_are_boilerplate():
    text = "Home > Werk > Sectorconvenants\n\nMenu\n\nDe sector engageert zich tot opleiding."
    assert strip_boilerplate(text) == "De sector engageert zich tot opleiding."


def test_running_headers_and_page_footers_are_removed_from_every_page():
    pages = [
        Page(n, str(n), f"Sectorconvenant Bouw 2021-2022\nInhoud van pagina {n} met tekst.\nPagina {n} van 4")
        for n in range(1, 5)
    ]
    cleaned = clean_pages(pages)
    assert [p.text for p in cleaned] == [f"Inhoud van pagina {n} met tekst." for n in range(1, 5)]
