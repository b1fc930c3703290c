"""How a private document (a writer's proof, her consent form) is recognised wherever it turns up.

Both carry the keyword ``hefte-privat`` in their PDF metadata; a proof also says «UTKAST – ikke til publisering»
on every page, which survives a print-to-PDF that drops the metadata. verify looks for either in every file of
site/ and print/ and fails the build: such a document must never be published.
"""

from __future__ import annotations

from ..guard.readback import normalise

PRIVATE_KEYWORD = "hefte-privat"
"""In the PDF's Keywords (and the HTML's ``<meta name="keywords">``) of every private document."""
PROOF_MARK = "UTKAST – ikke til publisering"
"""Printed on every page of a writer's proof."""

_NEEDLES = (normalise(PRIVATE_KEYWORD), normalise(PROOF_MARK))

MESSAGES: dict[str, tuple[str, str]] = {
    "verify.private-document": (
        "{place}: dette er et privat dokument (en skribents korrektur eller samtykkeskjema), og det skal aldri "
        "publiseres. Fjern det herfra; korrektur og skjema hører hjemme i private/.",
        "{place}: this is a private document (a writer's proof or consent form) and must never be published. "
        "Remove it from here; proofs and forms belong in private/.",
    ),
}


def private_mark(text: str) -> str | None:
    """The mark found in ``text`` (the read-back text of an output), or None."""
    folded = text.casefold()
    if "hefte-privat" not in folded and "utkast" not in folded:
        return None  # verify reads every output: the full normalisation only where a mark may be
    norm = normalise(text)
    return next((needle for needle in _NEEDLES if needle in norm), None)
