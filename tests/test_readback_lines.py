"""verify reads a site's pages a line at a time and takes the lines it has read before (the navigation, the same on
every page) from what it noted: the reading must be exactly the one of each page read whole, and a leak in a line
seen before must still be found where it stands."""

from __future__ import annotations

import random
from datetime import date

import pytest

from conftest import make_project, participant
from hefte.guard import readback
from hefte.guard.readback import Doc, read_markup


def _whole(text: str) -> Doc:
    doc = Doc()
    read_markup(text, doc, "text")
    return doc


def _same_reading(texts: list[str]) -> None:
    lines: dict = {}
    for text in texts:
        whole, by_lines = _whole(text), Doc()
        read_markup(text, by_lines, "text", lines=lines)
        assert by_lines.raw == whole.raw
        assert [by_lines.where(offset) for offset in range(len(whole.raw))] == \
            [whole.where(offset) for offset in range(len(whole.raw))]


NAV = ('<li class="md-nav__item">\n  <a href="../kari/" class="md-nav__link">\n    <span class="md-ellipsis">\n'
       '      Morgen ved elva\n    </span>\n  </a>\n</li>\n')

# Lines that are safe to note on their own, and the constructs that make the very same line mean something else:
# inside a comment, a script, a style, a tag that spans lines, a character reference cut at the end of a line.
TRICKY = [
    NAV,
    "<!-- a comment that goes on\n",
    "-->\n",
    "<script>\n",
    'var x = {"navn": "Kari \\u004eordmann",\n',
    '"by": "Elvebyen"};\n',
    "</script>\n",
    "<style>\n",
    "p::after { content: 'Kari Nordmann' }\n",
    "</style>\n",
    '<img alt="Kari\n',
    'Nordmann" src="x.png">\n',
    "Tekst med &amp\n",
    "&oslash;ya og &#\n",
    "248; og mer\n",
    "<p>Kari</p>\n",
    "<p>en&#10;ny linje</p><div>uten linjeskift i kilden</div>\n",
    "Nordmann\n",
    "<a\n",
    'href="#x">lenke</a>\r\n',
    "linje med vognretur\ralene\n",
    "<![CDATA[ Kari Nordmann\n",
    "]]>\n",
    "<textarea>\n",
    "</textarea>\n",
    "<",
    "<!DOCTYPE html>\n",
    "uten linjeskift til slutt",
]


def test_pages_read_a_line_at_a_time_read_exactly_as_when_read_whole():
    rng = random.Random(12)
    pages = ["".join(rng.choice(TRICKY) for _ in range(rng.randint(5, 40))) for _ in range(300)]
    _same_reading(pages)


def test_a_line_seen_before_is_read_anew_inside_a_comment_or_a_script():
    # The navigation line is noted on the first page; on the second it stands inside a comment and a script, where
    # html.parser reads it as comment and script text: the noted reading must not be used there.
    first = "<nav>\n" + NAV + "</nav>\n"
    second = "<!--\n" + NAV + "-->\n<script>\n" + NAV + "</script>\n" + NAV
    _same_reading([first, second])
    lines: dict = {}
    read_markup(first, Doc(), "text", lines=lines)
    doc = Doc()
    read_markup(second, doc, "text", lines=lines)
    assert [place for _, place in doc.places].count("comment") == 1
    assert "script" in {place for _, place in doc.places}


def test_the_sample_site_reads_the_same_line_by_line(sample_build):
    pages = sorted(sample_build.site.rglob("*.html"))
    assert len(pages) > 10
    _same_reading([page.read_text("utf-8") for page in pages])


def test_a_withdrawn_title_in_a_navigation_line_seen_on_earlier_pages_is_still_found(tmp_path):
    # Every page shares the navigation; a held-back title put into one page's copy of a line that is otherwise the
    # same is a different line, read and scanned, and verify names that page.
    from hefte.build import build
    from hefte.config import load_config
    from hefte.guard import verify
    from hefte.pipeline import prepare

    texts = {f"t{i}.md": participant(f"Tekst nummer {i}") for i in range(6)}
    texts["trukket.md"] = participant("Brevet til Solveig", **{"consent.withdrawn": date(2026, 4, 1)})
    make_project(tmp_path, texts)
    build(load_config(tmp_path), pdf=False)
    pages = sorted((tmp_path / "site").rglob("*.html"))
    victim = pages[-1]
    html = victim.read_text("utf-8")
    line = next(line for line in html.splitlines(keepends=True) if "Tekst nummer 1" in line)
    victim.write_text(html.replace(line, line.replace("Tekst nummer 1", "Brevet til Solveig"), 1), "utf-8")
    report = verify.verify(prepare(tmp_path), tmp_path / "site", None, workers=1)
    assert any(str(victim) in str(f.path) for f in report.errors), [str(f) for f in report.errors]


@pytest.mark.parametrize("keep_lines", [False])
def test_text_read_without_its_newlines_is_read_whole(keep_lines):
    lines: dict = {}
    doc = Doc()
    read_markup("<p>en\nto</p>\n", doc, "text", keep_lines=keep_lines, lines=lines)
    assert lines == {} and doc.raw == _whole_without_lines("<p>en\nto</p>\n").raw


def _whole_without_lines(text: str) -> Doc:
    doc = Doc()
    readback.read_markup(text, doc, "text", keep_lines=False)
    return doc
