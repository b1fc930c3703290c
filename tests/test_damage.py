"""Damaged text through the command line: `hefte fix` never changes a word, `hefte check` names the damage.

Mixed files (a UTF-8 part pasted beside a Word part) are decoded run by run; what was valid UTF-8 is never
re-encoded; a pair of bytes that reads as a plausible word both ways is left to the writer. PDF-extraction
glyph swaps, OCR misreadings and a stray U+FEFF are flagged with the likely word. File names: the same name
in two subfolders, and a Mac (NFD) file name listed in NFC.
"""

from __future__ import annotations

import unicodedata

import pytest
from click.testing import CliRunner

from conftest import make_project, participant
from hefte.cli import main

FRONT = "---\ntitle: Brevet\n---\n"


def fix(path, *args):
    return CliRunner().invoke(main, ["fix", str(path), *args])


def check(root):
    return CliRunner().invoke(main, ["check", "--root", str(root), "--quiet"])


def test_fix_keeps_the_utf8_part_of_a_mixed_file_byte_for_byte(tmp_path):
    utf8 = FRONT + "Jeg gikk før det ble mørkt, og «ingen» så meg.\n"
    word = "Så skrev jeg resten i Word – på jobben…\n"
    path = tmp_path / "brevet.md"
    path.write_bytes(utf8.encode("utf-8") + word.encode("cp1252"))
    result = fix(path)
    assert result.exit_code == 0, result.output
    assert path.read_text("utf-8") == utf8 + word  # not «fÃ¸r», not «fÃƒÂ¸r»
    assert "Windows-1252-delene → UTF-8" in result.output
    assert (tmp_path / "brevet.md.bak").read_bytes() == utf8.encode("utf-8") + word.encode("cp1252")


def test_fix_keeps_word_quotes_dashes_and_a_utf8_name_in_one_line(tmp_path):
    # Word's “quotes”, – and … are cp1252 bytes 0x93 0x94 0x96 0x85; the name Łukasz was pasted in as UTF-8
    # (C5 81: 0x81 is undefined in cp1252, so reading the file as one encoding lost the quotes and the name).
    intended = FRONT + "“Hei,” sa Łukasz – og så gikk han…\n"
    data = FRONT.encode() + "“Hei,” sa ".encode("cp1252") + "Łukasz".encode("utf-8") + \
        " – og så gikk han…\n".encode("cp1252")
    path = tmp_path / "brevet.md"
    path.write_bytes(data)
    result = fix(path)
    assert result.exit_code == 0, result.output
    assert path.read_text("utf-8") == intended


def test_fix_does_not_choose_when_two_readings_are_both_words(tmp_path):
    # C5 BB is «Å»» in Windows-1252 and «Ż» in UTF-8: either choice could change the writer's word.
    data = FRONT.encode() + "Han ropte «NÅ» og løp\n".encode("cp1252")
    path = tmp_path / "brevet.md"
    path.write_bytes(data)
    result = fix(path)
    assert result.exit_code == 1
    assert "Linje 4: to tegn kan leses som «Ż» eller som «Å»»" in result.output
    assert "Ingenting er skrevet" in result.output
    assert path.read_bytes() == data and not (tmp_path / "brevet.md.bak").exists()


def test_fix_removes_a_stray_feff_and_check_names_it(tmp_path):
    make_project(tmp_path, {"a.md": participant("Med tegn", "Jeg kom hjem\ufeff og la meg.\n")})
    result = check(tmp_path)
    assert "U+FEFF" in result.output and "a.md:" in result.output
    path = tmp_path / "texts" / "testhefte" / "a.md"
    assert fix(path).exit_code == 0
    assert "\ufeff" not in path.read_text("utf-8") and "Jeg kom hjem og la meg." in path.read_text("utf-8")


@pytest.mark.parametrize("body, found, suggestion", [
    # glyphs a PDF font swapped when the text was copied out of it
    ("Jeg fßlte meg glad den dagen.\n", "fßlte", "følte"),
    ("Vi bodde på en g¬rd ved sjøen.\n", "g¬rd", "gård"),
    ("Det var Þrlige folk der.\n", "Þrlige", "ærlige"),
    ("Hun sa òHei til meg.\n", "òHei", "«Hei"),
    # OCR misreadings
    ("Jeg gnsker meg en jobb.\n", "gnsker", "ønsker"),
    ("Vi bor p& landet.\n", "p&", "på"),
    ("| dag var det kaldt.\n", "| dag", "I dag"),
])
def test_check_flags_pdf_glyph_swaps_and_ocr_misreadings_with_the_likely_word(tmp_path, body, found, suggestion):
    make_project(tmp_path, {"a.md": participant("Fra PDF", body)})
    result = check(tmp_path)
    assert f"«{found}» skulle trolig vært «{suggestion}»" in result.output, result.output


def test_ampersands_and_tables_are_not_ocr_damage(tmp_path):
    body = "R&D og AT&T, rock & roll.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    make_project(tmp_path, {"a.md": participant("Vanlig", body)})
    assert "skanningen" not in check(tmp_path).output


def test_same_file_name_in_two_subfolders_names_the_real_cause(tmp_path):
    make_project(tmp_path, {}, order=["a/host.md", "b/host.md"])
    for sub in ("a", "b"):
        (tmp_path / "texts" / "testhefte" / sub).mkdir()
        (tmp_path / "texts" / "testhefte" / sub / "host.md").write_text(participant(f"Høst {sub}"), "utf-8")
    result = check(tmp_path)
    assert result.exit_code == 1
    assert "«b/host.md» har samme filnavn som «a/host.md»" in result.output
    assert "Gi den ene fila et annet navn" in result.output and "står to ganger" not in result.output


def test_a_mac_file_name_in_nfd_is_found_from_its_nfc_listing(tmp_path):
    nfc = "høstdag-på-åsen.md"
    make_project(tmp_path, {}, order=[nfc])
    folder = tmp_path / "texts" / "testhefte"
    (folder / unicodedata.normalize("NFD", nfc)).write_text(participant("Høstdag"), "utf-8")
    assert not (folder / nfc).exists()  # really two different names on this file system
    result = CliRunner().invoke(main, ["build", "--root", str(tmp_path), "--no-pdf"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "testhefte" / "hostdag" / "index.html").is_file()
