"""Faults a build must survive, with real processes, real kills, real file systems.

- a kill -9 between the renames of the swap: the next run finishes it, so site/ and print/ are one build;
- two builds at once: the second is refused with a clear message, and the first does not publish a plan
  that an edit made stale while it ran (a text withdrawn meanwhile stays withdrawn);
- a full disk (a real, small tmpfs): plain words, both old folders as they were;
- site/ as a mount point (a web server's folder): published into by copying, still a mount point;
- a 2000-character title: a capped, still unique slug.

The tmpfs tests need root (mount); elsewhere they are skipped with the reason.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import TODAY, make_project, participant
from hefte.cli import main

ENV = dict(os.environ, HEFTE_TODAY=TODAY)
OUTPUTS = ("site", "print")

# Runs `hefte` in a child process that SIGKILLs itself right after its Nth rename in publish.py: a real kill -9
# at exactly the worst moment of the swap, without a test hook in the code under test.
KILL_AFTER_RENAMES = """
import os, signal, sys, types
import hefte.publish as publish
count = [0]
def rename(src, dst):
    os.rename(src, dst)
    count[0] += 1
    if count[0] == int(os.environ["HEFTE_TEST_KILL_AFTER"]):
        os.kill(os.getpid(), signal.SIGKILL)
publish.os = types.SimpleNamespace(**{**vars(os), "rename": rename})
from hefte.cli import main
main()
"""


def hefte(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hefte.cli", "build", "--root", str(root), *args],
                          env=env or ENV, capture_output=True, text=True)


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for d in OUTPUTS for p in (root / d).rglob("*") if p.is_file()}


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "texts" / "testhefte" / name
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")


def leftovers(root: Path) -> list[Path]:
    found = list(root.glob(".hefte/staging-*")) + list(root.glob(".hefte-*")) + list(root.glob(".hefte/journal*"))
    for out in OUTPUTS:
        found += list((root / out).glob(".hefte-*"))
    return found


def test_a_kill_between_the_renames_is_finished_by_the_next_run(tmp_path):
    make_project(tmp_path, {"a.md": participant("Morgen", "Gammel tekst.\n"), "b.md": participant("Kveld")})
    assert hefte(tmp_path, "--no-pdf").returncode == 0
    manifest = tmp_path / "print" / "manifest.json"  # print/ of a --no-pdf build: the manifest with source hashes
    old_manifest = manifest.read_bytes()
    edit(tmp_path, "a.md", "Gammel tekst.", "Ny tekst.")
    new_hash = hashlib.sha256((tmp_path / "texts" / "testhefte" / "a.md").read_bytes()).hexdigest()
    # renames: site -> old, new site -> site, print -> old, new print -> print. Killed after the second:
    killed = subprocess.run([sys.executable, "-c", KILL_AFTER_RENAMES, "build", "--root", str(tmp_path), "--no-pdf"],
                            env={**ENV, "HEFTE_TEST_KILL_AFTER": "2"}, capture_output=True, text=True)
    assert killed.returncode == -9, killed.stderr
    page = tmp_path / "site" / "testhefte" / "morgen" / "index.html"
    assert "Ny tekst." in page.read_text("utf-8")  # the half-done state the kill left: new site ...
    assert manifest.read_bytes() == old_manifest  # ... old print
    assert (tmp_path / ".hefte" / "journal.json").is_file()
    # The next run finishes the swap first, even though this run itself is refused by check.
    edit(tmp_path, "b.md", "byline: first-name", "byline: fornavn")
    refused = hefte(tmp_path, "--no-pdf", "--strict")
    assert refused.returncode == 1 and "fornavn" in refused.stderr
    assert new_hash in manifest.read_text("utf-8") and "Ny tekst." in page.read_text("utf-8")
    assert leftovers(tmp_path) == []


def test_two_builds_at_once_the_second_is_refused_and_the_stale_first_does_not_publish(tmp_path):
    # each text its own words: a withdrawn text's words in another text would be held back there too (issue 8)
    texts = {f"t{i}.md": participant(f"Tekst {i}", f"Ord og setninger i tekst {i}. " * 50) for i in range(4)}
    make_project(tmp_path, texts)
    assert hefte(tmp_path, "--no-pdf").returncode == 0
    before = snapshot(tmp_path)
    slow = subprocess.Popen([sys.executable, "-m", "hefte.cli", "build", "--root", str(tmp_path)], env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and not list(tmp_path.glob(".hefte/staging-*/print")):
        time.sleep(0.02)
    # Hold the first build where it is (a real SIGSTOP: the timing no longer depends on the machine's load)
    slow.send_signal(signal.SIGSTOP)
    assert slow.poll() is None, "the first build ended before the test could start the second"
    # the editor withdraws a text and builds (without PDFs) while the first build is still running
    edit(tmp_path, "t3.md", "withdrawn: null", "withdrawn: 2026-11-20")
    second = hefte(tmp_path, "--no-pdf")
    slow.send_signal(signal.SIGCONT)
    assert second.returncode == 1
    assert f"En annen bygging av dette prosjektet pågår allerede (prosess {slow.pid}" in second.stderr
    out, err = slow.communicate(timeout=300)
    assert slow.returncode == 1, out + err
    assert "Kildene ble endret mens byggingen pågikk" in err and "t3.md" in err
    assert snapshot(tmp_path) == before  # nothing of the stale build was published
    assert leftovers(tmp_path) == []
    again = hefte(tmp_path, "--no-pdf")
    assert again.returncode == 0, again.stderr
    assert not (tmp_path / "site" / "testhefte" / "tekst-3").exists()


@contextlib.contextmanager
def tmpfs(path: Path, size: str):
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs to fill it needs root")
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(folder: Path, leave: int) -> None:
    """Fill the file system of ``folder`` until only ``leave`` bytes are free."""
    import shutil

    free = shutil.disk_usage(folder).free
    with open(folder / "fyll.bin", "wb") as fh:
        fh.write(b"\0" * max(0, free - leave))


def test_a_full_disk_is_said_plainly_and_both_old_folders_stay(tmp_path):
    with tmpfs(tmp_path / "disk", "40m") as disk:
        root = disk / "prosjekt"
        make_project(root, {"a.md": participant("Morgen", "Gammel tekst.\n")})
        assert hefte(root, "--no-pdf").returncode == 0
        before = snapshot(root)
        edit(root, "a.md", "Gammel tekst.", "Ny tekst.")
        fill(disk, 300_000)
        result = hefte(root, "--no-pdf")
        assert result.returncode == 1
        assert "Disken er full" in result.stderr and "site/ og print/ er som før" in result.stderr, result.stderr
        assert "uventet" not in result.stderr and "Traceback" not in result.stderr
        assert snapshot(root) == before
        assert leftovers(root) == []


def test_site_as_a_mount_point_is_published_into_by_copying(tmp_path):
    make_project(tmp_path, {"a.md": participant("Morgen", "Gammel tekst.\n")})
    with tmpfs(tmp_path / "site", "20m") as site:
        first = hefte(tmp_path, "--no-pdf")
        assert first.returncode == 0, first.stderr
        edit(tmp_path, "a.md", "Gammel tekst.", "Ny tekst.")
        second = hefte(tmp_path, "--no-pdf")
        assert second.returncode == 0, second.stderr
        assert os.path.ismount(site)
        assert "Ny tekst." in (site / "testhefte" / "morgen" / "index.html").read_text("utf-8")
        assert leftovers(tmp_path) == []
        # and a full mount point: the copy fails, nothing in it changes
        edit(tmp_path, "a.md", "Ny tekst.", "Nyere tekst.")
        fill(site, 50_000)
        before = snapshot(tmp_path)
        full = hefte(tmp_path, "--no-pdf")
        assert full.returncode == 1 and "Disken er full" in full.stderr, full.stderr
        assert snapshot(tmp_path) == before
        assert leftovers(tmp_path) == []


def test_a_2000_character_title_gets_a_short_unique_slug(tmp_path):
    title = "Langt " + "ord " * 500
    make_project(tmp_path, {"a.md": participant(title), "b.md": participant(title)})
    result = CliRunner().invoke(main, ["build", "--root", str(tmp_path), "--no-pdf"])
    assert result.exit_code == 0, result.output
    pages = sorted(p.parent.name for p in (tmp_path / "site" / "testhefte").glob("*/index.html"))
    assert len(pages) == 2 and pages[0] != pages[1]
    assert all(len(name) <= 80 and name.startswith("langt-ord-ord") for name in pages)
