"""hefte serve as a real process: the address, what to fix in the browser, reload when fixed, calm stops."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import TODAY, make_project, participant

ENV = {"HEFTE_TODAY": TODAY, "PATH": "/usr/bin:/bin", "PYTHONUNBUFFERED": "1"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def _until(predicate, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError("timed out")


def _serve(root, port, lang):
    return subprocess.Popen([sys.executable, "-m", "hefte.cli", "serve", "--dev-addr", f"127.0.0.1:{port}",
                             "--lang", lang], cwd=root, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


@pytest.mark.parametrize("lang, ready, fix_words", [
    ("nb", "Forhåndsvisningen er klar på http://127.0.0.1:", "Rett feilen i fila og lagre"),
    ("en", "The preview is ready at http://127.0.0.1:", "Fix the error in the file and save"),
])
def test_serve_prints_the_address_shows_what_to_fix_and_reloads_when_fixed(tmp_path, lang, ready, fix_words):
    make_project(tmp_path, {"a.md": participant("Synlig")})
    publication = tmp_path / "texts" / "testhefte" / "publication.yml"
    good = publication.read_text("utf-8")
    publication.write_text(good.replace("kind: booklet", "kind: hefte"), "utf-8")  # a shared error
    port = _free_port()
    proc = _serve(tmp_path, port, lang)
    try:
        base = f"http://127.0.0.1:{port}/"
        line = proc.stdout.readline()
        assert ready in line and f":{port}/" in line
        status, page = _until(lambda: _get(base))
        assert status == 200 and "publication.yml:" in page and "«kind»" in page and fix_words in page
        # The page carries MkDocs' reload script with the version of the site it shows.
        epoch = int(re.search(r"livereload\((\d+), \d+\)", page).group(1))
        publication.write_text(good, "utf-8")  # the fix
        status, text_page = _until(lambda: (lambda r: r if r[0] == 200 else None)(_get(base + "testhefte/synlig/")))
        assert "Synlig" in text_page and fix_words not in text_page
        # The open error page's poll now answers with a newer site: that is what makes the browser reload.
        assert int(_get(f"{base}livereload/{epoch}/1")[1]) > epoch
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert ("Forhåndsvisningen er stoppet." if lang == "nb" else "The preview has stopped.") in out + err
    assert "publication.yml:" in err and "Traceback" not in err and "Aborted with" not in err
    assert "uventet" not in err and "unexpected" not in err


@pytest.mark.parametrize("lang, words", [("nb", "er allerede i bruk"), ("en", "is already in use")])
def test_a_busy_port_gets_a_calm_line_and_a_free_port(tmp_path, lang, words):
    make_project(tmp_path, {"a.md": participant()})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "hefte.cli", "serve", "--dev-addr", f"127.0.0.1:{port}",
                                 "--lang", lang], cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and words in result.stderr
    suggested = int(re.search(r"--dev-addr 127\.0\.0\.1:(\d+)", result.stderr).group(1))
    assert suggested != port
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", suggested))  # the suggestion really is free
    assert "Errno" not in result.stderr and "OSError" not in result.stderr


def test_a_text_with_errors_is_left_out_of_the_preview_and_named_on_every_page(tmp_path):
    make_project(tmp_path, {"a.md": participant("Synlig"),
                            "b.md": participant("Feilaktig", **{"consent.web": "ja"})})
    port = _free_port()
    proc = _serve(tmp_path, port, "nb")
    try:
        base = f"http://127.0.0.1:{port}/"
        proc.stdout.readline()
        status, page = _until(lambda: (lambda r: r if r[0] == 200 else None)(_get(base + "testhefte/synlig/")))
        assert "Synlig" in page and "b.md:" in page and "Forhåndsvisningen mangler tekster som har feil" in page
        status, _ = _get(base + "testhefte/feilaktig/")
        assert status == 404
    finally:
        os.kill(proc.pid, signal.SIGINT)
        proc.communicate(timeout=30)
