"""The website a reader sees, per consent case, from a real build of the bundled sample."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import REPO, make_project, participant
from hefte.build import build
from hefte.config import load_config

PUB = "hefte-2026"


def planned(result, text_id, pub=PUB):
    for pp in result.state.plan.publications:
        for pt in pp.texts:
            if pt.text.publication_id == pub and pt.text.id == text_id:
                return pt
    raise KeyError(text_id)


def page(result, text_id, pub=PUB) -> Path:
    return result.site / pub / planned(result, text_id, pub).slug / "index.html"


def all_site_text(result) -> str:
    chunks = []
    for path in result.site.rglob("*"):
        if path.is_file() and path.suffix == ".json":
            # JSON escapes non-ASCII (\u00f8); decode it, or a name with ø would hide from the search
            chunks.append(json.dumps(json.loads(path.read_text("utf-8")), ensure_ascii=False))
        elif path.is_file() and path.suffix in (".html", ".xml", ".js", ".txt"):
            chunks.append(path.read_text("utf-8", errors="replace"))
    return "\n".join(chunks)


def search_index(result) -> str:
    raw = (result.site / "search" / "search_index.json").read_text("utf-8")
    return json.dumps(json.loads(raw), ensure_ascii=False)


def sitemap(result) -> str:
    return (result.site / "sitemap.xml").read_text("utf-8")


def register_names(contributor: str) -> list[str]:
    register = yaml.safe_load((REPO / "texts" / "register.example.yml").read_text("utf-8"))
    return register["contributors"][contributor]["names"]


def test_named_writer_has_byline_link_and_author_page(sample_build):
    pt = planned(sample_build, "morgenkaffe")
    html = page(sample_build, "morgenkaffe").read_text("utf-8")
    assert pt.byline and pt.author_slug
    assert re.search(rf'tekst: <a href="[./]*forfattere/{pt.author_slug}/">{re.escape(pt.byline)}</a>', html)
    author = (sample_build.site / "forfattere" / pt.author_slug / "index.html").read_text("utf-8")
    assert pt.text.title in author


@pytest.mark.parametrize("text_id", ["ventevaerelset", "tolv-ting", "paa-bussen"])
def test_first_name_and_pseudonym_bylines_have_no_author_page(sample_build, text_id):
    pt = planned(sample_build, text_id)
    html = page(sample_build, text_id).read_text("utf-8")
    assert f'<p class="hefte-byline">tekst: {pt.byline}</p>' in html
    assert pt.author_slug is None
    authors = sample_build.site / "forfattere"
    assert not any(pt.byline in p.read_text("utf-8") for p in authors.rglob("*.html"))


def test_two_pseudonyms_of_one_writer_are_never_linked(sample_build):
    a, b = planned(sample_build, "tolv-ting"), planned(sample_build, "paa-bussen")
    assert a.text.contributor == b.text.contributor and a.byline != b.byline
    for one, other in ((a, b), (b, a)):
        html = page(sample_build, one.text.id).read_text("utf-8")
        article = html[html.index('<article'):html.index('</article>')]
        assert other.byline not in article and other.slug not in article


@pytest.mark.parametrize("text_id, contributor", [("natta", "c-05"), ("hender", "c-09")])
def test_anonymous_writer_is_named_nowhere(sample_build, text_id, contributor):
    html = page(sample_build, text_id).read_text("utf-8")
    # hender.md names its photographer (photo_credit): «tekst: anonym / foto: …» on one line
    assert re.search(r'<p class="hefte-byline">tekst: anonym( / foto: [^<]+)?</p>', html)
    everything = all_site_text(sample_build).casefold()
    for name in register_names(contributor):
        assert name.casefold() not in everything


def test_web_only_text_is_on_the_site_in_nynorsk(sample_build):
    pt = planned(sample_build, "vinterdikt")
    html = page(sample_build, "vinterdikt").read_text("utf-8")
    assert '<html lang="nn"' in html and pt.text.title in search_index(sample_build)
    assert '<html lang="nb"' in page(sample_build, "morgenkaffe").read_text("utf-8")
    assert f"{PUB}/{pt.slug}/" in sitemap(sample_build)


def test_poem_keeps_its_line_breaks(sample_build):
    pt = planned(sample_build, "ventevaerelset")
    html = page(sample_build, "ventevaerelset").read_text("utf-8")
    first_lines = [line for line in pt.text.body.strip().split("\n")[:2]]
    assert "<br" in html and all(line.strip() in html for line in first_lines)


@pytest.mark.parametrize("text_id", ["brevet", "sommer-neste-ar", "det-jeg-ikke-sa", "utkast-om-mor"])
def test_held_back_texts_are_not_on_the_site(sample_build, text_id):
    pt = planned(sample_build, text_id)
    assert not pt.decision.web
    assert not page(sample_build, text_id).exists()
    assert pt.text.title not in search_index(sample_build)
    assert f"/{pt.slug}/" not in sitemap(sample_build)
    assert pt.text.title not in all_site_text(sample_build)
    # not a sentence of it either
    sentence = next(s for s in re.split(r"(?<=[.!?])\s+", pt.text.body) if len(s.split()) >= 6)
    assert sentence.strip() not in all_site_text(sample_build)


def test_quotes_of_held_back_texts_are_dropped_from_the_introduction(sample_build):
    html = page(sample_build, "innledning").read_text("utf-8")
    assert 'class="sitat"' in html  # quotes of published texts are there
    for source in ("brevet", "det-jeg-ikke-sa"):
        assert planned(sample_build, source).text.title not in html


def test_photos_follow_their_own_consent(sample_build):
    kitchen = page(sample_build, "bildet-av-bestemor").read_text("utf-8")
    photos = {p.file: p for p in planned(sample_build, "bildet-av-bestemor").text.photos}
    assert photos["bilder/bestemor-kjokken.jpg"].alt in kitchen.replace("&#x27;", "'")
    assert photos["bilder/bestemor-portrett.jpg"].alt not in kitchen
    hender = planned(sample_build, "hender")
    html = page(sample_build, "hender").read_text("utf-8")
    for photo in hender.text.photos:
        assert (photo.alt in html) == (photo.shows_writer is False)
    # published images never keep their original (possibly identifying) file names
    names = {p.name for p in sample_build.site.rglob("*.jpg")}
    assert not names & {"bestemor-portrett.jpg", "hender-portrett.jpg", "bestemor-kjokken.jpg"}


def test_photos_have_their_size_and_narrower_copies(sample_build):
    """No layout shift while a photo loads (width/height), a phone loads a copy its width (srcset), the first
    photo of a page is loaded at once and the rest when scrolled to."""
    from PIL import Image

    pages = [p for p in sample_build.site.rglob("index.html") if "<img" in p.read_text("utf-8")]
    assert len(pages) >= 3
    for html_file in pages:
        imgs = re.findall(r"<img [^>]*>", html_file.read_text("utf-8"))
        for n, img in enumerate(imgs):
            attrs = dict(re.findall(r'(\w+)="([^"]*)"', img))
            full = Image.open((html_file.parent / attrs["src"]).resolve())
            assert (int(attrs["width"]), int(attrs["height"])) == full.size, (html_file, img)
            copies = [c.strip().rsplit(" ", 1) for c in attrs["srcset"].split(",")]
            assert len(copies) > 1 and copies[-1][0] == attrs["src"]
            for src, width in copies:
                assert Image.open((html_file.parent / src).resolve()).width == int(width.rstrip("w"))
            assert attrs["loading"] == ("eager" if n == 0 else "lazy")


def test_norwegian_search_and_language(sample_build):
    config = json.loads(search_index(sample_build))["config"]
    assert config["lang"] == ["no"]
    index = (sample_build.site / "index.html").read_text("utf-8")
    assert '<html lang="nb"' in index


def test_no_request_to_another_host(sample_build):
    for path in sample_build.site.rglob("*.html"):
        html = path.read_text("utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", html):
            if "rel=\"canonical\"" in tag or "rel=canonical" in tag:
                continue
            assert not re.search(r'(?:src|href)="(?:https?:)?//', tag), (path, tag)
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    css = "\n".join(p.read_text("utf-8") for p in sample_build.site.rglob("*.css"))
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", css)


def test_embargo_lifts_on_its_date(tmp_path, monkeypatch):
    make_project(tmp_path, {"snart.md": participant("Snart sommer", **{"consent.publish_after": "2027-01-01"})})
    monkeypatch.setenv("HEFTE_TODAY", "2026-12-31")
    assert not (build(load_config(tmp_path), pdf=False).site / "testhefte" / "snart-sommer").exists()
    monkeypatch.setenv("HEFTE_TODAY", "2027-01-01")
    assert (build(load_config(tmp_path), pdf=False).site / "testhefte" / "snart-sommer" / "index.html").exists()


def test_contributor_markdown_cannot_inject_html(tmp_path):
    # Raw HTML is only a warning in check (the words around it are the writer's); the site must still be clean.
    body = ("Hei.\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n"
            "<iframe></iframe>\n\n<p style=\"color:red\" onclick=\"steal()\">Rød</p>\n\n[klikk](https://eksempel.no)\n")
    make_project(tmp_path, {"farlig.md": participant("Farlig tekst", body=body)})
    html = (build(load_config(tmp_path), pdf=False).site / "testhefte" / "farlig-tekst" / "index.html").read_text()
    article = html[html.index("<article"):html.index("</article>")]
    for bad in ("<script", "onerror", "<iframe", "onclick", "style=", "alert(", "<img"):
        assert bad not in article
    assert "Rød" in article and 'href="https://eksempel.no"' in article


@pytest.mark.parametrize("markup", [
    '<a href="javascript:alert(1)">x</a>', '<a href="JaVaScRiPt:alert(1)">x</a>', "<svg onload=alert(1)>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>', "<object data=x.swf></object>",
    '<div style="background:url(https://evil.example/)">x</div>', "<base href=https://evil.example/>",
])
def test_sanitiser_removes_what_check_already_refuses(markup):
    # Defence in depth: check refuses these, and render would strip them even if check were bypassed.
    from hefte.render.text import sanitise

    clean = sanitise(markup).lower()
    assert "javascript" not in clean and "onload" not in clean and "evil.example" not in clean
    assert "<object" not in clean and "<base" not in clean and "<svg" not in clean


def test_withdrawal_removes_text_from_a_rebuilt_site(tmp_path):
    text = participant("Tekst som trekkes", body="Denne setningen skal forsvinne fra hele nettstedet nå.\n")
    make_project(tmp_path, {"t.md": text, "annen.md": participant("Annen tekst")})
    site = build(load_config(tmp_path), pdf=False).site
    assert (site / "testhefte" / "tekst-som-trekkes" / "index.html").exists()
    path = tmp_path / "texts" / "testhefte" / "t.md"
    path.write_text(path.read_text("utf-8").replace("withdrawn: null", "withdrawn: 2026-11-01"), "utf-8")
    site = build(load_config(tmp_path), pdf=False).site
    everything = "\n".join(p.read_text("utf-8", "replace") for p in site.rglob("*") if p.is_file()
                           and p.suffix in (".html", ".json", ".xml"))
    assert "Tekst som trekkes" not in everything and "skal forsvinne" not in everything


def test_overview_links_the_screen_pdf_built_from_the_same_plan(sample_build):
    html = (sample_build.site / PUB / "index.html").read_text("utf-8")
    assert 'href="../pdf/hefte-2026.pdf"' in html
    assert (sample_build.site / "pdf" / "hefte-2026.pdf").read_bytes() == sample_build.pdfs[PUB]["screen"].read_bytes()


def test_a_stale_pdf_is_not_linked_by_plain_mkdocs(tmp_path):
    import subprocess
    import sys

    make_project(tmp_path, {"a.md": participant("Første"), "b.md": participant("Andre")})
    build(load_config(tmp_path))
    env = {"HEFTE_TODAY": "2026-11-22", "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "fresh"], cwd=tmp_path, env=env, check=True)
    assert "testhefte.pdf" in (tmp_path / "fresh" / "testhefte" / "index.html").read_text("utf-8")
    path = tmp_path / "texts" / "testhefte" / "b.md"
    path.write_text(path.read_text("utf-8").replace("withdrawn: null", "withdrawn: 2026-11-01"), "utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "stale"], cwd=tmp_path, env=env, check=True)
    assert "testhefte.pdf" not in (tmp_path / "stale" / "testhefte" / "index.html").read_text("utf-8")
    assert not (tmp_path / "stale" / "pdf").exists()


def test_serve_previews_with_the_same_policy(tmp_path):
    import socket
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    make_project(tmp_path, {"a.md": participant("Synlig"), "b.md": participant("Skjult", **{"consent.web": False})})
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {"HEFTE_TODAY": "2026-11-22", "PATH": "/usr/bin:/bin"}
    proc = subprocess.Popen([sys.executable, "-m", "hefte.cli", "serve", "--root", str(tmp_path),
                             "--dev-addr", f"127.0.0.1:{port}"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}/"
        deadline = time.time() + 60
        while True:
            try:
                page = urllib.request.urlopen(base + "testhefte/synlig/", timeout=2).read().decode("utf-8")
                break
            except (urllib.error.URLError, ConnectionError):
                if time.time() > deadline:
                    raise
                time.sleep(0.3)
        assert "Synlig" in page
        try:
            urllib.request.urlopen(base + "testhefte/skjult/", timeout=5)
            raise AssertionError("a held-back text was served")
        except urllib.error.HTTPError as exc:
            assert exc.code == 404
        assert not (tmp_path / "print").exists()  # serve renders no PDFs
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_responsive_images_keep_an_alt_text_with_angle_brackets():
    from hefte.render import web

    pictures = {"h/bilder/a.jpg": web.Picture([("h/bilder/a-480.jpg", 480, 360), ("h/bilder/a.jpg", 900, 675)])}
    out = web.responsive_images('<img alt="fra 3 -> 9 deltakere" src="../../h/bilder/a.jpg">', pictures)
    assert out.startswith('<img alt="fra 3 -> 9 deltakere" src="../../h/bilder/a.jpg" width="900" height="675" ')
    assert 'srcset="../../h/bilder/a-480.jpg 480w, ../../h/bilder/a.jpg 900w"' in out and out.endswith(">")
