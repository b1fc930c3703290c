"""WOFF2 fonts unpacked once, not on every layout.

WeasyPrint unpacks a WOFF2 font of an @font-face rule with fontTools, in pure Python, every time a process lays
out its first document with it: about 0.04 s a font, 0.3 s for the seven of print.css, in every PDF worker of
every build. It tells a font's format by its first bytes, not by its address, so the fetcher may hand it the
unpacked font instead; the unpacking is the same call WeasyPrint makes, so the bytes it gets, and the PDF it
writes, are the same.

The unpacked fonts are kept in ``.hefte/cache/fonter`` under the sha256 of the WOFF2 bytes and fontTools'
version: an edited font has another name, and `hefte build --fresh` empties the folder with the rest of the
cache. Each kept font begins with the sha256 of the font itself, checked when it is read: a damaged file would
otherwise not stop the PDF, WeasyPrint would quietly set the text in another font.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

WOFF2 = b"wOF2"

_UNPACKED: dict[str, bytes] = {}
"""In this process: sha256 key -> unpacked font (a worker lays out several parts)."""


def folder(root: Path) -> Path:
    return Path(root) / ".hefte" / "cache" / "fonter"


def unpacked(data: bytes, cache: Path | None) -> bytes:
    """``data`` itself unless it is a WOFF2 font; then the font unpacked, from ``cache`` when it has it."""
    if not data.startswith(WOFF2):
        return data
    import fontTools

    key = hashlib.sha256(data + b"\0fontTools " + fontTools.version.encode()).hexdigest()
    if key in _UNPACKED:
        return _UNPACKED[key]
    kept = cache / f"{key}.font" if cache is not None else None
    try:
        stored = kept.read_bytes() if kept is not None else b""
    except OSError:
        stored = b""
    font = stored[32:] if hashlib.sha256(stored[32:]).digest() == stored[:32] and len(stored) > 32 else None
    if font is None:
        from fontTools.ttLib import woff2

        out = io.BytesIO()
        woff2.decompress(io.BytesIO(data), out)
        font = out.getvalue()
        if kept is not None:
            try:
                from ..files import write_atomically

                kept.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(kept, hashlib.sha256(font).digest() + font)
            except OSError:
                pass  # only a cache: the next layout unpacks it again
    _UNPACKED[key] = font
    return font
