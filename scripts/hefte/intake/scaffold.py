"""``hefte new``: a new text from a template whose comments explain every field in plain Norwegian.

In a terminal it asks the consent questions one at a time and writes the answers into the front matter.
Fail closed here too: a question left unanswered is written as ``null`` (= not published), never as yes.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import click

from ..config import Config
from ..errors import HefteError
from ..slugs import slugify

MESSAGES = {
    "new.exists": (
        "{file} finnes allerede. Velg et annet navn med --id; en tekst blir aldri skrevet over.",
        "{file} already exists. Choose another name with --id; a text is never overwritten.",
    ),
    "new.no-publication": (
        "Fant ikke publikasjonen «{publication}». Tilgjengelige: {available}.",
        "Publication «{publication}» not found. Available: {available}.",
    ),
    "new.which-publication": (
        "Si hvilken publikasjon teksten hører til: hefte new <publikasjon>. Tilgjengelige: {available}.",
        "Say which publication the text belongs to: hefte new <publication>. Available: {available}.",
    ),
}

TEMPLATE = """\
---
# Tittelen på teksten, slik den skal stå over teksten.
title: {title}
# Språk: nb (bokmål) eller nn (nynorsk).
lang: {lang}
# Sjanger: prose (vanlig tekst), poem (dikt: linjeskift beholdes) eller list (liste).
genre: {genre}
# participant = skrevet av en deltaker. editorial = skrevet av redaksjonen.
role: participant
# Nummeret ditt i det private registeret (for eksempel c-07). ALDRI navnet ditt.
contributor: {contributor}
# Hvordan vil du stå oppført?
#   named = fullt navn, first-name = bare fornavn, pseudonym = et annet navn, anonymous = uten navn
byline: {byline}
# Navnet leserne ser. Skal være null (tomt) når du er anonym.
display_name: {display_name}
# Samtykket slik det står på skjemaet du har skrevet under på. Tomt (null) betyr nei.
consent:
  web: {web}                # true = teksten kan ligge på nettsida
  print: {print}              # true = teksten kan stå i det trykte heftet
  given: {given}              # datoen du skrev under, som 2026-03-02
  form: {form}               # nummeret på skjemaet, for eksempel C-2026-07
  publish_after: null       # ikke publiser før denne datoen (embargo)
  withdrawn: null           # en dato her fjerner teksten fra alt, med en gang
# Bilder til teksten. Hvert bilde har sitt eget samtykke.
photos:{photos}
# Fylles ut av redaksjonen.
review:
  status: submitted         # draft, submitted, changes-requested eller approved
  by: null
  date: null
---

Skriv teksten din her.
"""

PHOTO = """
  - file: {file}            # bildefila, i mappa bilder/
    alt: {alt}              # hva bildet viser, for dem som ikke kan se det
    credit: {credit}        # hvem tok bildet
    shows_writer: {shows_writer}      # true hvis du kan kjennes igjen på bildet
    consent: {{web: {web}, print: {print}}}"""

_BYLINES = {"1": "named", "2": "first-name", "3": "pseudonym", "4": "anonymous"}


def _yaml_str(value: str | None) -> str:
    if value is None or value == "":
        return "null"
    if re.fullmatch(r"[\wæøåÆØÅ .,'-]+", value) and not value[0].isdigit() and value.lower() not in (
            "null", "true", "false", "yes", "no", "on", "off"):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _yesno(value: bool | None) -> str:
    return "null" if value is None else ("true" if value else "false")


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
    "given": ("Hvilken dato skrev du under på samtykkeskjemaet (for eksempel 2026-03-02)? La stå tomt hvis du "
              "ikke har skrevet under ennå",
              "On which date did you sign the consent form (for example 2026-03-02)? Leave empty if you have "
              "not signed yet"),
    "form": ("Nummeret på skjemaet (la stå tomt hvis du ikke vet)", "The form's number (leave empty if you do not know)"),
    "has_photo": ("Har du et bilde til teksten?", "Do you have a photo for the text?"),
    "photo_file": ("Hva heter bildefila?", "What is the image file called?"),
    "photo_alt": ("Beskriv kort hva bildet viser", "Describe briefly what the photo shows"),
    "photo_credit": ("Hvem tok bildet?", "Who took the photo?"),
    "photo_writer": ("Kan du kjennes igjen på bildet?", "Can you be recognised in the photo?"),
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


def ask_answers(lang: str) -> dict:
    """The consent questions, one at a time, in plain language (nb, or en with --lang en)."""
    def ask(key, **kw):
        return click.prompt(_q(key, lang), **kw)

    def yes_no(key) -> bool:
        return ask(key, type=YesNo(lang), prompt_suffix=f" {_q('yes_no', lang)}: ")

    a: dict = {}
    a["title"] = ask("title")
    a["genre"] = {"1": "prose", "2": "poem", "3": "list"}[ask("genre", type=Number("123", lang))]
    a["contributor"] = ask("contributor")
    a["byline"] = _BYLINES[ask("byline", type=Number(_BYLINES, lang))]
    a["display_name"] = None if a["byline"] == "anonymous" else ask("display_name")
    a["web"] = yes_no("web")
    a["print"] = yes_no("print")
    a["given"] = ask("given", default="", show_default=False).strip() or None
    a["form"] = ask("form", default="", show_default=False).strip() or None
    a["photos"] = []
    if yes_no("has_photo"):
        photo = {"file": "bilder/" + ask("photo_file"), "alt": ask("photo_alt"), "credit": ask("photo_credit"),
                 "shows_writer": yes_no("photo_writer")}
        photo["web"] = yes_no("photo_web")
        photo["print"] = yes_no("photo_print")
        a["photos"].append(photo)
    return a


def fill(answers: dict, lang: str = "nb") -> str:
    photos = "".join(
        PHOTO.format(file=_yaml_str(p["file"]), alt=_yaml_str(p["alt"]), credit=_yaml_str(p["credit"]),
                     shows_writer=_yesno(p["shows_writer"]), web=_yesno(p["web"]), print=_yesno(p["print"]))
        for p in answers.get("photos", [])
    ) or " []"
    given = answers.get("given")
    if given:
        try:
            given = date.fromisoformat(given).isoformat()
        except ValueError:
            given = _yaml_str(given)  # kept as written; check explains the expected format
    return TEMPLATE.format(
        title=_yaml_str(answers.get("title") or "Tittel"), lang=lang if lang in ("nb", "nn") else "nb",
        genre=answers.get("genre") or "prose", contributor=_yaml_str(answers.get("contributor")),
        byline=answers.get("byline") or "null", display_name=_yaml_str(answers.get("display_name")),
        web=_yesno(answers.get("web")), print=_yesno(answers.get("print")), given=given or "null",
        form=_yaml_str(answers.get("form")), photos=photos,
    )


def new_text(config: Config, publication: str | None, text_id: str | None, *, interactive: bool,
             lang: str = "nb") -> Path:
    available = sorted(p.name for p in config.texts_path.iterdir() if (p / "publication.yml").is_file()) \
        if config.texts_path.is_dir() else []
    if publication is None:
        if len(available) != 1:
            raise HefteError("new.which-publication", available=", ".join(available) or "-")
        publication = available[0]
    folder = config.texts_path / publication
    if publication not in available:
        raise HefteError("new.no-publication", publication=publication, available=", ".join(available) or "-")
    answers = ask_answers(lang) if interactive else {}
    stem = text_id or (slugify(answers["title"]) if answers.get("title") else "ny-tekst")
    path = folder / f"{slugify(stem)}.md"
    content = fill(answers, "nb")
    # O_EXCL: never overwrite an existing text, even if one appears between our check and the write.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise HefteError("new.exists", None, 0, file=str(path)) from None
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(content)
    return path
