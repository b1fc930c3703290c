"""What hefte needs from the system, said plainly before a build starts rather than as a library's traceback.

WeasyPrint draws text with Pango (a system library, not a Python package): without it, or with one older than
1.44, the PDFs cannot be made. HarfBuzz's subsetter (libharfbuzz-subset0 on Debian) is optional, but without it
WeasyPrint falls back to fontTools, which makes every PDF much slower.
"""

from __future__ import annotations

import contextlib
import io
import warnings

from .errors import HefteError

PANGO_MINIMUM = (1, 44)

MESSAGES = {
    "env.pango-missing": (
        "PDF-ene kan ikke lages: systembiblioteket Pango mangler ({problem}). Installer det (Debian/Ubuntu: "
        "`sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0`; macOS: `brew install pango`; "
        "Windows: se README), eller bygg bare nettsida med `hefte build --no-pdf`.",
        "The PDFs cannot be made: the system library Pango is missing ({problem}). Install it (Debian/Ubuntu: "
        "`sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0`; macOS: `brew install pango`; "
        "Windows: see the README), or build only the site with `hefte build --no-pdf`.",
    ),
    "env.pango-old": (
        "PDF-ene kan ikke lages: Pango {found} er for gammel; WeasyPrint trenger {needed} eller nyere. Oppdater "
        "systemet (for eksempel Debian 11/Ubuntu 20.04 eller nyere), eller bygg bare nettsida med "
        "`hefte build --no-pdf`.",
        "The PDFs cannot be made: Pango {found} is too old; WeasyPrint needs {needed} or newer. Update the "
        "system (for example Debian 11/Ubuntu 20.04 or newer), or build only the site with `hefte build --no-pdf`.",
    ),
    "env.no-harfbuzz-subset": (
        "HarfBuzz-subset mangler (Debian/Ubuntu: `sudo apt-get install libharfbuzz-subset0`), så PDF-ene lages "
        "mye saktere. De blir riktige likevel.",
        "HarfBuzz subset is missing (Debian/Ubuntu: `sudo apt-get install libharfbuzz-subset0`), so the PDFs are "
        "made much more slowly. They are still correct.",
    ),
}


def _weasyprint_ffi():
    """WeasyPrint's own binding to the system libraries: loading it finds Pango exactly as a PDF build will."""
    # WeasyPrint prints its own English help to stdout before it raises; ours replaces it.
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from weasyprint.text import ffi
    return ffi


def pango_version() -> tuple[int, int, int]:
    """The Pango WeasyPrint will use, found the way WeasyPrint finds it. Raises HefteError when absent."""
    try:
        ffi = _weasyprint_ffi()
    except OSError as exc:
        raise HefteError("env.pango-missing", problem=str(exc).splitlines()[0][:120]) from None
    number = ffi.pango.pango_version()
    return number // 10000, number // 100 % 100, number % 100


def require_pango(*, warn=None) -> None:
    """Stop with a clear message when Pango is missing or too old; ``warn(text_code)`` for slow-but-working."""
    found = pango_version()
    if found[:2] < PANGO_MINIMUM:
        raise HefteError("env.pango-old", found=".".join(map(str, found)),
                         needed=".".join(map(str, PANGO_MINIMUM)))
    if warn is not None and getattr(_weasyprint_ffi(), "harfbuzz_subset", True) is None:
        warn("env.no-harfbuzz-subset")
