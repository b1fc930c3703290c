"""The site cache page by page (render/site_cache.py): a rebuild writes again only the pages whose own content
changed, and only when nothing shown on several pages changed; whatever it reuses, the site is byte for byte the
one a cold build makes of the same sources. Real MkDocs builds (website only, no PDFs: fast)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import make_project, participant
from hefte.build import build
from hefte.config import load_config
from hefte.errors import LeakFound
from hefte.mkdocs_plugin import HeftePlugin


@pytest.fixture
def written(monkeypatch):
    """The pages MkDocs renders through the theme, in order (the plugin's on_post_page sees each one)."""
    pages: list[str] = []
    through = HeftePlugin.on_post_page

    def counting(self, output, page, config):
        pages.append(page.file.src_uri)
        return through(self, output, page, config)

    monkeypatch.setattr(HeftePlugin, "on_post_page", counting)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    return pages


@pytest.fixture
def project(tmp_path):
    texts = {f"t{i}.md": participant(f"Tekst {i}", f"Bussen til byen gikk klokka {i}. Vi ventet på benken nummer {i}.\n")
             for i in range(4)}
    root = make_project(tmp_path, texts, register={"contributors": {"c-01": {"names": ["Kari Fjellheim Troan"]}}})
    (root / "docs" / "om.md").write_text("# Om kurset\n\nVi skriver sammen hver tirsdag.\n", "utf-8")
    config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
    config["nav"].append({"Om kurset": "om.md"})
    # The theme from the project's own folder, so that a test can change it.
    (root / "overrides").unlink()
    shutil.copytree(Path(config["theme"]["custom_dir"]), root / "overrides")
    config["theme"]["custom_dir"] = "overrides"
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return root


def hefte_build(root: Path, **options) -> dict[str, bytes]:
    build(load_config(root), pdf=False, **options)
    return published(root)


def published(root: Path) -> dict[str, bytes]:
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_as_cold(root: Path, site: dict[str, bytes]) -> None:
    cold = hefte_build(root, fresh=True)
    assert sorted(site) == sorted(cold)
    assert [name for name in cold if site[name] != cold[name]] == []


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def search_words(site: dict[str, bytes]) -> str:
    return " ".join(entry["text"] for entry in json.loads(site["search/search_index.json"])["docs"])


def test_an_edited_text_writes_its_page_alone_and_the_site_is_a_cold_builds(project, written):
    hefte_build(project)
    assert "testhefte/tekst-2.md" in written
    written.clear()
    edit(project / "texts" / "testhefte" / "t2.md", "Vi ventet på benken nummer 2.", "Sjåføren vinket til oss.")
    site = hefte_build(project)
    assert written == ["testhefte/tekst-2.md"]
    assert "Sjåføren vinket" in site["testhefte/tekst-2/index.html"].decode()
    words = search_words(site)
    assert "Sjåføren vinket" in words and "benken nummer 2" not in words
    assert "benken nummer 3" in words  # the pages not written keep their entries
    assert_as_cold(project, site)


def test_an_edited_hand_written_page_writes_that_page_alone(project, written):
    hefte_build(project)
    written.clear()
    edit(project / "docs" / "om.md", "hver tirsdag", "hver torsdag i biblioteket")
    site = hefte_build(project)
    assert written == ["om.md"]
    assert "hver torsdag i biblioteket" in search_words(site)
    assert_as_cold(project, site)


def test_a_new_title_is_shown_on_every_page(project, written):
    hefte_build(project)
    written.clear()
    # The same address (tekst-1/), a new title: only the nav, the footers and the publication page show it.
    edit(project / "texts" / "testhefte" / "t1.md", "title: Tekst 1", "title: TEKST 1!")
    site = hefte_build(project)
    assert "testhefte/tekst-1.md" in written
    assert len(written) == len(set(written)) > 5  # the nav of every page names it: all written again
    assert all("TEKST 1!" in site[name].decode() for name in ("index.html", "om/index.html", "404.html"))
    assert_as_cold(project, site)


def test_a_withdrawn_text_leaves_no_page_behind(project, written):
    before = hefte_build(project)
    assert "testhefte/tekst-3/index.html" in before
    edit(project / "texts" / "testhefte" / "t3.md", "withdrawn: null", "withdrawn: 2026-10-01")
    site = hefte_build(project)
    assert not [name for name in site if name.startswith("testhefte/tekst-3")]
    assert not [name for name, data in site.items() if b"benken nummer 3" in data]
    assert_as_cold(project, site)


def test_a_changed_theme_writes_every_page_again(project, written):
    hefte_build(project)
    written.clear()
    edit(project / "overrides" / "main.html", '<article class="md-content__inner md-typeset"',
         '<article data-hefte-test="ny" class="md-content__inner md-typeset"')
    site = hefte_build(project)
    assert len(written) > 5
    assert all(b'data-hefte-test="ny"' in data for name, data in site.items() if name.endswith("/index.html"))
    assert_as_cold(project, site)


def test_a_changed_theme_outside_the_project_is_seen_too(project, written, tmp_path):
    """mkdocs.yml may take the theme from a folder outside the project (a course's shared templates): an edit
    there must reach the site, although no file of the project changed."""
    outside = tmp_path / "felles-tema"
    shutil.move(project / "overrides", outside)
    (project / "overrides").mkdir()
    shutil.copytree(outside / "print", project / "overrides" / "print")  # the PDFs' templates stay in the project
    edit(project / "mkdocs.yml", "custom_dir: overrides", f"custom_dir: {outside}")
    hefte_build(project)
    written.clear()
    assert hefte_build(project) and written == []  # nothing changed: the kept site, whole
    edit(outside / "main.html", '<article class="md-content__inner md-typeset"',
         '<article data-hefte-test="felles" class="md-content__inner md-typeset"')
    site = hefte_build(project)
    assert all(b'data-hefte-test="felles"' in data for name, data in site.items() if name.endswith("/index.html"))
    assert_as_cold(project, site)


def test_a_kept_page_is_verified_like_a_written_one(project, written):
    before = hefte_build(project)
    # Whatever the cache holds is read back by verify: the writer's real name planted in a kept page.
    kept = next((project / ".hefte" / "cache" / "site").glob("*/site/testhefte/tekst-3/index.html"))
    kept.write_text(kept.read_text("utf-8").replace("benken nummer 3", "benken til Kari Fjellheim Troan"), "utf-8")
    edit(project / "texts" / "testhefte" / "t2.md", "Vi ventet på benken nummer 2.", "Sjåføren vinket til oss.")
    written.clear()
    with pytest.raises(LeakFound) as leak:
        hefte_build(project)
    assert {f.code for f in leak.value.report.errors} == {"verify.name"}
    assert written == ["testhefte/tekst-2.md"]  # the planted page was copied, not written
    assert published(project) == before  # the last edition stays
    assert b"Fjellheim" not in hefte_build(project, fresh=True)["testhefte/tekst-3/index.html"]
