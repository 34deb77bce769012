"""The `beleid` command line: ingest, sources, search, engagementen, ask, batch, path, serve."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from beleid.errors import BeleidError
from beleid.offline import apply_offline_guards, install_network_guard
from beleid.settings import Settings

app = typer.Typer(help="Beleidsassistent: Vlaamse beleidsdocumenten doorzoeken en bevragen.", no_args_is_help=True)
console = Console()
err_console = Console(stderr=True)


def _settings() -> Settings:
    settings = Settings()
    logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("bm25s").setLevel(max(logging.INFO, logging.getLevelName(settings.log_level)))
    apply_offline_guards(settings.allow_network)
    if not settings.allow_network:
        install_network_guard(settings.network_hosts())
    return settings


def _catalog(settings: Settings, require_documents: bool = False):
    from index.catalog import IndexCatalog

    catalog = IndexCatalog(settings)
    if require_documents and not catalog.state.chunk_count():
        raise BeleidError(
            f"index {settings.collection_name} is empty",
            "Er zijn nog geen documenten opgenomen (met deze instellingen). Voer eerst 'beleid ingest' uit.",
        )
    return catalog


@app.command()
def ingest(paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders; default: the corpus folder.")] = None) -> None:
    """Ingest documents: new and changed files are indexed, deleted files removed."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from index.indexer import Indexer

    settings = _settings()
    indexer = Indexer(settings, _catalog(settings))
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err_console,
                  transient=True) as bar:
        task = bar.add_task("Documenten innemen", total=None)

        def progress(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total, description=f"Innemen: {name}" if name else "Klaar")

        report = indexer.ingest(paths or None, progress=progress)
    table = Table(title="Inname")
    for column in ("Bestand", "Status", "Passages", "Reden"):
        table.add_column(column)
    labels = {"added": "toegevoegd", "updated": "bijgewerkt", "unchanged": "ongewijzigd", "failed": "mislukt",
              "deleted": "verwijderd", "duplicate": "dubbel"}
    for result in report.results:
        table.add_row(result.file_name, labels[result.status], str(result.chunks or ""), result.reason or result.notes)
    console.print(table)
    console.print(", ".join(f"{labels[s]}: {report.count(s)}" for s in labels if report.count(s)) or "Geen documenten gevonden.")


@app.command()
def sources(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List the indexed documents with their status and number of passages."""
    settings = _settings()
    from index.state import IndexState

    documents = IndexState(settings.data_dir / "index" / settings.collection_name / "state.sqlite").documents()
    if as_json:
        print(json.dumps({"documents": documents}, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"Documenten ({len(documents)})")
    for column in ("Bestand", "Titel", "Type", "Sector", "Periode", "Pagina's", "Passages", "Status"):
        table.add_column(column)
    for doc in documents:
        status = "opgenomen" if doc["status"] == "indexed" else f"{doc['status']}: {doc['error']}"
        status += f" — {doc['notes']}" if doc.get("notes") else ""
        table.add_row(doc["file_name"], doc["title"], doc["doc_type"], doc["sector"], doc["period"],
                      str(doc["pages"]), str(doc["chunk_count"]), status)
    console.print(table)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="De zoekvraag.")],
    k: Annotated[int, typer.Option("-k", help="Number of passages.")] = 5,
    mode: Annotated[str, typer.Option(help="hybrid, dense or bm25.")] = "hybrid",
    doc_type: Annotated[Optional[list[str]], typer.Option("--type", help="Only this document type.")] = None,
    sector: Annotated[Optional[list[str]], typer.Option(help="Only this sector.")] = None,
    period: Annotated[Optional[list[str]], typer.Option(help="Only this period, e.g. 2021-2022.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object with a 'passages' list.")] = False,
) -> None:
    """Search the documents and print the best passages with their sources."""
    from index.retriever import Retriever
    from index.types import SearchFilters

    if mode not in ("hybrid", "dense", "bm25"):
        raise BeleidError(f"unknown mode {mode}", f"Onbekende zoekmodus '{mode}': kies hybrid, dense of bm25.")
    settings = _settings()
    filters = SearchFilters(doc_types=tuple(doc_type or ()), sectors=tuple(sector or ()), periods=tuple(period or ()))
    passages = Retriever(_catalog(settings, require_documents=True)).search(query, k=k, filters=filters, mode=mode)  # type: ignore[arg-type]
    if as_json:
        print(json.dumps({"query": query, "passages": [p.as_dict() for p in passages]}, ensure_ascii=False, indent=2))
        return
    if not passages:
        console.print("Niets gevonden in de documenten.")
    for rank, p in enumerate(passages, 1):
        pages = f"p. {p.page_label}" + (f"–{p.page_end}" if p.page_end != p.page_start else "")
        where = " · ".join(x for x in (p.title, p.file_name, pages, p.heading or p.article, "OCR" if p.ocr else "") if x)
        console.print(f"[bold]{rank}. {where}[/bold]  (score {p.score:.3f})")
        console.print(p.text.strip(), markup=False, highlight=False)
        console.print()


@app.command()
def engagementen(
    sector: Annotated[Optional[list[str]], typer.Option(help="Only this sector (repeatable).")] = None,
    thema: Annotated[Optional[list[str]], typer.Option(help="Only this theme: key or label, e.g. werkplekleren.")] = None,
    actor: Annotated[Optional[list[str]], typer.Option(help="Only this actor: Vlaamse Regering, partijen, minister, ...")] = None,
    periode: Annotated[Optional[list[str]], typer.Option(help="Only this period, e.g. 2021-2022.")] = None,
    doc_type: Annotated[Optional[list[str]], typer.Option("--type", help="Only this document type, e.g. convenant.")] = None,
    sectie: Annotated[Optional[str], typer.Option(help="Only commitments whose section path or article contains this.")] = None,
    zoek: Annotated[Optional[str], typer.Option(help="Only commitments containing this text.")] = None,
    sorteer: Annotated[str, typer.Option(help="Order: document, thema, actor, zekerheid, periode or type.")] = "document",
    per_thema: Annotated[bool, typer.Option("--per-thema", help="Print the number of commitments per theme.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object with a 'commitments' list.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False,
    xlsx: Annotated[Optional[Path], typer.Option(help="Also write the list to this Excel file.")] = None,
) -> None:
    """List the commitments (engagementen) of every document, with actor, theme, section, page and file."""
    from index.commitment_export import to_csv, write_xlsx
    from index.commitments import (commitment_options, count_commitments, list_commitments, resolve_actor,
                                   resolve_sort, resolve_theme_key, theme_counts)
    from index.state import IndexState
    from ingest.sections import PATH_SEPARATOR

    settings = _settings()
    state = IndexState(settings.data_dir / "index" / settings.collection_name / "state.sqlite")
    known = commitment_options(state).actors
    rows = list_commitments(state, sector=sector, theme=[resolve_theme_key(t) for t in thema or ()],
                            actor=[resolve_actor(a, known) for a in actor or ()], period=periode, doc_type=doc_type,
                            section=sectie, text=zoek, sort=resolve_sort(sorteer))
    if xlsx:
        write_xlsx(rows, xlsx)
        err_console.print(f"{len(rows)} engagementen geschreven naar {xlsx}.")
    if as_json:
        print(json.dumps({"commitments": [r.as_dict() for r in rows],
                          "per_theme": {key: n for key, _, n in theme_counts(rows)}}, ensure_ascii=False, indent=2))
        return
    if as_csv:
        print(to_csv(rows), end="")
        return
    if not rows:
        console.print("Geen engagementen gevonden met deze filters." if count_commitments(state)
                      else "Nog geen engagementen opgeslagen: neem eerst documenten in met 'beleid ingest'.")
        return
    if per_thema:
        counts = Table(title=f"Engagementen per thema ({len(rows)})")
        counts.add_column("Thema")
        counts.add_column("Aantal", justify="right")
        for _, label, n in theme_counts(rows):
            counts.add_row(label, str(n))
        console.print(counts)
        return
    table = Table(title=f"Engagementen ({len(rows)})", show_lines=True, expand=True)
    for column, ratio in (("Sector", 1), ("Periode", 1), ("Actor", 1), ("Thema", 1), ("Engagement", 5), ("Bron", 2)):
        table.add_column(column, ratio=ratio, overflow="fold")
    for r in rows:
        section = r.heading.split(PATH_SEPARATOR)[-1] if r.heading else ""
        source = ", ".join(part for part in (r.file_name, r.article, section if section != r.article else "",
                                             f"p. {r.page_label}", f"zekerheid {r.confidence_label}") if part)
        table.add_row(r.sector, r.period, r.actor, r.theme_label, r.text, source)
    console.print(table)


def _print_answer(answer) -> None:
    console.print(answer.text, markup=False, highlight=False)
    for c in answer.citations:
        where = " · ".join(x for x in (c.title, c.file_name, f"p. {c.page_label}", c.heading or c.article,
                                        "OCR" if c.ocr else "") if x)
        console.print(f"  [{c.number}] {where}", markup=False, highlight=False)
    if answer.refused and answer.reason:
        err_console.print(f"(reden: {answer.reason})", markup=False, highlight=False)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="De vraag, in het Nederlands.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
) -> None:
    """Answer one question with cited sources."""
    from answer.assistant import Assistant

    settings = _settings()
    answer = Assistant(settings, _catalog(settings, require_documents=True)).ask(question)
    if as_json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_answer(answer)


@app.command()
def batch(
    questions: Annotated[Path, typer.Argument(help="JSONL with {id, question, history?} per line.")],
    output: Annotated[Path, typer.Argument(help="JSONL to write: the answer per line, with its id.")],
) -> None:
    """Answer a file of questions (for evaluators); one JSON answer per input line."""
    from answer.assistant import Assistant
    from answer.types import Turn

    rows = []
    for number, line in enumerate(questions.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            rows.append((row["id"], row["question"], [Turn(t["question"], t["answer"]) for t in row.get("history", [])]))
        except (json.JSONDecodeError, KeyError, TypeError) as err:
            raise BeleidError(f"{questions}:{number}: {err!r}",
                              f"Regel {number} van {questions.name} is geen geldige vraag ({{id, question, history?}}).") from err
    settings = _settings()
    assistant = Assistant(settings, _catalog(settings, require_documents=True))
    with output.open("w", encoding="utf-8") as out:
        for row_id, question, history in rows:
            answer = assistant.ask(question, history)
            out.write(json.dumps({"id": row_id, **answer.to_dict()}, ensure_ascii=False) + "\n")
    console.print(f"{len(rows)} vragen beantwoord in {output}.")


@app.command("eval")
def evaluate(
    sets: Annotated[Optional[list[str]], typer.Option(
        "--set", help="Gold sets: demo, fixtures (default both), real, realtexts (documents in ../shared/).")] = None,
    out: Annotated[Path, typer.Option(help="Folder for report.json/.md/.html and plots.")] = Path("eval-report"),
    compare: Annotated[Optional[Path], typer.Option(help="An earlier report.json to compare with.")] = None,
    sweep: Annotated[bool, typer.Option("--sweep", help="Also sweep chunk size, fusion weight, k, refusal threshold.")] = False,
    every: Annotated[int, typer.Option(min=1, help="Answer only every Nth question (a sample, for slow backends such as "
                                       "an LLM on the CPU); 1 = all.")] = 1,
) -> None:
    """Run the gold question sets through the real pipeline and write a report (for evaluators)."""
    from eval.compare import compare_runs
    from eval.report import write_report
    from eval.run import DEFAULT_SETS, QUESTION_SETS, run_eval

    chosen = sets or list(DEFAULT_SETS)
    unknown = set(chosen) - set(QUESTION_SETS)
    if unknown:
        raise BeleidError(f"unknown gold sets {unknown}", f"Onbekende vragenset(s): {', '.join(sorted(unknown))}.")
    settings = _settings()
    run = run_eval(settings, chosen, every=every)
    section = compare_runs(json.loads(compare.read_text(encoding="utf-8")), run) if compare else ""
    if sweep:
        from eval.sweep import sweep as run_sweep, sweep_markdown

        run["sweep"] = run_sweep(settings, chosen)
        section += "\n\n" + sweep_markdown(run["sweep"])
    paths = write_report(run, out, section)
    table = Table(title=f"Evaluatie ({run['summary']['questions']} vragen)")
    table.add_column("Maat")
    table.add_column("Waarde")
    for key, value in run["summary"].items():
        table.add_row(key, str(value))
    console.print(table)
    console.print(f"Rapport: {paths['markdown']} en {paths['html']}")


@app.command()
def path() -> None:
    """Print where the app keeps its data (model, index, databases)."""
    settings = _settings()
    print(f"data:   {settings.data_dir.resolve()}")
    print(f"corpus: {settings.ingest.corpus_dir.resolve()}")
    print(f"index:  {(settings.data_dir / 'index' / settings.collection_name).resolve()}")
    print(f"models: {settings.models_dir.resolve()}")


@app.command()
def serve(
    host: Annotated[Optional[str], typer.Option(help="Address to bind (default: settings ui.host, 127.0.0.1).")] = None,
    port: Annotated[Optional[int], typer.Option(help="Port (default: settings ui.port, 7860).")] = None,
) -> None:
    """Start the web app (on 127.0.0.1 unless configured otherwise)."""
    settings = _settings()
    from app import launch

    launch(settings, host=host, port=port)


def main() -> None:
    """Entry point: Dutch message and exit code 1 for known errors, instead of a traceback."""
    try:
        app()
    except BeleidError as err:
        logging.getLogger("beleid").error("%s", err)
        err_console.print(f"[red]Fout:[/red] {err.user_message}")
        sys.exit(1)


if __name__ == "__main__":
    main()
