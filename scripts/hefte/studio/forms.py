"""The studio's forms (Flask-WTF: every form carries a CSRF token). Labels and messages in plain bokmål.

The forms only ask and say what is missing; whether the answers make a text that can be published is for the
checks and the policy (handin.py).
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, PasswordField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..intake.hygiene import MAX_TEXT_BYTES

MAX_TITLE = 200
MAX_BODY_CHARS = MAX_TEXT_BYTES // 2
"""Characters of one text (æøå take two bytes each in the file, which may hold MAX_TEXT_BYTES)."""



def choices(pairs) -> list[SelectChoice]:
    """Choices in WTForms' own type (plain tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(value, label) for value, label in pairs]


GENRES = choices([("prose", "Vanlig tekst (prosa)"), ("poem", "Dikt – linjeskiftene blir stående slik du skrev dem"),
                  ("list", "Liste")])
LANGS = choices([("nb", "Bokmål"), ("nn", "Nynorsk")])
BYLINES = choices([("named", "Med fullt navn"), ("first-name", "Bare med fornavn"),
                   ("pseudonym", "Med et navn jeg finner på"), ("anonymous", "Uten navn (anonymt)")])
YES_NO = choices([("ja", "Ja"), ("nei", "Nei")])
RECOGNISABLE = choices([("ja", "Ja"), ("nei", "Nei"), ("vet-ikke", "Vet ikke")])

_ANSWER = "Svar ja eller nei."


def _length(maximum: int, what: str) -> Length:
    return Length(max=maximum, message=f"{what} kan være høyst {maximum} tegn.")


class WriteForm(FlaskForm):
    publication = SelectField("Hvilket hefte skal teksten være med i?", validate_choice=True)
    # DataRequired, not InputRequired: a field of only spaces (a phone keyboard's, in a field she only tapped)
    # is as empty as no field.
    title = StringField("Tittel", validators=[DataRequired("Skriv en tittel."), _length(MAX_TITLE, "Tittelen")],
                        filters=[lambda value: value.strip() if isinstance(value, str) else value])
    body = TextAreaField("Teksten din", validators=[DataRequired("Skriv eller lim inn teksten din."),
                                                    _length(MAX_BODY_CHARS, "Teksten")])
    genre = RadioField("Hva slags tekst er det?", choices=GENRES, default="prose",
                       validators=[InputRequired("Velg hva slags tekst det er.")])
    lang = RadioField("Språk", choices=LANGS, default="nb", validators=[InputRequired("Velg språk.")])
    name = StringField("Navnet ditt", validators=[Optional(), _length(120, "Navnet")])
    contact = StringField("Telefon eller e-post", validators=[Optional(), _length(200, "Kontaktinformasjonen")])
    byline = RadioField("Hvordan vil du stå i heftet og på nettsida?", choices=BYLINES,
                        validators=[InputRequired("Velg hvordan du vil stå oppført.")])
    shown_name = StringField("Fornavnet ditt eller navnet du finner på", validators=[
        Optional(), _length(80, "Navnet")])
    web = RadioField("Kan teksten ligge på nettsida?", choices=YES_NO, validators=[InputRequired(_ANSWER)])
    print = RadioField("Kan teksten stå i det trykte heftet?", choices=YES_NO, validators=[InputRequired(_ANSWER)])
    photo = FileField("Bilde (hvis du vil ha med et)")
    remove_photo = BooleanField("Ta bort bildet")
    photo_alt = StringField("Hva viser bildet? (for dem som ikke kan se det)", validators=[
        Optional(), _length(300, "Beskrivelsen")])
    photo_credit = StringField("Hvem tok bildet?", validators=[Optional(), _length(80, "Navnet")])
    photo_recognisable = RadioField("Kan noen kjenne deg igjen på bildet?", choices=RECOGNISABLE,
                                    validators=[Optional()])
    photo_web = RadioField("Kan bildet ligge på nettsida?", choices=YES_NO, validators=[Optional()])
    photo_print = RadioField("Kan bildet stå i det trykte heftet?", choices=YES_NO, validators=[Optional()])

    ANSWERS = ("publication", "title", "body", "genre", "lang", "name", "contact", "byline", "shown_name", "web",
               "print", "photo_alt", "photo_credit", "photo_recognisable", "photo_web", "photo_print")
    """The fields kept in a draft (the photo itself is kept as a file)."""

    def answers(self) -> dict:
        return {name: getattr(self, name).data for name in self.ANSWERS}


class UploadForm(FlaskForm):
    publication = SelectField("Hvilket hefte skal teksten være med i?", validate_choice=True)
    genre = RadioField("Hva slags tekst er det?", choices=GENRES, default="prose",
                       validators=[InputRequired("Velg hva slags tekst det er.")])
    document = FileField("Fila med teksten (Word, LibreOffice eller vanlig tekst)")


class ConfirmForm(FlaskForm):
    """A button; the CSRF token is the point."""


_INITIALS = [InputRequired("Skriv initialene dine."), Length(max=12, message="Initialene kan være høyst 12 tegn.")]


class LoginForm(FlaskForm):
    passphrase = PasswordField("Passord for redaksjonen", validators=[InputRequired("Skriv passordet.")])
    initials = StringField("Initialene dine (står i loggen ved hver endring)", validators=_INITIALS)


class InitialsForm(FlaskForm):
    initials = StringField("Initialene dine (står i loggen ved hver endring)", validators=_INITIALS)
