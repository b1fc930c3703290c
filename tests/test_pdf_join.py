"""pdf_join.join on small real WeasyPrint PDFs: the joined file is read back as a viewer and a screen reader
would read it (pages and their boxes, links, bookmarks, page labels, the structure tree and its marked content)."""

from __future__ import annotations

import ctypes
import io
import re
import time

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from pypdf import PdfReader
from weasyprint import HTML

from hefte.render import pdf_finish, pdf_join
from test_pdf_ua import marked_texts, structure

STYLE = "@page { size: A6; margin: 15mm } body { font-family: serif }"


def part(body: str, *, tagged: bool = True, style: str = STYLE, title: str = "Del") -> bytes:
    html = HTML(string=f'<html lang="nb"><head><title>{title}</title><style>{style}</style></head>'
                       f'<body>{body}</body></html>')
    return html.write_pdf(pdf_variant="pdf/ua-1") if tagged else html.write_pdf()


def contents(tagged=True, **kw) -> bytes:
    """A contents page linking to «to» in the next part, with a stand-in anchor of that name."""
    return part('<h1 id="innhold">Innhold</h1><p>Alfa <a href="#to">Tekst to</a></p>'
                '<p id="to">stand-in</p>', tagged=tagged, **kw)


def texts(tagged=True, **kw) -> bytes:
    """Three pages: «en» (with a sub-heading) on the first, «to» on the second, a link back on the third."""
    return part('<h1 id="en">Tekst en</h1><p>Bravo</p><h2 id="under">Under en</h2><p>Charlie</p>'
                '<h1 id="to" style="break-before: page">Tekst to</h1><p>Delta</p>'
                '<p style="break-before: page">Echo <a href="#en">tilbake</a></p>', tagged=tagged, **kw)


def opened(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def dests(pdf: pikepdf.Pdf) -> dict[str, int]:
    """Each named destination's page index."""
    names = pdf.Root.Names.Dests.Names
    return {str(names[i]): pdf.pages.index(pikepdf.Page(names[i + 1][0])) for i in range(0, len(names), 2)}


def links(pdf: pikepdf.Pdf) -> list[tuple[int, str]]:
    return [(i, str(a.Dest)) for i, page in enumerate(pdf.pages) for a in page.obj.get("/Annots", ())
            if a.get("/Subtype") == "/Link" and "/Dest" in a]


@pytest.mark.parametrize("tagged", [True, False], ids=["tagged", "untagged"])
def test_pages_in_order_with_their_boxes_text_and_links(tagged):
    bleed = STYLE + " @page { bleed: 3mm; marks: crop }"
    parts = [contents(tagged, style=bleed), texts(tagged, style=bleed)]
    joined = opened(pdf_join.join(parts, owners={"to": 1}))
    sources = [opened(data) for data in parts]
    pages = [page for source in sources for page in source.pages]
    assert len(joined.pages) == len(pages) == 4
    for mine, theirs in zip(joined.pages, pages):
        for box in ("/MediaBox", "/BleedBox", "/TrimBox"):
            assert list(mine.obj.get(box, [])) == list(theirs.obj.get(box, [])), box
    assert "/TrimBox" in joined.pages[0].obj
    words = [page.extract_text() for page in PdfReader(io.BytesIO(pdf_join.join(parts))).pages]
    assert ["Alfa" in words[0], "Bravo" in words[1], "Delta" in words[2], "Echo" in words[3]] == [True] * 4
    assert links(joined) == [(0, "to"), (3, "en")]
    assert ("/StructTreeRoot" in joined.Root) == tagged


def test_a_link_to_another_part_goes_to_the_owner_anchor():
    parts = [contents(), texts()]
    joined = opened(pdf_join.join(parts, owners={"to": 1}))
    assert dests(joined) == {"innhold": 0, "en": 1, "under": 1, "to": 2}
    names = [str(n) for n in joined.Root.Names.Dests.Names[::2]]
    assert names == sorted(names)  # each name once, in the order a name tree needs
    # The destination's page is the joined file's page object, not a copy of it outside the page tree.
    pages = {page.obj.objgen for page in joined.pages}
    assert all(dest[0].objgen in pages for dest in joined.Root.Names.Dests.Names[1::2])
    # Without owners the first part that defines a name has it: the stand-in on the contents page.
    assert dests(opened(pdf_join.join(parts)))["to"] == 0
    with pytest.raises(ValueError, match="innhold"):
        pdf_join.join(parts, owners={"innhold": 1})


def test_bookmarks_of_all_parts_in_order_with_their_pages():
    data = pdf_join.join([contents(), texts(), contents(title="Bak")], owners={"to": 1})
    joined = opened(data)
    root = joined.Root.Outlines
    items = [root.First]
    while "/Next" in items[-1]:
        items.append(items[-1].Next)
    assert len(items) == 4 and items[-1].objgen == root.Last.objgen and "/Prev" not in items[0]
    assert all(item.Parent.objgen == root.objgen for item in items)
    assert all(after.Prev.objgen == before.objgen for before, after in zip(items, items[1:]))
    assert int(root.Count) == 5  # four top-level items and the open child
    # Read as a viewer reads them (on a file of its own: pikepdf writes the outline back when done).
    joined = opened(data)
    with joined.open_outline() as outline:
        def read(items):
            return [(item.title, joined.pages.index(pikepdf.Page(item.destination[0])), read(item.children))
                    for item in items]
        assert read(outline.root) == [("Innhold", 0, []), ("Tekst en", 1, [("Under en", 1, [])]),
                                      ("Tekst to", 2, []), ("Innhold", 4, [])]


def mcids(pdf: pikepdf.Pdf, page) -> set[int]:
    return {int(m) for m in re.findall(rb"/MCID\s+(\d+)\s*>>\s*BDC", page.obj.Contents.read_bytes())}


def reading_order(path) -> list[str]:
    """The text of the marked content in the order of the structure tree, as a screen reader reads it."""
    document = pdfium.PdfDocument(path)
    text: dict[tuple[int, int], str] = {}
    for index, page in enumerate(document):
        textpage = page.get_textpage()
        for obj in page.get_objects(max_depth=5):
            mcid = pdfium_raw.FPDFPageObj_GetMarkedContentID(obj.raw)
            if obj.type == pdfium_raw.FPDF_PAGEOBJ_TEXT and mcid >= 0:
                length = pdfium_raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
                buffer = (ctypes.c_ushort * (length // 2 + 1))()
                pdfium_raw.FPDFTextObj_GetText(obj.raw, textpage.raw, buffer, length)
                text[index, mcid] = bytes(buffer).decode("utf-16-le").rstrip("\x00").strip()
    found = []
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}

        def walk(node, page):
            if isinstance(node, pikepdf.Array):
                for kid in node:
                    walk(kid, page)
            elif isinstance(node, pikepdf.Dictionary) and node.get("/Type") != "/OBJR":
                page = node.get("/Pg", page)
                walk(node.get("/K"), page)
            elif isinstance(node, int):
                found.append(text.get((pages[page.objgen], int(node)), ""))

        walk(pdf.Root.StructTreeRoot.K, None)
    return [t for t in found if t]


def test_tagged_parts_make_one_structure_tree(tmp_path):
    parts = [contents(), texts()]
    path = tmp_path / "samlet.pdf"
    path.write_bytes(pdf_join.join(parts, owners={"to": 1}))
    reachable, orphans, _ = structure(path)
    assert not orphans  # (a) every element the ParentTree names is in the tree
    with pikepdf.open(path) as joined:
        tree = joined.Root.StructTreeRoot
        assert len(tree.K) == 1 and tree.K[0].S == "/Document" and tree.K[0].P.objgen == tree.objgen
        assert all(kid.P.objgen == tree.K[0].objgen for kid in tree.K[0].K)
        sources = [opened(data) for data in parts]
        assert len(tree.K[0].K) == sum(len(s.Root.StructTreeRoot.K[0].K) for s in sources)
        nums = tree.ParentTree.Nums
        by_key = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        assert int(tree.ParentTreeNextKey) == max(by_key) + 1
        for page in joined.pages:  # (b) each MCID of a page is an element of that page
            used = mcids(joined, page)
            assert used
            elements = by_key[int(page.obj.StructParents)]
            for mcid in used:
                element = elements[mcid]
                assert element.objgen in reachable
                while "/Pg" not in element:
                    element = element.P
                assert element.Pg.objgen == page.obj.objgen
        for page in joined.pages:  # and each link is the element that holds it
            for annotation in page.obj.get("/Annots", ()):
                link = by_key[int(annotation.StructParent)]
                assert link.S == "/Link" and any(k.get("/Obj") == annotation for k in link.K
                                                 if isinstance(k, pikepdf.Dictionary))
        # The first part's catalog: its language, tagged, its XMP (claiming PDF/UA), its title shown.
        assert str(joined.Root.Lang) == "nb" and joined.Root.MarkInfo.Marked
        assert b"pdfuaid" in joined.Root.Metadata.read_bytes()
        assert joined.Root.ViewerPreferences.DisplayDocTitle and str(joined.trailer.Info.Title) == "Del"
    # (c) read in order, part by part; nothing but running heads and folios would be outside the tree.
    assert reading_order(path) == ["Innhold", "Alfa", "Tekst to", "stand-in", "Tekst en", "Bravo", "Under en",
                                   "Charlie", "Tekst to", "Delta", "Echo", "tilbake"]
    assert all(tags for _, tags, _ in marked_texts(path))


def test_tagged_and_untagged_parts_are_not_joined():
    with pytest.raises(ValueError, match="not tagged"):
        pdf_join.join([contents(), texts(tagged=False)])


@pytest.mark.parametrize("labels, expected", [((2, True), ["i", "ii", "1", "2", "3"]),
                                              ((2, False), ["1", "2", "3", "4", "5"]),
                                              ((None, True), ["1", "2", "3", "4", "5"])])
def test_page_labels_as_a_single_file_has_them(labels, expected):
    joined = pdf_join.join([contents(), contents(), texts()], labels=labels)
    assert PdfReader(io.BytesIO(joined)).page_labels == expected
    single = HTML(string="".join(f'<p style="break-before: page">{i}</p>' for i in range(5))).write_pdf(
        finisher=pdf_finish.page_labels(*labels))
    assert PdfReader(io.BytesIO(single)).page_labels == expected


def font_programs(pdf: pikepdf.Pdf) -> list[pikepdf.Stream]:
    return [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream)
            and any(d.get(k) == obj for d in pdf.objects if isinstance(d, pikepdf.Dictionary)
                    and d.get("/Type") == "/FontDescriptor" for k in pdf_join.FONT_FILES)]


def test_a_font_program_embedded_by_several_parts_is_kept_once(tmp_path):
    same = texts(tagged=False)
    alone = opened(same)
    joined = opened(pdf_join.join([same, same, same]))
    assert len(font_programs(alone)) >= 1
    assert len(font_programs(joined)) == len(font_programs(alone))
    # Fonts that differ (other glyphs in the subset) stay apart, and every page still shows its words.
    data = pdf_join.join([contents(tagged=False), same])
    other = opened(data)
    assert len(font_programs(other)) > len(font_programs(alone))
    words = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    assert "Alfa" in words[0] and "Bravo" in words[1] and "Tekst to" in words[2]


def test_whole_fonts_of_parts_with_other_words_are_kept_once_and_pages_look_the_same():
    """Parts laid out with their fonts whole (``full_fonts``) embed the same font programs under font
    dictionaries of their own: one copy of each is kept, and every page still looks as it did in its part."""
    html = [HTML(string=f'<html lang="nb"><style>{STYLE}</style><p>{words}</p></html>')
            for words in ("Alfa og <b>bravo</b> <i>x</i>", "Charlie, <i>delta</i> og <b>echo</b>")]
    parts = [h.write_pdf(full_fonts=True) for h in html]
    joined = pdf_join.join(parts)
    assert len(font_programs(opened(joined))) == len(font_programs(opened(parts[0]))) >= 2
    assert len(joined) < sum(map(len, parts)) * 0.6

    def look(data, index):
        return pdfium.PdfDocument(data)[index].render(scale=1).to_pil().tobytes()

    assert look(joined, 0) == look(parts[0], 0) and look(joined, 1) == look(parts[1], 0)


def test_the_same_parts_give_the_same_bytes():
    parts = [contents(), texts()]
    first = pdf_join.join(parts, owners={"to": 1}, labels=(1, True))
    time.sleep(1.1)  # a file ID made of the time of saving would differ now
    assert first == pdf_join.join(parts, owners={"to": 1}, labels=(1, True))
    assert b"CreationDate" not in first and b"ModDate" not in first


def test_header_cells_of_tables_in_several_parts_keep_their_own_ids():
    """WeasyPrint names a TH by its place in the layout, so two parts' tables have TH of the same /ID; after
    pdf_tags.finish (run on each part) every ID is the file's own and each data cell names its own table's
    headers."""
    from hefte.render import pdf_tags

    table = "<table><tr><th>Kurs</th><th>Deltakere</th></tr><tr><td>Høst</td><td>11</td></tr></table>"
    parts = [pdf_tags.finish(part(f"<p>{word}</p>{table}")) for word in ("Alfa", "Bravo")]
    joined = opened(pdf_join.join(parts))
    elements = list(pdf_tags._reachable(joined.Root.StructTreeRoot).values())
    ids = [str(e.ID) for e in elements if "/ID" in e]
    assert len(ids) == 4 and len(set(ids)) == 4

    def table_of(element):
        while element.S != "/Table":
            element = element.P
        return element.objgen

    by_id = {str(e.ID): e for e in elements if "/ID" in e}
    cells = [e for e in elements if e.get("/S") == "/TD"]
    assert len(cells) == 4
    for cell in cells:
        headers = [by_id[str(h)] for h in cell.A.Headers]
        assert headers and all(table_of(h) == table_of(cell) for h in headers)
