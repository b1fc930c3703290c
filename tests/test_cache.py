"""The PDF cache (.hefte/cache/pdf): a rebuild reuses a PDF only when every input is the same, gives the same
bytes as a cold build, and a reused PDF is verified like a new one. Real builds in a child process, as an
editor runs them (the PDFs are laid out in worker processes there)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import TODAY, make_project, participant, running

ENV = dict(os.environ, HEFTE_TODAY=TODAY, SOURCE_DATE_EPOCH="1767225600", HEFTE_WORKERS="2")
REGISTER = {"contributors": {"c-01": {"names": ["Kari Fjellheim Troan"]}}}


def hefte(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hefte.cli", "build", "--root", str(root), "-q", *args],
                          env=ENV, capture_output=True, text=True)


def pdfs(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "print").glob("*.pdf"))}


def entries(root: Path) -> set[str]:
    return {p.name for p in (root / ".hefte" / "cache" / "pdf").glob("*.pdf")}


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def cold_site(root: Path, site: Path, monkeypatch) -> dict[str, bytes]:
    """The website as MkDocs builds it from nothing, linking the screen PDF the last build published."""
    from hefte.build import _mkdocs_build
    from hefte.pipeline import prepare

    monkeypatch.setenv("SOURCE_DATE_EPOCH", ENV["SOURCE_DATE_EPOCH"])
    _mkdocs_build(prepare(root), site, {"testhefte": root / "print" / "testhefte.pdf"}, strict=True)
    return site_files(site)


def pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path, {"a.md": participant("Morgen", "Bussen kom for sent igjen i dag.\n"),
                                   "b.md": participant("Kveld", "Lyset i vinduet var varmt.\n")},
                        register=REGISTER)


def test_cold_cached_and_fresh_builds_give_the_same_bytes(project):
    first = hefte(project)
    assert first.returncode == 0, first.stderr
    cold, cached = pdfs(project), entries(project)
    assert set(cold) == {"testhefte.pdf", "testhefte-trykk.pdf", "testhefte-a4-hefte.pdf"}
    assert len(cached) == 3  # the screen and the print PDF, and the print PDF's imposed sheets

    site = {p.relative_to(project): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    again = hefte(project)
    assert again.returncode == 0, again.stderr
    assert pdfs(project) == cold
    assert entries(project) == cached  # nothing new was laid out
    assert {p.relative_to(project): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()} == site

    fresh = hefte(project, "--fresh")
    assert fresh.returncode == 0, fresh.stderr
    assert pdfs(project) == cold
    assert entries(project) == cached


def test_an_edited_text_is_laid_out_again_never_taken_from_the_cache(project, tmp_path_factory, monkeypatch):
    assert hefte(project).returncode == 0
    before = entries(project)
    path = project / "texts" / "testhefte" / "a.md"
    path.write_text(path.read_text("utf-8").replace("for sent", "altfor tidlig"), "utf-8")
    result = hefte(project)
    assert result.returncode == 0, result.stderr
    assert "altfor tidlig" in pdf_text(project / "print" / "testhefte-trykk.pdf")
    assert "altfor tidlig" in pdf_text(project / "print" / "testhefte.pdf")
    assert "altfor tidlig" in pdf_text(project / "print" / "testhefte-a4-hefte.pdf")  # sheets not from the cache
    assert len(entries(project) - before) == 3  # both PDFs laid out again, and the print PDF imposed again
    # the website is built again too (render/site_cache.py): the page and the search index have the new words
    pages = [p.read_text("utf-8") for p in (project / "site").rglob("*") if p.suffix in (".html", ".json")]
    assert sum("altfor tidlig" in page for page in pages) >= 2
    assert not any("for sent igjen" in page for page in pages)
    # only the pages that changed were written again (the text's, and those linking the screen PDF with its new
    # size), yet the site is byte for byte what a cold build of these sources makes
    assert site_files(project / "site") == cold_site(project, tmp_path_factory.mktemp("cold") / "site", monkeypatch)


def test_a_withdrawn_consent_is_a_different_pdf(project):
    assert hefte(project).returncode == 0
    path = project / "texts" / "testhefte" / "b.md"
    path.write_text(path.read_text("utf-8").replace("withdrawn: null", "withdrawn: 2026-10-01"), "utf-8")
    result = hefte(project)
    assert result.returncode == 0, result.stderr
    for name in ("testhefte-trykk.pdf", "testhefte.pdf"):
        assert "Lyset i vinduet" not in pdf_text(project / "print" / name)


def test_a_reused_pdf_is_verified_like_a_new_one(project, tmp_path_factory):
    from weasyprint import HTML

    assert hefte(project).returncode == 0
    published = pdfs(project)
    # Whatever is in the cache is read back by verify: plant a PDF with the writer's real name under the
    # screen PDF's key (its checksum made to match, as if the cache had been written that way).
    folder = project / ".hefte" / "cache" / "pdf"
    screen = next(p for p in folder.glob("*.pdf") if p.read_bytes() == published["testhefte.pdf"])
    bad = HTML(string="<html lang=nb><body><p>Skrevet av Kari Fjellheim Troan.</p></body></html>").write_pdf()
    screen.write_bytes(bad)
    meta = screen.with_suffix(".json")
    info = json.loads(meta.read_text("utf-8"))
    meta.write_text(json.dumps(dict(info, sha256=hashlib.sha256(bad).hexdigest())), "utf-8")

    refused = hefte(project)
    assert refused.returncode != 0
    assert "verify" in refused.stderr.lower() or "lekkasje" in refused.stderr.lower()
    assert "Fjellheim" not in refused.stderr
    assert pdfs(project) == published  # the previous edition stays

    fresh = hefte(project, "--fresh")
    assert fresh.returncode == 0, fresh.stderr
    assert pdfs(project) == published


# --- verify's clean cache ---------------------------------------------------------------------------------------


def _site(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(f"<html lang=nb><body><p>{text}</p></body></html>", "utf-8")
    return folder


def test_verify_reads_a_file_found_clean_again_only_when_it_or_the_rules_change(project, monkeypatch):
    import yaml

    from hefte.guard import verify
    from hefte.pipeline import prepare

    cache = project / ".hefte" / "cache" / "verify-clean.json"
    site = _site(project / "out", "Bussen kom. Ola Nordmann sto der.")
    assert not verify.verify(prepare(project), site, None, cache=cache).has_errors()

    def unreadable(*args):
        raise OSError("read again")

    monkeypatch.setattr(verify, "read", unreadable)
    # The same bytes under the same rules: known clean, not read again.
    assert not verify.verify(prepare(project), site, None, cache=cache).has_errors()
    assert verify.verify(prepare(project), site, None).has_errors()  # without the cache it is read (and fails)
    monkeypatch.undo()

    # New rules (a name added to the deny list): the unchanged file is read again, and the name is found.
    register = dict(REGISTER, deny=["Ola Nordmann"])
    (project / "private" / "register.yml").write_text(yaml.safe_dump(register, allow_unicode=True), "utf-8")
    found = verify.verify(prepare(project), site, None, cache=cache)
    assert [f.code for f in found.errors] == ["verify.name"]
    # and a finding is never remembered as clean
    assert [f.code for f in verify.verify(prepare(project), site, None, cache=cache).errors] == ["verify.name"]

    # Same rules, changed bytes: read again.
    _site(project / "out", "Skrevet av Kari Fjellheim Troan.")
    (project / "private" / "register.yml").write_text(yaml.safe_dump(REGISTER, allow_unicode=True), "utf-8")
    assert "verify.name" in {f.code for f in verify.verify(prepare(project), site, None, cache=cache).errors}


def test_a_page_found_clean_is_read_again_when_a_text_on_it_is_withdrawn(tmp_path):
    # The page's bytes do not change, what it must not hold does: the clean cache must not answer for it.
    from datetime import date

    from hefte.guard import verify
    from hefte.pipeline import prepare

    body = "Lyset i vinduet var varmt da jeg gikk forbi bakeriet på hjørnet hver eneste kveld.\n"
    root = make_project(tmp_path / "p", {"a.md": participant("Morgen", "Bussen kom for sent igjen i dag.\n"),
                                         "b.md": participant("Kveld", body)}, register=REGISTER)
    cache = root / ".hefte" / "cache" / "verify-clean.json"
    site = _site(tmp_path / "out", body)
    assert not verify.verify(prepare(root), site, None, cache=cache).has_errors()
    (root / "texts" / "testhefte" / "b.md").write_text(
        participant("Kveld", body, **{"consent.withdrawn": date(2026, 1, 2)}), "utf-8")
    found = verify.verify(prepare(root), site, None, cache=cache)
    assert [f.code for f in found.errors] == ["verify.held-back-text"]


def test_the_clean_cache_key_changes_with_every_held_back_sentence_line_and_reason(tmp_path):
    # The rules' digest writes each needle once (verify._canon_index): it must still change whenever a held-back
    # sentence, the line it is on or why it is held back changes, and only then.
    from datetime import date

    from hefte.guard import verify
    from hefte.pipeline import prepare

    body = "Lyset i vinduet var varmt da jeg gikk forbi bakeriet på hjørnet hver eneste kveld.\n"
    withdrawn = {"consent.withdrawn": date(2026, 1, 2)}
    page = _site(tmp_path / "out", "Bussen kom.") / "index.html"

    def key(b_text: str) -> str:
        root = make_project(tmp_path / "p", {"a.md": participant("Morgen", "Bussen kom for sent igjen i dag.\n"),
                                             "b.md": b_text}, register=REGISTER)
        cache = verify.CleanCache(root / "clean.json", verify.build_rules(prepare(root)))
        return cache.key(verify.WEB, page.relative_to(tmp_path / "out"), page)

    before = key(participant("Kveld i byen", body, **withdrawn))
    assert key(participant("Kveld i byen", body, **withdrawn)) == before  # the same rules: the same key
    changed = [key(participant("Kveld i byen", body.replace("bakeriet", "kiosken"), **withdrawn)),  # one word
               key(participant("Kveld i byen", "\n" + body, **withdrawn)),  # the same words a line further down
               key(participant("Kveld i byen", body, **{"consent.web": False})),  # held back for another reason
               key(participant("Kveld på landet", body, **withdrawn))]  # its title
    assert before not in changed and len(set(changed)) == len(changed)


def test_ctrl_c_while_pdfs_are_laid_out_ends_the_workers_calmly(tmp_path):
    import signal
    import time

    texts = {f"t{i:02d}.md": participant(f"Tekst {i}", "Vi satt rundt bordet i kantina og leste høyt. " * 60 + "\n",
                                         contributor="c-01") for i in range(24)}
    root = make_project(tmp_path, texts, register=REGISTER)
    # Ctrl+C in a terminal reaches the whole process group: the build and its PDF workers.
    proc = subprocess.Popen([sys.executable, "-m", "hefte.cli", "build", "--root", str(root)], env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while not _workers_of(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    workers = _workers_of(proc.pid)
    if not workers:
        proc.kill()
        pytest.fail(f"the build ended before its PDF workers started: {proc.communicate()}")
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "Avbrutt. Ingenting er skrevet" in err and "Traceback" not in err
    time.sleep(0.5)
    assert not [pid for pid in workers if running(pid)]
    assert not list(root.glob(".hefte/staging-*")) and not (root / "print").exists()
    # stopped, not left to finish: no PDF was laid out to the end (and kept in the cache) after Ctrl+C
    assert not list(root.glob(".hefte/cache/pdf/*.pdf"))


def _workers_of(pid: int) -> list[int]:
    """The build's PDF workers: the grandchildren made by its fork server."""
    found = []
    for child in _children(pid):
        found += _children(child)
    return found


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
