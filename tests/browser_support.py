"""Driving the app in Debian's Chromium: launch flags that keep it offline, a recorder of what the pages
asked the network for, and chat helpers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

# Schemes that reach a network. Everything else a page may load (chrome://, chrome-extension://, data:,
# blob:, about:, file:) is served by the browser itself: Chromium's PDF viewer, for one, pulls
# chrome://resources/… styles whose names and number change between Chromium versions.
NETWORK_SCHEMES = frozenset({"http", "https", "ws", "wss", "ftp"})
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def leaves_the_machine(url: str) -> bool:
    """Whether a request for ``url`` is network traffic to a host other than loopback."""
    parsed = urlparse(url)
    return parsed.scheme.lower() in NETWORK_SCHEMES and (parsed.hostname or "") not in LOOPBACK_HOSTS


@dataclass
class Traffic:
    """Every URL a browser context requested and every JavaScript dialog its pages tried to open."""

    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def watch(self, context) -> None:
        """Record the requests of every page of ``context`` (also pages it opens later) and dismiss dialogs."""
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("page", self._watch_page)
        for page in context.pages:
            self._watch_page(page)

    def _watch_page(self, page) -> None:
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))

    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if leaves_the_machine(url)]

    def assert_stayed_local(self) -> None:
        """Fail when a request left the machine or a dialog opened (an injected script that ran)."""
        assert not self.outside_requests(), f"requests left 127.0.0.1: {self.outside_requests()}"
        assert not self.dialogs, f"a script ran and opened dialogs: {self.dialogs}"


@contextmanager
def watched_context(browser, timeout_ms: int = 60_000, **options) -> Iterator[tuple[object, Traffic]]:
    """A new browser context whose traffic is recorded; when the block ends it must have stayed local."""
    options = {"locale": "nl-BE", "viewport": {"width": 1400, "height": 1000}, **options}
    context = browser.new_context(**options)
    context.set_default_timeout(timeout_ms)
    traffic = Traffic()
    traffic.watch(context)
    try:
        yield context, traffic
    finally:
        context.close()
    traffic.assert_stayed_local()


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
