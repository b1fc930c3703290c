"""Unsent drafts: what a participant has typed or uploaded, kept under ``private/studio/utkast/<id>/``.

A draft lives between the form and «Send inn»: her answers (``utkast.json``), her photo already re-encoded
without metadata (``stage/bilder/…``, the staging folder intake/submit.py checks against) and the print
preview's page images. Nothing here is published or in git (private/ is git-ignored). A draft id is random
and is only ever matched against ``[A-Za-z0-9_-]{22}``; no path from the browser is used as a path.
"""

from __future__ import annotations

import fcntl
import json
import re
import secrets
import shutil
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..files import write_atomically

DRAFTS_DIR = "studio/utkast"
"""Under the editors' private folder (``private_dir`` in [tool.hefte], private/ by default)."""
MAX_AGE_DAYS = 30
_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")


@dataclass
class Draft:
    id: str
    owner: str
    """The session that made it."""
    folder: Path
    publication: str | None = None
    fields: dict = field(default_factory=dict)
    """The form's answers as typed (strings), to fill the form again."""
    photo: str | None = None
    """The staged photo's name in the front matter (``bilder/regn.jpg``), if she added one."""
    notes: list[str] = field(default_factory=list)
    """What the upload said (the file's kind and encoding), shown above the form."""
    created: float = field(default_factory=time.time)
    handed_in: str | None = None
    """``publication/stem`` of the text it became; the answers, photo and previews are then deleted."""
    contributor: str | None = None
    """Her contributor id, once handed in (for a second press of «Send inn» whose first answer she never saw)."""

    @property
    def stage(self) -> Path:
        return self.folder / "stage"

    def save(self) -> None:
        data = {k: v for k, v in asdict(self).items() if k != "folder"}
        write_atomically(self.folder / "utkast.json", json.dumps(data, ensure_ascii=False, indent=1).encode())


class Drafts:
    """The drafts folder of one project."""

    def __init__(self, private_dir: Path):
        self.root = Path(private_dir) / DRAFTS_DIR

    def new(self, owner: str) -> Draft:
        draft_id = secrets.token_urlsafe(16)
        draft = Draft(draft_id, owner, self.root / draft_id)
        draft.stage.mkdir(parents=True, exist_ok=True)
        draft.save()
        return draft

    def get(self, draft_id: str) -> Draft | None:
        if not _ID.match(draft_id or ""):
            return None
        path = self.root / draft_id / "utkast.json"
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return Draft(folder=path.parent, **data)

    def delete(self, draft: Draft) -> None:
        shutil.rmtree(draft.folder, ignore_errors=True)

    @contextmanager
    def sending(self, draft: Draft):
        """Hold the draft while it is handed in or saved; yields it as it is now (a press before may have sent
        it)."""
        with open(draft.folder / ".sendes", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # per open file: threads of this server wait for each other too
            try:
                yield self.get(draft.id) or draft
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def handed_in(self, draft: Draft, ref: str, contributor: str) -> None:
        """Keep only where the text went; her words, name and photo are in the text and the register now."""
        for child in draft.folder.iterdir():
            if child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
        draft.fields, draft.photo, draft.notes, draft.publication = {}, None, [], None
        draft.handed_in, draft.contributor = ref, contributor
        draft.save()

    def sweep(self, now: float | None = None) -> None:
        """Drafts nobody sent within MAX_AGE_DAYS are removed (they hold names and photos)."""
        now = now or time.time()
        for folder in self.root.glob("*") if self.root.is_dir() else ():
            draft = self.get(folder.name)
            if draft is None or now - draft.created > MAX_AGE_DAYS * 86400:
                shutil.rmtree(folder, ignore_errors=True)
