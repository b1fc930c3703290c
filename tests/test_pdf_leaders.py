"""Dot leaders laid out as one run a line (render/pdf_leaders.py): the dots, titles and page numbers of a
contents page stand where WeasyPrint's own leaders put them, with a fraction of the text boxes to draw."""

from __future__ import annotations

import io
import re

import pikepdf
import pypdfium2 as pdfium
from weasyprint import HTML

from conftest import REPO
from hefte.render import pdf_leaders

# The contents markup of print.html under the real print.css: a short entry, titles long enough to wrap, a name,
# sections, numbers one to three digits wide, and target-counter() as in a whole layout.
CONTENTS = """<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8">
<link rel="stylesheet" href="print.css"><style>@page { size: 148mm 210mm; }</style></head><body>
<nav class="innhold"><h2 class="innhold-tittel">Innhold</h2><ol>
<li><a href="#a"><span class="innhold-tekst">Elva</span> <span class="innhold-navn">Kari</span></a></li>
<li><a href="#b"><span class="innhold-tekst">En tittel så lang at den må brytes over to linjer, og kanskje også
 over en tredje linje før sidetallet kommer</span></a>
 <ol class="innhold-avsnitt"><li><a href="#b1"><span class="nummer">1.1 </span>Et avsnitt</a></li>
 <li><a href="#b2"><span class="nummer">1.2 </span>Et avsnitt med en overskrift som også er lang nok til å
 brytes over mer enn én linje</a></li></ol></li>
<li><a href="#c"><span class="innhold-tekst">Brevet fra kontoret</span></a></li>
</ol></nav>
<main><article id="a" class="tekst"><h1>Elva</h1></article>
<article id="b" class="tekst"><h1>Lang</h1><h2 id="b1">Et avsnitt</h2>
<h2 id="b2" style="break-before: page">Et avsnitt med en overskrift</h2></article>
""" + "".join(f'<article class="tekst"><h1>Fyll {n}</h1></article>' for n in range(105)) + """
<article id="c" class="tekst"><h1>Brevet</h1></article></main></body></html>"""


def _pdf(merged: bool) -> bytes:
    html = HTML(string=CONTENTS, base_url=str(REPO / "overrides" / "print") + "/")
    if merged:
        with pdf_leaders.merged():
            document = html.render()
    else:
        document = html.render()
    return document.write_pdf()


def _chars(data: bytes) -> list[tuple[str, tuple[float, ...]]]:
    """The contents page's characters, each with its box (points)."""
    page = pdfium.PdfDocument(data)[0].get_textpage()
    return [(page.get_text_range(i, 1), page.get_charbox(i)) for i in range(page.count_chars())]


def _texts_drawn(data: bytes) -> int:
    """Runs of text shown (TJ) on the contents page: one a text box WeasyPrint draws."""
    with pikepdf.open(io.BytesIO(data)) as doc:
        return len(re.findall(rb"\bTJ\b", doc.pages[0].obj.Contents.read_bytes()))


def test_leaders_stand_where_weasyprint_puts_them_and_are_drawn_once_a_line():
    own, merged = _pdf(merged=False), _pdf(merged=True)
    chars, chars2 = _chars(own), _chars(merged)
    text = "".join(c for c, _ in chars)
    # What the page shows: the long title wraps and its last line carries the leader and the number.
    lines = text.splitlines()
    assert any(line.startswith("En tittel så lang") and "." not in line for line in lines), text
    assert any(re.fullmatch(r".*sidetallet kommer ?\.{5,} ?3", line) for line in lines), text
    assert any(re.fullmatch(r".*enn én linje ?\.{5,} ?4", line) for line in lines), text
    assert any(re.fullmatch(r"Brevet fra kontoret\.{20,} ?1\d\d", line) for line in lines), text
    assert text == "".join(c for c, _ in chars2)
    moved = max(abs(x - y) for (_, one), (_, other) in zip(chars, chars2) for x, y in zip(one, other))
    assert moved < 0.05, f"a character moved {moved:.3f} pt"
    dots = text.count(".")
    assert dots > 200
    assert _texts_drawn(own) > dots, "WeasyPrint drew one text box a dot"
    assert _texts_drawn(merged) < 40, "one run of dots a line"
