"""The participant's pages: write or upload, preview, send, receipt, her own texts. Thin: each view asks
access.py, calls one library function (handin, uploads, preview) and renders a template."""

from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, send_file, url_for

from .. import dates
from ..errors import HefteError
from ..intake import submit
from ..intake.load import load_project
from ..model import Kind
from . import access, handin, preview, uploads
from .access import Action
from .forms import ConfirmForm, UploadForm, WriteForm, choices

blueprint = Blueprint("studio", __name__)
_PHOTO = re.compile(r"^bilder/[a-z0-9-]+\.(jpg|png)$")


def _hefte():
    return current_app.extensions["hefte"]


def _require(action: Action, resource: str | None = None, owner: str | None = None) -> None:
    access.require(g.actor, g.gate, action, resource, owner)


def _publications() -> list[tuple[str, str]]:
    """Where participants may hand in: the booklets (reports are written by staff)."""
    project = load_project(_hefte()["config"])
    booklets = [p for p in project.publications if p.kind is Kind.BOOKLET] or project.publications
    return [(p.id, p.title) for p in booklets]


def _offered(draft) -> None:
    """A draft is handed in only where the form offers (an id typed into the request is no choice of the form)."""
    if draft.publication not in {pub_id for pub_id, _ in _publications()}:
        abort(403)


def _draft(draft_id: str):
    _require(Action.SEE_DRAFT, draft_id)
    draft = _hefte()["drafts"].get(draft_id)
    if draft is None or draft.owner != g.actor.session_id:
        abort(404)
    if draft.handed_in:
        abort(_already_sent(draft))
    return draft


def _already_sent(draft):
    """The back button, or «Send inn» pressed again: the text is in, here is its receipt."""
    if draft.handed_in not in g.actor.texts:
        access.remember_text(draft.handed_in, draft.contributor)
    flash("Teksten er allerede sendt inn. Her er kvitteringen.", "melding")
    return redirect(url_for(".receipt", receipt=access.receipt_id(draft.handed_in)))


@blueprint.get("/")
def start():
    _require(Action.ENTER)
    return render_template("start.html", publications=_publications(), texts=len(g.actor.texts))


def _extra_errors(form: WriteForm, has_photo: bool) -> bool:
    """What the form needs beyond each field on its own; False if something is missing."""
    missing = []
    if not g.actor.contributor and not (form.name.data or "").strip():
        missing.append((form.name, "Skriv navnet ditt. Det går bare til redaksjonen, aldri ut."))
    if form.byline.data == "pseudonym" and not (form.shown_name.data or "").strip():
        missing.append((form.shown_name, "Skriv navnet du vil bruke i stedet for ditt eget."))
    if has_photo:
        if not (form.photo_alt.data or "").strip():
            missing.append((form.photo_alt, "Skriv kort hva bildet viser."))
        for field in (form.photo_recognisable, form.photo_web, form.photo_print):
            if not field.data:
                missing.append((field, "Svar på dette for bildet."))
    for field, message in missing:
        field.errors = [*field.errors, message]
    return not missing


@blueprint.route("/skriv", methods=["GET", "POST"])
def write():
    _require(Action.WRITE)
    hefte = _hefte()
    draft = _draft(request.args["utkast"]) if request.args.get("utkast") else None
    form = WriteForm(data=draft.fields if draft and request.method == "GET" else None)
    form.publication.choices = choices(_publications())
    if form.publication.data not in {c.value for c in form.publication.choices} and form.publication.choices:
        form.publication.data = form.publication.choices[0].value  # none chosen, or one the form never offered
    if request.method == "GET":
        if draft is not None and request.args.get("sjekk"):
            _attach(form, handin.evaluate(hefte["config"], draft, g.actor.contributor).errors)
        return render_template("write.html", form=form, draft=draft)
    valid = form.validate_on_submit()
    # Whatever she typed is kept in her draft before anything else can go wrong: nothing she wrote is lost.
    if draft is None:
        draft = hefte["drafts"].new(g.actor.session_id)
        access.remember_draft(draft.id)
    # Not while «Send inn» hands it in (another tab, a form sent again): read before and written after, the
    # draft came back unsent, to be handed in twice.
    with hefte["drafts"].sending(draft) as draft:
        if draft.handed_in:
            return _already_sent(draft)
        _keep(form, draft)
    valid = _extra_errors(form, bool(draft.photo)) and valid and not form.photo.errors
    if valid:
        outcome = handin.evaluate(hefte["config"], draft, g.actor.contributor)
        if outcome.ok:
            return redirect(url_for(".show_draft", draft_id=draft.id))
        _attach(form, outcome.errors)
    return render_template("write.html", form=form, draft=draft), 422


def _keep(form: WriteForm, draft) -> None:
    """Her answers and her photo into the draft, whatever else is wrong with them."""
    draft.fields = form.answers()
    draft.publication = form.publication.data
    if form.remove_photo.data:
        draft.photo = None
        handin.drop_photos(draft)
    upload = request.files.get(form.photo.name)
    if upload is not None and upload.filename:
        try:
            pub = submit.find_publication(load_project(_hefte()["config"]), _hefte()["config"], draft.publication)
            draft.photo = handin.stage_photo(draft, upload.read(), submit.text_stem(pub, form.title.data),
                                              received=getattr(upload.stream, "received", None))
        except HefteError as exc:
            form.photo.errors = [*form.photo.errors, exc.message("nb")]
    draft.save()


def _attach(form: WriteForm, errors: dict[str, list[str]]) -> None:
    form.general_errors = []
    for name, messages in errors.items():
        field = getattr(form, name, None) if name else None
        if field is None:
            form.general_errors += messages
        else:
            field.errors = [*field.errors, *messages]


@blueprint.route("/last-opp", methods=["GET", "POST"])
def upload():
    _require(Action.WRITE)
    hefte = _hefte()
    form = UploadForm()
    form.publication.choices = choices(_publications())
    if request.method == "POST" and form.validate_on_submit():
        document = request.files.get(form.document.name)
        if document is None or not document.filename:
            form.document.errors = ["Velg fila med teksten din."]
        else:
            try:
                converted = uploads.convert(document.read(uploads.MAX_UPLOAD_BYTES + 1), form.genre.data)
            except uploads.UploadError as exc:
                form.document.errors = [exc.message("nb")]
            else:
                draft = hefte["drafts"].new(g.actor.session_id)
                access.remember_draft(draft.id)
                project = load_project(hefte["config"])
                pub = project.publication(form.publication.data)
                draft.publication = form.publication.data
                draft.fields = {"title": converted.title or "", "body": converted.body, "genre": form.genre.data,
                                "lang": pub.lang if pub else "nb", "publication": form.publication.data}
                draft.notes = uploads.explain(converted)
                draft.save()
                return redirect(url_for(".write", utkast=draft.id))
        return render_template("upload.html", form=form), 422
    return render_template("upload.html", form=form), 400 if request.method == "POST" else 200


@blueprint.get("/utkast/<draft_id>")
def show_draft(draft_id: str):
    hefte = _hefte()
    draft = _draft(draft_id)
    _offered(draft)
    outcome = handin.evaluate(hefte["config"], draft, g.actor.contributor)
    if not outcome.ok:
        return redirect(url_for(".write", utkast=draft.id, sjekk=1))
    planned, plan = outcome.planned, outcome.plan
    # Too long to draw here (it holds up everyone's preview); saved and handed in whole all the same.
    too_long = preview.too_long(draft.fields.get("body"))
    pages = [] if too_long else \
        preview.print_pages(hefte["config"], outcome.project, planned, plan, draft.folder / "forhandsvisning")
    too_long = too_long or pages is None
    article = preview.web_article(planned, plan, lambda photo: url_for(".draft_photo", draft_id=draft.id)) \
        if planned.decision.web and not too_long else None
    return render_template("preview.html", draft=draft, outcome=outcome, article=article, pages=len(pages or []),
                           too_long=too_long, max_chars=f"{preview.MAX_PREVIEW_CHARS:,}".replace(",", " "),
                           max_lines=f"{preview.MAX_PREVIEW_LINES:,}".replace(",", " "),
                           max_marks=f"{preview.MAX_PREVIEW_MARKS:,}".replace(",", " "),
                           outlook=submit.outlook_lines(planned, to_writer=True), form=ConfirmForm(),
                           choices=_choices(outcome.text, planned))


@blueprint.post("/utkast/<draft_id>/send")
def send(draft_id: str):
    hefte = _hefte()
    draft = _draft(draft_id)
    _offered(draft)
    ConfirmForm().validate_on_submit()  # CSRFProtect has already refused a POST without a valid token
    with hefte["drafts"].sending(draft) as draft:
        if draft.handed_in:  # pressed twice: the first press handed it in while this one waited
            return _already_sent(draft)
        if not handin.evaluate(hefte["config"], draft, g.actor.contributor).ok:
            return redirect(url_for(".write", utkast=draft.id, sjekk=1))
        pub, path, contributor = handin.hand_in(hefte["config"], draft, g.actor.contributor)
        hefte["drafts"].handed_in(draft, f"{pub.id}/{path.stem}", contributor)
    access.remember_text(f"{pub.id}/{path.stem}", contributor)
    return redirect(url_for(".receipt", receipt=access.receipt_id(f"{pub.id}/{path.stem}")))


@blueprint.get("/utkast/<draft_id>/bilde")
def draft_photo(draft_id: str):
    draft = _draft(draft_id)
    if not draft.photo or not _PHOTO.match(draft.photo):
        abort(404)
    return send_file(draft.stage / draft.photo, max_age=0)


@blueprint.get("/utkast/<draft_id>/side/<int:number>")
def draft_page(draft_id: str, number: int):
    draft = _draft(draft_id)
    pages = sorted((draft.folder / "forhandsvisning").glob("side-*.png"),
                   key=lambda p: int(p.stem.rpartition("-")[2]))
    if not 1 <= number <= len(pages):
        abort(404)
    return send_file(pages[number - 1], mimetype="image/png", max_age=0)


def _her_texts() -> dict[str, tuple]:
    """Her handed-in texts still in the project, by receipt id: (project, publication, text)."""
    if not g.actor.texts:
        return {}
    project = load_project(_hefte()["config"])
    found = {}
    for pub in project.publications:
        for text in [*pub.texts, *pub.unlisted]:
            receipt = access.receipt_id(f"{pub.id}/{text.id}")
            if receipt in g.actor.texts:
                found[receipt] = (project, pub, text)
    return found


def _submission(receipt: str):
    loaded = _her_texts().get(receipt)
    # One answer (403) for a text that is gone and one that is someone else's: no probing for receipts.
    _require(Action.SEE_SUBMISSION, receipt, owner=loaded[2].contributor if loaded else None)
    return loaded


@blueprint.post("/ferdig")
def done():
    """A shared computer or phone: the next person must not see her texts, nor be taken for her."""
    _require(Action.ENTER)
    access.forget_participant(_hefte()["ended"])
    flash("Ferdig. Denne nettleseren husker ikke lenger tekstene dine eller navnet ditt, så nestemann kan skrive. "
          "Tekstene du sendte inn, er hos redaksjonen.", "melding")
    return redirect(url_for(".start"))


STATUS = {"draft": "utkast", "submitted": "sendt inn, venter på redaksjonen",
          "changes-requested": "redaksjonen ber deg endre noe", "approved": "godkjent av redaksjonen"}


@blueprint.get("/mine")
def mine():
    _require(Action.ENTER)
    rows = []
    for receipt, (_, pub, text) in _her_texts().items():
        if access.allowed(g.actor, g.gate, Action.SEE_SUBMISSION, receipt, text.contributor):
            rows.append({"receipt": receipt, "pub": pub, "text": text,
                         "status": STATUS.get(getattr(text.review.status, "value", ""), "ukjent")})
    return render_template("mine.html", rows=rows)


def _receipt_data(receipt: str) -> dict:
    project, pub, text = _submission(receipt)
    planned = submit.outlook(project, pub, text, _hefte()["config"].today)
    return {"receipt": receipt, "pub": pub, "text": text, "choices": _choices(text, planned), "outlook": submit.outlook_lines(planned, to_writer=True),
            "status": STATUS.get(getattr(text.review.status, "value", ""), "ukjent"),
            "today": dates.long_date(_hefte()["config"].today)}


@blueprint.get("/mine/<receipt>")
def receipt(receipt: str):
    return render_template("receipt.html", **_receipt_data(receipt))


@blueprint.get("/mine/<receipt>/kvittering.txt")
def receipt_text(receipt: str):
    body = render_template("receipt.txt", **_receipt_data(receipt))
    return body, 200, {"Content-Type": "text/plain; charset=utf-8",
                       "Content-Disposition": f'attachment; filename="kvittering-{receipt}.txt"'}


def _choices(text, planned) -> list[tuple[str, str]]:
    """What she chose, in words: the receipt's and the preview's summary."""
    yes = {True: "ja", False: "nei", None: "ikke svart (regnes som nei)"}
    byline = {"named": "med fullt navn", "first-name": "med fornavn", "pseudonym": "med et navn du fant på",
              "anonymous": "uten navn"}.get(getattr(text.byline, "value", ""), "ikke valgt")
    shown = f"«tekst: {planned.byline}»" if planned.byline else "«tekst: anonym»"
    rows = [("Tittel", text.title), ("Slik står du", f"{byline}: leserne ser {shown}"),
            ("På nettsida", yes[text.consent.web]), ("I det trykte heftet", yes[text.consent.print])]
    for photo in text.photos:
        rows += [("Bilde", photo.alt or "(ikke beskrevet)"),  # not its file name, which has the text's «-2»
                 ("Kan noen kjenne deg igjen på bildet", {True: "ja", False: "nei", None: "vet ikke"}[photo.shows_writer]),
                 ("Bildet på nettsida", yes[photo.consent.web]), ("Bildet i det trykte heftet", yes[photo.consent.print])]
    return rows
