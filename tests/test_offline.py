"""``hefte build --offline``: the website copied for a library PC or a USB stick, opened from disk in Chromium.

The sample is built once for the module (without PDFs) with the offline copy; its zip is unpacked elsewhere, as
on a USB stick, and opened through file://: every link names a file, search finds the texts, nothing is asked
of another host. Verify reads the copy and the zip like the website.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from conftest import TODAY, copy_sample
from hefte.guard import verify
from hefte.render import offline
from test_browser import ARGS, CHROMIUM, _search

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from hefte.build import build
    from hefte.config import load_config

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HEFTE_TODAY", TODAY)
        root = copy_sample(tmp_path_factory.mktemp("offline"))
        result = build(load_config(root), pdf=False, offline=True)
        yield result


@pytest.fixture(scope="module")
def stick(built, tmp_path_factory):
    """The zip unpacked somewhere else, as a library would from a USB stick."""
    target = tmp_path_factory.mktemp("minnepinne")
    with zipfile.ZipFile(built.offline.with_suffix(".zip")) as archive:
        archive.extractall(target)
    return target / offline.FOLDER


@pytest.fixture(scope="module")
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser.new_page()
        browser.close()


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_the_zip_holds_the_folder_and_the_folder_the_whole_site(built, stick):
    assert built.offline == built.state.config.offline_path / offline.FOLDER
    assert _files(stick) == _files(built.offline)
    pages = {f for f in _files(built.site) if f.endswith(".html")} - {"404.html"}  # a server's error page
    assert pages and pages <= _files(built.offline)
    assert (built.offline / "search" / "search_index.js").read_text("utf-8").startswith("var __index = ")


def test_every_link_on_every_page_of_the_copy_names_a_file_that_is_there(built):
    folders = []
    for page in built.offline.rglob("*.html"):
        for href in re.findall(r'\shref="([^"]*)"', page.read_text("utf-8")):
            path = unquote(href.split("#")[0].split("?")[0])
            if not path or re.match(r"^[a-z][a-z0-9+.-]*:", path):  # an anchor on the page, another host
                continue
            if not (page.parent / path).is_file():
                folders.append(f"{page.relative_to(built.offline)}: {href}")
    assert not folders, folders[:10]


def test_opened_from_disk_every_link_names_a_file_and_search_works(page, stick):
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).scheme + ":" + (urlparse(request.url).hostname
                                                                                        or "")))
    start = stick.as_uri() + "/index.html"
    for url in (start, stick.as_uri() + "/hefte-2026/index.html", stick.as_uri() + "/arkiv/index.html",
                stick.as_uri() + "/hefte-2026/den-forste-koppen/index.html"):
        page.goto(url, wait_until="load")
        links = page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
        local = [unquote(urlparse(href).path) for href in links if href.startswith("file:")]
        assert len(local) > 10
        # A link to a folder shows a folder listing from disk: every one must name a file that is there.
        missing = sorted({path for path in local if not os.path.isfile(path)})
        assert not missing, missing[:5]
    page.goto(start, wait_until="load")
    assert "Venteværelset på Åssiden" in _search(page, "venteværelset")
    assert "Den første koppen" in _search(page, "kopp")
    page.locator(".md-search-result__link").first.click()  # the best hit: the text itself
    page.wait_for_load_state("load")
    assert page.url.split("?")[0].endswith("/hefte-2026/den-forste-koppen/index.html")
    assert page.locator("article h1").first.inner_text() == "Den første koppen"
    assert hosts == {"file:"}, hosts


def test_verify_reads_the_offline_copy_and_its_zip(built, tmp_path):
    state = built.state
    withdrawn = state.project.publication("hefte-2026").text("det-jeg-ikke-sa")
    copy = tmp_path / "offline"
    shutil.copytree(built.offline.parent, copy)
    site = copy / offline.FOLDER
    index = site / "search" / "search_index.js"
    index.write_text(index.read_text("utf-8").replace("Den første koppen", withdrawn.title, 1), "utf-8")
    with zipfile.ZipFile(copy / "nettsida.zip", "a") as archive:
        archive.writestr("nettsida/om/index.html", f"<html><body><p>{withdrawn.title}</p></body></html>")
    report = verify.verify(state, built.site, None, also_web=[copy])
    found = {(f.path.name, f.params.get("place")) for f in report.errors if f.code == "verify.held-back-title"}
    assert any(name == "search_index.js" and place.startswith("search index entry hefte-2026/")
               for name, place in found), found
    assert ("nettsida.zip", "nettsida/om/index.html: text") in found
    assert verify.verify(state, built.site, None, also_web=[built.offline.parent]).errors == []


@pytest.mark.parametrize("url, expected", [
    ("hefte-2026/", "hefte-2026/index.html"), ("../#innhold", "../index.html#innhold"), ("../..", "../../index.html"),
    (".", "index.html"), ("../pdf/hefte-2026.pdf", "../pdf/hefte-2026.pdf"), ("#innhold", "#innhold"),
    ("https://skriveverkstedet.example.no/", "https://skriveverkstedet.example.no/"), ("mailto:a@b.no", "mailto:a@b.no"),
])
def test_a_link_to_a_folder_names_its_index_file(url, expected):
    assert offline.file_url(url) == expected


def test_only_links_change_not_a_text_that_shows_html():
    page = '<head></head><p><a href="x/">x</a> <code>&lt;a href="y/"&gt;</code> <code> href="z/"</code></p>'
    assert offline._page(page, 0) == (f'<head><script src="{offline.SHIM}"></script></head><p><a href="x/index.html">x'
                                      '</a> <code>&lt;a href="y/"&gt;</code> <code> href="z/"</code></p>')
