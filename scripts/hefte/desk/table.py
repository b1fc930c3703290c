"""``hefte status`` as the editor reads it: a table per publication (or per writer), or CSV for a spreadsheet.

Only presentation: every value comes from status.Overview, every «why not» is the policy's reason rendered
in plain words. Nothing here is written into site/ or print/ (the CLI refuses such an --output).
"""

from __future__ import annotations

import csv
import sys
from typing import TextIO

from rich.console import Console
from rich.table import Table

from .. import messages
from ..dates import long_date
from .status import Overview, TextStatus, Where

MESSAGES: dict[str, tuple[str, str]] = {
    "desk.review.draft": ("utkast", "draft"),
    "desk.review.submitted": ("levert", "submitted"),
    "desk.review.changes-requested": ("endringer ønsket", "changes requested"),
    "desk.review.approved": ("godkjent", "approved"),
    "desk.review.none": ("ikke satt", "not set"),
    "desk.byline.named": ("fullt navn", "full name"),
    "desk.byline.first-name": ("fornavn", "first name"),
    "desk.byline.pseudonym": ("psevdonym", "pseudonym"),
    "desk.byline.anonymous": ("anonym", "anonymous"),
    "desk.byline.none": ("ikke valgt", "not chosen"),
    "desk.editorial": ("redaksjonen", "the editors"),
    "desk.counts": ("{texts} {texts:tekst|tekster}, {action} trenger handling. Ved neste bygging: {web} på nett, {print} på "
                    "trykk, {screen} i skjerm-PDF-en.",
                    "{texts} {texts:text|texts}, {action} {action:needs|need} action. With the next build: {web} on the web, {print} in print, "
                    "{screen} in the screen PDF."),
    "desk.no-build": ("Fant ingen tidligere bygging (print/manifest.json), så status sier ikke om nettsida er "
                      "oppdatert.", "No earlier build found (print/manifest.json), so status cannot say whether the "
                      "website is up to date."),
    "desk.nothing": ("Ingen tekster å vise.", "No texts to show."),
}

_L = {
    "nb": {"text": "Tekst", "writer": "Skribent", "review": "Gjennomgang", "where": "Hvor den går", "web": "Nett", "print": "Trykk",
           "screen": "Skjerm-PDF", "consent": "Samtykke", "findings": "Funn", "next": "Trenger handling / status",
           "yes": "ja", "no": "nei", "not_planned": "nei", "signed": "signert", "form": "skjema",
           "embargo": "embargo til", "withdrawn": "trukket", "errors": "feil", "warnings": "advarsler",
           "photo": "bilde", "by_writer": "Skribent", "publication": "Publikasjon", "no_consent": "ikke signert",
           "everywhere": "Nett, trykk og skjerm-PDF: ja", "nowhere": "Ingen steder"},
    "en": {"text": "Text", "writer": "Writer", "review": "Review", "where": "Where it goes", "web": "Web", "print": "Print",
           "screen": "Screen PDF", "consent": "Consent", "findings": "Findings", "next": "Needs action / state",
           "yes": "yes", "no": "no", "not_planned": "no", "signed": "signed", "form": "form",
           "embargo": "embargo until", "withdrawn": "withdrawn", "errors": "errors", "warnings": "warnings",
           "photo": "photo", "by_writer": "Writer", "publication": "Publication", "no_consent": "not signed",
           "everywhere": "Web, print and screen PDF: yes", "nowhere": "Nowhere"},
}

CSV_COLUMNS = [
    "publication", "text", "file", "title", "contributor", "role", "byline", "name_shown", "review_status",
    "review_by", "review_date", "review_note", "web", "web_why_not", "print", "print_why_not", "screen_pdf",
    "screen_pdf_why_not", "photos", "consent_given", "consent_form", "embargo_until", "withdrawn", "listed",
    "errors", "warnings", "findings", "needs_action", "next_steps", "state", "sha256",
]
"""One row per text. Column names are stable (a spreadsheet may refer to them); values follow ``--lang``."""


def _word(where: Where, t: dict) -> str:
    return t["yes"] if where.allowed else t["not_planned"] if where.allowed is None else t["no"]


def _why(row: TextStatus, where: Where, lang: str) -> str:
    if row.state == "desk.state.unreadable":
        return messages.render(row.state, lang)
    if where.allowed is None:
        return messages.render("desk.state.not-listed", lang)
    return ", ".join(messages.render_reason(r, lang) for r in where.reasons)


def _date(value, lang: str) -> str:
    return "" if value is None else long_date(value) if lang != "en" else value.isoformat()


def review_label(row: TextStatus, lang: str) -> str:
    status = row.review.status.value if row.review.status else "none"
    return messages.render(f"desk.review.{status}", lang)


def byline_label(row: TextStatus, lang: str) -> str:
    if row.role == "editorial":
        return f"{messages.render('desk.editorial', lang)}: {row.byline_name or ''}".rstrip(": ")
    mode = messages.render(f"desk.byline.{row.byline or 'none'}", lang)
    return f"{row.contributor or '?'} · {mode}" + (f": {row.byline_name}" if row.byline_name else "")


def steps_label(row: TextStatus, lang: str) -> str:
    parts = [messages.render(s, lang) for s in row.steps]
    if row.state:
        parts.append(messages.render_reason(row.state, lang))
    return "; ".join(parts)


def where_lines(row: TextStatus, lang: str) -> list[str]:
    """Where a text goes, short: one line when web and print agree, else one per medium; then its photos."""
    t = _L[lang]
    if row.web == row.print:
        why = _why(row, row.web, lang)
        lines = [f"{t['everywhere'] if row.web.allowed else t['nowhere']}" + (f" ({why})" if why else "")]
    else:
        lines = []
        for label, medium in (("web", row.web), ("print", row.print), ("screen", row.screen_pdf)):
            why = _why(row, medium, lang)
            lines.append(f"{t[label]}: {_word(medium, t)}" + (f" ({why})" if why and not medium.allowed else ""))
    if row.photos and (row.web.allowed or row.print.allowed):
        lines.append(f"{t['photo']}: {photos_label(row, lang)}")
    return lines


def photos_label(row: TextStatus, lang: str) -> str:
    t = _L[lang]
    out = []
    for photo in row.photos:
        bits = []
        for medium, where in ((t["web"].lower(), photo.web), (t["print"].lower(), photo.print)):
            word = f"{medium} {_word(where, t)}"
            if where.allowed is False:
                word += f" ({', '.join(messages.render_reason(r, lang) for r in where.reasons)})"
            bits.append(word)
        out.append(f"{photo.file}: {', '.join(bits)}")
    return "; ".join(out)


def consent_label(row: TextStatus, lang: str) -> str:
    t, c = _L[lang], row.consent
    if row.role == "editorial":
        return ""
    parts = [f"{t['signed']} {_date(c.given, lang)}" if c.given else t["no_consent"]]
    if c.form:
        parts.append(f"{t['form']} {c.form}")
    if c.publish_after:
        parts.append(f"{t['embargo']} {_date(c.publish_after, lang)}")
    if c.withdrawn:
        parts.append(f"{t['withdrawn']} {_date(c.withdrawn, lang)}")
    return "\n".join(parts)


def _rows(overview: Overview, needs_action: bool, writer: str | None, publication: str | None):
    for row in overview.texts():
        if needs_action and not row.needs_action:
            continue
        if writer is not None and row.contributor != writer:
            continue
        if publication is not None and row.publication != publication:
            continue
        yield row


# --- the table --------------------------------------------------------------------------------------------


def print_status(overview: Overview, lang: str = "nb", *, per_writer: bool = False, needs_action: bool = False,
                 writer: str | None = None, publication: str | None = None, console: Console | None = None) -> int:
    """Print the tables (five columns, so it fits a terminal); return how many texts were shown."""
    t = _L[lang]
    console = console or Console(file=sys.stdout, highlight=False)
    rows = list(_rows(overview, needs_action, writer, publication))
    if not rows:
        console.print(messages.render("desk.nothing", lang))
        return 0
    if per_writer:
        groups = [(w.contributor or messages.render("desk.editorial", lang), [r for r in w.texts if r in rows])
                  for w in overview.writers()]
    else:
        groups = [(f"{p.title} ({p.id})", [r for r in p.texts if r in rows]) for p in overview.publications]
    for title, group in groups:
        if not group:
            continue
        table = Table(title=title, title_justify="left", show_lines=True)
        for column, ratio in (("text", 3), ("review", 2), ("where", 3), ("consent", 2), ("next", 3)):
            table.add_column(t[column], overflow="fold", ratio=ratio)
        for row in group:
            table.add_row(*text_cells(row, lang, with_publication=per_writer))
        console.print(table)
    console.print(messages.render(
        "desk.counts", lang, texts=len(rows), action=sum(r.needs_action for r in rows),
        web=sum(bool(r.web.allowed) for r in rows), print=sum(bool(r.print.allowed) for r in rows),
        screen=sum(bool(r.screen_pdf.allowed) for r in rows)))
    if not overview.built:
        console.print(messages.render("desk.no-build", lang))
    return len(rows)


def text_cells(row: TextStatus, lang: str, *, with_publication: bool = False) -> list[str]:
    """The five cells of one row, as rich markup (the writers' words escaped)."""
    t = _L[lang]
    text = f"[bold]{_escape(row.title)}[/bold]\n[dim]{_escape(row.file)}[/dim]\n{_escape(byline_label(row, lang))}"
    if with_publication:
        text += f"\n{_escape(row.publication)}"
    review = review_label(row, lang)
    if row.review.by or row.review.date:
        review += f"\n{row.review.by or ''} {_date(row.review.date, lang)}".rstrip()
    if row.review.note:
        review += f"\n«{row.review.note}»"
    where = where_lines(row, lang)
    steps = steps_label(row, lang)
    if row.findings:
        steps += f"\n{row.errors} {t['errors']}, {row.warnings} {t['warnings']}"
    steps = f"[bold]{_escape(steps)}[/bold]" if row.needs_action else _escape(steps)
    return [text, _escape(review), _escape("\n".join(where)), _escape(consent_label(row, lang)), steps]


def _escape(text: str) -> str:
    # Titles and notes are people's words: "[" must not be read as rich markup.
    from rich.markup import escape

    return escape(text)


# --- CSV --------------------------------------------------------------------------------------------------


def csv_rows(overview: Overview, lang: str = "nb", *, needs_action: bool = False, writer: str | None = None,
             publication: str | None = None) -> list[dict]:
    """The CSV's rows as dicts keyed by CSV_COLUMNS (the studio may offer the same data as a download)."""
    t = _L[lang]
    out = []
    for row in _rows(overview, needs_action, writer, publication):
        c, r = row.consent, row.review
        out.append({
            "publication": row.publication, "text": row.id, "file": row.file, "title": row.title,
            "contributor": row.contributor or "", "role": row.role, "byline": row.byline or "",
            "name_shown": row.byline_name or "", "review_status": r.status.value if r.status else "",
            "review_by": r.by or "", "review_date": _iso(r.date), "review_note": r.note or "",
            "web": _word(row.web, t), "web_why_not": _why(row, row.web, lang) if not row.web.allowed else "",
            "print": _word(row.print, t), "print_why_not": _why(row, row.print, lang) if not row.print.allowed else "",
            "screen_pdf": _word(row.screen_pdf, t),
            "screen_pdf_why_not": _why(row, row.screen_pdf, lang) if not row.screen_pdf.allowed else "",
            "photos": photos_label(row, lang), "consent_given": _iso(c.given), "consent_form": c.form or "",
            "embargo_until": _iso(c.publish_after), "withdrawn": _iso(c.withdrawn),
            "listed": t["yes"] if row.listed else t["no"], "errors": row.errors, "warnings": row.warnings,
            "findings": " | ".join(f"{f.location(None).rpartition('/')[2]}: {f.message(lang)}" for f in row.findings),
            "needs_action": t["yes"] if row.needs_action else t["no"],
            "next_steps": "; ".join(messages.render(s, lang) for s in row.steps),
            "state": messages.render_reason(row.state, lang) if row.state else "", "sha256": row.sha256,
        })
    return out


def write_csv(overview: Overview, stream: TextIO, lang: str = "nb", **filters) -> int:
    """One row per text; returns the number of rows."""
    rows = csv_rows(overview, lang, **filters)
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return len(rows)


def _iso(value) -> str:
    return value.isoformat() if value is not None else ""
