"""The Evaluatie tab: load an evaluation run (a report.json or a demo run), read every question with its answer
and automatic verdict, grade it by hand, export the grades and see how often people and the automatic check agree.

Grades live in the ``grades`` table of the app's SQLite file, keyed by the run's ``created`` timestamp.
"""

from __future__ import annotations

import html
import json
import threading
import time
from pathlib import Path

import gradio as gr

from answer.assistant import Assistant
from beleid.settings import Settings
from ui.auth import LoginGate
from ui.files import export_folder
from ui.notify import error
from ui.store import GRADES, FeedbackStore

CITATIONS = {"kloppen": True, "kloppen niet": False}
AGREEMENT_COLUMNS = ["Maatstaf", "Waarde"]
SUMMARY_LABELS = {
    "questions": "Vragen", "correct": "Correct (alle)", "answerable_correct": "Correct (beantwoordbaar)",
    "key_fact_accuracy": "Kernfeiten gevonden", "citation_precision": "Precisie bronvermelding",
    "refusal_precision": "Precisie weigeringen", "refusal_recall": "Recall weigeringen",
    "false_refusal_rate": "Onterecht geweigerd", "recall@5": "Recall@5", "mrr@10": "MRR@10",
    "latency_p50_ms": "Antwoordtijd p50 (ms)", "latency_p95_ms": "Antwoordtijd p95 (ms)",
}
MAX_REPORT_BYTES = 50_000_000
NO_RUN = "Laad eerst een evaluatierun (report.json of de demo-evaluatie)."


def _yes_no(value) -> str:
    return "ja" if value else "nee"


def summary_markdown(run: dict) -> str:
    """The run's headline metrics and the share correct per question type."""
    lines = [f"**Run {run['created']}** — sets: {', '.join(run.get('sets', [])) or '?'}", "",
             "| Maatstaf | Waarde |", "|---|---|"]
    lines += [f"| {label} | {run['summary'][key]} |" for key, label in SUMMARY_LABELS.items()
              if key in run.get("summary", {})]
    if run.get("by_type"):
        lines += ["", "| Vraagtype | Correct |", "|---|---|"] + [f"| {t} | {v} |" for t, v in run["by_type"].items()]
    return "\n".join(lines)


def question_html(run: dict, question_id: str) -> str:
    """One question: its text, the answer, the sources and the automatic verdict, all escaped."""
    rows = run["questions"]
    number, row = next((n, r) for n, r in enumerate(rows, 1) if str(r["id"]) == question_id)
    sources = "".join(f"<li>{html.escape(str(s))}</li>" for s in row.get("sources", [])) or "<li>geen</li>"
    verdict = (f"correct: <b>{_yes_no(row.get('correct'))}</b> · geweigerd: <b>{_yes_no(row.get('refused'))}</b> · "
               f"kernfeiten gevonden: <b>{row.get('facts_found', 0):.0%}</b> · "
               f"beantwoordbaar: {_yes_no(row.get('answerable'))} · type: {html.escape(str(row.get('type', '')))}")
    return (f"<div class='eval-vraag'><p class='meta'>Vraag {number} van {len(rows)} "
            f"({html.escape(question_id)})</p><h3>{html.escape(str(row['question']))}</h3>"
            f"<h4>Antwoord</h4><div class='eval-antwoord' style='white-space:pre-wrap'>"
            f"{html.escape(str(row.get('answer', '')))}</div><h4>Bronnen</h4><ul>{sources}</ul>"
            f"<h4>Automatisch oordeel</h4><p class='eval-automatisch'>{verdict}</p></div>")


def agreement(run: dict, grades: dict[str, dict]) -> list[list]:
    """How often the human grade matches the automatic one (juist = correct, fout = niet correct)."""
    auto = {str(r["id"]): bool(r.get("correct")) for r in run["questions"]}
    pairs = [(auto[q], g["grade"] == "juist") for q, g in grades.items() if q in auto and g["grade"] != "deels juist"]
    agree = sum(a == h for a, h in pairs)
    n = len(pairs)
    kappa = "n.v.t."
    if n:
        expected = (sum(a for a, _ in pairs) * sum(h for _, h in pairs)
                    + sum(not a for a, _ in pairs) * sum(not h for _, h in pairs)) / n ** 2
        if expected < 1:
            kappa = f"{(agree / n - expected) / (1 - expected):.2f}"
    sources_ok = sum(g["citations_ok"] == 1 for g in grades.values())
    return [["Beoordeeld", len(grades)], ["Deels juist (niet vergeleken)", len(grades) - n],
            ["Vergeleken", n], ["Eens met automatisch oordeel", agree],
            ["Overeenstemming", f"{agree / n:.0%}" if n else "n.v.t."], ["Cohen's kappa", kappa],
            ["Bronnen kloppen", sources_ok]]


def read_report(path: str | None) -> dict:
    """A report.json from `beleid eval`, checked enough to show it."""
    if not path:
        raise error("Kies eerst een report.json om te laden.")
    file = Path(path)
    if file.stat().st_size > MAX_REPORT_BYTES:
        raise error("Dit bestand is te groot voor een evaluatierapport.")
    try:
        run = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise error("Dit is geen geldig JSON-bestand.") from None
    if not isinstance(run, dict) or not run.get("created") or not isinstance(run.get("questions"), list) \
            or not all(isinstance(q, dict) and "id" in q and "question" in q for q in run["questions"]):
        raise error("Dit is geen evaluatierapport van `beleid eval` (created en questions ontbreken).")
    if not run["questions"]:
        raise error("Dit evaluatierapport bevat geen vragen.")
    return run


class EvaluationTab:
    """Load a run, step through its questions, grade them and compare with the automatic verdict."""

    def __init__(self, settings: Settings, assistant: Assistant, store: FeedbackStore, gate: LoginGate):
        self.settings, self.assistant, self.store, self.gate = settings, assistant, store, gate
        self.export_dir = export_folder("beleid-evaluatie-")
        self._demo_lock = threading.Lock()
        self._demo_assistant: Assistant | None = None
        self.run = gr.State(None)
        with gate.area("evaluaties te beoordelen"):
            gr.Markdown("Laad een evaluatierun (`report.json` van `beleid eval`) of voer de demo-evaluatie uit, "
                        "en beoordeel de antwoorden vraag per vraag.")
            with gr.Row(equal_height=True):
                self.upload = gr.File(label="report.json", file_types=[".json"], type="filepath", scale=3,
                                      elem_id="eval-upload")
                with gr.Column(scale=1):
                    self.load_button = gr.Button("Laad rapport", variant="primary", elem_id="eval-laad")
                    self.demo_button = gr.Button("Voer evaluatie uit (demo)", elem_id="eval-demo")
            self.summary = gr.Markdown(elem_id="eval-samenvatting")
            with gr.Row(equal_height=True):
                self.previous = gr.Button("◀ Vorige", scale=1, elem_id="eval-vorige")
                self.question = gr.Dropdown(label="Vraag", choices=[], scale=6, allow_custom_value=True,
                                            elem_id="eval-vraagkeuze")
                self.next = gr.Button("Volgende ▶", scale=1, elem_id="eval-volgende")
            self.detail = gr.HTML(elem_id="eval-vraag")
            with gr.Row():
                self.grade = gr.Radio(list(GRADES), label="Oordeel", elem_id="eval-oordeel")
                self.citations = gr.Radio(list(CITATIONS), label="Bronnen", elem_id="eval-bronnen")
            self.note = gr.Textbox(label="Opmerking (optioneel)", max_lines=3, elem_id="eval-opmerking")
            with gr.Row():
                self.save_button = gr.Button("Bewaar oordeel", variant="primary", elem_id="eval-bewaar")
                self.export_button = gr.Button("Exporteer beoordelingen (CSV)", elem_id="eval-exporteer")
            self.status = gr.Markdown(elem_id="eval-status")
            self.download = gr.File(label="CSV-bestand", interactive=False, visible=False, elem_id="eval-csv")
            gr.Markdown("### Overeenstemming met het automatische oordeel")
            self.agreement = gr.Dataframe(headers=AGREEMENT_COLUMNS, interactive=False, elem_id="eval-overeenstemming")

    @property
    def _shown(self) -> list:
        return [self.question, self.detail, self.grade, self.citations, self.note, self.status, self.agreement]

    def register(self) -> None:
        loaded = [self.run, self.summary, *self._shown]
        self.load_button.click(self.load, [self.gate.user, self.upload], loaded, api_name="eval_load")
        self.demo_button.click(self.run_demo, [self.gate.user], loaded, api_name="eval_demo", concurrency_limit=1)
        self.question.input(self.show, [self.gate.user, self.run, self.question], self._shown,
                            api_name="eval_question")
        self.previous.click(self.step_back, [self.gate.user, self.run, self.question], self._shown,
                            api_name="eval_previous")
        self.next.click(self.step_on, [self.gate.user, self.run, self.question], self._shown, api_name="eval_next")
        self.save_button.click(self.save, [self.gate.user, self.run, self.question, self.grade, self.citations,
                                           self.note], [self.status, self.agreement], api_name="eval_grade")
        self.export_button.click(self.export, [self.gate.user, self.run], [self.download], api_name="export_grades")

    def _loaded(self, run: dict, user: str | None) -> tuple:
        choices = [(f"{n}. {str(q['question'])[:90]}", str(q["id"])) for n, q in enumerate(run["questions"], 1)]
        first = choices[0][1]
        shown = self.show(user, run, first)
        return (run, summary_markdown(run), gr.Dropdown(choices=choices, value=first), *shown[1:])

    def load(self, user: str | None, path: str | None) -> tuple:
        """Read an uploaded report.json and show its first question."""
        self.gate.require(user)
        return self._loaded(read_report(path), user)

    def run_demo(self, user: str | None, progress=gr.Progress()) -> tuple:
        """Evaluate the demo gold set on its own index (the app's embedding model) and show the result."""
        from eval.gold import load_questions
        from eval.run import QUESTION_SETS, eval_settings, run_eval
        from index.catalog import IndexCatalog

        self.gate.require(user)
        total = len(load_questions(QUESTION_SETS["demo"]))
        with self._demo_lock:
            progress(0, desc="Demo-index opbouwen…")
            if self._demo_assistant is None:
                demo_settings = eval_settings(self.settings, ["demo"])
                catalog = IndexCatalog(demo_settings, embedder=self.assistant.catalog.embedder)
                self._demo_assistant = Assistant(demo_settings, catalog=catalog)
            assistant = self._demo_assistant
            ask, done = assistant.ask, [0]

            def counted(*args, **kwargs):
                progress((done[0], total), desc="Vragen beantwoorden", unit="vragen")
                done[0] += 1
                return ask(*args, **kwargs)

            assistant.ask = counted
            try:
                run = run_eval(self.settings, ["demo"], assistant=assistant)
            finally:
                del assistant.ask
        return self._loaded(run, user)

    def show(self, user: str | None, run: dict | None, question_id: str | None) -> tuple:
        """The question, its stored grade (if any) and the agreement so far."""
        self.gate.require(user)
        if not run:
            raise error(NO_RUN)
        if str(question_id) not in {str(q["id"]) for q in run["questions"]}:
            raise error("Deze vraag staat niet in de geladen evaluatierun.")
        grades = self.store.grades(run["created"])
        stored = grades.get(question_id, {})
        citations = {1: "kloppen", 0: "kloppen niet"}.get(stored.get("citations_ok"))
        return (question_id, question_html(run, question_id), stored.get("grade"), citations, stored.get("note", ""),
                "", self._agreement(run, grades))

    def _step(self, user: str | None, run: dict | None, question_id: str | None, delta: int) -> tuple:
        if not run:
            raise error(NO_RUN)
        ids = [str(q["id"]) for q in run["questions"]]
        index = ids.index(question_id) if question_id in ids else 0
        return self.show(user, run, ids[max(0, min(len(ids) - 1, index + delta))])

    def step_back(self, user: str | None, run: dict | None, question_id: str | None) -> tuple:
        """The previous question."""
        return self._step(user, run, question_id, -1)

    def step_on(self, user: str | None, run: dict | None, question_id: str | None) -> tuple:
        """The next question."""
        return self._step(user, run, question_id, 1)

    def save(self, user: str | None, run: dict | None, question_id: str | None, grade: str | None,
             citations: str | None, note: str | None) -> tuple:
        """Store the grade of the shown question (again: replaces) and update the agreement table."""
        self.gate.require(user)
        if not run or not question_id:
            raise error(NO_RUN)
        if grade not in GRADES:
            raise error("Kies eerst een oordeel: juist, deels juist of fout.")
        self.store.grade(run["created"], question_id, grade, CITATIONS.get(citations or ""), note or "", user or "")
        grades = self.store.grades(run["created"])
        return f"✅ Oordeel bewaard voor {question_id}: {grade}", self._agreement(run, grades)

    def _agreement(self, run: dict, grades: dict[str, dict]) -> dict:
        return {"headers": AGREEMENT_COLUMNS, "data": agreement(run, grades)}

    def export(self, user: str | None, run: dict | None) -> gr.File:
        """The grades of the loaded run as a CSV file for Excel."""
        self.gate.require(user)
        if not run:
            raise error(NO_RUN)
        path = self.export_dir / f"beoordelingen-{time.strftime('%Y%m%d-%H%M%S')}.csv"
        self.store.export_grades_csv(path, run["created"], {str(q["id"]): q for q in run["questions"]})
        return gr.File(value=str(path), visible=True)
