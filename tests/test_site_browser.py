"""The documentation site in a real browser: Debian's Chromium, headless, on loopback.

The site is built (strictly, as ``make docs`` does) into a temporary folder,
served by Python's http.server on 127.0.0.1, and opened in Chromium, driven
through the DevTools protocol (websocket-client, already a pinned dependency).
Each page must load with no console error, no uncaught exception, no failed
request and no request that leaves the machine (the site works offline), and
every Mermaid picture must become an SVG holding the stack's object names.
Without Chromium the tests are skipped and say how to get it; in CI
(``CI=true``) that is a failure. ``.ci/run`` installs Debian's ``chromium``.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.support import ROOT

CHROMIUM = "/usr/bin/chromium"


def require_chromium() -> None:
    if Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK):
        return
    message = f"{CHROMIUM} is missing (Debian: apt-get install chromium; .ci/run installs it)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser test cannot run in CI: {message}")
    pytest.skip(message)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of the freshly built site, served on loopback."""
    require_chromium()
    out = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-n", "-q", "-b", "html", "docs", str(out)],
        cwd=ROOT,
        check=True,
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class Browser:
    """Headless Chromium with one page, driven over the DevTools protocol."""

    def __init__(self, profile: Path) -> None:
        import websocket

        self.process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--window-size=1400,1000",
                f"--user-data-dir={profile}",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not (port_file.is_file() and len(port_file.read_text().splitlines()) >= 2):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Chromium did not start its DevTools endpoint")
            time.sleep(0.1)
        port, path = port_file.read_text().splitlines()[:2]
        self.ws = websocket.create_connection(f"ws://127.0.0.1:{port}{path}", timeout=60)
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session=True)

    def call(
        self, method: str, params: dict[str, Any] | None = None, *, session: bool = False
    ) -> dict[str, Any]:
        message: dict[str, Any] = {"id": next(self.ids), "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        self.ws.send(json.dumps(message))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == message["id"]:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            if "method" in reply:
                self.events.append(reply)

    def evaluate(self, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            session=True,
        )
        return result["result"].get("value")

    def open(self, url: str) -> None:
        """Navigate and wait for the load event; the events start afresh."""
        self.events = []
        self.call("Page.navigate", {"url": url}, session=True)
        deadline = time.monotonic() + 60
        while not any(e["method"] == "Page.loadEventFired" for e in self.events):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not load")
            self.events.append(json.loads(self.ws.recv()))

    def wait_for(self, expression: str, seconds: float = 60) -> Any:
        deadline = time.monotonic() + seconds
        while True:
            value = self.evaluate(expression)
            if value or time.monotonic() > deadline:
                return value
            time.sleep(0.2)

    def problems(self, origin: str) -> list[str]:
        """Console errors, uncaught exceptions, failed requests, requests off the machine."""
        found = []
        for event in self.events:
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.exceptionThrown":
                found.append(f"exception: {params['exceptionDetails'].get('text')}")
            elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
                args = [str(a.get("value", a.get("description", ""))) for a in params["args"]]
                found.append(f"console.{params['type']}: {' '.join(args)}")
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                found.append(f"log: {params['entry']['text']} {params['entry'].get('url', '')}")
            elif method == "Network.loadingFailed":
                found.append(f"request failed: {params.get('errorText')}")
            elif method == "Network.requestWillBeSent":
                url = params["request"]["url"]
                if not url.startswith((origin, "data:", "blob:", "about:")):
                    found.append(f"request off the machine: {url}")
        return found

    def close(self) -> None:
        try:
            self.ws.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="module")
def browser(site: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    profile = tmp_path_factory.mktemp("chromium-profile")
    opened = Browser(profile)
    try:
        yield opened
    finally:
        opened.close()
        shutil.rmtree(profile, ignore_errors=True)


def test_home_page(site: str, browser: Browser) -> None:
    browser.open(f"{site}/index.html")
    assert browser.problems(site) == []
    assert browser.evaluate("document.querySelector('h1').textContent").startswith("homemusic")
    links = browser.evaluate(
        "[...document.querySelectorAll('.sidebar-tree a')].map(a => a.textContent)"
    )
    assert "API reference" in links and "Pictures of the stacks" in links


def test_reference_page_of_the_stack(site: str, browser: Browser) -> None:
    browser.open(f"{site}/reference/stack.html")
    assert browser.problems(site) == []
    signature = browser.evaluate("document.getElementById('homemusic.HomeMusicStack').textContent")
    assert "HomeMusicStack" in signature
    text = browser.evaluate("document.querySelector('article').textContent")
    # generated from the docstrings: the props and their documented defaults
    assert "HomeMusicStackProps" in text and "samba_load_balancer_ip" in text


def test_factories_show_their_options(site: str, browser: Browser) -> None:
    """The factories' signatures are their options' (read when first asked for, see options.py)."""
    browser.open(f"{site}/reference/entry.html")
    signature = browser.evaluate(
        "document.getElementById('homemusic.HttpsEntry.gateway').textContent"
    )
    assert "gateway(*, class_name: str" in " ".join(signature.split())
    browser.open(f"{site}/reference/servers.html")
    signature = browser.evaluate(
        "document.getElementById('homemusic.MusicServer.navidrome').textContent"
    )
    assert "navidrome(*, " in signature and "admin_secret" in signature


def test_pictures_render_as_svg(site: str, browser: Browser) -> None:
    browser.open(f"{site}/pictures.html")
    count = browser.evaluate("document.querySelectorAll('div.mermaid').length")
    assert count >= 7  # main.py and each example
    done = browser.wait_for(
        "[...document.querySelectorAll('div.mermaid')].every(p => p.querySelector('svg'))"
    )
    assert done, "a picture did not become an SVG"
    assert browser.problems(site) == []
    texts = browser.evaluate(
        "[...document.querySelectorAll('div.mermaid svg')].map(s => s.textContent)"
    )
    assert not any("Syntax error" in t for t in texts)
    blog = texts[0]  # main.py's
    for name in [
        "Ingress homemusic-airsonic",
        "https://example.com",
        "Service homemusic-samba",
        "Deployment homemusic-airsonic",
        "claim homemusic-music",
        "volume homemusic-homemusic-music",
        "Secret homemusic-samba-users",
        "node node1",
    ]:
        assert name in blog, name
