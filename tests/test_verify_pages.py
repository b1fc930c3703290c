"""verify's shortcuts through PDFs: page texts kept from the last build (guard/page_texts.py) and the objects it
does not walk in Python (readback._may_hold_strings). Each test plants what the shortcut could miss if its
safety condition were gone, and asserts that verify still finds it.
"""

from __future__ import annotations

import io
import os

import pikepdf
import pypdfium2

from hefte.guard import page_texts, readback, verify
from hefte.pipeline import prepare
from test_verify import ANON, MORGEN, errors, pdf, project, write  # noqa: F401 (project: a fixture)

CLEAN = ("Bussen kom for sent igjen i dag, og sjåføren sa ingenting.", MORGEN,
         "Brevet lå i postkassa da jeg kom hjem fra jobben i går.")


def pages_pdf(texts) -> bytes:
    return pdf("".join(f"<p style='break-after: page'>{t}</p>" for t in texts))


def read_text(data: bytes, texts=None) -> str:
    doc = readback.Doc()
    readback.read("x.pdf", data, doc, texts)
    return doc.raw


def pdfium_pages(monkeypatch) -> list:
    """Each page pdfium extracts text from, as it does."""
    read = []
    original = pypdfium2.PdfPage.get_textpage

    def noted(page):
        read.append(page)
        return original(page)

    monkeypatch.setattr(pypdfium2.PdfPage, "get_textpage", noted)
    return read


def test_a_name_planted_on_the_one_changed_page_is_found(project, monkeypatch):
    cache = project / ".hefte" / "cache" / "verify-clean.json"
    target = project.parent / "print" / "testhefte-trykk.pdf"
    write(target, pages_pdf(CLEAN))
    assert not verify.verify(prepare(project), project.parent / "site", target.parent, cache=cache).has_errors()
    # A build that changed nothing reads no PDF (its clean cache knows them): their page texts are kept all the
    # same, however long ago they were made.
    assert not verify.verify(prepare(project), project.parent / "site", target.parent, cache=cache).has_errors()
    kept = list((cache.parent / page_texts.FOLDER).iterdir())
    assert len(kept) == 1
    os.utime(kept[0], (0, 0))
    assert not verify.verify(prepare(project), project.parent / "site", target.parent, cache=cache).has_errors()
    read = pdfium_pages(monkeypatch)
    # The same document again, bytes changed elsewhere (its title): no page is extracted again.
    with pikepdf.open(io.BytesIO(target.read_bytes())) as doc:
        doc.docinfo["/Title"] = "Ny tittel"
        doc.save(target)
    assert not verify.verify(prepare(project), project.parent / "site", target.parent, cache=cache).has_errors()
    assert read == []
    # The writer's real name on page 2 alone.
    write(target, pages_pdf((CLEAN[0], f"{CLEAN[1]} Hilsen {ANON}.", CLEAN[2])))
    found = verify.verify(prepare(project), project.parent / "site", target.parent, cache=cache)
    assert [(f.code, f.params["place"]) for f in errors(found)] == [("verify.name", "page 2")]


def _remap(data: bytes, old: bytes, new: bytes) -> bytes:
    """The same pages, but the font's ToUnicode map gives ``new`` where it gave ``old``: only the map changes."""
    with pikepdf.open(io.BytesIO(data)) as doc:
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Stream) and b"begincmap" in obj.read_bytes():
                obj.write(obj.read_bytes().replace(b"> <" + old + b">", b"> <" + new + b">"))
        out = io.BytesIO()
        doc.save(out)
    return out.getvalue()


def test_a_page_whose_font_maps_its_glyphs_otherwise_is_extracted_again(tmp_path):
    # Fonts are subset per part: the same content stream can stand for other letters under another ToUnicode map.
    texts = page_texts.PageTexts(tmp_path / "pages")
    data = pages_pdf(["Kari bor i byen."])
    assert "Kari" in read_text(data, texts)
    remapped = _remap(data, b"0061", b"006f")  # every "a" now reads "o"
    assert "Kori" in read_text(remapped) and read_text(remapped, texts) == read_text(remapped)


def test_a_damaged_page_text_is_extracted_again(tmp_path):
    folder = tmp_path / "pages"
    data = pages_pdf(CLEAN)
    first = read_text(data, page_texts.PageTexts(folder))
    for kept in folder.iterdir():
        kept.write_bytes(kept.read_bytes().replace(b"Bussen", b"Trikken").replace(b"Brevet", b"Kortet"))
    assert read_text(data, page_texts.PageTexts(folder)) == first


def test_no_page_keys_where_pdfium_and_qpdf_could_see_different_pages():
    data = pages_pdf(CLEAN)
    with pikepdf.open(io.BytesIO(data)) as doc:
        assert len(page_texts.page_keys(doc, data, b"")) == 3
        assert page_texts.page_keys(doc, data + b"\nstartxref\n0\n%%EOF\n", b"") is None  # an incremental update
        doc.Root.OCProperties = pikepdf.Dictionary(OCGs=pikepdf.Array())  # layers a viewer may hide or show
        assert page_texts.page_keys(doc, data, b"") is None


def test_a_name_in_a_hex_string_deep_in_an_annotation_is_found(project):
    # Most objects are not walked in Python (no string in their unparsed form): a string written as hex is one.
    with pikepdf.open(io.BytesIO(pdf("<p>Hei</p>"))) as doc:
        note = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[0, 0, 10, 10],
                                  Extra=pikepdf.Array([pikepdf.Dictionary(
                                      Note=pikepdf.String(("\ufeff" + ANON).encode("utf-16-be")))]))
        doc.pages[0].Annots = doc.make_indirect(pikepdf.Array([doc.make_indirect(note)]))
        out = io.BytesIO()
        doc.save(out)
    with pikepdf.open(io.BytesIO(out.getvalue())) as saved:
        assert b"<feff" in saved.pages[0].Annots[0].unparse(resolved=True)
    write(project.parent / "print" / "testhefte-trykk.pdf", out.getvalue())
    found = verify.verify(prepare(project), project.parent / "site", project.parent / "print")
    assert [(f.code, f.params["place"]) for f in errors(found)] == [("verify.name", "PDF object /Note")]


def test_a_name_in_a_stream_dictionary_is_found(project):
    # pikepdf's Stream is not a Dictionary: its entries are walked all the same.
    with pikepdf.open(io.BytesIO(pdf("<p>Hei</p>"))) as doc:
        contents = doc.pages[0].Contents
        (contents[0] if isinstance(contents, pikepdf.Array) else contents).Note = pikepdf.String(ANON)
        out = io.BytesIO()
        doc.save(out)
    write(project.parent / "print" / "testhefte-trykk.pdf", out.getvalue())
    found = verify.verify(prepare(project), project.parent / "site", project.parent / "print")
    assert [(f.code, f.params["place"]) for f in errors(found)] == [("verify.name", "PDF object /Note")]
