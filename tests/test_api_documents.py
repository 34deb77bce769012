"""/api/v1/documents over real HTTP: list, upload + ingest with the Documenten tab's checks, delete, re-ingest.

One server per module over the seed corpus, with small upload limits (10 kB per file, 2 files at a time).
"""

from __future__ import annotations

import pytest

from index.lock import ingest_lock
from tests.api_support import assert_dutch_error
from tests.app_server import app_settings, running_app

FIETS = "Fietsvergoeding\n\nDe fietsvergoeding voor woon-werkverkeer bedraagt 0,35 euro per kilometer.\n"
FIETS_QUESTION = "Hoeveel bedraagt de fietsvergoeding?"


@pytest.fixture(scope="module")
def app(tmp_path_factory, model_dir, embedder):
    settings = app_settings(tmp_path_factory.mktemp("api-docs"), model_dir, max_file_mb=0.01, max_upload_files=2)
    with running_app(settings, embedder) as running:
        yield running


def corpus_names(app) -> list[str]:
    return sorted(path.name for path in app.corpus.iterdir())


def documents(http) -> dict[str, dict]:
    response = http.get("/api/v1/documents")
    assert response.status_code == 200
    return {doc["file_name"]: doc for doc in response.json()["documents"]}


def test_the_list_shows_the_ingested_documents_with_their_metadata(app, http):
    listed = documents(http)
    assert set(listed) == {"beleidsbasis-sectorconvenants.txt", "sectorconvenant-2021-2022-lokaal-hr-beleid.txt"}
    convenant = listed["sectorconvenant-2021-2022-lokaal-hr-beleid.txt"]
    assert convenant["status"] == "indexed" and convenant["doc_type"] == "convenant"
    assert convenant["period"] == "2021-2022" and convenant["passages"] > 0
    assert convenant["ingested_at"].endswith("+00:00")
    assert http.get(convenant["source_url"]).status_code == 200


def test_an_uploaded_text_is_answerable_and_deleting_it_removes_it_everywhere(app, http):
    response = http.post("/api/v1/documents", files=[("files", ("fietsvergoeding.txt", FIETS.encode(), "text/plain"))])
    assert response.status_code == 200, response.text
    assert response.json()["results"] == [
        {"file_name": "fietsvergoeding.txt", "status": "added", "passages": 1, "reason": ""}]
    assert (app.corpus / "fietsvergoeding.txt").read_text() == FIETS
    answer = http.post("/api/v1/ask", json={"question": FIETS_QUESTION}).json()
    assert "0,35 euro" in answer["text"] and answer["citations"][0]["file_name"] == "fietsvergoeding.txt"

    doc_id = documents(http)["fietsvergoeding.txt"]["doc_id"]
    deleted = http.delete(f"/api/v1/documents/{doc_id}")
    assert deleted.status_code == 200 and deleted.json() == {"deleted": doc_id, "file_name": "fietsvergoeding.txt"}
    assert "fietsvergoeding.txt" not in documents(http) and not (app.corpus / "fietsvergoeding.txt").exists()
    assert "0,35" not in http.post("/api/v1/ask", json={"question": FIETS_QUESTION}).json()["text"]
    assert_dutch_error(http.delete(f"/api/v1/documents/{doc_id}"), 404, "unknown_document")


def test_a_broken_pdf_is_reported_as_failed_with_its_reason(app, http):
    broken = ("kapot.pdf", b"%PDF-1.4\n1 0 obj garbage", "application/pdf")
    response = http.post("/api/v1/documents", files=[("files", broken)])
    assert response.status_code == 200
    (result,) = response.json()["results"]
    assert result["status"] == "failed" and "beschadigde of onvolledige PDF" in result["reason"]
    assert documents(http)["kapot.pdf"]["status"] == "failed"
    assert http.delete(f"/api/v1/documents/{documents(http)['kapot.pdf']['doc_id']}").status_code == 200


@pytest.mark.parametrize("files, status, code", [
    ([("files", ("loonbrief.exe", b"MZ not a document", "application/octet-stream"))], 415, "unsupported_file_type"),
    ([("files", ("groot.txt", b"woord " * 4000, "text/plain"))], 413, "file_too_large"),
    ([("files", ("...", b"tekst", "text/plain"))], 422, "invalid_file_name"),
    ([("files", ("nota.txt", b"Een nota.", "text/plain")), ("files", ("virus.exe", b"MZ", "application/x-msdownload"))],
     415, "unsupported_file_type"),
    ([("files", (f"nota-{n}.txt", b"Een nota.", "text/plain")) for n in range(3)], 422, "too_many_files"),
    ([("bestand", ("nota.txt", b"Een nota.", "text/plain"))], 422, "no_files"),
])
def test_a_refused_upload_gets_a_4xx_and_writes_nothing(app, http, files, status, code):
    before = corpus_names(app)
    assert_dutch_error(http.post("/api/v1/documents", files=files), status, code)
    assert corpus_names(app) == before


def test_an_upload_that_is_not_multipart_gets_415(app, http):
    assert_dutch_error(http.post("/api/v1/documents", json={"files": ["nota.txt"]}), 415, "unsupported_media_type")


def test_an_upload_larger_than_all_limits_together_is_refused_before_it_is_read(app, http):
    too_big = b"x" * 1_100_000  # more than 2 files x 10 kB plus the allowance for the form itself
    response = http.post("/api/v1/documents", content=too_big,
                         headers={"Content-Type": "multipart/form-data; boundary=grens"})
    assert_dutch_error(response, 413, "upload_too_large")


def test_a_file_name_with_folders_is_saved_under_its_base_name_only(app, http):
    response = http.post("/api/v1/documents", files=[("files", ("../../buiten.txt", FIETS.encode(), "text/plain"))])
    assert response.json()["results"][0]["file_name"] == "buiten.txt"
    assert (app.corpus / "buiten.txt").exists() and not (app.corpus.parent.parent / "buiten.txt").exists()
    assert http.delete(f"/api/v1/documents/{documents(http)['buiten.txt']['doc_id']}").status_code == 200


def test_reingest_picks_up_a_file_added_to_the_folder_and_drops_a_removed_one(app, http):
    (app.corpus / "nota.txt").write_text("Nota\n\nDe maaltijdcheque bedraagt 8 euro per gewerkte dag.\n")
    results = {r["file_name"]: r["status"] for r in http.post("/api/v1/documents/reingest").json()["results"]}
    assert results["nota.txt"] == "added" and results["beleidsbasis-sectorconvenants.txt"] == "unchanged"
    (app.corpus / "nota.txt").unlink()
    results = {r["file_name"]: r["status"] for r in http.post("/api/v1/documents/reingest").json()["results"]}
    assert results["nota.txt"] == "deleted" and "nota.txt" not in documents(http)


def test_an_ingest_while_another_runs_gets_409_ingest_busy(app, http):
    with ingest_lock(app.assistant.catalog.folder / "ingest.lock"):
        body = assert_dutch_error(http.post("/api/v1/documents/reingest"), 409, "ingest_busy")
        assert "Er loopt al een andere inname" in body["message"]
        upload = http.post("/api/v1/documents", files=[("files", ("later.txt", FIETS.encode(), "text/plain"))])
        assert_dutch_error(upload, 409, "ingest_busy")
    assert (app.corpus / "later.txt").exists(), "the file waits in the folder for the next ingest"
    (app.corpus / "later.txt").unlink()
    http.post("/api/v1/documents/reingest")
