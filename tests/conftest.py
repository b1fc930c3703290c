"""Shared test helpers: fixture projects written into tmp folders, and one real build of the sample.

Tests build real MkDocs sites and real PDFs; nothing here stubs a stage.
"""

from __future__ import annotations

import copy
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
TODAY = "2026-11-22"


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    # Embargo decisions depend on the date; tests build "as of" a fixed day.
    monkeypatch.setenv("HEFTE_TODAY", TODAY)


def participant(title: str = "Et eksempel", body: str | None = None, **changes) -> str:
    """A complete, publishable participant text; ``changes`` override keys (dotted: ``consent.web``).

    The default body names the title: two texts never share a run of words (check would take one held back
    from a medium for a copy of the other)."""
    if body is None:
        body = f"Dette er en tekst om {title.lower()}.\n" if isinstance(title, str) else "Dette er en tekst.\n"
    fm = {
        "title": title,
        "lang": "nb",
        "genre": "prose",
        "role": "participant",
        "contributor": "c-01",
        "byline": "first-name",
        "display_name": "Kari",
        "consent": {"web": True, "print": True, "given": date(2026, 3, 2), "form": "C-2026-01",
                    "publish_after": None, "withdrawn": None},
        "photos": [],
        "review": {"status": "approved", "by": "HD", "date": date(2026, 3, 10)},
    }
    for key, value in changes.items():
        target = fm
        parts = key.split(".")
        for part in parts[:-1]:
            target = target[part]
        if value is _DELETE:
            target.pop(parts[-1], None)
        else:
            target[parts[-1]] = value
    fm = {k: v for k, v in fm.items() if v is not _DELETE}
    return "---\n" + _dump(fm) + "---\n\n" + body


def editorial(title: str = "Innledning", body: str = "Velkommen.\n", **changes) -> str:
    fm = {"title": title, "lang": "nb", "genre": "prose", "role": "editorial", "contributor": None,
          "byline": "named", "display_name": "Hilde Redaktør", "photos": [],
          "review": {"status": "approved", "by": "HD", "date": date(2026, 3, 10)}}
    fm.update(changes)
    return "---\n" + _dump(fm) + "---\n\n" + body


_DELETE = object()
DELETE = _DELETE


def _dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def publication_yml(texts: list[str], **changes) -> str:
    pub = {"title": "Testheftet", "subtitle": "Tekster til prøve", "kind": "booklet", "lang": "nb",
           "editors": ["Hilde Redaktør"], "publisher": {"name": "Testverkstedet", "address": "Gata 1, 0001 Oslo",
                                                        "url": "https://test.example.no"},
           "place": "Oslo", "year": 2026, "series": {"name": "Prøver", "number": "1"},
           "isbn": {"print": None, "pdf": None}, "credits": {}, "licence": "© Forfatterne",
           "cover": {"image": None, "alt": None}, "trim": "A5", "roman_front_matter": False, "texts": texts}
    pub.update(changes)
    return yaml.safe_dump(pub, allow_unicode=True, sort_keys=False)


def make_project(root: Path, texts: dict[str, str], *, pub_id: str = "testhefte", order: list[str] | None = None,
                 register: dict | None = None, files: dict[str, bytes] | None = None, **pub_changes) -> Path:
    """Write a one-publication project (mkdocs.yml, docs/, texts/<pub_id>/) and return its root."""
    folder = root / "texts" / pub_id
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in texts.items():
        (folder / name).write_text(content, encoding="utf-8")
    (folder / "publication.yml").write_text(publication_yml(order or list(texts), **pub_changes), encoding="utf-8")
    for name, data in (files or {}).items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    if register is not None:
        (root / "private").mkdir(exist_ok=True)
        (root / "private" / "register.yml").write_text(yaml.safe_dump(register, allow_unicode=True), "utf-8")
    write_site_config(root)
    return root


def write_site_config(root: Path) -> None:
    """mkdocs.yml like the repo's, with the repo's theme overrides and a one-page docs folder."""
    docs = root / "docs"
    docs.mkdir(exist_ok=True)
    if not (docs / "index.md").exists():
        (docs / "index.md").write_text("# Forside\n\nTekster fra kurset.\n", encoding="utf-8")
    # MkDocs' own loader: mkdocs.yml names a Python object (mkdocs_plugin.QUIET), which SafeLoader refuses.
    config = yaml.load((REPO / "mkdocs.yml").read_text("utf-8"), Loader=yaml.Loader)
    config = copy.deepcopy(config)
    config["theme"]["custom_dir"] = str(REPO / "overrides")
    config["nav"] = [{"Forside": "index.md"}]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    if not (root / "overrides").exists():
        (root / "overrides").symlink_to(REPO / "overrides")


def copy_sample(dest: Path) -> Path:
    """A private copy of the bundled sample (texts, docs, overrides, mkdocs.yml) with the example register."""
    for name in ("texts", "docs", "overrides"):
        shutil.copytree(REPO / name, dest / name)
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy(REPO / name, dest / name)
    (dest / "private").mkdir()
    shutil.copy(REPO / "texts" / "register.example.yml", dest / "private" / "register.yml")
    return dest


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The bundled sample, built once per test session with the real pipeline (site + PDFs)."""
    import os

    os.environ["HEFTE_TODAY"] = TODAY
    from hefte.build import build
    from hefte.config import load_config

    root = copy_sample(tmp_path_factory.mktemp("sample"))
    result = build(load_config(root))
    return result


def descendants(pid: int) -> list[int]:
    """Every process under ``pid`` (a build's fork server and its PDF workers), read from /proc."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            found += children
            todo += children
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie may wait for a reaper that a container does not have)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1][0] not in "ZX"
    except (OSError, IndexError):
        return False
