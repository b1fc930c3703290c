"""Property tests: a register name or a withdrawn sentence, hidden in random Unicode disguises (format characters,
entities, look-alike letters, fullwidth forms, decomposed letters, case, hyphenation) at a random place of a
published text, never gets through. Once through the whole build, once straight through verify on an output.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import editorial, make_project, participant
from hefte.guard import verify
from hefte.pipeline import prepare
from test_leak_holes import assert_refused

SENTENCE = "Snøen la seg over gatene som et tynt teppe av stillhet"
SECRETS = ["Lindstrøm", "Rita Lindstrøm", SENTENCE]
REGISTER = {"contributors": {"c-01": {"names": ["Kari Nordhagen"]}, "c-02": {"names": ["Rita Lindstrøm"]}}}
FORMAT = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u00ad", "\u2061", "\u180e"]
LOOK_ALIKE = {"a": "аɑ", "e": "е", "o": "оο", "p": "р", "c": "сϲ", "i": "іι", "s": "ѕ", "t": "т", "n": "ո", "d": "ԁ",
              "l": "ӏI", "m": "м", "g": "ɡ", "r": "г", "v": "ν", "y": "у", "h": "һ", "k": "κ", "L": "Ꮮ", "R": "Ꭱ",
              "S": "Ѕ"}


@st.composite
def disguised(draw, secret: str, line_break: bool = True) -> str:
    """The secret, each letter perhaps disguised, format characters perhaps between letters or for spaces."""
    out = []
    for ch in secret:
        if ch == " ":
            out.append(draw(st.sampled_from([" ", " ", "\u200b", " \u200b", "\u00a0", "  "])))
            continue
        style = draw(st.sampled_from(["plain", "plain", "case", "look", "wide", "entity", "hex", "nfd"]))
        if style == "case":
            ch = ch.swapcase()
        elif style == "look" and ch in LOOK_ALIKE:
            ch = draw(st.sampled_from(LOOK_ALIKE[ch]))
        elif style == "wide" and "!" <= ch <= "~":
            ch = chr(ord(ch) + 0xFEE0)
        elif style == "entity":
            ch = f"&#{ord(ch)};"
        elif style == "hex":
            ch = f"&#x{ord(ch):x};"
        elif style == "nfd" and ch in "åÅ":
            ch = {"å": "a\u030a", "Å": "A\u030a"}[ch]
        out.append(ch)
        if draw(st.integers(0, 5)) == 0:
            out.append(draw(st.sampled_from(FORMAT)))
    if line_break and draw(st.booleans()):  # a hand-made hyphenation at a line end, between two letters
        cut = max(k for k in range(1, len(out)) if out[k].strip() and out[k - 1].strip() and out[k] not in FORMAT)
        out.insert(cut, "-\n")
    return "".join(out)


@st.composite
def hiding_places(draw):
    secret = draw(st.sampled_from(SECRETS))
    place = draw(st.sampled_from(["start", "middle", "end", "heading", "quote", "emphasis", "list"]))
    # A heading ends at its line: a word hyphenated there would be two words on the page.
    hidden = draw(disguised(secret, line_break=place != "heading"))
    return secret, hidden, place


PROSE = ("Kaffen koker over på komfyren hver eneste morgen.", "Jeg står ved vinduet og ser ut.",
         "Bussen kommer alltid for sent når det regner.")


def published_body(hidden: str, place: str) -> str:
    a, b, c = PROSE
    return {"start": f"{hidden} {a} {b}\n\n{c}\n", "middle": f"{a} Det var {hidden} der. {b}\n\n{c}\n",
            "end": f"{a} {b}\n\n{c} {hidden}\n", "heading": f"{a}\n\n## {hidden}\n\n{b} {c}\n",
            "quote": f"{a}\n\n> {hidden}\n\n{b} {c}\n", "emphasis": f"{a} *{hidden}* {b}\n\n{c}\n",
            "list": f"{a}\n\n- {b}\n- {hidden}\n- {c}\n"}[place]


def project(root: Path, body: str) -> Path:
    return make_project(root, {
        "innledning.md": editorial(body="Velkommen til heftet fra kurset.\n"),
        "kaffe.md": participant("Kaffen om morgenen", body, display_name="Kari"),
        "vinterlys.md": participant("Vinterlys", f"Vinterlyset kom sent det året. {SENTENCE}.\n", contributor="c-02",
                                    byline="pseudonym", display_name="Måsen",
                                    **{"consent.withdrawn": date(2026, 11, 1)}),
    }, register=REGISTER)


_SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@_SETTINGS
@given(hiding_places())
def test_the_build_refuses_a_disguised_secret(tmp_path_factory, example):
    _, hidden, place = example
    root = project(tmp_path_factory.mktemp("p"), published_body(hidden, place))
    assert_refused(root)


@pytest.fixture(scope="module")
def clean_state(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HEFTE_TODAY", "2026-11-22")
        root = project(tmp_path_factory.mktemp("clean"), "\n\n".join(PROSE) + "\n")
        state = prepare(root)
    assert not state.findings.has_errors()
    return state


@st.composite
def output_places(draw):
    secret, hidden, _ = draw(hiding_places())
    place = draw(st.sampled_from(["text", "alt", "title attribute", "search index", "link target"]))
    return secret, hidden, place


def _page(hidden: str, place: str) -> tuple[str, str]:
    from urllib.parse import quote

    if place == "link target":
        return "index.html", f'<html><body><a href="https://eksempel.no/{quote(hidden)}">lenke</a></body></html>'
    if place == "search index":
        return "search/search_index.json", json.dumps({"docs": [{"location": "x/", "text": f"<p>{hidden}</p>"}]})
    if place == "alt":
        return "index.html", f'<html><body><img src="a.jpg" alt="Et bilde av {hidden}"></body></html>'
    if place == "title attribute":
        return "index.html", f'<html><body><abbr title="{hidden}">x</abbr></body></html>'
    return "index.html", f"<html><body><p>{PROSE[0]} {hidden} {PROSE[1]}</p></body></html>"


@_SETTINGS
@given(output_places())
def test_verify_finds_a_disguised_secret_in_any_output(clean_state, tmp_path_factory, example):
    secret, hidden, place = example
    out = tmp_path_factory.mktemp("out")
    name, content = _page(hidden.replace("-\n", "") if place == "link target" else hidden, place)
    (out / "site" / name).parent.mkdir(parents=True)
    (out / "site" / name).write_text(content, "utf-8")
    report = verify.verify(clean_state, out / "site", out / "print")
    codes = {f.code for f in report.errors}
    wanted = {"verify.held-back-text"} if secret == SENTENCE else {"verify.name"}
    assert codes & wanted, (repr(hidden), place, [f.format("en") for f in report])
