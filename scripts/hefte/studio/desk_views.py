"""The editor's pages (the desk): log in with the passphrase, then the overview and the actions."""

from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, render_template, request, session, url_for

from . import access
from .access import Action
from .forms import LoginForm

blueprint = Blueprint("desk", __name__, url_prefix="/redaksjon")


def _hefte():
    return current_app.extensions["hefte"]


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
    access.forget_editor()
    return redirect(url_for("studio.start"))


@blueprint.get("/")
def overview():
    if not access.allowed(g.actor, g.gate, Action.USE_DESK) and g.gate.passphrase is not None:
        return redirect(url_for(".login"))
    access.require(g.actor, g.gate, Action.USE_DESK)
    return render_template("desk.html")
