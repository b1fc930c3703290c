"""``hefte samtykke --writer c-07``: her consent form, pre-filled, to print, sign and give back.

Lists each of her texts by title with her choices as the files state them (web, print, each photo, how she is
named and the name exactly as it will stand), what withdrawing means and how, lines for date and signature, and
a form reference the editor records afterwards (``hefte record-consent --form``). Her real name from the
private register may stand on it: the form is for her and the editors only, written under private/ and refused
by verify anywhere else.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import marks, writer
from .pdfout import render_documents
from .private import private_file
from ..dates import join_names, long_date
from ..errors import HefteError
from ..model import Byline
from ..render.project_files import ProjectFiles

TEMPLATE = "samtykke.html"
FOLDER = "samtykke"

BYLINES = [("named", "fullt navn"), ("first-name", "bare fornavn"), ("pseudonym", "et annet navn (psevdonym)"),
           ("anonymous", "uten navn (anonym)")]
"""The four ways to be named, in the words of the form (model.Byline values)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "desk.form-next": (
        "Gi skjemaet til skribenten. Når det er signert: hefte record-consent --writer {writer} --given DATO "
        "--form {ref} --by INITIALER",
        "Give the form to the writer. When it is signed: hefte record-consent --writer {writer} --given DATE "
        "--form {ref} --by INITIALS",
    ),
    "desk.template-missing": (
        "Malen {template} mangler i {folder}/. Kopier den fra hefte (overrides/print/{template}).",
        "The template {template} is missing from {folder}/. Copy it from hefte (overrides/print/{template}).",
    ),
}


@dataclass(frozen=True)
class FormResult:
    path: Path
    reference: str
    """The form reference printed on it; the editor records it as ``consent.form``."""
    texts: list[str]
    """Titles on the form, in order."""


def consent_form(state, contributor: str, *, publication: str | None = None, reference: str | None = None) -> FormResult:
    """Write ``private/samtykke/<reference>.pdf`` for one writer; return where, with what reference and texts."""
    texts = writer.writer_texts(state, contributor, publication=publication)
    if not texts:
        raise HefteError("desk.no-texts-for-writer", None, 0, writer=contributor)
    config = state.config
    reference = (reference or f"S-{contributor.upper()}-{state.plan.today.isoformat()}").strip()
    folder = config.overrides_path / "print"
    if not (folder / TEMPLATE).is_file():
        raise HefteError("desk.template-missing", folder / TEMPLATE, 0, template=TEMPLATE,
                         folder=f"{config.overrides_dir}/print")
    target = private_file(config, FOLDER, re.sub(r"[^A-Za-z0-9._-]+", "-", reference).strip("-.") + ".pdf")
    context = form_context(state, contributor, texts, reference)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    html = env.get_template(TEMPLATE).render(form=context)
    with tempfile.TemporaryDirectory(prefix="hefte-samtykke-") as tmp:
        files = ProjectFiles({"maler": config.overrides_path}, Path(tmp))
        render_documents([(html, files, folder)], target, source=texts[0].text.source.path)
    return FormResult(target, reference, [t["title"] for t in context["texts"]])


def form_context(state, contributor: str, texts: list[writer.WriterText], reference: str) -> dict:
    """What the form says, as plain data (the studio can show the same before printing)."""
    register = state.project.register
    person = register.contributors.get(contributor)
    publications = {wt.publication.publication.id: wt.publication.publication for wt in texts}
    contacts = []
    for pub in publications.values():
        who = join_names(pub.editors)
        where = ", ".join(v for v in (pub.publisher.name, pub.publisher.address, pub.publisher.url) if v)
        contacts.append(" – ".join(v for v in (who, where) if v))
    return {
        "writer": contributor,
        "real_name": person.names[0] if person and person.names else None,
        "reference": reference,
        "keyword": f"{marks.PRIVATE_KEYWORD} samtykkeskjema {contributor}",
        "made": long_date(state.plan.today),
        "contact": "; ".join(dict.fromkeys(c for c in contacts if c)) or "redaksjonen",
        "bylines": BYLINES,
        "texts": [_text(wt) for wt in texts],
    }


def _text(wt: writer.WriterText) -> dict:
    text = wt.text
    photos = []
    for planned in wt.photos_if_published():
        photo = planned.photo
        note = None
        if text.byline is Byline.ANONYMOUS and photo.shows_writer is not False:
            note = "Bildet kan vise deg. Det brukes ikke så lenge du står uten navn."
        photos.append({"label": photo.alt or photo.file, "web": _choice(photo.consent.web),
                       "print": _choice(photo.consent.print), "note": note})
    return {
        "title": text.title,
        "publication": wt.publication.publication.title,
        "web": _choice(text.consent.web),
        "print": _choice(text.consent.print),
        "byline": text.byline.value if text.byline else None,
        "byline_shown": writer.byline_line(wt) if (wt.planned.byline or text.byline is Byline.ANONYMOUS)
        else "ikke bestemt ennå",
        "photos": photos,
    }


def _choice(value: bool | None) -> str | None:
    """The box to tick: her stated yes or no; None (not stated) ticks neither."""
    return None if value is None else "yes" if value else "no"
