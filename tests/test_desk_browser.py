"""The editors' desk in the studio, in real headless Chromium on a real server (issue 11, the web part).

An editor logs in with the passphrase, finds a participant's new text under «trenger handling», puts it in
the order, approves it and records its consent form, and the next build publishes it; she withdraws a text
(asked once more first) and the next build removes it everywhere; she makes a writer's proof and consent form
(PDFs under private/ only). Every action goes through hefte.desk (round trip, atomic write, private log), so the
writer's words are untouched. axe finds nothing on the editor's pages at 1280 and 320 px.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

import studio_fixtures as fx
from conftest import make_project, participant
from test_browser import CHROMIUM, browser  # noqa: F401 (the module-scoped Chromium fixture)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (apt-get install chromium)")

NEW_TITLE = "Brygga om morgenen"
NEW_BODY = "Jeg sitter på brygga hver morgen før bussen går.\n\nMåkene vet hvem jeg er, og jeg vet hvem de er."


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("desk")
    register = {"contributors": {"c-01": {"names": ["Sølvi Rugtvedt"], "contact": "solvi@example.no"}}, "deny": []}
    return make_project(root, {"kveld.md": participant("Kveld ved elva", body="Elva renner sakte forbi.\n")},
                        pub_id="hefte-test", register=register)


@pytest.fixture(scope="module")
def studio(project):
    server = fx.Studio(project)
    yield server
    server.close()


@pytest.fixture(scope="module")
def handed_in(browser, studio, project):
    page = browser.new_context(viewport={"width": 360, "height": 780}).new_page()
    page.goto(studio.join)
    page.goto(f"{studio.url}/skriv")
    page.fill("#title", NEW_TITLE)
    page.fill("#body", NEW_BODY)
    page.fill("#name", "Kari Fjellheim Testesen")
    page.check("#byline-first-name")
    page.check("#web-ja")
    page.check("#print-ja")
    fx.press(page, "Se hvordan det blir")
    fx.press(page, "Send inn teksten")
    assert "Takk!" in page.inner_text("h1")
    path = project / "texts" / "hefte-test" / "brygga-om-morgenen.md"
    assert path.is_file()
    return {"page": page, "path": path, "body": path.read_bytes().split(b"\n---\n", 1)[1]}


@pytest.fixture(scope="module")
def editor(browser, studio, handed_in):
    page = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True,
                               accept_downloads=True).new_page()
    page.goto(studio.join)
    page.goto(f"{studio.url}/redaksjon/")
    assert "Logg inn" in page.inner_text("main")
    page.fill("#passphrase", fx.PASSPHRASE)
    page.fill("#initials", "TEL")
    fx.press(page, "Logg inn")
    assert page.inner_text("h1") == "Redaksjonen"
    return page


def studio_today(studio) -> date:
    """The studio's today (module-scoped, it started before the tests' fixed HEFTE_TODAY)."""
    return studio.app.extensions["hefte"]["config"].today


def build(project):
    from hefte.build import build as run_build
    from hefte.config import load_config

    return run_build(load_config(project))


def everything_built(result) -> str:
    from pypdf import PdfReader

    site = "".join(p.read_text("utf-8", "replace") for p in result.site.rglob("*")
                   if p.suffix in (".html", ".json", ".xml"))
    printed = "".join(page.extract_text() for pdf in result.site.parent.joinpath("print").glob("*.pdf")
                      for page in PdfReader(pdf).pages)
    return site + printed


def test_editor_approves_a_handed_in_text_records_its_consent_and_the_next_build_publishes_it(
        handed_in, editor, studio, project):
    page = editor
    page.goto(f"{studio.url}/redaksjon/?vis=trenger-handling")
    needs = page.inner_text("main")
    assert NEW_TITLE in needs and "Kveld ved elva" not in needs  # the published text needs nothing now
    with page.expect_navigation():
        page.click(f"text={NEW_TITLE}")
    assert "ikke i rekkefølgen ennå" in page.inner_text("main")
    # Its next steps, in the desk's own buttons: reading it and its consent come before the order.
    steps = page.inner_text("main")
    assert "les teksten, og godkjenn den" in steps and "(«Registrer samtykket»)" in steps
    assert "(«Legg til sist i rekkefølgen»)" in steps and "hefte order" not in steps and "hefte samtykke" not in steps
    fx.press(page, "Legg til sist i rekkefølgen")
    assert "Teksten står nå sist i rekkefølgen." in page.inner_text(".beskjeder")
    page.fill("#note", "Kan du skrive litt mer om måkene?")
    fx.press(page, "Be om endringer")
    assert "Skribenten ser den under «Mine tekster»." in page.inner_text(".beskjeder")
    writer = handed_in["page"]
    writer.goto(f"{studio.url}/mine")
    assert "Beskjed fra redaksjonen: Kan du skrive litt mer om måkene?" in writer.inner_text("main")
    fx.press(page, "Godkjenn teksten")  # not before the signed form is recorded: check would stop on it
    assert "Ikke godkjent: det signerte samtykkeskjemaet er ikke registrert ennå" in page.inner_text(".beskjeder")
    page.fill("#given", "2026-11-20")
    page.fill("#form_ref", "S-2026-031")
    fx.press(page, "Registrer samtykket")
    assert "Samtykkeskjemaet er registrert." in page.inner_text(".beskjeder")
    fx.press(page, "Godkjenn teksten")
    # Consent recorded and in the order: the approval says what it now means, not «when consent is recorded».
    said = page.inner_text(".beskjeder")
    assert "Godkjent. Teksten publiseres ved neste bygging." in said and "når samtykket er registrert" not in said
    facts = page.inner_text(".fakta")
    assert "signert 20. november 2026, skjema S-2026-031" in facts and "godkjent (TEL" in facts
    # The writer's words are untouched, and every action is in the private log.
    assert handed_in["path"].read_bytes().split(b"\n---\n", 1)[1] == handed_in["body"]
    log = [json.loads(line) for line in (project / "private" / "desk-log.jsonl").read_text("utf-8").splitlines()]
    assert [e["action"] for e in log][-4:] == ["order", "request-changes", "record-consent", "approve"]
    assert all(e["by"] == "TEL" for e in log)

    result = build(project)
    built = everything_built(result)
    assert NEW_TITLE in built and "Måkene vet hvem jeg er" in built
    assert (result.site / "hefte-test" / "brygga-om-morgenen" / "index.html").is_file()


def test_editor_withdraws_a_text_and_the_next_build_removes_it_everywhere(editor, studio, project):
    page = editor
    assert "Kveld ved elva" in everything_built(build(project))
    page.goto(f"{studio.url}/redaksjon/")
    with page.expect_navigation():
        page.click("text=Kveld ved elva")
    path = project / "texts" / "hefte-test" / "kveld.md"
    before = path.read_bytes()
    fx.press(page, "Trekk teksten")  # only asks: a slip of the finger on a phone must not withdraw
    assert "Teksten «Kveld ved elva» blir tatt ut av nettsida" in page.inner_text("main")
    assert path.read_bytes() == before
    with page.expect_navigation():
        page.click("text=Avbryt")
    assert path.read_bytes() == before and "Trekk teksten" in page.inner_text("main")
    fx.press(page, "Trekk teksten")
    fx.press(page, "Ja, trekk teksten")
    assert "Teksten er trukket." in page.inner_text(".beskjeder")
    assert f"withdrawn: {studio_today(studio).isoformat()}" in path.read_text("utf-8")
    page.goto(f"{studio.url}/redaksjon/?vis=trenger-handling")
    assert "Kveld ved elva" in page.inner_text("main")  # still out there until the next build
    result = build(project)
    built = everything_built(result)
    assert "Kveld ved elva" not in built and "Elva renner sakte forbi" not in built
    assert not (result.site / "hefte-test" / "kveld-ved-elva").exists()
    assert NEW_TITLE in built


def test_the_writers_proof_and_consent_form_are_made_under_private_only(editor, studio, project):
    from pypdf import PdfReader

    page = editor
    page.goto(f"{studio.url}/redaksjon/skribenter")
    section = page.locator("section.skribent", has_text=NEW_TITLE)
    contributor = section.locator("h2").inner_text()
    with page.expect_navigation():
        section.locator("button", has_text="Lag korrektur").click()
    with page.expect_download() as proof:
        page.click(f"text=Last ned korrekturen for {contributor}")
    text = "".join(p.extract_text() for p in PdfReader(proof.value.path()).pages)
    assert NEW_TITLE in text and "UTKAST" in text and "Kveld ved elva" not in text
    with page.expect_navigation():
        page.locator("section.skribent", has_text=NEW_TITLE).locator("button", has_text="Lag samtykkeskjema").click()
    assert "Samtykkeskjemaet for" in page.inner_text(".beskjeder")
    with page.expect_download() as form:
        page.click(f"text=Last ned samtykkeskjemaet for {contributor}")
    assert NEW_TITLE in "".join(p.extract_text() for p in PdfReader(form.value.path()).pages)
    assert list((project / "private" / "korrektur").glob("*.pdf")) and list((project / "private" / "samtykke").glob("*.pdf"))
    for public in (project / "site", project / "print"):
        assert not [p for p in public.rglob("*") if "korrektur" in p.name or "samtykke" in p.name]


def test_participants_cannot_use_the_desk(handed_in, studio):
    page = handed_in["page"]
    page.goto(f"{studio.url}/redaksjon/")
    assert "Logg inn" in page.inner_text("main")  # the passphrase, not the overview
    response = page.request.post(f"{studio.url}/redaksjon/skribent/c-02/korrektur", form={})
    assert response.status in (400, 403)


def test_axe_finds_nothing_on_the_editors_pages_at_1280_and_320(editor, browser, studio, project):
    axe = fx.axe_source()
    problems = []
    for width in (1280, 320):
        editor.set_viewport_size({"width": width, "height": 900})
        for path in ("/redaksjon/", "/redaksjon/?vis=trenger-handling", "/redaksjon/skribenter",
                     "/redaksjon/skribenter?vis=trenger-handling", "/redaksjon/tekst/hefte-test/brygga-om-morgenen",
                     "/redaksjon/tekst/hefte-test/kveld"):
            editor.goto(studio.url + path)
            problems += fx.axe_violations(editor, axe)
            assert editor.evaluate("document.documentElement.scrollWidth") <= width, path
        fx.press(editor, "Flytt opp")  # a page with a message after an action
        problems += fx.axe_violations(editor, axe)
        editor.goto(f"{studio.url}/redaksjon/tekst/hefte-test/brygga-om-morgenen")
        editor.fill("#given", (studio_today(studio) + timedelta(days=30)).isoformat())
        fx.press(editor, "Registrer samtykket")  # refused: the message next to the field
        assert "Datoen er i framtida" in editor.inner_text("#feil-given")
        problems += fx.axe_violations(editor, axe)
        fx.press(editor, "Trekk teksten")  # the question before withdrawing
        problems += fx.axe_violations(editor, axe)
        assert editor.evaluate("document.documentElement.scrollWidth") <= width, editor.url
        with editor.expect_navigation():
            editor.click("text=Avbryt")
    login = browser.new_context(viewport={"width": 320, "height": 800}, bypass_csp=True).new_page()
    login.goto(studio.join)
    login.goto(f"{studio.url}/redaksjon/logg-inn")
    problems += fx.axe_violations(login, axe)
    assert not problems, "\n".join(problems)
