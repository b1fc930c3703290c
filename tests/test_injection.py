"""Every field a participant or editor types reaches a public page as text, never as markup.

One project is built once through the command line with a hostile value in every field that reaches a page
(text title, a named writer's display_name, photo alt and credit, a heading, the publication's title, subtitle,
editors, publisher, place, series, licence, credits, cover alt). Each value tries to open an element
(``<x-FIELD>``), an attribute (``data-x-FIELD``) and to break out of ``<title>``, ``<script>`` and quoted
attributes. The built HTML, the search index and the print HTML are parsed the way a browser would: no element
or attribute may come from a field, and a field's ``&`` is escaped exactly once («Lese & Skrive»).
"""

from __future__ import annotations

import html
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from conftest import make_project, participant
from hefte.cli import main

FIELDS = ["title", "display_name", "alt", "credit", "heading", "pub_title", "subtitle", "editor", "publisher",
          "address", "place", "series", "licence", "layout", "cover_alt", "quoted_title"]


def hostile(field: str) -> str:
    """Text with a tag, an attribute and break-outs of <title>, <script> and both kinds of quoted attribute."""
    return f"Lese & Skrive {field} </title></script>\"'><x-{field} data-x-{field}=1 onerror=alert(1)>"


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 800), (120, 140, 90)).save(out, "JPEG")
    return out.getvalue()


class Markup(HTMLParser):
    """Every tag and attribute name in a document, and its text, as a browser reads them."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.text, self.values = set(), set(), [], []
        self.meta: dict[str, str] = {}
        self.feed(source)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs.update(name for name, _ in attrs)
        self.values += [value or "" for _, value in attrs]
        if tag == "meta" and (dict(attrs).get("name") or dict(attrs).get("property")):
            self.meta[dict(attrs).get("name") or dict(attrs)["property"]] = dict(attrs).get("content") or ""

    def handle_data(self, data):
        self.text.append(data)


def assert_no_markup_from_fields(source: str, where: str) -> Markup:
    parsed = Markup(source)
    injected = {t for t in parsed.tags if t.startswith("x-")} | {a for a in parsed.attrs
                                                                  if a.startswith("data-x-") or a == "onerror"}
    assert not injected, f"{where}: elements/attributes from a field: {sorted(injected)}"
    return parsed


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    photo = {"file": "bilder/foto.jpg", "alt": hostile("alt"), "credit": hostile("credit"), "shows_writer": False,
             "consent": {"web": True, "print": True}}
    named = participant(hostile("title"), f"## {hostile('heading')}\n\nEn vanlig dag.\n", byline="named",
                        display_name=hostile("display_name"), photos=[photo])
    quoted = participant(hostile("quoted_title"), "Jeg drikker kaffe om morgenen.\n", contributor="c-02")
    intro = participant("Innledning", "::: sitat kaffe\nJeg drikker kaffe\n:::\n", role="editorial",
                        contributor=None, byline="named", display_name="Hilde Redaktør", consent=None)
    make_project(root, {"a.md": named, "kaffe.md": quoted, "innledning.md": intro},
                 files={"bilder/foto.jpg": _jpeg(), "bilder/omslag.jpg": _jpeg()},
                 title=hostile("pub_title"), subtitle=hostile("subtitle"), editors=[hostile("editor")],
                 publisher={"name": hostile("publisher"), "address": hostile("address"),
                            "url": "https://test.example.no"},
                 place=hostile("place"), series={"name": hostile("series"), "number": "1"},
                 licence=hostile("licence"), credits={"layout": hostile("layout")},
                 cover={"image": "bilder/omslag.jpg", "alt": hostile("cover_alt")})
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--no-pdf"])
    assert result.exit_code == 0, result.output
    return root


def _pages(root: Path) -> dict[Path, str]:
    return {p: p.read_text("utf-8") for p in (root / "site").rglob("*.html")}


def test_no_field_becomes_an_element_or_attribute_on_any_page(hostile_site):
    pages = _pages(hostile_site)
    assert len(pages) >= 5
    for path, source in pages.items():
        assert_no_markup_from_fields(source, str(path.relative_to(hostile_site)))


@pytest.mark.parametrize("field", ["title", "display_name", "alt", "credit", "pub_title", "subtitle", "editor",
                                   "publisher", "place", "quoted_title"])
def test_each_field_reaches_the_site_as_its_own_text_escaped_once(hostile_site, field):
    # The field is really on the site (so the test above looked at it), and reads exactly as typed: not
    # "Lese &amp; Skrive" (escaped twice), not cut off at the first "<". (A heading is Markdown, where HTML is
    # markup by design: the sanitiser removes its tags, so it is only in the test above.)
    wanted = hostile(field)
    found = False
    for path, source in _pages(hostile_site).items():
        parsed = Markup(source)
        found = found or any(wanted in v for v in ["".join(parsed.text), *parsed.values])
        assert "Lese &amp; Skrive" not in "".join(parsed.text), path
    assert found, f"{field} is nowhere on the site"


def test_meta_description_and_title_element_hold_the_plain_text(hostile_site):
    overview = (hostile_site / "site" / "testhefte" / "index.html").read_text("utf-8")
    parsed = Markup(overview)
    assert parsed.meta["description"] == hostile("subtitle")
    title = overview[overview.index("<title>") + 7:overview.index("</title>")]
    assert html.unescape(title).startswith(hostile("pub_title"))


def test_shared_link_tags_hold_the_plain_text(hostile_site):
    # og:title, og:description and og:image:alt are attributes the theme never sees: share_tags escapes them.
    pages = {p.parent.name: Markup(source) for p, source in _pages(hostile_site).items()}
    text = next(parsed for parsed in pages.values() if parsed.meta.get("og:type") == "article"
                and parsed.meta.get("og:title") == hostile("title"))
    assert text.meta["og:image:alt"] == hostile("alt") and text.meta["og:image"].startswith("https://")
    assert pages["testhefte"].meta["og:title"] == hostile("pub_title")
    assert pages["testhefte"].meta["og:description"] == hostile("subtitle")
    assert pages["testhefte"].meta["og:image:alt"] == hostile("cover_alt")


def test_search_index_holds_each_field_once_escaped_and_no_markup(hostile_site):
    index = json.loads((hostile_site / "site" / "search" / "search_index.json").read_text("utf-8"))
    for doc in index["docs"]:
        for key in ("title", "text"):
            # material's search shows these as HTML: parse them as such
            assert_no_markup_from_fields(doc[key], f"search {doc['location']} {key}")
    shown = " ".join(html.unescape(doc["title"] + " " + doc["text"]) for doc in index["docs"])
    assert hostile("publisher") in shown and hostile("title") in shown
    assert "&amp;" not in shown  # after the one unescape the browser does, no entity is left


def test_print_html_has_no_markup_from_fields(hostile_site):
    from hefte import pipeline
    from hefte.render import pdf

    state = pipeline.prepare(hostile_site)
    for variant in ("print", "screen"):
        source = pdf.print_html(state, state.plan.publications[0], variant)
        parsed = assert_no_markup_from_fields(source, f"print html ({variant})")
        assert hostile("publisher") in "".join(parsed.text)


def test_no_style_attribute_from_a_text_reaches_the_site(tmp_path):
    body = ("| a | b |\n|:--|--:|\n| 1 | 2 |\n\n"
            '<table><tr><td style="background-image:url(https://evil.example/x.png);position:fixed">c</td>'
            '<th style="position:fixed" align="javascript:x">d</th></tr></table>\n\n'
            '<p style="position:fixed;inset:0">dekker sida</p>\n')
    make_project(tmp_path, {"a.md": participant("Tabell", body)})
    result = CliRunner().invoke(main, ["build", "--root", str(tmp_path), "--no-pdf"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "site" / "testhefte" / "tabell" / "index.html").read_text("utf-8")
    article = page[page.index('<div class="hefte-brodtekst">'):page.index("</article>")]
    assert "style=" not in article and "evil.example" not in page and "javascript" not in article
    # Markdown's column alignment survives, as the one attribute value it may have
    assert '<th align="left">a</th>' in article and '<td align="right">2</td>' in article


def test_a_held_back_photo_never_reaches_the_pdf_whatever_the_url(tmp_path):
    from pypdf import PdfReader

    from hefte import pipeline
    from hefte.render import pdf
    from hefte.render.fetcher import FetchRefused

    held = {"file": "bilder/holdt.jpg", "alt": "Et ansikt", "credit": "Thea", "shows_writer": False,
            "consent": {"web": False, "print": False}}
    # A CSS escape (\75 = "u") slips past any pattern test for url(; only the fetcher's list can stop it.
    body = '<table><tr><td style="background-image: \\75 rl(bilder/holdt.jpg)">celle</td></tr></table>\n'
    make_project(tmp_path, {"a.md": participant("Med bilde", body, photos=[held])},
                 files={"bilder/holdt.jpg": _jpeg()})
    result = CliRunner().invoke(main, ["build", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for name in ("testhefte-trykk.pdf", "testhefte.pdf"):
        reader = PdfReader(tmp_path / "print" / name)
        assert not any(page.images for page in reader.pages), name
    # and the fetcher itself refuses the file, however the URL reaches it
    state = pipeline.prepare(tmp_path)
    _, fetcher = pdf._html(state, state.plan.publications[0], pdf.PRINT, clean_dir=tmp_path)
    with pytest.raises(FetchRefused) as info:
        fetcher.fetch(fetcher.url_for(tmp_path / "texts" / "testhefte" / "bilder" / "holdt.jpg"))
    assert info.value.code == "fetch.unplanned"


def test_a_publication_folder_linked_from_outside_the_project_is_refused(tmp_path):
    outside = tmp_path / "elsewhere"
    make_project(outside, {"a.md": participant("Utenfra")})
    root = tmp_path / "project"
    make_project(root, {"b.md": participant("Innenfra")})
    (root / "texts" / "lenket").symlink_to(outside / "texts" / "testhefte")
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--no-pdf"])
    assert result.exit_code == 1
    assert "texts: feil: Publikasjonsmappa «lenket» er en snarvei" in result.output, result.output
    assert not (root / "site").exists()


def test_a_text_file_linked_from_outside_the_publication_is_not_read(tmp_path):
    """A new text not yet in the order is still read and checked. A «text» that is a shortcut (symlink) to a
    file elsewhere on the machine, dropped into texts/ by a contribution, was read too: its words came back in
    check's messages and in the studio. It is refused unread, like a listed one."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "dagbok.md").write_text(participant("Privat dagbok", body="Ring Per Hansen på 99887766.\n"), "utf-8")
    root = make_project(tmp_path / "project", {"a.md": participant("Innenfra")})
    (root / "texts" / "testhefte" / "ny.md").symlink_to(outside / "dagbok.md")
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert "«ny.md» er en snarvei til en fil utenfor publikasjonsmappa" in result.output, result.output
    assert "Privat dagbok" not in result.output and "99887766" not in result.output
    from hefte.config import load_config
    from hefte.intake.load import load_project

    assert [t.id for t in load_project(load_config(root)).publications[0].unlisted] == []
