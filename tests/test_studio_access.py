"""Who may see what in the studio (studio/access.py), one test per rule, through the real Flask application.

Each test fails if its rule is taken out: the course token in --lan mode, a participant's own drafts and
texts, the editor's passphrase and its attempt limit, CSRF on every POST, the size limit, and the register
never served."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

import studio_fixtures as fx
from conftest import make_project, participant
from hefte.cli import main
from hefte.config import load_config
from hefte.studio.access import Gate
from hefte.studio.app import create_app

TOKEN = "kurskode-for-testen-123"
PASSPHRASE = "redaksjonens-passord"


@pytest.fixture
def project(tmp_path):
    register = {"contributors": {"c-01": {"names": ["Sølvi Rugtvedt"], "contact": "solvi@example.no"}}, "deny": []}
    return make_project(tmp_path, {"a.md": participant()}, register=register)


def app_for(root, *, lan=True, passphrase=PASSPHRASE):
    gate = Gate(lan=lan, token=TOKEN if lan else None, passphrase=passphrase)
    app = create_app(load_config(root), gate, secret_key=b"k" * 32)
    return app


def csrf(response) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', response.get_data(as_text=True))[1]


def login(token, passphrase) -> dict:
    return {"passphrase": passphrase, "initials": "TEL", **({"csrf_token": token} if token else {})}


def joined(app):
    client = app.test_client()
    assert client.get(f"/?k={TOKEN}").status_code == 302
    return client


def hand_in(client, title="Morgen ved sjøen", name="Kari Fjellheim Testesen") -> str:
    """A participant hands in a text through the form; returns ``publication/stem``."""
    token = csrf(client.get("/skriv"))
    form = {"csrf_token": token, "publication": "testhefte", "title": title, "genre": "prose", "lang": "nb",
            "body": "Havet er grått i dag, og jeg går langs stranda.\n", "name": name, "contact": "kari@example.no",
            "byline": "first-name", "web": "ja", "print": "ja"}
    to_preview = client.post("/skriv", data=form)
    assert to_preview.status_code == 302, to_preview.get_data(as_text=True)
    draft_id = to_preview.headers["Location"].rsplit("/", 1)[1]
    sent = client.post(f"/utkast/{draft_id}/send", data={"csrf_token": token})
    assert sent.status_code == 302
    return sent.headers["Location"].removeprefix("/mine/")


def test_course_room_needs_the_course_link(project):
    app = app_for(project)
    stranger = app.test_client()
    for path in ("/", "/skriv", "/last-opp", "/mine", "/redaksjon/", "/redaksjon/logg-inn"):
        response = stranger.get(path)
        assert response.status_code == 403, path
        assert "Har du fått en lenke eller QR-kode fra kurslederen" in response.get_data(as_text=True)
    assert stranger.get("/?k=feil-kode").status_code == 403
    joined_ = stranger.get(f"/skriv?k={TOKEN}")
    assert joined_.status_code == 302 and joined_.headers["Location"] == "/skriv"  # the token leaves the address
    assert stranger.get("/skriv").status_code == 200
    assert app.test_client().get("/static/studio.css").status_code == 200  # no secrets in the style sheet


def test_on_this_machine_no_course_link_is_needed(project):
    assert app_for(project, lan=False).test_client().get("/skriv").status_code == 200


def test_a_participant_sees_only_her_own_submission_and_drafts(project):
    app = app_for(project)
    kari, nora = joined(app), joined(app)
    ref = hand_in(kari)
    assert kari.get(f"/mine/{ref}").status_code == 200
    assert nora.get(f"/mine/{ref}").status_code == 403
    assert nora.get(f"/mine/{ref}/kvittering.txt").status_code == 403
    assert "Morgen ved sjøen" not in nora.get("/mine").get_data(as_text=True)
    # An unsent draft, with its photo, is hers alone too.
    token = csrf(kari.get("/skriv"))
    started = kari.post("/skriv", data={"csrf_token": token, "title": "Halvferdig", "publication": "testhefte",
                                        "photo": (__import__("io").BytesIO(fx.phone_photo(400, 300)), "IMG_1.JPG")})
    assert started.status_code == 422  # not finished: the form comes back, with her words kept
    draft_id = re.search(r'/skriv\?utkast=([A-Za-z0-9_-]+)"', started.get_data(as_text=True))[1]
    assert kari.get(f"/utkast/{draft_id}/bilde").status_code == 200
    for path in (f"/utkast/{draft_id}", f"/utkast/{draft_id}/bilde", f"/skriv?utkast={draft_id}",
                 f"/utkast/{draft_id}/side/1"):
        assert nora.get(path).status_code == 403, path
    assert nora.post(f"/utkast/{draft_id}/send", data={"csrf_token": csrf(nora.get("/skriv"))}).status_code == 403


def test_editor_pages_need_the_passphrase(project):
    app = app_for(project)
    participant_client = joined(app)
    assert participant_client.get("/redaksjon/").status_code == 302  # to the login page
    token = csrf(participant_client.get("/redaksjon/logg-inn"))
    wrong = participant_client.post("/redaksjon/logg-inn", data=login(token, "gjett"))
    assert wrong.status_code == 401 and "Feil passord" in wrong.get_data(as_text=True)
    assert participant_client.get("/redaksjon/").status_code == 302
    right = participant_client.post("/redaksjon/logg-inn", data=login(token, PASSPHRASE))
    assert right.status_code == 302
    assert participant_client.get("/redaksjon/").status_code == 200


def test_login_attempts_are_limited(project):
    client = joined(app_for(project))
    token = csrf(client.get("/redaksjon/logg-inn"))
    codes = [client.post("/redaksjon/logg-inn", data=login(token, f"gjett-{n}")).status_code for n in range(5)]
    assert codes == [401] * 5
    blocked = client.post("/redaksjon/logg-inn", data=login(token, PASSPHRASE))
    assert blocked.status_code == 429 and "Vent et minutt" in blocked.get_data(as_text=True)


def test_every_form_needs_its_csrf_token(project):
    app = app_for(project, lan=False)
    client = app.test_client()
    client.get("/")
    for path in ("/skriv", "/last-opp", "/redaksjon/logg-inn", "/redaksjon/logg-ut"):
        refused = client.post(path, data={"title": "Uten nøkkel", "body": "tekst", **login(None, PASSPHRASE)})
        assert refused.status_code == 400, path
        assert "Skjemaet var for gammelt eller kom ikke fra denne sida" in refused.get_data(as_text=True)
    assert not (project / "private" / "studio" / "utkast").exists() or \
        not any((project / "private" / "studio" / "utkast").iterdir())


def test_too_large_a_request_is_refused_with_a_clear_message(project):
    app = app_for(project, lan=False)
    app.config["MAX_CONTENT_LENGTH"] = 50_000  # the same rule with a smaller limit, so the test stays light
    client = app.test_client()
    token = csrf(client.get("/last-opp"))
    refused = client.post("/last-opp", data={"csrf_token": token, "publication": "testhefte", "genre": "prose",
                                              "document": (__import__("io").BytesIO(b"a" * 60_000), "stor.txt")})
    assert refused.status_code == 413
    assert "Det du sendte er for stort" in refused.get_data(as_text=True)


def test_the_register_is_never_served(project):
    app = app_for(project, lan=False)
    client = app.test_client()
    ref = hand_in(client)
    for path in ("/private/register.yml", "/static/../../private/register.yml", "/static/%2e%2e/register.yml",
                 "/mine/..%2f..%2fprivate/register"):
        response = client.get(path)
        assert response.status_code in (403, 404), path
        assert "Sølvi" not in response.get_data(as_text=True)
    receipt = client.get(f"/mine/{ref}").get_data(as_text=True)
    assert "Sølvi Rugtvedt" not in receipt and "kari@example.no" not in receipt


def test_a_courses_own_template_is_used_and_never_published(tmp_path):
    import shutil

    from conftest import REPO
    from hefte.build import build

    root = make_project(tmp_path, {"a.md": participant()})
    (root / "overrides").unlink()
    shutil.copytree(REPO / "overrides", root / "overrides")
    (root / "overrides" / "studio").mkdir()
    (root / "overrides" / "studio" / "start.html").write_text(
        '{% extends "base.html" %}{% block title %}Velkommen{% endblock %}'
        '{% block main %}<h1>Velkommen til Elvebyens skrivekurs</h1>{% endblock %}', "utf-8")
    page = app_for(root, lan=False).test_client().get("/").get_data(as_text=True)
    assert "Velkommen til Elvebyens skrivekurs" in page
    built = build(load_config(root), pdf=False)
    assert not list(built.site.rglob("start.html")) and not (built.site / "studio").exists()


def test_a_participant_is_never_told_which_names_are_in_the_register(project):
    """The check finds register names in a text; the participant is told only about her own name, or she could
    learn who else is in the register by typing names. The editor's check still finds them all."""
    client = app_for(project, lan=False).test_client()
    token = csrf(client.get("/skriv"))
    form = {"csrf_token": token, "publication": "testhefte", "title": "Om kurset", "genre": "prose", "lang": "nb",
            "body": "Jeg satt ved siden av Sølvi Rugtvedt. Kari Fjellheim Testesen heter jeg.\n",
            "name": "Kari Fjellheim Testesen", "byline": "anonymous", "web": "ja", "print": "ja"}
    preview = client.get(client.post("/skriv", data=form).headers["Location"]).get_data(as_text=True)
    told = re.search(r'<section class="advarsel".*?</section>', preview, re.S)[0]
    assert "Sølvi" not in told and "register" not in told
    assert "Teksten nevner navnet ditt («Kari Fjellheim Testesen»)" in told
    client.post(re.search(r'action="(/utkast/[^"]+/send)"', preview)[1], data={"csrf_token": token})
    result = CliRunner().invoke(main, ["check", "--root", str(project)])
    assert "«Sølvi Rugtvedt»" in result.output  # the editor is told
