"""Check stage for the structures of reports and booklets: cross-references, citations, ISBNs, interview
quotes, bylines that only editorial texts may drop, and which quotes each medium will cut.

Read from the source Markdown (what the editor wrote, with file:line), not from rendered output. The render
stage (render/md_blocks.py, render/md_tree.py) reads the same syntax.
"""

from __future__ import annotations

import re

from ..findings import Findings
from ..model import Byline, Project, Publication, Text
from ..render import citations
from ..render.md_blocks import CITE
from ..render.outline import split_label
from . import quotes
from .plan import Plan
from .policy import Medium

LABEL_DEF = re.compile(r"\{#(?P<key>[A-Za-z]+:[\w.-]+)\}")
REFERENCE = re.compile(CITE)
ITEM = re.compile(r"(?:^|[\s;])-?@(?P<key>\w[\w:./-]*?)(?=[,\s;]|$)")
FENCE = re.compile(r"^:::[ \t]*(?P<kind>\S*)", re.M)
FENCE_KINDS = ("sitat", "intervju")

MESSAGES: dict[str, tuple[str, str]] = {
    "structure.byline-none-participant": (
        "`byline: none` er bare for redaksjonelle tekster (litteraturliste, vedlegg). En deltaker velger named, "
        "first-name, pseudonym eller anonymous.",
        "`byline: none` is for editorial texts only (literature list, appendices). A participant chooses named, "
        "first-name, pseudonym or anonymous.",
    ),
    "structure.unknown-reference": (
        "Henvisningen [@{key}] peker ikke på noe: ingen tabell, figur, avsnitt eller tekst har merket {{#{key}}}. "
        "Sjekk stavemåten, eller sett merket etter bildeteksten eller overskriften.",
        "The reference [@{key}] points at nothing: no table, figure, section or text has the label {{#{key}}}. "
        "Check the spelling, or put the label after the caption or heading.",
    ),
    "structure.reference-held-back": (
        "Henvisningen [@{key}] peker på «{title}», som ikke publiseres på {medium}. Der står henvisningen som skrevet.",
        "The reference [@{key}] points at «{title}», which is not published on {medium}. There it stands as written.",
    ),
    "structure.label-twice": (
        "Merket {{#{key}}} står to ganger (også i {other}). Gi hver tabell, figur og hvert avsnitt sitt eget merke.",
        "The label {{#{key}}} is used twice (also in {other}). Give each table, figure and section its own label.",
    ),
    "structure.interview-no-label": (
        "Intervjusitatet mangler hvem som snakker. Skriv for eksempel `::: intervju informant 3, bruker`.",
        "The interview quote does not say who speaks. Write for example `::: intervju informant 3, bruker`.",
    ),
    "structure.unknown-block": (
        "Ukjent blokk `::: {kind}`. Bruk `::: sitat <tekst-id>`, `::: intervju <hvem>` eller `::: {{lang=en}}`.",
        "Unknown block `::: {kind}`. Use `::: sitat <text id>`, `::: intervju <who>` or `::: {{lang=en}}`.",
    ),
    "structure.quote-cut": (
        "Sitatet fra «{source}» holdes tilbake fra {medium}, fordi kilden ikke kan publiseres der. Står setningen som "
        "innleder sitatet utenfor blokken, blir den hengende alene: flytt den inn i blokken som første linje, "
        "`innledning: …`, så følger den sitatet.",
        "The quote from «{source}» is cut from {medium}, because its source cannot be published there. A sentence "
        "introducing the quote outside the block is left hanging: move it into the block as its first line, "
        "`innledning: …`, so it goes with the quote.",
    ),
    "structure.quote-cut-lead-in": (
        "Sitatet fra «{source}» holdes tilbake fra {medium}, fordi kilden ikke kan publiseres der; innledningen i blokken "
        "går ut sammen med det.",
        "The quote from «{source}» is cut from {medium}, because its source cannot be published there; the lead-in "
        "inside the block goes with it.",
    ),
    "structure.isbn": (
        "ISBN-en «{value}» ({key}) er ikke gyldig ({problem}). Sjekk sifrene mot det ISBN-kontoret tildelte.",
        "The ISBN «{value}» ({key}) is not valid ({problem}). Check the digits against the ones assigned.",
    ),
}


def check_structure(project: Project, plan: Plan, findings: Findings) -> None:
    for pub in project.publications:
        _check_isbns(pub, findings)
        labels = _labels(pub, findings)
        works = _bibliography(pub, findings)
        cites: list[tuple[Text, int, str]] = []
        for text in pub.texts:
            _check_byline(text, findings)
            _check_blocks(text, findings)
            cites += _check_references(text, pub, labels, plan, findings)
            _check_quotes_cut(text, pub, plan, findings)
        _check_citations(pub, works, cites, findings)


def _line(text: Text, offset: int) -> int:
    return text.source.body_line + text.body.count("\n", 0, offset)


def _check_byline(text: Text, findings: Findings) -> None:
    if text.byline is Byline.NONE and not text.is_editorial:
        findings.error("structure.byline-none-participant", text.source.path, text.source.line("byline"))


def _check_blocks(text: Text, findings: Findings) -> None:
    for match in FENCE.finditer(text.body):
        kind = match["kind"]
        if kind and kind not in FENCE_KINDS and not kind.startswith("{"):
            findings.warning("structure.unknown-block", text.source.path, _line(text, match.start()), kind=kind)
    for line, label in quotes.interview_labels(text.body):
        if not label:
            findings.error("structure.interview-no-label", text.source.path, text.source.body_line + line - 1)


def _labels(pub: Publication, findings: Findings) -> dict[str, Text]:
    """Every label a reference may point at: the ``{#kind:name}`` written in the texts, and ``kap:<text id>``."""
    found: dict[str, Text] = {}
    for text in pub.texts:
        for prefix in ("kap", "vedlegg"):
            found[f"{prefix}:{text.id}".lower()] = text
    written: set[str] = set()
    for text in pub.texts:
        for match in LABEL_DEF.finditer(text.body):
            key = match["key"].lower()
            if key in written:
                findings.error("structure.label-twice", text.source.path, _line(text, match.start()),
                               key=match["key"], other=found[key].source.path.name)
            written.add(key)
            found[key] = text
    return found


def _check_references(text: Text, pub: Publication, labels: dict[str, Text], plan: Plan,
                      findings: Findings) -> list[tuple[Text, int, str]]:
    """Cross-references are checked here; citations (``[@key]`` without a kind) are returned for the bibliography."""
    cites = []
    planned = plan.planned(text)
    for match in REFERENCE.finditer(text.body):
        line = _line(text, match.start())
        for item in ITEM.finditer(match["body"]):
            key = item["key"]
            if split_label(key) is None:
                cites.append((text, line, key))
                continue
            target = labels.get(key.lower())
            if target is None:
                findings.error("structure.unknown-reference", text.source.path, line, key=key)
                continue
            target_plan = plan.planned(target)
            for medium in (Medium.WEB, Medium.PRINT):
                if planned and planned.decision.allows(medium) and not (target_plan and
                                                                        target_plan.decision.allows(medium)):
                    findings.warning("structure.reference-held-back", text.source.path, line, key=key,
                                     title=target.title, medium=medium.value)
    return cites


def _bibliography(pub: Publication, findings: Findings):
    if not pub.bibliography:
        return None
    try:
        source = citations.load_source(pub.folder, pub.bibliography)
        citations.Citations(pub.folder, pub.bibliography, pub.citation_style, pub.lang)
    except citations.CitationError as exc:
        key = "citation_style" if exc.code == "cite.bad-style" else "bibliography"
        findings.error(exc.code, pub.source.path, pub.source.line(key), **exc.params)
        return None
    return source


def _check_citations(pub: Publication, works, cites: list[tuple[Text, int, str]], findings: Findings) -> None:
    for text, line, key in cites:
        if not pub.bibliography:
            findings.error("cite.no-bibliography", text.source.path, line, key=key)
        elif works is not None and key.lower() not in works:
            findings.error("cite.unknown-key", text.source.path, line, key=key, file=pub.bibliography)
    if cites and pub.bibliography and not any(t.is_literature for t in pub.texts):
        findings.warning("cite.no-list", pub.source.path, pub.source.line("bibliography"))


def _check_quotes_cut(text: Text, pub: Publication, plan: Plan, findings: Findings) -> None:
    """Which quotes each medium will leave out, so the editor can see what the text reads like without them."""
    planned = plan.planned(text)
    if planned is None:
        return
    for quote in quotes.find_quotes(text.body):
        source = plan.project.find_text(quote.ref, context=pub)
        if source is None or source is text:
            continue  # check.check_quotes reports these
        for medium in (Medium.WEB, Medium.PRINT):
            if planned.decision.allows(medium) and plan.may_quote(quote.ref, pub, medium) is None:
                code = "structure.quote-cut-lead-in" if quote.lead_in else "structure.quote-cut"
                findings.info(code, text.source.path, text.source.body_line + quote.line - 1, source=source.title,
                              medium=medium.value)


def _check_isbns(pub: Publication, findings: Findings) -> None:
    for key, value in (("isbn.print", pub.isbn_print), ("isbn.pdf", pub.isbn_pdf)):
        if not value:
            continue
        from stdnum import isbn  # here: python-stdnum takes 13 ms to import, and most booklets have no ISBN

        try:
            isbn.validate(value)
        except Exception as exc:  # stdnum's InvalidChecksum, InvalidLength, InvalidFormat …
            findings.error("structure.isbn", pub.source.path, pub.source.line(key), key=key, value=value,
                           problem=type(exc).__name__)
