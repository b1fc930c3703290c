"""Reports and booklets as editors make them, read back from the real PDFs (pypdf, pypdfium2) and the built site.

The bundled sample (one session-wide build, conftest.sample_build) carries the report structures: an unnumbered
introduction, numbered chapters and sections, a table and a figure with captions, cross-references, interview
quotes, citations with a generated literature list, an English abstract, an appendix, authors and a back cover.
A small booklet rendered once per module covers text_start: recto, footnotes numbered through the document and
a long quote across pages.
"""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path
from urllib.parse import urljoin

import pikepdf
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from conftest import editorial, make_project, participant
from hefte import pipeline
from hefte.render import pdf

REPORT = "rapport-2026"
BOOKLET = "hefte-2026"


# --- reading PDFs back ------------------------------------------------------------------------------------------


def pages_of(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def bookmarks(path: Path) -> list[tuple[int, str, int]]:
    """(depth, title, 0-based page) of every bookmark, depth first."""
    reader, found = PdfReader(path), []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 1)
    return found


def destination_page(path: Path, name: str) -> int:
    """The page of a named destination (WeasyPrint writes one per element id)."""
    reader = PdfReader(path)
    return reader.get_destination_page_number(reader.named_destinations[name])


def contents_entries(path: Path) -> list[tuple[str, str]]:
    """(entry, page number) of the contents, which may run over several pages."""
    entries, pending, pages = [], "", pages_of(path)
    start = next(i for i, text in enumerate(pages) if text.startswith("Innhold"))
    for text in pages[start:start + 3]:
        if text is not pages[start] and not text.strip().startswith(("1", "2", "3", "A", "V", "L")):
            break
        for line in text.split("\n")[1:] if text is pages[start] else text.split("\n"):
            pending = f"{pending} {line}".strip()
            if found := re.fullmatch(r"(.+?)(?: – [^.]*)? ?\.{3,} ?([\divxlc]+)", pending):
                entries.append((found[1].strip(), found[2]))
                pending = ""
            elif re.fullmatch(r"[ivxlc]+|\d+", pending):
                pending = ""  # the contents page's own folio
    return entries


EAN_L = ["0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011", "0110111", "0001011"]
EAN_G = ["".join("1" if b == "0" else "0" for b in code)[::-1] for code in EAN_L]
EAN_R = ["".join("1" if b == "0" else "0" for b in code) for code in EAN_L]
EAN_FIRST = ["LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLG", "LGLGLG", "LGLGGL", "LGGLGL"]


def _runs(row: list[bool]) -> list[tuple[bool, int]]:
    runs: list[tuple[bool, int]] = []
    for pixel in row:
        if runs and runs[-1][0] == pixel:
            runs[-1] = (pixel, runs[-1][1] + 1)
        else:
            runs.append((pixel, 1))
    return runs


def decode_ean13(row: list[bool]) -> str | None:
    """The 13 digits of an EAN-13 read from one row of pixels (True = dark), or None.

    Any 30 bars in a row (guard 2 + 12 + guard 2 + 12 + guard 2) with light on both sides are tried."""
    runs = _runs(row)
    for start in range(1, len(runs) - 59):
        window = runs[start:start + 59]
        if not window[0][0] or runs[start - 1][0]:
            continue
        width = sum(n for _, n in window)
        module = width / 95
        if runs[start - 1][1] < 5 * module or start + 59 >= len(runs) or runs[start + 59][1] < 5 * module:
            continue  # an EAN stands in a quiet zone
        bits = "".join(("1" if d else "0") * max(1, round(n / module)) for d, n in window)
        if len(bits) != 95 or not (bits.startswith("101") and bits.endswith("101") and bits[45:50] == "01010"):
            continue
        digits = _digits(bits)
        if digits:
            return digits
    return None


def _digits(bits: str) -> str | None:
    left = [bits[3 + 7 * i:10 + 7 * i] for i in range(6)]
    right = [bits[50 + 7 * i:57 + 7 * i] for i in range(6)]
    digits, parity = "", ""
    for code in left:
        if code in EAN_L:
            digits, parity = digits + str(EAN_L.index(code)), parity + "L"
        elif code in EAN_G:
            digits, parity = digits + str(EAN_G.index(code)), parity + "G"
        else:
            return None
    if parity not in EAN_FIRST or any(code not in EAN_R for code in right):
        return None
    return str(EAN_FIRST.index(parity)) + digits + "".join(str(EAN_R.index(code)) for code in right)


def read_barcode(path: Path, index: int) -> set[str]:
    """Every EAN-13 found scanning the rows of one page rendered at 600 dpi."""
    document = pdfium.PdfDocument(str(path))
    try:
        image = document[index].render(scale=600 / 72).to_pil().convert("L")
    finally:
        document.close()
    width, height = image.size
    pixels = image.load()
    found = set()
    for y in range(height // 2, height, 12):
        digits = decode_ean13([pixels[x, y] < 128 for x in range(width // 2, width)])
        if digits:
            found.add(digits)
    return found


# --- the sample report in print ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report(sample_build):
    files = sample_build.pdfs[REPORT]
    pp = next(pp for pp in sample_build.state.plan.publications if pp.publication.id == REPORT)
    return sample_build, pp, files


def test_contents_numbers_are_the_pages_where_chapters_and_sections_start(report):
    _, pp, files = report
    for kind in ("print", "screen"):
        path = files[kind]
        labels, marks = PdfReader(path).page_labels, {title: page for _, title, page in bookmarks(path)}
        entries = contents_entries(path)
        listed = [entry for entry, _ in entries]
        assert listed[:4] == ["Forord", "Sammendrag", "Summary in English", "Innledning"]
        assert "1 Bakgrunn" in listed and "1.3 Deltakerne" in listed and "2 Hva deltakerne fortalte" in listed
        assert "Vedlegg A: Samtykke til publisering" in listed and "A.6 Underskrift" in listed
        for entry, number in entries:
            assert labels[marks[entry]] == number, (kind, entry, number, labels[marks[entry]])


def test_sections_are_indented_under_their_chapter_in_the_contents(report):
    _, _, files = report
    for kind in ("print", "screen"):
        doc = pdfium.PdfDocument(files[kind])
        text = next(t for t in (doc[i].get_textpage() for i in range(len(doc)))
                    if t.get_text_range().startswith("Innhold"))
        words = text.get_text_range()

        def left(entry: str) -> float:
            return text.get_charbox(words.index(entry))[0]

        assert left("1.1 Bakgrunn") - left("1 Bakgrunn") > 10, kind  # 6 mm is 17 pt
        assert left("2.1 Et sted") - left("2 Hva deltakerne") > 10, kind
        assert abs(left("2 Hva deltakerne") - left("1 Bakgrunn")) < 1, kind


def test_writers_names_in_the_contents_only_for_participants_texts(report, sample_build):
    _, _, files = report
    contents = next(p for p in pages_of(files["print"]) if p.startswith("Innhold"))
    assert "Astrid" not in contents and "Sindre" not in contents and "Torunn" not in contents
    booklet = next(p for p in pages_of(sample_build.pdfs[BOOKLET]["print"]) if p.startswith("Innhold"))
    assert "Sølvi Rugtvedt" in booklet and "Torunn Eikås Lindvik" not in booklet  # the introduction is editorial


def test_page_labels_roman_front_matter_then_arabic_from_the_introduction(report):
    _, _, files = report
    path = files["print"]
    labels, pages = PdfReader(path).page_labels, pages_of(path)
    start = next(page for _, title, page in bookmarks(path) if title == "Innledning")
    assert labels[:start] == ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii"][:start]
    assert labels[start:start + 3] == ["1", "2", "3"]
    contents = next(i for i, text in enumerate(pages) if text.startswith("Innhold"))
    assert pages[contents].strip().split("\n")[-1] == labels[contents]  # the printed folio is the viewer's label


def test_bookmarks_are_numbered_nested_and_free_of_footnote_markers(report):
    _, _, files = report
    marks = bookmarks(files["screen"])
    titles = [title for _, title, _ in marks]
    assert (1, "1 Bakgrunn") in [(d, t) for d, t, _ in marks]
    assert (2, "1.1 Bakgrunn og formål") in [(d, t) for d, t, _ in marks]
    assert (3, "3.3.1 Det vi ber NAV om") in [(d, t) for d, t, _ in marks]  # h3 in reports
    assert (1, "Vedlegg A: Samtykke til publisering") in [(d, t) for d, t, _ in marks]
    # «## Natta og ventingen[^3]»: the bookmark has no call number and none of the note's words.
    assert "2.3 Natta og ventingen" in titles
    assert not any("Avsnittet bygger" in t or re.search(r"ventingen\d", t) for t in titles)


def test_footnote_in_a_heading_prints_as_a_footnote(report):
    _, _, files = report
    path = files["print"]
    reader = PdfReader(path)
    page_no = next(p for _, t, p in bookmarks(path) if t == "2.3 Natta og ventingen")
    fonts: dict[str, set[str]] = {}

    def visit(text, cm, tm, font, size):
        if text.strip() and font is not None:
            fonts.setdefault(text.strip(), set()).add(str(font.get("/BaseFont")))

    text = reader.pages[page_no].extract_text(visitor_text=visit)
    assert "Avsnittet bygger på spørreskjemaet" in text.replace("\n", " ")
    heading_line = next(line for line in text.split("\n") if "Natta og ventingen" in line)
    assert "Avsnittet" not in heading_line
    note_fonts = {f for words, f in fonts.items() if "Avsnittet bygger" in words for f in f}
    assert note_fonts and all("Serif" in f and "Bold" not in f for f in note_fonts), note_fonts


def test_each_caption_is_on_the_page_of_its_table_or_figure(report):
    _, _, files = report
    for kind in ("print", "screen"):
        path = files[kind]
        pages = pages_of(path)
        for caption, anchor in (("Tabell 1: Deltakere etter alder og kjønn", "kap1-bakgrunn-tab-deltakere"),
                                ("Figur 1: Oppmøte per kursuke", "kap1-bakgrunn-fig-oppmote"),
                                ("Tabell A.1: Feltene som fylles ut", "vedlegg-a-tab-underskrift")):
            on = [i for i, text in enumerate(pages) if caption in " ".join(text.split())]
            assert on == [destination_page(path, anchor)], (kind, caption, on)
            number, _, words = caption.partition(": ")
            listed = next(text for text in pages if text.startswith("Tabeller og figurer"))
            assert f"{number} {words}" in " ".join(listed.split())  # and in the list of tables and figures
        first_row = next(i for i, text in enumerate(pages) if "18–29 år" in text)
        assert first_row == destination_page(path, "kap1-bakgrunn-tab-deltakere")


def test_cross_references_are_numbered_and_link_to_their_target(report):
    _, _, files = report
    path = files["print"]
    everything = " ".join(" ".join(pages_of(path)).split())
    assert "oversikt over deltakerne etter alder og kjønn, i tabell 1." in everything
    assert "Kapittel 2 presenterer funnene" in everything
    side = re.search(r"står i skjemaet i vedlegg A på side (\d+)", everything)
    start = next(p for _, t, p in bookmarks(path) if t.startswith("Vedlegg A"))
    assert side and side[1] == PdfReader(path).page_labels[start]
    with pikepdf.open(path) as doc:
        links = [a for page in doc.pages for a in page.get("/Annots", []) if a.get("/Subtype") == "/Link"]
        assert any("/Dest" in a or "/A" in a for a in links)


def test_author_metadata_lists_the_authors_once(report):
    _, pp, files = report
    for kind in ("print", "screen"):
        assert PdfReader(files[kind]).metadata.author == "Astrid Molvær Kaasa, Sindre Follestad"
    title_page = pages_of(files["print"])[2]
    assert "Av Astrid Molvær Kaasa og Sindre Follestad" in title_page and "Redigert av" not in title_page


def test_the_barcode_encodes_the_print_isbn_as_vector_bars(report):
    _, pp, files = report
    isbn = pp.publication.isbn_print.replace("-", "")
    last = len(PdfReader(files["print"]).pages) - 1
    assert read_barcode(files["print"], last) == {isbn}
    with pikepdf.open(files["print"]) as doc:
        # Drawn as filled rectangles (vector), not placed as a picture: no image is painted on the back cover.
        operators = [str(op) for _, op in pikepdf.parse_content_stream(doc.pages[last])]
        assert "Do" not in operators and "BI" not in operators and operators.count("re") >= 31
    back = pages_of(files["print"])[-1]
    assert "ISBN 978-82-93871-06-4 (trykt)" in back and "ISBN 978-82-93871-07-1 (PDF)" in back
    assert "Hva skjer når folk som ellers mest blir beskrevet av andre" in back
    assert not read_barcode(files["screen"], len(PdfReader(files["screen"]).pages) - 1)  # the screen PDF has none


def test_interview_quotes_citations_and_the_generated_literature_list(report):
    _, _, files = report
    everything = " ".join(" ".join(pages_of(files["print"])).split())
    assert "— informant 3, deltaker på kurset høsten 2025" in everything
    assert "(Tangvald, 2022; Berntsen og Fjeldvik, 2024)" in everything
    assert "[@" not in everything  # every citation and reference was resolved
    literature = everything[everything.index("Litteratur Lista omfatter"):]
    order = [literature.index(name) for name in ("Berntsen, A.", "Hovdhaugen, L.", "Kvernmo, I.", "Nakkestad, R.",
                                                 "Tangvald, M.", "Ødegård-Vik, K.")]
    assert order == sorted(order)
    assert "tekst:" not in literature[:400]  # byline: none


def test_the_english_abstract_is_tagged_english(report):
    _, _, files = report
    with pikepdf.open(files["screen"]) as doc:
        langs = {str(obj.get("/Lang")) for obj in doc.objects
                 if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/StructElem" and "/Lang" in obj}
    assert "en" in langs


# --- the sample on the website ----------------------------------------------------------------------------------


def site_page(build, text_id, pub=REPORT) -> tuple[str, str]:
    pt = next(pt for pt in build.state.plan.all_texts() if pt.text.id == text_id and pt.text.publication_id == pub)
    return pt.url, (build.site / pt.url / "index.html").read_text("utf-8")


def test_web_pages_carry_the_same_numbers_as_the_pdf(report):
    build, _, files = report
    printed = {title for _, title, _ in bookmarks(files["print"])}
    for text_id in ("kap1-bakgrunn", "kap2-funn", "vedlegg-a"):
        _, page = site_page(build, text_id)
        h1 = htmllib.unescape(re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)[1])).strip()
        assert h1 in printed, h1
        for heading in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", page[page.index("<article"):], re.S):
            words = " ".join(htmllib.unescape(re.sub(r"<sup.*?</sup>|<[^>]+>", "", heading)).split())
            assert words in printed, words
    _, kap1 = site_page(build, "kap1-bakgrunn")
    assert '<span class="nummer">Tabell 1</span>: Deltakere etter alder og kjønn' in kap1
    assert '<span class="nummer">Figur 1</span>: Oppmøte per kursuke' in kap1


def test_web_cross_references_link_to_an_element_that_exists(report):
    build, _, _ = report
    checked = 0
    for text_id in ("innledning", "sammendrag", "kap1-bakgrunn", "kap2-funn", "kap3-anbefalinger"):
        url, page = site_page(build, text_id)
        for href, words in re.findall(r'<a class="xref" href="([^"]+)"[^>]*>([^<]+)</a>', page):
            target = urljoin(f"https://x.example/{url}", href)
            path, _, anchor = target.removeprefix("https://x.example/").partition("#")
            html = (build.site / path / "index.html").read_text("utf-8")
            assert not anchor or f'id="{anchor}"' in html, (text_id, href)
            assert re.fullmatch(r"([Tt]abell|[Ff]igur|[Kk]apittel|[Vv]edlegg) [\dA-Z.]+", words), words
            checked += 1
    assert checked >= 8


def test_web_literature_page_and_lead_as_description(report):
    build, _, _ = report
    _, literature = site_page(build, "litteratur")
    assert literature.count('class="referanse"') == 7 and "tekst:" not in literature.split("<article")[1][:600]
    _, morning = site_page(build, "morgenkaffe", BOOKLET)
    lead = next(pt for pt in build.state.plan.all_texts() if pt.text.id == "morgenkaffe").text.lead
    assert f'<meta name="description" content="{lead}"' in morning
    assert f'<p class="hefte-ingress">{lead}</p>' in morning
    _, hands = site_page(build, "hender", BOOKLET)
    assert '<p class="hefte-byline">tekst: anonym / foto: Bjørnar Hesthagen</p>' in hands
    _, summary = site_page(build, "sammendrag")
    assert '<div lang="en">' in summary


def test_booklet_lead_and_photo_credit_in_print(sample_build):
    pages = pages_of(sample_build.pdfs[BOOKLET]["print"])
    hands = next(text for text in pages if text.startswith("Det hendene husker"))
    assert "tekst: anonym / foto: Bjørnar Hesthagen" in hands
    assert "Om en farfar, en verktøykasse" in hands.split("tekst: anonym")[0]  # the lead stands under the title


# --- a small booklet: text_start recto, footnotes through the document, a long quote ----------------------------


LONG_QUOTE = "\n\n".join(
    f"Avsnitt {n} av intervjuet: Vi satt lenge og snakket om hvordan det var å vente på svar fra kontoret, "
    "og om hvordan ventingen fylte dagene mer enn noe annet vi gjorde." for n in range(1, 26))


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = tmp_path_factory.mktemp("liten")
    intro = editorial("Innledning", "Første del.[^1]\n\n[^1]: Første note.\n\nSlik fortalte en av dem:\n\n"
                      f"::: intervju informant 2, deltaker\n{LONG_QUOTE}\n:::\n\nEtter sitatet.\n")
    rows = "\n".join(f"| Rad {n} | {n * 3} |" for n in range(1, 31))
    table = editorial("Tabellen", "Dette er en lang innledning til tabellen som fyller siden. " * 40
                      + f"\n\nTabell: En lang tabell {{#tab:lang}}\n\n| Rad | Tall |\n|---|--:|\n{rows}\n",
                      contributor=None)
    texts = {"innledning.md": intro, "tabell.md": table,
             "en.md": participant("Kort tekst", "Bare én linje.[^1]\n\n[^1]: Andre note.\n", lead="En ingress."),
             "to.md": participant("Enda en", "To linjer.\n\nTo avsnitt.\n", contributor="c-02", display_name="Per")}
    make_project(root, texts, text_start="recto", footnote_numbering="document")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        state = pipeline.prepare(root)
        assert not state.findings.has_errors(), [f.format("en") for f in state.findings.errors]
        result = pdf.render_all(state, root / "out")
    assert not [w for w in result.warnings if "WeasyPrint" in w or "Skriftene" in w], result.warnings
    return state, result["testhefte"]


def test_a_caption_goes_with_its_table_when_the_table_moves_or_breaks(small):
    _, files = small
    path = files["print"]
    pages = [" ".join(p.split()) for p in pages_of(path)]
    caption = next(i for i, p in enumerate(pages) if "Tabell 1: En lang tabell" in p)
    assert caption == next(i for i, p in enumerate(pages) if "Rad 1 3" in p) == destination_page(
        path, "tabell-tab-lang")
    assert next(i for i, p in enumerate(pages) if "Rad 30 90" in p) > caption  # long tables may break …
    assert pages[caption + 1].count("Rad Tall") == 1  # … and their header repeats


def test_recto_start_puts_every_text_on_a_right_hand_page(small):
    _, files = small
    starts = {title: page for depth, title, page in bookmarks(files["print"]) if depth == 1}
    assert all(starts[t] % 2 == 0 for t in ("Innledning", "Tabellen", "Kort tekst", "Enda en"))
    assert len(PdfReader(files["print"]).pages) % 4 == 0


def test_footnotes_numbered_through_the_document(small):
    _, files = small
    text = " ".join(" ".join(pages_of(files["print"])).split())
    assert "1. Første note" in text and "2. Andre note" in text


def test_a_long_quote_breaks_across_pages_with_its_attribution_at_the_end(small):
    _, files = small
    pages = [" ".join(p.split()) for p in pages_of(files["print"])]
    first = next(i for i, p in enumerate(pages) if "Avsnitt 1 av intervjuet" in p)
    last = next(i for i, p in enumerate(pages) if "Avsnitt 25 av intervjuet" in p)
    assert last > first and "Slik fortalte en av dem:" in pages[first]  # no empty space left before the quote
    assert "— informant 2, deltaker" in pages[last]
