"""The desk asks before it withdraws, and refuses a consent date after today: on a real studio server
(waitress), with real HTTP requests and the session cookie, as an editor's phone would send them (no JavaScript).

What is checked is what an editor would check: the text's file and the private desk log."""

from __future__ import annotations

import html
import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from datetime import date

import pytest

import studio_fixtures as fx
from conftest import TODAY, make_project, participant

TITLE = "Kveld ved elva"
TEXT = "/redaksjon/tekst/testhefte/kveld"


@pytest.fixture
def studio(tmp_path):
    root = make_project(tmp_path, {"kveld.md": participant(TITLE)},
                        register={"contributors": {"c-01": {"names": ["Sølvi Rugtvedt"]}}, "deny": []})
    server = fx.Studio(root, lan=False)  # this machine: the desk needs no passphrase
    yield server
    server.close()


class Editor:
    """Cookies kept between requests, redirects followed, every answer read whatever its status."""

    def __init__(self, studio):
        self.base = studio.url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, fields: dict) -> tuple[int, str]:
        data = urllib.parse.urlencode(fields).encode()
        return self._open(urllib.request.Request(self.base + path, data=data, method="POST"))

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read().decode("utf-8")


def hidden(page: str, action: str) -> dict:
    """The fields of the form posting to ``action``, as the browser would send them untouched."""
    form = re.search(rf'<form method="post" action="{re.escape(action)}"[^>]*>(.*?)</form>', page, re.S)
    assert form, f"no form for {action}"
    return {html.unescape(name): html.unescape(value) for name, value in
            re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form[1])
            + re.findall(r'<input id="csrf_token" name="([^"]+)" type="hidden" value="([^"]*)"', form[1])}


def signed_in(studio) -> Editor:
    editor = Editor(studio)
    status, page = editor.get("/redaksjon/")
    assert status == 200
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    assert editor.post("/redaksjon/initialer", {"csrf_token": token, "initials": "TEL",
                                                "tilbake": "/redaksjon/"})[0] == 200
    return editor


def desk_log(studio) -> list[dict]:
    path = studio.root / "private" / "desk-log.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()] if path.exists() else []


def test_withdrawing_asks_first_and_only_the_confirmed_form_withdraws(studio):
    editor = signed_in(studio)
    path = studio.root / "texts" / "testhefte" / "kveld.md"
    before = path.read_bytes()
    page = editor.get(TEXT)[1]
    status, confirm = editor.post(f"{TEXT}/trekk", hidden(page, f"{TEXT}/trekk"))
    # One press of «Trekk teksten» only asks: the file and the log are as they were.
    assert status == 200 and path.read_bytes() == before and desk_log(studio) == []
    words = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", confirm)))
    assert f"Teksten «{TITLE}» blir tatt ut av nettsida, søket og PDF-ene ved neste bygging." in words
    assert "Skribenten får ingen beskjed om det fra studioet" in words
    assert f'<a class="knapp sekundaer" href="{TEXT}">Avbryt</a>' in confirm
    assert editor.get(TEXT)[0] == 200 and path.read_bytes() == before  # Avbryt: back to the text, nothing done

    status, done = editor.post(f"{TEXT}/trekk", hidden(confirm, f"{TEXT}/trekk"))
    assert status == 200 and "Teksten er trukket." in done
    assert f"withdrawn: {TODAY}" in path.read_text("utf-8")
    assert path.read_bytes().split(b"\n---\n", 1)[1] == before.split(b"\n---\n", 1)[1]  # her words untouched
    assert [(e["action"], e["by"], e["changes"]) for e in desk_log(studio)] == [
        ("withdraw", "TEL", {"consent.withdrawn": [None, TODAY]})]
    assert "Teksten ble trukket 22. november 2026." in done and f'action="{TEXT}/trekk"' not in done


def test_a_consent_date_after_today_is_refused_next_to_its_field_with_what_she_typed_kept(studio):
    editor = signed_in(studio)
    path = studio.root / "texts" / "testhefte" / "kveld.md"
    path.write_text(participant(TITLE, **{"consent.given": None, "consent.form": None,
                                          "review.status": "submitted"}), "utf-8")
    before = path.read_bytes()
    fields = hidden(editor.get(TEXT)[1], f"{TEXT}/samtykke")
    status, page = editor.post(f"{TEXT}/samtykke", fields | {"given": "2026-11-23", "form_ref": "S-C-01-7"})
    assert status == 422 and path.read_bytes() == before and desk_log(studio) == []
    message = "Datoen er i framtida (23. november 2026). Samtykke kan ikke være gitt etter i dag; rett datoen."
    field = re.search(r'<div class="har-feil">\s*<label for="given">.*?<input[^>]*>\s*</div>', page, re.S)
    assert field and message in field[0] and 'aria-invalid="true"' in field[0] and 'value="2026-11-23"' in field[0]
    assert 'id="form_ref" name="form_ref" value="S-C-01-7"' in page  # the reference she typed is still there

    # The same day as today is a consent; an embargo is meant to lie ahead and is never warned about.
    status, page = editor.post(f"{TEXT}/samtykke", fields | {"given": TODAY, "form_ref": "S-C-01-7"})
    assert status == 200 and "Samtykkeskjemaet er registrert." in page and "framtida" not in page
    fields = hidden(page, f"{TEXT}/embargo")
    status, page = editor.post(f"{TEXT}/embargo", fields | {"until": "2027-06-01"})
    assert status == 200 and "Embargoen er satt." in page and "framtida" not in page
    assert [e["action"] for e in desk_log(studio)] == ["record-consent", "embargo"]


def test_the_desk_refuses_a_future_consent_date_from_the_command_line_too(tmp_path):
    """The rule is the policy's (a consent dated after today holds the text back); the desk asks it."""
    from click.testing import CliRunner

    from hefte.cli import main
    from hefte.config import load_config
    from hefte.guard.policy import consent_in_future

    root = make_project(tmp_path, {"a.md": participant(**{"consent.given": None})})
    path = root / "texts" / "testhefte" / "a.md"
    before = path.read_bytes()
    assert consent_in_future(date(2026, 11, 23), load_config(root).today)
    result = CliRunner().invoke(main, ["record-consent", str(path), "--given", "2026-11-23", "--form", "S-1",
                                       "--by", "HD", "--root", str(root), "--lang", "en"])
    assert result.exit_code == 1 and path.read_bytes() == before
    assert "The date is in the future (2026-11-23). Consent cannot have been given after today" in result.output
