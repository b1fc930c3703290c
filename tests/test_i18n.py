"""Languages: --lang before and after every command, click's own messages in Norwegian, help and questions in both."""

from __future__ import annotations

import io
import re
from pathlib import Path

import click
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner

from conftest import make_project, participant
from hefte import i18n, messages
from hefte.cli import main

COMMANDS = sorted(main.commands)
PO = i18n.LOCALE_DIR / "nb" / "LC_MESSAGES" / "hefte.po"


def test_every_message_click_can_print_has_a_norwegian_translation():
    with PO.open("rb") as fh:
        catalogue = read_po(fh)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2)}
    used = {(m[2][0] if isinstance(m[2], tuple) else m[2])
            for m in extract_from_dir(Path(click.__file__).parent, keywords=keywords)}
    missing = [m for m in used if not (catalogue.get(m) and catalogue.get(m).string
                                       and all(catalogue.get(m).string if isinstance(catalogue.get(m).string, tuple)
                                               else [catalogue.get(m).string]))]
    assert len(used) > 60 and not missing, missing


def test_the_committed_mo_is_compiled_from_the_po():
    with PO.open("rb") as fh:
        catalogue = read_po(fh)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    assert PO.with_suffix(".mo").read_bytes() == compiled.getvalue(), "run: pybabel compile -d scripts/hefte/locale -D hefte"


@pytest.mark.parametrize("name", COMMANDS)
def test_lang_before_and_after_every_command_name(name):
    runner = CliRunner()
    before = runner.invoke(main, ["--lang", "en", name, "--bogus"])
    after = runner.invoke(main, [name, "--bogus", "--lang", "en"])
    norsk = runner.invoke(main, [name, "--bogus"])
    for result in (before, after):
        assert result.exit_code == 2 and "Error: No such option '--bogus'" in result.output, result.output
    assert norsk.exit_code == 2 and "Feil: Valget '--bogus' finnes ikke." in norsk.output, norsk.output
    assert "Bruk: " in norsk.output and "Usage: " in before.output


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_takes_lang_and_quiet(name):
    help_text = CliRunner().invoke(main, ["--lang", "en", name, "--help"]).output
    assert "--lang [nb|en]" in help_text and "-q, --quiet" in help_text


def _flat(text: str) -> str:
    """Without whitespace: click wraps help to the terminal's width."""
    return "".join(text.split())


def _options(command: click.Command) -> list[click.Option]:
    return [p for p in command.params if isinstance(p, click.Option)]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_and_option_declares_its_help_in_both_languages(name):
    # A new command or option with a help in one language only (a docstring, a plain help="…") fails here.
    command = main.commands[name]
    for thing in (command, *_options(command)):
        label = f"{name} {getattr(thing, 'opts', '')}"
        assert isinstance(thing, i18n.BilingualHelp) and thing.help_pair, f"{label}: give help=(nb, en)"
        nb, en = thing.help_pair
        assert nb and en and nb != en, label


_HOW = {  # where the language is chosen: before the command name, after it, or in the environment
    "before": lambda name, lang: ([*(["--lang", lang] if lang else []), name, "--help"], {}),
    "after": lambda name, lang: ([name, "--help", *(["--lang", lang] if lang else [])], {}),
    "env": lambda name, lang: ([name, "--help"], {"HEFTE_LANG": lang} if lang else {}),
}


@pytest.mark.parametrize("how", sorted(_HOW))
@pytest.mark.parametrize("name", COMMANDS)
def test_help_shows_the_chosen_language_only(name, how):
    command = main.commands[name]
    pairs = [thing.help_pair for thing in (command, *_options(command))]
    for lang, shown, hidden in (("en", 1, 0), (None, 0, 1)):
        args, env = _HOW[how](name, lang)
        result = CliRunner().invoke(main, args, env=env)
        assert result.exit_code == 0, result.output
        for pair in pairs:
            assert _flat(pair[shown]) in _flat(result.output), (lang, pair[shown], result.output)
            assert _flat(pair[hidden]) not in _flat(result.output), (lang, pair[hidden], result.output)


@pytest.mark.parametrize("args, env", [(["--lang", "en", "--help"], {}), (["--help", "--lang", "en"], {}),
                                       (["--help"], {"HEFTE_LANG": "en"})])
def test_the_command_list_shows_the_chosen_language_only(args, env):
    runner = CliRunner()
    english = runner.invoke(main, args, env=env)
    norsk = runner.invoke(main, ["--help"])
    assert english.exit_code == 0 and norsk.exit_code == 0
    for thing in (main, *main.commands.values()):
        nb, en = (" ".join(half.split()[:3]) for half in thing.help_pair)  # the short help begins with them
        assert _flat(en) in _flat(english.output) and _flat(nb) not in _flat(english.output), (en, english.output)
        assert _flat(nb) in _flat(norsk.output) and _flat(en) not in _flat(norsk.output), (nb, norsk.output)
    for nb, en in (o.help_pair for o in _options(main)):  # --version, --lang, -q
        assert _flat(en) in _flat(english.output) and _flat(nb) not in _flat(english.output)
        assert _flat(nb) in _flat(norsk.output) and _flat(en) not in _flat(norsk.output)


def test_help_headings_and_choice_errors_are_norwegian_by_default_and_english_on_request():
    runner = CliRunner()
    nb = runner.invoke(main, ["--help"])
    assert "Valg:" in nb.output and "Kommandoer:" in nb.output
    en = runner.invoke(main, ["--help", "--lang", "en"])
    assert "Options:" in en.output and "Commands:" in en.output
    bad = runner.invoke(main, ["check", "--lang", "fr"])
    assert bad.exit_code == 2 and "'fr' er ikke en av 'nb', 'en'." in bad.output
    typo = runner.invoke(main, ["chek"], env={"HEFTE_LANG": "en"})
    assert "No such command 'chek'. Did you mean 'check'?" in typo.output
    typo_nb = runner.invoke(main, ["chek"])
    assert "Kommandoen 'chek' finnes ikke. Mente du 'check'?" in typo_nb.output


def test_usage_lines_and_missing_arguments_have_no_english_words_in_norwegian():
    runner = CliRunner()
    assert "[VALG] KOMMANDO [ARGUMENTER]..." in runner.invoke(main, ["--help"]).output
    new = runner.invoke(main, ["new", "--help"]).output
    assert "new [VALG] [PUBLIKASJON]" in new and "--id TEKST" in new and "--root MAPPE" in new
    assert "order [VALG] PUBLIKASJON FILER..." in runner.invoke(main, ["order", "--help"]).output
    missing = runner.invoke(main, ["init"])
    assert missing.exit_code == 2 and "Argument mangler 'MAPPE'." in missing.output
    for name in main.commands:
        usage = runner.invoke(main, [name, "--help"]).output.splitlines()[0]
        assert not set(re.findall(r"\b[A-Z]{3,}\b", usage)) & {"OPTIONS", "TEXT", "DIRECTORY", "FILE", "FILES"}, usage
    # English stays English
    en = runner.invoke(main, ["order", "--help", "--lang", "en"]).output
    assert "Usage: main order [OPTIONS] PUBLICATION FILES..." in en
    assert "Missing argument 'FOLDER'." in runner.invoke(main, ["init", "--lang", "en"]).output


def _answers(*lines: str) -> str:
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("lang, bad, words", [
    ("nb", "n0", ["Hva heter teksten?", "Kan teksten ligge på nettsida? (ja/nei):", "Svar ja eller nei."]),
    ("en", "maybe", ["What is the text called?", "May the text be on the website? (yes/no):", "Answer yes or no."]),
])
def test_new_asks_in_the_chosen_language_and_explains_a_wrong_answer(tmp_path, lang, bad, words):
    make_project(tmp_path, {"a.md": participant()})
    yes, no = ("ja", "nei") if lang == "nb" else ("yes", "no")
    answers = _answers("Regn", "5", "1", "c-12", "4", bad, yes, no, "", "", no)
    result = CliRunner().invoke(main, ["new", "testhefte", "--ask", "--root", str(tmp_path), "--lang", lang],
                                input=answers)
    assert result.exit_code == 0, result.output
    for text in words:
        assert text in result.output
    other_language_error = "Error:" if lang == "nb" else "Feil:"
    assert "(ja, nei)" not in result.output and other_language_error not in result.output
    wrong_number = "Svar med et av tallene 1, 2, 3." if lang == "nb" else "Answer with one of the numbers 1, 2, 3."
    assert wrong_number in result.output
    written = (tmp_path / "texts" / "testhefte" / "regn.md").read_text("utf-8")
    assert "web: true" in written and "print: false" in written and "byline: anonymous" in written


@pytest.mark.parametrize("lang, calm", [("nb", "Avbrutt. Ingenting er skrevet"), ("en", "Interrupted. Nothing was")])
def test_ctrl_c_at_a_question_is_a_calm_line_not_a_crash(tmp_path, lang, calm):
    make_project(tmp_path, {"a.md": participant()})
    # End of input at a question is what click sees on Ctrl+C/Ctrl+D: Abort.
    result = CliRunner().invoke(main, ["new", "testhefte", "--ask", "--root", str(tmp_path), "--lang", lang],
                                input="Regn\n")
    assert result.exit_code == 130 and calm in result.output
    assert "uventet" not in result.output and "unexpected" not in result.output and "Abort" not in result.output
    assert sorted(p.name for p in (tmp_path / "texts" / "testhefte").iterdir()) == ["a.md", "publication.yml"]


def test_reasons_said_to_the_writer_speak_to_her_and_fall_back_to_the_editors_words():
    # The studio's preview and receipt speak to the writer herself: «du har sagt nei», not «skribenten …».
    from hefte import messages

    assert messages.render_reason("policy.consent-no", to_writer=True) == "du har sagt nei"
    assert messages.render_reason("policy.photo-anonymous-writer", "en", to_writer=True) == \
        "you write without a name, and the photo may show you"
    assert messages.render_reason("policy.consent-no") == "skribenten har sagt nei"
    assert messages.render_reason("policy.embargo|2031-06-01", to_writer=True) == "embargo til 1. juni 2031 (publish_after)"


@pytest.mark.parametrize("lang, one, three", [
    ("nb", "1 tekst er holdt tilbake fordi den har feil", "3 tekster er holdt tilbake fordi de har feil"),
    ("en", "1 text held back", "3 texts held back"),
])
def test_a_count_is_said_with_the_word_for_its_number(lang, one, three):
    """One template for one and many: «1 tekst(er)» and «1 errors» read as machine talk."""
    from hefte.pipeline import held_back_message

    assert held_back_message(["a.md"], lang).startswith(one)
    assert held_back_message(["a.md", "b.md", "c.md"], lang).startswith(three)
    assert messages.render("check.failed", "en", count=1).startswith("1 error must")
    assert messages.render("check.failed", "en", count=2).startswith("2 errors must")
    messages._known("-")  # merges every module's messages into the catalogue
    for code, pair in messages.CATALOGUE.items():  # no «(er)», «(e)», «(s)» left for a number to fill in
        for template in pair:
            assert not re.search(r"\{\w+\}[^{.]*\w\((er|e|r|s)\)", template), (code, template)
