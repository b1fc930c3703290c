"""``hefte proof --writer c-07``: one writer's texts, exactly as they will be printed, for her to read.

The pages come from the print layout itself (render/pdf.py's print HTML through overrides/print/korrektur.html,
which extends print.html), so what she approves is what the print shop gets: same type, same breaks, same
photos. Only her texts; first a page that says where each one goes (the policy's answer) and how her name will
read on the web and in print; «UTKAST – ikke til publisering» on every page. Written only under private/.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from . import marks, writer
from .pdfout import render_documents
from .private import private_file
from ..dates import long_date
from ..errors import HefteError
from ..guard.policy import Medium
from ..render import pdf

TEMPLATE = "korrektur.html"
FOLDER = "korrektur"


def writer_proof(state, contributor: str, *, publication: str | None = None, lang: str = "nb") -> Path:
    """Write ``private/korrektur/<contributor>.pdf``; return its path."""
    texts = writer.writer_texts(state, contributor, publication=publication)
    if not texts:
        raise HefteError("desk.no-texts-for-writer", None, 0, writer=contributor)
    folder = state.config.overrides_path / "print"
    if not (folder / TEMPLATE).is_file():
        raise HefteError("desk.template-missing", folder / TEMPLATE, 0, template=TEMPLATE,
                         folder=f"{state.config.overrides_dir}/print")
    target = private_file(state.config, FOLDER, f"{contributor}.pdf")
    groups: dict[str, list[writer.WriterText]] = {}
    for wt in texts:
        groups.setdefault(wt.publication.publication.id, []).append(wt)
    with tempfile.TemporaryDirectory(prefix="hefte-korrektur-") as tmp:
        pages = []
        for group in groups.values():
            pp = group[0].publication
            extra = {"proof": _context(contributor, group, state.plan.today, lang), "bleed": None, "marks": None}
            html, fetcher = pdf.proof_html(state, pp, [wt.as_printed() for wt in group], template=TEMPLATE,
                                           extra=extra, clean_dir=Path(tmp))
            pages.append((html, fetcher, state.config.overrides_path / "print"))
        render_documents(pages, target, source=texts[0].text.source.path)
    return target


def _context(contributor: str, group: list[writer.WriterText], today, lang: str) -> dict:
    items = []
    for wt in group:
        photos = [("Kommer med: " if p.decision.print else "Kommer ikke med ("
                   + ", ".join(_reason(r, lang) for r in p.decision.reasons(Medium.PRINT)) + "): ")
                  + (p.photo.alt or p.photo.file) for p in wt.photos_if_published()]
        items.append({
            "title": wt.text.title,
            "web": writer.where_words(wt, Medium.WEB, lang),
            "print": writer.where_words(wt, Medium.PRINT, lang),
            "byline_web": writer.byline_on_web(wt, lang),
            "byline_print": writer.byline_line(wt),
            "photos": photos,
            "note": wt.text.review.note if wt.text.review.status and wt.text.review.status.value == "changes-requested"
            else None,
        })
    return {"writer": contributor, "made": long_date(today), "texts": items, "mark": marks.PROOF_MARK,
            "keyword": f"{marks.PRIVATE_KEYWORD} korrektur {contributor}"}


def _reason(reason, lang: str) -> str:
    from .. import messages

    return messages.render_reason(reason.value, lang)
