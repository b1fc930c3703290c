"""Rendering a text body: Norwegian slugs, the writer's own quotes, poems, footnote ids, bound quotes."""

from __future__ import annotations

import pytest

from conftest import editorial, make_project, participant
from hefte.pipeline import prepare
from hefte.guard.policy import Medium
from hefte.render.text import render_text
from hefte.slugs import slugify, unique


@pytest.mark.parametrize("title, slug", [
    ("Økonomi", "okonomi"), ("Venteværelset på Åssiden", "ventevaerelset-pa-assiden"),
    ("Før lyset kjem attende!", "for-lyset-kjem-attende"), ("«Sitat» – og mer", "sitat-og-mer"), ("", "tekst"),
])
def test_slugs_keep_norwegian_letters_readable(title, slug):
    assert slugify(title) == slug


def test_two_texts_with_one_title_get_distinct_slugs():
    taken: set[str] = set()
    assert [unique("natt", taken) for _ in range(3)] == ["natt", "natt-2", "natt-3"]


def state_for(tmp_path, texts):
    make_project(tmp_path, texts)
    return prepare(tmp_path)


def rendered(state, text_id, medium=Medium.WEB, **kw):
    pt = next(pt for pt in state.plan.all_texts() if pt.text.id == text_id)
    return render_text(pt, state.plan, medium, **kw).html


def test_the_writers_quotes_and_spelling_are_kept(tmp_path):
    body = 'Hun sa "nei" og \'kanskje\' -- og så «ja». Æ e itj sikker...\n'
    html = rendered(state_for(tmp_path, {"a.md": participant(body=body)}), "a")
    assert "&quot;nei&quot;" in html or '"nei"' in html
    assert "'kanskje'" in html or "&#x27;kanskje&#x27;" in html or "&#39;kanskje&#39;" in html
    assert "«ja»" in html and "--" in html and "..." in html and "“" not in html


def test_poem_keeps_lines_and_indentation(tmp_path):
    body = "Første linje\n    rykket inn\nTredje linje\n\nNytt vers\n"
    html = rendered(state_for(tmp_path, {"d.md": participant(body=body, genre="poem")}), "d")
    assert "Første linje<br" in html and "&nbsp;" * 4 + "rykket inn" in html
    assert "<pre" not in html and html.count("<p>") == 2


def test_footnote_ids_are_prefixed_per_text(tmp_path):
    body = "Tekst[^1].\n\n[^1]: Note.\n"
    state = state_for(tmp_path, {"a.md": participant("A", body=body), "b.md": participant("B", body=body)})
    a, b = rendered(state, "a", id_prefix="a"), rendered(state, "b", id_prefix="b")
    assert 'id="a-fn' in a and 'id="b-fn' in b and 'href="#a-fn' in a


@pytest.mark.parametrize("byline, name, shown", [
    ("named", "Randi Holm", "Randi Holm"), ("pseudonym", "Måken", "Måken"), ("anonymous", None, "anonym skribent"),
])
def test_quote_is_credited_by_the_sources_byline(tmp_path, byline, name, shown):
    intro = editorial(body="Fra kurset:\n\n::: sitat kilde\nJeg drakk te hele natta.\n:::\n")
    source = participant("Kilden", body="Jeg drakk te hele natta.\n", byline=byline, display_name=name)
    html = rendered(state_for(tmp_path, {"intro.md": intro, "kilde.md": source}), "intro")
    assert "Jeg drakk te hele natta." in html and f"— {shown}, «Kilden»" in html


def test_quote_follows_its_source_per_medium(tmp_path):
    intro = editorial(body="Før.\n\n::: sitat kilde\nJeg drakk te hele natta.\n:::\n\nEtter.\n")
    source = participant("Kilden", body="Jeg drakk te hele natta.\n", **{"consent.web": False})
    state = state_for(tmp_path, {"intro.md": intro, "kilde.md": source})
    web, printed = rendered(state, "intro", Medium.WEB), rendered(state, "intro", Medium.PRINT)
    assert "hele natta" not in web and "Før." in web and "Etter." in web
    assert "hele natta" in printed


def test_a_text_renders_the_same_after_another_as_on_its_own(tmp_path):
    # A Markdown instance is used again for the next text (render/text.py): nothing of the one before may stay in
    # it: not its footnotes, headings, references or links.
    from hefte.render import text

    first = ("## Før\n\nEn fotnote[^a] og en lenke [her][ref].\n\n[^a]: Den første teksten sin.\n\n"
             "[ref]: https://example.org/forste\n")
    second = "## Etter\n\nBare en [lenke][ref] og en fotnote[^b].\n\n[^b]: Den andre sin.\n"
    state = state_for(tmp_path, {"a.md": participant("Først", first), "b.md": participant("Sist", second)})
    a, b = (next(pt for pt in state.plan.all_texts() if pt.text.id == i) for i in "ab")

    def both(pt):  # as on the website, and as in the print HTML (every id prefixed with the text's)
        web, printed = render_text(pt, state.plan, Medium.WEB), render_text(pt, state.plan, Medium.PRINT,
                                                                             id_prefix=pt.text.id)
        return web.html, web.toc, printed.html, [h.anchor for h in printed.numbers.headings]

    text._IDLE.markdowns.clear()
    alone = both(b)
    both(a)
    after = both(b)
    assert after == alone and 'id="b-' in after[2] and "forste" not in after[0] and "Den første" not in after[0]
