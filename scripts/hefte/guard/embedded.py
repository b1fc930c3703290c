"""Text that binary parts of an output carry, where a reader may see it: the names in a font (a font menu, a PDF
viewer's list of fonts), the description of an ICC colour profile (a colour picker, an image viewer's
properties), and what a PDF content stream holds beside the text it draws (comments, marked-content
properties such as /ActualText, which a screen reader reads out, names, stray words).

Used by readback.py, which decides which bytes are which; each reader here takes bytes and returns text, and
raises ValueError for bytes that are not what they were taken for (fail closed: readback reports the file).
"""

from __future__ import annotations

import io
import re
import struct
import zlib

# --- fonts ----------------------------------------------------------------------------------------------------


def font_names(data: bytes, kind: str = "sfnt") -> list[str]:
    """The strings of a font's name table (TrueType, OpenType, WOFF, WOFF2) or, ``kind`` "cff", of a bare CFF
    font's top dictionaries (a PDF's /FontFile3): family, full name, copyright, designer … as a font menu shows
    them. ``kind`` "type1": the clear-text part of a Type 1 program, whose /FullName and /Notice are text."""
    if kind == "type1":
        return [data.split(b"eexec", 1)[0].decode("latin-1")]
    if kind == "cff":
        from fontTools.cffLib import CFFFontSet

        fonts = CFFFontSet()
        fonts.decompile(io.BytesIO(data), None)
        found = list(fonts.fontNames)
        for name in fonts.fontNames:
            top = fonts[name]
            found += [str(getattr(top, key)) for key in ("FullName", "FamilyName", "Weight", "Notice", "Copyright")
                      if getattr(top, key, None)]
        return found
    try:
        if data[:4] in (b"\0\1\0\0", b"OTTO", b"true"):
            return _sfnt_names(data)
        if data[:4] in (b"wOFF", b"wOF2"):
            return _woff_names(data)
    except (struct.error, IndexError, zlib.error) as exc:
        raise ValueError(f"a damaged font ({type(exc).__name__}: {exc})") from None
    raise ValueError("a font of a kind hefte does not read (a font collection, or not a font)")


def _sfnt_names(data: bytes) -> list[str]:
    """The name table of a TrueType or OpenType font, read straight from its table directory: fontTools took a
    millisecond for each of the subsets a PDF of 50 texts embeds, and as long again to be imported."""
    tables = struct.unpack(">H", data[4:6])[0]
    for k in range(tables):
        tag, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * k: 28 + 16 * k])
        if tag == b"name":
            return _name_table(data[offset: offset + length])
    return []


def _name_table(table: bytes) -> list[str]:
    count, strings = struct.unpack(">HH", table[2:6])
    found = {}
    for k in range(count):
        platform, _, _, _, length, at = struct.unpack(">6H", table[6 + 12 * k: 18 + 12 * k])
        raw = table[strings + at: strings + at + length]
        found[raw.decode("mac-roman") if platform == 1 else raw.decode("utf-16-be", "replace")] = None
    return list(found)


def _woff_names(data: bytes) -> list[str]:
    """A web font's name table and its metadata (XML a font viewer shows: <credit name="…">, <licensee>); a
    private data block (bytes of the maker's own) fails closed. WOFF packs each table with zlib; WOFF2 all of
    them in one Brotli stream, in the order of its directory (W3C WOFF2, 5)."""
    woff2 = data[:4] == b"wOF2"
    tables = struct.unpack(">H", data[12:14])[0]
    meta, meta_length, _, _, private = struct.unpack(">5I", data[24 + 4 * woff2: 44 + 4 * woff2])
    if private:
        raise ValueError("a web font with a private data block, which hefte's fonts never have")
    unpack = _brotli if woff2 else zlib.decompress
    found = [unpack(data[meta: meta + meta_length]).decode("utf-8")] if meta_length else []
    if not woff2:
        for k in range(tables):
            tag, offset, packed, length, _ = struct.unpack(">4s4I", data[44 + 20 * k: 64 + 20 * k])
            if tag == b"name":
                table = data[offset: offset + packed]
                return found + _name_table(zlib.decompress(table) if packed < length else table)
        return found
    at, start, name = 48, 0, None
    for _ in range(tables):
        flags = data[at]
        at += 1
        tag = _WOFF2_TAGS.get(flags & 63) if flags & 63 != 63 else data[at: at + 4]
        at += 4 if flags & 63 == 63 else 0
        length, at = _base128(data, at)
        transformed = (flags >> 6 == 0) if tag in (b"glyf", b"loca") else (flags >> 6 != 0)
        if transformed:
            length, at = _base128(data, at)
        if tag == b"name":
            name = (start, length)
        start += length
    if name is None:
        return found
    stream = _brotli(data[at: at + struct.unpack(">I", data[20:24])[0]])
    return found + _name_table(stream[name[0]: name[0] + name[1]])


_WOFF2_TAGS = {1: b"head", 3: b"hmtx", 5: b"name", 10: b"glyf", 11: b"loca"}
"""The known tags of WOFF2's directory that matter here: the name table, and those whose transform differs."""


def _base128(data: bytes, at: int) -> tuple[int, int]:
    value = 0
    for k in range(5):
        byte = data[at + k]
        value = value << 7 | byte & 0x7F
        if not byte & 0x80:
            return value, at + k + 1
    raise ValueError("a damaged WOFF2 directory")


def _brotli(packed: bytes) -> bytes:
    import brotli  # WeasyPrint's (fontTools[woff]) dependency

    return brotli.decompress(packed)


# --- ICC profiles ---------------------------------------------------------------------------------------------


def icc_texts(data: bytes) -> list[str]:
    """Every text tag of an ICC profile (its description, copyright, device maker and model …), whatever its
    signature: types 'desc' (ICC v2), 'mluc' (v4) and 'text'."""
    if len(data) < 132 or data[36:40] != b"acsp":
        raise ValueError("not an ICC profile")
    try:
        count = struct.unpack(">I", data[128:132])[0]
        if 132 + 12 * count > len(data):
            raise ValueError("an ICC profile's tag table runs past its end")
        found = []
        for k in range(count):
            _, offset, size = struct.unpack(">4sII", data[132 + 12 * k: 144 + 12 * k])
            found += _icc_tag(data[offset: offset + size])
        return found
    except struct.error as exc:
        raise ValueError(f"a damaged ICC profile ({exc})") from None


def _icc_tag(body: bytes) -> list[str]:
    kind = body[:4]
    if kind == b"text":
        return [body[8:].split(b"\0", 1)[0].decode("latin-1")]
    if kind == b"desc":  # ASCII (count, text), then Unicode (language, count in characters, UTF-16BE)
        ascii_count = struct.unpack(">I", body[8:12])[0]
        found = [body[12: 12 + ascii_count].split(b"\0", 1)[0].decode("latin-1")]
        at = 12 + ascii_count
        if len(body) >= at + 8:
            chars = struct.unpack(">I", body[at + 4: at + 8])[0]
            found.append(body[at + 8: at + 8 + 2 * chars].decode("utf-16-be", "replace"))
        return found
    if kind == b"mluc":  # records of (language, country, length, offset), offsets from the tag's start
        records, size = struct.unpack(">II", body[8:16])
        found = []
        for k in range(records):
            length, offset = struct.unpack(">II", body[16 + k * size + 4: 16 + k * size + 12])
            found.append(body[offset: offset + length].decode("utf-16-be", "replace"))
        return found
    return []  # numbers: curves, matrices, colours


# --- PDF content streams --------------------------------------------------------------------------------------

_DELIMITERS = rb"\s()<>\[\]{}/%"
_OPERATORS = (b"b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g gs h i ID j J K k l m "
              b"M MP n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ TL Tm Tr Ts Tw Tz v w W W* y ' \" "
              b"true false null R obj endobj stream endstream xref trailer startxref").split()  # the last: a file's
_LITERAL = rb"\((?:\\.|[^()\\]|\((?:\\.|[^()\\])*\))*\)"  # a literal string, one level of parentheses inside
_SKIPPED = (rb"\[[^\[\]()]*\]\s*TJ|<[0-9A-Fa-f\s]*>\s*Tj|[-+]?(?:\d+\.?\d*|\.\d+)(?![^%(d)s])|\s+|<<|>>|\[|\]"
            rb"|(?:%(ops)s)(?![^%(d)s])|/[^%(d)s]*")  # what pdfium reads (drawn text), numbers, operators, names
_TOKENS_OF = (rb"|(%%[^\r\n]*)"  # 1 a comment
              rb"|(%(literal)s)"  # 2 a literal string
              rb"|<([0-9A-Fa-f\s]*)>"  # 3 a hex string not drawn: in a property list (/ActualText), or an operand
              rb"|([^%(d)s]+)"  # 4 any other word
              rb"|(.)")
_PARTS = {b"d": _DELIMITERS, b"literal": _LITERAL,
          b"ops": b"|".join(re.escape(op) for op in sorted(_OPERATORS, key=len, reverse=True))}
_TOKENS = re.compile(rb"(?:%s)+" % (_SKIPPED % _PARTS) + _TOKENS_OF % _PARTS, re.DOTALL)
_DRAWN = re.compile(rb"\[[^\[\]()]*\]\s*TJ|<[0-9A-Fa-f\s]*>\s*Tj")
"""Text drawn (pdfium reads it), written as hefte's fonts write it: hex strings and numbers in TJ arrays."""
_NUMBERS = b"0123456789.+-"
_PLAIN = {*_OPERATORS, b"<<", b">>", b"[", b"]", b""} | {op.translate(None, _NUMBERS) for op in _OPERATORS}
_STRINGS = re.compile(rb"%s|<[0-9A-Fa-f\s]*>" % _LITERAL, re.DOTALL)
_NAME_TOKENS = re.compile(rb"/[^%s]*" % _DELIMITERS)
_WORDS = re.compile(rb"%%[^\r\n]*|(?<![^%(d)s])(?!(?:R|obj|endobj|true|false|null)(?![^%(d)s]))[^%(d)s0-9.+-][^%(d)s]*"
                    % {b"d": _DELIMITERS})
"""A comment, or a word that is not an object's keyword (numbers, names and strings taken out before)."""
_KEYWORDS = re.compile(rb"\b(?:R|obj|endobj|true|false|null)\b")
_NOT_WORDS = b"0123456789.+-[]<>(){}/ \t\r\n\f\x00"
_NAMES = re.compile(rb"/([^%s]+)" % _DELIMITERS)
_LITERAL_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|.)", re.DOTALL)
_LITERAL_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"\n": b"", b"\r": b"",
                    b"\r\n": b""}


def content_texts(data: bytes, strings: bool = True) -> str:
    """What a PDF content stream (or any stream read as one: a CMap, a stream nobody refers to) holds besides
    numbers, operators and the text it draws, in order: comments, strings in property lists (/ActualText, /Alt,
    /E), strings drawn by no text operator, names, stray words. One piece of text, words apart; "" for most of
    hefte's own streams, which hold only numbers, operators, drawn text and names. Also a PDF file's bytes
    outside its streams, and an object stream's objects (``strings`` False: read where they stand)."""
    names = [_name_text(name) for name in dict.fromkeys(_NAMES.findall(data))]
    if not strings:  # an object stream: objects, whose strings are read where they stand
        rest = _NAME_TOKENS.sub(b" ", _STRINGS.sub(b" ", data))
        # most hold numbers and keywords alone: one pass in C, not a search word by word
        words = _WORDS.findall(rest) if _KEYWORDS.sub(b"", rest).translate(None, _NOT_WORDS) else []
        return " ".join([*map(_bytes_text, words), *names])
    data = _DRAWN.sub(b" ", data)  # most of a page's bytes: take them out in one pass in C
    if b"%" not in data and b"(" not in data and b"<" not in data.replace(b"<<", b""):
        # a page of hefte's: numbers, operators and names alone (in C, not a search token by token)
        if not set(_NAME_TOKENS.sub(b" ", data).translate(None, _NUMBERS).split()) - _PLAIN:
            return " ".join(names)
    out = []
    for match in _TOKENS.finditer(data):
        kind = match.lastindex
        if kind is None:
            continue
        token = match[kind]
        if kind == 2:
            out.append(_text_string(_LITERAL_ESCAPE.sub(_unescape_literal, token[1:-1])))
        elif kind == 3:
            digits = re.sub(rb"\s", b"", token)
            raw = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
            if len(raw) > 2:  # one letter is no name, and a ToUnicode map has a thousand: its codes, its letters
                out.append(_text_string(raw))
                if len(raw) % 2 == 0 and not raw.startswith(b"\xfe\xff"):  # a ToUnicode map's words: UTF-16BE
                    out.append(raw.decode("utf-16-be", "replace"))
        else:
            out.append(_bytes_text(token))
    out += names  # the same few names on every line (/P, /MCID, /F1), each read once
    # A soft hyphen (every ToUnicode map of a hyphenated text has one) is a format character: kept, it had verify
    # read the whole PDF a second time with its letters glued (verify._scan). Taken out, a name written around
    # it is read joined, as a reader sees it.
    return " ".join(text for text in out if text.strip()).replace("\u00ad", "")


def _name_text(name: bytes) -> str:
    return _bytes_text(re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), name))


def _unescape_literal(match: re.Match) -> bytes:
    escaped = match[1]
    if escaped[:1].isdigit() and escaped[:1] not in b"89":
        return bytes([int(escaped, 8) & 0xFF])
    return _LITERAL_ESCAPES.get(escaped, escaped)


def _text_string(raw: bytes) -> str:
    """A PDF text string: UTF-16BE (or UTF-8, PDF 2.0) after its byte-order mark, else PDFDocEncoding."""
    import pikepdf

    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "replace")
    return str(pikepdf.String(raw))


def _bytes_text(raw: bytes) -> str:
    """Bytes no encoding is declared for (a comment, a name, a stray word): UTF-8 if they are, else
    Windows-1252, where æ, ø and å have the same bytes as in Latin-1 and PDFDocEncoding."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")
