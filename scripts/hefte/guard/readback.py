"""Reading outputs back as a reader would see them: HTML text and attributes, scripts, styles, JSON search index,
sitemaps and SVGs (gzip with a size cap), data: URIs, PDF pages, metadata, XMP, bookmarks and embedded images,
and the text binary parts carry (embedded.py): every other PDF stream (content-stream comments and properties,
font names, ICC profiles, a stream nobody refers to), web fonts' name tables, images' ICC profiles.
Bytes it cannot read as one of these (another encoding, an archive, a Word file) raise Unreadable: fail closed.

Used by verify.py; kept apart so that "how to read a file" and "what must not be in it" stay separate jobs.
Each reader fills a Doc, whose pieces remember their place (line, page, attribute) for the message.
"""

from __future__ import annotations

import bisect
import codecs
import contextlib
import gzip
import io
import json
import re
from html.parser import HTMLParser

from pathlib import Path

from ..render import images
from . import embedded, normalise as _normalise

MAX_INFLATED = 64_000_000
"""A compressed output (sitemap.xml.gz) larger than this when unpacked is refused, not read."""


class Unreadable(ValueError):
    """Raised by ``read`` for bytes it has no reading of: verify fails the file (what cannot be shown clean is
    not published) with the message ``code`` (verify.MESSAGES), which tells the editor to convert it or take it
    out."""

    def __init__(self, code: str, **params):
        super().__init__(f"{code} {params}")
        self.code, self.params = code, params


def normalise(text: str) -> str:
    """The one normalisation (guard/normalise.py), spaces collapsed: for callers that compare whole strings
    (desk/marks.py). Kept here, where it was, so they need no change."""
    return " ".join(_normalise.fold(text).split())


# --- reading outputs ------------------------------------------------------------------------------------------


class Doc:
    """The text of one output file as pieces with their place, so a hit can be traced to a line or a page."""

    def __init__(self):
        self.parts, self.starts, self.places = [], [], []
        self._size, self._raw, self._apart = 0, None, False

    def add(self, text: str, line: int, place: str, *, glue: bool = False) -> None:
        """``glue``: continues the previous text (visible text split by inline tags); else on a line of its own."""
        if not text:
            return
        if (not glue or self._apart) and self.parts:
            self.parts.append("\n")
            self._size += 1
        self.starts.append(self._size)
        self.places.append((line, place))
        self.parts.append(text)
        self._size += len(text)
        self._raw, self._apart = None, not glue

    def replay(self, pieces: tuple, base: int) -> None:
        """``add`` for each of ``pieces`` (text, line - ``base``, place, glue), in one call: the lines verify has
        read before (read_markup) come back this way, a million at 200 texts."""
        parts, starts, places = self.parts, self.starts, self.places
        size, apart = self._size, self._apart
        for text, line, place, glue in pieces:
            if (not glue or apart) and parts:
                parts.append("\n")
                size += 1
            starts.append(size)
            places.append((base + line, place))
            parts.append(text)
            size += len(text)
            apart = not glue
        self._size, self._apart, self._raw = size, apart, None

    @property
    def raw(self) -> str:
        if self._raw is None:
            self._raw = "".join(self.parts)
        return self._raw

    def where(self, offset: int) -> tuple[int, str]:
        if not self.starts:
            return 0, "file"
        k = max(0, bisect.bisect_right(self.starts, offset) - 1)
        line, place = self.places[k]
        return (line + self.raw.count("\n", self.starts[k], offset) if line else 0), place

    def within(self, prefix: str) -> "Doc":
        """The same text with every place prefixed (``nettsida/index.html: text``): a member of a zip."""
        other = Doc()
        other.parts, other.starts, other._size = self.parts, self.starts, self._size
        other.places = [(line, prefix + place) for line, place in self.places]
        return other

    def locate(self, words: tuple[str, ...]) -> tuple[int, str]:
        """Where folded words (normalise.fold) stand in the raw text: bisections, run for hits only."""
        return self.where(_normalise.span(self.raw, _normalise.has_words(words))[0])


class _Markup(HTMLParser):
    """HTML/XML read back: visible text glued as a reader sees it; attributes, scripts and comments apart."""

    INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "em", "i", "kbd", "mark", "q", "s", "small", "span",
              "strong", "sub", "sup", "time", "u", "wbr", "del", "ins", "tspan", "textpath"}  # the last two: SVG
    QUIET = {"class", "rel", "type", "lang", "dir", "role", "tabindex", "width", "height", "charset",
             "crossorigin", "integrity", "loading", "target", "method", "async", "defer", "media", "sizes",
             "hidden", "xmlns", "decoding", "viewbox", "fill", "d"}

    def __init__(self, doc: Doc, text_place: str, block: str, keep_lines: bool):
        super().__init__(convert_charrefs=True)
        self.doc, self.text_place, self.block, self.keep_lines, self.raw_tag = doc, text_place, block, keep_lines, None

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if tag not in self.INLINE:
            self.doc.add(self.block, line, self.text_place, glue=True)  # a block boundary is a word boundary
        for name, value in attrs:
            if value and name not in self.QUIET:
                place = "meta content" if tag == "meta" and name == "content" else f"{name} attribute"
                self.doc.add(_unescape_css(value) if name == "style" else value, line, place)
        self.raw_tag = tag if tag in ("script", "style") else self.raw_tag

    def handle_endtag(self, tag):
        self.raw_tag = None if tag in ("script", "style") else self.raw_tag
        if tag not in self.INLINE:
            self.doc.add(self.block, self.getpos()[0], self.text_place, glue=True)

    def handle_data(self, data):
        line = self.getpos()[0]
        if self.raw_tag == "script":
            _add_script(self.doc, data, line)
        elif self.raw_tag:
            self.doc.add(_unescape_css(data), line, "style")
        else:
            self.doc.add(data if self.keep_lines else data.replace("\n", " "), line, self.text_place, glue=True)

    def handle_comment(self, data):
        self.doc.add(data, self.getpos()[0], "comment")

    def unknown_decl(self, data):
        # <![CDATA[…]]>: in an SVG its text is shown like any other; read it as the text it holds
        cdata = data.startswith("CDATA[")
        self.doc.add(data[6:] if cdata else data, self.getpos()[0], self.text_place if cdata else "declaration",
                     glue=cdata)

    def handle_decl(self, decl):  # <!DOCTYPE …>: no reader sees it, but it is in the bytes published
        self.doc.add(decl, self.getpos()[0], "declaration")

    def handle_pi(self, data):  # <?xml-stylesheet …?>, <?anything …?>
        # Every XMP packet begins <?xpacket begin="\ufeff" …?>. One format character makes the whole file (a PDF's
        # every page) be read a second time with its letters glued (verify._scan): an eighth more of verify at 50
        # texts. Taken out, a name written around it ("Ka\ufeffri") is read joined, as that reading would.
        self.doc.add(data.replace("\ufeff", ""), self.getpos()[0], "declaration")


def read_markup(text: str, doc: Doc, place: str, *, block: str = " ", keep_lines: bool = True,
                lines: dict | None = None) -> None:
    """``lines``: a dict kept across the files of one verify: lines read before from the same state are not
    parsed again, and what they added to their Doc is added again (``_feed_by_lines``). Not with ``keep_lines``
    False: text that spans lines would then be placed on its last line, not its first."""
    parser = _Markup(doc, place, block, keep_lines)
    if lines is None or not keep_lines:
        parser.feed(text)
    else:
        _feed_by_lines(parser, text, lines.setdefault((place, block, keep_lines), {}))
    parser.close()


class _Recorder:
    """Stands in for the parser's Doc while one run of lines is read, and notes what it added."""

    __slots__ = ("doc", "added")

    def __init__(self, doc: Doc):
        self.doc, self.added = doc, []

    def add(self, text: str, line: int, place: str, *, glue: bool = False) -> None:
        if text:
            self.added.append((text, line, place, glue))
        self.doc.add(text, line, place, glue=glue)


MAX_RUNS_KEPT, MAX_RUN_CHARS = 50_000, 2_000
"""Runs of lines one verify worker keeps, and the longest it keeps: a navigation link's run is a few hundred
characters, and a site of 500 texts has about a thousand different ones; a page's own text is not repeated."""


def _feed_by_lines(parser: _Markup, text: str, kept: dict[str, tuple]) -> None:
    """The same reading as ``parser.feed(text)``, in runs of lines (``_runs_of_lines``), with runs read before
    taken from ``kept``.

    A site repeats its navigation on every page: at 200 texts, the same 200 links are 70 KB of each 87 KB page,
    and html.parser reading them again was most of a cold verify (which grows with the square of the texts).

    Why it is the same reading: html.parser reads a text fed in pieces as it reads it whole (its feed is made for
    that); a construct that is not complete at the end of a piece (a tag, a comment, a script, a character
    reference) waits in ``rawdata`` for the next one. Only plain text between tags comes in two calls instead of
    one, added glued, so the Doc's text is the same. A run is taken from ``kept`` only when the parser is *clean*
    before it (nothing waiting, not inside a script or style) and it was read from a clean state before and left
    the parser clean: what html.parser does with it then depends on its characters alone. Its additions are
    replayed with their lines moved; glued pieces on the same place whose line numbers follow from their
    newlines are kept as one piece, which gives the same text and the same line for every offset in it."""
    doc = parser.doc
    clean = _clean(parser)
    moved = 0  # lines taken from ``kept`` since the parser last read a run: its line count is moved on at once
    for chunk in _runs_of_lines(text):
        if clean:
            found = kept.get(chunk)
            if found is not None:
                doc.replay(found, parser.lineno + moved)
                moved += chunk.count("\n")  # html.parser counts "\n" alone; only runs ending in one are kept
                continue
        if moved:
            parser.lineno += moved
            parser.offset = 0
            moved = 0
        from_clean, base = clean, parser.lineno
        recorder = parser.doc = _Recorder(doc) if from_clean else doc
        try:
            parser.feed(chunk)
        finally:
            parser.doc = doc
        clean = _clean(parser)
        if from_clean and clean and chunk.endswith("\n") and len(chunk) <= MAX_RUN_CHARS and len(kept) < MAX_RUNS_KEPT:
            kept[chunk] = _joined(recorder.added, base)
    if moved:
        parser.lineno += moved
        parser.offset = 0


_RUN = re.compile(r"^(?=[ \t]*<li[\s>])", re.MULTILINE)


def _runs_of_lines(text: str) -> list[str]:
    """``text`` in runs of whole lines, each begun by a list item (``<li``): a navigation's links then make the
    same runs on every page, whatever stands before them."""
    return [run for run in _RUN.split(text) if run]


def _clean(parser: _Markup) -> bool:
    """Nothing waits to be read (a tag, a comment, a script or style, a character reference), and the parser is
    not inside a script or style."""
    return not parser.rawdata and parser.cdata_elem is None and parser.raw_tag is None


def _joined(added: list[tuple[str, int, str, bool]], base: int) -> tuple:
    """A run's additions with lines relative to ``base``; a glued piece that follows a glued piece of the same
    place on the line its newlines reach is joined to it (Doc.add would put nothing between them)."""
    out: list[list] = []
    for text, line, place, glue in added:
        if out and glue and out[-1][3] and out[-1][2] == place and out[-1][1] + out[-1][0].count("\n") == line - base:
            out[-1][0] += text
        else:
            out.append([text, line - base, place, glue])
    return tuple(tuple(piece) for piece in out)


_JS_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|u\{([0-9a-fA-F]{1,6})\}|x([0-9a-fA-F]{2})|([^bfnrtvux0-9\r\n])"
                        r"|([0-3][0-7]{0,2}|[4-7][0-7]?))")  # the last: legacy octal ("\\113"), still run by browsers
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n]?|([^0-9a-fA-F\r\n]))")


def _char(hex_digits: str) -> str:
    code = int(hex_digits, 16)
    return chr(code) if 0 < code < 0x110000 else "\ufffd"


def _unescape_js(text: str) -> str:
    """\\u00f8-, \\u{f8}-, \\xf8-, \\370- and \\K-escaped letters in scripts must not hide a name, nor
    letters a script makes from numbers (``String.fromCharCode(75, 118)``) or base64 (``atob("S3Zh")``): what
    those make is added after the script."""
    if "\\" in text:
        text = _JS_ESCAPE.sub(lambda m: m[4] or (chr(int(m[5], 8)) if m[5] else _char(m[1] or m[2] or m[3])), text)
    if "fromCharCode" in text or "atob" in text:
        text += "".join(f"\n{_js_call(m)}" for m in _JS_CALLS.finditer(text))
    return text


_JS_CALLS = re.compile(r"fromCharCode\(([^()]*)\)|atob\(\s*(['\"`])([A-Za-z0-9+/=\s]*)\2\s*\)")


def _js_call(match: re.Match) -> str:
    import base64

    if match[1] is not None:
        codes = [code.strip() for code in match[1].split(",")]
        return "".join(_char(code[2:] if code[:2] in ("0x", "0X") else f"{int(code):x}") for code in codes
                       if re.fullmatch(r"0[xX][0-9a-fA-F]+|\d+", code))
    payload = re.sub(r"[\s=]", "", match[3])
    payload = payload[: len(payload) - (len(payload) % 4 == 1)]  # a lone last letter holds no byte
    data = base64.b64decode(payload + "=" * (-len(payload) % 4))
    try:
        return data.decode("utf-8")  # decodeURIComponent(escape(atob(…))): UTF-8
    except UnicodeDecodeError:
        return data.decode("latin-1")  # atob's own string: one letter a byte


_CSS_NEXT_STRING = re.compile(r"""(["'])\s+\1""")


def _unescape_css(text: str) -> str:
    """\\f8-escaped letters in a style (``content: "\\4B\\76 …"``, shown by the browser) must not hide a name,
    nor strings a ``content`` shows one after the other (``content: "Kva" "mme"``)."""
    text = _CSS_ESCAPE.sub(lambda m: m[2] or _char(m[1]), text) if "\\" in text else text
    return _CSS_NEXT_STRING.sub("", text)


def _add_script(doc: Doc, data: str, line: int) -> None:
    try:
        value = json.loads(data)
    except ValueError:
        doc.add(_unescape_js(data), line, "script")
        return
    for s in _strings(value):
        doc.add(s, line, "script JSON")


def _strings(value):
    """Every string in parsed JSON, keys included: a script may key its data by a name (``{"Kari …": 3}``)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _read_json(text: str, doc: Doc, search_index: bool) -> None:
    value = json.loads(text)
    if search_index and isinstance(value, dict) and isinstance(value.get("docs"), list):
        for entry in value["docs"]:
            place = f"search index entry {entry.get('location', '?') if isinstance(entry, dict) else '?'}"
            for s in _strings(entry):
                sub = Doc()
                read_markup(s, sub, place)  # the index holds page HTML: read it as text
                doc.add(sub.raw, 0, place)
        value = {k: v for k, v in value.items() if k != "docs"}
    for s in _strings(value):
        doc.add(s, 0, "search index" if search_index else "JSON")


OFFLINE_INDEX = "var __index = "
"""How material's offline search (and render/offline.py) writes search/search_index.js."""
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".avif", ".heic"}


def _read_icc(image: bytes, doc: Doc) -> None:
    """The names and texts of an image's colour profiles: shown by an image viewer's properties, a colour picker."""
    names, profiles = images.icc_profiles(image)
    for text in [*names, *(text for profile in profiles for text in embedded.icc_texts(profile))]:
        doc.add(text, 0, "ICC profile")


FONT_SUFFIXES = {".woff", ".woff2", ".ttf", ".otf"}
PACKED = {".gz": "", ".svgz": ".svg"}
"""Gzip files by their suffix, and the suffix of what they hold; any file starting with gzip's magic is unpacked."""


def read(name: str, data: bytes, doc: Doc, texts=None, lines: dict | None = None) -> list[tuple[str, list[str]]]:
    """Fill ``doc`` with a file's text, by kind; returns the images in it that carry metadata: (place, kinds).
    ``texts``: page_texts.PageTexts, the text of PDF pages read before; ``lines``: lines of markup read before
    (read_markup). Raises Unreadable for bytes that are none of the kinds read here."""
    suffix = Path(name).suffix.lower()
    if suffix == ".pdf":
        return _read_pdf(data, doc, texts)
    if suffix in IMAGE_SUFFIXES or suffix == ".ico":
        kinds = images.find_icon_metadata(data) if suffix == ".ico" else images.find_metadata(data)
        _read_icc(data, doc)
        return [("file", kinds)] if kinds else []
    if suffix in FONT_SUFFIXES:  # a font menu shows its family, full name, copyright: its name table
        doc.add(" ".join(embedded.font_names(data)), 0, "font name table")
        return []
    if suffix == ".eot":  # Embedded OpenType (old Internet Explorer's) holds its names in a header of its own
        raise ValueError(f"a {suffix} font, which hefte's sites never use; use .woff2")
    if suffix in PACKED or data[:2] == b"\x1f\x8b":  # sitemap.xml.gz, logo.svgz: a browser unpacks them
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            inner = fh.read(MAX_INFLATED + 1)
        if len(inner) > MAX_INFLATED:
            raise ValueError(f"unpacked larger than {MAX_INFLATED // 1_000_000} MB")
        return read(name[: -len(suffix)] + PACKED[suffix] if suffix in PACKED else name, inner, doc, texts, lines)
    text = _text(data)
    problems = _read_data_uris(text, doc, texts) if "base64" in text else []
    if Path(name).name == "search_index.js" and text.startswith(OFFLINE_INDEX):
        # The offline copy's search index (render/offline.py): the JSON index as a script, read as the index.
        try:
            _read_json(text[len(OFFLINE_INDEX):], doc, True)
            return problems
        except ValueError:
            pass
    if suffix in (".html", ".htm", ".xhtml", ".xml", ".svg", ".rss", ".atom"):
        read_markup(text, doc, "text" if suffix.startswith((".htm", ".xht")) else "XML", lines=lines)
    elif suffix == ".json":
        try:
            _read_json(text, doc, Path(name).name == "search_index.json")
        except ValueError:
            doc.add(text, 1, "text")
    else:
        doc.add(_unescape_css(text) if suffix == ".css" else _unescape_js(text), 1, "text")
    return problems


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
"""UTF-32 LE before UTF-16 LE: its mark begins with UTF-16's."""
_KNOWN_BINARY = ((b"PK\x03\x04", "zip (Word, OpenDocument, EPUB …)"), (b"\xd0\xcf\x11\xe0", "Office 97–2003"),
                 (b"BZh", "bzip2"), (b"\xfd7zXZ", "xz"), (b"\x28\xb5\x2f\xfd", "zstd"))


def _text(data: bytes) -> str:
    """The file's text as a browser decodes it: by its byte-order mark, else UTF-8 (hefte writes nothing else).
    Anything else (Windows-1252, UTF-16 without a mark, an archive, a Word file) is not guessed at: a wrong guess
    would read a name as other letters, so it raises Unreadable."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        kind = next((kind for magic, kind in _KNOWN_BINARY if data.startswith(magic)), None)
        raise (Unreadable("verify.packed", kind=kind) if kind else Unreadable("verify.not-utf8", offset=exc.start)) \
            from None


_DATA_URI = re.compile(r"data:([\w.+-]+/[\w.+-]+)?((?:;[\w.+=-]*)*?);base64,([A-Za-z0-9+/=%\\\s]+)", re.IGNORECASE)
_DATA_SUFFIXES = {"text/plain": ".txt", "text/html": ".html", "text/css": ".css", "image/svg+xml": ".svg",
                  "application/json": ".json", "text/javascript": ".js", "application/javascript": ".js"}


def _read_data_uris(text: str, doc: Doc, texts=None) -> list[tuple[str, list[str]]]:
    """A base64 data: URI (``<img src="data:image/svg+xml;base64,…">``, ``url(data:…)`` in a style) is a file
    inside the file: a browser shows its text and its image. Each is read as the file it is, by its media type
    (none: text/plain, as RFC 2397 says); one of a type read nowhere here raises Unreadable."""
    import base64
    import mimetypes
    from urllib.parse import unquote

    problems = []
    for match in _DATA_URI.finditer(text):
        mime = (match[1] or "text/plain").lower()
        payload = re.sub(r"[\s\\=]+", "", unquote(match[3]))  # JSON's "\/", a style's line continuations
        payload = payload[: len(payload) - (len(payload) % 4 == 1)]  # a lone last letter holds no byte
        data = base64.b64decode(payload + "=" * (-len(payload) % 4))
        suffix = _DATA_SUFFIXES.get(mime) or mimetypes.guess_extension(mime) or ".bin"
        inner = Doc()
        try:
            found = read("data" + suffix, data, inner, texts)
        except Unreadable as exc:
            exc.params["within"] = f"data: URI ({mime}): "
            raise
        doc.add(inner.raw, 0, f"data: URI ({mime})")
        problems += [(f"data: URI ({mime})" if place == "file" else place, kinds) for place, kinds in found]
    return problems


def _read_pdf(data: bytes, doc: Doc, texts=None) -> list[tuple[str, list[str]]]:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        if data.count(b"startxref") > 1 and not pdf.is_linearized:
            # An incremental update: the objects it replaced stay in the file, where qpdf and pdfium no longer
            # look (a name deleted from /Author is still there). hefte writes each PDF whole: fail closed.
            raise ValueError("the PDF was changed after it was made (an incremental update), and its earlier "
                             "version is still in the file; make it again")
        _read_pages(data, doc, texts.keys(pdf, data) if texts is not None else None, texts)
        info = pdf.trailer.get("/Info")
        for key, value in (pdf.docinfo.items() if info is not None else ()):
            doc.add(str(value), 0, f"PDF metadata {key}")
        metadata = pdf.Root.get("/Metadata")
        root_xmp = metadata.objgen if isinstance(metadata, pikepdf.Stream) else None
        if root_xmp is not None:  # the document's XMP, whatever its /Type says
            _read_xmp(metadata, doc)
        skip = {info.objgen} if info is not None else set()
        for title, objgen in _outline(pdf.Root.get("/Outlines"), set()):
            skip.add(objgen)
            doc.add(title, 0, "outline")
        image_pages, problems, streams, font_files, seen = {}, [], [], {}, set()
        for number, page in enumerate(pdf.pages, 1):
            for image in page.get_images().values():
                image_pages.setdefault(image.objgen, number)
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.stream_dict.get("/Type") not in _READ_ELSEWHERE \
                    and obj.stream_dict.get("/Subtype") != pikepdf.Name.Image:
                streams.append(obj)
            if isinstance(obj, pikepdf.Stream) and obj.stream_dict.get("/Type") == pikepdf.Name.EmbeddedFile:
                # hefte's PDFs attach no files, and an attached file is bytes of any kind (a zip, a Word file) that
                # this reading cannot show to be clean: fail closed.
                raise ValueError("the PDF carries an attached file, which hefte's PDFs never do; remove it "
                                 "(in HTML: an <a> or <link> with rel=\"attachment\")")
            if (isinstance(obj, pikepdf.Stream) and obj.stream_dict.get("/Type") == pikepdf.Name.Metadata
                    and obj.objgen != root_xmp):
                _read_xmp(obj, doc)  # XMP of a page, a font or an image (PDF 2.0, 14.3.2): read like the document's
            # A stream's dictionary too (pikepdf's Stream is no Dictionary): any object may hold a string.
            entries = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj
            if isinstance(entries, pikepdf.String):  # a string of its own (an annotation's /T 12 0 R)
                doc.add(str(entries), 0, f"PDF object {obj.objgen[0]}")
            if not isinstance(entries, (pikepdf.Dictionary, pikepdf.Array)):
                continue
            unparsed = entries.unparse(resolved=True)
            if _FONT_SUBTYPES.search(unparsed):  # fonts, also those written inside a page's resources
                for font in _font_dictionaries(entries, 0):
                    if _unmapped_font(font):
                        # Glyph numbers, not letters: pdfium reads «\x16/"$//» where a viewer shows a name.
                        # WeasyPrint always writes the map; a PDF from elsewhere without it cannot be shown clean:
                        # fail closed.
                        raise Unreadable("verify.unmapped-font")
                    _font_dictionary(font, font_files)
            if isinstance(entries, pikepdf.Dictionary) and ("/JS" in entries or "/RC" in entries):
                for key in ("/JS", "/RC"):  # JavaScript, an annotation's rich text: a text string or a text stream
                    if isinstance(entries.get(key), pikepdf.Stream):
                        doc.add(str(pikepdf.String(entries[key].read_bytes())), 0, f"PDF object {key}")
            if obj.objgen not in skip and _may_hold_strings(unparsed):
                for key, value in _pdf_strings(entries, "", 0):  # alt texts, link targets, destination names …
                    doc.add(value, 0, f"PDF object {key}")
            kinds = _image_kinds(pdf, obj, doc) if isinstance(obj, pikepdf.Stream) else []
            if kinds:
                page = image_pages.get(obj.objgen)
                where = f"embedded image on page {page}" if page else f"embedded image (object {obj.objgen[0]})"
                problems.append((where, kinds))
        for stream in streams:
            _read_stream(stream, doc, font_files.get(stream.objgen), seen)
        # The file's own bytes outside stream data: objects not packed in object streams (their names), and
        # what no object holds: a comment (between objects, inside one, after %%EOF), stray bytes.
        _add_once(doc, seen, embedded.content_texts(_outside_streams(data)), "PDF file")
    return problems


_READ_ELSEWHERE = ("/Metadata", "/EmbeddedFile", "/XRef")
"""Streams _read_pdf reads as XMP or refuses; a cross-reference stream (numbers)."""
_STREAM_START = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_STREAM_END = re.compile(rb"endstream\s*endobj")


def _outside_streams(data: bytes) -> bytes:
    """A PDF file's bytes without its streams' data (images, fonts, packed objects: read as what they are). A
    stream ends at the first "endstream endobj" (found with bytes.find: a regular expression over the images'
    megabytes took a tenth of a second a build); one without an end is read to the end as outside."""
    parts, at = [], 0
    while (start := _STREAM_START.search(data, at)) is not None:
        parts.append(data[at: start.end()])
        end = data.find(b"endstream", start.end())
        while end >= 0 and not _STREAM_END.match(data, end):
            end = data.find(b"endstream", end + 9)
        if end < 0:
            at = start.end()
            break
        at = end
    parts.append(data[at:])
    return b" ".join(parts)


_FONT_FILES = {"/FontFile": "type1", "/FontFile2": "sfnt"}
"""The keys of a font descriptor that hold its program (PDF 1.7, 9.8.1); /FontFile3 by its subtype."""


def _font_dictionary(font, font_files: dict) -> None:
    """Which streams hold font programs, and of which kind."""
    for key, kind in (*_FONT_FILES.items(), ("/FontFile3", None)):
        program = font.get(key)
        if program is not None and getattr(program, "is_indirect", False):
            if kind is None:
                kind = "sfnt" if program.stream_dict.get("/Subtype") == "/OpenType" else "cff"
            font_files[program.objgen] = kind


def _read_stream(stream, doc: Doc, font_kind: str | None, seen: set) -> None:
    """Every stream not read above, decoded (a filter pikepdf cannot undo raises: fail closed): a font program's
    names, an ICC profile's texts, and of anything else (content streams, CMaps, a stream no object refers to)
    what it holds besides numbers, operators and drawn text (embedded.content_texts)."""
    where = f"object {stream.objgen[0]}"
    data = stream.read_bytes()
    if stream.stream_dict.get("/Type") == "/ObjStm":
        # Objects packed together: their strings are read where they stand (_pdf_strings); their names (a
        # font's /BaseFont, a custom property's key) and anything between them are read here, each once
        _add_once(doc, seen, embedded.content_texts(data, strings=False), f"PDF object stream ({where})")
    elif font_kind is not None:  # each font's subsets have the same names
        for name in embedded.font_names(data, font_kind):
            _add_once(doc, seen, name, f"PDF font program ({where})")
    elif data[36:40] == b"acsp":  # an ICC profile (/ICCBased colour space, output intent)
        doc.add(" ".join(embedded.icc_texts(data)), 0, f"PDF ICC profile ({where})")
    else:  # the same names on most pages (/Span, /MCID, /Artifact): each page's once
        _add_once(doc, seen, embedded.content_texts(data), f"PDF stream ({where})")


def _add_once(doc: Doc, seen: set, text: str, place: str) -> None:
    if text not in seen:
        seen.add(text)
        doc.add(text, 0, place)


def _unmapped_font(font) -> bool:
    """A font whose text is glyph numbers to any reader but a viewer. A composite (Type0) font with neither a
    ToUnicode map nor a named character collection (Identity-H, or a CMap of its own, says nothing about
    letters). A simple font (Type 1, TrueType, Type 3) without ToUnicode whose encoding is not a standard one
    naming letters (WinAnsi, MacRoman, Standard, or differences naming standard glyphs: /oslash, /uni00F8): its
    glyph names say nothing (/g12), or it has no encoding, and pdfium guesses."""
    import pikepdf

    if "/ToUnicode" in font:
        return False
    subtype, encoding = font.get("/Subtype"), font.get("/Encoding")
    if subtype == pikepdf.Name.Type0:
        return not (isinstance(encoding, pikepdf.Name) and str(encoding) not in ("/Identity-H", "/Identity-V"))
    if subtype not in _SIMPLE_FONTS:
        return False
    if encoding is None:  # the program's own: letters only for the 14 standard fonts, not embedded
        return subtype == pikepdf.Name.Type3 or str(font.get("/BaseFont", "")) not in _STANDARD_14 \
            or "/FontDescriptor" in font and any(k in font.FontDescriptor for k in ("/FontFile", "/FontFile2",
                                                                                    "/FontFile3"))
    if isinstance(encoding, pikepdf.Name):
        return str(encoding) not in _STANDARD_ENCODINGS
    if not isinstance(encoding, pikepdf.Dictionary) or str(encoding.get("/BaseEncoding", "/StandardEncoding")) \
            not in _STANDARD_ENCODINGS:
        return True
    from fontTools import agl

    differences = encoding.get("/Differences", ())
    return any(isinstance(name, pikepdf.Name) and not agl.toUnicode(str(name)[1:]) for name in differences)


_SIMPLE_FONTS = ("/Type1", "/MMType1", "/TrueType", "/Type3")
_STANDARD_ENCODINGS = {"/WinAnsiEncoding", "/MacRomanEncoding", "/StandardEncoding"}
_STANDARD_14 = {f"/{name}" for name in (
    "Times-Roman Times-Bold Times-Italic Times-BoldItalic Helvetica Helvetica-Bold Helvetica-Oblique "
    "Helvetica-BoldOblique Courier Courier-Bold Courier-Oblique Courier-BoldOblique Symbol ZapfDingbats").split()}


def _read_xmp(stream, doc: Doc) -> None:
    xmp = Doc()
    read_markup(stream.read_bytes().decode("utf-8", "replace"), xmp, "XMP")
    doc.add(xmp.raw, 0, "XMP")


def _read_pages(data: bytes, doc: Doc, keys: list[str] | None, texts) -> None:
    """Each page's text, as pdfium extracts it; a page whose key (page_texts.py) was read before is not read
    again. ``keys`` None, or not one per page as pdfium counts them: every page is read."""
    import pypdfium2  # page text: pdfium (C++, a pinned dependency) is ~20x faster than pypdf's extract_text

    with contextlib.closing(pypdfium2.PdfDocument(data)) as pages:
        if keys is not None and len(keys) != len(pages):
            keys = None
        read = []
        for number in range(len(pages)):
            text = texts.get(keys[number]) if keys is not None else None
            if text is None:
                # every character, also those drawn outside the page (text overflowing it, or put there on
                # purpose): get_text_bounded() would read only those inside the page's box
                text = _with_annotations(pages, number).get_textpage().get_text_range()
            read.append(text)
            doc.add(text, 0, f"page {number + 1}")
        if keys is not None:
            texts.keep(data, keys, read)


def _with_annotations(pages, number: int):
    """Page ``number`` with the annotations a viewer draws (a stamp, a free-text note: their appearance streams)
    made part of its content, for pdfium's page text leaves them out. Those shown on screen, then those printed;
    pdfium sees a flattened page only once loaded again."""
    import pypdfium2.raw as pdfium_c

    page = pages[number]
    if pdfium_c.FPDFPage_GetAnnotCount(page.raw):
        for usage in (pdfium_c.FLAT_NORMALDISPLAY, pdfium_c.FLAT_PRINT):
            if pdfium_c.FPDFPage_Flatten(page.raw, usage) == pdfium_c.FLATTEN_SUCCESS:
                page.close()
                page = pages[number]
    return page


def _outline(node, seen: set):
    item = node.get("/First") if node is not None else None
    while item is not None and item.objgen not in seen:
        seen.add(item.objgen)
        yield str(item.get("/Title", "")), item.objgen
        yield from _outline(item, seen)
        item = item.get("/Next")


def _font_dictionaries(obj, depth: int):
    """Font dictionaries and font descriptors ``obj`` is or holds directly (a page's /Resources written in the
    page: pdf.objects lists only indirect objects). A font by its subtype: pdfium does not ask for /Type."""
    import pikepdf

    if isinstance(obj, pikepdf.Dictionary):
        if obj.get("/Subtype") in _FONT_SUBTYPE_NAMES or obj.get("/Type") == pikepdf.Name.FontDescriptor:
            yield obj
        children = obj.values()
    elif isinstance(obj, pikepdf.Array):
        children = obj
    else:
        return
    if depth < 20:
        for child in children:
            if not getattr(child, "is_indirect", False):
                yield from _font_dictionaries(child, depth + 1)


_FONT_SUBTYPE_NAMES = ("/Type0", "/Type1", "/MMType1", "/TrueType", "/Type3", "/CIDFontType0", "/CIDFontType2")
_FONT_SUBTYPES = re.compile(rb"/(?:Type0|Type1|MMType1|TrueType|Type3|CIDFontType[02]|FontDescriptor)(?![\w#])")


def _may_hold_strings(unparsed: bytes) -> bool:
    """False only if an object (``unparsed``: as qpdf writes it) holds no string of its own: qpdf writes every
    string as ``(…)`` or ``<hex>``, and a name's ``(`` or ``<`` as ``#28``, ``#3c``, so without those bytes
    (dictionary brackets aside) there is none.
    Most objects of a tagged PDF are such (structure elements, widths, colour spaces): one call in C++ instead of
    a walk in Python for each."""
    return b"(" in unparsed or b"<" in unparsed.replace(b"<<", b"").replace(b">>", b"")


def _pdf_strings(obj, key: str, depth: int):
    """Strings an object holds itself; other indirect objects are visited on their own."""
    import pikepdf

    if isinstance(obj, pikepdf.String):
        yield key, str(obj)
    elif isinstance(obj, (pikepdf.Dictionary, pikepdf.Array)) and depth < 20:
        is_dict = isinstance(obj, pikepdf.Dictionary)
        items = [(k, obj.get(k)) for k in obj.keys()] if is_dict else [(key, v) for v in obj]
        for k, value in items:
            if value is not None and not getattr(value, "is_indirect", False):
                yield from _pdf_strings(value, k, depth + 1)


def _image_kinds(pdf, obj, doc: Doc) -> list[str]:
    """Metadata left in an image XObject: its own /Metadata, or EXIF/XMP/… inside an embedded JPEG file; the
    texts of a colour profile inside that file are read into ``doc``."""
    import pikepdf

    if obj.get("/Subtype") != "/Image":
        return []

    kinds = {"XMP"} if "/Metadata" in obj else set()
    filters = obj.get("/Filter")
    filters = [str(f) for f in (filters if isinstance(filters, pikepdf.Array) else [filters] if filters else [])]
    if filters and filters[-1] in ("/DCTDecode", "/JPXDecode"):  # the JPEG file itself, APP segments included
        data = obj.read_raw_bytes()
        if len(filters) > 1:  # e.g. [/FlateDecode /DCTDecode]: undo the outer filters, keep the JPEG
            data = pikepdf.Stream(pdf, data, Filter=pikepdf.Array([pikepdf.Name(f) for f in filters[:-1]])).read_bytes()
        kinds |= set(images.find_metadata(data))
        _read_icc(data, doc)
    return sorted(kinds)
