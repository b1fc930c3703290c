"""A copy of the built website that works opened from disk or a USB stick (``hefte build --offline``).

The website uses directory URLs (``hefte-2026/morgenkaffe/``): a web server answers them with the folder's
``index.html``, a browser opening files does not, and shows a folder listing. The copy names the file in every
link instead (``hefte-2026/morgenkaffe/index.html``), the style of MkDocs' ``use_directory_urls: false``.

Search from ``file://``: material reads ``search/search_index.js`` (the index as a script) instead of fetching the
JSON, and runs lunr in a Web Worker, which Chromium does not start from a file page. Material's own ``offline``
plugin (9.8.1, pinned) does both, but it switches MkDocs to ``use_directory_urls: false`` (hefte's pages, built
with relative directory links, would point past their files) and loads the worker shim from unpkg.com, which a
library PC without internet cannot reach and which is a request to another host. So the copy is made here from
the verified site: the same pages, links rewritten, the index as a script, the shim (iframe-worker, MIT, in
render/vendor/) shipped with hefte.

The copy is written as a folder and as a zip of that folder (``make_zip``); both are verified as web outputs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import zipfile
from pathlib import Path

FOLDER = "nettsida"
"""The copy's folder inside the offline output, and the top folder in the zip: unzipped, it is one folder."""
SHIM = "assets/javascripts/iframe-worker.js"
VENDOR = Path(__file__).parent / "vendor"
SERVER_ONLY = {"404.html", "sitemap.xml", "sitemap.xml.gz"}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every zip entry's date: the same site gives the same zip."""

_LINK = re.compile(r'(<[a-zA-Z][^<>]*?\shref=")([^"]*)(")')
"""An href inside a tag (not the words ``href="x/"`` in a text's code example, which stay as written)."""


def file_url(url: str) -> str:
    """``x/`` -> ``x/index.html``, ``../#a`` -> ``../index.html#a``; other URLs (files, other hosts, #a) as they are."""
    if not url or url.startswith(("#", "/", "?")) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url):
        return url
    path, rest = re.match(r"([^?#]*)(.*)", url, re.S).groups()
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if path.endswith("/") or last in (".", ".."):  # a folder: "x/", ".", "../..", "./"
        path = "" if path.rstrip("/") == "." else path.rstrip("/") + "/"
        path += "index.html"
    return path + rest


def _page(html: str, depth: int) -> str:
    html = _LINK.sub(lambda m: m[1] + file_url(m[2]) + m[3], html)
    # Before the theme's scripts: the shim replaces Worker only on file:// pages, so it is harmless on a server.
    return html.replace("</head>", f'<script src="{"../" * depth}{SHIM}"></script></head>', 1)


def make_copy(site: Path, target: Path) -> Path:
    """Copy the built ``site`` to ``target`` with file links, the search index as a script and the shim."""
    # The 404 page (absolute links, for a server's error handler) and the sitemaps (for search engines) have no
    # use on a disk.
    shutil.copytree(site, target, ignore=lambda folder, names: [n for n in names if Path(folder) == Path(site)
                                                                and n in SERVER_ONLY])
    for dirpath, _dirs, names in os.walk(target):
        for name in names:
            path = Path(dirpath, name)
            if path.suffix == ".html":
                depth = len(path.relative_to(target).parts) - 1
                path.write_text(_page(path.read_text("utf-8"), depth), "utf-8")
    index_path = target / "search" / "search_index.json"
    if index_path.is_file():
        index = json.loads(index_path.read_text("utf-8"))
        for doc in index.get("docs", []):
            doc["location"] = file_url(doc.get("location", "")) or "index.html"
        data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        index_path.write_text(data, "utf-8")
        (index_path.parent / "search_index.js").write_text(f"var __index = {data}", "utf-8")
    (target / SHIM).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(VENDOR / "iframe-worker.js", target / SHIM)
    shutil.copy(VENDOR / "iframe-worker-LICENSE.txt", (target / SHIM).with_name("iframe-worker-LICENSE.txt"))
    return target


def make_zip(folder: Path, target: Path) -> Path:
    """``folder`` as a zip whose one top folder has the same name; sorted, with fixed dates."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return target
