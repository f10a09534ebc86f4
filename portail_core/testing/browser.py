"""Browser fixtures: the app served on a local port, Debian's Chromium driven by Playwright.

Chromium is found at ``$PORTAIL_CHROMIUM`` or ``/usr/bin/chromium``. Without it, browser
tests are skipped with a plain reason (and CI, which requires them, fails).
"""

import os
import shutil
import threading

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERIOUS = ("serious", "critical")


def chromium_path():
    candidate = os.environ.get("PORTAIL_CHROMIUM") or shutil.which("chromium") or ""
    return candidate if candidate and os.path.exists(candidate) else None


class LiveServer:
    """The WSGI app served by waitress on 127.0.0.1, on a free port, in a thread."""

    def __init__(self, app):
        from waitress.server import create_server

        self.server = create_server(app, host="127.0.0.1", port=0, threads=4)
        self.port = self.server.effective_port
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()

    def url(self, tenant_host, path="/"):
        return f"http://{tenant_host}:{self.port}{path}"

    def stop(self):
        self.server.close()


@pytest.fixture(scope="session")
def live_server(app):
    """The application served over real HTTP for the browser."""
    server = LiveServer(app)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium (Debian's) driven by Playwright."""
    path = chromium_path()
    if path is None:
        pytest.skip("chromium introuvable : installez le paquet Debian « chromium »")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(params=[(1280, 900), (390, 844)], ids=["desktop", "mobile"])
def page(browser, request):
    """A fresh page at desktop width, then at 390 px (each test runs twice)."""
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(10000)
    yield page
    context.close()


def serious_violations(page):
    """The axe-core violations of impact serious or critical on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results.response["violations"]
        if v.get("impact") in SERIOUS
    ]


@pytest.fixture
def assert_accessible():
    """``assert_accessible(page)``: fail with the list of serious/critical axe violations."""

    def check(page):
        violations = serious_violations(page)
        assert violations == [], f"axe: {violations} on {page.url}"

    return check
