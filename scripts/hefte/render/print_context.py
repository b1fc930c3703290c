"""What the print template (overrides/print/print.html) shows of one publication in one PDF.

pdf.py owns the rendering (page set-up, fetcher, WeasyPrint); this module gathers the words: the texts with
their numbers, leads and bylines, the contents (and list of tables and figures), the title page's authors,
the colophon, the back cover with both ISBNs and the barcode, and the PDF's Author metadata. Everything a
reader sees is escaped by the template (autoescape) except text bodies and the back cover, which are
sanitised here (render/text.py).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import markdown
from markupsafe import Markup

from ..dates import join_names
from ..errors import RenderError
from ..guard.plan import PlannedText, PublicationPlan
from ..guard.policy import Medium
from ..model import Byline, Kind, Numbering, TextStart
from . import barcode
from .project_files import ProjectFiles
from .text import render_texts, sanitise

_FETCHING = re.compile(r"url\s*\(|@import|\bsrc\s*=\s*\"(?!\.\./\.\./publikasjon/)", re.I)
"""Anything in a body that would make WeasyPrint fetch, except the figures hefte placed (print.html's folder is
``maler/print/``, so a photo of the publication is ``../../publikasjon/…``)."""


def context(state, pp: PublicationPlan, variant, fetcher: ProjectFiles, templates: Path,
            planned: list[PlannedText] | None = None) -> dict:
    """The template variables about the publication's content (page set-up is pdf.py's). ``planned``: only
    these texts (a writer's private proof); by default every text of the variant."""
    pub = pp.publication
    planned = variant.texts(pp) if planned is None else planned
    texts, outline = _texts(state, pp, planned, variant, fetcher, templates)
    digits = barcode.ean13(pub.isbn_print)
    return {
        "authors": metadata_authors(pub, planned),
        "by": join_names(pub.authors, pub.lang),
        "editors": join_names(pub.editors, pub.lang),
        "colophon": _colophon(pub),
        "texts": texts,
        "depth": pub.contents_depth,
        "figure_list": [{"href": f"#{c.text_id}-{c.anchor}", "label": f"{c.kind.capitalize()} {c.number}",
                         "title": c.title} for c in outline.captions()] if pub.list_of_figures else [],
        "recto": pub.starts is TextStart.RECTO,
        "footnotes_through": pub.footnotes.value == "document",
        "back_cover": _back_cover(pub, planned),
        "isbns": [(label, value) for label, value in (("isbn_print", pub.isbn_print), ("isbn_pdf", pub.isbn_pdf))
                  if value],
        "barcode": barcode.svg(pub.isbn_print, f"Strekkode: ISBN {pub.isbn_print}") if variant.is_print else None,
        "barcode_digits": barcode.grouped(digits) if digits and variant.is_print else None,
    }


def main_matter_anchor(pp: PublicationPlan, variant) -> str | None:
    """Anchor of the text where the main matter (arabic page 1) starts; None if there is no front matter."""
    flags = _front_flags(pp.publication, [pt.text for pt in variant.texts(pp)])
    first = next((text for text, front in flags if not front), None)
    return f"t-{first.id}" if first is not None else None


def _front_flags(pub, texts) -> list:
    """(text, is front matter): a report's foreword, summary and abstract before its first chapter."""
    out, front = [], pub.kind is Kind.REPORT
    for text in texts:
        front = front and text.is_front_matter_kind and pub.numbering_of(text) is Numbering.NONE
        out.append((text, front))
    return out


def _texts(state, pp: PublicationPlan, planned: list[PlannedText], variant, fetcher: ProjectFiles,
           templates: Path):
    pub = pp.publication
    # The screen PDF is on the web: a quoted passage must be allowed on the web AND in print, like its texts.
    also = () if variant.is_print else (Medium.WEB,)
    base = fetcher.url_for(templates)

    def figure_src(pt, photo) -> str:
        # Relative to print.html's folder, so the sanitiser (which allows no file: scheme) keeps it.
        return posixpath.relpath(fetcher.url_for(pub.folder / photo.file)[len("file://"):], base[len("file://"):])

    outline, rendered = render_texts(planned, state.plan, Medium.PRINT, also=also, for_print=True, id_prefix=True,
                                     figure_src=figure_src)
    flags = dict((text.id, front) for text, front in _front_flags(pub, [pt.text for pt in planned]))
    out = []
    for pt in planned:
        text, body = pt.text, rendered[pt.text.id]
        found = _FETCHING.search(body.html)
        if found:
            # Sanitising allows style="" on table cells; nothing a participant wrote may make WeasyPrint fetch.
            raise RenderError("pdf.url-in-text", text.source.path, 0, title=text.title,
                              detail=body.html[max(0, found.start() - 20):found.end() + 40])
        numbers = body.numbers
        kind = {Numbering.CHAPTER: "kapittel", Numbering.APPENDIX: "vedlegg"}.get(numbers.numbering, "unummerert")
        label = _label(text.title, numbers, pub.lang)
        out.append({
            "anchor": f"t-{text.id}", "id": text.id, "title": text.title, "lang": text.lang,
            "genre": text.genre.value, "kind": kind if pub.kind is Kind.REPORT else "tekst-innhold",
            "number": label["number"], "prefix": label["prefix"], "bookmark": label["bookmark"],
            "lead": text.lead, "literature": text.is_literature,
            "byline": pt.byline, "show_byline": pt.byline is not None or text.byline is Byline.ANONYMOUS,
            "photo_credit": text.photo_credit,
            "participant": not text.is_editorial,
            "photos": [{"url": fetcher.url_for(pub.folder / p.file), "alt": p.alt or "",
                        "credit": p.credit if p.credit != text.photo_credit else None}
                       for p in variant.photos(pt) if p.file not in body.placed_photos],
            "sections": [{"href": f"#{text.id}-{h.anchor}", "label": f"{h.number} {h.title}".strip(),
                          "number": h.number, "title": h.title}
                         for h in numbers.headings if h.level == 2 and h.anchor],
            "front": flags[text.id], "first": False,
            "body": Markup(body.html),  # sanitised by render/text.py (nh3)
        })
    if any(not t["front"] for t in out):
        next(t for t in out if not t["front"])["first"] = True  # restarts the page counter (print.html)
    return out, outline


def _label(title: str, numbers, lang: str) -> dict:
    """How a text's number stands before its title, in the contents and in the bookmarks."""
    if numbers.numbering is Numbering.APPENDIX:
        word = "Vedlegg"
        if title.lower().startswith(word.lower()):
            return {"number": "", "prefix": "", "bookmark": title}  # written out already: «Vedlegg A: …»
        return {"number": numbers.label, "prefix": f"{word} {numbers.label}: ",
                "bookmark": f"{word} {numbers.label}: {title}"}
    if numbers.label:
        return {"number": numbers.label, "prefix": f"{numbers.label} ", "bookmark": f"{numbers.label} {title}"}
    return {"number": "", "prefix": "", "bookmark": title}


def metadata_authors(pub, texts: list[PlannedText]) -> list[str]:
    """The PDF's Author field: the publication's authors and editors, and writers who chose to be named.

    First names and pseudonyms are public in the byline, but the Author field is searchable metadata: it lists
    only names people chose to publish as names. Each name once, however often it stands in a byline."""
    names = [*pub.authors, *pub.editors]
    names += [pt.byline for pt in texts if pt.text.byline is Byline.NAMED and not pt.text.is_editorial and pt.byline]
    unique: dict[str, str] = {}
    for name in names:
        unique.setdefault(" ".join(name.split()).casefold(), " ".join(name.split()))
    return list(unique.values())


def _colophon(pub) -> list[tuple[str, str | list[str]]]:
    rows: list[tuple[str, str | list[str]]] = []
    publisher = [v for v in (pub.publisher.name, pub.publisher.address, pub.publisher.url) if v]
    if publisher:
        rows.append(("published_by", publisher))  # a list: one line each
    if pub.authors:
        rows.append(("authors" if len(pub.authors) > 1 else "author", join_names(pub.authors, pub.lang)))
    if pub.editors:
        rows.append(("editors" if len(pub.editors) > 1 else "editor", join_names(pub.editors, pub.lang)))
    for key, label in (("layout", "layout"), ("photo", "photo_credit"), ("writing_help", "writing_help"),
                       ("print", "print"), ("funding", "funding")):
        if value := getattr(pub.credits, key):
            rows.append((label, value))
    if pub.series.name:
        rows.append(("series", " ".join(v for v in (pub.series.name, pub.series.number and f"nr. {pub.series.number}")
                                        if v)))
    if pub.isbn_print:
        rows.append(("isbn_print", pub.isbn_print))
    if pub.isbn_pdf:
        rows.append(("isbn_pdf", pub.isbn_pdf))
    if pub.licence:
        rows.append(("licence", pub.licence))
    return rows


def _back_cover(pub, texts: list[PlannedText]) -> Markup:
    """The editor's own back-cover text (Markdown, sanitised), or one made from what the publication holds."""
    if pub.back_cover:
        return Markup(sanitise(markdown.markdown(pub.back_cover, extensions=["sane_lists"])))
    return Markup(f"<p>{Markup.escape(_blurb(pub, texts))}</p>") if _blurb(pub, texts) else Markup("")


def _blurb(pub, texts: list[PlannedText]) -> str:
    subtitle = (pub.subtitle or "").strip()
    subtitle = subtitle[:1].upper() + subtitle[1:]  # a subtitle may start in lower case; a sentence may not
    if pub.kind is Kind.REPORT:
        return subtitle
    written = [pt.text for pt in texts if not pt.text.is_editorial]
    nn = pub.lang == "nn"
    genres = {"prose": "prosa", "poem": "dikt", "list": "lister"}
    kinds = join_names([word for genre, word in genres.items() if any(t.genre.value == genre for t in written)])
    lead = f"{subtitle.rstrip('.')}. " if subtitle else ""
    if not written:
        return lead.strip()
    count = f"{len(written)} {'tekst' if len(written) == 1 else 'tekstar' if nn else 'tekster'}"
    return (f"{lead}{'Heftet samlar' if nn else 'Heftet samler'} {count} "
            f"{'skrivne av deltakarane' if nn else 'skrevet av deltakerne'}: {kinds}.")
