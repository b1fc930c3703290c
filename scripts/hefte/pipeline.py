"""The first three stages in one call (load -> check -> plan), shared by the CLI, build and the MkDocs adapter."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import messages
from .guard.check import check_project, report_held_back
from .guard.scan_memo import ScanMemo
from .config import Config, load_config
from .findings import Finding, Findings
from .intake.load import load_project
from .model import Project
from .guard.plan import Plan, PublicationPlan, make_plan
from .guard.policy import SCREEN_PDF, Medium


MESSAGES = {
    "policy.has-errors": ("teksten har feil som må rettes (se over)", "the text has errors to fix (see above)"),
    "build.partial": (
        "{count} {count:tekst|tekster} er holdt tilbake fordi {count:den|de} har feil, og er ikke publisert noe sted: "
        "{files}. Resten er publisert. Rett feilene over og kjør `hefte build` igjen (`--strict` stopper hele "
        "byggingen ved feil).",
        "{count} {count:text|texts} held back because of errors, published nowhere: {files}. The rest is published. "
        "Fix the errors above and run `hefte build` again (`--strict` stops the whole build on any error).",
    ),
}


@dataclass
class State:
    config: Config
    project: Project
    findings: Findings
    plan: Plan
    held_back_files: list[Path] = field(default_factory=list)
    """Texts held back because check found errors in their own file (partial build); empty in strict mode."""

    def blocking_errors(self) -> list[Finding]:
        """Errors that stop the build: all of them, except those confined to a held-back text's own file."""
        held = set(self.held_back_files)
        return [f for f in self.findings.errors if f.path is None or Path(f.path).resolve() not in held]

    def refusal(self, lang: str = "nb") -> str:
        return messages.render("build.check-failed", lang, count=len(self.blocking_errors()))


def held_back_message(files: list[str], lang: str) -> str:
    """What a build says of the texts it held back for their own errors, in the right number."""
    return messages.render("build.partial", lang, count=len(files), files=", ".join(files))


def prepare(root: Path | str | Config = ".", *, strict: bool = False) -> State:
    """Load, check and plan. Unless ``strict``, a text whose own file has errors is held back through the
    policy (Reason.HAS_ERRORS) and the rest can still be published; errors anywhere else still stop a build."""
    config = root if isinstance(root, Config) else load_config(root)
    project = load_project(config)
    plan = make_plan(project, config.today)
    memo = ScanMemo(config.root)  # the readings of words that did not change since the last run
    findings = check_project(project, config, plan, memo)
    memo.save()
    held = [] if strict else _texts_with_errors(project, findings)
    if held:
        for pub in project.publications:
            for text in pub.texts:
                text.has_errors = text.source.path.resolve() in held
        # Plan again, so every output (site, PDFs, quotes, manifest, verify) sees the policy's new decision.
        plan = make_plan(project, config.today)
        findings = Findings([f for f in findings if not f.code.startswith("policy.")] + report_held_back(plan))
    return State(config, project, findings, plan, held)


def _texts_with_errors(project: Project, findings: Findings) -> list[Path]:
    """Text files that have errors of their own: listed in a publication, or in its folder and not yet in the
    order (checked all the same, published never). A text that could not be loaded at all is not in the model,
    so it is published nowhere already; it is named here so the build says so."""
    own = {(pub.folder / name).resolve() for pub in project.publications for name in pub.text_files}
    own |= {md.resolve() for pub in project.publications for md in pub.folder.glob("*.md")}
    return sorted({Path(f.path).resolve() for f in findings.errors if f.path is not None}
                  & own)


def screen_texts(pp: PublicationPlan):
    """The screen PDF is downloadable from the website, so a text must be allowed on the web AND in print."""
    return pp.for_medium(*SCREEN_PDF)


def pdf_fingerprint(pp: PublicationPlan, medium: Medium | None) -> str:
    """What a PDF was made from: the texts, their words and the photos allowed. Stale PDFs must not be linked."""
    media = SCREEN_PDF if medium is None else (medium,)
    digest = hashlib.sha256()
    pub = pp.publication
    digest.update(Path(pub.source.path).read_bytes())
    for extra in (pub.bibliography, pub.citation_style):  # the citations and the literature list come from these
        if extra and (pub.folder / extra).is_file():
            digest.update((pub.folder / extra).read_bytes())
    for pt in pp.for_medium(*media):
        digest.update(pt.text.qualified_id.encode())
        digest.update(Path(pt.text.source.path).read_bytes())
        for photo in pt.photos_for(*media):
            digest.update(photo.file.encode())
    return digest.hexdigest()


def current_pdfs(state: State) -> dict[str, Path]:
    """Screen PDFs in print/ whose sidecar fingerprint matches today's plan (others are stale: not linked)."""
    found = {}
    for pp in state.plan.publications:
        pdf = state.config.print_path / f"{pp.publication.id}.pdf"
        sidecar = pdf.with_suffix(".json")
        if not (pdf.is_file() and sidecar.is_file()):
            continue
        try:
            recorded = json.loads(sidecar.read_text("utf-8")).get("fingerprint")
        except (OSError, ValueError):
            continue
        if recorded == pdf_fingerprint(pp, None):
            found[pp.publication.id] = pdf
    return found
