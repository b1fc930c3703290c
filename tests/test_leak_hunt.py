"""Leak holes found by a red-team pass over verify (after issue 8): carriers that read back clean before.

First as an editor's ordinary mistake in docs/, through a real `hefte build` (test_leak_holes.assert_refused);
then each carrier planted straight into a built site or PDF, as test_canary phase 2 does, through verify alone:
verify must report that very file, whatever bytes carry the secret, and fail closed on bytes it cannot read.
"""

from __future__ import annotations

import base64
import bz2
import gzip
import io
import re
import tarfile
import zipfile
from urllib.parse import quote

import pikepdf
import pytest
from PIL import Image

from hefte.build import build
from hefte.config import load_config
from test_leak_holes import SURNAME, assert_refused, make
from test_verify import ANON, errors, jpeg, page, pdf, project, run, write  # noqa: F401 (project: a fixture)


def _docx(text: str) -> bytes:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", f"<w:document><w:t>{text}</w:t></w:document>")
    return packed.getvalue()


def _css_escaped(text: str) -> str:
    """Every letter as a CSS escape (``\\4C ``): a browser shows the letters."""
    return "".join(f"\\{ord(c):X} " for c in text)


def _svg(text: str) -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg"><title>{text}</title><rect width="1" height="1"/></svg>'


def _b64(data: str | bytes) -> str:
    return base64.b64encode(data.encode() if isinstance(data, str) else data).decode()


# --- through a real build: an editor's files in docs/, a writer's text ----------------------------------------


def _word_file_in_docs(root):
    (root / "docs" / "vedlegg").mkdir()
    (root / "docs" / "vedlegg" / "program.docx").write_bytes(_docx(f"Rita {SURNAME} leser"))


def _escaped_stylesheet_in_docs(root):
    (root / "docs" / "ekstra.css").write_text(f'.md-footer::after {{ content: "{_css_escaped(SURNAME)}"; }}\n',
                                              "utf-8")


def _data_uri_on_a_docs_page(root):
    (root / "docs" / "om.md").write_text(f"# Om kurset\n\n![Logo](data:image/svg+xml;base64,"
                                         f"{_b64(_svg('Rita ' + SURNAME))})\n", "utf-8")


def _reversed_surname(root):
    """A right-to-left override: the letters stand reversed in the file, and the reader sees the surname."""
    path = root / "texts" / "testhefte" / "kaffe.md"
    path.write_text(path.read_text("utf-8") + f"\nJeg snakket med \u202e{SURNAME[::-1]}\u202c i går.\n", "utf-8")


def _logo_with_a_named_profile(root):
    (root / "docs" / "logo.png").write_bytes(_png_with_profile_named(f"Rita {SURNAME}"))


def _programme_with_a_comment(root):
    with pikepdf.open(io.BytesIO(pdf("<h1>Program</h1><p>Lesing klokka sju.</p>"))) as doc:
        doc.pages[0].contents_add(pikepdf.Stream(doc, f"% Rita {SURNAME}\n".encode("cp1252")))
        doc.save(root / "docs" / "program.pdf")


def _font_named_after_a_writer(root):
    (root / "docs" / "fonts").mkdir()
    (root / "docs" / "fonts" / "hand.woff2").write_bytes(_font(f"Rita {SURNAME}", "woff2"))


DOCS_HOLES = {"a Word file in docs/": _word_file_in_docs,
              "CSS escapes in a stylesheet in docs/": _escaped_stylesheet_in_docs,
              "a base64 data: URI image on a docs/ page": _data_uri_on_a_docs_page,
              "a surname reversed behind a right-to-left override in a text": _reversed_surname,
              # binary files verify read nothing of (the second pass)
              "a logo in docs/ whose colour profile is named after a writer": _logo_with_a_named_profile,
              "a programme PDF in docs/ with a comment in its page": _programme_with_a_comment,
              "a web font in docs/ named after a writer": _font_named_after_a_writer}


@pytest.mark.parametrize("hole", list(DOCS_HOLES))
def test_hefte_build_refuses_a_secret_an_editor_or_a_writer_put_in(tmp_path, hole):
    root = make(tmp_path / "p", None)
    DOCS_HOLES[hole](root)
    assert_refused(root)


# --- planted in the output: verify itself ---------------------------------------------------------------------


def _pdf_with(change) -> bytes:
    with pikepdf.open(io.BytesIO(pdf("<h1>Morgenkaffe</h1><p>Hei</p>"))) as doc:
        change(doc)
        out = io.BytesIO()
        doc.save(out)
    return out.getvalue()


def _text_at(x: int, y: int):
    """The name drawn in Helvetica at (x, y): off the page, no viewer shows it, but it is in the bytes."""
    def change(doc):
        page = doc.pages[0]
        page.Resources.Font.Fhunt = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                       BaseFont=pikepdf.Name.Helvetica,
                                                       Encoding=pikepdf.Name.WinAnsiEncoding)
        page.contents_add(pikepdf.Stream(doc, b"BT /Fhunt 12 Tf %d %d Td (" % (x, y) + ANON.encode("cp1252")
                                         + b") Tj ET\n"))
    return change


def _stamp(doc):
    """An annotation whose appearance (drawn by every viewer) is the name, with no /Contents string."""
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica,
                              Encoding=pikepdf.Name.WinAnsiEncoding)
    look = pikepdf.Stream(doc, b"BT /F1 12 Tf 2 2 Td (" + ANON.encode("cp1252") + b") Tj ET")
    look.Type, look.Subtype, look.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 300, 20]
    look.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    stamp = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Stamp, Rect=[100, 100, 400, 120],
                               AP=pikepdf.Dictionary(N=doc.make_indirect(look)))
    doc.pages[0].Annots = doc.make_indirect(pikepdf.Array([doc.make_indirect(stamp)]))


def _xmp_on_a_page(doc):
    xmp = pikepdf.Stream(doc, f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{ANON}</dc:creator></x:xmpmeta>'
                         .encode())
    xmp.Type, xmp.Subtype = pikepdf.Name.Metadata, pikepdf.Name.XML
    doc.pages[0].obj.Metadata = doc.make_indirect(xmp)


def _javascript(doc):
    script = doc.make_indirect(pikepdf.Stream(doc, f'app.alert("{ANON}");'.encode()))
    doc.Root.OpenAction = doc.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=script))


def _without_letter_maps() -> bytes:
    """The name set in fonts whose map from glyphs to letters (ToUnicode) is taken out: every viewer shows it, and
    pdfium reads glyph numbers («\\x16/"$//») where the letters were."""
    with pikepdf.open(io.BytesIO(pdf(f"<p>Takk til {ANON}.</p>"))) as doc:
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Dictionary) and "/ToUnicode" in obj:
                del obj["/ToUnicode"]
        out = io.BytesIO()
        doc.save(out)
    return out.getvalue()


def _revised() -> bytes:
    """A PDF with the name in /Author, then an incremental update appended that sets another: the first
    revision, name and all, is still in the file, though qpdf and pdfium read only the last."""
    with pikepdf.open(io.BytesIO(pdf("<p>Hei</p>"))) as doc:
        doc.docinfo["/Author"] = ANON
        out = io.BytesIO()
        doc.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    data = out.getvalue()
    info, root = (int(re.search(rb"/%s (\d+) 0 R" % key, data)[1]) for key in (b"Info", b"Root"))
    size, prev = int(re.search(rb"/Size (\d+)", data)[1]), int(data.rsplit(b"startxref", 1)[1].split()[0])
    update = b"%d 0 obj\n<< /Author (Redaksjonen) >>\nendobj\n" % info
    xref = len(data) + len(update)
    update += (b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \ntrailer\n<< /Size %d /Root %d 0 R /Info %d 0 R "
               b"/Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (info, len(data), size, root, info, prev, xref))
    return data + update


def _inner_zip() -> bytes:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("inner.zip", _docx(ANON))
    return packed.getvalue()


def _tar() -> bytes:
    packed, data = io.BytesIO(), f"{ANON}\n".encode()
    with tarfile.open(fileobj=packed, mode="w") as archive:
        info = tarfile.TarInfo("navn.txt")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return packed.getvalue()


def _image(fmt: str, **options) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (180, 120, 60)).save(out, fmt, **options)
    return out.getvalue()


def _tiff_by(artist: str) -> bytes:
    exif = Image.Exif()
    exif[0x013B] = artist  # Artist
    return _image("TIFF", exif=exif.tobytes())


def _icon_with_text(text: str) -> bytes:
    """A favicon whose PNG image carries a text chunk, as an icon maker may write it."""
    from PIL import PngImagePlugin

    chunk = PngImagePlugin.PngInfo()
    chunk.add_text("Author", text)
    return _icon_of(_image("PNG", pnginfo=chunk))


def _icon_of(png: bytes) -> bytes:
    """A favicon of one 8×8 image, ``png``."""
    return b"\0\0\1\0\1\0" + bytes([8, 8, 0, 0]) + (1).to_bytes(2, "little") + (32).to_bytes(2, "little") + \
        len(png).to_bytes(4, "little") + (22).to_bytes(4, "little") + png


def _zip_with_comment() -> bytes:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.comment = ANON.encode()
        archive.writestr("index.html", page("<p>Hei</p>"))
    return packed.getvalue()


SVG_B64 = f"data:image/svg+xml;base64,{_b64(_svg(ANON))}"
NAME = "verify.name"
NOT_UTF8, PACKED = "verify.not-utf8", "verify.packed"
PLANTED = {
    # text in another encoding, or packed: read it, or refuse it
    "a page in UTF-16 with a byte-order mark": ("site/a/index.html", page(f"<p>{ANON}</p>").encode("utf-16"), NAME),
    "a text file in UTF-16 without a byte-order mark": ("site/navn.txt", f"{ANON}\n".encode("utf-16-le"),
                                                        NOT_UTF8),
    "a page in Windows-1252": ("site/b/index.html", page("<p>Takk til Sølvi Østerbø.</p>").encode("cp1252"),
                               NOT_UTF8),
    "a gzipped SVG (.svgz)": ("site/bilder/logo.svgz", gzip.compress(_svg(ANON).encode()), NAME),
    "a bzip2 file": ("site/navn.txt.bz2", bz2.compress(f"{ANON}\n".encode()), PACKED),
    "a Word file": ("site/vedlegg/program.docx", _docx(ANON), PACKED),
    "a tar file": ("site/vedlegg/navn.tar", _tar(), NAME),  # UTF-8 text between NUL bytes: read as text
    "a zip inside a zip": ("site/vedlegg/pakke.zip", _inner_zip(), PACKED),
    # escapes a browser or a script engine undoes
    "CSS escapes in a stylesheet": ("site/assets/x.css", f'.a::after {{ content: "{_css_escaped(ANON)}"; }}', NAME),
    "CSS escapes in a <style>": ("site/c/index.html", page(f'<style>.a::after {{ content: "{_css_escaped(ANON)}"; }}'
                                                           "</style><p>Hei</p>"), NAME),
    "CSS escapes in a style attribute": ("site/d/index.html", page(f"<p style=\"--x: '{_css_escaped(ANON)}'\">Hei</p>"),
                                         NAME),
    "strings a CSS content shows one after the other": ("site/assets/w.css", '.a::after { content: "Kva" "mme"; }',
                                                         NAME),
    "\\x escapes in a script file": ("site/assets/y.js", 'var a = "' + "".join(f"\\x{ord(c):02x}" for c in "Kvamme")
                                     + '";', NAME),
    "\\u{…} escapes in an inline script": ("site/e/index.html", page('<script>var a = "' + "".join(
        f"\\u{{{ord(c):x}}}" for c in ANON) + '";</script>'), NAME),
    # data: URIs
    "a base64 SVG in an img src": ("site/f/index.html", page(f'<img src="{SVG_B64}" alt="">'), NAME),
    "base64 text in a link": ("site/g/index.html", page(f'<a href="data:text/plain;base64,{_b64(ANON)}">x</a>'),
                              NAME),
    "a base64 SVG in a stylesheet's url()": ("site/assets/z.css", f".a {{ background: url({SVG_B64}); }}", NAME),
    "a percent-encoded base64 SVG": ("site/h/index.html",
                                     page(f'<img src="{SVG_B64[:-8]}{quote(SVG_B64[-8:], safe="")}" alt="">'), NAME),
    "a base64 JPEG with EXIF in an img src": (
        "site/i/index.html", page(f'<img src="data:image/jpeg;base64,{_b64(jpeg(artist="Fotograf"))}" alt="">'),
        "verify.image-metadata"),
    "a name reversed behind a right-to-left override": ("site/j/index.html", page(f"<p>Takk til \u202e{ANON[::-1]}"
                                                                                 "\u202c.</p>"), NAME),
    "base64 bytes of no kind verify reads in a data: URI": (
        "site/k/index.html", page(f'<a href="data:application/octet-stream;base64,{_b64(_docx(ANON))}">x</a>'),
        PACKED),
    # markup a browser shows, or keeps, that the reading skipped
    "CDATA text in an SVG": ("site/bilder/a.svg", f'<svg xmlns="http://www.w3.org/2000/svg"><text><![CDATA[{ANON}]]>'
                                                  "</text></svg>", NAME),
    "a surname split by an SVG tspan": ("site/bilder/e.svg", '<svg xmlns="http://www.w3.org/2000/svg"><text>Kva'
                                                             "<tspan>mme</tspan></text></svg>", NAME),
    "a processing instruction in an SVG": ("site/bilder/b.svg", f'<?xml version="1.0"?><?merknad {ANON}?>'
                                                                '<svg xmlns="http://www.w3.org/2000/svg"/>', NAME),
    "a name around the byte-order mark XMP packets begin with": (
        "site/bilder/f.svg", f'<?xpacket begin="{ANON[:2]}\ufeff{ANON[2:]}"?><svg xmlns="http://www.w3.org/2000/svg"/>',
        NAME),
    # images and archives with room for text
    "a GIF comment": ("site/bilder/c.gif", _image("GIF", comment=ANON.encode()), "verify.image-metadata"),
    "a favicon whose PNG carries a text chunk": ("site/favicon.ico", _icon_with_text(ANON), "verify.image-metadata"),
    "a TIFF with an artist tag": ("site/bilder/d.tif", _tiff_by(ANON), "verify.image-metadata"),
    "a comment on a zip": ("site/nedlasting/hefte.zip", _zip_with_comment(), "verify.unreadable"),
    # PDF places
    "PDF text placed off the page": ("print/testhefte-trykk.pdf", _pdf_with(_text_at(2000, 2000)), NAME),
    "a PDF annotation's appearance": ("print/testhefte-trykk.pdf", _pdf_with(_stamp), NAME),
    "a PDF's earlier revision": ("print/testhefte-trykk.pdf", _revised(), "verify.unreadable"),
    "XMP metadata on a PDF page": ("print/testhefte-trykk.pdf", _pdf_with(_xmp_on_a_page), NAME),
    "a PDF JavaScript stream": ("print/testhefte-trykk.pdf", _pdf_with(_javascript), NAME),
    "PDF fonts without a map to letters": ("print/testhefte-trykk.pdf", _without_letter_maps(),
                                           "verify.unmapped-font"),
}


def _reported_alone(root, rel: str, content, code: str) -> None:
    """``content`` planted at ``rel`` beside the built outputs: verify reports that file, and only that one."""
    target = write(root.parent / rel, content)
    found = errors(run(root))
    assert found, "verify passed"
    assert {f.path for f in found} == {target}
    assert code in {f.code for f in found}


@pytest.mark.parametrize("carrier", list(PLANTED))
def test_verify_reports_the_file_whatever_bytes_carry_the_secret(project, carrier):  # noqa: F811
    _reported_alone(project, *PLANTED[carrier])


def test_a_folder_linked_into_the_site_fails_closed(project, tmp_path):  # noqa: F811
    """os.walk does not enter a linked folder; a web server or a copy may follow it and publish what it holds."""
    outside = tmp_path / "utenfor"
    write(outside / "index.html", page(f"<p>{ANON}</p>"))
    (project.parent / "site").joinpath("lenke").symlink_to(outside, target_is_directory=True)
    found = errors(run(project))
    assert [(f.code, f.path.name) for f in found] == [("verify.unreadable", "lenke")]


def test_plain_gifs_and_icons_are_clean(project):  # noqa: F811
    frames = [Image.new("RGB", (8, 8), colour) for colour in ((0, 0, 0), (255, 255, 255))]
    animated = io.BytesIO()
    frames[0].save(animated, "GIF", save_all=True, append_images=frames[1:], loop=0, duration=100)
    write(project.parent / "site/bilder/a.gif", _image("GIF"))
    write(project.parent / "site/bilder/b.gif", animated.getvalue())
    write(project.parent / "site/favicon.ico", _image("ICO", sizes=[(8, 8)]))
    assert errors(run(project)) == []


def test_hefte_pdfs_are_read_in_one_reading(sample_build):
    """The XMP packet every PDF carries begins with a byte-order mark (a format character). Kept, it had verify
    read each PDF's every page a second time, with the letters glued (an eighth of verify's time at 50 texts)."""
    from hefte.guard import normalise, readback

    with_xmp = 0
    for path in sorted(sample_build.print_dir.glob("*.pdf")):
        doc = readback.Doc()
        readback.read(path.name, path.read_bytes(), doc)
        with_xmp += "xpacket" in doc.raw  # the screen PDFs' (PDF/UA), which is read
        assert len(normalise.readings(doc.raw)[1]) == 1, path.name
    assert with_xmp


# --- the second pass: carriers the first one left alone ------------------------------------------------------


def _marked_content(doc):
    """Marked content whose /ActualText stands for what is drawn: a screen reader reads it out, pdfium does not."""
    doc.pages[0].contents_add(pikepdf.Stream(doc, pikepdf.unparse_content_stream(
        [([pikepdf.Name.Span, pikepdf.Dictionary(ActualText=pikepdf.String(ANON))], pikepdf.Operator("BDC")),
         ([], pikepdf.Operator("EMC"))])))


def _structure_element(doc):
    element = doc.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Span,
                                                   ActualText=pikepdf.String(ANON)))
    doc.Root.StructTreeRoot = doc.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=element))


def _content_comment(doc):
    """A comment in a page's content stream: no viewer shows it, but it is in the bytes published."""
    doc.pages[0].contents_add(pikepdf.Stream(doc, b"% " + ANON.encode("cp1252") + b"\n"))


def _unreferenced_stream() -> bytes:
    """A stream object no other object refers to, in a PDF of one revision: qpdf still lists it, no viewer shows
    it. (Saved referred to from the catalogue, then the reference blanked out byte for byte.)"""
    def change(doc):
        doc.Root.Zzzz = doc.make_indirect(pikepdf.Stream(doc, f"Takk til {ANON}.".encode()))
    with pikepdf.open(io.BytesIO(pdf("<p>Hei</p>"))) as doc:
        change(doc)
        out = io.BytesIO()
        doc.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable, compress_streams=False)
    return re.sub(rb"/Zzzz \d+ 0 R", lambda m: b" " * len(m[0]), out.getvalue())


def _icc(description: str) -> bytes:
    """An sRGB profile (lcms's) whose description (the 'desc' tag, shown by colour pickers and image viewers)
    is ``description``."""
    import struct

    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    text = description.encode("utf-16-be")
    desc = b"mluc\0\0\0\0" + struct.pack(">II2s2sII", 1, 12, b"nb", b"NO", len(text), 28) + text
    tags = [struct.unpack(">4sII", profile[132 + 12 * i: 144 + 12 * i])
            for i in range(struct.unpack(">I", profile[128:132])[0])]
    body, table, placed = b"", [], {}
    start = 132 + 12 * len(tags)
    for sig, offset, size in tags:
        data = desc if sig == b"desc" else profile[offset: offset + size]
        if data not in placed:
            placed[data] = start + len(body)
            body += data + b"\0" * (-len(data) % 4)
        table.append(struct.pack(">4sII", sig, placed[data], len(data)))
    out = bytearray(profile[:128] + struct.pack(">I", len(tags)) + b"".join(table) + body)
    out[0:4] = struct.pack(">I", len(out))
    return bytes(out)


def _icc_colour(doc):
    space = pikepdf.Array([pikepdf.Name.ICCBased, doc.make_indirect(pikepdf.Stream(doc, _icc(ANON), N=3))])
    doc.pages[0].Resources.ColorSpace = pikepdf.Dictionary(CSicc=space)
    doc.pages[0].contents_add(pikepdf.Stream(doc, b"/CSicc cs 0.5 0.5 0.5 sc 0 0 1 1 re f\n"))


def _font(family: str, flavor: str | None = None, credit: str | None = None) -> bytes:
    """A font of one glyph whose name table (what a font menu or a viewer's font list shows) says ``family``;
    ``credit``: named in its WOFF metadata (XML a font viewer shows)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef"])
    builder.setupCharacterMap({})
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph()})
    builder.setupHorizontalMetrics({".notdef": (500, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.font.flavor = flavor
    if credit:
        from fontTools.ttLib.sfnt import WOFFFlavorData

        builder.font.flavorData = WOFFFlavorData()
        builder.font.flavorData.metaData = (f'<?xml version="1.0" encoding="UTF-8"?><metadata version="1.0">'
                                            f'<credits><credit name="{credit}"/></credits></metadata>').encode()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def _renamed_fonts(doc):
    """WeasyPrint's embedded fonts with the name in their name tables."""
    from fontTools.ttLib import TTFont

    for obj in list(doc.objects):
        if isinstance(obj, pikepdf.Dictionary) and "/FontFile2" in obj:
            font = TTFont(io.BytesIO(obj.FontFile2.read_bytes()))
            font["name"].setName(ANON, 1, 3, 1, 0x409)
            out = io.BytesIO()
            font.save(out)
            obj.FontFile2.write(out.getvalue())


def _cff_font_named(doc):
    """A bare CFF font program (/FontFile3 /Type1C) whose top dictionary (full name, notice) holds the name."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen
    from fontTools.ttLib import TTFont

    builder = FontBuilder(1000, isTTF=False)
    builder.setupGlyphOrder([".notdef"])
    builder.setupCharacterMap({})
    builder.setupCFF("Kursiv", {"FullName": "Kursiv", "Notice": f"Tegnet av {ANON}"},
                     {".notdef": T2CharStringPen(500, None).getCharString()}, {})
    builder.setupHorizontalMetrics({".notdef": (500, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Kursiv", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    program = pikepdf.Stream(doc, TTFont(io.BytesIO(out.getvalue())).reader["CFF "], Subtype=pikepdf.Name.Type1C)
    descriptor = pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/Kursiv"), Flags=32,
                                    FontFile3=doc.make_indirect(program))
    doc.pages[0].Resources.Font.Fk = doc.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name("/Kursiv"),
        Encoding=pikepdf.Name.WinAnsiEncoding, FontDescriptor=doc.make_indirect(descriptor)))


def _base_font_named(doc):
    """A font's PostScript name (/BaseFont), listed by a viewer's document properties."""
    for obj in list(doc.objects):
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.Font and "/BaseFont" in obj:
            obj.BaseFont = pikepdf.Name("/ABCDEF+Kvamme-Regular")


def _glyph_names_that_say_nothing(doc):
    """A simple font without ToUnicode whose encoding names its glyphs g1, g2 …: pdfium can only guess what
    letters they are (a viewer draws them from the font)."""
    doc.pages[0].Resources.Font.Fg = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name("/Fg"),
        Encoding=pikepdf.Dictionary(Type=pikepdf.Name.Encoding,
                                    Differences=pikepdf.Array([65, *(pikepdf.Name(f"/g{i}") for i in range(26))])))
    doc.pages[0].contents_add(pikepdf.Stream(doc, b"BT /Fg 12 Tf 72 72 Td (LVANNF) Tj ET\n"))


def _note_titled_by_reference(doc):
    """A note whose title (/T, shown over its pop-up) is a string object of its own, referred to."""
    note = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[100, 100, 120, 120],
                              T=doc.make_indirect(pikepdf.String(ANON)))
    doc.pages[0].Annots = doc.make_indirect(pikepdf.Array([doc.make_indirect(note)]))


def _names_in_an_array_object(doc):
    """A name tree's leaf whose /Names array (destination names, shown in a viewer's list of them) is an object
    of its own."""
    leaf = doc.make_indirect(pikepdf.Array([pikepdf.String(ANON), pikepdf.Array([doc.pages[0].obj,
                                                                                  pikepdf.Name.Fit])]))
    doc.Root.Names = pikepdf.Dictionary(Dests=pikepdf.Dictionary(Names=leaf))


def _custom_property(doc):
    """A document property of the editor's own, named by the name (a viewer lists custom properties by name)."""
    doc.docinfo[pikepdf.Name("/" + ANON)] = "ja"


def _comment_in_an_object() -> bytes:
    """A comment inside an object's dictionary, outside any stream: PDF syntax, shown by no viewer. (Saved with a
    placeholder, then the placeholder overwritten byte for byte.)"""
    with pikepdf.open(io.BytesIO(pdf("<p>Hei</p>"))) as doc:
        doc.docinfo["/Subject"] = "X" * 60
        out = io.BytesIO()
        doc.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    comment = b")\n% " + ANON.encode("cp1252") + b"\n/Keywords ("
    return out.getvalue().replace(b"X" * 60, comment + b" " * (60 - len(comment)), 1)


def _jpeg_with_a_profile_on_the_page(doc):
    """A JPEG drawn on the page as it is (DCTDecode), its colour profile inside it, the colour space plain RGB."""
    photo = _with_icc("JPEG", ANON)
    image = pikepdf.Stream(doc, photo, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=8, Height=8,
                           ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8, Filter=pikepdf.Name.DCTDecode)
    doc.pages[0].Resources.XObject = pikepdf.Dictionary(Im9=doc.make_indirect(image))
    doc.pages[0].contents_add(pikepdf.Stream(doc, b"q 8 0 0 8 0 0 cm /Im9 Do Q\n"))


def _with_icc(fmt: str, description: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (180, 120, 60)).save(out, fmt, icc_profile=_icc(description))
    return out.getvalue()


def _png_with_profile_named(name: str) -> bytes:
    """A PNG whose iCCP chunk names its profile ``name`` (Pillow writes "ICC Profile"; a photo editor may
    write the monitor's or the photographer's name)."""
    import struct
    import zlib

    data = _with_icc("PNG", "sRGB")
    at = data.index(b"iCCP") - 4
    length = struct.unpack(">I", data[at: at + 4])[0]
    body = name.encode("latin-1") + b"\0\0" + zlib.compress(_icc("sRGB"))
    chunk = struct.pack(">I", len(body)) + b"iCCP" + body + struct.pack(">I", zlib.crc32(b"iCCP" + body))
    return data[:at] + chunk + data[at + 12 + length:]


def _heic_with_icc(description: str) -> bytes:
    """The boxes a HEIC photo begins with, its colour profile whole in a 'colr' box: Pillow cannot open it."""
    import struct

    def box(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", 8 + len(body)) + kind + body

    return box(b"ftyp", b"heic\0\0\0\0mif1heic") + box(b"colr", b"prof" + _icc(description))


LEFT_ALONE = {
    "/ActualText of marked content in a PDF page": ("print/testhefte-trykk.pdf", _pdf_with(_marked_content), NAME),
    "/ActualText of a PDF structure element": ("print/testhefte-trykk.pdf", _pdf_with(_structure_element), NAME),
    "a comment in a PDF content stream": ("print/testhefte-trykk.pdf", _pdf_with(_content_comment), NAME),
    "a PDF stream nobody refers to": ("print/testhefte-trykk.pdf", _unreferenced_stream(), NAME),
    "an ICC profile's description in a PDF": ("print/testhefte-trykk.pdf", _pdf_with(_icc_colour), NAME),
    "an ICC profile's description in a PNG": ("site/bilder/g.png", _with_icc("PNG", ANON), NAME),
    "an ICC profile's description in a JPEG": ("site/bilder/h.jpg", _with_icc("JPEG", ANON), NAME),
    "an ICC profile inside a JPEG in a PDF": ("print/testhefte-trykk.pdf", _pdf_with(_jpeg_with_a_profile_on_the_page),
                                              NAME),
    "an ICC profile in a favicon's PNG": ("site/favicon.ico", _icon_of(_with_icc("PNG", ANON)), NAME),
    "a PNG's ICC profile name": ("site/bilder/i.png", _png_with_profile_named("Solvi Osterbo Kvamme"), NAME),
    "an ICC profile in an image Pillow cannot open (HEIC)": ("site/bilder/j.heic", _heic_with_icc(ANON), NAME),
    "a web font's name table (.woff2)": ("site/fonts/a.woff2", _font(ANON, "woff2"), NAME),
    "a web font's metadata (.woff)": ("site/fonts/c.woff", _font("Kursiv", "woff", credit=ANON), NAME),
    "a font's name table (.ttf)": ("site/fonts/b.ttf", _font(ANON), NAME),
    "the name table of a font embedded in a PDF": ("print/testhefte-trykk.pdf", _pdf_with(_renamed_fonts), NAME),
    "a CFF font program's notice in a PDF": ("print/testhefte-trykk.pdf", _pdf_with(_cff_font_named), NAME),
    "a PDF font's PostScript name": ("print/testhefte-trykk.pdf", _pdf_with(_base_font_named), NAME),
    "a PDF simple font without a map to letters or glyph names": (
        "print/testhefte-trykk.pdf", _pdf_with(_glyph_names_that_say_nothing), "verify.unmapped-font"),
    "a PDF string that is an object of its own": ("print/testhefte-trykk.pdf", _pdf_with(_note_titled_by_reference),
                                                  NAME),
    "a PDF array that is an object of its own": ("print/testhefte-trykk.pdf", _pdf_with(_names_in_an_array_object),
                                                 NAME),
    "a PDF name (a custom document property)": ("print/testhefte-trykk.pdf", _pdf_with(_custom_property), NAME),
    "a comment inside a PDF object, outside any stream": ("print/testhefte-trykk.pdf", _comment_in_an_object(),
                                                          NAME),
    "a comment after a PDF's end (%%EOF)": ("print/testhefte-trykk.pdf", pdf("<p>Hei</p>")
                                            + f"% {ANON}\n".encode("cp1252"), NAME),
    "String.fromCharCode in a script file": ("site/assets/p.js", "var a = String.fromCharCode("
                                             + ", ".join(str(ord(c)) for c in ANON) + ");", NAME),
    "atob() of base64 in an inline script": (
        "site/l/index.html", page(f'<script>var a = atob("{_b64(ANON.encode("latin-1"))}");</script>'), NAME),
    "octal escapes in a script file": ("site/assets/o.js", 'var a = "' + "".join(f"\\{ord(c):o}" for c in "Kvamme")
                                       + '";', NAME),
}


def test_a_clean_logo_programme_and_font_in_docs_are_published(tmp_path):
    """The same files without the name: verify reads them and lets them through."""
    root = make(tmp_path / "p", None)
    (root / "docs" / "logo.png").write_bytes(_with_icc("PNG", "sRGB IEC61966-2.1"))
    (root / "docs" / "program.pdf").write_bytes(pdf("<h1>Program</h1><p>Lesing klokka sju.</p>"))
    (root / "docs" / "fonts").mkdir()
    (root / "docs" / "fonts" / "hand.woff2").write_bytes(_font("Kursiv", "woff2"))
    result = build(load_config(root), pdf=False)
    assert not result.held_back_files
    assert (root / "site" / "program.pdf").is_file() and (root / "site" / "fonts" / "hand.woff2").is_file()


@pytest.mark.parametrize("carrier", list(LEFT_ALONE))
def test_verify_reports_what_the_first_pass_left_alone(project, carrier):  # noqa: F811
    _reported_alone(project, *LEFT_ALONE[carrier])
