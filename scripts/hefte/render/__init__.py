"""Render: web pages for MkDocs, the print HTML and its PDFs, images, imposition and proofs."""
