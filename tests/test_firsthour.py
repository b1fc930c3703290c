"""A newcomer's first hour, through the command line in nb and en: a project of one's own, partial builds,
paths that work from where one stands, honest verify/proof, MkDocs without noise, Pango said plainly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO, TODAY, copy_sample, make_project, participant
from hefte.cli import main

RUN_ENV = {"HEFTE_TODAY": TODAY, "PATH": os.path.dirname(sys.executable) + ":/usr/bin:/bin"}


def hefte(*args, cwd: Path, lang: str = "nb", input: str | None = None) -> subprocess.CompletedProcess:
    """The installed command, as a user runs it (a real process, its own working folder)."""
    return subprocess.run([sys.executable, "-m", "hefte.cli", *args, "--lang", lang], cwd=cwd, input=input,
                          capture_output=True, text=True, env=RUN_ENV, timeout=600)


@pytest.fixture(scope="module")
def partial(tmp_path_factory):
    """One real build (site and PDFs) where one participant's text has an error in its own file."""
    root = tmp_path_factory.mktemp("partial")
    make_project(root, {"a.md": participant("Den gode teksten", "Dette er den gode teksten om en vanlig dag.\n"),
                        "b.md": participant("Den feilaktige teksten", "Sola skinte over den feilaktige benken.\n",
                                            **{"consent.web": "ja"})})
    result = hefte("build", cwd=root)
    return root, result


# 1. hefte init ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nb", "en"])
def test_init_asks_and_writes_a_project_that_checks_and_builds(tmp_path, lang):
    answers = "\n".join(["Skrivegruppa på Nordby: «Ord»", "https://ord.example.no", "", "nn", "", "2"]) + "\n"
    result = hefte("init", "ord", "--ask", cwd=tmp_path, lang=lang, input=answers)
    assert result.returncode == 0, result.stderr
    asked = "What is the organisation" if lang == "en" else "Hva heter organisasjonen"
    assert asked in result.stdout and ("New project in ord" if lang == "en" else "Nytt prosjekt i ord") in result.stdout
    root = tmp_path / "ord"
    import yaml

    pub_file = next((root / "texts").glob("*/publication.yml"))
    pub = yaml.safe_load(pub_file.read_text("utf-8"))
    assert pub["kind"] == "report" and pub["lang"] == "nn" and pub["publisher"]["name"] == "Skrivegruppa på Nordby: «Ord»"
    assert pub["title"].startswith("Tekster fra Skrivegruppa på Nordby")
    assert "personvern@ord.example.no" in (root / "docs" / "personvern.md").read_text("utf-8")
    assert "Skrivegruppa på Nordby: «Ord»" in (root / "docs" / "trekke-samtykke.md").read_text("utf-8")
    assert yaml.safe_load((root / "private" / "register.yml").read_text("utf-8")) == {"contributors": {}, "deny": []}
    assert "/private/" in (root / ".gitignore").read_text("utf-8")
    assert hefte("check", "-q", cwd=root, lang=lang).returncode == 0


def test_init_no_input_then_a_first_text_builds_site_and_pdfs(tmp_path):
    result = hefte("init", "prosjekt", "--no-input", "--organisation", "Skrivekurset i Nordby", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    root = tmp_path / "prosjekt"
    pub = next((root / "texts").iterdir())
    (pub / "forste.md").write_text(participant("Første tekst", "Jeg skrev dette på kurset en tirsdag.\n"), "utf-8")
    pub_yml = pub / "publication.yml"
    pub_yml.write_text(pub_yml.read_text("utf-8").replace("texts: []", "texts: [forste.md]"), "utf-8")
    built = hefte("build", cwd=root)
    assert built.returncode == 0, built.stderr
    page = (root / "site" / pub.name / "forste-tekst" / "index.html").read_text("utf-8")
    assert "Jeg skrev dette på kurset" in page
    front = (root / "site" / "index.html").read_text("utf-8")
    assert "tekster skrevet av deltakerne på skrivekursene til Skrivekurset i Nordby" in front
    assert (root / "print" / f"{pub.name}-trykk.pdf").stat().st_size > 10_000
    assert "end of life" not in built.stderr


def test_init_never_writes_into_a_folder_that_is_in_use(tmp_path):
    (tmp_path / "mappe").mkdir()
    (tmp_path / "mappe" / "notat.txt").write_text("mitt", "utf-8")
    for lang, words in (("nb", "finnes allerede og er ikke tom"), ("en", "already exists and is not empty")):
        result = hefte("init", "mappe", "--no-input", cwd=tmp_path, lang=lang)
        assert result.returncode == 1 and words in result.stderr
    assert sorted(p.name for p in (tmp_path / "mappe").iterdir()) == ["notat.txt"]


def test_readme_says_how_to_start_ones_own_project():
    readme = (REPO / "README.md").read_text("utf-8")
    assert "## Start ditt eget prosjekt" in readme and "hefte init" in readme


# 3 and 7. paths from where the user stands, the project found upwards -----------------------------------------

@pytest.mark.parametrize("lang", ["nb", "en"])
def test_check_suggests_a_fix_path_that_works_from_the_root_and_from_a_publication(tmp_path, lang):
    make_project(tmp_path, {"a.md": participant()}, order=["a.md", "word.md"])
    text = participant("Word", "Dette er skrevet i Word på kurset.\n")
    (tmp_path / "texts" / "testhefte" / "word.md").write_bytes(text.encode("cp1252").replace(b"\n", b"\r\n"))
    for cwd in (tmp_path, tmp_path / "texts" / "testhefte"):
        result = hefte("check", "-q", cwd=cwd, lang=lang)
        suggested = [line for line in result.stderr.splitlines() if "hefte fix " in line]
        assert suggested, result.stderr
        path = suggested[0].split("hefte fix ")[1].split("`")[0]
        fixed = hefte("fix", "--dry-run", path, cwd=cwd, lang=lang)
        assert fixed.returncode == 0, (path, fixed.stderr)
        assert suggested[0].startswith(path + ":")  # the location is the same path


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_project_command_works_from_inside_a_publication_folder(tmp_path, lang):
    make_project(tmp_path, {"a.md": participant("Synlig")})
    inside = tmp_path / "texts" / "testhefte"
    assert hefte("check", "-q", cwd=inside, lang=lang).returncode == 0
    assert hefte("build", "--no-pdf", "-q", cwd=inside, lang=lang).returncode == 0
    assert (tmp_path / "site" / "testhefte" / "synlig" / "index.html").is_file()
    assert hefte("verify", "-q", cwd=inside, lang=lang).returncode == 0
    new = hefte("new", "--no-input", "--id", "ny", cwd=inside, lang=lang)
    assert new.returncode == 0 and (inside / "ny.md").is_file()
    nowhere = hefte("check", cwd=tmp_path.parent, lang=lang)
    assert nowhere.returncode == 2 and ("hefte init" in nowhere.stderr)


# 6. verify and proof ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, nothing, live", [
    ("nb", "Det finnes ingen bygget nettside eller PDF", "Den publiserte utgaven"),
    ("en", "There is no built site or PDF", "The published output"),
])
def test_verify_counts_each_leak_once_speaks_of_the_live_site_and_refuses_nothing(tmp_path, lang, nothing, live):
    make_project(tmp_path, {"a.md": participant("Synlig"),
                            "b.md": participant("En tittel som er trukket tilbake", **{"consent.withdrawn": "2026-11-01"})})
    empty = hefte("verify", cwd=tmp_path, lang=lang)
    assert empty.returncode == 1 and nothing in empty.stderr
    assert hefte("build", "--no-pdf", "-q", cwd=tmp_path).returncode == 0
    page = tmp_path / "site" / "testhefte" / "synlig" / "index.html"
    page.write_text(page.read_text("utf-8").replace("</article>", "<p>En tittel som er trukket tilbake</p></article>"))
    leaked = hefte("verify", cwd=tmp_path, lang=lang)
    lines = [line for line in leaked.stderr.splitlines() if "synlig/index.html:" in line]
    assert leaked.returncode == 1 and len(lines) == len(set(lines)) >= 1
    assert live in leaked.stderr and "hefte build" in leaked.stderr
    assert ("Ingenting er publisert" not in leaked.stderr) and ("Nothing was published" not in leaked.stderr)
    count = str(len(lines))
    assert f" {count} lekkasje" in leaked.stderr or f" {count} leak" in leaked.stderr


@pytest.mark.parametrize("lang, words", [("nb", "Fant ingen trykk-PDF"), ("en", "No print PDF")])
def test_proof_without_pdfs_says_so_and_fails(tmp_path, lang, words):
    make_project(tmp_path, {"a.md": participant()})
    result = hefte("proof", cwd=tmp_path, lang=lang)
    assert result.returncode == 1 and words in result.stderr and "hefte build" in result.stderr


# 8. partial builds -----------------------------------------------------------------------------------------------

def test_one_texts_error_holds_it_back_everywhere_and_publishes_the_rest(partial):
    root, result = partial
    assert result.returncode == 3, result.stderr
    assert "1 tekst er holdt tilbake fordi den har feil" in result.stderr and "b.md" in result.stderr
    assert "b.md:" in result.stderr and "må være true eller false" in result.stderr
    assert (root / "site" / "testhefte" / "den-gode-teksten" / "index.html").is_file()
    assert not (root / "site" / "testhefte" / "den-feilaktige-teksten").exists()
    everything = "".join(p.read_text("utf-8", errors="replace") for p in (root / "site").rglob("*")
                         if p.is_file() and p.suffix in (".html", ".json", ".xml"))
    assert "feilaktige" not in everything and "Den gode teksten" in everything
    from pypdf import PdfReader

    for pdf in (root / "print").glob("*.pdf"):
        text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
        assert "feilaktige" not in text
    assert "den gode teksten" in "".join(p.extract_text() for p in PdfReader(root / "print" / "testhefte-trykk.pdf").pages).lower()
    manifest = json.loads((root / "print" / "manifest.json").read_text("utf-8"))
    assert "policy.has-errors" in json.dumps(manifest) and "den-feilaktige" not in json.dumps(manifest.get("published", ""))


def test_verify_and_check_agree_with_the_partial_build(partial):
    root, _ = partial
    assert hefte("verify", "-q", cwd=root).returncode == 0
    check = hefte("check", cwd=root, lang="en")
    assert check.returncode == 1 and "the text has errors to fix" in check.stdout


def test_strict_stops_everything_and_leaves_the_previous_output(partial, tmp_path):
    root, _ = partial
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    result = hefte("build", "--strict", "--no-pdf", cwd=root, lang="en")
    assert result.returncode == 1 and "Nothing was published" in result.stderr
    assert {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_an_error_in_a_shared_file_still_stops_the_build(tmp_path, lang):
    make_project(tmp_path, {"a.md": participant("Synlig")}, kind="hefte")
    result = hefte("build", "--no-pdf", cwd=tmp_path, lang=lang)
    assert result.returncode == 1 and "publication.yml:" in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_text_whose_consent_cannot_be_read_is_never_published(tmp_path):
    make_project(tmp_path, {"a.md": participant("Synlig"),
                            "b.md": participant("Uklar", "Ord som ikke skal ut.\n", consent="ja takk")})
    result = hefte("build", "--no-pdf", cwd=tmp_path, lang="en")
    assert result.returncode == 3 and "1 text held back" in result.stderr
    assert not (tmp_path / "site" / "testhefte" / "uklar").exists()
    assert "Ord som ikke skal ut" not in (tmp_path / "site" / "search" / "search_index.json").read_text("utf-8")


# 9. plain MkDocs: no end-of-life banner, and why the PDF link is missing ---------------------------------------

def test_plain_mkdocs_build_has_no_banner_and_says_why_the_pdf_link_is_missing(tmp_path):
    root = copy_sample(tmp_path / "sample")
    (root / "print").mkdir()
    (root / "print" / "hefte-2026.pdf").write_bytes(b"%PDF-1.7 old")
    (root / "print" / "hefte-2026.json").write_text(json.dumps({"fingerprint": "an older plan"}), "utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", "ut"], cwd=root, capture_output=True,
                            text=True, env=RUN_ENV)
    assert result.returncode == 0, result.stderr
    assert "end of life" not in result.stderr and "Zensical" not in result.stderr
    assert "print/hefte-2026.pdf er ikke lenket fra nettsida" in result.stderr and "hefte build" in result.stderr
    assert "hefte-2026.pdf" not in (root / "ut" / "hefte-2026" / "index.html").read_text("utf-8")


# 10. set-up and Pango -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, missing, old", [
    ("nb", "systembiblioteket Pango mangler", "Pango 1.42.4 er for gammel"),
    ("en", "the system library Pango is missing", "Pango 1.42.4 is too old"),
])
def test_build_says_plainly_when_pango_is_missing_or_too_old(tmp_path, monkeypatch, lang, missing, old):
    from hefte import environment

    make_project(tmp_path, {"a.md": participant()})

    def no_pango():
        raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")

    monkeypatch.setattr(environment, "_libraries", no_pango)
    result = CliRunner().invoke(main, ["build", "--root", str(tmp_path), "--lang", lang])
    assert result.exit_code == 1 and missing in result.output and "apt-get install libpango" in result.output
    assert "--no-pdf" in result.output and not (tmp_path / "site").exists()
    monkeypatch.setattr(environment, "_libraries", lambda: type("F", (), {
        "pango": type("P", (), {"pango_version": staticmethod(lambda: 14204)})})())
    result = CliRunner().invoke(main, ["build", "--root", str(tmp_path), "--lang", lang])
    assert result.exit_code == 1 and old in result.output
    assert CliRunner().invoke(main, ["build", "--no-pdf", "-q", "--root", str(tmp_path)]).exit_code == 0


def test_pango_is_asked_for_only_when_a_pdf_is_laid_out(tmp_path, monkeypatch):
    # Every PDF from the cache: nothing is laid out, and importing WeasyPrint's binding (half a second) is spared.
    # A PDF to lay out: the same plain message as before a first build, and nothing is published.
    from hefte import environment

    make_project(tmp_path, {"a.md": participant("Morgen")})
    assert CliRunner().invoke(main, ["build", "-q", "--root", str(tmp_path)]).exit_code == 0
    published = {p.name: p.read_bytes() for p in (tmp_path / "print").glob("*.pdf")}

    def no_pango():
        raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")

    monkeypatch.setattr(environment, "_libraries", no_pango)
    assert CliRunner().invoke(main, ["build", "-q", "--root", str(tmp_path)]).exit_code == 0
    (tmp_path / "texts" / "testhefte" / "a.md").write_text(participant("Kveld"), "utf-8")
    result = CliRunner().invoke(main, ["build", "-q", "--root", str(tmp_path)])
    assert result.exit_code == 1 and "systembiblioteket Pango mangler" in result.output
    assert {p.name: p.read_bytes() for p in (tmp_path / "print").glob("*.pdf")} == published


def test_the_libraries_hefte_finds_are_the_ones_weasyprint_loads():
    # hefte finds Pango and HarfBuzz's subsetter with ctypes by WeasyPrint's own names (milliseconds), not by
    # importing WeasyPrint's binding (half a second on every build that lays a PDF out): the same answers.
    from weasyprint.text import ffi

    from hefte import environment

    found = environment._libraries()
    assert found.pango.pango_version() == ffi.pango.pango_version()
    assert (found.harfbuzz_subset is None) == (ffi.harfbuzz_subset is None)
    with pytest.raises(OSError, match="libnot-there-1"):
        environment._load(("libnot-there-1", "libnot-there.so.1"))


def test_a_build_of_edited_sources_gets_its_pdf_workers_ready_before_the_check(tmp_path):
    # The fork server that lays the PDFs out imports WeasyPrint while the sources are checked, when they are not
    # as the last published build found them; an unchanged project starts none (its PDFs come from the cache).
    make_project(tmp_path, {"a.md": participant("Morgen")})
    probe = textwrap.dedent("""
        import sys
        from multiprocessing import forkserver
        from pathlib import Path

        from hefte import build
        from hefte.config import load_config

        seen = []
        check = build.prepare

        def prepare(*args, **kwargs):
            seen.append(forkserver._forkserver._forkserver_pid is not None)
            return check(*args, **kwargs)

        if __name__ == "__main__":
            build.prepare = prepare
            build.build(load_config(Path(sys.argv[1])), workers=2)
            print(seen[0])
    """)
    script = tmp_path / "probe.py"
    script.write_text(probe, "utf-8")

    def started_before_check() -> bool:
        out = subprocess.run([sys.executable, str(script), str(tmp_path)], capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": str(REPO / "scripts")}, check=True)
        return out.stdout.strip().splitlines()[-1] == "True"

    assert started_before_check()  # a first build
    assert not started_before_check()  # nothing changed
    (tmp_path / "texts" / "testhefte" / "a.md").write_text(participant("Kveld"), "utf-8")
    assert started_before_check()  # one text edited


def test_setup_installs_no_test_tools_and_test_command_adds_them():
    setup = (REPO / "scripts" / "setup.sh").read_text("utf-8")
    test = (REPO / "scripts" / "test.sh").read_text("utf-8")
    assert "[test]" not in setup and "-e ." in setup
    assert "'.[test]'" in test or '".[test]"' in test
    assert "sh scripts/test.sh" in (REPO / ".ci" / "run").read_text("utf-8")
    readme = (REPO / "README.md").read_text("utf-8")
    for words in ("sh scripts/setup.sh", "sh scripts/test.sh", "Pango", "libharfbuzz-subset0", "brew install python pango",
                  "MSYS2"):
        assert words in readme, words


# 11. a newcomer's slips: said once, in her language, with the fix --------------------------------------------------

def _text_with(tmp_path, old: str, new: str) -> Path:
    text = participant("Morgenkaffe", "Jeg drikker den første koppen stående ved vinduet.\n")
    assert old in text
    return make_project(tmp_path, {"a.md": text.replace(old, new, 1)})


@pytest.mark.parametrize("old, new, said, lang", [
    # «ja» and a date without its zeros: the fix is named, and «approved, but not filled in» is not said on top
    ("web: true", "web: ja", "«consent.web» må være true eller false, men er «ja». Skriv `true`.", "nb"),
    ("given: 2026-03-02", "given: 2026-3-2", "Skriv datoen som år-måned-dag: 2026-03-02.", "nb"),
    ("given: 2026-03-02", "given: 02/03/2026", "Skriv datoen som år-måned-dag: 2026-03-02.", "nb"),
    ("given: 2026-03-02", "given: 2026-3-2", "Write the date as year-month-day: 2026-03-02.", "en"),
    # a misspelt key: the did-you-mean, not three errors about the consent it hides
    ("consent:", "consnet:", "Ukjent felt «consnet». Mente du «consent»?", "nb"),
    ("byline: first-name", "byline: fornavn", "Mente du «first-name»?", "nb"),
])
def test_one_slip_in_the_front_matter_is_one_error_with_its_fix(tmp_path, old, new, said, lang):
    root = _text_with(tmp_path, old, new)
    result = hefte("check", "-q", cwd=root, lang=lang)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": feil: " in line or ": error: " in line]
    assert len(errors) == 1 and said in errors[0], result.stderr


def test_a_value_left_empty_in_an_approved_text_is_still_said(tmp_path):
    # The guard above must not swallow the error it guards against: no value at all is still an error.
    root = _text_with(tmp_path, "web: true", "web: null")
    result = hefte("check", "-q", cwd=root)
    assert "Teksten er godkjent, men «consent.web» er ikke fylt ut" in result.stderr and result.returncode == 1


@pytest.mark.parametrize("old, new, line, said", [
    ("title: Morgenkaffe", "title: Morgen: kaffe", 2, "Da må hele verdien stå i anførselstegn: `title: \"Morgen: kaffe\"`"),
    ("  print: true", "    print: true", 11, "Er linja rykket lenger inn enn linja over?"),
    # PyYAML finds a missing colon only on the next line: the line named is the one that lacks it
    ("lang: nb", "lang nb", 3, "linja mangler kolon"),
    ("consent:\n  web: true", "consent:\n    web: true", 11, "innrykket stemmer ikke"),
])
def test_front_matter_that_cannot_be_read_is_explained_in_norwegian(tmp_path, old, new, line, said):
    root = _text_with(tmp_path, old, new)
    nb = hefte("check", "-q", cwd=root).stderr
    assert f"a.md:{line}: feil: Innledningen kan ikke leses: " in nb and said in nb, nb
    # PyYAML's English words stay for --lang en, and never leak into the Norwegian message
    en = hefte("check", "-q", cwd=root, lang="en").stderr
    assert "The front matter cannot be read (" in en
    for english in ("expected", "mapping values", "could not find"):
        assert english not in nb


def test_build_says_the_site_folder_is_for_a_web_server_and_how_to_look_at_it(partial):
    root, result = partial
    assert f"Nettsida: {root / 'site'}/ – legg mappa på en webserver." in result.stdout
    assert "`hefte serve`" in result.stdout and "`hefte build --offline`" in result.stdout
    assert "site/index.html" not in result.stdout  # opened from disk, every link of it is a folder listing


@pytest.mark.parametrize("lang, words", [("nb", "er eksempler som ikke virker"), ("en", "are examples that do not work")])
def test_init_says_to_replace_the_example_addresses_it_wrote(tmp_path, lang, words):
    result = hefte("init", "standard", "--no-input", cwd=tmp_path, lang=lang)
    assert result.returncode == 0 and words in result.stdout
    assert "personvern@skriveverkstedet.example.no" in result.stdout
    assert "personvern@skriveverkstedet.example.no" in (tmp_path / "standard" / "docs" / "personvern.md").read_text("utf-8")
    own = hefte("init", "egen", "--no-input", "--url", "https://ord.no", "--email", "post@ord.no", cwd=tmp_path,
                lang=lang)
    assert own.returncode == 0 and words not in own.stdout
    # the register is for the editor's eyes only from the start, as the studio keeps it once it adds a writer
    if os.name == "posix":
        assert (tmp_path / "egen" / "private").stat().st_mode & 0o077 == 0
        assert (tmp_path / "egen" / "private" / "register.yml").stat().st_mode & 0o077 == 0
    # the project's own files speak the editor's language
    assert "# Det private registeret har ekte navn: aldri i git." in (tmp_path / "egen" / ".gitignore").read_text("utf-8")


def test_the_desk_names_no_line_0_for_a_text_not_yet_in_the_order(tmp_path):
    import urllib.request

    import studio_fixtures as fx

    root = make_project(tmp_path, {"kveld.md": participant("Kveld ved elva"), "ny.md": participant("En ny tekst")},
                        order=["kveld.md"])
    studio = fx.Studio(root, lan=False)
    try:
        with urllib.request.urlopen(f"{studio.url}/redaksjon/tekst/testhefte/ny", timeout=30) as response:
            page = response.read().decode("utf-8")
    finally:
        studio.close()
    assert "står ikke i rekkefølgen ennå" in page and "Linje 0" not in page


def test_init_says_where_hefte_is_when_a_new_terminal_would_not_find_it(tmp_path):
    venv_bin = Path(sys.executable).parent
    if not (venv_bin / "hefte").is_file():
        pytest.skip("hefte is not installed as a command beside this Python")
    args = [sys.executable, "-m", "hefte.cli", "init", "ny", "--no-input", "--url", "https://ord.no", "--email", "a@ord.no"]
    bare = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "HEFTE_TODAY": TODAY})
    assert bare.returncode == 0, bare.stderr
    assert f"skriv `source {venv_bin / 'activate'}`" in bare.stdout and f"`{venv_bin / 'hefte'} check`" in bare.stdout
    # the path it names works from inside the new folder, where the next step is
    check = subprocess.run([str(venv_bin / "hefte"), "check", "-q"], cwd=tmp_path / "ny", capture_output=True,
                           text=True, timeout=120, env={"PATH": "/usr/bin:/bin", "HEFTE_TODAY": TODAY})
    assert check.returncode == 0, check.stderr
    found = hefte("init", "annen", "--no-input", "--url", "https://ord.no", "--email", "a@ord.no", cwd=tmp_path)
    assert "terminalen ikke leter i" not in found.stdout


@pytest.mark.parametrize("listed, said", [
    ("morgenkafe.md", "«morgenkafe.md» står i lista over tekster, men fila finnes ikke i testhefte/. Mente du «morgenkaffe.md»?"),
    ("morgenkaffe", "«morgenkaffe» mangler .md på slutten. Skriv «morgenkaffe.md»."),
    ("dikt-om-hav.md", "fila finnes ikke i testhefte/. Sjekk stavemåten, eller fjern linja."),
])
def test_a_name_in_texts_that_is_not_a_file_names_the_file_that_is_meant(tmp_path, listed, said):
    root = make_project(tmp_path, {"morgenkaffe.md": participant("Morgenkaffe")}, order=[listed])
    result = hefte("check", "-q", cwd=root)
    assert result.returncode == 1 and f"publication.yml:" in result.stderr and said in result.stderr, result.stderr


def test_two_texts_held_back_are_said_in_the_plural(tmp_path):
    root = make_project(tmp_path, {"a.md": participant("Den gode teksten"),
                                   "b.md": participant("Den første feilen", **{"consent.web": "ja"}),
                                   "c.md": participant("Den andre feilen", **{"consent.print": "nei"})})
    result = hefte("build", "--no-pdf", "-q", cwd=root)
    assert result.returncode == 3 and "2 tekster er holdt tilbake fordi de har feil" in result.stderr, result.stderr
