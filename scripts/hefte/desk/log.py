"""The desk's log: who changed what in which file, and when, one JSON object per line in private/desk-log.jsonl.

Append-only, so an old entry never changes: print/manifest.json records how many entries there were and the
hash of those lines when it was built (:func:`manifest_reference`), and anyone can later show that the first
``entries`` lines are still the ones the build saw. The log stays private (it names editors and holds their
notes to writers); the manifest carries only its path, its length and that hash.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from .private import private_file, relative

LOG_FILE = "desk-log.jsonl"


@dataclass(frozen=True)
class Entry:
    """One action as logged."""

    action: str
    """``approve``, ``request-changes``, ``record-consent``, ``embargo``, ``lift-embargo``, ``withdraw``, ``order``."""
    by: str
    """Who did it (the editor's initials, as in ``review.by``)."""
    file: str
    """The changed file, relative to the project."""
    changes: dict
    """Dotted key -> [before, after] (dates as ISO strings)."""
    sha256_before: str
    sha256_after: str
    text: str | None = None
    """``publication/text`` id, for a text."""
    time: str = field(default_factory=lambda: datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds"))
    """When, with the local UTC offset."""


def log_path(config) -> Path:
    return private_file(config, LOG_FILE)


def append(config, entry: Entry) -> None:
    """Add one line and make sure it is on disk before the caller reports success."""
    line = json.dumps(asdict(entry), ensure_ascii=False, sort_keys=True, default=_json) + "\n"
    fd = os.open(log_path(config), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def entries(config) -> list[dict]:
    """Every entry, oldest first (a torn last line from a crash is skipped)."""
    path = config.private_path / LOG_FILE
    if not path.is_file():
        return []
    out = []
    for line in path.read_text("utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue
    return out


def manifest_reference(config) -> dict | None:
    """What print/manifest.json says about the log: its path, how many entries, the sha256 of those lines."""
    path = config.private_path / LOG_FILE
    if not path.is_file():
        return None
    data = path.read_bytes()
    complete = data[:data.rfind(b"\n") + 1]  # a line still being written is not part of the record yet
    return {"path": relative(config, path), "entries": complete.count(b"\n"),
            "sha256": hashlib.sha256(complete).hexdigest()}


def _json(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)
