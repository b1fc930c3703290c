"""Laying out one PDF in parts: the front matter, runs of texts, the back; each part on its own, then joined.

Why: WeasyPrint lays a document out whole and keeps every page in memory until it is written. In parts, an
edited text lays out its own run again and the rest comes from the cache (pdf_cache, keyed by each part's
HTML), a process holds one part at a time, and time per page does not grow with the length of the book.

Why the joined PDF is the one a single layout makes:

- every text begins on a new page (print.css), so a cut between two texts moves no line;
- a part knows where it begins: its first page's place in the whole (a part that must begin on a left-hand
  page is laid out after a spacer page, which is dropped), the page counter there, the footnote count
  (footnote_numbering: document) and the publication title of the running heads (print.html, ``part.css``);
- the front part (cover, title page, colophon, contents, a report's foreword) is laid out last, with the page
  numbers the other parts gave their anchors written out. Its length moves every later page, so it is laid out
  first with the numbers of the build before (or wide stand-ins) to learn its length, and again with the real
  numbers; if its length changed in between, everything after it is laid out again;
- two texts joined by a page reference («se side 12») stay in one part, where WeasyPrint counts the page;
  a page reference between the front matter and a text, a print template of a project's own that does not
  know parts, or texts that make a single run (a short booklet) mean the PDF is laid out whole (``lay_out``
  returns None);
- links to another part point at a stand-in anchor of the same name, and pdf_join points them at the real one;
  the outline, the tags (PDF/UA) and the page labels are joined there too.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from . import pdf_cache, pdf_finish, pdf_join, pdf_tags

PART_CHARS = 40_000
"""Body HTML in a run of texts before a cut may fall (about 20 A5 pages of prose). Each part costs a fixed 0.05 s
or so of WeasyPrint's set-up, and its fonts are subset on their own. Shorter runs (20,000) made an edit that moves
no page a little cheaper, but one that moves the later pages (a text grown by a page) lay out 28 parts again
instead of 8 at 200 texts."""
MAX_PART_CHARS = 4 * PART_CHARS
CUT_ONE_IN = 4
"""A cut falls after a text whose id hashes to 0 modulo this (once the run is long enough): the cuts depend on
the texts around them only, so a text added or removed moves no cut elsewhere and the other parts are reused."""
ROUNDS = 3
"""Layouts of the front part at most: its length is learnt, then confirmed; a third is for a rare wobble."""
WIDE_FOLIO = "888"
"""The page number the first layout of the contents writes where it knows none yet."""

_ID = re.compile(r'\sid="([^"]+)"')
_LINK = re.compile(r"<a\s([^>]*)>")
_ATTR = re.compile(r'([\w-]+)="([^"]*)"')
_NOTE = re.compile(r'<span class="fn"')


class _Whole(Exception):
    """This PDF cannot be laid out in parts; it is laid out whole."""


@dataclass
class Laid:
    data: bytes | None
    """None: laid out to learn its length and anchors only, never written (a front with stand-in numbers)."""
    pages: int
    anchors: dict[str, int]
    """Anchor -> 0-based page within the part (the spacer dropped)."""
    warnings: list[str]
    entry: str = ""
    """Its key in the cache (pdf_cache.PARTS)."""


def lay_out(page, pp, variant, options: dict, *, cache: Path | None, pdf_name: str
            ) -> tuple[bytes, int, list[str], list[str]] | None:
    """The PDF of ``page`` (pdf.Page) laid out in parts and joined: its bytes, page count, warnings and the cache
    keys of its parts; None where it must be laid out whole."""
    texts = page.context["texts"]
    reading = _Reading(texts)
    try:
        runs = _runs(texts, reading)
        return _Build(page, pp, variant, options, cache, pdf_name, runs, reading).run()
    except _Whole:
        return None


def _runs(texts: list[dict], reading: _Reading | None = None) -> tuple[list[dict], list[list[dict]]]:
    """The front matter's texts and the runs of the other texts, one part each."""
    reading = reading or _Reading(texts)
    front = [t for t in texts if t["front"]]
    main = texts[len(front):]
    if not main or any(t["front"] for t in main):
        raise _Whole
    owner = {name: index for index, t in enumerate(texts) for name in reading.anchors[t["id"]]}
    together = [0] * len(texts)  # together[i]: the last text that must share a part with text i
    for index, t in enumerate(texts):
        together[index] = max(together[index], index)
        for href, classes in reading.links[t["id"]]:
            target = owner.get(href)
            if target is None or target == index or "side" not in classes.split():
                continue
            low, high = sorted((index, target))
            if low < len(front) <= high:
                raise _Whole  # a page number between the front matter and a text: the front is laid out last
            together[low] = max(together[low], high)
    runs, run, size, reach = [], [], 0, 0
    for index in range(len(front), len(texts)):
        t = texts[index]
        run.append(t)
        size += len(t["body"])
        reach = max(reach, together[index])
        cut = int(hashlib.sha1(t["id"].encode()).hexdigest(), 16) % CUT_ONE_IN == 0
        if reach <= index and size >= PART_CHARS and (cut or size >= MAX_PART_CHARS):
            runs.append(run)
            run, size = [], 0
    if run:
        runs.append(run)
    if len(runs) < 2:
        raise _Whole  # one run: parts would only add the front's second layout and a join (0.3 s at 10 texts)
    return front, runs


class _Reading:
    """Each text's anchors (its own and every id in its body) and its links to anchors, (anchor, classes): read
    from its body once per PDF."""

    def __init__(self, texts: list[dict]):
        self.anchors = {t["id"]: {t["anchor"], *_ID.findall(t["body"])} for t in texts}
        self.links = {t["id"]: _links(t["body"]) for t in texts}

    def held(self, texts: list[dict]) -> set[str]:
        return {name for t in texts for name in self.anchors[t["id"]]}

    def linked(self, texts: list[dict]) -> set[str]:
        return {href for t in texts for href, _ in self.links[t["id"]]}


def _links(body: str) -> list[tuple[str, str]]:
    found = []
    for match in _LINK.finditer(body):
        attrs = dict(_ATTR.findall(match.group(1)))
        if attrs.get("href", "").startswith("#"):
            found.append((attrs["href"][1:], attrs.get("class", "")))
    return found


class _Build:
    def __init__(self, page, pp, variant, options, cache, pdf_name, runs, reading: _Reading):
        self.page, self.pp, self.variant, self.options = page, pp, variant, options
        self.cache = cache / pdf_cache.PARTS if cache is not None else None  # beside the whole PDFs
        self.pdf_name = pdf_name
        self.front, self.runs = runs
        self.roman = bool(page.context["roman"])
        self.title = pp.publication.title
        self.through = bool(page.context["footnotes_through"])
        self.hints = cache.parent / "sidetall" / f"{pp.publication.id}-{variant.name}.json" if cache else None
        # Stand-ins only for anchors another part holds: a link to no anchor at all fails as in a whole layout.
        self.reading = reading
        self.anchors = reading.held(page.context["texts"])
        self.stand_ins_front = sorted(((set(self._named()) | reading.linked(self.front)) - reading.held(self.front))
                                      & self.anchors)

    # -- the whole -----------------------------------------------------------------------------------------

    def run(self) -> tuple[bytes, int, list[str], list[str]]:
        numbers = self._hint()
        # Without a kept hint the first front only says how long it is: its stand-in numbers are never printed, so
        # it is not drawn and written (about half of a front's layout, and the contents is the slowest part per page).
        guessed = numbers != self._stand_ins()
        for _round in range(ROUNDS):
            front = self._front(numbers, write=guessed or _round > 0)
            parts, owners, main_start = self._rest(front.pages)
            real = self._numbers(front, parts, owners, main_start)
            if real == numbers:
                if front.data is None:  # stand-ins that were right after all: lay it out again to write it
                    front = self._front(numbers)
                break
            final = self._front(real)
            if final.pages == front.pages and self._same_front_anchors(front, final):
                front = final
                numbers = real
                break
            numbers = real  # the contents changed length with its numbers: lay out what follows again
        else:
            raise _Whole
        self._keep_hint(numbers)
        laid = [front, *parts]
        data = pdf_join.join([p.data for p in laid], owners=owners,
                             labels=(main_start - 1 if self.roman else None, self.roman))
        warnings: list[str] = []
        for part in laid:
            warnings += [w for w in part.warnings if w not in warnings]
        return data, sum(p.pages for p in laid), warnings, [p.entry for p in laid]

    def _rest(self, front_pages: int):
        """The runs of texts and the back after a front part of ``front_pages`` pages."""
        start = front_pages + 1  # 1-based place of the next page in the whole
        notes = sum(len(_NOTE.findall(t["body"])) for t in self.front)
        main_start = None
        parts: list[Laid] = []
        owners: dict[str, int] = {}
        for number, run in enumerate(self.runs, start=1):
            inside = self.reading.held(run)
            stand_ins = sorted((self.reading.linked(run) - inside) & self.anchors)
            laid = self._part("texts", run, start, main_start, notes, stand_ins)
            if main_start is None:
                first = run[0]["anchor"]
                main_start = start + laid.anchors[first]
            for name in inside:
                owners[name] = number
            parts.append(laid)
            start += laid.pages
            notes += sum(len(_NOTE.findall(t["body"])) for t in run)
        back = self._part("back", [], start, main_start, notes, [],
                          pad=self.page.context["pad"])
        parts.append(back)
        return parts, owners, main_start

    # -- one part ------------------------------------------------------------------------------------------

    def _front(self, numbers: dict[str, str], *, write: bool = True) -> Laid:
        part = {"kind": "front", "texts": self.front, "spacer": False, "css": Markup(""),
                "stand_ins": self.stand_ins_front, "pages": numbers}
        return self._lay_out(part, write=write)

    def _part(self, kind: str, run: list[dict], start: int, main_start: int | None, notes: int,
              stand_ins: list[str], *, pad: int = 0) -> Laid:
        spacer = start % 2 == 0  # a document's first page is a right-hand page: an even place needs a spacer
        counter = self._counter(start, main_start) - (1 if spacer else 0)
        css = [f"@page :first {{ counter-set: page {counter}; }}"]
        main = [f"string-set: publikasjon {_css_string(self.title)};"]
        if self.through:
            main.append(f"counter-reset: footnote {notes};")
        css.append("main { " + " ".join(main) + " }")
        part = {"kind": kind, "texts": run, "spacer": spacer, "css": Markup("\n".join(css)),
                "stand_ins": stand_ins, "pages": {}}
        return self._lay_out(part, spacer=spacer, pad_before=start - 1 if pad else None)

    def _lay_out(self, part: dict, *, spacer: bool = False, pad_before: int | None = None, write: bool = True
                 ) -> Laid:
        from . import pdf

        html = self.page.render(part)
        if 'name="hefte-del"' not in html:
            raise _Whole  # the project's own print template: it knows no parts
        entry = pdf_cache.key_of(html, self.options, f"{self.variant.name} del", self.page.inputs)
        found = pdf_cache.get_part(self.cache, entry)
        if found is not None:
            data, pages, warnings, extra = found
            return Laid(data, pages, {k: int(v) for k, v in extra.get("anchors", {}).items()}, warnings, entry)
        with pdf.laid_out(self.page, html, self.pp, self.options, self.pdf_name) as (document, logged):
            if spacer:
                document = document.copy(document.pages[1:])
            if pad_before is not None:
                document = pdf._padded(document, self.page.context["pad"], pad_before)
            anchors: dict[str, int] = {}
            for index, laid_page in enumerate(document.pages):
                for name in laid_page.anchors:
                    anchors.setdefault(name, index)
            if not write:
                return Laid(None, len(document.pages), anchors, [])
            low_dpi = pdf._low_dpi(document, self.page.fetcher, self.pdf_name) if self.variant.is_print else []
            with pdf_finish.while_writing():
                data = document.write_pdf(**self.options)
            pages = len(document.pages)
        if not self.variant.is_print:
            data = pdf_tags.finish(data)
        warnings = [*low_dpi, *logged]
        pdf_cache.put(self.cache, entry, data, pages, warnings, {"anchors": anchors})
        return Laid(data, pages, anchors, warnings, entry)

    # -- page numbers --------------------------------------------------------------------------------------

    def _counter(self, place: int, main_start: int | None) -> int:
        """The page counter on the page at 1-based ``place``: from the cover on, or (roman front matter) from the
        first page of the main matter on."""
        if self.roman and main_start is not None and place >= main_start:
            return place - main_start + 1
        return place

    def _numbers(self, front: Laid, parts: list[Laid], owners: dict[str, int], main_start: int) -> dict[str, str]:
        """Every anchor the contents and the list of figures name, with the page number printed on its page.
        ``owners``: which part (1 = the first after the front) holds an anchor; the others hold stand-ins."""
        starts = [1, front.pages + 1]
        for part in parts:
            starts.append(starts[-1] + part.pages)
        laid = [front, *parts]
        numbers = {}
        for name in self._named():
            number = owners.get(name, 0)  # not in a run: in the front matter, or nowhere
            if name not in laid[number].anchors:
                numbers[name] = ""
                continue
            place = starts[number] + laid[number].anchors[name]
            if self.roman and place < main_start:
                numbers[name] = _roman(place)
            else:
                numbers[name] = str(self._counter(place, main_start))
        return numbers

    def _named(self) -> list[str]:
        context = self.page.context
        names = [t["anchor"] for t in context["texts"]]
        names += [s["href"][1:] for t in context["texts"] for s in t["sections"]]
        names += [f["href"][1:] for f in context["figure_list"]]
        return names

    def _same_front_anchors(self, one: Laid, other: Laid) -> bool:
        return {k: v for k, v in one.anchors.items() if k not in self.stand_ins_front} == \
            {k: v for k, v in other.anchors.items() if k not in self.stand_ins_front}

    def _stand_ins(self) -> dict[str, str]:
        return {name: WIDE_FOLIO for name in self._named()}

    def _hint(self) -> dict[str, str]:
        """The contents' page numbers of the build before: its first layout is then most often its last."""
        numbers = self._stand_ins()
        try:
            known = json.loads(self.hints.read_text("utf-8")) if self.hints else {}
        except (OSError, ValueError):
            known = {}
        if isinstance(known, dict):
            numbers.update({k: str(v) for k, v in known.items() if k in numbers})
        return numbers

    def _keep_hint(self, numbers: dict[str, str]) -> None:
        if self.hints is None:
            return
        try:
            self.hints.parent.mkdir(parents=True, exist_ok=True)
            self.hints.write_text(json.dumps(numbers), "utf-8")
        except OSError:
            pass  # only a hint


def _css_string(text: str) -> str:
    """``text`` as a CSS string inside a <style> element: every character but letters, digits and spaces
    escaped, so neither a quote nor «</style>» in a title can end it."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text) + '"'


def _roman(number: int) -> str:
    out = []
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)
