"""The screen PDF's tags made true to PDF/UA-1 where WeasyPrint 70 leaves them short.

- **Running heads and page numbers are Artifacts.** WeasyPrint tags the text of every page-margin box as marked
  content (``/Span <</MCID n>> BDC``) and builds structure elements for it, but does not link them into the
  structure tree ("it could be included in tree as Artifact, but that's only allowed in PDF 2.0", its
  pdf/tags.py; Kozea/WeasyPrint#1836, open). A screen reader then reads «Det vi bærer med oss 2» between two
  paragraphs, and PDF/UA (the PDF Association's PDFUA-28) wants running heads and folios as Artifacts. Marked
  content whose structure element cannot be reached from the structure tree is no part of the document: it
  becomes ``/Artifact <</Type /Pagination>> BDC`` and leaves the ParentTree.
- **Table header cells get /Scope.** WeasyPrint gives a TH an ID and its cells /Headers, but no /Scope
  (PDF/UA-1 7.5): a header in a row of headers (or in the table head) is a column header, one in a row of
  data cells a row header.
- **Header cell IDs are the file's own.** WeasyPrint names a TH «23-0-1» (its element's number in the layout,
  row, column) and a TD's /Headers name those. A PDF laid out in parts and joined (``pdf_join``) would hold the
  same names in several parts' tables, and a table's cells would name another table's headers; an ID must be
  unique in the file. Each ID (and each /Headers entry) gets a prefix made of the file's bytes.

Rewritten with pikepdf after WeasyPrint has written the file; the print PDF is not tagged and not touched.
The same bytes in give the same bytes out (``deterministic_id``).
"""

from __future__ import annotations

import hashlib
import io
import re

import pikepdf

BDC = pikepdf.Operator("BDC")
MARKED = re.compile(rb"/[A-Za-z0-9_.]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
"""How pydyf writes the start of tagged content (``/Span <</MCID 7>> BDC``). The text it marks is written in hex
strings (``<0041>``), so this cannot match inside the page's words."""
ARTIFACT = b"/Artifact <</Type /Pagination>> BDC"


def finish(data: bytes) -> bytes:
    """The screen PDF ``data`` with margin-box text as Artifacts and every TH with a /Scope."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        if tree is None:
            return data
        reachable = _reachable(tree)
        _artifacts(pdf, tree, reachable)
        prefix = hashlib.sha256(data).hexdigest()[:12] + "-"
        for element in reachable.values():
            if element.get("/S") == "/TH":
                _scope(element)
            _own_ids(element, prefix)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()


def _reachable(tree: pikepdf.Dictionary) -> dict:
    """Every structure element reachable from the root, by object id."""
    found: dict = {}
    stack = [tree.get("/K")]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary) and node.get("/Type", pikepdf.Name.StructElem) == "/StructElem":
            if node.is_indirect:
                if node.objgen in found:
                    continue
                found[node.objgen] = node
            stack.append(node.get("/K"))
    return found


def _artifacts(pdf: pikepdf.Pdf, tree: pikepdf.Dictionary, reachable: dict) -> None:
    nums = tree.ParentTree.get("/Nums", pikepdf.Array())
    by_key = {int(nums[i]): nums[i + 1] for i in range(0, len(nums) - 1, 2)}
    for index, page in enumerate(pdf.pages):
        key = int(page.obj.get("/StructParents", index))
        mcids = by_key.get(key)
        if not isinstance(mcids, pikepdf.Array):
            continue
        orphans = {mcid for mcid, element in enumerate(mcids)
                   if isinstance(element, pikepdf.Dictionary) and element.objgen not in reachable}
        if not orphans:
            continue
        if not _artifacts_in_bytes(pdf, page, orphans):
            _artifacts_parsed(pdf, page, orphans)
        for mcid in orphans:
            mcids[mcid] = pikepdf.Object.parse(b"null")


def _artifacts_in_bytes(pdf: pikepdf.Pdf, page, orphans: set[int]) -> bool:
    """Turn the marked content ``orphans`` into Artifacts in the page's bytes, as pydyf wrote them: 20 times
    faster than a parsed content stream (2 s of a 200-text screen PDF). False, and nothing changed, where the
    page is not as pydyf writes it (several streams, another form of the marks)."""
    contents = page.obj.get("/Contents")
    if not isinstance(contents, pikepdf.Stream):
        return False
    found: set[int] = set()

    def mark(match: re.Match) -> bytes:
        mcid = int(match.group(1))
        if mcid not in orphans:
            return match.group(0)
        found.add(mcid)
        return ARTIFACT

    data = MARKED.sub(mark, contents.read_bytes())
    if found != orphans:
        return False
    page.obj.Contents = pdf.make_stream(data)
    return True


def _artifacts_parsed(pdf: pikepdf.Pdf, page, orphans: set[int]) -> None:
    ops = []
    for operands, operator in pikepdf.parse_content_stream(page):
        if (operator == BDC and len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary)
                and int(operands[1].get("/MCID", -1)) in orphans):
            operands = [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)]
        ops.append((operands, operator))
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))


def _own_ids(element: pikepdf.Dictionary, prefix: str) -> None:
    """``prefix`` before the element's /ID and before each ID its /Headers name (in /A, a dictionary or an
    array of them)."""
    if "/ID" in element:
        element.ID = pikepdf.String(prefix + str(element.ID))
    attributes = element.get("/A")
    for owner in attributes if isinstance(attributes, pikepdf.Array) else [attributes]:
        if isinstance(owner, pikepdf.Dictionary) and isinstance(owner.get("/Headers"), pikepdf.Array):
            owner.Headers = pikepdf.Array([pikepdf.String(prefix + str(h)) for h in owner.Headers])


def _scope(th: pikepdf.Dictionary) -> None:
    row = th.get("/P")
    siblings = [k for k in (row.get("/K", []) if row is not None else []) if isinstance(k, pikepdf.Dictionary)]
    in_head = row is not None and row.get("/P") is not None and row.P.get("/S") == "/THead"
    column = in_head or all(k.get("/S") == "/TH" for k in siblings)
    attributes = th.get("/A")
    if not isinstance(attributes, pikepdf.Dictionary):
        attributes = pikepdf.Dictionary(O=pikepdf.Name.Table)
        th.A = attributes
    attributes.Scope = pikepdf.Name.Column if column else pikepdf.Name.Row
