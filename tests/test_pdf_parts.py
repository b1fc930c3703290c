"""A PDF laid out in parts (render/pdf_parts.py) is the PDF one layout makes: the same words and ink on the same
pages, the same page labels, bookmarks and links; an edited text lays out its own part again and nothing else;
and what cannot be laid out in parts is laid out whole."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import time
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from conftest import copy_sample, editorial, make_project, participant
from hefte import pipeline
from hefte.render import pdf, pdf_parts

ENV_EPOCH = "1767225600"  # 2026-01-01: the same bytes from the same sources


def _small(root: Path) -> Path:
    """Texts on right-hand pages only, footnotes numbered through the document, a page reference."""
    texts = {
        "en.md": editorial("Innledning", "Første del.[^1]\n\n[^1]: Første note.\n\n" + "Et langt avsnitt. " * 300
                           + "\n\nSe [@tab:lang, side].\n"),
        "to.md": editorial("Tabellen", "Tabell: En tabell {#tab:lang}\n\n| Rad | Tall |\n|---|--:|\n| A | 1 |\n",
                           contributor=None),
        "tre.md": participant("Kort tekst", "Bare én linje.[^1]\n\n[^1]: Andre note.\n", lead="En ingress."),
        "fire.md": participant("Enda en", "To linjer.\n\nTo avsnitt.\n" * 40, contributor="c-02",
                               display_name="Per"),
        "fem.md": participant("Den siste", "Slutten.[^1]\n\n[^1]: Tredje note.\n", contributor="c-03",
                              display_name="Kari"),
    }
    return make_project(root, texts, text_start="recto", footnote_numbering="document")


@pytest.fixture(scope="module", params=["sample", "recto"])
def project(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(request.param)
    root = copy_sample(root) if request.param == "sample" else _small(root)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", ENV_EPOCH)
        state = pipeline.prepare(root)
    assert not state.findings.has_errors(), [f.format("en") for f in state.findings.errors]
    return state


def _both(state, pp, variant, monkeypatch) -> tuple[bytes, bytes, int]:
    """The PDF laid out whole and in as many parts as the texts allow; and how many parts."""
    monkeypatch.setattr(pdf_parts, "PART_CHARS", 1)
    monkeypatch.setattr(pdf_parts, "MAX_PART_CHARS", 1)  # a part per text, but where texts must stay together
    options = pdf._options(variant)
    with tempfile.TemporaryDirectory() as tmp:
        page = pdf._page(state, pp, variant, pad=pdf.PAD_CANDIDATES if variant.is_print else 0, clean_dir=Path(tmp))
        whole, _, _ = pdf._whole(page, page.render(), pp, variant, options, "x.pdf")
        laid = pdf_parts.lay_out(page, pp, variant, options, cache=None, pdf_name="x.pdf")
        assert laid is not None, "laid out whole"
        _, runs = pdf_parts._runs(page.context["texts"])
    return whole, laid[0], len(runs) + 2


def _pages(data: bytes) -> list[tuple[str, bytes]]:
    """Each page's text and its ink, rendered small."""
    document = pdfium.PdfDocument(data)
    out = []
    for page in document:
        bitmap = page.render(scale=0.4).to_pil().convert("L")
        out.append((page.get_textpage().get_text_range(), bitmap.tobytes()))
    return out


def _reading(data: bytes) -> dict:
    """What a PDF viewer offers besides the pages: page labels, the bookmarks and where every link goes."""
    with pikepdf.open(io.BytesIO(data)) as doc:
        index = {page.objgen: i for i, page in enumerate(doc.pages)}
        names = {}
        tree = doc.Root.get("/Names", {}).get("/Dests") if "/Names" in doc.Root else None
        if tree is not None:
            for name, dest in pikepdf.NameTree(tree).items():
                names[name] = index.get(dest[0].objgen)
        links = []
        for i, page in enumerate(doc.pages):
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                    links.append((i, names.get(str(annot.Dest))))
                elif annot.get("/Subtype") == "/Link":
                    links.append((i, str(annot.get("/A", {}).get("/URI", ""))))
        marks = []
        with doc.open_outline() as outline:
            def walk(items, depth):
                for item in items:
                    marks.append((depth, item.title, index.get(item.destination[0].objgen)))
                    walk(item.children, depth + 1)
            walk(outline.root, 1)
        labels = [str(doc.pages[i].label) for i in range(len(doc.pages))]
    return {"labels": labels, "bookmarks": marks, "links": links}


@pytest.mark.parametrize("variant", [pdf.PRINT, pdf.SCREEN], ids=["print", "screen"])
def test_a_pdf_laid_out_in_parts_is_the_pdf_one_layout_makes(project, variant, monkeypatch):
    for pp in project.plan.publications:
        if not variant.texts(pp):
            continue
        whole, parts, count = _both(project, pp, variant, monkeypatch)
        assert count >= 4, f"{pp.publication.id}: too few parts to prove anything ({count})"
        one, other = _pages(whole), _pages(parts)
        assert len(one) == len(other), pp.publication.id
        for number, ((text, ink), (text2, ink2)) in enumerate(zip(one, other), start=1):
            assert text == text2, f"{pp.publication.id} {variant.name}: the words on page {number} differ"
            assert ink == ink2, f"{pp.publication.id} {variant.name}: page {number} looks different"
        assert _reading(whole) == _reading(parts), pp.publication.id


def _layouts(monkeypatch) -> list[str]:
    """Every WeasyPrint layout from now on, by the part it laid out («texts», «front», «back» or whole)."""
    import re

    from weasyprint import HTML

    seen: list[str] = []
    render = HTML.render

    def counted(self, *args, **kwargs):
        found = re.search(r'name="hefte-del" content="(\w+)"', self._hefte_source)
        seen.append(found.group(1) if found else "whole")
        return render(self, *args, **kwargs)

    original_init = HTML.__init__

    def init(self, *args, string=None, **kwargs):
        self._hefte_source = string or ""
        original_init(self, *args, string=string, **kwargs)

    monkeypatch.setattr(HTML, "__init__", init)
    monkeypatch.setattr(HTML, "render", counted)
    return seen


def _many(root: Path) -> Path:
    texts = {f"t{i:02d}.md": participant(f"Tekst nummer {i}", f"Avsnitt {i} om en dag på kurset. " * 90 + "\n",
                                         contributor=f"c-{i:02d}", display_name=f"Skriver {i}")
             for i in range(12)}
    return make_project(root, texts)


def test_an_edited_text_lays_out_its_own_part_again_and_nothing_else(tmp_path, monkeypatch):
    from hefte.build import build
    from hefte.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", ENV_EPOCH)
    monkeypatch.setattr(pdf_parts, "PART_CHARS", 1)  # a part per few texts
    root = _many(tmp_path)
    layouts = _layouts(monkeypatch)
    build(load_config(root), workers=1)
    assert layouts.count("texts") >= 6 and "whole" not in layouts
    first = {p.name: p.read_bytes() for p in (root / "print").glob("*.pdf")}

    path = root / "texts" / "testhefte" / "t05.md"
    path.write_text(path.read_text("utf-8").replace("Avsnitt 5 om en dag", "Avsnitt 5 om en kveld", 1), "utf-8")
    layouts.clear()
    build(load_config(root), workers=1)
    assert sorted(layouts) == ["texts", "texts"], layouts  # its part, in the print and in the screen PDF
    edited = {p.name: p.read_bytes() for p in (root / "print").glob("*.pdf")}
    assert edited != first

    # ... and the PDFs are the bytes a build from nothing makes of the same sources
    layouts.clear()
    build(load_config(root), workers=1, fresh=True)
    assert layouts.count("texts") >= 6
    assert {p.name: p.read_bytes() for p in (root / "print").glob("*.pdf")} == edited


def test_a_rebuild_with_nothing_changed_keeps_the_parts_for_the_next_edit(tmp_path, monkeypatch):
    """The rebuild takes the whole PDFs from the cache and never asks for their parts; the cache's pruning then
    removed the parts as unused, and the next edit laid every part out again (34 s instead of 14 at 500 texts)."""
    from hefte.build import build
    from hefte.config import load_config
    from hefte.render import pdf_cache

    monkeypatch.setattr(pdf_parts, "PART_CHARS", 1)  # a part per few texts
    monkeypatch.setattr(pdf_cache, "KEEP", 0)  # only what a build used is kept: as a big booklet's many parts are
    root = _many(tmp_path)
    layouts = _layouts(monkeypatch)
    build(load_config(root), workers=1)
    assert layouts.count("texts") >= 6
    for made in (root / ".hefte" / "cache" / "pdf").rglob("*.pdf"):
        os.utime(made, (time.time() - 86400,) * 2)  # built yesterday
    layouts.clear()
    build(load_config(root), workers=1)
    assert layouts == []  # nothing changed: the whole PDFs are reused

    path = root / "texts" / "testhefte" / "t05.md"
    path.write_text(path.read_text("utf-8").replace("Avsnitt 5 om en dag", "Avsnitt 5 om en kveld", 1), "utf-8")
    build(load_config(root), workers=1)
    assert sorted(layouts) == ["texts", "texts"], layouts  # its part, in the print and in the screen PDF


def test_a_print_template_that_knows_no_parts_is_laid_out_whole(tmp_path, monkeypatch):
    """A project's own print.html from before parts (no ``part``) still makes the same PDF, laid out whole."""
    from hefte.build import build
    from hefte.config import load_config

    monkeypatch.setattr(pdf_parts, "PART_CHARS", 1)
    root = _many(tmp_path)
    layouts = _layouts(monkeypatch)
    build(load_config(root), workers=1)
    parted = {p.name: len(pikepdf.open(p).pages) for p in (root / "print").glob("*.pdf")}
    shared = (root / "overrides").resolve()  # the repo's, linked: this project gets a copy of its own
    (root / "overrides").unlink()
    shutil.copytree(shared, root / "overrides")
    template = root / "overrides" / "print" / "print.html"
    template.write_text(template.read_text("utf-8").replace('<meta name="hefte-del"', '<meta name="old"'), "utf-8")
    layouts.clear()
    build(load_config(root), workers=1)
    assert set(layouts) == {"whole"}
    assert {p.name: len(pikepdf.open(p).pages) for p in (root / "print").glob("*.pdf")} == parted


def test_a_link_to_no_anchor_at_all_fails_in_parts_as_it_does_whole(tmp_path, monkeypatch):
    """Stand-in anchors are made only for anchors another part holds: a link to nowhere is not hidden by one."""
    from hefte.errors import RenderError

    root = _many(tmp_path)
    path = root / "texts" / "testhefte" / "t03.md"
    path.write_text(path.read_text("utf-8") + "\nSe [her](#ingensteds).\n", "utf-8")
    state = pipeline.prepare(root)
    pp = state.plan.publications[0]
    errors = []
    for parts in (False, True):
        monkeypatch.setattr(pdf_parts, "PART_CHARS", 1 if parts else 10**9)
        monkeypatch.setattr(pdf_parts, "MAX_PART_CHARS", 1 if parts else 10**9)
        with pytest.raises(RenderError) as info:
            pdf.write_pdf(state, pp, "print", tmp_path / f"{parts}.pdf")
        errors.append(info.value.code)
    assert errors == ["pdf.renderer-error", "pdf.renderer-error"]
