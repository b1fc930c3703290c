"""PDF stage: one print HTML per publication (overrides/print/print.html + print.css) -> WeasyPrint -> PDFs.

Per publication with at least one text allowed in print, ``render_all`` writes

- ``<pub>.pdf``: the screen PDF, linked from the website, so only texts allowed on the web AND in print
  (pipeline.screen_texts); tagged PDF/UA-1, no bleed, internal links, images downscaled;
- ``<pub>-trykk.pdf``: for the print shop: every text allowed in print, 3 mm bleed, TrimBox/BleedBox,
  all fonts embedded, full-resolution images, page count padded to a multiple of 4 (blank pages before
  the back cover), a warning for any photo printed below 300 dpi;
- ``<pub>-a4-hefte.pdf``: booklets only, the print PDF imposed two-up on A4 for an office printer;
- ``<pub>.json``: the screen PDF's fingerprint; the website links the PDF only while it matches.

No print variant (PDF/X): WeasyPrint 70 offers pdf/x-1a, -3, -4 and -5g, but it writes an OutputIntent only
when the CSS declares a CMYK ICC profile (we have none under a licence we can ship), keeps sRGB content as
DeviceRGB, and puts a random uuid4 DocumentID and the wall-clock time into the XMP. The result would claim
PDF/X-4 without conforming to it, and would not be reproducible. The print PDF is plain PDF 1.7 instead.

Reproducible: the same input gives the same bytes. Dates come from SOURCE_DATE_EPOCH or the texts'
newest consent/review date; WeasyPrint's /ID is an md5 of the file; fonts are WOFF2 (print.css says why);
files are named by virtual URLs (fetcher.VIRTUAL) so not even the checkout folder changes the bytes.
"""

from __future__ import annotations

import atexit
import hashlib
import io
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from ..files import write_atomically
from . import font_cache, pdf_leaders, print_context
from .. import messages, pipeline
from ..errors import RenderError
from .project_files import ProjectFiles
from ..model import Kind
from ..guard.plan import PlannedText, PublicationPlan
from ..guard.policy import SCREEN_PDF, Medium

if TYPE_CHECKING:
    from .fetcher import FetchRefused, ProjectFetcher

LOG = logging.getLogger(__name__)
BLEED_MM = 3
BLEED = f"{BLEED_MM}mm"
MIN_PRINT_DPI = 300
SCREEN_DPI = 150
"""Screen PDF images are downsampled to this (enough for reading on a screen, small to download)."""
SCREEN_JPEG_QUALITY = 80
IMPOSE_SHEET = "A4"
PAD_CANDIDATES = 3
"""Blank pages laid out before the back cover of a print PDF; _padded keeps the 0-3 that make a multiple of 4."""
OUR_FONTS = ("Source-Serif-4", "Source-Sans-3")
"""PDF font names (after the subset tag) of the fonts print.css declares."""

MESSAGES: dict[str, tuple[str, str]] = {
    "pdf.low-dpi": (
        "Bildet {file} ({owner}) blir trykt med bare {dpi} dpi i {pdf}; trykkeriet trenger minst {min}. "
        "Bruk en fil med flere piksler, eller la bildet stå mindre.",
        "The image {file} ({owner}) prints at only {dpi} dpi in {pdf}; the print shop needs at least {min}. "
        "Use a file with more pixels, or print the image smaller.",
    ),
    "pdf.renderer": ("WeasyPrint varslet under {pdf}: {detail}", "WeasyPrint warned while making {pdf}: {detail}"),
    "pdf.url-in-text": (
        "Teksten «{title}» inneholder en adresse som PDF-en ville hentet ({detail}). Fjern den fra teksten.",
        "The text «{title}» contains an address the PDF would fetch ({detail}). Remove it from the text.",
    ),
    "pdf.page-count": (
        "Klarte ikke å gjøre sidetallet i {pdf} delelig med 4 (fikk {pages} sider). Meld fra om feilen.",
        "Could not make the page count of {pdf} a multiple of 4 (got {pages} pages). Please report this bug.",
    ),
    "pdf.renderer-error": (
        "WeasyPrint kunne ikke lage {pdf} som den skulle: {detail}. PDF-en er ikke laget.",
        "WeasyPrint could not make {pdf} as it should: {detail}. The PDF was not written.",
    ),
    "pdf.fallback-font": (
        "Skriftene våre mangler tegnene {chars} i {pdf}; de settes med {font} og ser annerledes ut. "
        "Legg til en skrift med disse tegnene i overrides/fonts/ (for eksempel latin-ext-utgaven).",
        "Our fonts lack the characters {chars} in {pdf}; they are set in {font} and look different. "
        "Add a font with these characters to overrides/fonts/ (for example the latin-ext subset).",
    ),
}

Progress = Callable[[str, float, int], None]
"""progress(label, done, total); ``done`` may be fractional while a PDF is laid out (an estimate by the clock)."""


class PdfResult(dict):
    """``{pub_id: {"screen"|"print"|"imposed": path}}`` plus ``warnings`` (messages for the editor)."""

    def __init__(self):
        super().__init__()
        self.warnings: list[str] = []


@dataclass(frozen=True)
class Variant:
    name: str
    """``print`` (everything allowed in print, with bleed) or ``screen`` (web AND print, linked online)."""

    @property
    def is_print(self) -> bool:
        return self.name == "print"

    @property
    def media(self) -> tuple[Medium, ...]:
        return (Medium.PRINT,) if self.is_print else SCREEN_PDF

    def texts(self, pp: PublicationPlan) -> list[PlannedText]:
        return pp.for_medium(*self.media)

    def photos(self, pt: PlannedText):
        return pt.photos_for(*self.media)


PRINT, SCREEN = Variant("print"), Variant("screen")


def _variant(choice) -> Variant:
    if choice in (Medium.PRINT, "print", PRINT):
        return PRINT
    if choice in (None, "screen", SCREEN):
        return SCREEN
    raise ValueError(f"medium_choice must be Medium.PRINT/'print' or None/'screen', got {choice!r}")


# --- public API ------------------------------------------------------------------------------------------


def render_all(state, out_dir: Path, *, progress: Progress | None = None, workers: int = 1,
               cache: Path | None = None, on_screens: Callable[[dict[str, Path]], None] | None = None,
               layout=None) -> PdfResult:
    """Write the screen, print and imposed PDFs and the sidecar for every publication with print texts.

    ``workers`` > 1: the PDFs are laid out side by side in that many processes (pdf_jobs.py); ``cache``: a
    pdf_cache folder to reuse and keep PDFs in; ``on_screens(paths)``: called in this process as soon as every
    screen PDF is written (the website links them), while the print PDFs may still be laid out. ``layout``: a
    pdf_jobs.Layout the build may have got ready already (Pango checked before the first PDF is laid out)."""
    from . import pdf_jobs

    layout = layout or pdf_jobs.Layout(workers)

    progress = progress or (lambda label, done, total: None)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    result = PdfResult()
    jobs: list[pdf_jobs.Job] = []
    for pp in (pp for pp in state.plan.publications if pp.for_medium(Medium.PRINT)):
        pub, screen = pp.publication, pipeline.screen_texts(pp)
        files = {"print": out_dir / f"{pub.id}-trykk.pdf"}
        if screen:
            files["screen"] = out_dir / f"{pub.id}.pdf"
            jobs.append(pdf_jobs.Job(pub.id, SCREEN.name, files["screen"], texts=len(screen)))
        if pub.kind is Kind.BOOKLET:
            files["imposed"] = out_dir / f"{pub.id}-a4-hefte.pdf"
        # impose() cuts every page to its TrimBox, so the bleed and crop marks fall away by themselves.
        jobs.append(pdf_jobs.Job(pub.id, PRINT.name, files["print"], files.get("imposed"),
                                 texts=len(PRINT.texts(pp))))
        result[pub.id] = files
        progress(f"pdf:{pub.id}", 0, len(files))
    # Screen PDFs first: the website waits for them, the print PDFs do not hold it up.
    jobs.sort(key=lambda job: job.variant != SCREEN.name)
    done = dict.fromkeys(result, 0)
    written: set[pdf_jobs.Job] = set()

    estimate = pdf_jobs.Estimate(None)

    def show(pub_id: str) -> None:
        # Between whole files the bar moves by the clock (pdf_jobs.Estimate), so a long layout is seen to go on.
        under_way = sum(job.files * estimate.fraction(job) for job in jobs
                        if job.pub_id == pub_id and job not in written)
        progress(f"pdf:{pub_id}", done[pub_id] + under_way, len(result[pub_id]))

    def finished(job: pdf_jobs.Job) -> None:
        written.add(job)
        for _file in range(job.files):
            done[job.pub_id] += 1
            show(job.pub_id)

    def running(now: pdf_jobs.Estimate) -> None:
        nonlocal estimate
        estimate = now
        for pub_id in result:
            show(pub_id)

    def screens_ready() -> None:
        if on_screens is not None:
            on_screens({pub_id: files["screen"] for pub_id, files in result.items() if "screen" in files})

    outcome = pdf_jobs.run(state, jobs, workers=workers, cache=cache, finished=finished, screens_ready=screens_ready,
                           running=running, layout=layout)
    result.warnings.extend(layout.warnings)
    for job in jobs:  # in a fixed order, whichever process finished first
        result.warnings.extend(outcome[job].warnings)
    pages = {(job.pub_id, job.variant): outcome[job].pages for job in jobs}
    for pp in state.plan.publications:
        pub = pp.publication
        if "screen" in result.get(pub.id, {}):
            screen = pipeline.screen_texts(pp)
            sidecar = {"fingerprint": pipeline.pdf_fingerprint(pp, None), "publication": pub.id, "title": pub.title,
                       "pages": pages[pub.id, SCREEN.name], "print_pages": pages[pub.id, PRINT.name],
                       "texts": [pt.text.id for pt in screen]}
            out_dir.joinpath(f"{pub.id}.json").write_text(json.dumps(sidecar, ensure_ascii=False, indent=2) + "\n",
                                                          encoding="utf-8")
    for warning in result.warnings:
        LOG.warning(warning)
    return result


def print_html(state, pp: PublicationPlan, medium_choice, *, pad: int = 0) -> str:
    """The print HTML of one publication: ``medium_choice`` Medium.PRINT/"print" or None/"screen"."""
    return _html(state, pp, _variant(medium_choice), pad=pad)[0]


def write_pdf(state, pp: PublicationPlan, medium_choice, target: Path, warnings: list[str] | None = None, *,
              cache: Path | None = None, hit: Callable[[bool], None] = lambda reused: None,
              reuse_only: bool = False, before_layout: Callable[[], None] = lambda: None) -> int | None:
    """Render one PDF of ``pp`` to ``target``; return its page count. Renderer warnings go to ``warnings``.
    ``cache``: a pdf_cache folder; a PDF made from exactly the same inputs is taken from there (``hit``
    is told whether it was). ``reuse_only``: return None instead of laying the PDF out; ``before_layout()``
    is called before it is (pdf_jobs.Layout)."""
    from . import pdf_cache

    variant = _variant(medium_choice)
    warnings = warnings if warnings is not None else []
    options = _options(variant)
    with tempfile.TemporaryDirectory(prefix="hefte-pdf-") as tmp:
        # Saddle stitching needs sheets of 4 pages. One layout: the print HTML carries PAD_CANDIDATES blank
        # pages before the back cover, and the surplus ones are dropped from the laid-out document. They come
        # after the last text, so no page number in the contents or the outline moves.
        pad = PAD_CANDIDATES if variant.is_print else 0
        page = _page(state, pp, variant, pad=pad, clean_dir=Path(tmp))
        html = page.render()
        entry = pdf_cache.key_of(html, options, f"{variant.name} {target.name}", page.inputs)
        cached = pdf_cache.get(cache, entry)
        hit(cached is not None)
        if cached is not None:
            data, pages, cached_warnings = cached
            warnings.extend(cached_warnings)
            write_atomically(target, data)
            return pages
        if reuse_only:
            return None
        before_layout()
        from . import pdf_parts

        laid = pdf_parts.lay_out(page, pp, variant, options, cache=cache, pdf_name=target.name)
        if laid is None:  # a template of its own without parts, or texts that must be laid out together
            laid = (*_whole(page, html, pp, variant, options, target.name), [])
        data, pages, own, parts = laid
    if variant.is_print and pages % 4:
        raise RenderError("pdf.page-count", target, 0, pdf=target.name, pages=pages)
    own = [*own, *_fallback_fonts(data, target.name)]
    warnings.extend(own)
    pdf_cache.put(cache, entry, data, pages, own, {"parts": parts} if parts else None)
    write_atomically(target, data)
    return pages


def write_imposed(source: Path, target: Path, *, cache: Path | None = None) -> None:
    """The print PDF ``source`` two-up on IMPOSE_SHEET sheets, written to ``target``. The sheets are made from its
    bytes alone: for bytes seen before they are taken from ``cache`` (pdf_cache.derived_key)."""
    from . import pdf_cache

    entry = pdf_cache.derived_key(source.read_bytes(), f"impose {IMPOSE_SHEET}")
    cached = pdf_cache.get(cache, entry)
    if cached is not None:
        write_atomically(target, cached[0])
        return
    from . import impose  # pikepdf: imported only when a PDF is made, not taken from the cache

    sides = impose.impose(source, target, sheet=IMPOSE_SHEET)
    pdf_cache.put(cache, entry, target.read_bytes(), sides, [])


def _whole(page: "Page", html: str, pp: PublicationPlan, variant: Variant, options: dict,
           pdf_name: str) -> tuple[bytes, int, list[str]]:
    """The PDF laid out in one go: its bytes, page count and the renderer's warnings."""
    from . import pdf_finish, pdf_tags

    with laid_out(page, html, pp, options, pdf_name) as (document, logged):
        pad = page.context["pad"]
        if pad:
            document = _padded(document, pad)
        low_dpi = _low_dpi(document, page.fetcher, pdf_name) if variant.is_print else []
        main = pdf_finish.page_index(document, print_context.main_matter_anchor(pp, variant))
        with pdf_finish.while_writing():
            data = document.write_pdf(finisher=pdf_finish.page_labels(main, pp.publication.roman_front_matter),
                                      **options)
    if not variant.is_print:  # tagged PDF/UA: running heads and folios as Artifacts, TH with /Scope
        data = pdf_tags.finish(data)
    return data, len(document.pages), [*low_dpi, *logged]


_FONT_CONFIGS: dict[str, object] = {}


def _fonts(css_url: str, digest: str):
    """One WeasyPrint font configuration per process and set of inputs. WeasyPrint unpacks each WOFF2 font of an
    @font-face rule once per configuration (in pure Python: 0.08 s a font, 0.5 s a layout for our seven), so the
    parts of a PDF share one; other inputs (an edited overrides/, which the fonts' addresses do not show) get a
    new one."""
    from weasyprint.text.fonts import FontConfiguration

    key = f"{css_url} {digest}"
    if key not in _FONT_CONFIGS:
        if not _FONT_CONFIGS:
            # Dropped while Python can still run WeasyPrint's clean-up, which removes the configuration's font
            # folder in /tmp; at the very end of the process it fails and the folder stays.
            atexit.register(_FONT_CONFIGS.clear)
        _FONT_CONFIGS.clear()
        _FONT_CONFIGS[key] = FontConfiguration()
    return _FONT_CONFIGS[key]


@contextmanager
def laid_out(page: "Page", html: str, pp: PublicationPlan, options: dict, pdf_name: str):
    """WeasyPrint's layout of ``html``, and what it warned about meanwhile (messages for the editor). What it
    logs as an error (a broken image or stylesheet, which it leaves out) stops the PDF: for us that is fatal."""
    from weasyprint import HTML

    from .fetcher import FetchRefused

    with _captured("weasyprint") as logged:
        try:
            with pdf_leaders.merged():  # the contents' dot leaders: one box a line, not a dot
                document = HTML(string=html, base_url=page.base_url, url_fetcher=page.fetcher).render(
                    font_config=_fonts(page.context["css_url"], page.inputs), **options)
        except FetchRefused as exc:  # fetcher.MESSAGES are in the catalogue: the error reads in nb and en
            raise RenderError(exc.code, _refusal_path(pp, exc), 0, **exc.params) from None
        said: list[str] = []
        yield document, said
        errors = [line for level, line in logged if level >= logging.ERROR]
        if errors:
            raise RenderError("pdf.renderer-error", pp.publication.source.path, 0, pdf=pdf_name, detail=errors[0])
        said.extend(messages.render("pdf.renderer", pdf=pdf_name, detail=line) for _, line in logged)


# --- the HTML --------------------------------------------------------------------------------------------


def proof_html(state, pp: PublicationPlan, texts: list[PlannedText], *, template: str, extra: dict,
               clean_dir: Path) -> tuple[str, ProjectFetcher]:
    """The print HTML of ``texts`` only, through ``template`` (one that extends print.html, so the texts are laid
    out exactly as in the print PDF), with ``extra`` in its context. For private proofs (desk/proof.py): the
    caller chose the texts and answers for them; nothing here is published."""
    return _html(state, pp, PRINT, clean_dir=clean_dir, texts=texts, template=template, extra=extra)


def _html(state, pp: PublicationPlan, variant: Variant, *, pad: int = 0, clean_dir: Path | None = None,
          texts: list[PlannedText] | None = None, template: str = "print.html",
          extra: dict | None = None) -> tuple[str, ProjectFetcher]:
    page = _page(state, pp, variant, pad=pad, clean_dir=clean_dir, texts=texts, template=template, extra=extra)
    return page.render(), page.fetcher


@dataclass
class Page:
    """The print template with everything it shows of one publication in one PDF: rendered whole, or once per
    part (pdf_parts.py) without gathering the texts again."""
    template: jinja2.Template
    context: dict
    files: ProjectFiles
    base_url: str
    overrides: Path

    @cached_property
    def fetcher(self) -> "ProjectFetcher":
        """What serves ``files`` to WeasyPrint, made when a layout first asks: it imports WeasyPrint, which a PDF
        taken from the cache never needs."""
        return self.files.fetcher()

    def render(self, part: dict | None = None) -> str:
        return self.template.render(**self.context, part=part)

    @cached_property
    def inputs(self) -> str:
        """A digest of every file the renderer may fetch and of the tools (pdf_cache.inputs), read once per PDF:
        the cache keys of the PDF and of its parts, and its font configuration, are made from it."""
        from . import pdf_cache

        return pdf_cache.inputs(list(self.files.owners), self.overrides)


def _page(state, pp: PublicationPlan, variant: Variant, *, pad: int = 0, clean_dir: Path | None = None,
          texts: list[PlannedText] | None = None, template: str = "print.html", extra: dict | None = None) -> Page:
    config, pub = state.config, pp.publication
    texts = variant.texts(pp) if texts is None else texts
    templates = config.overrides_path / "print"
    owners = {pub.source.path.parent / pub.cover.image: "omslagsbildet, publication.yml"} if pub.cover.image else {}
    for pt in texts:
        for photo in variant.photos(pt):
            owners[pub.folder / photo.file] = f"«{pt.text.title}» ({pt.text.source.path.name})"
    files = ProjectFiles({"publikasjon": pub.folder, "maler": config.overrides_path},
                         clean_dir or Path(tempfile.gettempdir()), owners=owners,
                         max_image_width=None if variant.is_print else 2400,
                         planned={"publikasjon": owners},  # the cover and this variant's photos, nothing else
                         font_cache=font_cache.folder(config.root))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             bytecode_cache=_compiled_templates(config.root))
    context = {
        "pub": pub,
        "kind": pub.kind.value,
        "variant": variant.name,
        "roman": pub.roman_front_matter,
        "bleed": BLEED if variant.is_print else None,
        "bleed_mm": BLEED_MM,
        "marks": "crop" if variant.is_print and config.crop_marks else None,
        "css_url": files.url_for(templates / "print.css"),
        "timestamp": _timestamp(pub, texts, config.today),
        "cover": ({"url": files.url_for(pub.folder / pub.cover.image), "alt": pub.cover.alt or ""}
                  if pub.cover.image else None),
        "pad": pad,
        **print_context.context(state, pp, variant, files, templates, texts),
        **(extra or {}),
    }
    return Page(env.get_template(template), context, files, files.url_for(templates), config.overrides_path)


def _compiled_templates(root: Path) -> jinja2.FileSystemBytecodeCache:
    """Where the print templates' compiled code is kept (.hefte/cache/maler/): compiling print.html takes 0.04 s,
    twice a build. Jinja keeps a template's code under its name with a checksum of its source, and compiles it
    again when the source differs; what else the code depends on (the options above, Jinja's compiler) names the
    folder, with hefte's source, so a new hefte or Jinja starts an empty one and the older ones go."""
    from . import pdf_cache

    tag = hashlib.sha256(f"{pdf_cache.hefte_digest()} {jinja2.__version__}".encode()).hexdigest()[:16]
    folder = Path(root) / ".hefte" / "cache" / "maler" / tag
    if not folder.is_dir():
        if folder.parent.is_dir():
            for older in folder.parent.iterdir():
                shutil.rmtree(older, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


def _timestamp(pub, texts: list[PlannedText], today: date) -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        moment = datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    else:
        # Not the build time: the same texts must give the same bytes, today and next year.
        days = [d for pt in texts for d in (pt.text.consent.given, pt.text.review.date) if d]
        day = max(days) if days else date(pub.year, 1, 1) if pub.year else today
        moment = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


# --- rendering details -----------------------------------------------------------------------------------


def _options(variant: Variant) -> dict:
    if variant.is_print:
        # Full resolution, every glyph subset embedded; pdf_identifier=True makes pydyf write an md5 /ID.
        return {"pdf_identifier": True, "pdf_version": "1.7"}
    return {"pdf_variant": "pdf/ua-1", "pdf_identifier": True, "optimize_images": True,
            "jpeg_quality": SCREEN_JPEG_QUALITY, "dpi": SCREEN_DPI}


def _padded(document, candidates: int, before: int = 0):
    """``document`` with as many of its ``candidates`` blank pages (named page «tom», just before the back cover)
    as make the page count (with ``before`` pages of other parts ahead of it) a multiple of 4. The back cover
    (named page «omslag») looks the same on a left or a right page, so moving it forward changes nothing on it."""
    pages = document.pages
    blanks = [i for i, page in enumerate(pages) if page._page_box.page_type.name == "tom"]
    if len(blanks) != candidates or blanks != list(range(blanks[0], blanks[0] + candidates)):
        return document  # a template of its own without the padding pages: the page count check says so
    keep = -(before + len(pages) - candidates) % 4
    return document.copy(pages[:blanks[0] + keep] + pages[blanks[-1] + 1:])


def _low_dpi(document, fetcher: ProjectFiles, pdf_name: str) -> list[str]:
    """Photos whose pixels, at the size they are printed, give fewer than MIN_PRINT_DPI."""
    from weasyprint.formatting_structure.boxes import ReplacedBox

    from . import images

    found: dict[str, float] = {}
    for page in document.pages:
        for box in _descendants(page._page_box):
            image = getattr(box, "replacement", None)
            if not isinstance(box, ReplacedBox) or box.element is None or not hasattr(image, "width"):
                continue
            width_mm, height_mm = box.width * 25.4 / 96, box.height * 25.4 / 96  # CSS px are 1/96 inch
            if width_mm <= 0 or height_mm <= 0:
                continue
            dpi = images.effective_dpi(image.width, image.height, width_mm, height_mm)
            src = box.element.get("src", "")
            found[src] = min(dpi, found.get(src, dpi))
    out = []
    for src, dpi in found.items():
        if dpi < MIN_PRINT_DPI:
            path = fetcher.path_for(src)
            out.append(messages.render("pdf.low-dpi", file=path.name if path else src, owner=fetcher.owner(path),
                                      dpi=round(dpi), min=MIN_PRINT_DPI, pdf=pdf_name))
    return out


def _fallback_fonts(data: bytes, pdf_name: str) -> list[str]:
    """Characters our fonts lack (Sámi letters, emoji …) are set in a system font: say which, and where."""
    import pikepdf

    found: dict[str, set[str]] = {}
    with pikepdf.open(io.BytesIO(data)) as doc:
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" and "/ToUnicode" in obj:
                name = str(obj.BaseFont).partition("+")[2] or str(obj.BaseFont)
                if not name.startswith(OUR_FONTS):
                    cmap = obj.ToUnicode.read_bytes().decode("latin-1")
                    chars = {chr(int(code, 16)) for code in re.findall(r"<[0-9a-fA-F]+> <([0-9a-fA-F]{4})>", cmap)}
                    found.setdefault(name, set()).update(chars)
    return [messages.render("pdf.fallback-font", pdf=pdf_name, font=name, chars=" ".join(sorted(chars)))
            for name, chars in found.items()]


def _descendants(box):
    box = getattr(box, "_box", box)  # absolutely positioned boxes (the cover) sit inside an AbsolutePlaceholder
    yield box
    for child in getattr(box, "children", ()) or ():
        yield from _descendants(child)


_SAID_ONCE = ("Using fontTools instead of HarfBuzz-Subset",)
"""WeasyPrint warnings that hefte says once per build itself (environment.require_pango: «HarfBuzz-subset
mangler …»), instead of once per font per PDF (18 lines for the sample)."""


@contextmanager
def _captured(logger_name: str):
    """Collect what WeasyPrint logs at WARNING and above while rendering; a warning must not go unseen."""
    lines: list[tuple[int, str]] = []

    class Collect(logging.Handler):
        def emit(self, record):
            if record.getMessage().startswith(_SAID_ONCE):
                return
            lines.append((record.levelno, record.getMessage()))

    handler = Collect(logging.WARNING)
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    try:
        yield lines
    finally:
        logger.removeHandler(handler)


def _refusal_path(pp: PublicationPlan, exc: FetchRefused) -> Path:
    for pt in pp.texts:
        if pt.text.source.path.name in exc.owner:
            return pt.text.source.path
    return pp.publication.source.path
