"""Fresh, random-ish Dutch questions about convenants: every one unique, so no query cache can help."""

from __future__ import annotations

import random

from eval.fixtures.convenants import DIGITAL_TOPICS, PARTNERS, PERIODS, SECTORS, TARGET_GROUPS, THEMES

_TEMPLATES = (
    "Welke afspraken maakt de sector {sector} over {theme} in {period}?",
    "Hoeveel {occupation}s wil de sector {sector} opleiden voor {group}?",
    "Wat doet {sector} samen met {partner} rond {theme}?",
    "Hoe ondersteunt de Vlaamse Regering {group} in de sector {sector}?",
    "Welke acties rond {digital} staan in het convenant {period} van {sector}?",
    "Wie is de contactpersoon voor {theme} bij {sector}?",
    "Hoeveel sectorconsulenten financiert de Vlaamse overheid voor {sector} in {period}?",
    "Wat is het doel van het actieplan voor {group} in {period}?",
    "Welke engagementen neemt {sector} rond {digital} en {theme}?",
    "Hoe wordt {theme} opgevolgd en geëvalueerd in {sector}?",
)


def fresh_queries(count: int, seed: int, exclude: set[str] | None = None) -> list[str]:
    """``count`` distinct questions (none in ``exclude``), filled from the synthetic corpus' vocabulary."""
    rng = random.Random(seed)
    seen = set(exclude or ())
    out: list[str] = []
    attempts = 0
    while len(out) < count:
        attempts += 1
        if attempts > count * 200:
            raise RuntimeError("could not make enough distinct queries")
        sector = rng.choice(SECTORS)
        query = rng.choice(_TEMPLATES).format(
            sector=sector.name, occupation=rng.choice(sector.occupations), theme=rng.choice(list(THEMES.values())).lower(),
            period=rng.choice(PERIODS), group=rng.choice(TARGET_GROUPS), partner=rng.choice(PARTNERS),
            digital=rng.choice(DIGITAL_TOPICS),
        )
        if query not in seen:
            seen.add(query)
            out.append(query)
    return out
