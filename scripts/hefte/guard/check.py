"""Check stage: consent logic, photos, quotes, text hygiene and personal data, as findings with file:line.

Schema and encoding problems are found while loading (load.py); this module looks at what the loaded
model means. Errors stop the build; warnings and infos are for the editor.
"""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

from . import acknowledge, heldback, pii, policy, quotes, scan_memo, structure
from .scan_memo import ScanMemo
from .normalise import key as _key
from ..render import images
from ..config import Config
from ..findings import Findings, Severity
from ..model import Byline, Project, Publication, ReviewStatus, Text
from .plan import Plan, make_plan
from .policy import Medium

_LOOKS_LIKE_NAME = re.compile(r"\s|^[A-ZÆØÅ]")


def check_project(project: Project, config: Config, plan: Plan | None = None, memo: ScanMemo | None = None
                  ) -> Findings:
    """All findings for a loaded project: those from loading plus everything here. ``memo``: the readings of
    texts' words kept from the last run (scan_memo.py)."""
    findings = Findings(project.findings)
    plan = plan or make_plan(project, config.today)
    _check_register_not_committed(project, config, findings)
    named = named_writers(plan)
    shown = _shown_bylines(plan)
    # Held-back words against every published word: built once, asked per text, page and field.
    indexes = heldback.build_indexes(plan, (heldback.WEB, heldback.PRINT))
    docs = heldback.docs_places(config.root / config.docs_dir)
    heldback.check_places(docs, indexes, (heldback.WEB,), findings, config.root)
    check_places_personal_data(docs, project, findings, named, shown)
    for pub in project.publications:
        _check_publication(pub, findings)
        fields = heldback.publication_places(pub)
        heldback.check_places(fields, indexes, (heldback.WEB, heldback.PRINT), findings, config.root)
        check_places_personal_data(fields, project, findings, named, shown)
        for text in pub.texts:
            planned = plan.planned(text)
            if planned is not None:
                heldback.check_text(planned, plan, indexes, findings, config.root)
            check_text(text, pub, project, config.today, findings, named, published=_published(plan, text),
                       shown=shown, memo=memo)
        # Not in the order yet, so never published: the same checks, with names as warnings (like drafts).
        for text in pub.unlisted:
            check_text(text, pub, project, config.today, findings, named, published=False, shown=shown, memo=memo)
    structure.check_structure(project, plan, findings)
    findings.extend(report_held_back(plan))
    # Editors may acknowledge a personal-data finding; the acknowledgement dies when the line changes.
    return acknowledge.apply(findings, project)


def check_text(text: Text, pub: Publication, project: Project, today: date, findings: Findings, named: set[str],
               *, published: bool, shown: frozenset[str] = frozenset(), memo: ScanMemo | None = None) -> None:
    """Every check of one text: what `hefte check` runs per text, and what the studio runs before saving one."""
    if text.byline is Byline.FIRST_NAME and policy.byline_name(text):
        # Her first name under her own text is what she chose readers see, published yet or not: not a secret
        # in it (her full name, or her first name under a made-up name, still is).
        shown = shown | {_key(policy.byline_name(text))}
    check_consent(text, project, today, findings)
    check_photos(text, pub, findings)
    check_quotes(text, pub, project, findings)
    check_hygiene(text, findings, memo)
    check_body(text, pub, findings)
    check_personal_data(text, project, findings, named, published=published, shown=shown, memo=memo)


def check_new_text(text: Text, pub: Publication, project: Project, today: date, findings: Findings) -> Findings:
    """Check a text that is not saved yet (``hefte new``, the studio), as `hefte check` would once it is saved:
    not in the order, so not published. ``findings`` holds what loading it found."""
    plan = make_plan(project, today)
    check_text(text, pub, project, today, findings, named_writers(plan), published=False, shown=_shown_bylines(plan))
    return findings


def _check_publication(pub: Publication, findings: Findings) -> None:
    if pub.cover.image:
        _check_image(pub.cover.image, pub, pub.source.path, pub.source.line("cover.image"), findings)
        if not pub.cover.alt:
            findings.error("photo.no-alt", pub.source.path, pub.source.line("cover"), key="cover.alt")
    if not pub.texts and not findings.has_errors():
        findings.warning("load.no-texts-in-publication", pub.source.path, pub.source.line("texts"))


def check_consent(text: Text, project: Project, today: date, findings: Findings) -> None:
    path, src = text.source.path, text.source
    if text.is_editorial:
        if not text.display_name and text.byline is not Byline.NONE:
            findings.error("consent.editorial-no-name", path, src.line("display_name"))
        _check_review(text, findings)
        return
    if text.byline is None:
        if not _already_said(findings, path, "byline"):
            findings.error("consent.byline-missing", path, src.line("byline"))
    elif text.byline is Byline.ANONYMOUS and text.display_name:
        findings.error("consent.anonymous-with-name", path, src.line("display_name"), name=text.display_name)
    elif text.byline is not Byline.ANONYMOUS and not text.display_name:
        findings.error("consent.name-missing", path, src.line("byline"), byline=text.byline.value)
    elif text.byline is Byline.FIRST_NAME and len(text.display_name.split()) > 1:
        findings.warning("consent.first-name-has-space", path, src.line("display_name"), name=text.display_name)
    if not text.contributor:
        if not _already_said(findings, path, "contributor"):
            findings.error("consent.contributor-missing", path, src.line("contributor"))
    elif _LOOKS_LIKE_NAME.search(text.contributor):
        findings.error("consent.contributor-is-name", path, src.line("contributor"), got=text.contributor)
    elif project.register.available and text.contributor not in project.register.contributors:
        findings.warning("consent.contributor-unknown", path, src.line("contributor"), id=text.contributor)
    c = text.consent
    approved = text.review.status is ReviewStatus.APPROVED
    if approved and c.given is None and not _already_said(findings, path, "consent.given"):
        findings.error("consent.approved-without-date", path, src.line("consent.given"))
    if approved:
        for key in ("web", "print"):
            if getattr(c, key) is None and not _already_said(findings, path, f"consent.{key}"):
                findings.error("consent.approved-unstated", path, src.line(f"consent.{key}"), key=f"consent.{key}")
    if c.given is not None and not c.form:
        findings.warning("consent.no-form", path, src.line("consent.form"))
    if policy.consent_in_future(c.given, today):
        findings.warning("consent.given-in-future", path, src.line("consent.given"), date=c.given.isoformat())
    if c.withdrawn is not None and c.given is not None and c.withdrawn < c.given:
        findings.warning("consent.withdrawn-before-given", path, src.line("consent.withdrawn"))
    _check_review(text, findings)


def _already_said(findings: Findings, path, key: str) -> bool:
    """Whether reading the file already gave an error for ``key``: a value that is not a date, true/false or one
    of the choices (``web: ja``, ``byline: psevdonym``), or a misspelt key that means it (``consnet:``). «Approved,
    but … is not filled in» on top of that would be a second error for the same slip, on another line and first in
    the list. Asked only when the value is missing, so a clean text never pays for the walk."""
    for f in findings:
        if f.path != path or f.code not in ("schema.bool-word", "schema.type", "schema.date", "schema.choice",
                                            "schema.choice-hint", "schema.date-norwegian", "schema.unknown-key-hint"):
            continue
        said = f.params.get("hint") if f.code == "schema.unknown-key-hint" else f.params.get("key")
        if said and (key == said or key.startswith(f"{said}.")):
            return True
    return False


def _check_review(text: Text, findings: Findings) -> None:
    if text.review.status is None:
        findings.warning("review.missing", text.source.path, text.source.line("review"))
    elif text.review.status is ReviewStatus.APPROVED and not (text.review.by and text.review.date):
        findings.warning("review.approved-incomplete", text.source.path, text.source.line("review.status"))


def check_photos(text: Text, pub: Publication, findings: Findings) -> None:
    for photo in text.photos:
        line = text.source.line(photo.key)
        if not photo.alt:
            findings.error("photo.no-alt", text.source.path, line, key=f"{photo.key}.alt")
        if photo.credit is None:
            findings.warning("photo.no-credit", text.source.path, line, key=f"{photo.key}.credit")
        # Whether it shows the writer matters only where it may go: a photo with no yes goes nowhere.
        may_go = photo.consent.web is True or photo.consent.print is True
        if text.byline is Byline.ANONYMOUS and photo.shows_writer is None and may_go:
            findings.warning("photo.shows-writer-unset", text.source.path, line, key=f"{photo.key}.shows_writer")
        if text.byline is Byline.PSEUDONYM and not text.is_editorial and photo.shows_writer is not False and may_go:
            findings.append(acknowledge.face_finding(text, photo))
        if photo.file:
            _check_image(photo.file, pub, text.source.path, text.source.line(f"{photo.key}.file"), findings)


def _check_image(name: str, pub: Publication, path: Path, line: int, findings: Findings) -> None:
    if "://" in name or Path(name).is_absolute():
        findings.error("image.outside", path, line, file=name)
        return
    try:
        images.inspect(pub.folder / name, pub.folder)
    except images.ImageError as exc:
        findings.error(exc.code, path, line, **{"file": name, **exc.params})


def check_quotes(text: Text, pub: Publication, project: Project, findings: Findings) -> None:
    body_line = text.source.body_line
    for line in quotes.unclosed_quotes(text.body):
        findings.error("quote.unclosed", text.source.path, body_line + line - 1)
    for quote in quotes.find_quotes(text.body):
        line = body_line + quote.line - 1
        source = project.find_text(quote.ref, context=pub)
        if source is None:
            findings.error("quote.unknown-source", text.source.path, line, ref=quote.ref)
            continue
        if source is text:
            findings.error("quote.self", text.source.path, line, ref=quote.ref)
            continue
        missing = quotes.matches_source(quote.words, source.body)
        if missing is not None:
            findings.error("quote.not-in-source", text.source.path, line, ref=quote.ref, words=missing[:60])


_MD_TARGET = re.compile(r"(?P<bang>!?)\[[^\]\n]*\]\(\s*<?(?P<url>[^)\s>]+)")
_HTML_TARGET = re.compile(r"\b(?P<attr>src|href)\s*=\s*[\"']?(?P<url>[^\"'\s>]+)", re.I)
_RAW_TAG = re.compile(r"<\s*(script|iframe|object|embed|style|form|input|img|svg|math|link|meta|base|[a-z]+[^>]*\son\w+\s*=)",
                      re.I)


MAX_NESTING = 40
"""Quotes in quotes, lists in lists and HTML elements in one another, together. A real text uses a handful; a
few hundred overflowed Python's recursion in the layout, and one such text stopped the whole PDF stage."""
_QUOTE_LEAD = re.compile(r"^[ \t>]*")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])(?:[ \t]|$)")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*?(/?)>")
_VOID = {"br", "hr", "img"}


def nesting(body: str) -> tuple[int, int]:
    """How deep the body nests at most, and the body's line (1-based) where it does. Read from the source, on
    the high side: the quote marks and list indentation of a line, plus the HTML elements still open there (of
    those the sanitiser keeps: «<ler>» in a chat log is removed, and nests nothing)."""
    from ..render.text import ALLOWED_TAGS

    deepest, at, open_tags = 0, 1, []
    for number, line in enumerate(body.split("\n"), 1):
        lead = _QUOTE_LEAD.match(line)[0]
        indent = len(lead.rpartition(">")[2].expandtabs(4))
        depth = lead.count(">") + (indent // 2 + 1 if _LIST_ITEM.match(line[len(lead):]) else 0)
        html = len(open_tags)
        for tag in _TAG.finditer(line):
            closing, name, self_closing = tag[1], tag[2].lower(), tag[3]
            if closing and name in open_tags:
                del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name):]
            elif not closing and not self_closing and name in ALLOWED_TAGS and name not in _VOID:
                open_tags.append(name)
                html = max(html, len(open_tags))
        if depth + html > deepest:
            deepest, at = depth + html, number
    return deepest, at


MAX_BRACKET_SCAN = 5_000_000
"""Characters Markdown reads looking for the «]» of every «[» in one paragraph (about 0.7 s). A paragraph with
dozens of links or citations reads a few thousand; thousands of unclosed «[» read billions: hours."""
_BLOCK = re.compile(r"\n[ \t]*\n")
_BRACKET = re.compile(r"\\.|[\[\]]", re.S)
"""A bracket, or an escaped character (``\\[`` opens nothing)."""


def bracket_scan(body: str) -> tuple[int, int]:
    """The most characters one paragraph makes Markdown read to find «]» after «[» (from each «[» to its «]»,
    or to the paragraph's end), and the body's line (1-based) where that paragraph starts."""
    most, at, start = 0, 1, 0
    for gap in [*_BLOCK.finditer(body), None]:
        end = gap.start() if gap else len(body)
        opened, scan = [], 0
        # only brackets and escapes matter: looked for by `re`, not letter by letter in Python (8x faster)
        for mark in _BRACKET.finditer(body, start, end):
            if mark[0] == "[":
                opened.append(mark.start())
            elif mark[0] == "]" and opened:
                scan += mark.start() - opened.pop()
        scan += sum(end - i for i in opened)
        if scan > most:
            most, at = scan, body.count("\n", 0, start) + 1
        start = gap.end() if gap else end
    return most, at


def check_body(text: Text, pub: Publication, findings: Findings) -> None:
    """Links and images in the body: nothing may point outside the publication or run code; and no structure
    deeper than the layout can take."""
    body_line = text.source.body_line
    path = text.source.path
    depth, at = nesting(text.body)
    if depth > MAX_NESTING:
        findings.error("body.too-deep", path, body_line + at - 1, depth=depth, limit=MAX_NESTING)
    scan, at = bracket_scan(text.body)
    if scan > MAX_BRACKET_SCAN:
        findings.error("body.brackets", path, body_line + at - 1)
    for match in _RAW_TAG.finditer(text.body):
        line = body_line + text.body.count("\n", 0, match.start())
        findings.warning("html.raw", path, line, tag=match.group(0)[:30])
    targets = [(m.start(), bool(m["bang"]), m["url"]) for m in _MD_TARGET.finditer(text.body)]
    targets += [(m.start(), m["attr"].lower() == "src", m["url"]) for m in _HTML_TARGET.finditer(text.body)]
    for start, is_image, url in targets:
        line = body_line + text.body.count("\n", 0, start)
        lowered = url.strip().lower()
        if lowered.startswith(("javascript:", "vbscript:", "data:text")):
            findings.error("link.script", path, line, url=url[:60])
        elif lowered.startswith("file:") or url.startswith(("/", "\\")) or (
                "://" not in url and not lowered.startswith(("mailto:", "#", "tel:"))
                and not (pub.folder / url.split("#")[0]).resolve().is_relative_to(pub.folder)):
            findings.error("link.outside", path, line, url=url[:60])
        elif is_image and lowered.startswith(("http:", "https:", "//")):
            findings.error("link.remote-image", path, line, url=url[:60])
        elif is_image and url.strip().removeprefix("./") not in {p.file for p in text.photos}:
            # An image of the text's own photos (with alt and consent) is placed as a figure; others are not shown.
            findings.warning("image.inline", path, line, url=url[:60])


_FOREIGN_BLOCK = re.compile(r"^:::[ \t]*\{\s*lang\s*=\s*[\"']?(?!nb\b|nn\b|no\b)[^}]*\}[ \t]*\n(?P<inside>.*?)^:::[ \t]*$",
                            re.M | re.S)
_FOREIGN_SPAN = re.compile(r"\[[^\[\]\n]+\]\{\s*lang\s*=\s*[\"']?(?!nb\b|nn\b|no\b)[^}]*\}")


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match[0])  # keeps every line where it was, so findings keep their line numbers


def check_hygiene(text: Text, findings: Findings, memo: ScanMemo | None = None) -> None:
    # Quote openers name text ids ("::: sitat paa-bussen"), not words; they are not the writer's prose.
    body = quotes.OPEN_WITHOUT_CLOSE.sub("", text.body)
    # An English abstract has no æ, ø or å, and its words are not Norwegian words with letters lost.
    body = _FOREIGN_SPAN.sub(_blank, _FOREIGN_BLOCK.sub(_blank, body))
    for issue in scan_memo.read(memo, "damage.find_damage", body, text.lang, text.genre.value, text.source.body_line):
        findings.add(issue.code, Severity.of(issue.severity), text.source.path, issue.line, **issue.params)


def _published(plan: Plan, text: Text) -> bool:
    planned = plan.planned(text)
    return planned is not None and planned.decision.anywhere


def check_personal_data(text: Text, project: Project, findings: Findings, named: set[str], *,
                        published: bool = True, shown: frozenset[str] = frozenset(), memo: ScanMemo | None = None
                        ) -> None:
    """Personal data in the body, title and photo fields; the writer's own real name when not named.

    A name in a text that is published stops the build (verify would stop it later anyway); in a draft or
    held-back text it is a warning, so editors can work on it before it is approved. A first name alone is a
    warning that needs an acknowledgement: verify refuses it without one. ``shown``: bylines readers see anyway
    (a first-name byline «Kari» is no secret), as normalise.key."""
    name_severity = Severity.ERROR if published else Severity.WARNING
    body_line = text.source.body_line
    for hit in scan_memo.read(memo, "pii.scan", text.body):
        severity = Severity.ERROR if hit.kind == "fnr" else Severity.WARNING
        findings.add(f"pii.{hit.kind}", severity, text.source.path,
                     body_line + pii.line_of(text.body, hit.start) - 1, text=_mask(hit), detail=hit.detail)
    if not text.is_editorial:
        indirect = scan_memo.read(memo, "pii.find_indirect_identifiers", text.body)
        if indirect is not None:
            findings.warning("pii.indirect", text.source.path,
                             body_line + pii.line_of(text.body, indirect.start) - 1, text=indirect.text,
                             detail=indirect.detail)
    register = project.register
    if not register.available:
        return
    secret = _secret_names(project, text, named)
    everyone = (*register.deny, *(n for c in register.contributors.values() for n in c.names))
    if not secret:
        return
    fields = [("title", text.title), ("display_name", text.display_name or ""), ("lead", text.lead or ""),
              ("photo_credit", text.photo_credit or "")]
    for photo in text.photos:
        fields += [(f"{photo.key}.alt", photo.alt or ""), (f"{photo.key}.credit", photo.credit or ""),
                   (f"{photo.key}.file", photo.file.replace("-", " ").replace("_", " "))]
    for key, value in fields:
        for hit in _names(value, secret, shown, everyone):
            # Published images get hashed names, so an original file name is a warning, not a leak.
            severity = Severity.WARNING if key.endswith(".file") or hit.part == "first" else name_severity
            findings.add("pii.name-in-field", severity, text.source.path, text.source.line(key), key=key,
                         text=hit.text)
    for hit in _names(text.body, secret, shown, everyone):
        line = body_line + pii.line_of(text.body, hit.start) - 1
        if hit.part == "first":
            findings.warning("pii.first-name", text.source.path, line, text=hit.text, detail=hit.detail)
        else:
            findings.add("pii.name", name_severity, text.source.path, line, text=hit.text, detail=hit.detail)


def check_places_personal_data(places: list, project: Project, findings: Findings, named: set[str],
                               shown: frozenset[str]) -> None:
    """Names and fødselsnumre on docs/ pages and in publication.yml: published as they stand, on every page."""
    register = project.register
    secret = list(register.deny) + [n for cid, c in register.contributors.items() if cid not in named
                                    for n in c.names]
    everyone = (*register.deny, *(n for c in register.contributors.values() for n in c.names))
    for place in places:
        for hit in pii.find_national_ids(place.raw):
            if hit.kind == "fnr":
                findings.error("pii.fnr", place.path, place.first_line + pii.line_of(place.raw, hit.start) - 1,
                               text=_mask(hit), detail=hit.detail)
        for hit in _names(place.raw, secret, shown, everyone) if register.available else ():
            line = place.first_line + pii.line_of(place.raw, hit.start) - 1
            if hit.part == "first":
                findings.warning("pii.first-name", place.path, line, text=hit.text, detail=hit.detail)
            else:
                findings.error("pii.name", place.path, line, text=hit.text, detail=hit.detail)


def _names(value: str, secret: list[str], shown: frozenset[str], everyone: tuple[str, ...]) -> list:
    """Hits of ``secret`` names in a value. One index of ``everyone`` (the whole register and deny list) serves
    every text, and the hits are kept by name: an index per text's own set of secrets cost more than the search."""
    wanted = set(secret)
    return [h for h in pii.find_names(value, everyone, parts=True)
            if h.detail in wanted and (h.part != "first" or _key(h.text) not in shown)]


def _shown_bylines(plan: Plan) -> frozenset[str]:
    """Every name readers see under a published text (normalise.key): no secret where it is shown."""
    return frozenset(_key(pt.byline) for pt in plan.all_texts() if pt.byline and pt.decision.anywhere)


def named_writers(plan: Plan) -> set[str]:
    """Contributors published somewhere under their full name; a withdrawn or held-back named text does not count."""
    return {pt.text.contributor for pt in plan.all_texts()
            if pt.decision.anywhere and pt.text.byline is Byline.NAMED and not pt.text.is_editorial}


def _secret_names(project: Project, text: Text, named: set[str]) -> list[str]:
    """Names that may not stand in this text: the deny list, everyone never published under their full name
    (``named`` holds the others), and the writer's own names when this text does not name them (it would link
    the text to the person). The same set verify looks for afterwards, so check catches it first, with a
    finding id to acknowledge."""
    register = project.register
    names = list(register.deny)
    for cid, contributor in register.contributors.items():
        own = cid == text.contributor and not text.is_editorial
        # In their own text the byline mode decides; in anyone else's, whether they are published named.
        if (text.byline is not Byline.NAMED) if own else (cid not in named):
            names += contributor.names
    return names


def _mask(hit) -> str:
    # A fødselsnummer is never repeated in full, not even in a local message that may be pasted elsewhere.
    if hit.kind in ("fnr", "fnr-like"):
        return hit.text[:4] + "…"
    return hit.text


# Where in the front matter each reason lives, so "held back" points at the line to change.
_REASON_KEYS = {
    policy.Reason.WITHDRAWN: "consent.withdrawn", policy.Reason.NOT_APPROVED: "review.status",
    policy.Reason.NO_CONSENT_DATE: "consent.given", policy.Reason.CONSENT_IN_FUTURE: "consent.given",
    policy.Reason.CONSENT_NOT_STATED: "consent.{medium}", policy.Reason.CONSENT_NO: "consent.{medium}",
    policy.Reason.EMBARGO: "consent.publish_after", policy.Reason.BYLINE_UNCLEAR: "byline",
    policy.Reason.NO_CONTRIBUTOR: "contributor",
}


def report_held_back(plan: Plan) -> Findings:
    """One info per text and medium the plan holds back, with the policy's reasons, at the line to change."""
    findings = Findings()
    for pp in plan.publications:
        for pt in pp.texts:
            for medium in (Medium.WEB, Medium.PRINT):
                if pt.decision.allows(medium):
                    continue
                reasons = pt.decision.reasons(medium)
                line = pt.text.source.line(_REASON_KEYS.get(reasons[0], "").format(medium=medium.value))
                findings.info("policy.held-back", pt.text.source.path, line, medium=medium.value,
                              reasons=policy.reason_codes(reasons, pt.text))
            for pp_photo in pt.photos:
                for medium in (Medium.WEB, Medium.PRINT):
                    if pt.decision.allows(medium) and not pp_photo.decision.allows(medium):
                        findings.info("policy.photo-held-back", pt.text.source.path,
                                      pt.text.source.line(pp_photo.photo.key), file=pp_photo.photo.file,
                                      medium=medium.value,
                                      reasons=[r.value for r in pp_photo.decision.reasons(medium)])
    return findings


def _check_register_not_committed(project: Project, config: Config, findings: Findings) -> None:
    """The register holds real names and contacts; in git it would be published to every clone."""
    path = config.register_path
    try:
        result = subprocess.run(["git", "ls-files", "--error-unmatch", str(path)], cwd=config.root,
                                capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return
    if result.returncode == 0:
        findings.error("register.in-git", path, 0, file=str(path.relative_to(config.root)
                                                         if path.is_relative_to(config.root) else path))
