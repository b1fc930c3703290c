"""Canary: build a real project (site + PDFs) whose writers' real names and held-back words must appear nowhere.

Phase 1 builds tests/fixtures/canary with the real pipeline and searches every output file with a detector
that shares no code with verify (raw bytes, unescaped text, pypdf instead of pdfium). Phase 2 bypasses the
policy on purpose (a stale page from before a withdrawal, a name in the search index, a PDF with /Author, an
original photo, …) and asserts that verify catches every planted leak and names the file.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import re
import shutil
import unicodedata
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from pypdf import PdfReader
from weasyprint import HTML

from conftest import TODAY, write_site_config
from hefte import pipeline
from hefte.guard import verify
from hefte.build import build
from hefte.config import load_config
from hefte.guard.policy import Medium

FIXTURE = Path(__file__).parent / "fixtures" / "canary"
PUB = "kanarifugl"
# Every name nobody chose to publish: surnames, their halves and unpublished first names. Not "Gunnvor" or
# "Åsmund" (their first-name bylines) and not Hallgeir Tveråmo (named): those are the positive controls.
SECRET_NAMES = ["Fjellheim", "Trøan", "Sølvi", "Østerbø", "Kvamme", "Torbjørn", "Hæreid", "Ulvestad", "Ragnfrid",
                "Skjeldestad", "Kvernhusvik", "Eldbjørg", "Nyhus", "Bråthen", "Bergljot", "Kjærstad", "Sigvald",
                "Ødegård", "Hjelmeland", "Margareth", "Sæbø"]
NEVER = ["skjermflimmeret", "kladdebokstavene", "vårløsningsdagen", "det ingen på kontoret visste om meg",
         "kladd om kurset og de andre", "neste vår kommer dette ut", "linerla", "nordavind"]
NOT_ON_WEB = ["papirduften", "bare på papiret denne gangen"]  # print-only text (also not in the screen PDF)
NOT_IN_PRINT = ["skjermlyset", "bare på skjermen i år"]  # web-only text (also not in the screen PDF)
_TRANSLIT = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def _photo(path: Path, real_name: str) -> None:
    """A phone photo as participants send them: the owner's name in EXIF and XMP, and a GPS position."""
    exif = Image.Exif()
    exif[0x013B] = real_name  # Artist
    exif[0x010E] = f"Foto: {real_name}"  # ImageDescription
    exif[0x8825] = {1: "N", 2: (59.0, 44.0, 10.5), 3: "E", 4: (10.0, 12.0, 30.0)}  # GPSInfo
    xmp = (f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           f'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{real_name}</dc:creator>'
           f"</rdf:Description></rdf:RDF></x:xmpmeta>").encode()
    image = Image.linear_gradient("L").resize((1600, 1067)).convert("RGB")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", exif=exif.tobytes(), xmp=xmp, quality=80)


def make_canary(root: Path) -> Path:
    shutil.copytree(FIXTURE, root)
    (root / "private").mkdir()
    shutil.move(root / "register.yml", root / "private" / "register.yml")
    _photo(root / "texts" / PUB / "bilder" / "gunnvor-fjellheim-troan.jpg", "Gunnvor Fjellheim-Trøan")
    _photo(root / "texts" / PUB / "bilder" / "torbjorn-haereid-ulvestad.jpg", "Torbjørn Hæreid-Ulvestad")
    _photo(root / "texts" / PUB / "bilder" / "vinterfugl-portrett.jpg", "Sølvi Østerbø Kvamme")
    write_site_config(root)  # the repo's mkdocs.yml, docs_dir inside the copy, custom_dir -> repo overrides
    return root


@pytest.fixture(scope="module")
def canary(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HEFTE_TODAY", TODAY)
        root = make_canary(tmp_path_factory.mktemp("canary") / "project")
        result = build(load_config(root), pdf=True)
        yield root, result


# --- an independent look at the outputs -----------------------------------------------------------------------


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    parts = [page.extract_text() or "" for page in reader.pages]
    parts += [str(v) for v in (reader.metadata or {}).values()]
    if reader.xmp_metadata is not None:
        parts.append(reader.xmp_metadata.stream.get_data().decode("utf-8", "replace"))

    def titles(items):
        for item in items:
            yield from titles(item) if isinstance(item, list) else [item.title]

    parts += list(titles(reader.outline))
    for page in reader.pages:
        parts += [image.data.decode("latin-1") + image.data.decode("utf-8", "replace") for image in page.images]
    return "\n".join(parts + [data.decode("latin-1")])


def output_text(path: Path) -> str:
    """Everything a person or program could read from a file, casefolded, with hyphenation undone."""
    data = path.read_bytes()
    name = path.name
    if name.endswith(".gz"):
        data, name = gzip.decompress(data), name[:-3]
    text = _pdf_text(data) if name.endswith(".pdf") else data.decode("utf-8", "replace")
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), html.unescape(text))
    text = re.sub(r"[-\u2010]\s*\n\s*", "", text.replace("\u00ad", ""))
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def outputs(root: Path) -> dict[Path, str]:
    """Every output file -> "web", "screen" or "print" (the manifest is the editors' record, looked at apart)."""
    found = {}
    for folder in ("site", "print"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and path.name != "manifest.json":
                screen = path.suffix == ".pdf" and (folder == "site" or path.stem == PUB)
                found[path] = "screen" if screen else "web" if folder == "site" else "print"
    return found


def secrets_in(path: Path, medium: str, root: Path | None = None) -> list[str]:
    """Secret words in a file's content or in its path below ``root`` (file and folder names)."""
    text = output_text(path) + " " + path.relative_to(root or path.parent).as_posix().casefold()
    words = [*SECRET_NAMES, *NEVER, *(NOT_ON_WEB if medium in ("web", "screen") else ()),
             *(NOT_IN_PRINT if medium in ("print", "screen") else ())]
    variants = sorted({w.casefold() for word in words for w in (word, word.translate(_TRANSLIT))}, key=len)[::-1]
    # Whole words only ("solvi" is in "resolving"); a genitive s is still the name.
    pattern = re.compile(rf"(?<!\w)({'|'.join(map(re.escape, variants))})s?(?!\w)")
    return sorted(set(pattern.findall(text)))


def test_the_build_succeeds_and_no_output_holds_a_secret(canary):
    root, result = canary
    files = outputs(root)
    assert result.verify_report is not None and not result.verify_report.has_errors()
    assert {p.name for p in files if p.suffix == ".pdf"} == {f"{PUB}.pdf", f"{PUB}-trykk.pdf", f"{PUB}-a4-hefte.pdf"}
    leaks = {str(p.relative_to(root)): found for p, medium in files.items() if (found := secrets_in(p, medium, root))}
    assert leaks == {}


def test_the_search_is_not_blind(canary):
    """Positive controls: what may be published is found by the same search, in the same files."""
    root, _ = canary
    site = output_text(root / "site" / "search" / "search_index.json")
    assert all(w in site for w in ("hallgeir tveråmo", "gunnvor", "vinterfugl", "skjermlyset"))
    printed = output_text(root / "print" / f"{PUB}-trykk.pdf")
    assert all(w in printed for w in ("hallgeir tveråmo", "papirduften", "kaffen koker over"))
    original = root / "texts" / PUB / "bilder" / "gunnvor-fjellheim-troan.jpg"
    assert "fjellheim" in secrets_in(original, "web")  # EXIF and XMP of the original photo are readable to the search
    published = sorted((root / "site" / PUB / "bilder").iterdir())
    # two photos (each with its narrower copies for phones, name-480.jpg …): the pseudonymous writer's portrait
    # (shows_writer: true) is held back from web and print
    photos = {re.sub(r"-\d+$", "", p.stem) for p in published}
    assert len(photos) == 2 and not any(secrets_in(p, "web") for p in published)


def test_a_pseudonyms_face_is_held_back_everywhere(canary):
    root, result = canary
    [portrait] = [p for pt in result.state.plan.all_texts() for p in pt.photos
                  if p.photo.file.endswith("vinterfugl-portrett.jpg")]
    assert not portrait.decision.anywhere
    assert {r.value for r in portrait.decision.reasons(Medium.WEB)} == {"policy.photo-pseudonym-writer"}
    printed = output_text(root / "print" / f"{PUB}-trykk.pdf")
    assert "strikkelue" not in printed and "strikkelue" not in output_text(root / "site" / "search" /
                                                                          "search_index.json")


def test_the_manifest_names_forms_but_no_other_secret(canary):
    root, _ = canary
    manifest = json.loads((root / "print" / "manifest.json").read_text("utf-8"))
    [pub] = manifest["publications"]
    assert {h["id"] for h in pub["held_back"]} == {f"{PUB}/trukket", f"{PUB}/utkast", f"{PUB}/embargo"}
    kaffe = next(t for t in pub["texts"] if t["id"] == f"{PUB}/kaffe")
    assert kaffe["consent"]["form"] == "C-2026-Fjellheim"  # the editors' reference: private, never published
    text = (root / "print" / "manifest.json").read_text("utf-8").replace("C-2026-Fjellheim", "")
    assert [n for n in SECRET_NAMES if n.casefold() in text.casefold()] == []


# --- phase 2: bypass the policy and make verify find it --------------------------------------------------------


def _stale_page_from_before_the_withdrawal(root: Path, tmp_path: Path) -> Path:
    """Build a copy as it was before the writer withdrew; return that build's page of the text."""
    before = tmp_path / "before"
    shutil.copytree(root, before, symlinks=True, ignore=shutil.ignore_patterns("site", "print"))
    text = before / "texts" / PUB / "trukket.md"
    text.write_text(text.read_text("utf-8").replace("withdrawn: 2026-11-15", "withdrawn: null"), "utf-8")
    build(load_config(before), pdf=False)
    return before / "site" / PUB / "det-ingen-pa-kontoret-visste-om-meg" / "index.html"


def test_verify_catches_every_planted_leak(canary, tmp_path, monkeypatch):
    root, _ = canary
    out = tmp_path / "out"
    shutil.copytree(root / "site", out / "site")
    shutil.copytree(root / "print", out / "print")
    site, prt = out / "site", out / "print"
    planted: dict[str, tuple[Path, set[str]]] = {}  # leak -> (file, codes verify must report for it)

    stale = _stale_page_from_before_the_withdrawal(root, tmp_path)
    target = site / PUB / "det-ingen-pa-kontoret-visste-om-meg" / "index.html"
    target.parent.mkdir()
    shutil.copy(stale, target)
    planted["stale page of the withdrawn text"] = (target, {"verify.held-back-text", "verify.held-back-title",
                                                             "verify.name"})

    index_path = site / "search" / "search_index.json"
    index = json.loads(index_path.read_text("utf-8"))
    index["docs"][-1]["text"] += "<p>Takk til Sølvi Østerbø Kvamme.</p>"
    index_path.write_text(json.dumps(index), "utf-8")
    planted["name in a search index entry"] = (index_path, {"verify.name"})

    trykk = prt / f"{PUB}-trykk.pdf"
    with pikepdf.open(trykk, allow_overwriting_input=True) as pdf:
        pdf.docinfo["/Author"] = "Torbjørn Hæreid-Ulvestad"
        pdf.save(trykk)
    planted["name in the print PDF's /Author"] = (trykk, {"verify.name"})

    screen = prt / f"{PUB}.pdf"
    with pikepdf.open(screen, allow_overwriting_input=True) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["dc:creator"] = ["Eldbjørg Nyhus-Bråthen"]
        pdf.save(screen)
    planted["name in the screen PDF's XMP"] = (screen, {"verify.name"})

    photo = site / PUB / "bilder" / "gunnvor-fjellheim-troan.jpg"
    shutil.copy(root / "texts" / PUB / "bilder" / photo.name, photo)
    planted["original photo on the site"] = (photo, {"verify.image-metadata", "verify.name"})

    front = site / "index.html"
    front.write_text(front.read_text("utf-8").replace(
        "</article>", "<p>Papirduften fra den gamle permen minnet meg om en annen tid.</p></article>", 1), "utf-8")
    planted["print-only text on the front page"] = (front, {"verify.held-back-text"})

    web_pdf = site / "pdf" / f"{PUB}.pdf"
    web_pdf.write_bytes(HTML(string="<h1>Bare på skjermen i år</h1><p>Skjermlyset var det første jeg så da jeg "
                                    "våknet om morgenen.</p>").write_pdf())
    planted["web-only text in the screen PDF on the site"] = (web_pdf, {"verify.held-back-text",
                                                                       "verify.held-back-title"})

    sitemap = site / "sitemap.xml"
    sitemap.write_text(sitemap.read_text("utf-8").replace("</urlset>", "<url><loc>https://x/01019010046/</loc>"
                                                                        "</url></urlset>"), "utf-8")
    planted["fødselsnummer in the sitemap"] = (sitemap, {"verify.fnr"})

    not_found = site / "404.html"
    not_found.write_text(not_found.read_text("utf-8").replace("</h1>", "</h1><p>Neste vår kommer dette ut</p>", 1))
    planted["embargoed title on the 404 page"] = (not_found, {"verify.held-back-title"})

    page = next((site / PUB).glob("kaffen-pa-vedovnen/index.html"))
    page.write_text(page.read_text("utf-8").replace('alt="', 'alt="Gunnvor Fjellheim-Trøan: ', 1), "utf-8")
    planted["real name in an alt attribute"] = (page, {"verify.name"})

    # issue 8: the same secrets in disguise
    overview = site / PUB / "index.html"
    overview.write_text(overview.read_text("utf-8").replace("</article>", "<p>" + "\u200b".join(
        "Skjermflimmeret på kontoret var det eneste som ikke så bort fra meg.".split()) + "</p></article>", 1),
        "utf-8")
    planted["withdrawn sentence with zero-width spaces for spaces"] = (overview, {"verify.held-back-text"})

    natt = next((site / PUB).glob("te-ved-vinduet-klokka-tre/index.html"))
    natt.write_text(natt.read_text("utf-8").replace('alt="', 'alt="Tatt av Kvern&#8203;husvik: ', 1), "utf-8")
    planted["surname behind an entity for a zero-width space"] = (natt, {"verify.name"})

    navn = next((site / PUB).glob("med-fullt-navn-og-stolt-av-det/index.html"))
    navn.write_text(navn.read_text("utf-8").replace("</article>", "<p>Sølvi kom også, og "
                                                    "<a href='https://x.example/Kvernhusvik'>lenka</a> "
                                                    "var til Kvern%68usvik.</p></article>", 1), "utf-8")
    planted["a pseudonymous writer's first name"] = (navn, {"verify.first-name", "verify.name"})

    nettet = next((site / PUB).glob("bare-pa-skjermen-i-ar/index.html"))
    nettet.write_text(nettet.read_text("utf-8").replace("</article>", "<p>Nr. 01.01.90 100 46</p></article>", 1))
    planted["a grouped fødselsnummer"] = (nettet, {"verify.fnr"})

    imposed = prt / f"{PUB}-a4-hefte.pdf"
    imposed.write_bytes(HTML(string="<h1>D\u0435t \u0456ng\u0435n på k\u043ent\u043er\u0435t v\u0456sst\u0435 "
                                    "\u043em m\u0435g</h1>").write_pdf())
    planted["withdrawn title in Cyrillic look-alikes in a print PDF"] = (imposed, {"verify.held-back-title"})

    report = verify.verify(pipeline.prepare(root), site, prt)
    caught = {leak: codes <= {f.code for f in report.errors if f.path == path}
              for leak, (path, codes) in planted.items()}
    missed = [leak for leak, ok in caught.items() if not ok]
    print(f"\ncanary: {len(planted)} leaks planted, {sum(caught.values())} caught, "
          f"{len(report.errors)} error findings, {report.files_scanned} files scanned")
    for finding in report.sorted():
        print("  " + finding.format("en", out))
    assert missed == []
    # and nothing else: every error points at a file we tampered with
    assert {f.path for f in report.errors} == {path for path, _ in planted.values()}
    # the message names the file and the place, and never repeats the secret itself
    for finding in report.errors:
        where = finding.location(out)
        line = finding.format("en", out)
        assert line.startswith(str(finding.path.relative_to(out)))
        assert not any(n.casefold() in line[len(where):].casefold() for n in SECRET_NAMES)
