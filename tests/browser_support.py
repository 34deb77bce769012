"""Driving the app in Debian's Chromium: launch flags that keep it offline, and chat helpers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


def ask(page, question: str) -> None:
    """Type a question, send it and wait until the chat has finished streaming its answer."""
    answers_before = page.locator("#gesprek [data-testid='bot']").count()
    page.fill("#vraag textarea", question)
    page.click("#vraag-knop")
    page.wait_for_function(
        """n => {
            const bots = document.querySelectorAll("#gesprek [data-testid='bot']");
            const tracker = document.querySelector("#gesprek [data-testid='status-tracker']");
            return bots.length > n && tracker.classList.contains("hide")
                && bots[bots.length - 1].innerText.trim() !== "…";
        }""",
        arg=answers_before)


def open_citation(page, number: int):
    """Click marker [number] of the last answer; return the opened card in the source panel."""
    page.locator("#gesprek a.cite", has_text=f"[{number}]").last.click()
    card = page.locator(f"#bronpaneel details#bronkaart-{number}[open]")
    card.locator("mark").first.wait_for(state="visible")
    return card


@contextmanager
def chromium_browser() -> Iterator:
    """Debian's Chromium under Playwright; the test fails (not skips) when Chromium is missing."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `apt-get update && apt-get install -y chromium chromium-driver` "
                    "(make test does this) to run the browser tests.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
