"""The check's readings of a text's own words, kept between runs: words that did not change are not read again.

Three scans read nothing but their arguments: ``pii.scan`` (fødselsnumre, phone numbers, addresses, e-mail),
``pii.find_indirect_identifiers`` and ``damage.find_damage`` (mojibake, OCR errors, lost æøå). No plan, register,
consent, date or other text goes in. They were half of the check's time (0.5 s at 200 texts) on every build,
also when nothing had changed.

What they return is kept in ``.hefte/cache/check-scans.json``, under a key of the scan's name and its exact
arguments (the words, the line the body starts on, the language). The file is marked with the code that read them:
hefte's own source, Python's version (its Unicode tables decide what a letter is) and the versions of the libraries
the scans use (``LIBRARIES``; a test holds the list to the scanners' imports). Any difference is a miss and the scan
runs, so a kept reading is exactly what running the scan again would give.

Only the reading is kept. What a hit means (an error or a warning, in a published text or a draft, acknowledged or
not) is decided every run, from that run's plan. Register names are never looked for here: they would put real
names in a file outside private/.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Callable

from ..files import write_atomically
from ..publish import STATE_DIR, state_folder
from ..intake import damage
from ..intake.hygiene import Issue
from . import pii

FILE = "check-scans.json"
"""In .hefte/cache (emptied by ``hefte build --fresh``)."""
LIBRARIES = ("phonenumbers", "python-stdnum", "disarm")
"""The distributions the scans' code imports (pii, names, normalise, damage, hygiene): their data decides a hit."""

_SCANS: dict[str, tuple[Callable, type]] = {
    "pii.scan": (pii.scan, pii.Hit),
    "pii.find_indirect_identifiers": (pii.find_indirect_identifiers, pii.Hit),
    "damage.find_damage": (damage.find_damage, Issue),
}
"""The scans that may be kept, by name, with the dataclass of their hits. Nothing else may be: a scan is listed
here only when it reads its arguments and nothing more."""


class ScanMemo:
    """Readings kept from the project's last run and made in this one; ``save`` keeps only this run's."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.path = self.root / STATE_DIR / "cache" / FILE
        self.code = code_key()
        self._kept: dict[str, object] = {}
        self._used: dict[str, object] = {}
        if self.path.is_file():
            try:
                stored = json.loads(self.path.read_text("utf-8"))
                if stored.get("code") == self.code:
                    self._kept = dict(stored["readings"])
            except (OSError, ValueError, TypeError, KeyError, AttributeError):
                self._kept = {}  # unreadable or damaged: every scan runs, and the file is written anew

    def read(self, scan: str, *args):
        """``scan(*args)``, from the kept readings when that exact call was made before by the same code."""
        function, hit_type = _SCANS[scan]
        key = hashlib.sha256(json.dumps([scan, args]).encode()).hexdigest()
        stored = self._used.get(key, self._kept.get(key))
        if stored is not None:
            try:
                result = _decode(stored, hit_type)
                self._used[key] = stored
                return result
            except (TypeError, ValueError, KeyError, AttributeError):
                pass  # not a reading this code makes: read the words again
        result = function(*args)
        self._used[key] = _encode(result)
        return result

    def save(self) -> None:
        """Write this run's readings (those of texts no longer there or changed are dropped); a cache, so a
        project folder that cannot be written to only means the words are read again next time."""
        if self._used == self._kept:
            return
        try:
            state_folder(self.root)
            # ASCII: a lone surrogate in a text (no UTF-8 for it) is written as \ud800, not an error
            write_atomically(self.path, json.dumps({"code": self.code, "readings": self._used}).encode())
        except OSError:
            pass


def read(memo: ScanMemo | None, scan: str, *args):
    """The scan's result, through ``memo`` when there is one (a build, `hefte check`), else run as is."""
    return memo.read(scan, *args) if memo is not None else _SCANS[scan][0](*args)


@lru_cache(maxsize=1)
def code_key() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from ..render.pdf_cache import hefte_digest

    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = None
    return hashlib.sha256(json.dumps({"hefte": hefte_digest(), "python": sys.version, "libraries": versions,
                                      "unicode": unicodedata.unidata_version}).encode()).hexdigest()


def _encode(result) -> object:
    """A hit list, one hit or None, as JSON: ``{"hits": [...]}`` or ``{"hit": ...}`` (None is a miss's mark)."""
    if isinstance(result, list):
        return {"hits": [dataclasses.asdict(hit) for hit in result]}
    return {"hit": dataclasses.asdict(result) if result is not None else False}


def _decode(stored: dict, hit_type: type):
    if "hits" in stored:
        return [hit_type(**fields) for fields in stored["hits"]]
    return hit_type(**stored["hit"]) if stored["hit"] else None
