"""The studio's Flask application: configuration, the safety rules every request passes, error pages.

Flask, because its ecosystem has the pieces a small form-driven server needs, each well kept: Flask-WTF
(forms and CSRF on every POST), signed session cookies (itsdangerous), Flask-Limiter (login attempts), Jinja2
templates a course can override (``overrides/studio/``), and waitress (server.py) as a production-grade WSGI
server with no C build and no JavaScript. Views are thin (views.py, desk_views.py); who may see what is decided
in access.py alone.
"""

from __future__ import annotations

import secrets
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import jinja2
from flask import Flask, Request, current_app, g, redirect, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException, SecurityError

from ..config import Config
from ..desk import private
from ..render import images
from . import access, uploads
from .drafts import Drafts

MAX_FORM_FIELDS_BYTES = 2_500_000
"""Every typed field together (the text itself is the big one; a text file may be 2 MB)."""
MAX_REQUEST_BYTES = 64_000_000
"""The most the two forms that take a file (the text form's photo, the upload's document) read at all. A photo
may be 30 MB (a phone's is under 20) and a document 10 MB; a file over its own limit is read up to that limit
only, so a short video chosen by mistake is refused on the form, next to the photo, with her words kept.
Anything larger is refused before its body is read: waitress stops at this and the studio answers with its 413
page (server.make_server)."""
FILE_ROUTES = {"studio.write", "studio.upload"}
MAX_FILE_KEPT = max(images.MAX_FILE_BYTES, uploads.MAX_UPLOAD_BYTES) + 1
"""One past the larger limit: enough for the file's own check to say «too large»; the rest is not kept."""
LOGIN_LIMIT = "5 per minute;20 per hour"
"""Passphrase attempts per address: enough for typos, far too few to guess."""
ALL_LOGINS_LIMIT = "60 per hour"
"""Passphrase attempts from all addresses together: in a room of phones (or a laptop that takes many addresses)
the limit per address alone lets thousands of guesses through in an evening. Past it, editors already logged
in keep working; a new login waits for the hour, or the studio is started again."""
NEW_DRAFTS_LIMIT = "30 per hour"
"""New drafts (an empty form sent, a file uploaded) per address in the course room: a writer makes a few an
evening; each one is a folder on the course leader's disk, with a photo of up to 30 MB."""

ERRORS = {
    400: ("Skjemaet kunne ikke sendes", "Noe i skjemaet manglet eller var feil. Gå tilbake og prøv igjen."),
    403: ("Ingen tilgang", "Denne sida er ikke for deg. Har du fått en lenke eller QR-kode fra kurslederen, "
                           "bruk den for å komme inn."),
    404: ("Fant ikke sida", "Sida finnes ikke (lenger). Gå til forsida og prøv derfra."),
    405: ("Fant ikke sida", "Sida kan ikke brukes slik. Gå til forsida og prøv derfra."),
    413: ("Det du sendte er for stort",
          f"Så store filer tas ikke imot: et bilde kan være opptil {images.MAX_FILE_BYTES // 1_000_000} MB og en "
          f"tekstfil opptil {uploads.MAX_UPLOAD_BYTES // 1_000_000} MB. "
          "Gå tilbake, velg en mindre fil (for eksempel et bilde som er lagret mindre) og send igjen."),
    429: ("For mange forsøk", "Du har prøvd for mange ganger på kort tid. Vent {wait}, og prøv igjen."),
    500: ("Noe gikk galt", "Noe uventet gikk galt i studioet. Ingenting er publisert. Si fra til kurslederen."),
}
WRONG_HOST = ("Studioet svarer bare på denne maskinens egen adresse",
              "Åpne {url} i nettleseren på maskinen der studioet kjører. Skal deltakerne bruke sine egne telefoner, "
              "start studioet med «hefte studio --lan».")
CSRF_MESSAGE = ("Skjemaet var for gammelt eller kom ikke fra denne sida, så det ble ikke tatt imot. Gå tilbake, "
                "last sida på nytt og send igjen.")


def _studio_folder(private_dir: Path) -> Path:
    """The studio's part of the private folder, for the editor's account alone: the drafts hold names, phone
    numbers and photos, and the session key is here."""
    folder = private_dir / "studio"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)  # made by an earlier version with the default mode
    return folder


def _secret_key(studio_dir: Path) -> bytes:
    """Kept in the private folder, so sessions (and a participant's list of her own texts) survive a restart."""
    path = studio_dir / "hemmelig-nokkel"
    if path.is_file() and len(path.read_bytes()) >= 32:
        return path.read_bytes()
    key = secrets.token_bytes(32)
    path.touch(mode=0o600)
    path.write_bytes(key)
    return key


class _CappedFile:
    """Where a file in a form is written while the form is read: up to ``cap`` bytes are kept, the rest only
    counted (``received``), so a 60 MB video does not lie on the disk while she is told it is too large."""

    def __init__(self, cap: int):
        self._file = tempfile.SpooledTemporaryFile(max_size=500_000)
        self.cap, self.received = cap, 0

    def write(self, data: bytes) -> int:
        room = max(0, self.cap - self.received)
        self.received += len(data)
        if room:
            self._file.write(data[:room])
        return len(data)

    def __getattr__(self, name):
        return getattr(self._file, name)


class _Request(Request):
    """A form without a file field is refused past what its fields can hold; only the text form and the upload
    read up to MAX_REQUEST_BYTES, and of a file only what its own check needs."""

    @property
    def max_content_length(self) -> int | None:
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        if self.url_rule is not None and self.url_rule.endpoint in FILE_ROUTES:
            return limit
        return min(limit, MAX_FORM_FIELDS_BYTES + 100_000)

    def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):
        return _CappedFile(MAX_FILE_KEPT)


class _SessionCookie(SecureCookieSessionInterface):
    """«Secure» when the request came over https (behind a proxy that says so): such a cookie never travels
    over plain http. The course room is plain http, where a Secure cookie would never come back."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return request.is_secure or super().get_cookie_secure(app)


def create_app(config: Config, gate: access.Gate | None = None, *, secret_key: bytes | None = None) -> Flask:
    gate = gate or access.Gate()
    private_dir = private.private_dir(config)  # the editors' private folder; refused inside site/, texts/ …
    studio_dir = _studio_folder(private_dir)
    app = Flask(__name__, static_folder=str(Path(__file__).parent / "static"), static_url_path="/static")
    app.request_class = _Request
    app.config.update(
        SECRET_KEY=secret_key or _secret_key(studio_dir),
        SESSION_COOKIE_NAME="hefte_studio",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(days=60),
        # The cookie is sent only when the session changed. Refreshed on every answer, a late answer to a page's
        # stylesheet or icon, asked with the cookie from before, set that older session again: the form's CSRF
        # key or her newest text was gone, and her next form was refused. 60 days count from the last change.
        SESSION_REFRESH_EACH_REQUEST=False,
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        MAX_FORM_MEMORY_SIZE=MAX_FORM_FIELDS_BYTES,
        WTF_CSRF_TIME_LIMIT=None,  # a text can take hours to write; the token lives as long as the session
        WTF_CSRF_SSL_STRICT=False,  # the course room is plain http on the local network
        # On this machine alone the desk needs no passphrase: answer only requests that name this machine, so a
        # web page that points its own domain at 127.0.0.1 (DNS rebinding) cannot read or use the studio.
        # In the course room every request needs the course link, whatever address it names.
        TRUSTED_HOSTS=None if gate.lan else ["127.0.0.1", "localhost"],
    )
    app.session_interface = _SessionCookie()
    app.jinja_loader = jinja2.ChoiceLoader([
        jinja2.FileSystemLoader(str(config.overrides_path / "studio")),  # a course's own templates win
        jinja2.FileSystemLoader(str(Path(__file__).parent / "templates")),
    ])
    app.extensions["hefte"] = {"config": config, "gate": gate, "drafts": Drafts(private_dir),
                               "ended": access.Ended(studio_dir / "avsluttet")}
    CSRFProtect(app)
    limiter = Limiter(get_remote_address, app=app, storage_uri="memory://", default_limits=[],
                      headers_enabled=False)
    app.extensions["hefte"]["limiter"] = limiter

    @app.before_request
    def _gate():
        if request.endpoint == "static":
            return None
        g.actor = access.current_actor(gate, app.extensions["hefte"]["ended"])
        g.gate = gate
        if gate.lan and not g.actor.in_course and gate.token_ok(request.args.get("k")):
            access.remember_course(gate)
            # The token leaves the address bar (and the browser history) at once. Quoted: a tab or a backslash
            # in a path of the link's («/%09/ond.example/») came back bare and took her to another host.
            return redirect(quote(request.path))
        access.require(g.actor, gate, access.Action.ENTER)
        return None

    @app.after_request
    def _headers(response):
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'none'; object-src 'none'; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"  # the course token must never travel on
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"  # private texts and names: not in shared caches
        return response

    @app.context_processor
    def _context():
        actor = getattr(g, "actor", None)
        return {"actor": actor, "gate": gate,
                "desk_open": actor is not None and access.allowed(actor, gate, access.Action.USE_DESK)}

    def _her_words() -> dict | None:
        """A text form that cannot be taken in (the studio restarted, the session is gone) is given back to
        copy: the words are hers, and in this request already. Nothing of it is kept on the server."""
        if request.method != "POST" or request.endpoint != "studio.write":
            return None
        words = {key: request.form.get(key, "") for key in ("title", "body")}
        return words if any(value.strip() for value in words.values()) else None

    @app.errorhandler(CSRFError)
    def _csrf(error):
        return render_template("error.html", title="Skjemaet ble ikke tatt imot", message=CSRF_MESSAGE,
                               kept=_her_words()), 400

    @app.errorhandler(SecurityError)
    def _wrong_host(error):
        title, message = WRONG_HOST
        port = request.environ.get("SERVER_PORT", "8100")
        return render_template("wrong_host.html", title=title,
                               message=message.format(url=f"http://127.0.0.1:{port}/")), 400

    @app.errorhandler(HTTPException)
    def _http(error):
        title, message = ERRORS.get(error.code, (error.name, error.description))
        if error.code == 429:
            message = message.format(wait=_wait(limiter))
        kept = _her_words() if error.code in (400, 403, 429) else None
        return render_template("error.html", title=title, message=message, kept=kept), error.code

    from . import desk_views, views

    app.register_blueprint(views.blueprint)
    app.register_blueprint(desk_views.blueprint)
    login = limiter.limit(LOGIN_LIMIT, methods=["POST"])(app.view_functions["desk.login"])
    app.view_functions["desk.login"] = limiter.limit(ALL_LOGINS_LIMIT, key_func=lambda: "alle", methods=["POST"])(login)
    # Saving a draft she has is never limited: only a new one, and only in the course room (on this machine
    # alone, the writers are the ones sitting at it).
    # The upload always makes a new draft, whatever its address says.
    new_draft = limiter.shared_limit(NEW_DRAFTS_LIMIT, scope="nytt-utkast", methods=["POST"], exempt_when=lambda: (
        not gate.lan or (request.endpoint == "studio.write" and bool(request.args.get("utkast")))))
    for endpoint in ("studio.write", "studio.upload"):
        app.view_functions[endpoint] = new_draft(app.view_functions[endpoint])
    return app


def _wait(limiter: Limiter) -> str:
    """How long until the limit she ran into lets her try again, in words («et minutt», «42 minutter»)."""
    limit = limiter.current_limit
    minutes = max(1, round((limit.reset_at - time.time()) / 60)) if limit else 1
    return "et minutt" if minutes == 1 else f"{minutes} minutter"
