"""The private register: texts refer to writers by id; check looks for their real names and guards the file."""

from __future__ import annotations

import subprocess

from click.testing import CliRunner

from conftest import make_project, participant
from hefte.cli import main

REGISTER = {"contributors": {"c-01": {"names": ["Gunnvor Fjellheim-Trøan"], "form": "C-1"},
                             "c-02": {"names": ["Randi Holmefjord"]}},
            "deny": ["Torleif Bakkehaug-Ness"]}


def check(root, *args):
    return CliRunner().invoke(main, ["check", "--root", str(root), "--quiet", *args])


def test_register_committed_to_git_is_an_error(tmp_path):
    make_project(tmp_path, {"a.md": participant()}, register=REGISTER)
    assert check(tmp_path).exit_code == 0
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "-f", "private/register.yml"], cwd=tmp_path, check=True)
    result = check(tmp_path)
    assert result.exit_code == 1
    assert "private/register.yml: feil: Det private registeret (private/register.yml) er lagt inn i git" in result.output
    assert "git rm --cached private/register.yml" in result.output


def test_own_real_name_in_a_first_name_text_is_found_with_a_finding_id(tmp_path):
    body = "Jeg heter egentlig Gunnvor Fjellheim-Trøan, men her er jeg bare Kari.\n"
    make_project(tmp_path, {"a.md": participant(body=body)}, register=REGISTER)
    result = check(tmp_path)
    assert result.exit_code == 1
    line = next(out for out in result.output.splitlines() if "Gunnvor Fjellheim-Trøan" in out)
    assert line.startswith("texts/testhefte/a.md:") and "funn-id " in line


def test_named_writer_may_carry_their_own_name(tmp_path):
    body = "Jeg heter Randi Holmefjord og har skrevet denne teksten.\n"
    text = participant(body=body, contributor="c-02", byline="named", display_name="Randi Holmefjord")
    make_project(tmp_path, {"a.md": text}, register=REGISTER)
    assert check(tmp_path).exit_code == 0


def test_deny_listed_name_is_an_error_and_an_acknowledgement_lets_it_stand(tmp_path):
    body = "Saksbehandleren min, Torleif Bakkehaug-Ness, ringte aldri tilbake.\n"
    make_project(tmp_path, {"a.md": participant(body=body)}, register=REGISTER)
    result = check(tmp_path)
    assert result.exit_code == 1
    finding = result.output.split("funn-id ")[1].split(":")[0]
    (tmp_path / "texts" / "testhefte" / "acknowledgements.yml").write_text(
        f"- finding: {finding}\n  text: a\n  by: HD\n  date: 2026-11-20\n  note: fiktivt navn, avklart\n", "utf-8")
    assert check(tmp_path).exit_code == 0
    # the acknowledgement is void once the line changes
    path = tmp_path / "texts" / "testhefte" / "a.md"
    path.write_text(path.read_text("utf-8").replace("ringte aldri", "ringte ikke"), "utf-8")
    assert check(tmp_path).exit_code == 1


def test_without_a_register_the_build_works_and_verify_says_it_could_not_look(tmp_path):
    from hefte.build import build
    from hefte.config import load_config

    make_project(tmp_path, {"a.md": participant()})
    result = build(load_config(tmp_path), pdf=False)
    assert any(f.code == "verify.no-register" for f in result.verify_report)


def test_a_writer_named_only_in_a_withdrawn_text_is_secret_elsewhere(tmp_path):
    # verify would find the name in the output; check must say so first, with a finding id.
    withdrawn = participant("Trukket", contributor="c-02", byline="named", display_name="Randi Holmefjord",
                            **{"consent.withdrawn": "2026-11-01"})
    other = participant("Annen", body="Jeg satt ved siden av Randi Holmefjord hele kurset.\n")
    make_project(tmp_path, {"t.md": withdrawn, "a.md": other}, register=REGISTER)
    result = check(tmp_path)
    assert result.exit_code == 1
    assert any(out.startswith("texts/testhefte/a.md:") and "Randi Holmefjord" in out
               for out in result.output.splitlines())
