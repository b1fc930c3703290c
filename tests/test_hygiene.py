"""hygiene.decode / find_damage / find_issues: fixture bytes are built here, not read from files."""

from __future__ import annotations

import codecs
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hefte.intake import damage, hygiene
from hefte import messages
from hefte.intake.damage import find_damage, repair_word
from hefte.intake.hygiene import decode, find_issues


def codes(issues):
    return [i.code for i in issues]


def only(issues, code):
    found = [i for i in issues if i.code == code]
    assert len(found) == 1, issues
    return found[0]


# --- decode -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "data, encoding, expected_codes",
    [
        ("Jeg bor på Åsen\n".encode("utf-8"), "utf-8", []),
        (codecs.BOM_UTF8 + "Jeg bor på Åsen\n".encode("utf-8"), "utf-8-sig", ["encoding.bom"]),
        ("Jeg bor på Åsen\n".encode("cp1252"), "cp1252", ["encoding.cp1252"]),
        ("«Jeg» – bor på Åsen\n".encode("cp1252"), "cp1252", ["encoding.cp1252"]),
        # 0x81 is undefined in cp1252: only latin-1 can decode it (and it is reported as a control char)
        (b"Jeg bor p\xe5 \x81sen\n", "latin-1", ["encoding.latin-1", "text.control-chars"]),
        (codecs.BOM_UTF16_LE + "Jeg bor på Åsen\n".encode("utf-16-le"), "utf-16", ["encoding.utf-16"]),
        (codecs.BOM_UTF16_BE + "Jeg bor på Åsen\n".encode("utf-16-be"), "utf-16", ["encoding.utf-16"]),
        ("a\r\nb\r\n".encode(), "utf-8", ["encoding.crlf"]),
        ("Jeg bor pa\u030a Åsen".encode(), "utf-8", ["encoding.nfd"]),
    ],
)
def test_decode_encodings(data, encoding, expected_codes):
    decoded = decode(data)
    assert decoded.encoding == encoding
    assert codes(decoded.issues) == expected_codes
    assert "\r" not in decoded.text and "\ufeff" not in decoded.text


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_8bit_is_error_with_line_of_first_non_utf8_byte(encoding):
    text = "---\ntitle: Hei\n---\nFørste linje med ø\n"
    data = text.encode(encoding) if encoding == "cp1252" else text.encode("latin-1") + b"\x81"
    issue = only(decode(data).issues, f"encoding.{encoding}")
    assert issue.severity == "error"
    assert issue.line == 4
    assert issue.params["found"] == "Første"


def test_8bit_line_counts_crlf_and_cr_as_the_loader_does():
    assert only(decode("a\r\nb\r\nø".encode("cp1252")).issues, "encoding.cp1252").line == 3
    assert only(decode("a\rb\rø".encode("cp1252")).issues, "encoding.cp1252").line == 3


def test_cp1252_text_is_decoded_to_the_right_characters():
    decoded = decode("«Blåbær» – “sa” han…\r\n".encode("cp1252"))
    assert decoded.text == "«Blåbær» – “sa” han…\n"


def test_utf8_then_cp1252_in_one_file_is_reported_at_the_first_bad_byte():
    data = "linje én\nlinje to\n".encode("utf-8") + "på tre\n".encode("cp1252")
    decoded = decode(data)
    assert decoded.encoding == "mixed" and decoded.text == "linje én\nlinje to\npå tre\n"  # é stays é
    assert only(decoded.issues, "encoding.mixed").line == 3


def test_bom_crlf_nfd_are_warnings_and_text_is_normalised():
    data = codecs.BOM_UTF8 + "---\r\ntitle: x\r\n---\r\nJeg ga\u030ar\r\n".encode()
    decoded = decode(data)
    assert all(i.severity == "warning" for i in decoded.issues)
    assert decoded.text == "---\ntitle: x\n---\nJeg går\n"
    assert only(decoded.issues, "encoding.bom").line == 1
    assert only(decoded.issues, "encoding.crlf").params["kind"] == "CRLF"
    assert only(decoded.issues, "encoding.nfd").line == 4


def test_crlf_first_line_and_old_mac_cr():
    assert only(decode(b"a\nb\nc\r\n").issues, "encoding.crlf").line == 3
    decoded = decode(b"a\rb\r")
    assert decoded.text == "a\nb\n"
    assert only(decoded.issues, "encoding.crlf").params["kind"] == "CR"


@pytest.mark.parametrize(
    "data, line, char",
    [
        (b"hei\x00du", 1, "U+0000"),
        (b"en\nto\x0bmed Word-linjeskift", 2, "U+000B"),
        (b"en\nto\ntre\x0c", 3, "U+000C"),
        (b"a\x7f", 1, "U+007F"),
        ("a\nb\u0085".encode(), 2, "U+0085"),
    ],
)
def test_control_chars_are_errors_with_line(data, line, char):
    issue = only(decode(data).issues, "text.control-chars")
    assert (issue.severity, issue.line, issue.params["char"]) == ("error", line, char)


def test_tab_and_newline_are_not_control_chars():
    assert decode(b"a\tb\nc\n").issues == []


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04rest-of-docx", b"%PDF-1.7\n...", b"\xd0\xcf\x11\xe0\xa1\xb1", b"{\\rtf1\\ansi hei}",
     "Hei på deg".encode("utf-16-le")],
)
def test_not_text_is_undecodable(data):
    decoded = decode(data)
    assert decoded.text == "" and decoded.encoding == ""
    assert only(decoded.issues, "encoding.undecodable").severity == "error"


def test_size_limit_without_decoding(monkeypatch):
    monkeypatch.setattr(hygiene, "MAX_TEXT_BYTES", 10)
    decoded = decode(b"\xff" * 11)  # would be cp1252/latin-1 trouble if it were decoded at all
    assert codes(decoded.issues) == ["size.too-large"]
    assert decoded.issues[0].severity == "error" and decoded.text == ""
    assert decode(b"a" * 10).issues == []


@settings(max_examples=300)
@given(st.binary(max_size=2000))
def test_decode_never_raises(data):
    decoded = decode(data)
    assert isinstance(decoded.text, str)
    assert "\r" not in decoded.text


@settings(max_examples=200)
@given(st.text(max_size=500))
def test_find_damage_never_raises(text):
    find_damage(text)


@settings(max_examples=200)
@given(st.text(max_size=300))
def test_utf8_text_roundtrips(text):
    decoded = decode(text.encode("utf-8"))
    ordinary = decoded.encoding == "utf-8"  # not e.g. a string that happens to start with "%PDF-"
    if ordinary and not text.startswith("\ufeff") and "\r" not in text and "\x00" not in text:
        assert decoded.text == unicodedata.normalize("NFC", text)


# --- mojibake ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "damaged, repaired",
    [
        # UTF-8 read as cp1252 (the common one: web forms, e-mail)
        ("blÃ¥bÃ¦r", "blåbær"), ("Ã˜ya", "Øya"), ("Ã…sen", "Åsen"), ("Ã†rlig", "Ærlig"),
        ("â€“", "–"), ("Â«Hei", "«Hei"), ("hei!Â»", "hei!»"), ("â€", "”"),
        ("Ã\x98ya", "Øya"),  # the same read as latin-1: C1 control instead of ˜
        ("ÃƒÂ¸l", "øl"),  # read wrongly twice
        # UTF-8 read on a Mac, and in a DOS window
        ("s√∏ster", "søster"), ("s├╕ster", "søster"), ("s├©ster", "søster"),
        # DOS (cp865) bytes read on Windows
        ("s›ster", "søster"), ("g†", "gå"), ("bl†b‘r", "blåbær"), ("bl\x86b\x91r", "blåbær"),
        # old Mac bytes read on Windows
        ("s¿ster", "søster"), ("gŒ", "gå"), ("p¾re", "pære"),
        # Windows bytes shown in a DOS window
        ("s°ster", "søster"), ("pÕ", "på"), ("µrlig", "ærlig"),
        # old Mac bytes shown in a DOS window
        ("s┐ster", "søster"),
    ],
)
def test_repair_word(damaged, repaired):
    assert repair_word(damaged) == repaired


@pytest.mark.parametrize(
    "word", ["Müller", "«Hei»", "20°", "°C", "Word®", "Être", "†", "kafé", "Straße", "PÅ»", "København",
             "søster", "naïve", "Łódź", "Привет", "مرحبا"],
)
def test_repair_word_leaves_normal_words_alone(word):
    assert repair_word(word) is None


def test_mojibake_warning_has_file_line_and_suggestion():
    body = "Hei.\nJeg bor pÃ¥ Ã˜ya.\nSlutt."
    issue = only(find_damage(body, body_start_line=5), "text.mojibake")
    assert issue.severity == "warning"
    assert issue.line == 6
    assert issue.params == {"found": "pÃ¥", "suggestion": "på", "count": 2}


def test_mojibake_reports_are_capped():
    body = "\n".join("pÃ¥" for _ in range(100))
    assert len(find_damage(body)) == hygiene.MAX_REPORTS


# --- OCR / lost æøå ----------------------------------------------------------------------------------

LONG_WITHOUT = " ".join(["Jeg var pa jobb og det var ikke lett, men vi har det bra med han som er her."] * 12)


def test_long_text_without_aeoeaa_warns():
    issue = only(find_damage(LONG_WITHOUT), "text.no-aeoeaa")
    assert issue.params["words"] > 150


def test_same_text_with_aeoeaa_does_not_warn():
    with_letters = LONG_WITHOUT.replace(" pa ", " på ")
    assert "text.no-aeoeaa" not in codes(find_damage(with_letters))
    assert "text.ocr" not in codes(find_damage(with_letters))


def test_short_text_and_english_text_do_not_get_no_aeoeaa():
    assert "text.no-aeoeaa" not in codes(find_damage("Jeg var pa jobb."))
    english = " ".join(["The weather was fine and we walked to the sea in the morning."] * 20)
    assert "text.no-aeoeaa" not in codes(find_damage(english))
    assert find_damage(LONG_WITHOUT, lang="en") == []


def test_ocr_words_one_warning_with_first_line_and_count():
    body = "Det var fint.\nPa vei hjem matte jeg ogsa handle.\nSa gikk jeg pa kino.\nHan ga meg en bok."
    issue = only(find_damage(body, body_start_line=4), "text.ocr")
    assert issue.line == 5
    assert issue.params == {"found": "Pa", "suggestion": "På", "count": 3}


@pytest.mark.parametrize("text", ["Han ga meg en bok.", "Vi skal bade i sjøen.", "Matte er gøy.", "PA-anlegget",
                                  "Takk for maten."])
def test_ambiguous_words_are_not_ocr(text):
    assert "text.ocr" not in codes(find_damage(text))


# --- hyphen breaks -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "body, genre, suggestion",
    [
        ("Jeg gikk på kvalifiserings-\nprogrammet i fjor.", "prose", "kvalifiseringsprogrammet"),
        ("Jeg gikk på NAV-\nkontoret.", "prose", "NAV-kontoret"),
        ("Jeg gikk på kvalifiserings-\nprogrammet i fjor.", "poem", None),
        ("Vi driver barne-\nog ungdomsarbeid.", "prose", None),
        ("Vi driver barne-\neller ungdomsarbeid.", "prose", None),
        ("Vi driver barne-\nUngdom.", "prose", None),
        ("Et tall 10-\n12 år.", "prose", None),
        ("En tankestrek -\nog så videre.", "prose", None),
    ],
)
def test_hyphen_break(body, genre, suggestion):
    found = [i for i in find_damage(body, genre=genre, body_start_line=7) if i.code == "text.hyphen-break"]
    if suggestion is None:
        assert found == []
    else:
        assert [(i.line, i.params["suggestion"]) for i in found] == [(7, suggestion)]


# --- list trap ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "body, line",
    [
        ("1. oktober var dagen.", 3),
        ("Innledning.\n\n17. mai gikk vi i tog.", 5),
        ("# Overskrift\n1. Januar kom.", 4),
        ("Innledning.\n1. oktober var dagen.", None),  # inside a paragraph: Markdown keeps it as text
        ("1. Jeg gikk.", None),
        ("Den 1. oktober var dagen.", None),
        ("1\\. oktober var dagen.", None),
    ],
)
def test_list_trap(body, line):
    found = [i for i in find_damage(body, body_start_line=3) if i.code == "text.list-trap"]
    assert [i.line for i in found] == ([line] if line else [])
    if line:
        assert found[0].params["suggestion"].startswith(found[0].params["found"].split(".")[0] + "\\.")


# --- find_issues ------------------------------------------------------------------------------------

def test_find_issues_skips_front_matter_but_keeps_file_lines():
    text = "---\ntitle: pÃ¥ tur\ngenre: prose\n---\nJeg gikk pÃ¥ tur.\n"
    decoded, issues = find_issues(text.encode())
    assert decoded.encoding == "utf-8"
    assert [(i.code, i.line) for i in issues] == [("text.mojibake", 5)]


def test_find_issues_puts_decode_issues_first_and_uses_genre():
    text = "---\ntitle: x\n---\nkvalifiserings-\nprogrammet\n"
    _, issues = find_issues(text.encode("utf-8").replace(b"\n", b"\r\n"))
    assert codes(issues) == ["encoding.crlf", "text.hyphen-break"]
    assert only(issues, "text.hyphen-break").line == 4
    _, issues = find_issues(text.encode(), genre="poem")
    assert issues == []


def test_find_issues_on_not_text_stops_early():
    decoded, issues = find_issues(b"%PDF-1.4 ...")
    assert codes(issues) == ["encoding.undecodable"]


# --- messages -----------------------------------------------------------------------------------------

ALL_CODES = ["encoding.cp1252", "encoding.latin-1", "encoding.utf-16", "encoding.bom", "encoding.crlf",
             "encoding.nfd", "encoding.undecodable", "size.too-large", "text.control-chars", "text.mojibake",
             "text.ocr", "text.no-aeoeaa", "text.hyphen-break", "text.list-trap"]


@pytest.mark.parametrize("code", ALL_CODES)
def test_every_code_has_nb_and_en_message(code):
    nb, en = {**hygiene.MESSAGES, **damage.MESSAGES}[code]
    assert nb and en and nb != en


def test_messages_render_with_the_params_issues_carry():
    issue = only(decode("på".encode("cp1252")).issues, "encoding.cp1252")
    text = messages.render(issue.code, "nb", **issue.params, file="tekst.md")
    assert "«på»" in text and "hefte fix tekst.md" in text and "{" not in text
    issue = only(find_damage("pÃ¥"), "text.mojibake")
    assert "«på»" in messages.render(issue.code, "en", **issue.params)
