"""The editors' actions on a text's front matter (and on a publication's order of texts).

Every action

- edits only its own keys (edit.py: comments, key order and the writer's words stay byte for byte),
- refuses to touch a file that changed since the caller read it (``expected``: the sha256 it read, e.g. from
  :func:`hefte.desk.status.overview`), and holds a lock from reading to writing,
- asks ``hefte check`` about the file as it would be: an action that would let more through (approve, record
  consent, lift an embargo, add a text to the order) is refused if it would add errors (a text with errors is
  published nowhere, and ``build --strict`` stops); an action that holds back (withdraw, embargo, ask for
  changes) always goes through, as withdrawing must be as easy as agreeing, and reports the new errors
  (``Result.consequences``),
- writes atomically (files.write_atomically), then logs who, when and what in the private log (log.py); if the
  log cannot be written the file is put back, so nothing changes unlogged.

Nothing here decides what may be published: the policy does, when the next build asks it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import edit, log, private
from ..config import Config
from ..errors import HefteError
from ..files import write_atomically
from ..findings import Finding, Findings
from ..guard import policy
from ..intake import schema
from ..intake.load import PUBLICATION_FILE, load_project, load_publication, load_text

MESSAGES: dict[str, tuple[str, str]] = {
    "desk.conflict": (
        "Fila er endret siden du leste den (av noen andre, eller i et annet vindu). Ingenting er endret. Se på "
        "fila på nytt og gjør endringen igjen.",
        "The file has changed since you read it (by someone else, or in another window). Nothing was changed. "
        "Look at the file again and repeat the change.",
    ),
    "desk.refused-errors": (
        "Ikke gjort: med denne endringen ville `hefte check` finne {count} {count:ny|nye} feil, og det som har feil, blir "
        "ikke publisert. Rett dette først:",
        "Not done: with this change `hefte check` would find {count} new {count:error|errors}, and what has errors is not "
        "published. Fix this first:",
    ),
    "desk.consequences": (
        "Gjort. Merk: `hefte check` finner nå {count} {count:ny|nye} feil; det som har feil, holdes tilbake til det er rettet:",
        "Done. Note: `hefte check` now finds {count} new {count:error|errors}; what has errors is held back until it is fixed:",
    ),
    "desk.not-a-text": (
        "{file} er ikke en tekst i en publikasjon (en .md-fil i en mappe under {texts}/ med publication.yml).",
        "{file} is not a text of a publication (a .md file in a folder under {texts}/ with publication.yml).",
    ),
    "desk.no-publication": ("Fant ikke publikasjonen «{publication}». Tilgjengelige: {available}.",
                            "Publication «{publication}» not found. Available: {available}."),
    "desk.no-by": (
        "Si hvem du er (initialene dine, som i review.by), så loggen viser hvem som gjorde endringen.",
        "Say who you are (your initials, as in review.by), so the log shows who made the change.",
    ),
    "desk.note-missing": ("Skriv en beskjed til skribenten: hva bør hun endre?",
                          "Write a note to the writer: what should she change?"),
    "desk.form-missing": (
        "Skriv referansen til det signerte skjemaet (den står nederst på skjemaet fra `hefte samtykke`).",
        "Give the reference of the signed form (it is printed at the bottom of the form from `hefte samtykke`).",
    ),
    "desk.editorial-consent": (
        "Dette er en redaksjonell tekst: den trenger godkjenning, ikke samtykkeskjema.",
        "This is an editorial text: it needs approval, not a consent form.",
    ),
    "desk.editorial-withdraw": (
        "Dette er en redaksjonell tekst, den har ikke noe samtykke å trekke. Ta den ut av rekkefølgen "
        "(`hefte order`) eller be om endringer, så publiseres den ikke.",
        "This is an editorial text; it has no consent to withdraw. Take it out of the order (`hefte order`) or ask "
        "for changes, and it is not published.",
    ),
    "desk.order-not-md": ("«{file}» kan ikke stå i rekkefølgen: bare .md-filer i publikasjonsmappa, uten mappenavn.",
                          "«{file}» cannot be in the order: only .md files in the publication's folder, without "
                          "folder names."),
    "desk.order-missing": ("«{file}» kan ikke stå i rekkefølgen: fila finnes ikke i {folder}/.",
                           "«{file}» cannot be in the order: there is no such file in {folder}/."),
    "desk.order-twice": ("«{file}» står to ganger i rekkefølgen.", "«{file}» is listed twice in the order."),
    "desk.consent-in-future": (
        "Datoen er i framtida ({date}). Samtykke kan ikke være gitt etter i dag; rett datoen.",
        "The date is in the future ({date}). Consent cannot have been given after today; correct the date.",
    ),
    "desk.unchanged": ("Ingenting å endre: fila sier det allerede.", "Nothing to change: the file already says so."),
}


class Conflict(HefteError):
    """Raised by every action when the file's sha256 is not the one the caller read (``expected``)."""


class Refused(HefteError):
    """Raised when an action that lets more through would add check errors; ``findings`` has them."""

    def __init__(self, path: Path, findings: list[Finding]):
        super().__init__("desk.refused-errors", path, 0, count=len(findings))
        self.findings = findings

    def message(self, lang: str = "nb") -> str:
        return "\n".join([super().message(lang), *(f"  {f.format(lang)}" for f in self.findings)])


class ConsentInFuture(HefteError):
    """Raised by record_consent for a signing date after today (the policy's rule: such a consent is no consent)."""

    def __init__(self, path: Path, given: date):
        super().__init__("desk.consent-in-future", path, 0, date=given.isoformat())

    def words(self, lang: str = "nb") -> str:
        from .. import messages

        return messages.render_reason(f"{self.code}|{self.params['date']}", lang)  # «3. desember 2026» in nb


@dataclass(frozen=True)
class Result:
    """What an action did."""

    path: Path
    sha256: str
    """The file's hash now: hand it to the next action on the same file."""
    entry: log.Entry | None
    """The log entry written; None when the file already said so (nothing written, nothing logged)."""
    consequences: list[Finding] = field(default_factory=list)
    """New check errors after the action (only for actions that hold back, which are never refused)."""

    @property
    def changed(self) -> bool:
        return self.entry is not None


# --- the actions -------------------------------------------------------------------------------------------


def approve(config: Config, path: Path, *, by: str, expected: str | None = None, on: date | None = None) -> Result:
    """``review.status: approved`` with who and when; an earlier note asking for changes is removed (it stays in
    the log)."""
    return _act(config, path, "approve", by, expected, widens=True, edits=[
        edit.Set("review.status", "approved"), edit.Set("review.by", by),
        edit.Set("review.date", on or config.today), edit.Delete("review.note")])


def request_changes(config: Config, path: Path, *, by: str, note: str, expected: str | None = None,
                    on: date | None = None) -> Result:
    """``review.status: changes-requested`` and ``review.note``: what the writer sees in the studio and her proof."""
    if not (note or "").strip():
        raise HefteError("desk.note-missing", path, 0)
    return _act(config, path, "request-changes", by, expected, widens=False, edits=[
        edit.Set("review.status", "changes-requested"), edit.Set("review.by", by),
        edit.Set("review.date", on or config.today), edit.Set("review.note", note.strip())])


def record_consent(config: Config, path: Path, *, by: str, given: date, form: str, expected: str | None = None,
                   web: bool | None = None, print: bool | None = None) -> Result:
    """The signed form: ``consent.given`` and ``consent.form``; ``web``/``print`` when the form says otherwise
    than the file (None leaves them as they are)."""
    if not (form or "").strip():
        raise HefteError("desk.form-missing", path, 0)
    if policy.consent_in_future(given, config.today):
        # Refused, not warned: the policy holds a text with a future consent date back, so saving it would
        # only look like consent. Asked of the policy, so the desk and the build agree on what «future» is.
        raise ConsentInFuture(path, given)
    edits = [edit.Set("consent.given", given), edit.Set("consent.form", form.strip())]
    edits += [edit.Set(f"consent.{key}", value) for key, value in (("web", web), ("print", print)) if value is not None]
    return _act(config, path, "record-consent", by, expected, widens=True, edits=edits, participant_only=True)


def set_embargo(config: Config, path: Path, *, by: str, until: date | None, expected: str | None = None) -> Result:
    """``consent.publish_after``: not published before ``until``; ``until=None`` lifts the embargo."""
    action = "lift-embargo" if until is None else "embargo"
    return _act(config, path, action, by, expected, widens=until is None,
                edits=[edit.Set("consent.publish_after", until)], participant_only=True)


def withdraw(config: Config, path: Path, *, by: str, on: date | None = None, expected: str | None = None) -> Result:
    """``consent.withdrawn``: the next build removes the text from every output. An earlier date is kept."""
    data = _text_path(config, path).read_bytes()
    if edit.current(data, "consent.withdrawn") is not None:
        return _act(config, path, "withdraw", by, expected, widens=False, edits=[], participant_only=True)
    return _act(config, path, "withdraw", by, expected, widens=False,
                edits=[edit.Set("consent.withdrawn", on or config.today)], participant_only=True)


def reorder(config: Config, publication: str, order: list[str], *, by: str, expected: str | None = None) -> Result:
    """``texts:`` of publication.yml: the reading order. A file left out is no longer published; a file added
    must pass the check (refused otherwise)."""
    folder = config.texts_path / publication
    path = folder / PUBLICATION_FILE
    if not path.is_file() or "/" in publication or publication.startswith("."):
        available = sorted(p.parent.name for p in config.texts_path.glob(f"*/{PUBLICATION_FILE}"))
        raise HefteError("desk.no-publication", None, 0, publication=publication, available=", ".join(available))
    seen: set[str] = set()
    for name in order:
        problem = ("not-md" if not name.endswith(".md") or "/" in name or "\\" in name or name.startswith(".")
                   else "missing" if not (folder / name).is_file() else "twice" if name in seen else None)
        if problem:
            raise HefteError(f"desk.order-{problem}", path, 0, file=name, folder=publication)
        seen.add(name)
    current = edit.current(path.read_bytes(), "texts", front_matter=False) or []
    return _act(config, path, "order", by, expected, widens=bool(seen - set(current)),
                edits=[edit.Set("texts", list(order))], fields=schema.PUBLICATION)


# --- the one way they all work ------------------------------------------------------------------------------


def _act(config: Config, path: Path, action: str, by: str, expected: str | None, *, widens: bool,
         edits: list, fields: dict | None = None, participant_only: bool = False) -> Result:
    by = (by or "").strip()
    if not by or len(by) > 40 or "\n" in by:
        raise HefteError("desk.no-by", None, 0)
    whole_yaml = fields is schema.PUBLICATION
    path = path.resolve() if whole_yaml else _text_path(config, path)
    with private.locked(config):
        data = path.read_bytes()
        before = edit.sha256(data)
        if expected and expected != before:
            raise Conflict("desk.conflict", path, 0)
        if participant_only and edit.current(data, "role") == "editorial":
            raise HefteError("desk.editorial-withdraw" if action == "withdraw" else "desk.editorial-consent", path, 0)
        try:
            new = edit.edit_yaml_file(data, edits, fields) if whole_yaml else edit.edit_front_matter(data, edits)
        except edit.EditRefused as exc:
            raise HefteError(exc.code, path, exc.line, **{"file": private.relative(config, path), **exc.params}) from None
        if new == data:
            return Result(path, before, None)
        consequences = _new_errors(config, path, new)
        if consequences and widens:
            raise Refused(path, consequences)
        changes = {e.key: [edit.current(data, e.key, front_matter=not whole_yaml),
                           None if isinstance(e, edit.Delete) else e.value] for e in edits}
        changes = {k: v for k, v in changes.items() if v[0] != v[1]}
        entry = log.Entry(action=action, by=by, file=private.relative(config, path), changes=changes,
                          sha256_before=before, sha256_after=edit.sha256(new),
                          text=None if whole_yaml else f"{path.parent.name}/{path.stem}")
        write_atomically(path, new)
        try:
            log.append(config, entry)
        except BaseException:
            write_atomically(path, data)  # nothing may change without a record of it
            raise
    return Result(path, entry.sha256_after, entry, consequences)


def _text_path(config: Config, path: Path) -> Path:
    resolved = Path(path).resolve()
    if not (resolved.suffix == ".md" and resolved.is_file() and resolved.is_relative_to(config.texts_path)
            and (resolved.parent / PUBLICATION_FILE).is_file()):
        raise HefteError("desk.not-a-text", None, 0, file=str(path), texts=config.texts_dir)
    return resolved


def _new_errors(config: Config, path: Path, new: bytes) -> list[Finding]:
    """Errors ``hefte check`` would report with ``new`` in place of the file, and does not report now."""
    from ..guard.check import check_project
    from ..guard.plan import make_plan

    def errors(project) -> list[Finding]:
        return check_project(project, config, make_plan(project, config.today)).errors

    def in_order(project) -> set[str]:
        return {str((pub.folder / name).resolve()) for pub in project.publications for name in pub.text_files}

    def counted(project) -> Counter:
        # check reports a text outside the order too. An error is new if this file did not have it before, or
        # had it only outside the order: a broken text added to the order brings its errors in, and approving a
        # text not yet in the order without its consent form is refused as it would be in the order.
        listed = in_order(project)
        return Counter((_where(f), f.code, _where(f) in listed) for f in errors(project))

    before = counted(load_project(config))
    candidate = load_project(config)
    _replace(candidate, path, new)
    found = []
    listed = in_order(candidate)
    for finding in errors(candidate):
        key = (_where(finding), finding.code, _where(finding) in listed)
        if before[key]:
            before[key] -= 1
        else:
            found.append(finding)
    return found


def _replace(project, path: Path, new: bytes) -> None:
    """Put the edited file's contents into a loaded project, as if it had been saved."""
    findings = Findings()
    if path.name == PUBLICATION_FILE:
        index = next(i for i, p in enumerate(project.publications) if p.folder == path.parent)
        publication = load_publication(path.parent, findings, data=new)
        drop = lambda f: f.path is not None and Path(f.path).resolve().is_relative_to(path.parent)  # noqa: E731
        project.publications[index:index + 1] = [publication] if publication else []
    else:
        publication = next((p for p in project.publications if p.folder == path.parent), None)
        texts = next((texts for texts in ((publication.texts, publication.unlisted) if publication else ())
                      if any(t.source.path == path for t in texts)), None)
        if texts is None:
            return  # a file that could not be read before: check reads it from disk, as it is
        old = next(t for t in texts if t.source.path == path)
        text = load_text(path, publication, old.order, findings, data=new)
        texts[texts.index(old):texts.index(old) + 1] = [text] if text else []
        drop = lambda f: f.path is not None and Path(f.path).resolve() == path  # noqa: E731
    project.findings[:] = [f for f in project.findings if not drop(f)] + list(findings)


def _where(finding: Finding) -> str:
    return str(Path(finding.path).resolve()) if finding.path else ""
