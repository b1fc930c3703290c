"""Names from the private register and the deny list, found in text through the one normalisation.

Split from pii.py (same Hit, same messages): a name is matched on normalise.fold's reading, so entities, format
characters, fullwidth and look-alike letters make no difference, and reported at its place in the text as given.
Parts: the full name (also first + last of a longer one), the surname alone when long and not an everyday word,
each half of a double surname, and, when asked for (``parts``), each first name alone.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable

from . import normalise
from .pii import Hit, _fold



# Surnames that are also everyday words: matching them alone would flag half of every text.
_COMMON_WORDS = frozenset("""haugen bakken hagen strand stranden fossen berget lunden dalen skogen engen tangen
sletten vollen holmen viken brekke bakke berge heggen løkken moen lien sand sandvik storm vinter sommer høst våren
lykke glad frisk sterk stein steinen kvist rosen lyng fugl natt solen fjell fjellet eiken furu bjørk lind nordby
sørby vesten østen torget kirke kirken skole skolen haug myra myren nygård gården garden grønn hvite svart lille
store lunde sunde brenna berg lie dahl vik holm nes foss lund eng dal mo
dag liv per bo sol vår gry tor vil ask eik lin siv mai""".split())
"""The last line: first names that are everyday words ("i dag", "et liv"), never looked for alone."""
_WORD = re.compile(r"[\w\u0300-\u036f]+")  # on _fold()ed text, so without "_"
# Between two parts of a name: spaces, line breaks, a hyphen (register "Tveitevåg-Rimstad" also matches
# "Tveitevåg Rimstad" and the reverse), markdown emphasis. Markup must be stripped by the caller.
_BETWEEN = re.compile(r"[\s*_.'’]*(?:[-‐‑–][\s*_]*)?")
# Inside ONE word: a soft hyphen, or a hyphenation break at a line end in text extracted from a PDF.
_JOIN = re.compile(r"\u00ad|-[ \t]*\n[ \t]*")
_POSSESSIVE_TAIL = re.compile(r"['’]s?(?!\w)")
_NON_SPACE = re.compile(r"\S*")


def _key(word: str) -> str:
    return normalise.fold(word)


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    return frozenset(_key(w) for w in _COMMON_WORDS)


def _parts(name: str) -> list[str]:  # tokenised like the text, so "O'Brien" and "Kari A. Berg" line up
    return _WORD.findall(_fold(_key(name)))


def _spellings(words: list[str]) -> list[tuple[str, ...]]:
    """A name's words as tokens, each hyphenated word both apart and joined ("Tveitevåg-\nRimstad" in a PDF)."""
    options = [[tuple(_parts(w))] + ([("".join(_parts(w)),)] if len(_parts(w)) > 1 else []) for w in words]
    result = [()]
    for choice in options:
        result = [r + c for r in result for c in choice]
    return [r for r in result if r]


@lru_cache(maxsize=32)
def _index(names: tuple[str, ...], parts: bool = False) -> dict[str, list[tuple[tuple[str, ...], str, str]]]:
    """first token -> [(token sequence, register name, part)]. ``parts``: first names and short surnames alone too."""
    variants: dict[tuple[str, ...], tuple[str, str]] = {}
    common = _common()

    def add(tokens: tuple[str, ...], name: str, part: str) -> None:
        if tokens and not (len(tokens) == 1 and (tokens[0] in common or len(tokens[0]) < 2)):
            variants.setdefault(tokens, (name, part))

    for name in names:
        words = name.split()
        for tokens in _spellings(words):
            variants.setdefault(tokens, (name, "name"))  # an entry is always matched as given
        if len(words) > 2:  # "Kari Johansen" for "Kari Anne Johansen"
            for tokens in _spellings([words[0], words[-1]]):
                add(tokens, name, "name")
        if len(words) < 2:
            continue
        # The surname alone, and each half of a double surname, when long and not an everyday word; shorter ones
        # and first names alone only when asked for (check warns, verify needs an acknowledgement).
        pieces = _parts(words[-1])
        for candidate in [tuple(pieces), ("".join(pieces),)] + ([(p,) for p in pieces] if len(pieces) > 1 else []):
            if sum(map(len, candidate)) >= 5:
                add(candidate, name, "surname")
            elif parts and len(pieces) == 1:  # "Moe" alone is weak; half a double name ("-Ness") is too weak
                add(candidate, name, "first")
        if parts:
            for word in words[:-1]:
                for tokens in _spellings([word]):
                    add(tokens, name, "first")
    variants.pop((), None)  # an entry of punctuation only
    index: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
    for tokens, (name, part) in variants.items():
        index.setdefault(tokens[0], []).append((tokens, name, part))
    return index


def _present(text: str, index: dict) -> set[str]:
    """Index keys that occur as words (also with hyphenation undone). Usually none: then we are done fast."""
    low = unicodedata.normalize("NFC", _fold(text))
    words = set(_WORD.findall(low))
    if _JOIN.search(low):
        words.update(_WORD.findall(_JOIN.sub("", low)))
    return {w for w in words if w in index} | {w[:-1] for w in words if w[:-1] in index}


@lru_cache(maxsize=32)
def _starts(keys: frozenset[str], joins: bool) -> re.Pattern:
    # A regex for the few first words present beats a Python loop over every word of the text (0.3 s/MB).
    sep = r"(?:\u00ad|-[ \t]*\n[ \t]*)?" if joins else ""
    alternatives = sorted((sep.join(map(re.escape, k)) for k in keys), key=len, reverse=True)
    return re.compile(rf"(?<![\w\u0300-\u036f])(?:{'|'.join(alternatives)})")


class _Words:
    """The words of a short window that starts where a name may start."""
    def __init__(self, text: str):
        self.text = text
        # Per-word NFC is the slow part; most texts are NFC already and need only lower-casing.
        nfc = unicodedata.is_normalized("NFC", text)
        self.spans = list(_WORD.finditer(_fold(text)))
        self.keys = [m.group() for m in self.spans] if nfc else [_key(m.group()) for m in self.spans]

    def gap(self, j: int, pattern: re.Pattern) -> bool:
        spans = self.spans
        return j + 1 < len(spans) and bool(pattern.fullmatch(self.text, spans[j].end(), spans[j + 1].start()))

    def spell(self, i: int, want: str) -> int | None:
        """Index of the last word that spells `want` from word i on, joining halves split by soft hyphens."""
        got = ""
        for j in range(i, min(i + 4, len(self.keys))):
            got += self.keys[j]
            if got == want:
                return j
            if not want.startswith(got) or not self.gap(j, _JOIN):
                return None
        return None

    def match(self, tokens: tuple[str, ...]) -> tuple[int, bool] | None:
        """(index of last word, genitive?) when the tokens are spelled from the first word on."""
        j = -1
        for n, want in enumerate(tokens):
            j += 1
            if j >= len(self.keys) or (n and not self.gap(j - 1, _BETWEEN)):
                return None
            end_j = self.spell(j, want)
            if end_j is None:  # the last part may carry a genitive s: "Kari Johansens"
                end_j = self.spell(j, want + "s") if n == len(tokens) - 1 else None
                return None if end_j is None else (end_j, True)
            j = end_j
        return j, False

    def longest_name(self, index: dict) -> tuple[int, str, str] | None:
        """(end offset, register name, part) of the longest name at the start: "Kari Johansen" over "Johansen"."""
        candidates, key, best = [], "", None
        for j in range(min(4, len(self.keys))):  # the word, or it glued to halves after soft hyphens
            key += self.keys[j]
            candidates += index.get(key, []) + (index.get(key[:-1], []) if key.endswith("s") else [])
            if not self.gap(j, _JOIN):
                break
        for tokens, name, part in candidates:
            found = self.match(tokens)
            if found and (best is None or found[0] > best[0]):
                best = (*found, name, part)
        if best is None:
            return None
        end = self.spans[best[0]].end()
        tail = _POSSESSIVE_TAIL.match(self.text, end)
        return (tail.end() if tail and not best[1] else end), best[2], best[3]  # "Hans’", "Kari Johansen's"


def names_index(names: Iterable[str], *, parts: bool = False) -> dict:
    return _names_index(tuple(names), parts)


@lru_cache(maxsize=64)
def _names_index(names: tuple[str, ...], parts: bool) -> dict:
    # check asks once per text with the same few hundred names: normalising them each time cost more than the search
    return _index(tuple(sorted({unicodedata.normalize("NFC", n).strip() for n in names if n and n.strip()})), parts)


def find_names_folded(folded: str, index: dict) -> list[Hit]:
    """Names in text already in normalise.fold's form (verify folds each output once); offsets are into it."""
    present = _present(folded, index) if index else set()
    if not present:
        return []
    hits: list[Hit] = []
    for m in _starts(frozenset(present), bool(_JOIN.search(folded))).finditer(_fold(folded)):
        pos = m.start()
        if hits and pos < hits[-1].end:
            continue
        stop = _NON_SPACE.match(folded, pos + 120).end()  # names are short; never cut the last word
        found = _Words(folded[pos:stop]).longest_name(index)
        if found:
            hits.append(Hit("name", pos, pos + found[0], folded[pos:pos + found[0]], found[1], found[2]))
    return hits


def find_glued_names(glued: str, index: dict) -> list[Hit]:
    """Full names and surnames (not first names: too short to stand without word boundaries) in letters-only
    text (normalise.glued), for text whose format characters blur the words. Offsets are into ``glued``."""
    hits, seen = [], set()
    for entries in index.values():
        for tokens, name, part in entries:
            letters = "".join(tokens)
            if part == "first" or len(letters) < 5 or (name, letters) in seen:
                continue
            at = glued.find(letters)
            if at >= 0:
                seen.add((name, letters))
                hits.append(Hit("name", at, at + len(letters), letters, name, part))
    return sorted(hits, key=lambda h: h.start)


def _same_offsets(text: str, folded: str) -> bool:
    """Folding kept every character in place: nothing decoded, removed or joined, nothing widened."""
    return (len(folded) == len(text) and "&" not in text and "%" not in text and "-\n" not in text
            and (text.isascii() or (unicodedata.is_normalized("NFKC", text)
                                    and not normalise.format_characters().search(text))))


def find_names(text: str, names: Iterable[str], *, parts: bool = False) -> list[Hit]:
    """Register and deny-list names in ``text`` whatever bytes carry them (normalise.fold), at their place in it.

    ``parts``: also each first name and short surname alone (``Hit.part == "first"``)."""
    index = names_index(names, parts=parts)
    if not index:
        return []
    hits: list[Hit] = []
    readings = normalise.readings(text)[1]  # normalise.variants(text), read once for both passes below
    for n, folded in enumerate(dict.fromkeys(readings)):
        for hit in find_names_folded(folded, index):
            if n == 0 and _same_offsets(text, folded):
                start, end = hit.start, hit.end
            else:
                start, end = normalise.span(text, lambda t, w=hit.text: any(w in v for v in normalise.variants(t)))
            if not any(h.start < end and start < h.end for h in hits):
                hits.append(Hit("name", start, end, text[start:end], hit.detail, hit.part))
    if len(readings) > 1:  # format characters both inside words and for spaces: compare the letters alone
        for hit in find_glued_names(normalise.glued(readings[0]), index):
            start, end = normalise.span(text, normalise.has_letters(hit.text))
            if not any(h.start < end and start < h.end for h in hits):
                hits.append(Hit("name", start, end, text[start:end], hit.detail, hit.part))
    return sorted(hits, key=lambda h: h.start)
