"""`hefte proof`: one overview image of all pages per print PDF."""

from __future__ import annotations

import shutil

from PIL import Image, ImageStat
from pypdf import PdfReader

from hefte.render import proof


def test_proof_sheet_shows_every_page_as_spreads(sample_build, tmp_path):
    shutil.copytree(sample_build.print_dir, tmp_path / "print")
    config = sample_build.state.config.replace(print_dir=str(tmp_path / "print"))
    written = proof.proof_all(config)
    assert sorted(p.name for p in written) == ["hefte-2026-korrektur.png", "rapport-2026-korrektur.png"]
    pages = len(PdfReader(tmp_path / "print" / "hefte-2026-trykk.pdf").pages)
    assert len(proof._spreads(pages)) == pages // 2 + 1  # cover alone, spreads, back cover alone
    image = Image.open(written[0])
    assert image.width > image.height > 200
    assert max(ImageStat.Stat(image.convert("L")).stddev) > 20  # pages drawn, not an empty canvas
