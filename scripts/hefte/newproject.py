"""``hefte init FOLDER``: a project of one's own, ready for `hefte check` and `hefte build`.

It writes what the bundled sample has, with the organisation's name filled in: mkdocs.yml, the hand-written
pages (front page, privacy, how to withdraw consent, accessibility statement, in plain Norwegian), the first
publication's publication.yml, an empty private register, a .gitignore that keeps the register and the
outputs out of git, and a copy of the theme overrides, print templates and fonts. YAML is written with a YAML
library, so a name with a colon or quotes stays a name. Nothing existing is ever overwritten.
"""

from __future__ import annotations

import html
import os
import shutil
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import yaml

from . import dates
from .errors import HefteError
from .slugs import slugify

MESSAGES = {
    "init.not-empty": (
        "{folder} finnes allerede og er ikke tom. Velg en ny mappe; hefte init skriver aldri over noe.",
        "{folder} already exists and is not empty. Choose a new folder; hefte init never overwrites anything.",
    ),
    "init.no-overrides": (
        "Fant ikke temaet og trykkmalene (overrides/) ved siden av hefte i {where}. Kjør hefte fra en klone av "
        "hefte-repoet (sh scripts/setup.sh).",
        "The theme and print templates (overrides/) were not found beside hefte in {where}. Run hefte from a clone "
        "of the hefte repository (sh scripts/setup.sh).",
    ),
    "init.bad-url": (
        "«{url}» er ikke en nettadresse. Skriv den som https://eksempel.no/.",
        "«{url}» is not a web address. Write it as https://example.no/.",
    ),
    "init.done": (
        "Nytt prosjekt i {folder}. Neste steg: `cd {folder}`, les sidene i docs/ og fyll inn det som mangler, "
        "legg skribentene inn i private/register.yml, lag den første teksten med `hefte new`, og kjør `hefte check` "
        "og `hefte build`.",
        "New project in {folder}. Next: `cd {folder}`, read the pages in docs/ and fill in what is missing, add "
        "the writers to private/register.yml, make the first text with `hefte new`, then run `hefte check` and "
        "`hefte build`.",
    ),
    "init.not-on-path": (
        "Kommandoen `hefte` ligger i {folder}, som terminalen ikke leter i: skriv `{activate}` i hver ny terminal, "
        "eller skriv hele stien, som `{exe} check`.",
        "The `hefte` command is in {folder}, where the terminal does not look: type `{activate}` in each new "
        "terminal, or type the whole path, as in `{exe} check`.",
    ),
    "init.example-address": (
        "Merk: {found} er eksempler som ikke virker, og står nå på nettsida, i PDF-ene og på sida om å trekke "
        "samtykke. Bytt dem med de ekte adressene før du publiserer: søk etter «example.no» i mkdocs.yml, docs/ og "
        "texts/.",
        "Note: {found} are examples that do not work, and now stand on the website, in the PDFs and on the page "
        "about withdrawing consent. Replace them with the real addresses before you publish: search for "
        "«example.no» in mkdocs.yml, docs/ and texts/.",
    ),
    "init.q.org": ("Hva heter organisasjonen eller kurset?", "What is the organisation or course called?"),
    "init.q.url": ("Hvilken adresse får nettsida?", "What is the site's web address?"),
    "init.q.email": ("Hvilken e-postadresse kan deltakerne skrive til om personvern?",
                     "Which e-mail address can participants write to about privacy?"),
    "init.q.lang": ("Språk i tekstene: nb (bokmål) eller nn (nynorsk)", "Language of the texts: nb (Bokmål) or nn (Nynorsk)"),
    "init.q.title": ("Hva heter den første publikasjonen?", "What is the first publication called?"),
    "init.q.kind": ("Hva slags publikasjon? 1 = hefte med tekster, 2 = rapport",
                    "What kind of publication? 1 = booklet of texts, 2 = report"),
}

PALETTE = [
    {"media": "(prefers-color-scheme)", "primary": "custom", "accent": "custom",
     "toggle": {"icon": "material/brightness-auto", "name": "Farger som på maskinen din. Bytt til lyse farger"}},
    {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "custom", "accent": "custom",
     "toggle": {"icon": "material/brightness-7", "name": "Lyse farger. Bytt til mørke farger"}},
    {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "custom", "accent": "custom",
     "toggle": {"icon": "material/brightness-4", "name": "Mørke farger. Bytt til farger som på maskinen din"}},
]
"""The site's colours (as the sample's mkdocs.yml): light, dark, or as the reader's system says, with a toggle."""

REPO_OVERRIDES = Path(__file__).resolve().parents[2] / "overrides"
"""The theme overrides, print templates and fonts of the hefte clone this package runs from."""
PAGES = {"index.md": "Forside", "personvern.md": "Personvern", "trekke-samtykke.md": "Trekke samtykke",
         "tilgjengelighet.md": "Tilgjengelighet"}
KINDS = {"1": "booklet", "2": "report"}
GITIGNORE = """\
# Det private registeret har ekte navn: aldri i git.
/private/
# Det `hefte build` lager på nytt fra kildene.
/site/
/print/
/offline/
/.hefte-staging*/
/.hefte-backup*/
# Sikkerhetskopier fra `hefte fix`.
*.bak
.venv/
__pycache__/
"""


EXAMPLE_DOMAIN = "example.no"
"""The defaults' domain: reserved, so a default left in place never reaches a real person's mailbox."""


@dataclass
class Answers:
    """What a new project needs to know; every field has a default, so `--no-input` just works."""

    org: str = "Skriveverkstedet"
    """Name of the organisation or course: the site's name, the publisher, the data controller."""
    url: str = f"https://skriveverkstedet.{EXAMPLE_DOMAIN}/"
    email: str | None = None
    """Contact for privacy and withdrawals; default personvern@ the site's host."""
    lang: str = "nb"
    title: str | None = None
    """First publication's title; default «Tekster fra <org> <year>»."""
    kind: str = "booklet"

    def filled(self) -> "Answers":
        year = date.today().year
        host = urlsplit(self.url).hostname
        if not host or urlsplit(self.url).scheme not in ("http", "https"):
            raise HefteError("init.bad-url", url=self.url)
        url = self.url if self.url.endswith("/") else self.url + "/"
        return Answers(org=self.org.strip() or Answers.org, url=url, email=self.email or f"personvern@{host}",
                       lang=self.lang, title=(self.title or "").strip() or f"Tekster fra {self.org.strip()} {year}",
                       kind=self.kind)


def example_addresses(answers: Answers) -> list[str]:
    """The site address and e-mail that are still the defaults' examples, to be replaced before publishing."""
    a = answers.filled()
    return [value for value in (a.url, a.email)
            if (urlsplit(value).hostname or value.rpartition("@")[2]).endswith(EXAMPLE_DOMAIN)]


def activate_command(bin_folder: Path) -> str:
    """What puts the venv's commands on PATH for this terminal, as the user types it on her system."""
    return str(bin_folder / "activate") if os.name == "nt" else f"source {bin_folder / 'activate'}"


def hefte_command() -> Path | None:
    """The `hefte` program of the venv this runs from, when a new terminal would not find it by name: the
    next steps (`hefte check` in the new folder) are then said with the path that works."""
    exe = Path(sys.executable).parent / ("hefte.exe" if os.name == "nt" else "hefte")
    if not exe.is_file() or shutil.which("hefte") is not None:
        return None
    return exe


def create_project(folder: Path, answers: Answers, *, overrides: Path = REPO_OVERRIDES) -> Path:
    """Write a new project into ``folder`` (new or empty) and return it."""
    folder = Path(folder)
    a = answers.filled()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise HefteError("init.not-empty", folder=str(folder))
    if not (overrides / "print" / "print.html").is_file():
        raise HefteError("init.no-overrides", where=str(overrides.parent))
    pub_id = slugify(a.title)[:60].strip("-") or "publikasjon"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(overrides, folder / "overrides")
    _write(folder / ".gitignore", GITIGNORE)
    _write(folder / "mkdocs.yml", mkdocs_yml(a))
    env = jinja2.Environment(loader=jinja2.PackageLoader("hefte", "templates/project"), autoescape=False,
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    # Markdown passes HTML through: a name with < or & is written as an entity, never as markup.
    values = {"org": html.escape(a.org), "title": html.escape(a.title), "email": html.escape(a.email),
              "host": html.escape(urlsplit(a.url).hostname or ""), "today": dates.long_date(date.today())}
    for name in PAGES:
        _write(folder / "docs" / name, env.get_template(name).render(values))
    _write(folder / "texts" / pub_id / "publication.yml", publication_yml(a))
    _write(folder / "private" / "register.yml",
           "# Det private registeret: id -> ekte navn og kontakt. Aldri i git (se .gitignore).\n"
           "# contributors:\n#   c-01:\n#     names: [Fullt Navn]\n#     contact: e-post eller telefon\n"
           "#     form: C-2026-01\n" + _dump({"contributors": {}, "deny": []}))
    # Real names and phone numbers go in here: readable by the editor only, as the studio keeps it (enrol.py).
    (folder / "private").chmod(0o700)
    (folder / "private" / "register.yml").chmod(0o600)
    return folder


def mkdocs_yml(a: Answers) -> str:
    config = {
        "site_name": a.org,
        # Material writes the description into an attribute unescaped: no user-given name goes there.
        "site_description": "Tekster fra skrivekurs, publisert med skribentenes samtykke.",
        "site_url": a.url,
        # Read first, before the theme loads (see mkdocs_plugin.QUIET).
        "extra": {"hefte_quiet": _PythonName("hefte.mkdocs_plugin.QUIET")},
        "docs_dir": "docs",
        "site_dir": "site",
        "use_directory_urls": True,
        "strict": True,
        "theme": {"name": "material", "custom_dir": "overrides", "language": "nb", "font": False,
                  "features": ["navigation.sections", "navigation.indexes", "navigation.footer",
                               "search.highlight", "content.tooltips"],
                  "palette": PALETTE},
        "extra_css": ["assets/hefte.css", "assets/hefte-publikasjon.css"],
        "plugins": [{"search": {"lang": ["no"]}}, "hefte"],
        "markdown_extensions": [{"toc": {"permalink": False}}, "attr_list", "tables", "footnotes"],
        "nav": [{title: name} for name, title in PAGES.items()],
    }
    return ("# Laget av `hefte init`. hefte legger inn én del per publikasjon etter forsiden.\n"
            + yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False))


def publication_yml(a: Answers) -> str:
    pub = {
        "title": a.title,
        "subtitle": None,
        "kind": a.kind,
        "lang": a.lang,
        "editors": [],
        "publisher": {"name": a.org, "address": None, "url": a.url.rstrip("/")},
        "place": None,
        "year": date.today().year,
        "licence": f"© Forfatterne {date.today().year}",
        "texts": [],
    }
    return ("# Publikasjonen. `texts:` er rekkefølgen: en tekst som ikke står her, blir aldri publisert.\n"
            "# Lag en tekst med `hefte new`, og før opp fila her. Alle feltene er forklart i README.\n"
            + _dump(pub))


class _PythonName(str):
    """A ``!!python/name:`` reference in mkdocs.yml, which MkDocs' YAML loader imports."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_PythonName, lambda dumper, value: dumper.represent_scalar(
    f"tag:yaml.org,2002:python/name:{value}", ""))


def _dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _write(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8", newline="\n")
