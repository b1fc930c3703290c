"""The CLI: every command has help and is in the README; `hefte new`; plain mkdocs obeys the policy."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import REPO, make_project, participant
from hefte.cli import main
from hefte.intake.frontmatter import parse

COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example_in_both_languages_and_is_documented(name):
    # A new command whose help is only a Norwegian docstring fails here: its English help has no "Example:".
    norsk = CliRunner().invoke(main, [name, "--help"])
    assert norsk.exit_code == 0 and "Eksempel: hefte" in norsk.output and "Example:" not in norsk.output
    english = CliRunner().invoke(main, [name, "--help", "--lang", "en"])
    assert english.exit_code == 0 and "Example: hefte" in english.output and "Eksempel:" not in english.output
    assert f"hefte {name}" in (REPO / "README.md").read_text("utf-8")


def _phone_photo(path):
    """A JPEG as a phone writes it: EXIF with the owner's name and a GPS position."""
    from PIL import ExifTags, Image

    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = "Kari Nordmann"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] = "N"
    Image.new("RGB", (1200, 800), (90, 120, 160)).save(path, "JPEG", exif=exif.tobytes())
    return path


def test_new_asks_the_consent_questions_and_writes_front_matter(tmp_path):
    from hefte.render.images import find_metadata

    make_project(tmp_path, {"a.md": participant()})
    photo = _phone_photo(tmp_path / "IMG_2031.JPG")
    answers = "\n".join([
        "Regn på Torget", "2", "c-12", "3", "Sjøløven", "ja", "nei", "2026-04-01", "C-2026-12",
        "ja", str(photo), "Regn på en benk", "Thea", "nei", "ja", "nei",
    ]) + "\n"
    result = CliRunner().invoke(main, ["new", "testhefte", "--ask", "--root", str(tmp_path)], input=answers)
    assert result.exit_code == 0, result.output
    path = tmp_path / "texts" / "testhefte" / "regn-pa-torget.md"
    data = parse(path.read_text("utf-8")).data
    assert data["title"] == "Regn på Torget" and data["genre"] == "poem"
    assert data["byline"] == "pseudonym" and data["display_name"] == "Sjøløven"
    assert data["consent"]["web"] is True and data["consent"]["print"] is False
    assert str(data["consent"]["given"]) == "2026-04-01"
    assert data["photos"][0]["consent"] == {"web": True, "print": False}
    assert data["photos"][0]["shows_writer"] is False
    assert data["review"]["status"] == "submitted"
    # The photo is copied into bilder/ under the text's name, without the phone's metadata.
    assert data["photos"][0]["file"] == "bilder/regn-pa-torget.jpg"
    copied = tmp_path / "texts" / "testhefte" / "bilder" / "regn-pa-torget.jpg"
    assert find_metadata(copied) == [] and find_metadata(photo) != []
    assert "IMG_2031" not in path.read_text("utf-8")
    assert "Når redaksjonen har godkjent teksten og registrert samtykkeskjemaet: på nettsida, ikke i trykk " \
           "(skribenten har sagt nei)." in result.output


def test_new_asks_again_until_the_answers_pass_the_checks(tmp_path):
    make_project(tmp_path, {"a.md": participant()})
    photo = _phone_photo(tmp_path / "bilde.jpg")
    answers = "\n".join([
        "- Hei, sa hun", "1", "Kari Nordmann", "4", "ja", "ja", "2.3.2026", "",
        "ja", r"C:\Users\kari\Pictures\IMG_2031.JPG", str(photo), "Meg på trappa", "Thea", "ja", "ja", "ja",
        "c-12", "2026-03-02",  # asked again: the id instead of a name, the date as year-month-day
    ]) + "\n"
    result = CliRunner().invoke(main, ["new", "testhefte", "--ask", "--root", str(tmp_path)], input=answers)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Finner ikke bildefila «C:\\Users\\kari\\Pictures\\IMG_2031.JPG»" in out
    assert "`contributor: Kari Nordmann` ser ut som et navn" in out
    assert "Skriv datoen som år-måned-dag: 2026-03-02" in out
    path = tmp_path / "texts" / "testhefte" / "hei-sa-hun.md"
    data = parse(path.read_text("utf-8")).data
    assert data["title"] == "- Hei, sa hun"  # a title starting with «- » survives the YAML round trip
    assert data["contributor"] == "c-12" and str(data["consent"]["given"]) == "2026-03-02"
    assert data["photos"][0]["file"] == "bilder/hei-sa-hun.jpg"
    # An anonymous writer recognisable in her photo: the policy never uses it, and she is told so.
    assert "Bildet hei-sa-hun.jpg: bildet blir ikke brukt noe sted (skribenten er anonym og bildet kan vise " \
           "skribenten)." in out
    assert CliRunner().invoke(main, ["check", "--root", str(tmp_path), "-q"]).exit_code == 0


def test_new_without_questions_writes_a_commented_template_that_is_not_published(tmp_path):
    make_project(tmp_path, {"a.md": participant()})
    result = CliRunner().invoke(main, ["new", "testhefte", "--no-input", "--id", "min-tekst", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    content = (tmp_path / "texts" / "testhefte" / "min-tekst.md").read_text("utf-8")
    assert "# Hvordan vil du stå oppført?" in content
    data = parse(content).data
    assert data["consent"]["web"] is None and data["consent"]["print"] is None  # absent is not yes


def test_new_never_overwrites(tmp_path):
    make_project(tmp_path, {"a.md": participant()})
    before = (tmp_path / "texts" / "testhefte" / "a.md").read_bytes()
    result = CliRunner().invoke(main, ["new", "testhefte", "--no-input", "--id", "a", "--root", str(tmp_path)])
    assert result.exit_code == 1 and "finnes allerede" in result.output
    assert (tmp_path / "texts" / "testhefte" / "a.md").read_bytes() == before


def test_plain_mkdocs_build_refuses_on_check_errors(tmp_path):
    # An error in a shared file (publication.yml) stops the build; with `strict: true` in mkdocs.yml, as in the
    # project's, an error confined to one text stops it too (like `hefte build --strict`), even with -q.
    make_project(tmp_path, {"a.md": participant(), "b.md": participant("B", **{"consent.web": "ja"})})
    env = {"HEFTE_TODAY": "2026-11-22", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=tmp_path, capture_output=True,
                            text=True, env=env)
    assert result.returncode != 0
    assert "b.md:" in result.stderr and "må være true eller false" in result.stderr
    assert not (tmp_path / "site" / "testhefte" / "b").exists()  # MkDocs writes before its strict abort
    pub = tmp_path / "texts" / "testhefte" / "publication.yml"
    pub.write_text(pub.read_text("utf-8").replace("kind: booklet", "kind: hefte"), "utf-8")
    (tmp_path / "texts" / "testhefte" / "b.md").write_text(participant("B"), "utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site2"], cwd=tmp_path,
                            capture_output=True, text=True, env=env)
    assert result.returncode != 0 and "publication.yml:" in result.stderr and "«kind»" in result.stderr
    assert not (tmp_path / "site2").exists()


def test_plain_mkdocs_build_obeys_the_policy(tmp_path):
    make_project(tmp_path, {"a.md": participant("Synlig"), "b.md": participant("Hemmelig", **{"consent.web": False})})
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=tmp_path, capture_output=True,
                            text=True, env={"HEFTE_TODAY": "2026-11-22", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "testhefte" / "synlig" / "index.html").exists()
    assert not (tmp_path / "site" / "testhefte" / "hemmelig").exists()
    assert "Hemmelig" not in (tmp_path / "site" / "search" / "search_index.json").read_text("utf-8")
    assert (tmp_path / "site" / "sitemap.xml").read_text("utf-8").count("/testhefte/") == 2  # overview + text


def test_failed_build_leaves_previous_site_untouched(tmp_path):
    make_project(tmp_path, {"a.md": participant("Første")})
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--no-pdf", "--root", str(tmp_path)]).exit_code == 0
    snapshot = {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    path = tmp_path / "texts" / "testhefte" / "a.md"
    path.write_text(path.read_text("utf-8").replace("byline: first-name", "byline: fornavn"), "utf-8")
    result = runner.invoke(main, ["build", "--no-pdf", "--strict", "--root", str(tmp_path)])
    assert result.exit_code == 1 and "forrige utgave er uendret" in result.output
    assert {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()} == snapshot
    assert not list(tmp_path.glob(".hefte-staging*")) and not list(tmp_path.glob(".hefte/staging-*"))


def test_verify_command_finds_a_planted_leak(tmp_path):
    make_project(tmp_path, {"a.md": participant("Synlig"),
                            "b.md": participant("En tittel som er trukket tilbake",
                                                **{"consent.withdrawn": "2026-11-01"})})
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--no-pdf", "--root", str(tmp_path)]).exit_code == 0
    clean = runner.invoke(main, ["verify", "--root", str(tmp_path)])
    assert clean.exit_code == 0 and "ingen lekkasjer funnet" in clean.output
    page = tmp_path / "site" / "testhefte" / "synlig" / "index.html"
    page.write_text(page.read_text("utf-8").replace("</article>", "<p>En tittel som er trukket tilbake</p></article>"))
    leaked = runner.invoke(main, ["verify", "--root", str(tmp_path), "--lang", "en"])
    assert leaked.exit_code == 1
    assert "site/testhefte/synlig/index.html:" in leaked.output and "withdrawn" in leaked.output.lower()
