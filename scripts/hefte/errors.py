"""The exceptions hefte raises. Each carries a message code so the CLI can print it in nb or en."""

from __future__ import annotations

from pathlib import Path


class HefteError(Exception):
    """Base class. ``code`` is a key in messages.CATALOGUE; ``params`` fill its template."""

    def __init__(self, code: str, path: Path | None = None, line: int = 0, **params):
        self.code = code
        self.path = path
        self.line = line
        self.params = params
        super().__init__(f"{code} {path or ''}:{line} {params}")

    def __reduce__(self):
        # A RenderError raised in a worker process (render/pdf_jobs.py) reaches the build whole, code and all.
        return _remake, (type(self), self.code, self.path, self.line, self.params)

    def words(self, lang: str = "nb") -> str:
        """The message without the file it is about: what a form shows next to the field it is about."""
        from . import messages

        return messages.render(self.code, lang, **self.params)

    def message(self, lang: str = "nb") -> str:
        text = self.words(lang)
        if self.path is not None:
            where = f"{self.path}:{self.line}" if self.line else str(self.path)
            return f"{where}: {text}"
        return text


def _remake(cls, code, path, line, params):
    error = HefteError.__new__(cls)
    HefteError.__init__(error, code, path, line, **params)
    return error


class ConfigError(HefteError):
    """Raised by config.load_config when [tool.hefte] has a wrong key or value."""


class CheckFailed(HefteError):
    """Raised by build.build (and the MkDocs plugin) when check found errors; findings are attached."""

    def __init__(self, findings):
        super().__init__("build.check-failed", count=len(findings.errors))
        self.findings = findings


class LeakFound(HefteError):
    """Raised by build.build when verify found something that must not be published."""

    def __init__(self, report):
        super().__init__("build.verify-failed", count=len(report.errors))
        self.report = report


class RenderError(HefteError):
    """Raised by render/pdf when a text cannot be rendered (e.g. a refused URL in print)."""
