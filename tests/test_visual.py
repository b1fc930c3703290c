"""Visual regression of the print PDF: a small FIXED booklet, pages rendered to PNG and compared.

PDF tooling breaks quietly between WeasyPrint releases (a lost font, a shifted margin, an empty cover);
text assertions miss that, pictures do not. The fixture below is written out in full here, so changes to
shared test helpers or to the live sample never move these pages; only the templates, CSS, fonts and
hefte.render.pdf do. After an intended change of the look, regenerate and commit the references:

    HEFTE_UPDATE_REFERENCE=1 .venv/bin/pytest tests/test_visual.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat

from hefte.render import pdf
from hefte import pipeline

REPO = Path(__file__).resolve().parents[1]
REFERENCE = Path(__file__).parent / "reference"
DPI = 50
MAX_MEAN_DIFF = 0.02
"""Mean absolute difference over all pixels and channels, as a share of 255."""
MAX_BOX_SHIFT = 3
"""Pixels the bounding box of the ink may move (antialiasing differs a little between machines)."""

PUBLICATION = """\
title: Visuell prøve
subtitle: Et fast hefte for bildetesten
kind: booklet
lang: nb
editors: [Hilde Redaktør]
publisher: {name: Testverkstedet, address: "Gata 1, 0001 Oslo", url: "https://test.example.no"}
place: Oslo
year: 2026
series: {name: Prøver, number: "1"}
isbn: {print: "978-82-00000-00-6", pdf: "978-82-00000-01-3"}
credits: {layout: Lise Layout, print: Trykkeriet AS}
licence: © Forfatterne
cover: {image: omslag.png, alt: "Blå sirkler på lys bunn"}
trim: A5
roman_front_matter: true
texts: [innledning.md, morgen.md, dikt.md]
"""

APPROVED = "review: {status: approved, by: HD, date: 2026-03-10}\n"
CONSENT = ("consent: {web: true, print: true, given: 2026-03-02, form: C-1, publish_after: null, withdrawn: null}\n"
           "photos: []\n")

TEXTS = {
    "innledning.md": "---\ntitle: Innledning\nlang: nb\ngenre: prose\nrole: editorial\ncontributor: null\n"
                     "byline: named\ndisplay_name: Hilde Redaktør\nphotos: []\n" + APPROVED + "---\n\n"
                     + "Dette heftet samler tekster fra kurset. Vi skrev hver tirsdag gjennom hele høsten, "
                       "og mange av tekstene handler om venting, arbeid og hverdagsliv. " * 4 + "\n",
    "morgen.md": "---\ntitle: Morgenen før møtet\nlang: nb\ngenre: prose\nrole: participant\ncontributor: c-01\n"
                 "byline: first-name\ndisplay_name: Kari\n" + CONSENT + APPROVED + "---\n\n"
                 + ("Jeg drikker kaffen stående ved vinduet og ser på arbeidsavklaringspengene som aldri kommer "
                    "til riktig tid. Saksbehandleren ringer klokka ni. ") * 6 + "\n\n"
                 + "Etterpå går jeg en lang tur langs elva og tenker på alt jeg burde ha sagt. " * 5 + "\n",
    "dikt.md": "---\ntitle: Venterommet\nlang: nb\ngenre: poem\nrole: participant\ncontributor: c-02\n"
               "byline: anonymous\n" + CONSENT + APPROVED + "---\n\n"
               "Lappen sier 47.\nTavla sier 31.\nJeg har god tid\ntil å lære meg stolene.\n\n"
               "Den blå med flekken.\nDen som vipper.\n",
}


REPORT = """\
title: Visuell rapport
kind: report
lang: nb
authors: [Ola Forsker, Kari Forsker]
publisher: {name: Testverkstedet}
year: 2026
isbn: {print: "978-82-00000-00-6"}
trim: A4
texts: [kapittel.md]
"""

CHAPTER = ("---\ntitle: Funn\nlang: nb\ngenre: prose\nrole: editorial\ncontributor: null\nbyline: none\n"
           "display_name: null\nlead: Hva deltakerne fortalte om ventingen.\nphotos: []\n" + APPROVED + "---\n\n"
           + "## Ventingen[^1]\n\n"
           + "Mange beskrev ventingen som et arbeid i seg selv, som [@tab:svar] viser. " * 5 + "\n\n"
           + "Tabell: Svar ved kursslutt {#tab:svar}\n\n| Svar | Antall | Andel |\n|:--|--:|--:|\n"
           + "| I stor grad | 12 | 54,5 |\n| Noe | 7 | 31,8 |\n| Lite | 3 | 13,6 |\n\n"
           + "::: intervju informant 3, deltaker\nJeg visste at det sto en kopp til meg der. Det var det som fikk meg "
             "ut døra de første ukene.\n:::\n\n::: intervju informant 7, deltaker\nTirsdag var dagen jeg var noen "
             "annen enn en sak.\n:::\n\n"
           + "### Etter kurset\n\n- Fortsette å skrive:\n    - hjemme\n    - i en gruppe\n- Lese for andre\n\n"
           + "[^1]: Bygger på fire gruppeintervjuer.\n")


def render_fixed(root: Path, pub_id: str, publication: str, texts: dict[str, str], files: dict | None = None) -> Path:
    """Write a fixed publication under ``root``, render its PDFs as of a fixed day; the print PDF's path."""
    folder = root / "texts" / pub_id
    folder.mkdir(parents=True)
    (folder / "publication.yml").write_text(publication, "utf-8")
    for name, content in texts.items():
        (folder / name).write_text(content, "utf-8")
    for name, image in (files or {}).items():
        image.save(folder / name)
    (root / "overrides").symlink_to(REPO / "overrides")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HEFTE_TODAY", "2026-11-22")
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        state = pipeline.prepare(root)
        assert not state.findings.has_errors(), [str(f) for f in state.findings.errors]
        result = pdf.render_all(state, root / "out")
    assert not [w for w in result.warnings if "WeasyPrint" in w or "Skriftene" in w], result.warnings
    return result[pub_id]["print"]


@pytest.fixture(scope="module")
def fixed_report(tmp_path_factory):
    return render_fixed(tmp_path_factory.mktemp("visuell-rapport"), "rapport", REPORT, {"kapittel.md": CHAPTER})


def cover_png() -> Image.Image:
    """A drawn (not photographed) cover: the same pixels on every machine."""
    image = Image.new("RGB", (600, 850), (236, 240, 232))
    draw = ImageDraw.Draw(image)
    for radius in range(40, 420, 36):
        draw.ellipse((300 - radius, 520 - radius, 300 + radius, 520 + radius), outline=(60, 110, 130), width=6)
    draw.rounded_rectangle((120, 380, 300, 470), radius=20, fill=(222, 120, 80))
    draw.rounded_rectangle((330, 300, 500, 380), radius=20, fill=(40, 100, 110))
    return image


@pytest.fixture(scope="module")
def fixed_booklet(tmp_path_factory):
    return render_fixed(tmp_path_factory.mktemp("visuell"), "visuell", PUBLICATION, TEXTS, {"omslag.png": cover_png()})


def first_text_page(path: Path) -> int:
    from pypdf import PdfReader

    reader = PdfReader(path)
    titles = {item.title: reader.get_destination_page_number(item) for item in reader.outline
              if not isinstance(item, list)}
    return titles["Innledning"]


def render_page(path: Path, index: int) -> Image.Image:
    document = pdfium.PdfDocument(str(path))
    try:
        page = document[index % len(document)]
        image = page.render(scale=DPI / 72).to_pil().convert("RGB")
        page.close()
        return image
    finally:
        document.close()


def ink_box(image: Image.Image) -> tuple[int, int, int, int] | None:
    """Bounding box of everything that is not paper white."""
    return ImageChops.difference(image, Image.new("RGB", image.size, "white")).convert("L").point(
        lambda v: 255 if v > 40 else 0).getbbox()


def compare(actual: Image.Image, name: str, tmp_path: Path) -> None:
    reference = REFERENCE / f"{name}.png"
    if os.environ.get("HEFTE_UPDATE_REFERENCE") == "1":
        REFERENCE.mkdir(exist_ok=True)
        actual.save(reference, optimize=True)
        pytest.skip(f"reference written: {reference}; look at it, then commit it")
    if not reference.is_file():
        REFERENCE.mkdir(exist_ok=True)
        actual.save(reference, optimize=True)
        pytest.fail(f"no reference for {name}: wrote {reference}. Look at it, and commit it if it is right.")
    expected = Image.open(reference).convert("RGB")
    saved = tmp_path / f"{name}.actual.png"
    actual.save(saved)
    assert actual.size == expected.size, f"{name}: page size changed {expected.size} -> {actual.size} (see {saved})"
    diff = ImageChops.difference(actual, expected)
    mean = sum(ImageStat.Stat(diff).mean) / 3 / 255
    assert mean < MAX_MEAN_DIFF, f"{name}: {mean:.2%} of the page changed (see {saved} against {reference})"
    box, box_expected = ink_box(actual), ink_box(expected)
    assert (box is None) == (box_expected is None), f"{name}: page became {'empty' if box is None else 'inked'}"
    if box:
        shift = max(abs(a - b) for a, b in zip(box, box_expected))
        assert shift <= MAX_BOX_SHIFT, f"{name}: content moved by {shift}px {box_expected} -> {box} (see {saved})"


@pytest.mark.parametrize("name, page", [("omslag", 0), ("tittelside", 2), ("forste-tekst", None), ("bakside", -1)])
def test_page_looks_like_the_reference(fixed_booklet, name, page, tmp_path):
    index = first_text_page(fixed_booklet) if page is None else page
    compare(render_page(fixed_booklet, index), f"visuell-{name}", tmp_path)


def test_report_chapter_looks_like_the_reference(fixed_report, tmp_path):
    """Numbered headings, the table's caption, interview quotes, a footnote from a heading, nested bullets."""
    from pypdf import PdfReader

    reader = PdfReader(fixed_report)
    chapter = next(reader.get_destination_page_number(item) for item in reader.outline
                   if not isinstance(item, list) and item.title == "1 Funn")
    compare(render_page(fixed_report, chapter), "visuell-rapport-kapittel", tmp_path)


def test_missing_reference_fails_loudly(tmp_path, monkeypatch):
    """A reference that is not there must never pass silently."""
    monkeypatch.delenv("HEFTE_UPDATE_REFERENCE", raising=False)
    monkeypatch.setattr(sys.modules[__name__], "REFERENCE", tmp_path / "reference")
    with pytest.raises(pytest.fail.Exception, match="no reference"):
        compare(Image.new("RGB", (10, 10), "white"), "mangler", tmp_path)
    assert (tmp_path / "reference" / "mangler.png").is_file()


def test_proof_sheet_shows_every_page_as_spreads(fixed_booklet):
    from hefte.render import proof
    from hefte.config import load_config

    config = load_config(fixed_booklet.parents[1], print_dir=str(fixed_booklet.parent))
    written = proof.proof_all(config)
    assert written == [fixed_booklet.parent / "visuell-korrektur.png"]
    sheet = Image.open(written[0])
    assert sheet.width > sheet.height  # spreads side by side
    assert proof._spreads(8) == [(None, 0), (1, 2), (3, 4), (5, 6), (7, None)]
    assert ink_box(sheet) is not None
