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
