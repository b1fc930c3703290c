"""Dot leaders laid out as one run of dots a line, not one box a dot.

WeasyPrint lays out ``leader(".")`` (the contents and the list of figures, print.css) as a copy of the text box
«.» for every dot, and draws every copy on its own. A 50-text booklet's contents held some 3000 of them, and
drawing them was 0.3 s of its front part's 0.6 s: the slowest part per page, laid out last, on the way of every
build. While hefte lays out a PDF (``merged``), the copies on a line become one text box of the pattern
repeated, at the first copy's place: the same glyphs at the same places, one box to draw.

The run is shaped without kerning: each copy was shaped alone, so nothing kerned one dot towards the next, and
with kerning on (Source Serif kerns «..») the run would be narrower than the copies. Where the run still does
not come out exactly as wide as the copies (a pattern whose repeats would ligate), the copies stay.

The hook is WeasyPrint 70's ``handle_leader`` (pinned in pyproject.toml; tests/test_pdf_leaders.py lays the
same page out with and without it). A layout that runs outside ``merged``, or beside another thread's, draws
WeasyPrint's own copies: slower, the same page.
"""

from __future__ import annotations

from contextlib import contextmanager

TOLERANCE = 0.01
"""CSS pixels the run's width may differ from the copies' (float sums of the same advances)."""


@contextmanager
def merged():
    """While WeasyPrint lays out a document: each line's leader as one run of text."""
    from weasyprint.layout import inline

    original = inline.handle_leader

    def handle_leader(context, line, containing_block):
        original(context, line, containing_block)  # places the copies and moves what follows
        _merge(context, line)

    inline.handle_leader = handle_leader
    try:
        yield
    finally:
        inline.handle_leader = original


def _merge(context, line) -> None:
    from weasyprint.layout.leader import leader_index
    from weasyprint.text.line_break import split_first_line

    _, leader = leader_index(line)
    if leader is None or len(leader.children) < 2 or line.style["direction"] != "ltr":
        return
    copies = sorted(leader.children, key=lambda box: box.position_x)
    first, last = copies[0], copies[-1]
    text = first.text * len(copies)
    style = first.style.copy()
    style["font_kerning"] = "none"  # kept on the box: drawing shapes the text again from its style
    layout, _, _, width, _, _ = split_first_line(text, style, context, None, first.justification_spacing)
    if abs(width - (last.position_x + last.width - first.position_x)) > TOLERANCE:
        return
    run = first.copy_with_text(text)
    run.style, run.pango_layout, run.width = style, layout, width
    leader.children = (run,)
