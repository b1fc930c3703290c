"""Verify stage: read back every file the build produced and prove that nothing leaked.

It does not trust the renderers that obeyed the plan: it reads each output as a reader, a search engine or a
PDF viewer would (text, attributes, scripts, search index, sitemaps, PDF pages, metadata, XMP, bookmarks,
image metadata, file names) for held-back sentences and titles, real names, fødselsnumre and image metadata.
site/ counts as web; site/**/*.pdf and print/<pub>.pdf (the screen PDF) as web AND print; the rest of print/
as print; print/manifest.json (editors only, never published) for fødselsnumre only. Messages never repeat
what they protect (a name, a withdrawn sentence): build logs end up in CI.
"""

from __future__ import annotations

import bisect
import contextlib
import gzip
import hashlib
import io
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import markdown

from . import acknowledge, images, pii, quotes, web
from .findings import Findings
from .model import Byline, Genre
from .pipeline import screen_texts
from .policy import Medium
from .slugs import slugify

MANIFEST = "manifest.json"
MAX_INFLATED = 64_000_000
"""A compressed output (sitemap.xml.gz) larger than this when unpacked is refused, not read."""
MIN_SENTENCE_WORDS, MIN_POEM_LINE_WORDS = 6, 4
"""Shorter sentences ("Jeg gikk hjem.") occur in any text; matching them would stop honest builds."""
MIN_TITLE_WORDS, MIN_TITLE_CHARS = 2, 8
"""A title is looked for only with 2+ words or 8+ characters: "Natta" or "Hender" are everyday words."""
WEB, SCREEN, PRINT, PRIVATE = "web", "screen", "print", "private"

MESSAGES: dict[str, tuple[str, str]] = {
    "verify.held-back-text": (
        "{place}: {count} setning(er) fra teksten {text}, som holdes tilbake fra {medium}: {reasons}.",
        "{place}: {count} sentence(s) of the text {text}, which is held back from {medium}: {reasons}."),
    "verify.held-back-title": ("{place}: tittelen på teksten {text}, som holdes tilbake fra {medium}: {reasons}.",
                               "{place}: the title of the text {text}, which is held back from {medium}: {reasons}."),
    "verify.name": ("{place}: det virkelige navnet til {who} står her, og skal ikke publiseres i {medium}.",
                    "{place}: the real name of {who} appears here, and must not be published in {medium}."),
    "verify.fnr": ("{place}: et fødselsnummer ({text}) står her. Det skal aldri publiseres.",
                   "{place}: a national identity number ({text}) appears here. It must never be published."),
    "verify.image-metadata": ("{place}: bildet har metadata ({kinds}) som kan avsløre hvem, hvor og når.",
                              "{place}: the image carries metadata ({kinds}) that can reveal who, where and when."),
    "verify.photo-held-back": ("Bilde {file} til {text} ligger på nettsida, men holdes tilbake derfra: {reasons}.",
                               "Photo {file} of {text} is on the website, but is held back from it: {reasons}."),
    "verify.unreadable": ("Fila kan ikke kontrolleres ({problem}). Det som ikke kan kontrolleres, publiseres ikke.",
                          "The file cannot be verified ({problem}). What cannot be verified is not published."),
    "verify.no-register": ("Fant ikke det private registeret, så kontrollen kunne ikke se etter virkelige navn.",
                           "The private register was not found, so verify could not look for real names."),
    "verify.mixed-bylines": ("{who} har fullt navn i én tekst i {medium} og ikke i en annen: sjekk for hånd at de "
                             "ikke kan kobles.", "{who} is named in full in one text in {medium} and not in another:"
                             " make sure by hand that they cannot be linked."),
    "medium.screen": ("skjerm-PDF-en (krever samtykke til både nett og trykk)",
                      "the screen PDF (needs consent to both web and print)"),
}


class Report(Findings):
    """What verify found, plus how many files it read."""

    files_scanned: int = 0


# A hyphen (or WeasyPrint's U+2010) at a line end joins two halves of a word; hyphens are then dropped on
# both sides, so "Nord-Norge", "Nord-\nNorge" and "vin‐\nter" compare equal to the source.
_BREAK = re.compile(r"[-\u2010\u2011][ \t]*\r?\n\s*")
_DROP = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\\-\u2010\u2011]")  # re: str.translate is slow on non-ASCII


def normalise(text: str) -> str:
    """NFKC (also folds the ligatures PDF extraction gives), hyphenation undone, casefolded, spaces collapsed."""
    text = _BREAK.sub("", unicodedata.normalize("NFKC", text))
    return " ".join(_DROP.sub("", text).casefold().split())


# --- what must not appear where -------------------------------------------------------------------------------


@dataclass
class Rules:
    """What must not appear in one kind of output."""

    medium: str
    sentences: dict  # a rare inner word -> [(normalised sentence, planned text, its inner words)]
    titles: dict  # normalised title or slug -> planned text
    names: tuple  # for pii.find_names, with transliterated forms (URLs and file names drop æøå)
    probes: tuple  # find_names (the slow part) runs only if one of these name parts occurs at all
    who: dict  # name -> contributor id or "deny", so messages never repeat the name
    acknowledged: frozenset  # normalised matches an editor acknowledged in a text published here


def _allows(pt, medium: str) -> bool:
    if medium == SCREEN:
        return pt.decision.web and pt.decision.print
    return pt.decision.web if medium == WEB else pt.decision.print


def _reasons(pt, medium: str) -> list[str]:
    media = (Medium.WEB, Medium.PRINT) if medium == SCREEN else (Medium(medium),)
    return list(dict.fromkeys(r.value for m in media for r in pt.decision.reasons(m)))


_SENTENCE = re.compile(r"[^.!?…]+(?:[.!?…]+[»«\"”’)\]]*|$)")
_CLAUSE = re.compile(r"[,;:–—]\s")


def _plain(text) -> str:
    """A text's own words as plain text (blocks and poem lines on their own lines), without quote blocks."""
    doc = Doc()
    html = markdown.markdown(quotes.QUOTE_BLOCK.sub("\n\n", text.body), extensions=["tables", "sane_lists",
                                                                                     "footnotes"])
    _read_markup(html, doc, "text", block="\n", keep_lines=text.genre is Genre.POEM)
    return doc.raw


def _sentences(text, plain: str) -> list[str]:
    """Sentences of >= 6 words, and their clauses of >= 6 words; in poems, lines of >= 4 words.

    Clauses catch what a whole sentence would miss: a quote cut with (…), or a sentence split by a page break.
    """
    if text.genre is Genre.POEM:
        return [s for s in map(normalise, plain.split("\n")) if len(s.split()) >= MIN_POEM_LINE_WORDS]
    sentences = [s for line in plain.split("\n") for s in _SENTENCE.findall(line)]
    pieces = (normalise(p) for s in sentences for p in dict.fromkeys([s, *_CLAUSE.split(s)]))
    return [p for p in dict.fromkeys(pieces) if len(p.split()) >= MIN_SENTENCE_WORDS]


def _public_words(state, medium: str, plains: dict) -> str:
    """Everything that may legitimately appear in a medium; a needle found here cannot tell a leak apart."""
    docs = state.config.root / state.config.docs_dir
    parts = [p.read_text("utf-8", "replace") for p in sorted(docs.rglob("*.md"))] if docs.is_dir() else []
    for pp in state.plan.publications:
        pub = pp.publication
        parts += [pub.title, pub.subtitle or "", *pub.editors, pub.publisher.name or "", pub.licence or "",
                  pub.cover.alt or "", *(v or "" for v in vars(pub.credits).values())]
        photo_medium = Medium.WEB if medium == WEB else Medium.PRINT
        for pt in (pt for pt in pp.texts if _allows(pt, medium)):
            parts += [pt.text.title, pt.byline or "", plains[id(pt)]]
            parts += [p.alt or "" for p in pt.photos_for(photo_medium)]
    return normalise("\n".join(parts))


def _name_rules(state, medium: str) -> tuple[tuple, tuple, dict]:
    """Real names of everyone not published with their full name here, and the deny list."""
    register = state.project.register
    published = [pt for pt in state.plan.all_texts() if _allows(pt, medium)]
    named = {pt.text.contributor for pt in published if pt.text.byline is Byline.NAMED and pt.byline}
    shown = {normalise(pt.byline) for pt in published if pt.byline}
    who = {name: "deny" for name in register.deny}
    for cid, contributor in register.contributors.items():
        if cid not in named:
            who.update({n: cid for n in contributor.names if normalise(n) not in shown})
    who.update({slugify(n, " "): w for n, w in list(who.items())})  # "fjellheim troan" in URLs and file names
    probes = {normalise(p) for n in who for p in re.split(r"[\s\-‐‑–]+", n) if len(p) > 1}
    return tuple(sorted(who)), tuple(sorted(probes)), who


def build_rules(state) -> dict[str, Rules]:
    texts = state.plan.all_texts()
    register = state.project.register
    acked = acknowledge.acknowledged_matches(state.project, [*register.deny, *(
        n for c in register.contributors.values() for n in c.names)])
    plains = {id(pt): _plain(pt.text) for pt in texts}
    sentences = {id(pt): _sentences(pt.text, plains[id(pt)]) for pt in texts}
    rules = {}
    for medium in (WEB, SCREEN, PRINT):
        public = _public_words(state, medium, plains)
        public_words = set(public.split())
        found, titles = {}, {}
        for pt in (pt for pt in texts if not _allows(pt, medium)):
            photo_medium = Medium.WEB if medium == WEB else Medium.PRINT
            alts = [normalise(p.photo.alt or "") for p in pt.photos if not p.decision.allows(photo_medium)]
            for s in sentences[id(pt)] + [a for a in alts if len(a.split()) >= MIN_SENTENCE_WORDS]:
                # Inner words only: the first and last may be glued to punctuation in the output.
                inner = frozenset(s.split()[1:-1]) or frozenset(s.split())
                if not (inner <= public_words and s in public):
                    found.setdefault(max(inner, key=len), []).append((s, pt, inner))
            title = normalise(pt.text.title)
            if (len(title.split()) >= MIN_TITLE_WORDS or len(title) >= MIN_TITLE_CHARS) and title not in public:
                titles.setdefault(title, pt)
                titles.setdefault(normalise(slugify(pt.text.title)), pt)  # in URLs, anchors and file names
        ok = frozenset(normalise(m) for pt in texts if _allows(pt, medium)
                       for m in acked.get(pt.text.qualified_id, ()))
        rules[medium] = Rules(medium, found, titles, *_name_rules(state, medium), ok)
    # The manifest is the editors' record, never published: it names consent forms ("C-2026-Fjellheim") on
    # purpose. Only a fødselsnummer has no business there either.
    rules[PRIVATE] = Rules(PRIVATE, {}, {}, (), (), {}, frozenset())
    return rules


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

    def locate(self, needle: str) -> tuple[int, str]:
        """Where a normalised needle starts: two bisections over line and piece starts (run for hits only)."""
        raw = self.raw
        cuts = sorted({m.start() for m in re.finditer("\n", raw)} | {len(raw)})
        end = cuts[bisect.bisect_left(cuts, True, key=lambda c: needle in normalise(raw[:c]))]
        starts = sorted({0, *(c + 1 for c in cuts if c < end), *(s for s in self.starts if s < end)})
        first = bisect.bisect_left(starts, True, key=lambda s: needle not in normalise(raw[s:end])) - 1
        return self.where(starts[max(0, first)])


class _Markup(HTMLParser):
    """HTML/XML read back: visible text glued as a reader sees it; attributes, scripts and comments apart."""

    INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "em", "i", "kbd", "mark", "q", "s", "small", "span",
              "strong", "sub", "sup", "time", "u", "wbr", "del", "ins"}
    QUIET = {"class", "style", "rel", "type", "lang", "dir", "role", "tabindex", "width", "height", "charset",
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
                self.doc.add(value, line, place)
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
            self.doc.add(data, line, "style")
        else:
            self.doc.add(data if self.keep_lines else data.replace("\n", " "), line, self.text_place, glue=True)

    def handle_comment(self, data):
        self.doc.add(data, self.getpos()[0], "comment")


def _read_markup(text: str, doc: Doc, place: str, *, block: str = " ", keep_lines: bool = True) -> None:
    parser = _Markup(doc, place, block, keep_lines)
    parser.feed(text)
    parser.close()


_JS_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def _unescape_js(text: str) -> str:
    """\\u00f8-escaped letters in scripts must not hide a name."""
    return _JS_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text)


def _add_script(doc: Doc, data: str, line: int) -> None:
    try:
        value = json.loads(data)
    except ValueError:
        doc.add(_unescape_js(data), line, "script")
        return
    for s in _strings(value):
        doc.add(s, line, "script JSON")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, (dict, list)):
        for v in (value.values() if isinstance(value, dict) else value):
            yield from _strings(v)


def _read_json(text: str, doc: Doc, search_index: bool) -> None:
    value = json.loads(text)
    if search_index and isinstance(value, dict) and isinstance(value.get("docs"), list):
        for entry in value["docs"]:
            place = f"search index entry {entry.get('location', '?') if isinstance(entry, dict) else '?'}"
            for s in _strings(entry):
                sub = Doc()
                _read_markup(s, sub, place)  # the index holds page HTML: read it as text
                doc.add(sub.raw, 0, place)
        value = {k: v for k, v in value.items() if k != "docs"}
    for s in _strings(value):
        doc.add(s, 0, "search index" if search_index else "JSON")


IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".avif", ".heic"}
BINARY_SUFFIXES = {".woff", ".woff2", ".ttf", ".otf", ".eot", ".ico", ".zip"}  # nothing a reader sees as text


def read(name: str, data: bytes, doc: Doc) -> list[tuple[str, list[str]]]:
    """Fill ``doc`` with a file's text, by kind; returns the images in it that carry metadata: (place, kinds)."""
    suffix = Path(name).suffix.lower()
    if suffix == ".gz":
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            inner = fh.read(MAX_INFLATED + 1)
        if len(inner) > MAX_INFLATED:
            raise ValueError(f"unpacked larger than {MAX_INFLATED // 1_000_000} MB")
        return read(name[:-3], inner, doc)
    if suffix == ".pdf":
        return _read_pdf(data, doc)
    if suffix in IMAGE_SUFFIXES:
        kinds = images.find_metadata(data)
        return [("file", kinds)] if kinds else []
    if suffix in BINARY_SUFFIXES or (b"\x00" in data[:4096] and suffix not in (".json", ".xml", ".html")):
        return []
    text = data.decode("utf-8", "replace")
    if suffix in (".html", ".htm", ".xhtml", ".xml", ".svg", ".rss", ".atom"):
        _read_markup(text, doc, "text" if suffix.startswith((".htm", ".xht")) else "XML")
    elif suffix == ".json":
        try:
            _read_json(text, doc, Path(name).name == "search_index.json")
        except ValueError:
            doc.add(text, 1, "text")
    else:
        doc.add(_unescape_js(text), 1, "text")
    return []


def _read_pdf(data: bytes, doc: Doc) -> list[tuple[str, list[str]]]:
    import pikepdf
    import pypdfium2  # page text: pdfium (C++, a pinned dependency) is ~20x faster than pypdf's extract_text

    with contextlib.closing(pypdfium2.PdfDocument(data)) as pages:
        for number, page in enumerate(pages, 1):
            doc.add(page.get_textpage().get_text_bounded(), 0, f"page {number}")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        info = pdf.trailer.get("/Info")
        for key, value in (pdf.docinfo.items() if info is not None else ()):
            doc.add(str(value), 0, f"PDF metadata {key}")
        if "/Metadata" in pdf.Root:
            xmp = Doc()
            _read_markup(pdf.Root.Metadata.read_bytes().decode("utf-8", "replace"), xmp, "XMP")
            doc.add(xmp.raw, 0, "XMP")
        skip = {info.objgen} if info is not None else set()
        for title, objgen in _outline(pdf.Root.get("/Outlines"), set()):
            skip.add(objgen)
            doc.add(title, 0, "outline")
        image_pages, problems = {}, []
        for number, page in enumerate(pdf.pages, 1):
            for image in page.get_images().values():
                image_pages.setdefault(image.objgen, number)
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.objgen not in skip:
                for key, value in _pdf_strings(obj, "", 0):  # alt texts, link targets, destination names …
                    doc.add(value, 0, f"PDF object {key}")
            kinds = _image_kinds(pdf, obj) if isinstance(obj, pikepdf.Stream) else []
            if kinds:
                page = image_pages.get(obj.objgen)
                where = f"embedded image on page {page}" if page else f"embedded image (object {obj.objgen[0]})"
                problems.append((where, kinds))
    return problems


def _outline(node, seen: set):
    item = node.get("/First") if node is not None else None
    while item is not None and item.objgen not in seen:
        seen.add(item.objgen)
        yield str(item.get("/Title", "")), item.objgen
        yield from _outline(item, seen)
        item = item.get("/Next")


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


def _image_kinds(pdf, obj) -> list[str]:
    """Metadata left in an image XObject: its own /Metadata, or EXIF/XMP/… inside an embedded JPEG file."""
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
    return sorted(kinds)


# --- looking --------------------------------------------------------------------------------------------------


def _scan(doc: Doc, rules: Rules, path: Path, report: Report) -> None:
    raw = doc.raw
    norm = normalise(raw)
    words = set(norm.split())
    found: dict = {}
    for key in words & rules.sentences.keys():
        for needle, pt, inner in rules.sentences[key]:
            if inner <= words and needle in norm:
                found.setdefault(id(pt), [pt, needle, 0])[2] += 1
    for pt, needle, count in found.values():
        line, place = doc.locate(needle)
        report.error("verify.held-back-text", path, line, place=place, text=pt.text.qualified_id, count=count,
                     medium=rules.medium, reasons=_reasons(pt, rules.medium))
    titled = set()
    for needle, pt in rules.titles.items():
        # Whole words ("til deg" is not in "til degen"); a digit may follow: slugs get "-2" when titles repeat.
        whole = rf"(?<![^\W\d_]){re.escape(needle)}(?![^\W\d_])"
        if id(pt) not in titled and needle in norm and re.search(whole, norm):
            titled.add(id(pt))
            line, place = doc.locate(needle)
            report.error("verify.held-back-title", path, line, place=place, text=pt.text.qualified_id,
                         medium=rules.medium, reasons=_reasons(pt, rules.medium))
    seen = set()
    for hit in pii.find_names(raw, rules.names) if any(p in norm for p in rules.probes) else ():
        line, place = doc.where(hit.start)
        who = rules.who.get(hit.detail, "?")
        if normalise(hit.text) not in rules.acknowledged and (who, place) not in seen:
            seen.add((who, place))
            report.error("verify.name", path, line, place=place, who=who, medium=rules.medium)
    for hit in {h.text: h for h in pii.find_national_ids(raw) if h.kind == "fnr"}.values():
        line, place = doc.where(hit.start)
        report.error("verify.fnr", path, line, place=place, text=hit.text[:4] + "…")


def _medium_of(rel: Path, in_site: bool, pub_ids: set[str]) -> str:
    if rel.suffix.lower() == ".pdf" and (in_site or rel.stem in pub_ids):
        return SCREEN  # every PDF on the site is a download from the web; print/<pub>.pdf is its source
    if in_site:
        return WEB
    return PRIVATE if rel.as_posix() == MANIFEST else PRINT


def verify(state, site_dir: Path, print_dir: Path) -> Report:
    """Read every file under site_dir and print_dir; an error finding for anything that must not be there."""
    report = Report()
    if not state.project.register.available:
        report.warning("verify.no-register", None, 0)
    rules = build_rules(state)
    pub_ids = {pp.publication.id for pp in state.plan.publications}
    docs: dict[str, tuple] = {}  # by content: site/pdf/x.pdf is the same file as print/x.pdf, read it once
    for root, in_site in ((Path(site_dir), True), (Path(print_dir), False)):
        for path in sorted(Path(d, n) for d, _, names in os.walk(root) for n in names):
            rel = path.relative_to(root)
            medium_rules = rules[_medium_of(rel, in_site, pub_ids)]
            report.files_scanned += 1
            name = Doc()
            name.add(re.sub(r"[_./\\]+", " ", rel.as_posix()), 0, "file name")
            _scan(name, medium_rules, path, report)
            try:
                data = path.read_bytes()
                key = f"{rel.suffix}:{hashlib.sha256(data).hexdigest()}"
                if key not in docs:
                    doc = Doc()
                    docs[key] = doc, read(rel.name, data, doc)
            except Exception as exc:  # fail closed: what cannot be read cannot be shown to be clean
                report.error("verify.unreadable", path, 0, problem=f"{type(exc).__name__}: {exc}"[:200])
                continue
            doc, problems = docs[key]
            for place, kinds in problems:
                report.error("verify.image-metadata", path, 0, place=place, kinds=", ".join(kinds))
            _scan(doc, medium_rules, path, report)
    _check_plan(state, Path(site_dir), report)
    return report


def _check_plan(state, site_dir: Path, report: Report) -> None:
    # Published photo names are hashes of (text, index, file): a held-back photo's name is known in advance.
    for pt in state.plan.all_texts():
        for planned in pt.photos:
            target = site_dir / web.photo_uri(pt, planned.photo)
            if not planned.decision.web and target.exists():
                report.error("verify.photo-held-back", target, 0, file=planned.photo.key, text=pt.text.qualified_id,
                             reasons=[r.value for r in planned.decision.reasons(Medium.WEB)])
    # A writer named in one text and not in another: their name is allowed there, so it cannot be checked.
    for medium in (WEB, PRINT):
        for cid in state.project.register.contributors:
            named = [pt.text.byline is Byline.NAMED for pt in state.plan.all_texts()
                     if pt.text.contributor == cid and _allows(pt, medium)]
            if any(named) and not all(named):
                report.warning("verify.mixed-bylines", None, 0, who=cid, medium=medium)


# --- manifest -------------------------------------------------------------------------------------------------


def write_manifest(state, site_dir: Path, print_dir: Path, pdfs: dict) -> Path:
    """print/manifest.json: what was published where, on what consent. Editors only: it names the forms."""
    publications = []
    for pp in state.plan.publications:
        files = {kind: Path(p).name for kind, p in sorted(pdfs.get(pp.publication.id, {}).items())}
        on_screen = {id(pt) for pt in screen_texts(pp)}
        site_pdf = f"pdf/{files['screen']}" if "screen" in files and (
            Path(site_dir) / "pdf" / files["screen"]).is_file() else None
        texts, held = [], []
        for pt in pp.texts:
            held_back = {m.value: [r.value for r in pt.decision.reasons(m)]
                         for m in Medium if not pt.decision.allows(m)}
            if not pt.decision.anywhere:
                held.append({"id": pt.text.qualified_id, "reasons": held_back})
                continue
            in_pdfs = sorted(name for kind, name in files.items()
                             if (id(pt) in on_screen if kind == "screen" else pt.decision.print))
            texts.append(_manifest_text(pt, held_back, in_pdfs, site_pdf if id(pt) in on_screen else None))
        publications.append({"id": pp.publication.id, "title": pp.publication.title, "pdfs": files,
                             "site_pdf": site_pdf, "texts": texts, "held_back": held})
    target = Path(print_dir) / MANIFEST
    manifest = {"today": state.plan.today.isoformat(), "publications": publications}
    target.write_text(json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return target


def _iso(value):
    return value.isoformat() if value is not None else None


def _manifest_text(pt, held_back: dict, in_pdfs: list, site_pdf: str | None) -> dict:
    text, consent, review = pt.text, pt.text.consent, pt.text.review
    photos = [{"index": p.photo.index, "web": web.photo_uri(pt, p.photo) if p.decision.web else None,
               "print": p.decision.print, "held_back": {m.value: [r.value for r in p.decision.reasons(m)]
                                                        for m in Medium if not p.decision.allows(m)}}
              for p in pt.photos]
    return {
        "id": text.qualified_id, "title": text.title, "role": text.role.value,
        "byline": text.byline.value if text.byline else None,  # the mode only: never a real name
        "sha256": hashlib.sha256(Path(text.source.path).read_bytes()).hexdigest(),
        "consent": {"given": _iso(consent.given), "form": consent.form, "web": consent.web, "print": consent.print,
                    "publish_after": _iso(consent.publish_after)},
        "review": {"status": review.status.value if review.status else None, "by": review.by,
                   "date": _iso(review.date)},
        "web": pt.url if pt.decision.web else None, "site_pdf": site_pdf, "pdfs": in_pdfs,
        "photos": photos, "held_back": held_back,
    }
