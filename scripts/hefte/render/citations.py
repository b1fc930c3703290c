"""Citations ``[@key]`` and the generated literature list, from a BibTeX or CSL-JSON file, by citeproc-py.

Why citeproc-py: it is the maintained pure-Python CSL processor (CSL is the style language of Zotero, Mendeley
and pandoc), it reads BibTeX and CSL-JSON itself, and its wheel ships the Norwegian locales (``nb-NO``,
``nn-NO``: «og», «s.», «red.», «» quotes) and one author-date style, Harvard «Cite them right». Nothing is
downloaded while building. pandoc's citeproc would need a 100 MB binary wheel and a subprocess per text; the
APA styles of the separate style package title-case Norwegian titles («Ord Som Bærer») under citeproc-py.
An editor who wants another style puts a ``.csl`` file in the publication folder (``citation_style``).
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DEFAULT_STYLE = "harvard-cite-them-right"
LOCALES = {"nb": "nb-NO", "nn": "nn-NO"}
LOCATOR_WORDS = {"s.": "page", "s": "page", "side": "page", "sidene": "page", "sider": "page", "kap.": "chapter",
                 "kapittel": "chapter", "p.": "page", "pp.": "page"}

MESSAGES: dict[str, tuple[str, str]] = {
    "cite.no-file": (
        "Litteraturfila «{file}» (bibliography) finnes ikke i publikasjonsmappa. Sjekk navnet, eller fjern feltet.",
        "The bibliography file «{file}» does not exist in the publication folder. Check the name, or remove the key.",
    ),
    "cite.bad-file": (
        "Litteraturfila «{file}» kan ikke leses: {problem}. Eksporter den på nytt som BibTeX (.bib) eller CSL-JSON "
        "(.json) fra Zotero eller et annet referanseverktøy.",
        "The bibliography file «{file}» cannot be read: {problem}. Export it again as BibTeX (.bib) or CSL-JSON "
        "(.json) from Zotero or another reference manager.",
    ),
    "cite.bad-style": (
        "Referansestilen «{file}» (citation_style) kan ikke brukes: {problem}. Bruk en .csl-fil fra "
        "Zotero-stilarkivet, eller fjern feltet for standardstilen.",
        "The citation style «{file}» cannot be used: {problem}. Use a .csl file from the Zotero style "
        "repository, or remove the key for the default style.",
    ),
    "cite.unknown-key": (
        "Henvisningen [@{key}] finnes ikke i litteraturfila {file}. Sjekk nøkkelen (store og små bokstaver "
        "teller ikke), eller legg verket inn i fila.",
        "The citation [@{key}] is not in the bibliography file {file}. Check the key, or add the work to the file.",
    ),
    "cite.no-bibliography": (
        "Teksten har henvisningen [@{key}], men publication.yml har ingen litteraturfil. Legg til "
        "`bibliography: litteratur.bib`.",
        "The text cites [@{key}], but publication.yml names no bibliography file. Add `bibliography: litteratur.bib`.",
    ),
    "cite.no-list": (
        "Tekstene har henvisninger, men publikasjonen har ingen litteraturliste. Legg til en tekst som heter "
        "«Litteratur» (litteratur.md); lista lages der automatisk.",
        "The texts cite works, but the publication has no literature list. Add a text called «Litteratur» "
        "(litteratur.md); the list is generated there.",
    ),
}


class CitationError(Exception):
    """A bibliography or style file that cannot be used; ``code`` is a message code above."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


@dataclass(frozen=True)
class Cite:
    """One work in a citation: ``[se @levin2004, s. 12]``."""

    key: str
    locator: str | None = None
    """The page(s) or chapter, as written (``12``, ``12–14``)."""
    label: str = "page"
    suppress_author: bool = False
    """``[-@key]``: only the year, after a sentence that already names the author."""
    prefix: str = ""


def parse_locator(rest: str) -> tuple[str | None, str]:
    """``", s. 12"`` -> ``("12", "page")``; an unknown word is read as a page number."""
    rest = rest.strip().lstrip(",").strip()
    if not rest:
        return None, "page"
    word, _, value = rest.partition(" ")
    if word.lower() in LOCATOR_WORDS and value.strip():
        return value.strip(), LOCATOR_WORDS[word.lower()]
    return rest, "page"


def _bibtex_class():
    from citeproc.source.bibtex import BibTeX
    from citeproc.types import CHAPTER

    class Mapped(BibTeX):
        """citeproc-py's BibTeX reader, with the mappings pandoc and Zotero also make: a report's institution and a
        thesis's school are its publisher, and a chapter in an edited book (incollection) is a chapter."""

        fields = {**BibTeX.fields, "institution": "publisher", "school": "publisher", "organization": "publisher"}
        types = {**BibTeX.types, "incollection": CHAPTER}

    return Mapped


@lru_cache(maxsize=16)
def _source(path: str, mtime: float):
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        # citeproc-py warns about BibTeX fields it does not use (abstract, school …); they are simply left out.
        warnings.simplefilter("ignore")
        try:
            if path.endswith(".json"):
                return CiteProcJSON(json.loads(Path(path).read_text("utf-8")))
            return _bibtex_class()(path, encoding="utf-8")
        except (OSError, ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
            raise CitationError("cite.bad-file", file=Path(path).name, problem=str(exc) or type(exc).__name__) from None


@lru_cache(maxsize=8)
def _style(style: str, locale: str):
    from citeproc import CitationStylesStyle

    try:
        return CitationStylesStyle(style, locale=locale, validate=False)
    except Exception as exc:  # lxml and citeproc raise many kinds; any of them means the file is unusable
        raise CitationError("cite.bad-style", file=Path(style).name, problem=str(exc)[:120]) from None


def load_source(folder: Path, name: str):
    """The parsed bibliography (cached while the file is unchanged); CitationError when it cannot be used."""
    path = folder / name
    if not path.is_file():
        raise CitationError("cite.no-file", file=name)
    return _source(str(path), path.stat().st_mtime)


class Citations:
    """One publication's works in one output: cite in the text, then the list of what was cited."""

    def __init__(self, folder: Path, bibliography: str, style: str | None, lang: str):
        from citeproc import CitationStylesBibliography, formatter

        self.file = bibliography
        self.source = load_source(folder, bibliography)
        if style and not (folder / style).is_file():
            raise CitationError("cite.bad-style", file=style, problem="fila finnes ikke")
        self.style = _style(str(folder / style) if style else DEFAULT_STYLE, LOCALES.get(lang, "nb-NO"))
        self._bib = CitationStylesBibliography(self.style, self.source, formatter.html)
        self._sorted = False

    def knows(self, key: str) -> bool:
        return key.lower() in self.source

    def register(self, keys: list[str]) -> None:
        """Every work cited in this output, in order of first citation, before any is formatted."""
        from citeproc import Citation, CitationItem

        for key in keys:
            if self.knows(key):
                self._bib.register(Citation([CitationItem(key)]))
        self._bib.sort()

    def cite(self, cites: list[Cite]) -> str:
        """The citation as HTML (``(Berntsen og Fjeldvik, 2024, s. 12)``); only known keys are given."""
        from citeproc import Citation, CitationItem
        from citeproc.source import Locator

        items = []
        for cite in cites:
            extra = {"locator": Locator(cite.label, cite.locator)} if cite.locator else {}
            if cite.prefix:
                extra["prefix"] = cite.prefix + " "
            items.append(CitationItem(cite.key, **extra))
        citation = Citation(items)
        citation.bibliography = self._bib
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            text = str(self._bib.cite(citation, lambda item: None))
        if all(c.suppress_author for c in cites):
            text = _year_only(text)
        return text

    def entries(self) -> list[tuple[str, str]]:
        """(key, HTML) of every registered work, in the style's order."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return list(zip(self._bib.keys, (str(item) for item in self._bib.bibliography())))


def _year_only(text: str) -> str:
    """``(Berntsen og Fjeldvik, 2024, s. 12)`` -> ``(2024, s. 12)``: the author is already named in the sentence."""
    inner = text.strip()
    opened = inner.startswith("(") and inner.endswith(")")
    body = inner[1:-1] if opened else inner
    _, comma, rest = body.partition(", ")
    body = rest if comma else body
    return f"({body})" if opened else body
