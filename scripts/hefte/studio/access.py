"""Who may see and do what in the studio: the ONE place that decides it (views ask ``require``).

Two kinds of people use the studio. A **participant** hands in texts and sees her own drafts and her own
submissions, nothing else: not the register, not another participant's texts, not the editor's pages. An
**editor** uses the desk. In ``--lan`` mode (a course room) every request needs the course token first (from
the printed link or QR code; it is then kept in the session), and the desk needs the passphrase given at
start. On 127.0.0.1 without a passphrase the machine is the course leader's own, and the desk is open.

What a participant owns is kept in her signed session cookie (Flask's session, signed with the studio's
secret): the draft ids she made and the texts she handed in. A cookie she did not get from us fails the
signature and counts as empty.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import os
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path

from flask import abort, current_app, session


class Action(enum.Enum):
    ENTER = "enter"
    """Open any studio page (in --lan mode: came through the course link)."""
    WRITE = "write"
    """Hand in a text, upload a file."""
    SEE_DRAFT = "see-draft"
    """Her own unsent draft: its form, preview, photo. Resource: the draft's owner id."""
    SEE_SUBMISSION = "see-submission"
    """Her own handed-in text and receipt. Resource: ``publication/text``; owner: the contributor the file names."""
    USE_DESK = "use-desk"
    """The editor's pages: every text, its consent and review, the actions."""


@dataclass
class Gate:
    """What the server was started with: the course token (--lan) and the editor's passphrase."""

    lan: bool = False
    token: str | None = None
    passphrase: str | None = None

    @property
    def token_mark(self) -> str | None:
        return _mark(self.token) if self.token else None

    @property
    def passphrase_mark(self) -> str | None:
        return _mark(self.passphrase) if self.passphrase else None

    def token_ok(self, given: str | None) -> bool:
        return bool(self.token and given) and hmac.compare_digest(given.encode(), self.token.encode())

    def passphrase_ok(self, given: str | None) -> bool:
        return bool(self.passphrase and given) and hmac.compare_digest(given.encode(), self.passphrase.encode())


@dataclass
class Actor:
    """The person behind a request, as far as the session shows."""

    session_id: str
    in_course: bool
    """Came through the course link (only asked in --lan mode)."""
    editor: bool
    """Gave the editor's passphrase in this session (for the passphrase the server runs with now)."""
    drafts: set[str] = field(default_factory=set)
    texts: set[str] = field(default_factory=set)
    contributor: str | None = None


def _mark(secret: str) -> str:
    # The session keeps a fingerprint, not the secret: a new token or passphrase at restart ends old sessions.
    # Keyed with the studio's own key: the cookie is signed, not hidden, and a plain hash of the passphrase in
    # it let anyone holding an editor's cookie test guesses offline, past the login limit.
    return hmac.new(current_app.secret_key, b"hefte-studio:" + secret.encode(), hashlib.sha256).hexdigest()[:24]


class Ended:
    """Sessions ended by «Logg ut» or «Jeg er ferdig», kept on the server (``private/studio/avsluttet``).

    The session is a signed cookie: ending it changes only the browser's copy. A copy taken before (plain http
    in the course room, a shared machine's browser profile) would still be signed and still open the desk or a
    writer's receipts. The ids listed here count for nothing, also after a restart."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        try:
            self._ids = set(path.read_text("ascii").split())
        except OSError:
            self._ids = set()

    def __contains__(self, session_id: object) -> bool:
        return session_id in self._ids

    def add(self, session_id: str | None) -> None:
        if not session_id or session_id in self._ids:
            return
        with self._lock:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, f"{session_id}\n".encode("ascii"))  # one write: whole lines, whatever runs beside it
            finally:
                os.close(fd)
            self._ids.add(session_id)


def current_actor(gate: Gate, ended: Ended) -> Actor:
    if "sid" not in session:
        session["sid"] = secrets.token_urlsafe(16)
        session.permanent = True
    elif session["sid"] in ended:
        _forget(session)  # a copy of a session she ended: nothing of hers
    if session.get("login") in ended:
        session.pop("editor", None)
    return Actor(
        session_id=session["sid"],
        in_course=gate.token_mark is not None and session.get("course") == gate.token_mark,
        editor=gate.passphrase_mark is not None and session.get("editor") == gate.passphrase_mark
        and session.get("login") not in ended,
        drafts=set(session.get("drafts", [])),
        # An earlier version kept the file's own name (with its «-2») here.
        texts={receipt_id(t) if "/" in t else t for t in session.get("texts", [])},
        contributor=session.get("contributor"),
    )


def allowed(actor: Actor, gate: Gate, action: Action, resource: str | None = None, owner: str | None = None) -> bool:
    """The rules. Each has a test in tests/test_studio_access.py that fails without it."""
    if gate.lan and not actor.in_course:
        return False  # course room: nothing at all without the course link
    if action in (Action.ENTER, Action.WRITE):
        return True
    if action is Action.SEE_DRAFT:
        return resource is not None and resource in actor.drafts
    if action is Action.SEE_SUBMISSION:
        # Hers by name and still hers: a file name can come back for another writer once a file is deleted.
        return resource is not None and resource in actor.texts and owner is not None and owner == actor.contributor
    if action is Action.USE_DESK:
        # Without a passphrase (only allowed on 127.0.0.1) the desk is the machine owner's.
        return actor.editor or (not gate.lan and gate.passphrase is None)
    return False


REGISTER_FINDINGS = ("pii.name", "pii.name-in-field", "pii.first-name")
"""Findings that come from the register (a name in it, or on the deny-list, was found in the text; or the
first name of a writer in it who does not publish under her full name, which the message gives in full)."""


def participant_may_see(finding, own_names: list[str]) -> bool:
    """A participant sees a finding from the register only when it is about her own name: one about any other
    name would tell her who is in the register (or on its deny-list). The editor sees them all in the desk."""
    if finding.code not in REGISTER_FINDINGS:
        return True
    found = str(finding.params.get("detail") or finding.params.get("text") or "").casefold()
    return bool(found) and any(found in name.casefold() for name in own_names)


def require(actor: Actor, gate: Gate, action: Action, resource: str | None = None, owner: str | None = None) -> None:
    if not allowed(actor, gate, action, resource, owner):
        abort(403)


# What the session remembers (all signed by the studio's secret key).


def remember_course(gate: Gate) -> None:
    session["course"] = gate.token_mark
    session.permanent = True


def remember_editor(gate: Gate) -> None:
    session["editor"] = gate.passphrase_mark
    session["login"] = secrets.token_urlsafe(16)  # this login, to end on the server at «Logg ut»


def forget_editor(ended: Ended) -> None:
    ended.add(session.pop("login", None))
    session.pop("editor", None)


def remember_draft(draft_id: str) -> None:
    session["drafts"] = [*session.get("drafts", [])[-19:], draft_id]


def forget_participant(ended: Ended) -> None:
    """«Jeg er ferdig» on a shared machine: the next person starts afresh, without her drafts, texts or name.
    The course link stays (the machine is still in the room); the editor's login is the editor's to end."""
    ended.add(session.get("sid"))
    _forget(session)


def _forget(kept) -> None:
    for key in ("drafts", "texts", "contributor"):
        kept.pop(key, None)
    kept["sid"] = secrets.token_urlsafe(16)


def receipt_id(ref: str) -> str:
    """The name she knows a handed-in text by (its receipt's address and reference), for ``publication/stem``.

    Not the file name: a file gets «-2» when its title is taken, and a writer who saw «-2» on her receipt, in its
    address or in her cookie (which she can read) would know someone else had handed in a text by that title.
    A keyed hash of it instead: the same for the same text after a restart (the key is kept), and nothing to
    learn from."""
    digest = hmac.new(current_app.secret_key, f"kvittering:{ref}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:10]).decode("ascii").lower()


def remember_text(ref: str, contributor: str | None) -> None:
    receipt = receipt_id(ref)
    if receipt not in session.get("texts", []):
        session["texts"] = [*session.get("texts", []), receipt]
    if contributor:
        session["contributor"] = contributor
