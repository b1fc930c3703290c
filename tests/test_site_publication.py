"""The publication around each text, and a shared link, in real headless Chromium on the built sample.

A reader who lands on a text sees which publication it is from and gets there; the publication page shows the
cover, the introduction, the contents and the screen PDF with its size (opened, not forced to download); the
front page and the archive show every publication year by year with its cover. A shared link to a text shows
its own title and words, and a photo only where the consent policy allows one (never for an anonymous or
pseudonymous writer's text). One build (the session's sample) and one browser for the module.
"""

from __future__ import annotations

import pytest

from hefte.guard.policy import Medium
from hefte.model import Byline
from hefte.render import web
from test_browser import browser, site_url  # noqa: F401  (fixtures: one Chromium, one server for this module)


def _web(sample_build):
    return [pp for pp in sample_build.state.plan.publications if pp.for_medium(Medium.WEB)]


@pytest.fixture(scope="module")
def page(browser):  # noqa: F811
    tab = browser.new_page()
    yield tab
    tab.close()


def _loaded(where, selector: str) -> list[dict]:
    """Every image matching ``selector`` in ``where`` (a page or a locator): its alt, and whether it shows."""
    return where.locator(selector).evaluate_all("els => els.map(e => ({alt: e.alt, src: e.getAttribute('src'), "
                                                "ok: e.complete && e.naturalWidth > 0}))")


def test_a_text_page_names_its_publication_and_leads_there(page, site_url, sample_build):  # noqa: F811
    for pp in _web(sample_build):
        pt = pp.for_medium(Medium.WEB)[-1]
        page.goto(site_url + pt.url, wait_until="networkidle")
        source = page.locator("article .hefte-fra a")
        assert source.inner_text() == pp.publication.title
        assert str(pp.publication.year) in page.locator("article .hefte-fra").inner_text()
        source.click()
        page.wait_for_load_state("networkidle")
        assert page.locator("article h1").first.inner_text() == pp.publication.title


def test_the_publication_page_has_cover_introduction_contents_and_the_pdf(page, site_url, sample_build):  # noqa: F811
    booklet = next(pp for pp in _web(sample_build) if pp.publication.id == "hefte-2026")
    pub = booklet.publication
    page.goto(site_url + f"{pub.id}/", wait_until="networkidle")
    [cover] = _loaded(page, "article img.hefte-omslag")
    assert cover["ok"] and cover["alt"] == pub.cover.alt
    intro = page.locator("section.hefte-innledning")
    assert "Ti tirsdager, elleve deltakere" in intro.inner_text()
    contents = page.locator("ol.hefte-innhold li a").all_inner_texts()
    assert contents == [pt.text.title for pt in booklet.for_medium(Medium.WEB)]
    link = page.locator("p.hefte-pdf a")
    assert link.get_attribute("download") is None  # the browser opens it; the reader can still save it
    assert link.get_attribute("type") == "application/pdf"
    response = page.request.get(page.evaluate("a => a.href", link.element_handle()))
    assert response.ok and response.body()[:5] == b"%PDF-"
    size = web.size_text(len(response.body()))
    assert f"(PDF, {size}," in page.locator("p.hefte-pdf").inner_text()


@pytest.mark.parametrize("url", ["", "arkiv/"])
def test_front_page_and_archive_show_every_publication_by_year_with_covers(page, site_url, sample_build,  # noqa: F811
                                                                           url):
    page.goto(site_url + url, wait_until="networkidle")
    shown = _web(sample_build)
    assert len(shown) == 2
    for pp in shown:
        pub = pp.publication
        card = page.locator("ul.hefte-kort > li", has=page.locator(f"a[href$='{pub.id}/']"))
        assert card.count() == 1, pub.id
        [cover] = _loaded(card, "img.hefte-omslag")
        assert cover["ok"] and cover["alt"] == pub.cover.alt
        year = card.locator("xpath=../preceding-sibling::*[self::h2 or self::h3][1]").inner_text()
        assert year == str(pub.year)
        pdf = card.locator("p.hefte-kort-pdf a")
        assert pdf.inner_text() == f"{pub.title} som PDF" and pdf.get_attribute("download") is None
        assert "PDF, " in card.locator("p.hefte-kort-pdf").inner_text()


def _meta(page, name: str) -> str | None:
    return page.evaluate("name => document.querySelector(`meta[property='${name}'], meta[name='${name}']`)"
                         "?.getAttribute('content') ?? null", name)


def test_each_text_shares_its_own_words_and_only_the_photo_the_policy_allows(page, site_url,  # noqa: F811
                                                                            sample_build):
    site_description = "Tekster fra skrivekurs og rapporter, publisert med skribentenes samtykke."
    descriptions, with_photo, without_photo_shown = {}, 0, 0
    for pp in _web(sample_build):
        for pt in pp.for_medium(Medium.WEB):
            page.goto(site_url + pt.url, wait_until="domcontentloaded")
            description = _meta(page, "description")
            assert description and description != site_description, pt.url
            assert _meta(page, "og:description") == description
            if pt.text.lead:
                assert description == pt.text.lead
            else:  # the first sentence of what the reader sees first
                assert description.split()[0] in page.locator(".hefte-brodtekst").inner_text(), pt.url
            descriptions[pt.url] = description
            assert _meta(page, "og:title") == page.locator("article h1").first.inner_text()
            assert _meta(page, "og:url") == "https://skriveverkstedet.example.no/" + pt.url
            image = _meta(page, "og:image")
            photos_on_page = page.locator("article img").count()
            if pt.text.byline in (Byline.ANONYMOUS, Byline.PSEUDONYM):
                assert image is None, f"{pt.url}: a shared link shows a photo from an unnamed writer's text"
                without_photo_shown += photos_on_page > 0
            elif pt.share_photo is not None:
                assert image == "https://skriveverkstedet.example.no/" + web.photo_uri(pt, pt.share_photo)
                assert pt.share_photo in pt.photos_for(Medium.WEB)
                assert (sample_build.site / web.photo_uri(pt, pt.share_photo)).is_file()
                assert _meta(page, "og:image:alt") == pt.share_photo.alt
                with_photo += 1
            else:
                assert image is None
    assert len(set(descriptions.values())) == len(descriptions), "two texts share a description"
    # The sample has both cases: a named writer's photo shared, and an anonymous writer's photo shown on the
    # page but never the picture of a shared link.
    assert with_photo >= 2 and without_photo_shown >= 1
