"""WOFF2 fonts unpacked once and kept (render/font_cache.py): the PDF is byte for byte the one WeasyPrint makes
when it unpacks them itself, and a damaged kept font is unpacked again, never used."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from fontTools.ttLib import woff2

from hefte.render import font_cache
from test_cache import ENV, REGISTER, hefte, pdfs
from conftest import make_project, participant

FONT = Path(__file__).resolve().parents[1] / "overrides" / "fonts" / "source-serif-4-latin-400-normal.woff2"


def weasyprints_own(data: bytes) -> bytes:
    """What WeasyPrint makes of a WOFF2 font itself (weasyprint/text/fonts.py, add_font_face)."""
    out = io.BytesIO()
    woff2.decompress(io.BytesIO(data), out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def nothing_in_memory(monkeypatch):
    monkeypatch.setattr(font_cache, "_UNPACKED", {})


def test_a_woff2_font_is_unpacked_as_weasyprint_would_and_kept(tmp_path, monkeypatch):
    data = FONT.read_bytes()
    expected = weasyprints_own(data)
    assert font_cache.unpacked(data, tmp_path) == expected
    assert len(list(tmp_path.glob("*.font"))) == 1
    monkeypatch.setattr(font_cache, "_UNPACKED", {})  # the next worker process: only the kept file
    monkeypatch.setattr(woff2, "decompress", lambda *a: pytest.fail("unpacked again although it was kept"))
    assert font_cache.unpacked(data, tmp_path) == expected


def test_a_damaged_kept_font_is_unpacked_again(tmp_path):
    data = FONT.read_bytes()
    right = font_cache.unpacked(data, tmp_path)
    kept = next(tmp_path.glob("*.font"))
    damaged = bytearray(kept.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    kept.write_bytes(bytes(damaged))
    font_cache._UNPACKED.clear()
    assert font_cache.unpacked(data, tmp_path) == right
    kept.write_bytes(b"")  # an empty file, as a full disk leaves one
    font_cache._UNPACKED.clear()
    assert font_cache.unpacked(data, tmp_path) == right


def test_anything_else_is_served_as_it_is(tmp_path):
    woff1 = FONT.with_suffix(".woff").read_bytes()
    assert font_cache.unpacked(woff1, tmp_path) == woff1
    assert not list(tmp_path.iterdir())


def test_the_pdfs_are_the_same_whether_weasyprint_or_the_cache_unpacked_the_fonts(tmp_path, monkeypatch):
    project = make_project(tmp_path, {"a.md": participant("Morgen", "Bussen kom for sent igjen i dag.\n")},
                           register=REGISTER)
    assert hefte(project).returncode == 0
    fonts = project / ".hefte" / "cache" / "fonter"
    assert len(list(fonts.glob("*.font"))) == 7  # the seven @font-face fonts of print.css
    with_cache = pdfs(project)
    shutil.rmtree(project / ".hefte" / "cache" / "pdf")  # laid out again, the fonts now from the kept files
    assert hefte(project).returncode == 0
    assert pdfs(project) == with_cache

    # WeasyPrint unpacking the fonts itself: the fetcher hands it the WOFF2 bytes as they are.
    shutil.rmtree(project / ".hefte")
    patch = tmp_path / "patch"  # imported by every Python process of the build, its PDF workers too
    patch.mkdir()
    (patch / "sitecustomize.py").write_text(
        "from hefte.render import font_cache\nfont_cache.unpacked = lambda data, cache: data\n")
    env = dict(ENV, PYTHONPATH=f"{patch}:{ENV.get('PYTHONPATH', '')}")
    monkeypatch.setattr("test_cache.ENV", env)
    assert hefte(project).returncode == 0
    assert not fonts.exists()
    assert pdfs(project) == with_cache
