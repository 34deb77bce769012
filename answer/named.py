"""The documents a question names ("volgens het PPE 2023", "de Tussenstand RES 2.0 West-Overijssel", "het
bestuurlijk overleg ZSDZ", "het Statenvoorstel van juli 2024") and the tables, figures and annexes ("volgens tabel
1 van de Tussenstand").

Retrieval ranks passages, not documents: in a comparison of two documents ("… volgens het PPE 2023, en welke
doorlooptijd noemt de Tussenstand?") every top passage may come from one of them, and a table's rows need not
resemble a question that names the table. The assistant adds the best passage of each named document and of each
named table that the top passages miss (index.retriever.Retriever.search).

A document is named by its title's words, weighted by how few titles share them (two words or more, covering at
least half the title's weight: "Brief gemeenten" is not named by every question about municipalities), or by an
abbreviation of its title: an upper-case word in it ("OER", "ZSDZ") or its initials ("PPE" for "Provinciaal
Programma Energiestrategie"). A year the question names must be one of the document's, when it has any ("PPE
2023" is not the PPE of 2024); a year it shares counts as one of the words.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from answer.terms import YEAR, content_terms

MAX_NAMED = 2  # a question naming more documents is about a subject they share, not about these documents
_MIN_WORDS = 2
_MIN_SHARE = 0.5
_ABBREVIATION = re.compile(r"\b[A-Z]{3,}\b")
_CAPITALISED = re.compile(r"\b[A-ZÀ-Ý][\w-]*")
_REFERENCE = re.compile(r"\b(?:tabel|figuur|afbeelding|bijlage)\s+\d+(?:\.\d+)*\b", re.I)
# A date stamp opening a file name: "230124_Provinciaal_Programma…" is of 2023.
_DATE_STAMP = re.compile(r"(?P<year>(?:19|20)\d\d|\d\d)(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?=[_ -])")


def document_years(file_name: str, period: str) -> set[str]:
    """Every year of a document's period ("2021-2022") and the year of the date stamp its file name opens with."""
    years = [int(y) for y in YEAR.findall(period)]
    spanned = {str(y) for y in range(min(years), max(years) + 1)} if years else set()
    stamp = _DATE_STAMP.match(Path(file_name).name)
    stamped = {stamp.group("year") if len(stamp.group("year")) == 4 else f"20{stamp.group('year')}"} if stamp else set()
    return spanned | stamped


def _abbreviations(title: str) -> set[str]:
    """Upper-case words of a title and its initials when it has three capitalised words or more."""
    initials = "".join(word[0] for word in _CAPITALISED.findall(title)).upper()
    return set(_ABBREVIATION.findall(title)) | ({initials} if len(initials) >= 3 else set())


def named_documents(question: str, documents: Sequence[Mapping[str, str]]) -> list[str]:
    """The doc ids of the documents (rows with doc_id, title, file_name, period) the question names, none when it
    names more than MAX_NAMED."""
    asked = content_terms(question)
    asked |= {part for term in asked for part in term.split("-")}  # "ontwerp-instructieregel" names "instructieregel"
    abbreviations = set(_ABBREVIATION.findall(question))
    asked_years = set(YEAR.findall(question))
    titles = {doc["doc_id"]: content_terms(doc["title"]) for doc in documents}
    spread = Counter(term for terms in titles.values() for term in terms)
    named = []
    for doc in documents:
        terms, years = titles[doc["doc_id"]], document_years(doc["file_name"], doc["period"])
        if not terms or (asked_years and years and not asked_years & years):
            continue
        weights = {term: math.log((len(documents) + 1) / spread[term]) for term in terms}
        matched = [term for term in terms if term in asked]
        share = sum(weights[term] for term in matched) / (sum(weights.values()) or 1.0)
        by_words = len(matched) + bool(asked_years & years) >= _MIN_WORDS and share >= _MIN_SHARE
        if by_words or _abbreviations(doc["title"]) & abbreviations:
            named.append(doc["doc_id"])
    return named if len(named) <= MAX_NAMED else []


def named_references(question: str) -> list[str]:
    """The tables, figures and annexes a question names ("… volgens tabel 1 van de Tussenstand …" -> ["tabel 1"])."""
    return list(dict.fromkeys(" ".join(match.group().lower().split()) for match in _REFERENCE.finditer(question)))
