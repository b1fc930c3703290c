"""Output folders are checked when the configuration is loaded: a build never replaces a source folder."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from conftest import REPO, make_project, participant
from hefte.cli import main

CASES = [
    ({"print_dir": "texts"}, "print_dir = \"texts\" er tekstmappa", "texts"),
    ({"site_dir": "docs"}, "site_dir = \"docs\" er mappa med de håndskrevne sidene", "docs"),
    ({"print_dir": "private"}, "print_dir = \"private\" er mappa med det private registeret", "private"),
    ({"site_dir": "overrides"}, "site_dir = \"overrides\" er mappa med maler", "overrides"),
    ({"print_dir": ".git"}, "print_dir = \".git\" er git-historikken", ".git"),
    ({"site_dir": "."}, "site_dir = \".\" er prosjektmappa", "texts"),
    ({"print_dir": ".."}, "print_dir = \"..\" er prosjektmappa (eller en mappe som inneholder den)", "texts"),
    ({"site_dir": "texts/nett"}, "site_dir = \"texts/nett\" ligger inni tekstmappa", "texts"),
    ({"texts_dir": "innhold/tekster", "print_dir": "innhold"}, "print_dir = \"innhold\" inneholder tekstmappa",
     "innhold/tekster"),
    ({"print_dir": "site"}, "site_dir og print_dir er samme mappe", "site"),
    ({"print_dir": "site/pdf"}, "print_dir = \"site/pdf\" ligger inni site_dir = \"site\"", "site"),
    ({"site_dir": "print/nett"}, "site_dir = \"print/nett\" ligger inni print_dir = \"print\"", "print"),
    ({"offline_dir": "texts"}, "offline_dir = \"texts\" er tekstmappa", "texts"),
    ({"offline_dir": "site"}, "offline_dir og site_dir er samme mappe", "site"),
    ({"offline_dir": "site/offline"}, "offline_dir = \"site/offline\" ligger inni site_dir = \"site\"", "site"),
]


def _configure(root, settings: dict) -> None:
    lines = "\n".join(f'{key} = "{value}"' for key, value in settings.items())
    (root / "pyproject.toml").write_text(f"[tool.hefte]\n{lines}\n", "utf-8")


@pytest.mark.parametrize("settings, message, kept", CASES, ids=[str(c[0]) for c in CASES])
def test_a_dangerous_output_folder_is_refused_before_anything_is_touched(tmp_path, settings, message, kept):
    texts_dir = settings.get("texts_dir", "texts")
    make_project(tmp_path, {"a.md": participant()}, register={"contributors": {}})
    # a real copy, not the shared link to the repository's overrides: a build that got this wrong would
    # otherwise replace the repository's own templates
    (tmp_path / "overrides").unlink()
    shutil.copytree(REPO / "overrides", tmp_path / "overrides")
    if texts_dir != "texts":
        (tmp_path / texts_dir).parent.mkdir(parents=True)
        (tmp_path / "texts").rename(tmp_path / texts_dir)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    for folder in ("site", "print"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "forrige.txt").write_text("forrige utgave")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    _configure(tmp_path, settings)
    before[tmp_path / "pyproject.toml"] = (tmp_path / "pyproject.toml").read_bytes()
    for command in (["build"], ["check"], ["build", "--lang", "en"]):
        result = CliRunner().invoke(main, [*command, "--root", str(tmp_path)])
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output and "uventet" not in result.output
        if "en" not in command:
            assert message in result.output, result.output
            assert "Ingenting er bygd eller slettet" in result.output or "samme mappe" in result.output \
                or "hver sin mappe" in result.output
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before and (tmp_path / kept).exists()


def test_an_output_folder_outside_the_project_is_allowed(tmp_path):
    project = tmp_path / "prosjekt"
    make_project(project, {"a.md": participant("Ute")})
    _configure(project, {"site_dir": str(tmp_path / "www" / "site"), "print_dir": str(tmp_path / "deling")})
    result = CliRunner().invoke(main, ["build", "--root", str(project), "--no-pdf"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "www" / "site" / "testhefte" / "ute" / "index.html").is_file()
