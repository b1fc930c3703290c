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
