"""hefte.render.pdf: the printed booklet and report, asserted on the real PDFs (pypdf/pikepdf), not on the HTML.

The bundled sample is rendered once per module; small fixture projects cover the edge cases.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path

import pikepdf
import pyphen
import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import REPO, TODAY, editorial, make_project, participant
from hefte.render import pdf
from hefte import pipeline
from hefte.errors import RenderError
from hefte.model import Byline
from hefte.guard.policy import Medium

MM = 72 / 25.4
A5 = (148 * MM, 210 * MM)
A4 = (210 * MM, 297 * MM)
BLEED = 3 * MM


# --- helpers ---------------------------------------------------------------------------------------------


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def outline(path: Path) -> list[tuple[str, int]]:
    """(title, 0-based page) of every bookmark, depth first."""
    reader = PdfReader(path)
    found = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item)))

    walk(reader.outline)
    return found


def folio(text: str) -> str:
    """The page number printed on a page (the last line that is a number, arabic or roman)."""
    lines = [line.strip() for line in text.strip().split("\n")]
    numbers = [line for line in lines if re.fullmatch(r"\d+|[ivxlc]+", line)]
    return numbers[-1] if numbers else ""


def toc_entries(page: str) -> list[tuple[str, str]]:
    """(entry, page number) from a contents page; a long entry may wrap over several lines."""
    entries, pending = [], ""
    for line in page.split("\n")[1:]:
        pending = f"{pending} {line}".strip()
        if found := re.fullmatch(r"(.+?)(?: – [^.]*)? ?\.{3,} ?([\divxlc]+)", pending):
            entries.append((found[1], found[2]))
            pending = ""
    return entries


def text_pages(path: Path, titles: list[str]) -> dict[str, list[str]]:
    """Title -> the page texts of that text (from its bookmark to the next one)."""
    marks, pages = [(t, p) for t, p in outline(path) if t in titles], page_texts(path)
    return {title: pages[start:end] for (title, start), (_, end) in zip(marks, [*marks[1:], (None, len(pages))])}


def assert_no_renderer_warnings(result):
    renderer = [w for w in result.warnings if "WeasyPrint" in w]
    assert not renderer, renderer


def render(root: Path):
    state = pipeline.prepare(root)
    result = pdf.render_all(state, root / "out")
    assert_no_renderer_warnings(result)
    return state, result


def jpeg(width: int, height: int, colour=(90, 140, 170)) -> bytes:
    Image.new("RGB", (width, height), colour).save(buf := io.BytesIO(), "JPEG", quality=90)
    return buf.getvalue()


LONG_PROSE = (
    "Arbeidsavklaringspengene kom endelig etter sykefraværsoppfølgingen, og saksbehandlingstiden var "
    "uforståelig lang for alle som ventet i venteværelset. " * 12
)
POEM = "Jeg venter\npå arbeidsavklaringspengene\nsom kommer\nsaksbehandlingsuforståelighetene\nsom aldri tar slutt\n"


def photo(file: str) -> dict:
    return {"file": file, "alt": "Et blått bilde", "credit": "Thea", "shows_writer": False,
            "consent": {"web": True, "print": True}}


# --- the bundled sample, rendered once -------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    if not (REPO / "texts" / "hefte-2026" / "publication.yml").is_file():
        pytest.skip("the bundled sample is not there")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HEFTE_TODAY", TODAY)
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        out = tmp_path_factory.mktemp("pdf")
        state = pipeline.prepare(REPO)
        result = pdf.render_all(state, out)
        yield state, result, out


def plan_of(state, pub_id):
    return next(pp for pp in state.plan.publications if pp.publication.id == pub_id)


def test_render_all_returns_every_file(sample):
    state, result, out = sample
    assert_no_renderer_warnings(result)
    assert set(result) == {"hefte-2026", "rapport-2026"}
    assert result["hefte-2026"] == {"screen": out / "hefte-2026.pdf", "print": out / "hefte-2026-trykk.pdf",
                                    "imposed": out / "hefte-2026-a4-hefte.pdf"}
    assert set(result["rapport-2026"]) == {"screen", "print"}  # reports are not imposed
    for files in result.values():
        assert all(path.is_file() for path in files.values())


@pytest.mark.parametrize("pub_id, trim", [("hefte-2026", A5), ("rapport-2026", A4)])
def test_print_pdf_is_print_ready(sample, pub_id, trim):
    path = sample[1][pub_id]["print"]
    reader = PdfReader(path)
    assert len(reader.pages) % 4 == 0
    for page in reader.pages:
        assert float(page.trimbox.width) == pytest.approx(trim[0], abs=0.05)
        assert float(page.trimbox.height) == pytest.approx(trim[1], abs=0.05)
        for box in (page.bleedbox, page.mediabox):
            assert float(box.left) == pytest.approx(float(page.trimbox.left) - BLEED, abs=0.05)
            assert float(box.bottom) == pytest.approx(float(page.trimbox.bottom) - BLEED, abs=0.05)
            assert float(box.width) == pytest.approx(trim[0] + 2 * BLEED, abs=0.05)
            assert float(box.height) == pytest.approx(trim[1] + 2 * BLEED, abs=0.05)


@pytest.mark.parametrize("kind", ["print", "screen"])
def test_every_font_is_embedded_and_ours(sample, kind):
    for files in sample[1].values():
        with pikepdf.open(files[kind]) as doc:
            fonts = [obj for obj in doc.objects if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font"]
            assert fonts
            for font in fonts:
                # Fallback fonts (DejaVu …) mean a glyph is missing from ours: the printer would see a mixed face.
                assert "Source" in str(font.BaseFont), font.BaseFont
                for descendant in font.get("/DescendantFonts", [font]):
                    descriptor = descendant.get("/FontDescriptor")
                    assert descriptor is not None, font.BaseFont
                    assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.BaseFont


def test_screen_pdf_is_tagged_without_bleed(sample):
    for files in sample[1].values():
        reader = PdfReader(files["screen"])
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
        assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
        for page in reader.pages:
            assert page.mediabox == page.trimbox


def test_contents_page_numbers_are_where_the_texts_start(sample):
    state, result, _ = sample
    for pub_id in ("hefte-2026", "rapport-2026"):
        path = result[pub_id]["print"]
        pages, labels = page_texts(path), PdfReader(path).page_labels
        contents = next(i for i, text in enumerate(pages) if text.startswith("Innhold"))
        entries = toc_entries(pages[contents])
        starts = dict(outline(path))
        texts = [pt.text.title for pt in plan_of(state, pub_id).for_medium(Medium.PRINT)]
        # Every text is listed (reports: with its number and its sections); each entry's page is where it starts.
        listed = [entry for entry, _ in entries]
        assert all(any(entry.endswith(title[-20:]) for entry in listed) for title in texts), (texts, listed)
        for entry, number in entries:
            mark = next(m for m in starts if m.endswith(entry[-20:]))
            assert folio(pages[starts[mark]]) == number == labels[starts[mark]], (entry, number)
        if pub_id == "hefte-2026":
            # text_start is new-page by default: only the first text must open on a right-hand page.
            first = starts[texts[0]]
            assert first % 2 == 0 and not all(starts[title] % 2 == 0 for title in texts)


def test_roman_front_matter_and_main_matter_from_1(sample):
    pages = page_texts(sample[1]["hefte-2026"]["print"])
    contents = next(i for i, text in enumerate(pages) if text.startswith("Innhold"))
    assert folio(pages[contents]) == ["i", "ii", "iii", "iv", "v", "vi", "vii"][contents]
    first = outline(sample[1]["hefte-2026"]["print"])[1][1]
    assert folio(pages[first]) == "1"
    assert folio(pages[first + 1]) == "2"
    # Cover and title page carry no folio.
    assert folio(pages[0]) == "" and folio(pages[2]) == ""


def test_consent_decides_what_is_in_which_pdf(sample):
    state, result, _ = sample
    pub = state.project.publication("hefte-2026")
    printed = "\n".join(page_texts(result["hefte-2026"]["print"]))
    screen = "\n".join(page_texts(result["hefte-2026"]["screen"]))
    for text_id in ("vinterdikt", "det-jeg-ikke-sa", "utkast-om-mor"):  # web only, withdrawn, not approved
        title = pub.text(text_id).title
        assert title not in printed and title not in screen, title
    brevet = pub.text("brevet").title  # print only: in the print PDF, not in the one linked from the web
    assert brevet in printed
    assert brevet not in screen
    withdrawn = pub.text("det-jeg-ikke-sa")
    assert withdrawn.display_name not in printed and withdrawn.display_name not in screen


def test_photos_only_where_their_consent_allows(sample):
    state, result, _ = sample
    pp = plan_of(state, "hefte-2026")
    allowed = sum(len(pt.photos_for(Medium.PRINT)) for pt in pp.for_medium(Medium.PRINT))
    with pikepdf.open(result["hefte-2026"]["print"]) as doc:
        images = {obj.objgen for page in doc.pages for _, obj in page.get_images().items()}
    assert len(images) == allowed + 1  # + the cover


def test_hyphenation_in_prose_never_in_poems(sample):
    state, result, _ = sample
    pp = plan_of(state, "hefte-2026")
    texts = {pt.text.title: pt.text for pt in pp.for_medium(Medium.PRINT)}
    by_title = text_pages(result["hefte-2026"]["print"], list(texts))
    split_words = 0
    for title, pages in by_title.items():
        text = texts[title]
        body = re.sub(r"\s+", " ", text.body)
        for page in pages:
            lines = page.split("\n")
            for line, after in zip(lines, lines[1:]):
                if not re.search(r"\w-$", line):
                    continue
                head = line.split()[-1].rstrip("-")
                tail = (after.split() or [""])[0]
                if text.genre.value == "poem":
                    assert line.strip() in text.body, f"hyphenated poem line in {title}: {line!r}"
                elif re.sub(r"\W+$", "", head + tail) in body and f"{head}-" not in body:
                    split_words += 1
    assert split_words > 0


def test_bookmarks_metadata_and_language(sample):
    state, result, _ = sample
    for pub_id, files in result.items():
        pp = plan_of(state, pub_id)
        pub = pp.publication
        for kind in ("print", "screen"):
            reader = PdfReader(files[kind])
            assert reader.metadata.title == pub.title
            assert reader.trailer["/Root"]["/Lang"] == pub.lang
            chosen = pp.for_medium(Medium.PRINT) if kind == "print" else pipeline.screen_texts(pp)
            titles = [t for t, _ in outline(files[kind])]
            for pt in chosen:
                assert any(title.endswith(pt.text.title) for title in titles), pt.text.title
            author = reader.metadata.author or ""
            for editor in [*pub.authors, *pub.editors]:
                assert editor in author
            for pt in pp.texts:
                named = pt.text.byline is Byline.NAMED and pt in chosen
                if pt.text.display_name and not named and pt.text.display_name not in [*pub.editors, *pub.authors]:
                    assert pt.text.display_name not in author, (pt.text.id, author)
                for real in _register_names(state, pt.text.contributor):
                    if not named:
                        assert real not in author


def _register_names(state, contributor):
    entry = state.project.register.contributors.get(contributor or "")
    return entry.names if entry else []


def test_report_numbering_footnotes_and_captions(sample):
    state, result, _ = sample
    pp = plan_of(state, "rapport-2026")
    html = pdf.print_html(state, pp, Medium.PRINT)
    assert re.search(r'<caption><span class="nummer">Tabell 1</span>: Deltakere', html)
    assert 'class="footnote"' not in html and 'class="fn"' in html
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "ids collide between texts"
    pages = page_texts(result["rapport-2026"]["print"])
    everything = "\n".join(pages)
    assert re.search(r"^1 Bakgrunn$", everything, re.M)
    assert re.search(r"^1\.1 \S", everything, re.M)
    assert re.search(r"^2\.1 \S", everything, re.M)
    assert re.search(r"^Innledning$", everything, re.M)  # numbering: none: no number before it
    # Footnote 1 of chapter 1 stands at the foot of the page that calls it, not at the end of the chapter.
    chapter = state.project.publication("rapport-2026").text("kap1-bakgrunn")
    note = re.search(r"^\[\^1\]:\s*(.{20})", chapter.body, re.M)[1]
    call = re.search(r"(\S+ \S+ \S+)\[\^1\]", chapter.body)[1]
    on_page = [i for i, page in enumerate(pages) if note in page.replace("\n", " ")]
    assert on_page and call in pages[on_page[0]].replace("\n", " ")


def test_imposed_booklet_has_two_pages_per_side(sample):
    files = sample[1]["hefte-2026"]
    sides = PdfReader(files["imposed"]).pages
    assert len(sides) == len(PdfReader(files["print"]).pages) // 2
    assert float(sides[0].mediabox.width) > float(sides[0].mediabox.height)


def test_sidecar_fingerprint_matches_the_plan(sample):
    state, _, out = sample
    for pp in state.plan.publications:
        sidecar = json.loads((out / f"{pp.publication.id}.json").read_text("utf-8"))
        assert sidecar["fingerprint"] == pipeline.pdf_fingerprint(pp, None)
        assert sidecar["pages"] == len(PdfReader(out / f"{pp.publication.id}.pdf").pages)


def test_same_input_same_bytes(sample, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    state, result, _ = sample
    pp = plan_of(state, "hefte-2026")
    for kind in ("print", "screen"):
        again = tmp_path / f"{kind}.pdf"
        pdf.write_pdf(state, pp, kind, again)
        assert hashlib.sha256(again.read_bytes()).digest() == hashlib.sha256(
            result["hefte-2026"][kind].read_bytes()).digest(), kind


# --- fixture projects: edge cases ------------------------------------------------------------------------


def small_booklet(root: Path, **pub_changes) -> Path:
    texts = {
        "innledning.md": editorial("Innledning", "Velkommen til heftet.\n\n::: sitat kveld\nDet var kveld.\n:::\n"),
        "prosa.md": participant("Lang prosa", LONG_PROSE, byline="named", display_name="Kari Nordmann",
                                photos=[photo("bilder/lite.jpg")]),
        "dikt.md": participant("Et dikt", POEM, genre="poem", contributor="c-02", display_name="Per"),
        "nynorsk.md": participant("Nynorsk prosa", LONG_PROSE.replace("og", "og"), lang="nn", contributor="c-03",
                                  byline="anonymous", display_name=None),
        "kveld.md": participant("Kveld", "Det var kveld.\n", contributor="c-04", display_name="Sjøfuglen",
                                byline="pseudonym", **{"consent.print": False}),
    }
    return make_project(root, texts, files={"bilder/lite.jpg": jpeg(200, 150)}, **pub_changes)


@pytest.fixture
def booklet(tmp_path):
    small_booklet(tmp_path)
    return render(tmp_path)


def test_fixture_booklet_padding_and_low_dpi_warning(booklet, tmp_path):
    state, result = booklet
    reader = PdfReader(result["testhefte"]["print"])
    assert len(reader.pages) % 4 == 0
    last = reader.pages[-1].extract_text()
    assert "Testverkstedet" in last  # the back cover stays the last page, after the padding
    low = [w for w in result.warnings if "lite.jpg" in w]
    assert low and "«Lang prosa» (prosa.md)" in low[0] and "300" in low[0]


def test_quotes_follow_their_source_and_web_only_texts_stay_out_of_print(booklet):
    state, result = booklet
    printed = "\n".join(page_texts(result["testhefte"]["print"]))
    assert "Kveld" not in printed and "Sjøfuglen" not in printed  # no print consent: text and quote gone


def test_continuous_numbering_without_roman_front_matter(booklet):
    state, result = booklet
    path = result["testhefte"]["print"]
    pages = page_texts(path)
    for title, page in outline(path)[1:]:
        assert folio(pages[page]) == str(page + 1), title


def test_an_edited_print_template_is_compiled_again(tmp_path):
    # The templates' compiled code is kept between builds (.hefte/cache/maler): an edit must show at once.
    import shutil

    small_booklet(tmp_path)
    (tmp_path / "overrides").unlink()
    shutil.copytree(REPO / "overrides", tmp_path / "overrides")
    state = pipeline.prepare(tmp_path)
    pp = state.plan.publications[0]
    first = pdf.print_html(state, pp, "print")
    assert pdf.print_html(state, pp, "print") == first and "<!-- endret -->" not in first
    template = tmp_path / "overrides" / "print" / "print.html"
    template.write_text(template.read_text("utf-8").replace("</body>", "<!-- endret --></body>"), "utf-8")
    assert "<!-- endret -->" in pdf.print_html(state, pp, "print")


def test_a_pdf_worker_renders_the_same_html_as_the_build_with_every_quote(tmp_path):
    # Each PDF worker gets the build's State pickled (pdf_jobs.py). Its plan once carried a lookup by id(), which
    # named nothing there: every quote of another text went missing from PDFs laid out in a worker, and their
    # cache keys never matched the build's, so they were laid out again on every build.
    import pickle

    from conftest import copy_sample

    state = pipeline.prepare(copy_sample(tmp_path))
    sent = pickle.loads(pickle.dumps(state))
    for pp, there in zip(state.plan.publications, sent.plan.publications, strict=True):
        for variant in ("print", "screen"):
            html = pdf.print_html(state, pp, variant)
            assert 'class="sitat"' in html or pp.publication.id != "hefte-2026"
            assert pdf.print_html(sent, there, variant) == html, (pp.publication.id, variant)


def test_lang_on_each_text_and_pyphen_knows_it(booklet):
    state, _ = booklet
    html = pdf.print_html(state, state.plan.publications[0], "print")
    assert '<html lang="nb"' in html
    assert re.search(r'<article [^>]*class="[^"]*prose[^"]*"[^>]*lang="nn"', html)
    for lang in ("nb", "nn"):  # WeasyPrint asks pyphen for the exact lang value; both must resolve
        assert pyphen.language_fallback(lang)


def test_nynorsk_prose_is_hyphenated_too(booklet):
    state, result = booklet
    pages = text_pages(result["testhefte"]["print"], ["Nynorsk prosa", "Et dikt"])
    assert any(re.search(r"\w-$", line) for page in pages["Nynorsk prosa"] for line in page.split("\n"))
    assert not any(re.search(r"\w-$", line) for page in pages["Et dikt"] for line in page.split("\n"))


def test_images_full_resolution_in_print_downscaled_on_screen(tmp_path):
    make_project(tmp_path, {"a.md": participant("Bilde", "Tekst.\n", photos=[photo("stor.jpg")])},
                 files={"stor.jpg": jpeg(3000, 2000)})
    _, result = render(tmp_path)
    widths = {}
    for kind in ("print", "screen"):
        with pikepdf.open(result["testhefte"][kind]) as doc:
            widths[kind] = max(int(obj.Width) for page in doc.pages for _, obj in page.get_images().items())
    assert widths["print"] == 3000
    assert widths["screen"] < 1200


def test_author_field_has_only_editors_and_named_writers(booklet):
    _, result = booklet
    for kind in ("print", "screen"):
        author = PdfReader(result["testhefte"][kind]).metadata.author
        assert author == "Hilde Redaktør, Kari Nordmann"


def test_source_date_epoch_fixes_the_dates(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    make_project(tmp_path, {"a.md": participant("En", "Tekst.\n")})
    _, result = render(tmp_path)
    meta = PdfReader(result["testhefte"]["print"]).metadata
    assert meta["/CreationDate"].startswith("D:20260101000000") and meta["/ModDate"] == meta["/CreationDate"]


def test_without_epoch_the_newest_consent_or_review_date(booklet):
    _, result = booklet
    assert PdfReader(result["testhefte"]["screen"]).metadata["/CreationDate"].startswith("D:20260310")


def test_same_bytes_in_another_checkout_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    digests = []
    for name in ("a", "en-annen-mappe"):
        root = tmp_path / name
        root.mkdir()
        small_booklet(root)
        _, result = render(root)
        digests.append({k: hashlib.sha256(p.read_bytes()).hexdigest() for k, p in result["testhefte"].items()})
    assert digests[0] == digests[1]


@pytest.mark.parametrize("consent, files", [({"consent.web": False}, {"print", "imposed"}), ({"consent.print": False}, None)])
def test_which_pdfs_a_publication_gets(tmp_path, consent, files):
    make_project(tmp_path, {"a.md": participant("Bare en", "Tekst.\n", **consent)})
    _, result = render(tmp_path)
    assert (set(result["testhefte"]) if files else dict(result)) == (files or {})
    assert not (tmp_path / "out" / "testhefte.json").exists()  # no screen PDF, no sidecar


def test_html_is_escaped_and_style_from_texts_never_reaches_the_renderer(tmp_path):
    make_project(tmp_path, {"a.md": participant("<b>Fet</b> & «tittel»", "Tekst.\n")})
    state = pipeline.prepare(tmp_path)
    html = pdf.print_html(state, state.plan.publications[0], None)
    assert "&lt;b&gt;Fet&lt;/b&gt; &amp; «tittel»" in html and "<b>Fet</b>" not in html
    body = '<table><tr><td style="background: url(file:///etc/passwd)">x</td></tr></table>\n'
    make_project(tmp_path, {"a.md": participant("Lur", body)})
    state = pipeline.prepare(tmp_path)
    html = pdf.print_html(state, state.plan.publications[0], "print")
    assert "<td>x</td>" in html and "passwd" not in html and "style=" not in html.split("<body")[1]


def test_renderer_errors_are_fatal(tmp_path, monkeypatch):
    # WeasyPrint only logs errors (here: an option it does not know) and carries on; we stop.
    make_project(tmp_path, {"a.md": participant("En", "Tekst.\n")})
    monkeypatch.setattr(pdf, "_options", lambda variant: {"ukjent_valg": True})
    with pytest.raises(RenderError) as info:
        pdf.render_all(pipeline.prepare(tmp_path), tmp_path / "out")
    assert info.value.code == "pdf.renderer-error" and "ukjent_valg" in info.value.message()
    assert not (tmp_path / "out" / "testhefte-trykk.pdf").exists()


def test_missing_glyphs_are_reported_not_hidden(tmp_path):
    make_project(tmp_path, {"a.md": participant("Niillas", "Čuoiggat ja ŋ-bokstaven.\n")})
    result = pdf.render_all(pipeline.prepare(tmp_path), tmp_path / "out")
    fallback = [w for w in result.warnings if "Skriftene våre mangler" in w]
    assert fallback and "Č" in fallback[0] and "ŋ" in fallback[0]


def test_crop_marks_when_configured(tmp_path):
    make_project(tmp_path, {"a.md": participant("Merker", "Tekst.\n")})
    (tmp_path / "pyproject.toml").write_text("[tool.hefte]\ncrop_marks = true\n", "utf-8")
    state, result = render(tmp_path)
    assert state.config.crop_marks
    page = PdfReader(result["testhefte"]["print"]).pages[0]
    assert float(page.bleedbox.width) == pytest.approx(A5[0] + 2 * BLEED, abs=0.05)
    assert "marks: crop" in pdf.print_html(state, state.plan.publications[0], "print")
    assert "marks:" not in pdf.print_html(state, state.plan.publications[0], "screen")


def test_progress_reports_each_pdf(tmp_path):
    small_booklet(tmp_path)
    calls = []
    pdf.render_all(pipeline.prepare(tmp_path), tmp_path / "out", progress=lambda *a: calls.append(a))
    assert calls == [("pdf:testhefte", n, 3) for n in range(4)]


def test_harfbuzz_subset_missing_is_said_once_per_build_not_per_font():
    # Without libharfbuzz-subset0 WeasyPrint warns once per font per PDF; hefte says it once itself
    # (environment.require_pango), and other WeasyPrint warnings still reach the editor.
    import logging

    from hefte.render import pdf

    with pdf._captured("weasyprint") as logged:
        log = logging.getLogger("weasyprint")
        log.warning('Using fontTools instead of HarfBuzz-Subset for font "%s". This will be unsupported', "X")
        log.warning("Ignored `foo: bar` at 1:1, unknown property.")
    assert [line for _, line in logged] == ["Ignored `foo: bar` at 1:1, unknown property."]
