"""Norwegian conventions for dates, numbers and lists of names."""

from __future__ import annotations

from datetime import date

MONTHS = {
    "nb": ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
           "november", "desember"],
    "nn": ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
           "november", "desember"],
}


def long_date(value: date, lang: str = "nb") -> str:
    """``2026-03-02`` -> ``2. mars 2026``."""
    return f"{value.day}. {MONTHS.get(lang, MONTHS['nb'])[value.month - 1]} {value.year}"


def join_names(names: list[str], lang: str = "nb") -> str:
    """``[a, b, c]`` -> ``a, b og c`` (nynorsk uses ``og`` too)."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " og " + names[-1]
