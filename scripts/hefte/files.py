"""Writing output files so that a reader never sees half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


CREATE_FOLDERS = True
"""False in a PDF worker (render/pdf_jobs.py), whose folders the build made before it started. A worker left laying
out by a build killed with kill -9 then cannot make the build's staging folder again after the next build removed
it as a dead build's: its write fails instead, and it ends."""


def _complete_temp(target: Path, data: bytes) -> str:
    """Write ``data`` to a temp file beside ``target``, flushed to disk; return its path."""
    if CREATE_FOLDERS:
        target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide the file from the web server and the print queue
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def write_atomically(target: Path | str, data: bytes) -> None:
    """Write to a temp file in the same folder, then rename over ``target`` (atomic on one file system)."""
    target = Path(target)
    tmp = _complete_temp(target, data)
    try:
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_new_atomically(target: Path | str, data: bytes) -> None:
    """Like write_atomically, but never replaces a file: raises FileExistsError if ``target`` exists.

    The complete temp file is hard-linked to ``target`` (link fails if the name is taken, even when it
    appears between a check and the write), so readers see no file or the whole file, never half of one."""
    target = Path(target)
    tmp = _complete_temp(target, data)
    try:
        os.link(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
