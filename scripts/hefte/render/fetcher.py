"""The only way WeasyPrint may read anything while it renders a PDF: files of this project, nothing else.

WeasyPrint fetches every URL the HTML and CSS name (images, fonts, stylesheets) and, by default, logs a
failure and carries on. For hefte that would mean a print PDF silently missing a photo, or worse, a text
that smuggles ``file:///etc/passwd`` or a tracking URL into the render. So this fetcher

- serves ``file:`` URLs only, and only for files inside the allowed roots (the publication's folder and
  overrides/), after resolving symlinks, so neither ``..`` nor a link can step outside;
- serves only the file types a print page needs (images, fonts, CSS);
- from the publication's folder, serves only the files the plan put into this PDF (the cover and the photos
  allowed in its medium): a photo held back must not reach the PDF through any URL, however it is written
  (a CSS-escaped ``\\75 rl(…)`` slips past any pattern test, not past this list);
- refuses ``http(s):``, ``ftp:`` and everything else, and ``data:`` URLs above a small size;
- serves images as metadata-free re-encodes (images.clean_copy), never the participant's original file,
  so GPS positions or camera owners cannot end up in a PDF;
- raises a *fatal* error (WeasyPrint lets those through) whose message names the text that asked.
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from . import font_cache, images

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


class FetchRefused(FatalURLFetchingError):
    """Raised by ProjectFetcher for any URL it will not serve; WeasyPrint lets it through and stops.

    A BaseException (WeasyPrint's contract for fatal fetch errors): pdf.py turns it into a RenderError.
    """

    def __init__(self, code: str, url: str, owner: str, **params):
        self.code = code
        self.url = url
        self.owner = owner
        self.params = {"url": _short(url), "owner": owner, **params}
        super().__init__(self.message("en"))

    def message(self, lang: str = "nb") -> str:
        return message(self.code, lang, **self.params)


def _short(url: str) -> str:
    return url if len(url) <= 120 else url[:117] + "..."


class ProjectFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves only files under its mounts (see the module docstring).

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
        # No redirects and fatal errors: the defaults are lenient, we must not inherit that.
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, fail_on_errors=True, timeout=5)
        self.mounts = {name: Path(os.path.realpath(root)) for name, root in mounts.items()}
        self._written = {name: Path(os.path.abspath(root)) for name, root in mounts.items()}
        self.roots = list(self.mounts.values())
        self.clean_dir = Path(clean_dir)
        self.owners = {Path(os.path.realpath(p)): who for p, who in (owners or {}).items()}
        self.planned = {name: {Path(os.path.realpath(p)) for p in files} for name, files in (planned or {}).items()}
        self.max_image_width = max_image_width
        self.font_cache = font_cache
        self.lang = lang
        self._cleaned: dict[Path, Path] = {}
        """Original image -> its metadata-free copy in clean_dir (made once per render)."""

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

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower() if ":" in url else ""
        if scheme == "data":
            return self._data(url)
        if scheme != "file":
            raise FetchRefused("fetch.scheme", url, self.owner(None))
        path = self.resolve(url)
        suffix = path.suffix.lower()
        if suffix in IMAGE_SUFFIXES:
            clean = self._clean_image(path, url)
            return URLFetcherResponse(url, clean.read_bytes(), {"Content-Type": _mime(clean)})
        data = path.read_bytes()
        if suffix == ".woff2":  # unpacked here, once, instead of by WeasyPrint in every layout (font_cache.py)
            return URLFetcherResponse(url, font_cache.unpacked(data, self.font_cache), {"Content-Type": "font/sfnt"})
        return URLFetcherResponse(url, data, {"Content-Type": OTHER_SUFFIXES[suffix]})

    def resolve(self, url: str) -> Path:
        """The real file a ``file:`` URL names, if it may be served; raises FetchRefused otherwise."""
        if urlsplit(url).netloc not in ("", "localhost"):
            raise FetchRefused("fetch.scheme", url, self.owner(None))  # file://otherhost/ is a network share
        # path_for uses realpath, which follows every symlink and folds "..": the containment test below sees
        # where the bytes really are, not where the URL says they are.
        real = self.path_for(url)
        if real is None:
            raise FetchRefused("fetch.bad-url", url, self.owner(None))
        owner = self.owner(real)
        if not any(real.is_relative_to(root) for root in self.roots):
            raise FetchRefused("fetch.outside", url, owner)
        for name, files in self.planned.items():
            if real.is_relative_to(self.mounts[name]) and real not in files:
                raise FetchRefused("fetch.unplanned", url, owner)
        suffix = real.suffix.lower()
        if suffix not in IMAGE_SUFFIXES and suffix not in OTHER_SUFFIXES:
            allowed = ", ".join(sorted(IMAGE_SUFFIXES | set(OTHER_SUFFIXES)))
            raise FetchRefused("fetch.type", url, owner, suffix=suffix or "(ingen)", allowed=allowed)
        if not real.is_file():
            raise FetchRefused("fetch.missing", url, owner)
        return real

    def _clean_image(self, path: Path, url: str) -> Path:
        if path not in self._cleaned:
            dst = self.clean_dir / f"{len(self._cleaned):04d}{path.suffix.lower()}"
            try:
                info = images.clean_copy(path, dst, max_width=self.max_image_width)
            except images.ImageError as exc:
                raise FetchRefused("fetch.image", url, self.owner(path), problem=exc.message(self.lang)) from None
            self._cleaned[path] = info.path
        return self._cleaned[path]

    def _data(self, url: str):
        if len(url) > MAX_DATA_URL_BYTES:
            raise FetchRefused("fetch.data-too-large", "data:…", self.owner(None), size=len(url),
                               limit=MAX_DATA_URL_BYTES)
        return super().fetch(url)


def _mime(path: Path) -> str:
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"
