"""A content-addressed cache of rendered PDFs, so a rebuild with nothing changed lays out nothing.

The key is a sha256 of everything a PDF is made from:

- the print HTML handed to WeasyPrint: every text's words, title and byline as this PDF shows them, which
  texts and photos the consent decisions let in (held-back ones are not in the HTML at all), the publication's
  fields, the contents, the date stamped into the PDF, the padding pages;
- the bytes of every file the renderer may fetch: the print templates, the CSS and the fonts (all of
  overrides/), and this PDF's photos and cover;
- the renderer's options and the versions of WeasyPrint, pydyf and Pango, and a digest of hefte's own source,
  so a new hefte (or an edited one, in a checkout) never reuses a PDF an older one made.

A booklet's imposed A4 sheets are made from the print PDF's bytes alone, so they are kept under a key of those
bytes (``derived_key``): a rebuild copies them instead of imposing the same pages again.

An entry whose key is not recomputed exactly is never found, so a stale PDF cannot be used. A cached PDF is
still read back by verify on every build, against the consent plan and register of that build.

Entries live in ``.hefte/cache/pdf/`` (git-ignored, outside site/ and print/): ``<key>.pdf`` and
``<key>.json`` (page count and the renderer's warnings, which are printed again on a hit); the parts of PDFs
(pdf_parts.py) in ``deler/`` beside them, keyed the same way by each part's HTML. ``hefte build
--fresh`` empties the folder first, so nothing is reused; it keeps what it renders for the next build.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from functools import lru_cache
from pathlib import Path

from ..files import write_atomically

KEEP = 24
"""Entries kept after a build besides its own (newest first): PDFs and parts of a few builds before, to go
back to."""
PARTS = "deler"
"""The folder of the parts of PDFs (pdf_parts.py), beside the whole PDFs."""
_KEY = re.compile(r"[0-9a-f]{64}")


def folder(root: Path) -> Path:
    return Path(root) / ".hefte" / "cache" / "pdf"  # build.py empties .hefte/cache on --fresh


def inputs(files: list[Path], overrides: Path) -> str:
    """A digest of every file the renderer may fetch (all of overrides/, and ``files``) and of the tools: the
    part of a key that a PDF and all its parts share, read once per PDF."""
    digest = hashlib.sha256(json.dumps(_tools(), sort_keys=True, default=str).encode())
    for path in [*_tree(overrides), *sorted({Path(f) for f in files})]:
        digest.update(b"\0file\0" + str(path).encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    return digest.hexdigest()


def key_of(html: str, options: dict, variant: str, inputs_digest: str) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps({"variant": variant, "options": options, "inputs": inputs_digest},
                             sort_keys=True, default=str).encode())
    digest.update(b"\0html\0" + html.encode())
    return digest.hexdigest()


def derived_key(data: bytes, how: str) -> str:
    """The key of a file hefte makes from one PDF's bytes alone (``how``: "impose A4"), with the tools and hefte's
    source as in every key: the same bytes made the same way give the same file."""
    digest = hashlib.sha256(json.dumps({"made": how, "tools": _tools()}, sort_keys=True, default=str).encode())
    digest.update(b"\0data\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def get(cache: Path | None, entry: str) -> tuple[bytes, int, list[str]] | None:
    """The PDF's bytes, page count and warnings, or None. The parts it was joined from (``put``'s ``parts``) are
    marked used with it: a build that takes the whole PDF never asks for them, and prune() removed them, so an
    edit after a rebuild with nothing changed laid out every part again (34 s instead of 14 at 500 texts)."""
    found = get_part(cache, entry)
    if found is None:
        return None
    for part in found[3].get("parts", ()):
        if isinstance(part, str) and _KEY.fullmatch(part):
            with contextlib.suppress(OSError):
                os.utime(cache / PARTS / f"{part}.pdf")
    return found[:3]


def get_part(cache: Path | None, entry: str) -> tuple[bytes, int, list[str], dict] | None:
    """A PDF or one part of one (pdf_parts.py): its bytes, page count, warnings and what ``put`` kept beside
    them (a part's anchors), or None."""
    if cache is None:
        return None
    pdf, meta = cache / f"{entry}.pdf", cache / f"{entry}.json"
    try:
        data, info = pdf.read_bytes(), json.loads(meta.read_text("utf-8"))
        if hashlib.sha256(data).hexdigest() != info["sha256"]:
            return None  # a damaged entry is a miss, never a PDF
        os.utime(pdf)  # recently used: kept by prune()
        return data, int(info["pages"]), list(info["warnings"]), dict(info.get("extra") or {})
    except (OSError, ValueError, KeyError, TypeError):
        return None


def put(cache: Path | None, entry: str, data: bytes, pages: int, warnings: list[str], extra: dict | None = None
        ) -> None:
    if cache is None:
        return
    cache.mkdir(parents=True, exist_ok=True)
    write_atomically(cache / f"{entry}.json", json.dumps(
        {"sha256": hashlib.sha256(data).hexdigest(), "pages": pages, "warnings": warnings, "extra": extra or {}}
    ).encode())
    write_atomically(cache / f"{entry}.pdf", data)


def empty(cache: Path) -> bool:
    """Nothing kept: every PDF will be laid out (a first or a ``--fresh`` build)."""
    return not any(cache.glob("*.pdf")) if cache.is_dir() else True


def prune(cache: Path, keep: int | None = None, since: float | None = None) -> None:
    """Remove all but the entries used or made since ``since`` (this build's PDFs and their parts) and the
    ``keep`` newest others."""
    if not cache.is_dir():
        return
    keep = KEEP if keep is None else keep
    pdfs = sorted(cache.rglob("*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True)  # parts in deler/ too
    older = [p for p in pdfs if since is None or p.stat().st_mtime < since]
    for old in older[keep:]:
        old.unlink(missing_ok=True)
        old.with_suffix(".json").unlink(missing_ok=True)


def _tree(folder: Path) -> list[Path]:
    return sorted(p for p in Path(folder).rglob("*") if p.is_file()) if Path(folder).is_dir() else []


@lru_cache(maxsize=1)
def _tools() -> dict:
    """The renderer's versions, read without importing it: importing WeasyPrint (and its binding to Pango, which
    searches for half a dozen libraries) takes half a second, and a build whose PDFs all come from the cache
    lays nothing out."""
    from importlib.metadata import version

    return {name: version(name) for name in ("weasyprint", "pydyf", "pikepdf")} | {
        "pango": _pango_version(), "hefte": hefte_digest()}


def _pango_version() -> int | None:
    """The version of the Pango a layout would use, found by the names WeasyPrint loads it by (environment.py).
    None without one: the version is a safety margin, the other parts of the key still hold (and a layout then
    stops on environment.require_pango's message)."""
    from ..environment import LIBRARIES, _load

    try:
        return int(_load(LIBRARIES["pango"]).pango_version())
    except (OSError, AttributeError):
        return None


@lru_cache(maxsize=1)
def hefte_digest() -> str:
    """A digest of hefte's own source: in a checkout the code changes without a new version number."""
    source = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".html", ".css", ".yml", ".json") and path.is_file():
            source.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return source.hexdigest()
