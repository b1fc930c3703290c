"""The screen PDF read back as a screen reader and a copy-paste would read it (pikepdf, pdfium, pypdf).

It claims PDF/UA-1; these tests hold it to what docs/tilgjengelighet.md says is tested: running heads and page
numbers are Artifacts (not read between paragraphs), table header cells have a /Scope, and no word is broken by
a hyphen at a line end. The bundled sample's two screen PDFs are rendered once for the module.
"""

from __future__ import annotations

import ctypes
import re

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from pypdf import PdfReader

from conftest import REPO, TODAY
from hefte import pipeline
from hefte.guard.policy import SCREEN_PDF
from hefte.render import pdf


@pytest.fixture(scope="module")
def screen(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HEFTE_TODAY", TODAY)
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        out = tmp_path_factory.mktemp("screen")
        state = pipeline.prepare(REPO)
        files = {}
        for pp in state.plan.publications:
            files[pp.publication.id] = out / f"{pp.publication.id}.pdf"
            pdf.write_pdf(state, pp, "screen", files[pp.publication.id])
        yield state, files


def _utf16(buffer) -> str:
    return bytes(buffer).decode("utf-16-le").rstrip("\x00")


def marked_texts(path) -> list[tuple[int, set[str], str]]:
    """(page index, the marked-content tags around it, its text) of every text object, as pdfium reads them."""
    found = []
    document = pdfium.PdfDocument(path)
    for index, page in enumerate(document):
        textpage = page.get_textpage()
        for obj in page.get_objects(max_depth=5):
            if obj.type != pdfium_raw.FPDF_PAGEOBJ_TEXT:
                continue
            tags = set()
            for i in range(pdfium_raw.FPDFPageObj_CountMarks(obj.raw)):
                mark, size = pdfium_raw.FPDFPageObj_GetMark(obj.raw, i), ctypes.c_ulong()
                pdfium_raw.FPDFPageObjMark_GetName(mark, None, 0, ctypes.byref(size))
                name = (ctypes.c_ushort * (size.value // 2 + 1))()
                pdfium_raw.FPDFPageObjMark_GetName(mark, name, size, ctypes.byref(size))
                tags.add(_utf16(name))
            length = pdfium_raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
            text = (ctypes.c_ushort * (length // 2 + 1))()
            pdfium_raw.FPDFTextObj_GetText(obj.raw, textpage.raw, text, length)
            found.append((index, tags, _utf16(text).strip()))
    return found


def structure(path):
    """(structure elements reachable from the root, MCIDs in the ParentTree whose element is not reachable)."""
    with pikepdf.open(path) as doc:
        tree = doc.Root.StructTreeRoot
        reachable, stack = {}, [tree.K]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
            elif isinstance(node, pikepdf.Dictionary) and node.get("/Type", "/StructElem") == "/StructElem":
                if node.objgen not in reachable:
                    reachable[node.objgen] = (str(node.S), node.get("/A"), node.get("/P"))
                    stack.append(node.get("/K"))
        nums, orphans = tree.ParentTree.Nums, []
        for i in range(0, len(nums), 2):
            if isinstance(nums[i + 1], pikepdf.Array):
                orphans += [(int(nums[i]), mcid) for mcid, element in enumerate(nums[i + 1])
                             if isinstance(element, pikepdf.Dictionary) and element.objgen not in reachable]
        ths = [str(a.get("/Scope")) if a is not None else None for s, a, _ in reachable.values() if s == "/TH"]
        return reachable, orphans, ths


def test_running_heads_and_page_numbers_are_artifacts_and_nothing_else_is(screen):
    state, files = screen
    for pp in state.plan.publications:
        path = files[pp.publication.id]
        _, orphans, _ = structure(path)
        assert not orphans, f"{path.name}: marked content outside the structure tree: {orphans[:5]}"
        texts = marked_texts(path)
        assert all(tags for _, tags, _ in texts), "text that is neither tagged nor an Artifact"
        labels = PdfReader(path).page_labels
        heads = {pp.publication.title} | {pt.text.title for pt in pp.for_medium(*SCREEN_PDF)}
        artifacts: dict[int, set[str]] = {}
        for page, tags, text in texts:
            if "Artifact" in tags and text:
                artifacts.setdefault(page, set()).add(text)
        pages = [page.extract_text() or "" for page in PdfReader(path).pages]
        folios = [i for i, page in enumerate(pages) if page.strip().split("\n")[-1].strip() == labels[i]]
        assert len(folios) > len(pages) // 2, "the test found no page numbers to look at"
        for i in folios:  # the printed page number is never read as part of the text
            assert labels[i] in artifacts.get(i, set()), f"{path.name} page {i + 1}: folio {labels[i]} is content"
        read_as_heads = {text for found in artifacts.values() for text in found} - set(labels)
        assert read_as_heads, "no running head found"
        # What is an Artifact is a running head (a title, perhaps numbered) or a folio, never the text itself.
        assert all(any(head.endswith(title) for title in heads) for head in read_as_heads), read_as_heads
        # A running head is never also read as content on its page (titles are, on the page the text starts).
        for page, tags, text in texts:
            if "Artifact" not in tags and text in artifacts.get(page, ()) and text not in labels:
                assert text in heads, (page, text)


def test_table_header_cells_have_a_scope(screen):
    state, files = screen
    _, _, ths = structure(files["rapport-2026"])
    assert ths, "the report's table has no TH"
    assert all(scope in ("/Column", "/Row") for scope in ths), ths
    assert "/Column" in ths


def test_no_word_is_broken_by_a_hyphen_at_a_line_end(screen):
    state, files = screen
    for pp in state.plan.publications:
        bodies = " ".join(re.sub(r"\s+", " ", pt.text.body) for pt in pp.texts)
        lines = [line.strip() for page in PdfReader(files[pp.publication.id]).pages
                 for line in (page.extract_text() or "").split("\n")]
        broken = []
        for line, after in zip(lines, lines[1:]):
            if re.search(r"\w-$", line) and re.match(r"\w", after):
                word = line.split()[-1] + after.split()[0]
                # A compound written with a hyphen («NAV-kontoret») may break after it and reads whole.
                if re.sub(r"\W+$", "", word) not in bodies:
                    broken.append(word)
        assert not broken, f"{pp.publication.id}: {broken[:10]}"


@pytest.mark.parametrize("contents", ["as pydyf writes them", "as an array of streams"])
def test_finish_marks_margin_boxes_and_scopes_row_and_column_headers(tmp_path, contents):
    """pdf_tags.finish on a small WeasyPrint PDF/UA file: a running head, a folio, a table with both kinds of
    header; the body text stays tagged content. Pages not written as pydyf writes them (another tool's, with
    their content in several streams) are read as content streams instead, with the same result."""
    import io

    import pikepdf
    from weasyprint import HTML

    from hefte.render import pdf_tags

    source = """<html lang="nb"><head><title>Prøve</title><style>
      @page { size: A6; margin: 20mm 10mm; @top-center { content: "Løpende tittel" }
              @bottom-center { content: counter(page) } }</style></head><body>
      <p>Brødteksten som skal leses.</p>
      <table><thead><tr><th>Kurs</th><th>Deltakere</th></tr></thead>
      <tbody><tr><th scope="row">Høst</th><td>11</td></tr><tr><th scope="row">Vår</th><td>9</td></tr></tbody>
      </table></body></html>"""
    path = tmp_path / "liten.pdf"
    data = HTML(string=source).write_pdf(pdf_variant="pdf/ua-1")
    if contents != "as pydyf writes them":
        with pikepdf.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                page.obj.Contents = pikepdf.Array([page.obj.Contents])
            out = io.BytesIO()
            pdf.save(out)
            data = out.getvalue()
    path.write_bytes(pdf_tags.finish(data))
    _, orphans, ths = structure(path)
    assert not orphans
    assert sorted(ths) == ["/Column", "/Column", "/Row", "/Row"]
    texts = marked_texts(path)
    assert {text for _, tags, text in texts if "Artifact" in tags} == {"Løpende tittel", "1"}
    assert all("Artifact" not in tags for _, tags, text in texts if "Brødteksten" in text)
