"""Render stage: a text's Markdown body -> sanitised HTML for one medium.

Shared by the website and the print HTML, so both show the same words. Contributor Markdown is
untrusted: whatever it produces passes through nh3 with a small allow-list; only the structure hefte
itself adds (quote attributions) is inserted after sanitising.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import markdown
import nh3

from ..guard.plan import Plan, PlannedText
from ..guard.policy import Medium
from ..guard.quotes import find_quotes
from ..slugs import slugify
from .escape import Markup, html, text as esc

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "b", "i", "a", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td", "sup", "sub", "hr", "div", "span", "abbr", "caption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "li": {"id"}, "sup": {"id"}, "abbr": {"title"},
    "ol": {"start"},
}
# No style attribute from a text, ever: `background-image:url(…)` would make every reader's browser call another
# host, `position:fixed` would cover the page. Table columns are aligned with `align` (Markdown's tables extension
# writes it with use_align_attribute; mkdocs-material and print.css style it), with only these values.
ALLOWED_ATTRIBUTE_VALUES = {cell: {"align": {"left", "center", "right"}} for cell in ("th", "td")}
ALLOWED_CLASSES = {"div": {"footnote"}, "a": {"footnote-ref", "footnote-backref"}}
URL_SCHEMES = {"http", "https", "mailto"}
_PLACEHOLDER = "HEFTESITAT{}X"


@dataclass
class Rendered:
    html: str
    """Sanitised body HTML (no title; web.py and pdf.py add title, byline and photos)."""
    toc: list = field(default_factory=list)
    """Python-Markdown toc tokens of the body headings, for the site's page table of contents."""
    dropped_quotes: list[str] = field(default_factory=list)
    """Source refs of quotes left out because the source may not appear in this medium."""


def _markdown(genre: str, id_prefix: str) -> markdown.Markdown:
    extensions = ["tables", "sane_lists", "footnotes", "toc"]
    if genre == "poem":
        extensions.append("nl2br")
    return markdown.Markdown(
        extensions=extensions,
        extension_configs={
            "toc": {"slugify": slugify, "permalink": False, "toc_depth": "2-4"},
            "tables": {"use_align_attribute": True},
            # Footnote ids collide when texts are merged into one print HTML: every text gets its own prefix.
            "footnotes": {"BACKLINK_TITLE": "Tilbake til teksten", "SEPARATOR": "-"},
        },
        output_format="html",
    )


def sanitise(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _prefix_ids(fragment: str, prefix: str) -> str:
    fragment = re.sub(r'\bid="', f'id="{prefix}-', fragment)
    return re.sub(r'href="#', f'href="#{prefix}-', fragment)


def _poem_body(body: str) -> str:
    # Indented poem lines would become code blocks; keep the indent as non-breaking spaces instead.
    return "\n".join(re.sub(r"^( +)", lambda m: "\u00a0" * len(m[1]), line) for line in body.split("\n"))


def render_text(pt: PlannedText, plan: Plan, medium: Medium, *, id_prefix: str | None = None,
                link_quotes: bool = False, also: tuple[Medium, ...] = ()) -> Rendered:
    """Render one planned text's body for ``medium``; quotes whose source may not appear are dropped.

    ``also``: media a quoted source must be allowed in as well (the screen PDF is print AND web)."""
    text = pt.text
    body = text.body
    quotes = find_quotes(body)
    pieces, cursor, replacements, dropped = [], 0, {}, []
    publication = plan.project.publication(text.publication_id)
    for index, quote in enumerate(quotes):
        pieces.append(body[cursor:quote.start])
        cursor = quote.end
        source = plan.may_quote(quote.ref, publication, medium, *also)
        if source is None:
            dropped.append(quote.ref)
            continue
        token = _PLACEHOLDER.format(index)
        pieces.append(f"\n\n{token}\n\n")
        replacements[token] = _quote_html(quote.words, source, medium, link_quotes, pt)
    pieces.append(body[cursor:])
    body = "".join(pieces)
    if text.genre.value == "poem":
        body = _poem_body(body)
    md = _markdown(text.genre.value, id_prefix or pt.slug)
    fragment = sanitise(md.convert(body))
    if id_prefix:
        fragment = _prefix_ids(fragment, id_prefix)
    for token, quote_html in replacements.items():
        fragment = fragment.replace(f"<p>{token}</p>", quote_html)
    toc = getattr(md, "toc_tokens", [])
    return Rendered(fragment, toc, dropped)


def attribution(source: PlannedText) -> str:
    """How a quoted participant is credited: by the byline mode they chose for that text."""
    return f"{source.byline or 'anonym skribent'}, «{source.text.title}»"


def _quote_html(words: str, source: PlannedText, medium: Medium, link: bool, here: PlannedText) -> str:
    inner = Markup(sanitise(markdown.markdown(words, extensions=["sane_lists"])))
    credit = esc(attribution(source))
    if link and medium is Medium.WEB and source.decision.web:
        href = "../" * (here.url.count("/")) + source.url
        credit = html('<a href="{}">{}</a>', href, credit)
    return str(html('<figure class="sitat" lang="{}"><blockquote>{}</blockquote><figcaption>— {}</figcaption></figure>',
                    source.text.lang, inner, credit))
