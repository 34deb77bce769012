"""Filters of /ask, /search and chat completions, checked against what the index holds (the web app's choices)."""

from __future__ import annotations

from api.errors import ApiError
from api.schemas import Filters
from index.types import SearchFilters
from ui.filters import LABELS, filter_choices, make_filters


def search_filters(filters: Filters | None, documents: list[dict]) -> SearchFilters:
    """SearchFilters for the request; 422 ``unknown_filter_value`` for a value no indexed document has."""
    if filters is None:
        return SearchFilters()
    choices = filter_choices(documents)
    for key in ("doc_ids", "doc_types", "sectors", "periods"):
        allowed = [choice[1] if isinstance(choice, tuple) else choice for choice in choices[key]]
        for value in getattr(filters, key):
            if value not in allowed:
                known = ", ".join(allowed) or "er zijn nog geen documenten opgenomen"
                raise ApiError(422, "unknown_filter_value",
                               f"Onbekende waarde '{value}' voor het filter {LABELS[key]}. Kies uit: {known}.",
                               field=f"filters.{key}")
    return make_filters(filters.doc_ids, filters.doc_types, filters.sectors, filters.periods)
