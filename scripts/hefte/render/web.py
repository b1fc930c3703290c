"""Website pages from the plan, as plain data: no MkDocs here (mkdocs_plugin.py is the thin adapter).

Only what the plan allows on the web becomes a Page or an Asset; a held-back text never gets as far as
a file name, so it cannot reach the nav, the search index or the sitemap.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .. import dates
from ..model import Byline, Kind, Photo, Publication, Text
from ..guard.plan import Author, Plan, PlannedText, PublicationPlan
from ..guard.policy import Medium
from .escape import Markup, html, join, text as esc
from .text import Rendered, render_texts

AUTHORS_DIR = "forfattere"
ARCHIVE = "arkiv.md"
"""Every publication on the web, year by year; the front page shows the same shelf under its own words."""
FRONT_MARK = "<!-- hefte: publikasjoner -->"
"""Where the hand-written front page (docs/index.md) wants the publications; without it they follow its text."""
KIND_NOUN = {Kind.BOOKLET: "heftet", Kind.REPORT: "rapporten"}


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
    """Plain text for <meta name="description"> and og:description; escaped by the adapter and share_tags()."""
    image: str = ""
    """Site path of the picture of a shared link (og:image), only as the policy allows (may_share_photo, the
    cover's decision); empty: none."""
    image_alt: str = ""
    kind: str = "website"
    """og:type: ``article`` for a text, ``website`` for the rest."""

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


@dataclass(frozen=True)
class PdfLink:
    """The screen PDF of a publication as the site links it."""

    url: str
    """Site path, e.g. ``pdf/hefte-2026.pdf``."""
    size: int
    """Bytes: the reader sees the size before she opens it (on a phone, on a slow line)."""


@dataclass
class Site:
    pages: list[Page]
    assets: list[Asset]
    nav: list
    """MkDocs nav for the generated pages (hand-written docs pages are added by the adapter)."""
    front: str = ""
    """HTML of the publications for the hand-written front page, at FRONT_MARK (or after its text)."""

    def page(self, src_uri: str) -> Page | None:
        return next((p for p in self.pages if p.src_uri == src_uri), None)


def _published_name(pub_id: str, key: str, file: str) -> str:
    """Published file names are hashes: an original name like ``kari-johansen.jpg`` must not leak."""
    digest = hashlib.sha1(f"{key}#{file}".encode()).hexdigest()[:12]
    suffix = Path(file).suffix.lower().replace(".jpeg", ".jpg") or ".jpg"
    suffix = ".jpg" if suffix == ".webp" else suffix
    return f"{pub_id}/bilder/{digest}{suffix}"


def photo_uri(pt: PlannedText, photo: Photo) -> str:
    return _published_name(pt.text.publication_id, f"{pt.text.qualified_id}#{photo.index}", photo.file)


def cover_uri(pub: Publication) -> str:
    return _published_name(pub.id, f"{pub.id}#omslag", pub.cover.image or "")


def web_cover(pp: PublicationPlan) -> bool:
    """The policy's answer (policy.decide_cover): may the cover be on the web?"""
    return pp.cover is not None and pp.cover.web


def build_site(plan: Plan, pdfs: dict[str, PdfLink] | None = None) -> Site:
    """Every web page and asset the plan allows, plus the nav that lists them in reading order."""
    pdfs = pdfs or {}
    pages, assets, nav, shelf = [], [], [], []
    for pp in plan.publications:
        pub = pp.publication
        web_texts = pp.for_medium(Medium.WEB)
        if not web_texts:
            continue
        shelf.append(pp)
        # One outline for the publication's web pages: the same numbers and cross-references as the PDFs.
        _, rendered = render_texts(web_texts, plan, Medium.WEB, link_quotes=True,
                                   figure_src=lambda pt, photo: "../" * 2 + photo_uri(pt, photo))
        overview = _overview_page(pp, web_texts, pdfs.get(pub.id), rendered)
        pages.append(overview)
        section = [{"Om publikasjonen": overview.src_uri}]
        if web_cover(pp):
            assets.append(Asset(cover_uri(pub), pub.folder / pub.cover.image))
        for pt in web_texts:
            page = _text_page(pt, rendered[pt.text.id], pub)
            pages.append(page)
            section.append({page.title: page.src_uri})
            assets += [Asset(photo_uri(pt, photo), pub.folder / photo.file) for photo in pt.photos_for(Medium.WEB)]
        nav.append({pub.title: section})
    pages.append(_archive_page(shelf, pdfs))
    nav.append({"Alle publikasjoner": ARCHIVE})
    if plan.authors:
        author_pages = [_author_page(a) for a in plan.authors]
        index = _authors_index(plan.authors)
        pages += [index, *author_pages]
        nav.append({"Forfattere": [{"Alle forfattere": index.src_uri}] + [{p.title: p.src_uri} for p in author_pages]})
    front = html('<section class="hefte-hylle" aria-labelledby="publikasjoner"><h2 id="publikasjoner">Publikasjoner'
                 '</h2>{}<p><a href="arkiv/">Alle publikasjoner, år for år</a></p></section>',
                 _shelf(shelf, pdfs, depth=0, level=3))
    return Site(pages, assets, nav, str(front))


class _FirstParagraph(HTMLParser):
    """The words of the first paragraph (or list item) of the text itself: not a quote, figure, table or
    footnote mark."""

    SKIP = {"blockquote", "figure", "figcaption", "table", "sup", "aside", "nav"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words, self.skip, self.inside, self.done = [], 0, False, False

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag in ("p", "li") and not self.skip and not self.done and not self.inside:
            self.inside = True
        elif tag == "br" and self.inside:
            self.words.append(" ")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in ("p", "li") and self.inside:
            self.inside, self.done = False, bool("".join(self.words).strip())

    def handle_data(self, data):
        if self.inside and not self.skip:
            self.words.append(data)


SENTENCE = re.compile(r"(.+?[.!?…])(?=\s+[«\"(–-]?[A-ZÆØÅ0-9])")


def summary(text: Text, rendered: Rendered, limit: int = 300) -> str:
    """The lead, or else the first sentence of the text as readers see it: what a search result, the
    publication page or a shared link shows of it. Plain text; whoever puts it into HTML escapes it."""
    if text.lead and text.lead.strip():
        return " ".join(text.lead.split())
    parser = _FirstParagraph()
    parser.feed(rendered.html)
    paragraph = " ".join("".join(parser.words).split())
    found = SENTENCE.match(paragraph)
    sentence = found[1] if found else paragraph
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:–- ") + " …"
    return sentence


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


def _text_page(pt: PlannedText, rendered: Rendered, pub: Publication | None = None) -> Page:
    """A text's page; ``pub``: its publication, named and linked above the title (the studio's preview of a
    draft has no site around it, and leaves it out)."""
    text = pt.text
    depth = 2  # <publication>/<slug>/
    figures = join("", (_figure(pt, photo, depth=depth) for photo in pt.photos_for(Medium.WEB)
                        if photo.file not in rendered.placed_photos))
    title = numbered_title(pt, rendered)
    lead = html('<p class="hefte-ingress">{}</p>', text.lead) if text.lead else Markup("")
    # Which publication the text belongs to, linked: a reader who arrives from a search or a shared link
    # sees where she is and finds the rest.
    source = html('<p class="hefte-fra">Fra {} <a href="../">{}</a>{}</p>', KIND_NOUN[pub.kind], pub.title,
                  f", {pub.year}" if pub.year else "") if pub else Markup("")
    body = html('<article class="hefte-tekst hefte-{}" lang="{}">{}<h1>{}</h1>{}{}{}'
                '<div class="hefte-brodtekst">{}</div></article>', text.genre.value, text.lang, source, title, lead,
                _byline_html(pt, depth=depth), figures, Markup(rendered.html))  # body: sanitised by nh3
    # The lead (or the first sentence) is what a search engine or a shared link shows of the page.
    photo = pt.share_photo
    return Page(f"{text.publication_id}/{pt.slug}.md", title, body, rendered.toc, text.lang, summary(text, rendered),
                photo_uri(pt, photo) if photo else "", (photo.alt or "") if photo else "", "article")


def _facts(pub: Publication) -> list[str]:
    facts = ["Rapport" if pub.kind is Kind.REPORT else "Hefte"]
    if pub.authors:
        facts.append("av " + dates.join_names(pub.authors))
    if pub.editors:
        facts.append("redigert av " + dates.join_names(pub.editors))
    if pub.publisher.name:
        facts.append(pub.publisher.name)
    if pub.place or pub.year:
        facts.append(" ".join(str(x) for x in (pub.place, pub.year) if x))
    return facts


def size_text(size: int) -> str:
    """``1,4 MB``, ``830 kB``: decimal comma, as a Norwegian reader writes it."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1000))} kB"


def _pdf_link(pub: Publication, pdf: PdfLink, depth: int, cls: str, note: str = "") -> Markup:
    # No download attribute: the browser opens it (and can save it); type tells it what comes before it fetches.
    return html('<p class="{}"><a href="{}" type="application/pdf">{} som PDF</a> (PDF, {}{})</p>', cls,
                "../" * depth + pdf.url, pub.title, size_text(pdf.size), note)


def _cover(pp: PublicationPlan, depth: int) -> Markup:
    if not web_cover(pp):
        return Markup("")
    pub = pp.publication
    return html('<img class="hefte-omslag" src="{}" alt="{}">', "../" * depth + cover_uri(pub), pub.cover.alt or "")


def _intro(web_texts: list[PlannedText], rendered: dict[str, Rendered]) -> Markup:
    """The editors' introduction (the first editorial text) in brief, with the way on to all of it."""
    pt = next((pt for pt in web_texts if pt.text.is_editorial and not pt.text.is_literature), None)
    if pt is None:
        return Markup("")
    title = numbered_title(pt, rendered[pt.text.id])
    return html('<section class="hefte-innledning" aria-labelledby="innledning"><h2 id="innledning">{}</h2>'
                '<p>{}</p><p><a href="{}/">Les hele «{}»</a></p></section>', title,
                summary(pt.text, rendered[pt.text.id]), pt.slug, title)


def _overview_page(pp: PublicationPlan, web_texts: list[PlannedText], pdf: PdfLink | None,
                   rendered: dict[str, Rendered]) -> Page:
    pub = pp.publication
    parts = [html('<article class="hefte-oversikt" lang="{}"><h1>{}</h1>', pub.lang, pub.title)]
    if pub.subtitle:
        parts.append(html('<p class="hefte-undertittel">{}</p>', pub.subtitle))
    parts.append(_cover(pp, depth=1))
    parts.append(html('<p class="hefte-fakta">{}</p>', join(", ", _facts(pub))))
    if pdf:
        parts.append(_pdf_link(pub, pdf, 1, "hefte-pdf", ", for lesing på skjerm, med bokmerker og merket for "
                                                         "skjermleser"))
    parts.append(_intro(web_texts, rendered))
    parts.append(Markup('<h2 id="innhold">Innhold</h2><ol class="hefte-innhold">'))
    for pt in web_texts:
        # Writers' names only for participants' texts; editorial texts (chapters) are the publication's own.
        who = (Markup("") if pt.text.is_editorial else
               html(' <span class="hefte-innhold-navn">– {}</span>', pt.byline or "anonym"))
        parts.append(html('<li><a href="{}/">{}</a>{}</li>', pt.slug, numbered_title(pt, rendered[pt.text.id]), who))
    parts.append(Markup("</ol></article>"))
    return Page(f"{pub.id}/index.md", pub.title, str(join("", parts)), [], pub.lang,
                pub.subtitle or ", ".join(_facts(pub)), cover_uri(pub) if web_cover(pp) else "",
                pub.cover.alt or "" if web_cover(pp) else "")


def share_tags(page: Page, *, site_url: str, site_name: str) -> str:
    """Open Graph tags for a shared link: title, description and, where the policy allows one, the picture.
    Every value escaped here (render/escape.py). Without a site_url there is no address to give, so no og:url
    and no og:image (both must be absolute)."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    tags = [("og:type", page.kind), ("og:site_name", site_name), ("og:title", page.title),
            ("og:locale", "nn_NO" if page.lang == "nn" else "nb_NO")]
    if page.description:
        tags.append(("og:description", page.description))
    if base:
        tags.append(("og:url", base + page.url))
        if page.image:
            tags += [("og:image", base + page.image), ("og:image:alt", page.image_alt)]
    return str(join("\n", (html('<meta property="{}" content="{}">', name, value) for name, value in tags))) + "\n"


def _shelf(shelf: list[PublicationPlan], pdfs: dict[str, PdfLink], *, depth: int, level: int) -> Markup:
    """Every publication on the web, newest year first, each with its cover, facts and PDF."""
    years: dict[int | None, list[PublicationPlan]] = {}
    for pp in shelf:
        years.setdefault(pp.publication.year, []).append(pp)
    if not years:
        return html("<p>Ingen publikasjoner er lagt ut ennå.</p>")
    parts = []
    for year in sorted(years, key=lambda y: (y is None, -(y or 0))):
        anchor = f"ar-{year}" if year else "ar-uten"
        parts.append(html('<h{0} id="{1}">{2}</h{0}><ul class="hefte-kort">', level, anchor, year or "Uten år"))
        for pp in years[year]:
            pub = pp.publication
            pdf = _pdf_link(pub, pdfs[pub.id], depth, "hefte-kort-pdf") if pub.id in pdfs else Markup("")
            under = html('<p class="hefte-undertittel">{}</p>', pub.subtitle) if pub.subtitle else Markup("")
            parts.append(html('<li>{}<h{} class="hefte-kort-tittel"><a href="{}">{}</a></h{}>{}'
                              '<p class="hefte-fakta">{}</p>{}</li>', _cover(pp, depth), level + 1,
                              "../" * depth + f"{pub.id}/", pub.title, level + 1, under,
                              join(", ", _facts(pub)), pdf))
        parts.append(Markup("</ul>"))
    return join("", parts)


def _archive_page(shelf: list[PublicationPlan], pdfs: dict[str, PdfLink]) -> Page:
    body = html('<article class="hefte-arkiv"><h1>Alle publikasjoner</h1><p>Alle heftene og rapportene som er lagt '
                "ut her, det nyeste først. Hver av dem kan leses her på nettsida eller som PDF.</p>{}</article>",
                _shelf(shelf, pdfs, depth=1, level=2))
    return Page(ARCHIVE, "Alle publikasjoner", str(body),
                description="Alle heftene og rapportene, år for år, med omslag og PDF.")


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
