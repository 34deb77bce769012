"""What kind of answer a Dutch (or English) question asks for."""

from __future__ import annotations

import re

_LEAD = r"^\s*(?:en\s+|maar\s+)?"
_KINDS = (
    ("ordinal", re.compile(r"\bhoeveelste\b", re.I)),  # "De hoeveelste generatie …?": "de achtste"
    ("count", re.compile(_LEAD + r"(?:hoeveel|how (?:many|much)|welk (?:bedrag|aantal|percentage)|"
                         r"hoe (?:groot|hoog|veel|lang|zwaar|ver|oud)\b|(?:met|om|voor|bij|aan|op|in|van|tot|tegen|over) hoeveel)", re.I)),
    ("date", re.compile(_LEAD + r"(?:wanneer|when|in welk jaar|op welke datum|in welke (?:maand|periode)|"
                        r"(?:sinds|tot|per|vanaf|tegen) wanneer)\b|\b(?:sinds|per|vanaf|tegen) wanneer\b", re.I)),
    ("who", re.compile(_LEAD + r"(?:wie|who|door wie|met wie|van wie|aan wie)\b", re.I)),
    ("why", re.compile(_LEAD + r"(?:waarom|why|om welke reden|hoe komt het|wat is de reden)\b", re.I)),
    ("list", re.compile(_LEAD + r"(?:wat zijn|noem|which|what are|geef een overzicht)\b", re.I)),
)
_CONTEXT = re.compile(r"\?\s*\((.+)\)\s*$")  # "En voor West-Overijssel? (Hoe groot … Twente 2030)"
_WHICH = re.compile(_LEAD + r"(?:(?:op|voor|in|tussen|rond|bij|met|uit|onder|aan|van|binnen|over)\s+)?welke\s+(?P<rest>.*)", re.I)
NUMERALS = {"twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien"}


def _asks_for_several(rest: str) -> bool:
    """'welke gebieden', 'welke drie rollen': a plural noun (or a numeral) right after 'welke'."""
    words = re.findall(r"[\w'’-]+", rest.lower())[:2]
    if words and words[0] in NUMERALS:
        return True
    return any((w.endswith("en") and len(w) > 4) or w.endswith(("'s", "’s")) or (w.endswith("s") and len(w) > 3
               and not w.endswith("ss")) for w in words)


def question_kind(question: str) -> str:
    """'ordinal', 'count', 'date', 'who', 'why', 'list' or 'explain'.

    "Welke" asks for a list only before a plural noun: "Welke gebieden …?" is a list, "Welke sanctie …?" and
    "In welke periode …?" are not."""
    for kind, pattern in _KINDS:
        if pattern.search(question):
            return kind
    which = _WHICH.match(question)
    if which and _asks_for_several(which.group("rest")):
        return "list"
    context = _CONTEXT.search(question)  # a follow-up without a question word asks as the question before
    return question_kind(context.group(1)) if context else "explain"


_COUNTED = re.compile(r"\b(?:hoeveel|how many)\s+(?:meer\s+|extra\s+|nog\s+)?(?P<noun>[\w-]+)", re.I)
CAUSAL = re.compile(r"\b(?:omdat|doordat|daardoor|daarom|want|zodat|reden|gevolg|vanwege|wegens|dankzij|"
                    r"om\s+(?:\w+\s+){0,6}te\b|bedoeld om|met als doel|zodoende|hierdoor|daarmee)\b", re.I)


# "…, en hoeveel bij het windbeleid in 2024?", "… lid 2 en wat zegt de toelichting?", "…, en waarom?"
_SECOND_PART = re.compile(r"^(?P<first>(?:\S+\s+){3}.*?),?\s+(?:en|maar)\s+(?P<part>(?:wat|wie|welk|welke|hoeveel|"
                          r"wanneer|waarom|hoe|waar)\b[^?]*)\?*\s*$", re.I)


def question_parts(question: str) -> tuple[str, str]:
    """A question that asks two things, as its first part and the second ("Hoeveel GWh …, en wanneer is het
    tijdvak?" -> ("Hoeveel GWh …", "wanneer is het tijdvak")); ``(question, "")`` for a question asking one."""
    match = _SECOND_PART.match(question)
    return (match.group("first"), match.group("part")) if match else (question, "")


_ORDINAL_NOUN = re.compile(r"\bhoeveelste\s+(?P<noun>[\w-]+)", re.I)


def ordinal_noun(question: str) -> str:
    """The thing an ordinal question numbers ("De hoeveelste generatie …" -> "generatie"), or ''."""
    match = _ORDINAL_NOUN.search(question)
    return match.group("noun").lower() if match else ""


def counted_noun(question: str) -> str:
    """The thing a count question counts ("Hoeveel zienswijzen …" -> "zienswijzen"), or ''."""
    match = _COUNTED.search(question)
    return match.group("noun").lower() if match else ""
