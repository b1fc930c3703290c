"""What the editor sees: a table of what goes where (and why not), build progress, and where the outputs are."""

from __future__ import annotations

import contextlib
import sys

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from . import messages
from .pipeline import State, screen_texts
from .guard import policy
from .guard.policy import Medium
from .model import Byline

_L = {
    "nb": {"text": "Tekst", "web": "Nett", "print": "Trykk", "byline": "Byline", "why": "Hvorfor holdt tilbake",
           "yes": "ja", "no": "nei", "anon": "(anonym)", "none": "(ingen byline)", "check": "Sjekker", "site": "Bygger nettsida",
           "verify": "Kontrollerer", "pdf": "Lager PDF", "pdf_at": "PDF-er",
           "screen": "skjerm (lenket fra nettsida)", "print_pdf": "trykkeri (utfallende, sidetall delelig med 4)",
           "imposed": "kontorskriver (A4, brettes til hefte)", "acks": "Godkjente funn (acknowledgements.yml)",
           "finding": "Funn", "code": "Hva", "where": "Hvor", "by": "Av", "date": "Dato", "note": "Hvorfor"},
    "en": {"text": "Text", "web": "Web", "print": "Print", "byline": "Byline", "why": "Why held back",
           "yes": "yes", "no": "no", "anon": "(anonymous)", "none": "(no byline)", "check": "Checking", "site": "Building the site",
           "verify": "Verifying", "pdf": "Rendering PDF", "pdf_at": "PDFs",
           "screen": "screen (linked from the site)", "print_pdf": "print shop (bleed, pages a multiple of 4)",
           "imposed": "office printer (A4, fold into a booklet)", "acks": "Acknowledged findings (acknowledgements.yml)",
           "finding": "Finding", "code": "What", "where": "Where", "by": "By", "date": "Date", "note": "Why"},
}


def _console() -> Console:
    return Console(file=sys.stdout, highlight=False, soft_wrap=True)


def print_summary(state: State, lang: str = "nb") -> None:
    """One table per publication: every text, web yes/no, print yes/no, byline, and why not."""
    t = _L[lang]
    console = _console()
    for pp in state.plan.publications:
        table = Table(title=pp.publication.title, title_justify="left", show_lines=False)
        for col in ("text", "web", "print", "byline", "why"):
            table.add_column(t[col], overflow="fold")
        for pt in pp.texts:
            reasons = []
            for medium in (Medium.WEB, Medium.PRINT):
                rs = pt.decision.reasons(medium)
                if rs:
                    label = messages.render(f"medium.{medium.value}", lang)
                    reasons.append(f"{label}: " + ", ".join(messages.render_reason(r, lang)
                                                            for r in policy.reason_codes(rs, pt.text)))
            table.add_row(
                pt.text.id,
                t["yes"] if pt.decision.web else t["no"],
                t["yes"] if pt.decision.print else t["no"],
                pt.byline or (t["none"] if pt.text.byline is Byline.NONE else t["anon"]),
                "; ".join(dict.fromkeys(reasons)),
            )
        console.print(table)
        in_screen = len(screen_texts(pp))
        console.print(messages.render("summary.counts", lang, web=len(pp.for_medium(Medium.WEB)),
                                      print=len(pp.for_medium(Medium.PRINT)), screen=in_screen, total=len(pp.texts)))


@contextlib.contextmanager
def build_progress(lang: str = "nb"):
    t = _L[lang]
    # «~0:00:40» left: while a PDF is laid out its bar moves by the clock, from the last build's time per text.
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f} %"),
                  TimeElapsedColumn(), TextColumn("~"), TimeRemainingColumn(),
                  console=Console(file=sys.stderr), transient=False) as progress:
        tasks: dict[str, int] = {}
        totals: dict[int, int] = {}

        def report(label: str, done: float, total: int) -> None:
            key, _, detail = label.partition(":")
            description = t.get(key, key) + (f" {detail}" if detail else "")
            if label not in tasks:
                # a new stage has begun, so every earlier one is finished; but the website is built while the
                # PDFs are laid out, and those say themselves when they are done
                for name, task_id in tasks.items():
                    if not name.startswith("pdf:") or key == "verify":
                        progress.update(task_id, completed=totals[task_id])
                tasks[label] = progress.add_task(description, total=max(total, 1))
            totals[tasks[label]] = max(total, 1)
            progress.update(tasks[label], completed=done, total=max(total, 1), description=description)

        yield report
        for task_id in tasks.values():
            progress.update(task_id, completed=totals[task_id])


def print_acknowledgements(findings, lang: str = "nb") -> None:
    """Every acknowledgement the check applied: which finding, who, when, why (also in print/manifest.json)."""
    from .guard import acknowledge

    rows = acknowledge.used(findings)
    if not rows:
        return
    t = _L[lang]
    table = Table(title=t["acks"], title_justify="left")
    for col in ("finding", "code", "where", "by", "date", "note"):
        table.add_column(t[col], overflow="fold")
    for row in rows:
        table.add_row(row["finding"], row["code"], f"{row['file']}:{row['line']}", row["by"], row["date"],
                      row["note"] or "")
    _console().print(table)


def print_result(result, lang: str = "nb") -> None:
    t = _L[lang]
    console = _console()
    # site/index.html opened from disk shows folder listings for every link: say where it works instead.
    console.print(messages.render("build.site", lang, folder=result.site))
    if result.pdfs:
        console.print(f"{t['pdf_at']}:")
        for pub_id, files in result.pdfs.items():
            for kind in ("screen", "print", "imposed"):
                if kind in files:
                    console.print(f"  {files[kind]}  – {t['print_pdf' if kind == 'print' else kind]}")
    if result.offline is not None:
        console.print(messages.render("build.offline", lang, folder=f"{result.offline}/index.html",
                                      zip=f"{result.offline}.zip"))
    console.print(messages.render("build.done", lang))
