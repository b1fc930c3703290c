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


QUESTIONS = {
    "title": ("Hva heter teksten?", "What is the text called?"),
    "genre": ("Hva slags tekst er det? 1 = vanlig tekst, 2 = dikt, 3 = liste",
              "What kind of text is it? 1 = prose, 2 = poem, 3 = list"),
    "contributor": ("Hva er nummeret ditt i registeret (for eksempel c-07)? Ikke skriv navnet ditt",
                    "What is your number in the register (for example c-07)? Do not write your name"),
    "byline": ("Hvordan vil du stå oppført? 1 = fullt navn, 2 = bare fornavn, 3 = et annet navn (psevdonym), "
               "4 = anonymt, uten navn",
               "How do you want to be named? 1 = full name, 2 = first name only, 3 = another name (pseudonym), "
               "4 = anonymous, no name"),
    "display_name": ("Hvilket navn skal leserne se?", "Which name should readers see?"),
    "web": ("Kan teksten ligge på nettsida?", "May the text be on the website?"),
    "print": ("Kan teksten stå i det trykte heftet?", "May the text be in the printed booklet?"),
    "given": ("Hvilken dato skrev du under på samtykkeskjemaet (år-måned-dag, for eksempel 2026-03-02)? La stå "
              "tomt hvis du ikke har skrevet under ennå",
              "On which date did you sign the consent form (for example 2026-03-02)? Leave empty if you have "
              "not signed yet"),
    "form": ("Nummeret på skjemaet (la stå tomt hvis du ikke vet)", "The form's number (leave empty if you do not know)"),
    "has_photo": ("Har du et bilde til teksten?", "Do you have a photo for the text?"),
    "photo_file": ("Hvor ligger bildet? Skriv stien, eller dra fila inn i vinduet (la stå tomt for å hoppe over "
                   "bildet)", "Where is the photo? Type its path, or drag the file into the window (leave empty to "
                   "skip the photo)"),
    "photo_alt": ("Beskriv kort hva bildet viser", "Describe briefly what the photo shows"),
    "photo_credit": ("Hvem tok bildet?", "Who took the photo?"),
    "photo_writer": ("Kan noen kjenne deg igjen på bildet?", "Could anyone recognise you in the photo?"),
    "photo_web": ("Kan bildet brukes på nettsida?", "May the photo be used on the website?"),
    "photo_print": ("Kan bildet brukes i det trykte heftet?", "May the photo be used in the printed booklet?"),
    "yes_no": ("(ja/nei)", "(yes/no)"),
    "answer_yes_no": ("Svar ja eller nei.", "Answer yes or no."),
    "answer_number": ("Svar med et av tallene {choices}.", "Answer with one of the numbers {choices}."),
}


class YesNo(click.ParamType):
    """ja/nei (or yes/no): the answer a participant types, in her language; anything else is asked again."""

    name = "yes-no"
    _WORDS = {"ja": True, "j": True, "yes": True, "y": True, "nei": False, "n": False, "no": False}

    def __init__(self, lang: str):
        self.lang = lang

    def convert(self, value, param, ctx):
        if isinstance(value, bool):
            return value
        answer = self._WORDS.get(str(value).strip().lower())
        if answer is None:
            self.fail(_q("answer_yes_no", self.lang), param, ctx)
        return answer


class Number(click.ParamType):
    """One of the numbered options in a question, with the message in the participant's language."""

    name = "number"

    def __init__(self, choices, lang: str):
        self.choices, self.lang = list(choices), lang

    def convert(self, value, param, ctx):
        if str(value).strip() not in self.choices:
            self.fail(_q("answer_number", self.lang).format(choices=", ".join(self.choices)), param, ctx)
        return str(value).strip()


def _q(key: str, lang: str) -> str:
    nb, en = QUESTIONS[key]
    return en if lang == "en" else nb


def _ask(key: str, state: dict, **kw):
    return click.prompt(_q(key, state["lang"]), **kw)


def _yes_no(key: str, state: dict) -> bool:
    return _ask(key, state, type=YesNo(state["lang"]), prompt_suffix=f" {_q('yes_no', state['lang'])}: ")


def _optional(key: str, state: dict) -> str | None:
    return _ask(key, state, default="", show_default=False).strip() or None


def _ask_title(a: Answers, state: dict) -> None:
    a.title = _ask("title", state)


def _ask_genre(a: Answers, state: dict) -> None:
    a.genre = _GENRES[_ask("genre", state, type=Number(_GENRES, state["lang"]))]


def _ask_contributor(a: Answers, state: dict) -> None:
    a.contributor = _ask("contributor", state)


def _ask_byline(a: Answers, state: dict) -> None:
    a.byline = _BYLINES[_ask("byline", state, type=Number(_BYLINES, state["lang"]))]
    a.display_name = None if a.byline == "anonymous" else _ask("display_name", state)


def _ask_web(a: Answers, state: dict) -> None:
    a.web = _yes_no("web", state)


def _ask_print(a: Answers, state: dict) -> None:
    a.print = _yes_no("print", state)


def _ask_given(a: Answers, state: dict) -> None:
    # Written as she types it: the check says what is wrong with «2.3.2026» and what to write instead.
    given = _optional("given", state)
    try:
        a.given = date.fromisoformat(given) if given else None
    except ValueError:
        a.given = given


def _ask_form(a: Answers, state: dict) -> None:
    a.form = _optional("form", state)


def _ask_photo(a: Answers, state: dict) -> None:
    a.photos = []
    if not _yes_no("has_photo", state):
        return
    while True:
        where = (_optional("photo_file", state) or "").strip("'\"")
        if not where:
            return
        try:
            file = submit.stage_photo(Path(where).expanduser(), state["stage"], state["stem"])
            break
        except HefteError as exc:  # not found, not an image, too large: say so and ask again
            click.echo(exc.message(state["lang"]), err=True)
    photo = PhotoAnswers(file, alt=_ask("photo_alt", state), credit=_ask("photo_credit", state))
    photo.shows_writer = _yes_no("photo_writer", state)
    photo.web = _yes_no("photo_web", state)
    photo.print = _yes_no("photo_print", state)
    a.photos.append(photo)


ASKED_BY_KEY = (
    ("title", _ask_title), ("genre", _ask_genre), ("contributor", _ask_contributor),
    ("byline", _ask_byline), ("display_name", _ask_byline), ("consent.web", _ask_web),
    ("consent.print", _ask_print), ("consent.given", _ask_given), ("consent.form", _ask_form),
    ("photos", _ask_photo),
)
"""Front-matter key -> the question that answers it (a finding on that key asks it again)."""


def _question_for(text: Text | None, line: int):
    keys = [key for key, at in (text.source.lines.items() if text else ()) if at == line]
    for key in sorted(keys, key=len, reverse=True):
        for prefix, ask in ASKED_BY_KEY:
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
        for key, ask in ASKED_BY_KEY:
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
