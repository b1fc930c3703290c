"""Render stage: texts' Markdown bodies -> sanitised HTML for one output (the website, a PDF).

Shared by the website and the print HTML, so both show the same words and the same numbers. The structures
of booklets and reports (bound quotes, interview quotes, captions, numbering, cross-references, citations,
footnotes in print) are shaped on the element tree by hefte's Markdown extension (markdown_ext.py).
Contributor Markdown is untrusted: whatever comes out passes through nh3 with a small allow-list of tags,
attributes and classes; images only where the extension placed one of the text's own photos.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import markdown
import nh3

from ..guard.plan import Plan, PlannedText
from ..guard.policy import Medium
from ..model import Kind, Photo
from ..slugs import slugify
from . import citations as cite
from .markdown_ext import Context, FigureSource, HefteExtension, QuoteSource
from .outline import Outline, Target, TextNumbers

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "b", "i", "a", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td", "sup", "sub", "hr", "div", "span", "abbr", "caption",
    "figure", "figcaption",
}
_HEADING = {"id", "data-bokmerke"}
"""data-bokmerke: the heading's number and words without footnote calls, for the PDF's bookmarks (print.css)."""
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "h2": _HEADING, "h3": _HEADING, "h4": _HEADING, "h5": {"id"}, "h6": {"id"},
    "li": {"id"}, "sup": {"id"}, "abbr": {"title"},
    "ol": {"start"},
    # lang: a block or span in another language (hyphenation, screen readers, PDF tags)
    "span": {"id", "lang"}, "div": {"lang"}, "p": {"id", "lang"}, "figure": {"id", "lang"}, "table": {"id"},
    "blockquote": {"lang"}, "img": {"alt"},
}
ALLOWED_CLASSES = {
    "div": {"footnote", "litteraturliste"},
    "a": {"footnote-ref", "footnote-backref", "xref", "side"},
    "span": {"fn", "fn-anker", "nummer", "sitering", "kreditering"},
    "figure": {"sitat", "intervju", "figur"},
    "p": {"sitat-inn", "referanse"},
}
# No style attribute from a text, ever: `background-image:url(…)` would make every reader's browser call another
# host, `position:fixed` would cover the page. Table columns are aligned with `align` (Markdown's tables extension
# writes it with use_align_attribute; mkdocs-material and print.css style it), with only these values.
ALLOWED_ATTRIBUTE_VALUES = {cell: {"align": {"left", "center", "right"}} for cell in ("th", "td")}
URL_SCHEMES = {"http", "https", "mailto"}

FigureSrc = Callable[[PlannedText, Photo], str]
"""Where an output serves a text's photo (web: the hashed asset; print: the fetcher's URL)."""


@dataclass
class Rendered:
    html: str
    """Sanitised body HTML (no title; web.py and pdf.py add title, lead, byline and photos)."""
    toc: list = field(default_factory=list)
    """Python-Markdown toc tokens of the body headings (with their numbers), for the site's page contents."""
    dropped_quotes: list[str] = field(default_factory=list)
    """Source refs of quotes left out because the source may not appear in this medium."""
    placed_photos: list[str] = field(default_factory=list)
    """Photos (``photos[].file``) placed in the body as figures; the page does not show them again on top."""
    numbers: TextNumbers | None = None
    """The text's number, sections, tables and figures in this output."""


def sanitise(fragment: str, images: set[str] = frozenset()) -> str:
    """``images``: the figures hefte placed. Only a text with such figures may have ``<img>`` at all, and only with
    one of these ``src`` values (a raw ``<img>`` a writer typed loses its ``src``)."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS | {"img"} if images else ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values={**ALLOWED_ATTRIBUTE_VALUES, "img": {"src": set(images)}},
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _poem_body(body: str) -> str:
    # Indented poem lines would become code blocks; keep the indent as non-breaking spaces instead.
    return "\n".join(re.sub(r"^( +)", lambda m: "\u00a0" * len(m[1]), line) for line in body.split("\n"))


def render_text(pt: PlannedText, plan: Plan, medium: Medium, *, id_prefix: str | None = None,
                link_quotes: bool = False, also: tuple[Medium, ...] = ()) -> Rendered:
    """Render one planned text's body for ``medium`` on its own (references to other texts stay unresolved).

    ``also``: media a quoted source must be allowed in as well (the screen PDF is print AND web)."""
    return render_texts([pt], plan, medium, id_prefix=bool(id_prefix), link_quotes=link_quotes, also=also,
                        prefixes={pt.text.id: id_prefix} if id_prefix else None)[1][pt.text.id]


def render_texts(texts: list[PlannedText], plan: Plan, medium: Medium, *, also: tuple[Medium, ...] = (),
                 for_print: bool = False, id_prefix: bool = False, link_quotes: bool = False,
                 figure_src: FigureSrc | None = None,
                 prefixes: dict[str, str] | None = None) -> tuple[Outline, dict[str, Rendered]]:
    """Render the texts of one output, in reading order, and the outline that numbers them.

    ``for_print``: the print layout (footnotes at their call, references to ``#<text id>-<anchor>``);
    ``id_prefix``: prefix every id with the text id (one print HTML holds every text)."""
    if not texts:
        return Outline(), {}
    pub = plan.project.publication(texts[0].text.publication_id)
    outline = Outline(lang=pub.lang, citations=_citations(pub))
    by_id = {pt.text.id: pt for pt in texts}
    prefixes = prefixes or ({pt.text.id: pt.text.id for pt in texts} if id_prefix else {})
    done: dict[str, tuple[Rendered, Context]] = {}
    for pt in texts:
        numbers = outline.add_text(pt.text.id, pt.text.title, pub.numbering_of(pt.text))
        done[pt.text.id] = _render(pt, plan, medium, also, numbers, outline, for_print, prefixes.get(pt.text.id),
                                   link_quotes, figure_src, by_id)
    if outline.citations is not None:
        outline.citations.register(list(outline.cited))
    outline.complete = True
    for pt in texts:
        if done[pt.text.id][1].needs_outline:  # references and citations that needed every text first
            done[pt.text.id] = _render(pt, plan, medium, also, outline.texts[pt.text.id], outline, for_print,
                                       prefixes.get(pt.text.id), link_quotes, figure_src, by_id)
    return outline, {text_id: rendered for text_id, (rendered, _) in done.items()}


def _citations(pub):
    if not pub.bibliography:
        return None
    try:
        return cite.Citations(pub.folder, pub.bibliography, pub.citation_style, pub.lang)
    except cite.CitationError:
        return None  # check reports the file; the citations stay as written


def _render(pt: PlannedText, plan: Plan, medium: Medium, also, numbers: TextNumbers, outline: Outline,
            for_print: bool, id_prefix: str | None, link_quotes: bool, figure_src: FigureSrc | None,
            by_id: dict[str, PlannedText]) -> tuple[Rendered, Context]:
    text = pt.text
    publication = plan.project.publication(text.publication_id)

    def quote(ref: str) -> QuoteSource | None:
        source = plan.may_quote(ref, publication, medium, *also)
        if source is None:
            return None
        href = None
        if link_quotes and medium is Medium.WEB and source.decision.web:
            href = "../" * pt.url.count("/") + source.url
        return QuoteSource(attribution(source), source.text.lang, href)

    photos = {_norm(p.file): p for p in pt.photos_for(medium, *also)}

    def figure(src: str) -> FigureSource | None:
        photo = photos.get(_norm(src))
        if photo is None or figure_src is None:
            return None
        return FigureSource(figure_src(pt, photo), photo.alt or "", photo.credit)

    def link(target: Target) -> str:
        if for_print:
            return f"#{target.text_id}-{target.anchor}" if target.anchor else f"#t-{target.text_id}"
        anchor = f"#{target.anchor}" if target.anchor else ""
        if target.text_id == text.id:
            return anchor or "#"
        other = by_id.get(target.text_id)
        return f"../{other.slug}/{anchor}" if other else anchor or "#"

    ctx = Context(text.id, text.lang, numbers, outline, for_print=for_print, id_prefix=id_prefix,
                  number_figures=publication.kind is Kind.REPORT, quote=quote, figure=figure, link=link,
                  literature=text.is_literature)
    body = _poem_body(text.body) if text.genre.value == "poem" else text.body
    md = _markdown(text.genre.value, ctx)
    fragment = sanitise(md.convert(body), ctx.figure_srcs)
    toc = _numbered_toc(getattr(md, "toc_tokens", []), numbers)
    _IDLE.markdowns.setdefault(text.genre.value, []).append(md)  # done with it: the next text may use it
    return Rendered(fragment, toc, ctx.dropped_quotes, ctx.placed_photos, numbers), ctx


class _Idle(threading.local):
    """Markdown instances not in use, by genre, in this thread (the studio renders in several). Making one (its
    extensions and their patterns) took a third of the time of rendering a text with it, twice per text and
    build; one taken from here is reset (Python-Markdown's own reset, and the next text's Context for hefte's
    extension), and is in no other conversion meanwhile."""

    def __init__(self):
        self.markdowns: dict[str, list[markdown.Markdown]] = {}


_IDLE = _Idle()


def _markdown(genre: str, ctx: Context) -> markdown.Markdown:
    idle = _IDLE.markdowns.get(genre)
    if idle:
        md = idle.pop()
        md.reset()
        md.hefte.use(ctx)
        return md
    hefte = HefteExtension(ctx)
    extensions = ["tables", "sane_lists", "footnotes", "toc", hefte]
    if genre == "poem":
        extensions.append("nl2br")
    md = markdown.Markdown(
        extensions=extensions,
        extension_configs={
            "toc": {"slugify": slugify, "permalink": False, "toc_depth": "2-4"},
            "tables": {"use_align_attribute": True},
            # Footnote ids collide when texts are merged into one print HTML: the extension prefixes them per text.
            "footnotes": {"BACKLINK_TITLE": "Tilbake til teksten", "SEPARATOR": "-"},
        },
        output_format="html",
    )
    md.hefte = hefte
    return md


def _norm(path: str) -> str:
    return path.strip().removeprefix("./")


def _numbered_toc(tokens: list, numbers: TextNumbers) -> list:
    """The page's table of contents shows the same section numbers as the headings."""
    names = {h.anchor: f"{h.number} {h.title}".strip() for h in numbers.headings}
    for token in tokens:
        token["name"] = names.get(token.get("id"), token.get("name"))
        _numbered_toc(token.get("children", []), numbers)
    return tokens


def attribution(source: PlannedText) -> str:
    """How a quoted participant is credited: by the byline mode they chose for that text."""
    return f"{source.byline or 'anonym skribent'}, «{source.text.title}»"
