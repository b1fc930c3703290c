"""Project configuration: declared once, typed, with defaults; read from ``[tool.hefte]`` in pyproject.toml."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import ConfigError
from .folders import check_output_folders
from .intake.schema import suggest

MESSAGES = {
    "config.no-project": (
        "Fant ikke et hefte-prosjekt i {folder} eller mappene over (ingen mkdocs.yml). Gå til prosjektmappa, "
        "bruk --root MAPPE, eller lag et nytt prosjekt med `hefte init MAPPE`.",
        "No hefte project in {folder} or the folders above it (no mkdocs.yml). Go to the project folder, use "
        "--root FOLDER, or start a new project with `hefte init FOLDER`.",
    ),
}


@dataclass(frozen=True)
class Config:
    root: Path
    """Project folder (where pyproject.toml and mkdocs.yml live)."""
    texts_dir: str = "texts"
    """Publications: ``<texts_dir>/<publication>/publication.yml`` + texts."""
    docs_dir: str = "docs"
    """Hand-written site pages."""
    site_dir: str = "site"
    """Website output; screen PDFs go to ``<site_dir>/pdf/``."""
    print_dir: str = "print"
    """Print-shop and imposed PDFs."""
    offline_dir: str = "offline"
    """``hefte build --offline``: the website as a folder that works from disk (``nettsida/``) and as a zip."""
    overrides_dir: str = "overrides"
    """Theme overrides, print templates, CSS and fonts."""
    register: str = "private/register.yml"
    """The private contributor register (git-ignored). Missing is allowed; verify then says it could not look for names."""
    private_dir: str = "private"
    """Editors' private files (git-ignored): the desk's log, each writer's proof and consent form. Never inside
    site/, print/, docs/, texts/ or overrides/ (desk/private.py refuses)."""
    mkdocs_config: str = "mkdocs.yml"
    pdf: bool = True
    """Render PDFs in ``hefte build``."""
    crop_marks: bool = False
    """Draw crop marks in the print PDF (bleed is always there)."""
    today: date = field(default_factory=date.today)
    """The date embargoes are measured against. Set HEFTE_TODAY=YYYY-MM-DD to build as of another day."""

    def path(self, name: str) -> Path:
        return (self.root / getattr(self, name)).resolve()

    @property
    def texts_path(self) -> Path:
        return self.path("texts_dir")

    @property
    def site_path(self) -> Path:
        return self.path("site_dir")

    @property
    def print_path(self) -> Path:
        return self.path("print_dir")

    @property
    def offline_path(self) -> Path:
        return self.path("offline_dir")

    @property
    def register_path(self) -> Path:
        return self.path("register")

    @property
    def private_path(self) -> Path:
        return self.path("private_dir")

    @property
    def overrides_path(self) -> Path:
        return self.path("overrides_dir")

    def replace(self, **changes) -> "Config":
        return dataclasses.replace(self, **changes)


def find_root(start: Path | str | None = None) -> Path:
    """The project folder: ``start`` (default: where the user stands) or the nearest folder above it with
    mkdocs.yml or a pyproject.toml that has ``[tool.hefte]``, the way git finds its repository. So every
    command works from inside a publication folder too."""
    here = Path(start if start is not None else Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file() or _declares_hefte(folder / "pyproject.toml"):
            return folder
    raise ConfigError("config.no-project", None, 0, folder=str(here))


def _declares_hefte(pyproject: Path) -> bool:
    try:
        with pyproject.open("rb") as fh:
            return "hefte" in tomllib.load(fh).get("tool", {})
    except (OSError, tomllib.TOMLDecodeError):
        return False


_SETTABLE = {f.name: f for f in dataclasses.fields(Config) if f.name not in ("root", "today")}


def load_config(root: Path | str = ".", **overrides) -> Config:
    """Read ``[tool.hefte]`` from ``root/pyproject.toml`` (if any), apply overrides and HEFTE_TODAY."""
    root = Path(root).resolve()
    values: dict = {}
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            with pyproject.open("rb") as fh:
                values = dict(tomllib.load(fh).get("tool", {}).get("hefte", {}))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError("config.toml", pyproject, 0, problem=str(exc)) from None
    for key, value in values.items():
        if key not in _SETTABLE:
            raise ConfigError("config.unknown-key", pyproject, 0, key=key, hint=suggest(key, _SETTABLE) or "",
                              allowed=", ".join(_SETTABLE))
        expected = bool if _SETTABLE[key].type in (bool, "bool") else str
        if not isinstance(value, expected):
            raise ConfigError("config.type", pyproject, 0, key=key, expected=expected.__name__, got=repr(value))
    values.update({k: v for k, v in overrides.items() if v is not None})
    today = os.environ.get("HEFTE_TODAY")
    if today and "today" not in values:
        try:
            values["today"] = date.fromisoformat(today)
        except ValueError:
            raise ConfigError("config.today", None, 0, got=today) from None
    config = Config(root=root, **values)
    # Outputs are emptied and replaced on every build: refuse a folder that holds sources before anything runs.
    check_output_folders(config, pyproject if pyproject.is_file() else None)
    return config
