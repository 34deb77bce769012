"""The browser tests' outside-traffic check: it catches a real outside request and ignores the browser's own URLs."""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.browser_support import leaves_the_machine, watched_context

PAGE = """<!doctype html>
<html><head>
<link rel="stylesheet" href="http://example.invalid/x.css">
</head><body>
<p id="klaar">Pagina met een verwijzing naar buiten</p>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<iframe src="about:blank"></iframe>
</body></html>
"""


@pytest.mark.parametrize("url", [
    "http://example.com/x.css", "https://fonts.googleapis.com/css", "ws://10.0.0.5:7860/queue",
    "wss://cdn.example.org/socket", "ftp://files.example.org/a.pdf", "HTTP://EXAMPLE.COM/",
    "http://127.0.0.2/", "http://[2001:db8::1]/",
])
def test_network_requests_to_other_hosts_leave_the_machine(url):
    assert leaves_the_machine(url)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:7860/", "http://localhost:7860/gradio_api/queue", "ws://127.0.0.1:7860/queue/join",
    "http://[::1]:8000/", "chrome://resources/css/text_defaults_md.css", "chrome://resources/css/roboto.css",
    "chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/index.html", "data:image/png;base64,AAAA",
    "blob:http://127.0.0.1:7860/0f0e", "about:blank", "file:///tmp/a.pdf",
])
def test_the_browsers_own_urls_and_loopback_stay_on_the_machine(url):
    assert not leaves_the_machine(url)


@pytest.fixture
def local_site(tmp_path):
    """A page on a loopback HTTP server that references a stylesheet on an outside host."""
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_a_page_that_loads_a_stylesheet_from_outside_is_reported(browser, local_site):
    with pytest.raises(AssertionError, match="example.invalid") as failure:
        with watched_context(browser, 30_000) as (context, traffic):
            page = context.new_page()
            page.goto(local_site)
            page.wait_for_selector("#klaar")
    assert traffic.outside_requests() == ["http://example.invalid/x.css"]
    assert local_site in traffic.requests
    assert "requests left 127.0.0.1" in str(failure.value)
