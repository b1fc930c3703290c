"""The editors' overview: every text with its review state, where it goes and why not, and what to do next.

Where a text or photo goes is read from the plan (the consent policy's decisions), never worked out here.
What this module adds is the editor's to-do list: from the policy's reasons, the review state, check's open
findings and the last build's manifest it names the next step (``steps``), or what the text is waiting for.

    >>> from hefte.desk.status import overview
    >>> ov = overview(prepare(config))          # pipeline.prepare
    >>> [t.id for t in ov.texts() if t.needs_action]
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import edit
from ..findings import Finding, Findings, Severity
from ..guard import policy
from ..guard.plan import PlannedText
from ..guard.policy import SCREEN_PDF, Medium, Reason
from ..intake.load import load_text
from ..model import Consent, Review, ReviewStatus, Text

MESSAGES: dict[str, tuple[str, str]] = {
    "desk.step.unpublish": ("trukket, men ligger fortsatt ute: kjør `hefte build` nå",
                            "withdrawn, but still out there: run `hefte build` now"),
    "desk.step.fix": ("rett feilene (se funn)", "fix the errors (see findings)"),
    "desk.step.review": ("les teksten, og godkjenn den eller be om endringer",
                         "read the text, and approve it or ask for changes"),
    "desk.step.consent": ("gi skribenten samtykkeskjemaet (`hefte samtykke`) og registrer det signerte skjemaet",
                          "give the writer the consent form (`hefte samtykke`) and record the signed form"),
    "desk.step.form-ref": ("skriv inn referansen til det signerte skjemaet (consent.form)",
                           "enter the reference of the signed form (consent.form)"),
    "desk.step.ask-writer": ("spør skribenten om teksten kan på nett og på trykk (samtykkeskjemaet)",
                             "ask the writer whether the text may go on the web and in print (the consent form)"),
    "desk.step.byline": ("avklar hvem som skrev teksten og hvordan hun vil stå oppført",
                         "find out who wrote the text and how she wants to be named"),
    "desk.step.order": ("legg teksten inn i rekkefølgen (`hefte order`), eller la den stå utenfor",
                        "add the text to the order (`hefte order`), or leave it out"),
    "desk.step.order.desk": ("legg teksten inn i rekkefølgen («Legg til sist i rekkefølgen»), eller la den stå utenfor",
                             "add the text to the order («Legg til sist i rekkefølgen»), or leave it out"),
    "desk.step.consent.desk": (
        "gi skribenten samtykkeskjemaet («Lag samtykkeskjema» under «Per skribent») og registrer det signerte "
        "skjemaet («Registrer samtykket»)",
        "give the writer the consent form («Lag samtykkeskjema» under «Per skribent») and record the signed form "
        "(«Registrer samtykket»)"),
    "desk.step.rebuild": ("nettsida og PDF-ene er ikke oppdatert: kjør `hefte build`",
                          "the website and PDFs are out of date: run `hefte build`"),
    "desk.wait.writer": ("venter på skribenten (endringer)", "waiting for the writer (changes)"),
    "desk.wait.draft": ("utkast: skribenten skriver fortsatt", "draft: the writer is still writing"),
    "desk.wait.embargo": ("venter til embargoen går ut {date}", "waiting for the embargo to end on {date}"),
    "desk.wait.consent-date": ("samtykkedatoen {date} er fram i tid", "the consent date {date} is in the future"),
    "desk.state.withdrawn": ("trukket {date}", "withdrawn on {date}"),
    "desk.state.published": ("publiseres", "published"),
    "desk.state.not-listed": ("ikke med i rekkefølgen (texts: i publication.yml)",
                              "not in the order (texts: in publication.yml)"),
    "desk.state.unreadable": ("fila kan ikke leses, så den publiseres ikke", "the file cannot be read, so it is not "
                              "published"),
}

# What the editor must do for each reason the policy gives (the reason is the policy's; the to-do is ours).
_STEP_FOR_REASON = {
    Reason.NO_CONSENT_DATE: "desk.step.consent",
    Reason.CONSENT_NOT_STATED: "desk.step.ask-writer",
    Reason.BYLINE_UNCLEAR: "desk.step.byline",
    Reason.NO_CONTRIBUTOR: "desk.step.byline",
}
ON_THE_DESK = {"desk.step.order": "desk.step.order.desk", "desk.step.consent": "desk.step.consent.desk"}
"""Steps the studio's desk words by its own buttons instead of the terminal command (``hefte order``)."""
_STEP_ORDER = ["desk.step.unpublish", "desk.step.fix", "desk.step.review", "desk.step.consent",
               "desk.step.form-ref", "desk.step.ask-writer", "desk.step.byline", "desk.step.order",
               "desk.step.rebuild"]


@dataclass(frozen=True)
class Where:
    """One medium's answer for a text or photo, as the plan has it."""

    allowed: bool | None
    """True/False as the policy decided; None for a text that is not in the order (the plan never saw it)."""
    reasons: tuple[str, ...] = ()
    """Policy reason codes, with their dates (``policy.embargo|2031-06-01``): messages.render_reason() them."""


@dataclass(frozen=True)
class PhotoStatus:
    file: str
    alt: str | None
    credit: str | None
    web: Where
    print: Where


@dataclass
class TextStatus:
    """One text as the editor sees it."""

    publication: str
    id: str
    path: Path
    file: str
    """Path relative to the project, as the CLI and the log show it."""
    sha256: str
    """Hash of the file as read now: pass it to an action as ``expected``."""
    title: str
    role: str
    contributor: str | None
    byline: str | None
    """How the writer is named: named, first-name, pseudonym, anonymous (None: not stated)."""
    byline_name: str | None
    """The name readers see (the policy's byline_name); None for anonymous or unclear."""
    review: Review
    consent: Consent
    web: Where
    print: Where
    screen_pdf: Where
    """The screen PDF is downloadable from the web: needs web AND print (policy.SCREEN_PDF)."""
    photos: list[PhotoStatus]
    findings: list[Finding]
    """Open errors and warnings of ``hefte check`` for this file (held-back infos are in the reasons)."""
    steps: list[str]
    """What an editor must do next, most urgent first (message codes ``desk.step.*``)."""
    state: str | None
    """What it is waiting for, or where it stands, when there is nothing to do (``desk.wait.*``/``desk.state.*``,
    possibly with ``|date``)."""
    listed: bool = True
    """In publication.yml's ``texts:``; a text outside it is never published."""
    order: int = 0

    @property
    def qualified_id(self) -> str:
        return f"{self.publication}/{self.id}"

    @property
    def needs_action(self) -> bool:
        """«Trenger handling»: there is something an editor must do."""
        return bool(self.steps)

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.findings)


@dataclass
class PublicationStatus:
    id: str
    title: str
    path: Path
    """publication.yml; its ``sha256`` goes to :func:`hefte.desk.actions.reorder` as ``expected``."""
    sha256: str
    texts: list[TextStatus]
    """In reading order, then the texts not in the order."""
    findings: list[Finding] = field(default_factory=list)
    """Open errors and warnings of publication.yml itself."""


@dataclass
class WriterStatus:
    contributor: str | None
    """Register id; None groups the editorial texts."""
    texts: list[TextStatus]

    @property
    def needs_action(self) -> bool:
        return any(t.needs_action for t in self.texts)


@dataclass
class Overview:
    today: date
    publications: list[PublicationStatus]
    built: bool
    """A manifest of the last build was found (so ``desk.step.rebuild`` could be judged)."""

    def texts(self) -> list[TextStatus]:
        return [t for p in self.publications for t in p.texts]

    def writers(self) -> list[WriterStatus]:
        """Per writer, across publications, by register id; editorial texts last."""
        groups: dict[str | None, list[TextStatus]] = {}
        for text in self.texts():
            groups.setdefault(None if text.role == "editorial" else text.contributor, []).append(text)
        keys = sorted((k for k in groups if k is not None)) + ([None] if None in groups else [])
        return [WriterStatus(k, groups[k]) for k in keys]

    def text(self, path: Path) -> TextStatus | None:
        path = Path(path).resolve()
        return next((t for t in self.texts() if t.path == path), None)


def overview(state) -> Overview:
    """The whole desk for a prepared project (``pipeline.prepare``): read-only, writes nothing."""
    config, plan = state.config, state.plan
    published = _last_build(config.print_path)
    by_file: dict[Path, list[Finding]] = {}
    for finding in state.findings:
        if finding.path is not None and finding.severity > Severity.INFO:
            by_file.setdefault(Path(finding.path).resolve(), []).append(finding)
    publications = []
    for pp in plan.publications:
        pub = pp.publication
        rows = [_planned(pt, config, by_file, published) for pt in pp.texts]
        listed = {t.source.path for t in pub.texts}
        for extra in sorted(pub.folder.glob("*.md")):
            if extra.resolve() not in listed:
                rows.append(_unlisted(extra.resolve(), pub, config, by_file, plan.today))
        path = pub.source.path
        publications.append(PublicationStatus(pub.id, pub.title, path, edit.sha256(path.read_bytes()), rows,
                                              by_file.get(path, [])))
    return Overview(plan.today, publications, published is not None)


# --- one text -----------------------------------------------------------------------------------------------


def _planned(pt: PlannedText, config, by_file, published: dict | None) -> TextStatus:
    text, decision = pt.text, pt.decision
    web = Where(decision.web, tuple(policy.reason_codes(decision.reasons(Medium.WEB), text)))
    print_ = Where(decision.print, tuple(policy.reason_codes(decision.reasons(Medium.PRINT), text)))
    screen_reasons = [r for m in SCREEN_PDF for r in decision.reasons(m)]
    screen = Where(decision.allows(*SCREEN_PDF), tuple(dict.fromkeys(policy.reason_codes(screen_reasons, text))))
    photos = [PhotoStatus(p.photo.file, p.photo.alt, p.photo.credit,
                          Where(p.decision.web, tuple(r.value for r in p.decision.reasons(Medium.WEB))),
                          Where(p.decision.print, tuple(r.value for r in p.decision.reasons(Medium.PRINT))))
              for p in pt.photos]
    findings = by_file.get(text.source.path, [])
    row = _row(text, config, findings, web, print_, screen, photos, pt.byline)
    row.steps, row.state = _next(text, decision, findings, published)
    return row


def _unlisted(path: Path, pub, config, by_file, today: date) -> TextStatus:
    """A text in the folder but not in ``texts:`` (e.g. just handed in), or one that could not be read: the plan
    never saw it."""
    found = Findings()
    text = load_text(path, pub, -1, found)
    listed = path.name in pub.text_files
    if text is None:
        # Unreadable (broken front matter, encoding): not published; the editor must see it to repair it.
        known = by_file.get(path, [])
        findings = known + [f for f in found if f.severity > Severity.INFO and f not in known]
        out = Where(False if listed else None, ())
        return TextStatus(
            publication=pub.id, id=path.stem, path=path, file=_shown(path, config), sha256=edit.sha256(path.read_bytes()),
            title=path.name, role="participant", contributor=None, byline=None, byline_name=None, review=Review(),
            consent=Consent(), web=out, print=out, screen_pdf=out, photos=[], findings=list(findings),
            steps=["desk.step.fix"], state="desk.state.unreadable", listed=listed,
            order=pub.text_files.index(path.name) if listed else len(pub.text_files))
    out = Where(None, ())
    photos = [PhotoStatus(p.file, p.alt, p.credit, out, out) for p in text.photos]
    row = _row(text, config, by_file.get(path, []), out, out, out, photos, policy.byline_name(text))
    row.listed = False
    waiting = {ReviewStatus.DRAFT: "desk.wait.draft", ReviewStatus.CHANGES_REQUESTED: "desk.wait.writer"}
    if text.consent.withdrawn is not None:
        row.steps, row.state = [], f"desk.state.withdrawn|{text.consent.withdrawn.isoformat()}"
    elif text.review.status in waiting:
        row.steps, row.state = [], waiting[text.review.status]
    else:
        # What would still hold it back once listed, as the policy answers for the text alone (a text just handed
        # in has no consent recorded yet): those steps first, adding it to the order last.
        decision = policy.decide_text(text, today)
        reasons = {r for m in Medium for r in decision.reasons(m)}
        steps = {_STEP_FOR_REASON[r] for r in reasons if r in _STEP_FOR_REASON}
        if text.review.status in (None, ReviewStatus.SUBMITTED):
            steps.add("desk.step.review")
        row.steps, row.state = _ordered({*steps, "desk.step.order"}), "desk.state.not-listed"
    if row.errors and text.consent.withdrawn is None:
        row.steps = _ordered({"desk.step.fix", *row.steps})  # adding it to the order is refused until then
    return row


def _row(text: Text, config, findings, web, print_, screen, photos, byline_name) -> TextStatus:
    path = text.source.path
    return TextStatus(
        publication=text.publication_id, id=text.id, path=path,
        file=_shown(path, config),
        sha256=edit.sha256(path.read_bytes()), title=text.title, role=text.role.value,
        contributor=text.contributor, byline=text.byline.value if text.byline else None, byline_name=byline_name,
        review=text.review, consent=text.consent, web=web, print=print_, screen_pdf=screen, photos=photos,
        findings=list(findings), steps=[], state=None, order=text.order)


def _shown(path: Path, config) -> str:
    return path.relative_to(config.root).as_posix() if path.is_relative_to(config.root) else str(path)


def _next(text: Text, decision, findings, published: dict | None) -> tuple[list[str], str | None]:
    """The editor's next steps, from the policy's reasons, the review state, check and the last build."""
    steps: set[str] = set()
    reasons = {r for m in Medium for r in decision.reasons(m)}
    before = published.get(text.qualified_id) if published is not None else None
    if published is not None and before is not None and (
            before[0] != decision.web or (before[1] is not None and before[1] != decision.print)):
        still_out = (before[0] and not decision.web) or (before[1] and not decision.print)
        steps.add("desk.step.unpublish" if still_out and Reason.WITHDRAWN in reasons else "desk.step.rebuild")
    elif published is not None and before is None and decision.anywhere:
        steps.add("desk.step.rebuild")
    if any(f.severity is Severity.ERROR for f in findings):
        steps.add("desk.step.fix")  # errors stop every build, even in a withdrawn text
    if text.consent.withdrawn is not None:
        return _ordered(steps), f"desk.state.withdrawn|{text.consent.withdrawn.isoformat()}"
    if text.review.status in (None, ReviewStatus.SUBMITTED):
        steps.add("desk.step.review")
    steps |= {_STEP_FOR_REASON[r] for r in reasons if r in _STEP_FOR_REASON}
    if not text.is_editorial and text.consent.given is not None and not text.consent.form:
        steps.add("desk.step.form-ref")
    state = None
    if text.review.status is ReviewStatus.CHANGES_REQUESTED:
        state = "desk.wait.writer"
    elif text.review.status is ReviewStatus.DRAFT:
        state = "desk.wait.draft"
    elif Reason.EMBARGO in reasons:
        state = f"desk.wait.embargo|{text.consent.publish_after.isoformat()}"
    elif Reason.CONSENT_IN_FUTURE in reasons:
        state = f"desk.wait.consent-date|{text.consent.given.isoformat()}"
    elif decision.anywhere:
        state = "desk.state.published"
    return _ordered(steps), state


def _ordered(steps: set[str]) -> list[str]:
    return [s for s in _STEP_ORDER if s in steps]


def _last_build(print_dir: Path) -> dict | None:
    """From print/manifest.json: text id -> (was on the web, was in the print PDF or None if no PDFs were made)."""
    try:
        manifest = json.loads((print_dir / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    out: dict[str, tuple[bool, bool | None]] = {}
    for pub in manifest.get("publications", []):
        made_pdfs = bool(pub.get("pdfs"))
        for text in pub.get("texts", []):
            in_print = any(str(n).endswith("-trykk.pdf") for n in text.get("pdfs", []))
            out[text["id"]] = (bool(text.get("web")), in_print if made_pdfs else None)
        for text in pub.get("held_back", []):
            out[text["id"]] = (False, False if made_pdfs else None)
    return out
