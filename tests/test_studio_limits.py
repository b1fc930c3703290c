"""What one participant can do to the others, and what the others can learn, through the real server (waitress,
as `hefte studio --lan` runs it): a very long text must not hold up everyone's preview, a big upload is refused
in Norwegian before it is read, and a title someone else has already used leaves no trace on her pages."""

from __future__ import annotations

import http.cookiejar
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

import studio_fixtures as fx
from conftest import make_project, participant


@pytest.fixture
def studio(tmp_path):
    server = fx.Studio(make_project(tmp_path, {"a.md": participant()}))
    yield server
    server.close()


class Writer:
    """One participant's browser, without the browser: her cookies, the course link, her forms."""

    def __init__(self, studio):
        class Stay(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args):
                return None

        self.studio = studio
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), Stay)
        assert self.get(studio.join)[0] == 302

    def get(self, path: str, timeout: float = 120) -> tuple[int, str, dict]:
        return self._open(urllib.request.Request(self._url(path)), timeout)

    def post(self, path: str, form: dict, timeout: float = 120) -> tuple[int, str, dict]:
        data = urllib.parse.urlencode(form).encode()
        return self._open(urllib.request.Request(self._url(path), data=data, method="POST"), timeout)

    def _url(self, path: str) -> str:
        return path if path.startswith("http") else self.studio.url + path

    def _open(self, request, timeout):
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.read().decode("utf-8", "replace"), dict(response.headers)
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read().decode("utf-8", "replace"), dict(answer.headers)

    def csrf(self, path: str = "/skriv") -> str:
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', self.get(path)[1])[1]

    def draft(self, title: str, body: str, name: str = "Kari Fjellheim Testesen") -> str:
        """Her text through the form; returns the preview's address."""
        form = {"csrf_token": self.csrf(), "publication": "testhefte", "title": title, "genre": "prose",
                "lang": "nb", "body": body, "name": name, "contact": "41234567", "byline": "first-name",
                "web": "ja", "print": "ja"}
        status, page, headers = self.post("/skriv", form)
        assert status == 302, page
        return headers["Location"]


def long_text(characters: int) -> str:
    sentence = "Havet er grått i dag, og jeg går langs stranda med hunden. "
    words = (sentence * (characters // len(sentence) + 1))[:characters]
    return "\n\n".join(words[i:i + 600] for i in range(0, len(words), 600))[:characters]


def test_a_very_long_text_does_not_hold_up_the_next_writers_preview_and_is_kept_whole(studio):
    kari, nora = Writer(studio), Writer(studio)
    novel = long_text(1_000_000)  # as much as the form takes
    big = kari.draft("Hele romanen", novel)
    small = nora.draft("Kort dikt", "Snøen faller stille.\n", name="Nora Testesen")
    answers = {}
    slow = threading.Thread(target=lambda: answers.update(kari=kari.get(big, timeout=300)))
    slow.start()
    from hefte.studio import preview

    deadline = time.monotonic() + 10
    while not preview._RENDER_LOCK.locked() and not answers and time.monotonic() < deadline:
        time.sleep(0.05)  # until Kari's pages are being laid out (if they ever are)
    started = time.monotonic()
    try:
        status, page, _ = nora.get(small, timeout=20)
    except TimeoutError:
        status, page = None, ""
    waited = time.monotonic() - started
    slow.join(timeout=300)
    print(f"Nora waited {waited:.1f} s for her preview while Kari's 1,000,000 characters were previewed")
    assert status == 200 and "Snøen faller stille." in page, f"Nora waited {waited:.1f} s and got {status}"
    assert waited < 10
    status, page, _ = answers["kari"]
    assert status == 200
    assert "Teksten er for lang til å vises her" in page
    assert "Den er lagret" in page and "Send inn teksten" in page  # she can still hand it in
    # Every word she typed is in her draft.
    form = kari.get(big.replace("/utkast/", "/skriv?utkast="))[1]
    assert form.count("Havet er grått i dag") == novel.count("Havet er grått i dag")


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = "grense-i-testen"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in
             fields.items()]
    for name, (filename, data) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_a_photo_far_over_the_limit_is_refused_on_the_form_with_her_words_kept(studio):
    """A phone video chosen instead of a photo: she is told on the form, and her text is not lost."""
    kari = Writer(studio)
    fields = {"csrf_token": kari.csrf(), "publication": "testhefte", "title": "Morgen ved sjøen", "genre": "prose",
              "lang": "nb", "body": "Havet er grått i dag, og jeg går langs stranda.", "name": "Kari Testesen",
              "contact": "41234567", "byline": "first-name", "web": "ja", "print": "ja"}
    body, kind = multipart(fields, {"photo": ("video.mp4", b"\x00\x00\x00\x18ftypmp42" + bytes(45_000_000))})
    request = urllib.request.Request(studio.url + "/skriv", data=body, method="POST", headers={"Content-Type": kind})
    status, page, _ = kari._open(request, 120)
    assert status == 422, page[:2000]
    assert "er for stor (45.0 MB, grensen er 30 MB)" in page
    assert "Havet er grått i dag, og jeg går langs stranda." in page and 'value="Morgen ved sjøen"' in page
    drafts = list((studio.root / "private" / "studio" / "utkast").glob("*/utkast.json"))
    assert len(drafts) == 1 and "Havet er grått i dag" in drafts[0].read_text("utf-8")
    assert not list((studio.root / "private" / "studio" / "utkast").rglob("*.mp4"))


def test_a_form_without_files_is_refused_past_what_its_fields_can_hold(studio):
    """Only the two forms that take a file read megabytes; any other form is refused past its fields' size,
    in Norwegian, before the body is parsed."""
    kari = Writer(studio)
    form = {"csrf_token": kari.csrf(), "fyll": "x" * 5_000_000}
    started = time.monotonic()
    status, page, _ = kari.post("/ferdig", form)
    assert status == 413 and "Det du sendte er for stort" in page
    assert time.monotonic() - started < 10


def test_a_request_over_the_limit_is_refused_in_norwegian_before_its_body_is_read(studio):
    """waitress keeps a request's body (on disk) before the studio sees it, and one stranger in the room could
    send many at once: it read up to 200 MB to let the studio say «too large» in Norwegian, and past that said
    it itself, in English («Request Entity Too Large … generated by waitress»). Now it reads nothing past the
    studio's limit, and the answer is the studio's own page, at once, with the body never sent."""
    from hefte.studio.app import MAX_REQUEST_BYTES

    kari = Writer(studio)
    cookie = "; ".join(f"{c.name}={c.value}" for c in kari.jar)
    for size in (MAX_REQUEST_BYTES + 1, 150_000_000):
        started = time.monotonic()
        head, page = fx.upload_start(studio.server.effective_port, size, cookie)
        assert head.startswith("HTTP/1.1 413"), head
        assert "Det du sendte er for stort" in page and "et bilde kan være opptil 30 MB" in page, page
        assert "waitress" not in page and "no-store" in head and "nosniff" in head
        assert time.monotonic() - started < 10


def _her_session(studio, writer) -> str:
    """What her browser keeps: the session cookie, as anyone holding the phone can decode it."""
    cookie = next(c.value for c in writer.jar if c.name == "hefte_studio")
    return str(studio.app.session_interface.get_signing_serializer(studio.app).loads(cookie))


def test_a_title_someone_else_used_leaves_no_trace_on_her_pages(studio):
    """Files get «-2» when the title is taken; Nora, handing in a title Kari already used, must not be able to
    tell: not from the preview, the receipt, its address or download, her list or her cookie."""
    kari, nora = Writer(studio), Writer(studio)
    assert kari.post(kari.draft("Morgen ved sjøen", "Havet er grått.\n") + "/send",
                     {"csrf_token": kari.csrf()})[0] == 302
    fields = {"csrf_token": nora.csrf(), "publication": "testhefte", "title": "Morgen ved sjøen", "genre": "prose",
              "lang": "nb", "body": "Tåka ligger tett over vannet.", "name": "Nora Testesen", "contact": "4123",
              "byline": "first-name", "web": "ja", "print": "ja", "photo_alt": "Måker over brygga",
              "photo_recognisable": "nei", "photo_web": "ja", "photo_print": "ja"}
    body, kind = multipart(fields, {"photo": ("IMG_0042.JPG", fx.phone_photo(800, 600))})
    status, page, headers = nora._open(urllib.request.Request(studio.url + "/skriv", data=body, method="POST",
                                                              headers={"Content-Type": kind}), 60)
    assert status == 302, page
    seen = [headers["Location"], nora.get(headers["Location"])[1]]
    status, _, headers = nora.post(headers["Location"] + "/send", {"csrf_token": nora.csrf()})
    assert status == 302
    receipt = headers["Location"]
    seen += [receipt, nora.get(receipt)[1], nora.get("/mine")[1], _her_session(studio, nora)]
    status, text, download = nora.get(receipt + "/kvittering.txt")
    assert status == 200 and "Måker over brygga" in text
    seen += [text, download["Content-Disposition"]]
    folder = studio.root / "texts" / "testhefte"
    assert (folder / "morgen-ved-sjoen-2.md").is_file()  # the editors' file name stays readable
    assert (folder / "bilder" / "morgen-ved-sjoen-2.jpg").is_file()
    for what in seen:
        assert "morgen-ved-sjoen" not in what, what[:3000]
    assert "Måker over brygga" in seen[1]  # her photo is named as she described it
    # The receipt is hers, and only hers.
    assert kari.get(receipt)[0] == 403 and Writer(studio).get(receipt)[0] == 403


@pytest.mark.parametrize("lines", ["a\n\n", "a<br>", "*a* "])
def test_a_text_of_many_short_lines_is_not_laid_out_page_by_page_either(studio, lines):
    """Under the character limit, 50 000 characters of one-letter paragraphs (or lines broken in HTML) are
    300 to 480 printed pages: the layout held everyone's previews for 15 to 22 s; 12 000 words in italics held
    it 14 s. Lines and marks count too."""
    kari = Writer(studio)
    draft = kari.draft("Mange linjer", (lines * 20_000)[:48_000])
    started = time.monotonic()
    status, page, _ = kari.get(draft, timeout=120)
    took = time.monotonic() - started
    assert status == 200 and "Teksten er for lang til å vises her" in page and "Send inn teksten" in page
    assert took < 10, f"{took:.1f} s"
