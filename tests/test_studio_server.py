"""`hefte studio` as the course leader starts it: the real command, waitress, the printed link and QR code."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from click.testing import CliRunner

import studio_fixtures as fx
from conftest import make_project, participant
from hefte.cli import main


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status_of(url: str) -> int:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None

    try:
        return urllib.request.build_opener(NoRedirect).open(url, timeout=10).status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_lan_mode_prints_the_link_and_a_qr_code_and_refuses_requests_without_the_token(tmp_path):
    root = make_project(tmp_path, {"a.md": participant()})
    port = free_port()
    env = dict(os.environ, HEFTE_STUDIO_PASSPHRASE="redaksjonens-passord", PYTHONUNBUFFERED="1")
    process = subprocess.Popen([sys.executable, "-m", "hefte.cli", "studio", "--lan", "--port", str(port),
                                "--root", str(root)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                               text=True)
    try:
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(line.startswith("Redaksjonen:") for line in lines):
            lines.append(process.stdout.readline())
        output = "".join(lines)
        link = re.search(r"http://([^/\s]+):(\d+)/\?k=([A-Za-z0-9_-]+)", output)
        assert link and link[2] == str(port), output
        assert "Deltakerne går inn med denne lenken (eller QR-koden)" in output
        assert "█" in output or "▀" in output  # the QR code, drawn in the terminal
        token = link[3]
        # Listening on every address includes this machine's own: ask there, never on the room's network.
        base = f"http://127.0.0.1:{port}"
        for _ in range(50):
            try:
                first = status_of(f"{base}/")
                break
            except (ConnectionError, urllib.error.URLError):
                time.sleep(0.2)
        assert first == 403
        assert status_of(f"{base}/?k=feil") == 403
        assert status_of(f"{base}/?k={token}") == 302
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_short_passphrase_and_a_taken_port_are_refused_with_a_clear_message(tmp_path, monkeypatch):
    root = make_project(tmp_path, {"a.md": participant()})
    monkeypatch.setenv("HEFTE_STUDIO_PASSPHRASE", "kort")
    result = CliRunner().invoke(main, ["studio", "--lan", "--root", str(root)])
    assert result.exit_code == 1 and "Velg et passord på minst 8 tegn" in result.output
    monkeypatch.delenv("HEFTE_STUDIO_PASSPHRASE")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["studio", "--port", str(port), "--root", str(root)])
    assert result.exit_code == 1 and f"Port {port} er opptatt" in result.output


def test_an_upload_over_the_limit_gets_the_studios_own_message_from_the_real_server(tmp_path):
    """waitress cut off any request just over the limit with its own English text («Request Entity Too
    Large»); the participant must get the studio's page in Norwegian, saying what the limits are."""
    root = make_project(tmp_path, {"a.md": participant()})
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "hefte.cli", "studio", "--port", str(port), "--root", str(root)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=dict(os.environ, PYTHONUNBUFFERED="1"),
                               text=True)
    try:
        process.stdout.readline()
        base = f"http://127.0.0.1:{port}"
        for _ in range(50):
            try:
                status_of(f"{base}/")
                break
            except (ConnectionError, urllib.error.URLError):
                time.sleep(0.2)
        from hefte.studio.app import MAX_REQUEST_BYTES

        # As a browser starts an upload: the headers first. The answer comes before any of the body is read.
        head, page = fx.upload_start(port, MAX_REQUEST_BYTES + 5_000_000)
        assert head.startswith("HTTP/1.1 413"), head
        assert "Det du sendte er for stort" in page and "et bilde kan være opptil 30 MB" in page, page
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_course_link_has_an_address_phones_can_reach_when_the_machines_name_means_itself(monkeypatch):
    """Debian and Ubuntu map the machine's own name to 127.0.1.1: the link and QR code then named the machine
    («http://laptop:8100/…»), which phones in the room cannot look up. The address on the network is used."""
    from pathlib import Path

    import pytest

    from hefte.studio import server

    routes = Path("/proc/net/route")
    if not routes.is_file() or not any(line.split()[1] == "00000000" for line in routes.read_text().splitlines()[1:]):
        pytest.skip("this machine has no network route to find its address on")
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.1.1", 0))])
    host, found = server.lan_host()
    assert found and not host.startswith("127.") and re.fullmatch(r"\d+\.\d+\.\d+\.\d+", host)
    link = server.addresses(server.make_gate(True, "redaksjonens-passord"), 8100).participant
    assert link.startswith(f"http://{host}:8100/?k=")
