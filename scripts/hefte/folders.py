"""Where the outputs may go: checked when the configuration is loaded, before anything is built.

A build empties and replaces ``site_dir`` and ``print_dir`` (and ``offline_dir``, or removes it). Pointed at the wrong folder, that would delete
the texts (``print_dir = "texts"``), the hand-written pages, the register, or publish the print folder with
its manifest of form references as the website (``print_dir = "site"``). So each output folder must be

- not the project folder, and not a folder that holds it;
- not a source folder (texts, docs, overrides, the register's folder, .git), not inside one, not holding one;
- not the other output folder, not inside it and not holding it.

An output folder outside the project (a web server's folder, a share for the print shop) is allowed.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ConfigError

OUTPUTS = ("site_dir", "print_dir", "offline_dir")


def sources(config) -> dict[str, Path]:
    """The folders and files a build must never replace, by what they are (a key into MESSAGES' ``what``)."""
    found = {
        "texts": config.texts_path,
        "docs": config.path("docs_dir"),
        "overrides": config.overrides_path,
        "git": config.root / ".git",
        "mkdocs": config.path("mkdocs_config"),
        "pyproject": config.root / "pyproject.toml",
        "state": config.root / ".hefte",
    }
    register = config.register_path
    # private/register.yml: the whole private folder is the writers' (consent forms, proofs live there too)
    found["register"] = register.parent if register.parent != config.root else register
    return found


def check_output_folders(config, where: Path | None) -> None:
    """Raise ConfigError (naming the setting, the folder and what it would destroy) for a dangerous output."""
    root = config.root
    outputs = {key: config.path(key) for key in OUTPUTS}
    for key, out in outputs.items():
        value = getattr(config, key)
        if out == root or root.is_relative_to(out):
            raise ConfigError("folders.root", where, 0, key=key, value=value, default=_default(key))
        for what, source in sources(config).items():
            relation = ("folders.is-source" if out == source else
                        "folders.holds-source" if source.is_relative_to(out) else
                        "folders.in-source" if out.is_relative_to(source) else None)
            if relation:
                raise ConfigError(relation, where, 0, key=key, value=value, default=_default(key),
                                  what=_what(what, "nb"), what_en=_what(what, "en"), source=str(source))
    site, prints = outputs["site_dir"], outputs["print_dir"]
    if site == prints:
        raise ConfigError("folders.same", where, 0, site=config.site_dir, print=config.print_dir)
    if site.is_relative_to(prints) or prints.is_relative_to(site):
        inner, outer = ("site_dir", "print_dir") if site.is_relative_to(prints) else ("print_dir", "site_dir")
        raise ConfigError("folders.nested", where, 0, inner=inner, outer=outer, inner_value=getattr(config, inner),
                          outer_value=getattr(config, outer))
    offline = outputs["offline_dir"]
    for key in ("site_dir", "print_dir"):  # the offline copy (hefte build --offline) apart from both
        other = outputs[key]
        if offline == other:
            raise ConfigError("folders.same-offline", where, 0, key=key, value=config.offline_dir)
        if offline.is_relative_to(other) or other.is_relative_to(offline):
            inner, outer = ("offline_dir", key) if offline.is_relative_to(other) else (key, "offline_dir")
            raise ConfigError("folders.nested", where, 0, inner=inner, outer=outer,
                              inner_value=getattr(config, inner), outer_value=getattr(config, outer))


def _default(key: str) -> str:
    return {"site_dir": "site", "print_dir": "print", "offline_dir": "offline"}[key]


_WHAT = {
    "texts": ("tekstmappa", "the texts folder"),
    "docs": ("mappa med de håndskrevne sidene (docs)", "the folder of hand-written pages (docs)"),
    "overrides": ("mappa med maler, stil og skrifter (overrides)", "the folder of templates, styles and fonts (overrides)"),
    "git": ("git-historikken (.git)", "the git history (.git)"),
    "mkdocs": ("mkdocs.yml", "mkdocs.yml"),
    "pyproject": ("pyproject.toml", "pyproject.toml"),
    "state": ("mappa hefte holder byggingen i (.hefte)", "the folder hefte keeps its builds in (.hefte)"),
    "register": ("mappa med det private registeret", "the folder of the private register"),
}


def _what(key: str, lang: str) -> str:
    return _WHAT[key][1 if lang == "en" else 0]


_NEXT = ("hefte tømmer og erstatter {key} ved hver bygging. Ingenting er bygd eller slettet. Velg en egen mappe, "
         "for eksempel {key} = \"{default}\".",
         "hefte empties and replaces {key} on every build. Nothing was built or deleted. Choose a folder of its own, "
         "for example {key} = \"{default}\".")

MESSAGES: dict[str, tuple[str, str]] = {
    "folders.root": (
        "{key} = \"{value}\" er prosjektmappa (eller en mappe som inneholder den). " + _NEXT[0],
        "{key} = \"{value}\" is the project folder (or a folder holding it). " + _NEXT[1],
    ),
    "folders.is-source": (
        "{key} = \"{value}\" er {what} ({source}). " + _NEXT[0],
        "{key} = \"{value}\" is {what_en} ({source}). " + _NEXT[1],
    ),
    "folders.holds-source": (
        "{key} = \"{value}\" inneholder {what} ({source}). " + _NEXT[0],
        "{key} = \"{value}\" holds {what_en} ({source}). " + _NEXT[1],
    ),
    "folders.in-source": (
        "{key} = \"{value}\" ligger inni {what} ({source}). " + _NEXT[0],
        "{key} = \"{value}\" is inside {what_en} ({source}). " + _NEXT[1],
    ),
    "folders.same": (
        "site_dir og print_dir er samme mappe (\"{site}\"). Da ville PDF-ene og manifest.json (med skjemareferanser) "
        "blitt publisert som nettsida. Gi dem hver sin mappe, for eksempel site_dir = \"site\" og print_dir = \"print\".",
        "site_dir and print_dir are the same folder (\"{site}\"). The PDFs and manifest.json (with form references) "
        "would be published as the website. Give each its own folder, for example site_dir = \"site\" and "
        "print_dir = \"print\".",
    ),
    "folders.same-offline": (
        "offline_dir og {key} er samme mappe (\"{value}\"). Gi dem hver sin mappe, for eksempel offline_dir = "
        "\"offline\".",
        "offline_dir and {key} are the same folder (\"{value}\"). Give each its own folder, for example "
        "offline_dir = \"offline\".",
    ),
    "folders.nested": (
        "{inner} = \"{inner_value}\" ligger inni {outer} = \"{outer_value}\". Hver bygging erstatter begge, så den "
        "ene ville slettet eller publisert den andre. Gi dem hver sin mappe, for eksempel site_dir = \"site\" og "
        "print_dir = \"print\".",
        "{inner} = \"{inner_value}\" is inside {outer} = \"{outer_value}\". Every build replaces both, so one would "
        "delete or publish the other. Give each its own folder, for example site_dir = \"site\" and "
        "print_dir = \"print\".",
    ),
}
