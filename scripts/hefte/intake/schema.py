"""The front-matter and publication.yml schemas, declared once, and the validator that applies them.

Consent fields have no default: a missing key is ``None`` ("not stated"), never ``False`` or ``True``.
Unknown keys are errors with a did-you-mean, because a misspelt ``consnet:`` must not silently mean "no
consent block" (or worse, an ignored ``withdrawn``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..findings import Findings


@dataclass(frozen=True)
class Field:
    type: str
    """str | bool | date | int | enum | list | map | names (a string or a list of strings)."""
    required: bool = False
    choices: tuple[str, ...] = ()
    fields: dict | None = None
    item: "Field | None" = None
    help: str = ""
    """Short meaning, shown in README and by ``hefte new``."""


def _map(required=False, help="", **fields) -> Field:
    return Field("map", required=required, fields=fields, help=help)


CONSENT = _map(
    web=Field("bool", help="må teksten ligge på nettsida"),
    print=Field("bool", help="må teksten stå i det trykte heftet og PDF-ene"),
    given=Field("date", help="dato samtykkeskjemaet ble signert"),
    form=Field("str", help="referanse til det signerte skjemaet"),
    publish_after=Field("date", help="embargo: ikke publiser før denne datoen"),
    withdrawn=Field("date", help="dato samtykket ble trukket; fjerner teksten overalt"),
    help="samtykket slik det står på det signerte skjemaet",
)

PHOTO = _map(
    file=Field("str", required=True, help="bildefil, relativt til publikasjonsmappa"),
    alt=Field("str", help="alternativ tekst: hva bildet viser, for dem som ikke ser det"),
    credit=Field("str", help="fotografens navn slik det skal stå"),
    shows_writer=Field("bool", help="true hvis skribenten kan kjennes igjen på bildet"),
    consent=_map(web=Field("bool"), print=Field("bool"), help="samtykke for dette bildet"),
)

TEXT = {
    "title": Field("str", required=True, help="tittelen på teksten"),
    "lang": Field("enum", choices=("nb", "nn"), help="språk: nb (bokmål) eller nn (nynorsk)"),
    "genre": Field("enum", choices=("prose", "poem", "list"), help="prose, poem (linjeskift beholdes) eller list"),
    "role": Field("enum", choices=("participant", "editorial"), help="participant (deltaker) eller editorial (redaksjonen)"),
    "contributor": Field("str", help="id i det private registeret, aldri et navn"),
    "byline": Field("enum", choices=("named", "first-name", "pseudonym", "anonymous", "none"),
                    help="hvordan skribenten vil stå oppført (none: ingen byline, bare for redaksjonelle tekster)"),
    "display_name": Field("str", help="navnet leserne ser (tomt når anonym)"),
    "lead": Field("str", help="ingress: et kort avsnitt under tittelen, også beskrivelsen av nettsida"),
    "photo_credit": Field("str", help="fotografen, i bylinen som «tekst: … / foto: …»"),
    "numbering": Field("enum", choices=("chapter", "none", "appendix"),
                       help="chapter (nummerert kapittel), none (unummerert) eller appendix (vedlegg A, B …)"),
    "consent": CONSENT,
    "photos": Field("list", item=PHOTO, help="bilder som hører til teksten"),
    "review": _map(
        status=Field("enum", choices=("draft", "submitted", "changes-requested", "approved")),
        by=Field("str"),
        date=Field("date"),
        note=Field("str", help="beskjed til skribenten når redaksjonen ber om endringer"),
        help="redaksjonens gjennomgang",
    ),
}

PUBLICATION = {
    "title": Field("str", required=True),
    "subtitle": Field("str"),
    "kind": Field("enum", required=True, choices=("booklet", "report")),
    "lang": Field("enum", choices=("nb", "nn")),
    "editors": Field("names"),
    "authors": Field("names"),
    "publisher": _map(name=Field("str"), address=Field("str"), url=Field("str")),
    "place": Field("str"),
    "year": Field("int"),
    "series": _map(name=Field("str"), number=Field("str")),
    "isbn": _map(print=Field("str"), pdf=Field("str")),
    "credits": _map(
        layout=Field("str"), photo=Field("str"), print=Field("str"), writing_help=Field("str"), funding=Field("str")
    ),
    "licence": Field("str"),
    "cover": _map(image=Field("str"), alt=Field("str")),
    "trim": Field("enum", choices=("A4", "A5", "B5", "A6")),
    "roman_front_matter": Field("bool"),
    "toc_depth": Field("int", choices=("1", "2")),
    "text_start": Field("enum", choices=("new-page", "recto")),
    "footnote_numbering": Field("enum", choices=("chapter", "document")),
    "bibliography": Field("str"),
    "citation_style": Field("str"),
    "back_cover": Field("str"),
    "list_of_figures": Field("bool"),
    "texts": Field("list", required=True, item=Field("str")),
}

# Participants write in Norwegian; map the words they are likely to use to the schema's keys and values.
SYNONYMS = {
    "tittel": "title", "språk": "lang", "sjanger": "genre", "samtykke": "consent", "bilder": "photos",
    "foto": "photos", "navn": "display_name", "visningsnavn": "display_name", "nett": "web", "trykk": "print",
    "dato": "date", "gitt": "given", "skjema": "form", "trukket": "withdrawn", "embargo": "publish_after",
    "status": "status", "fil": "file", "kreditering": "credit", "fotograf": "credit",
    "navngitt": "named", "fullt-navn": "named", "fornavn": "first-name", "anonym": "anonymous",
    "prosa": "prose", "dikt": "poem", "liste": "list", "godkjent": "approved", "utkast": "draft",
    "levert": "submitted", "deltaker": "participant", "redaksjon": "editorial", "bokmål": "nb", "nynorsk": "nn",
    "first_name": "first-name", "firstname": "first-name",
    "ingress": "lead", "fotograf_credit": "photo_credit", "foto_credit": "photo_credit", "nummerering": "numbering",
    "kapittel": "chapter", "vedlegg": "appendix", "ingen": "none", "forfattere": "authors",
    "innholdsdybde": "toc_depth", "bakside": "back_cover", "litteraturliste": "bibliography",
}
_NO_DATE = re.compile(r"^\s*(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4})\s*$")
"""A date as Norwegians write it, day first: 2.3.2026, 02/03/2026, 2-3-2026."""
_SHORT_ISO = re.compile(r"^\s*(\d{4})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{1,2})\s*$")
"""Year first without the zeros (2026-3-2) or with other marks (2026/03/02): the fix is the same date in full."""
_BOOL_WORDS = {"ja": "true", "nei": "false", "sant": "true", "usant": "false", "j": "true", "n": "false"}


def _real_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def suggest(word: str, choices) -> str | None:
    """Did-you-mean: a Norwegian synonym first, then the closest spelling."""
    lowered = str(word).strip().lower()
    if SYNONYMS.get(lowered) in choices:
        return SYNONYMS[lowered]
    close = difflib.get_close_matches(lowered, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def validate(data: dict, schema: dict, lines: dict[str, int], path: Path, findings: Findings, prefix: str = "") -> dict:
    """Check ``data`` against ``schema``; return a dict with every schema key (absent -> None)."""
    result = {}
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if key not in schema:
            hint = suggest(key, schema)
            code = "schema.unknown-key-hint" if hint else "schema.unknown-key"
            findings.error(code, path, lines.get(dotted, 1), key=dotted, hint=f"{prefix}{hint}" if hint else "",
                           allowed=", ".join(schema))
    for key, spec in schema.items():
        dotted = f"{prefix}{key}"
        line = lines.get(dotted, lines.get(prefix.rstrip("."), 1))
        if key not in data or data[key] is None:
            if spec.required:
                findings.error("schema.missing", path, line, key=dotted)
            result[key] = _empty(spec, lines, path, findings, dotted)
            continue
        result[key] = _value(data[key], spec, lines, path, findings, dotted)
    return result


def _empty(spec: Field, lines, path, findings, dotted):
    if spec.type == "map":
        return validate({}, spec.fields, lines, path, findings, dotted + ".")
    if spec.type in ("list", "names"):
        return []
    return None


def _value(value, spec: Field, lines, path, findings: Findings, dotted: str):
    line = lines.get(dotted, 1)
    kind = spec.type
    if kind == "map":
        if not isinstance(value, dict):
            findings.error("schema.type", path, line, key=dotted, expected="map", got=_show(value))
            return _empty(spec, lines, path, findings, dotted)
        return validate(value, spec.fields, lines, path, findings, dotted + ".")
    if kind == "list":
        if not isinstance(value, list):
            findings.error("schema.type", path, line, key=dotted, expected="list", got=_show(value))
            return []
        return [_value(item, spec.item, lines, path, findings, f"{dotted}.{i}") for i, item in enumerate(value)]
    if kind == "names":
        if isinstance(value, str):
            return [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        findings.error("schema.type", path, line, key=dotted, expected="names", got=_show(value))
        return []
    if kind == "bool":
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in _BOOL_WORDS:
            findings.error("schema.bool-word", path, line, key=dotted, got=value, fix=_BOOL_WORDS[word])
        else:
            findings.error("schema.type", path, line, key=dotted, expected="bool", got=_show(value))
        return None
    if kind == "date":
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            try:
                return date.fromisoformat(value.strip())  # quoted ISO dates are still dates
            except ValueError:
                pass
        match = _NO_DATE.match(str(value))
        short = _SHORT_ISO.match(str(value))
        if match:
            day, month, year = (int(g) for g in match.groups())
            try:
                fix = date(year, month, day).isoformat()
            except ValueError:
                fix = "ÅÅÅÅ-MM-DD"
            findings.error("schema.date-norwegian", path, line, key=dotted, got=value, fix=fix)
        elif short and (meant := _real_date(*(int(g) for g in short.groups()))):
            findings.error("schema.date-norwegian", path, line, key=dotted, got=value, fix=meant.isoformat())
        else:
            findings.error("schema.date", path, line, key=dotted, got=_show(value))
        return None
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            findings.error("schema.type", path, line, key=dotted, expected="int", got=_show(value))
            return None
        if spec.choices and str(value) not in spec.choices:
            findings.error("schema.choice", path, line, key=dotted, got=_show(value), allowed=", ".join(spec.choices),
                           hint="")
            return None
        return value
    if kind == "enum":
        word = value if isinstance(value, str) else str(value)
        if word in spec.choices:
            return word
        hint = suggest(word, spec.choices)
        findings.error("schema.choice-hint" if hint else "schema.choice", path, line, key=dotted, got=_show(value),
                       allowed=", ".join(spec.choices), hint=hint or "")
        return None
    # str: numbers and dates written where text is expected are fine as text (e.g. form: 2026-07)
    if isinstance(value, (dict, list)):
        findings.error("schema.type", path, line, key=dotted, expected="str", got=_show(value))
        return None
    if isinstance(value, bool):
        findings.error("schema.type", path, line, key=dotted, expected="str", got=_show(value))
        return None
    return str(value)


def _show(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"
