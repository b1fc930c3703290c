"""Tests for hefte.render.impose: the saddle-stitch page order and the imposed sheet PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from hefte.render.impose import impose, saddle_order

A4_LANDSCAPE = (842, 595)


# --- page order ------------------------------------------------------------


def one_based(n: int) -> list[tuple[int, ...]]:
    return [tuple(i + 1 for i in sheet) for sheet in saddle_order(n)]


def test_saddle_order_4():
    assert one_based(4) == [(4, 1, 2, 3)]


def test_saddle_order_8():
    # Worked out on a folded piece of paper: the outer sheet carries the
    # covers (8|1 outside, 2|7 inside), the inner one the centre spread 4|5.
    assert one_based(8) == [(8, 1, 2, 7), (6, 3, 4, 5)]


def test_saddle_order_12():
    assert one_based(12) == [(12, 1, 2, 11), (10, 3, 4, 9), (8, 5, 6, 7)]


def test_saddle_order_16():
    assert one_based(16) == [
        (16, 1, 2, 15),
        (14, 3, 4, 13),
        (12, 5, 6, 11),
        (10, 7, 8, 9),
    ]


def fold(sheets: list[tuple[int, int, int, int]]) -> list[int]:
    """Read a stapled booklet made from ``sheets`` (stacked outermost first) page by page.

    Flipping on the short edge turns the sheet about its vertical axis, so the
    back of the front's right half is the back's left half. After folding,
    the right halves (outer sheet first) form the first leaves and the left
    halves (inner sheet first) the last ones; each leaf is read recto, verso.
    """
    leaves = [(front_r, back_l) for front_l, front_r, back_l, back_r in sheets]
    leaves += [(back_r, front_l) for front_l, front_r, back_l, back_r in reversed(sheets)]
    return [page for leaf in leaves for page in leaf]


@given(st.integers(min_value=1, max_value=16).map(lambda k: 4 * k))
def test_saddle_order_folds_to_reading_order(n):
    sheets = saddle_order(n)
    assert len(sheets) == n // 4
    flat = [page for sheet in sheets for page in sheet]
    assert sorted(flat) == list(range(n))
    assert fold(sheets) == list(range(n))


@pytest.mark.parametrize("n", [0, -4, 1, 2, 3, 5, 6, 7, 10, 13, 18])
def test_saddle_order_rejects_non_multiples_of_4(n):
    with pytest.raises(ValueError, match="multiple of 4"):
        saddle_order(n)


def test_saddle_order_rejects_non_int():
    with pytest.raises(TypeError):
        saddle_order(8.0)


# --- the imposed PDF -------------------------------------------------------

_PAGE_CSS = "@page { size: A5; margin: 20mm } div { font-size: 120pt; page-break-after: always }"


def make_booklet(path: Path, n: int, *, extra_css: str = "", title: str = "Vårt hefte") -> Path:
    import weasyprint

    pages = "".join(f"<div>{i}</div>" for i in range(1, n + 1))
    html = (
        f'<html lang="nb"><head><title>{title}</title><style>{_PAGE_CSS} {extra_css}</style></head>'
        f"<body>{pages}</body></html>"
    )
    weasyprint.HTML(string=html).write_pdf(path)
    return path


@pytest.fixture(scope="module")
def booklets(tmp_path_factory):
    folder = tmp_path_factory.mktemp("booklets")
    return {n: make_booklet(folder / f"a5-{n}.pdf", n) for n in (6, 8, 12, 16)}


def halves_text(page) -> tuple[str, str]:
    """Text on the left and right half of a sheet side, as a PDF viewer places it (pdfium)."""
    import pypdfium2 as pdfium

    number = page.page_number
    with pdfium.PdfDocument(page.pdf.stream) as doc:
        sheet = doc[number]
        width, height = sheet.get_size()
        text = sheet.get_textpage()
        return (" ".join(text.get_text_bounded(0, 0, width / 2, height).split()),
                " ".join(text.get_text_bounded(width / 2, 0, width, height).split()))


@pytest.mark.parametrize("n", [8, 12, 16])
def test_impose_places_pages_in_saddle_order(booklets, tmp_path, n):
    out = tmp_path / "sheets.pdf"
    sides = impose(booklets[n], out)

    assert sides == n // 2
    reader = PdfReader(out)
    assert len(reader.pages) == n // 2
    expected = []
    for front_l, front_r, back_l, back_r in saddle_order(n):
        expected += [(str(front_l + 1), str(front_r + 1)), (str(back_l + 1), str(back_r + 1))]
    for page, want in zip(reader.pages, expected, strict=True):
        assert float(page.mediabox.width) == pytest.approx(A4_LANDSCAPE[0], abs=1)
        assert float(page.mediabox.height) == pytest.approx(A4_LANDSCAPE[1], abs=1)
        assert halves_text(page) == want


def test_impose_pads_to_multiple_of_4_with_blank_pages(booklets, tmp_path):
    out = tmp_path / "sheets.pdf"
    assert impose(booklets[6], out) == 4
    sides = [halves_text(p) for p in PdfReader(out).pages]
    # pages 7 and 8 are blank padding at the end of the booklet
    assert sides == [("", "1"), ("2", ""), ("6", "3"), ("4", "5")]


def test_impose_is_deterministic_and_has_fixed_id(booklets, tmp_path):
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    impose(booklets[8], first)
    impose(booklets[8], second)
    assert first.read_bytes() == second.read_bytes()
    ids = PdfReader(first).trailer["/ID"]
    assert len(ids) == 2 and ids[0] == ids[1]
    # pypdf reads the ID back as a text or byte string depending on its bytes
    raw = ids[0].original_bytes if hasattr(ids[0], "original_bytes") else bytes(ids[0])
    assert len(raw) == 16


def test_impose_metadata_is_minimal(booklets, tmp_path):
    out = tmp_path / "sheets.pdf"
    impose(booklets[8], out)
    reader = PdfReader(out)
    assert dict(reader.metadata) == {"/Title": "Vårt hefte – utskrift som hefte"}
    assert reader.root_object["/Lang"] == "nb"
    data = out.read_bytes()
    for leak in (b"/Producer", b"WeasyPrint", b"pypdf", b"/Metadata", b"/CreationDate"):
        assert leak not in data
    # transparency needs PDF >= 1.4; pypdf alone would write 1.3
    assert reader.pdf_header == PdfReader(booklets[8]).pdf_header


def test_impose_without_title(tmp_path):
    from pypdf import PdfWriter

    src = tmp_path / "blank.pdf"
    writer = PdfWriter()
    for _ in range(4):
        writer.add_blank_page(width=419.53, height=595.28)
    writer.metadata = None
    writer.write(src)
    impose(src, tmp_path / "out.pdf")
    assert PdfReader(tmp_path / "out.pdf").metadata == {"/Title": "Utskrift som hefte"}


def test_impose_uses_trimbox_and_cuts_bleed(tmp_path):
    import pypdfium2 as pdfium

    # Black bleed around a white A5 page: if the bleed were not clipped, each
    # page's 10 mm of black would be drawn over its neighbour near the fold.
    src = make_booklet(
        tmp_path / "bleed.pdf",
        4,
        extra_css="@page { bleed: 10mm; background: black; margin: 0 } html { background: white }",
    )
    src_page = PdfReader(src).pages[0]
    assert float(src_page.mediabox.width) > float(src_page.trimbox.width) + 50

    out = tmp_path / "sheets.pdf"
    impose(src, out)
    page = PdfReader(out).pages[0]
    assert float(page.mediabox.width) == pytest.approx(A4_LANDSCAPE[0], abs=1)
    assert halves_text(page) == ("4", "1")

    scale = 2  # pixels per point
    image = pdfium.PdfDocument(out)[0].render(scale=scale).to_pil().convert("L")
    seam = image.width // 2
    middle = image.height // 2
    near_fold = [image.getpixel((x, middle)) for x in range(seam - 20 * scale, seam - 2 * scale)]
    near_fold += [image.getpixel((x, middle)) for x in range(seam + 2 * scale, seam + 20 * scale)]
    assert min(near_fold) > 200
    # and nothing black at the outer edges either: the page fills the half exactly
    assert image.getpixel((4 * scale, middle)) > 200
    assert image.getpixel((image.width - 4 * scale, middle)) > 200


def test_impose_centres_smaller_pages(tmp_path):
    # A6 on A4: scaled up to fill the half-sheet's height and centred across it.
    src = make_booklet(tmp_path / "a6.pdf", 4, extra_css="@page { size: A6; margin: 5mm } div { font-size: 40pt }")
    out = tmp_path / "sheets.pdf"
    impose(src, out)
    page = PdfReader(out).pages[0]
    assert halves_text(page) == ("4", "1")


def ink_box(image) -> tuple[float, ...]:
    """Where the dark pixels are, as fractions of the image's width and height."""
    from PIL import ImageOps

    left, top, right, bottom = ImageOps.invert(image.convert("L")).point(lambda v: 255 if v > 128 else 0).getbbox()
    return (left / image.width, top / image.height, right / image.width, bottom / image.height)


def test_impose_honours_page_rotation(tmp_path):
    import pypdfium2 as pdfium
    from pypdf import PdfWriter

    # Landscape pages turned upright with /Rotate 90, as some tools produce them.
    landscape = make_booklet(tmp_path / "land.pdf", 4, extra_css="@page { size: A5 landscape; margin: 10mm }")
    writer = PdfWriter(clone_from=landscape)
    for page in writer.pages:
        page.rotate(90)
    writer.write(tmp_path / "rotated.pdf")

    out = tmp_path / "sheets.pdf"
    impose(tmp_path / "rotated.pdf", out)
    sheet = pdfium.PdfDocument(out)[0].render(scale=1).to_pil()
    source = pdfium.PdfDocument(tmp_path / "rotated.pdf")[0].render(scale=1).to_pil()
    assert source.width < source.height  # displayed portrait
    right_half = sheet.crop((sheet.width // 2, 0, sheet.width, sheet.height))
    # page 1 sits on the right half exactly as it is displayed on its own
    assert ink_box(right_half) == pytest.approx(ink_box(source), abs=0.02)


def test_impose_drops_links(tmp_path):
    import weasyprint

    src = tmp_path / "links.pdf"
    pages = "".join(
        f'<div id="p{i}">{i} <a href="#p{i % 4 + 1}">neste</a> <a href="https://example.org/{i}">ut</a></div>'
        for i in range(1, 5)
    )
    weasyprint.HTML(string=f"<style>{_PAGE_CSS}</style>{pages}").write_pdf(src)
    assert PdfReader(src).pages[0].get("/Annots")
    out = tmp_path / "sheets.pdf"
    impose(src, out)
    reader = PdfReader(out)
    assert all("/Annots" not in page for page in reader.pages)
    assert len(reader.pages) == 2


def test_impose_rejects_mixed_page_sizes(tmp_path):
    from pypdf import PdfWriter

    src = tmp_path / "mixed.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=419.53, height=595.28)
    writer.add_blank_page(width=595.28, height=841.89)
    writer.write(src)
    with pytest.raises(ValueError, match="same size"):
        impose(src, tmp_path / "out.pdf")


def test_impose_rejects_unknown_sheet(booklets, tmp_path):
    with pytest.raises(ValueError, match="sheet size"):
        impose(booklets[8], tmp_path / "out.pdf", sheet="B7")
    assert not (tmp_path / "out.pdf").exists()


def test_impose_a3_sheet(booklets, tmp_path):
    out = tmp_path / "a3.pdf"
    impose(booklets[8], out, sheet="a3")
    page = PdfReader(out).pages[0]
    assert float(page.mediabox.width) == pytest.approx(1191, abs=1)
    assert float(page.mediabox.height) == pytest.approx(842, abs=1)
    assert halves_text(page) == ("8", "1")
