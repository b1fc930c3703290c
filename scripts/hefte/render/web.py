"""Website pages from the plan, as plain data: no MkDocs here (mkdocs_plugin.py is the thin adapter).

Only what the plan allows on the web becomes a Page or an Asset; a held-back text never gets as far as
a file name, so it cannot reach the nav, the search index or the sitemap.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass, field
from pathlib import Path

from .. import dates
from ..model import Byline, Kind, Photo
from ..guard.plan import Author, Plan, PlannedText, PublicationPlan
from ..guard.policy import Medium
from .text import Rendered, render_texts

AUTHORS_DIR = "forfattere"


@dataclass
class Page:
    src_uri: str
    """Path MkDocs knows the page by, e.g. ``hefte-2026/morgenkaffe.md`` -> URL ``hefte-2026/morgenkaffe/``."""
    title: str
    html: str
    toc: list = field(default_factory=list)
    lang: str = "nb"
    description: str = ""

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


def _byline_html(pt: PlannedText, *, depth: int) -> str:
    credit = f" / foto: {html.escape(pt.text.photo_credit)}" if pt.text.photo_credit else ""
    if pt.text.byline is Byline.NONE:
        return f'<p class="hefte-byline">{credit[3:]}</p>' if credit else ""
    if pt.byline is None:
        who = "anonym"
    elif pt.author_slug:
        href = "../" * depth + f"{AUTHORS_DIR}/{pt.author_slug}/"
        who = f'<a href="{href}">{html.escape(pt.byline)}</a>'
    else:
        who = html.escape(pt.byline)
    return f'<p class="hefte-byline">tekst: {who}{credit}</p>'


def _figure(pt: PlannedText, photo: Photo, *, depth: int) -> str:
    src = "../" * depth + photo_uri(pt, photo)
    credit = f"<figcaption>foto: {html.escape(photo.credit)}</figcaption>" if photo.credit else ""
    return (f'<figure class="hefte-foto"><img src="{src}" alt="{html.escape(photo.alt or "", quote=True)}" '
            f'loading="lazy">{credit}</figure>')


def _text_page(pt: PlannedText, rendered: Rendered) -> Page:
    text = pt.text
    depth = 2  # <publication>/<slug>/
    figures = "".join(_figure(pt, photo, depth=depth) for photo in pt.photos_for(Medium.WEB)
                      if photo.file not in rendered.placed_photos)
    title = numbered_title(pt, rendered)
    lead = f'<p class="hefte-ingress">{html.escape(text.lead)}</p>' if text.lead else ""
    body = (f'<article class="hefte-tekst hefte-{text.genre.value}" lang="{text.lang}">'
            f"<h1>{html.escape(title)}</h1>{lead}{_byline_html(pt, depth=depth)}{figures}"
            f'<div class="hefte-brodtekst">{rendered.html}</div></article>')
    # The lead is what a search engine or a shared link shows of the page.
    return Page(f"{text.publication_id}/{pt.slug}.md", title, body, rendered.toc, text.lang, text.lead or "")


def _overview_page(pp: PublicationPlan, web_texts: list[PlannedText], pdf_url: str | None,
                   rendered: dict[str, Rendered]) -> Page:
    pub = pp.publication
    kind = "Rapport" if pub.kind is Kind.REPORT else "Hefte"
    parts = [f'<article class="hefte-oversikt" lang="{pub.lang}"><h1>{html.escape(pub.title)}</h1>']
    if pub.subtitle:
        parts.append(f'<p class="hefte-undertittel">{html.escape(pub.subtitle)}</p>')
    facts = [kind]
    if pub.authors:
        facts.append("av " + dates.join_names(pub.authors))
    if pub.editors:
        facts.append("redigert av " + dates.join_names(pub.editors))
    if pub.publisher.name:
        facts.append(html.escape(pub.publisher.name))
    if pub.place or pub.year:
        facts.append(" ".join(str(x) for x in (pub.place, pub.year) if x))
    parts.append(f'<p class="hefte-fakta">{html.escape(", ".join(facts[:1]))}{", " if len(facts) > 1 else ""}'
                 f'{html.escape(", ".join(facts[1:]))}</p>')
    if pdf_url:
        parts.append(f'<p class="hefte-pdf"><a href="../{pdf_url}" download>Last ned som PDF</a> '
                     f"(for lesing på skjerm, med bokmerker og tilgjengelighetsmerking)</p>")
    parts.append('<h2 id="innhold">Innhold</h2><ol class="hefte-innhold">')
    for pt in web_texts:
        # Writers' names only for participants' texts; editorial texts (chapters) are the publication's own.
        who = ("" if pt.text.is_editorial else
               f' <span class="hefte-innhold-navn">– {html.escape(pt.byline or "anonym")}</span>')
        title = numbered_title(pt, rendered[pt.text.id])
        parts.append(f'<li><a href="{pt.slug}/">{html.escape(title)}</a>{who}</li>')
    parts.append("</ol></article>")
    return Page(f"{pub.id}/index.md", pub.title, "".join(parts), [], pub.lang, pub.subtitle or "")


def _author_page(author: Author) -> Page:
    items = "".join(
        f'<li><a href="../../{pt.url}">{html.escape(pt.text.title)}</a></li>' for pt in author.texts
    )
    body = (f'<article class="hefte-forfatter"><h1>{html.escape(author.name)}</h1>'
            f"<p>Tekster av {html.escape(author.name)} på denne sida:</p><ul>{items}</ul></article>")
    return Page(f"{AUTHORS_DIR}/{author.slug}.md", author.name, body)


def _authors_index(authors: list[Author]) -> Page:
    items = "".join(f'<li><a href="{a.slug}/">{html.escape(a.name)}</a></li>' for a in authors)
    body = ("<article><h1>Forfattere</h1><p>Skribenter som har valgt å stå med fullt navn. "
            "Andre skribenter er publisert med fornavn, psevdonym eller anonymt, og har ingen egen side.</p>"
            f"<ul>{items}</ul></article>")
    return Page(f"{AUTHORS_DIR}/index.md", "Forfattere", body)
