"""URL slugs for Norwegian titles: Python-Markdown's default drops æ/ø/å ("Økonomi" -> "konomi")."""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 80
"""A slug is a folder name and part of a URL: a 2000-character title must not make a 2000-byte file name
(most file systems stop at 255 bytes). 80 keeps URLs readable and leaves room for ``-NN`` and ``index.html``."""

_TRANSLIT = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a", "ß": "ss"})


def slugify(value: str, separator: str = "-") -> str:
    """``"Venteværelset på Åssiden"`` -> ``"ventevaerelset-pa-assiden"``."""
    value = unicodedata.normalize("NFC", value).translate(_TRANSLIT)
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii").lower()
    value = re.sub(r"[^\w\s-]", "", value)
    return _cap(re.sub(r"[-\s_]+", separator, value).strip("-_"), MAX_LENGTH) or "tekst"


def _cap(slug: str, limit: int) -> str:
    """Cut a long slug at the last word boundary that fits (a word is cut only if it alone is too long)."""
    if len(slug) <= limit:
        return slug
    cut = slug[:limit + 1]
    boundary = cut.rfind("-")
    return (cut[:boundary] if boundary > limit // 2 else slug[:limit]).strip("-_")


def unique(slug: str, taken: set[str]) -> str:
    """Two texts may share a title; the second gets ``-2``, the third ``-3`` (still within MAX_LENGTH)."""
    candidate, n = slug, 2
    while candidate in taken:
        suffix = f"-{n}"
        candidate, n = _cap(slug, MAX_LENGTH - len(suffix)) + suffix, n + 1
    taken.add(candidate)
    return candidate
