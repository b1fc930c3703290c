"""The editor's pages (the desk): overview per publication and per writer, one text with its actions, each
writer's proof and consent form. Thin over hefte.desk: the overview rows are the desk's (asked of the plan), every
action is the desk's (round-trip edit, atomic write, private log), the PDFs are the desk's (under private/)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from flask import (Blueprint, abort, current_app, flash, g, redirect, render_template, request, send_file, session,
                   url_for)

from .. import desk, messages
from ..errors import HefteError
from ..pipeline import prepare
from . import access
from .access import Action
from .forms import ConfirmForm, InitialsForm, LoginForm

blueprint = Blueprint("desk", __name__, url_prefix="/redaksjon")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,60}$")
NEEDS_ACTION = "trenger-handling"
REVIEW = {"draft": "utkast", "submitted": "sendt inn", "changes-requested": "endringer bedt om",
          "approved": "godkjent", None: "ikke oppgitt"}


def _config():
    return current_app.extensions["hefte"]["config"]


def _require_desk():
    if not access.allowed(g.actor, g.gate, Action.USE_DESK):
        if g.gate.passphrase is not None and not (g.gate.lan and not g.actor.in_course):
            abort(redirect(url_for(".login")))
        access.require(g.actor, g.gate, Action.USE_DESK)


def _by() -> str | None:
    return session.get("by")


@blueprint.route("/logg-inn", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if g.gate.passphrase is None:
        return redirect(url_for(".overview"))
    if request.method == "POST" and form.validate_on_submit():
        if g.gate.passphrase_ok(form.passphrase.data):
            access.remember_editor(g.gate)
            session["by"] = form.initials.data.strip()
            return redirect(url_for(".overview"))
        form.passphrase.errors = ["Feil passord. Prøv igjen (etter fem forsøk må du vente et minutt)."]
    status = 401 if request.method == "POST" else 200
    return render_template("login.html", form=form), status


@blueprint.post("/logg-ut")
def logout():
    ConfirmForm().validate_on_submit()
    access.forget_editor(current_app.extensions["hefte"]["ended"])
    return redirect(url_for("studio.start"))


@blueprint.post("/initialer")
def initials():
    _require_desk()
    form = InitialsForm()
    if form.validate_on_submit():
        session["by"] = form.initials.data.strip()
    else:
        flash(" ".join(form.initials.errors), "feil")
    return redirect(request.form.get("tilbake") if _local(request.form.get("tilbake")) else url_for(".overview"))


def _local(target: str | None) -> bool:
    return bool(target) and target.startswith("/redaksjon/") and "//" not in target


def _overview():
    return desk.overview(prepare(_config()))


def _words(code: str | None) -> str:
    if not code:
        return ""
    return messages.render_reason(code) if "|" in code else messages.render(code)


@blueprint.app_template_filter("grunn")
def _reasons(codes) -> str:
    return ", ".join(messages.render_reason(c) for c in codes)


@blueprint.app_template_filter("steg")
def _step(code: str) -> str:
    return _words(desk.ON_THE_DESK.get(code, code))


@blueprint.app_template_filter("dato")
def _date(value) -> str:
    from ..dates import long_date

    return long_date(value) if value else ""


@blueprint.get("/")
def overview():
    _require_desk()
    only = request.args.get("vis") == NEEDS_ACTION
    ov = _overview()
    publications = [(p, [t for t in p.texts if t.needs_action or not only]) for p in ov.publications]
    return render_template("desk.html", publications=publications, only=only, by=_by(), review=REVIEW,
                           initials_form=InitialsForm(), count=sum(t.needs_action for t in ov.texts()))


@blueprint.get("/skribenter")
def writers():
    _require_desk()
    only = request.args.get("vis") == NEEDS_ACTION
    ov = _overview()
    groups = [w for w in ov.writers() if w.contributor and (w.needs_action or not only)]
    return render_template("desk_writers.html", writers=groups, only=only, review=REVIEW, by=_by(),
                           initials_form=InitialsForm(), form=ConfirmForm())


def _text(pub_id: str, stem: str):
    if not (_ID.match(pub_id) and _ID.match(stem)):
        abort(404)
    ov = _overview()
    publication = next((p for p in ov.publications if p.id == pub_id), None)
    text = next((t for t in publication.texts if t.id == stem), None) if publication else None
    if text is None:
        abort(404)
    return publication, text


@blueprint.get("/tekst/<pub_id>/<stem>")
def text(pub_id: str, stem: str):
    _require_desk()
    publication, status = _text(pub_id, stem)
    return _text_page(publication, status)


def _text_page(publication, status, *, errors: dict | None = None, values=None) -> str:
    """The text with its actions; ``errors`` (field name -> message) and ``values`` (what the editor typed)
    when an action was refused for something in its form, so she corrects one field, not all of them again."""
    body = status.path.read_text("utf-8", "replace").split("\n---\n", 1)[-1].strip("\n")
    return render_template("desk_text.html", pub=publication, t=status,
                           receipt=access.receipt_id(f"{publication.id}/{status.id}"), body=body, review=REVIEW, by=_by(),
                           form=ConfirmForm(), initials_form=InitialsForm(), today=_config().today.isoformat(),
                           errors=errors or {}, values=values or {})


ACTIONS = ("godkjenn", "be-om-endringer", "samtykke", "embargo", "opphev-embargo", "trekk", "legg-til", "ta-ut",
           "flytt-opp", "flytt-ned")


@blueprint.post("/tekst/<pub_id>/<stem>/<action>")
def act(pub_id: str, stem: str, action: str):
    _require_desk()
    if action not in ACTIONS:
        abort(404)
    ConfirmForm().validate_on_submit()
    back = url_for(".text", pub_id=pub_id, stem=stem)
    by = _by()
    if not by:
        flash("Skriv initialene dine først, så loggen viser hvem som gjorde endringen.", "feil")
        return redirect(back)
    publication, status = _text(pub_id, stem)
    if action in CONFIRM and request.form.get("bekreft") != "ja":
        # Nothing is done yet: the page says what will happen, and the same form again, now confirmed, does it.
        return render_template("desk_confirm.html", pub=publication, t=status, action=action, form=ConfirmForm(),
                               confirm=CONFIRM[action], sha256=request.form.get("sha256", ""),
                               pub_sha256=request.form.get("pub_sha256", ""))
    expected = request.form.get("sha256") or None
    config = _config()
    try:
        result = _do(config, action, publication, status, by, expected)
    except HefteError as exc:
        field = FIELD_OF.get(exc.code) or exc.params.get("field")
        if field:
            return _text_page(publication, status, errors={field: exc.words("nb")}, values=request.form), 422
        flash(_refusal(exc, config), "feil")
        return redirect(back)
    if result is not None and not result.changed:
        flash(messages.render("desk.unchanged"), "melding")
    elif action == "godkjenn":
        flash(_approved(config, status.path), "melding")
    else:
        flash(DONE[action], "melding")
        for finding in getattr(result, "consequences", []):
            flash(finding.message("nb"), "feil")
    return redirect(back)


DONE = {
    "be-om-endringer": "Beskjeden er lagret. Skribenten ser den under «Mine tekster».",
    "samtykke": "Samtykkeskjemaet er registrert.",
    "embargo": "Embargoen er satt.",
    "opphev-embargo": "Embargoen er opphevet.",
    "trekk": "Teksten er trukket. Neste bygging fjerner den fra nettsida, PDF-ene og søket.",
    "legg-til": "Teksten står nå sist i rekkefølgen.",
    "ta-ut": "Teksten er tatt ut av rekkefølgen og publiseres ikke.",
    "flytt-opp": "Flyttet opp.",
    "flytt-ned": "Flyttet ned.",
}


def _approved(config, path) -> str:
    """What the approval means now, from the text's state after it: published at the next build, or what it
    still waits for (consent not recorded, not in the order), as the desk's own steps."""
    after = desk.overview(prepare(config)).text(path)
    if after is None:
        return "Godkjent."
    if after.steps:
        return "Godkjent. Før teksten kan publiseres: " + "; ".join(_step(s) for s in after.steps) + "."
    if after.state == "desk.state.published":
        return "Godkjent. Teksten publiseres ved neste bygging."
    return f"Godkjent. Teksten {_words(after.state)}." if after.state else "Godkjent."


CONFIRM = {
    "trekk": {
        "heading": "Vil du trekke «{title}»?",
        "what": ["Teksten «{title}» blir tatt ut av nettsida, søket og PDF-ene ved neste bygging.",
                 "Skribenten får ingen beskjed om det fra studioet: si fra til henne selv. Trykte hefter som alt er "
                 "delt ut, kan ikke kalles tilbake.",
                 "Fila med teksten blir liggende, så ingenting av det hun skrev går tapt. Men trekkingen kan ikke "
                 "gjøres om her i redaksjonen."],
        "button": "Ja, trekk teksten",
    },
}
"""Actions asked once more before they are done: withdrawal cannot be undone at the desk, and a slip of the
finger on a phone must not do it. The rest are undone in one step at the desk (approve again, put back in the
order, lift the embargo) or need words or a date typed first."""

FIELD_OF = {"desk.consent-in-future": "given", "desk.form-missing": "form_ref"}
"""Refusals about one field of the form: shown next to it, with what the editor typed kept."""

NO_FORM_YET = ("Ikke godkjent: det signerte samtykkeskjemaet er ikke registrert ennå (en godkjent tekst uten "
               "samtykke er en feil, og publiseres ingen steder). Gi skribenten samtykkeskjemaet («Lag samtykkeskjema» under «Per "
               "skribent»), registrer det signerte skjemaet under «Signert samtykkeskjema» (dato og referanse), og "
               "godkjenn så.")


def _refusal(exc: HefteError, config) -> str:
    """Why an action was not done, in the desk's own words where the reason is one the desk has a button for."""
    findings = getattr(exc, "findings", None)
    if findings and {f.code for f in findings} == {"consent.approved-without-date"}:
        return NO_FORM_YET
    return _shown(exc.message("nb"), config)


def _shown(message: str, config) -> str:
    """Paths in the desk's messages as the editor knows them: from the project folder."""
    return message.replace(f"{config.root}/", "")


def _date_field(name: str) -> date:
    try:
        return date.fromisoformat((request.form.get(name) or "").strip())
    except ValueError:
        raise HefteError("studio.date-format", field=name) from None


def _do(config, action: str, publication, status, by: str, expected: str | None):
    if action == "godkjenn":
        return desk.approve(config, status.path, by=by, expected=expected)
    if action == "be-om-endringer":
        return desk.request_changes(config, status.path, by=by, note=request.form.get("note", ""), expected=expected)
    if action == "samtykke":
        return desk.record_consent(config, status.path, by=by, given=_date_field("given"),
                                   form=request.form.get("form_ref", ""), expected=expected)
    if action == "embargo":
        return desk.set_embargo(config, status.path, by=by, until=_date_field("until"), expected=expected)
    if action == "opphev-embargo":
        return desk.set_embargo(config, status.path, by=by, until=None, expected=expected)
    if action == "trekk":
        return desk.withdraw(config, status.path, by=by, expected=expected)
    order = [t.path.name for t in publication.texts if t.listed]
    name = status.path.name
    if action == "legg-til" and name not in order:
        order.append(name)
    elif action == "ta-ut" and name in order:
        order.remove(name)
    elif action in ("flytt-opp", "flytt-ned") and name in order:
        i = order.index(name)
        j = i - 1 if action == "flytt-opp" else i + 1
        if 0 <= j < len(order):
            order[i], order[j] = order[j], order[i]
    return desk.reorder(config, publication.id, order, by=by, expected=request.form.get("pub_sha256") or None)


def _writer_id(contributor: str) -> str:
    if not _ID.match(contributor or ""):
        abort(404)
    return contributor


@blueprint.post("/skribent/<contributor>/korrektur")
def make_proof(contributor: str):
    _require_desk()
    ConfirmForm().validate_on_submit()
    try:
        desk.writer_proof(prepare(_config()), _writer_id(contributor))
    except HefteError as exc:
        flash(exc.message("nb"), "feil")
        return redirect(url_for(".writers"))
    flash(f"Korrekturen for {contributor} er laget. Last den ned under.", "melding")
    return redirect(url_for(".writers", _anchor=f"skribent-{contributor}", korrektur=contributor))


@blueprint.post("/skribent/<contributor>/samtykke")
def make_form(contributor: str):
    _require_desk()
    ConfirmForm().validate_on_submit()
    try:
        result = desk.consent_form(prepare(_config()), _writer_id(contributor))
    except HefteError as exc:
        flash(exc.message("nb"), "feil")
        return redirect(url_for(".writers"))
    flash(f"Samtykkeskjemaet for {contributor} er laget, med referanse {result.reference}. Skriv den inn når "
          "skjemaet er signert.", "melding")
    return redirect(url_for(".writers", _anchor=f"skribent-{contributor}", samtykke=result.path.stem,
                            skjema_for=contributor))


def _private_pdf(folder: str, name: str) -> Path:
    from ..desk.private import private_dir

    if not _ID.match(name):
        abort(404)
    path = private_dir(_config()) / folder / f"{name}.pdf"
    if not path.is_file():
        abort(404)
    return path


@blueprint.get("/skribent/<contributor>/korrektur.pdf")
def proof_pdf(contributor: str):
    _require_desk()
    path = _private_pdf("korrektur", _writer_id(contributor))
    return send_file(path, mimetype="application/pdf", as_attachment=True, download_name=f"korrektur-{contributor}.pdf",
                     max_age=0)


@blueprint.get("/samtykke/<reference>.pdf")
def form_pdf(reference: str):
    _require_desk()
    path = _private_pdf("samtykke", reference)
    return send_file(path, mimetype="application/pdf", as_attachment=True, download_name=f"samtykke-{reference}.pdf",
                     max_age=0)
