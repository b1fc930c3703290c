"""Rendering the desk's private PDFs (a writer's proof, her consent form) with WeasyPrint, locked down the same
way as the booklet: only project files through render/fetcher.py's ProjectFetcher, a renderer error is fatal,
the file is written atomically.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..errors import RenderError
from ..files import write_atomically
from ..render.project_files import ProjectFiles

OPTIONS = {"pdf_identifier": True, "pdf_version": "1.7"}


def render_documents(parts: list[tuple[str, ProjectFiles, Path]], target: Path, *, source: Path) -> int:
    """Render each (html, fetcher, base folder) and write all their pages, in order, as one PDF; return the page
    count. ``source`` names the file a refusal or renderer error is reported against. A fetcher is a
    render/fetcher.py ProjectFetcher (or the ProjectFiles it is made from)."""
    from weasyprint import HTML

    from ..render.fetcher import FetchRefused, ProjectFetcher

    documents = []
    errors: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            errors.append(record.getMessage())

    handler = Collect(logging.ERROR)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        for html, files, base in parts:
            fetcher = files if isinstance(files, ProjectFetcher) else files.fetcher()
            try:
                documents.append(HTML(string=html, base_url=fetcher.url_for(base), url_fetcher=fetcher)
                                 .render(**OPTIONS))
            except FetchRefused as exc:
                raise RenderError(exc.code, source, 0, **exc.params) from None
    finally:
        logger.removeHandler(handler)
    if errors:  # a missing font or picture would silently change what the writer sees and signs
        raise RenderError("pdf.renderer-error", source, 0, pdf=target.name, detail=errors[0])
    pages = [page for document in documents for page in document.pages]
    data = documents[0].copy(pages).write_pdf(**OPTIONS)
    write_atomically(target, data)
    return len(pages)
