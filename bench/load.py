"""Load test: many questions at the same moment, through the running web app when there is one."""

from __future__ import annotations

import importlib.util
import socket
import threading
import time
from collections.abc import Callable

from bench.latency import clear_query_cache
from bench.stats import summary_ms
from bench.workspace import test_helper

LLM_SECONDS = 0.5


def simultaneously(calls: list[Callable[[], object]]) -> tuple[float, list[tuple[float, object, str]]]:
    """Run every call in its own thread, released together; (wall s, [(seconds, result, error)])."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[tuple[float, object, str]] = [(0.0, None, "not run")] * len(calls)

    def worker(index: int) -> None:
        barrier.wait()
        started = time.perf_counter()
        try:
            result = calls[index]()
            outcomes[index] = (time.perf_counter() - started, result, "")
        except Exception as err:  # noqa: BLE001 - every failure is counted and reported
            outcomes[index] = (time.perf_counter() - started, None, repr(err))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(calls))]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, outcomes


def _summary(mode: str, questions: list[str], wall: float, outcomes, mixed: int, differs: int) -> dict:
    errors = [error for _, _, error in outcomes if error]
    return {
        "mode": mode, "concurrency": len(questions), "wall_s": round(wall, 2),
        "throughput_qps": round(len(questions) / wall, 2), "latency": summary_ms([d for d, _, _ in outcomes]),
        "errors": len(errors), "error_samples": errors[:3], "mixed_answers": mixed, "differs_from_sequential": differs,
    }


def app_available() -> bool:
    """Whether the Gradio app (app.build_app) can be imported."""
    try:
        return importlib.util.find_spec("app") is not None and hasattr(__import__("app"), "build_app")
    except Exception:  # noqa: BLE001 - a half-written app.py means: test in-process instead
        return False


def load_test_app(settings, assistant, questions: list[str]) -> dict:
    """``questions`` at once from as many gradio_client sessions against the real app on loopback."""
    from gradio_client import Client

    from app import build_app
    from ui.chat import escape_markdown, render_answer

    clear_query_cache(assistant.catalog.embedder)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    demo = build_app(settings, assistant)
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=port, quiet=True)
    try:
        clients = [Client(f"http://127.0.0.1:{port}", verbose=False) for _ in questions]
        calls = [lambda c=c, q=q: c.predict(question=q, api_name="/ask") for c, q in zip(clients, questions)]
        wall, outcomes = simultaneously(calls)
    finally:
        demo.close()
    expected = [render_answer(assistant.ask(q), 0, {}) for q in questions]  # the same answers, asked one by one
    mixed = differs = 0
    for question, want, (_, result, error) in zip(questions, expected, outcomes):
        if error:
            continue
        messages = result[0]
        asked, got = _text(messages[-2]), _text(messages[-1])
        mixed += asked != escape_markdown(question)
        differs += got.split("\n\n*Gefilterd")[0] != want.split("\n\n*Gefilterd")[0]
    return _summary(f"Gradio app, {settings.answer.backend} backend, answering {settings.answer_concurrency} at a "
                    f"time; {len(questions)} gradio_client sessions at once on /ask", questions, wall, outcomes,
                    mixed, differs)


def with_answer_concurrency(settings, limit: int | None):
    """``settings`` with ui.answer_concurrency set to ``limit`` (None: the backend's default)."""
    return settings.model_copy(update={"ui": settings.ui.model_copy(update={"answer_concurrency": limit})})


def load_test_llm_app(settings, catalog, questions: list[str], limit: int | None) -> dict:
    """The app with the LLM backend against a scripted OpenAI-compatible server on loopback that takes
    ``LLM_SECONDS`` per reply (and replies with the refusal phrase): what the app's concurrency does when
    answering is waiting on a model server rather than computing on this machine's cores."""
    from answer.assistant import Assistant
    from answer.phrases import REFUSAL

    def slow_model(_messages) -> str:
        time.sleep(LLM_SECONDS)
        return REFUSAL

    with test_helper("openai_server", "scripted_openai_server")(slow_model) as server:
        answer = settings.answer.model_copy(update={"backend": "llm", "llm_base_url": server.base_url,
                                                    "llm_model": "scripted"})
        llm_settings = with_answer_concurrency(settings.model_copy(update={"answer": answer}), limit)
        result = load_test_app(llm_settings, Assistant(llm_settings, catalog), questions)
    result["mode"] += f" (scripted model server, {LLM_SECONDS} s per reply)"
    return result


def load_test_in_process(assistant, questions: list[str]) -> dict:
    """``questions`` at once from as many threads against one Assistant (no web app to drive)."""
    clear_query_cache(assistant.catalog.embedder)
    wall, outcomes = simultaneously([lambda q=q: assistant.ask(q) for q in questions])
    sequential = [assistant.ask(q) for q in questions]
    mixed = sum(1 for q, (_, a, _) in zip(questions, outcomes) if a is not None and a.question != q)
    differs = sum(1 for (_, a, _), s in zip(outcomes, sequential)
                  if a is not None and (a.text, a.refused) != (s.text, s.refused))
    return _summary(f"in-process: {len(questions)} threads calling Assistant.ask at once", questions, wall, outcomes,
                    mixed, differs)


def _text(message: dict) -> str:
    content = message["content"]
    return content if isinstance(content, str) else "".join(part.get("text", "") for part in content)
