"""What WeasyPrint does not write into a PDF by itself (page labels, the language of tagged passages), and one
of its lookups made fast.

- Page labels (``/PageLabels``): a viewer shows the printed folio, so its «page 9» is the printed page 1 and the
  front matter reads i, ii, iii. Added by WeasyPrint's ``finisher`` hook, before the file is written, so the
  bytes stay reproducible and nothing is laid out twice.
- ``/Lang`` on structure elements: an English abstract in a Norwegian report must be read aloud as English.
  WeasyPrint tags elements by their HTML tag only; while a tagged PDF is written, ``while_writing`` adds the
  element's ``lang`` where it differs from its parent's.
- **Page references in linear time.** pydyf recomputes the tuple of every page reference each time WeasyPrint
  asks for one page's (once per structure element, link and bookmark), so tagging a PDF took time in pages ×
  elements: 2.6 s of a 321-page screen PDF, growing with the square of its length. While a PDF is written
  (``while_writing``), the tuple is kept until a page is added.
"""

from __future__ import annotations

from contextlib import contextmanager

import pydyf


def page_index(document, anchor: str | None) -> int | None:
    """0-based index of the page that holds ``anchor`` (an element id), or None."""
    if not anchor:
        return None
    return next((i for i, page in enumerate(document.pages) if anchor in page.anchors), None)


def page_labels(main_start: int | None, roman: bool):
    """A finisher: roman numerals (from i at the cover) before ``main_start``, arabic from 1 there on."""

    def finish(document, pdf):
        nums = [item for start, style in label_ranges(main_start, roman) for item in (start, pydyf.Dictionary(style))]
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": pydyf.Array(nums)})

    return finish


def label_ranges(main_start: int | None, roman: bool) -> list[tuple[int, dict]]:
    """The ``/PageLabels`` ranges, (first page index, label style with names as "/r"), shared by ``page_labels``
    (one laid-out file) and ``pdf_join`` (a file joined from parts) so both number pages alike."""
    if roman and main_start:
        return [(0, {"S": "/r"}), (main_start, {"S": "/D", "St": 1})]
    return [(0, {"S": "/D", "St": 1})]


@contextmanager
def while_writing():
    """While WeasyPrint writes a PDF: ``Lang`` on each structure element whose HTML element says ``lang``, and
    page references looked up in constant time."""
    with _language_tags(), _page_references_kept():
        yield


@contextmanager
def _page_references_kept():
    original = pydyf.PDF.page_references

    def page_references(pdf):
        kids = pdf.pages["Kids"]
        kept = pdf.__dict__.get("_hefte_page_references")
        if kept is None or kept[0] != len(kids):  # add_page appends to Kids: its length says what is new
            kept = (len(kids), original.fget(pdf))
            pdf.__dict__["_hefte_page_references"] = kept
        return kept[1]

    pydyf.PDF.page_references = property(page_references)
    try:
        yield
    finally:
        pydyf.PDF.page_references = original


@contextmanager
def _language_tags():
    from weasyprint.pdf import tags

    original = tags._build_box_tree

    def with_lang(box, parent, *args):
        for element in original(box, parent, *args):
            source = getattr(getattr(box, "_box", box), "element", None)
            lang = source.get("lang") if source is not None and hasattr(source, "get") else None
            if lang and "Lang" not in element and element.get("S") not in ("/NonStruct",):
                element["Lang"] = pydyf.String(lang)
            yield element

    tags._build_box_tree = with_lang
    try:
        yield
    finally:
        tags._build_box_tree = original
