"""hefte's Markdown syntax: ``:::`` blocks (bound quotes, interview quotes, other languages), ``[words]{lang=…}``
spans, and ``[@…]`` citations and cross-references. Used through markdown_ext.HefteExtension."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import TYPE_CHECKING

from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.util import AtomicString

from ..guard.quotes import LEAD_IN
from .citations import Cite, parse_locator
from .outline import split_label

if TYPE_CHECKING:
    from .markdown_ext import Context

FENCE_OPEN = re.compile(r"^:::[ \t]*(?P<kind>sitat|intervju|\{[^}\n]*\})(?P<arg>[^\n]*)$")
FENCE_CLOSE = re.compile(r"^:::[ \t]*$")
LANG_ATTR = re.compile(r"""^\{\s*lang\s*=\s*["']?(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)["']?\s*\}$""")
CITE_ITEM = re.compile(r"^(?P<prefix>(?:.*\s)?)(?P<minus>-?)@(?P<key>\w[\w:./-]*?)(?P<rest>(?:[,\s].*)?)$", re.S)
CITE = r"\[(?P<body>[^\[\]\n]*@[^\[\]\n]+)\](?![(\[{])"
LANG_SPAN = r"""\[(?P<words>[^\[\]\n]+)\]\{\s*lang\s*=\s*["']?(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)["']?\s*\}"""


class FenceSpacing(Preprocessor):
    """A fence line is a block of its own even without blank lines around it: a ``::: sitat`` written right
    under a paragraph must still be a quote (and obey its source's consent), never part of the paragraph."""

    def run(self, lines):
        out = []
        for line in lines:
            fence = FENCE_OPEN.match(line) or FENCE_CLOSE.match(line)
            if fence and out and out[-1].strip() and not (FENCE_OPEN.match(out[-1]) and FENCE_CLOSE.match(line)):
                out.append("")
            out.append(line)
            if FENCE_CLOSE.match(line):
                out.append("")
        return out


# --- blocks ---------------------------------------------------------------------------------------------------


class FenceProcessor(BlockProcessor):
    """``::: sitat``, ``::: intervju`` and ``::: {lang=…}`` blocks, which may span several Markdown blocks."""

    def __init__(self, parser, ctx: Context):
        super().__init__(parser)
        self.ctx = ctx

    def test(self, parent, block):
        return bool(FENCE_OPEN.match(block.split("\n", 1)[0]))

    def run(self, parent, blocks):
        opener = FENCE_OPEN.match(blocks[0].split("\n", 1)[0])
        found = _close(blocks)
        if found is None:
            if opener["kind"] != "sitat":
                return False  # unclosed: check says so; the lines stay visible text rather than vanish
            # An unclosed quote runs to the end: its words must still obey their source's consent.
            everything = "\n\n".join(blocks)
            found = len(blocks), everything.partition("\n")[2], ""
        count, inner, rest = found
        del blocks[:count]
        if rest:
            blocks.insert(0, rest)
        kind, arg = opener["kind"], opener["arg"].strip()
        if kind.startswith("{"):
            lang = LANG_ATTR.match(kind)
            div = etree.SubElement(parent, "div")
            if lang:
                div.set("lang", lang["lang"])
            self.parser.parseChunk(div, inner)
            return True
        lead_in, words = _lead_in(inner)
        if kind == "sitat":
            source = self.ctx.quote(arg)
            if source is None:
                self.ctx.dropped_quotes.append(arg)
                return True  # the quote and the sentence introducing it go together
            credit, lang, href, css = source.credit, source.lang, source.href, "sitat"
        else:
            credit, lang, href, css = arg, None, None, "intervju"
        if lead_in:
            intro = etree.SubElement(parent, "p")
            intro.set("class", "sitat-inn")
            intro.text = lead_in
        figure = etree.SubElement(parent, "figure")
        figure.set("class", css)
        if lang:
            figure.set("lang", lang)
        quote = etree.SubElement(figure, "blockquote")
        self.parser.parseChunk(quote, words)
        if credit:
            caption = etree.SubElement(figure, "figcaption")
            caption.text = "— "
            if href:
                link = etree.SubElement(caption, "a")
                link.set("href", href)
                link.text = AtomicString(credit)
            else:
                caption.text = AtomicString("— " + credit)
        return True


def _close(blocks: list[str]) -> tuple[int, str, str] | None:
    """(blocks used, the inside, what follows the closing line) of the fence opened in blocks[0]."""
    depth, inner = 0, []
    for index, block in enumerate(blocks):
        lines = block.split("\n")
        for line_no, line in enumerate(lines):
            if FENCE_OPEN.match(line):
                depth += 1
                if depth == 1:
                    continue
            elif FENCE_CLOSE.match(line):
                depth -= 1
                if depth == 0:
                    return index + 1, "\n".join(inner).strip("\n"), "\n".join(lines[line_no + 1:])
            inner.append(line)
        inner.append("")
    return None


def _lead_in(inner: str) -> tuple[str | None, str]:
    first, _, rest = inner.lstrip("\n").partition("\n")
    found = LEAD_IN.match(first)
    return (found["words"].strip(), rest) if found else (None, inner)


# --- inline -----------------------------------------------------------------------------------------------------


class LangSpanProcessor(InlineProcessor):
    """``[some words]{lang=en}`` -> ``<span lang="en">some words</span>``."""

    def handleMatch(self, m, data):
        span = etree.Element("span")
        span.set("lang", m["lang"])
        span.text = m["words"]
        return span, m.start(0), m.end(0)


class CiteProcessor(InlineProcessor):
    """``[@key]`` citations and ``[@tab:label]`` cross-references."""

    def __init__(self, pattern, ctx: Context):
        super().__init__(pattern)
        self.ctx = ctx

    def handleMatch(self, m, data):
        items = [CITE_ITEM.match(part.strip()) for part in m["body"].split(";")]
        if not items or any(item is None for item in items):
            return None, None, None
        refs = [(item, split_label(item["key"])) for item in items]
        if all(label for _, label in refs):
            return self._xrefs(refs), m.start(0), m.end(0)
        if any(label for _, label in refs):
            return None, None, None
        return self._citation([item for item, _ in refs], m[0]), m.start(0), m.end(0)

    def _xrefs(self, refs) -> etree.Element:
        self.ctx.needs_outline = True
        span = etree.Element("span")
        for index, (item, _) in enumerate(refs):
            link = etree.SubElement(span, "a")
            link.set("data-ref", item["key"])
            if "side" in item["rest"].lower():
                link.set("data-side", "1")
            link.text = AtomicString(f"[@{item['key']}]")
            link.tail = AtomicString(", ") if index < len(refs) - 1 else None
        return span if len(refs) > 1 else span[0]

    def _citation(self, items, raw: str) -> etree.Element:
        ctx = self.ctx
        ctx.needs_outline = True
        cites = []
        for item in items:
            ctx.outline.cited.setdefault(item["key"].lower(), None)
            locator, label = parse_locator(item["rest"])
            cites.append(Cite(item["key"].lower(), locator, label, bool(item["minus"]), item["prefix"].strip()))
        span = etree.Element("span")
        span.set("class", "sitering")
        citations = ctx.outline.citations
        if not ctx.outline.complete or citations is None or not all(citations.knows(c.key) for c in cites):
            span.text = AtomicString(raw)  # unknown key: check reports it; the reader sees what was written
            return span
        html = citations.cite(cites)
        if cites[0].prefix and cites[0].prefix not in html:
            html = html.replace("(", f"({cites[0].prefix} ", 1) if html.startswith("(") else f"{cites[0].prefix} {html}"
        append_html(span, html)
        return span


def append_html(parent: etree.Element, html: str) -> None:
    """citeproc's HTML (``<i>``, ``<b>``, entities) as elements; plain text if it does not parse."""
    try:
        wrapper = etree.fromstring(f"<span>{html.replace('&nbsp;', '&#160;')}</span>")
    except etree.ParseError:
        parent.text = AtomicString(re.sub(r"<[^>]+>", "", html))
        return
    parent.text = AtomicString(wrapper.text or "")
    for child in wrapper:
        _atomic(child)
        parent.append(child)


def _atomic(element: etree.Element) -> None:
    for node in element.iter():
        node.text = AtomicString(node.text) if node.text else node.text
        node.tail = AtomicString(node.tail) if node.tail else node.tail
