"""The preview before «Send inn»: the text as the website shows it and as the booklet prints it, marked UTKAST.

The same rendering as the build, not a look-alike: the web article is render/web.py's text page (body by
render/text.py, sanitised), the print pages are render/pdf.py's print HTML laid out by WeasyPrint with the
print CSS, cut to the text's own pages and drawn as PNG images for the phone. The plan handed in is the policy's
"as if approved" plan from intake/submit.outlook, so what she said no to is not shown there either.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import re
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup

from ..config import Config
from ..findings import Findings
from ..guard.plan import PlannedText, Plan, PublicationPlan
from ..guard.policy import Medium
from ..model import Cover, Photo, Project
from ..pipeline import State
from ..render import pdf, web
from ..render.text import render_texts

UTKAST_CSS = """
@page { @top-center { content: "UTKAST"; font: 700 9pt/1 "Source Sans 3", sans-serif; color: #9b1c1c;
        letter-spacing: 0.2em; vertical-align: bottom; padding-bottom: 5mm; } }
"""
PAGE_WIDTH_PX = 560
"""Print preview pages as images this wide: readable on a phone, small to send."""
MAX_PREVIEW_CHARS = 50_000
"""Longer texts are saved and can be handed in, but not previewed: a text of a million characters held the
layout (one at a time, below) for 25 s and drew 500 page images for another 50, and every other writer in the
room waited for her own preview meanwhile. 50 000 characters are some 20 printed pages, a few seconds' work."""
MAX_PREVIEW_LINES = 1_000
"""Lines and paragraphs count too, as the print page has them (a line break, a paragraph, a list item …): 50 000
characters of one-letter paragraphs, or of «a<br>», were 300 to 480 pages and 15 to 22 s of layout; 1 000 list
items, the slowest kind, are 35 pages and 3.5 s."""
_LINES = re.compile(r"<(?:br|p|li|h[1-6]|tr|dt|dd|div|blockquote|hr|figure|pre)\b", re.IGNORECASE)
MAX_PREVIEW_MARKS = 3_000
"""Every element counts a little: 12 000 words in italics (48 000 characters, 9 pages) were 14 s of layout.
3 000 of them are some 3.5 s."""
_MARKS = re.compile(r"<[A-Za-z]")
_RENDER_LOCK = threading.Lock()  # one WeasyPrint layout at a time: it is CPU-bound, and waitress has threads


def too_long(body: str | None) -> bool:
    """Too long to preview, from her words alone (the print page's lines are counted in print_pages)."""
    return len(body or "") > MAX_PREVIEW_CHARS


def web_article(planned: PlannedText, plan: Plan, photo_src: Callable[[Photo], str]) -> Markup:
    """The website's article for this text, with the photo served from the draft instead of the site."""
    _, rendered = render_texts([planned], plan, Medium.WEB, link_quotes=True,
                               figure_src=lambda pt, photo: photo_src(photo))
    article = str(web._text_page(planned, rendered[planned.text.id]).html)
    for photo in planned.photos_for(Medium.WEB):
        site_src = "../" * 2 + web.photo_uri(planned, photo)
        article = article.replace(f'src="{site_src}"', f'src="{html.escape(photo_src(photo), quote=True)}"')
    return Markup(article)  # built by render/web.py from sanitised HTML and escaped fields


def print_pages(config: Config, project: Project, planned: PlannedText, plan: Plan, out_dir: Path) -> list[Path] | None:
    """PNG images of the text's printed pages (empty when the policy keeps it out of print; None when it has
    more than MAX_PREVIEW_LINES lines or MAX_PREVIEW_MARKS elements to lay out)."""
    if not planned.decision.allows(Medium.PRINT):
        return []
    pub = dataclasses.replace(plan.publications[0].publication, cover=Cover())  # the text's pages, not the cover
    pp = PublicationPlan(pub, [planned])
    state = State(config, project, Findings(), plan)
    with tempfile.TemporaryDirectory(prefix="hefte-studio-") as tmp:
        markup, fetcher = pdf.proof_html(state, pp, [planned], template="print.html", extra={}, clean_dir=Path(tmp))
        if len(_LINES.findall(markup)) > MAX_PREVIEW_LINES or len(_MARKS.findall(markup)) > MAX_PREVIEW_MARKS:
            return None
        key = hashlib.sha256(markup.encode()).hexdigest()[:16]
        existing = sorted(out_dir.glob(f"side-{key}-*.png"))
        if existing:
            return existing
        for old in out_dir.glob("side-*.png"):
            old.unlink(missing_ok=True)
        data = _layout(markup, fetcher, config, planned)
    return _pngs(data, out_dir, key)


def _layout(markup: str, fetcher, config: Config, planned: PlannedText) -> bytes:
    from weasyprint import CSS, HTML

    with _RENDER_LOCK:
        document = HTML(string=markup, base_url=fetcher.url_for(config.overrides_path / "print"),
                        url_fetcher=fetcher).render(stylesheets=[CSS(string=UTKAST_CSS)])
        anchor = f"t-{planned.text.id}"
        first = next((i for i, page in enumerate(document.pages) if anchor in page.anchors), 0)
        # The text runs from its first page up to the back cover (the last page); nothing else follows it here.
        pages = document.pages[first:-1] or document.pages[first:]
        return document.copy(pages).write_pdf()


def _pngs(data: bytes, out_dir: Path, key: str) -> list[Path]:
    import pypdfium2 as pdfium

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    document = pdfium.PdfDocument(data)
    try:
        for number in range(len(document)):
            page = document[number]
            scale = PAGE_WIDTH_PX / page.get_width()
            image = page.render(scale=scale).to_pil()
            target = out_dir / f"side-{key}-{number + 1}.png"
            image.save(target, "PNG", optimize=True)
            written.append(target)
    finally:
        document.close()
    return written
