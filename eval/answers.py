"""Answer metrics on a gold set: key-fact accuracy, citation precision/recall, refusal precision/recall.

Run: ``python -m eval.answers [--questions FILE] [--calibrate]``.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from answer.types import Answer, Turn
from eval.gold import QUESTIONS_DIR, GoldQuestion, load_questions, squash


@dataclass(frozen=True)
class Judged:
    """One question's answer judged against the gold set."""

    question: GoldQuestion
    answer: Answer

    @property
    def facts_found(self) -> float:
        if self.answer.refused or not self.question.expected_facts:
            return 0.0
        text = squash(self.answer.text)
        return sum(squash(f) in text for f in self.question.expected_facts) / len(self.question.expected_facts)

    @property
    def correct(self) -> bool:
        """Answerable: every key fact present. Unanswerable: refused."""
        if not self.question.answerable:
            return self.answer.refused
        return not self.answer.refused and self.facts_found == 1.0

    @property
    def precise_citations(self) -> int:
        return sum(self.question.is_relevant(c.passage, c.file_name) for c in self.answer.citations)

    @property
    def page_checks(self) -> list[bool]:
        """For each citation that quotes a support string: whether it cites a page the gold names for it."""
        pages = {(source["file"], source["page"]) for source in self.question.expected_sources}
        supports = [squash(s) for s in self.question.support]
        checks = []
        for citation in self.answer.citations:
            quote = squash(citation.quote)
            if any(support in quote or quote in support for support in supports):
                checks.append((citation.file_name, citation.page) in pages)
        return checks

    @property
    def cited_expected_sources(self) -> float:
        expected = {s["file"] for s in self.question.expected_sources}
        if not expected:
            return 0.0
        return len(expected & {c.file_name for c in self.answer.citations}) / len(expected)


def answer_all(assistant, questions: list[GoldQuestion]) -> list[Judged]:
    judged = []
    for q in questions:
        history = [Turn(h["question"], h["answer"]) for h in q.history]
        judged.append(Judged(q, assistant.ask(q.question, history)))
    return judged


def summarize(judged: list[Judged]) -> dict[str, float]:
    answerable = [j for j in judged if j.question.answerable]
    unanswerable = [j for j in judged if not j.question.answerable]
    refused = [j for j in judged if j.answer.refused]
    citations = sum(len(j.answer.citations) for j in answerable)
    answered = [j for j in answerable if not j.answer.refused]
    page_checks = [check for j in answered for check in j.page_checks]

    def ratio(a: float, b: float) -> float:
        return round(a / b, 3) if b else 0.0

    return {
        "questions": len(judged),
        "correct": ratio(sum(j.correct for j in judged), len(judged)),
        "answerable_correct": ratio(sum(j.correct for j in answerable), len(answerable)),
        "key_fact_accuracy": ratio(sum(j.facts_found for j in answerable), len(answerable)),
        "citation_precision": ratio(sum(j.precise_citations for j in answerable), citations),
        "citation_recall": ratio(sum(j.cited_expected_sources for j in answered), len(answered)),
        "citation_page_accuracy": ratio(sum(page_checks), len(page_checks)),
        "page_checked_citations": len(page_checks),
        "refusal_precision": ratio(sum(not j.question.answerable for j in refused), len(refused)),
        "refusal_recall": ratio(sum(j.answer.refused for j in unanswerable), len(unanswerable)),
        "false_refusal_rate": ratio(sum(j.answer.refused for j in answerable), len(answerable)),
    }


def calibrate(assistant, questions: list[GoldQuestion]) -> list[dict]:
    """Correct answers + correct refusals for a range of answerability thresholds (best first)."""
    grid = []
    base = assistant.settings.answer
    for threshold in [round(0.3 + 0.05 * i, 2) for i in range(11)]:
        assistant.extractive.settings = base.model_copy(update={"min_answerability": threshold})
        grid.append({"min_answerability": threshold, **summarize(answer_all(assistant, questions))})
    assistant.extractive.settings = base
    return sorted(grid, key=lambda row: (-row["correct"], -row["min_answerability"]))


def main() -> None:
    from answer.assistant import Assistant
    from beleid.offline import apply_offline_guards
    from beleid.settings import Settings
    from index.indexer import Indexer

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", default=str(QUESTIONS_DIR / "demo.jsonl"))
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--show", action="store_true", help="Print every answer.")
    args = parser.parse_args()
    settings = Settings()
    apply_offline_guards(settings.allow_network)
    assistant = Assistant(settings)
    Indexer(settings, assistant.catalog).ingest()
    questions = load_questions(Path(args.questions))
    if args.calibrate:
        print(json.dumps(calibrate(assistant, questions)[:15], indent=1))
        return
    judged = answer_all(assistant, questions)
    if args.show:
        for j in judged:
            mark = "OK " if j.correct else "BAD"
            print(f"{mark} {j.question.id} [{j.question.type}] {j.question.question}\n    -> {j.answer.text[:300]!r} ({j.answer.reason})")
    print(json.dumps(summarize(judged), indent=1))


if __name__ == "__main__":
    main()
