"""Uploads: the kind is read from the bytes; paragraphs, line breaks and italics survive; nothing else does."""

from __future__ import annotations

import io
import zipfile

import markdown
import pytest

import studio_fixtures as fx
from hefte.render.text import sanitise
from hefte.studio import uploads


def html_of(body: str, genre: str) -> str:
    return sanitise(markdown.markdown(body, extensions=["nl2br"] if genre == "poem" else []))


def test_word_poem_keeps_stanzas_line_breaks_italics_and_æøå():
    converted = uploads.convert(fx.docx_poem(), "poem")
    assert converted.kind == "docx" and converted.title == fx.POEM_TITLE
    assert converted.body == ("Snøen faller stille\nover tak og trær og små hus\n\n"
                              "jeg går *alene* hjem\nmot lyset i vinduet\n")
    rendered = html_of(converted.body, "poem")
    assert "<p>Snøen faller stille<br>\nover tak og trær og små hus</p>" in rendered
    assert "jeg går <em>alene</em> hjem" in rendered


def test_word_prose_keeps_one_paragraph_per_paragraph():
    converted = uploads.convert(fx.docx_poem(), "prose")
    assert converted.body.count("\n\n") == 3  # four paragraphs; the empty one is dropped


def test_libreoffice_text_keeps_italics_and_line_breaks():
    converted = uploads.convert(fx.odt_prose(), "prose")
    assert converted.kind == "odt" and converted.title == fx.PROSE_TITLE
    assert "Det er *min* tid." in converted.body
    assert "Kaffen er svart og sterk,\nog måkene skriker over bryggene i Ålesund." in converted.body
    assert "<em>min</em>" in html_of(converted.body, "prose")


def test_text_file_in_windows_encoding_is_read_right():
    converted = uploads.convert(fx.windows_text(), "prose")
    assert converted.kind == "txt" and converted.notes == ["cp1252"]
    assert converted.body == "Høstdag\n\nBladene på bakken er gule og røde.\nJeg går sakte.\n"
    assert "tegnkoding cp1252" in uploads.describe(converted)


def test_utf16_from_notepad_is_read_right():
    converted = uploads.convert("Æ, ø og å – «sitat»\r\n".encode("utf-16"), "prose")
    assert converted.body == "Æ, ø og å – «sitat»\n"


def test_words_that_look_like_markdown_stay_words():
    converted = uploads.convert("- ikke en liste\n1. heller ikke\n# ingen overskrift\n*stjerne*".encode(), "poem")
    rendered = html_of(converted.body, "poem")
    assert "<li>" not in rendered and "<h1>" not in rendered and "<em>" not in rendered
    assert "- ikke en liste" in rendered and "1. heller ikke" in rendered and "*stjerne*" in rendered


@pytest.mark.parametrize("data, code, said", ids=["program", "pdf", "binary", "empty", "broken-zip"], argvalues=[
    (fx.program(), "upload.program", "Dette er et program (Windows-program, .exe), ikke en tekst."),
    (b"%PDF-1.7\n...", "upload.other-kind", "Fila er en PDF, ikke en tekst vi kan lese."),
    (bytes(range(256)) * 4, "upload.unknown", "Vi kjenner ikke igjen denne fila som en tekst."),
    (b"", "upload.empty", "Fila er tom."),
    (b"PK\x03\x04 broken", "upload.damaged", "kan ikke leses (den kan være skadet)"),
])
def test_other_files_are_refused_by_their_content_with_a_clear_message(data, code, said):
    with pytest.raises(uploads.UploadError) as caught:
        uploads.convert(data)
    assert caught.value.code == code
    assert said in caught.value.message("nb")


def test_a_zip_that_is_not_a_document_and_a_zip_bomb_are_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UNPACKED_BYTES", 2_000_000)  # the same rule, a smaller bomb
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("notater.txt", "hei")
    with pytest.raises(uploads.UploadError) as caught:
        uploads.convert(plain.getvalue())
    assert caught.value.code == "upload.other-kind"
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("word/document.xml", b"\0" * (uploads.MAX_UNPACKED_BYTES + 1))
    assert len(bomb.getvalue()) < 10_000
    with pytest.raises(uploads.UploadError) as caught:
        uploads.convert(bomb.getvalue())
    assert caught.value.code == "upload.too-large"


def test_too_large_a_file_is_refused_before_it_is_read():
    with pytest.raises(uploads.UploadError) as caught:
        uploads.convert(b"a" * (uploads.MAX_UPLOAD_BYTES + 1))
    assert "Fila er for stor (grensen er 10 MB for en tekst)" in caught.value.message("nb")


def test_words_deleted_with_track_changes_do_not_come_back():
    """LibreOffice keeps the words deleted while «Registrer endringer» is on inside the file. Deleted is deleted:
    the name she took out must not stand in her text again. (Word's deletions were already left out.)"""
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    document.text.addElement(P(text="PLASS"))
    buffer = io.BytesIO()
    document.write(buffer)
    tracked = ('<text:tracked-changes xmlns:dc="http://purl.org/dc/elements/1.1/"><text:changed-region text:id="ct1" xml:id="ct1"><text:deletion>'
               '<office:change-info><dc:creator>Kari</dc:creator><dc:date>2026-01-01T00:00:00</dc:date>'
               '</office:change-info><text:p>Saksbehandleren heter Torleif Bakkehaug-Ness.</text:p></text:deletion>'
               '</text:changed-region></text:tracked-changes>')
    source, out = zipfile.ZipFile(io.BytesIO(buffer.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "content.xml":
                text = data.decode("utf-8")
                text = text.replace("<text:p>PLASS</text:p>",
                                    tracked + '<text:p>Jeg ringte i dag.<text:change text:change-id="ct1"/></text:p>')
                assert tracked in text
                data = text.encode("utf-8")
            target.writestr(item, data)
    converted = uploads.convert(out.getvalue(), "prose")
    assert converted.body == "Jeg ringte i dag.\n"
