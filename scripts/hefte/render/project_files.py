"""Which files a PDF may use and the addresses they have in its HTML: the bookkeeping of render/fetcher.py's
ProjectFetcher, without WeasyPrint.

The print HTML is made, and the PDF cache's key computed from it (pdf_cache.py), before anything is laid out;
when every PDF comes from the cache nothing is. Importing WeasyPrint (Pango, HarfBuzz and the search for them)
takes half a second, so what the HTML needs lives here, and fetcher.py (which serves the files to WeasyPrint,
and refuses the rest) is imported only by a layout.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit
from urllib.request import url2pathname

# (nb, en). Merged into messages.CATALOGUE, so RenderError(code, ...).message(lang) finds them too.
MESSAGES: dict[str, tuple[str, str]] = {
    "fetch.scheme": (
        "PDF-en kan ikke hente «{url}» ({owner}): bare filer i prosjektet er tillatt, ikke nettadresser eller andre "
        "adresser. Legg fila i mappa til publikasjonen og vis til den med et filnavn.",
        "The PDF cannot fetch «{url}» ({owner}): only files of the project are allowed, no web or other addresses. "
        "Put the file in the publication's folder and refer to it by file name.",
    ),
    "fetch.outside": (
        "PDF-en kan ikke hente «{url}» ({owner}): fila ligger utenfor publikasjonsmappa og overrides/ (eller er en "
        "snarvei dit). Kopier fila inn i mappa til publikasjonen.",
        "The PDF cannot fetch «{url}» ({owner}): the file is outside the publication folder and overrides/ (or is "
        "a shortcut to there). Copy the file into the publication's folder.",
    ),
    "fetch.unplanned": (
        "PDF-en kan ikke hente «{url}» ({owner}): fila er ikke et bilde som er planlagt for denne PDF-en (den er "
        "holdt tilbake eller ikke oppført under photos:). Bilder kommer inn i PDF-en bare gjennom photos: i teksten.",
        "The PDF cannot fetch «{url}» ({owner}): the file is not an image planned for this PDF (it is held back or "
        "not listed under photos:). Images reach the PDF only through a text's photos: list.",
    ),
    "fetch.missing": (
        "PDF-en finner ikke fila «{url}» ({owner}). Sjekk filnavnet (store og små bokstaver teller).",
        "The PDF cannot find the file «{url}» ({owner}). Check the file name (upper and lower case matter).",
    ),
    "fetch.type": (
        "PDF-en henter ikke filer av typen «{suffix}» («{url}», {owner}). Tillatt: {allowed}.",
        "The PDF does not fetch files of type «{suffix}» («{url}», {owner}). Allowed: {allowed}.",
    ),
    "fetch.data-too-large": (
        "En innebygd data:-adresse ({owner}) er {size} byte; grensen er {limit}. Legg innholdet i en fil i stedet.",
        "An inline data: address ({owner}) is {size} bytes; the limit is {limit}. Put the content in a file instead.",
    ),
    "fetch.image": (
        "Bildet «{url}» ({owner}) kan ikke brukes i PDF-en: {problem}",
        "The image «{url}» ({owner}) cannot be used in the PDF: {problem}",
    ),
    "fetch.bad-url": (
        "PDF-en kan ikke lese adressen «{url}» ({owner}).",
        "The PDF cannot read the address «{url}» ({owner}).",
    ),
    "fetch.owner-template": ("utskriftsmalen", "the print template"),
}

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
OTHER_SUFFIXES = {".css": "text/css", ".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf",
                  ".otf": "font/otf"}
VIRTUAL = "/hefte-prosjekt/"
"""Prefix of the virtual file URLs (see ProjectFetcher.url_for)."""
MAX_DATA_URL_BYTES = 64_000
"""data: URLs are for tiny things (a CSS glyph); anything bigger is a file that skipped the checks."""


class _Unknown(dict):
    def __missing__(self, key):
        return "?"  # an unknown detail must not make the error message itself fail


def message(code: str, lang: str = "nb", **params) -> str:
    return MESSAGES[code][1 if lang == "en" else 0].format_map(_Unknown(params))


class ProjectFiles:
    """The files under the mounts a PDF may use, their URLs, and who uses each (see fetcher.py's docstring).

    ``mounts`` names the allowed roots (``{"publikasjon": pub.folder, "maler": overrides}``); ``url_for``
    gives a file's URL as ``file:///hefte-prosjekt/<mount>/<path>``, so the URLs (which WeasyPrint hashes
    into the PDF's image names) do not depend on where the project is checked out. Plain ``file:`` URLs of
    files inside a mount are served too. ``owners`` maps a file to who uses it (``«Morgen» (morgen.md)``)
    so a refusal names the text. ``planned`` limits a mount to the files listed for it (the publication mount
    to what the plan allows in this PDF). ``clean_dir`` receives the metadata-free image copies;
    ``max_image_width`` downsizes them (None = full resolution, for print). ``font_cache``: where WOFF2 fonts
    are kept unpacked (font_cache.py).
    """

    def __init__(self, mounts: Mapping[str, Path], clean_dir: Path, *, owners: Mapping[Path, str] | None = None,
                 max_image_width: int | None = None, lang: str = "nb",
                 planned: Mapping[str, Iterable[Path]] | None = None, font_cache: Path | None = None):
        self.args = {"mounts": mounts, "clean_dir": clean_dir, "owners": owners, "max_image_width": max_image_width,
                     "lang": lang, "planned": planned, "font_cache": font_cache}
        self.mounts = {name: Path(os.path.realpath(root)) for name, root in mounts.items()}
        self._written = {name: Path(os.path.abspath(root)) for name, root in mounts.items()}
        self.roots = list(self.mounts.values())
        self.clean_dir = Path(clean_dir)
        self.owners = {Path(os.path.realpath(p)): who for p, who in (owners or {}).items()}
        self.planned = {name: {Path(os.path.realpath(p)) for p in files} for name, files in (planned or {}).items()}
        self.max_image_width = max_image_width
        self.font_cache = font_cache
        self.lang = lang

    def owner(self, path: Path | None) -> str:
        if path is not None and path in self.owners:
            return self.owners[path]
        return MESSAGES["fetch.owner-template"][1 if self.lang == "en" else 0]

    def url_for(self, path: Path) -> str:
        """The URL to put into the HTML for a file (or folder) inside a mount.

        Decided on the path as written, not where a symlink leads: whether the target may be served is the
        fetch's business, and it must be able to refuse (and name) a link that points out of the project.
        """
        lexical = Path(os.path.abspath(path))
        for name, root in self.mounts.items():
            for base in (self._written[name], root):
                if lexical.is_relative_to(base):
                    rel = lexical.relative_to(base).as_posix()
                    url = f"file://{VIRTUAL}{name}/" + quote(rel if rel != "." else "")
                    return url + "/" if lexical.is_dir() and not url.endswith("/") else url
        raise ValueError(f"{path} is not inside any of {', '.join(map(str, self.roots))}")

    def path_for(self, url: str) -> Path | None:
        """The real path a ``file:`` URL names (virtual or not), without any checks; None if not a file URL."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file":
            return None
        raw = url2pathname(unquote(parts.path))
        if raw.startswith(VIRTUAL):
            name, _, rest = raw[len(VIRTUAL):].partition("/")
            if name in self.mounts:
                return Path(os.path.realpath(os.path.join(self.mounts[name], rest)))
        return Path(os.path.realpath(raw)) if os.path.isabs(raw) and "\x00" not in raw else None

    def fetcher(self):
        """The WeasyPrint URL fetcher that serves these files (fetcher.ProjectFetcher): imports WeasyPrint."""
        from .fetcher import ProjectFetcher

        return ProjectFetcher(**self.args)
