"""The quality gate: the demo gold set through the real pipeline must stay above the recorded floors."""

import json
import tomllib
from pathlib import Path

import pytest

from answer.assistant import Assistant
from eval.compare import compare_runs
from eval.report import write_report
from eval.run import eval_settings, run_eval
from index.catalog import IndexCatalog

THRESHOLDS = tomllib.loads((Path(__file__).parent.parent / "eval" / "thresholds.toml").read_text())


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory, model_dir, embedder):
    from beleid.settings import Settings

    data = tmp_path_factory.mktemp("eval-data")
    settings = Settings(data_dir=data, model_cache=model_dir.parent)
    catalog = IndexCatalog(eval_settings(settings, ["demo"]), embedder=embedder)
    return run_eval(settings, ["demo"], assistant=Assistant(catalog.settings, catalog=catalog))


def test_demo_gold_set_metrics_stay_above_the_recorded_floors(demo_run):
    summary = demo_run["summary"]
    low = {k: (summary[k], floor) for k, floor in THRESHOLDS["demo"]["floor"].items() if summary[k] < floor}
    high = {k: (summary[k], top) for k, top in THRESHOLDS["demo"]["ceiling"].items() if summary[k] > top}
    assert not low and not high, f"below floor: {low}; above ceiling: {high}"
    assert summary["questions"] == len(demo_run["questions"]) >= 50


def test_the_report_has_json_markdown_html_and_plots(demo_run, tmp_path):
    paths = write_report(demo_run, tmp_path)
    assert json.loads(paths["json"].read_text())["summary"] == demo_run["summary"]
    markdown = paths["markdown"].read_text()
    assert "| citation precision |" in markdown and "demo-001" in markdown
    assert all((tmp_path / name).stat().st_size > 1000 for name in ("metrics.png", "by_type.png", "latency.png"))
    assert "<img src=\"metrics.png\"" in paths["html"].read_text()


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
