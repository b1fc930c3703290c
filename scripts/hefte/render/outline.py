"""The numbers of one output: chapters, appendices, sections, tables and figures, and what labels point at.

An output (the print PDF, the screen PDF, the website) holds only the texts the plan allows in it, so it is
numbered on its own: a chapter held back from the web does not leave a gap in the web's numbers, and every
«se tabell 2» in an output points at a table of that output. text.render_texts fills an Outline while it
renders the texts in reading order (the Markdown extension records what it numbers), then renders again the
texts whose cross-references or citations needed the whole outline.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field

from ..model import Numbering

KINDS = {
    # label prefix -> kind of target
    "kap": "kapittel", "vedlegg": "vedlegg", "sek": "avsnitt", "avsnitt": "avsnitt", "tab": "tabell",
    "tabell": "tabell", "fig": "figur", "figur": "figur",
}
WORDS = {
    "nb": {"kapittel": "kapittel", "vedlegg": "vedlegg", "avsnitt": "avsnitt", "tabell": "tabell", "figur": "figur"},
    "nn": {"kapittel": "kapittel", "vedlegg": "vedlegg", "avsnitt": "avsnitt", "tabell": "tabell", "figur": "figur"},
}
CAPTION_WORDS = {"tabell": "Tabell", "figur": "Figur"}


def letter(n: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA: appendices are lettered."""
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = string.ascii_uppercase[rest] + out
    return out


@dataclass
class Target:
    """Something a cross-reference can point at."""

    kind: str
    """``kapittel``, ``vedlegg``, ``tekst`` (an unnumbered text), ``avsnitt``, ``tabell`` or ``figur``."""
    number: str
    """``3``, ``A``, ``2.1``, ``A.1``; empty for an unnumbered text or section."""
    text_id: str
    anchor: str = ""
    """The element's id inside its text, before any print prefix; empty for the text itself."""
    title: str = ""
    """Heading or caption text (for the list of tables and figures, and unnumbered references)."""

    def words(self, lang: str = "nb", *, capital: bool = False) -> str:
        """How a cross-reference reads: ``tabell 1``, ``vedlegg A``, ``kapittel 3``, or «Title» when unnumbered."""
        if not self.number:
            return f"«{self.title}»"
        word = WORDS.get(lang, WORDS["nb"]).get(self.kind, self.kind)
        return f"{word.capitalize() if capital else word} {self.number}"


@dataclass
class Heading:
    level: int
    number: str
    title: str
    """Plain text, without footnote calls: for the contents, bookmarks and the page's table of contents."""
    anchor: str


@dataclass
class TextNumbers:
    """One text's place in the numbering of an output."""

    numbering: Numbering
    label: str
    """Chapter number or appendix letter; empty for an unnumbered text."""
    tables_before: int = 0
    """Tables numbered before this text (tables run through the document; an appendix counts its own)."""
    figures_before: int = 0
    headings: list[Heading] = field(default_factory=list)
    captions: list[Target] = field(default_factory=list)
    """This text's tables and figures, in order (recorded while rendering)."""

    @property
    def kind(self) -> str:
        return {Numbering.CHAPTER: "kapittel", Numbering.APPENDIX: "vedlegg"}.get(self.numbering, "tekst")

    def caption_number(self, kind: str) -> str:
        """The next table or figure number in this text: ``4`` or, in appendix B, ``B.2``."""
        own = sum(1 for c in self.captions if c.kind == kind) + 1
        if self.numbering is Numbering.APPENDIX:
            return f"{self.label}.{own}"
        before = self.tables_before if kind == "tabell" else self.figures_before
        return str(before + own)

    def section_number(self, level: int, counters: list[int]) -> str:
        """``2.1`` for the first h2 of chapter 2, ``2.1.3`` for an h3; empty in unnumbered texts."""
        if not self.label:
            return ""
        return ".".join([self.label, *map(str, counters[: level - 1])])

    def reset(self) -> None:
        self.headings, self.captions = [], []


@dataclass
class Outline:
    """Numbers and labels of one output, filled while its texts are rendered in reading order."""

    lang: str = "nb"
    texts: dict[str, TextNumbers] = field(default_factory=dict)
    targets: dict[str, Target] = field(default_factory=dict)
    """Label (``tab:deltakere``, ``kap:kap1-bakgrunn``) -> what it points at."""
    cited: dict[str, None] = field(default_factory=dict)
    """Citation keys in order of first use (a dict as an ordered set)."""
    citations: object | None = None
    """A citations.Citations when the publication has a bibliography."""
    complete: bool = False
    """False during the first pass: references to later texts cannot be resolved yet."""

    def add_text(self, text_id: str, title: str, numbering: Numbering) -> TextNumbers:
        """Number the next text in reading order."""
        chapters = sum(1 for t in self.texts.values() if t.numbering is Numbering.CHAPTER)
        appendices = sum(1 for t in self.texts.values() if t.numbering is Numbering.APPENDIX)
        label = {Numbering.CHAPTER: str(chapters + 1), Numbering.APPENDIX: letter(appendices + 1)}.get(numbering, "")
        main = [t for t in self.texts.values() if t.numbering is not Numbering.APPENDIX]
        numbers = TextNumbers(numbering, label,
                              tables_before=sum(1 for t in main for c in t.captions if c.kind == "tabell"),
                              figures_before=sum(1 for t in main for c in t.captions if c.kind == "figur"))
        self.texts[text_id] = numbers
        target = Target(numbers.kind, label, text_id, "", title)
        for prefix in ("kap", "vedlegg"):
            self.targets[f"{prefix}:{text_id}"] = target
        return numbers

    def captions(self) -> list[Target]:
        """Every table and figure, in reading order: the list of tables and figures."""
        return [c for t in self.texts.values() for c in t.captions]


def split_label(key: str) -> tuple[str, str] | None:
    """``tab:deltakere`` -> (``tabell``, ``deltakere``); None when the prefix is not a cross-reference kind."""
    prefix, colon, name = key.partition(":")
    if not colon or not name or prefix.lower() not in KINDS:
        return None
    return KINDS[prefix.lower()], name


def anchor_for(key: str) -> str:
    """The id an element with this label gets: ``tab:deltakere`` -> ``tab-deltakere``."""
    return key.lower().replace(":", "-")
