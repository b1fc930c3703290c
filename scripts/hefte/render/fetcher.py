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

Which files those are, and their URLs, is project_files.py's bookkeeping: the print HTML (and the PDF cache's
key) is made from it without importing WeasyPrint, which only a layout needs.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from . import font_cache, images
from .project_files import (IMAGE_SUFFIXES, MAX_DATA_URL_BYTES, MESSAGES, OTHER_SUFFIXES, VIRTUAL,  # noqa: F401
                            ProjectFiles, message)


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


class ProjectFetcher(ProjectFiles, URLFetcher):
    """A WeasyPrint URL fetcher that serves only the files ProjectFiles lists (see the module docstring); its
    arguments are ProjectFiles'."""

    def __init__(self, *args, **kwargs):
        ProjectFiles.__init__(self, *args, **kwargs)
        # No redirects and fatal errors: the defaults are lenient, we must not inherit that.
        URLFetcher.__init__(self, allowed_protocols={"file", "data"}, allow_redirects=False, fail_on_errors=True,
                            timeout=5)
        self._cleaned: dict[Path, Path] = {}
        """Original image -> its metadata-free copy in clean_dir (made once per render)."""

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
