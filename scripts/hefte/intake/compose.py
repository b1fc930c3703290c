"""Write a new text file from answers: front matter by a YAML dumper (never string formatting), then the body.

Shared by ``hefte new`` and the studio, so both write the file a person would write from the README: the
same keys in the same order, each explained by a comment in plain Norwegian. ruamel.yaml dumps it because it
keeps those comments; it writes YAML 1.1 because the loader (PyYAML) reads YAML 1.1, where a bare ``no``,
``on`` or ``y`` is a boolean: a title or name like that must be quoted, or a pseudonym «Yes» would come back
as ``true``. A title starting with «- », an apostrophe or a colon is quoted by the same rules.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq


@dataclass
class PhotoAnswers:
    """One photo as the writer described it; ``file`` is relative to the publication folder (``bilder/…``)."""

    file: str
    alt: str | None = None
    credit: str | None = None
    shows_writer: bool | None = None
    """``None``: she does not know; the policy then treats the photo as showing her."""
    web: bool | None = None
    print: bool | None = None


@dataclass
class Answers:
    """Everything a new text's front matter says. ``None`` is written as ``null``: not stated, never yes."""

    title: str | None = None
    lang: str = "nb"
    genre: str | None = "prose"
    contributor: str | None = None
    byline: str | None = None
    display_name: str | None = None
    web: bool | None = None
    print: bool | None = None
    given: date | str | None = None
    """A date; a string is written as typed, so the check can say what is wrong with «2.3.2026»."""
    form: str | None = None
    photos: list[PhotoAnswers] = field(default_factory=list)
    status: str = "submitted"
    body: str = ""


_COMMENTS = {
    "title": "Tittelen på teksten, slik den skal stå over teksten.",
    "lang": "Språk: nb (bokmål) eller nn (nynorsk).",
    "genre": "Sjanger: prose (vanlig tekst), poem (dikt: linjeskift beholdes) eller list (liste).",
    "role": "participant = skrevet av en deltaker. editorial = skrevet av redaksjonen.",
    "contributor": "Nummeret i det private registeret (for eksempel c-07). ALDRI navnet.",
    "byline": "Hvordan vil du stå oppført?\n"
              "  named = fullt navn, first-name = bare fornavn, pseudonym = et annet navn, anonymous = uten navn",
    "display_name": "Navnet leserne ser. Skal være null (tomt) når du er anonym.",
    "consent": "Samtykket slik det står på skjemaet du har skrevet under på. Tomt (null) betyr nei.",
    "photos": "Bilder til teksten. Hvert bilde har sitt eget samtykke.",
    "review": "Fylles ut av redaksjonen.",
}
_CONSENT_COMMENTS = {
    "web": "true = teksten kan ligge på nettsida",
    "print": "true = teksten kan stå i det trykte heftet",
    "given": "datoen skjemaet ble skrevet under, som 2026-03-02",
    "form": "nummeret på skjemaet, for eksempel C-2026-07",
    "publish_after": "ikke publiser før denne datoen (embargo)",
    "withdrawn": "en dato her fjerner teksten fra alt, med en gang",
}
_PHOTO_COMMENTS = {
    "file": "bildefila, i mappa bilder/",
    "alt": "hva bildet viser, for dem som ikke kan se det",
    "credit": "hvem tok bildet",
    "shows_writer": "true hvis skribenten kan kjennes igjen på bildet",
}
PLACEHOLDER_BODY = "Skriv teksten din her.\n"


def _yaml() -> YAML:
    yaml = YAML()
    yaml.version = (1, 1)  # quote what PyYAML's YAML 1.1 would read as a boolean (see the module docstring)
    yaml.width = 4096  # never fold a long title over two lines
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    # ruamel writes None as an empty value; ``null`` says "not stated" to a person reading the file.
    yaml.representer.add_representer(
        type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", "null"))
    return yaml


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    value = unicodedata.normalize("NFC", value).strip()
    return value or None


def front_matter(answers: Answers) -> CommentedMap:
    """The front matter as a commented mapping, keys in the README's order."""
    fm = CommentedMap()
    fm["title"] = _text(answers.title) or "Tittel"
    fm["lang"] = answers.lang if answers.lang in ("nb", "nn") else "nb"
    fm["genre"] = answers.genre or "prose"
    fm["role"] = "participant"
    fm["contributor"] = _text(answers.contributor)
    fm["byline"] = answers.byline
    fm["display_name"] = _text(answers.display_name)
    consent = CommentedMap()
    consent["web"] = answers.web
    consent["print"] = answers.print
    consent["given"] = answers.given
    consent["form"] = _text(answers.form)
    consent["publish_after"] = None
    consent["withdrawn"] = None
    for key, comment in _CONSENT_COMMENTS.items():
        consent.yaml_add_eol_comment(comment, key, column=24)
    fm["consent"] = consent
    photos = CommentedSeq()
    for photo in answers.photos:
        item = CommentedMap()
        item["file"] = photo.file
        item["alt"] = _text(photo.alt)
        item["credit"] = _text(photo.credit)
        item["shows_writer"] = photo.shows_writer
        photo_consent = CommentedMap(web=photo.web, print=photo.print)
        photo_consent.fa.set_flow_style()
        item["consent"] = photo_consent
        for key, comment in _PHOTO_COMMENTS.items():
            item.yaml_add_eol_comment(comment, key, column=24)
        photos.append(item)
    if not photos:
        photos.fa.set_flow_style()
    fm["photos"] = photos
    review = CommentedMap()
    review["status"] = answers.status
    review["by"] = None
    review["date"] = None
    review.yaml_add_eol_comment("draft, submitted, changes-requested eller approved", "status", column=24)
    fm["review"] = review
    for key, comment in _COMMENTS.items():
        fm.yaml_set_comment_before_after_key(key, before=comment)
    return fm


def compose(answers: Answers) -> str:
    """The whole text file: ``---``, the front matter, ``---``, a blank line, the body (NFC, LF, one final newline)."""
    buffer = io.StringIO()
    _yaml().dump(front_matter(answers), buffer)
    dumped = buffer.getvalue()
    # YAML 1.1 output starts with a %YAML directive and its own ---; the front matter has its own fences.
    dumped = dumped.removeprefix("%YAML 1.1\n").removeprefix("---\n")
    body = unicodedata.normalize("NFC", answers.body or PLACEHOLDER_BODY).replace("\r\n", "\n").replace("\r", "\n")
    body = body.strip("\n") + "\n"
    return f"---\n{dumped}---\n\n{body}"
