"""The quality gate: the demo gold set (and the real-PDF and real-text sets when their documents are beside
the repository) through the real pipeline must stay above the recorded floors in eval/thresholds.toml."""

import json
import tomllib
from pathlib import Path

import pytest

from answer.assistant import Assistant
from eval.compare import compare_runs
from eval.real import REAL_PDFS, REAL_TEXTS, missing_message
from eval.report import write_report
from eval.run import eval_settings, run_eval
from index.catalog import IndexCatalog

THRESHOLDS = tomllib.loads((Path(__file__).parent.parent / "eval" / "thresholds.toml").read_text())


def _assistant(tmp_path_factory, model_dir, embedder, name: str):
    """(settings, assistant) of a gold set's own evaluation index."""
    from beleid.settings import Settings

    settings = Settings(data_dir=tmp_path_factory.mktemp(f"eval-{name}"), model_cache=model_dir.parent)
    catalog = IndexCatalog(eval_settings(settings, [name]), embedder=embedder)
    return settings, Assistant(catalog.settings, catalog=catalog)


def _run(tmp_path_factory, model_dir, embedder, name: str) -> dict:
    settings, assistant = _assistant(tmp_path_factory, model_dir, embedder, name)
    return run_eval(settings, [name], assistant=assistant)


def _outside_bounds(run: dict, name: str) -> tuple[dict, dict]:
    summary = run["summary"]
    low = {k: (summary[k], floor) for k, floor in THRESHOLDS[name]["floor"].items() if summary[k] < floor}
    high = {k: (summary[k], top) for k, top in THRESHOLDS[name]["ceiling"].items() if summary[k] > top}
    return low, high


@pytest.fixture(scope="module")
def demo_assistant(tmp_path_factory, model_dir, embedder):
    return _assistant(tmp_path_factory, model_dir, embedder, "demo")


@pytest.fixture(scope="module")
def demo_run(demo_assistant):
    settings, assistant = demo_assistant
    return run_eval(settings, ["demo"], assistant=assistant)


@pytest.fixture(scope="module")
def real_run(tmp_path_factory, model_dir, embedder):
    if not REAL_PDFS.is_dir() or not any(REAL_PDFS.glob("*.pdf")):
        pytest.skip(missing_message(REAL_PDFS) + " The real-PDF gate is skipped.")
    return _run(tmp_path_factory, model_dir, embedder, "real")


@pytest.fixture(scope="module")
def realtexts_run(tmp_path_factory, model_dir, embedder):
    if not REAL_TEXTS.is_dir() or not any(REAL_TEXTS.glob("*.md")):
        pytest.skip(missing_message(REAL_TEXTS) + " The real-text gate is skipped.")
    return _run(tmp_path_factory, model_dir, embedder, "realtexts")


def test_demo_gold_set_metrics_stay_above_the_recorded_floors(demo_run):
    low, high = _outside_bounds(demo_run, "demo")
    assert not low and not high, f"below floor: {low}; above ceiling: {high}"
    assert demo_run["summary"]["questions"] == len(demo_run["questions"]) >= 50


def test_real_pdf_gold_set_metrics_stay_above_the_recorded_floors(real_run):
    low, high = _outside_bounds(real_run, "real")
    assert not low and not high, f"below floor: {low}; above ceiling: {high}"
    assert real_run["summary"]["questions"] == len(real_run["questions"]) >= 80


def test_real_text_gold_set_metrics_stay_above_the_recorded_floors(realtexts_run):
    low, high = _outside_bounds(realtexts_run, "realtexts")
    assert not low and not high, f"below floor: {low}; above ceiling: {high}"
    assert realtexts_run["summary"]["questions"] == len(realtexts_run["questions"]) >= 75


def test_the_report_has_json_markdown_html_and_plots(demo_run, tmp_path):
    paths = write_report(demo_run, tmp_path)
    assert json.loads(paths["json"].read_text())["summary"] == demo_run["summary"]
    markdown = paths["markdown"].read_text()
    assert "| citation precision |" in markdown and "demo-001" in markdown and "observed answerable" in markdown
    names = ("metrics.png", "by_type.png", "latency.png", "reliability.png")
    assert all((tmp_path / name).stat().st_size > 1000 for name in names)
    assert "<img src=\"metrics.png\"" in paths["html"].read_text() and "reliability.png" in paths["html"].read_text()


def test_compare_lists_questions_that_got_worse(demo_run):
    older = json.loads(json.dumps(demo_run))
    flipped = next(q for q in older["questions"] if q["correct"])
    flipped["correct"] = False  # in the older run it was wrong, so now it is better
    worse = next(q for q in older["questions"] if not q["correct"] and q["id"] != flipped["id"])
    worse["correct"] = True
    older["summary"]["correct"] = round(older["summary"]["correct"] - 0.1, 3)
    section = compare_runs(older, demo_run)
    assert f"- {flipped['id']}" in section.split("### Worse")[0]
    assert f"- {worse['id']}" in section.split("### Worse")[1]
    assert "| correct |" in section


def test_a_sampled_run_answers_every_nth_question_and_its_report_says_so(demo_assistant, demo_run, tmp_path):
    settings, assistant = demo_assistant
    sample = run_eval(settings, ["demo"], assistant=assistant, every=10)
    assert [q["id"] for q in sample["questions"]] == [q["id"] for q in demo_run["questions"]][::10]
    assert sample["summary"]["questions"] == len(sample["questions"]) == 8
    assert "(every 10th question of the sets: a sample)" in write_report(sample, tmp_path)["markdown"].read_text()


def test_a_support_string_quoting_a_table_row_matches_the_row_as_our_text_separates_its_cells():
    from eval.gold import GoldQuestion

    question = GoldQuestion(id="q", question="Wat is de streefdatum?", type="fact", answerable=True,
                            expected_facts=["1 juli 2023"], expected_sources=[],
                            support=["Borging minimaal 50% lokaal eigendom 1 juli 2023 3e"])
    row = "Participatie\nBorging minimaal 50% lokaal eigendom | 1 juli 2023 | 3e\nParticipatie | 2022 en verder | 3e"
    assert question.is_relevant(row, "tussenstand.pdf")
    assert not question.is_relevant(row.replace("1 juli 2023", "1 juli 2024"), "tussenstand.pdf")
