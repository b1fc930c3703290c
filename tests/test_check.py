"""`hefte check`: one test per class of error, through the CLI, asserting file, line and the fix."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import DELETE, editorial, make_project, participant
from hefte.cli import main


def run_check(root, *args):
    result = CliRunner().invoke(main, ["check", "--root", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def line_of(path, needle):
    for number, line in enumerate(path.read_text("utf-8").split("\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_clean_project_passes_and_shows_what_goes_where(tmp_path):
    make_project(tmp_path, {"a.md": participant("Morgen"), "b.md": participant("Kveld", **{"consent.web": False})})
    result = run_check(tmp_path)
    assert result.exit_code == 0, result.output
    line = line_of(tmp_path / "texts/testhefte/b.md", "web: false")
    assert f"b.md:{line}: info: holdes tilbake fra nett: skribenten har sagt nei." in result.output
    assert "1 av 2 tekster på nett, 2 i trykk" in result.output


BROKEN = [
    # (front matter change, needle on the expected line, expected words in the message)
    ({"consnet": {"web": True}}, "consnet:", "Ukjent felt «consnet». Mente du «consent»?"),
    ({"consent.web": "ja"}, "web: ja", "må være true eller false, men er «ja». Skriv `true`"),
    ({"consent.given": "2.3.2026"}, "given: 2.3.2026", "Skriv datoen som år-måned-dag: 2026-03-02"),
    ({"byline": "anonym", "display_name": None}, "byline: anonym", "Mente du «anonymous»?"),
    ({"byline": "anonymous"}, "display_name: Kari", "Teksten er anonym, men har `display_name: Kari`"),
    ({"consent.given": None}, "given: null", "`consent.given` (datoen samtykket ble signert) mangler"),
    ({"consent.print": None}, "print: null", "«consent.print» er ikke fylt ut"),
    ({"title": DELETE}, "---", "Feltet «title» mangler"),
    ({"contributor": "Kari Nordmann"}, "contributor: Kari Nordmann", "ser ut som et navn"),
    ({"photos": [{"file": "bilder/borte.jpg", "alt": "En kopp", "credit": "Thea", "shows_writer": False,
                  "consent": {"web": True, "print": True}}]}, "file: bilder/borte.jpg", "borte.jpg"),
    ({"photos": [{"file": "bilder/borte.jpg", "alt": None, "credit": "Thea", "shows_writer": False,
                  "consent": {"web": True, "print": True}}]}, "- file: bilder/borte.jpg", "«photos.0.alt» mangler"),
    ({"lang": "se"}, "lang: se", "må være en av: nb, nn"),
]


@pytest.mark.parametrize("changes, needle, words", BROKEN, ids=[b[2][:30] for b in BROKEN])
def test_each_error_names_file_line_and_fix(tmp_path, changes, needle, words):
    make_project(tmp_path, {"tekst.md": participant(**changes)})
    result = run_check(tmp_path, "--quiet")
    assert result.exit_code == 1
    path = tmp_path / "texts" / "testhefte" / "tekst.md"
    expected_line = 1 if needle == "---" else line_of(path, needle)
    location = f"texts/testhefte/tekst.md:{expected_line}: feil:"
    matching = [line for line in result.output.splitlines() if line.startswith(location)]
    assert any(words in line for line in matching), result.output


@pytest.mark.parametrize("content, line, words", [
    ("---\ntitle: A\ntitle: B\n---\n", 3, "står to ganger (først på linje 2)"),
    ("---\ntitle: [A\n---\n", 2, "Innledningen kan ikke leses"),
    ("title: A\n", 1, "Første linje må være `---`"),
    ("---\ntitle: A\n\tconsent: x\n---\n", 3, "tabulator"),
])
def test_broken_yaml(tmp_path, content, line, words):
    make_project(tmp_path, {"tekst.md": content})
    result = run_check(tmp_path, "--quiet")
    assert result.exit_code == 1
    assert f"texts/testhefte/tekst.md:{line}: feil: " in result.output and words in result.output


def test_listed_text_missing(tmp_path):
    make_project(tmp_path, {"a.md": participant()}, order=["a.md", "borte.md"])
    result = run_check(tmp_path, "--quiet")
    assert result.exit_code == 1
    assert "texts/testhefte/publication.yml:" in result.output and "«borte.md» står i lista" in result.output


def test_quote_must_be_verbatim(tmp_path):
    intro = editorial(body="Her er et sitat.\n\n::: sitat kilde\nJeg drakk kaffe hele natta.\n:::\n")
    make_project(tmp_path, {"intro.md": intro, "kilde.md": participant(body="Jeg drakk te hele natta.\n")})
    result = run_check(tmp_path, "--quiet")
    assert result.exit_code == 1
    assert "texts/testhefte/intro.md:" in result.output and "finnes ikke ordrett i kilden" in result.output


def test_quote_with_cut_is_accepted(tmp_path):
    intro = editorial(body="::: sitat kilde\nJeg drakk te (…) natta.\n:::\n")
    make_project(tmp_path, {"intro.md": intro, "kilde.md": participant(body="Jeg drakk te hele natta.\n")})
    assert run_check(tmp_path, "--quiet").exit_code == 0


def test_english_messages(tmp_path):
    make_project(tmp_path, {"tekst.md": participant(**{"consnet": {}})})
    result = run_check(tmp_path, "--quiet", "--lang", "en")
    assert "error: Unknown key «consnet». Did you mean «consent»?" in result.output


def test_unlisted_text_is_a_warning_and_not_published(tmp_path):
    from hefte.pipeline import prepare

    make_project(tmp_path, {"a.md": participant(), "glemt.md": participant("Glemt")}, order=["a.md"])
    result = run_check(tmp_path)
    assert result.exit_code == 0
    assert "texts/testhefte/glemt.md: advarsel: «glemt.md» står ikke i rekkefølgen ennå" in result.output
    state = prepare(tmp_path)
    assert [pt.text.id for pt in state.plan.all_texts()] == ["a"]  # approved and consented, but not in the order
    assert [t.id for t in state.project.publications[0].unlisted] == ["glemt"]


def test_unlisted_text_is_checked_all_the_same(tmp_path):
    rotete = participant("Rotete", **{"consent.web": "ja", "contributor": "Kari Nordmann"})
    make_project(tmp_path, {"a.md": participant(), "rotete.md": rotete}, order=["a.md"])
    result = run_check(tmp_path, "--quiet")
    assert result.exit_code == 1
    assert "texts/testhefte/rotete.md: advarsel: «rotete.md» står ikke i rekkefølgen ennå" in result.output
    assert "rotete.md:10: feil: «consent.web» må være true eller false, men er «ja»" in result.output
    assert "rotete.md:6: feil: `contributor: Kari Nordmann` ser ut som et navn" in result.output


def test_held_back_reasons_give_their_dates_in_norwegian(tmp_path):
    make_project(tmp_path, {"a.md": participant("Snart", **{"consent.publish_after": "2031-06-01"}),
                            "b.md": participant("Trukket", **{"consent.withdrawn": "2026-10-15"})})
    out = run_check(tmp_path).output
    assert "holdes tilbake fra nett: embargo til 1. juni 2031 (publish_after)." in out
    assert "holdes tilbake fra trykk: samtykket ble trukket 15. oktober 2026." in out
    english = run_check(tmp_path, "--lang", "en").output
    assert "held back from web: embargoed until 2031-06-01 (publish_after)." in english
