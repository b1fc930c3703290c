"""Quotes of a participant's text inside an editorial text, bound to their source.

Syntax (a fenced block, so it survives Markdown editors and reads naturally in a plain file)::

    ::: sitat morgenkaffe
    innledning: Slik begynner en av deltakerne dagen:
    Jeg drikker den første koppen stående (…) før ungene våkner.
    :::

The optional first line ``innledning: …`` is the editor's sentence that introduces the quote; it is not the
source's words, and it is left out together with the quote wherever the source may not appear.

The reference is a text id in the same publication or ``<publication>/<id>``. A withdrawal of the source
removes the quote too, because render asks the plan before it writes a quote (see plan.may_quote).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import normalise

QUOTE_BLOCK = re.compile(r"^:::[ \t]*sitat[ \t]+(?P<ref>[^\s]+)[ \t]*\n(?P<words>.*?)\n:::[ \t]*$", re.M | re.S)
OPEN_WITHOUT_CLOSE = re.compile(r"^:::[ \t]*sitat\b.*$", re.M)
LEAD_IN = re.compile(r"^(?:innledning|innleiing):[ \t]*(?P<words>\S.*)$", re.I)
INTERVIEW_BLOCK = re.compile(r"^:::[ \t]*intervju\b(?P<label>[^\n]*)$", re.M)
_CUT = re.compile(r"\(\s*(?:…|\.\.\.)\s*\)|\[\s*(?:…|\.\.\.)\s*\]")
_MARKUP = re.compile(r"[*_`>#]|\\")


@dataclass(frozen=True)
class Quote:
    ref: str
    """Source text id (``morgenkaffe``) or ``publication/id``."""
    words: str
    """The quoted words as written in the editorial text."""
    start: int
    end: int
    """Character span of the whole block in the body."""
    line: int
    """1-based line of the opening ``::: sitat`` within the body."""
    lead_in: str | None = None
    """The editor's introducing sentence (``innledning: …``), if any; not part of ``words``."""


def find_quotes(body: str) -> list[Quote]:
    quotes = []
    for m in QUOTE_BLOCK.finditer(body):
        words, lead_in = m["words"].strip(), None
        first, _, rest = words.partition("\n")
        if found := LEAD_IN.match(first):
            words, lead_in = rest.strip(), found["words"].strip()
        quotes.append(Quote(m["ref"], words, m.start(), m.end(), body.count("\n", 0, m.start()) + 1, lead_in))
    return quotes


def interview_labels(body: str) -> list[tuple[int, str]]:
    """(1-based line in body, speaker label) of every ``::: intervju <label>`` block."""
    return [(body.count("\n", 0, m.start()) + 1, m["label"].strip()) for m in INTERVIEW_BLOCK.finditer(body)]


def unclosed_quotes(body: str) -> list[int]:
    """Lines (1-based, in body) of ``::: sitat`` openers that no block match consumed."""
    covered = [(q.start, q.end) for q in find_quotes(body)]
    lines = []
    for m in OPEN_WITHOUT_CLOSE.finditer(body):
        if not any(s <= m.start() < e for s, e in covered):
            lines.append(body.count("\n", 0, m.start()) + 1)
    return lines


def _normalise(text: str) -> str:
    # The one normalisation (entities, NFKC, format characters, case, look-alikes; typographic quotes and dashes
    # a copy-paste may introduce fold to plain ones), then Markdown's own marks.
    return " ".join(_MARKUP.sub("", normalise.fold(text)).split())


def segments(words: str) -> list[str]:
    """The quoted passage split at editorial cuts ``(…)``; each piece must be verbatim in the source."""
    return [s for s in (_normalise(p) for p in _CUT.split(words)) if s]


def matches_source(words: str, source_body: str) -> str | None:
    """None if the quote is faithful, else the first piece not found (in order) in the source."""
    haystack = _normalise(source_body)
    position = 0
    for piece in segments(words):
        found = haystack.find(piece.strip(" .,;:«»\"'"), position)
        if found < 0:
            return piece
        position = found + 1
    return None
