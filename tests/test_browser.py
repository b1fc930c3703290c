"""The built sample site in real headless Chromium: accessibility (axe-core, WCAG 2.1 AA), Norwegian search,
and no request to any other host.

Chromium comes from Debian (`apt-get install chromium`, done by .ci/run); Playwright drives it through
executable_path because it cannot download its own browser here.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (apt-get install chromium)")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site_url(sample_build):
    handler = functools.partial(_Quiet, directory=str(sample_build.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _pages(sample_build):
    plan = sample_build.state.plan
    urls = ["", "hefte-2026/", "personvern/", "tilgjengelighet/"]
    for pp in plan.publications:
        for pt in pp.texts:
            if pt.decision.web and pt.text.id in ("morgenkaffe", "ventevaerelset", "bildet-av-bestemor", "kap1-bakgrunn"):
                urls.append(pt.url)
    return urls


def test_pages_make_no_request_to_another_host(browser, site_url, sample_build):
    page = browser.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).hostname))
    for url in _pages(sample_build):
        page.goto(site_url + url, wait_until="networkidle")
    assert hosts <= {"127.0.0.1", None}, hosts


def test_accessibility_wcag21_aa(browser, site_url, sample_build):
    import axe_playwright_python

    axe_js = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8")
    page = browser.new_page()
    problems = []
    for url in _pages(sample_build):
        page.goto(site_url + url, wait_until="networkidle")
        page.add_script_tag(content=axe_js)
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
        for violation in result["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            problems.append(f"{url}: {violation['id']} ({violation['impact']}): {targets}")
    assert not problems, "\n".join(problems)


def _search(page, words: str) -> str:
    page.fill("input.md-search__input", "")
    page.click("input.md-search__input")
    page.keyboard.type(words, delay=30)  # material searches on key events, not on a programmatic fill
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.trim() !== ''")
    page.wait_for_timeout(500)
    return page.inner_text(".md-search-result")


def test_norwegian_search_finds_texts_with_æøå_and_inflections(browser, site_url, sample_build):
    page = browser.new_page()
    page.goto(site_url, wait_until="networkidle")
    assert "Den første koppen" in _search(page, "kopp")  # prefix: finds "koppen", "koppene"
    assert "Venteværelset på Åssiden" in _search(page, "venteværelset")
    withdrawn = _search(page, "saksbehandleren")
    assert "Det jeg ikke sa" not in withdrawn


def test_keyboard_user_reaches_the_content(browser, site_url):
    page = browser.new_page()
    page.goto(site_url, wait_until="networkidle")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused  # the first Tab lands on a visible, named control (material's skip link)
