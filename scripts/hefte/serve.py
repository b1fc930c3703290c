"""``hefte serve``: a live preview that obeys the consent policy and says, in the browser, what to fix.

MkDocs' own live-reload server does the serving and the watching; this module only decides what happens
around it: the address is printed once the port is open, a busy port gets a free one suggested, the findings
are printed in hefte's own format after every (re)build, and the preview never hangs on an error: the
hefte plugin turns check errors into a notice on every page, and anything else that stops a build becomes
an error page. Either way the page reloads by itself once the fix is saved.
"""

from __future__ import annotations

import errno
import html
import logging
import shutil
import socket
import tempfile
from pathlib import Path
from typing import Callable

from . import messages
from .config import Config
from .errors import HefteError

MESSAGES = {
    "serve.address": (
        "Forhåndsvisningen er klar på {url} – åpne adressen i nettleseren. Sida lastes inn på nytt når du lagrer "
        "en endring. Trykk Ctrl+C for å stoppe.",
        "The preview is ready at {url} – open the address in a browser. The page reloads when you save a change. "
        "Press Ctrl+C to stop.",
    ),
    "serve.port-busy": (
        "Porten {port} på {host} er allerede i bruk (kanskje av en annen forhåndsvisning). Bruk en ledig port: "
        "hefte serve --dev-addr {host}:{free}",
        "Port {port} on {host} is already in use (perhaps by another preview). Use a free port: "
        "hefte serve --dev-addr {host}:{free}",
    ),
    "serve.bad-address": (
        "«{address}» er ikke en adresse. Skriv vert:port, for eksempel 127.0.0.1:8000.",
        "«{address}» is not an address. Write host:port, for example 127.0.0.1:8000.",
    ),
    "serve.stopped": ("Forhåndsvisningen er stoppet.", "The preview has stopped."),
    "serve.rebuilt": ("Bygd på nytt: ingen feil.", "Rebuilt: no errors."),
    "serve.rebuilt-errors": (
        "Bygd på nytt: {count} feil må rettes (se over). Nettleseren viser dem til de er rettet.",
        "Rebuilt: {count} {count:error|errors} to fix (see above). The browser shows them until they are fixed.",
    ),
    "serve.failed": ("Forhåndsvisningen kunne ikke bygges: {problem}", "The preview could not be built: {problem}"),
    "serve.page-title": ("Noe må rettes", "Something needs fixing"),
    "serve.blocked": (
        "Nettsida kan ikke bygges før dette er rettet ({count}):",
        "The site cannot be built until this is fixed ({count}):",
    ),
    "serve.partial": (
        "Forhåndsvisningen mangler tekster som har feil ({count}); de publiseres ikke før feilene er rettet:",
        "The preview leaves out texts that have errors ({count}); they are not published until fixed:",
    ),
    "serve.reloads": (
        "Rett feilen i fila og lagre: denne sida lastes inn på nytt av seg selv.",
        "Fix the error in the file and save: this page reloads by itself.",
    ),
}


def parse_address(address: str) -> tuple[str, int]:
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise HefteError("serve.bad-address", address=address)
    return host.strip("[]"), int(port)


def check_port(host: str, port: int) -> None:
    """Refuse a port that is taken, with the next free one, before building anything."""
    if _is_free(host, port):
        return
    free = next((p for p in range(port + 1, min(port + 100, 65535)) if _is_free(host, p)), None)
    if free is None:
        with socket.socket() as sock:
            sock.bind((host, 0))
            free = sock.getsockname()[1]
    raise HefteError("serve.port-busy", host=host, port=port, free=free)


def _is_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        # The same option the preview server sets, so a port in TIME_WAIT after a preview counts as free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def serve(config: Config, *, address: str, lang: str, echo: Callable[[str, bool], None],
          quiet: bool = False) -> None:
    """Build into a temporary folder and serve it until Ctrl+C. ``echo(text, is_error)`` prints."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config as mkdocs_load_config
    from mkdocs.livereload import LiveReloadServer

    host, port = parse_address(address)
    check_port(host, port)
    site_dir = tempfile.mkdtemp(prefix="hefte-serve-")
    config_file = config.root / config.mkdocs_config
    # MkDocs' chatter ("Building documentation…", "Reloading browsers") is not for editors; warnings still show.
    logging.getLogger("mkdocs").setLevel(logging.WARNING)

    problems = {"now": False}

    def report(state, blocking) -> None:
        root = state.config.root
        problems["now"] = state.findings.has_errors()
        shown = [f for f in state.findings.sorted() if f.severity >= (2 if quiet else 1)]
        for finding in shown:
            echo(finding.format(lang, root), True)
        errors = len(state.findings.errors)
        echo(messages.render("serve.rebuilt-errors" if errors else "serve.rebuilt", lang, count=errors), bool(errors))

    def builder() -> None:
        try:
            mk = mkdocs_load_config(config_file=str(config_file), site_dir=site_dir, dev_addr=address)
            mk.site_url = server.url
            plugin = mk.plugins.get("hefte")
            if plugin is None:
                raise HefteError("build.no-plugin", config_file, 0)
            plugin.config.lang = lang
            plugin.on_findings = report
            mkdocs_build(mk, serve_url=server.url)
        except Exception as exc:  # noqa: BLE001 - whatever stops the build, the browser must say so, not hang
            problem = exc.message(lang) if isinstance(exc, HefteError) else str(exc) or type(exc).__name__
            echo(messages.render("serve.failed", lang, problem=problem), True)
            problems["now"] = True
            _error_page(Path(site_dir), problem, lang)

    class Server(LiveReloadServer):
        def server_activate(self) -> None:
            super().server_activate()
            echo(messages.render("serve.address", lang, url=self.url), False)

    server = Server(builder=builder, host=host, port=port, root=site_dir)

    def error_page(code: int) -> bytes | None:
        # A page that vanished because its text now has errors shows the front page, which says what to fix;
        # either way with the reload script (MkDocs adds it only to pages it finds), so the fix reloads it.
        name = "index.html" if problems["now"] else f"{code}.html"
        content = _read(Path(site_dir) / name) or _read(Path(site_dir) / f"{code}.html")
        return None if content is None else server._inject_js_into_html(content, server._visible_epoch)

    server.error_handler = error_page
    try:
        builder()
        for path in (config_file, config.root / config.docs_dir, config.texts_path, config.register_path.parent,
                     config.overrides_path, config.root / "pyproject.toml"):
            if path.exists():
                server.watch(str(path))
        try:
            server.serve()
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:  # taken between our check and the bind
                check_port(host, port)
            raise
        except KeyboardInterrupt:
            echo(messages.render("serve.stopped", lang), False)
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def _error_page(site_dir: Path, problem: str, lang: str) -> None:
    """A plain page (no theme: the build that failed may be the theme's) that the server reloads when fixed."""
    title = html.escape(messages.render("serve.page-title", lang))
    body = (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>'
            f'<body><main role="alert"><h1>{title}</h1><p><code>{html.escape(problem)}</code></p>'
            f'<p>{html.escape(messages.render("serve.reloads", lang))}</p></main></body></html>')
    shutil.rmtree(site_dir, ignore_errors=True)
    site_dir.mkdir(parents=True, exist_ok=True)
    for name in ("index.html", "404.html"):
        (site_dir / name).write_text(body, encoding="utf-8")
