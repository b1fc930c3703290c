"""verify with its files read in worker processes (guard/verify_workers.py): it must find what a serial run
finds, in the same order, and fail closed when a worker fails; Ctrl+C and kill -9 leave no worker behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from conftest import make_project, participant, running
from hefte.build import build
from hefte.config import load_config
from hefte.errors import LeakFound
from hefte.guard import verify, verify_workers
from hefte.pipeline import prepare
from test_verify import ANON, FNR, REGISTER, WITHDRAWN_TITLE, clean_outputs, page, pdf, texts, write

ENV = dict(os.environ, HEFTE_TODAY="2026-11-22")


def formatted(report) -> list[str]:
    return [f.format("en") for f in report]


def pids_of_tasks(monkeypatch, tmp_path) -> Path:
    """Each task notes the process that read it in a file, so a test knows its files were shared out."""
    log = tmp_path / "pids"
    log.mkdir()
    check = verify._verify_files

    def noted(*args):
        (log / str(os.getpid())).touch()
        return check(*args)

    monkeypatch.setattr(verify, "_verify_files", noted)
    return log


@pytest.fixture
def big_site(tmp_path):
    """The small project of test_verify.py with 80 more clean pages: enough files for several tasks."""
    root = make_project(tmp_path / "p", texts(), register=REGISTER)
    clean_outputs(tmp_path)
    for i in range(80):
        write(tmp_path / f"site/side-{i:02d}/index.html", page(f"<h1>Side {i}</h1>\n<p>Ingenting å se her.</p>"))
    return root


def test_leaks_in_later_tasks_are_found_with_file_and_line_in_the_serial_order(big_site, monkeypatch, tmp_path):
    site = tmp_path / "site"
    write(site / "side-71/index.html", page(f"<h1>Side 71</h1>\n<p>Om\n«{WITHDRAWN_TITLE}»</p>"))
    write(site / "side-03/index.html", page(f"<p>Nummeret er {FNR}.</p>"))
    leaky = pdf(f"<p>Skrevet av {ANON}.</p>")  # the screen PDF: in print/ and on the site, the same bytes
    write(site / "pdf/testhefte.pdf", leaky)
    write(tmp_path / "print/testhefte.pdf", leaky)
    state = prepare(big_site)
    serial = verify.verify(state, site, tmp_path / "print", workers=1)
    log = pids_of_tasks(monkeypatch, tmp_path)
    parallel = verify.verify(state, site, tmp_path / "print", workers=2)
    assert len({p.name for p in log.iterdir()} - {str(os.getpid())}) == 2, "the files were not shared out"
    assert formatted(parallel) == formatted(serial)
    assert parallel.files_scanned == serial.files_scanned == 91
    found = {(f.code, f.path.relative_to(tmp_path).as_posix(), f.line) for f in parallel.errors}
    assert ("verify.held-back-title", "site/side-71/index.html", 7) in found
    assert ("verify.fnr", "site/side-03/index.html", 5) in found
    assert {("verify.name", "site/pdf/testhefte.pdf"), ("verify.name", "print/testhefte.pdf")} <= {
        (code, path) for code, path, _ in found}


def test_a_worker_that_dies_fails_verify_and_its_files_are_not_remembered_clean(big_site, monkeypatch, tmp_path):
    read = verify.read

    def dies_on_one_page(name, data, doc, *more):
        if b"Side 42" in data:
            os._exit(7)  # as a segfault in a reader, or the OOM killer, would end the worker
        return read(name, data, doc, *more)

    monkeypatch.setattr(verify, "read", dies_on_one_page)
    cache = tmp_path / "verify-clean.json"
    report = verify.verify(prepare(big_site), tmp_path / "site", tmp_path / "print", cache=cache, workers=2)
    unreadable = {f.path.relative_to(tmp_path).as_posix() for f in report.errors if f.code == "verify.unreadable"}
    assert report.has_errors() and "site/side-42/index.html" in unreadable
    assert {f.code for f in report.errors} == {"verify.unreadable"}
    assert "BrokenProcessPool" in report.errors[0].params["problem"]
    # what was not read is read again next time, and then found clean
    monkeypatch.setattr(verify, "read", read)
    again = verify.verify(prepare(big_site), tmp_path / "site", tmp_path / "print", cache=cache, workers=2)
    assert not again.has_errors()
    assert len(json.loads(cache.read_text())) == again.files_scanned


def test_a_worker_that_raises_fails_verify(big_site, monkeypatch, tmp_path):
    scan = verify._scan

    def raises_on_one_page(doc, rules, path, report, **options):
        if path.parent.name == "side-13":
            raise MemoryError("planted")
        return scan(doc, rules, path, report, **options)

    monkeypatch.setattr(verify, "_scan", raises_on_one_page)
    report = verify.verify(prepare(big_site), tmp_path / "site", tmp_path / "print", workers=2)
    assert report.has_errors()
    problems = {f.path.parent.name: f.params["problem"] for f in report.errors if f.code == "verify.unreadable"}
    assert problems["side-13"] == "verify worker: MemoryError: planted"


def test_a_parallel_build_refuses_with_the_findings_of_a_serial_one(tmp_path, monkeypatch):
    # Only verify can see these leaks: the name comes from mkdocs.yml into the home page and (the footer's
    # copyright) into every page, so it is found in every task.
    import yaml
    from test_leak_holes import SURNAME, make

    root = make(tmp_path / "p", "real name in the site description")
    config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
    config["copyright"] = f"Tekstene: Rita {SURNAME} og de andre"
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    reports = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("HEFTE_WORKERS", workers)
        with pytest.raises(LeakFound) as refused:
            build(load_config(root), fresh=True)
        reports[workers] = refused.value.report
    assert reports["2"].files_scanned == reports["1"].files_scanned >= 2 * verify_workers.MIN_FILES
    assert formatted(reports["2"]) == formatted(reports["1"])
    pages = {f.path.relative_to(root).as_posix() for f in reports["2"].errors}
    assert {f.code for f in reports["2"].errors} == {"verify.name"} and len(pages) >= 5


# --- stopping ---------------------------------------------------------------------------------------------------


def _many_texts(root: Path) -> Path:
    body = "Vi satt rundt bordet i kantina og leste høyt for hverandre. " * 20 + "\n"
    return make_project(root, {f"t{i:02d}.md": participant(f"Tekst {i}", f"Tekst nummer {i}. {body}")
                               for i in range(60)}, register=REGISTER)


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _reading(pid: int) -> list[int]:
    """The children of ``pid`` that are running or stopped, not ended and waiting to be reaped."""
    alive = []
    for child in _children(pid):
        try:
            state = Path(f"/proc/{child}/stat").read_text().rpartition(")")[2].split()[0]
        except OSError:
            continue
        if state not in ("Z", "X"):
            alive.append(child)
    return alive


def _build_until_verify_forks(root: Path) -> tuple[subprocess.Popen, list[int]]:
    """``hefte build --no-pdf`` in a process group of its own, stopped (SIGSTOP) at a moment its verify workers
    are reading: without PDFs, the build's only child processes are verify's. The caller signals the stopped
    group and then continues it (SIGCONT). Stopped first and then looked at: on a busy machine this test could
    be held up between seeing the workers and signalling, long enough for the build to finish."""
    for _attempt in range(5):
        proc = subprocess.Popen([sys.executable, "-m", "hefte.cli", "build", "--no-pdf", "--root", str(root)],
                                env=dict(ENV, HEFTE_WORKERS="2"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, start_new_session=True,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        deadline = time.monotonic() + 120
        while len(_children(proc.pid)) < 2 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGSTOP)
        workers = _reading(proc.pid)
        if len(workers) >= 2:
            return proc, workers
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGCONT)
        proc.communicate(timeout=60)  # verify was over when the build stopped: build again from nothing
        shutil.rmtree(root / "site", ignore_errors=True)
    pytest.fail("the build never stopped while verify's workers were reading")


def test_ctrl_c_while_verify_reads_ends_its_workers_calmly(tmp_path):
    root = _many_texts(tmp_path)
    proc, workers = _build_until_verify_forks(root)
    os.killpg(proc.pid, signal.SIGINT)  # a terminal's Ctrl+C reaches the whole group: the build and its workers
    os.killpg(proc.pid, signal.SIGCONT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "Avbrutt. Ingenting er skrevet" in err and "Traceback" not in err
    time.sleep(0.5)
    assert not [pid for pid in workers if running(pid)]
    assert not (root / "site").exists()


def test_a_killed_build_takes_verify_workers_with_it(tmp_path):
    root = _many_texts(tmp_path)
    proc, workers = _build_until_verify_forks(root)
    proc.send_signal(signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGCONT)  # the workers, stopped with the build
    proc.communicate(timeout=60)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(running(pid) for pid in workers):
        time.sleep(0.1)
    assert not [pid for pid in workers if running(pid)], "verify workers outlived the killed build"
