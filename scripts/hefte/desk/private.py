"""The editors' private folder (``private/`` by default): the desk's log, writers' proofs and consent forms.

What lies here is for the editors and the one writer it concerns: her unapproved texts, her real name on her
consent form, every editor's decision. So the folder may not sit where anything gets published or shared
(site/, print/, docs/ which MkDocs copies, texts/ and overrides/ which go into git and the theme), and the
desk warns when git does not ignore it.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

from ..errors import HefteError

MESSAGES: dict[str, tuple[str, str]] = {
    "desk.private-inside": (
        "Den private mappa ({folder}) ligger inne i {inside}/, som blir publisert eller delt. Sett `private_dir` "
        "i [tool.hefte] i pyproject.toml til en mappe utenfor, for eksempel `private`.",
        "The private folder ({folder}) is inside {inside}/, which is published or shared. Set `private_dir` in "
        "[tool.hefte] of pyproject.toml to a folder outside it, for example `private`.",
    ),
    "desk.private-not-ignored": (
        "Advarsel: git ignorerer ikke {folder}/. Der ligger korrektur, samtykkeskjema og logg med navn: legg "
        "`/{folder}/` til i .gitignore.",
        "Warning: git does not ignore {folder}/. It holds proofs, consent forms and a log with names: add "
        "`/{folder}/` to .gitignore.",
    ),
}

LOCK_FILE = ".desk.lock"

_PUBLIC = ("site_dir", "print_dir", "docs_dir", "texts_dir", "overrides_dir")


def private_dir(config) -> Path:
    """The private folder, created if missing; refused when it lies inside a published or shared folder."""
    folder = config.private_path
    for name in _PUBLIC:
        public = config.path(name)
        if folder == public or folder.is_relative_to(public) or folder == config.root:
            raise HefteError("desk.private-inside", config.root / "pyproject.toml", 0,
                             folder=_shown(config, folder), inside=getattr(config, name))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def private_file(config, *parts: str) -> Path:
    """A path under the private folder (its parent folders created)."""
    path = private_dir(config).joinpath(*parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def relative(config, path: Path) -> str:
    """``path`` relative to the project (as the manifest and the log name files)."""
    return _shown(config, path)


def git_ignores(config) -> bool | None:
    """True if git ignores the private folder, False if not, None when there is no git (nothing to warn of)."""
    folder = config.private_path
    probe = folder / "probe.pdf"
    try:
        inside = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=config.root,
                                capture_output=True, timeout=10)
        if inside.returncode != 0:
            return None
        result = subprocess.run(["git", "check-ignore", "-q", str(probe)], cwd=config.root, capture_output=True,
                                timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.returncode == 0


@contextlib.contextmanager
def locked(config):
    """One desk action at a time per project (the studio serves several editors): read, check, write, log."""
    path = private_file(config, LOCK_FILE)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: one editor at a time is the rule there
            fcntl = None
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _shown(config, path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(config.root).as_posix()
    except ValueError:
        return str(path)
