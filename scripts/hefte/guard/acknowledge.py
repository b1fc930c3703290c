"""Editors' acknowledgements: "we have looked at this personal-data finding, and it may stand".

``texts/<publication>/acknowledgements.yml`` is a list (or ``acknowledgements:`` holding one)::

    - finding: 3f2a9c0d1e4b      # the id `hefte check` shows next to the finding
      text: morgenkaffe          # the text's id (its file name without .md)
      by: HD
      date: 2026-11-20
      note: «Kvamme» er stedet ved Hardangerfjorden, ikke skribenten.

A finding id is a hash over the code, the text id, the matched words and the WHOLE source line they stand on.
When anyone edits that line the id changes and the acknowledgement no longer applies, so an old "OK" never
covers new words; it is then reported as unused so the editors can look again and tidy up.

Only personal-data findings (``pii.*``) can be acknowledged: consent is the writer's to give, not the editor's.
An acknowledged name also passes verify (see acknowledged_matches), but only in media where its text is
published; an acknowledged fødselsnummer does not: verify never lets a valid one out.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..intake import frontmatter
from .. import messages
from . import pii
from ..findings import Finding, Findings, Severity
from ..model import Project

ACK_FILE = "acknowledgements.yml"
ACK_CODE = "ack.acknowledged"
_ID = re.compile(r"^[0-9a-f]{12}$")

MESSAGES: dict[str, tuple[str, str]] = {
    ACK_CODE: (
        "Godtatt av {by} {date}: {code} «{text}» (funn {finding}). {note}",
        "Acknowledged by {by} on {date}: {code} «{text}» (finding {finding}). {note}"),
    "ack.invalid": (
        "Godkjenning nr. {index} i {file}: {key} mangler eller er feil ({expected}). Den blir ikke brukt.",
        "Acknowledgement no. {index} in {file}: {key} is missing or wrong ({expected}). It is not used."),
    "ack.unused": (
        "Godkjenningen {finding} for teksten {text} er foreldet: den passer ikke til noe funn lenger (linja er "
        "endret eller funnet er borte). Se over teksten på nytt, og slett godkjenningen.",
        "The acknowledgement {finding} for the text {text} is stale: it no longer matches any finding (the line "
        "was edited or the finding is gone). Look at the text again, and delete the acknowledgement."),
    "ack.shape": (
        "{file} må være en liste med godkjenninger (finding, text, by, date, note).",
        "{file} must be a list of acknowledgements (finding, text, by, date, note)."),
}
# messages.py merges only the modules it lists; until it lists this one, add our messages ourselves.
for _code, _pair in MESSAGES.items():
    messages.CATALOGUE.setdefault(_code, _pair)


@dataclass(frozen=True)
class Ack:
    finding: str
    """The 12-hex finding id (finding_id)."""
    text: str
    """Id of the text the finding is in."""
    by: str
    """Initials of the editor who looked at it."""
    date: date
    note: str | None
    """Why it may stand; shown with the finding."""
    path: Path
    line: int
    """Line of the entry in acknowledgements.yml, for messages."""


def finding_id(finding: Finding, line_text: str) -> str:
    """12 hex digits over (code, text id, matched words, the whole source line): any edit there voids it."""
    code = finding.params.get("code", finding.code) if finding.code == ACK_CODE else finding.code
    text_id = Path(finding.path).stem if finding.path else ""
    line = unicodedata.normalize("NFC", line_text).rstrip("\r\n")
    payload = "\0".join((code, text_id, str(finding.params.get("text", "")), line))
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()[:12]


FACE_CODE = "pii.photo-shows-writer"


def face_finding(text, photo) -> Finding:
    """The check finding for a photo that may show a pseudonymous writer; the policy holds the photo back unless
    an editor acknowledges exactly this finding (policy.decide_photo)."""
    line = text.source.line(f"{photo.key}.shows_writer")
    return Finding(FACE_CODE, Severity.WARNING, text.source.path, line, {"text": photo.file, "key": photo.key})


def face_acknowledged(text, photo, acks: list[Ack]) -> bool:
    if photo.shows_writer is False or not acks:
        return False
    finding = face_finding(text, photo)
    fid = finding_id(finding, _line(text.source.path, finding.line, {}))
    return any(a.finding == fid and a.text == text.id for a in acks)


def load(pub_folder: Path) -> list[Ack]:
    """The valid acknowledgements of one publication folder ([] when it has none)."""
    return _read(Path(pub_folder))[0]


def _read(folder: Path) -> tuple[list[Ack], Findings]:
    path, problems = folder / ACK_FILE, Findings()
    if not path.is_file():
        return [], problems
    try:
        raw = path.read_text("utf-8").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError) as exc:
        problems.error("load.unreadable", path, 0, problem=str(exc))
        return [], problems
    # The project's safe YAML reader (no aliases, no tags, duplicate keys refused) wants a mapping at the top:
    # indent the file under one key; first_line=0 keeps the line numbers those of the file.
    wrapped = "acknowledgements:\n" + "\n".join("  " + line for line in raw.split("\n"))
    try:
        data, lines = frontmatter.parse_yaml(wrapped, first_line=0)
    except frontmatter.FrontMatterError as exc:
        problems.error(exc.code, path, exc.line, **exc.params)
        return [], problems
    entries, prefix = data.get("acknowledgements"), "acknowledgements"
    if isinstance(entries, dict) and set(entries) == {"acknowledgements"}:
        entries, prefix = entries["acknowledgements"], "acknowledgements.acknowledgements"
    if entries is None:
        return [], problems
    if not isinstance(entries, list):
        problems.error("ack.shape", path, 1, file=path.name)
        return [], problems
    acks = []
    for index, entry in enumerate(entries):
        line = lines.get(f"{prefix}.{index}", 1)
        problem = _problem(entry)
        if problem:
            problems.warning("ack.invalid", path, line, index=index + 1, file=path.name, key=problem[0],
                             expected=problem[1])
            continue
        acks.append(Ack(entry["finding"], str(entry["text"]), str(entry["by"]), entry["date"],
                        str(entry["note"]) if entry.get("note") else None, path, line))
    return acks, problems


def _problem(entry) -> tuple[str, str] | None:
    if not isinstance(entry, dict):
        return "finding", "finding, text, by, date"
    checks = (("finding", lambda v: isinstance(v, str) and _ID.match(v), "12 hex digits from `hefte check`"),
              ("text", lambda v: isinstance(v, str) and v.strip(), "the text id"),
              ("by", lambda v: isinstance(v, str) and v.strip(), "the editor's initials"),
              ("date", lambda v: isinstance(v, date), "a date like 2026-11-20"))
    for key, ok, expected in checks:
        if not ok(entry.get(key)):
            return key, expected
    return None


def apply(findings: Findings, project: Project) -> Findings:
    """Findings with every acknowledged pii.* error/warning downgraded to INFO ``ack.acknowledged``.

    Every pii finding gets its id in ``params["finding"]`` so check can show what to write in the file.
    Unused and malformed acknowledgements are reported too.
    """
    texts = {Path(t.source.path).resolve(): (t, pub) for pub in project.publications for t in pub.texts}
    loaded = {pub.id: _read(pub.folder) for pub in project.publications}
    used: set[tuple[str, str, str]] = set()
    lines: dict[Path, list[str]] = {}
    out = Findings()
    for f in findings:
        owner = texts.get(Path(f.path).resolve()) if f.path is not None else None
        if owner is not None and f.code == ACK_CODE:  # applied before: keep it, and its acknowledgement is used
            used.add((owner[1].id, f.params.get("finding"), owner[0].id))
        if owner is None or not f.code.startswith("pii.") or f.severity is Severity.INFO:
            out.append(f)
            continue
        text, pub = owner
        fid = finding_id(f, _line(text.source.path, f.line, lines))
        ack = next((a for a in loaded[pub.id][0] if a.finding == fid and a.text == text.id), None)
        if ack is None:
            out.append(Finding(f.code, f.severity, f.path, f.line, {**f.params, "finding": fid}))
            continue
        used.add((pub.id, ack.finding, ack.text))
        out.append(Finding(ACK_CODE, Severity.INFO, f.path, f.line, {
            **f.params, "code": f.code, "finding": fid, "by": ack.by, "date": ack.date.isoformat(),
            "note": ack.note or ""}))
    for pub_id, (acks, problems) in loaded.items():
        out.extend(p for p in problems if p not in out)
        for ack in acks:
            if (pub_id, ack.finding, ack.text) not in used:
                out.warning("ack.unused", ack.path, ack.line, finding=ack.finding, text=ack.text)
    return out


def used(findings) -> list[dict]:
    """The acknowledgements a check applied, for the build summary and the manifest: which finding, who, when,
    why. Never the matched words themselves (a name): the manifest is kept, and logs travel."""
    return [{"finding": f.params.get("finding"), "code": f.params.get("code"), "file": Path(f.path).name,
             "text": Path(f.path).stem, "line": f.line, "by": f.params.get("by"), "date": f.params.get("date"),
             "note": f.params.get("note") or None}
            for f in findings.sorted() if f.code == ACK_CODE]


def _line(path: Path, number: int, cache: dict) -> str:
    if path not in cache:
        try:
            cache[path] = Path(path).read_text("utf-8", "replace").replace("\r\n", "\n").split("\n")
        except OSError:
            cache[path] = []
    rows = cache[path]
    return rows[number - 1] if 0 < number <= len(rows) else ""


def acknowledged_matches(project: Project, names: list[str]) -> dict[str, set[str]]:
    """Text qualified id -> name matches an editor acknowledged in that text (still valid: line unchanged).

    verify lets exactly these words through, in media where the text is published. The hits are found again
    with ``names`` (all register and deny-list names); a match that differs from what check saw simply does
    not get through, which fails closed.
    """
    result: dict[str, set[str]] = {}
    cache: dict = {}
    for pub in project.publications:
        wanted = {(a.finding, a.text) for a in load(pub.folder)}
        for text in pub.texts:
            if not any(t == text.id for _, t in wanted):
                continue
            path, src = text.source.path, text.source
            places = [(src.body_line + pii.line_of(text.body, h.start) - 1, h)
                      for h in pii.find_names(text.body, names, parts=True)]
            for key in ["title"] + [f"{p.key}.alt" for p in text.photos]:
                value = text.title if key == "title" else text.photos[int(key.split(".")[1])].alt or ""
                places += [(src.line(key), h) for h in pii.find_names(value, names, parts=True)]
            for line, hit in places:
                for code in ("pii.name", "pii.first-name", "pii.name-in-field"):
                    probe = Finding(code, Severity.ERROR, path, line, {"text": hit.text})
                    if (finding_id(probe, _line(path, line, cache)), text.id) in wanted:
                        result.setdefault(text.qualified_id, set()).add(hit.text)
    return result
