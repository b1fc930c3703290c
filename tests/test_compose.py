"""New texts are written by a YAML dumper (intake/compose.py) and new writers added to the register round trip
(intake/enrol.py): what is written reads back as it was meant, and the editor's comments survive."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from conftest import make_project, participant
from hefte.config import load_config
from hefte.intake import enrol
from hefte.intake.compose import Answers, PhotoAnswers, compose
from hefte.intake.frontmatter import parse
from hefte.intake.load import load_register
from hefte.findings import Findings


@pytest.mark.parametrize("title", [
    "- Hei, sa hun", "'Tis the season", "Kari's kaffe", "Svar: nei", "# ikke en kommentar", "yes", "No", "on",
    "null", "2026-03-02", "010", "«Sitat» – og så", "Ære være", "a: b: c", "*stjerne", "&anker", "!merke", "@",
    "%prosent", "`bakstrek", "  innrykk", "Tittel som er lang " * 12,
])
def test_titles_and_names_read_back_exactly_as_written(title):
    text = compose(Answers(title=title, display_name=title, contributor="c-01", byline="pseudonym", web=True,
                           print=False, given=date(2026, 3, 2), form=title,
                           photos=[PhotoAnswers("bilder/a.jpg", alt=title, credit=title)], body="Tekst.\n"))
    data = parse(text).data
    expected = title.strip()
    assert data["title"] == expected and data["display_name"] == expected and data["consent"]["form"] == expected
    assert data["photos"][0]["alt"] == expected and data["photos"][0]["credit"] == expected
    assert data["consent"]["web"] is True and data["consent"]["print"] is False
    assert data["consent"]["given"] == date(2026, 3, 2)


def test_unanswered_is_null_never_yes_and_the_comments_explain_each_field():
    text = compose(Answers())
    data = parse(text).data
    assert data["consent"]["web"] is None and data["consent"]["print"] is None and data["byline"] is None
    assert "# Hvordan vil du stå oppført?" in text and "# true = teksten kan ligge på nettsida" in text
    assert data["review"]["status"] == "submitted"


def test_the_body_is_kept_word_for_word():
    body = "Første linje\n    innrykket linje\n\n«Andre» strofe – med ÆØÅ\n"
    assert parse(compose(Answers(title="Dikt", body=body))).body == "\n" + body


def test_a_new_writer_gets_the_next_id_and_the_registers_comments_survive(tmp_path):
    register = tmp_path / "private" / "register.yml"
    make_project(tmp_path, {"a.md": participant()})
    register.parent.mkdir()
    original = ("# Privat register. Skal aldri i git.\ncontributors:\n  c-01:\n    names: [Sølvi Rugtvedt]  # kurs 1\n"
                "    contact: \"solvi@example.no\"\n  c-09:\n    names: [Arvid Vatnaland]\n"
                "deny:\n  - Torleif Bakkehaug-Ness      # saksbehandler\n")
    register.write_text(original, "utf-8")
    config = load_config(tmp_path)
    assert enrol.enrol(config, "Yes Nordmann", "no") == "c-10"
    assert enrol.enrol(config, "Kari Ås", None) == "c-11"
    written = register.read_text("utf-8")
    assert written.startswith(original.split("deny:")[0])  # everything before, byte for byte
    assert "# saksbehandler" in written and "# kurs 1" in written
    data = yaml.safe_load(written)  # PyYAML, like the loader: «Yes» and «no» must stay words
    assert data["contributors"]["c-10"] == {"names": ["Yes Nordmann"], "contact": "no"}
    assert data["contributors"]["c-11"] == {"names": ["Kari Ås"], "contact": None}
    loaded = load_register(register, Findings())
    assert loaded.contributors["c-10"].names == ["Yes Nordmann"]
    assert register.stat().st_mode & 0o077 == 0  # names and phone numbers: the editor's eyes only


def test_without_a_register_one_is_made(tmp_path):
    make_project(tmp_path, {"a.md": participant()})
    config = load_config(tmp_path)
    assert enrol.enrol(config, "Kari Ås", "41234567") == "c-01"
    assert yaml.safe_load(config.register_path.read_text("utf-8"))["contributors"]["c-01"]["names"] == ["Kari Ås"]
