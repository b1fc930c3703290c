"""Every leak hole of issue 8, reproduced as an editor's ordinary mistake or a participant's copy-paste.

Each hole is planted in a project that builds cleanly without it; the build must then refuse, both through
`hefte build` (the library call the command makes) and through plain `mkdocs build` (a real subprocess, as
the README documents it), and neither may leave a publishable site with the secret in it.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from conftest import editorial, make_project, participant
from hefte.build import build
from hefte.config import load_config
from hefte.errors import CheckFailed, LeakFound

WITHDRAWN_BODY = ("Vinterlyset kom sent det året, og jeg sto lenge ved vinduet og ventet på det.\n\n"
                  "Snøen la seg over gatene som et tynt teppe av stillhet.\n")
SENTENCE = "Snøen la seg over gatene som et tynt teppe av stillhet."
SURNAME = "Lindstrøm"
REGISTER = {"contributors": {"c-01": {"names": ["Kari Nordhagen"]}, "c-02": {"names": [f"Rita {SURNAME}"]}},
            "deny": ["Bjørn Saksvik"]}
FNR = "01019010046"  # made up, valid check digits
CYRILLIC = str.maketrans({"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "i": "і", "x": "х", "y": "у"})


def _d_number() -> str:
    from stdnum.no import fodselsnummer
    for individual in range(100, 500):
        base = f"410190{individual:03d}"
        k1 = fodselsnummer.calc_check_digit1(base)
        if len(k1) == 1:
            k2 = fodselsnummer.calc_check_digit2(base + k1)
            if len(k2) == 1 and fodselsnummer.is_valid(base + k1 + k2):
                return base + k1 + k2
    raise AssertionError("no D-number")


def one_look_alike_per_word(text: str) -> str:
    out = []
    for word in text.split(" "):
        i = next((i for i, c in enumerate(word) if c in "aeopcixy"), None)
        out.append(word if i is None else word[:i] + word[i].translate(CYRILLIC) + word[i + 1:])
    return " ".join(out)


def base_texts() -> dict[str, str]:
    return {
        "innledning.md": editorial(body="Velkommen til heftet. Her er tekstene fra kurset i år.\n"),
        "kaffe.md": participant("Kaffen om morgenen", "Kaffen koker over på komfyren hver eneste morgen.\n",
                                display_name="Kari"),
        "vinterlys.md": participant("Vinterlys", WITHDRAWN_BODY, contributor="c-02", byline="pseudonym",
                                    display_name="Måsen", **{"consent.withdrawn": date(2026, 11, 1)}),
    }


def _append(name: str, extra: str):
    def plant(root: Path):
        path = root / "texts" / "testhefte" / name
        path.write_text(path.read_text("utf-8") + "\n" + extra + "\n", "utf-8")
    return plant


def _second_copy(root: Path):
    folder = root / "texts" / "testhefte"
    copy = participant("Vinterlys", WITHDRAWN_BODY, contributor="c-02", byline="pseudonym", display_name="Måsen")
    (folder / "kopi.md").write_text(copy, "utf-8")
    pub = yaml.safe_load((folder / "publication.yml").read_text("utf-8"))
    pub["texts"].append("kopi.md")
    (folder / "publication.yml").write_text(yaml.safe_dump(pub, allow_unicode=True), "utf-8")


def _docs_page(root: Path):
    (root / "docs" / "om.md").write_text(f"# Om kurset\n\nFra en av tekstene: {SENTENCE}\n", "utf-8")


def _register(change, mention: str):
    def plant(root: Path):
        path = root / "private" / "register.yml"
        data = yaml.safe_load(path.read_text("utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
        _append("kaffe.md", f"{mention} var der også.")(root)
    return plant


def _deny_as_string(data):
    data["deny"] = "Bjørn Saksvik"


def _norwegian_key(data):
    data["contributors"]["c-02"] = {"navn": ["Rita Lindstrøm"]}
    data["deny"] = []


def _site_description(root: Path):
    path = root / "mkdocs.yml"
    config = yaml.safe_load(path.read_text("utf-8"))
    config["site_description"] = f"Tekster fra kurset til Rita {SURNAME}."
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")


HOLES = {
    # withdrawn or held-back words in published prose
    "sentence in editorial prose": _append("innledning.md", "Hun skrev at vinterlyset kom sent det året, og jeg "
                                                            "sto lenge ved vinduet og ventet på det."),
    "sentence in a > quote": _append("innledning.md", f"> {SENTENCE}"),
    "title named in prose": _append("innledning.md", "I «Vinterlys» skriver hun om ventetid og lys."),
    "title as a heading": _append("kaffe.md", "## Vinterlys\n\nDet var en annen morgen."),
    "second copy of the withdrawn text": _second_copy,
    "sentence on a docs/ page": _docs_page,
    "zero-width spaces between the words": _append("innledning.md", SENTENCE.replace(" ", "\u200b")),
    "zero-width spaces beside the spaces": _append("innledning.md", SENTENCE.replace(" ", " \u200b")),
    "one Cyrillic look-alike per word": _append("innledning.md", one_look_alike_per_word(SENTENCE)),
    # real names past the scanners
    "surname with a zero-width space": _append("kaffe.md", "Jeg snakket med Lind\u200bstrøm i går."),
    "surname with a word joiner": _append("kaffe.md", "Jeg snakket med Lind\u2060strøm i går."),
    "surname with U+FEFF": _append("kaffe.md", "Jeg snakket med Lind\ufeffstrøm i går."),
    "surname with a left-to-right mark": _append("kaffe.md", "Jeg snakket med Lind\u200estrøm i går."),
    "surname with an entity for a zero-width space": _append("kaffe.md", "Jeg snakket med Lind&#8203;strøm i går."),
    "surname with an entity for a letter": _append("kaffe.md", "Jeg snakket med &#76;indstrøm i går."),
    "surname with a ligature": _append("kaffe.md", "Jeg snakket med Lind\ufb06røm i går."),
    "surname in fullwidth letters": _append("kaffe.md", "Jeg snakket med Ｌｉｎｄｓｔｒøｍ i går."),
    "surname with a Cyrillic look-alike": _append("kaffe.md", "Jeg snakket med L\u0456ndstrøm i går."),
    "surname URL-encoded in a link": _append("kaffe.md", "Les [mer her](https://eksempel.no/Lind%73tr%C3%B8m)."),
    "first name of a pseudonymous writer": _append("kaffe.md", "Rita satt ved siden av meg hele kurset."),
    "deny list written as one string": _register(_deny_as_string, "Bjørn Saksvik"),
    "register with navn instead of names": _register(_norwegian_key, "Rita Lindstrøm"),
    "fødselsnummer DD.MM.ÅÅ NNN NN": _append("kaffe.md", "Nummeret mitt er 01.01.90 100 46, skrev jeg."),
    "fødselsnummer DDMMÅÅ NNN NN": _append("kaffe.md", "Nummeret mitt er 010190 100 46, skrev jeg."),
    "fødselsnummer with a zero-width space": _append("kaffe.md", "Nummeret mitt er 010190\u200b10046, skrev jeg."),
    "D-number in groups": lambda root: _append("kaffe.md", f"D-nummeret er {_d_number()[:6]} {_d_number()[6:9]} "
                                                          f"{_d_number()[9:]}.")(root),
    # only verify can see this one: the words come from mkdocs.yml, not from a text
    "real name in the site description": _site_description,
}


def make(root: Path, hole: str | None) -> Path:
    make_project(root, base_texts(), register=REGISTER)
    if hole:
        HOLES[hole](root)
    return root


def mkdocs_build(root: Path) -> subprocess.CompletedProcess:
    """`mkdocs build` exactly as a person runs it: a new process in the project folder."""
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, capture_output=True, text=True,
                          timeout=300)


def mkdocs_cli(root: Path) -> int:
    """The same command through MkDocs' own CLI code, in this process (a new interpreter per hole costs seconds)."""
    from click.testing import CliRunner
    from mkdocs.__main__ import cli

    return CliRunner().invoke(cli, ["build", "-q", "-f", str(root / "mkdocs.yml")]).exit_code


def _site_text(root: Path) -> str:
    site = root / "site"
    if not site.is_dir():
        return ""
    return "\n".join(p.read_text("utf-8", "replace") for p in site.rglob("*") if p.suffix in (".html", ".json",
                                                                                            ".xml"))


def test_the_base_project_builds_both_ways(tmp_path):
    root = make(tmp_path / "p", None)
    assert not build(load_config(root), pdf=False).verify_report.has_errors()
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert "Kaffen koker over" in _site_text(root) and "Vinterlyset" not in _site_text(root)


@pytest.mark.parametrize("hole", list(HOLES))
def test_hefte_build_refuses(tmp_path, hole):
    root = make(tmp_path / "p", hole)
    with pytest.raises((CheckFailed, LeakFound)):
        build(load_config(root), pdf=False)
    assert not (root / "site").exists()


@pytest.mark.parametrize("hole", list(HOLES))
def test_mkdocs_build_refuses(tmp_path, hole):
    root = make(tmp_path / "p", hole)
    assert mkdocs_cli(root) != 0
    assert "Kaffen koker over" not in _site_text(root)  # no publishable site is left behind


@pytest.mark.parametrize("hole", ["sentence in editorial prose", "real name in the site description"])
def test_mkdocs_build_refuses_in_a_new_process(tmp_path, hole):
    root = make(tmp_path / "p", hole)
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "Kaffen koker over" not in _site_text(root)
    if hole == "real name in the site description":  # check cannot see mkdocs.yml: verify after the build did
        assert "the site" in result.stderr or "Nettsida" in result.stderr
        assert not (root / "site").exists()
