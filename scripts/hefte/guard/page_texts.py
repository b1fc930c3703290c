"""The text pdfium read from PDF pages, kept by a key of everything that decides it, for verify's next build.

After one text is edited, the three PDFs of its publication are new files, but all of their pages but a few are
the pages verify read last time: reading every page with pdfium again was most of verify's time. A page's text
is taken from here only when the page is the same to the byte: its key is a digest of the page dictionary and of
every object it reaches (content streams as stored, with their filters; resources; fonts with their programs,
encodings and ToUnicode maps, which change with each part's font subset; form XObjects, so an imposed sheet's
key holds the print pages placed on it; annotations), its inherited attributes (resources, boxes, rotation),
and the versions of pdfium and of hefte. Only the pages' text comes from here: the whole document's text is still
scanned against the rules of this build, and metadata, outlines, annotations and every other object are still
read from the file itself (readback.py).

Fail closed: a document whose page tree pdfium and qpdf might see differently (an incremental update, qpdf's
repairs, encryption, optional content) has every page read by pdfium; a kept text whose checksum does not match
is read again. Only the pages of this build's PDFs are kept (``prune``).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

FOLDER = "verify-pages"
"""Beside verify's clean cache (.hefte/cache/)."""
VERSION = b"2"
"""Raised when what a key covers changes."""
INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
"""Page attributes a page may take from the page tree above it (PDF 1.7, 7.7.3.4)."""


class PageTexts:
    """Page texts by key: one file per PDF read (all of its pages' texts), loaded together on first use. The
    files are not synced to disk one by one: a torn or damaged file fails its checksum and is not used."""

    def __init__(self, folder: Path | None):
        self.folder = Path(folder) if folder is not None else None
        self.salt = b""
        self._known: dict[str, str] | None = None
        if self.folder is not None:
            import pypdfium2.version

            from ..render.pdf_cache import hefte_digest

            self.salt = b"\0".join([VERSION, str(pypdfium2.version.PDFIUM_INFO).encode(),
                                    str(pypdfium2.version.PYPDFIUM_INFO).encode(), hefte_digest().encode()])

    def keys(self, pdf, data: bytes) -> list[str] | None:
        """The key of each page of ``pdf`` (pikepdf, opened from ``data``), or None: read every page."""
        if self.folder is None:
            return None
        return page_keys(pdf, data, self.salt)

    def get(self, key: str) -> str | None:
        if self._known is None:
            self._known = {}
            for path in sorted(self.folder.glob("*.json")) if self.folder.is_dir() else ():
                self._known.update(_load(path))
        return self._known.get(key)

    def keep(self, data: bytes, keys: list[str], texts: list[str]) -> None:
        """The texts of one document's pages, in a file named by the sha256 of the document's bytes."""
        target = self.folder / f"{hashlib.sha256(data).hexdigest()}.json"
        if target.is_file() and _load(target):
            return  # kept already (a damaged file is written anew)
        stored = json.dumps(dict(zip(keys, texts, strict=True)), ensure_ascii=False).encode("utf-8", "surrogatepass")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            tmp.write_bytes(hashlib.sha256(stored).hexdigest().encode() + stored)
            os.replace(tmp, target)
        except OSError:
            pass  # not kept: read again next time

    def prune(self, published: set[str]) -> None:
        """Keep the page texts of the PDFs of this build only, by the sha256 of their bytes: also those verify
        did not read again (found clean before), so an edit after a build that changed nothing still finds them."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name.removesuffix(".json") not in published:
                path.unlink(missing_ok=True)


def _load(path: Path) -> dict[str, str]:
    try:
        stored = path.read_bytes()
        if hashlib.sha256(stored[64:]).hexdigest().encode() != stored[:64]:
            return {}  # torn or damaged: its pages are read again
        texts = json.loads(stored[64:].decode("utf-8", "surrogatepass"))
    except (OSError, ValueError):
        return {}
    if not isinstance(texts, dict) or not all(isinstance(t, str) for t in texts.values()):
        return {}
    return texts


def page_keys(pdf, data: bytes, salt: bytes) -> list[str] | None:
    """A key per page (in the order pdfium numbers them), or None where there is any doubt that pdfium and qpdf
    see the same pages: then pdfium reads every page."""
    import pikepdf

    if data.count(b"startxref") != 1 or pdf.is_encrypted or "/OCProperties" in pdf.Root:
        return None  # an incremental update (two trailers to choose from), encryption, layers shown or not
    try:
        digests: dict = {}
        keys = []
        for page in pdf.pages:
            h = hashlib.sha256(salt)
            _object(page.obj, h, digests, set(), top=True)
            for name in INHERITED:
                if name not in page.obj:
                    h.update(b"I" + name.encode())
                    _object(_inherited(page.obj, name), h, digests, set())
            keys.append(h.hexdigest())
    except (ValueError, RecursionError, pikepdf.PdfError):
        return None
    if pdf.get_warnings():  # qpdf repaired something: pdfium may have repaired it otherwise
        return None
    return keys


def _inherited(page, name: str):
    node, seen = page.get("/Parent"), set()
    while node is not None and node.objgen not in seen:
        seen.add(node.objgen)
        if name in node:
            return node.get(name)
        node = node.get("/Parent")
    return None


def _object(obj, h, digests: dict, busy: set, *, top: bool = False) -> None:
    """Feed ``obj`` to ``h``, unambiguously (a tag and a length before each part): an indirect object as the
    digest of its own contents, made once per document (fonts and images are shared by many pages)."""
    import pikepdf

    if not top and isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.Page:
        h.update(b"P")  # another page (a link's target): its text is not drawn on this one
        return
    if isinstance(obj, pikepdf.Object) and obj.is_indirect and not top:
        if obj.objgen not in digests:
            if obj.objgen in busy:
                raise ValueError("a reference cycle below a page")
            busy.add(obj.objgen)
            inner = hashlib.sha256()
            _object(obj, inner, digests, busy, top=True)
            busy.discard(obj.objgen)
            digests[obj.objgen] = inner.digest()
        h.update(b"R" + digests[obj.objgen])
    elif isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
        names = sorted(k for k in obj.keys() if not (top and k == "/Parent"))  # the tree: see INHERITED
        h.update(b"S" if isinstance(obj, pikepdf.Stream) else b"D")
        h.update(len(names).to_bytes(4, "big"))
        for name in names:
            _bytes(h, name.encode())
            _object(obj.get(name), h, digests, busy)
        if isinstance(obj, pikepdf.Stream):
            _bytes(h, obj.read_raw_bytes())  # as stored: with its /Filter and /DecodeParms it decides the data
    elif isinstance(obj, pikepdf.Array):
        h.update(b"A" + len(obj).to_bytes(4, "big"))
        for item in obj:
            _object(item, h, digests, busy)
    else:  # a name, string, operator or null as PDF writes it; a number or boolean as Python writes it
        h.update(b"V")
        _bytes(h, obj.unparse() if isinstance(obj, pikepdf.Object) else f"{type(obj).__name__}:{obj!r}".encode())


def _bytes(h, data: bytes) -> None:
    h.update(len(data).to_bytes(8, "big"))
    h.update(data)
