"""Commitments in real policy documents (issue 14): every document type, real Dutch commitment language
and its negatives, actors resolved from the document's author, the sentence's page and section, and the
figures on the real gold documents of ../shared (skipped with a message when that folder is absent).

The two sentences of the real Sectorconvenant 2021-2022 Lokale Besturen quoted in the issue are read from a
PDF made by the test; the language cases are the boundary examples of eval/commitments/README.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.real import REAL_PDFS, REAL_TEXTS, missing_message
from ingest.commitment_language import judge
from ingest.commitments import extract_commitments
from ingest.pipeline import parse_document
from ingest.types import DocumentMeta, Page, TextBlock
from tests.pdf_factory import make_pdf

ARTICLE_1 = ("De Vlaamse Regering verbindt er zich toe om, binnen de perken van de beschikbare begrotingskredieten, "
             "een maximale toelage van 392.000,00 EUR uit te betalen aan V.V.S.G. vzw ter financiering van 4 VTE "
             "sectorconsulenten.")
ARTICLE_2_ITEMS = ("de sectorconsulenten uit te nodigen op de klankbordvergaderingen met de sectoren;",
                   "op vraag van de sector ad-hoc overleg te organiseren over de uitvoering van dit convenant.")


def _meta(title: str, doc_type: str = "beleidstekst", file_name: str = "doc.pdf", author: str = "") -> DocumentMeta:
    return DocumentMeta("doc", file_name, title, doc_type, "", "", author)


def _chunker(embedder):
    from ingest.chunker import Chunker

    return Chunker(embedder.count_tokens, chunk_tokens=320, window_tokens=embedder.window_tokens)


def test_the_real_convenant_sentences_get_their_article_actor_page_and_theme(tmp_path, embedder):
    from index.themes import ThemeClassifier

    text = ("Sectorconvenant 2021-2022 Lokale Besturen\n\n"
            f"Artikel 1. {ARTICLE_1}\n\n"
            "Artikel 2. De Vlaamse Regering verbindt er zich toe om:\n"
            + "".join(f"- {item}\n" for item in ARTICLE_2_ITEMS))
    path = make_pdf(tmp_path / "sectorconvenant-2021-2022-lokale-besturen.pdf", ["Inleiding tot het convenant.", text])
    parsed = parse_document(path, path.name, _chunker(embedder), max_mb=10, max_pages=10)
    found = {c.text: c for c in ThemeClassifier(embedder).classify(parsed.commitments)}
    first = found[ARTICLE_1]
    assert (first.actor, first.article, first.page, first.theme) == ("Vlaamse Regering", "Artikel 1", 2, "financiering")
    assert first.confidence >= 0.75 and first.chunk_id
    for item in ARTICLE_2_ITEMS:
        assert (found[item].actor, found[item].article, found[item].page, found[item].theme) == (
            "Vlaamse Regering", "Artikel 2", 2, "overleg")
    assert len(found) == 3  # the lead-in "… verbindt er zich toe om:" is not itself a commitment


@pytest.mark.parametrize("sentence", [
    "Met ingang van 1 januari 2006 worden de salarissen structureel verhoogd met 2%.",
    "Indien daartoe geen mogelijkheden bestaan, neemt het bevoegd gezag het initiatief om te zoeken naar "
    "duurzame reïntegratiemogelijkheden buiten de sector Rijk.",
    "In de Statenvergadering van 24 april 2024 hebben wij toegezegd de communicatie over het windbeleid te verbeteren.",
    "Partijen spreken af om uiterlijk in december 2015 een plan van aanpak te bespreken en vast te stellen.",
    "Onderzocht zal worden of er mogelijkheden zijn de regeling uit te breiden.",
    "We investeren de komende jaren 100 miljoen euro in duaal leren.",
    "We zetten in op een sterker loopbaanbeleid voor alle werknemers.",
    "Alle adviezen nemen we over in de definitieve stukken.",
    "Er komt een omgevingsfonds voor de omwonenden.",
    "De Vlaamse Regering engageert zich om de subsidie tijdig uit te betalen.",
    # a coordinated relative clause stays subordinate; a span does not run across a subordinator
    "Alle medewerkers die op 1 januari in dienst waren en ook in maart in dienst waren, ontvangen een eenmalige "
    "uitkering van € 100.",
    "Tevens wordt bezien of de regeling eenvoudiger kan worden.",
    "Medewerkers ontvangen een tegemoetkoming, tenzij die niet werd ontvangen vanwege het ter beschikking hebben "
    "van een dienstauto die is aangemerkt als vervoer vanwege de werkgever.",
])
def test_commitment_language_is_recognised(sentence):
    assert judge(sentence).is_commitment, judge(sentence)


@pytest.mark.parametrize("sentence", [
    "Toelagen die zijn toegekend dienen in het algemeen te worden verhoogd met ingang van 1 januari 2006.",
    "De loonafspraken zijn pensioengevend.",
    "Zowel de structurele salarisverhoging als de eenmalige uitkering werken daarom door naar alle uitkeringen.",
    "Genoemde verhogingen zullen daardoor in het lopende kalenderjaar niet pensioengevend zijn.",
    "De ambtenaar is verplicht medewerking te verlenen aan reïntegratie-activiteiten.",
    "Daarom hebben wij in die gevallen zelf, eenzijdig, een maximum gesteld.",
    "Partijen zijn van mening dat werkgevers en werknemers er alles aan dienen te doen om verzuim te voorkomen.",
    "Partijen hechten groot belang aan een snelle overeenkomst.",
    "Deze overeenkomst heeft een looptijd van 1 september 2015 tot en met 31 december 2016.",
    "Hieronder noemen we de meest belangrijke punten.",
    "Kunnen we gemeenten vrijwaren van initiatieven buiten het voorkeursgebied?",
    "In 2023 werden 408 zienswijzen ontvangen.",
    "Ambtenaren die ziek waren en herstelden, werden in 2014 in een andere functie geplaatst.",
])
def test_descriptions_opinions_conditions_and_definitions_are_not_commitments(sentence):
    assert not judge(sentence).is_commitment, judge(sentence)


def test_we_is_the_author_inferred_from_the_document_type_and_text():
    agreement = [Page(1, "1", "Regeerakkoord Vlaamse Regering 2024-2029\n\nWe investeren in kinderopvang. "
                              "De Vlaamse Regering zal de lasten op arbeid verlagen.")]
    [invest, lower] = extract_commitments(_meta("Regeerakkoord Vlaamse Regering 2024-2029"), agreement, [])
    assert (invest.actor, lower.actor) == ("Vlaamse Regering", "Vlaamse Regering")

    letter = [Page(1, "1", "", (
        TextBlock("paragraph", "Provincie Overijssel"),
        TextBlock("paragraph", "Provinciale Staten van Overijssel"),
        TextBlock("paragraph", "Kenmerk D2024-03 | Uw brief"),
        TextBlock("paragraph", "Onderwerp: Windbeleid"),
        TextBlock("paragraph", "Wij willen de inwoners beschermen. De provincie ondersteunt lokale coöperaties."),
    ))]
    letter = [Page.from_blocks(1, "1", list(letter[0].blocks))]
    [protect, support] = extract_commitments(_meta("Brief aan PS windbeleid", file_name="brief.pdf"), letter, [])
    assert (protect.actor, support.actor) == ("Gedeputeerde Staten", "provincie Overijssel")

    circular = [Page(1, "1", "Circulaire arbeidsvoorwaarden sector Rijk\n\nZodra de regelgeving is aangepast, zal ik "
                             "u daarover informeren. Met ingang van 1 januari 2006 worden de salarissen verhoogd met 2%.")]
    [inform, pay] = extract_commitments(_meta("Circulaire arbeidsvoorwaarden sector Rijk", "convenant"), circular, [])
    assert (inform.actor, pay.actor) == ("minister", "partijen")


def test_a_sidecar_author_overrides_the_inferred_one(tmp_path, embedder):
    path = tmp_path / "beleidsnota-werk.md"
    path.write_text("# Beleidsnota Werk\n\nWe maken werk van een sterker loopbaanbeleid.\n", encoding="utf-8")
    parsed = parse_document(path, path.name, _chunker(embedder), max_mb=10, max_pages=10)
    assert [c.actor for c in parsed.commitments] == ["minister"]
    path.with_name("beleidsnota-werk.meta.toml").write_text('author = "Vlaams minister van Werk"\n', encoding="utf-8")
    parsed = parse_document(path, path.name, _chunker(embedder), max_mb=10, max_pages=10)
    assert [c.actor for c in parsed.commitments] == ["Vlaams minister van Werk"]


def test_each_commitment_knows_the_page_its_sentence_starts_on_its_span_and_section():
    pages = [Page.from_blocks(1, "1", [TextBlock("heading", "2 Afspraken", level=2),
                                       TextBlock("paragraph", "De salarissen stijgen niet. Partijen spreken af om de "
                                                              "regeling tegen 2026")]),
             Page.from_blocks(2, "2", [TextBlock("paragraph", "te evalueren. Er komt een nieuw verlofstelsel.")])]
    found = extract_commitments(_meta("Sociaal akkoord", "convenant"), pages, [])
    assert [(c.text, c.page, c.heading) for c in found] == [
        ("Partijen spreken af om de regeling tegen 2026 te evalueren.", 1, "2 Afspraken"),
        ("Er komt een nieuw verlofstelsel.", 2, "2 Afspraken"),
    ]
    from ingest.sections import document_structure

    text, _, _ = document_structure(pages, "Sociaal akkoord")
    assert all(" ".join(text[c.char_start:c.char_end].split()) == c.text for c in found)


@pytest.mark.skipif(not (REAL_PDFS.is_dir() and REAL_TEXTS.is_dir()), reason=missing_message(REAL_PDFS.parent))
def test_the_real_gold_documents_reach_the_measured_figures(tmp_path, model_dir, embedder):
    """Floors = the figures of docs/EVAL.md ("Commitments on real documents") minus a small margin."""
    from beleid.settings import IngestSettings, Settings
    from eval.commitments_real import evaluate_real
    from index.catalog import IndexCatalog
    from index.indexer import Indexer

    settings = Settings(data_dir=tmp_path / "data", model_cache=model_dir.parent,
                        ingest=IngestSettings(corpus_dir=tmp_path / "corpus"))
    report = evaluate_real(Indexer(settings, IndexCatalog(settings, embedder=embedder)))
    total, held_out = report["all"]["summary"], report["all"]["held_out"]
    assert total["gold"] == 214
    assert total["precision"] >= 0.90 and total["recall"] >= 0.80, total
    assert total["actor_accuracy"] >= 0.88 and total["page_accuracy"] >= 0.95 and total["theme_accuracy"] >= 0.78, total
    assert held_out["precision"] >= 0.80 and held_out["recall"] >= 0.65, held_out
