"""fix.fix_file: backups, atomic rewrite as UTF-8/LF/NFC, refusals. Fixture files are written in tmp_path."""

from __future__ import annotations

import codecs
import os
import unicodedata

import pytest

from hefte.intake import fix, hygiene
from hefte.intake.fix import FixError, fix_file

TEXT = "---\ntitle: På Åsen\n---\nJeg bor på Åsen – «heldigvis».\n"


def write(tmp_path, data: bytes, name="tekst.md"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data, applied",
    [
        (TEXT.encode("cp1252"), ["encoding.cp1252"]),
        (TEXT.replace("\n", "\r\n").encode("cp1252"), ["encoding.cp1252", "encoding.crlf"]),
        (TEXT.replace("–", "-").encode("latin-1").replace(b"\xe5", b"\xe5\x81", 1), ["encoding.latin-1", "text.control-chars"]),
        (codecs.BOM_UTF8 + TEXT.encode(), ["encoding.bom"]),
        (TEXT.replace("\n", "\r\n").encode(), ["encoding.crlf"]),
        (TEXT.replace("\n", "\r").encode(), ["encoding.crlf"]),
        (unicodedata.normalize("NFD", TEXT).encode(), ["encoding.nfd"]),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), ["encoding.utf-16"]),
        (TEXT.replace("Jeg bor", "Jeg\x0bbor").encode(), ["text.control-chars"]),
    ],
)
def test_fix_rewrites_as_clean_utf8_and_keeps_backup(tmp_path, data, applied):
    path = write(tmp_path, data)
    result = fix_file(path)
    assert result.changed and result.applied == applied
    assert result.backup == tmp_path / "tekst.md.bak"
    assert result.backup.read_bytes() == data  # the original, byte for byte
    new = path.read_bytes()
    text = new.decode("utf-8")  # strict: it is UTF-8 now
    assert not new.startswith(codecs.BOM_UTF8) and b"\r" not in new
    assert unicodedata.is_normalized("NFC", text)
    assert not hygiene.CONTROL_CHARS.search(text)
    assert [i for i in hygiene.decode(new).issues] == []
    assert "Jeg" in text and "Åsen" in text


def test_cp1252_fix_gives_exactly_the_intended_text(tmp_path):
    path = write(tmp_path, TEXT.encode("cp1252"))
    fix_file(path)
    assert path.read_text("utf-8") == TEXT


def test_word_line_and_page_breaks_become_newlines_and_nul_is_removed(tmp_path):
    path = write(tmp_path, b"---\ntitle: x\n---\nen\x0bto\x0ctre\x00\n")
    fix_file(path)
    assert path.read_bytes() == b"---\ntitle: x\n---\nen\nto\ntre\n"


def test_second_fix_makes_bak_1_and_never_overwrites(tmp_path):
    path = write(tmp_path, TEXT.encode("cp1252"))
    first = fix_file(path)
    original_backup = first.backup.read_bytes()
    path.write_bytes(TEXT.replace("\n", "\r\n").encode())  # the writer saves again from Windows
    second = fix_file(path)
    assert second.backup == tmp_path / "tekst.md.bak.1"
    assert first.backup.read_bytes() == original_backup
    path.write_bytes(codecs.BOM_UTF8 + TEXT.encode())
    assert fix_file(path).backup == tmp_path / "tekst.md.bak.2"


def test_backup_name_taken_by_a_symlink_is_skipped(tmp_path):
    target = write(tmp_path, b"do not touch", "elsewhere.txt")
    (tmp_path / "tekst.md.bak").symlink_to(target)
    path = write(tmp_path, TEXT.encode("cp1252"))
    assert fix_file(path).backup == tmp_path / "tekst.md.bak.1"
    assert target.read_bytes() == b"do not touch"


def test_dry_run_writes_nothing(tmp_path):
    data = TEXT.encode("cp1252")
    path = write(tmp_path, data)
    result = fix_file(path, dry_run=True)
    assert result.changed and result.applied == ["encoding.cp1252"] and result.backup is None
    assert path.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tekst.md"]


def test_clean_file_is_left_alone(tmp_path):
    path = write(tmp_path, TEXT.encode())
    before = path.stat().st_mtime_ns
    result = fix_file(path)
    assert (result.changed, result.backup, result.applied) == (False, None, [])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tekst.md"]
    assert path.stat().st_mtime_ns == before


def test_permissions_are_kept_and_no_temp_file_is_left(tmp_path):
    path = write(tmp_path, TEXT.encode("cp1252"))
    os.chmod(path, 0o640)
    fix_file(path)
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tekst.md", "tekst.md.bak"]


def test_words_are_not_changed_but_reported(tmp_path):
    data = "---\ntitle: x\n---\nJeg bor pÃ¥ Ã˜ya.\r\nkvalifiserings-\nprogrammet\n".encode()
    path = write(tmp_path, data)
    result = fix_file(path)
    assert result.applied == ["encoding.crlf"]
    assert "pÃ¥ Ã˜ya" in path.read_text("utf-8")
    assert [(i.code, i.line) for i in result.remaining] == [("text.mojibake", 4), ("text.hyphen-break", 5)]


def test_remaining_respects_genre_in_front_matter(tmp_path):
    path = write(tmp_path, "---\ntitle: x\ngenre: dikt\n---\nkvalifiserings-\nprogrammet\n".encode())
    assert fix_file(path).remaining == []


@pytest.mark.parametrize(
    "make, code",
    [
        (lambda d: (d / "lenke.md").symlink_to(write(d, TEXT.encode("cp1252"))) or d / "lenke.md", "fix.symlink"),
        (lambda d: (d / "mappe.md").mkdir() or d / "mappe.md", "fix.not-regular"),
        (lambda d: d / "finnes-ikke.md", "fix.unreadable"),
        (lambda d: write(d, b"PK\x03\x04 a docx"), "fix.not-text"),
        (lambda d: write(d, b"%PDF-1.7"), "fix.not-text"),
    ],
)
def test_refusals(tmp_path, make, code):
    path = make(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(FixError) as caught:
        fix_file(path)
    assert caught.value.code == code
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert "{" not in caught.value.message("nb") and "{" not in caught.value.message("en")


def test_symlink_target_is_not_changed(tmp_path):
    target = write(tmp_path, TEXT.encode("cp1252"))
    (tmp_path / "lenke.md").symlink_to(target)
    with pytest.raises(FixError):
        fix_file(tmp_path / "lenke.md")
    assert target.read_bytes() == TEXT.encode("cp1252")


def test_too_large_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(hygiene, "MAX_TEXT_BYTES", 100)
    path = write(tmp_path, TEXT.encode("cp1252") * 10)
    with pytest.raises(FixError) as caught:
        fix_file(path)
    assert caught.value.code == "fix.too-large"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tekst.md"]


def test_summary_lines(tmp_path):
    path = write(tmp_path, TEXT.encode("cp1252"))
    assert "ville blitt rettet" in fix.summary(fix_file(path, dry_run=True))
    done = fix.summary(fix_file(path), "en")
    assert "Windows-1252 → UTF-8" in done and "tekst.md.bak" in done
    assert "nothing to fix" in fix.summary(fix_file(path), "en")


def test_every_fix_message_has_nb_and_en():
    for code, (nb, en) in fix.MESSAGES.items():
        assert nb and en, code
    for code in fix.FIXABLE:
        assert f"fix.applied.{code}" in fix.MESSAGES
