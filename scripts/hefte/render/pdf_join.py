"""One PDF of several WeasyPrint PDFs laid out in parts (front matter, runs of texts, back matter).

A publication is laid out in parts so that a rebuild lays out again only the parts whose texts changed, and so
that no process holds the boxes of a whole book at once. The reader gets one file, so the parts are joined here,
with pikepdf (QPDF, C++): Python touches each part, page, name and top-level bookmark once, never each object.

What WeasyPrint writes per file and a join must make whole again:

- **Named destinations.** Links say ``/Dest (name)``; the names live in the catalog's ``/Dests`` tree. A part
  that links into another part (the contents page to the texts) carries a stand-in anchor of that name, so that
  WeasyPrint keeps the link; ``owners`` says which part's anchor is the real one.
- **Bookmarks.** Each part's outline; the joined outline is their top-level items in reading order.
- **Structure tree (PDF/UA).** One ``/Document`` element of all parts' elements, and one ParentTree whose keys
  (a page's marked content, an annotation) are moved past the previous parts' keys, with the pages' and
  annotations' references to them moved alike.
- **Page labels**, as a single file gets them (``pdf_finish.label_ranges``).
- **Fonts.** Each part embeds its own copy of a font; identical font programs are kept once.

Everything is copied from a part through one ``copy_foreign`` call after its pages (QPDF keeps one object map
per source file), so destinations, bookmarks and structure elements point at the joined file's pages, not at
copies of them. Saved with ``deterministic_id``: the same parts give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import warnings

import pikepdf

from .pdf_finish import label_ranges

CATALOG_FROM_FIRST = ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata", "/PageMode", "/OutputIntents")
"""What the first part says for the whole file: its language, that it is tagged, to show its title, its XMP
(which claims PDF/UA for a screen PDF), its colour profile."""
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def join(parts: list[bytes], *, owners: dict[str, int] | None = None,
         labels: tuple[int | None, bool] = (None, False)) -> bytes:
    """One PDF of ``parts`` (WeasyPrint PDFs, in reading order): their pages, one name tree of their named
    destinations (a name defined by several parts points where part ``owners[name]`` puts it, else where the
    first part that defines it does), their bookmarks in order, their structure trees merged when they are
    tagged, ``/PageLabels`` for ``labels = (main_start, roman)`` as ``pdf_finish.page_labels`` writes them, each
    identical font program once, and the first part's catalog entries (language, XMP, viewer preferences) and
    document info. The same parts give the same bytes."""
    if not parts:
        raise ValueError("no parts to join")
    owners = owners or {}
    sources = [pikepdf.open(io.BytesIO(data)) for data in parts]
    try:
        tagged = ["/StructTreeRoot" in source.Root for source in sources]
        if any(tagged) and not all(tagged):
            raise ValueError(f"parts {[i for i, t in enumerate(tagged) if not t]} are not tagged, the others are")
        out = pikepdf.Pdf.new()
        names: dict[str, tuple[int, pikepdf.String, pikepdf.Object]] = {}
        outline = _Outline(out)
        tree = _StructTree(out) if tagged[0] else None
        for index, source in enumerate(sources):
            first_page = len(out.pages)
            with warnings.catch_warnings():  # pikepdf warns that named destinations are not copied: they are, below
                warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
                out.pages.extend(source.pages)
            copied = out.copy_foreign(source.make_indirect(_bundle(source, index == 0)))
            for key, dest in _flat(copied.get("/Dests"), "/Names"):
                name = str(key)
                held = names.get(name)
                if held is None or (owners.get(name) == index and held[0] != index):
                    names[name] = (index, key, dest)
            outline.add(copied.get("/Outlines"))
            if tree is not None:
                tree.add(copied.StructTreeRoot, out.pages[first_page:])
            if index == 0:
                for key in CATALOG_FROM_FIRST:
                    if key in copied:
                        out.Root[key] = copied[key]
                if "/Info" in copied:
                    out.trailer.Info = copied.Info
        for name, part in owners.items():
            if name in names and names[name][0] != part:
                raise ValueError(f"the anchor {name!r} is to be part {part}'s, but that part does not define it")
        if names:
            ordered = sorted(names.values(), key=lambda entry: bytes(entry[1]))
            out.Root.Names = pikepdf.Dictionary(Dests=pikepdf.Dictionary(
                Names=pikepdf.Array([item for _, key, dest in ordered for item in (key, dest)])))
        outline.finish()
        if tree is not None:
            tree.finish()
        out.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array(
            [item for start, style in label_ranges(*labels)
             for item in (start, pikepdf.Dictionary({"/" + k: pikepdf.Name(v) if isinstance(v, str) else v
                                                     for k, v in style.items()}))]))
        _fonts_once(out)
        buffer = io.BytesIO()
        out.save(buffer, deterministic_id=True, min_version=max(source.pdf_version for source in sources),
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return buffer.getvalue()
    finally:
        for source in sources:
            source.close()


def _bundle(source: pikepdf.Pdf, first: bool) -> pikepdf.Dictionary:
    """What is copied from a part besides its pages, in one dictionary so that one ``copy_foreign`` copies it
    (the catalog itself cannot be copied: it holds the part's page tree)."""
    root = source.Root
    bundle = pikepdf.Dictionary()
    dests = root.get("/Names", {}).get("/Dests") if isinstance(root.get("/Names"), pikepdf.Dictionary) else None
    if dests is not None:
        bundle.Dests = dests
    for key in ("/Outlines", "/StructTreeRoot") + (CATALOG_FROM_FIRST if first else ()):
        if key in root:
            bundle[key] = root[key]
    if first and "/Info" in source.trailer:
        bundle.Info = source.trailer.Info
    return bundle


def _flat(tree: pikepdf.Object | None, leaves: str):
    """(key, value) of a name tree (``leaves="/Names"``) or number tree (``"/Nums"``), flat or with /Kids."""
    stack = [tree] if tree is not None else []
    while stack:
        node = stack.pop()
        items = node.get(leaves)
        if items is not None:
            for i in range(0, len(items) - 1, 2):
                yield items[i], items[i + 1]
        stack.extend(reversed(list(node.get("/Kids", ()))))


class _Outline:
    """The joined bookmarks: each part's top-level items, children and all, under one root."""

    def __init__(self, out: pikepdf.Pdf):
        self.out = out
        self.root = out.make_indirect(pikepdf.Dictionary())
        self.items: list[pikepdf.Dictionary] = []
        self.count = 0

    def add(self, outlines: pikepdf.Object | None) -> None:
        if outlines is None or "/First" not in outlines:
            return
        item = outlines.First
        while item is not None:
            self.items.append(item)
            item = item.get("/Next")
        # The root's /Count is the number of items open to view at all levels, so the parts' counts add up.
        self.count += abs(int(outlines.get("/Count", 0)))

    def finish(self) -> None:
        if not self.items:
            return
        for before, item in zip([None] + self.items, self.items):
            item.Parent = self.root
            if before is None:
                if "/Prev" in item:
                    del item.Prev
            else:
                item.Prev, before.Next = before, item
        if "/Next" in self.items[-1]:
            del self.items[-1].Next
        self.root.First, self.root.Last, self.root.Count = self.items[0], self.items[-1], self.count
        self.out.Root.Outlines = self.root


class _StructTree:
    """The joined structure tree: one /Document of every part's elements, one ParentTree."""

    def __init__(self, out: pikepdf.Pdf):
        self.out = out
        self.document: pikepdf.Dictionary | None = None
        self.kids: list[pikepdf.Object] = []
        self.nums: list[pikepdf.Object] = []
        self.role_map = pikepdf.Dictionary()
        self.next_key = 0

    def add(self, root: pikepdf.Dictionary, pages) -> None:
        top = root.get("/K")
        top = list(top) if isinstance(top, pikepdf.Array) else [top] if top is not None else []
        for element in top:
            if isinstance(element, pikepdf.Dictionary) and element.get("/S") == "/Document":
                if self.document is None:  # the first part's Document, with its /Lang and attributes, stays
                    self.document = element
                kids = element.get("/K", pikepdf.Array())
                self.kids.extend(kids if isinstance(kids, pikepdf.Array) else [kids])
            else:
                self.kids.append(element)
        for key, value in (root.get("/RoleMap") or {}).items():
            if key not in self.role_map:
                self.role_map[key] = value
        # Keys of this part move past those of the parts before it: in the ParentTree, on its pages (their
        # marked content) and on its annotations (links); the OBJR of a link is the same annotation object.
        offset, highest = self.next_key, -1
        for key, value in _flat(root.get("/ParentTree"), "/Nums"):
            self.nums += [int(key) + offset, value]
            highest = max(highest, int(key))
        for page in pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annotation in page.obj.get("/Annots", ()):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
        self.next_key = offset + max(int(root.get("/ParentTreeNextKey", 0)), highest + 1)

    def finish(self) -> None:
        out = self.out
        root = out.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
        if self.document is None:
            self.document = pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document)
        document = out.make_indirect(self.document)
        document.K, document.P = pikepdf.Array(self.kids), root
        for kid in self.kids:
            if isinstance(kid, pikepdf.Dictionary):
                kid.P = document
        root.K = pikepdf.Array([document])
        root.ParentTree = out.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(self.nums)))
        root.ParentTreeNextKey = self.next_key
        if len(self.role_map):
            root.RoleMap = self.role_map
        out.Root.StructTreeRoot = root


def _fonts_once(out: pikepdf.Pdf) -> None:
    """Point every font descriptor whose font program has the same bytes (and stream dictionary) as one seen
    before at that one stream, so a font embedded whole by several parts is in the file once."""
    kept: dict[tuple, pikepdf.Stream] = {}
    seen: set = set()
    for page in out.pages:
        resources = page.obj.get("/Resources")
        fonts = resources.get("/Font") if resources is not None else None
        if fonts is None or fonts.objgen in seen and fonts.objgen != (0, 0):
            continue
        seen.add(fonts.objgen)
        for font in fonts.values():
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            for descriptor in _descriptors(font):
                for key in FONT_FILES:
                    program = descriptor.get(key)
                    if not isinstance(program, pikepdf.Stream):
                        continue
                    signature = (key, hashlib.sha256(program.read_raw_bytes()).digest(),
                                 tuple(sorted((k, repr(v)) for k, v in program.items() if k != "/Length")))
                    first = kept.setdefault(signature, program)
                    if first.objgen != program.objgen:
                        descriptor[key] = first


def _descriptors(font: pikepdf.Dictionary):
    if "/FontDescriptor" in font:
        yield font.FontDescriptor
    for descendant in font.get("/DescendantFonts", ()):  # Type0: the descriptor is the CIDFont's
        if "/FontDescriptor" in descendant:
            yield descendant.FontDescriptor
