"""`hefte studio` in real headless Chromium on a real server (waitress), in course-room mode (--lan).

Participants hand in a prose text and a poem with a photo through the form, and upload a Word and a
LibreOffice file; the files on disk are what a person would write, pass `hefte check`, and are not published
by the next build. Strangers without the course link get 403, one participant cannot read another's text,
a POST without the CSRF token is refused, an oversized upload and a renamed program are refused with a clear
message, and axe finds nothing on any studio page at 1280 and 320 px.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from click.testing import CliRunner

import studio_fixtures as fx
from conftest import make_project, participant
from test_browser import CHROMIUM, browser  # noqa: F401 (the module-scoped Chromium fixture)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (apt-get install chromium)")

PROSE = ("Kaffe på brygga", "Jeg sitter på brygga hver morgen før bussen går.\n\nMåkene vet hvem jeg er. "
         "Det er *min* time.")
POEM = ("Nattevakt", "Lyset i gangen\nstår på hele natta\n\nog jeg teller\nskrittene til morgenen")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("studio")
    register = {"contributors": {"c-01": {"names": ["Sølvi Rugtvedt"], "contact": "solvi@example.no"}}, "deny": []}
    return make_project(root, {"forste.md": participant("Første tekst")}, pub_id="hefte-test", register=register)


@pytest.fixture(scope="module")
def studio(project):
    server = fx.Studio(project)
    yield server
    server.close()


def phone(browser, studio, *, join=True):
    context = browser.new_context(viewport={"width": 360, "height": 780}, bypass_csp=True)
    page = context.new_page()
    if join:
        page.goto(studio.join)
    return page


def write(page, studio, title, body, *, genre="prose", name=None, byline="first-name", photo=None, shown=None):
    page.goto(f"{studio.url}/skriv")
    page.fill("#title", title)
    page.check(f"#genre-{genre}")
    page.fill("#body", body)
    if name:
        page.fill("#name", name)
        page.fill("#contact", "41234567")
    page.check(f"#byline-{byline}")
    if shown:
        page.fill("#shown_name", shown)
    page.check("#web-ja")
    page.check("#print-ja")
    if photo:
        page.set_input_files("#photo", files=[{"name": "IMG_2031.JPG", "mimeType": "image/jpeg", "buffer": photo}])
        page.fill("#photo_alt", "En benk under en gatelykt i snø")
        page.fill("#photo_credit", "Thea")
        page.check("#photo_recognisable-nei")
        page.check("#photo_web-ja")
        page.check("#photo_print-nei")
    fx.press(page, "Se hvordan det blir")


def send(page) -> str:
    assert "Slik blir teksten din" in page.inner_text("h1"), page.inner_text("main")
    fx.press(page, "Send inn teksten")
    assert "Takk! Teksten din er sendt inn" in page.inner_text("h1")
    return page.url


@pytest.fixture(scope="module")
def handed_in(browser, studio, project):
    """Kari writes a prose text and a poem with a photo; Nora uploads a Word poem; Kari an .odt."""
    kari = phone(browser, studio)
    write(kari, studio, *PROSE, name="Kari Fjellheim Testesen")
    prose_url = send(kari)
    write(kari, studio, *POEM, genre="poem", byline="pseudonym", shown="Nattugla", photo=fx.phone_photo())
    preview = kari.inner_text("main")
    assert "UTKAST – ikke publisert" in preview and "tekst: Nattugla" in preview
    assert kari.locator(".sider img").count() >= 1  # the printed page(s), as images
    poem_url = send(kari)

    nora = phone(browser, studio)
    nora.goto(f"{studio.url}/last-opp")
    nora.check("#genre-poem")
    nora.set_input_files("#document", files=[{"name": "dikt.docx", "buffer": fx.docx_poem(),
                                              "mimeType": "application/octet-stream"}])
    fx.press(nora, "Les fila")
    assert "Fila ble lest som et Word-dokument (.docx)." in nora.inner_text(".melding")
    assert nora.input_value("#title") == fx.POEM_TITLE
    assert nora.input_value("#body") == ("Snøen faller stille\nover tak og trær og små hus\n\n"
                                         "jeg går *alene* hjem\nmot lyset i vinduet\n")
    nora.fill("#name", "Nora Bakkeli Prøvestad")
    nora.check("#byline-anonymous")
    nora.check("#web-ja")
    nora.check("#print-ja")
    fx.press(nora, "Se hvordan det blir")
    assert nora.locator(".utkast em", has_text="alene").count() == 1  # the italics, rendered as the site will
    docx_url = send(nora)

    kari.goto(f"{studio.url}/last-opp")
    kari.set_input_files("#document", files=[{"name": "kaffe.odt", "buffer": fx.odt_prose(),
                                              "mimeType": "application/vnd.oasis.opendocument.text"}])
    fx.press(kari, "Les fila")
    assert "Fila ble lest som et LibreOffice-dokument (.odt)." in kari.inner_text(".melding")
    kari.check("#byline-first-name")
    kari.check("#web-nei")
    kari.check("#print-ja")
    fx.press(kari, "Se hvordan det blir")
    assert "Teksten kommer ikke på nettsida." in kari.inner_text("main")
    assert "ikke på nettsida (du har sagt nei)" in kari.inner_text("main")  # said to her, not about her
    odt_url = send(kari)
    return {"kari": kari, "nora": nora, "prose": prose_url, "poem": poem_url, "docx": docx_url, "odt": odt_url}


def front_matter(path):
    text = path.read_text("utf-8")
    return yaml.safe_load(text.split("---\n")[1]), text.split("---\n", 2)[2]


def test_handed_in_files_are_what_a_person_would_write(handed_in, project):
    from hefte.render.images import find_metadata

    folder = project / "texts" / "hefte-test"
    register = yaml.safe_load((project / "private" / "register.yml").read_text("utf-8"))["contributors"]
    kari_id = next(cid for cid, c in register.items() if c["names"] == ["Kari Fjellheim Testesen"])
    nora_id = next(cid for cid, c in register.items() if c["names"] == ["Nora Bakkeli Prøvestad"])
    assert kari_id == "c-02" and nora_id == "c-03" and register[kari_id]["contact"] == "41234567"

    prose, prose_body = front_matter(folder / "kaffe-pa-brygga.md")
    assert prose["title"] == "Kaffe på brygga" and prose["genre"] == "prose" and prose["contributor"] == kari_id
    assert prose["byline"] == "first-name" and prose["display_name"] == "Kari"  # her first name, from her name
    assert prose["consent"] == {"web": True, "print": True, "given": None, "form": None, "publish_after": None,
                                "withdrawn": None}
    assert prose["review"] == {"status": "submitted", "by": None, "date": None}
    assert prose_body == "\n" + PROSE[1] + "\n"

    poem, poem_body = front_matter(folder / "nattevakt.md")
    assert poem["genre"] == "poem" and poem["contributor"] == kari_id  # her name was asked once
    assert poem["byline"] == "pseudonym" and poem["display_name"] == "Nattugla"
    assert poem["photos"] == [{"file": "bilder/nattevakt.jpg", "alt": "En benk under en gatelykt i snø",
                               "credit": "Thea", "shows_writer": False, "consent": {"web": True, "print": False}}]
    assert poem_body == "\n" + POEM[1] + "\n"
    photo = folder / "bilder" / "nattevakt.jpg"
    assert photo.is_file() and find_metadata(photo) == []
    assert b"Kari Fjellheim" not in photo.read_bytes()

    docx, docx_body = front_matter(folder / "vinter-pa-ovre-asen.md")
    assert docx["byline"] == "anonymous" and docx["display_name"] is None and docx["contributor"] == nora_id
    assert "jeg går *alene* hjem\nmot lyset i vinduet" in docx_body
    odt, odt_body = front_matter(folder / "kaffe-pa-trappa.md")
    assert odt["consent"]["web"] is False and "Det er *min* tid." in odt_body
    assert "Nora" not in (folder / "vinter-pa-ovre-asen.md").read_text("utf-8")  # her name only in the register
    for sent in (project / "private" / "studio" / "utkast").iterdir():  # sent drafts keep only where they went
        assert [p.name for p in sent.iterdir() if not p.name.startswith(".")] == ["utkast.json"]
        kept = json.loads((sent / "utkast.json").read_text("utf-8"))
        assert kept["handed_in"] and kept["fields"] == {} and kept["photo"] is None


def test_handed_in_texts_pass_check_and_are_not_published_until_approved(handed_in, project):
    from hefte.build import build
    from hefte.cli import main
    from hefte.config import load_config

    result = CliRunner().invoke(main, ["check", "--root", str(project)])
    assert result.exit_code == 0, result.output
    assert "«nattevakt.md» står ikke i rekkefølgen ennå" in result.output
    # The editor puts them in the order; they are still held back, because nobody has approved them.
    pub_yml = project / "texts" / "hefte-test" / "publication.yml"
    data = yaml.safe_load(pub_yml.read_text("utf-8"))
    data["texts"] += ["kaffe-pa-brygga.md", "nattevakt.md", "vinter-pa-ovre-asen.md", "kaffe-pa-trappa.md"]
    pub_yml.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    check = CliRunner().invoke(main, ["check", "--root", str(project)])
    assert check.exit_code == 0 and check.output.count("ikke godkjent av redaksjonen") >= 8
    built = build(load_config(project))
    site = "".join(p.read_text("utf-8", "replace") for p in built.site.rglob("*") if p.suffix in (".html", ".json", ".xml"))
    assert "Første tekst" in site
    for words in ("Kaffe på brygga", "Måkene vet hvem jeg er", "Nattevakt", "skrittene til morgenen",
                  "Snøen faller stille", "bryggene i Ålesund"):
        assert words not in site
    from pypdf import PdfReader

    printed = "".join(page.extract_text() for pdf in (project / "print").glob("*.pdf")
                      for page in PdfReader(pdf).pages)
    assert "Første tekst" in printed and "Nattevakt" not in printed and "Måkene" not in printed


def test_course_room_strangers_get_403_and_participants_see_only_their_own(handed_in, browser, studio):
    stranger = phone(browser, studio, join=False)
    response = stranger.goto(f"{studio.url}/skriv")
    assert response.status == 403 and "lenke eller QR-kode fra kurslederen" in stranger.inner_text("main")
    assert stranger.goto(handed_in["prose"]).status == 403
    nora = handed_in["nora"]
    assert nora.goto(handed_in["prose"]).status == 403  # Kari's text
    assert "Kaffe på brygga" not in nora.goto(f"{studio.url}/mine").text()
    assert handed_in["kari"].goto(handed_in["prose"]).status == 200


def test_a_post_without_the_csrf_token_is_refused(handed_in, studio, project):
    kari = handed_in["kari"]
    before = sorted((project / "texts" / "hefte-test").glob("*.md"))
    response = kari.request.post(f"{studio.url}/skriv", form={
        "title": "Forfalsket", "body": "Dette skulle ikke lagres.", "genre": "prose", "lang": "nb",
        "byline": "anonymous", "web": "ja", "print": "ja", "publication": "hefte-test"})
    assert response.status == 400 and "Skjemaet var for gammelt" in response.text()
    assert sorted((project / "texts" / "hefte-test").glob("*.md")) == before


def test_an_oversized_upload_and_a_renamed_program_are_refused_clearly(handed_in, browser, studio, monkeypatch):
    from hefte.studio import uploads

    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 1_000_000)  # the same rule, a lighter upload
    page = handed_in["nora"]
    page.goto(f"{studio.url}/last-opp")
    page.set_input_files("#document", files=[{"name": "oppgave.docx", "buffer": fx.program(),
                                              "mimeType": "application/vnd.openxmlformats-officedocument."
                                                          "wordprocessingml.document"}])
    fx.press(page, "Les fila")
    assert "Dette er et program (Windows-program, .exe), ikke en tekst." in page.inner_text("#feil-document")
    page.set_input_files("#document", files=[{"name": "roman.txt", "mimeType": "text/plain",
                                              "buffer": b"Lang tekst. " * 90_000}])
    fx.press(page, "Les fila")
    assert "Fila er for stor (grensen er 1 MB for en tekst)" in page.inner_text("#feil-document")
    page.goto(f"{studio.url}/skriv")
    page.set_input_files("#photo", files=[{"name": "bilde.jpg", "mimeType": "image/jpeg", "buffer": fx.program()}])
    page.fill("#title", "Med feil bilde")
    fx.press(page, "Se hvordan det blir")
    assert "kan ikke leses" in page.inner_text("#feil-photo")
    assert page.input_value("#title") == "Med feil bilde"  # what she typed is kept


def test_axe_finds_nothing_on_any_studio_page_at_1280_and_320(handed_in, browser, studio):
    axe = fx.axe_source()
    problems = []
    for width in (1280, 320):
        context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
        page = context.new_page()
        page.goto(f"{studio.url}/")
        problems += fx.axe_violations(page, axe)  # the 403 page a stranger sees
        page.goto(studio.join)
        for path in ("/", "/skriv", "/last-opp", "/mine", "/redaksjon/logg-inn", "/finnes-ikke"):
            page.goto(studio.url + path)
            problems += fx.axe_violations(page, axe)
        page.goto(f"{studio.url}/skriv")
        page.fill("#title", "Halvveis")
        fx.press(page, "Se hvordan det blir")  # the form with its error summary and messages
        problems += fx.axe_violations(page, axe)
        page.goto(f"{studio.url}/last-opp")
        fx.press(page, "Les fila")
        problems += fx.axe_violations(page, axe)
        write(page, studio, f"Bredde {width}", "En kort tekst.\n", name="Axe Testesen",
              photo=fx.phone_photo(800, 600))
        problems += fx.axe_violations(page, axe)  # the preview, with the web article and the printed pages
        fx.press(page, "Send inn teksten")
        problems += fx.axe_violations(page, axe)  # the receipt
        page.goto(f"{studio.url}/mine")
        problems += fx.axe_violations(page, axe)  # with «Jeg er ferdig»
        page.goto(f"{studio.url}/skriv")
        page.fill("#title", "Mistet økta")
        page.fill("#body", "Ord som ikke må bli borte.")
        context.clear_cookies()
        fx.press(page, "Se hvordan det blir")
        assert "Teksten din er ikke lagret" in page.inner_text("main")
        problems += fx.axe_violations(page, axe)  # her words given back to copy
        context.close()
    assert not problems, "\n".join(problems)


def test_a_phone_sees_the_form_without_sideways_scrolling(handed_in, browser, studio):
    page = handed_in["kari"]
    page.set_viewport_size({"width": 320, "height": 700})
    for path in ("/skriv", "/last-opp", re.sub(r"^https?://[^/]+", "", handed_in["prose"])):
        page.goto(studio.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path


def test_the_whole_participant_flow_works_with_the_keyboard_alone(browser, studio):
    """Tab, arrow keys, space and Enter only: from the front page through the form and the preview to the
    receipt, with the focus always visible."""
    page = phone(browser, studio)

    def focused() -> str:
        return page.evaluate("(() => { const e = document.activeElement; return (e.id ? '#' + e.id : '') + ' '"
                             " + (e.innerText || '').trim(); })()")

    def tab_to(wanted: str) -> None:
        for _ in range(60):
            page.keyboard.press("Tab")
            if wanted in focused():
                outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
                assert outline != "none", f"no visible focus on {wanted}"
                return
        raise AssertionError(f"the keyboard never reached {wanted}")

    def enter() -> None:
        with page.expect_navigation():
            page.keyboard.press("Enter")

    page.goto(f"{studio.url}/")
    tab_to("Skriv eller lim inn en tekst")
    enter()
    tab_to("#title")
    page.keyboard.type("Med tastaturet")
    tab_to("#body")
    page.keyboard.type("Første linje\nAndre linje")
    tab_to("#name")
    page.keyboard.type("Tove Tastesen")
    tab_to("#byline-named")
    page.keyboard.press("ArrowDown")  # a radio group is one stop; the arrows choose
    tab_to("#web-ja")
    page.keyboard.press("Space")
    tab_to("#print-ja")
    page.keyboard.press("Space")
    tab_to("Se hvordan det blir")
    enter()
    assert "Slik blir teksten din" in page.inner_text("h1"), page.inner_text("main")
    assert "leserne ser «tekst: Tove»" in page.inner_text("main")
    tab_to("Send inn teksten")
    enter()
    assert "Takk! Teksten din er sendt inn" in page.inner_text("h1")
    tab_to("last ned kvitteringen")
