"""``hefte new``: a new text, from questions in a terminal or as a template whose comments explain every field.

The answers are checked by the same checks as `hefte check` (intake/submit.py) before anything is written; a
question whose answer does not pass is asked again with the check's message. A photo is copied, re-encoded
without metadata, into the publication's ``bilder/`` under a name taken from the text, never written as a
path on someone's machine. Fail closed here too: a question left unanswered is written as ``null`` (= not
published), never as yes.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import click

from .. import messages
from ..config import Config
from ..errors import HefteError
from ..files import write_new_atomically
from ..findings import Findings
from ..model import Text
from ..render.images import ImageError
from ..slugs import slugify
from . import submit
from .compose import Answers, PhotoAnswers, compose
from .load import load_project, load_text

MESSAGES = {
    "new.exists": (
        "{file} finnes allerede. Velg et annet navn med --id; en tekst blir aldri skrevet over.",
        "{file} already exists. Choose another name with --id; a text is never overwritten.",
    ),
    "new.ask-again": (
        "Svaret over må rettes før teksten kan lagres. Spørsmålet kommer igjen.",
        "The answer above must be corrected before the text can be saved. The question comes again.",
    ),
    "new.fix-in-file": (
        "Rett dette i fila før redaksjonen tar teksten inn.",
        "Fix this in the file before the editors take the text in.",
    ),
}

_BYLINES = {"1": "named", "2": "first-name", "3": "pseudonym", "4": "anonymous"}
_GENRES = {"1": "prose", "2": "poem", "3": "list"}
MAX_ROUNDS = 5
"""Rounds of asking again before the file is written as it is, with the problems listed (nothing is lost)."""


def _yes_no(question: str) -> bool:
    answer = click.prompt(question + " (ja/nei)", type=click.Choice(["ja", "nei"], case_sensitive=False))
    return answer.lower() == "ja"


def _optional(question: str) -> str | None:
    return click.prompt(question, default="", show_default=False).strip() or None


def _ask_title(a: Answers, state: dict) -> None:
    a.title = click.prompt("Hva heter teksten?")


def _ask_genre(a: Answers, state: dict) -> None:
    a.genre = _GENRES[click.prompt("Hva slags tekst er det? 1 = vanlig tekst, 2 = dikt, 3 = liste",
                                   type=click.Choice(list(_GENRES)))]


def _ask_contributor(a: Answers, state: dict) -> None:
    a.contributor = click.prompt("Hva er nummeret ditt i registeret (for eksempel c-07)? Ikke skriv navnet ditt")


def _ask_byline(a: Answers, state: dict) -> None:
    a.byline = _BYLINES[click.prompt(
        "Hvordan vil du stå oppført? 1 = fullt navn, 2 = bare fornavn, 3 = et annet navn (psevdonym), "
        "4 = anonymt, uten navn", type=click.Choice(list(_BYLINES)))]
    a.display_name = None if a.byline == "anonymous" else click.prompt("Hvilket navn skal leserne se?")


def _ask_web(a: Answers, state: dict) -> None:
    a.web = _yes_no("Kan teksten ligge på nettsida?")


def _ask_print(a: Answers, state: dict) -> None:
    a.print = _yes_no("Kan teksten stå i det trykte heftet?")


def _ask_given(a: Answers, state: dict) -> None:
    # Written as she types it: the check says what is wrong with «2.3.2026» and what to write instead.
    given = _optional("Hvilken dato skrev du under på samtykkeskjemaet (år-måned-dag, for eksempel 2026-03-02)? "
                      "La stå tomt hvis du ikke har skrevet under ennå")
    try:
        a.given = date.fromisoformat(given) if given else None
    except ValueError:
        a.given = given


def _ask_form(a: Answers, state: dict) -> None:
    a.form = _optional("Nummeret på skjemaet (la stå tomt hvis du ikke vet)")


def _ask_photo(a: Answers, state: dict) -> None:
    a.photos = []
    if not _yes_no("Har du et bilde til teksten?"):
        return
    while True:
        where = click.prompt("Hvor ligger bildet? Skriv stien, eller dra fila inn i vinduet "
                             "(la stå tomt for å hoppe over bildet)", default="", show_default=False)
        where = where.strip().strip("'\"")
        if not where:
            return
        try:
            file = submit.stage_photo(Path(where).expanduser(), state["stage"], state["stem"])
            break
        except (HefteError, ImageError) as exc:
            click.echo(exc.message(state["lang"]), err=True)
    photo = PhotoAnswers(file, alt=click.prompt("Beskriv kort hva bildet viser"),
                         credit=click.prompt("Hvem tok bildet?"))
    photo.shows_writer = _yes_no("Kan noen kjenne deg igjen på bildet?")
    photo.web = _yes_no("Kan bildet brukes på nettsida?")
    photo.print = _yes_no("Kan bildet brukes i det trykte heftet?")
    a.photos.append(photo)


QUESTIONS = (
    ("title", _ask_title), ("genre", _ask_genre), ("contributor", _ask_contributor),
    ("byline", _ask_byline), ("display_name", _ask_byline), ("consent.web", _ask_web),
    ("consent.print", _ask_print), ("consent.given", _ask_given), ("consent.form", _ask_form),
    ("photos", _ask_photo),
)
"""Front-matter key -> the question that answers it (a finding on that key asks it again)."""


def _question_for(text: Text | None, line: int):
    keys = [key for key, at in (text.source.lines.items() if text else ()) if at == line]
    for key in sorted(keys, key=len, reverse=True):
        for prefix, ask in QUESTIONS:
            if key == prefix or key.startswith(prefix + "."):
                return ask
    return None


def new_text(config: Config, publication: str | None, text_id: str | None, *, interactive: bool,
             lang: str = "nb") -> Path:
    project = load_project(config)
    pub = submit.find_publication(project, config, publication)
    if not interactive:
        path = pub.folder / f"{slugify(text_id or 'ny-tekst')}.md"
        try:
            write_new_atomically(path, compose(Answers(lang=pub.lang)).encode("utf-8"))
        except FileExistsError:
            raise HefteError("new.exists", None, 0, file=str(path)) from None
        return path
    text_stem(pub, Answers(), text_id, config)  # an --id that is taken is refused before any question
    with tempfile.TemporaryDirectory(prefix="hefte-new-") as stage:
        answers = Answers(lang=pub.lang)
        state = {"stage": Path(stage), "lang": lang, "stem": None}
        for key, ask in QUESTIONS:
            if key == "photos":
                state["stem"] = text_stem(pub, answers, text_id, config)
            if key != "display_name":
                ask(answers, state)
        findings = _check_until_clean(config, project, pub, answers, state, text_id)
        path = submit.save(pub, answers, state["stage"], text_stem(pub, answers, text_id, config))
    saved = _loaded(pub, path)
    if saved is not None:  # where it would go once approved: the policy's answer, e.g. an anonymous writer's photo
        for line in submit.outlook_lines(submit.outlook(project, pub, saved, config.today), lang):
            click.echo(line)
    if findings.has_errors():
        click.echo(messages.render("new.fix-in-file", lang), err=True)
    return path


def text_stem(pub, answers: Answers, text_id: str | None, config: Config) -> str:
    if text_id:
        stem = slugify(text_id)
        if (pub.folder / f"{stem}.md").exists():
            raise HefteError("new.exists", None, 0, file=str(pub.folder / f"{stem}.md"))
        return stem
    return submit.text_stem(pub, answers.title)


def _check_until_clean(config, project, pub, answers: Answers, state: dict, text_id: str | None) -> Findings:
    """Check the answers as `hefte check` would; ask again what does not pass, a few rounds at most."""
    lang = state["lang"]
    for _round in range(MAX_ROUNDS):
        stem = text_stem(pub, answers, text_id, config)
        text, findings = submit.check(config, project, pub, answers, state["stage"], stem)
        errors, warnings = submit.errors_and_warnings(findings)
        for finding in warnings:
            click.echo(messages.render("severity.warning", lang) + ": " + finding.message(lang), err=True)
        asks = []
        for finding in errors:
            click.echo(messages.render("severity.error", lang) + ": " + finding.message(lang), err=True)
            ask = _question_for(text, finding.line)
            if ask is not None and ask not in asks:
                asks.append(ask)
        if not errors or not asks:
            return findings
        click.echo(messages.render("new.ask-again", lang), err=True)
        for ask in asks:
            ask(answers, state)
    return findings


def _loaded(pub, path: Path) -> Text | None:
    return load_text(path, pub, len(pub.text_files), Findings())
