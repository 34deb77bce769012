"""Follow-up questions made standalone before retrieval (rule-based; the LLM backend has its own)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from answer.terms import YEAR, content_terms
from answer.types import Turn

_ANAPHORA = re.compile(
    r"^\s*(en|maar|ook|dus|and|what about)\b|\b(dat|die|dit|deze|daar\w*|ervan|erin|erover|zij|hij|hem|haar|ze|"
    r"hun|het er|er|toen|vroeger|daarna|daarvoor|it|they|that|those)\b",
    re.I,
)
_MIN_OWN_TERMS = 3
# The words a question asks with: "Hoe groot", "Met hoeveel", "Wanneer", "Welke".
_ASKING = re.compile(r"(?:^\s*(?:(?:met|om|voor|bij|aan|op|in|van|tot|tegen|over|sinds|per|vanaf)\s+)?|\b)"
                     r"(?:hoe\s+(?:groot|hoog|veel|lang|vaak|laat)|hoe|hoeveel|wanneer|wie|wat|welke?|waarom|waar)\b", re.I)
_WORD = re.compile(r"[\w][\w.,-]*[\w]|\w")
# A follow-up about another time than the question before ("Hoeveel waren het er vroeger?").
_OTHER_TIME = re.compile(r"\b(?:vroeger|daarvoor|eerder|voordien|destijds|daarna|later|nadien)\b", re.I)


def needs_context(question: str) -> bool:
    """Elliptic questions ("En wanneer werd dat gesloten?") refer back to the conversation."""
    return bool(_ANAPHORA.search(question)) or len(content_terms(question)) < _MIN_OWN_TERMS


def standalone_question(question: str, history: Sequence[Turn]) -> str:
    """A follow-up that depends on the conversation, with the key words of the previous question added.

    Measured on the demo gold set against two alternatives (key words in front, the whole previous
    question in front): adding them after the question in parentheses answered most follow-ups. A follow-up
    without a question word of its own ("En voor West-Overijssel?") also gets the words the previous question
    asks with ("Hoe groot"): question_kind reads them there, so it asks for an amount too (fixtures +1). A
    follow-up about another time ("Hoeveel waren het er vroeger?") does not get the previous question's years:
    they name the period it moves away from, and on a corpus of many convenants they retrieved only that one.
    """
    if not history or not needs_context(question):
        return question
    own = content_terms(question)
    previous = history[-1].question
    other_time = bool(_OTHER_TIME.search(question))
    extra = [w for w in _WORD.findall(previous) if content_terms(w) and not content_terms(w) <= own
             and not (other_time and YEAR.search(w))]  # not the period it moves away from
    asks = _ASKING.match(previous)
    if asks and not _ASKING.search(question):  # "En voor West-Overijssel?" asks what the question before asked
        lead = asks.group().split()
        extra = [*lead, *(w for w in extra if w not in lead)]
    unique = list(dict.fromkeys(extra))
    return f"{question.rstrip()} ({' '.join(unique)})" if unique else question
