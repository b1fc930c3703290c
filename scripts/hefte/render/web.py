"""Website pages from the plan, as plain data: no MkDocs here (mkdocs_plugin.py is the thin adapter).

Only what the plan allows on the web becomes a Page or an Asset; a held-back text never gets as far as
a file name, so it cannot reach the nav, the search index or the sitemap.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import dates
from ..model import Byline, Kind, Photo
from ..guard.plan import Author, Plan, PlannedText, PublicationPlan
from ..guard.policy import Medium
from .escape import Markup, html, join, text as esc
from .text import Rendered, render_texts

AUTHORS_DIR = "forfattere"


@dataclass
class Page:
    src_uri: str
    """Path MkDocs knows the page by, e.g. ``hefte-2026/morgenkaffe.md`` -> URL ``hefte-2026/morgenkaffe/``."""
    title: str
    """Plain text, as typed; the MkDocs adapter escapes it (render/escape.py) for nav, header and <title>."""
    html: str
    """The page body, built with render/escape.py (fields escaped once; the text body sanitised by nh3)."""
    toc: list = field(default_factory=list)
    lang: str = "nb"
    description: str = ""
    """Plain text for <meta name="description">; escaped by the adapter."""

    @property
    def url(self) -> str:
        stem = self.src_uri[:-3]
        return "" if stem == "index" else (stem[:-5] if stem.endswith("/index") else stem + "/")


@dataclass
class Asset:
    src_uri: str
    """Where the file lands in the site, e.g. ``hefte-2026/bilder/3f2a….jpg``."""
    source: Path
    """The original file; the adapter writes a metadata-free copy, never the original."""


@dataclass
class Site:
    pages: list[Page]
    assets: list[Asset]
    nav: list
    """MkDocs nav for the generated pages (hand-written docs pages are added by the adapter)."""

    def page(self, src_uri: str) -> Page | None:
        return next((p for p in self.pages if p.src_uri == src_uri), None)


def photo_uri(pt: PlannedText, photo: Photo) -> str:
    """Published file names are hashes: an original name like ``kari-johansen.jpg`` must not leak."""
    digest = hashlib.sha1(f"{pt.text.qualified_id}#{photo.index}#{photo.file}".encode()).hexdigest()[:12]
    suffix = Path(photo.file).suffix.lower().replace(".jpeg", ".jpg") or ".jpg"
    suffix = ".jpg" if suffix == ".webp" else suffix
    return f"{pt.text.publication_id}/bilder/{digest}{suffix}"


def build_site(plan: Plan, pdf_urls: dict[str, str] | None = None) -> Site:
    """Every web page and asset the plan allows, plus the nav that lists them in reading order."""
    pdf_urls = pdf_urls or {}
    pages, assets, nav = [], [], []
    for pp in plan.publications:
        pub = pp.publication
        web_texts = pp.for_medium(Medium.WEB)
        if not web_texts:
            continue
        # One outline for the publication's web pages: the same numbers and cross-references as the PDFs.
        _, rendered = render_texts(web_texts, plan, Medium.WEB, link_quotes=True,
                                   figure_src=lambda pt, photo: "../" * 2 + photo_uri(pt, photo))
        overview = _overview_page(pp, web_texts, pdf_urls.get(pub.id), rendered)
        pages.append(overview)
        section = [{"Om publikasjonen": overview.src_uri}]
        for pt in web_texts:
            page = _text_page(pt, rendered[pt.text.id])
            pages.append(page)
            section.append({page.title: page.src_uri})
            assets += [Asset(photo_uri(pt, photo), pub.folder / photo.file) for photo in pt.photos_for(Medium.WEB)]
        nav.append({pub.title: section})
    if plan.authors:
        author_pages = [_author_page(a) for a in plan.authors]
        index = _authors_index(plan.authors)
        pages += [index, *author_pages]
        nav.append({"Forfattere": [{"Alle forfattere": index.src_uri}] + [{p.title: p.src_uri} for p in author_pages]})
    return Site(pages, assets, nav)


def numbered_title(pt: PlannedText, rendered: Rendered) -> str:
    """``3 Bakgrunn``, ``Vedlegg A: Samtykke``: the same number as in the PDFs."""
    numbers, title = rendered.numbers, pt.text.title
    if numbers is None or not numbers.label:
        return title
    if numbers.kind == "vedlegg":
        return title if title.lower().startswith("vedlegg") else f"Vedlegg {numbers.label}: {title}"
    return f"{numbers.label} {title}"


def _byline_html(pt: PlannedText, *, depth: int) -> Markup:
    credit = html(" / foto: {}", pt.text.photo_credit) if pt.text.photo_credit else Markup("")
    if pt.text.byline is Byline.NONE:
        return html('<p class="hefte-byline">foto: {}</p>', pt.text.photo_credit) if credit else Markup("")
    if pt.byline is None:
        who = esc("anonym")
    elif pt.author_slug:
        href = "../" * depth + f"{AUTHORS_DIR}/{pt.author_slug}/"
        who = html('<a href="{}">{}</a>', href, pt.byline)
    else:
        who = esc(pt.byline)
    return html('<p class="hefte-byline">tekst: {}{}</p>', who, credit)


def _figure(pt: PlannedText, photo: Photo, *, depth: int) -> Markup:
    src = "../" * depth + photo_uri(pt, photo)
    credit = html("<figcaption>foto: {}</figcaption>", photo.credit) if photo.credit else ""
    return html('<figure class="hefte-foto"><img src="{}" alt="{}">{}</figure>',
                src, photo.alt or "", credit)


def _text_page(pt: PlannedText, rendered: Rendered) -> Page:
    text = pt.text
    depth = 2  # <publication>/<slug>/
    figures = join("", (_figure(pt, photo, depth=depth) for photo in pt.photos_for(Medium.WEB)
                        if photo.file not in rendered.placed_photos))
    title = numbered_title(pt, rendered)
    lead = html('<p class="hefte-ingress">{}</p>', text.lead) if text.lead else Markup("")
    body = html('<article class="hefte-tekst hefte-{}" lang="{}"><h1>{}</h1>{}{}{}'
                '<div class="hefte-brodtekst">{}</div></article>', text.genre.value, text.lang, title, lead,
                _byline_html(pt, depth=depth), figures, Markup(rendered.html))  # body: sanitised by nh3
    # The lead is what a search engine or a shared link shows of the page.
    return Page(f"{text.publication_id}/{pt.slug}.md", title, body, rendered.toc, text.lang, text.lead or "")


def _overview_page(pp: PublicationPlan, web_texts: list[PlannedText], pdf_url: str | None,
                   rendered: dict[str, Rendered]) -> Page:
    pub = pp.publication
    kind = "Rapport" if pub.kind is Kind.REPORT else "Hefte"
    parts = [html('<article class="hefte-oversikt" lang="{}"><h1>{}</h1>', pub.lang, pub.title)]
    if pub.subtitle:
        parts.append(html('<p class="hefte-undertittel">{}</p>', pub.subtitle))
    facts = [kind]
    if pub.authors:
        facts.append("av " + dates.join_names(pub.authors))
    if pub.editors:
        facts.append("redigert av " + dates.join_names(pub.editors))
    if pub.publisher.name:
        facts.append(pub.publisher.name)
    if pub.place or pub.year:
        facts.append(" ".join(str(x) for x in (pub.place, pub.year) if x))
    parts.append(html('<p class="hefte-fakta">{}</p>', join(", ", facts)))
    if pdf_url:
        parts.append(html('<p class="hefte-pdf"><a href="../{}" download>Last ned som PDF</a> '
                          "(for lesing på skjerm, med bokmerker og tilgjengelighetsmerking)</p>", pdf_url))
    parts.append(Markup('<h2 id="innhold">Innhold</h2><ol class="hefte-innhold">'))
    for pt in web_texts:
        # Writers' names only for participants' texts; editorial texts (chapters) are the publication's own.
        who = (Markup("") if pt.text.is_editorial else
               html(' <span class="hefte-innhold-navn">– {}</span>', pt.byline or "anonym"))
        parts.append(html('<li><a href="{}/">{}</a>{}</li>', pt.slug, numbered_title(pt, rendered[pt.text.id]), who))
    parts.append(Markup("</ol></article>"))
    return Page(f"{pub.id}/index.md", pub.title, str(join("", parts)), [], pub.lang, pub.subtitle or "")


def _author_page(author: Author) -> Page:
    items = join("", (html('<li><a href="../../{}">{}</a></li>', pt.url, pt.text.title) for pt in author.texts))
    body = html('<article class="hefte-forfatter"><h1>{0}</h1><p>Tekster av {0} på denne sida:</p><ul>{1}</ul>'
                "</article>", author.name, items)
    return Page(f"{AUTHORS_DIR}/{author.slug}.md", author.name, body)


def _authors_index(authors: list[Author]) -> Page:
    items = join("", (html('<li><a href="{}/">{}</a></li>', a.slug, a.name) for a in authors))
    body = html("<article><h1>Forfattere</h1><p>Skribenter som har valgt å stå med fullt navn. "
                "Andre skribenter er publisert med fornavn, psevdonym eller anonymt, og har ingen egen side.</p>"
                "<ul>{}</ul></article>", items)
    return Page(f"{AUTHORS_DIR}/index.md", "Forfattere", body)


PHOTO_WIDTHS = (480, 800, 1200, 1600)
"""Widths of the published copies of a photo (srcset): a phone loads 480 or 800 px, not the 1600 px original."""
PHOTO_SIZES = "(min-width: 76.25em) 688px, (min-width: 60em) calc(100vw - 290px), calc(100vw - 32px)"
"""How wide a photo is shown: the text column at each of material's layouts."""


def photo_variant_uri(uri: str, width: int) -> str:
    """``hefte-2026/bilder/3f2a….jpg`` at 800 px: ``hefte-2026/bilder/3f2a…-800.jpg``."""
    stem, _, suffix = uri.rpartition(".")
    return f"{stem}-{width}.{suffix}"


@dataclass
class Picture:
    """A published photo's copies, as written: (uri, width, height), narrowest first, the original size last."""
    copies: list[tuple[str, int, int]]


def responsive_images(body: str, pictures: dict[str, Picture]) -> str:
    """Every published photo in a page gets its size (no layout shift while it loads) and its narrower copies.

    The first photo is what a reader sees on opening the page: loaded at once; the others when scrolled to."""
    seen = 0

    def attributes(match: re.Match) -> str:
        nonlocal seen
        tag = match[0]
        src = re.search(r'\ssrc="((?:\.\./)*)([^"]+)"', tag)
        picture = pictures.get(src[2]) if src else None
        if picture is None:
            return tag
        seen += 1
        _, width, height = picture.copies[-1]
        srcset = ", ".join(f"{src[1]}{uri} {w}w" for uri, w, _ in picture.copies)
        loading = 'loading="eager" fetchpriority="high"' if seen == 1 else 'loading="lazy"'
        return (f'{tag[:-1]} width="{width}" height="{height}" srcset="{srcset}" sizes="{PHOTO_SIZES}" '
                f'{loading} decoding="async">')

    # Only our own img tags reach here (_figure, md_tree; the sanitiser keeps no other), each with a src from
    # photo_uri; an alt text may hold ">" (the serialiser leaves it), so a tag ends at a ">" outside quotes.
    return re.sub(r'<img\b(?:[^>"]|"[^"]*")*>', attributes, body)
