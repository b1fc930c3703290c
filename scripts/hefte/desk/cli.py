"""The desk's commands, thin over the library: ``status``, the review actions, ``samtykke``.

Names: English verbs like the other commands (check, build, fix, new, proof), each the name of what it writes
in the file (review.status ``approved`` / ``changes-requested``, ``consent.given``/``form``,
``consent.publish_after``, ``consent.withdrawn``, ``texts:``), so an editor who opens the file sees the same
words; ``status`` and ``embargo`` read the same in Norwegian. The one Norwegian name, ``samtykke``, is the paper
the writer signs. Help and messages are in Norwegian (``--lang en`` for English): each command's and option's help
is an (nb, en) pair declared with it; the docstring is a note for developers.

Registered on the main group by hefte/cli.py (``register(main)``).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from .. import i18n, messages
from ..config import load_config
from ..errors import HefteError

MESSAGES: dict[str, tuple[str, str]] = {
    "desk.done": ("{file}: {changes}. Logget i {log}.", "{file}: {changes}. Logged in {log}."),
    "desk.same": ("{file}: uendret, fila sier det allerede.", "{file}: unchanged, the file already says so."),
    "desk.then-build": ("Endringen gjelder fra neste `hefte build`.", "The change takes effect with the next `hefte build`."),
    "desk.output-public": (
        "{file} ligger i {folder}/, som blir publisert. Skriv oversikten et annet sted, for eksempel i private/.",
        "{file} is inside {folder}/, which is published. Write the overview somewhere else, for example private/.",
    ),
    "desk.files-or-writer": ("Nevn filene, eller bruk --writer.", "Name the files, or use --writer."),
    "desk.no-texts-for-writer": ("Fant ingen tekster av {writer} som ikke er trukket.",
                                 "Found no texts by {writer} that are not withdrawn."),
    "desk.embargo-how": ("Bruk enten --until DATO eller --lift.", "Use either --until DATE or --lift."),
    "desk.written": ("Skrevet: {file}", "Written: {file}"),
}

BY = i18n.option("--by", envvar="HEFTE_EDITOR", help=(
    "Hvem du er: initialene dine (som i review.by). Kan settes i HEFTE_EDITOR.",
    "Who you are: your initials (as in review.by). Can be set in HEFTE_EDITOR."))
EXPECT = i18n.option("--expect", "expected", metavar="SHA256", help=(
    "Hashen fila hadde da du så på den (kolonnen sha256 i `hefte status --csv`); endres fila i mellomtiden, "
    "gjøres ingenting.",
    "The hash the file had when you looked at it (the sha256 column of `hefte status --csv`); if the file has "
    "changed since, nothing is done."))
DATE = click.DateTime(formats=["%Y-%m-%d"])


def _day(value) -> date | None:
    return value.date() if value is not None else None


def _report(result, lang: str, config) -> None:
    from . import private

    if not result.changed:
        click.echo(messages.render("desk.same", lang, file=private.relative(config, result.path)))
        return
    from .edit import plain

    changes = ", ".join(f"{key}: {plain(old)} → {plain(new)}" for key, (old, new) in result.entry.changes.items())
    click.echo(messages.render("desk.done", lang, file=result.entry.file, changes=changes,
                               log=private.relative(config, config.private_path / "desk-log.jsonl")))
    if result.consequences:
        click.echo(messages.render("desk.consequences", lang, count=len(result.consequences)), err=True)
        for finding in result.consequences:
            click.echo(f"  {finding.format(lang, config.root)}", err=True)


def _run_each(files, lang: str, config, action) -> None:
    """One action per file; a refused file does not stop the others, but the command then exits 1."""
    failed = changed = False
    for path in files:
        try:
            result = action(path)
        except HefteError as exc:
            click.echo(exc.message(lang), err=True)
            failed = True
            continue
        _report(result, lang, config)
        changed = changed or result.changed
    if changed:
        click.echo(messages.render("desk.then-build", lang))
    if failed:
        sys.exit(1)


def register(main, ROOT, LANG, handle_errors) -> None:  # noqa: N803 - the decorators as cli.py names them
    """Add the desk's commands to the ``hefte`` group."""

    @main.command(help=(
        """Redaksjonens oversikt: hver tekst med gjennomgang, hvor den går (nett, trykk, skjerm-PDF) og hvorfor
        ikke, samtykke, bilder, funn og hva som må gjøres.

        Eksempel: hefte status --needs-action    (eller: hefte status --csv -o private/status.csv)
        """,
        """The editors' overview: each text with its review, where it goes (web, print, screen PDF) and why not,
        consent, photos, findings and what needs doing.

        Example: hefte status --needs-action    (or: hefte status --csv -o private/status.csv)
        """))
    @ROOT
    @LANG
    @i18n.option("--csv", "as_csv", is_flag=True, help=("Skriv én rad per tekst som CSV (for regneark).",
                                                         "Write one row per text as CSV (for spreadsheets)."))
    @i18n.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help=(
        "Skriv til denne fila i stedet for til skjermen (aldri i site/ eller print/).",
        "Write to this file instead of the screen (never in site/ or print/)."))
    @i18n.option("--per-writer", is_flag=True, help=("Én tabell per skribent i stedet for per publikasjon.",
                                                      "One table per writer instead of per publication."))
    @i18n.option("--needs-action", is_flag=True, help=("Bare tekster som trenger handling fra redaksjonen.",
                                                        "Only texts that need action from the editors."))
    @i18n.option("--writer", metavar="ID", help=("Bare tekstene til denne skribenten (id i registeret, f.eks. c-07).",
                                                  "Only this writer's texts (id in the register, e.g. c-07)."))
    @i18n.option("--publication", metavar="ID", help=("Bare denne publikasjonen.", "Only this publication."))
    @handle_errors
    def status(root: Path, lang: str, as_csv: bool, output: Path | None, per_writer: bool, needs_action: bool,
               writer: str | None, publication: str | None):
        """Thin over desk.status.overview, shown by desk.table (a table, CSV, or a file)."""
        from ..pipeline import prepare
        from . import status as status_mod, table

        state = prepare(load_config(root))
        overview = status_mod.overview(state)
        filters = {"needs_action": needs_action, "writer": writer, "publication": publication}
        if output is not None:
            target = output.resolve()
            for name in ("site_dir", "print_dir", "docs_dir"):
                if target.is_relative_to(state.config.path(name)):
                    raise HefteError("desk.output-public", None, 0, file=str(output),
                                     folder=getattr(state.config, name))
        if as_csv:
            if output is None:
                table.write_csv(overview, sys.stdout, lang, **filters)
            else:
                import io

                from ..files import write_atomically

                buffer = io.StringIO()
                table.write_csv(overview, buffer, lang, **filters)
                write_atomically(output, buffer.getvalue().encode("utf-8"))
                click.echo(messages.render("desk.written", lang, file=str(output)))
            return
        if output is not None:
            from rich.console import Console

            with output.open("w", encoding="utf-8") as fh:
                table.print_status(overview, lang, per_writer=per_writer, console=Console(file=fh, width=160),
                                   **filters)
            click.echo(messages.render("desk.written", lang, file=str(output)))
            return
        table.print_status(overview, lang, per_writer=per_writer, **filters)

    @main.command(help=(
        """Godkjenn tekster: review.status blir approved, med hvem og når. Nektes hvis bygget da ville stoppet
        (for eksempel fordi samtykkeskjemaet ikke er registrert ennå).

        Eksempel: hefte approve texts/hefte-2026/utkast-om-mor.md --by TEL
        """,
        """Approve texts: review.status becomes approved, with who and when. Refused if the build would then stop
        (for example because the consent form is not recorded yet).

        Example: hefte approve texts/hefte-2026/utkast-om-mor.md --by TEL
        """))
    @i18n.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
    @BY
    @i18n.option("--date", "on", type=DATE, help=("Datoen for godkjenningen (standard: i dag).",
                                                  "The date of the approval (default: today)."))
    @EXPECT
    @ROOT
    @LANG
    @handle_errors
    def approve(files, by, on, expected, root, lang):
        """Thin over desk.actions.approve, one file at a time."""
        from . import actions

        config = load_config(root)
        _run_each(files, lang, config, lambda p: actions.approve(config, p, by=by, expected=expected, on=_day(on)))

    @main.command("request-changes", help=(
        """Be skribenten om endringer: review.status blir changes-requested, og beskjeden står i review.note,
        der hun ser den (i studio og på korrekturen).

        Eksempel: hefte request-changes texts/hefte-2026/utkast-om-mor.md --by TEL --note "Kan du korte ned slutten?"
        """,
        """Ask the writer for changes: review.status becomes changes-requested, and the note goes in review.note,
        where she sees it (in the studio and on the proof).

        Example: hefte request-changes texts/hefte-2026/utkast-om-mor.md --by TEL --note "Could you shorten the end?"
        """))
    @i18n.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @BY
    @i18n.option("--note", required=True, help=("Beskjeden til skribenten: hva bør hun endre?",
                                                 "The note to the writer: what should she change?"))
    @i18n.option("--date", "on", type=DATE, help=("Datoen (standard: i dag).", "The date (default: today)."))
    @EXPECT
    @ROOT
    @LANG
    @handle_errors
    def request_changes(file, by, note, on, expected, root, lang):
        """Thin over desk.actions.request_changes."""
        from . import actions

        config = load_config(root)
        _run_each([file], lang, config, lambda p: actions.request_changes(
            config, p, by=by, note=note, expected=expected, on=_day(on)))

    @main.command("record-consent", help=(
        """Registrer det signerte samtykkeskjemaet: consent.given og consent.form (og nett/trykk hvis skjemaet
        sier noe annet enn fila).

        Eksempel: hefte record-consent --writer c-10 --given 2026-11-20 --form S-C-10-2026-11-20 --by TEL
        """,
        """Record the signed consent form: consent.given and consent.form (and web/print if the form says
        something other than the file).

        Example: hefte record-consent --writer c-10 --given 2026-11-20 --form S-C-10-2026-11-20 --by TEL
        """))
    @i18n.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
    @i18n.option("--writer", metavar="ID", help=(
        "Alle tekstene til denne skribenten som ikke er trukket "
        "(de samme som står på skjemaet fra `hefte samtykke`).",
        "All this writer's texts that are not withdrawn (the same as on the form from `hefte samtykke`)."))
    @BY
    @i18n.option("--given", type=DATE, required=True, help=("Datoen skjemaet ble signert.",
                                                            "The date the form was signed."))
    @i18n.option("--form", "form", required=True, help=("Referansen nederst på skjemaet.",
                                                        "The reference at the bottom of the form."))
    @i18n.option("--web/--no-web", default=None, help=("Hvis skjemaet sier noe annet om nett enn fila.",
                                                       "If the form says something other than the file about web."))
    @i18n.option("--print/--no-print", "print_", default=None, help=(
        "Hvis skjemaet sier noe annet om trykk.", "If the form says something other than the file about print."))
    @EXPECT
    @ROOT
    @LANG
    @handle_errors
    def record_consent(files, writer, by, given, form, web, print_, expected, root, lang):
        """Thin over desk.actions.record_consent, for the files named or all of --writer's texts."""
        from . import actions

        config = load_config(root)
        files = list(files) or _writer_files(config, writer, lang)
        _run_each(files, lang, config, lambda p: actions.record_consent(
            config, p, by=by, given=_day(given), form=form, web=web, print=print_, expected=expected))

    @main.command(help=(
        """Sett eller opphev en embargo (consent.publish_after): teksten publiseres ikke før datoen.

        Eksempel: hefte embargo texts/hefte-2026/sommer-neste-ar.md --until 2027-06-01 --by TEL
        """,
        """Set or lift an embargo (consent.publish_after): the text is not published before the date.

        Example: hefte embargo texts/hefte-2026/sommer-neste-ar.md --until 2027-06-01 --by TEL
        """))
    @i18n.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @BY
    @i18n.option("--until", type=DATE, help=("Ikke publiser før denne datoen.", "Do not publish before this date."))
    @i18n.option("--lift", is_flag=True, help=("Opphev embargoen.", "Lift the embargo."))
    @EXPECT
    @ROOT
    @LANG
    @handle_errors
    def embargo(file, by, until, lift, expected, root, lang):
        """Thin over desk.actions.set_embargo; exactly one of --until and --lift."""
        from . import actions

        if lift == (until is not None):
            raise HefteError("desk.embargo-how")
        config = load_config(root)
        _run_each([file], lang, config, lambda p: actions.set_embargo(
            config, p, by=by, until=None if lift else _day(until), expected=expected))

    @main.command(help=(
        """Trekk en tekst (consent.withdrawn): neste `hefte build` fjerner den fra nettsida, søket, PDF-ene og
        alle sitater. Går alltid igjennom.

        Eksempel: hefte withdraw texts/hefte-2026/natta.md --by TEL
        """,
        """Withdraw a text (consent.withdrawn): the next `hefte build` removes it from the website, the search,
        the PDFs and all quotes. Always goes through.

        Example: hefte withdraw texts/hefte-2026/natta.md --by TEL
        """))
    @i18n.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
    @BY
    @i18n.option("--date", "on", type=DATE, help=("Datoen samtykket ble trukket (standard: i dag).",
                                                  "The date consent was withdrawn (default: today)."))
    @EXPECT
    @ROOT
    @LANG
    @handle_errors
    def withdraw(files, by, on, expected, root, lang):
        """Thin over desk.actions.withdraw, one file at a time."""
        from . import actions

        config = load_config(root)
        _run_each(files, lang, config, lambda p: actions.withdraw(config, p, by=by, on=_day(on), expected=expected))

    @main.command(help=(
        """Sett rekkefølgen på tekstene (texts: i publication.yml). En fil som ikke står med, publiseres ikke.

        Eksempel: hefte order hefte-2026 innledning.md morgenkaffe.md natta.md etterord.md --by TEL
        """,
        """Set the order of the texts (texts: in publication.yml). A file that is not listed is not published.

        Example: hefte order hefte-2026 innledning.md morgenkaffe.md natta.md etterord.md --by TEL
        """))
    @i18n.argument("publication")
    @i18n.argument("files", nargs=-1, required=True)
    @BY
    @EXPECT
    @ROOT
    @LANG
    @handle_errors
    def order(publication, files, by, expected, root, lang):
        """Thin over desk.actions.reorder; files may be named with or without the publication's folder."""
        from . import actions

        config = load_config(root)
        names = [Path(f).name if Path(f).parent.name == publication else f for f in files]
        _run_each([publication], lang, config, lambda p: actions.reorder(config, p, names, by=by, expected=expected))

    @main.command(help=(
        """Lag samtykkeskjemaet til en skribent som PDF, ferdig utfylt med tekstene og valgene hennes, til å
        skrive ut og signere. Skrives bare i private/.

        Eksempel: hefte samtykke --writer c-07
        """,
        """Make a writer's consent form as a PDF, filled in with her texts and choices, to print and sign.
        Written only in private/.

        Example: hefte samtykke --writer c-07
        """))
    @i18n.option("--writer", metavar="ID", required=True, help=("Skribentens id i registeret, f.eks. c-07.",
                                                                "The writer's id in the register, e.g. c-07."))
    @i18n.option("--publication", metavar="ID", help=("Bare tekster i denne publikasjonen.",
                                                      "Only texts in this publication."))
    @i18n.option("--ref", metavar="REF", help=("Skjemareferansen (standard: S-<id>-<dato>).",
                                               "The form's reference (default: S-<id>-<date>)."))
    @ROOT
    @LANG
    @handle_errors
    def samtykke(writer, publication, ref, root, lang):
        """Thin over desk.form.consent_form; warns when private/ is not ignored by git."""
        from ..pipeline import prepare
        from . import form as form_mod

        state = prepare(load_config(root))
        result = form_mod.consent_form(state, writer, publication=publication, reference=ref)
        click.echo(messages.render("desk.written", lang, file=str(result.path)))
        click.echo(messages.render("desk.form-next", lang, ref=result.reference, writer=writer))
        _warn_if_not_ignored(state.config, lang)


def _writer_files(config, writer: str | None, lang: str) -> list[Path]:
    if not writer:
        raise HefteError("desk.files-or-writer")
    from ..pipeline import prepare
    from .writer import writer_texts

    files = [wt.text.source.path for wt in writer_texts(prepare(config), writer)]
    if not files:
        raise HefteError("desk.no-texts-for-writer", writer=writer)
    return files


def _warn_if_not_ignored(config, lang: str) -> None:
    from . import private

    if private.git_ignores(config) is False:
        click.echo(messages.render("desk.private-not-ignored", lang, folder=config.private_dir), err=True)


def writer_proof(config, writer: str, lang: str) -> None:
    """``hefte proof --writer``: called by the proof command in hefte/cli.py."""
    from ..pipeline import prepare
    from . import proof

    state = prepare(config)
    path = proof.writer_proof(state, writer)
    click.echo(messages.render("desk.written", lang, file=str(path)))
    _warn_if_not_ignored(config, lang)
