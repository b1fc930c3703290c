"""The one typed model that flows through every stage: load -> check -> plan -> render -> pdf -> verify.

Consent-bearing fields are `Optional`: ``None`` means *not stated*, which the policy treats as *no*.
Keeping "not set" apart from "false" is the whole point (see policy.py).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


class Byline(enum.Enum):
    """How a participant wants to be named."""

    NAMED = "named"
    FIRST_NAME = "first-name"
    PSEUDONYM = "pseudonym"
    ANONYMOUS = "anonymous"
    NONE = "none"
    """Editorial texts only (literature list, appendices): no byline at all. Not a way to be anonymous."""


class Genre(enum.Enum):
    PROSE = "prose"
    POEM = "poem"
    LIST = "list"


class Role(enum.Enum):
    PARTICIPANT = "participant"
    EDITORIAL = "editorial"


class ReviewStatus(enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes-requested"
    APPROVED = "approved"


class Kind(enum.Enum):
    BOOKLET = "booklet"
    REPORT = "report"


class Numbering(enum.Enum):
    """Whether a text is a numbered chapter (``3``), a lettered appendix (``Vedlegg A``) or unnumbered."""

    CHAPTER = "chapter"
    NONE = "none"
    APPENDIX = "appendix"


class TextStart(enum.Enum):
    """Where each text begins in print: on the next page, or on the next right-hand (odd) page."""

    NEW_PAGE = "new-page"
    RECTO = "recto"


class FootnoteNumbering(enum.Enum):
    """Footnote numbers start again in each text (``chapter``) or run through the document."""

    CHAPTER = "chapter"
    DOCUMENT = "document"


LITERATURE = frozenset({"litteratur", "litteraturliste", "referanser", "kilder"})
"""Ids or titles of the text that holds the literature list (generated from ``bibliography``)."""
FRONT_MATTER = frozenset({"forord", "føreord", "sammendrag", "samandrag", "abstract", "summary"})
"""Unnumbered report texts that, before the first chapter, belong to the front matter (roman page numbers)."""
UNNUMBERED = FRONT_MATTER | LITERATURE
"""Report texts (by id or title) that get no chapter number unless their ``numbering`` says otherwise."""


@dataclass
class Source:
    """Where a value came from, so every finding can point at file:line."""

    path: Path
    """The file, as given to the loader (absolute)."""
    lines: dict[str, int] = field(default_factory=dict)
    """Dotted key (``consent.web``, ``photos.0.file``) -> 1-based line in the file."""
    body_line: int = 1
    """Line where the Markdown body starts."""

    def line(self, key: str = "") -> int:
        """Best line for a key: the key itself, else its nearest parent, else line 1."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0]
        return 1


@dataclass
class Consent:
    """What the participant agreed to, as recorded on the signed form."""

    web: bool | None = None
    """May the text be on the website. ``None`` = not stated = no."""
    print: bool | None = None
    """May the text be in the printed booklet and its PDFs. ``None`` = not stated = no."""
    given: date | None = None
    """Date the consent form was signed. Without it nothing is published."""
    form: str | None = None
    """Reference to the signed paper form (kept outside the repository)."""
    publish_after: date | None = None
    """Embargo: not published before this date."""
    withdrawn: date | None = None
    """Any date withdraws the text from every output."""


@dataclass
class PhotoConsent:
    web: bool | None = None
    """May the photo be on the website."""
    print: bool | None = None
    """May the photo be in print."""


@dataclass
class Photo:
    """An image that belongs to a text; each photo has its own consent."""

    file: str
    """Path relative to the publication folder."""
    alt: str | None
    """Alt text for readers who cannot see the image (required)."""
    credit: str | None
    """Photographer's display name, printed as ``foto: …``."""
    shows_writer: bool | None
    """True if the writer can be recognised; never shown for anonymous writers."""
    consent: PhotoConsent
    index: int
    """Position in the text's ``photos`` list (for messages: ``photos.0``)."""

    @property
    def key(self) -> str:
        return f"photos.{self.index}"


@dataclass
class Review:
    status: ReviewStatus | None = None
    """Editorial review state; only ``approved`` texts are published."""
    by: str | None = None
    """Initials of the reviewing editor."""
    date: date | None = None
    """Date of the review decision."""
    note: str | None = None
    """The editors' note to the writer when they ask for changes (shown to her in the studio and the proof)."""


@dataclass
class Text:
    """One text of a publication: a participant's text or an editorial one."""

    id: str
    """File stem; unique inside the publication; other texts quote it by this id."""
    publication_id: str
    """Folder name of the publication this text belongs to."""
    source: Source
    title: str
    lang: str
    """``nb`` or ``nn``; drives hyphenation and ``<html lang>``."""
    genre: Genre
    role: Role
    contributor: str | None
    """Id in the private register; never a real name."""
    byline: Byline | None
    display_name: str | None
    """What readers see as the writer's name (None for anonymous)."""
    consent: Consent
    photos: list[Photo]
    review: Review
    body: str
    """Markdown body, NFC, LF line ends."""
    order: int = 0
    """Position in the publication's ``texts`` list."""
    numbering: Numbering | None = None
    """As written; ``None`` = not set, and Publication.numbering_of() applies the default."""
    lead: str | None = None
    """Lead paragraph (ingress) under the title; also the web page's description."""
    photo_credit: str | None = None
    """Photographer named in the byline (``tekst: … / foto: …``), also when the photos stand elsewhere."""
    has_errors: bool = False
    """Check found errors in this text's own file. Set by pipeline.prepare; the policy then holds the text back
    everywhere (Reason.HAS_ERRORS), so one writer's mistake does not stop the others' texts."""

    @property
    def qualified_id(self) -> str:
        return f"{self.publication_id}/{self.id}"

    @property
    def is_editorial(self) -> bool:
        return self.role is Role.EDITORIAL

    def _known_as(self, names: frozenset) -> bool:
        return self.id.lower() in names or self.title.strip().lower() in names

    @property
    def is_literature(self) -> bool:
        """The text that holds the literature list (by id or title: litteratur, referanser, kilder …)."""
        return self._known_as(LITERATURE)

    @property
    def is_front_matter_kind(self) -> bool:
        """Foreword, summary, abstract: front matter when they come before the first chapter of a report."""
        return self._known_as(FRONT_MATTER)


@dataclass
class Publisher:
    name: str | None = None
    address: str | None = None
    url: str | None = None


@dataclass
class Series:
    name: str | None = None
    number: str | None = None


@dataclass
class Credits:
    """Colophon credits; free text, printed as given."""

    layout: str | None = None
    photo: str | None = None
    print: str | None = None
    writing_help: str | None = None
    funding: str | None = None


@dataclass
class Cover:
    image: str | None = None
    alt: str | None = None


@dataclass
class Trim:
    """Trim (final page) size in millimetres."""

    name: str
    width_mm: float
    height_mm: float


TRIM_SIZES = {
    "A4": Trim("A4", 210, 297),
    "A5": Trim("A5", 148, 210),
    "B5": Trim("B5", 176, 250),
    "A6": Trim("A6", 105, 148),
}


@dataclass
class Publication:
    """A booklet or report: ``texts/<id>/publication.yml`` and its texts, in order."""

    id: str
    """Folder name under texts/; also the URL slug of its section."""
    folder: Path
    source: Source
    title: str
    subtitle: str | None
    kind: Kind
    lang: str
    editors: list[str]
    publisher: Publisher
    place: str | None
    year: int | None
    series: Series
    isbn_print: str | None
    isbn_pdf: str | None
    credits: Credits
    licence: str | None
    cover: Cover
    trim: Trim
    roman_front_matter: bool
    text_files: list[str]
    """The ``texts`` list as written: explicit reading order."""
    texts: list[Text] = field(default_factory=list)
    """The listed texts, in reading order: the only ones the plan ever considers for publishing."""
    unlisted: list[Text] = field(default_factory=list)
    """Text files in the folder that are not (yet) in ``texts``: checked and reported, never published."""
    authors: list[str] = field(default_factory=list)
    """Who wrote the publication (a report's authors): «Av …» on the title page, the colophon, PDF Author."""
    toc_depth: int | None = None
    """Contents depth: 1 (texts) or 2 (also their sections). ``None`` = not set: 2 for reports, 1 for booklets."""
    text_start: TextStart | None = None
    """Where texts begin in print. ``None`` = not set: a new page (the first text of the main matter on a recto)."""
    footnote_numbering: FootnoteNumbering | None = None
    """``None`` = not set: footnotes are numbered per text (chapter)."""
    bibliography: str | None = None
    """BibTeX (.bib) or CSL-JSON (.json) file in the publication folder; citations ``[@key]`` come from it."""
    citation_style: str | None = None
    """A CSL style file in the publication folder; ``None`` = the Harvard style citeproc-py ships."""
    back_cover: str | None = None
    """Markdown for the back cover; ``None`` = a text made from the subtitle and what the publication holds."""
    list_of_figures: bool | None = None
    """Print a list of tables and figures after the contents. ``None`` = not set = no."""

    def text(self, text_id: str) -> Text | None:
        return next((t for t in self.texts if t.id == text_id), None)

    def numbering_of(self, text: Text) -> Numbering:
        """The text's own ``numbering``, else the default: chapters in reports (foreword, summary and literature
        unnumbered, ``vedlegg…`` appendices), nothing numbered in booklets."""
        if text.numbering is not None:
            return text.numbering
        if self.kind is Kind.BOOKLET:
            return Numbering.NONE
        if text.id.lower().startswith("vedlegg") or text.title.strip().lower().startswith("vedlegg"):
            return Numbering.APPENDIX
        return Numbering.NONE if text._known_as(UNNUMBERED) else Numbering.CHAPTER

    @property
    def contents_depth(self) -> int:
        return self.toc_depth or (2 if self.kind is Kind.REPORT else 1)

    @property
    def starts(self) -> TextStart:
        return self.text_start or TextStart.NEW_PAGE

    @property
    def footnotes(self) -> FootnoteNumbering:
        return self.footnote_numbering or FootnoteNumbering.CHAPTER


@dataclass
class Contributor:
    """An entry of the private register. Never published; used to look for leaks."""

    id: str
    names: list[str]
    """Every name the person goes by; the first is the full name."""
    contact: str | None = None
    form: str | None = None


@dataclass
class Register:
    """The private register (git-ignored): contributor ids -> real names, plus a deny-list."""

    path: Path | None
    contributors: dict[str, Contributor] = field(default_factory=dict)
    deny: list[str] = field(default_factory=list)
    """Other names that must never be published (caseworkers, family)."""

    @property
    def available(self) -> bool:
        return self.path is not None


@dataclass
class Project:
    """Everything loaded: publications in folder order, the register, and load findings."""

    root: Path
    publications: list[Publication]
    register: Register
    findings: list = field(default_factory=list)

    def publication(self, pub_id: str) -> Publication | None:
        return next((p for p in self.publications if p.id == pub_id), None)

    def find_text(self, ref: str, *, context: Publication) -> Text | None:
        """Resolve a quote reference: ``id`` in the same publication or ``publication/id``."""
        pub_id, _, text_id = ref.rpartition("/")
        pub = self.publication(pub_id) if pub_id else context
        return pub.text(text_id) if pub else None
