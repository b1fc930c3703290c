"""The one normalisation behind every comparison that guards consent, in check and in verify alike.

A name or a sentence that a reader sees must be found whatever bytes carry it. So before anything is compared,
text goes through the same steps, whether it is a participant's Markdown, a register name or a built page:

1. HTML entities (``&#76;``, ``&shy;``) and URL-encoding (``%C3%B8``) decoded: a reader sees the character;
2. Unicode NFKC: fullwidth letters, ligatures (ﬆ), superscripts and the like become plain letters;
3. format characters (category Cf: zero-width space, word joiner, U+FEFF, direction marks, soft hyphen) removed;
4. a hyphen at a line end joined to the next line ("vin-\\nter"): PDF text breaks words that way;
5. case folded, then look-alike letters mapped to their Unicode TR39 prototype (Cyrillic «а» -> «a»), then case
   folded once more (a prototype may be a capital). The confusables table is disarm's, compiled into its wheel.

``clean`` stops after step 4 and keeps the letters as written (fødselsnummer search, messages); ``fold`` is
the comparison form. ``words`` splits folded text into words for the held-back-words and name indexes.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from typing import Callable
from urllib.parse import unquote

import disarm

_ENTITY = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_BREAK = re.compile(r"[-\u2010\u2011](?<=\w.)[ \t]*\r?\n[ \t]*(?=\w)")  # a literal first: `re` skips ahead fast
_ASCII_CONFUSABLES = str.maketrans({"\"": "''", "`": "'", "|": "l"})
"""The only ASCII sources in the TR39 table, applied by hand where the table is skipped (ASCII-only text)."""
_WORD = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f])*")
"""A word: letters and digits (and combining accents); "_" is Markdown emphasis, "-" and "'" split words."""


@lru_cache(maxsize=1)
def _format_classes() -> tuple[re.Pattern, re.Pattern]:
    # Category Cf lives in planes 0, 1 and 14; reading unicodedata once beats a hand-kept list that goes stale.
    # As ranges, and the astral ones apart: `re` is 10x slower on a class with astral ranges, rarely needed.
    runs: list[list[int]] = []
    for c in (*range(0x20000), *range(0xE0000, 0xE1000)):
        if unicodedata.category(chr(c)) == "Cf":
            if runs and runs[-1][1] == c - 1:
                runs[-1][1] = c
            else:
                runs.append([c, c])

    def pattern(selected) -> re.Pattern:
        return re.compile("[" + "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in selected) + "]")

    return pattern([r for r in runs if r[1] < 0x10000]), pattern([r for r in runs if r[1] >= 0x10000])


def format_characters() -> re.Pattern:
    """A pattern matching one format character (Cf) of the Basic Multilingual Plane, soft hyphen included."""
    return _format_classes()[0]


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _has_format(text: str) -> bool:
    if text.isascii():
        return False
    bmp, astral = _format_classes()
    return bool(bmp.search(text) or (_ASTRAL.search(text) and astral.search(text)))


def _strip_format(text: str, by: str) -> str:
    bmp, astral = _format_classes()
    text = bmp.sub(by, text)
    return astral.sub(by, text) if _ASTRAL.search(text) else text


def _decode(text: str) -> str:
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    if "%" in text:
        text = _PERCENT.sub(lambda m: unquote(m.group(), errors="replace"), text)
    return text


def _clean(nfkc: str, has_format: bool, spaced: bool) -> str:
    text = _strip_format(nfkc, " " if spaced else "") if has_format else nfkc
    return _BREAK.sub("", text) if "\n" in text else text


def _fold(cleaned: str) -> str:
    text = cleaned.casefold()
    if text.isascii():  # the common case: the table's three ASCII entries, without a trip through it
        return text.translate(_ASCII_CONFUSABLES)
    # Prototypes before and after case folding: a capital look-alike may only match once folded (Ω -> ω -> w), and a
    # letter may fold into another script first (lunate ϲ -> σ); the table maps only three ASCII characters, so an
    # ASCII capital never turns into another letter here ("I" stays "i", not "l").
    conf = disarm.normalize_confusables
    return conf(conf(cleaned).casefold()).casefold()  # the table maps every hyphen and dash to "-" too


def clean(text: str, *, spaced: bool = False) -> str:
    """What a reader sees, letter for letter: steps 1-4 above. ``spaced``: format characters become spaces
    instead of nothing (a zero-width space put where a space was still separates the words a reader sees)."""
    nfkc = unicodedata.normalize("NFKC", _decode(text))
    return _clean(nfkc, _has_format(nfkc), spaced)


def fold(text: str, *, spaced: bool = False) -> str:
    """The comparison form: ``clean``, case folded, look-alike letters mapped to their prototype."""
    return _fold(clean(text, spaced=spaced))


def readings(text: str) -> tuple[str, list[str]]:
    """``clean(text)`` and the folded readings: ``fold(text)``, and when the text carries format characters also
    the reading with them as spaces (more than one reading exactly when there are format characters: see
    ``glued``; the first is ``fold(text)``, the last the spaced one). A right-to-left override adds, between them,
    the reading in the order a reader sees (``_overridden``). Verify reads each output once through this."""
    nfkc = unicodedata.normalize("NFKC", _decode(text))
    has_format = _has_format(nfkc)
    cleaned = _clean(nfkc, has_format, False)
    folded = [_fold(cleaned)]
    if has_format and _RLO in nfkc:
        folded.append(_fold(_clean(_overridden(nfkc), True, False)))
    if has_format:
        folded.append(_fold(_clean(nfkc, True, True)))
    return cleaned, folded


_RLO = "\u202e"
_OVERRIDDEN = re.compile("\u202e([^\u202c\u2029\n]*)")


def _overridden(text: str) -> str:
    """Letters after a right-to-left override (U+202E, up to its pop, U+202C, or the line's end) are shown in
    reverse: "\u202emørtsdniL" is read "Lindstrøm" on the page, so it is compared in that order too."""
    return _OVERRIDDEN.sub(lambda m: m[1][::-1], text)


_NOT_LETTER = re.compile(r"[\W_]+")


def glued(folded: str) -> str:
    """Letters and digits only. Where format characters stand both inside words and for spaces, neither reading
    has the words a reader sees ("Sn\u200bøen\u200bla" reads "Snøenla"); compared without spaces, they match."""
    return _NOT_LETTER.sub("", folded)


def variants(text: str) -> list[str]:
    return readings(text)[1]


def words(folded: str) -> list[str]:
    # Runs of white space made one space first: no white-space character is part of a word, so the words are the
    # same, and a page read back (indented HTML, mostly white space) is searched in a third of the time.
    return _WORD.findall(" ".join(folded.split()))


def key(text: str) -> str:
    """A short string's comparison key: folded words joined by one space ("Nord-Norge!" -> "nord norge")."""
    return " ".join(words(fold(text)))


def span(raw: str, contains: Callable[[str], bool]) -> tuple[int, int]:
    """The shortest stretch ``raw[start:end]`` for which ``contains`` holds (it must hold for ``raw``).

    Folding changes lengths (entities, ligatures, removed characters), so a hit in folded text is traced back by
    bisection over the raw text: used for messages only, when something was found."""
    lo, hi = 0, len(raw)
    while lo < hi:  # the first end at which the stretch from 0 holds
        mid = (lo + hi) // 2
        if contains(raw[:mid]):
            hi = mid
        else:
            lo = mid + 1
    end, lo, hi = lo, 0, lo
    while lo < hi:  # the last start from which the stretch to end still holds
        mid = (lo + hi + 1) // 2
        if contains(raw[mid:end]):
            lo = mid
        else:
            hi = mid - 1
    return lo, end


def has_words(needle: tuple[str, ...]) -> Callable[[str], bool]:
    """A test for ``span``: the words of ``needle`` stand together in the text (in any of its readings)."""
    wanted = " " + " ".join(needle) + " "
    return lambda text: any(wanted in " " + " ".join(words(v)) + " " for v in variants(text))


def has_letters(needle: str) -> Callable[[str], bool]:
    """A test for ``span``: the letters of ``needle`` stand together once spaces and format characters are gone."""
    return lambda text: needle in glued(fold(text))
