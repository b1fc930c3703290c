"""A handed-in file -> the text's Markdown body: .docx (mammoth), .odt (odfpy), .txt in any encoding
(charset-normalizer). Paragraphs, line breaks and italics are kept; the rest (fonts, colours, images,
tables' grid, comments) is dropped, and the writer sees the result and corrects it before anything is saved.

The kind of file is read from its bytes, never from its name: a .docx and an .odt are zip archives with a
known part inside, a text file decodes as text. Anything else (a program renamed to .docx, a PDF, a photo)
is refused with a message that says what it is and what to do. The archive's unpacked size is checked
before a library opens it (a small zip can unpack to gigabytes).
"""

from __future__ import annotations

import html.parser
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from ..errors import HefteError

MAX_UPLOAD_BYTES = 10_000_000
"""One document; a long text in Word with a few pictures is well under this."""
MAX_UNPACKED_BYTES = 60_000_000
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

MESSAGES: dict[str, tuple[str, str]] = {
    "upload.empty": ("Fila er tom. Velg fila med teksten din og prøv igjen.",
                     "The file is empty. Choose the file with your text and try again."),
    "upload.too-large": (
        "Fila er for stor (grensen er {limit_mb} MB for en tekst). Lagre teksten uten bilder, eller lim den inn "
        "i skrivefeltet i stedet.",
        "The file is too large (the limit is {limit_mb} MB for a text). Save the text without pictures, or "
        "paste it into the writing field instead.",
    ),
    "upload.program": (
        "Dette er et program ({kind}), ikke en tekst. Vi tar bare imot Word (.docx), LibreOffice (.odt) og "
        "vanlig tekst (.txt).",
        "This is a program ({kind}), not a text. We only accept Word (.docx), LibreOffice (.odt) and plain "
        "text (.txt).",
    ),
    "upload.other-kind": (
        "Fila er {kind}, ikke en tekst vi kan lese. Lagre teksten som Word (.docx), LibreOffice (.odt) eller "
        "vanlig tekst (.txt), eller lim den inn i skrivefeltet.",
        "The file is {kind}, not a text we can read. Save the text as Word (.docx), LibreOffice (.odt) or "
        "plain text (.txt), or paste it into the writing field.",
    ),
    "upload.unknown": (
        "Vi kjenner ikke igjen denne fila som en tekst. Lagre teksten som Word (.docx), LibreOffice (.odt) eller "
        "vanlig tekst (.txt), eller lim den inn i skrivefeltet.",
        "We do not recognise this file as a text. Save the text as Word (.docx), LibreOffice (.odt) or plain "
        "text (.txt), or paste it into the writing field.",
    ),
    "upload.damaged": (
        "Fila ser ut som {kind}, men kan ikke leses (den kan være skadet). Åpne den i Word eller LibreOffice, "
        "lagre den på nytt og prøv igjen.",
        "The file looks like {kind} but cannot be read (it may be damaged). Open it in Word or LibreOffice, "
        "save it again and try again.",
    ),
    "upload.no-text": ("Fant ingen tekst i fila.", "No text was found in the file."),
}

_PROGRAMS = ((b"MZ", "Windows-program, .exe"), (b"\x7fELF", "Linux-program"), (b"\xcf\xfa\xed\xfe", "Mac-program"),
             (b"\xca\xfe\xba\xbe", "Mac- eller Java-program"), (b"#!", "skript"))
_OTHER = ((b"%PDF-", "en PDF"), (b"\xd0\xcf\x11\xe0", "et gammelt Word-dokument (.doc)"), (b"{\\rtf", "RTF"),
          (b"\x89PNG", "et bilde (PNG)"), (b"\xff\xd8\xff", "et bilde (JPEG)"), (b"GIF8", "et bilde (GIF)"),
          (b"Rar!", "et RAR-arkiv"), (b"\x1f\x8b", "et gzip-arkiv"), (b"7z\xbc\xaf", "et 7z-arkiv"))


class UploadError(HefteError):
    """A file that cannot be taken in; ``code`` is a key in MESSAGES."""


@dataclass
class Converted:
    kind: str
    """``docx``, ``odt`` or ``txt``: what the bytes turned out to be."""
    body: str
    """Markdown: blank line between paragraphs, a newline for a line break, ``*…*`` for italics."""
    title: str | None = None
    """The document's first heading, if it has one (it is taken out of the body)."""
    notes: list[str] = field(default_factory=list)
    """What was noticed on the way, e.g. the encoding of a text file."""


KINDS = {"docx": "et Word-dokument (.docx)", "odt": "et LibreOffice-dokument (.odt)", "txt": "en tekstfil"}


def describe(converted: Converted) -> str:
    """One line for the writer: what her file was read as."""
    what = KINDS[converted.kind]
    if converted.kind == "txt" and converted.notes:
        what += f" (tegnkoding {converted.notes[0].replace('_', '-')})"
    return f"Fila ble lest som {what}."


ESCAPED_NOTE = ("En skråstrek foran et tegn, som \\* eller \\-, betyr at tegnet skal stå slik du skrev det (ikke "
                "gjøre ord kursive eller lage en liste). La skråstreken stå.")


def explain(converted: Converted) -> list[str]:
    """What the writer is told above the form: what her file was read as, and what the backslashes mean."""
    notes = [describe(converted)]
    if _ESCAPE_SHOWN.search(converted.body):
        notes.append(ESCAPED_NOTE)
    return notes


# --- what kind of file ----------------------------------------------------------------------------------


def sniff(data: bytes) -> str:
    """``docx``, ``odt`` or ``txt`` from the content; UploadError for anything else."""
    if not data:
        raise UploadError("upload.empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError("upload.too-large", limit_mb=f"{MAX_UPLOAD_BYTES / 1e6:.0f}")
    for magic, kind in _PROGRAMS:
        if data.startswith(magic):
            raise UploadError("upload.program", kind=kind)
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    for magic, kind in _OTHER:
        if data.startswith(magic):
            raise UploadError("upload.other-kind", kind=kind)
    if _looks_like_text(data):
        return "txt"
    raise UploadError("upload.unknown")


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
                raise UploadError("upload.too-large", limit_mb=f"{MAX_UPLOAD_BYTES / 1e6:.0f}")
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return "docx"
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return "odt"
    except zipfile.BadZipFile:
        raise UploadError("upload.damaged", kind="et Word- eller LibreOffice-dokument") from None
    raise UploadError("upload.other-kind", kind="et zip-arkiv")


def _looks_like_text(data: bytes) -> bool:
    decoded = _decode_text(data)
    return decoded is not None and not re.search(r"[\x00-\x08\x0e-\x1f]", decoded[0])


# --- paragraphs with line breaks and italics --------------------------------------------------------------

# A paragraph is a list of pieces: (text, italic) or None for a line break.
Paragraph = list


def convert(data: bytes, genre: str = "prose") -> Converted:
    """Read an uploaded file into Markdown; ``genre`` ``poem`` reads one line per paragraph as a poem does."""
    kind = sniff(data)
    notes: list[str] = []
    try:
        if kind == "docx":
            title, paragraphs = _docx(data)
        elif kind == "odt":
            title, paragraphs = _odt(data)
        else:
            title, paragraphs, encoding = _txt(data)
            notes.append(encoding)
    except UploadError:
        raise
    except Exception as exc:  # the readers fail on damaged files in many ways; all mean "cannot be read"
        raise UploadError("upload.damaged", kind={"docx": "et Word-dokument", "odt": "et LibreOffice-dokument"}
                          .get(kind, "en tekstfil")) from exc
    body = to_markdown(paragraphs, genre)
    if not body.strip():
        raise UploadError("upload.no-text")
    return Converted(kind, body, title, notes)


def to_markdown(paragraphs: list[Paragraph | None], genre: str) -> str:
    """Paragraphs -> Markdown. ``None`` is an empty paragraph: in a poem it separates stanzas, and the lines
    between two of them (one paragraph each, as Word writes a poem typed with Enter) form one stanza."""
    blocks: list[str] = []
    poem_lines: list[str] = []
    grouped = genre == "poem" and any(p is None for p in paragraphs)
    for paragraph in paragraphs + [None]:
        if paragraph is None:
            if poem_lines:
                blocks.append("\n".join(poem_lines))
                poem_lines = []
            continue
        line = _inline(paragraph, genre)
        if not line.strip():
            continue
        if grouped:
            poem_lines.append(line)
        else:
            blocks.append(line)
    return "\n\n".join(blocks) + "\n" if blocks else ""


_ESCAPE = re.compile(r"([\\`*_\[\]])")
_ESCAPE_SHOWN = re.compile(r"\\[\\`*_\[\]#>+.)-]")
"""A backslash this module put before a character, so that it stays as written."""
_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+)([.)]?)(?=\s|$)", re.M)


def _inline(paragraph: Paragraph, genre: str) -> str:
    out: list[str] = []
    for piece in _merged(paragraph):
        if piece is None:
            out.append("\n")
            continue
        text, italic = piece
        text = _ESCAPE.sub(r"\\\1", text)
        if italic and text.strip():
            lead, core, trail = re.match(r"^(\s*)(.*?)(\s*)$", text, re.S).groups()
            text = f"{lead}*{core}*{trail}"  # emphasis markers must touch the words
        out.append(text)
    line = "".join(out)
    line = "\n".join(part.strip(" \t") if genre != "poem" else part.rstrip() for part in line.split("\n"))
    if genre != "list":  # a poem line starting with «- » or «1.» is words, not a list
        line = _LINE_START.sub(_escape_marker, line)
    return line


def _escape_marker(match: re.Match) -> str:
    indent, marker, dot = match.groups()
    if marker.isdigit():  # «1.» starts a numbered list; «1\.» is the words «1.»
        return f"{indent}{marker}\\{dot}" if dot else match[0]
    return f"{indent}\\{marker}"


def _merged(paragraph: Paragraph) -> list:
    merged: list = []
    for piece in paragraph:
        if piece is not None and merged and merged[-1] is not None and merged[-1][1] == piece[1]:
            merged[-1] = (merged[-1][0] + piece[0], piece[1])
        else:
            merged.append(piece)
    return merged


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text.replace("\u00a0", " "))


# --- .docx: mammoth gives clean HTML (p, br, em, headings); we read that -----------------------------------


class _HtmlParagraphs(html.parser.HTMLParser):
    """mammoth's HTML -> paragraphs; headings become the title (the first) or plain paragraphs."""

    BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[Paragraph | None] = []
        self.title: str | None = None
        self.current: Paragraph | None = None
        self.italic = 0
        self.heading = False
        self.list_item = False

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.current = [("- ", False)] if tag == "li" else []
            self.heading = tag.startswith("h") and tag != "th"
        elif tag == "br" and self.current is not None:
            self.current.append(None)
        elif tag in ("em", "i"):
            self.italic += 1

    def handle_endtag(self, tag):
        if tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag in self.BLOCKS and self.current is not None:
            words = "".join(p[0] for p in self.current if p is not None).strip()
            if self.heading and self.title is None and not any(self.paragraphs):
                self.title = words or None
            else:
                self.paragraphs.append(self.current if words else None)
            self.current = None

    def handle_data(self, data):
        if self.current is not None:
            self.current.append((_clean(data), self.italic > 0))


def _docx(data: bytes) -> tuple[str | None, list]:
    import mammoth

    result = mammoth.convert_to_html(io.BytesIO(data), ignore_empty_paragraphs=False,
                                     convert_image=mammoth.images.img_element(lambda image: {}))
    parser = _HtmlParagraphs()
    parser.feed(result.value)
    return parser.title, parser.paragraphs


# --- .odt: odfpy reads the document; italics come from the styles --------------------------------------------


def _odt(data: bytes) -> tuple[str | None, list]:
    from odf import opendocument, text as odf_text

    doc = opendocument.load(io.BytesIO(data))
    styles = _odt_styles(doc)
    title: str | None = None
    paragraphs: list[Paragraph | None] = []
    for element in _odt_blocks(doc.text):
        pieces: Paragraph = []
        _odt_inline(element, styles, _odt_italic(element, styles), pieces)
        words = "".join(p[0] for p in pieces if p is not None).strip()
        if element.qname == (odf_text.TEXTNS, "h") and title is None and not any(paragraphs):
            title = words or None
            continue
        paragraphs.append(pieces if words else None)
    return title, paragraphs


def _odt_styles(doc) -> dict[str, tuple[bool | None, str | None]]:
    """Style name -> (italic or None if not said, parent style), from both style sections."""
    from odf.namespaces import FONS, STYLENS

    found: dict[str, tuple[bool | None, str | None]] = {}
    for section in (doc.styles, doc.automaticstyles):
        for style in section.childNodes:
            if getattr(style, "qname", None) != (STYLENS, "style"):
                continue
            italic = None
            for child in style.childNodes:
                if getattr(child, "qname", None) == (STYLENS, "text-properties"):
                    value = child.attributes.get((FONS, "font-style"))
                    if value is not None:
                        italic = value in ("italic", "oblique")
            found[style.attributes.get((STYLENS, "name"))] = (italic, style.attributes.get((STYLENS, "parent-style-name")))
    return found


def _odt_italic(element, styles, inherited: bool = False) -> bool:
    from odf.namespaces import TEXTNS

    name = element.attributes.get((TEXTNS, "style-name")) if hasattr(element, "attributes") else None
    seen = set()
    while name and name not in seen:
        seen.add(name)
        italic, parent = styles.get(name, (None, None))
        if italic is not None:
            return italic
        name = parent
    return inherited


def _odt_blocks(node):
    from odf.namespaces import TEXTNS

    for child in node.childNodes:
        qname = getattr(child, "qname", None)
        if qname in ((TEXTNS, "p"), (TEXTNS, "h")):
            yield child
        elif qname == (TEXTNS, "tracked-changes"):
            continue  # the words deleted while changes were recorded: deleted is deleted
        elif qname is not None:
            yield from _odt_blocks(child)  # lists, sections, tables: their paragraphs, in order


def _odt_inline(node, styles, italic: bool, pieces: Paragraph) -> None:
    from odf.namespaces import TEXTNS

    for child in node.childNodes:
        qname = getattr(child, "qname", None)
        if child.nodeType == child.TEXT_NODE:
            pieces.append((_clean(str(child)), italic))
        elif qname == (TEXTNS, "line-break"):
            pieces.append(None)
        elif qname == (TEXTNS, "s"):
            pieces.append((" " * int(child.attributes.get((TEXTNS, "c"), 1)), italic))
        elif qname == (TEXTNS, "tab"):
            pieces.append((" ", italic))
        elif qname in ((TEXTNS, "note"), (TEXTNS, "annotation")):
            continue  # footnotes and comments are not the text
        elif qname is not None:
            _odt_inline(child, styles, _odt_italic(child, styles, italic), pieces)


# --- .txt: any encoding ------------------------------------------------------------------------------------


# Texts here come from Norwegian machines: UTF-8/16/32, Windows and ISO Western European, old Mac and DOS Nordic.
# Left to choose among every code page, charset-normalizer read a short cp1252 text with «på» as Polish
# cp1250 («pĺ»); within these it chooses right, and the writer sees the result before anything is saved.
WESTERN = ["utf_8", "utf_16", "utf_32", "cp1252", "iso8859_15", "latin_1", "mac_roman", "cp865", "cp850"]


def _decode_text(data: bytes) -> tuple[str, str] | None:
    try:
        return data.decode("utf-8-sig"), "utf_8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=WESTERN).best()
    return (str(best), best.encoding) if best is not None else None


def _txt(data: bytes) -> tuple[None, list, str]:
    decoded = _decode_text(data)
    if decoded is None:
        raise UploadError("upload.unknown")
    raw, encoding = decoded
    text = _clean(raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    paragraphs: list[Paragraph | None] = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = block.strip("\n").split("\n")
        if not block.strip():
            continue
        pieces: Paragraph = []
        for number, line in enumerate(lines):
            if number:
                pieces.append(None)
            pieces.append((line, False))
        paragraphs.append(pieces)
    return None, paragraphs, encoding
