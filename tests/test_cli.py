"""The `beleid` CLI as users run it: a real subprocess, real model, real Chroma on disk."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def run_cli(data_dir: Path, seed_corpus: Path, tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("BELEID_")}
    env.update(BELEID_DATA_DIR=str(data_dir), BELEID_INGEST__CORPUS_DIR=str(seed_corpus))

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run([sys.executable, "-m", "beleid", *args], env=env, cwd=tmp_path,
                                capture_output=True, text=True, timeout=300)
        if check:
            assert result.returncode == 0, result.stderr
        return result

    return run


def test_ingest_then_search_prints_sources_as_json(run_cli, seed_corpus):
    out = run_cli("ingest").stdout
    assert "toegevoegd: 2" in out
    assert "ongewijzigd: 2" in run_cli("ingest").stdout
    result = json.loads(run_cli("search", "Hoeveel geeft de minister uit aan de sectoren?", "-k", "2", "--json").stdout)
    assert len(result["passages"]) == 2
    top = next(p for p in result["passages"] if "12,6 miljoen euro" in p["text"])
    assert top["file_name"] == "sectorconvenant-2021-2022-lokaal-hr-beleid.txt"
    assert top["page_start"] == 1 and top["title"].startswith("Sectorconvenant 2021-2022")
    assert {"heading", "score", "page_label", "period", "sector"} <= set(top)


def test_sources_lists_documents_with_chunk_counts_and_failures(run_cli, seed_corpus):
    (seed_corpus / "kapot.pdf").write_bytes(b"%PDF-1.4\n1 0 obj garbage")
    ingest = run_cli("ingest").stdout
    assert "mislukt" in ingest and "kapot.pdf" in ingest
    documents = {d["file_name"]: d for d in json.loads(run_cli("sources", "--json").stdout)["documents"]}
    assert documents["beleidsbasis-sectorconvenants.txt"]["chunk_count"] >= 1
    assert documents["kapot.pdf"]["status"] == "failed" and "PDF" in documents["kapot.pdf"]["error"]


def test_path_prints_where_data_lives(run_cli, data_dir):
    out = run_cli("path").stdout
    assert f"data:   {data_dir.resolve()}" in out


def test_a_wrong_setting_gives_a_dutch_error_without_traceback(run_cli):
    result = run_cli("search", "iets", "--mode", "semantisch", check=False)
    assert result.returncode == 1
    assert "Onbekende zoekmodus" in result.stderr and "Traceback" not in result.stderr


def test_ask_prints_json_and_batch_answers_a_question_file(run_cli, tmp_path):
    run_cli("ingest")
    answer = json.loads(run_cli("ask", "Wanneer verscheen het decreet op de sectorconvenants?", "--json").stdout)
    assert "17 april 2009" in answer["text"] and answer["citations"][0]["page"] == 1
    questions = tmp_path / "vragen.jsonl"
    questions.write_text(
        '{"id": "q1", "question": "Hoeveel sectoren engageren zich?"}\n'
        '{"id": "q2", "question": "En wie sluit ze af?", "history": [{"question": "Hoeveel sectoren engageren zich?", "answer": "35"}]}\n'
        '{"id": "q3", "question": "Hoe bak ik een appeltaart?"}\n', encoding="utf-8")
    out = tmp_path / "antwoorden.jsonl"
    run_cli("batch", str(questions), str(out))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["q1", "q2", "q3"]
    assert "35" in rows[0]["text"] and rows[2]["refused"] is True
    assert "sectoren" in rows[1]["standalone_question"]


def test_batch_reports_a_broken_line_in_dutch(run_cli, tmp_path):
    questions = tmp_path / "vragen.jsonl"
    questions.write_text('{"id": "q1"}\n', encoding="utf-8")
    result = run_cli("batch", str(questions), str(tmp_path / "uit.jsonl"), check=False)
    assert result.returncode == 1 and "Regel 1" in result.stderr
