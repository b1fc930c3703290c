"""hefte's Python-Markdown extension: the structures of booklets and reports, shaped on the element tree.

- ``::: sitat <text id>`` a participant's words bound to their source (dropped where the source may not
  appear); ``::: intervju <label>`` an interview quote with its speaker label; ``::: {lang=en}`` a block in
  another language; ``innledning: …`` as the first line of a quote block is the sentence that introduces it,
  so it goes (or is cut) with the quote.
- ``[words]{lang=en}`` a span in another language.
- ``[@key]`` a citation from the bibliography; ``[@tab:label]``, ``[@fig:…]``, ``[@kap:<text id>]``,
  ``[@sek:…]`` cross-references (``[@Tab:…]`` starts with a capital; ``, side`` adds the page in print).
- captions: a ``Tabell: …`` paragraph right before a table (the old ``Tabell 1: …`` too) becomes its numbered
  caption; an image of the text's ``photos`` alone in a paragraph becomes a figure with a numbered caption;
  ``{#tab:label}`` at the end of a caption or ``{#sek:label}`` at the end of a heading names it.
- numbered headings with a plain-text bookmark label; in print, footnotes moved to their call
  (WeasyPrint's ``float: footnote``) and ids prefixed per text.

What it may do is given by a Context (what a quote or figure resolves to, how a link to a target is written);
what it numbers it records in the Context's TextNumbers/Outline (render/outline.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from markdown.extensions import Extension

from .md_blocks import CITE, LANG_SPAN, CiteProcessor, FenceProcessor, FenceSpacing, LangSpanProcessor
from .md_tree import LabelsProcessor, NumbersProcessor
from .outline import Outline, Target, TextNumbers


@dataclass
class QuoteSource:
    """What a ``::: sitat`` block resolves to where its source may appear."""

    credit: str
    lang: str
    href: str | None = None


@dataclass
class FigureSource:
    """A photo of the text placed in the body, as this output shows it."""

    src: str
    alt: str
    credit: str | None = None


@dataclass
class Context:
    text_id: str
    lang: str
    numbers: TextNumbers
    outline: Outline
    for_print: bool = False
    """Print layout: footnotes at their call, ids prefixed with ``id_prefix``."""
    id_prefix: str | None = None
    number_figures: bool = True
    quote: Callable[[str], QuoteSource | None] = lambda ref: None
    figure: Callable[[str], FigureSource | None] = lambda file: None
    link: Callable[[Target], str] = lambda target: "#" + target.anchor
    literature: bool = False
    """This text holds the literature list: the works cited in the output are listed at its end."""
    dropped_quotes: list[str] = field(default_factory=list)
    placed_photos: list[str] = field(default_factory=list)
    figure_srcs: set[str] = field(default_factory=set)
    needs_outline: bool = False
    """True when a reference or citation could only be resolved once every text of the output is known."""


class HefteExtension(Extension):
    def __init__(self, ctx: Context, **kwargs):
        self.ctx = ctx
        self.processors: list = []
        """Those that read ``ctx``: ``use`` hands them the next text's."""
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        ctx = self.ctx
        fence, cite = FenceProcessor(md.parser, ctx), CiteProcessor(CITE, ctx)
        labels, numbers = LabelsProcessor(md, ctx), NumbersProcessor(md, ctx)
        self.processors = [fence, cite, labels, numbers]
        md.preprocessors.register(FenceSpacing(md), "hefte-fence-spacing", 25)
        md.parser.blockprocessors.register(fence, "hefte-fence", 85)
        md.inlinePatterns.register(cite, "hefte-cite", 172)
        md.inlinePatterns.register(LangSpanProcessor(LANG_SPAN), "hefte-lang", 171)
        # 6: before the toc extension (5) gives headings their ids; 4: after it, with every id known.
        md.treeprocessors.register(labels, "hefte-labels", 6)
        md.treeprocessors.register(numbers, "hefte-numbers", 4)

    def use(self, ctx: Context) -> None:
        """Render the next text with ``ctx`` (a Markdown instance used again: text.py's ``_markdown``)."""
        self.ctx = ctx
        for processor in self.processors:
            processor.ctx = ctx
