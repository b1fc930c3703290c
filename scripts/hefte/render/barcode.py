"""The EAN-13 barcode of the print ISBN for the back cover, as vector SVG drawn by python-barcode.

Why python-barcode: pure Python, no external tools, and it writes SVG, so the bars are vectors in the PDF
(sharp at any print resolution, nothing to embed as an image). treepoem would need Ghostscript. The digits
under the bars are set in our own font by print.html, not by the SVG, so no fallback font gets in.
"""

from __future__ import annotations

import io
import re

from markupsafe import Markup

MODULE_MM = 0.33
"""Width of one bar module at 100 % (the EAN standard's nominal size)."""
BAR_HEIGHT_MM = 18.0


def ean13(value: str | None) -> str | None:
    """The 13 digits an ISBN is printed as in the barcode, or None if it is not a valid ISBN."""
    if not value:
        return None
    from stdnum import isbn  # here: python-stdnum takes 13 ms to import, and most booklets have no ISBN

    try:
        return isbn.compact(isbn.to_isbn13(isbn.validate(value)))
    except Exception:  # stdnum raises several ValidationError kinds; each means "not an ISBN"
        return None


def svg(value: str | None, title: str) -> Markup | None:
    """Inline ``<svg>`` of the EAN-13 bars for ``value`` (an ISBN), with a ``<title>`` for tagged PDFs."""
    digits = ean13(value)
    if digits is None:
        return None
    from barcode import EAN13
    from barcode.writer import SVGWriter

    out = io.BytesIO()
    EAN13(digits, writer=SVGWriter(), guardbar=True).write(out, options={
        "write_text": False, "module_width": MODULE_MM, "module_height": BAR_HEIGHT_MM, "quiet_zone": 3.6,
        "compress": False, "background": "white", "foreground": "black"})
    markup = out.getvalue().decode("utf-8")
    markup = markup[markup.index("<svg"):]  # no XML prolog or DOCTYPE inside HTML
    markup = re.sub(r"<!--.*?-->", "", markup, flags=re.S)
    # Inline in HTML, a style attribute is read as CSS, which has no fill: give SVG its own attribute instead.
    markup = re.sub(r'style="fill:\s*(\w+);?"', r'fill="\1"', markup)
    # The guard bars are 10 % longer than the others; python-barcode's height leaves them clipped.
    markup = re.sub(r'height="[\d.]+mm"', f'height="{BAR_HEIGHT_MM * 1.1 + 2:.3f}mm"', markup, count=1)
    escaped = Markup.escape(title)
    markup = markup.replace(">", f' class="strekkode" role="img"><title>{escaped}</title>', 1)
    return Markup(markup)


def grouped(digits: str) -> str:
    """``9788293871064`` -> ``9 788293 871064``: how the digits stand under an EAN-13."""
    return f"{digits[0]} {digits[1:7]} {digits[7:]}"
