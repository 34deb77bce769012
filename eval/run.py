"""One evaluation run: a gold set through the real pipeline, judged, with retrieval and answer metrics."""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
from pathlib import Path

from answer.assistant import Assistant
from answer.types import Turn
from beleid.settings import IngestSettings, Settings
from eval.answers import Judged, summarize
from eval.gold import QUESTIONS_DIR, GoldQuestion, load_questions
from eval.real import REAL_PDFS, REAL_TEXTS, real_folder_or_exit
from eval.retrieval import DEPTH, rank_metrics

REPO = Path(__file__).resolve().parent.parent
DEMO_CORPUS = REPO / "corpus"
QUESTION_SETS = {name: QUESTIONS_DIR / f"{name}.jsonl" for name in ("demo", "fixtures", "real", "realtexts")}
# Sets over the real documents in ../shared/: their corpus is read from there, never copied into the repo.
REAL_CORPORA = {"real": REAL_PDFS, "realtexts": REAL_TEXTS}
DEFAULT_SETS = ("demo", "fixtures")


def available_sets() -> list[str]:
    """The gold sets whose documents are on this machine."""
    return [name for name in QUESTION_SETS if name not in REAL_CORPORA or REAL_CORPORA[name].is_dir()]


def prepare_corpus(folder: Path, sets: list[str]) -> Path:
    """A corpus folder (in the eval data dir) with the documents the named gold sets ask about: demo texts,
    fixture PDFs, the real PDFs or texts from ../shared/."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, source in REAL_CORPORA.items():
        if name in sets:
            real_folder_or_exit(source)
            for path in source.iterdir():
                if path.suffix.lower() in {".pdf", ".md"} and path.name != "README.md":
                    shutil.copy(path, folder / path.name)
    if "demo" in sets:
        for path in DEMO_CORPUS.iterdir():
            shutil.copy(path, folder / path.name)
    if "fixtures" in sets:
        from eval.pdfgen import write_fixture_corpus

        write_fixture_corpus(folder)
    return folder


def eval_settings(base: Settings, sets: list[str]) -> Settings:
    """Settings for an evaluation: its own data dir and corpus, the same model cache and knobs."""
    data_dir = base.data_dir / "eval" / "-".join(sorted(sets))
    corpus = prepare_corpus(data_dir / "corpus", sets)
    return base.model_copy(update={"data_dir": data_dir, "model_cache": base.models_dir,
                                   "ingest": IngestSettings(corpus_dir=corpus)})


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1) if ordered else 0.0


def judge(assistant: Assistant, question: GoldQuestion) -> tuple[Judged, dict]:
    """The answer judged against the gold set, and one row for the per-question table."""
    answer = assistant.ask(question.question, [Turn(h["question"], h["answer"]) for h in question.history])
    judged = Judged(question, answer)
    hits = assistant.retriever.search(answer.standalone_question, k=DEPTH)
    ranks = rank_metrics([question.is_relevant(h.text, h.file_name) for h in hits])
    row = {
        "id": question.id, "type": question.type, "question": question.question, "answerable": question.answerable,
        "correct": judged.correct, "refused": answer.refused, "facts_found": round(judged.facts_found, 3),
        "citations": len(answer.citations), "precise_citations": judged.precise_citations,
        "recall@5": ranks["recall@5"], "rr@10": ranks["mrr@10"], "latency_ms": answer.timings["total_ms"],
        "page_checks": judged.page_checks,
        "answer": answer.text, "sources": [f"{c.file_name} p.{c.page_label}" for c in answer.citations],
        "reason": answer.reason, "answerability": answer.answerability,
    }
    return judged, row


def run_eval(settings: Settings, sets: list[str], assistant: Assistant | None = None, every: int = 1) -> dict:
    """Ingest the sets' corpus, answer every question (or every ``every``-th: a sample for slow backends such as an
    LLM on the CPU), return summary + per-question rows (JSON-ready)."""
    from index.indexer import Indexer

    run_settings = eval_settings(settings, sets)
    assistant = assistant or Assistant(run_settings)
    Indexer(run_settings, assistant.catalog).ingest()
    questions = [q for name in sets for q in load_questions(QUESTION_SETS[name])][::every]
    judged, rows = zip(*(judge(assistant, q) for q in questions))
    answerable = [r for r in rows if r["answerable"]]
    latencies = [r["latency_ms"] for r in rows]
    summary = {
        **summarize(list(judged)),
        "recall@5": round(statistics.mean(r["recall@5"] for r in answerable), 3),
        "mrr@10": round(statistics.mean(r["rr@10"] for r in answerable), 3),
        "latency_p50_ms": _percentile(latencies, 0.5),
        "latency_p95_ms": _percentile(latencies, 0.95),
    }
    by_type = {}
    for row in rows:
        by_type.setdefault(row["type"], []).append(row["correct"])
    return {
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "sets": sets,
        "every": every,
        "settings": {"embedding": settings.embedding.model_dump(), "index": settings.index.model_dump(mode="json"),
                     "answer": settings.answer.model_dump(mode="json", exclude={"llm_api_key"})},
        "summary": summary,
        "by_type": {t: round(sum(v) / len(v), 3) for t, v in sorted(by_type.items())},
        "questions": list(rows),
    }
