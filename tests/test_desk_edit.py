"""hefte.desk.actions and desk.edit: each action changes only its keys; comments, key order and body bytes stay.

The diff tests run every action on a file full of comments (the `hefte new` template) with a body that has
bytes a careless rewrite would lose, and compare old and new line by line.
"""

from __future__ import annotations

import difflib
import json
from datetime import date

import pytest
import yaml

from conftest import make_project, participant
from hefte.config import load_config
from hefte.desk import actions, edit, log
from hefte.errors import HefteError
from hefte.intake.frontmatter import parse
from hefte.intake.compose import Answers, compose

BODY = ("Første avsnitt med «sitat», ikke-brytende\u00a0mellomrom og en linje som slutter med to mellomrom  \n"
        "neste linje.\n\n---\n\nEn linje med bare --- over (en strek i teksten, ikke front matter).\n"
        "Siste linje uten linjeskift")
"""The writer's words: a thematic break that looks like front matter, trailing spaces, NBSP, no final newline."""


def commented(**values) -> str:
    """A text as `hefte new` writes it (a comment on nearly every line), filled in, with BODY as the text."""
    fields = {"title": "Regn på Torget", "lang": "nb", "genre": "prose", "contributor": "c-01",
              "byline": "first-name", "display_name": "Kari", "web": True, "print": True,
              "given": date(2026, 11, 1), "form": None} | values
    head = compose(Answers(**fields)).split("\n---\n")[0] + "\n---\n"
    return head + BODY


@pytest.fixture()
def project(tmp_path):
    make_project(tmp_path, {"a.md": participant(), "b.md": commented()}, register={
        "contributors": {"c-01": {"names": ["Kari Nordmann"]}}})
    return tmp_path, load_config(tmp_path)


def _changed(old: bytes, new: bytes) -> tuple[list[str], list[str]]:
    """(removed lines, added lines) between two versions of a file."""
    removed, added = [], []
    for line in difflib.ndiff(old.decode().split("\n"), new.decode().split("\n")):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def _body(data: bytes) -> bytes:
    return data.split(b"\n---\n", 2)[2] if data.startswith(b"---") else data


ACTIONS = {
    "approve": (lambda c, p: actions.approve(c, p, by="HD", on=date(2026, 11, 20)),
                {"review.status": "approved", "review.by": "HD", "review.date": date(2026, 11, 20)}, 3),
    "request-changes": (lambda c, p: actions.request_changes(c, p, by="HD", note="Kan du korte ned: slutten?",
                                                             on=date(2026, 11, 20)),
                        {"review.status": "changes-requested", "review.by": "HD", "review.date": date(2026, 11, 20),
                         "review.note": "Kan du korte ned: slutten?"}, 3),
    "record-consent": (lambda c, p: actions.record_consent(c, p, by="HD", given=date(2026, 11, 1), form="S-C-01-1"),
                       {"consent.given": date(2026, 11, 1), "consent.form": "S-C-01-1"}, 2),
    "embargo": (lambda c, p: actions.set_embargo(c, p, by="HD", until=date(2027, 6, 1)),
                {"consent.publish_after": date(2027, 6, 1)}, 1),
    "withdraw": (lambda c, p: actions.withdraw(c, p, by="HD", on=date(2026, 11, 21)),
                 {"consent.withdrawn": date(2026, 11, 21)}, 1),
}


@pytest.mark.parametrize("name", ACTIONS)
def test_each_action_changes_only_its_own_lines_and_keeps_comments_order_and_body_bytes(project, name):
    root, config = project
    path = root / "texts" / "testhefte" / "b.md"
    before = path.read_bytes()
    action, expected, changed_lines = ACTIONS[name]
    result = action(config, path)
    after = path.read_bytes()
    assert result.changed and result.sha256 == edit.sha256(after)
    assert _body(after) == _body(before) and after.endswith(b"Siste linje uten linjeskift")
    removed, added = _changed(before, after)
    # Only the lines of the keys the action sets; every comment on them is still there, word for word.
    assert len(removed) <= changed_lines and len(added) <= changed_lines + 1, (removed, added)
    for line in removed:
        assert any(line.strip().startswith(key.split(".")[-1] + ":") for key in expected), line
        if "#" in line:
            assert any(line.split("#", 1)[1] in new for new in added)
    comments = [line.split("#", 1)[1] for line in before.decode().split("\n---\n")[0].split("\n") if "#" in line]
    assert all(c in after.decode() for c in comments)
    old_keys = list(parse(before.decode()).data)
    data = parse(after.decode()).data
    assert list(data) == old_keys  # top-level key order unchanged
    for key, value in expected.items():
        group, leaf = key.split(".")
        assert data[group][leaf] == value


def test_approve_removes_the_note_and_request_changes_adds_it_where_the_writer_sees_it(project):
    root, config = project
    path = root / "texts" / "testhefte" / "b.md"
    path.write_text(commented(given=None), "utf-8")
    actions.request_changes(config, path, by="HD", note="Første linje.\nAndre linje: med kolon.")
    review = parse(path.read_text("utf-8")).data["review"]
    assert review["note"] == "Første linje.\nAndre linje: med kolon." and review["status"] == "changes-requested"
    from hefte.pipeline import prepare

    text = prepare(config).project.publication("testhefte").text("b")
    assert text.review.note.startswith("Første linje.")  # the model (and the studio) read it as review.note
    actions.record_consent(config, path, by="HD", given=date(2026, 11, 1), form="S-1")
    actions.approve(config, path, by="HD")
    review = parse(path.read_text("utf-8")).data["review"]
    assert "note" not in review and review["status"] == "approved"
    assert [e["action"] for e in log.entries(config)] == ["request-changes", "record-consent", "approve"]
    assert log.entries(config)[-1]["changes"]["review.note"][0].startswith("Første linje.")  # kept in the log


def test_a_file_changed_under_the_caller_is_not_touched(project):
    root, config = project
    path = root / "texts" / "testhefte" / "b.md"
    seen = edit.sha256(path.read_bytes())
    path.write_bytes(path.read_bytes().replace(b"Kari", b"Kaia"))  # someone else saves in between
    changed = path.read_bytes()
    with pytest.raises(actions.Conflict) as caught:
        actions.withdraw(config, path, by="HD", expected=seen)
    assert "endret siden du leste den" in caught.value.message("nb")
    assert path.read_bytes() == changed and log.entries(config) == []
    assert actions.withdraw(config, path, by="HD", expected=edit.sha256(changed)).changed


def test_an_action_that_would_stop_the_build_is_refused_and_withdrawal_never_is(project):
    root, config = project
    path = root / "texts" / "testhefte" / "b.md"
    path.write_text(commented(given=None), "utf-8")
    before = path.read_bytes()
    with pytest.raises(actions.Refused) as caught:
        actions.approve(config, path, by="HD")  # approved without a consent date: check stops the build
    assert "consent.given" in caught.value.message("nb") and path.read_bytes() == before
    # The same file with an error of its own: withdrawing still goes through.
    broken = root / "texts" / "testhefte" / "a.md"
    broken.write_text(broken.read_text("utf-8").replace("display_name: Kari", "display_name: null"), "utf-8")
    result = actions.withdraw(config, broken, by="HD")
    assert result.changed and parse(broken.read_text("utf-8")).data["consent"]["withdrawn"] == date(2026, 11, 22)


def test_a_text_not_yet_in_the_order_is_not_approved_without_its_consent_form(project):
    """Every text from the studio starts outside the order. Approving it before the signed form is recorded is
    refused as it is for a text in the order: otherwise it could not be put in the order afterwards."""
    root, config = project
    path = root / "texts" / "testhefte" / "ny.md"
    path.write_text(commented(given=None, title="Ny tekst").replace(BODY, "Helt andre ord om en annen dag.\n"), "utf-8")
    before = path.read_bytes()
    with pytest.raises(actions.Refused) as caught:
        actions.approve(config, path, by="HD")
    assert "consent.given" in caught.value.message("nb") and path.read_bytes() == before
    actions.record_consent(config, path, by="HD", given=date(2026, 11, 20), form="S-C-01-2026-11-20")
    assert actions.approve(config, path, by="HD").changed
    assert actions.reorder(config, "testhefte", ["a.md", "b.md", "ny.md"], by="HD").changed
    # An error a text outside the order already has is not new when another action edits it.
    other = root / "texts" / "testhefte" / "annen.md"
    other.write_text(commented(given=None, byline="anonymous", display_name="Kari"), "utf-8")
    assert actions.record_consent(config, other, by="HD", given=date(2026, 11, 20), form="S-2").changed


def test_a_file_ruamel_would_reformat_is_refused_with_the_edit_to_make_by_hand(project):
    root, config = project
    path = root / "texts" / "testhefte" / "odd.md"
    path.write_text(participant().replace("  web: true", "   web: true").replace("  print: true", "   print: true")
                    .replace("  given:", "   given:").replace("  form:", "   form:")
                    .replace("  publish_after:", "   publish_after:").replace("  withdrawn:", "   withdrawn:"),
                    "utf-8")
    before = path.read_bytes()
    with pytest.raises(HefteError) as caught:
        actions.set_embargo(config, path, by="HD", until=None)
    message = caught.value.message("nb")
    assert "Gjør endringen for hånd: consent.publish_after: null" in message and path.read_bytes() == before


def test_crlf_or_bom_front_matter_is_sent_to_hefte_fix(project):
    root, config = project
    path = root / "texts" / "testhefte" / "a.md"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    with pytest.raises(HefteError) as caught:
        actions.withdraw(config, path, by="HD")
    assert "hefte fix" in caught.value.message("nb") and path.read_bytes() == before


def test_nothing_changes_unlogged(project):
    root, config = project
    path = root / "texts" / "testhefte" / "b.md"
    before = path.read_bytes()
    (root / "private" / "desk-log.jsonl").mkdir(parents=True)  # the log cannot be written
    with pytest.raises(OSError):
        actions.withdraw(config, path, by="HD")
    assert path.read_bytes() == before


def test_who_is_required_and_editorial_texts_have_no_consent_to_withdraw(tmp_path):
    from conftest import editorial

    make_project(tmp_path, {"intro.md": editorial(), "a.md": participant()})
    config = load_config(tmp_path)
    with pytest.raises(HefteError, match="desk.no-by"):
        actions.withdraw(config, tmp_path / "texts" / "testhefte" / "a.md", by=" ")
    with pytest.raises(HefteError) as caught:
        actions.withdraw(config, tmp_path / "texts" / "testhefte" / "intro.md", by="HD")
    assert "hefte order" in caught.value.message("nb")
    with pytest.raises(HefteError) as caught:
        actions.approve(config, tmp_path / "mkdocs.yml", by="HD")
    assert "er ikke en tekst" in caught.value.message("nb")


def test_reorder_keeps_each_items_comment_and_refuses_unknown_files(tmp_path):
    make_project(tmp_path, {"a.md": participant("A"), "b.md": participant("B"), "c.md": participant("C")})
    config = load_config(tmp_path)
    pub = tmp_path / "texts" / "testhefte" / "publication.yml"
    text = pub.read_text("utf-8").replace("- b.md", "- b.md  # til slutt?").replace("texts:", "# Rekkefølgen\ntexts:")
    pub.write_text(text, "utf-8")
    result = actions.reorder(config, "testhefte", ["c.md", "a.md", "b.md"], by="HD")
    new = pub.read_text("utf-8")
    assert new.endswith("texts:\n- c.md\n- a.md\n- b.md  # til slutt?\n") and "# Rekkefølgen\ntexts:" in new
    assert new.split("texts:")[0] == text.split("texts:")[0]
    assert result.entry.changes["texts"] == [["a.md", "b.md", "c.md"], ["c.md", "a.md", "b.md"]]
    for bad in (["a.md", "../x.md"], ["a.md", "a.md"], ["nope.md"]):
        with pytest.raises(HefteError):
            actions.reorder(config, "testhefte", bad, by="HD")
    assert pub.read_text("utf-8") == new


def test_log_lines_are_json_with_who_when_what(project):
    root, config = project
    path = root / "texts" / "testhefte" / "b.md"
    actions.set_embargo(config, path, by="HD", until=date(2027, 1, 1))
    actions.set_embargo(config, path, by="TEL", until=None)
    lines = (root / "private" / "desk-log.jsonl").read_text("utf-8").splitlines()
    first, second = map(json.loads, lines)
    assert first["by"] == "HD" and first["action"] == "embargo" and first["file"] == "texts/testhefte/b.md"
    assert first["changes"] == {"consent.publish_after": [None, "2027-01-01"]} and first["time"][:4].isdigit()
    assert second["action"] == "lift-embargo" and second["sha256_before"] == first["sha256_after"]
    ref = log.manifest_reference(config)
    assert ref["path"] == "private/desk-log.jsonl" and ref["entries"] == 2


def test_two_editors_acting_at_once_one_wins_the_other_is_told(project):
    import threading

    root, config = project
    path = root / "texts" / "testhefte" / "b.md"
    seen = edit.sha256(path.read_bytes())
    outcomes: list = []

    def act(who: str) -> None:
        try:
            outcomes.append(actions.set_embargo(config, path, by=who, until=date(2027, 1, 1), expected=seen))
        except actions.Conflict as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=act, args=(who,)) for who in ("HD", "TEL")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(type(o).__name__ for o in outcomes) == ["Conflict", "Result"]
    assert len(log.entries(config)) == 1


@pytest.mark.parametrize("note", ["yes", "no", "on", "off", "y", "~", "1.5", "2026-01-01", "Nei", "it's"])
def test_a_new_value_reads_back_as_written_by_the_loader(note):
    # ruamel writes YAML 1.2 and the loader reads YAML 1.1: a bare «no» would come back as false.
    src = participant("Natta").encode("utf-8")
    out = edit.edit_front_matter(src, [edit.Set("review.note", note)])
    assert yaml.safe_load(out.decode("utf-8").split("---")[1])["review"]["note"] == note
