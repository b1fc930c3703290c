"""Findings: what check, plan and verify have to say, with file:line and a message in nb or en."""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import messages


class Severity(enum.IntEnum):
    INFO = 0
    """Something the editor should know (e.g. a text held back by its consent)."""
    WARNING = 1
    """Worth a look; does not stop the build."""
    ERROR = 2
    """Stops the build: the input is wrong or unclear."""

    @classmethod
    def of(cls, word: str) -> "Severity":
        """The helper modules (hygiene) say "error" or "warning"; anything but "error" is a warning."""
        return cls.ERROR if word == "error" else cls.WARNING


@dataclass(frozen=True)
class Finding:
    code: str
    """Message key in messages.CATALOGUE, e.g. ``schema.unknown-key``."""
    severity: Severity
    path: Path | None
    line: int
    params: dict = field(default_factory=dict, hash=False, compare=False)

    def message(self, lang: str = "nb", root: Path | None = None) -> str:
        # A path in a message is one the user may type (``hefte fix PATH``): make it work from where they stand.
        params = {k: shown_path(v, root, usable=True) if isinstance(v, Path) else v for k, v in self.params.items()}
        return messages.render(self.code, lang, **params)

    def location(self, root: Path | None = None) -> str:
        if self.path is None:
            return "hefte"
        path = shown_path(self.path, root)
        return f"{path}:{self.line}" if self.line else path

    def format(self, lang: str = "nb", root: Path | None = None) -> str:
        label = messages.severity_label(self.severity.name.lower(), lang)
        text = f"{self.location(root)}: {label}: {self.message(lang, root)}"
        if self.code.startswith("pii.") and "finding" in self.params:
            text += f" [{messages.render('finding.id', lang, finding=self.params['finding'])}]"
        return text


def shown_path(path: Path, root: Path | None, *, usable: bool = False) -> str:
    """A path as the user should see it. Standing inside the project (at its root or in a publication folder),
    relative to where they stand, as git prints paths; elsewhere relative to the project root, or absolute
    when ``usable`` (a path they are told to type must work from where they are)."""
    path = Path(path)
    if root is None:
        return str(path)
    root, here = Path(root).resolve(), Path.cwd().resolve()
    absolute = path.resolve() if path.is_absolute() else (root / path).resolve()
    if here == root or here.is_relative_to(root):
        return os.path.relpath(absolute, here)
    if usable:
        return str(absolute)
    try:
        return str(absolute.relative_to(root))
    except ValueError:
        return str(absolute)


class Findings(list):
    """A list of findings with the questions the pipeline asks of it."""

    def add(self, code: str, severity: Severity, path: Path | None, line: int = 0, **params) -> Finding:
        finding = Finding(code, severity, path, line, params)
        self.append(finding)
        return finding

    def error(self, code: str, path: Path | None, line: int = 0, **params) -> Finding:
        return self.add(code, Severity.ERROR, path, line, **params)

    def warning(self, code: str, path: Path | None, line: int = 0, **params) -> Finding:
        return self.add(code, Severity.WARNING, path, line, **params)

    def info(self, code: str, path: Path | None, line: int = 0, **params) -> Finding:
        return self.add(code, Severity.INFO, path, line, **params)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self if f.severity is Severity.WARNING]

    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self)

    def sorted(self) -> list[Finding]:
        return sorted(self, key=lambda f: (str(f.path or ""), f.line, -int(f.severity), f.code))
