"""The website of the last build, kept so that a rebuild writes again only the pages that changed.

Material renders the whole navigation on every page, so a cold build of n pages costs n², and an edited text
would pay all of it. The kept site is used at two levels:

1. The whole site, without running MkDocs, when ``key()`` is unchanged: a sha256 of every file in the project's
   sources (texts and their photos, docs/, overrides/, mkdocs.yml, pyproject.toml and the private register, as
   folders.sources lists them), the theme's custom_dir wherever it is (the one MkDocs used last time: a
   custom_dir changed in mkdocs.yml changes the key through mkdocs.yml), the screen PDFs the site links, the date
   the plan is made for, the day of the build, SOURCE_DATE_EPOCH, the strict setting, and the versions of hefte
   (its source), MkDocs, Material and Markdown.
2. Page by page, otherwise. MkDocs runs (``dirty``), and every page is read and rendered to its body as in a cold
   build, so every title, table of contents and front matter is the current one. Before anything is written the
   adapter shows ``Reuse.decide`` every page as MkDocs is about to write it (``Shown``), and two digests decide:

   - the *shared* key: everything that can show on more than one page. The tools and hefte's source, the dates,
     SOURCE_DATE_EPOCH, strict, mkdocs.yml, pyproject.toml, overrides/ and the theme's custom_dir, docs/ apart
     from its pages, and what MkDocs made of the plan and the pages: the whole nav (every section, page, title, address and
     order, so the prev/next footer and the path above a page too), every page's front matter that another
     page's nav can show (icon, status, subtitle), and the list of every file in the site;
   - a page's own digest: what that page alone shows. Its body as the theme gets it (for a generated page
     web.Site's HTML with its photos' sizes, the PDF links and their sizes, the notice; for the front page the
     shelf too; for a hand-written page its Markdown rendered), its title, table of contents and front matter,
     and what the adapter writes into it afterwards (web.Page: language, share tags).

   Only when the shared key is the kept one is a page whose own digest is unchanged copied from the kept site
   instead of written; every other file is written or copied as in a cold build, and 404.html, sitemap.xml(.gz)
   are made again from the current nav. Material's search plugin indexes only the pages written, so
   ``Reuse.merge_search`` puts the kept entries of the others back, in the order a cold build gives. With a
   different shared key, or none kept, every page is written into the empty staging folder: a cold build.

When unsure whether something shows on more than one page, it belongs to the shared key: a difference there
costs a full build, never a stale page. The result is byte for byte a cold build's (tests/test_site_cache.py).

One entry, ``.hefte/cache/site/<key>/`` with ``site/`` and ``pages.json`` (the keys and every page's digest);
verify reads the reused site like a new one.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata
from pathlib import Path

PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2")
SEARCH_INDEX = "search/search_index.json"
"""Where Material's search plugin writes its index, under the site folder."""
OWN_META = ("description",)
"""Front matter keys only the page itself shows (<meta name="description">); the rest go to the shared key."""
MANIFEST = "pages.json"


def folder(root: Path) -> Path:
    return Path(root) / ".hefte" / "cache" / "site"


def key(state, screens: dict[str, Path], *, strict: bool, theme: Path | None = None) -> str:
    """Every input of the site: the same key, the same site (reused whole, without MkDocs). ``theme``: the
    custom_dir MkDocs used (``Kept.theme``), which may lie outside the project."""
    from .. import folders

    digest = hashlib.sha256(_setting(state, strict).encode())
    sources = [source for what, source in sorted(folders.sources(state.config).items()) if what not in ("git", "state")]
    for source in [*sources, *([theme] if theme else [])]:
        for path in _files(Path(source)):
            digest.update(b"\0" + str(path).encode() + b"\0" + path.read_bytes())
    for pub_id, pdf in sorted(screens.items()):
        digest.update(b"\0pdf\0" + pub_id.encode() + b"\0" + Path(pdf).read_bytes())
    return digest.hexdigest()


def shared_files(state, *, strict: bool) -> str:
    """The part of the shared key known before MkDocs runs: tools, dates, settings, and the files that shape every
    page (the theme, mkdocs.yml, pyproject.toml, docs/ apart from its pages). The texts and the register are not
    here: they reach the site only through the plan, and what MkDocs makes of that is, page by page
    (``Reuse.decide``)."""
    from mkdocs.utils import is_markdown_file

    from .. import folders

    digest = hashlib.sha256(_setting(state, strict).encode())
    for what, source in sorted(folders.sources(state.config).items()):
        if what in ("git", "state", "texts", "register"):
            continue
        for path in _files(Path(source)):
            # A hand-written page is digested as MkDocs rendered it (its own digest, its title and nav in the
            # shared one); its name stays here, so a page added or removed is a full build either way.
            content = b"page" if what == "docs" and is_markdown_file(path.name) else path.read_bytes()
            digest.update(b"\0" + str(path).encode() + b"\0" + content)
    return digest.hexdigest()


def _setting(state, strict: bool) -> str:
    from mkdocs.utils import get_build_date

    from .pdf_cache import hefte_digest

    versions = {name: _version(name) for name in PACKAGES}
    # The day twice: the local one the plan and hefte use, and MkDocs' own (UTC, or SOURCE_DATE_EPOCH's) that
    # the sitemap and the pages' dates carry.
    return repr((hefte_digest(), sorted(versions.items()), sys.version, state.plan.today.isoformat(),
                 date.today().isoformat(), get_build_date(), os.environ.get("SOURCE_DATE_EPOCH", ""), strict))


@dataclass
class Shown:
    """One page as MkDocs is about to write it, read from MkDocs' objects by the adapter (plain data only)."""

    src_uri: str
    dest_uri: str
    """The written file, under the site folder (``tekst/index.html``)."""
    url: str
    """Its address in the site, as the search index names it (``tekst/``; the front page ``""``)."""
    title: str
    meta: dict
    """Front matter (for a generated page what the adapter set: title, description)."""
    body: str
    """The page content the theme is given."""
    toc: list
    """The table of contents as plain nested lists."""
    extra: object = None
    """What the adapter writes into the page itself after the theme (for a generated page: its web.Page)."""


@dataclass
class Kept:
    """The entry of the last build."""

    path: Path
    inputs: str
    """``key()`` of the build that made it."""
    shared: str | None
    pages: dict[str, str]
    """src_uri -> the page's own digest."""
    theme: Path | None = None
    """The theme's custom_dir MkDocs used for it."""

    @property
    def site(self) -> Path:
        return self.path / "site"


def kept(cache: Path) -> Kept | None:
    """The kept entry, or None (none yet, or one this version cannot read: the next build replaces it)."""
    found = []
    for entry in cache.iterdir() if cache.is_dir() else ():
        if entry.name.startswith(".") or not (entry / "site" / "index.html").is_file():
            continue
        try:
            manifest = json.loads((entry / MANIFEST).read_text("utf-8"))
        except (OSError, ValueError):
            continue
        theme = Path(manifest["theme"]) if manifest.get("theme") else None
        found.append((entry.stat().st_mtime, Kept(entry, manifest["inputs"], manifest.get("shared"),
                                                  manifest.get("pages", {}), theme)))
    return max(found, key=lambda found: found[0])[1] if found else None


def restore(entry: Kept, site: Path) -> None:
    """The whole kept site into ``site`` (its ``key()`` is this build's)."""
    shutil.copytree(entry.site, site, symlinks=True)


@dataclass
class Reuse:
    """One MkDocs run's use of the kept entry: which pages are copied instead of written, and the search index."""

    entry: Kept | None
    files: str
    """``shared_files()`` of this build."""
    shared: str | None = None
    """This build's shared key, once ``decide`` has seen the pages."""
    theme: Path | None = None
    """The custom_dir this MkDocs run used, once ``decide`` has seen it."""
    pages: dict[str, str] = field(default_factory=dict)
    unchanged: set[str] = field(default_factory=set)
    """src_uris of the pages copied from the kept site."""
    _order: list[Shown] = field(default_factory=list)

    def decide(self, nav: list, files: list, pages: list[Shown], site_dir: Path, theme: Path | None) -> set[str]:
        """Copy the kept output of every page that shows what it showed into ``site_dir``; return their src_uris.
        ``nav``: the nav as plain nested lists (pages by src_uri); ``files``: every file of the site, plainly;
        ``pages``: every page, in the order MkDocs writes them; ``theme``: mkdocs.yml's custom_dir, wherever it
        is (a project may take its templates from outside overrides/). Nothing is written yet when this runs."""
        self.theme = Path(os.path.abspath(theme)) if theme else None
        theme_files = [(str(p), hashlib.sha256(p.read_bytes()).hexdigest()) for p in _files(theme)] if theme else []
        shared = [self.files, theme_files, nav, files,
                  [(p.src_uri, p.url, p.title, {k: v for k, v in p.meta.items() if k not in OWN_META}) for p in pages]]
        self.shared = _digest(shared)
        self.pages = {p.src_uri: _digest([p.title, p.meta, p.body, p.toc, p.extra]) for p in pages}
        self._order = pages
        self.unchanged = set()
        if self.entry is None or self.entry.shared != self.shared:
            return self.unchanged
        for page in pages:
            kept_file = self.entry.site / page.dest_uri
            if self.entry.pages.get(page.src_uri) == self.pages[page.src_uri] and kept_file.is_file():
                (site_dir / page.dest_uri).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(kept_file, site_dir / page.dest_uri)
                self.unchanged.add(page.src_uri)
        return self.unchanged

    def merge_search(self, site_dir: Path) -> None:
        """After the search plugin wrote its index of the pages written this run: every page's entries, in the
        order a cold build gives (pages as MkDocs writes them, each page's sections as it indexed them)."""
        written = site_dir / SEARCH_INDEX
        if not self.unchanged or not written.is_file():
            return
        before = self.entry.site / SEARCH_INDEX
        if not before.is_file():  # the shared key covers the search settings: a kept site without an index is broken
            raise RuntimeError(f"{before} is missing; build again with --fresh")
        index = json.loads(written.read_text("utf-8"))
        fresh, kept_entries = _by_page(index["docs"]), _by_page(json.loads(before.read_text("utf-8"))["docs"])
        index["docs"] = [entry for page in self._order
                         for entry in (kept_entries if page.src_uri in self.unchanged else fresh).get(page.url, [])]
        # As Material writes it (material/plugins/search/plugin.py, generate_search_index).
        written.write_text(json.dumps(index, separators=(",", ":"), default=str), "utf-8")


def keep(cache: Path, inputs: str, reuse: Reuse | None, site: Path) -> None:
    """Keep ``site`` as the one entry (any other is removed), with the digests a later build compares."""
    if cache.is_dir():
        for old in cache.iterdir():
            shutil.rmtree(old, ignore_errors=True)
    partial = cache / f".{inputs}.{os.getpid()}"
    shutil.copytree(site, partial / "site", symlinks=True)
    manifest = {"inputs": inputs, "shared": reuse.shared if reuse else None, "pages": reuse.pages if reuse else {},
                "theme": str(reuse.theme) if reuse and reuse.theme else None}
    (partial / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), "utf-8")
    partial.rename(cache / inputs)


def _by_page(entries: list[dict]) -> dict[str, list[dict]]:
    """Search entries by the page they belong to: a location is the page's address, then ``#section``."""
    pages: dict[str, list[dict]] = {}
    for entry in entries:
        pages.setdefault(entry["location"].partition("#")[0], []).append(entry)
    return pages


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=_plain, ensure_ascii=False).encode()).hexdigest()


def _plain(value):
    """A dataclass (web.Page) by its fields, anything else (a date in front matter) as text."""
    return dataclasses.asdict(value) if dataclasses.is_dataclass(value) else str(value)


def _files(source: Path) -> list[Path]:
    if source.is_file():
        return [source]
    if not source.is_dir():
        return []
    return sorted(p for p in source.rglob("*") if p.is_file())


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"
