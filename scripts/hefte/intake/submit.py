"""Hand in a new text: stage its photo, check it as `hefte check` would, see where it would go, save it.

Shared by ``hefte new`` and the studio (``hefte studio``), so both answer the same questions the same way. A
text is checked *before* anything is written: its photo waits, already re-encoded without metadata, in a
staging folder laid out like the publication folder (``<stage>/bilder/…``), and the check runs against that
folder. Only when there is nothing left to fix are the photo and the text written into the publication, each
atomically and never over an existing file. The new text is not in the order (``texts:``) and says
``review.status: submitted`` with no consent date: nothing is published until an editor approves it and
records the signed form.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..config import Config
from ..errors import HefteError
from ..files import write_new_atomically
from ..findings import Findings, Severity
from ..guard.check import check_new_text
from ..guard.plan import Plan, PlannedText, make_plan
from ..guard.policy import Medium, Reason
from ..model import Contributor, Project, Publication, Register, Review, ReviewStatus, Text
from ..render import images
from ..slugs import slugify
from .compose import Answers, compose
from .load import load_text

PHOTO_DIR = "bilder"

MESSAGES: dict[str, tuple[str, str]] = {
    "submit.no-publication": (
        "Fant ikke publikasjonen «{publication}». Tilgjengelige: {available}.",
        "Publication «{publication}» not found. Available: {available}.",
    ),
    "submit.which-publication": (
        "Si hvilken publikasjon teksten hører til. Tilgjengelige: {available}.",
        "Say which publication the text belongs to. Available: {available}.",
    ),
    "submit.photo-not-found": (
        "Finner ikke bildefila «{name}». Sjekk at stien er riktig (dra gjerne fila inn i terminalvinduet).",
        "Cannot find the image file «{name}». Check the path (you can drag the file into the terminal window).",
    ),
    "submit.exists": (
        "{file} finnes allerede. Velg et annet navn; en tekst blir aldri skrevet over.",
        "{file} already exists. Choose another name; a text is never overwritten.",
    ),
    "outlook.text": (
        "Når redaksjonen har godkjent teksten og registrert samtykkeskjemaet: {where}.",
        "Once the editors have approved the text and recorded the consent form: {where}.",
    ),
    "outlook.web-yes": ("på nettsida", "on the website"),
    "outlook.print-yes": ("i det trykte heftet", "in the printed booklet"),
    "outlook.nowhere": ("teksten blir ikke publisert noe sted ({reasons})", "the text is not published anywhere ({reasons})"),
    "outlook.photo-nowhere": ("bildet blir ikke brukt noe sted ({reasons})", "the photo is not used anywhere ({reasons})"),
    "outlook.not-web": ("ikke på nettsida ({reasons})", "not on the website ({reasons})"),
    "outlook.not-print": ("ikke i trykk ({reasons})", "not in print ({reasons})"),
    "outlook.photo": ("Bildet {file}: {where}.", "The photo {file}: {where}."),
    "outlook.your-photo": ("Bildet ditt: {where}.", "Your photo: {where}."),
}


def publication_ids(config: Config) -> list[str]:
    root = config.texts_path
    return sorted(p.name for p in root.iterdir() if (p / "publication.yml").is_file()) if root.is_dir() else []


def find_publication(project: Project, config: Config, pub_id: str | None) -> Publication:
    """The publication a new text goes to; with one publication, that one."""
    available = [p.id for p in project.publications]
    if pub_id is None:
        if len(available) != 1:
            raise HefteError("submit.which-publication", available=", ".join(available) or "-")
        pub_id = available[0]
    pub = project.publication(pub_id)
    if pub is None:
        raise HefteError("submit.no-publication", publication=pub_id, available=", ".join(available) or "-")
    return pub


def text_stem(pub: Publication, title: str | None, wanted: str | None = None) -> str:
    """A file name for a new text from its title, unique in the folder (``regn``, ``regn-2`` …)."""
    base = slugify(wanted or title or "ny-tekst")
    taken = {p.stem for p in pub.folder.glob("*.md")} | {Path(f).stem for f in pub.text_files}
    stem, n = base, 2
    while stem in taken:
        stem, n = f"{base}-{n}", n + 1
    return stem


def stage_photo(source: Path, stage: Path, stem: str) -> str:
    """Inspect a photo and put a metadata-free copy in ``stage/bilder``; return its name in the front matter.

    Raises images.ImageError (format, size, damage) with a message for the writer. The name comes from the
    text, never from the original file: ``IMG_2031.JPG`` or ``C:\\Users\\kari\\…`` is not written anywhere."""
    source = Path(source)
    if not source.is_file():
        raise HefteError("submit.photo-not-found", name=str(source))
    images.inspect(source, source.parent)
    written = images.clean_copy(source, Path(stage) / PHOTO_DIR / f"{stem}.jpg")
    return f"{PHOTO_DIR}/{written.path.name}"


def with_pending(project: Project, config: Config, pending: Contributor | None) -> Project:
    """The project as it will be once a new writer is in the register, so the name checks know her name."""
    if pending is None:
        return project
    register = project.register
    register = Register(register.path or config.register_path, {**register.contributors, pending.id: pending},
                        list(register.deny))
    return dataclasses.replace(project, register=register)


def check(config: Config, project: Project, pub: Publication, answers: Answers, stage: Path, stem: str,
          *, pending: Contributor | None = None) -> tuple[Text | None, Findings]:
    """Load and check the text exactly as `hefte check` will once it is saved (not in the order yet)."""
    findings = Findings()
    staged_pub = dataclasses.replace(pub, folder=Path(stage).resolve())  # its photos wait in the stage
    data = compose(answers).encode("utf-8")
    text = load_text(pub.folder / f"{stem}.md", staged_pub, len(pub.text_files), findings, data=data)
    if text is not None:
        check_new_text(text, staged_pub, with_pending(project, config, pending), config.today, findings)
    return text, Findings(f for f in findings if f.code != "load.text-unlisted")


def as_approved(text: Text, today: date) -> Text:
    """The text as it will be once an editor approves it and records the form: for previews and outlooks only."""
    consent = dataclasses.replace(text.consent, given=text.consent.given or today,
                                  form=text.consent.form or "utkast")
    return dataclasses.replace(text, consent=consent, review=Review(ReviewStatus.APPROVED, "utkast", today))


def preview_plan(project: Project, pub: Publication, text: Text, today: date) -> Plan:
    """The plan of a publication holding only this text, as it will be once approved: the policy decides where
    it and its photos would go. For previews, proofs and outlooks; never for publishing."""
    draft = as_approved(text, today)
    alone = dataclasses.replace(pub, texts=[draft], text_files=[text.source.path.name], unlisted=[])
    return make_plan(dataclasses.replace(project, publications=[alone]), today)


def outlook(project: Project, pub: Publication, text: Text, today: date) -> PlannedText:
    """Ask the policy, through the plan, where the text and its photos would go once approved."""
    return preview_plan(project, pub, text, today).publications[0].texts[0]


def outlook_lines(planned: PlannedText, lang: str = "nb", *, to_writer: bool = False) -> list[str]:
    """Where it would go: the policy's decision and its reasons; ``to_writer`` when the writer herself reads it
    (the studio), not the course leader typing for her (``hefte new``)."""
    from .. import messages
    from ..guard.policy import reason_codes

    def reasons(decision, medium, text):
        return ", ".join(messages.render_reason(code, lang, to_writer=to_writer) for code in reason_codes(
            [r for r in decision.reasons(medium) if r is not Reason.TEXT_HELD_BACK], text))

    def where(decision, text, nowhere="outlook.nowhere"):
        yes = [messages.render(f"outlook.{m.value}-yes", lang) for m in (Medium.WEB, Medium.PRINT)
               if decision.allows(m)]
        if not yes:
            web, prt = reasons(decision, Medium.WEB, text), reasons(decision, Medium.PRINT, text)
            return messages.render(nowhere, lang, reasons=web if web == prt else f"{web}; {prt}")
        no = [messages.render(f"outlook.not-{m.value}", lang, reasons=reasons(decision, m, text))
              for m in (Medium.WEB, Medium.PRINT) if not decision.allows(m)]
        return ", ".join(yes + no)

    lines = [messages.render("outlook.text", lang, where=where(planned.decision, planned.text))]
    for photo in planned.photos:
        # Not the file's name to the writer: it has the text's «-2» when someone else used her title.
        lines.append(messages.render("outlook.your-photo" if to_writer else "outlook.photo", lang,
                                     file=Path(photo.photo.file).name,
                                     where=where(photo.decision, planned.text, "outlook.photo-nowhere")))
    return lines


def save(pub: Publication, answers: Answers, stage: Path, stem: str) -> Path:
    """Write the staged photos, then the text, into the publication folder; never over an existing file."""
    written: list[Path] = []
    try:
        for photo in answers.photos:
            staged = Path(stage) / photo.file
            target = pub.folder / photo.file
            n = 2
            while True:
                try:
                    write_new_atomically(target, staged.read_bytes())
                    break
                except FileExistsError:
                    target = target.with_name(f"{Path(photo.file).stem}-{n}{target.suffix}")
                    n += 1
            photo.file = target.relative_to(pub.folder).as_posix()
            written.append(target)
        content, n = compose(answers).encode("utf-8"), 2
        path = pub.folder / f"{stem}.md"
        while True:  # two writers may hand in the same title at the same moment: the second gets «-2»
            try:
                write_new_atomically(path, content)
                return path
            except FileExistsError:
                if n > 99:
                    raise HefteError("submit.exists", file=str(path)) from None
                path, n = pub.folder / f"{stem}-{n}.md", n + 1
    except BaseException:
        for target in written:  # a photo without its text would be an orphan in bilder/
            target.unlink(missing_ok=True)
        raise


def errors_and_warnings(findings: Findings) -> tuple[list, list]:
    shown = [f for f in findings.sorted() if f.severity is not Severity.INFO]
    return [f for f in shown if f.severity is Severity.ERROR], [f for f in shown if f.severity is Severity.WARNING]
