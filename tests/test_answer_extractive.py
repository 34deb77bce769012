"""The offline extractive answerer on the demo corpus, with the real model and a real Chroma."""

import re

import pytest

from answer.assistant import Assistant
from answer.conversation import standalone_question
from answer.phrases import REFUSAL
from answer.types import Turn
from beleid.settings import AnswerSettings
from index.indexer import Indexer

MARGIN = AnswerSettings().place_margin

NEW = "sectorconvenant-2021-2022-lokaal-hr-beleid.txt"
OLD = "beleidsbasis-sectorconvenants.txt"


@pytest.fixture(scope="module")
def assistant(seed_catalog):
    """One ingest of the demo corpus for the module's read-only questions."""
    settings, catalog = seed_catalog
    return Assistant(settings, catalog=catalog)


def _assistant_over(settings, catalog, corpus_dir, files: dict[str, str]) -> Assistant:
    """An assistant over ``files`` (name -> text), written to the corpus folder and ingested."""
    for name, text in files.items():
        (corpus_dir / name).write_text(text, encoding="utf-8")
    Indexer(settings, catalog).ingest()
    return Assistant(settings, catalog=catalog)


def _check_citations(answer):
    """Every [n] in the text has a citation, and every quote is verbatim in its passage."""
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert markers == {c.number for c in answer.citations}
    for citation in answer.citations:
        for part in citation.quote.split(" … "):
            assert part.split("\n")[0] in citation.passage


def test_a_paraphrased_fact_question_gets_the_amount_with_the_right_source(assistant):
    answer = assistant.ask("Hoeveel geld steekt de minister in de sectoren?")
    assert not answer.refused and "12,6 miljoen euro" in answer.text
    assert [(c.file_name, c.page) for c in answer.citations] == [(NEW, 1)]
    _check_citations(answer)
    assert answer.timings["total_ms"] > 0 and answer.backend == "extractive"


def test_a_date_question_is_answered_from_the_policy_basis(assistant):
    answer = assistant.ask("Wanneer verscheen het decreet op de sectorconvenants?")
    assert "17 april 2009" in answer.text and answer.citations[0].file_name == OLD
    _check_citations(answer)


def test_an_off_topic_question_is_refused_with_the_shared_phrase(assistant):
    answer = assistant.ask("Hoe bak ik een appeltaart?")
    assert answer.refused and answer.text == REFUSAL and answer.citations == []
    assert "answerability" in answer.reason and answer.answerability < 0.5


def test_a_question_about_a_year_the_documents_do_not_cover_is_refused(assistant):
    answer = assistant.ask("Wie is in 2025 de Vlaamse minister van Werk?")
    assert answer.refused and answer.text == REFUSAL
    assert answer.reason == "year 2025 not in the evidence"  # refused for that, before the answerability model


def test_disagreeing_sources_are_both_shown_with_their_periods(assistant):
    answer = assistant.ask("Hoeveel sectorconsulenten voeren de sectorconvenants uit?")
    assert "128" in answer.text and "120" in answer.text
    assert "2021-2022)" in answer.text and "(2001-2012)" in answer.text and "Volgens" in answer.text
    assert {c.file_name for c in answer.citations} == {NEW, OLD}
    _check_citations(answer)


def test_a_follow_up_question_is_made_standalone_from_the_history(assistant):
    history = [Turn("Hoeveel sectorconsulenten worden ingezet voor de sectorconvenants 2021-2022?",
                    "128 sectorconsulenten, samen met 3 intersectorale adviseurs.")]
    earlier = standalone_question("Hoeveel waren het er vroeger?", history)
    assert "sectorconsulenten" in earlier and "2021-2022" not in earlier  # not the period it moves away from
    assert "2021-2022" in standalone_question("Hoeveel zijn het er per sector?", history)
    assert standalone_question("Wanneer verscheen het decreet op de sectorconvenants?", history) == (
        "Wanneer verscheen het decreet op de sectorconvenants?")
    answer = assistant.ask("Hoeveel waren het er vroeger?", history)
    assert "120" in answer.text and "sectorconsulenten" in answer.standalone_question


def test_a_list_question_gets_the_themes_and_never_web_boilerplate(assistant):
    answer = assistant.ask("Op welke thema's zet de nieuwe generatie sectorconvenants in?")
    assert "levenslang leren" in answer.text and "werkbaar werk" in answer.text
    assert "cookie" not in answer.text.lower()
    _check_citations(answer)


@pytest.mark.parametrize(("follow_up", "previous", "kind"), [
    ("En voor West-Overijssel?", "Hoe groot is volgens de OER de resterende opgave voor Twente tot 2030?", "count"),
    ("En in het convenant daarvoor?", "Hoeveel VTE sectorconsulenten subsidieert de Vlaamse Regering?", "count"),
    ("En per 1 januari 2016?", "Met hoeveel procent stegen de salarissen per 1 september 2015?", "count"),
    ("En in 2003?", "Wanneer werd het akkoord ondertekend?", "date"),
    ("En wat is de inzet?", "Hoeveel GWh leveren de initiatieven?", "explain"),  # it asks its own question
])
def test_a_follow_up_without_a_question_word_asks_what_the_question_before_asked(follow_up, previous, kind):
    """"En voor West-Overijssel?" after "Hoe groot is …?" asks an amount: its answer needs a number as well."""
    from answer.questions import question_kind

    assert question_kind(standalone_question(follow_up, [Turn(previous, "…")])) == kind


def test_search_filters_are_applied_and_reported_on_the_answer(assistant):
    from index.types import SearchFilters

    only_old = SearchFilters(doc_types=("beleidstekst",))
    answer = assistant.ask("Hoeveel sectorconsulenten zijn er?", filters=only_old)
    assert {c.file_name for c in answer.citations} == {OLD} and "120" in answer.text
    assert answer.filters == {"doc_types": ["beleidstekst"]}


def test_who_is_the_minister_of_work_is_answered_with_the_sentence_that_names_her(assistant):
    answer = assistant.ask("Wie is de minister van Werk?")
    assert not answer.refused and "Hilde Crevits" in answer.text
    assert "Vlaams minister van Werk Mevrouw Hilde Crevits" in answer.citations[0].quote
    _check_citations(answer)


def test_a_term_that_titles_a_section_is_explained_by_the_sentence_that_uses_it(assistant):
    answer = assistant.ask("Wat is de relancetoets?")
    assert not answer.refused and "relancetoets" in answer.text.split(":", 1)[1]
    assert len(answer.citations) == 1 and answer.citations[0].file_name == NEW
    _check_citations(answer)


def test_an_answer_is_introduced_by_its_source(assistant):
    answer = assistant.ask("Wanneer verscheen het decreet op de sectorconvenants?")
    assert answer.text.startswith("Volgens Beleidsbasis van de sectorconvenants")


def test_a_list_question_gets_the_items_of_one_list_with_its_lead_in_not_sentences_stitched_from_elsewhere(assistant):
    answer = assistant.ask("Welke werkgelegenheidsakkoorden liggen aan de basis van de aanstelling van de sectorconsulenten?")
    assert len(answer.citations) == 1 and answer.citations[0].file_name == OLD
    lead, *items = answer.text.split("\n- ")
    assert lead.endswith("opeenvolgende werkgelegenheidsakkoorden: [1]")
    years = [next(y for y in ("2001-2002", "2003-2004", "2005-2006") if y in item) for item in items[:3]]
    assert years == ["2001-2002", "2003-2004", "2005-2006"]  # the items of that list, in document order
    _check_citations(answer)


def test_a_heading_line_is_never_quoted_as_a_sentence(assistant):
    headline = "128 sectorconsulenten en 3 intersectorale adviseurs"
    for question in ("Hoeveel intersectorale adviseurs zijn er?", "Hoeveel sectorconsulenten en adviseurs zijn er?"):
        answer = assistant.ask(question)
        assert not answer.refused
        assert f"{headline} [" not in answer.text and not any(c.quote.startswith(headline + "\n") or c.quote == headline
                                                           for c in answer.citations)


def test_heading_lines_are_not_candidate_sentences():
    from answer.sentences import split_sentences
    from index.types import Passage

    text = ("3.2.1 Werf 1\n\nDe werf start in 2024 met twee ploegen.\n\n128 sectorconsulenten en 3 adviseurs\n\n"
            "Er worden 128 sectorconsulenten ingezet.")
    passage = Passage("c", "d", "T", "t.pdf", "", "", "", 1, 1, "1", "3 Uitvoering › 3.2.1 Werf 1", "", text, 1.0)
    assert [s.text for s in split_sentences(passage, 0)] == ["De werf start in 2024 met twee ploegen.",
                                                             "Er worden 128 sectorconsulenten ingezet."]



def test_a_value_line_standing_alone_is_a_candidate_sentence_not_a_heading():
    from answer.sentences import split_sentences
    from index.types import Passage

    # A scoring scheme of a real programme (PPE 2024, p. 17): each line a term and its value.
    text = ("1. Locatie van het windpark in relatie tot het landschap.\n\nWindladder trede 1 = 10 punten\n\n"
            "Windladder trede 4 en lager = 0 punten\n\nRisico's voor de natuur")
    passage = Passage("c", "d", "T", "t.pdf", "", "", "", 1, 1, "1", "3.3.2 Inhoudelijke beoordeling", "", text, 1.0)
    assert [s.text for s in split_sentences(passage, 0)] == [
        "Locatie van het windpark in relatie tot het landschap.", "Windladder trede 1 = 10 punten",
        "Windladder trede 4 en lager = 0 punten"]

def test_a_lead_in_is_one_sentence_with_the_paragraph_it_announces():
    """A regulation's "Als uitsluitingsgebied zijn aangewezen:" announces its answer in the next paragraph (real:
    Omgevingsverordening Overijssel, art. 4.107): alone it names nothing. Bullets stay the lead-in's items, and
    neither a paragraph after the list nor a heading after a lead-in is joined to it."""
    from answer.sentences import split_sentences
    from index.types import Passage

    text = ("Lid 1\n\nAls uitsluitingsgebied windturbines zijn aangewezen:\n\nNationaal Landschap IJsseldelta en "
            "Nationaal Landschap Noordoost Twente, zoals aangewezen in artikel 4.53.\n\nDe sector engageert zich tot "
            "de volgende acties:\n\n- minstens 40 besturen erkennen;\n- minstens 60 leerlingen begeleiden.\n\n"
            "De stuurgroep volgt de uitvoering op.\n\nDe begripsbepaling wordt gewijzigd in:\n\nErfmolen\n\n"
            "Kleine windturbines op het erf van een bedrijf.")
    passage = Passage("c", "d", "T", "t.pdf", "", "", "", 1, 1, "1", "Artikel 4.107 › Lid 1", "", text, 1.0)
    sentences = split_sentences(passage, 0)
    assert [(s.text, s.items) for s in sentences] == [
        ("Als uitsluitingsgebied windturbines zijn aangewezen: Nationaal Landschap IJsseldelta en Nationaal "
         "Landschap Noordoost Twente, zoals aangewezen in artikel 4.53.", ()),
        ("De sector engageert zich tot de volgende acties:", ("minstens 40 besturen erkennen;",
                                                             "minstens 60 leerlingen begeleiden.")),
        ("minstens 40 besturen erkennen;", ()), ("minstens 60 leerlingen begeleiden.", ()),
        ("De stuurgroep volgt de uitvoering op.", ()), ("De begripsbepaling wordt gewijzigd in:", ()),
        ("Kleine windturbines op het erf van een bedrijf.", ())]


@pytest.mark.parametrize(("text", "listed"), [
    ("Als uitsluitingsgebied zijn aangewezen: Nationaal Landschap IJsseldelta en Nationaal Landschap Twente.", True),
    ("De sector zet in op opleiding, werkplekleren en inclusie.", True),
    ("Als uitsluitingsgebied is aangewezen: het Nationaal Landschap IJsseldelta.", False),
    ("De gebieden worden aangewezen door Provinciale Staten en Gedeputeerde Staten.", False),
])
def test_a_lead_in_announcing_things_joined_by_en_is_an_enumeration(text, listed):
    from answer.answerability import kind_satisfied

    assert kind_satisfied("list", "Welke gebieden zijn aangewezen?", text) is listed


NOTA = """Nota sectorconsulenten 2021

Inzet van de sectorconsulenten

Het aantal sectorconsulenten steeg in 2021 van 120 naar 128. Die stijging volgt uit het relanceplan: de Vlaamse Regering trok extra middelen uit voor opleiding en werkplekleren. De consulenten werken in alle sectoren met een convenant.

Werking van het convenant

Elk convenant loopt twee jaar. De sectoren rapporteren elk jaar over de uitvoering van hun acties.
"""


def test_the_sentence_after_the_best_one_completes_the_answer(settings, catalog, corpus_dir):
    """A why-question is restated by the best sentence; the reason is in the sentence right after it."""
    answer = _assistant_over(settings, catalog, corpus_dir, {"nota-sectorconsulenten-2021.txt": NOTA}).ask(
        "Waarom steeg het aantal sectorconsulenten in 2021?")
    assert not answer.refused
    assert "steeg in 2021 van 120 naar 128" in answer.text and "relanceplan" in answer.text
    assert "rapporteren" not in answer.text
    _check_citations(answer)


@pytest.mark.parametrize(("question", "text", "counted"), [
    ("Hoeveel bomen worden er gekapt?", "Op 16 augustus 2024 ontvingen wij uw melding voor twee percelen.", False),
    ("Hoeveel bomen worden er gekapt?", "Er worden 14 bomen gekapt op twee percelen.", True),
    ("Hoeveel procent lokaal eigendom is gerealiseerd?", "Circa 45% van het bod is gerealiseerd.", True),
    ("Hoeveel procent lokaal eigendom is gerealiseerd?", "Lokaal eigendom is het doel van de regio.", False),
    ("Met hoeveel centrales is de overeenkomst gesloten?", "met drie van de vier centrales van overheidspersoneel", True),
    ("Hoeveel brugdagen mag de dienst sluiten?", "De dienst mag maximaal twee dagen per jaar sluiten.", True),
    ("Hoeveel waren het er vroeger?", "Het zijn er nu meer.", True),  # a verb after "hoeveel" counts nothing
    ("Hoeveel bedraagt de toelage?", "De toelage is vastgesteld.", True),
    ("Wat is de relancetoets?", "De relancetoets is een toets.", True),
    ("Hoeveel hectare beslaat het voorkeursgebied?", "Het voorkeursgebied levert maximaal 0,2 TWh.", False),  # a unit
    ("Hoeveel hectare beslaat het voorkeursgebied?", "Het voorkeursgebied beslaat 340 ha.", True),
    ("Welke geluidsnorm in dB geldt voor windturbines?", "Het besluit is op 12 oktober 2023 gepubliceerd.", False),
    ("Welke geluidsnorm in dB geldt voor windturbines?", "De norm is 47 dB Lden.", True),
    ("Hoeveel meter moet de molen van het huis staan?", "Binnen 2 maanden volgt een besluit.", False),
])
def test_a_count_question_needs_a_number_of_the_counted_thing_in_the_answer(question, text, counted):
    from answer.answerability import counted_in

    assert counted_in(question, text) is counted


@pytest.mark.parametrize(("question", "text", "fits"), [
    ("Hoeveel geld gaat er extra op als de regio op zon blijft leunen?", "Het gaat om 50-77 extra windmolens.", False),
    ("Hoeveel geld gaat er extra op als de regio op zon blijft leunen?", "Dan wordt 100 tot 165 miljoen meer uitgegeven.",
     True),
    ("Hoeveel procent lokaal eigendom is gerealiseerd?", "Er zijn 12 projecten gerealiseerd.", False),
    ("Hoeveel procent lokaal eigendom is gerealiseerd?", "Circa 45% is gerealiseerd.", True),
])
def test_a_count_question_naming_its_unit_prefers_a_number_in_that_unit(question, text, fits):
    """"Hoeveel geld …?" is not answered by a count of windmills: a number in another unit scores as a sentence
    without the number asked for."""
    from answer.extractive import _fits_kind
    from answer.sentences import Sentence

    assert (_fits_kind("count", Sentence(0, 0, text), question, AnswerSettings()) > 0) is fits


@pytest.mark.parametrize(("text", "satisfied"), [
    ("Er is nog geen besluit over hoe de taakstelling wordt ingevuld in RES 2.0.", False),  # a name, not an amount
    ("In 2021 is voor beide regio's een RES1.0 vastgesteld.", True),  # the year is a number the question lacks
    ("Voor West-Overijssel resteert nog 0,65 TWh.", True),
])
def test_a_number_that_names_a_version_is_no_amount(text, satisfied):
    from answer.answerability import kind_satisfied

    assert kind_satisfied("count", "Hoe groot is de resterende opgave voor West-Overijssel?", text) is satisfied


@pytest.mark.parametrize(("question", "kind"), [
    ("Bij hoeveel lokale besturen wordt de opleidingsbehoefte bevraagd?", "count"),
    ("Aan hoeveel jobbeurzen nemen de lokale besturen deel?", "count"),
    ("Met hoeveel procent stijgen de salarissen?", "count"),
    ("Hoeveel sectorconsulenten zijn er?", "count"),
    ("Wat doet de sectorconsulent bij een lokaal bestuur?", "explain"),
])
def test_a_count_question_may_open_with_a_preposition(question, kind):
    """"Bij hoeveel …?" asks a number like "Hoeveel …?": the sentence with the number is preferred."""
    from answer.questions import question_kind

    assert question_kind(question) == kind


@pytest.mark.parametrize(("question", "texts", "given"), [
    ("Hoe hoog was de stagevergoeding in 2006?", ["In verband met de salarisverhoging van 2% wijzigen de bedragen."], False),
    ("Hoe hoog was de stagevergoeding in 2006?", ["De stagevergoeding bedraagt in 2006 € 250 per maand."], True),
    ("Hoe hoog is de omwonendenvergoeding per huishouden?", ["De vergoeding wordt per huishouden verdeeld.",
                                                             "Het fonds bedraagt 3 miljoen euro."], False),  # not in one sentence
    ("Hoeveel bedroeg het totale budget van de convenants 2018-2020?", ["De convenants 2018-2020 liepen af."], False),
    ("Hoeveel bedroeg het totale budget van de convenants 2018-2020?", ["Het budget bedroeg 9 miljoen euro."], True),
    ("Hoe hoog is de maaltijdvergoeding bij overwerk?", ["De maaltijdvergoeding, als bedoeld in artikel 5, is belast."],
     False),  # something paid needs an amount of money
    ("Hoe hoog is de maaltijdvergoeding bij overwerk?", ["De maaltijdvergoeding bedraagt f 15,- per maaltijd."], True),
    ("Hoe hoog is de eindejaarsuitkering over 1998?", ["De eindejaarsuitkering bedraagt 2,3% van het salaris."], True),
    ("Hoeveel kost een opleiding via de sector?", ["De sector biedt 40 opleidingen aan."], False),  # no price
    ("Hoeveel kost een opleiding via de sector?", ["Een opleiding kost de werkgever € 150."], True),
    ("Hoeveel kost een opleiding via de sector?", ["Opleidingen zijn een recht van elke werknemer."], False),
    ("Hoeveel zienswijzen zijn er in 2022 ingediend?", ["Het ontwerp lag in 2022 ter inzage."], False),  # its own year
    ("Hoeveel zienswijzen zijn er ingediend?", ["Er zijn 97 zienswijzen ingediend."], True),
    ("Hoeveel opleidingscheques werden er uitgereikt?", ["Jaarlijks volgen 3.000 bouwvakkers een opleiding."],
     False),  # "opleiding" is the first part of the compound, not what is counted
    ("Hoeveel brugdagen mag de dienst sluiten?", ["De dienst mag maximaal twee dagen per jaar sluiten."], True),
    ("Hoeveel extra windturbines zijn er nodig?", ["Er zijn ongeveer 90 extra (naast de 32) windturbines nodig."], True),
    ("Hoe hoog is de vaste nominale toelage die ambtenaren krijgen?", ["De toelage bedraagt € 40,-."], True),
    ("Welke geluidsnorm in dB geldt voor windturbines?", ["Het besluit is op 12 oktober 2023 gepubliceerd."], False),
    ("Hoeveel procent lokaal eigendom is gerealiseerd?", ["Circa 45% van het bod is gerealiseerd."], True),
    ("Welk percentage van het budget gaat naar inclusie?", ["Het budget bedraagt 12,6 miljoen euro in 2021."], False),
    ("Welk percentage van het budget gaat naar inclusie?", ["Inclusie krijgt 15% van het budget."], True),
    ("Welk bedrag is in 1995 aan het fonds gegeven?", ["Het fonds kreeg in 1995 ƒ 2.000.000 voor scholing."], True),
    ("How many sectors committed themselves?", ["Er engageren zich 35 sectoren."], True),  # no Dutch amount question
    ("Hoeveel kilometervergoeding krijgt een ambtenaar?", ["De vergoeding wordt verminderd met € 54."],
     False),  # a kind of allowance is not named by the word for every allowance
    ("Hoeveel kilometervergoeding krijgt een ambtenaar?", ["De kilometervergoeding bedraagt € 0,21 per kilometer."], True),
    ("Hoe hoog was de stagevergoeding in 2006?", ["De vergoeding bedraagt in 2006 € 250 per maand."], False),
    ("Hoeveel sectorconsulenten werken voor de lokale besturen?",
     ["De sectorconsulenten begeleiden jaarlijks minstens 15 lokale besturen."], False),  # 15 counts the besturen
    ("Hoeveel sectorconsulenten werken voor de lokale besturen?",
     ["Er werken 128 sectorconsulenten en 3 intersectorale adviseurs."], True),
    ("Hoeveel sectorconsulenten werken voor de lokale besturen?", ["Het aantal sectorconsulenten stijgt tot 128."], True),
    ("Op hoeveel uren opleiding per jaar heeft een werknemer recht?",
     ["Werkplekleren | leerlingen met een leerwerkplek | 100 per jaar"], False),  # a number, not in hours
    ("Op hoeveel uren opleiding per jaar heeft een werknemer recht?", ["Elke werknemer krijgt 24 uur opleiding per jaar."],
     True),
    ("Wat is de relancetoets?", ["De relancetoets is een toets."], True),
])
def test_an_amount_question_needs_a_sentence_with_a_number_of_what_it_asks_about(question, texts, given):
    from answer.asked import amount_given

    assert amount_given(question, texts) is given


@pytest.mark.parametrize(("question", "given"), [
    ("Hoeveel leerlingen volgden in 2022 effectief een duaal traject?", False),  # asks what was realised
    ("Hoeveel leerlingen wil de sector een duaal traject laten volgen?", True),  # asks the target
    ("Hoeveel leerlingen volgen een duaal traject?", True),  # in a convenant most answers are commitments
])
def test_a_target_does_not_answer_a_question_about_what_was_realised(question, given):
    from answer.asked import realised_number_given

    target = ["De sector engageert zich tot de volgende acties: - minstens 60 leerlingen een duaal traject laten volgen."]
    assert realised_number_given(question, target) is given
    assert realised_number_given(question, ["In 2022 volgden 48 leerlingen een duaal traject in een lokaal bestuur."])


@pytest.mark.parametrize(("question", "texts", "given"), [
    ("Wat is het telefoonnummer van de sectorconsulent?", ["De sectorconsulent ondersteunt 40 lokale besturen."], False),
    ("Wat is het telefoonnummer van de sectorconsulent?", ["De sectorconsulent is bereikbaar op 038 499 88 99."], True),
    ("Naar welk e-mailadres stuur ik mijn zienswijze?", ["Stuur uw zienswijze naar windbeleid@overijssel.nl."], True),
    ("Naar welk e-mailadres stuur ik mijn zienswijze?", ["U kunt een zienswijze indienen tot 24 augustus."], False),
    ("Op welke website staat het convenant?", ["Het convenant staat op www.vlaanderen.be."], True),
    ("Hoe heet de sectorconsulent duaal leren van de VVSG?", ["De sectorconsulenten worden tewerkgesteld door de VVSG."],
     False),  # the only name is one the question names itself
    ("Hoe heet het opleidingsfonds van de voedingsindustrie?", ["Het fonds van de voedingsindustrie heet Alimento."], True),
    ("Wat zijn de namen van de adviseurs?", ["De drie adviseurs zijn Jan Peeters, An Claes en Tom Maes."], True),
    ("Wat zijn de namen van de drie adviseurs?", ["Er zijn al engagementen op vlak van STEM en inclusie."],
     False),  # one acronym is not the names asked for
    ("Wat is de relancetoets?", ["De relancetoets is een toets."], True),
])
def test_a_question_asking_a_detail_by_name_needs_that_detail_in_the_answer(question, texts, given):
    from answer.asked import detail_given

    assert detail_given(question, texts) is given


@pytest.mark.parametrize(("question", "municipality"), [
    ("Hoeveel GWh is toegekend aan de gemeente Hof van Twente?", "Hof van Twente"),
    ("Wat was de zienswijze van de gemeente Hengelo op het ontwerp?", "Hengelo"),
    ("Hoeveel sectorconsulenten heeft de stad Gent?", "Gent"),
    ("Wat doet de gemeente rond werkplekleren?", ""),
    ("Welke gemeenten hebben een zienswijze ingediend?", ""),
])
def test_the_municipality_a_question_is_about_is_recognised(question, municipality):
    from answer.asked import asked_municipality

    assert asked_municipality(question) == municipality


ZIENSWIJZEN = """Reactienota zienswijzen windbeleid

Zienswijze gemeente Dalfsen

De gemeente Dalfsen vraagt om het maximum voor het voorkeursgebied te verlagen naar 105 GWh, omdat de omwonenden al veel windturbines in hun omgeving hebben.

Zienswijze gemeente Zwolle

De gemeente Zwolle steunt het voorstel en vraagt om een snellere start van het tijdvak voor aanvragen.
"""


def test_a_question_about_a_municipality_the_answer_does_not_name_is_refused(settings, catalog, corpus_dir):
    """The municipality analogue of the sector check: Dalfsen's view is no answer about Hengelo."""
    assistant = _assistant_over(settings, catalog, corpus_dir, {"reactienota.txt": ZIENSWIJZEN})
    other = assistant.ask("Wat was de zienswijze van de gemeente Hengelo op het windbeleid?")
    assert other.refused and other.reason == "municipality 'Hengelo' not in the answer"
    named = assistant.ask("Wat was de zienswijze van de gemeente Dalfsen op het windbeleid?")
    assert not named.refused and "105 GWh" in named.text
    _check_citations(named)


BEOORDELING = """Programma windenergie

Beoordeling van aanvragen

Na sluiting van een tijdvak worden de aanvragen gerangschikt. De ligging van het windpark in het landschap telt mee.

Windladder trede 1 = 10 punten
Windladder trede 1 en 2 = 7 punten
Windladder trede 2 en 3 = 4 punten
Windladder trede 4 en lager = 0 punten

Ook de afstand tot het leefgebied van weidevogels telt mee bij de beoordeling van een aanvraag.

Windpark buiten leefgebied weidevogels = 10 punten
Windpark op 0 tot 250 meter van leefgebied weidevogels = 5 punten
Windpark in leefgebied weidevogels = 0 punten
"""


def test_a_value_line_brings_the_other_lines_of_its_scale(settings, catalog, corpus_dir):
    """One step of a scoring scheme is no answer to what the scheme gives: every step of the windladder."""
    answer = _assistant_over(settings, catalog, corpus_dir, {"programma-wind.txt": BEOORDELING}).ask(
        "Hoeveel punten krijgt een windpark voor de ligging op de windladder?")
    assert not answer.refused
    for step in ("trede 1 = 10 punten", "trede 1 en 2 = 7 punten", "trede 2 en 3 = 4 punten", "trede 4 en lager = 0 punten"):
        assert step in answer.text
    _check_citations(answer)


def test_a_question_about_one_sector_is_answered_from_that_sector(settings, catalog, corpus_dir):
    """Another sector's convenant may say the same thing more alike to the question; the asked sector's own
    passage answers it when it is retrieved."""
    answer = _assistant_over(settings, catalog, corpus_dir, {
        "sectorconvenant-2021-2022-bouw.txt":
            "Sectorconvenant 2021-2022 Bouw\n\nSectorconsulenten\n\nDe Vlaamse Regering subsidieert in 2021-2022 de "
            "tewerkstelling van 6 voltijds equivalente sectorconsulenten voor de lokale werking van de sector.\n",
        "sectorconvenant-2021-2022-lokale-besturen.txt":
            "Sectorconvenant 2021-2022 Lokale besturen\n\nFinanciering\n\nVoor de looptijd van dit convenant betaalt "
            "Vlaanderen 4 consulenten.\n"}).ask(
        "Hoeveel sectorconsulenten subsidieert de Vlaamse Regering in 2021-2022 voor de lokale besturen?")
    assert not answer.refused and "4 consulenten" in answer.text and "6 voltijds" not in answer.text
    _check_citations(answer)


ADDENDUM = """Addendum Duaal Leren Lokale besturen 2021-2022

Verbintenissen van de sector

De sector engageert zich tot de volgende acties:
- tegen 31 december 2022 minstens 40 lokale besturen laten erkennen als leerwerkplek;
- minstens 60 leerlingen een duaal traject laten volgen in een lokaal bestuur.
"""


def test_a_question_about_what_was_realised_is_not_answered_with_a_target(settings, catalog, corpus_dir):
    """The addendum promises "minstens 60 leerlingen"; how many effectively followed a track it does not say."""
    assistant = _assistant_over(settings, catalog, corpus_dir, {"addendum-duaal-leren-2021-2022.txt": ADDENDUM})
    realised = assistant.ask("Hoeveel leerlingen volgden in 2022 effectief een duaal traject in een lokaal bestuur?")
    assert realised.refused and realised.reason == "the answer gives a target, the question asks what was realised"
    target = assistant.ask("Hoeveel leerlingen wil de sector een duaal traject laten volgen?")
    assert not target.refused and "60 leerlingen" in target.text
    _check_citations(target)


AMOUNTS = """Circulaire vergoedingen sector Rijk 2005-2006

Maaltijdvergoeding

De maaltijdvergoeding bij overwerk bedraagt per 1 januari 2006 € 12,50 per maaltijd.

Salarisbedragen

In verband met de salarisverhoging van 2% komen de salarisbedragen per 1 januari 2006 te luiden zoals in de bijlage.
Stagiairs vallen onder de regeling voor stages; de salarisbedragen gelden niet voor hen.
"""


def test_an_amount_question_is_refused_when_no_sentence_names_the_amount_of_what_it_asks(settings, catalog, corpus_dir):
    """"Hoe hoog was de stagevergoeding?": a sentence about stages with a salary rise of 2% is no answer; nor is a
    sentence about the allowance an answer to its telephone number."""
    assistant = _assistant_over(settings, catalog, corpus_dir, {"circulaire-vergoedingen.txt": AMOUNTS})
    missing = assistant.ask("Hoe hoog was de stagevergoeding in 2006?")
    assert missing.refused and missing.text.startswith(REFUSAL)
    assert missing.reason == "no sentence gives the amount the question asks for"
    phone = assistant.ask("Wat is het telefoonnummer voor vragen over de maaltijdvergoeding?")
    assert phone.refused and phone.reason == "no sentence gives the detail the question asks for"
    given = assistant.ask("Hoe hoog is de maaltijdvergoeding bij overwerk in 2006?")
    assert not given.refused and "€ 12,50" in given.text
    _check_citations(given)


def test_a_letterhead_line_is_no_candidate_sentence_but_a_sentence_with_an_address_is():
    from answer.sentences import split_sentences
    from index.types import Passage

    text = ("Luttenbergstraat 2 Postbus 10078 8000 GB Zwolle Telefoon 038 499 88 99 www.overijssel.nl "
            "loket@overijssel.nl KvK IBAN\n\nDe provincie is bevoegd gezag voor windprojecten tussen 5 en 100 MW.\n\n"
            "Vragen over het windbeleid kunt u mailen naar windbeleid@overijssel.nl of stellen via www.overijssel.nl.")
    passage = Passage("c", "d", "Brief", "b.pdf", "", "", "", 1, 1, "1", "", "", text, 1.0)
    assert [s.text for s in split_sentences(passage, 0)] == [
        "De provincie is bevoegd gezag voor windprojecten tussen 5 en 100 MW.",
        "Vragen over het windbeleid kunt u mailen naar windbeleid@overijssel.nl of stellen via www.overijssel.nl."]


VERORDENING = """Verordening windenergie

Artikel 4.108 (instructieregel uitsluitingsgebied)

Dit artikel regelt wat omgevingsplannen in een uitsluitingsgebied windenergie mogen toestaan.

Artikel 4.108a (instructieregel voorkeursgebieden)

Omgevingsplannen voorzien niet in nieuwe ontwikkelingen die grootschalige clustering van windturbines in voorkeursgebieden in de weg staan.
"""


def test_a_question_naming_an_article_is_answered_from_that_article_not_its_neighbour(settings, catalog, corpus_dir):
    answer = _assistant_over(settings, catalog, corpus_dir, {"verordening-windenergie.md": VERORDENING}).ask(
        "Wat regelt artikel 4.108a?")
    assert not answer.refused and "grootschalige clustering" in answer.text
    assert answer.citations[0].article == "Artikel 4.108a"


def test_a_signature_is_one_candidate_but_a_title_page_is_none():
    from answer.sentences import split_sentences
    from index.types import Passage

    signed = "We wensen de sectoren een goed gesprek.\n\nEls De Smet\n\nCoördinator sectorconvenants Lokale Besturen\n"
    title_page = "Vlaamse Regering\n\nSectorconvenant 2021-2022 Lokale Besturen\n\nDe partijen werken samen aan opleiding."
    passage = Passage("c", "d", "T", "t.pdf", "", "", "", 1, 1, "1", "Voorwoord", "", signed, 1.0)
    assert [s.text for s in split_sentences(passage, 0)] == [
        "We wensen de sectoren een goed gesprek.", "Els De Smet Coördinator sectorconvenants Lokale Besturen"]
    passage = Passage("c", "d", "T", "t.pdf", "", "", "", 1, 1, "1", "", "", title_page, 1.0)
    assert [s.text for s in split_sentences(passage, 0)] == ["De partijen werken samen aan opleiding."]


VOORTGANG = """Voortgangsrapport sectorconvenants 2023

Voorwoord

Voor u ligt het eerste voortgangsrapport van de sectorconvenants. Het beschrijft wat de sectoren in 2023 deden rond opleiding, werkplekleren en loopbaanbegeleiding. De cijfers komen van de sectorconsulenten.

We wensen de sectoren een goed gesprek over deze cijfers.

Els De Smet

Coördinator sectorconvenants Lokale Besturen

Opleiding

In 2023 volgden 1.200 medewerkers een opleiding via het convenant.
"""


def test_who_holds_a_role_is_answered_with_the_signature_under_the_foreword(settings, catalog, corpus_dir):
    from answer.quotes import locate

    answer = _assistant_over(settings, catalog, corpus_dir, {"voortgangsrapport-2023.txt": VOORTGANG}).ask(
        "Wie is coördinator van de sectorconvenants Lokale Besturen?")
    assert not answer.refused and "Els De Smet" in answer.text
    citation = next(c for c in answer.citations if "Els De Smet" in c.quote)
    signature = next(part for part in citation.quote.split(" … ") if "Els De Smet" in part)
    assert signature == "Els De Smet Coördinator sectorconvenants Lokale Besturen"
    assert locate(citation.passage, signature) == citation.passage.index("Els De Smet")  # verbatim but for whitespace


@pytest.mark.parametrize(("question", "text", "satisfied"), [
    ("Vanaf wanneer mag de eigenaar de bomen kappen?", "Na zes weken zonder reactie mag met de velling worden begonnen.", True),
    ("Vanaf wanneer mag de eigenaar de bomen kappen?", "De eigenaar meldt de velling bij de provincie.", False),
    ("Wanneer loopt het convenant af?", "Het convenant loopt af op 31 december 2022.", True),
])
def test_a_when_question_is_answered_by_a_date_or_a_term(question, text, satisfied):
    from answer.answerability import kind_satisfied

    assert kind_satisfied("date", question, text) is satisfied


def test_a_document_is_known_by_the_year_of_the_date_stamp_its_file_name_opens_with():
    from answer.answerability import passage_numbers
    from index.types import Passage

    def numbers_of(file_name):
        return passage_numbers(Passage("c", "d", "T", file_name, "", "", "", 1, 1, "1", "", "", "tekst", 1.0))

    assert "2023" in numbers_of("230124_Provinciaal_Programma_Energiestrategie.pdf")
    assert "2021" in numbers_of("convenants/20210315 addendum.pdf")
    assert "2023" not in numbers_of("123456789_bijlage.pdf")


def test_the_number_of_items_a_list_question_asks_for_is_not_its_topic():
    from answer.answerability import Evidence, features
    from index.types import Passage

    text = "De belangrijkste rollen zijn de regulerende, de samenwerkende en de faciliterende rol."
    passage = Passage("c", "d", "Programma", "230124_Programma.pdf", "", "", "", 7, 7, "7", "1.4 Rollen", "", text, 1.0)
    evidence = Evidence("Welke drie rollen heeft de provincie volgens het programma van 2023?", "list", (text,),
                        passage, (passage,), (0.85,))
    signals = features(evidence, lambda terms: {})
    assert signals["focus_in_passage"] == 1.0 and signals["numbers_found"] == 1.0


@pytest.mark.parametrize(("question", "parts"), [
    ("Hoeveel GWh mag er komen in Steenwijkerland, en wanneer is het tijdvak voor aanvragen?",
     ("Hoeveel GWh mag er komen in Steenwijkerland", "wanneer is het tijdvak voor aanvragen")),
    ("Welke clustereis geldt: wat staat in artikel 4.108 en wat zegt de toelichting?",
     ("Welke clustereis geldt: wat staat in artikel 4.108", "wat zegt de toelichting")),
    ("Wanneer en hoe vond het overleg plaats?", ("Wanneer en hoe vond het overleg plaats?", "")),
    ("Wat doen werkgevers en werknemers samen rond opleiding?", ("Wat doen werkgevers en werknemers samen rond opleiding?", "")),
])
def test_a_question_that_asks_two_things_is_split_in_its_two_parts(question, parts):
    from answer.questions import question_parts

    assert question_parts(question) == parts


PROGRAMMA = """Programma windenergie 2023

Doorlooptijd

De realisatie van een windproject duurt volgens dit programma gemiddeld zeven jaar, van het eerste idee tot de ingebruikname.

Rollen

De provincie heeft een regulerende en een faciliterende rol bij windprojecten.
"""

TUSSENSTAND = """Tussenstand regionale energiestrategie 2024

Planning

De Tussenstand rekent voor nieuwe windparken met een doorlooptijd van tien jaar, omdat vergunningen en netaansluiting langer duren.

Zon op daken

Zonnepanelen op daken van bedrijven leveren het grootste deel van de opwek.
"""


def test_the_second_part_of_a_two_part_question_is_answered_from_its_own_place(settings, catalog, corpus_dir):
    answer = _assistant_over(settings, catalog, corpus_dir, {"programma-windenergie-2023.txt": PROGRAMMA,
                                                             "tussenstand-2024.txt": TUSSENSTAND}).ask(
        "Hoe lang duurt de realisatie van een windproject volgens het programma, en welke doorlooptijd noemt de Tussenstand?")
    assert not answer.refused
    assert "zeven jaar" in answer.text and "tien jaar" in answer.text
    assert {c.file_name for c in answer.citations} == {"programma-windenergie-2023.txt", "tussenstand-2024.txt"}
    _check_citations(answer)



PPE_2023 = """Provinciaal Programma Energiestrategie

Doorlooptijd

De realisatie van een windproject duurt gemiddeld acht jaar, van het eerste idee tot de ingebruikname.
"""

PPE_2024 = """Provinciaal Programma Energiestrategie

Doorlooptijd

Met de nieuwe werkwijze duurt de realisatie van een windproject nog gemiddeld zes jaar.
"""

RES_WEST = """Tussenstand RES 2.0 West-Overijssel

Planning

De tijd die de realisatie van een windproject kost, is drie tot zeven jaar.

Zon op daken

Zonnepanelen op daken van bedrijven leveren het grootste deel van de opwek in West-Overijssel.
"""


def test_a_document_the_question_names_gives_evidence_even_when_another_fills_the_top_passages(settings, catalog,
                                                                                                corpus_dir):
    """One passage of evidence, from the Tussenstand: the PPE of 2023 the question names (by its initials and year,
    not the PPE of 2024) adds its own best passage, and the answer takes the part it answers from there."""
    for name, text in (("230124_Provinciaal_Programma_Energiestrategie.txt", PPE_2023),
                       ("241022_PPE_2024.txt", PPE_2024), ("230701_Tussenstand_RES_West.txt", RES_WEST)):
        (corpus_dir / name).write_text(text, encoding="utf-8")
    Indexer(settings, catalog).ingest()
    one = settings.model_copy(update={"answer": settings.answer.model_copy(update={"passages": 1})})
    assistant = Assistant(one, catalog=catalog)
    question = ("Hoe lang duurt de realisatie van een windproject volgens het PPE 2023, en welke doorlooptijd noemt "
                "de Tussenstand RES 2.0 West-Overijssel?")
    _, passages = assistant.retrieve(question)
    assert [p.file_name for p in passages] == ["230701_Tussenstand_RES_West.txt",
                                               "230124_Provinciaal_Programma_Energiestrategie.txt"]
    answer = assistant.ask(question)
    assert not answer.refused and "acht jaar" in answer.text and "drie tot zeven jaar" in answer.text
    _check_citations(answer)


TUSSENSTAND_TABEL = """# Tussenstand RES 2.0

## Lokaal eigendom

De regio streeft naar minimaal 50% lokaal eigendom bij de borging van grootschalige opwek met zon en wind.
Gemeenten leggen lokaal eigendom vast in hun beleid; twee gemeenten hebben dat nog niet gedaan.

## Opgaven

De opgaven uit de eerste strategie zijn in onderstaande tabel samengevat, met per opgave de datum waarop ze klaar moet zijn.

Tabel 1 - Samenvatting opgaven RES 1.0

| Onderwerp | Datum | Paragraaf |
|---|---|---|
| Vaststellen zoekgebieden wind | 1 juli 2023 | 3b |
| Borging minimaal 50% lokaal eigendom | 1 juli 2024 | 3e |
| Onderzoek plan-m.e.r.-plicht | 2022 | 3f |
"""


def test_a_table_the_question_names_gives_evidence_when_its_rows_are_not_alike_to_the_question(settings, catalog,
                                                                                                corpus_dir):
    """"Volgens tabel 1 …": the prose about lokaal eigendom resembles the question more than the table's rows."""
    (corpus_dir / "tussenstand-res.md").write_text(TUSSENSTAND_TABEL, encoding="utf-8")
    Indexer(settings, catalog).ingest()
    one = settings.model_copy(update={"answer": settings.answer.model_copy(update={"passages": 1})})
    assistant = Assistant(one, catalog=catalog)
    question = "Wat is volgens tabel 1 de streefdatum voor de borging van minimaal 50% lokaal eigendom?"
    plain = assistant.retriever.search(question, k=1)
    assert "Tabel 1" not in plain[0].text
    _, passages = assistant.retrieve(question)
    assert passages[0].chunk_id == plain[0].chunk_id and "Tabel 1 - Samenvatting opgaven RES 1.0" in passages[1].text
    answer = assistant.ask(question)
    assert not answer.refused and "1 juli 2024" in answer.text
    _check_citations(answer)


@pytest.mark.parametrize(("question", "references"), [
    ("Wat is volgens tabel 1 van de Tussenstand de streefdatum?", ["tabel 1"]),
    ("Wat tonen Figuur 3.2 en bijlage 2?", ["figuur 3.2", "bijlage 2"]),
    ("Welke tabellen staan in het rapport?", []),
])
def test_a_question_names_tables_figures_and_annexes_by_number(question, references):
    from answer.named import named_references

    assert named_references(question) == references


def test_a_reference_is_found_in_the_chunks_that_name_it_and_not_in_its_namesakes(tmp_path):
    from index.state import IndexState

    state = IndexState(tmp_path / "state.sqlite")
    rows = [("a:1", "a", "Tabel 1 - Opgaven"), ("a:2", "a", "Zie tabel 10 en tabel 1.2."), ("b:1", "b", "In tabel 1 staat het.")]
    state.db.executemany("INSERT INTO chunks (chunk_id, doc_id, seq, text, page_start, page_end, page_label, heading, "
                         "article, char_start, char_end, content_hash) VALUES (?, ?, 0, ?, 1, 1, '1', '', '', 0, 0, '')",
                         rows)
    assert state.chunks_naming("tabel 1") == {"a:1", "b:1"}
    assert state.chunks_naming("tabel 1", ["b"]) == {"b:1"}  # a named document's own table first


@pytest.mark.parametrize(("question", "named"), [
    ("Hoe lang duurt een windproject volgens het PPE 2023?", ["ppe-2023"]),
    ("Wat staat er in de Tussenstand RES 2.0 West-Overijssel over zon?", ["tussenstand"]),
    ("Wat is in de OER het maximum voor het voorkeursgebied?", ["oer"]),
    ("Wie was er bij het bestuurlijk overleg ZSDZ?", ["verslag-zsdz"]),
    ("Welk maximum stelt het Statenvoorstel van juli 2024 voor?", ["statenvoorstel"]),
    ("Met hoeveel gemeenten zijn er afspraken gemaakt?", []),  # "Brief gemeenten" needs both of its words
    ("Stel dat een windmolen niet past: kan hij toch gebouwd worden?", []),  # "Stel" is not "Statenvoorstel"
    ("Wat zegt het Provinciaal Programma Energiestrategie over zon?", ["ppe-2023", "ppe-2024"]),  # no year: both
    ("Hoeveel windenergie wordt er in Overijssel opgewekt?", []),
])
def test_a_question_names_a_document_by_its_title_words_or_abbreviation_and_year(question, named):
    from answer.named import named_documents

    documents = [{"doc_id": doc_id, "title": title, "file_name": file_name, "period": ""} for doc_id, title, file_name in (
        ("ppe-2023", "Provinciaal Programma Energiestrategie", "230124_Provinciaal_Programma_Energiestrategie.pdf"),
        ("ppe-2024", "Provinciaal Programma Energiestrategie", "241022_PPE_2024_College_oktober.pdf"),
        ("tussenstand", "Tussenstand RES 2.0 Regio West-Overijssel", "230701_Tussenstand_RES_2.0_West_juli_2023.pdf"),
        ("oer", "Omgevingseffectrapportage - OER Fase 2a", "240318_OER_Fase_2a.pdf"),
        ("verslag-zsdz", "Verslag bestuurlijk overleg programmeringsafspraken wind ZSDZ", "240208_Verslag_BO_ZSDZ.pdf"),
        ("statenvoorstel", "Statenvoorstel nr. PS24-000439", "241122_Statenvoorstel_vaststelling.pdf"),
        ("brief", "Brief gemeenten", "221206_Brieven_gemeenten_reactienota.pdf"),
    )]
    assert named_documents(question, documents) == named


def test_a_short_sentence_after_the_best_one_brings_the_one_after_it():
    from answer.compose import Scored, compose
    from answer.sentences import split_sentences
    from index.types import Passage

    text = ("Enkele diensten vragen om meer telewerkdagen per week. Dit laten wij aan de diensten over. "
            "Diensten kunnen in hun eigen reglement altijd meer telewerkdagen toestaan. "
            "De dienst ICT helpt bij de inrichting van een thuiswerkplek.")
    passage = Passage("c", "d", "Nota", "nota.txt", "", "", "", 1, 1, "1", "Telewerk", "", text, 1.0)
    sentences = split_sentences(passage, 0)
    scores = [1.0, 0.80, 0.85, 0.70]  # the sentences after the best one score well below it
    scored = sorted((Scored(s, score, score) for s, score in zip(sentences, scores)), key=lambda s: -s.score)
    chosen = [s.sentence.text for s in compose("why", "Waarom niet meer telewerkdagen?", scored, [passage], 4, MARGIN).sentences]
    assert chosen == [sentences[0].text, sentences[1].text, sentences[2].text]


def test_a_why_question_brings_the_sentence_before_the_measure_it_asks_about():
    """The reason for a measure is usually stated before it: the problem, then what the partners do about it."""
    from answer.compose import Scored, compose
    from answer.sentences import split_sentences
    from index.types import Passage

    text = ("De voedingsindustrie kampt met een imagoprobleem bij jongeren. De sociale partners engageren zich om de "
            "campagne Food at Work voort te zetten. De sector organiseert jaarlijks 40 bedrijfsbezoeken.")
    passage = Passage("c", "d", "Convenant", "c.pdf", "", "", "", 1, 1, "1", "Artikel 5", "", text, 1.0)
    sentences = split_sentences(passage, 0)
    scores = [0.85, 1.0, 0.80]  # the reason scores well below the measure
    scored = sorted((Scored(s, score, score) for s, score in zip(sentences, scores)), key=lambda s: -s.score)
    chosen = compose("why", "Waarom zet de voedingsindustrie in op de campagne Food at Work?", scored, [passage], 4,
                     MARGIN).sentences
    assert [s.sentence.text for s in chosen][:2] == [sentences[0].text, sentences[1].text]


BEGRIPPEN = """# Verordening werkplekleren

## Artikel 1 Begripsbepalingen

### Werkplekleren

Leren op de werkvloer onder begeleiding van een mentor, als deel van een erkende opleiding.

### Mentor

Een ervaren medewerker die een lerende op de werkvloer begeleidt.

## Artikel 2 Werkplekleren in de praktijk

Elk bestuur dat werkplekleren aanbiedt, duidt voor elke lerende een mentor aan. Werkplekleren in een bestuur duurt minstens vier weken.
"""


def test_a_term_defined_under_its_own_heading_is_answered_with_its_definition(settings, catalog, corpus_dir):
    answer = _assistant_over(settings, catalog, corpus_dir, {"verordening-werkplekleren.md": BEGRIPPEN}).ask(
        "Wat is een mentor?")
    assert not answer.refused
    assert answer.text.split("[1]")[0].rstrip().endswith("Een ervaren medewerker die een lerende op de werkvloer begeleidt.")
    _check_citations(answer)


def test_which_in_line_is_answered_with_the_rank(assistant):
    answer = assistant.ask("De hoeveelste generatie sectorconvenants is die van 2021-2022?")
    assert not answer.refused and "achtste generatie" in answer.text.split("[1]")[0]
    _check_citations(answer)


@pytest.mark.parametrize(("text", "ranked"), [
    ("Minister Crevits sluit de achtste generatie sectorconvenants af.", True),
    ("Met de nieuwe generatie sectorconvenants trekt de regering de kaart van samenwerking.", False),
    ("Het is de eerste keer dat de sectoren samenwerken.", False),  # a rank, but not of a generation
    ("De 8ste generatie convenants loopt tot 2022.", True),
])
def test_an_ordinal_question_wants_the_rank_of_the_thing_it_numbers(text, ranked):
    from answer.answerability import kind_satisfied

    assert kind_satisfied("ordinal", "De hoeveelste generatie sectorconvenants is het?", text) is ranked



def test_a_question_about_two_sectors_takes_its_second_source_from_the_other_sector():
    """Not the near-tied figure of a third sector's convenant, which would otherwise be shown as a conflict."""
    from answer.compose import Scored, compose
    from answer.sentences import split_sentences
    from index.types import Passage

    def passage(sector, text):
        return Passage(sector, sector, f"Sectorconvenant {sector}", f"{sector}.pdf", "convenant", sector, "2021-2022",
                       1, 1, "1", "Artikel 6 Subsidie", "", text, 1.0)

    passages = [passage("Voedingsindustrie", "De Vlaamse Regering kent de sector een jaarlijkse subsidie van 306.250 euro toe."),
                passage("Lokale besturen", "De Vlaamse Regering kent de sector een jaarlijkse subsidie van 245.000 euro toe."),
                passage("Bouw", "De Vlaamse Regering subsidieert zes sectorconsulenten voor 367.500 euro per jaar.")]
    scored = [Scored(split_sentences(p, i)[0], score, score) for i, (p, score) in enumerate(zip(passages, (1.0, 0.98, 0.95)))]
    composition = compose("explain", "Welke sector krijgt de hoogste subsidie: de voedingsindustrie of de bouw?",
                          scored, passages, 4, MARGIN)
    assert [passages[i].sector for i in composition.places] == ["Voedingsindustrie", "Bouw"]
    assert not composition.conflict


def test_the_first_part_of_a_two_part_question_gets_a_place_when_the_best_sentence_answers_the_second():
    """"Hoe lang volgens het programma, en welke doorlooptijd noemt de Tussenstand?": the Tussenstand's sentence
    scores best; the programme's figure answers the part it leaves open."""
    from answer.compose import Scored, compose
    from answer.sentences import split_sentences
    from index.types import Passage

    passages = [Passage("t", "t", "Tussenstand 2024", "tussenstand.txt", "", "", "", 1, 1, "1", "Planning", "",
                        "De Tussenstand noemt een doorlooptijd van 3 tot 7 jaar.", 1.0),
                Passage("p", "p", "Programma windenergie 2023", "programma.txt", "", "", "", 1, 1, "1", "Doorlooptijd", "",
                        "Een windpark is volgens het programma pas na 8 jaar gerealiseerd.", 0.9)]
    scored = [Scored(split_sentences(p, i)[0], score, score) for i, (p, score) in enumerate(zip(passages, (1.0, 0.95)))]
    composition = compose("count", "Hoe lang duurt de realisatie van een windproject volgens het programma, en welke "
                          "doorlooptijd noemt de Tussenstand?", scored, passages, 4, MARGIN)
    assert composition.places == [0, 1]


CIRCULAIRE_2015 = """Circulaire arbeidsvoorwaarden sector Rijk 2015-2016

Aanpassing diverse bedragen

In verband met de algemene salarisverhogingen worden de volgende bedragen aangepast:

was | 1-9-2015 | 1-1-2016
Minimale vakantie-uitkering (artikel 21 BBRA 1984) | € 157,98 | € 159,95 | € 164,75
Vergoeding privé-ruimte (artikel 7 van de Raamregeling Telewerken) | € 72,23 | € 73,13 | € 75,32

Zonder kop:

Vaste toelage onregelmatige dienst | € 152,44 | € 154,35 | € 158,98
Stagevergoeding | € 554,00 | € 561,00 | € 578,00
"""


def test_a_table_row_is_scored_and_shown_under_its_column_header_but_quoted_as_it_stands(settings, catalog, corpus_dir):
    from answer.sentences import split_sentences
    from index.types import Passage

    passage = Passage("c", "d", "T", "c.txt", "", "", "", 1, 1, "1", "", "", CIRCULAIRE_2015, 1.0)
    headers = {s.text.split(" | ")[0]: s.header for s in split_sentences(passage, 0) if " | " in s.text}
    assert headers == {"was": "",  # the header row is a candidate of its own, under no header
                       "Minimale vakantie-uitkering (artikel 21 BBRA 1984)": "was | 1-9-2015 | 1-1-2016",
                       "Vergoeding privé-ruimte (artikel 7 van de Raamregeling Telewerken)": "was | 1-9-2015 | 1-1-2016",
                       "Vaste toelage onregelmatige dienst": "",  # a first row with amounts is data, not a header
                       "Stagevergoeding": ""}

    answer = _assistant_over(settings, catalog, corpus_dir, {"circulaire-2015-2016.txt": CIRCULAIRE_2015}).ask(
        "Hoe hoog is de vergoeding voor gebruik van privé-ruimte bij telewerken per 1 januari 2016?")
    assert not answer.refused
    assert ("(kolommen: was | 1-9-2015 | 1-1-2016) Vergoeding privé-ruimte (artikel 7 van de Raamregeling Telewerken)"
            " | € 72,23 | € 73,13 | € 75,32 [1]") in answer.text
    assert answer.citations[0].quote.startswith("Vergoeding privé-ruimte")
    _check_citations(answer)


def test_rows_of_one_table_show_their_column_header_once():
    from answer.compose import Scored
    from answer.render import render_extractive
    from answer.sentences import split_sentences
    from index.types import Passage

    passage = Passage("c", "d", "T", "c.txt", "", "", "", 1, 1, "1", "", "", CIRCULAIRE_2015, 1.0)
    rows = {s.text.split(" | ")[0]: s for s in split_sentences(passage, 0) if " | " in s.text}
    two_rows = [Scored(rows[name], 0.9, 0.9) for name in ("Minimale vakantie-uitkering (artikel 21 BBRA 1984)",
                                                          "Vergoeding privé-ruimte (artikel 7 van de Raamregeling Telewerken)")]
    text = render_extractive(two_rows, [passage], False)[0]
    assert text.count("was | 1-9-2015 | 1-1-2016") == 1 and "(kolommen: was | 1-9-2015 | 1-1-2016) Minimale" in text
    with_header_row = render_extractive([Scored(rows["was"], 0.9, 0.9)] + two_rows, [passage], False)[0]
    assert with_header_row.count("was | 1-9-2015 | 1-1-2016") == 1 and "(kolommen:" not in with_header_row


def test_a_second_date_the_first_place_lacks_comes_before_a_conflicting_figure_from_another_period():
    """"… per 1 december 2002 en per 1 januari 2016?": the 2015-2016 circular's figure, not the 1995-1997
    agreement's (a different figure for the same allowance, which would otherwise be shown as a conflict)."""
    from answer.compose import Scored, compose
    from answer.sentences import split_sentences
    from index.types import Passage

    def passage(period, text):
        return Passage(period, period, f"Arbeidsvoorwaarden sector Rijk {period}", f"rijk-{period}.md", "akkoord", "",
                       period, 1, 1, "1", "Aanpassing van toelagen", "", text, 1.0)

    passages = [
        passage("2002-2003", "De vaste toelage voor onregelmatige uren wordt per 1 december 2002 verhoogd van € 131,82 tot € 135,12 per maand."),
        passage("1995-1997", "De vaste toelage voor onregelmatige uren wordt per 1 oktober 1995 verhoogd van f 238,09 tot f 239,28 per maand."),
        passage("2015-2016", "De vaste toelage voor onregelmatige uren bedraagt per 1 januari 2016 € 158,98 per maand."),
    ]
    scored = [Scored(split_sentences(p, i)[0], score, score) for i, (p, score) in enumerate(zip(passages, (1.0, 0.98, 0.95)))]
    composition = compose("count", "Hoe hoog was de vaste toelage voor onregelmatige uren per 1 december 2002 en per 1 januari 2016?",
                          scored, passages, 4, MARGIN)
    assert [passages[i].period for i in composition.places] == ["2002-2003", "2015-2016"]
    assert not composition.conflict


def test_a_sentence_with_other_figures_is_another_fact_not_a_repeat():
    from answer.compose import Scored, redundant
    from answer.sentences import Sentence

    def scored(text):
        return Scored(Sentence(0, 0, text), 0.9, 0.9)

    rule = "artikel 7, eerste lid, van het Besluit personenchauffeurs Rijksdienst de vaste toelage voor het werken op onregelmatige uren"
    first = scored(f"{rule} van € 131,82 verhoogd tot € 135,12 per maand.")  # 2002-2003
    later = scored(f"{rule} van € 135,46 verhoogd tot € 138,17 per maand.")  # 2005-2006
    again = scored(f"Ingevolge {rule} van € 131,82 verhoogd tot € 135,12.")
    assert not redundant(later, [first])
    assert redundant(again, [first])


def test_each_row_of_a_table_is_a_candidate_of_its_own_even_when_it_starts_with_a_number():
    """A salary scale's rows ("1 | 1497,39 | 1542,31") were joined to the row above as one 'sentence'."""
    from answer.sentences import split_sentences
    from index.types import Passage

    text = ("Met ingang van 1 januari 2016 worden de salarissen met 3% verhoogd.\n\n"
            "Nr. | Salaris 1-9-2015 | Salaris 1-1-2016\n1 | 1497,39 | 1542,31\n2 | 1528,54 | 1574,40")
    passage = Passage("c", "d", "T", "c.md", "", "", "", 1, 1, "1", "", "", text, 1.0)
    sentences = split_sentences(passage, 0)
    assert [s.text for s in sentences][1:] == ["Nr. | Salaris 1-9-2015 | Salaris 1-1-2016", "1 | 1497,39 | 1542,31",
                                              "2 | 1528,54 | 1574,40"]
    assert sentences[2].header == "Nr. | Salaris 1-9-2015 | Salaris 1-1-2016"


SALARISSEN_2016 = """Circulaire arbeidsvoorwaarden sector Rijk 2015-2016

Salarisverhoging

Met ingang van 1 januari 2016 worden de salarissen van het personeel in de sector Rijk met 3% verhoogd.

Eindejaarsuitkering

De eindejaarsuitkering wordt in de maand november uitbetaald.
"""


def test_a_question_about_a_year_no_retrieved_passage_reaches_is_refused(settings, catalog, corpus_dir):
    """The 2015-2016 circular's 3% is no answer for 2017; it is for 2016."""
    assistant = _assistant_over(settings, catalog, corpus_dir, {"circulaire-2015-2016.txt": SALARISSEN_2016})
    later = assistant.ask("Met hoeveel procent stijgen de salarissen per 1 januari 2017?")
    assert later.refused and later.text.startswith(REFUSAL) and "2017" in later.reason
    covered = assistant.ask("Met hoeveel procent stijgen de salarissen per 1 januari 2016?")
    assert not covered.refused and "3%" in covered.text


@pytest.mark.parametrize(("question", "sector"), [
    ("Welke streefcijfers staan in het sectorconvenant van de chemische sector?", "Chemie"),
    ("Wat belooft de textielsector rond opleiding?", "Textiel"),
    ("Hoeveel consulenten heeft de horecasector?", "Horeca"),
    ("Welke acties neemt de metaalsector?", "Metaal- en technologische industrie"),
])
def test_a_sector_named_as_one_word_or_with_sector_is_recognised(question, sector):
    """A question about a sector that has no document in the evidence is refused only if the sector is known."""
    from ingest.metadata import infer_sector

    assert infer_sector(question) == sector


def test_a_question_about_a_sector_without_documents_is_refused(assistant):
    answer = assistant.ask("Welke streefcijfers rond werkbaar werk staan in het sectorconvenant van de chemische sector?")
    assert answer.refused and answer.reason == "sector 'Chemie' not in the evidence"
