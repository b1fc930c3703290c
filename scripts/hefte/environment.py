"""What hefte needs from the system, said plainly before a build starts rather than as a library's traceback.

WeasyPrint draws text with Pango (a system library, not a Python package): without it, or with one older than
1.44, the PDFs cannot be made. HarfBuzz's subsetter (libharfbuzz-subset0 on Debian) is optional, but without it
WeasyPrint falls back to fontTools, which makes every PDF much slower.
"""

from __future__ import annotations

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


LIBRARIES = {
    "gobject": ("libgobject-2.0-0", "gobject-2.0-0", "gobject-2.0", "libgobject-2.0.so.0", "libgobject-2.0.0.dylib",
                "libgobject-2.0-0.dll"),
    "pango": ("libpango-1.0-0", "pango-1.0-0", "pango-1.0", "libpango-1.0.so.0", "libpango-1.0.dylib",
              "libpango-1.0-0.dll"),
    "harfbuzz": ("libharfbuzz-0", "harfbuzz", "harfbuzz-0.0", "libharfbuzz.so.0", "libharfbuzz.0.dylib",
                 "libharfbuzz-0.dll"),
    "fontconfig": ("libfontconfig-1", "fontconfig-1", "fontconfig", "libfontconfig.so.1", "libfontconfig.1.dylib",
                   "libfontconfig-1.dll"),
    "pangoft2": ("libpangoft2-1.0-0", "pangoft2-1.0-0", "pangoft2-1.0", "libpangoft2-1.0.so.0",
                 "libpangoft2-1.0.dylib", "libpangoft2-1.0-0.dll"),
}
"""The system libraries WeasyPrint cannot draw without, by the names its binding loads them by, in its order
(weasyprint/text/ffi.py, WeasyPrint 66-70)."""
HARFBUZZ_SUBSET = ("libharfbuzz-subset-0", "harfbuzz-subset", "harfbuzz-subset-0.0", "libharfbuzz-subset.so.0",
                   "libharfbuzz-subset.0.dylib", "libharfbuzz-subset-0.dll")
"""Optional to WeasyPrint: without it, fonts are subset by fontTools (slowly)."""


def _load(names: tuple[str, ...]):
    """The first of ``names`` that loads, as cffi's dlopen finds a library (the name, then
    ctypes.util.find_library's answer for it); raises the first name's OSError when none does."""
    import ctypes
    import ctypes.util

    first = None
    for name in names:
        try:
            return ctypes.CDLL(name)
        except OSError as exc:
            first = first or exc
    for name in names:  # find_library runs ldconfig or a compiler: only when no name loads at once
        found = ctypes.util.find_library(name)
        if found:
            try:
                return ctypes.CDLL(found)
            except OSError:
                continue
    raise first


def _libraries():
    """The system libraries a layout loads, loaded here with ctypes by WeasyPrint's own names (milliseconds):
    importing WeasyPrint's binding to learn the same takes half a second, on the path of every build that lays a
    PDF out. ``.pango`` is Pango, ``.harfbuzz_subset`` None when that is missing. Raises OSError as the binding
    would, naming the library that is not there."""
    loaded = {name: _load(names) for name, names in LIBRARIES.items()}
    try:
        loaded["harfbuzz_subset"] = _load(HARFBUZZ_SUBSET)
    except OSError:
        loaded["harfbuzz_subset"] = None
    return type("Libraries", (), loaded)()


def _found():
    """``_libraries()``, or the plain message that Pango (or a library it needs) is missing."""
    try:
        return _libraries()
    except OSError as exc:
        raise HefteError("env.pango-missing", problem=str(exc).splitlines()[0][:120]) from None


def pango_version(libraries=None) -> tuple[int, int, int]:
    """The Pango WeasyPrint will use, found the way WeasyPrint finds it. Raises HefteError when absent."""
    number = (libraries or _found()).pango.pango_version()
    return number // 10000, number // 100 % 100, number % 100


def require_pango(*, warn=None) -> None:
    """Stop with a clear message when Pango is missing or too old; ``warn(text_code)`` for slow-but-working."""
    libraries = _found()
    found = pango_version(libraries)
    if found[:2] < PANGO_MINIMUM:
        raise HefteError("env.pango-old", found=".".join(map(str, found)),
                         needed=".".join(map(str, PANGO_MINIMUM)))
    if warn is not None and getattr(libraries, "harfbuzz_subset", True) is None:
        warn("env.no-harfbuzz-subset")
