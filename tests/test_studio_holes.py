"""Holes a red team found in the studio, each through the real server (waitress) and, where a person would
see it, real Chromium: the course link leads nowhere but into the studio, an editor's cookie gives no way to
test guesses at the passphrase, and an upload cannot step around the limit on new drafts. And one that was no
hole, kept so it stays none: names inside her files and in the address are never used as paths."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

import studio_fixtures as fx
from conftest import make_project, participant
from test_browser import CHROMIUM, browser  # noqa: F401 (the module-scoped Chromium fixture)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    server = fx.Studio(make_project(tmp_path_factory.mktemp("studio"), {"a.md": participant()}))
    yield server
    server.close()


@pytest.mark.parametrize("path", ["/%09/ond.example/", "/%5Cond.example/", "/%0A/ond.example/"])
def test_the_course_link_leads_only_into_the_studio(browser, studio, path):
    """The course link takes its token out of the address by sending the browser on to the same page. A link
    with a tab or a backslash before another host («/%09/ond.example/?k=…», shared as «the course link») sent
    her, now in the course, on to that host, a page that could look like the studio and ask for her text."""
    context = browser.new_context()
    page = context.new_page()
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    try:
        page.goto(f"{studio.url}{path}?k={fx.TOKEN}")
    except PlaywrightError:
        pass  # the other host does not exist here: Chromium went there and found nothing
    assert [url for url in asked if not url.startswith(studio.url + "/")] == []
    assert page.url.startswith(studio.url + "/")
    context.close()


def test_an_editors_cookie_does_not_let_anyone_check_guesses_at_the_passphrase(studio):
    """The session is a signed cookie, not a secret one: anyone who has it (plain http in the course room, a
    shared laptop) reads what is in it. It held a plain SHA-256 of the passphrase, so guesses could be checked
    offline, billions a second, past the login limit. What it holds now needs the studio's own key."""
    import base64
    import json
    import re
    import zlib

    from test_studio_limits import Writer

    from hefte.studio import access
    from hefte.studio.app import create_app

    editor = Writer(studio)
    form = {"csrf_token": editor.csrf("/redaksjon/logg-inn"), "passphrase": fx.PASSPHRASE, "initials": "TEL"}
    assert editor.post("/redaksjon/logg-inn", form)[0] == 302
    cookie = next(c.value for c in editor.jar if c.name == "hefte_studio")
    payload = cookie.lstrip(".").split(".")[0]  # what anyone can read: no key needed
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    seen = json.dumps(json.loads(zlib.decompress(raw) if cookie.startswith(".") else raw))
    marks = set(re.findall(r"[0-9a-f]{16,}", seen))
    with studio.app.app_context():
        assert access.Gate(passphrase=fx.PASSPHRASE).passphrase_mark in marks  # the test sees what it looks for
    # The same code with any other key (an attacker has the code, not this studio's key) finds nothing.
    other = create_app(studio.app.extensions["hefte"]["config"], studio.gate, secret_key=b"ikke-studioets" * 3)
    with other.app_context():
        assert access.Gate(passphrase=fx.PASSPHRASE).passphrase_mark not in marks
        assert access.Gate(passphrase="feil-passord").passphrase_mark not in marks


def test_uploads_count_towards_the_new_drafts_limit_whatever_the_address_says(tmp_path):
    """Saving a draft she already has (``/skriv?utkast=…``) is never limited. The same «?utkast=» on the upload,
    which always makes a new draft, let one phone fill the course leader's disk with drafts past the limit."""
    import urllib.request

    from test_studio_limits import Writer, multipart

    from hefte.studio.app import NEW_DRAFTS_LIMIT

    allowed = int(NEW_DRAFTS_LIMIT.split()[0])
    studio = fx.Studio(make_project(tmp_path, {"a.md": participant()}))  # its own count of new drafts
    try:
        phone = Writer(studio)
        token = phone.csrf("/last-opp")
        drafts = studio.root / "private" / "studio" / "utkast"
        before = len(list(drafts.iterdir())) if drafts.is_dir() else 0
        answers = []
        for number in range(allowed + 3):
            body, kind = multipart({"csrf_token": token, "publication": "testhefte", "genre": "prose"},
                                   {"document": (f"tekst-{number}.txt", f"Tekst nummer {number}.\n".encode())})
            request = urllib.request.Request(
                f"{studio.url}/last-opp?utkast=finnes-ikke", data=body, method="POST", headers={"Content-Type": kind})
            answers.append(phone._open(request, 30)[0])
        assert answers[:allowed] == [302] * allowed
        assert answers[allowed:] == [429] * 3
        assert len(list(drafts.iterdir())) - before == allowed
    finally:
        studio.close()


def test_names_from_her_files_and_the_address_are_never_used_as_paths(tmp_path):
    """A Word file whose zip holds «../../../ut.txt», a photo sent as «../../x.jpg», a draft id of «..»: nothing
    is written outside her draft's folder, nothing outside it is served."""
    import io
    import urllib.request
    import zipfile

    from test_studio_limits import Writer, multipart

    studio = fx.Studio(make_project(tmp_path, {"a.md": participant()}))
    try:
        before = {p for p in tmp_path.rglob("*")}
        kari = Writer(studio)
        slipped = io.BytesIO(fx.docx_poem())
        with zipfile.ZipFile(slipped, "a") as docx:
            docx.writestr("../../../ut.txt", "utenfor")
        body, kind = multipart({"csrf_token": kari.csrf("/last-opp"), "publication": "testhefte", "genre": "poem"},
                               {"document": ("../../../dikt.docx", slipped.getvalue())})
        status, page, headers = kari._open(urllib.request.Request(f"{studio.url}/last-opp", data=body, method="POST",
                                                                  headers={"Content-Type": kind}), 30)
        assert status == 302, page  # read as a poem; the odd name inside is no path
        fields = {"csrf_token": kari.csrf(), "publication": "testhefte", "title": "Bilde", "genre": "prose",
                  "lang": "nb", "body": "Tekst.", "name": "Kari Testesen", "byline": "anonymous", "web": "ja",
                  "print": "ja", "photo_alt": "Et bilde", "photo_recognisable": "nei", "photo_web": "ja",
                  "photo_print": "ja"}
        body, kind = multipart(fields, {"photo": ("../../../../x.jpg", fx.phone_photo(400, 300))})
        status, page, headers = kari._open(urllib.request.Request(f"{studio.url}/skriv", data=body, method="POST",
                                                                  headers={"Content-Type": kind}), 30)
        assert status == 302, page
        written = {p for p in tmp_path.rglob("*")} - before
        drafts = studio.root / "private" / "studio" / "utkast"
        assert written and all(p == drafts or drafts in p.parents or p in drafts.parents for p in written), written
        assert not [p for p in written if p.name in ("ut.txt", "x.jpg", "dikt.docx")]
        for path in ("/utkast/../../private/register.yml", "/utkast/%2e%2e/bilde", "/utkast/..%2f..%2fprivate/bilde",
                     "/skriv?utkast=../../private"):
            assert kari.get(path)[0] in (403, 404), path
    finally:
        studio.close()


def test_a_phone_choosing_a_video_for_its_photo_is_told_in_norwegian(browser, studio, tmp_path):
    """In Chromium, as on her phone: a 40 MB file is refused next to the photo with her words still in the form;
    a 70 MB one gets the studio's own page at once (its body is never read), not waitress's English text."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(studio.join)
    for size, video in ((40_000_000, tmp_path / "video-40.jpg"), (70_000_000, tmp_path / "video-70.jpg")):
        video.write_bytes(b"\xff\xd8\xff" + bytes(size))
        page.goto(f"{studio.url}/skriv")
        page.fill("#title", "Sommerkveld")
        page.fill("#body", "Ordene mine skal ikke bli borte.")
        page.set_input_files("#photo", str(video))
        fx.press(page, "Se hvordan det blir")
        if size < 64_000_000:
            assert "er for stor (40.0 MB, grensen er 30 MB)" in page.inner_text("#feil-photo")
            assert page.input_value("#body") == "Ordene mine skal ikke bli borte."
        else:
            assert page.title().startswith("Det du sendte er for stort")
            assert "et bilde kan være opptil 30 MB" in page.inner_text("main")
    context.close()
