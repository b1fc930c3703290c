"""The website of the last build, kept so that a rebuild with nothing changed does not run MkDocs again.

MkDocs has no incremental build (its ``--dirty`` skips pages but still writes every page that links to the
nav), so the cache is all or nothing: the site is reused only when its key, a sha256 of everything MkDocs and
the hefte plugin read, is the same. That is every file in the project's sources (texts and their photos,
docs/, overrides/, mkdocs.yml, pyproject.toml and the private register, as folders.sources lists them), the
screen PDFs the site links, the date the plan is made for and the day of the build (the sitemap carries it),
SOURCE_DATE_EPOCH, the strict setting, and the versions of hefte (its source), MkDocs, Material and Markdown.
Any edit makes a new key, and the whole site is built again.

One entry, in ``.hefte/cache/site/<key>/``; verify reads the reused site like a new one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from datetime import date
from importlib import metadata
from pathlib import Path

PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2")


def folder(root: Path) -> Path:
    return Path(root) / ".hefte" / "cache" / "site"


def key(state, screens: dict[str, Path], *, strict: bool) -> str:
    from .. import folders
    from .pdf_cache import hefte_digest

    digest = hashlib.sha256()
    versions = {name: _version(name) for name in PACKAGES}
    digest.update(repr((hefte_digest(), sorted(versions.items()), state.plan.today.isoformat(),
                        date.today().isoformat(), os.environ.get("SOURCE_DATE_EPOCH", ""), strict)).encode())
    for what, source in sorted(folders.sources(state.config).items()):
        if what in ("git", "state"):
            continue
        for path in _files(Path(source)):
            digest.update(b"\0" + str(path).encode() + b"\0" + path.read_bytes())
    for pub_id, pdf in sorted(screens.items()):
        digest.update(b"\0pdf\0" + pub_id.encode() + b"\0" + Path(pdf).read_bytes())
    return digest.hexdigest()


def restore(cache: Path, entry: str, site: Path) -> bool:
    """Copy the kept site for ``entry`` to ``site``; False if there is none."""
    kept = cache / entry
    if not (kept / "index.html").is_file():
        return False
    shutil.copytree(kept, site, symlinks=True)
    return True


def keep(cache: Path, entry: str, site: Path) -> None:
    """Keep ``site`` as the one entry (any other is removed)."""
    if cache.is_dir():
        for old in cache.iterdir():
            if old.name != entry:
                shutil.rmtree(old, ignore_errors=True)
    if not (cache / entry).exists():
        partial = cache / f".{entry}.{os.getpid()}"
        shutil.copytree(site, partial, symlinks=True)
        partial.rename(cache / entry)


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
