"""click's own messages (usage errors, help headings, prompts) in the user's language, through gettext.

click marks its strings with the standard library's ``gettext``; the Norwegian catalogue lives in
``locale/nb/LC_MESSAGES/hefte.po``, kept with Babel (see the comment at its top). The compiled ``hefte.mo``
is committed beside it, so an editable install and a wheel work without a compile step at install time;
tests/test_i18n.py fails when it is stale or when a click upgrade brings an untranslated message.

hefte's own messages stay in messages.py (code -> (nb, en)); only click's strings go through gettext.
"""

from __future__ import annotations

import contextlib
import gettext
import os
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "hefte"
LANGUAGES = ("nb", "en")
DEFAULT = "nb"
ENV = "HEFTE_LANG"
"""Environment variable with the language of messages; ``--lang`` wins over it."""


def language_in(args: list[str]) -> str:
    """The language asked for on the command line (``--lang en`` or ``--lang=en``, anywhere), else HEFTE_LANG.

    click translates its own parse errors before it has read ``--lang``, so the CLI looks ahead."""
    chosen = os.environ.get(ENV) or DEFAULT
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            chosen = args[i + 1]
        elif arg.startswith("--lang="):
            chosen = arg.partition("=")[2]
    return chosen if chosen in LANGUAGES else DEFAULT


_chosen: list[str] = []
"""The language of the CLI run in progress (read from its arguments before parsing)."""


def chosen() -> str:
    return _chosen[-1] if _chosen else language_in([])


def use(lang: str) -> None:
    """Switch click's messages to ``lang`` (gettext reads LANGUAGE first; English has no catalogue)."""
    os.environ["LANGUAGE"] = lang if lang in LANGUAGES else DEFAULT


@contextlib.contextmanager
def click_messages(lang: str):
    """For one run of the CLI: click's gettext calls use hefte's catalogue in ``lang``; restored afterwards."""
    saved_domain = gettext.textdomain()
    saved = os.environ.get("LANGUAGE")
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    use(lang)
    _chosen.append(lang)
    try:
        yield
    finally:
        _chosen.pop()
        gettext.textdomain(saved_domain)
        if saved is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = saved
