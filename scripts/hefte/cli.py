"""The ``hefte`` command: thin over the library; every command calls one library function.

Library errors (HefteError) become clean messages in nb or en, never tracebacks. Options every command
shares live here once: ``--lang`` (before or after the command name, or HEFTE_LANG), ``-q/--quiet`` and
``--root`` (found upwards from the current folder, as git does). A command gets them by using the ``ROOT``,
``LANG`` and ``QUIET`` decorators; ``--lang`` and ``-q`` are added to any command that does not declare them.
click's own messages (usage errors, prompts, help headings) follow ``--lang`` through gettext (i18n.py); each
command's and option's help is an (nb, en) pair declared with it (``help=(nb, en)``), shown in the chosen language.
A command's docstring is a note for developers: what it is thin over.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from pathlib import Path

import click

from . import i18n, messages
from .config import find_root, load_config
from .errors import CheckFailed, HefteError, LeakFound
from .findings import Findings, Severity

MESSAGES = {
    "cli.interrupted": (
        "Avbrutt. Ingenting er skrevet eller publisert, og forrige utgave er uendret.",
        "Interrupted. Nothing was written or published, and the previous output is unchanged.",
    ),
    "cli.lang": ("Språk for meldinger: nb (standard) eller en. Kan stå før eller etter kommandonavnet.",
                 "Language of messages: nb (default) or en. May come before or after the command name."),
    "cli.quiet": ("Vis bare feil og advarsler.", "Show only errors and warnings."),
    "cli.ask": ("Still spørsmålene også når det ikke er en terminal.",
                "Ask the questions even when this is not a terminal."),
    "cli.root": ("Prosjektmappa. Standard: mappa du står i, eller nærmeste mappe over den med mkdocs.yml.",
                 "The project folder. Default: where you are, or the nearest folder above it with mkdocs.yml."),
    "verify.nothing": (
        "Det finnes ingen bygget nettside eller PDF å kontrollere ({site} og {print} er tomme eller mangler). "
        "Kjør `hefte build` først.",
        "There is no built site or PDF to verify ({site} and {print} are empty or missing). Run `hefte build` "
        "first.",
    ),
    "verify.live-leak": (
        "Den publiserte utgaven ({site}, {print}) inneholder {count} {count:lekkasje|lekkasjer}, se over. Bygg på nytt med "
        "`hefte build` (den bytter bare ut utgaven når alt er rent), eller ta nettsida ned til det er rettet.",
        "The published output ({site}, {print}) holds {count} {count:leak|leaks}, see above. Build again with `hefte build` "
        "(it replaces the output only when everything is clean), or take the site down until it is fixed.",
    ),
    "proof.no-pdfs": (
        "Fant ingen trykk-PDF (*-trykk.pdf) i {folder}. Kjør `hefte build` (uten --no-pdf) først.",
        "No print PDF (*-trykk.pdf) in {folder}. Run `hefte build` (without --no-pdf) first.",
    ),
}

EXIT_ERRORS = 1
EXIT_PARTIAL = 3
"""``hefte build`` published, but held back texts that have errors (see --strict)."""
EXIT_INTERRUPTED = 130

_LANG_KEY, _QUIET_KEY = "hefte.lang", "hefte.quiet"


def _meta() -> dict:
    ctx = click.get_current_context(silent=True)
    return ctx.meta if ctx is not None else {}


def current_lang() -> str:
    return _meta().get(_LANG_KEY) or i18n.chosen()


def _remember_lang(ctx, param, value):
    # The command's own --lang wins; otherwise the one given before the command name, then HEFTE_LANG.
    value = value or ctx.meta.get(_LANG_KEY) or i18n.chosen()
    ctx.meta[_LANG_KEY] = value
    i18n.use(value)
    return value


def _remember_quiet(ctx, param, value):
    value = bool(value or ctx.meta.get(_QUIET_KEY))
    ctx.meta[_QUIET_KEY] = value
    return value


def _find_root(ctx, param, value):
    try:
        return find_root(value)
    except HefteError as exc:
        raise click.UsageError(exc.message(current_lang()), ctx) from None


def _option_help(code: str) -> i18n.Pair:
    return messages.CATALOGUE.get(code) or MESSAGES[code]


def _lang_option(*, expose: bool = True):
    return i18n.option("--lang", type=click.Choice(i18n.LANGUAGES), default=None, envvar=i18n.ENV,
                        callback=_remember_lang, is_eager=True, expose_value=expose, help=_option_help("cli.lang"))


def _quiet_option(*, expose: bool = True):
    return i18n.option("--quiet", "-q", is_flag=True, callback=_remember_quiet, expose_value=expose,
                        help=_option_help("cli.quiet"))


LANG = _lang_option()
QUIET = _quiet_option()
ROOT = i18n.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
                    callback=_find_root, help=_option_help("cli.root"))


def quiet() -> bool:
    return bool(_meta().get(_QUIET_KEY))


def _echo_err(text: str) -> None:
    click.echo(text, err=True)


def handle_errors(func):
    """Turn library errors into a message and exit status 1 (2 for usage errors, as click does)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        lang = kwargs.get("lang") or current_lang()
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
        except (KeyboardInterrupt, click.exceptions.Abort):
            # Ctrl+C (or end of input at a question) is an ordinary way to stop, not a crash.
            _echo_err(messages.render("cli.interrupted", lang))
            sys.exit(EXIT_INTERRUPTED)
        except Exception as exc:  # a bug in hefte: say so plainly; HEFTE_DEBUG=1 shows the traceback
            if os.environ.get("HEFTE_DEBUG"):
                raise
            _echo_err(messages.render("cli.bug", lang, problem=f"{type(exc).__name__}: {exc}"))
        sys.exit(EXIT_ERRORS)

    return wrapper


def print_findings(findings: Findings, lang: str, root: Path | None, *, show_info: bool) -> None:
    for finding in findings.sorted():
        if finding.severity is Severity.INFO and not show_info:
            continue
        stream_err = finding.severity is not Severity.INFO
        click.echo(finding.format(lang, root), err=stream_err)


class HefteGroup(i18n.BilingualUsage, i18n.BilingualHelp, click.Group):
    """Adds ``--lang`` and ``-q`` to every command that does not declare them, and reads ``--lang`` before
    click parses anything, so even click's own usage errors come in the chosen language. Its commands take
    ``help=(nb, en)`` (i18n.Command)."""

    command_class = i18n.Command

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        declared = {p.name for p in cmd.params}
        if "lang" not in declared:
            cmd.params.append(_lang_option(expose=False)(lambda: None).__click_params__[0])
        if "quiet" not in declared:
            cmd.params.append(_quiet_option(expose=False)(lambda: None).__click_params__[0])
        super().add_command(cmd, name)

    def main(self, args=None, **extra):
        args = list(sys.argv[1:] if args is None else args)
        with i18n.click_messages(i18n.language_in(args)):
            return super().main(args, **extra)


@click.group(cls=HefteGroup, context_settings={"help_option_names": ["-h", "--help"]}, help=(
    """hefte: publiser tekster fra skrivekurs som nettside og trykkeklar PDF, med samtykke og anonymitet ivaretatt.

    \b
    Vanlig arbeidsflyt for redaktører:
      hefte init MAPPE  start et eget prosjekt
      hefte check       se hva som blir publisert hvor, og hvorfor noe holdes tilbake
      hefte build       bygg nettsida (site/) og PDF-ene (print/)
      hefte serve       forhåndsvisning i nettleseren
    """,
    """hefte: publish texts from writing courses as a website and print-ready PDF, with consent and anonymity kept.

    \b
    Usual workflow for editors:
      hefte init FOLDER  start a project of your own
      hefte check        see what will be published where, and why anything is held back
      hefte build        build the website (site/) and the PDFs (print/)
      hefte serve        preview in the browser
    """))
@click.version_option(package_name="hefte", cls=i18n.Option,
                      help=("Vis versjonen og avslutt.", "Show the version and exit."))
@LANG
@QUIET
def main(lang: str, quiet: bool):
    """The ``hefte`` group: --lang and -q given before the command name are remembered for it."""


@main.command(help=(
    """Sjekk alle tekster og publikasjoner: felt, samtykke, bilder, sitater og personopplysninger.

    Skriver funn som `fil:linje: melding` og avslutter med status 1 ved feil.

    Eksempel: hefte check --lang en
    """,
    """Check all texts and publications: fields, consent, photos, quotes and personal details.

    Prints findings as `file:line: message` and exits with status 1 on errors.

    Example: hefte check --lang en
    """))
@ROOT
@LANG
@QUIET
@handle_errors
def check(root: Path, lang: str, quiet: bool):
    """Thin over pipeline.prepare: the findings, then the summary of what goes where."""
    from .pipeline import prepare
    from .summary import print_acknowledgements, print_summary

    state = prepare(load_config(root))
    print_findings(state.findings, lang, state.config.root, show_info=not quiet)
    if not quiet:
        print_summary(state, lang)
        print_acknowledgements(state.findings, lang)
    if state.findings.has_errors():
        _echo_err(messages.render("check.failed", lang, count=len(state.findings.errors)))
        sys.exit(EXIT_ERRORS)


@main.command(help=(
    """Sjekk, bygg nettsida og PDF-ene, og kontroller alt som ble laget.

    Forrige utgave blir bare byttet ut når alt har gått bra. Har én tekst feil i sin egen fil, holdes den
    tilbake (publiseres ingen steder), resten publiseres, og kommandoen avslutter med status 3.

    Eksempel: hefte build
    """,
    """Check, build the website and the PDFs, and verify everything that was made.

    The previous output is replaced only when everything went well. If one text has an error in its own file,
    it is held back (published nowhere), the rest is published, and the command exits with status 3.

    Example: hefte build
    """))
@ROOT
@LANG
@QUIET
@i18n.option("--no-pdf", is_flag=True, help=("Hopp over PDF-ene (raskere forhåndsvisning).",
                                              "Skip the PDFs (a quicker preview)."))
@i18n.option("--strict", is_flag=True,
             help=("Stopp hele byggingen ved feil i én tekst (standard: teksten holdes tilbake, resten publiseres).",
                   "Stop the whole build on an error in one text (default: the text is held back, the rest is "
                   "published)."))
@i18n.option("--fresh", is_flag=True,
             help=("Lag alle PDF-ene og kontroller alle filene på nytt, uten å bruke det som er lagret "
                   "(.hefte/cache) fra forrige bygging.",
                   "Make every PDF and verify every file again, without what the last build kept (.hefte/cache)."))
@i18n.option("--offline", is_flag=True,
             help=("Lag også en kopi av nettsida som virker uten nett, åpnet fra disk eller minnepinne (offline/).",
                   "Also make a copy of the website that works without internet, opened from a disk or a USB stick "
                   "(offline/)."))
@handle_errors
def build(root: Path, lang: str, quiet: bool, no_pdf: bool, strict: bool, fresh: bool, offline: bool):
    """Thin over build.build: the findings and what was held back, then exit 3 if a text was held back."""
    import contextlib

    from .build import build as run_build
    from .summary import build_progress, print_acknowledgements, print_result

    config = load_config(root)
    # Pango is checked before the first PDF is laid out (render/pdf_jobs.Layout): not at all when every PDF comes
    # from the cache. PDF warnings are collected in the result and printed once, after the progress bars.
    logging.getLogger("hefte").addHandler(logging.NullHandler())
    logging.getLogger("hefte").propagate = False
    progress_bars = contextlib.nullcontext(None) if quiet else build_progress(lang)
    with progress_bars as progress:
        result = run_build(config, pdf=False if no_pdf else None, progress=progress, strict=strict, fresh=fresh,
                           offline=offline)
    # What was held back and why, so the editor never has to guess why a text is missing.
    shown = Findings(f for f in result.findings if f.severity is not Severity.INFO
                     or (f.code.startswith("policy.") and not quiet))
    print_findings(shown, lang, config.root, show_info=True)
    for warning in result.warnings:
        _echo_err(warning)
    if not quiet:
        print_acknowledgements(result.findings, lang)
        print_result(result, lang)
    if result.held_back_files:
        from .pipeline import held_back_message

        _echo_err(held_back_message([os.path.relpath(path) for path in result.held_back_files], lang))
        sys.exit(EXIT_PARTIAL)


@main.command(help=(
    """Forhåndsvis nettsida med samme samtykkeregler som `hefte build` (PDF-er lages ikke her).

    Feil vises både her og øverst på sidene i nettleseren, som lastes inn på nytt når feilen er rettet.

    Eksempel: hefte serve --dev-addr 127.0.0.1:8001
    """,
    """Preview the website with the same consent rules as `hefte build` (no PDFs are made here).

    Errors are shown both here and at the top of the pages in the browser, which reload once the error is fixed.

    Example: hefte serve --dev-addr 127.0.0.1:8001
    """))
@ROOT
@LANG
@QUIET
@i18n.option("--dev-addr", default="127.0.0.1:8000", show_default=True,
             help=("Adresse for forhåndsvisningen.", "Address of the preview."))
@handle_errors
def serve(root: Path, lang: str, quiet: bool, dev_addr: str):
    """Thin over serve.serve (MkDocs' live server behind the consent policy)."""
    from .serve import serve as run_serve

    run_serve(load_config(root), address=dev_addr, lang=lang, quiet=quiet,
              echo=lambda text, is_error: click.echo(text, err=is_error))


@main.command(help=(
    """Kontroller den bygde nettsida og PDF-ene for lekkasjer (gjøres også til slutt i `hefte build`).

    Avslutter med status 1 ved lekkasjer, og når det ikke finnes noe bygget å kontrollere.

    Eksempel: hefte verify
    """,
    """Verify the built website and PDFs for leaks (also done at the end of `hefte build`).

    Exits with status 1 on leaks, and when there is nothing built to verify.

    Example: hefte verify
    """))
@ROOT
@LANG
@QUIET
@handle_errors
def verify(root: Path, lang: str, quiet: bool):
    """Thin over guard.verify, run on the output already published (site/, print/)."""
    from .guard import verify as verify_stage
    from .pipeline import prepare

    config = load_config(root)
    site, prints = config.site_path, config.print_path
    if not any(folder.is_dir() and any(folder.iterdir()) for folder in (site, prints)):
        raise HefteError("verify.nothing", site=_shown(site, root), print=_shown(prints, root))
    state = prepare(config)
    offline = [config.offline_path] if config.offline_path.is_dir() else []  # hefte build --offline's copy
    report = verify_stage.verify(state, site, prints, also_web=offline)
    if not quiet:
        for finding in report.sorted():
            if finding.severity is not Severity.ERROR:  # errors are printed once, with the count, below
                click.echo(finding.format(lang, state.config.root), err=finding.severity is not Severity.INFO)
    # Each leak once, and counted once: the same words at the same place are one leak, not two.
    leaks = list(dict.fromkeys(f.format(lang, state.config.root) for f in report.sorted()
                               if f.severity is Severity.ERROR))
    if leaks:
        for line in leaks:
            _echo_err(line)
        _echo_err(messages.render("verify.live-leak", lang, count=len(leaks), site=_shown(site, root),
                                  print=_shown(prints, root)))
        sys.exit(EXIT_ERRORS)
    click.echo(messages.render("verify.ok", lang, files=report.files_scanned))


def _shown(path: Path, root: Path) -> str:
    return os.path.relpath(path) if Path.cwd().resolve().is_relative_to(root) else str(path)


@main.command(help=(
    """Lagre tekstfiler som UTF-8 (NFC, LF) etter å ha tatt sikkerhetskopi (.bak). Ordene endres aldri.

    Eksempel: hefte fix texts/hefte-2026/morgenkaffe.md
    """,
    """Save text files as UTF-8 (NFC, LF) after making a backup (.bak). The words are never changed.

    Example: hefte fix texts/hefte-2026/morgenkaffe.md
    """))
@i18n.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@i18n.option("--dry-run", is_flag=True, help=("Vis hva som ville blitt endret, uten å skrive.",
                                               "Show what would be changed, without writing."))
@LANG
@QUIET
@handle_errors
def fix(files: tuple[Path, ...], dry_run: bool, lang: str, quiet: bool):
    """Thin over intake.fix, one file at a time; a file that cannot be fixed does not stop the others."""
    from .intake import fix as fix_stage

    failed = False
    for path in files:
        try:
            result = fix_stage.fix_file(path, dry_run=dry_run)
        except fix_stage.FixError as exc:
            _echo_err(f"{path}: {messages.render(exc.code, lang, **exc.params)}")
            failed = True
            continue
        if not quiet:
            click.echo(fix_stage.summary(result, lang))
        for issue in getattr(result, "remaining", []):
            click.echo(f"{path}:{issue.line}: {messages.render(issue.code, lang, **issue.params, file=path)}")
    if failed:
        sys.exit(EXIT_ERRORS)


@main.command(help=(
    """Lag en ny tekst fra malen; i en terminal stilles samtykkespørsmålene ett for ett.

    Eksempel: hefte new hefte-2026 --id min-tekst
    """,
    """Make a new text from the template; in a terminal the consent questions are asked one at a time.

    Example: hefte new hefte-2026 --id my-text
    """))
@i18n.argument("publication", required=False)
@i18n.option("--id", "text_id", help=("Filnavn for teksten (uten .md).", "File name for the text (without .md)."))
@i18n.option("--no-input", is_flag=True, help=("Ikke still spørsmål; skriv malen med forklaringer.",
                                                "Ask no questions; write the template with explanations."))
@i18n.option("--ask", is_flag=True, help=_option_help("cli.ask"))
@ROOT
@LANG
@QUIET
@handle_errors
def new(publication: str | None, text_id: str | None, no_input: bool, ask: bool, root: Path, lang: str,
        quiet: bool):
    """Thin over intake.scaffold.new_text."""
    from .intake import scaffold

    config = load_config(root)
    interactive = ask or (not no_input and sys.stdin.isatty())
    path = scaffold.new_text(config, publication, text_id, interactive=interactive, lang=lang)
    click.echo(messages.render("new.done", lang, file=os.path.relpath(path)))


@main.command(help=(
    """Start et eget prosjekt i en ny mappe: nettsted, sider om personvern og samtykke, og første publikasjon.

    Spør om det som ikke er gitt som valg (i en terminal), eller bruker standardverdier med --no-input.

    Eksempel: hefte init ../skrivekurs-2027 --organisation "Skrivekurset i Nordby"
    """,
    """Start a project of your own in a new folder: website, pages on privacy and consent, and a first publication.

    Asks for what is not given as options (in a terminal), or uses defaults with --no-input.

    Example: hefte init ../skrivekurs-2027 --organisation "Skrivekurset i Nordby"
    """))
@i18n.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@i18n.option("--organisation", "org", help=("Navnet på organisasjonen eller kurset (nettstedets navn).",
                                             "Name of the organisation or course (the site's name)."))
@i18n.option("--url", help=("Nettsidas adresse, for eksempel https://skrivekurs.example.no/.",
                            "The website's address, for example https://skrivekurs.example.no/."))
@i18n.option("--email", help=("E-post for personvern og for å trekke samtykke.",
                              "E-mail for privacy questions and for withdrawing consent."))
@i18n.option("--text-lang", type=click.Choice(["nb", "nn"]), help=("Språket i tekstene: nb eller nn.",
                                                                   "Language of the texts: nb or nn."))
@i18n.option("--title", help=("Tittelen på den første publikasjonen.", "Title of the first publication."))
@i18n.option("--kind", type=click.Choice(["booklet", "report"]), help=("booklet (hefte) eller report (rapport).",
                                                                      "booklet or report."))
@i18n.option("--no-input", is_flag=True, help=("Ikke still spørsmål; bruk valgene over eller standardverdiene.",
                                                "Ask no questions; use the options above or the defaults."))
@i18n.option("--ask", is_flag=True, help=_option_help("cli.ask"))
@LANG
@QUIET
@handle_errors
def init(folder: Path, org, url, email, text_lang, title, kind, no_input: bool, ask: bool, lang: str,
         quiet: bool):
    """Thin over newproject.create_project; the questions are asked here (_ask_project)."""
    from . import newproject

    answers = newproject.Answers(**{k: v for k, v in dict(org=org, url=url, email=email, lang=text_lang,
                                                          title=title, kind=kind).items() if v is not None})
    if ask or (not no_input and sys.stdin.isatty()):
        answers = _ask_project(answers, lang, given={k for k, v in dict(org=org, url=url, email=email, lang=text_lang,
                                                                       title=title, kind=kind).items() if v})
    path = newproject.create_project(folder, answers)
    click.echo(messages.render("init.done", lang, folder=os.path.relpath(path)))
    if exe := newproject.hefte_command():
        # Absolute: the next step is `cd` into the new folder, where a relative path would no longer work.
        click.echo(messages.render("init.not-on-path", lang, folder=exe.parent, exe=exe,
                                   activate=newproject.activate_command(exe.parent)))
    if examples := newproject.example_addresses(answers):
        click.echo(messages.render("init.example-address", lang, found=" og ".join(examples) if lang != "en"
                                   else " and ".join(examples)))


def _ask_project(answers, lang: str, given: set[str]):
    """The questions of `hefte init`, one at a time; each shows the default in brackets (Enter keeps it)."""
    from . import newproject

    def ask(key, default, **kw):
        return click.prompt(messages.render(f"init.q.{key}", lang), default=default, **kw)

    if "org" not in given:
        answers.org = ask("org", answers.org)
    if "url" not in given:
        answers.url = ask("url", answers.url)
    if "email" not in given:
        answers.email = ask("email", answers.filled().email)
    if "lang" not in given:
        answers.lang = ask("lang", answers.lang, type=click.Choice(["nb", "nn"]), show_choices=False)
    if "title" not in given:
        answers.title = ask("title", answers.filled().title)
    if "kind" not in given:
        answers.kind = newproject.KINDS[ask("kind", "1", type=click.Choice(list(newproject.KINDS)),
                                            show_choices=False)]
    return answers


@main.command(help=(
    """Lag en oversiktsside med miniatyrer av alle sidene i hver PDF (print/<id>-korrektur.png), eller med
    --writer en korrektur til én skribent av bare hennes tekster, slik de blir trykt (i private/).

    Avslutter med status 1 når det ikke finnes noen trykk-PDF å lage oversikt over.

    Eksempel: hefte proof    (eller: hefte proof --writer c-07)
    """,
    """Make an overview page with thumbnails of every page of each PDF (print/<id>-korrektur.png), or with
    --writer a proof for one writer of only her texts, as they will be printed (in private/).

    Exits with status 1 when there is no print PDF to make an overview of.

    Example: hefte proof    (or: hefte proof --writer c-07)
    """))
@ROOT
@LANG
@QUIET
@i18n.option("--writer", metavar="ID", help=(
    "Korrektur-PDF med bare tekstene til denne skribenten, merket UTKAST, i private/ (f.eks. c-07).",
    "A proof PDF with only this writer's texts, marked DRAFT, in private/ (e.g. c-07)."))
@handle_errors
def proof(root: Path, lang: str, quiet: bool, writer: str | None):
    """Thin over render.proof.proof_all, or desk.cli.writer_proof with --writer."""
    from .render import proof as proof_stage

    config = load_config(root)
    if writer:
        from .desk.cli import writer_proof

        writer_proof(config, writer, lang)
        return
    written = proof_stage.proof_all(config)
    if not written:
        raise HefteError("proof.no-pdfs", folder=_shown(config.print_path, root))
    if not quiet:
        for path in written:
            click.echo(str(path))


@main.command(help=(
    """Start skrivestudioet: en nettside der deltakerne leverer tekster og redaksjonen godkjenner dem.

    Uten --lan kan bare denne maskinen bruke det (127.0.0.1). Med --lan spør hefte etter et passord for
    redaksjonen (eller les det fra HEFTE_STUDIO_PASSPHRASE) og skriver ut lenken og QR-koden for deltakerne.

    Eksempel: hefte studio --lan --port 8100
    """,
    """Start the writing studio: a web page where participants hand in texts and the editors approve them.

    Without --lan only this machine can use it (127.0.0.1). With --lan hefte asks for a passphrase for the
    editors (or reads it from HEFTE_STUDIO_PASSPHRASE) and prints the link and QR code for the participants.

    Example: hefte studio --lan --port 8100
    """))
@i18n.option("--port", type=int, default=8100, show_default=True,
             help=("Porten studioet lytter på.", "The port the studio listens on."))
@i18n.option("--lan", is_flag=True, help=(
    "Åpne for kursrommet: deltakerne kommer inn med en lenke (og QR-kode) med kurskode; "
    "redaksjonens sider krever passord.",
    "Open to the course room: participants come in by a link (and QR code) with the course code; "
    "the editors' pages need a passphrase."))
@ROOT
@LANG
@QUIET
@handle_errors
def studio(port: int, lan: bool, root: Path, lang: str, quiet: bool):
    """Thin over studio.server.serve; the editors' passphrase is asked here (never echoed)."""
    from .errors import HefteError
    from .studio import server

    config = load_config(root)
    passphrase = os.environ.get("HEFTE_STUDIO_PASSPHRASE") or None
    if lan and passphrase is None:
        passphrase = click.prompt(messages.render("studio.passphrase-prompt", lang), hide_input=True,
                                  confirmation_prompt=True)
    if passphrase is not None and len(passphrase) < server.MIN_PASSPHRASE:
        raise HefteError("studio.passphrase-needed", min=server.MIN_PASSPHRASE)
    try:
        server.serve(config, server.make_gate(lan, passphrase), port, echo=click.echo, lang=lang, quiet=quiet)
    except OSError as exc:
        if exc.errno == 98:  # EADDRINUSE
            raise HefteError("studio.port-taken", port=port) from None
        raise


# The editors' desk (status, approve, request-changes, record-consent, embargo, withdraw, order, samtykke).
from .desk.cli import register as _register_desk  # noqa: E402 - needs the decorators above

_register_desk(main, ROOT, LANG, handle_errors)


if __name__ == "__main__":  # pragma: no cover
    main()
