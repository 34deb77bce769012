"""What a question asks for by name, and whether the answer's sentences hold it.

An amount of a thing ("Hoe hoog is de stagevergoeding?", "Hoeveel zienswijzen …?"), a number in a unit ("Welk
percentage …?", "… in dB"), a detail (a telephone number, an e-mail or web address, a name), a municipality
("de gemeente Hengelo") or what was realised rather than promised ("… effectief …?"). The extractive answerer refuses before its answerability model when the chosen
sentences lack what the question names: a sentence on the topic without it is no answer (docs/EVAL.md, sixth
round of issue 17). The unit and counted-thing helpers are shared with the answerability signals.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from answer.questions import counted_noun
from answer.terms import content_terms, covered, numbers

# Units a count question may name instead of the thing counted: "Hoeveel procent …" is answered by "45%".
_UNITS = {"procent": r"%|procent", "percentage": r"%|procent", "geld": r"euro|€|miljoen|miljard", "euro": r"euro|€|miljoen",
          "budget": r"euro|€|miljoen|miljard", "subsidie": r"euro|€|miljoen", "bedrag": r"euro|€|miljoen|miljard|gulden"}
_WHICH_UNIT = re.compile(r"\bwelke? (?P<noun>percentage|bedrag)\b", re.I)  # "Welk percentage …?", "Welk bedrag …?"
# Units of measurement: "Hoeveel hectare …?" and "Welke geluidsnorm in dB …?" want a number in that unit.
_MEASURES = {"hectare": r"ha|hectare", "ha": r"ha|hectare", "km": r"km|kilometer", "kilometer": r"km|kilometer",
             "meter": r"m|meter", "db": r"db", "mw": r"mw|megawatt", "megawatt": r"mw|megawatt", "gwh": r"gwh",
             "twh": r"twh", "mwh": r"mwh", "kwh": r"kwh", "uur": r"uur|uren", "uren": r"uur|uren"}
_IN_UNIT = re.compile(rf"\bin\s+(?P<unit>{'|'.join(_MEASURES)})\b", re.I)
NUMBER_WORDS = (r"twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|"
                 r"\w*(?:twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)|\w*honderd|\w*duizend")
_PART_OF_NUMBER = {"extra", "miljoen", "miljard", "duizend", "honderd"}  # "9 miljoen euro", "90 extra windturbines"
# A number (or number word) and the words after it: "minstens 15 lokale besturen" counts the "besturen".
_COUNT = re.compile(rf"(?<![\w.,])(?P<number>\d+(?:[.,]\d+)*|(?:{NUMBER_WORDS})\b)(?P<after>(?:\s+[\w’'-]+){{0,3}})", re.I)
_DUTCH_COUNT = re.compile(rf"\bhoeveel\b|\bhoe (?:hoog|groot)\b|{_WHICH_UNIT.pattern}", re.I)
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
_MUNICIPALITY = re.compile(r"\b(?:gemeente|stad)\s+(?P<name>[A-ZÀ-Ý][\w'’-]+"
                          r"(?:\s+(?:(?:van|de|den|aan|op|in|het)\s+)?[A-ZÀ-Ý][\w'’-]+)*)")
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
# A commitment or target ("minstens 60 leerlingen laten volgen", "De sector engageert zich …"), and a question
# that asks what was realised ("Hoeveel leerlingen volgden effectief …?").
_TARGET = re.compile(r"\b(?:minstens|ten minste|maximaal|streefcijfers?|streeft|engageert|engageren|verbindt|verbinden|"
                     r"zal|zullen|beoogt|doelstelling)\b", re.I)
_ASKS_REALISED = re.compile(r"\b(?:effectief|werkelijk|daadwerkelijk|feitelijk|gerealiseerd|behaald)\b", re.I)
# Words after "hoeveel" that are verbs, not the thing counted ("Hoeveel waren het er vroeger?").
_NOT_COUNTED = {"waren", "zijn", "worden", "werden", "hebben", "hadden", "kosten", "bedragen", "krijgen", "mogen", "kunnen",
                "zullen", "gaan", "staan", "komen", "moeten", "werken", "wonen", "blijven", "bestaan", "bevatten", "tellen"}


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


def is_counted_thing(noun: str) -> bool:
    """"Hoeveel zienswijzen …": a plural noun after "hoeveel", not a verb ("Hoeveel bedraagt …")."""
    return bool(noun) and noun not in _NOT_COUNTED and noun.endswith(("en", "s")) and len(noun) > 4


def asked_thing(question: str) -> tuple[str, ...]:
    """The words naming what a Dutch amount question asks the amount of: "Hoe hoog is de stagevergoeding …?"
    -> ("stagevergoeding",), "Hoeveel bedroeg het totale budget van …?" -> ("budget",), "Hoeveel zienswijzen
    …?" -> ("zienswijzen",), "Hoeveel kilometervergoeding …?" -> ("kilometervergoeding",); () when it names none. The phrase ends at a preposition or relative pronoun, and
    attributive adjectives before the noun ("totale", "vaste", "tijdelijke") are no part of what is asked."""
    match = _AMOUNT_OF.search(question)
    if match:
        words = match.group("phrase").split()
        return tuple(w for i, w in enumerate(words)
                     if w.lower() != "extra" and not (i < len(words) - 1 and _ADJECTIVE.search(w)))
    noun = counted_noun(question)
    paid = bool(noun) and bool(_MONEY_NOUN.search(next(iter(content_terms(noun)), noun)))  # "Hoeveel kilometervergoeding …"
    return (noun,) if _DUTCH_COUNT.search(question) and (is_counted_thing(noun) or paid) else ()


def amount_given(question: str, texts: Sequence[str]) -> bool:
    """Whether one of ``texts`` (the answer's sentences) gives the amount a Dutch amount question asks for: a
    number in the unit it names ("Hoeveel GWh …", "… in dB"), or a number (or number word) it does not name
    itself in one sentence with the thing it asks about ("Hoe hoog is de stagevergoeding?" is not answered by
    "In verband met de salarisverhoging van 2% …"); for something paid or a price, that number is an amount of
    money or a share ("Hoe hoog is de maaltijdvergoeding?" is not answered by "…, als bedoeld in artikel 5, …"),
    and a paid thing is named by its own word, not by its head ("vergoeding" names every allowance, not the
    "kilometervergoeding").
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
    return any(_number_of(text, wanted, asked)
               and all(_names(term, content_terms(text), by_head=not money) for term in wanted)
               and (not money or _MONEY_VALUE.search(text)) for text in texts)


def _number_of(text: str, wanted: list[str], asked: set[str]) -> bool:
    """Whether ``text`` holds a number the question does not name itself that does not count something else:
    "De sectorconsulenten begeleiden minstens 15 lokale besturen" gives no number of sectorconsulenten."""
    for match in _COUNT.finditer(text):
        number = match.group("number")
        if number[0].isdigit() and number in asked:
            continue
        if not _counts_other(match.group("after").split(), wanted):
            return True
    return False


def _counts_other(words: list[str], wanted: list[str]) -> bool:
    """Whether the words after a number name a counted thing (past its adjectives) other than the asked one."""
    for word in words:
        word = word.lower()
        if word in _PART_OF_NUMBER or _ADJECTIVE.search(word):
            continue
        return is_counted_thing(word) and not any(_names(term, content_terms(word)) for term in wanted)
    return False


def _names(term: str, found: frozenset[str], by_head: bool = True) -> bool:
    """Whether ``found`` names the thing ``term`` stands for: the term itself, a compound of which it is the head
    ("maaltijdvergoeding" for "vergoeding"), or (``by_head``) the head of the term ("dagen" for "brugdagen"); not
    a compound's first part ("opleiding" does not name "opleidingscheques")."""
    return any(t.endswith(term) or (by_head and len(t) >= 4 and term.endswith(t)) for t in found)


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


def realised_number_given(question: str, texts: Sequence[str]) -> bool:
    """Whether a count question that asks what was realised ("Hoeveel leerlingen volgden in 2022 effectief een
    duaal traject?") is answered by more than a target: an answer whose every sentence is a commitment ("De
    sector engageert zich tot …: minstens 60 leerlingen een duaal traject laten volgen") does not say what was
    realised. True for every other question (in a convenant most answers are commitments)."""
    if not (_DUTCH_COUNT.search(question) and _ASKS_REALISED.search(question)):
        return True
    return not texts or not all(_TARGET.search(text) for text in texts)
