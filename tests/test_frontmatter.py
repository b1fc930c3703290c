"""Front matter parsing: line numbers, duplicates, and refusing what a consent form never needs."""

from __future__ import annotations

import pytest

from hefte.intake.frontmatter import FrontMatterError, parse


def test_lines_of_nested_keys():
    parsed = parse("---\ntitle: A\nconsent:\n  web: true\n  print: false\n---\nBody\n")
    assert parsed.lines["consent.print"] == 5
    assert parsed.data["consent"] == {"web": True, "print": False}
    assert parsed.body_line == 7 and parsed.body == "Body\n"


@pytest.mark.parametrize("text, code, line", [
    ("title: A\n", "frontmatter.missing", 1),
    ("---\ntitle: A\n", "frontmatter.unclosed", 1),
    ("---\ntitle: A\nconsent:\n\tweb: true\n---\n", "frontmatter.tab", 4),
    ("---\ntitle: A\ntitle: B\n---\n", "frontmatter.duplicate-key", 3),
    ("---\ntitle: [A\n---\n", "frontmatter.syntax", 2),
    ("---\na: &x [1]\nb: *x\n---\n", "frontmatter.alias", 3),
    ("---\ntitle: !!python/object/apply:os.system [ls]\n---\n", "frontmatter.tag", 2),
    ("---\n- a\n- b\n---\n", "frontmatter.not-mapping", 2),
])
def test_refusals_point_at_the_line(text, code, line):
    with pytest.raises(FrontMatterError) as info:
        parse(text)
    assert (info.value.code, info.value.line) == (code, line)


def test_alias_bomb_is_refused_without_expanding():
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9)) + "---\n"
    with pytest.raises(FrontMatterError) as info:
        parse(bomb)
    assert info.value.code == "frontmatter.alias"


def test_huge_front_matter_is_refused():
    with pytest.raises(FrontMatterError) as info:
        parse("---\n" + "x: 1\n" * 100_000)
    assert info.value.code == "frontmatter.too-large"


def test_impossible_date_stays_text_for_the_schema_to_explain():
    assert parse("---\ngiven: 2026-02-30\n---\n").data["given"] == "2026-02-30"


def test_an_empty_value_with_a_number_tag_stays_text_instead_of_crashing_the_load():
    # PyYAML's own constructor fails with IndexError here; loading must turn bad input into findings, never raise.
    assert parse("---\nyear: !!int\nphotos: [!!float ]\n---\n").data == {"year": "", "photos": [""]}


# LibYAML reads the front matter when PyYAML has it (frontmatter.py); what users see must stay PyYAML's answer.
@pytest.mark.parametrize("text, code, line, params", [
    ("---\ntitle: [A\n---\n", "frontmatter.syntax", 2, {"problem": "expected ',' or ']', but got '<stream end>'"}),
    ("---\ntitle: A\n  lang: nb\n---\n", "frontmatter.syntax", 3, {"problem": "mapping values are not allowed here"}),
    # LibYAML alone would take a tab after a value; PyYAML refuses it, and so does hefte still.
    ("---\ntitle: A\t\nlang: nb\n---\n", "frontmatter.syntax", 2,
     {"problem": "found character '\\t' that cannot start any token"}),
    ("---\ntitle: A\nconsent:\n  web: true\n  web: false\n---\n", "frontmatter.duplicate-key", 5,
     {"key": "web", "first": 4}),
    ("---\ntitle: A\nconsent:\n\tweb: true\n---\n", "frontmatter.tab", 4, {}),
])
def test_messages_and_lines_are_pyyamls(text, code, line, params):
    with pytest.raises(FrontMatterError) as info:
        parse(text)
    assert (info.value.code, info.value.line, info.value.params) == (code, line, params)


def test_both_parsers_give_the_same_answer_for_damaged_front_matter(monkeypatch):
    """Every sample text's front matter, damaged in many small ways: LibYAML's path and PyYAML's own parser agree
    on the values, the lines, and on every refusal with its message and line."""
    import random
    from pathlib import Path

    from hefte.intake import frontmatter

    if frontmatter._FastLoader is None:
        pytest.skip("PyYAML without LibYAML: there is only one parser")
    root = Path(__file__).resolve().parents[1] / "texts"
    seeds = [frontmatter.split(p.read_text("utf-8"))[0] for p in sorted(root.rglob("*.md"))
             if p.read_text("utf-8").startswith("---\n")]
    pieces = list(":-[]{}#&*!|>'\", \n?.09aæ\\\t\ufeff\u2028") + ["  ", "\n  ", ": ", "- ", "\n- ", "|-\n", "!!str ", "? "]
    rng = random.Random(12)

    def answer(text: str, fast):
        monkeypatch.setattr(frontmatter, "_FastLoader", fast)
        try:
            return frontmatter.parse_yaml(text, 2)
        except FrontMatterError as exc:
            return exc.code, exc.line, exc.params

    fast, refused = frontmatter._FastLoader, 0
    for _ in range(1500):
        chars = list(rng.choice(seeds))
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(chars) + 1)
            if rng.random() < 0.6:
                chars[at:at] = list(rng.choice(pieces))
            else:
                del chars[at:at + rng.randint(1, 3)]
        text = "".join(chars)
        expected = answer(text, None)
        refused += isinstance(expected[0], str)
        assert answer(text, fast) == expected, text
    assert 200 < refused < 1300  # both kinds were tried
