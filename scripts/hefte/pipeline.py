"""The first three stages in one call (load -> check -> plan), shared by the CLI, build and the MkDocs adapter."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from . import messages
from .guard.check import check_project
from .config import Config, load_config
from .findings import Findings
from .intake.load import load_project
from .model import Project
from .guard.plan import Plan, PublicationPlan, make_plan
from .guard.policy import SCREEN_PDF, Medium


@dataclass
class State:
    config: Config
    project: Project
    findings: Findings
    plan: Plan

    def refusal(self, lang: str = "nb") -> str:
        return messages.render("build.check-failed", lang, count=len(self.findings.errors))


def prepare(root: Path | str | Config = ".") -> State:
    config = root if isinstance(root, Config) else load_config(root)
    project = load_project(config)
    plan = make_plan(project, config.today)
    findings = check_project(project, config, plan)
    return State(config, project, findings, plan)


def screen_texts(pp: PublicationPlan):
    """The screen PDF is downloadable from the website, so a text must be allowed on the web AND in print."""
    return pp.for_medium(*SCREEN_PDF)


def pdf_fingerprint(pp: PublicationPlan, medium: Medium | None) -> str:
    """What a PDF was made from: the texts, their words and the photos allowed. Stale PDFs must not be linked."""
    media = SCREEN_PDF if medium is None else (medium,)
    digest = hashlib.sha256()
    digest.update(Path(pp.publication.source.path).read_bytes())
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
