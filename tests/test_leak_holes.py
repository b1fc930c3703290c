"""Every leak hole of issue 8, reproduced as an editor's ordinary mistake or a participant's copy-paste.

Each hole is planted in a project that builds cleanly without it; the build must then refuse, both through
`hefte build` (the library call the command makes) and through plain `mkdocs build` (a real subprocess, as
the README documents it), and neither may leave a publishable site with the secret in it.
"""

from __future__ import annotations

import json
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
from hefte.guard.policy import Medium

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
    plant.carrier = name
    return plant


def _second_copy(root: Path):
    folder = root / "texts" / "testhefte"
    copy = participant("Vinterlys", WITHDRAWN_BODY, contributor="c-02", byline="pseudonym", display_name="Måsen")
    (folder / "kopi.md").write_text(copy, "utf-8")
    pub = yaml.safe_load((folder / "publication.yml").read_text("utf-8"))
    pub["texts"].append("kopi.md")
    (folder / "publication.yml").write_text(yaml.safe_dump(pub, allow_unicode=True), "utf-8")


_second_copy.carrier = "kopi.md"


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


CARRIERS = {"innledning.md": "Velkommen til heftet", "kaffe.md": "Kaffen koker over", "kopi.md": "Vinterlyset"}


def assert_refused(root: Path, **options) -> None:
    """The build refuses (check or verify stops it, and no site is written), or, in a partial build, the text
    that carries the leak is held back and published nowhere while the rest goes out."""
    try:
        result = build(load_config(root), pdf=False, **options)
    except (CheckFailed, LeakFound):
        assert not (root / "site").exists()
        return
    held = {path.name for path in result.held_back_files}
    assert held, "the build published everything"
    site = _site_text(root)
    assert not [words for name, words in CARRIERS.items() if name in held and words in site]
    assert "Vinterlyset" not in site and SURNAME not in site


def assert_nothing_leaked(root: Path, hole: str) -> None:
    """After a refused `mkdocs build`: no site at all, or (`strict: true` stops only after writing, when a text
    was held back for its errors) a site without the text that carries the leak."""
    site = _site_text(root)
    assert "Vinterlyset" not in site and SURNAME not in site and "Saksvik" not in site
    carrier = getattr(HOLES[hole], "carrier", None)
    if site and carrier:
        assert CARRIERS[carrier] not in site


def test_the_base_project_builds_both_ways(tmp_path):
    root = make(tmp_path / "p", None)
    assert not build(load_config(root), pdf=False).verify_report.has_errors()
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert "Kaffen koker over" in _site_text(root) and "Vinterlyset" not in _site_text(root)


@pytest.mark.parametrize("hole", list(HOLES))
def test_hefte_build_refuses(tmp_path, hole):
    root = make(tmp_path / "p", hole)
    assert_refused(root)


@pytest.mark.parametrize("hole", ["sentence in editorial prose", "surname with a zero-width space",
                                  "fødselsnummer DD.MM.ÅÅ NNN NN"])
def test_hefte_build_strict_stops(tmp_path, hole):
    root = make(tmp_path / "p", hole)
    with pytest.raises(CheckFailed):
        build(load_config(root), pdf=False, strict=True)
    assert not (root / "site").exists()


@pytest.mark.parametrize("hole", list(HOLES))
def test_mkdocs_build_refuses(tmp_path, hole):
    root = make(tmp_path / "p", hole)
    assert mkdocs_cli(root) != 0
    assert_nothing_leaked(root, hole)


@pytest.mark.parametrize("hole", ["sentence in editorial prose", "real name in the site description"])
def test_mkdocs_build_refuses_in_a_new_process(tmp_path, hole):
    root = make(tmp_path / "p", hole)
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert_nothing_leaked(root, hole)
    if hole == "real name in the site description":  # check cannot see mkdocs.yml: verify after the build did
        assert "the site" in result.stderr or "Nettsida" in result.stderr
        assert not (root / "site").exists()


# --- other consent holes: a pseudonym's face, acknowledgements ---------------------------------------------------

def _portrait() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.linear_gradient("L").resize((1200, 800)).convert("RGB").save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


@pytest.mark.parametrize("shows_writer", [True, None])
def test_a_pseudonyms_photo_of_the_writer_is_held_back_unless_acknowledged(tmp_path, shows_writer):
    photo = {"file": "bilder/portrett.jpg", "alt": "Et portrett ved sjøen.", "credit": "Redaksjonen",
             "shows_writer": shows_writer, "consent": {"web": True, "print": True}}
    if shows_writer is None:
        del photo["shows_writer"]
    texts = {"maasen.md": participant("Måkene", "Måkene skriker over kaia hver morgen i april.\n",
                                      contributor="c-02", byline="pseudonym", display_name="Måsen",
                                      photos=[photo])}
    root = make_project(tmp_path / "p", texts, register=REGISTER, files={"bilder/portrett.jpg": _portrait()})
    result = build(load_config(root), pdf=False)
    [planned] = result.state.plan.all_texts()[0].photos
    assert not planned.decision.anywhere
    assert [r.value for r in planned.decision.reasons(Medium.WEB)] == ["policy.photo-pseudonym-writer"]
    assert not list((root / "site" / "testhefte").glob("bilder/*"))
    # the editor records that the writer agreed: the check finding is acknowledged, and the photo goes out
    finding = next(f for f in result.findings if f.code == "pii.photo-shows-writer")
    (root / "texts" / "testhefte" / "acknowledgements.yml").write_text(
        f"- finding: {finding.params['finding']}\n  text: maasen\n  by: HD\n  date: 2026-11-20\n"
        "  note: Skribenten vil vise ansiktet sitt (skjema C-2026-02).\n", "utf-8")
    result = build(load_config(root), pdf=False)
    assert result.state.plan.all_texts()[0].photos[0].decision.web
    # one photo, with its narrower copies for phones (name-480.jpg …)
    assert len({p.stem.split("-")[0] for p in (root / "site" / "testhefte").glob("bilder/*")}) == 1
    manifest = json.loads((root / "print" / "manifest.json").read_text("utf-8"))
    assert [(a["code"], a["by"], a["text"]) for a in manifest["acknowledgements"]] == [
        ("pii.photo-shows-writer", "HD", "maasen")]


def test_a_photo_that_may_go_nowhere_asks_nothing_about_the_writers_face(tmp_path):
    """Consent no to both: the photo is published nowhere, so «it may show the writer» is only noise."""
    from hefte.pipeline import prepare

    photo = {"file": "bilder/portrett.jpg", "alt": "Et portrett ved sjøen.", "credit": "Redaksjonen",
             "consent": {"web": False, "print": False}}
    texts = {"maasen.md": participant("Måkene", "Måkene skriker over kaia hver morgen i april.\n",
                                      contributor="c-02", byline="pseudonym", display_name="Måsen", photos=[photo]),
             "anon.md": participant("Kaia", "Kaia er tom når fergene har gått for kvelden.\n", contributor="c-02",
                                    byline="anonymous", display_name=None, photos=[dict(photo)])}
    root = make_project(tmp_path / "p", texts, register=REGISTER, files={"bilder/portrett.jpg": _portrait()})
    codes = {f.code for f in prepare(root).findings}
    assert not codes & {"pii.photo-shows-writer", "photo.shows-writer-unset"}, codes
    photo["consent"] = {"web": True, "print": False}  # one yes: the question is asked again
    texts["maasen.md"] = participant("Måkene", "Måkene skriker over kaia hver morgen i april.\n",
                                     contributor="c-02", byline="pseudonym", display_name="Måsen", photos=[photo])
    root = make_project(tmp_path / "q", texts, register=REGISTER, files={"bilder/portrett.jpg": _portrait()})
    assert "pii.photo-shows-writer" in {f.code for f in prepare(root).findings}


def test_acknowledgements_work_in_check_build_and_verify_and_are_listed(tmp_path):
    from click.testing import CliRunner

    from hefte.cli import main

    root = make(tmp_path / "p", "first name of a pseudonymous writer")
    check = CliRunner().invoke(main, ["check", "--root", str(root), "--lang", "en"])
    assert check.exit_code == 0 and "Traceback" not in check.output  # a warning: check passes
    line = next(out for out in check.output.splitlines() if "kaffe.md" in out and "first name" in out)
    finding = line.split("finding id ")[1].split(":")[0]
    with pytest.raises(LeakFound):  # verify refuses the first name without an acknowledgement
        build(load_config(root), pdf=False)
    acks = root / "texts" / "testhefte" / "acknowledgements.yml"
    acks.write_text(f"- finding: {finding}\n  text: kaffe\n  by: HD\n  date: 2026-11-20\n"
                    "  note: En annen Rita, fra kafeen.\n- finding: 0123456789ab\n  text: kaffe\n  by: HD\n"
                    "  date: 2026-11-01\n  note: gammel\n", "utf-8")
    check = CliRunner().invoke(main, ["check", "--root", str(root), "--lang", "en"])
    assert check.exit_code == 0, check.output  # once crashed: render() got multiple values for argument 'code'
    assert "Acknowledged by HD on 2026-11-20" in check.output
    assert "Acknowledged findings" in check.output and "En annen Rita, fra kafeen." in check.output
    assert "acknowledgement 0123456789ab for the text kaffe is stale" in check.output
    built = CliRunner().invoke(main, ["build", "--root", str(root), "--lang", "en", "--no-pdf"])
    assert built.exit_code == 0, built.output
    assert "Acknowledged findings" in built.output and finding in built.output
    manifest = json.loads((root / "print" / "manifest.json").read_text("utf-8"))
    assert manifest["acknowledgements"] == [{"finding": finding, "code": "pii.first-name", "file": "kaffe.md",
                                             "text": "kaffe", "line": manifest["acknowledgements"][0]["line"],
                                             "by": "HD", "date": "2026-11-20", "note": "En annen Rita, fra kafeen."}]
    assert "Rita" in _site_text(root)  # verify let exactly the acknowledged first name through
    assert "Rita" not in (root / "print" / "manifest.json").read_text("utf-8").replace("En annen Rita", "")


# --- the register is read like front matter ----------------------------------------------------------------------

@pytest.mark.parametrize("register, message", [
    ({"contributors": {"c-01": {"names": ["Kari Nordhagen"]}}, "deny": "Bjørn Saksvik"},
     "private/register.yml:5: error: «deny» must be a list, but is «Bjørn Saksvik». Write it as a list, for "
     "example `deny: [Bjørn Saksvik]`."),
    ({"contributors": {"c-01": {"navn": ["Kari Nordhagen"]}}},
     "private/register.yml:3: error: Unknown key «contributors.c-01.navn» in the register. Did you mean "
     "«contributors.c-01.names»?"),
    ({"contributors": {"c-01": {"names": ["Kari Nordhagen", None, 17]}}},
     "private/register.yml:5: error: «contributors.c-01.names.1» should be a name (text), but is «null»."),
    ({"bidragsytere": {"c-01": {"names": ["Kari Nordhagen"]}}},
     "private/register.yml:1: error: Unknown key «bidragsytere» in the register. Did you mean «contributors»?"),
])
def test_a_register_that_cannot_be_read_fully_stops_check_and_build(tmp_path, register, message):
    from click.testing import CliRunner

    from hefte.cli import main

    root = make_project(tmp_path / "p", {"kaffe.md": participant(display_name="Kari")}, register=register)
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--lang", "en", "--quiet"])
    assert result.exit_code == 1
    assert message in result.output
    with pytest.raises(CheckFailed):
        build(load_config(root), pdf=False)


def test_check_names_a_secret_on_a_docs_page_and_in_publication_yml(tmp_path):
    from click.testing import CliRunner

    from hefte.cli import main

    root = make(tmp_path / "p", None)
    (root / "docs" / "om.md").write_text("# Om kurset\n\nTakk til Rita Lindstrøm for kaffen.\n", "utf-8")
    publication = root / "texts" / "testhefte" / "publication.yml"
    publication.write_text(publication.read_text("utf-8").replace("Hilde Redaktør", "Bjørn Saksvik", 1), "utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--lang", "en", "--quiet"])
    assert result.exit_code == 1
    assert "docs/om.md:3: error: The text mentions «Rita Lindstrøm»" in result.output
    assert "texts/testhefte/publication.yml:" in result.output and "«Bjørn Saksvik»" in result.output
