"""The one way a field a person typed becomes HTML: escaped exactly once.

Titles, names, alt texts, credits, the publication's title, subtitle, editors and publisher are plain text
in the model. MkDocs and mkdocs-material treat every string they get (nav titles, ``page.title``,
``page.meta``, toc titles) as HTML and print it unescaped, so a title like ``<img src=x onerror=…>`` would
run script on every page that shows the navigation. Everything hefte hands MkDocs therefore goes through
this module, and so does every piece of HTML web.py writes around the texts.

The mechanism is markupsafe's ``Markup`` (the same one Jinja's autoescape uses for the print templates):
``text()`` escapes plain text and returns ``Markup``; ``Markup`` is never escaped again, so a value that
passes through two layers ("Lese & Skrive" in a fact line that is itself formatted) comes out as
``Lese &amp; Skrive`` once, not ``&amp;amp;``. ``html()`` formats a fixed HTML template and escapes every
argument that is not already ``Markup``.

A new field (a lead, a back-cover text, a photo credit) needs nothing new: put it into the page with
``html('<p class="lead">{}</p>', text.lead)``, or hand it to MkDocs through a ``web.Page`` field, which the
adapter passes through ``text()``. Never build HTML from a field with an f-string.
"""

from __future__ import annotations

import html as _html

from markupsafe import Markup, escape

__all__ = ["Markup", "text", "html", "join", "nav", "toc"]


def text(value) -> Markup:
    """Plain text -> HTML (``&``, ``<``, ``>``, ``"``, ``'`` escaped); ``None`` -> empty; Markup unchanged."""
    return escape("" if value is None else value)


def html(template: str, *args, **kwargs) -> Markup:
    """``html('<h1>{}</h1>', title)``: the template is trusted HTML, every argument is escaped once."""
    return Markup(template).format(*args, **kwargs)


def join(separator: str, parts) -> Markup:
    """Join escaped parts with a trusted separator."""
    return Markup(separator).join(text(p) for p in parts)


def nav(items: list) -> list:
    """A MkDocs nav (``[{title: uri | [..]}]``) with every title escaped; uris are ours and stay as they are."""
    out = []
    for item in items:
        if isinstance(item, dict):
            out.append({text(title): nav(value) if isinstance(value, list) else value for title, value in item.items()})
        else:
            out.append(item)
    return out


def toc(tokens: list) -> list:
    """Python-Markdown toc tokens with each heading name as plain text, escaped once.

    The tokens come from a participant's headings before sanitising; their ``name`` is already stripped of
    tags, but the ``html`` key is not, and the theme prints the name raw: make both the escaped text.
    """
    out = []
    for token in tokens:
        name = text(_html.unescape(str(token.get("name", ""))))
        out.append({**token, "name": name, "html": name, "children": toc(token.get("children", []))})
    return out
