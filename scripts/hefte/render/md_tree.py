"""hefte's Markdown tree processors: captions, figures, numbered headings, print footnotes, ids, cross-references
and the literature list. Used through markdown_ext.HefteExtension; what they number goes into the Outline."""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as etree
from typing import TYPE_CHECKING

from markdown.extensions.footnotes import NBSP_PLACEHOLDER
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .md_blocks import append_html
from .outline import CAPTION_WORDS, Heading, Outline, Target, anchor_for, split_label

if TYPE_CHECKING:
    from .markdown_ext import Context

LABEL = re.compile(r"\s*\{#(?P<key>[A-Za-z]+:[\w.-]+)\}\s*$")
TABLE_CAPTION = re.compile(r"^\s*(?:Tabell|Tab\.|Table)(?:\s+[\dA-Z]+(?:\.\d+)?)?\s*[.:]\s*", re.I)
FIGURE_CAPTION = re.compile(r"^\s*(?:Figur|Fig\.|Figure)(?:\s+[\dA-Z]+(?:\.\d+)?)?\s*[.:]\s*", re.I)


# --- tree: labels, captions, figures (before the toc extension gives headings their ids) ----------------------


class LabelsProcessor(Treeprocessor):
    def __init__(self, md, ctx: Context):
        super().__init__(md)
        self.ctx = ctx

    def run(self, root):
        self.ctx.numbers.reset()
        for parent in list(root.iter()):
            children = list(parent)
            for index, child in enumerate(children):
                after = children[index + 1] if index + 1 < len(children) else None
                if child.tag == "p" and after is not None and after.tag == "table":
                    self._table_caption(parent, child, after)
                elif child.tag == "p" and _lone_image(child) is not None:
                    self._figure(parent, child, _lone_image(child))
                elif child.tag in ("h2", "h3", "h4", "h5", "h6"):
                    key = _take_label(child)
                    if key:
                        child.set("id", anchor_for(key))
                        child.set("data-label", key)
                elif child.tag == "blockquote":
                    _attribution(parent, child)

    def _table_caption(self, parent, paragraph, table):
        head = TABLE_CAPTION.match(paragraph.text or "")
        if not head:
            return
        ctx = self.ctx
        key = _take_label(paragraph)
        number = ctx.numbers.caption_number("tabell")
        paragraph.text = paragraph.text[head.end():]
        caption = etree.Element("caption")
        _number_span(caption, f"{CAPTION_WORDS['tabell']} {number}", ": ")
        _move_content(paragraph, caption)
        anchor = anchor_for(key) if key else f"tabell-{anchor_for(number)}"
        table.set("id", anchor)
        table.insert(0, caption)
        parent.remove(paragraph)
        self._record("tabell", number, anchor, key, _plain(caption).partition(": ")[2])

    def _figure(self, parent, paragraph, image):
        ctx = self.ctx
        source = ctx.figure(image.get("src", ""))
        key = _take_label(paragraph)
        index = list(parent).index(paragraph)
        parent.remove(paragraph)
        if source is None:
            return  # not a photo of this text allowed in this output: check says which
        ctx.placed_photos.append(image.get("src", ""))
        ctx.figure_srcs.add(source.src)
        figure = etree.Element("figure")
        figure.set("class", "figur")
        img = etree.SubElement(figure, "img")
        img.set("src", source.src)
        img.set("alt", source.alt)
        caption = etree.SubElement(figure, "figcaption")
        words = FIGURE_CAPTION.sub("", image.get("alt", ""), count=1).strip()
        number = ctx.numbers.caption_number("figur") if ctx.number_figures else ""
        if number:
            _number_span(caption, f"{CAPTION_WORDS['figur']} {number}", ": " if words else "")
            caption[-1].tail += words
        else:
            caption.text = words
        if source.credit:
            credit = etree.SubElement(caption, "span")
            credit.set("class", "kreditering")
            # A report's figure is often a chart: its credit is a source; a booklet's is a photographer.
            credit.text = AtomicString(f" (kilde: {source.credit})" if ctx.number_figures else f" (foto: {source.credit})")
        if not (words or number or source.credit):
            figure.remove(caption)
        anchor = anchor_for(key) if key else (f"figur-{anchor_for(number)}" if number else "")
        if anchor:
            figure.set("id", anchor)
        parent.insert(index, figure)
        if number:
            self._record("figur", number, anchor, key, words)

    def _record(self, kind, number, anchor, key, title):
        ctx = self.ctx
        target = Target(kind, number, ctx.text_id, anchor, title.strip())
        ctx.numbers.captions.append(target)
        if key:
            ctx.outline.targets[key] = target


def _lone_image(paragraph) -> etree.Element | None:
    if len(paragraph) == 1 and paragraph[0].tag == "img" and not (paragraph.text or "").strip():
        tail = paragraph[0].tail or ""
        if not tail.strip() or LABEL.fullmatch(tail):
            return paragraph[0]
    return None


def _take_label(element) -> str | None:
    """Remove a trailing ``{#kind:name}`` from an element's text and return ``kind:name``."""
    last = element[-1] if len(element) else None
    text = (last.tail if last is not None else element.text) or ""
    found = LABEL.search(text)
    if not found:
        return None
    if last is not None:
        last.tail = text[:found.start()]
    else:
        element.text = text[:found.start()]
    return found["key"]


def _number_span(parent, words: str, after: str) -> None:
    span = etree.SubElement(parent, "span")
    span.set("class", "nummer")
    span.text = AtomicString(words)
    span.tail = after


def _move_content(source, target) -> None:
    """Append source's text and children to target (after what target already holds)."""
    last = target[-1] if len(target) else None
    if last is not None:
        last.tail = (last.tail or "") + (source.text or "")
    else:
        target.text = (target.text or "") + (source.text or "")
    for child in list(source):
        source.remove(child)
        target.append(child)


def _attribution(parent, quote) -> None:
    """A ``>`` quote whose last paragraph starts with a dash: the dash line is its attribution."""
    paragraphs = [c for c in quote if c.tag == "p"]
    if len(paragraphs) < 2 or quote[-1] is not paragraphs[-1]:
        return
    last = paragraphs[-1]
    if not re.match(r"^\s*[—–-]\s", last.text or ""):
        return
    index = list(parent).index(quote)
    figure = etree.Element("figure")
    figure.set("class", "intervju")
    quote.remove(last)
    parent.remove(quote)
    figure.append(quote)
    caption = etree.SubElement(figure, "figcaption")
    last.text = "— " + re.sub(r"^\s*[—–-]\s*", "", last.text)
    _move_content(last, caption)
    figure.tail = quote.tail
    quote.tail = None
    parent.insert(index, figure)


def _plain(element, *, skip_notes: bool = False) -> str:
    """An element's text as a reader sees it; ``skip_notes`` leaves out footnote calls."""
    parts = []

    def walk(node):
        is_note = node.tag == "sup" and any("footnote-ref" in (a.get("class") or "") for a in node.iter("a"))
        if skip_notes and (is_note or (node.get("class") or "") == "fn"):
            return
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")

    walk(element)
    return " ".join("".join(parts).replace(NBSP_PLACEHOLDER, " ").split())


# --- tree: numbers, footnotes, ids, references (after the toc extension) ----------------------------------------


class NumbersProcessor(Treeprocessor):
    def __init__(self, md, ctx: Context):
        super().__init__(md)
        self.ctx = ctx

    def run(self, root):
        ctx = self.ctx
        notes = root.find("./div[@class='footnote']")
        self._headings(root, notes)
        if ctx.literature and ctx.outline.citations is not None:
            ctx.needs_outline = True
            if ctx.outline.complete:
                _literature_list(root, ctx.outline)
        if ctx.for_print and notes is not None:
            _footnotes_at_call(root, notes)
        if ctx.id_prefix:
            _prefix_ids(root, ctx.id_prefix)
        self._references(root)

    def _headings(self, root, notes):
        ctx, counters = self.ctx, [0, 0, 0]
        in_notes = set(notes.iter()) if notes is not None else set()
        for heading in [e for e in root.iter() if e.tag in ("h2", "h3", "h4") and e not in in_notes]:
            level = int(heading.tag[1])
            counters[level - 2] += 1
            counters[level - 1:] = [0] * (3 - (level - 1))
            number = ctx.numbers.section_number(level, counters) if level <= 3 else ""
            title = _plain(heading, skip_notes=True)
            if number:
                span = etree.Element("span")
                span.set("class", "nummer")
                span.text = AtomicString(number)
                span.tail = " " + (heading.text or "")
                heading.text = None
                heading.insert(0, span)
            heading.set("data-bokmerke", f"{number} {title}".strip())
            anchor = heading.get("id", "")
            ctx.numbers.headings.append(Heading(level, number, title, anchor))
            key = heading.attrib.pop("data-label", None)
            if key:
                ctx.outline.targets[key] = Target("avsnitt", number, ctx.text_id, anchor, title)

    def _references(self, root):
        ctx = self.ctx
        for link in [e for e in root.iter("a") if e.get("data-ref")]:
            key = link.attrib.pop("data-ref")
            side = link.attrib.pop("data-side", None)
            target = ctx.outline.targets.get(key.lower()) or ctx.outline.targets.get(key)
            if target is None:
                label = split_label(key)
                target = ctx.outline.targets.get(f"{label[0][:3]}:{label[1]}") if label else None
            if target is None:
                link.tag = "span"  # unresolved (yet): check names it; the reader sees what was written
                continue
            link.set("href", ctx.link(target))
            link.set("class", "xref side" if side and ctx.for_print else "xref")
            link.text = AtomicString(target.words(ctx.lang, capital=key[:1].isupper()))


def _literature_list(root, outline: Outline) -> None:
    box = etree.SubElement(root, "div")
    box.set("class", "litteraturliste")
    entries = outline.citations.entries()
    for key, html in entries:
        entry = etree.SubElement(box, "p")
        entry.set("class", "referanse")
        entry.set("id", f"ref-{anchor_for(key)}")
        append_html(entry, html)


def _footnotes_at_call(root, notes) -> None:
    """Markdown's list of notes at the end -> each note's content at its call, for WeasyPrint's float: footnote."""
    contents = {}
    for item in notes.findall("./ol/li"):
        span = etree.Element("span")
        span.set("class", "fn")
        for index, block in enumerate(list(item)):
            for backref in [a for a in block.iter("a") if a.get("class") == "footnote-backref"]:
                _remove_keep_tail(block, backref)
            if index:
                etree.SubElement(span, "br")  # a footnote is inline in its paragraph: blocks become lines
            if block.tag == "p":
                _move_content(block, span)
            else:
                item.remove(block)
                span.append(block)
        for node in span.iter():
            node.text = node.text.replace(NBSP_PLACEHOLDER, "") if node.text else node.text
            node.tail = node.tail.replace(NBSP_PLACEHOLDER, "") if node.tail else node.tail
        last = span[-1] if len(span) else None
        if last is not None:
            last.tail = (last.tail or "").rstrip() or None
        elif span.text:
            span.text = span.text.rstrip()
        contents[item.get("id")] = span
    parents = {child: parent for parent in root.iter() for child in parent}
    parents.pop(notes, None)
    root.remove(notes)
    used = set()
    for sup in [s for s in root.iter("sup") if s.find("a[@class='footnote-ref']") is not None]:
        note_id = sup.find("a").get("href", "#")[1:]
        note = contents.get(note_id)
        parent = parents.get(sup)
        if note is None or parent is None:
            continue
        if note_id in used:
            note = _copy(note)  # a second call of the same note prints it again, without a second id
        else:
            note.set("id", note_id)
            used.add(note_id)
        _replace_with_anchor(parent, sup, note)


def _replace_with_anchor(parent, sup, note) -> None:
    """The call sticks to the word before it, so a full line never leaves the number alone on the next one."""
    children = list(parent)
    index = children.index(sup)
    before = children[index - 1] if index else None
    text = (before.tail if before is not None else parent.text) or ""
    word = re.search(r"[^\s]*$", text)[0]
    rest = text[: len(text) - len(word)]
    if before is not None:
        before.tail = rest
    else:
        parent.text = rest
    anchor = etree.Element("span")
    anchor.set("class", "fn-anker")
    anchor.text = word
    anchor.append(note)
    anchor.tail = sup.tail
    parent.remove(sup)
    parent.insert(index, anchor)


def _copy(element):
    duplicate = copy.deepcopy(element)
    duplicate.attrib.pop("id", None)
    return duplicate


def _remove_keep_tail(parent, child) -> None:
    children = list(parent)
    index = children.index(child)
    if child.tail:
        if index:
            children[index - 1].tail = (children[index - 1].tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


def _prefix_ids(root, prefix: str) -> None:
    """Ids collide when texts are merged into one print HTML (``fn-1`` in every text): prefix them per text."""
    for element in root.iter():
        if element.get("id"):
            element.set("id", f"{prefix}-{element.get('id')}")
        href = element.get("href") if element.tag == "a" else None
        if href and href.startswith("#") and not element.get("data-ref"):
            element.set("href", f"#{prefix}-{href[1:]}")
