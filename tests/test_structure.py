"""The structures of reports and booklets before any PDF: front-matter fields, `hefte check`'s findings about
references, citations, ISBNs, interview quotes and cut quotes, and what the Markdown extension makes of them."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from conftest import editorial, make_project, participant
from hefte.cli import main
from hefte.guard.policy import Medium
from hefte.model import Byline, FootnoteNumbering, Numbering, TextStart
from hefte.pipeline import prepare
from hefte.render.text import render_text, render_texts

BIB = """@book{levin2004,
  author = {Levin, Irene},
  title = {Hva er sosialt arbeid},
  publisher = {Universitetsforlaget},
  address = {Oslo},
  year = {2004}
}
"""


def check(root, *args):
    result = CliRunner().invoke(main, ["check", "--root", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def line_of(path, needle):
    return next(n for n, line in enumerate(path.read_text("utf-8").split("\n"), 1) if needle in line)


def report(tmp_path, texts, **pub):
    make_project(tmp_path, texts, kind="report", trim="A4", **pub)
    return prepare(tmp_path)


def planned(state, text_id):
    return next(pt for pt in state.plan.all_texts() if pt.text.id == text_id)


# --- the typed model: not set is not no ---------------------------------------------------------------------


def test_new_fields_load_into_the_model_and_unset_stays_none(tmp_path):
    texts = {"a.md": editorial("Innledning", "Tekst.\n", numbering="none", lead="Kort ingress.", byline="none",
                               display_name=None, photo_credit="Thea"),
             "b.md": editorial("Bakgrunn", "Tekst.\n"), "vedlegg-b.md": editorial("Skjema", "Tekst.\n")}
    state = report(tmp_path, texts, authors=["Ola Forsker", "Kari Forsker"], toc_depth=1, text_start="recto",
                   footnote_numbering="document", back_cover="*Om* rapporten.", list_of_figures=True)
    pub = state.project.publications[0]
    assert pub.authors == ["Ola Forsker", "Kari Forsker"] and pub.toc_depth == 1 and pub.list_of_figures is True
    assert pub.text_start is TextStart.RECTO and pub.footnote_numbering is FootnoteNumbering.DOCUMENT
    a, b, appendix = pub.texts
    assert (a.numbering, a.lead, a.byline, a.photo_credit) == (Numbering.NONE, "Kort ingress.", Byline.NONE, "Thea")
    assert b.numbering is None and pub.numbering_of(b) is Numbering.CHAPTER  # not set: the default applies
    assert pub.numbering_of(appendix) is Numbering.APPENDIX
    assert not state.findings.has_errors(), [f.format("en") for f in state.findings.errors]
    make_project(tmp_path, {"a.md": participant()})
    pub = prepare(tmp_path).project.publications[0]
    assert (pub.toc_depth, pub.text_start, pub.footnote_numbering, pub.bibliography) == (None, None, None, None)
    assert pub.contents_depth == 1 and pub.starts is TextStart.NEW_PAGE and pub.numbering_of(pub.texts[0]) is Numbering.NONE


@pytest.mark.parametrize("where, change, needle, words", [
    ("pub", {"toc_depth": 3}, "toc_depth: 3", "må være en av: 1, 2"),
    ("pub", {"text_start": "odd"}, "text_start: odd", "new-page, recto"),
    ("text", {"numbering": "kapittel"}, "numbering: kapittel", "Mente du «chapter»?"),
    ("text", {"byline": "none", "display_name": None}, "byline: none", "bare for redaksjonelle tekster"),
    ("pub", {"isbn": {"print": "978-82-93871-06-5", "pdf": None}}, "print: 978-82-93871-06-5", "ikke gyldig"),
])
def test_bad_values_name_file_line_and_fix(tmp_path, where, change, needle, words):
    text = participant(**change) if where == "text" else participant()
    make_project(tmp_path, {"a.md": text}, **(change if where == "pub" else {}))
    result = check(tmp_path, "--quiet")
    path = tmp_path / "texts/testhefte" / ("a.md" if where == "text" else "publication.yml")
    assert result.exit_code == 1
    location = f"{path.relative_to(tmp_path)}:{line_of(path, needle)}: feil:"
    assert any(location in line and words in line for line in result.output.split("\n")), result.output


def test_editorial_text_without_byline_needs_no_name(tmp_path):
    make_project(tmp_path, {"litteratur.md": editorial("Litteratur", "Lista.\n", byline="none", display_name=None)})
    state = prepare(tmp_path)
    assert not state.findings.has_errors()
    assert state.plan.all_texts()[0].byline is None and state.plan.all_texts()[0].decision.web


# --- check: references, citations, interview quotes, quotes cut per medium ---------------------------------------


def test_unknown_and_duplicate_labels_and_held_back_targets(tmp_path):
    a = editorial("A", "Se [@tab:finnes] og [@tab:mangler] og [@kap:b].\n\nTabell: Noe {#tab:finnes}\n\n|x|\n|-|\n|1|\n")
    b = editorial("B", "Tabell: Igjen {#tab:finnes}\n\n|y|\n|-|\n|2|\n")
    c = participant("C", "Tekst.\n", **{"consent.web": False})
    make_project(tmp_path, {"a.md": a + "Og [@kap:c].\n", "b.md": b, "c.md": c}, kind="report")
    output = check(tmp_path).output
    assert "a.md:" in output and "[@tab:mangler] peker ikke på noe" in output
    assert "Merket {#tab:finnes} står to ganger" in output
    assert "[@kap:c] peker på «C», som ikke publiseres på nett" in output
    assert "[@kap:b]" not in output and "[@tab:finnes] peker" not in output


def test_citations_need_a_bibliography_with_the_key(tmp_path):
    body = "Som Levin skriver [@levin2004, s. 12], og [@ukjent2020].\n"
    make_project(tmp_path, {"a.md": editorial("A", body), "litteratur.md": editorial("Litteratur", "")},
                 kind="report", bibliography="kilder.bib", files={"kilder.bib": BIB.encode()})
    output = check(tmp_path).output
    assert "[@ukjent2020] finnes ikke i litteraturfila kilder.bib" in output and "levin2004" not in output
    make_project(tmp_path, {"a.md": editorial("A", body)}, kind="report", bibliography="borte.bib")
    output = check(tmp_path).output
    assert "publication.yml" in output and "«borte.bib» (bibliography) finnes ikke" in output
    make_project(tmp_path, {"a.md": editorial("A", body)}, kind="report", bibliography=None)
    assert "har ingen litteraturfil" in check(tmp_path).output


def test_interview_labels_are_checked_like_any_text(tmp_path):
    register = {"contributors": {"c-01": {"names": ["Kari Nordmann"]}}, "deny": ["Torleif Saksbehandler"]}
    body = "::: intervju informant 3, bruker hos Torleif Saksbehandler\nDet var fint.\n:::\n\n::: intervju\nUten navn.\n:::\n"
    make_project(tmp_path, {"a.md": editorial("A", body), "b.md": participant()}, register=register)
    output = check(tmp_path).output
    path = tmp_path / "texts/testhefte/a.md"
    assert f"a.md:{line_of(path, 'Torleif')}: feil:" in output  # the deny list, as in any sentence
    assert f"a.md:{line_of(path, 'Uten navn.') - 1}: feil: Intervjusitatet mangler hvem som snakker" in output


def test_check_tells_per_medium_which_quotes_are_cut(tmp_path):
    intro = editorial("Innledning", "Slik skriver en deltaker:\n\n::: sitat kilde\nJeg drakk te hele natta.\n:::\n\n"
                      "::: sitat kveld\ninnledning: En annen skriver:\nDet var kveld.\n:::\n")
    texts = {"intro.md": intro, "kilde.md": participant("Kilden", "Jeg drakk te hele natta.\n",
                                                         **{"consent.web": False}),
             "kveld.md": participant("Kveld", "Det var kveld.\n", contributor="c-02", **{"consent.print": False})}
    make_project(tmp_path, texts)
    output = " ".join(check(tmp_path).output.split())
    assert "Sitatet fra «Kilden» holdes tilbake fra nett" in output and "flytt den inn i blokken" in output
    assert "Sitatet fra «Kveld» holdes tilbake fra trykk, fordi kilden ikke kan publiseres der; innledningen" in output
    state = prepare(tmp_path)
    web = render_text(planned(state, "intro"), state.plan, Medium.WEB).html
    printed = render_text(planned(state, "intro"), state.plan, Medium.PRINT).html
    assert "En annen skriver:" in web and "Det var kveld." in web and "natta" not in web
    assert "En annen skriver:" not in printed and "Det var kveld." not in printed  # the lead-in goes with its quote
    assert "natta" in printed


def test_urls_and_english_blocks_do_not_look_like_lost_letters(tmp_path):
    body = ("Les mer på https://www.nav.no/pa/forst/soknad i dag.\n\n::: {lang=en}\nPa and Ma went to the market.\n"
            ":::\n\nOg [Ma said no]{lang=en} til oss.\n")
    make_project(tmp_path, {"a.md": participant(body=body)})
    assert "har falt bort" not in check(tmp_path).output
    make_project(tmp_path, {"a.md": participant(body="Jeg var pa butikken i dag.\n")})
    assert "har falt bort" in check(tmp_path).output


# --- what the Markdown extension makes -----------------------------------------------------------------------------


def test_captions_numbers_and_cross_references_across_texts(tmp_path):
    a = editorial("Innledning", "Se [@tab:alder] og [@Kap:b], og [@vedlegg:vedlegg-a, side].\n", numbering="none")
    b = editorial("Bakgrunn", "## Metode {#sek:metode}\n\nTabell 1: Alder {#tab:alder}\n\n|x|\n|-|\n|1|\n\n"
                  "### Detaljer\n\nSe [@sek:metode].\n")
    appendix = editorial("Skjema", "Tabell: Felt\n\n|y|\n|-|\n|2|\n")
    state = report(tmp_path, {"a.md": a, "b.md": b, "vedlegg-a.md": appendix})
    pp = state.plan.publications[0]
    outline, web = render_texts(pp.texts, state.plan, Medium.WEB)
    assert [(n.label, n.numbering) for n in outline.texts.values()] == [
        ("", Numbering.NONE), ("1", Numbering.CHAPTER), ("A", Numbering.APPENDIX)]
    assert '<a class="xref" href="../bakgrunn/#tab-alder" rel="noopener noreferrer">tabell 1</a>' in web["a"].html
    assert '>Kapittel 1</a>' in web["a"].html and '>vedlegg A</a>' in web["a"].html
    assert '<h2 data-bokmerke="1.1 Metode" id="sek-metode"><span class="nummer">1.1</span> Metode</h2>' in web["b"].html
    assert '<span class="nummer">1.1.1</span> Detaljer' in web["b"].html and 'href="#sek-metode"' in web["b"].html
    assert '<span class="nummer">Tabell A.1</span>: Felt' in web["vedlegg-a"].html
    assert [t["name"] for t in web["b"].toc] == ["1.1 Metode"]
    _, printed = render_texts(pp.texts, state.plan, Medium.PRINT, for_print=True, id_prefix=True)
    assert 'class="xref" href="#b-tab-alder"' in printed["a"].html and 'href="#t-b"' in printed["a"].html
    assert 'class="xref side" href="#t-vedlegg-a"' in printed["a"].html


def test_print_footnotes_sit_at_their_call_even_in_a_heading(tmp_path):
    body = "## Venting[^1]\n\nTekst med note[^2] og [@levin2004, s. 12].\n\n[^1]: Om *venting*.\n[^2]: Første.\n\n    Andre.\n"
    state = report(tmp_path, {"a.md": editorial("A", body)}, bibliography="k.bib", files={"k.bib": BIB.encode()})
    _, printed = render_texts(state.plan.all_texts(), state.plan, Medium.PRINT, for_print=True, id_prefix=True)
    html = printed["a"].html
    assert 'class="footnote"' not in html
    assert ('data-bokmerke="1.1 Venting"' in html and
            '<span class="fn-anker">Venting<span class="fn" id="a-fn-1">Om <em>venting</em>.</span></span>' in html)
    assert '<span class="fn-anker">note<span class="fn" id="a-fn-2">Første.<br>Andre.</span></span>' in html
    assert '<span class="sitering">(Levin, 2004, s. 12)</span>' in html


def test_sanitiser_keeps_lang_and_our_classes_never_style_or_foreign_images(tmp_path):
    body = ('<span lang="en" style="color:red" class="fn">Hello</span>\n\n<img src="bilder/a.jpg" alt="x">\n\n'
            '[English]{lang=en} og <p lang="se" onclick="x()">Sámi</p>\n')
    make_project(tmp_path, {"a.md": participant(body=body)})
    state = prepare(tmp_path)
    html = render_text(state.plan.all_texts()[0], state.plan, Medium.WEB).html
    assert '<span lang="en" class="fn">Hello</span>' in html and '<span lang="en">English</span>' in html
    assert 'lang="se"' in html and "style=" not in html and "onclick" not in html and "<img" not in html


def test_a_photo_of_the_text_placed_in_the_body_becomes_a_figure_where_its_consent_allows(tmp_path):
    from io import BytesIO

    from PIL import Image

    Image.new("RGB", (40, 30), "navy").save(buffer := BytesIO(), "PNG")
    photo = {"file": "bilder/graf.png", "alt": "Et stolpediagram", "credit": "Thea", "shows_writer": False,
             "consent": {"web": True, "print": False}}
    body = "Se [@fig:graf].\n\n![Figur: Oppmøte per uke](bilder/graf.png){#fig:graf}\n\n![Annet](bilder/annet.png)\n"
    make_project(tmp_path, {"a.md": editorial("A", body, photos=[photo])}, kind="report",
                 files={"bilder/graf.png": buffer.getvalue()})
    state = prepare(tmp_path)
    pt = state.plan.all_texts()[0]
    _, web = render_texts([pt], state.plan, Medium.WEB, figure_src=lambda pt, p: f"../../bilder/{p.file[7:]}")
    html = web["a"].html
    assert re.search(r'<figure class="figur" id="fig-graf">\s*<img alt="Et stolpediagram" src="../../bilder/graf.png">'
                     r'\s*<figcaption><span class="nummer">Figur 1</span>: Oppmøte per uke<span class="kreditering">'
                     r' \(kilde: Thea\)</span></figcaption>\s*</figure>', html), html
    assert web["a"].placed_photos == ["bilder/graf.png"] and "annet.png" not in html
    assert '>figur 1</a>' in html
    _, printed = render_texts([pt], state.plan, Medium.PRINT, for_print=True, figure_src=lambda pt, p: p.file)
    assert "<figure" not in printed["a"].html and "[@fig:graf]" in printed["a"].html  # no print consent: no figure
    assert "image.inline" not in [f.code for f in state.findings if "graf" in str(f.params)]


def test_verify_finds_a_denied_name_in_an_interview_label_in_the_pdf_and_on_the_web(tmp_path):
    """check stops this first; verify must still catch it if it were ever rendered (the label is visible text)."""
    from hefte.guard import verify
    from hefte.render import pdf, web

    register = {"contributors": {"c-01": {"names": ["Kari Nordmann"]}}, "deny": ["Torleif Saksbehandler"]}
    body = "Vi snakket med mange.\n\n::: intervju Torleif Saksbehandler, veileder\nDet var fint.\n:::\n"
    make_project(tmp_path, {"a.md": editorial("A", body)}, register=register)
    state = prepare(tmp_path, strict=True)  # strict: the text stays planned (a partial build would hold it back)
    assert any(f.code == "pii.name" for f in state.findings.errors)
    pdf.render_all(state, tmp_path / "print")
    site = tmp_path / "site" / "testhefte" / "a"
    site.mkdir(parents=True)
    page = web.build_site(state.plan).page("testhefte/a.md")
    site.joinpath("index.html").write_text(f"<html lang=nb><body>{page.html}</body></html>", "utf-8")
    report = verify.verify(state, tmp_path / "site", tmp_path / "print")
    places = {str(f.path.name) for f in report.errors if f.code == "verify.name"}
    assert {"index.html", "testhefte-trykk.pdf", "testhefte.pdf"} <= places, [f.format("en") for f in report.errors]


def test_every_front_matter_and_publication_field_is_documented_in_the_readme():
    from conftest import REPO
    from hefte.intake import schema

    readme = (REPO / "README.md").read_text("utf-8")
    missing = [key for key in schema.TEXT if f"| `{key}" not in readme]
    missing += [key for key in schema.PUBLICATION if f"`{key}`" not in readme]
    assert not missing, missing


def test_generated_back_cover_starts_a_sentence_with_a_capital(tmp_path):
    from hefte.render import print_context

    make_project(tmp_path, {"a.md": participant()}, subtitle="om å bli sett")
    state = prepare(tmp_path)
    pp = state.plan.publications[0]
    assert str(print_context._back_cover(pp.publication, pp.texts)).startswith("<p>Om å bli sett. Heftet samler 1 tekst")
    make_project(tmp_path, {"a.md": participant()}, back_cover="Skrevet *sammen*.\n\n<script>x</script>")
    pp = prepare(tmp_path).plan.publications[0]
    assert str(print_context._back_cover(pp.publication, pp.texts)) == "<p>Skrevet <em>sammen</em>.</p>\n"
