"""The Evaluatie tab: load a report, step through its questions, grade them, export and compare (API + one browser)."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

from tests.app_server import app_settings, running_app
from tests.browser_support import watched_context

RUN_ID = "2026-01-02T03:04:05+00:00"


def question(number: int, correct: bool, text: str) -> dict:
    return {"id": f"demo-{number:02d}", "type": "feit", "question": text, "answerable": True, "correct": correct,
            "refused": False, "facts_found": 1.0 if correct else 0.0, "citations": 1, "precise_citations": 1,
            "recall@5": 1.0, "rr@10": 1.0, "latency_ms": 12.0, "answer": f"Antwoord op {text} <script>x</script>",
            "sources": [f"bron-{number}.txt p.1"], "reason": ""}


REPORT = {
    "created": RUN_ID, "sets": ["demo"], "settings": {},
    "summary": {"questions": 3, "correct": 0.667, "recall@5": 1.0},
    "by_type": {"feit": 0.667},
    "questions": [question(1, True, "Hoeveel sectorconsulenten zijn er?"),
                  question(2, False, "Hoeveel intersectorale adviseurs zijn er?"),
                  question(3, True, "Hoeveel investeert de minister?")],
}


@pytest.fixture(scope="module")
def app(tmp_path_factory, model_dir, embedder):
    with running_app(app_settings(tmp_path_factory.mktemp("eval-app"), model_dir), embedder) as running:
        yield running


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.json"
    path.write_text(json.dumps(REPORT, ensure_ascii=False), encoding="utf-8")
    return path


def agreement_values(table: dict) -> dict:
    return {row[0]: row[1] for row in table["data"]}


def grades_in_db(app) -> dict:
    with sqlite3.connect(app.settings.state_db) as db:
        db.row_factory = sqlite3.Row
        return {r["question_id"]: dict(r) for r in db.execute("SELECT * FROM grades WHERE run_id = ?", (RUN_ID,))}


def test_a_loaded_report_is_graded_stored_exported_and_compared(app, report_file):
    client = Client(app.url, verbose=False)
    summary, chosen, detail, *_ = client.predict(path=handle_file(str(report_file)), api_name="/eval_load")
    assert RUN_ID in summary and "Recall@5" in summary
    assert chosen["value"] == "demo-01" and len(chosen["choices"]) == 3
    assert "Vraag 1 van 3" in detail and "Hoeveel sectorconsulenten zijn er?" in detail
    assert "&lt;script&gt;" in detail and "<script>" not in detail
    assert "bron-1.txt p.1" in detail

    status, table = client.predict(question_id="demo-01", grade="juist", citations="kloppen", note="Prima",
                                   api_name="/eval_grade")
    assert "Oordeel bewaard" in status
    shown = client.predict(question_id="demo-01", api_name="/eval_next")
    assert shown[0] == "demo-02" and "Vraag 2 van 3" in shown[1]
    client.predict(question_id="demo-02", grade="deels juist", citations="kloppen niet", note="",
                   api_name="/eval_grade")
    client.predict(question_id="demo-02", grade="juist", citations="kloppen niet", note="Toch fout",
                   api_name="/eval_grade")  # grading again replaces
    status, table = client.predict(question_id="demo-03", grade="fout", citations="kloppen", note="",
                                   api_name="/eval_grade")
    values = agreement_values(table)
    assert values["Beoordeeld"] == 3 and values["Vergeleken"] == 3
    assert values["Eens met automatisch oordeel"] == 1 and values["Overeenstemming"] == "33%"
    assert values["Bronnen kloppen"] == 2

    stored = grades_in_db(app)
    assert set(stored) == {"demo-01", "demo-02", "demo-03"}
    assert stored["demo-02"]["grade"] == "juist" and stored["demo-02"]["citations_ok"] == 0
    assert stored["demo-01"]["note"] == "Prima" and stored["demo-01"]["grader"] == ""

    back = client.predict(question_id="demo-02", api_name="/eval_previous")
    assert back[0] == "demo-01" and back[2] == "juist" and back[3] == "kloppen" and back[4] == "Prima"

    exported = client.predict(api_name="/export_grades")
    path = Path(exported["value"] if isinstance(exported, dict) else exported)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = {r["vraag_id"]: r for r in csv.DictReader(handle, delimiter=";")}
    assert set(rows) == {"demo-01", "demo-02", "demo-03"}
    assert rows["demo-02"]["oordeel"] == "juist" and rows["demo-02"]["automatisch_correct"] == "nee"
    assert rows["demo-01"]["vraag"] == "Hoeveel sectorconsulenten zijn er?" and rows["demo-01"]["run"] == RUN_ID


def test_a_file_that_is_not_a_report_gets_a_dutch_error(app, tmp_path):
    bad = tmp_path / "report.json"
    bad.write_text(json.dumps({"iets": 1}))
    with pytest.raises(AppError, match="geen evaluatierapport"):
        Client(app.url, verbose=False).predict(path=handle_file(str(bad)), api_name="/eval_load")
    with pytest.raises(AppError, match="Laad eerst een evaluatierun"):
        Client(app.url, verbose=False).predict(question_id="demo-01", grade="juist", citations="kloppen", note="",
                                               api_name="/eval_grade")


@pytest.mark.browser
def test_the_evaluation_tab_loads_a_report_and_a_grade_updates_the_agreement(browser, app, tmp_path):
    report_file = tmp_path / "report.json"
    report_file.write_text(json.dumps({**REPORT, "created": "2026-02-03T04:05:06+00:00"}), encoding="utf-8")
    from playwright.sync_api import expect

    with watched_context(browser) as (context, _):
        page = context.new_page()
        page.goto(app.url)
        page.get_by_role("tab", name="Evaluatie").click()
        page.locator("#eval-upload input[type=file]").set_input_files(str(report_file))
        page.locator("#eval-upload").get_by_text("report.json").first.wait_for()
        page.click("#eval-laad")
        expect(page.locator("#eval-vraag")).to_contain_text("Vraag 1 van 3")
        page.click("#eval-volgende")
        expect(page.locator("#eval-vraag")).to_contain_text("Hoeveel intersectorale adviseurs zijn er?")
        page.locator("#eval-oordeel").get_by_text("fout", exact=True).click()
        page.locator("#eval-bronnen").get_by_text("kloppen", exact=True).click()
        page.click("#eval-bewaar")
        expect(page.locator("#eval-status")).to_contain_text("Oordeel bewaard voor demo-02")
        expect(page.locator("#eval-overeenstemming")).to_contain_text("100%")
        assert page.locator("#eval-vraag script").count() == 0


def test_the_demo_evaluation_runs_on_its_own_index_and_shows_the_first_question(app):
    summary, chosen, detail, *_, table = Client(app.url, verbose=False).predict(api_name="/eval_demo")
    assert "Correct (alle)" in summary and "Recall@5" in summary
    assert len(chosen["choices"]) > 10 and "Vraag 1 van" in detail
    assert agreement_values(table)["Beoordeeld"] == 0
    assert (app.settings.data_dir / "eval" / "demo" / "index").is_dir(), "its own index beside the app's"


def test_the_evaluation_tab_needs_a_login_when_users_are_configured(tmp_path_factory, model_dir, embedder,
                                                                    report_file):
    settings = app_settings(tmp_path_factory.mktemp("eval-locked"), model_dir, users={"hr": "geheim"}, seed=False)
    with running_app(settings, embedder) as locked:
        client = Client(locked.url, verbose=False)
        with pytest.raises(AppError, match="Meld je eerst aan"):
            client.predict(path=handle_file(str(report_file)), api_name="/eval_load")
        client.predict(name="hr", password="geheim", api_name="/login")
        client.predict(path=handle_file(str(report_file)), api_name="/eval_load")
        client.predict(question_id="demo-01", grade="fout", citations="kloppen", note="", api_name="/eval_grade")
        with sqlite3.connect(settings.state_db) as db:
            assert db.execute("SELECT grader FROM grades").fetchall() == [("hr",)]


def test_download_folders_are_removed_when_the_app_process_exits(tmp_path):
    """Every tab with a download (feedback, evaluations, commitments) writes into an ``export_folder``: it must
    not outlive the process, or every app start leaves folders behind in /tmp."""
    script = ("from ui.files import export_folder\n"
              "folder = export_folder('beleid-evaluatie-')\n"
              "(folder / 'beoordelingen.csv').write_text('vraag;oordeel')\n"
              "print(folder)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "TMPDIR": str(tmp_path)}, check=True)
    folder = Path(done.stdout.strip())
    assert folder.parent == tmp_path and folder.name.startswith("beleid-evaluatie-")
    assert not folder.exists()
    assert list(tmp_path.iterdir()) == []
