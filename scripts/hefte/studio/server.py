"""Run the studio with waitress (a production WSGI server in pure Python) and say where it is.

Local by default (127.0.0.1: only this machine). ``--lan`` opens it to the course room: it listens on every
address, makes a course token, and prints the link with the token, as text and as a QR code for phones
(segno draws it in the terminal). The editor's pages then need the passphrase.
"""

from __future__ import annotations

import secrets
import socket
from dataclasses import dataclass

from ..config import Config

DEFAULT_PORT = 8100

MESSAGES: dict[str, tuple[str, str]] = {
    "studio.local": (
        "Skrivestudioet kjører på {url}\nÅpne adressen i nettleseren på denne maskinen. Stopp med Ctrl+C.",
        "The writing studio runs at {url}\nOpen the address in a browser on this machine. Stop with Ctrl+C.",
    ),
    "studio.desk": ("Redaksjonen: {url}", "Editors: {url}"),
    "studio.lan": (
        "Skrivestudioet er åpent for kursrommet. Deltakerne går inn med denne lenken (eller QR-koden):\n{url}\n"
        "Lenken gjelder til studioet stoppes. Del den bare i rommet. Stopp med Ctrl+C.",
        "The writing studio is open to the course room. Participants join with this link (or the QR code):\n{url}\n"
        "The link works until the studio is stopped. Share it only in the room. Stop with Ctrl+C.",
    ),
    "studio.no-address": (
        "Fant ingen nettverksadresse for denne maskinen; bruk maskinens adresse i stedet for {host} i lenken.",
        "Found no network address for this machine; use its address instead of {host} in the link.",
    ),
    "studio.passphrase-needed": (
        "I kursrommet (--lan) trenger redaksjonens sider et passord. Velg et passord på minst {min} tegn.",
        "In the course room (--lan) the editors' pages need a passphrase. Choose one of at least {min} characters.",
    ),
    "studio.own-name": (
        "Teksten nevner navnet ditt («{text}»), men du har ikke valgt å stå med fullt navn. Bytt det ut med et "
        "oppdiktet navn eller fjern det, eller velg «Med fullt navn».",
        "The text mentions your name («{text}»), but you have not chosen to be named in full. Replace it with a "
        "made-up name or remove it, or choose «With full name».",
    ),
    "studio.date-format": ("Skriv datoen som år-måned-dag, for eksempel 2026-03-02.",
                           "Write the date as year-month-day, for example 2026-03-02."),
    "studio.passphrase-prompt": ("Velg et passord for redaksjonens sider", "Choose a passphrase for the editors' pages"),
    "studio.port-taken": (
        "Port {port} er opptatt (kjører studioet eller noe annet der allerede?). Velg en annen med --port.",
        "Port {port} is taken (is the studio or something else already running there?). Choose another with --port.",
    ),
}
MIN_PASSPHRASE = 8


@dataclass
class Addresses:
    participant: str
    desk: str
    host_found: bool = True


def lan_host() -> tuple[str, bool]:
    """This machine's address in the room (no traffic is sent to find it).

    First the address the machine would send from on the local network: «connecting» a UDP socket only asks
    the routing table, no packet leaves. Debian and Ubuntu map the machine's own name to 127.0.1.1, so the
    name alone finds nothing on most Linux laptops; it is the fallback."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            routed = probe.getsockname()[0]
        if not routed.startswith(("127.", "0.")):
            return routed, True
    except OSError:
        pass
    try:
        candidates = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
    except OSError:
        candidates = set()
    usable = sorted(a for a in candidates if not a.startswith("127."))
    return (usable[0], True) if usable else (socket.gethostname(), False)


def addresses(gate, port: int) -> Addresses:
    if not gate.lan:
        return Addresses(f"http://127.0.0.1:{port}/", f"http://127.0.0.1:{port}/redaksjon/")
    host, found = lan_host()
    base = f"http://{host}:{port}"
    return Addresses(f"{base}/?k={gate.token}", f"{base}/redaksjon/?k={gate.token}", found)


def make_gate(lan: bool, passphrase: str | None):
    from .access import Gate

    return Gate(lan=lan, token=secrets.token_urlsafe(16) if lan else None, passphrase=passphrase or None)


def qr_text(url: str) -> str:
    import io

    import segno

    buffer = io.StringIO()
    segno.make(url, error="m").terminal(out=buffer, compact=True)
    return buffer.getvalue()


def make_server(app, host: str, port: int):
    """waitress as the studio runs it (the tests run this one too): 4 threads, and a request over the studio's
    limit refused before its body is read, with the studio's own page.

    waitress keeps a request's body (on disk past 512 kB) before the application sees it, and cuts off one over
    max_request_body_size from its Content-Length, with its own English text. The limit was 200 MB so the studio
    could answer in Norwegian; every connection in the room could hold that much, a stranger's too. Now waitress
    stops at the studio's own limit (app.MAX_REQUEST_BYTES) and hands the request, without its body, to the
    studio, whose 413 page says in Norwegian what the limits are."""
    from waitress.channel import HTTPChannel
    from waitress.server import create_server
    from waitress.task import ErrorTask, WSGITask
    from waitress.utilities import RequestEntityTooLarge

    from .app import MAX_REQUEST_BYTES

    class TooLargeToStudio(WSGITask):
        def execute(self):
            if not isinstance(self.request.error, RequestEntityTooLarge):
                self.complete = True
                return ErrorTask.execute(self)  # waitress's own answer to a request it could not read
            self.set_close_on_finish()  # the body still on its way is not read
            return super().execute()  # the studio sees the Content-Length and answers 413, reading nothing

    class Channel(HTTPChannel):
        error_task_class = TooLargeToStudio

    server = create_server(app, host=host, port=port, threads=4, max_request_body_size=MAX_REQUEST_BYTES + 1,
                           ident="hefte-studio")
    server.channel_class = Channel
    return server


def serve(config: Config, gate, port: int, *, echo=print, lang: str = "nb", quiet: bool = False) -> None:
    """Serve until Ctrl+C. ``quiet``: print only the addresses (and the QR code), not the explanations."""
    from .. import messages
    from .app import create_app

    app = create_app(config, gate)
    app.extensions["hefte"]["drafts"].sweep()
    where = addresses(gate, port)
    if quiet:
        echo(where.participant)
        if gate.lan:
            echo(qr_text(where.participant))
    elif gate.lan:
        echo(messages.render("studio.lan", lang, url=where.participant))
        echo(qr_text(where.participant))
        if not where.host_found:
            echo(messages.render("studio.no-address", lang, host=where.participant.split("/")[2].split(":")[0]))
    else:
        echo(messages.render("studio.local", lang, url=where.participant))
    if not quiet:
        echo(messages.render("studio.desk", lang, url=where.desk))
    make_server(app, "0.0.0.0" if gate.lan else "127.0.0.1", port).run()
