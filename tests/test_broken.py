"""Broken and hostile input: every case gets its clear message, none a traceback, none reaches outside."""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import descendants, make_project, participant, running
from hefte.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "broken"
CASES = yaml.safe_load((FIXTURES / "cases.yml").read_text("utf-8"))


def project_with(root: Path, name: str) -> Path:
    make_project(root, {"annen-tekst.md": participant("Annen tekst")}, order=["annen-tekst.md", name])
    folder = root / "texts" / "testhefte"
    shutil.copy(FIXTURES / name, folder / name)
    shutil.copytree(FIXTURES / "bilder", folder / "bilder")
    os.symlink("/etc/hostname", folder / "bilder" / "lenke.jpg")
    return root


def test_there_are_at_least_forty_cases():
    assert len(CASES) >= 40 and all((FIXTURES / name).is_file() for name in CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_input_gets_a_clear_message(tmp_path, name):
    code, severity, line, words = CASES[name]
    root = project_with(tmp_path, name)
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--quiet"])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    label = {"error": "feil", "warning": "advarsel"}[severity]
    where = f"texts/testhefte/{name}:{line}: {label}: " if line else f"texts/testhefte/{name}: {label}: "
    lines = [out for out in result.output.splitlines() if out.startswith(where)]
    assert lines, f"expected {where!r} ({code}) in:\n{result.output}"
    from hefte import messages

    expected = messages.CATALOGUE[code][0].split("{")[0].strip()[:25]
    assert any(expected in out and words in out for out in lines), (code, words, lines)
    assert result.exit_code == (1 if severity == "error" else 0)


HOSTILE = ["43-script.md", "44-event-handler.md"]  # the others are refused by check (errors)


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_markup_never_reaches_the_site_or_the_pdf(tmp_path, name):
    from hefte.build import build
    from hefte.config import load_config

    make_project(tmp_path, {"annen-tekst.md": participant("Annen tekst")}, order=["annen-tekst.md", name])
    shutil.copy(FIXTURES / name, tmp_path / "texts" / "testhefte" / name)
    result = build(load_config(tmp_path))
    page = (result.site / "testhefte" / "en-vanlig-dag" / "index.html").read_text("utf-8")
    article = page[page.index("<article"):page.index("</article>")]
    for bad in ("<script", "onerror", "<iframe", "<style", "evil.example", "alert("):
        assert bad not in article
    from pypdf import PdfReader

    pdf_text = "".join(p.extract_text() for p in PdfReader(result.pdfs["testhefte"]["print"]).pages)
    assert "evil.example" not in pdf_text and "alert(" not in pdf_text and "Jeg sto opp" in pdf_text


def test_a_text_of_hundreds_of_megabytes_is_refused_without_reading_it(tmp_path):
    make_project(tmp_path, {"a.md": participant()}, order=["a.md", "stor.md"])
    with open(tmp_path / "texts" / "testhefte" / "stor.md", "wb") as fh:
        fh.truncate(300_000_000)  # sparse: no disk, and the check must not read it either
    result = CliRunner().invoke(main, ["check", "--root", str(tmp_path), "--quiet"])
    assert result.exit_code == 1 and "stor.md: feil:" in result.output


FIELD = st.sampled_from(["title", "lang", "genre", "byline", "display_name", "consent", "photos", "review",
                         "contributor", "role", "tittel", "web", "consnet", "x"])
VALUE = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 3000) | st.text(max_size=12) |
    st.sampled_from(["2026-03-02", "2.3.2026", "ja", "nei", "approved", "anonymous", "nb", "poem"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(FIELD, inner, max_size=4),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=st.dictionaries(FIELD, VALUE, max_size=8), body=st.text(max_size=300),
       raw=st.binary(max_size=200))
def test_any_front_matter_either_checks_or_fails_cleanly(tmp_path_factory, front, body, raw):
    from hefte.pipeline import prepare

    root = tmp_path_factory.mktemp("prop")
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body
    make_project(root, {"a.md": text, "b.md": "---\n" + raw.decode("latin-1") + "\n---\n"})
    state = prepare(root)  # must not raise
    for finding in state.findings:
        assert finding.message("nb") and finding.message("en")
        assert not finding.message("nb").startswith(finding.code)  # every code has a real message


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=st.just({}) | st.dictionaries(FIELD, VALUE, max_size=8), body=st.text(max_size=400))
def test_any_text_either_builds_or_is_refused_cleanly(tmp_path_factory, front, body):
    from hefte.build import build
    from hefte.config import load_config
    from hefte.errors import HefteError

    root = tmp_path_factory.mktemp("propbuild")
    fm = yaml.safe_load(participant()[4:].split("---\n")[0])
    fm.update(front)  # start from a publishable text, so some examples get all the way through
    make_project(root, {"a.md": "---\n" + yaml.safe_dump(fm, allow_unicode=True) + "---\n" + body})
    try:
        result = build(load_config(root), pdf=False)
    except HefteError as exc:
        assert exc.message("nb") and exc.message("en")
        assert not (root / "site").exists()
    else:
        assert (result.site / "index.html").exists()


def test_killed_build_leaves_previous_outputs_unchanged(tmp_path):
    make_project(tmp_path, {f"t{i}.md": participant(f"Tekst nummer {i}", body="Ord. " * 400) for i in range(12)})
    env = dict(os.environ, HEFTE_TODAY="2026-11-22")
    first = subprocess.run([sys.executable, "-m", "hefte.cli", "build", "--root", str(tmp_path)], env=env,
                           capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    snapshot = {p: p.read_bytes() for d in ("site", "print") for p in (tmp_path / d).rglob("*") if p.is_file()}
    path = tmp_path / "texts" / "testhefte" / "t0.md"
    path.write_text(path.read_text("utf-8").replace("Ord.", "Endret."), "utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "hefte.cli", "build", "--root", str(tmp_path)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and not list(tmp_path.glob(".hefte/staging-*/print/*.pdf")):
        time.sleep(0.05)
    assert list(tmp_path.glob(".hefte/staging-*")), "the build never started writing"
    helpers = descendants(proc.pid)  # the PDF workers and their fork server
    assert helpers, "the build laid out no PDF in a worker process"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # ... and takes its helpers with it: none lays out on, or waits for a next job, once the build is gone
    deadline = time.time() + 15
    while time.time() < deadline and any(running(pid) for pid in helpers):
        time.sleep(0.1)
    assert not [pid for pid in helpers if running(pid)], "worker processes outlived the killed build"
    after = {p: p.read_bytes() for d in ("site", "print") for p in (tmp_path / d).rglob("*") if p.is_file()}
    assert after == snapshot
    # What the killed build left (held-back texts may be among it) is private and never committed ...
    staged = list(tmp_path.glob(".hefte/staging-*"))
    assert staged and all(stat.S_IMODE(p.stat().st_mode) == 0o700 for p in staged)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    untracked = subprocess.run(["git", "-C", str(tmp_path), "status", "--porcelain", "--untracked-files=all"],
                               capture_output=True, text=True, check=True).stdout
    assert ".hefte" not in untracked and "texts/" in untracked
    # ... and the next build removes it (and what an earlier version left: a staging folder of a dead process)
    legacy = tmp_path / f".hefte-staging-{proc.pid}"
    (legacy / "site").mkdir(parents=True)
    again = subprocess.run([sys.executable, "-m", "hefte.cli", "build", "--root", str(tmp_path)], env=env,
                           capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert "Endret." in (tmp_path / "site" / "testhefte" / "tekst-nummer-0" / "index.html").read_text("utf-8")
    assert not list(tmp_path.glob(".hefte/staging-*")) and not legacy.exists()


def test_a_text_nested_too_deep_is_held_back_and_the_rest_is_published(tmp_path):
    """Hundreds of «>» (quotes in quotes), a list hundreds of levels deep or hundreds of <div>: one such text
    stopped the whole build in the PDF stage with a RecursionError («Noe uventet gikk galt»), and the studio's
    preview with a 500. Now it is held back with a message saying what to change; the other texts are built."""
    bodies = {"sitater.md": ">" * 300 + " Dypt inne.\n",
              "liste.md": "".join("  " * level + "- punkt\n" for level in range(300)),
              "html.md": "<div>" * 300 + "Dypt inne.\n"}
    texts = {"annen-tekst.md": participant("Annen tekst")}
    texts.update({name: participant(f"Dyp {name[:-3]}", body=body) for name, body in bodies.items()})
    make_project(tmp_path, texts)
    result = CliRunner().invoke(main, ["build", "--root", str(tmp_path)])
    assert "RecursionError" not in result.output and "Noe uventet" not in result.output, result.output
    for name in bodies:
        assert f"texts/testhefte/{name}:" in result.output and "lag inni hverandre" in result.output, result.output
    assert result.exit_code == 3, result.output  # published, with texts held back
    from pypdf import PdfReader

    pdf = next((tmp_path / "print").rglob("*.pdf"))
    assert "Annen tekst" in "".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_a_paragraph_of_unclosed_brackets_is_held_back_before_it_is_rendered(tmp_path):
    """Markdown looks for the end of a link from every «[»: a paragraph of thousands of «[» without «]» takes
    time by the square of its length (24 kB: half a minute per rendering, one for the site and one for each
    PDF; a 1 MB text, hours). Such a paragraph is refused by the check, with what to do, before anything renders."""
    make_project(tmp_path, {"annen-tekst.md": participant("Annen tekst"),
                            "klammer.md": participant("Klammer", body="[a " * 8000 + "\n")})
    result = CliRunner().invoke(main, ["check", "--root", str(tmp_path)])
    assert "texts/testhefte/klammer.md:" in result.output and "hakeparenteser" in result.output, result.output
    assert result.exit_code == 1


def test_the_bracket_count_is_the_one_read_letter_by_letter():
    """check.bracket_scan looks only at brackets and escapes; it must count what reading every letter counts."""
    import random

    from hefte.guard.check import bracket_scan

    def by_letter(body: str) -> tuple[int, int]:
        most, at, start = 0, 1, 0
        for gap in [*re.finditer(r"\n[ \t]*\n", body), None]:
            end = gap.start() if gap else len(body)
            opened, scan, escaped = [], 0, False
            for i in range(start, end):
                if escaped:
                    escaped = False
                elif body[i] == "\\":
                    escaped = True
                elif body[i] == "[":
                    opened.append(i)
                elif body[i] == "]" and opened:
                    scan += i - opened.pop()
            scan += sum(end - i for i in opened)
            if scan > most:
                most, at = scan, body.count("\n", 0, start) + 1
            start = gap.end() if gap else end
        return most, at

    rng = random.Random(12)
    for _ in range(3000):
        body = "".join(rng.choice("[]\\a \n\t") for _ in range(rng.randrange(0, 60)))
        assert bracket_scan(body) == by_letter(body), repr(body)
