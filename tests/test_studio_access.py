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
    """A participant hands in a text through the form; returns her receipt's id (``/mine/<id>``)."""
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


def file_of(app, receipt: str) -> str:
    """The editors' name for the text behind a receipt: ``publication/stem``."""
    from hefte.studio.access import receipt_id

    with app.app_context():
        refs = [f"{p.parent.name}/{p.stem}" for p in (app.extensions["hefte"]["config"].root / "texts").glob("*/*.md")]
        return next(ref for ref in refs if receipt_id(ref) == receipt)


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


def test_the_participants_menu_leads_to_her_pages_only(project):
    """In the course room the editors' desk is not in her menu (it led her to a login she has no passphrase for);
    the editor, logged in, has it."""
    client = joined(app_for(project))
    menu = re.search(r'<nav aria-label="Meny">.*?</nav>', client.get("/skriv").get_data(as_text=True), re.S)[0]
    assert "Mine tekster" in menu and "Redaksjonen" not in menu and "/redaksjon" not in menu
    token = csrf(client.get("/redaksjon/logg-inn"))
    assert client.post("/redaksjon/logg-inn", data=login(token, PASSPHRASE)).status_code == 302
    menu = re.search(r'<nav aria-label="Meny">.*?</nav>', client.get("/skriv").get_data(as_text=True), re.S)[0]
    assert "Redaksjonen" in menu


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
    for path in ("/skriv", "/last-opp", "/ferdig", "/redaksjon/logg-inn", "/redaksjon/logg-ut"):
        refused = client.post(path, data={"title": "Uten nøkkel", "body": "tekst", **login(None, PASSPHRASE)})
        assert refused.status_code == 400, path
        assert "Skjemaet var for gammelt eller kom ikke fra denne sida" in refused.get_data(as_text=True)
    assert not (project / "private" / "studio" / "utkast").exists() or \
        not any((project / "private" / "studio" / "utkast").iterdir())
    # Every route that takes a POST, also those added later (the desk's actions, «Send inn»), made up values.
    posts = [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods]
    assert len(posts) >= 10
    for rule in posts:
        path = rule.build({name: "c-01" if name == "contributor" else "godkjenn" if name == "action" else "testhefte"
                           for name in rule.arguments})[1]
        assert client.post(path, data={"bekreft": "ja"}).status_code == 400, rule.rule


def test_a_late_answer_to_an_earlier_page_does_not_undo_her_session(project):
    """A browser fetches a page's stylesheet, icon and photos alongside the next page. An answer to such a
    request, sent with the session cookie the browser had before, must not set that older session again: it
    would drop the form's CSRF key (her next «Se hvordan det blir» refused) or the texts she has just handed in
    (her receipt refused). Seen in real Chromium as a refused form now and then."""
    app = app_for(project)
    client = app.test_client(use_cookies=False)

    def cookie(response) -> str:
        return re.search(r"hefte_studio=([^;]*)", response.headers["Set-Cookie"])[1]

    before = cookie(client.get(f"/?k={TOKEN}"))  # she joins the course: the session knows her, no form yet
    form_page = client.get("/skriv", headers={"Cookie": f"hefte_studio={before}"})
    after = cookie(form_page)  # the form's CSRF key is in this session, not in the one before
    for late in ("/static/studio.css", "/favicon.ico", "/"):
        answer = client.get(late, headers={"Cookie": f"hefte_studio={before}"})
        assert "Set-Cookie" not in answer.headers, (late, answer.headers.get("Set-Cookie"))
    form = {"csrf_token": csrf(form_page), "publication": "testhefte", "title": "Morgen ved sjøen", "genre": "prose",
            "lang": "nb", "body": "Havet er grått i dag.\n", "name": "Kari Fjellheim Testesen",
            "contact": "kari@example.no", "byline": "first-name", "web": "ja", "print": "ja"}
    assert client.post("/skriv", data=form, headers={"Cookie": f"hefte_studio={after}"}).status_code == 302


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



def test_a_first_name_typed_in_a_text_does_not_tell_her_who_in_the_register_has_it(project):
    """The check warns about a registered writer's first name in a text (she does not publish under her full
    name, and on a small course a first name can point her out). Told to a participant, that warning named the
    registered writer in full: typing «Sølvi» told anyone in the room that Sølvi Rugtvedt is on the course and
    writes without her name. She is told only about her own name; the editor's check still finds it."""
    client = app_for(project, lan=False).test_client()
    token = csrf(client.get("/skriv"))
    form = {"csrf_token": token, "publication": "testhefte", "title": "Ved vinduet", "genre": "prose", "lang": "nb",
            "body": "Sølvi satt ved vinduet, og Kari satt ved døra.\n", "name": "Kari Fjellheim Testesen",
            "byline": "anonymous", "web": "ja", "print": "ja"}
    preview = client.get(client.post("/skriv", data=form).headers["Location"]).get_data(as_text=True)
    told = re.search(r'<section class="advarsel".*?</section>', preview, re.S)
    told = told[0] if told else ""
    assert "Rugtvedt" not in preview and "register" not in told, told
    client.post(re.search(r'action="(/utkast/[^"]+/send)"', preview)[1], data={"csrf_token": token})
    result = CliRunner().invoke(main, ["check", "--root", str(project)])
    assert "fornavnet til «Sølvi Rugtvedt»" in result.output  # the editor is told

def test_on_this_machine_only_its_own_address_is_answered(project):
    """Without --lan the desk needs no passphrase, so a web page that points its own domain at 127.0.0.1 (DNS
    rebinding) must not be answered: only requests for 127.0.0.1 or localhost are."""
    client = app_for(project, lan=False, passphrase=None).test_client()
    for host in ("rebind.example.net:8100", "192.168.1.20:8100"):
        refused = client.get("/redaksjon/", headers={"Host": host})
        assert refused.status_code == 400, host
        assert "http://127.0.0.1:" in refused.get_data(as_text=True)
        assert client.post("/redaksjon/skribent/c-01/samtykke", headers={"Host": host}).status_code == 400
    for host in ("127.0.0.1:8100", "localhost:8100"):
        assert client.get("/redaksjon/", headers={"Host": host}).status_code == 200, host
    # In the course room every request needs the course link anyway, whatever address it names.
    room = app_for(project).test_client()
    assert room.get("/", headers={"Host": "studio.local:8100"}).status_code == 403
    assert room.get(f"/?k={TOKEN}", headers={"Host": "studio.local:8100"}).status_code == 302


def test_a_participant_cannot_hand_in_where_the_form_offers_no_choice(project):
    """Reports are written by staff: the form offers only the booklets. A publication id typed into the request
    instead is not kept in her draft, and a draft that names one anyway is never handed in."""
    from conftest import editorial, publication_yml

    report = project / "texts" / "rapporten"
    report.mkdir()
    (report / "kap.md").write_text(editorial("Kapittel 1"), "utf-8")
    (report / "publication.yml").write_text(publication_yml(["kap.md"], kind="report", title="Rapporten"), "utf-8")
    app = app_for(project)
    client = joined(app)
    token = csrf(client.get("/skriv"))
    assert 'value="rapporten"' not in client.get("/skriv").get_data(as_text=True)
    form = {"csrf_token": token, "publication": "rapporten", "title": "Inn bakveien", "genre": "prose", "lang": "nb",
            "body": "Denne teksten hører ikke hjemme i rapporten.\n", "name": "Ola Bakvei", "byline": "anonymous",
            "web": "ja", "print": "ja"}
    answered = client.post("/skriv", data=form)
    draft_id = re.search(r"/(?:utkast/|skriv\?utkast=)([A-Za-z0-9_-]{22})", answered.headers.get("Location", "")
                         + answered.get_data(as_text=True))[1]
    client.post(f"/utkast/{draft_id}/send", data={"csrf_token": token})
    assert not list(report.glob("inn-bakveien*.md"))
    assert (project / "texts" / "testhefte" / "inn-bakveien.md").is_file()  # the one place the form offers
    # A draft that names the report (written before this rule, or by hand) is refused at «Send inn».
    with client.session_transaction() as session:
        draft = app.extensions["hefte"]["drafts"].new(session["sid"])
        session["drafts"] = [*session.get("drafts", []), draft.id]
    draft.publication = "rapporten"
    draft.fields = {**form, "publication": "rapporten", "title": "Inn bakveien igjen"}
    draft.save()
    assert client.post(f"/utkast/{draft.id}/send", data={"csrf_token": token}).status_code == 403
    assert not list(report.glob("inn-bakveien*.md"))


def one_draft_in_two_tabs(project, title: str, body: str):
    """A finished draft, and two clients with the same session (two tabs of one browser, or a request sent
    again): (first, second, csrf token, the form, draft id)."""
    app = app_for(project)
    first = joined(app)
    token = csrf(first.get("/skriv"))
    form = {"csrf_token": token, "publication": "testhefte", "title": title, "genre": "prose", "lang": "nb",
            "body": body, "name": "Rasmus Raskeland", "byline": "anonymous", "web": "ja", "print": "ja"}
    draft_id = first.post("/skriv", data=form).headers["Location"].rsplit("/", 1)[1]
    second = app.test_client()
    second.set_cookie("hefte_studio", first.get_cookie("hefte_studio").value)
    return first, second, token, form, draft_id

def test_send_pressed_twice_at_once_hands_the_text_in_once(project, monkeypatch):
    """A double tap on «Send inn» (or a phone that sends again on a bad connection): two requests for one draft
    at the same moment. The text and the writer come once; both answers lead to the one receipt."""
    import threading

    from hefte.studio import handin

    first, second, token, _, draft_id = one_draft_in_two_tabs(project, "To trykk",
                                                              "Jeg trykket to ganger, for sikkerhets skyld.\n")
    # Both requests get through the check before either writes (the real check runs; they only meet there).
    meet = threading.Barrier(2)
    checked = handin.evaluate

    def evaluate_together(*args, **kwargs):
        outcome = checked(*args, **kwargs)
        try:
            meet.wait(timeout=1)
        except threading.BrokenBarrierError:
            pass  # the other press waits for this one to finish: it never reaches the check at the same time
        return outcome

    monkeypatch.setattr(handin, "evaluate", evaluate_together)
    answers = []
    presses = [threading.Thread(target=lambda c=c: answers.append(c.post(f"/utkast/{draft_id}/send",
                                                                           data={"csrf_token": token})))
               for c in (first, second)]
    for press in presses:
        press.start()
    for press in presses:
        press.join()
    folder = project / "texts" / "testhefte"
    assert [p.name for p in folder.glob("to-trykk*.md")] == ["to-trykk.md"]
    register = (project / "private" / "register.yml").read_text("utf-8")
    assert register.count("Rasmus Raskeland") == 1
    assert file_of(first.application, answers[0].headers["Location"].removeprefix("/mine/")) == "testhefte/to-trykk"
    assert answers[0].headers["Location"] == answers[1].headers["Location"]


def test_back_after_sending_leads_to_the_receipt(project):
    """The back button after «Send inn» shows the preview's address again: she gets her receipt, not «Ingen
    tilgang», and pressing «Send inn» there again sends nothing twice. Her words are no longer in the draft."""
    app = app_for(project)
    client = joined(app)
    ref = hand_in(client, title="Tilbakeknappen")
    draft_id = _session(client)["drafts"][-1]
    for again in (client.get(f"/utkast/{draft_id}"), client.get(f"/skriv?utkast={draft_id}"),
                  client.post(f"/utkast/{draft_id}/send", data={"csrf_token": csrf(client.get("/skriv"))})):
        assert again.status_code == 302 and again.headers["Location"] == f"/mine/{ref}"
    receipt = client.get(f"/mine/{ref}").get_data(as_text=True)
    assert "Teksten er allerede sendt inn. Her er kvitteringen." in receipt
    assert len(list((project / "texts" / "testhefte").glob("tilbakeknappen*.md"))) == 1
    kept = (project / "private" / "studio" / "utkast" / draft_id / "utkast.json").read_text("utf-8")
    assert "Havet er grått" not in kept and "Kari" not in kept
    assert not (project / "private" / "studio" / "utkast" / draft_id / "stage").exists()
    # Another participant still cannot use it.
    assert joined(app).get(f"/utkast/{draft_id}").status_code == 403


def _session(client) -> dict:
    with client.session_transaction() as session:
        return dict(session)


def test_the_desk_refuses_to_approve_a_text_without_its_consent_form_and_says_what_to_do(project):
    app = app_for(project, lan=False, passphrase=None)
    client = app.test_client()
    ref = file_of(app, hand_in(client, title="Uten skjema"))
    path = project / "texts" / f"{ref}.md"
    before = path.read_bytes()
    page = client.get(f"/redaksjon/tekst/{ref}").get_data(as_text=True)
    token = csrf(client.get("/redaksjon/"))
    with client.session_transaction() as session:
        session["by"] = "TEL"
    sha = re.search(r'name="sha256" value="([0-9a-f]+)"', page)[1]
    refused = client.post(f"/redaksjon/tekst/{ref}/godkjenn", data={"csrf_token": token, "sha256": sha},
                          follow_redirects=True).get_data(as_text=True)
    assert "Ikke godkjent: det signerte samtykkeskjemaet er ikke registrert ennå" in refused
    assert "registrer det signerte skjemaet under «Signert samtykkeskjema»" in refused
    assert path.read_bytes() == before


def test_a_refused_photo_is_named_as_she_knows_it_never_by_a_path_on_the_server(project):
    """An iPhone photo (HEIC) sent from a computer: the message says what to do, and does not show where the
    studio keeps drafts (a path on the course leader's machine means nothing to her, and is not hers to see)."""
    client = app_for(project, lan=False).test_client()
    token = csrf(client.get("/skriv"))
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(4000)
    answered = client.post("/skriv", data={
        "csrf_token": token, "publication": "testhefte", "title": "Fra telefonen", "body": "Tekst.\n",
        "photo": (__import__("io").BytesIO(heic), "IMG_0001.HEIC")})
    page = answered.get_data(as_text=True)
    assert answered.status_code == 422
    assert "Bildet du valgte er i formatet HEIC, som vi ikke tar imot" in page
    assert str(project) not in page and "opplastet-bilde" not in page and "/utkast/" not in page.split("<form")[0]


def test_on_a_shared_machine_the_next_writer_sees_nothing_of_the_one_before(project):
    """The course's laptop, or a phone lent to a friend: after «Jeg er ferdig» the next person sees none of
    the first writer's texts, and her own text is not filed under the first writer's name."""
    import yaml as pyyaml

    app = app_for(project)
    shared = joined(app)
    kari = hand_in(shared, title="Kari sin tekst", name="Kari Fjellheim Testesen")
    receipt = shared.get(f"/mine/{kari}").get_data(as_text=True)
    assert "Jeg er ferdig" in receipt
    done = shared.post("/ferdig", data={"csrf_token": csrf(shared.get("/skriv"))})
    assert done.status_code == 302 and shared.get("/").status_code == 200  # still in the course room
    assert "Kari sin tekst" not in shared.get("/mine").get_data(as_text=True)
    assert shared.get(f"/mine/{kari}").status_code == 403
    assert 'id="name"' in shared.get("/skriv").get_data(as_text=True)  # her name is asked again
    nora = hand_in(shared, title="Nora sin tekst", name="Nora Bekkelund Hansen")
    texts = project / "texts"
    ids = [pyyaml.safe_load((texts / f"{file_of(app, ref)}.md").read_text("utf-8").split("---")[1])["contributor"]
           for ref in (kari, nora)]
    assert ids[0] != ids[1]
    register = pyyaml.safe_load((project / "private" / "register.yml").read_text("utf-8"))["contributors"]
    assert register[ids[1]]["names"] == ["Nora Bekkelund Hansen"]


def test_a_text_sent_after_the_studio_restarted_is_given_back_to_copy(project):
    """The studio was restarted (a new course link) while she wrote on her phone: «Se hvordan det blir» can no
    longer be taken in, but the page gives her words back to copy, so an hour's writing is not lost."""
    before_restart = joined(app_for(project))
    token = csrf(before_restart.get("/skriv"))
    restarted = create_app(load_config(project), Gate(lan=True, token="ny-kurskode-etter-omstart", passphrase=PASSPHRASE),
                           secret_key=b"k" * 32)
    phone = restarted.test_client()
    phone.set_cookie("hefte_studio", before_restart.get_cookie("hefte_studio").value)
    words = "Jeg skrev dette i en hel time\nog vil ikke miste det."
    refused = phone.post("/skriv", data={"csrf_token": token, "title": "En hel time", "body": words})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 403
    assert "Teksten din er ikke lagret" in page
    assert "Jeg skrev dette i en hel time\nog vil ikke miste det.</textarea>" in page and "En hel time" in page
    # Without the session (cookies cleared) the form's CSRF check refuses it first: her words come back there too.
    stranger = restarted.test_client()
    refused = stranger.post("/skriv", data={"title": "Uten informasjonskapsel", "body": "<b>mine ord</b>"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "&lt;b&gt;mine ord&lt;/b&gt;</textarea>" in page
    assert not (project / "private" / "studio" / "utkast").exists() or \
        not any((project / "private" / "studio" / "utkast").iterdir())  # nothing of it is kept on the server


def test_a_title_or_text_of_only_spaces_is_asked_for_again(project):
    """A phone keyboard puts a space in a field she only tapped: that is no title (it became «Tittel»)."""
    client = app_for(project, lan=False).test_client()
    token = csrf(client.get("/skriv"))
    answered = client.post("/skriv", data={"csrf_token": token, "publication": "testhefte", "title": "   ",
                                           "body": " \n  \n", "name": "Vera Visning", "byline": "anonymous",
                                           "genre": "prose", "lang": "nb", "web": "ja", "print": "ja"})
    page = answered.get_data(as_text=True)
    assert answered.status_code == 422
    assert "Skriv en tittel." in page and "Skriv eller lim inn teksten din." in page


def test_an_uploaded_text_explains_the_backslashes_it_shows(project):
    """A file with «*», «[» or a line starting with «- » comes back with a backslash before them, so they stay
    as she wrote them. She has never seen Markdown: the page says what the backslash is and to leave it."""
    client = app_for(project, lan=False).test_client()
    token = csrf(client.get("/last-opp"))
    plain = "Jeg ga *alt* [nesten]\n\n- og så gikk jeg\n".encode("cp1252")
    answered = client.post("/last-opp", data={"csrf_token": token, "publication": "testhefte", "genre": "prose",
                                              "document": (__import__("io").BytesIO(plain), "tekst.txt")})
    page = client.get(answered.headers["Location"]).get_data(as_text=True)
    assert "Jeg ga \\*alt\\* \\[nesten\\]" in page
    assert "En skråstrek foran et tegn" in page and "La skråstreken stå" in page
    plain = "Bare vanlige ord her.\n".encode("cp1252")
    answered = client.post("/last-opp", data={"csrf_token": token, "publication": "testhefte", "genre": "prose",
                                              "document": (__import__("io").BytesIO(plain), "tekst.txt")})
    assert "skråstrek" not in client.get(answered.headers["Location"]).get_data(as_text=True)


def test_a_writer_who_chose_her_first_name_is_not_told_to_remove_it(project):
    """«Bare med fornavn» puts her first name under the text: that is her choice, not a name to take out. (She
    was told «Teksten nevner navnet ditt («Gudrun»), men du har ikke valgt å stå med fullt navn».)"""
    client = app_for(project, lan=False).test_client()
    token = csrf(client.get("/skriv"))
    form = {"csrf_token": token, "publication": "testhefte", "title": "Været i dag", "genre": "prose", "lang": "nb",
            "body": "Det regner, og jeg går likevel en tur.\n", "name": "Gudrun Fornavnsen", "byline": "first-name",
            "web": "ja", "print": "ja"}
    preview = client.get(client.post("/skriv", data=form).headers["Location"]).get_data(as_text=True)
    assert "Gudrun" in preview and "navnet ditt" not in preview
    client.post(re.search(r'action="(/utkast/[^"]+/send)"', preview)[1], data={"csrf_token": token})
    result = CliRunner().invoke(main, ["check", "--root", str(project)])
    assert "«Gudrun»" not in result.output, result.output
    # Her full name, or her first name under a made-up name, is still pointed out.
    form.update(title="Om meg", body="Jeg heter Gudrun Fornavnsen.\n", byline="first-name")
    preview = client.get(client.post("/skriv", data=form).headers["Location"]).get_data(as_text=True)
    assert "Teksten nevner navnet ditt («Gudrun Fornavnsen»)" in preview


def test_a_receipt_is_hers_only_while_the_text_is_hers(project):
    """Her browser remembers the text by its file name. If the editors delete the file and another writer later
    hands in a text of the same title, the old receipt address must not show the other writer's text."""
    app = app_for(project)
    kari, nora = joined(app), joined(app)
    ref = hand_in(kari, title="Bussen klokka sju", name="Kari Fjellheim Testesen")
    (project / "texts" / f"{file_of(app, ref)}.md").unlink()  # she asked the editors to delete it
    assert hand_in(nora, title="Bussen klokka sju", name="Nora Bekkelund Hansen") == ref  # the same file name
    assert nora.get(f"/mine/{ref}").status_code == 200
    for path in (f"/mine/{ref}", f"/mine/{ref}/kvittering.txt"):
        assert kari.get(path).status_code == 403, path
    assert "Bussen klokka sju" not in kari.get("/mine").get_data(as_text=True)


def test_a_copy_of_the_cookie_is_worth_nothing_after_logging_out_or_finishing(project):
    """The session lives in a signed cookie, so logging out only changed the browser's copy: a copy taken
    before (plain http in the course room, or a shared machine's browser profile) still opened the desk, and
    still showed a writer's receipts after «Jeg er ferdig». An ended session is remembered on the server,
    also across a restart, and a copy of it is a stranger's."""
    app = app_for(project)
    editor = joined(app)
    token = csrf(editor.get("/redaksjon/logg-inn"))
    assert editor.post("/redaksjon/logg-inn", data=login(token, PASSPHRASE)).status_code == 302
    copied_editor = editor.get_cookie("hefte_studio").value
    assert editor.post("/redaksjon/logg-ut", data={"csrf_token": token}).status_code == 302
    kari = joined(app)
    ref = hand_in(kari)
    copied_kari = kari.get_cookie("hefte_studio").value
    assert kari.post("/ferdig", data={"csrf_token": csrf(kari.get("/skriv"))}).status_code == 302
    for running in (app, app_for(project)):  # the same studio, and the studio started again
        replayed = running.test_client()
        replayed.set_cookie("hefte_studio", copied_editor)
        assert replayed.get("/redaksjon/").status_code == 302  # to the login page, not the desk
        replayed.set_cookie("hefte_studio", copied_kari)
        assert replayed.get(f"/mine/{ref}").status_code == 403
        assert "Morgen ved sjøen" not in replayed.get("/mine").get_data(as_text=True)
    # Logging in again, and writing on after «Jeg er ferdig», work as before.
    token = csrf(editor.get("/redaksjon/logg-inn"))
    assert editor.post("/redaksjon/logg-inn", data=login(token, PASSPHRASE)).status_code == 302
    assert editor.get("/redaksjon/").status_code == 200
    assert kari.get(f"/mine/{hand_in(kari, title='Kveld ved sjøen')}").status_code == 200


def test_what_the_studio_keeps_is_readable_by_the_editor_alone(project):
    """Drafts hold a writer's name, phone number, words and photo before anyone has approved anything. On a
    machine with more than one user account, the other accounts may not read them (nor the studio's key)."""
    app = app_for(project, lan=False)
    client = app.test_client()
    token = csrf(client.get("/skriv"))
    kept = client.post("/skriv", data={"csrf_token": token, "publication": "testhefte", "title": "Halvferdig",
                                       "name": "Kari Fjellheim Testesen", "contact": "99 88 77 66"})
    assert kept.status_code == 422
    studio = project / "private" / "studio"
    assert any((studio / "utkast").iterdir())
    assert studio.stat().st_mode & 0o077 == 0, oct(studio.stat().st_mode)


def test_a_replaced_or_removed_photo_is_not_kept_in_her_draft(project):
    """She chooses a photo, then another, then takes it away: only the photo the form shows is on the server
    (a photo she took back is hers to take back; and photo after photo filled the disk)."""
    import io

    client = joined(app_for(project))
    token = csrf(client.get("/skriv"))
    first = client.post("/skriv", data={"csrf_token": token, "title": "Første", "publication": "testhefte",
                                        "photo": (io.BytesIO(fx.phone_photo(400, 300)), "IMG_1.JPG")})
    draft_id = re.search(r'/skriv\?utkast=([A-Za-z0-9_-]+)"', first.get_data(as_text=True))[1]
    photos = project / "private" / "studio" / "utkast" / draft_id / "stage" / "bilder"
    for number in range(2, 5):
        client.post(f"/skriv?utkast={draft_id}", data={
            "csrf_token": token, "title": f"Tittel nummer {number}", "publication": "testhefte",
            "photo": (io.BytesIO(fx.phone_photo(400, 300)), f"IMG_{number}.JPG")})
    assert [p.name for p in photos.iterdir()] == ["tittel-nummer-4.jpg"]
    assert client.get(f"/utkast/{draft_id}/bilde").status_code == 200
    client.post(f"/skriv?utkast={draft_id}", data={"csrf_token": token, "title": "Uten bilde",
                                                   "publication": "testhefte", "remove_photo": "y"})
    assert list(photos.iterdir()) == []


def test_in_the_course_room_new_drafts_are_limited_and_her_words_come_back(project):
    """Every «Se hvordan det blir» on an empty form, and every upload, makes a draft on the server's disk. A
    phone in the course room gets NEW_DRAFTS_LIMIT of them; past that she is told to wait, her words are given
    back to copy, and the draft she already has can still be saved."""
    from hefte.studio.app import NEW_DRAFTS_LIMIT

    allowed = int(NEW_DRAFTS_LIMIT.split()[0])
    client = joined(app_for(project))
    token = csrf(client.get("/skriv"))
    for number in range(allowed):
        answer = client.post("/skriv", data={"csrf_token": token, "title": f"Utkast {number}",
                                             "publication": "testhefte"})
        assert answer.status_code == 422, number
    draft_id = re.search(r'/skriv\?utkast=([A-Za-z0-9_-]+)"', answer.get_data(as_text=True))[1]
    refused = client.post("/skriv", data={"csrf_token": token, "title": "Ett til", "body": "Ord jeg ikke vil miste.",
                                          "publication": "testhefte"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert "For mange forsøk" in page and "Vent" in page and "Ord jeg ikke vil miste.</textarea>" in page
    assert len(list((project / "private" / "studio" / "utkast").iterdir())) == allowed
    saved = client.post(f"/skriv?utkast={draft_id}", data={"csrf_token": token, "title": "Mitt utkast",
                                                          "publication": "testhefte"})
    assert saved.status_code == 422  # her own draft is kept as before: the form asks for what is missing


def test_a_locked_out_editor_is_told_how_long_to_wait(project, monkeypatch):
    """Five wrong passphrases a minute, twenty an hour. After the twentieth, waiting a minute does not help:
    the page says how long it does."""
    import time

    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])
    client = joined(app_for(project))
    token = csrf(client.get("/redaksjon/logg-inn"))
    for _ in range(4):
        assert [client.post("/redaksjon/logg-inn", data=login(token, "gjett")).status_code
                for _ in range(5)] == [401] * 5
        now[0] += 61
    blocked = client.post("/redaksjon/logg-inn", data=login(token, PASSPHRASE))
    page = blocked.get_data(as_text=True)
    assert blocked.status_code == 429
    assert "Vent et minutt" not in page and re.search(r"Vent (5[0-9]|60) minutter", page), page


def test_the_session_cookie_is_sent_only_over_https_when_the_studio_is_reached_by_https(project):
    """Behind an https proxy, a cookie without «Secure» would also travel over a plain http request to the
    same machine, readable by anyone on the network. Over plain http (the course room) it cannot be Secure."""
    client = app_for(project, lan=False).test_client()
    secure = client.get("/", base_url="https://localhost").headers["Set-Cookie"]
    plain = app_for(project, lan=False).test_client().get("/").headers["Set-Cookie"]
    assert "; Secure" in secure and "HttpOnly" in secure and "SameSite=Lax" in secure
    assert "; Secure" not in plain


def test_a_save_that_crosses_sending_does_not_bring_the_draft_back(project, monkeypatch):
    """Two tabs, or a phone that sends a form again on a bad connection: «Se hvordan det blir» for a draft
    while «Send inn» for it hands it in. The save read the draft before it was sent and wrote it back after,
    unsent, with her name and words again: it could be handed in twice. The save now waits for the sending and
    leads to the receipt."""
    import threading

    from hefte.studio import forms

    first, second, token, form, draft_id = one_draft_in_two_tabs(project, "Kryssende",
                                                                 "Jeg lagret og sendte på en gang.\n")
    read, sent = threading.Event(), threading.Event()
    validate = forms.WriteForm.validate_on_submit

    def validate_after_sending(self):
        read.set()  # the save has read the draft, unsent
        sent.wait(timeout=20)
        return validate(self)

    monkeypatch.setattr(forms.WriteForm, "validate_on_submit", validate_after_sending)
    saved = []
    save = threading.Thread(target=lambda: saved.append(second.post(f"/skriv?utkast={draft_id}", data=form)))
    save.start()
    assert read.wait(timeout=20)
    monkeypatch.setattr(forms.WriteForm, "validate_on_submit", validate)
    receipt = first.post(f"/utkast/{draft_id}/send", data={"csrf_token": token})
    sent.set()
    save.join(timeout=60)
    assert receipt.status_code == 302 and receipt.headers["Location"].startswith("/mine/")
    assert saved[0].status_code == 302 and saved[0].headers["Location"] == receipt.headers["Location"]
    again = first.get(f"/utkast/{draft_id}")
    assert again.status_code == 302 and again.headers["Location"] == receipt.headers["Location"]
    assert len(list((project / "texts" / "testhefte").glob("kryssende*.md"))) == 1


def test_guessing_the_passphrase_from_many_addresses_is_limited_too(project):
    """Five attempts a minute per address stop one phone, not a room's worth of addresses (or one laptop that
    takes many): all attempts together are limited as well."""
    from hefte.studio.app import ALL_LOGINS_LIMIT

    app = app_for(project)
    allowed = int(ALL_LOGINS_LIMIT.split()[0])
    codes = []
    for address in range(allowed // 5 + 1):
        guesser = app.test_client()
        guesser.environ_base["REMOTE_ADDR"] = f"10.0.0.{address + 1}"
        assert guesser.get(f"/?k={TOKEN}").status_code == 302
        token = csrf(guesser.get("/redaksjon/logg-inn"))
        codes += [guesser.post("/redaksjon/logg-inn", data=login(token, f"gjett-{n}")).status_code for n in range(5)]
    assert codes[:allowed] == [401] * allowed and set(codes[allowed:]) == {429}
    editor = app.test_client()
    editor.environ_base["REMOTE_ADDR"] = "10.0.1.1"
    editor.get(f"/?k={TOKEN}")
    blocked = editor.post("/redaksjon/logg-inn", data=login(csrf(editor.get("/redaksjon/logg-inn")), PASSPHRASE))
    assert blocked.status_code == 429 and "minutter" in blocked.get_data(as_text=True)


def test_a_text_nested_hundreds_deep_gets_a_message_on_the_form_not_an_error_page(project):
    """«Se hvordan det blir» for a text of 300 quotes in one another ended in «Noe gikk galt» (the preview's
    layout overflowed Python's recursion). The form now says what to change, next to her text."""
    client = app_for(project, lan=False).test_client()
    token = csrf(client.get("/skriv"))
    form = {"csrf_token": token, "publication": "testhefte", "title": "Dypt", "genre": "prose", "lang": "nb",
            "body": ">" * 300 + " Dypt inne.\n", "name": "Kari Fjellheim Testesen", "byline": "anonymous",
            "web": "ja", "print": "ja"}
    answer = client.post("/skriv", data=form)
    assert answer.status_code == 422
    assert "lag inni hverandre" in re.search(r'id="feil-body">.*?</div>', answer.get_data(as_text=True), re.S)[0]
