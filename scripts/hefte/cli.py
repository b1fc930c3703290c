"""The ``hefte`` command: thin over the library; every command calls one library function.

Library errors (HefteError) become clean messages in nb or en, never tracebacks.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from pathlib import Path

import click

from . import messages
from .config import load_config
from .errors import CheckFailed, HefteError, LeakFound
from .findings import Findings, Severity

LANG = click.option("--lang", type=click.Choice(["nb", "en"]), default="nb", show_default=True,
                    help="Språk for meldinger / language of messages.")
ROOT = click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
                    show_default=True, help="Prosjektmappa (med mkdocs.yml og texts/).")


def _echo_err(text: str) -> None:
    click.echo(text, err=True)


def handle_errors(func):
    """Turn library errors into a message and exit status 1 (2 for usage errors, as click does)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        lang = kwargs.get("lang", "nb")
        root = kwargs.get("root")
        try:
            return func(*args, **kwargs)
        except CheckFailed as exc:
            print_findings(exc.findings, lang, root, show_info=False)
            _echo_err(exc.message(lang))
        except LeakFound as exc:
            for finding in exc.report.errors:
                _echo_err(finding.format(lang, root))
            _echo_err(exc.message(lang))
        except HefteError as exc:
            _echo_err(exc.message(lang))
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # a bug in hefte: say so plainly; HEFTE_DEBUG=1 shows the traceback
            if os.environ.get("HEFTE_DEBUG"):
                raise
            _echo_err(messages.render("cli.bug", lang, problem=f"{type(exc).__name__}: {exc}"))
        except KeyboardInterrupt:
            _echo_err("Avbrutt. Forrige utgave er uendret." if lang == "nb" else "Interrupted. Previous output unchanged.")
        sys.exit(1)

    return wrapper


def print_findings(findings: Findings, lang: str, root: Path | None, *, show_info: bool) -> None:
    for finding in findings.sorted():
        if finding.severity is Severity.INFO and not show_info:
            continue
        stream_err = finding.severity is not Severity.INFO
        click.echo(finding.format(lang, root), err=stream_err)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="hefte")
def main():
    """hefte: publiser tekster fra skrivekurs som nettside og trykkeklar PDF, med samtykke og anonymitet ivaretatt.

    \b
    Vanlig arbeidsflyt for redaktører:
      hefte check     se hva som blir publisert hvor, og hvorfor noe holdes tilbake
      hefte build     bygg nettsida (site/) og PDF-ene (print/)
      hefte serve     forhåndsvisning i nettleseren
    """


@main.command()
@ROOT
@LANG
@click.option("--quiet", "-q", is_flag=True, help="Vis bare feil og advarsler, ikke hva som holdes tilbake.")
@handle_errors
def check(root: Path, lang: str, quiet: bool):
    """Sjekk alle tekster og publikasjoner: felt, samtykke, bilder, sitater og personopplysninger.

    Skriver funn som `fil:linje: melding` og avslutter med status 1 ved feil.

    Eksempel: hefte check --lang en
    """
    from .pipeline import prepare
    from .summary import print_acknowledgements, print_summary

    state = prepare(load_config(root))
    print_findings(state.findings, lang, state.config.root, show_info=not quiet)
    if not quiet:
        print_summary(state, lang)
        print_acknowledgements(state.findings, lang)
    if state.findings.has_errors():
        _echo_err(messages.render("check.failed", lang, count=len(state.findings.errors)))
        sys.exit(1)


@main.command()
@ROOT
@LANG
@click.option("--no-pdf", is_flag=True, help="Hopp over PDF-ene (raskere forhåndsvisning).")
@handle_errors
def build(root: Path, lang: str, no_pdf: bool):
    """Sjekk, bygg nettsida og PDF-ene, og kontroller alt som ble laget.

    Forrige utgave blir bare byttet ut når alt har gått bra.

    Eksempel: hefte build
    """
    from .build import build as run_build
    from .summary import build_progress, print_acknowledgements, print_result

    config = load_config(root)
    # PDF warnings are collected in the result and printed once, after the progress bars.
    logging.getLogger("hefte").addHandler(logging.NullHandler())
    logging.getLogger("hefte").propagate = False
    with build_progress(lang) as progress:
        result = run_build(config, pdf=False if no_pdf else None, progress=progress)
    # What was held back and why, so the editor never has to guess why a text is missing.
    print_findings(Findings(f for f in result.findings if f.severity is Severity.WARNING
                            or f.code.startswith("policy.")), lang, config.root, show_info=True)
    for warning in result.warnings:
        _echo_err(warning)
    print_acknowledgements(result.findings, lang)
    print_result(result, lang)


@main.command()
@ROOT
@LANG
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Adresse for forhåndsvisningen.")
@handle_errors
def serve(root: Path, lang: str, dev_addr: str):
    """Forhåndsvis nettsida med samme samtykkeregler som `hefte build` (PDF-er lages ikke her).

    Eksempel: hefte serve --dev-addr 127.0.0.1:8001
    """
    from mkdocs.commands.serve import serve as mkdocs_serve

    config = load_config(root)
    mkdocs_serve(config_file=str(config.root / config.mkdocs_config), dev_addr=dev_addr, livereload=True)


@main.command()
@ROOT
@LANG
@handle_errors
def verify(root: Path, lang: str):
    """Kontroller den bygde nettsida og PDF-ene for lekkasjer (gjøres også til slutt i `hefte build`).

    Eksempel: hefte verify
    """
    from .guard import verify as verify_stage
    from .pipeline import prepare

    state = prepare(load_config(root))
    report = verify_stage.verify(state, state.config.site_path, state.config.print_path)
    for finding in report.sorted():
        click.echo(finding.format(lang, state.config.root), err=finding.severity is not Severity.INFO)
    if report.has_errors():
        raise LeakFound(report)
    click.echo(messages.render("verify.ok", lang, files=report.files_scanned))


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Vis hva som ville blitt endret, uten å skrive.")
@LANG
@handle_errors
def fix(files: tuple[Path, ...], dry_run: bool, lang: str):
    """Lagre tekstfiler som UTF-8 (NFC, LF) etter å ha tatt sikkerhetskopi (.bak). Ordene endres aldri.

    Eksempel: hefte fix texts/hefte-2026/morgenkaffe.md
    """
    from .intake import fix as fix_stage

    failed = False
    for path in files:
        try:
            result = fix_stage.fix_file(path, dry_run=dry_run)
        except fix_stage.FixError as exc:
            _echo_err(f"{path}: {messages.render(exc.code, lang, **exc.params)}")
            failed = True
            continue
        click.echo(fix_stage.summary(result, lang))
        for issue in getattr(result, "remaining", []):
            click.echo(f"{path}:{issue.line}: {messages.render(issue.code, lang, **issue.params, file=path.name)}")
    if failed:
        sys.exit(1)


@main.command()
@click.argument("publication", required=False)
@click.option("--id", "text_id", help="Filnavn for teksten (uten .md).")
@click.option("--no-input", is_flag=True, help="Ikke still spørsmål; skriv malen med forklaringer.")
@click.option("--ask", is_flag=True, help="Still spørsmålene også når det ikke er en terminal.")
@ROOT
@LANG
@handle_errors
def new(publication: str | None, text_id: str | None, no_input: bool, ask: bool, root: Path, lang: str):
    """Lag en ny tekst fra malen; i en terminal stilles samtykkespørsmålene ett for ett.

    Eksempel: hefte new hefte-2026 --id min-tekst
    """
    from .intake import scaffold

    config = load_config(root)
    interactive = ask or (not no_input and sys.stdin.isatty())
    path = scaffold.new_text(config, publication, text_id, interactive=interactive, lang=lang)
    click.echo(messages.render("new.done", lang, file=str(path)))


@main.command()
@ROOT
@LANG
@handle_errors
def proof(root: Path, lang: str):
    """Lag en oversiktsside med miniatyrer av alle sidene i hver PDF (print/<id>-korrektur.png).

    Eksempel: hefte proof
    """
    from .render import proof as proof_stage

    config = load_config(root)
    for path in proof_stage.proof_all(config):
        click.echo(str(path))


if __name__ == "__main__":  # pragma: no cover
    main()
