"""Whether the evidence answers the question: signals combined by a small logistic model.

The signals (``FEATURES``) are computed from the question, the chosen answer sentences and the retrieved
passages. The model's coefficients, the standardisation of each signal and the decision threshold live in
``answerability.json`` beside this module; ``python -m eval.answerability`` chooses the signals and fits
them on the gold sets with each set's documents held out in turn (docs/EVAL.md).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from answer.questions import NUMERALS, counted_noun, ordinal_noun
from answer.terms import content_terms, covered, numbers, ordered_terms, weighted_coverage
from index.types import Passage

MODEL_FILE = Path(__file__).with_name("answerability.json")
# How rare a (stemmed) term is in the index, 0 (in every passage) .. 1 (in none); see BM25Index.rarity.
Rarity = Callable[[Sequence[str]], dict[str, float]]

# Every signal the answerer computes, with the direction in which it is evidence that the documents answer the
# question (+1: higher is more answerable). The fitted model uses the subset eval.answerability selected, and
# only with weights of this sign: a signal whose fitted weight points the other way is a quirk of the gold sets.
SIGNALS = {
    "similarity": +1,            # e5 cosine of the best sentence (0.75-0.95 for this model)
    "runner_up_gap": +1,         # how far the best sentence's similarity stands above the second best
    "margin": +1,                # ... and above the fifth best
    "answer_coverage": +1,       # rarity-weighted share of question terms in the answer sentences, section, title
    "answer_missing_share": -1,  # share of question terms absent from the answer sentences and section path
    "evidence_coverage": +1,     # rarity-weighted share of question terms anywhere in the retrieved passages
    "missing_rarity": -1,        # the rarest question term found nowhere in the evidence (0 when all are found)
    "rare_literal": +1,          # the rarest question term is literally in the answer sentences or section path
    "heading_match": +1,         # rarity-weighted share of question terms in the answer's section path
    "focus_in_answer": +1,       # the question's first content word ("Hoeveel zienswijzen …") is in the answer
    "focus_in_passage": +1,      # ... or at least in the answer's passage
    "kind_satisfied": +1,        # the answer has what the question asks for: a number, a date, a name, a list
    "counted_in_answer": +1,     # "Hoeveel bomen …": a number stands before "bomen" (or its unit) in the answer
    "numbers_found": +1,         # share of the question's numbers (years, amounts) in the answer's passage or period
    "numbers_in_evidence": +1,   # ... in any retrieved passage or its period
    "lexical_agreement": +1,     # BM25 score of the answer passage relative to the best BM25 score (0 if missed)
    "best_dense": +1,            # the best passage's dense (e5) score
}

_MONTHS = r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)"
_FULL_DATE = re.compile(rf"\b\d{{1,2}} {_MONTHS}\b|\b{_MONTHS} (?:19|20)\d\d\b|\b\d{{1,2}}[-/]\d{{1,2}}[-/](?:19|20)?\d\d\b", re.I)
_YEAR = re.compile(r"(?<![\d.,–-])(?:19|20)\d\d(?![\d.,]?\d|\s*[-–]\s*(?:19|20)\d\d)")  # a year, not a period 2021-2022
# A file name opening with yymmdd or yyyymmdd and a separator.
_DATE_STAMP = re.compile(r"(?P<year>(?:19|20)\d\d|\d\d)(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?=[_ -])")
_NUMERAL_TERMS = frozenset(ordered_terms(" ".join(sorted(NUMERALS))))  # "Welke drie rollen …": "drie" is no topic
# "Vanaf wanneer …?" is answered by a term as well as by a date: "binnen zes weken na de melding".
_DURATION = re.compile(rf"\b(?:\d+|{'|'.join(sorted(NUMERALS))}|een)\s+(?:werk|kalender)?"
                       r"(?:dagen|dag|weken|week|maanden|maand|jaren|jaar)\b", re.I)
_ORDINAL = re.compile(r"\b(?:eerste|tweede|derde|vierde|vijfde|zesde|zevende|achtste|negende|tiende|elfde|twaalfde|"
                      r"\d{1,3}(?:ste|de|e))\b(?P<words>(?:\s+[\w-]+){0,2})", re.I)
# Two capitalised words in a row that do not start the sentence: a person or an organisation.
_NAME = re.compile(r"(?<=[\w,;:)] )(?:[A-ZÀ-Ý][\w'’-]+\s+){1,3}[A-ZÀ-Ý][\w'’-]+|\b[A-Z]{2,}\b")
# "a, b, c" or "a, b en c" with short items (not a clause after a comma), or items separated by semicolons
_ENUMERATION = re.compile(r",(?:\s+[^,\s]+){1,4},|,(?:\s+[^,\s]+){1,4}\s+(?:en|of)\s|;")


# Units a count question may name instead of the thing counted: "Hoeveel procent …" is answered by "45%".
_UNITS = {"procent": r"%|procent", "percentage": r"%|procent", "geld": r"euro|€|miljoen|miljard", "euro": r"euro|€|miljoen",
          "budget": r"euro|€|miljoen|miljard", "subsidie": r"euro|€|miljoen", "bedrag": r"euro|€|miljoen|miljard|gulden"}
_WHICH_UNIT = re.compile(r"\bwelke? (?P<noun>percentage|bedrag)\b", re.I)  # "Welk percentage …?", "Welk bedrag …?"
# Units of measurement: "Hoeveel hectare …?" and "Welke geluidsnorm in dB …?" want a number in that unit.
_MEASURES = {"hectare": r"ha|hectare", "ha": r"ha|hectare", "km": r"km|kilometer", "kilometer": r"km|kilometer",
             "meter": r"m|meter", "db": r"db", "mw": r"mw|megawatt", "megawatt": r"mw|megawatt", "gwh": r"gwh",
             "twh": r"twh", "mwh": r"mwh", "kwh": r"kwh", "uur": r"uur"}
_IN_UNIT = re.compile(rf"\bin\s+(?P<unit>{'|'.join(_MEASURES)})\b", re.I)
_NUMBER_WORDS = (r"twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|"
                 r"\w*(?:twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)|\w*honderd|\w*duizend")
_NUMBER_WORD = re.compile(rf"\b(?:{_NUMBER_WORDS})\b", re.I)
# (the words in a lookahead, so that "drie van de vier centrales" also gives "vier centrales")
_NUMBER_THEN_WORDS = re.compile(rf"(?:\d[\d.,]*\s*%?|\b(?:{_NUMBER_WORDS}))(?=\s+(?P<words>(?:[\w-]+\s+){{0,2}}[\w-]+))", re.I)
_DUTCH_COUNT = re.compile(r"\bhoeveel\b|\bhoe (?:hoog|groot)\b|\bwelke? (?:percentage|bedrag)\b", re.I)
# What is paid ("stagevergoeding", "EHBO-toelage", "minimumbedrag"; stemmed) is answered by an amount of money or a share.
_MONEY_NOUN = re.compile(r"(?:vergoed|toelag|uitkeer|bijdrag|premie|subsidie|budget|salaris|loon|bedrag|kost|prijs|tarief|"
                         r"toeslag|moetkoom)\w{0,2}$")
# A detail asked for by name, and what it looks like.
_DETAILS = ((re.compile(r"\btelefoon|\bgsm\b|\bbellen\b", re.I),
             re.compile(r"(?:\+\d{2}|\b0)\d{1,3}(?:[\s-]?\d{2,4}){2,3}\b")),
            (re.compile(r"\be-?mail|\bmailadres", re.I), re.compile(r"\S@\S+\.\w")),
            (re.compile(r"\bwebsite|\bwebadres|\binternetadres|\bwebpagina", re.I), re.compile(r"www\.|https?://", re.I)))
_ASKS_NAME = re.compile(r"\bhoe he(?:e)?t(?:en)?\b|\bnamen?\b", re.I)
_NAME_WORD = re.compile(r"(?<=[\w,;:)] )[A-ZÀ-Ý][\w'’-]+")
# "de gemeente Hof van Twente", "de stad Gent": a municipality by name (capitalised, with Dutch particles).
_MUNICIPALITY = re.compile(r"\b(?:gemeente|stad)\s+(?P<name>[A-ZÀ-Ý][\w'’-]+(?:\s+(?:(?:van|de|den|aan|op|in|het)\s+)?[A-ZÀ-Ý][\w'’-]+)*)")
_PRICE = re.compile(r"\bhoeveel (?:kost|kostte|kosten)\b", re.I)  # "Hoeveel kost een opleiding …?"
_MONEY_VALUE = re.compile(r"€|\beuro\b|\bgulden\b|ƒ|\bf\s?\d|%|\bprocent\b|\bmiljoen\b|\bmiljard\b", re.I)
# Endings of inflected adjectives ("totale", "procentuele", "eenmalige", "tijdelijke", "jaarlijkse", "vaste"), not of
# nouns ending in -e ("bijdrage", "toelage", "premie").
_ADJECTIVE = re.compile(r"(?:[ae]le|ige|lijke|ijkse|ische|ste|uwe|ere|ote)$", re.I)
# "Hoe hoog is de stagevergoeding …", "Hoeveel kost een opleiding …": the amount of a thing the question names.
_AMOUNT_OF = re.compile(r"\b(?:hoe (?:hoog|groot) (?:is|was|zijn|waren|wordt|werd)|hoeveel (?:bedraagt|bedroeg|bedragen|"
                        r"kost|kostte|kosten))\s+(?:de|het|een)\s+(?P<phrase>[\w-]+(?:\s+(?!(?:per|bij|in|voor|van|"
                        r"over|op|tijdens|na|vanaf|via|aan|met|uit|om|tot|door|onder|sinds|vanwege|wegens|die|dat|welke|waarmee|"
                        r"waarvoor)\b)[\w-]+){0,3})", re.I)
# Words after "hoeveel" that are verbs, not the thing counted ("Hoeveel waren het er vroeger?").
_NOT_COUNTED = {"waren", "zijn", "worden", "werden", "hebben", "hadden", "kosten", "bedragen", "krijgen", "mogen", "kunnen",
                "zullen", "gaan", "staan", "komen", "moeten", "werken", "wonen", "blijven", "bestaan", "bevatten", "tellen"}


def counts_the_noun(noun: str, text: str) -> bool:
    """A number right before the counted thing: "408 zienswijzen", "128 sectorconsulenten", "twee centrales",
    also when the text names only the compound's head ("twee dagen" for "brugdagen")."""
    if not noun:
        return False
    wanted = next(iter(content_terms(noun)), noun)
    for match in _NUMBER_THEN_WORDS.finditer(text):
        for word in match.group("words").split():
            found = content_terms(word)
            if covered(wanted, found) or any(len(term) >= 3 and wanted.endswith(term) for term in found):
                return True
    return False


def counted_in(question: str, text: str) -> bool:
    """For "Hoeveel <plural noun or unit> …" or "… in <unit of measurement>": a number of that thing (or in that
    unit) in ``text``; for "De hoeveelste <noun> …": its rank; True for every other question. A verb after
    "hoeveel" ("Hoeveel bedraagt …", "Hoeveel waren …") counts nothing."""
    if ordinal_noun(question):
        return names_the_rank(question, text)
    unit = asked_unit(question)
    if unit:
        return in_unit(unit, text)
    noun = counted_noun(question)
    if not _is_counted_thing(noun):
        return True
    return counts_the_noun(noun, text)


def asked_unit(question: str) -> str | None:
    """The pattern of the unit a question asks its number in: "Hoeveel procent …", "Welk percentage …" (%),
    "Hoeveel budget …", "Welk bedrag …" (an amount of money), "… in dB"; None when it names none."""
    which = _WHICH_UNIT.search(question)
    noun = which.group("noun").lower() if which else counted_noun(question)
    named = _IN_UNIT.search(question)
    return _UNITS.get(noun) or _MEASURES.get(noun) or (_MEASURES[named.group("unit").lower()] if named else None)


def in_unit(unit: str, text: str) -> bool:
    """A number in ``unit`` (a pattern of asked_unit) in ``text``."""
    return bool(re.search(rf"\d[\d.,]*\s*(?:{unit})(?![a-zà-ÿ])|[€ƒ]\s*\d", text, re.I))


def _is_counted_thing(noun: str) -> bool:
    """"Hoeveel zienswijzen …": a plural noun after "hoeveel", not a verb ("Hoeveel bedraagt …")."""
    return bool(noun) and noun not in _NOT_COUNTED and noun.endswith(("en", "s")) and len(noun) > 4


def asked_thing(question: str) -> tuple[str, ...]:
    """The words naming what a Dutch amount question asks the amount of: "Hoe hoog is de stagevergoeding …?"
    -> ("stagevergoeding",), "Hoeveel bedroeg het totale budget van …?" -> ("budget",), "Hoeveel zienswijzen
    …?" -> ("zienswijzen",); () when it names none. The phrase ends at a preposition or relative pronoun, and
    attributive adjectives before the noun ("totale", "vaste", "tijdelijke") are no part of what is asked."""
    match = _AMOUNT_OF.search(question)
    if match:
        words = match.group("phrase").split()
        return tuple(w for i, w in enumerate(words)
                     if w.lower() != "extra" and not (i < len(words) - 1 and _ADJECTIVE.search(w)))
    noun = counted_noun(question)
    return (noun,) if _DUTCH_COUNT.search(question) and _is_counted_thing(noun) else ()


def amount_given(question: str, texts: Sequence[str]) -> bool:
    """Whether one of ``texts`` (the answer's sentences) gives the amount a Dutch amount question asks for: a
    number in the unit it names ("Hoeveel GWh …", "… in dB"), or a number (or number word) it does not name
    itself in one sentence with the thing it asks about ("Hoe hoog is de stagevergoeding?" is not answered by
    "In verband met de salarisverhoging van 2% …"); for something paid or a price, that number is an amount of
    money or a share ("Hoe hoog is de maaltijdvergoeding?" is not answered by "…, als bedoeld in artikel 5, …").
    True for every other question."""
    if not (_DUTCH_COUNT.search(question) or _IN_UNIT.search(question)):
        return True
    unit = asked_unit(question)
    if unit:
        return any(in_unit(unit, text) for text in texts)
    wanted = [next(iter(content_terms(word)), word.lower()) for word in asked_thing(question)]
    if not wanted:
        return True
    asked = numbers(question)
    money = bool(_PRICE.search(question)) or any(_MONEY_NOUN.search(word) for word in wanted)
    return any((numbers(text) - asked or _NUMBER_WORD.search(text))
               and all(_names(term, content_terms(text)) for term in wanted)
               and (not money or _MONEY_VALUE.search(text)) for text in texts)


def _names(term: str, found: frozenset[str]) -> bool:
    """Whether ``found`` names the thing ``term`` stands for: the term itself, a compound of which it is the head
    ("maaltijdvergoeding" for "vergoeding"), or the head of the term ("dagen" for "brugdagen"); not a compound's
    first part ("opleiding" does not name "opleidingscheques")."""
    return any(t.endswith(term) or (len(t) >= 4 and term.endswith(t)) for t in found)


def detail_given(question: str, texts: Sequence[str]) -> bool:
    """Whether one of ``texts`` holds the detail a question asks for by name: a telephone number, an e-mail or
    web address, or a name ("Hoe heet …?": a capitalised word the question does not name itself, not at the start
    of a sentence; "Wat zijn de namen …?": two such words). True for every other question."""
    for asked, pattern in _DETAILS:
        if asked.search(question):
            return any(pattern.search(text) for text in texts)
    asks_name = _ASKS_NAME.search(question)
    if asks_name:
        named = content_terms(question)
        names = {term for text in texts for match in _NAME_WORD.finditer(text) for term in content_terms(match.group())
                 if not covered(term, named)}
        return len(names) >= (2 if asks_name.group().lower() == "namen" else 1)
    return True


def asked_municipality(question: str) -> str:
    """The municipality a question is about ("… van de gemeente Hof van Twente …" -> "Hof van Twente", "de stad
    Gent" -> "Gent"), or ''."""
    match = _MUNICIPALITY.search(question)
    return match.group("name") if match else ""


def asked_years(question: str) -> set[str]:
    """The years a question names ("per 1 januari 2016", "in 2006"), not its periods ("2002-2003")."""
    return set(_YEAR.findall(question))


def has_date(question: str, text: str) -> bool:
    """A calendar date, a year the question does not name itself (a period such as 2021-2022 is no date), or a
    term ("binnen zes weken")."""
    return (bool(_FULL_DATE.search(text)) or bool(set(_YEAR.findall(text)) - asked_years(question))
            or bool(_DURATION.search(text)))


def names_the_rank(question: str, text: str) -> bool:
    """An ordinal in ``text`` ("achtste", "3de"), right before the thing the question numbers when it names one
    ("De hoeveelste generatie …?": "de achtste generatie")."""
    noun = ordinal_noun(question)
    wanted = next(iter(content_terms(noun)), noun) if noun else ""
    for match in _ORDINAL.finditer(text):
        if not wanted or any(covered(wanted, content_terms(word)) for word in match.group("words").split()):
            return True
    return False


def kind_satisfied(kind: str, question: str, text: str) -> bool:
    """Whether ``text`` holds the kind of thing the question asks for."""
    if kind == "ordinal":
        return names_the_rank(question, text)
    if kind == "count":
        return bool(numbers(text) - numbers(question))
    if kind == "date":
        return has_date(question, text)
    if kind == "who":
        return bool(_NAME.search(text))
    if kind == "list":
        return "\n•" in text or bool(_ENUMERATION.search(text))
    return True


def passage_numbers(passage: Passage) -> set[str]:
    """The numbers of a passage's file name, title, section path and text, every year of its document's period,
    and the year of a date stamp that opens the file name ("230124_Provinciaal_Programma…" is of 2023): a
    question names a document by its year ("volgens het PPE 2023")."""
    years = [int(y) for y in re.findall(r"(?:19|20)\d\d", passage.period)]
    spanned = {str(y) for y in range(min(years), max(years) + 1)} if years else set()
    stamp = _DATE_STAMP.match(Path(passage.file_name).name)
    stamped = {stamp.group("year") if len(stamp.group("year")) == 4 else f"20{stamp.group('year')}"} if stamp else set()
    return numbers(f"{passage.file_name} {passage.title} {passage.heading} {passage.text}") | spanned | stamped


@dataclass(frozen=True)
class Evidence:
    """What the signals are computed from."""

    question: str
    kind: str
    answer_texts: tuple[str, ...]    # the chosen sentences (with their items)
    answer_passage: Passage          # the passage of the best chosen sentence
    passages: tuple[Passage, ...]    # all retrieved passages
    similarities: tuple[float, ...]  # e5 similarity of every candidate sentence, best first


def features(evidence: Evidence, rarity: Rarity) -> dict[str, float]:
    """The signals of ``SIGNALS`` for one question."""
    ordered = ordered_terms(evidence.question)
    terms = frozenset(ordered)
    weights = rarity(sorted(terms)) if terms else {}
    place = evidence.answer_passage
    answer = " ".join(evidence.answer_texts)
    answer_terms = content_terms(f"{answer} {place.heading} {place.title}")
    literal = content_terms(f"{answer} {place.heading}")
    passage_terms = content_terms(f"{place.title} {place.heading} {place.text}")
    heading_terms = content_terms(f"{place.heading} {place.article}")
    evidence_terms = frozenset().union(*(content_terms(f"{p.title} {p.heading} {p.text}") for p in evidence.passages))
    missing = [weights.get(t, 1.0) for t in terms if not covered(t, evidence_terms)]
    rarest = max(terms, key=lambda t: weights.get(t, 1.0), default=None)
    focus = next((t for t in ordered if not any(c.isdigit() for c in t) and t not in _NUMERAL_TERMS), None)
    asked = numbers(evidence.question)
    context = passage_numbers(place)
    anywhere = set().union(*(passage_numbers(p) for p in evidence.passages))
    best_bm25 = max((p.bm25_score or 0.0 for p in evidence.passages), default=0.0)
    sims = evidence.similarities
    return {
        "similarity": sims[0],
        "runner_up_gap": sims[0] - sims[min(1, len(sims) - 1)],
        "margin": sims[0] - sims[min(4, len(sims) - 1)],
        "answer_coverage": weighted_coverage(terms, answer_terms, weights),
        "answer_missing_share": sum(not covered(t, literal) for t in terms) / len(terms) if terms else 0.0,
        "evidence_coverage": weighted_coverage(terms, evidence_terms, weights),
        "missing_rarity": max(missing, default=0.0),
        "rare_literal": float(rarest is not None and covered(rarest, literal)),
        "heading_match": weighted_coverage(terms, heading_terms, weights) if terms else 0.0,
        "focus_in_answer": float(focus is None or covered(focus, literal)),
        "focus_in_passage": float(focus is None or covered(focus, passage_terms)),
        "kind_satisfied": float(kind_satisfied(evidence.kind, evidence.question, answer)),
        "counted_in_answer": float(counted_in(evidence.question, answer)),
        "numbers_found": len(asked & context) / len(asked) if asked else 1.0,
        "numbers_in_evidence": len(asked & anywhere) / len(asked) if asked else 1.0,
        "lexical_agreement": (place.bm25_score or 0.0) / best_bm25 if best_bm25 > 0 else 0.0,
        "best_dense": max((p.dense_score or 0.0 for p in evidence.passages), default=0.0),
    }


@dataclass(frozen=True)
class AnswerabilityModel:
    """Logistic regression on standardised signals: P(the evidence answers the question)."""

    coefficients: dict[str, float]
    intercept: float
    means: dict[str, float]
    scales: dict[str, float]
    threshold: float

    def probability(self, signals: dict[str, float]) -> float:
        z = self.intercept + sum(w * (signals[name] - self.means[name]) / self.scales[name]
                                 for name, w in self.coefficients.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def weakest(self, signals: dict[str, float], count: int = 2) -> list[str]:
        """The signals that pulled the probability down most (for the log line of a refusal)."""
        pulls = {name: w * (signals[name] - self.means[name]) / self.scales[name] for name, w in self.coefficients.items()}
        return [f"{name}={signals[name]:.2f}" for name in sorted(pulls, key=pulls.get)[:count] if pulls[name] < 0]

    def to_dict(self) -> dict:
        return {"features": list(self.coefficients), "coefficients": self.coefficients, "intercept": self.intercept,
                "means": self.means, "scales": self.scales, "threshold": self.threshold}

    @classmethod
    def from_dict(cls, data: dict) -> AnswerabilityModel:
        return cls(dict(data["coefficients"]), float(data["intercept"]), dict(data["means"]), dict(data["scales"]),
                   float(data["threshold"]))


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_FILE) -> AnswerabilityModel:
    """The fitted model shipped with the code."""
    return AnswerabilityModel.from_dict(json.loads(path.read_text(encoding="utf-8")))
