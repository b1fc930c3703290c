"""Saddle-stitch imposition: turn a PDF of book pages into sheets for an office printer.

Print the result double-sided with "flip on short edge", keep the sheets in
order, fold the stack in the middle and staple along the fold: the pages then
read 1..n.

Licence choice: both pypdf (BSD-3-Clause) and pikepdf (MPL-2.0) are compatible
with hefte's MIT licence. pypdf is used because it places one page onto another
with ``Transformation`` / ``PageObject.merge_transformed_page`` (which also clips
to the source page's crop box), so no hand-written content streams are needed.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import ArrayObject, ByteStringObject, NameObject, RectangleObject, TextStringObject

from ..files import write_atomically

_PT_PER_MM = 72 / 25.4

# Landscape (width, height) in points; the sheet is folded across its width.
SHEETS: dict[str, tuple[float, float]] = {
    "A4": (297 * _PT_PER_MM, 210 * _PT_PER_MM),
    "A3": (420 * _PT_PER_MM, 297 * _PT_PER_MM),
    "LETTER": (11 * 72, 8.5 * 72),
}

# Rounding differences between producers are far below a point; anything more
# is a genuinely different page size that would end up misplaced on the sheet.
_SIZE_TOLERANCE_PT = 1.0

TITLE_SUFFIX = "utskrift som hefte"


def saddle_order(n_pages: int) -> list[tuple[int, int, int, int]]:
    """Per sheet (outermost first): (front_left, front_right, back_left, back_right), 0-based.

    With "flip on short edge" the page printed behind ``front_right`` is
    ``back_left``, so each sheet carries two consecutive pages from the start
    of the booklet and two from the end.
    """
    if isinstance(n_pages, bool) or not isinstance(n_pages, int):
        raise TypeError(f"n_pages must be an int, got {type(n_pages).__name__}")
    if n_pages <= 0 or n_pages % 4:
        raise ValueError(
            f"A saddle-stitched booklet needs a page count that is a positive multiple of 4 "
            f"(every sheet holds 4 pages); got {n_pages}. Add blank pages to reach "
            f"{max(4, -(-n_pages // 4) * 4)}."
        )
    last = n_pages - 1
    return [(last - 2 * i, 2 * i, 2 * i + 1, last - 1 - 2 * i) for i in range(n_pages // 4)]


def impose(src: Path, dst: Path, *, sheet: str = "A4") -> int:
    """Write ``dst`` with the pages of ``src`` two-up on landscape sheets; return the number of sheet sides.

    The page area is the TrimBox (so bleed is cut away), scaled to fit half the
    sheet and centred there. A page count that is not a multiple of 4 is padded
    with blank pages at the end, as a print shop would.
    """
    sheet_w, sheet_h = _sheet_size(sheet)
    reader = PdfReader(src)
    if reader.is_encrypted:
        raise ValueError(f"{src}: encrypted PDFs cannot be imposed")
    pages = list(reader.pages)
    if not pages:
        raise ValueError(f"{src}: the PDF has no pages")

    placed = [_prepare(page) for page in pages]
    _, page_w, page_h = placed[0]
    for number, (_, width, height) in enumerate(placed, start=1):
        if abs(width - page_w) > _SIZE_TOLERANCE_PT or abs(height - page_h) > _SIZE_TOLERANCE_PT:
            raise ValueError(
                f"{src}: page {number} is {width:.1f}x{height:.1f} pt, "
                f"page 1 is {page_w:.1f}x{page_h:.1f} pt; all pages must be the same size"
            )

    half_w = sheet_w / 2
    scale = min(half_w / page_w, sheet_h / page_h)
    margin_x = (half_w - page_w * scale) / 2
    margin_y = (sheet_h - page_h * scale) / 2

    writer = PdfWriter()
    # pypdf writes %PDF-1.3 by default, but the merged pages may use
    # transparency (1.4+); keep whatever version the source declared.
    writer.pdf_header = reader.pdf_header
    n_padded = -(-len(pages) // 4) * 4
    sides = 0
    for front_l, front_r, back_l, back_r in saddle_order(n_padded):
        for left, right in ((front_l, front_r), (back_l, back_r)):
            side = writer.add_blank_page(width=sheet_w, height=sheet_h)
            for slot, index in ((0, left), (1, right)):
                if index >= len(pages):
                    continue  # padding page: leave that half blank
                ctm = placed[index][0].scale(scale, scale).translate(slot * half_w + margin_x, margin_y)
                side.merge_transformed_page(pages[index], ctm)
            # merging decodes the streams; without this the output is several times larger
            side.compress_content_streams()
            sides += 1

    _set_metadata(writer, reader)
    write_atomically(dst, _deterministic_bytes(writer))
    return sides


def _sheet_size(sheet: str) -> tuple[float, float]:
    try:
        return SHEETS[sheet.upper()]
    except KeyError:
        raise ValueError(f"unknown sheet size {sheet!r}; choose one of {', '.join(SHEETS)}") from None


def _prepare(page) -> tuple[Transformation, float, float]:
    """Ready a source page for merging; return how to bring its visible trim area upright to the
    origin, and that area's width and height as displayed."""
    # merge_transformed_page clips to the crop box, so pointing it at the trim
    # box is what cuts the bleed off instead of letting it spill into the
    # neighbouring page.
    trim = RectangleObject(page.trimbox)
    page.cropbox = trim
    # Links are useless on paper, and their destinations would point at
    # pages that do not exist in the sheet PDF.
    if "/Annots" in page:
        del page[NameObject("/Annots")]
    # pypdf 7 refuses to edit a reader page's content (transfer_rotation_to_content
    # raises), so /Rotate, which turns the page clockwise, goes into the matrix.
    ctm = Transformation().translate(-float(trim.left), -float(trim.bottom)).rotate(-(page.rotation % 360))
    corners = [ctm.apply_on(pt) for pt in ((0, 0), (float(trim.width), float(trim.height)))]
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    ctm = ctm.translate(-min(xs), -min(ys))
    return ctm, max(xs) - min(xs), max(ys) - min(ys)


def _set_metadata(writer: PdfWriter, reader: PdfReader) -> None:
    # Replacing the info dictionary drops pypdf's default /Producer; nothing
    # from the source's info or XMP is copied except the title.
    source_title = (reader.metadata or {}).get("/Title")
    title = f"{source_title} – {TITLE_SUFFIX}" if source_title else TITLE_SUFFIX.capitalize()
    writer.metadata = {"/Title": title}
    lang = reader.root_object.get("/Lang")
    if lang:
        writer.root_object[NameObject("/Lang")] = TextStringObject(str(lang))


def _deterministic_bytes(writer: PdfWriter) -> bytes:
    # pypdf writes no /ID unless asked, and generate_file_identifiers() uses
    # random bytes. Viewers and PDF/A validators expect an /ID, so derive one
    # from the file written without it: same content, same ID, same bytes.
    # pypdf has no public setter for the ID, hence the private attribute.
    writer._ID = None
    first = io.BytesIO()
    writer.write(first)
    file_id = ByteStringObject(hashlib.sha256(first.getvalue()).digest()[:16])
    writer._ID = ArrayObject([file_id, file_id])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
