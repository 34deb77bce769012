"""The chat's commitment route only where it fits: a topic narrows the list, an unknown topic answers normally."""

from __future__ import annotations

import pytest

from answer.assistant import Assistant
from index.indexer import Indexer

CONVENANT = """Sectorconvenant Stadsonderhoud 2021-2022

Artikel 1. Voorwerp

Dit convenant legt de acties vast die de sector stadsonderhoud in 2021 en 2022 onderneemt.

Artikel 2. Verbintenissen van de sector

De sector engageert zich tot de volgende acties:

• jaarlijks 40 nieuwe medewerkers opleiden tot groenarbeider;
• een loopbaanbeleid uitwerken voor oudere werknemers met aangepast werk en minder nachtdiensten;
• de campagne 'Werken in je stad' uitrollen in 20 scholen;
• twee jobbeurzen per jaar organiseren met de VDAB;
• een diversiteitsplan opstellen voor alle ploegen;
• de veiligheid op de werven opvolgen met een jaarlijkse audit.
"""
META = """title = "Sectorconvenant Stadsonderhoud 2021-2022"
doc_type = "convenant"
sector = "Stadsonderhoud"
period = "2021-2022"
"""


@pytest.fixture
def assistant(settings, catalog, corpus_dir):
    (corpus_dir / "sectorconvenant-2021-2022-stadsonderhoud.txt").write_text(CONVENANT, encoding="utf-8")
    (corpus_dir / "sectorconvenant-2021-2022-stadsonderhoud.meta.toml").write_text(META, encoding="utf-8")
    Indexer(settings, catalog).ingest()
    return Assistant(settings, catalog=catalog)


def test_a_commitment_question_on_a_topic_lists_only_the_commitments_on_that_topic(assistant):
    stored = assistant.catalog.state.db.execute("SELECT COUNT(*) FROM commitments").fetchone()[0]
    answer = assistant.ask("Wat belooft Stadsonderhoud rond oudere werknemers?")
    assert stored == 6 and answer.backend == "commitments"
    assert [c.quote for c in answer.citations] == [
        "een loopbaanbeleid uitwerken voor oudere werknemers met aangepast werk en minder nachtdiensten;"]
    assert answer.text.startswith("Ik vond 1 engagement") and "oudere werknemers" in answer.text.split("\n")[0]


def test_a_topic_no_commitment_mentions_is_answered_from_the_passages_not_with_the_whole_list(assistant):
    answer = assistant.ask("Wat belooft Stadsonderhoud rond telewerk?")
    assert answer.backend == "extractive"
    assert len(answer.citations) < 6


def test_a_commitment_question_without_a_topic_still_lists_them_all(assistant):
    answer = assistant.ask("Welke engagementen neemt de sector in het sectorconvenant Stadsonderhoud?")
    assert answer.backend == "commitments" and len(answer.citations) == 6


def test_a_theme_keyword_no_commitment_mentions_lists_the_whole_theme(assistant):
    """'welzijn' names the theme werkbaar werk but no commitment says it: the theme's commitments are the answer."""
    themes = dict(assistant.catalog.state.db.execute("SELECT text, theme FROM commitments").fetchall())
    answer = assistant.ask("Wat belooft Stadsonderhoud rond welzijn?")
    assert answer.backend == "commitments"
    assert sorted(c.quote for c in answer.citations) == sorted(t for t, theme in themes.items() if theme == "werkbaar_werk")
    assert len(answer.citations) >= 2
