"""Filters that limit a question to documents, document types, sectors or periods."""

from __future__ import annotations

import gradio as gr

from index.types import SearchFilters

LABELS = {"doc_ids": "document", "doc_types": "type", "sectors": "sector", "periods": "periode"}


def filter_choices(documents: list[dict]) -> dict[str, list]:
    """Dropdown choices from the indexed documents: (title, doc_id) for documents, plain values otherwise."""
    indexed = [doc for doc in documents if doc["status"] == "indexed"]

    def values(key: str) -> list[str]:
        return sorted({doc[key] for doc in indexed if doc[key]})

    return {
        "doc_ids": [(doc["title"] or doc["file_name"], doc["doc_id"]) for doc in indexed],
        "doc_types": values("doc_type"),
        "sectors": values("sector"),
        "periods": values("period"),
    }


def make_filters(doc_ids=None, doc_types=None, sectors=None, periods=None) -> SearchFilters:
    """SearchFilters from the dropdown values (None or empty = no limit)."""
    return SearchFilters(doc_ids=tuple(doc_ids or ()), doc_types=tuple(doc_types or ()),
                         sectors=tuple(sectors or ()), periods=tuple(periods or ()))


def describe(filters: dict[str, list[str]], titles: dict[str, str]) -> str:
    """Dutch one-liner for the active filters, e.g. 'type: convenant; periode: 2021-2022' ('' = none)."""
    parts = []
    for key, values in filters.items():
        shown = [titles.get(value, value) for value in values] if key == "doc_ids" else values
        parts.append(f"{LABELS[key]}: {', '.join(shown)}")
    return "; ".join(parts)


class FilterBar:
    """Four multi-select dropdowns, refilled whenever the documents change."""

    def __init__(self, documents: list[dict]):
        """``documents``: the index's documents now; page loads and ingests refill the choices."""
        choices = filter_choices(documents)
        with gr.Accordion("Filters: beperk de vraag tot bepaalde documenten", open=False):
            with gr.Row():
                self.documents = gr.Dropdown(choices["doc_ids"], value=[], multiselect=True, label="Documenten",
                                             scale=2, elem_id="filter-documenten")
                self.doc_types = gr.Dropdown(choices["doc_types"], value=[], multiselect=True, label="Type document",
                                             elem_id="filter-type")
                self.sectors = gr.Dropdown(choices["sectors"], value=[], multiselect=True, label="Sector",
                                           elem_id="filter-sector")
                self.periods = gr.Dropdown(choices["periods"], value=[], multiselect=True, label="Periode",
                                           elem_id="filter-periode")

    @property
    def components(self) -> list[gr.Dropdown]:
        return [self.documents, self.doc_types, self.sectors, self.periods]

    @staticmethod
    def updates(documents: list[dict]) -> list[gr.Dropdown]:
        """The four dropdowns with fresh choices and no selection (a deleted document cannot stay selected)."""
        choices = filter_choices(documents)
        return [gr.Dropdown(choices=choices[key], value=[]) for key in ("doc_ids", "doc_types", "sectors", "periods")]
