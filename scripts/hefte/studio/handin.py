"""A participant's answers -> a checked text, where it would go, and at «Send inn» the files on disk.

The studio decides nothing itself: the checks are `hefte check`'s (intake/submit.py -> guard/check.py), where
a text and its photo would go is the policy's answer through the plan (submit.outlook), and the file is the one
``hefte new`` writes (intake/compose.py). This module only turns form answers into those calls, and findings
back into messages next to the form field they are about.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from .. import messages
from ..config import Config
from ..findings import Findings
from ..guard.plan import Plan, PlannedText
from ..intake import enrol, submit
from ..intake.compose import Answers, PhotoAnswers
from ..intake.load import load_project
from ..model import Contributor, Project, Publication, Text
from ..render import images
from . import access
from .drafts import Draft

YES_NO = {"ja": True, "nei": False}
RECOGNISABLE = {"ja": True, "nei": False, "vet-ikke": None}

# Front-matter key (or its prefix) -> the form field a finding about it belongs to.
FIELD_OF_KEY = {
    "title": "title", "lang": "lang", "genre": "genre", "byline": "byline", "display_name": "shown_name",
    "consent.web": "web", "consent.print": "print", "photos.0.alt": "photo_alt", "photos.0.credit": "photo_credit",
    "photos.0.shows_writer": "photo_recognisable", "photos.0.consent.web": "photo_web",
    "photos.0.consent.print": "photo_print", "photos.0.file": "photo", "photos": "photo",
}


@dataclass
class Outcome:
    """What the checks and the policy say about a draft."""

    text: Text | None
    findings: Findings
    project: Project | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    """Form field -> messages; ``""`` for messages about the whole text."""
    warnings: list[str] = field(default_factory=list)
    plan: Plan | None = None
    """The policy's answer, as a plan holding only this text as it will be once approved."""

    @property
    def planned(self) -> PlannedText | None:
        return self.plan.publications[0].texts[0] if self.plan else None

    @property
    def ok(self) -> bool:
        return not self.errors


def full_name(project: Project, contributor: str | None, fields: dict) -> str:
    if contributor and contributor in project.register.contributors:
        names = project.register.contributors[contributor].names
        if names:
            return names[0]
    return (fields.get("name") or "").strip()


def display_name(byline: str | None, fields: dict, name: str) -> str | None:
    """The name readers see, from her choice: her full name, her first name, a made-up name, or none."""
    shown = (fields.get("shown_name") or "").strip()
    if byline == "named":
        return name or None
    if byline == "first-name":
        return shown or (name.split()[0] if name.split() else None)
    if byline == "pseudonym":
        return shown or None
    return None


def answers(fields: dict, contributor: str, name: str, photo: str | None) -> Answers:
    byline = fields.get("byline") or None
    a = Answers(
        title=fields.get("title"), lang=fields.get("lang") or "nb", genre=fields.get("genre") or "prose",
        contributor=contributor, byline=byline, display_name=display_name(byline, fields, name),
        web=YES_NO.get(fields.get("web")), print=YES_NO.get(fields.get("print")),
        body=fields.get("body") or "",
    )
    if photo:
        a.photos.append(PhotoAnswers(
            photo, alt=fields.get("photo_alt"), credit=fields.get("photo_credit"),
            shows_writer=RECOGNISABLE.get(fields.get("photo_recognisable")),
            web=YES_NO.get(fields.get("photo_web")), print=YES_NO.get(fields.get("photo_print"))))
    return a


def stage_photo(draft: Draft, data: bytes, stem: str, received: int | None = None) -> str:
    """Her photo, from its bytes (never its name): inspected, re-encoded without metadata into the stage.
    ``received``: the file's whole size, when only its start was kept (app.py's _CappedFile)."""
    upload = draft.folder / "opplastet-bilde"
    upload.write_bytes(data)
    try:
        staged = submit.stage_photo(upload, draft.stage, stem)
    except images.ImageError as exc:
        exc.params["name"] = "du valgte"  # «Bildet du valgte er …»: not the path where the studio keeps drafts
        if exc.code == "image.too-large" and received:
            exc.params["size_mb"] = f"{received / 1e6:.1f}"  # her file's size, not the part that was kept
        raise
    finally:
        upload.unlink(missing_ok=True)
    drop_photos(draft, keep=staged)
    return staged


def drop_photos(draft: Draft, keep: str | None = None) -> None:
    """A draft has one photo: one she replaced or took away is not kept (it is hers to take back, and photo
    after photo under new titles filled the disk)."""
    folder = draft.stage / submit.PHOTO_DIR
    for photo in folder.iterdir() if folder.is_dir() else ():
        if f"{submit.PHOTO_DIR}/{photo.name}" != keep:
            photo.unlink(missing_ok=True)


def _pending(project: Project, contributor: str | None, fields: dict) -> tuple[str, Contributor | None]:
    """Her contributor id; a new writer gets the next free id for the check (enrol assigns it on sending)."""
    if contributor:
        return contributor, None
    new_id = enrol.next_id(project.register.contributors)
    name = (fields.get("name") or "").strip()
    return new_id, Contributor(new_id, [name] if name else [], (fields.get("contact") or "").strip() or None)


def evaluate(config: Config, draft: Draft, contributor: str | None, lang: str = "nb") -> Outcome:
    """Check the draft as `hefte check` will, and ask the policy where it would go."""
    project = load_project(config)
    pub = submit.find_publication(project, config, draft.publication)
    cid, pending = _pending(project, contributor, draft.fields)
    name = full_name(project, contributor, draft.fields)
    a = answers(draft.fields, cid, name, draft.photo)
    stem = submit.text_stem(pub, a.title)
    text, findings = submit.check(config, project, pub, a, draft.stage, stem, pending=pending)
    outcome = Outcome(text, findings)
    errors, warnings = submit.errors_and_warnings(findings)
    own = [name] if name else []
    # About someone else in the register she hears nothing, not even as a refusal: the editor's check has it.
    for finding in (f for f in errors if access.participant_may_see(f, own)):
        outcome.errors.setdefault(_field_for(text, finding.line), []).append(_participant_message(finding, lang))
    outcome.warnings = [_participant_message(f, lang) for f in warnings
                        if f.code != "consent.contributor-unknown" and access.participant_may_see(f, own)]
    if text is not None:  # the photo waits in the stage: the preview's print layout finds it there
        staged_pub = dataclasses.replace(pub, folder=draft.stage.resolve())
        outcome.project = submit.with_pending(project, config, pending)
        outcome.plan = submit.preview_plan(outcome.project, staged_pub, text, config.today)
    return outcome


def _participant_message(finding, lang: str) -> str:
    if finding.code in access.REGISTER_FINDINGS:  # her own name: say so, not where it was found
        return messages.render("studio.own-name", lang, text=finding.params.get("text", ""))
    return finding.message(lang)


def _field_for(text: Text | None, line: int) -> str:
    if text is None or line == 0:
        return ""
    if line >= text.source.body_line:
        return "body"
    keys = sorted((k for k, at in text.source.lines.items() if at == line), key=len, reverse=True)
    for key in keys:
        for prefix, name in sorted(FIELD_OF_KEY.items(), key=lambda kv: len(kv[0]), reverse=True):
            if key == prefix or key.startswith(prefix + "."):
                return name
    return ""


def hand_in(config: Config, draft: Draft, contributor: str | None) -> tuple[Publication, Path, str]:
    """Write her text (and photo) into the publication, and her name into the register if she is new.

    Returns the publication, the new file and her contributor id. The caller has checked the draft."""
    project = load_project(config)
    pub = submit.find_publication(project, config, draft.publication)
    name = full_name(project, contributor, draft.fields)
    if not contributor:
        contributor = enrol.enrol(config, name, draft.fields.get("contact"))
    a = answers(draft.fields, contributor, name, draft.photo)
    path = submit.save(pub, a, draft.stage, submit.text_stem(pub, a.title))
    return pub, path, contributor
