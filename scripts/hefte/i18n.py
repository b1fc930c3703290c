"""click's own messages (usage errors, help headings, prompts) in the user's language, through gettext.

click marks its strings with the standard library's ``gettext``; the Norwegian catalogue lives in
``locale/nb/LC_MESSAGES/hefte.po``, kept with Babel (see the comment at its top). The compiled ``hefte.mo``
is committed beside it, so an editable install and a wheel work without a compile step at install time;
tests/test_i18n.py fails when it is stale or when a click upgrade brings an untranslated message.

hefte's own messages stay in messages.py (code -> (nb, en)); only click's strings go through gettext. The help
texts of hefte's commands and options are (nb, en) pairs too, declared where the command is (``help=(nb, en)``),
and picked when click formats the help (see ``BilingualHelp``).
"""

from __future__ import annotations

import contextlib
import gettext
import inspect
import os
import re
from pathlib import Path

import click

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


Pair = tuple[str, str]
"""A text in Norwegian bokmål and English, ``(nb, en)``, as in the MESSAGES dicts."""


def pick(pair: Pair, lang: str | None = None) -> str:
    """The half of ``pair`` in ``lang`` (default: the language of the run in progress)."""
    return pair[1] if (lang or chosen()) == "en" else pair[0]


class BilingualHelp:
    """Lets ``help`` be an (nb, en) pair; reading ``help`` gives the half in the run's language.

    The language is known only once the arguments are read, after the commands were declared, so the pair is
    kept and every place click reads ``help`` (help page, command list, completion) gets the chosen half."""

    help_pair: Pair | None = None
    """Both texts; None for a help given as one plain string (shown the same in both languages)."""

    @property
    def help(self) -> str | None:
        return pick(self.help_pair) if self.help_pair else self.__dict__.get("_help")

    @help.setter
    def help(self, value: str | Pair | None) -> None:
        if isinstance(value, tuple):
            self.help_pair = tuple(inspect.cleandoc(half) for half in value)
        else:
            self.help_pair, self.__dict__["_help"] = None, value


METAVARS_NB = {"OPTIONS": "VALG", "COMMAND": "KOMMANDO", "ARGS": "ARGUMENTER", "TEXT": "TEKST",
               "DIRECTORY": "MAPPE", "FOLDER": "MAPPE", "FILES": "FILER", "FILE": "FIL",
               "PUBLICATION": "PUBLIKASJON", "INTEGER": "TALL"}
"""The words click puts in a usage line (``[OPTIONS]``, ``--root DIRECTORY``) are not marked for gettext: they
are swapped here, whole words only, so «Bruk: hefte new [VALG] [PUBLIKASJON]» has no English in it."""


def metavar(words: str, lang: str | None = None) -> str:
    if (lang or chosen()) == "en":
        return words
    return re.sub(r"\b[A-Z]{2,}\b", lambda m: METAVARS_NB.get(m.group(), m.group()), words)


class BilingualUsage:
    """A command or group whose usage line («Bruk: …») is in the run's language."""

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [metavar(piece) for piece in super().collect_usage_pieces(ctx)]


class Command(BilingualUsage, BilingualHelp, click.Command):
    """A command whose help is ``help=(nb, en)``; its docstring stays a note for developers."""


class Option(BilingualHelp, click.Option):
    """An option whose help is ``help=(nb, en)``; use it through ``option()``."""

    def __init__(self, *args, help: str | Pair | None = None, **kwargs):  # noqa: A002 - click's name
        super().__init__(*args, **kwargs)
        self.help = help  # click.Option would cleandoc a pair as if it were one string

    def make_metavar(self, ctx: click.Context) -> str:
        return metavar(super().make_metavar(ctx))


class Argument(click.Argument):
    """An argument whose name in the usage line and in «Argument mangler …» is in the run's language."""

    @property
    def human_readable_name(self) -> str:
        return metavar(super().human_readable_name)

    def make_metavar(self, ctx: click.Context) -> str:
        return metavar(super().make_metavar(ctx))


def argument(*param_decls: str, **attrs):
    """``click.argument`` whose name is shown in the run's language (``FILES`` → ``FILER``)."""
    return click.argument(*param_decls, cls=Argument, **attrs)


def option(*param_decls: str, **attrs):
    """``click.option`` for an option whose help is an (nb, en) pair."""
    return click.option(*param_decls, cls=Option, **attrs)
