"""The private register, read and validated like front matter: every name check depends on it.

A register that cannot be read fully is an error, never a partial register: a deny list written as one string,
a name that is not text or ``navn:`` instead of ``names:`` would otherwise leave a name unguarded while the build
went on. Unknown keys get a did-you-mean (Norwegian keys are recognised and suggested).
"""

from __future__ import annotations

from pathlib import Path

from ..findings import Findings
from ..model import Contributor, Register
from . import schema

TOP = ("contributors", "deny")
ENTRY = ("names", "contact", "form")
SYNONYMS = {"navn": "names", "name": "names", "kontakt": "contact", "skjema": "form", "samtykkeskjema": "form",
            "bidragsytere": "contributors", "skribenter": "contributors", "deltakere": "contributors",
            "sperreliste": "deny", "sperret": "deny", "forbudt": "deny", "aldri": "deny"}

MESSAGES: dict[str, tuple[str, str]] = {
    "register.unknown-key": (
        "Ukjent felt «{key}» i registeret. Mente du «{hint}»? Registeret må kunne leses helt, ellers kan ikke "
        "navnene passes på.",
        "Unknown key «{key}» in the register. Did you mean «{hint}»? The register must be read in full, or the "
        "names cannot be guarded."),
    "register.unknown-key-plain": (
        "Ukjent felt «{key}» i registeret. Tillatte felt her: {allowed}.",
        "Unknown key «{key}» in the register. Allowed keys here: {allowed}."),
    "register.not-list": (
        "«{key}» må være en liste, men er «{got}». Skriv den som en liste, for eksempel `{key}: [{example}]`.",
        "«{key}» must be a list, but is «{got}». Write it as a list, for example `{key}: [{example}]`."),
    "register.not-name": (
        "«{key}» skal være et navn (tekst), men er «{got}». Skriv navnet ut, i anførselstegn om det trengs.",
        "«{key}» should be a name (text), but is «{got}». Write the name out, in quotes if needed."),
    "register.not-text": ("«{key}» skal være tekst, men er «{got}».", "«{key}» should be text, but is «{got}»."),
}


def validate(data, lines: dict[str, int], path: Path, findings: Findings) -> Register:
    """The register from parsed YAML; every problem an error at its line (the build stops on them)."""
    register = Register(path=path)
    if not isinstance(data, dict):
        findings.error("register.shape", path, 1)
        return register
    _unknown(data, TOP, "", lines, path, findings)
    contributors = data.get("contributors")
    if contributors is None:
        contributors = {}
    if not isinstance(contributors, dict):
        findings.error("register.shape", path, lines.get("contributors", 1))
        contributors = {}
    for cid, entry in contributors.items():
        key = f"contributors.{cid}"
        line = lines.get(key, 1)
        if not isinstance(cid, str) or not isinstance(entry, dict):
            findings.error("register.shape", path, line)
            continue
        _unknown(entry, ENTRY, key + ".", lines, path, findings)
        names = _names(entry.get("names"), f"{key}.names", lines, path, findings)
        if not names:
            findings.warning("register.no-name", path, line, id=cid)
        register.contributors[cid] = Contributor(id=cid, names=names, contact=_text(entry, "contact", key, lines,
                                                                                       path, findings),
                                                 form=_text(entry, "form", key, lines, path, findings))
    register.deny = _names(data.get("deny"), "deny", lines, path, findings)
    return register


def _unknown(data: dict, allowed: tuple[str, ...], prefix: str, lines, path, findings: Findings) -> None:
    for key in data:
        if key in allowed:
            continue
        word = str(key).strip().lower()
        hint = SYNONYMS.get(word) if SYNONYMS.get(word) in allowed else schema.suggest(word, allowed)
        line = lines.get(f"{prefix}{key}", 1)
        if hint:
            findings.error("register.unknown-key", path, line, key=f"{prefix}{key}", hint=f"{prefix}{hint}")
        else:
            findings.error("register.unknown-key-plain", path, line, key=f"{prefix}{key}", allowed=", ".join(allowed))


def _names(value, key: str, lines, path, findings: Findings) -> list[str]:
    if value is None:
        return []
    line = lines.get(key, 1)
    if not isinstance(value, list):
        findings.error("register.not-list", path, line, key=key, got=schema._show(value),
                       example=str(value) if isinstance(value, str) else "Ola Nordmann")
        return []
    names = []
    for i, name in enumerate(value):
        if not isinstance(name, str):
            findings.error("register.not-name", path, lines.get(f"{key}.{i}", line), key=f"{key}.{i}",
                           got=schema._show(name))
        elif name.strip():
            names.append(name.strip())
    return names


def _text(entry: dict, field: str, key: str, lines, path, findings: Findings) -> str | None:
    value = entry.get(field)
    if value is None:
        return None
    if isinstance(value, (dict, list, bool)):
        findings.error("register.not-text", path, lines.get(f"{key}.{field}", 1), key=f"{key}.{field}",
                       got=schema._show(value))
        return None
    return str(value)
