"""URL slugs for Norwegian titles: Python-Markdown's default drops æ/ø/å ("Økonomi" -> "konomi")."""

from __future__ import annotations

import re
import unicodedata

_TRANSLIT = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a", "ß": "ss"})


def slugify(value: str, separator: str = "-") -> str:
    """``"Venteværelset på Åssiden"`` -> ``"ventevaerelset-pa-assiden"``."""
    value = unicodedata.normalize("NFC", value).translate(_TRANSLIT)
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii").lower()
    value = re.sub(r"[^\w\s-]", "", value)
    return re.sub(r"[-\s_]+", separator, value).strip("-_") or "tekst"


def unique(slug: str, taken: set[str]) -> str:
    """Two texts may share a title; the second gets ``-2``, the third ``-3``."""
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate
