"""Proof sheets: every page of each print PDF as a thumbnail, laid out as the reader sees the spreads.

An editor checks a booklet faster on one picture than by paging through a PDF: a text that starts on the
wrong side, a photo that fell onto its own page, an empty page in the middle all show at a glance.
``<pub>-korrektur.png`` goes next to the PDFs in print/; page 1 stands alone on the right, as a cover
does, then 2|3, 4|5, ..., and the last page alone on the left.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont

THUMB_HEIGHT = 220
"""Pixels per page height; a 28-page A5 booklet becomes a PNG of about 1600x1100."""
SPREADS_PER_ROW = 4
GAP = 24
LABEL = 22
BACKGROUND = (226, 226, 226)
PRINT_SUFFIX = "-trykk.pdf"


def proof_all(config) -> list[Path]:
    """Write ``<pub>-korrektur.png`` for every print PDF in ``config.print_path``; return the PNGs."""
    written = []
    for source in sorted(Path(config.print_path).glob(f"*{PRINT_SUFFIX}")):
        target = source.with_name(source.name.removesuffix(PRINT_SUFFIX) + "-korrektur.png")
        proof_sheet(source, target)
        written.append(target)
    return written


def proof_sheet(source: Path, target: Path) -> Path:
    pages = _thumbnails(source)
    width, height = pages[0].size
    spreads = _spreads(len(pages))
    rows = -(-len(spreads) // SPREADS_PER_ROW)
    sheet = Image.new("RGB", (SPREADS_PER_ROW * (2 * width + GAP) + GAP, rows * (height + LABEL + GAP) + GAP),
                      BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=14)
    for n, (left, right) in enumerate(spreads):
        x = GAP + (n % SPREADS_PER_ROW) * (2 * width + GAP)
        y = GAP + (n // SPREADS_PER_ROW) * (height + LABEL + GAP)
        for slot, index in ((0, left), (1, right)):
            if index is None:
                continue
            px = x + slot * width
            sheet.paste(pages[index], (px, y))
            draw.rectangle((px, y, px + width - 1, y + height - 1), outline=(150, 150, 150))
            label = str(index + 1)
            text_w = draw.textlength(label, font=font)
            draw.text((px + (width - text_w) / 2, y + height + 4), label, fill=(40, 40, 40), font=font)
    target.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(target, optimize=True)
    return target


def _spreads(count: int) -> list[tuple[int | None, int | None]]:
    """0-based (left, right) pages as they lie open: (None, 0), (1, 2), ..., (last, None) for an even count."""
    spreads: list[tuple[int | None, int | None]] = [(None, 0)]
    for left in range(1, count, 2):
        spreads.append((left, left + 1 if left + 1 < count else None))
    return spreads


def _thumbnails(source: Path) -> list[Image.Image]:
    """Each page cut to its TrimBox (what the reader holds, without bleed and crop marks)."""
    document = pdfium.PdfDocument(str(source))
    try:
        thumbs = []
        for page in document:
            left, bottom, right, top = page.get_cropbox()
            t_left, t_bottom, t_right, t_top = page.get_trimbox()
            scale = THUMB_HEIGHT / (t_top - t_bottom)
            crop = (t_left - left, t_bottom - bottom, right - t_right, top - t_top)
            thumbs.append(page.render(scale=scale, crop=crop).to_pil().convert("RGB"))
            page.close()
        return thumbs
    finally:
        document.close()
