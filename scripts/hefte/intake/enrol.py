"""Add a new writer to the private register: a new contributor id for her real name and how to reach her.

Her name and contact go here and nowhere else; the text only ever says the id. The register is the editor's
file, with the editor's comments in it, so it is edited round-trip (ruamel.yaml keeps comments, order and
quoting) and written atomically, under a lock, so two participants handing in at once get two ids.
"""

from __future__ import annotations

import fcntl
import io
import re
import threading
import unicodedata
from contextlib import contextmanager
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..config import Config
from ..errors import HefteError
from ..files import write_atomically

MESSAGES: dict[str, tuple[str, str]] = {
    "enrol.unreadable": (
        "Det private registeret {file} kan ikke leses ({problem}), så ingen ny skribent er lagt inn. "
        "Rett fila (kjør `hefte check`), og prøv igjen.",
        "The private register {file} cannot be read ({problem}), so no new writer was added. "
        "Fix the file (run `hefte check`) and try again.",
    ),
}

NEW_REGISTER = """\
# Privat register: bidragsyter-id -> ekte navn og kontakt. Skal aldri i git.
# Tekstene viser bare til id-ene (c-01, c-02 …), aldri til navnene.
contributors: {}
deny: []
"""
_ID = re.compile(r"^c-(\d+)$")
_LOCK = threading.Lock()


def _yaml() -> YAML:
    yaml = YAML()
    yaml.version = (1, 1)  # the loader is PyYAML (YAML 1.1): quote what it would read as a boolean
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


@contextmanager
def _locked(path: Path):
    """One writer at a time: threads of this server, and any other hefte process on the same register."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _LOCK, open(path.with_name(f".{path.name}.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def next_id(existing) -> str:
    numbers = [int(m[1]) for key in existing if (m := _ID.match(str(key)))]
    return f"c-{max(numbers, default=0) + 1:02d}"


def enrol(config: Config, name: str, contact: str | None) -> str:
    """Add a writer; return her new contributor id (``c-12``)."""
    path = config.register_path
    yaml = _yaml()
    with _locked(path):
        source = path.read_text("utf-8") if path.is_file() else NEW_REGISTER
        try:
            data = yaml.load(source) or CommentedMap()
        except Exception as exc:  # ruamel raises many error types; all mean "cannot be read"
            raise HefteError("enrol.unreadable", file=str(path), problem=type(exc).__name__) from None
        if not isinstance(data, dict):
            raise HefteError("enrol.unreadable", file=str(path), problem="ikke en liste med felt")
        contributors = data.get("contributors")
        if contributors is None:
            contributors = data["contributors"] = CommentedMap()
        if not isinstance(contributors, dict):
            raise HefteError("enrol.unreadable", file=str(path), problem="contributors")
        new_id = next_id(contributors)
        names = CommentedSeq([unicodedata.normalize("NFC", name).strip()])
        names.fa.set_flow_style()
        entry = CommentedMap()
        entry["names"] = names
        entry["contact"] = unicodedata.normalize("NFC", contact).strip() if contact and contact.strip() else None
        contributors[new_id] = entry
        buffer = io.StringIO()
        yaml.dump(data, buffer)
        text = buffer.getvalue().removeprefix("%YAML 1.1\n").removeprefix("---\n")
        write_atomically(path, text.encode("utf-8"))
        path.chmod(0o600)  # real names and phone numbers: readable by the editor only
    return new_id
